"""Terraform type constraints (`type = ...` of a variable) and the conversion of a value to one.

A constraint is read from its expression (`object({ a = optional(number, 5) })`); a constraint this module
does not know reads as None and the value passes unchanged. Conversion is Terraform's: primitives convert
("false" -> false, 5 -> "5"), objects keep only their declared attributes and take their `optional()`
defaults, sets are deduplicated and ordered, `list(any)` / `map(any)` unify their elements' types.
A value that cannot be converted raises EvalError; an Unknown stays unknown.
"""

from __future__ import annotations

from typing import Any

from checker.hcl.ast import Expr, FunctionCall, Literal, ObjectExpr, TupleExpr, Variable
from checker.hcl.values import EvalError, to_bool, to_number, to_string, type_name, values_equal
from checker.model import Unknown
from checker.records import record

PRIMITIVES = frozenset({"string", "number", "bool"})


@record(slots=True)
class TypeSpec:
    """kind: string, number, bool, any, list, set, map, tuple, object."""

    kind: str
    element: TypeSpec | None = None  # list, set, map
    elements: tuple = ()  # tuple: TypeSpec per position
    attributes: tuple = ()  # object: (name, TypeSpec, optional, default expression or None)


def _element(spec: TypeSpec) -> TypeSpec:
    """A list's, set's or map's element type (parse_type always gives them one)."""
    if spec.element is None:
        raise EvalError(f"a {spec.kind} type without an element type")
    return spec.element


def parse_type(expr: Expr) -> TypeSpec | None:
    """The constraint an expression writes, or None when it is not one this module reads."""
    if isinstance(expr, Variable):
        return TypeSpec(expr.name) if expr.name in PRIMITIVES or expr.name == "any" else None
    if not isinstance(expr, FunctionCall):
        return None
    name, args = expr.name, expr.args
    if name in ("list", "set", "map") and len(args) == 1:
        element = parse_type(args[0])
        return TypeSpec(name, element) if element is not None else None
    if name == "tuple" and len(args) == 1 and isinstance(args[0], TupleExpr):
        elements = [parse_type(item) for item in args[0].items]
        return None if any(e is None for e in elements) else TypeSpec("tuple", elements=tuple(elements))
    if name == "object" and len(args) == 1 and isinstance(args[0], ObjectExpr):
        attributes = []
        for key_expr, value_expr in args[0].items:
            key = _attribute_name(key_expr)
            if key is None:
                return None
            optional, default = False, None
            if isinstance(value_expr, FunctionCall) and value_expr.name == "optional":
                if not 1 <= len(value_expr.args) <= 2:
                    return None
                optional = True
                default = value_expr.args[1] if len(value_expr.args) == 2 else None
                value_expr = value_expr.args[0]
            spec = parse_type(value_expr)
            if spec is None:
                return None
            attributes.append((key, spec, optional, default))
        return TypeSpec("object", attributes=tuple(attributes))
    return None


def _attribute_name(expr: Expr) -> str | None:
    if isinstance(expr, Literal) and isinstance(expr.value, str):
        return expr.value
    if isinstance(expr, Variable):
        return expr.name
    return None


def convert(value: Any, spec: TypeSpec, evaluate_default) -> Any:
    """value converted to spec; `evaluate_default(expr)` evaluates an optional() default."""
    if value is None or isinstance(value, Unknown):
        return value
    kind = spec.kind
    if kind == "string":
        if isinstance(value, str):
            return value
        if isinstance(value, bool | int | float):
            return to_string(value)
        raise EvalError(f"a string is required, not {type_name(value)}")
    if kind == "number":
        return to_number(value)
    if kind == "bool":
        return to_bool(value)
    if kind == "any":
        return value
    if kind in ("list", "set", "tuple"):
        if not isinstance(value, list):
            raise EvalError(f"a {kind} is required, not {type_name(value)}")
        if kind == "tuple":
            if len(value) != len(spec.elements):
                raise EvalError(f"a tuple of {len(spec.elements)} elements is required, not {len(value)}")
            return [convert(item, s, evaluate_default) for item, s in zip(value, spec.elements, strict=True)]
        element = _element(spec)
        items = [convert(item, element, evaluate_default) for item in value]
        if element.kind == "any":
            items = unify(items)
        return set_order(items) if kind == "set" else items
    if kind == "map":
        if not isinstance(value, dict):
            raise EvalError(f"a map is required, not {type_name(value)}")
        element = _element(spec)
        converted = {key: convert(item, element, evaluate_default) for key, item in value.items()}
        if element.kind == "any":
            converted = dict(zip(converted, unify(list(converted.values())), strict=True))
        return converted
    if kind == "object":
        if not isinstance(value, dict):
            raise EvalError(f"an object is required, not {type_name(value)}")
        result: dict[str, Any] = {}
        for name, attribute, optional, default in spec.attributes:
            item = value.get(name)
            if item is None and optional and default is not None:
                item = evaluate_default(default)
            elif name not in value and not optional:
                raise EvalError(f"attribute {name!r} is required")
            result[name] = convert(item, attribute, evaluate_default)
        return result
    return value


def unify(items: list) -> list:
    """Elements of `list(any)` / `map(any)`: one primitive type for all (string wins), as Terraform's
    unification does; elements that are collections are left as they are."""
    known = [i for i in items if i is not None and not isinstance(i, Unknown)]
    if not known or any(isinstance(i, list | dict) for i in known):
        return items
    kinds = {type_name(i) for i in known}
    if len(kinds) == 1:
        return items
    if "string" not in kinds:
        raise EvalError(f"the elements have no common type ({', '.join(sorted(kinds))})")
    return [i if i is None or isinstance(i, Unknown) else to_string(i) for i in items]


def set_order(items: list) -> Any:
    """A set's elements, deduplicated, in Terraform's order where it is known (strings, numbers, bools)."""
    unique: list = []
    for item in items:
        if isinstance(item, Unknown):
            return item  # where an unknown element lands in the order is unknown
        if not any(values_equal(item, seen) for seen in unique):
            unique.append(item)
    if all(isinstance(i, str) for i in unique):
        return sorted(unique)
    if all(isinstance(i, bool) for i in unique):
        return sorted(unique)  # false, true
    if all(isinstance(i, int | float) and not isinstance(i, bool) for i in unique):
        return sorted(unique)
    return unique
