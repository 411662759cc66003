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
from checker.hcl.values import (
    EvalError,
    SetValue,
    find_unknown,
    to_bool,
    to_number,
    to_string,
    type_name,
    values_equal,
)
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
            items = unify_deep(items)
        return set_order(items) if kind == "set" else items
    if kind == "map":
        if not isinstance(value, dict):
            raise EvalError(f"a map is required, not {type_name(value)}")
        element = _element(spec)
        converted = {key: convert(item, element, evaluate_default) for key, item in value.items()}
        if element.kind == "any":
            converted = dict(zip(converted, unify_deep(list(converted.values())), strict=True))
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


def unify_deep(items: list) -> list:
    """Elements of one collection (toset, tolist, tomap, `list(any)`...) converted to one type, as cty's
    unification does, into collections too: objects with the same attributes unify attribute by attribute,
    objects with different ones become maps (every value of one type), lists of one length unify position by
    position, of different lengths element by element; primitives as unify(). Values of different kinds (a
    string and an object) are left as they are (Terraform refuses them)."""
    known = [i for i in items if i is not None and not isinstance(i, Unknown)]
    if known and all(isinstance(i, dict) for i in known):
        names = sorted(known[0])
        if all(sorted(d) == names for d in known):
            columns = {name: iter(unify_deep([d[name] for d in known])) for name in names}
            converted: list = [{name: next(columns[name]) for name in d} for d in known]
        else:
            cells = iter(unify_deep([value for d in known for value in d.values()]))
            converted = [{name: next(cells) for name in d} for d in known]
    elif known and all(isinstance(i, list) for i in known):
        if len({len(v) for v in known}) == 1:
            positions = [iter(unify_deep([v[p] for v in known])) for p in range(len(known[0]))]
            converted = [[next(position) for position in positions] for _ in known]
        else:
            elements = iter(unify_deep([item for v in known for item in v]))
            converted = [[next(elements) for _ in v] for v in known]
        converted = [
            SetValue(new) if isinstance(old, SetValue) else new for old, new in zip(known, converted, strict=True)
        ]
    else:
        return unify(items)
    rest = iter(converted)
    return [i if i is None or isinstance(i, Unknown) else next(rest) for i in items]


def set_order(items: list) -> Any:
    """A set of items: deduplicated, in Terraform's order (a SetValue), or an Unknown where that order is not
    known to notescheck.

    cty orders a set's elements as set_internals.go's Less does: known before unknown, non-null before null;
    strings by their bytes, numbers by value, false before true; any other element type (objects, maps,
    lists, tuples, sets) by comparing the bytes of cty's own serialization of each element (the one its set
    hash is taken from). That serialization is reproduced here where the element type can be told from the
    values (see _column_keys); where it cannot, or two distinct elements serialize alike, the order is
    unknown: never a guessed order."""
    if len(items) == 1 and not isinstance(items[0], Unknown):
        return SetValue(items)  # one element, however much of it is unknown, has one order
    unique: list = []
    for item in items:
        unknown = find_unknown(item)
        if unknown is not None:
            return unknown  # whether it equals another element, and where it lands in the order, is unknown
        if not any(values_equal(item, seen) for seen in unique):
            unique.append(item)
    known = [i for i in unique if i is not None]
    nulls = [None] * (len(unique) - len(known))
    if all(isinstance(i, str) for i in known):
        return SetValue(sorted(known) + nulls)
    if all(isinstance(i, bool) for i in known):
        return SetValue(sorted(known) + nulls)  # false, true
    if all(isinstance(i, int | float) and not isinstance(i, bool) for i in known):
        return SetValue(sorted(known) + nulls)
    keys = _column_keys(known)
    if keys is None or len(set(keys)) != len(keys):
        return Unknown("the order Terraform gives this set's elements is not known to notescheck")
    return SetValue([item for _, item in sorted(zip(keys, known, strict=True), key=lambda pair: pair[0])] + nulls)


def _go_quote(text: str) -> bytes:
    """Go's %q of a string (strconv.Quote), as bytes: how cty serializes a string inside a set element."""
    out = ['"']
    for char in text:
        escaped = _QUOTE_ESCAPES.get(char)
        if escaped is not None:
            out.append(escaped)
        elif char.isprintable():
            out.append(char)
        elif ord(char) < 0x80:
            out.append(f"\\x{ord(char):02x}")
        elif ord(char) < 0x10000:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(f"\\U{ord(char):08x}")
    out.append('"')
    return "".join(out).encode()


_QUOTE_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}


def _number_bytes(number: int | float) -> bytes | None:
    """big.Float's String() (Text('g', 10)) of a number, or None when it has more than 10 significant
    digits (then Go's rounding of its 512-bit value is not reproduced here)."""
    text = format(number, ".10g")
    digits = repr(number).lower().split("e")[0].lstrip("-").replace(".", "").strip("0")
    if len(digits) > 10:
        return None
    return text.encode()


def _column_keys(column: list) -> list[bytes] | None:
    """cty's set-hash serialization of each value of a column: values that have one cty type (a set's
    elements, one attribute of each, a list's elements), or None when that type cannot be told from the
    values. A dict is an object or a map (the same order when the keys are the same; with different keys
    only a map can hold them all), a list a list or a tuple (the same order when the lengths are the same;
    with different lengths only a list)."""
    known = [v for v in column if v is not None]
    encoded: list[bytes] | None
    if all(isinstance(v, str) for v in known):
        encoded = [_go_quote(v) for v in known]
    elif all(isinstance(v, bool) for v in known):
        encoded = [b"T" if v else b"F" for v in known]
    elif all(isinstance(v, int | float) and not isinstance(v, bool) for v in known):
        numbers = [_number_bytes(v) for v in known]
        encoded = None if None in numbers else [n for n in numbers if n is not None]
    elif all(isinstance(v, dict) for v in known):
        encoded = _dict_keys(known)
    elif all(isinstance(v, list) for v in known):
        encoded = _list_keys(known)
    else:
        return None
    if encoded is None:
        return None
    rest = iter(encoded)
    return [b"~" if v is None else next(rest) for v in column]


def _rows(columns: list[list[bytes] | None], count: int, opening: bytes, closing: bytes) -> list[bytes] | None:
    """One serialization per row from its cells, column by column (each cell followed by ";")."""
    if any(column is None for column in columns):
        return None
    return [
        opening + b"".join(column[row] + b";" for column in columns if column is not None) + closing
        for row in range(count)
    ]


def _dict_keys(dicts: list[dict]) -> list[bytes] | None:
    names = sorted(dicts[0]) if dicts else []
    if all(sorted(d) == names for d in dicts):  # an object type (or maps with the same keys)
        return _rows([_column_keys([d[name] for d in dicts]) for name in names], len(dicts), b"<", b">")
    # a map type: every value of every map has the map's one element type
    cells = [(row, name) for row, d in enumerate(dicts) for name in sorted(d)]
    values = _column_keys([dicts[row][name] for row, name in cells])
    if values is None:
        return None
    parts: list[list[bytes]] = [[] for _ in dicts]
    for (row, name), value in zip(cells, values, strict=True):
        parts[row].append(_go_quote(name) + b":" + value + b";")
    return [b"{" + b"".join(part) + b"}" for part in parts]


def _list_keys(lists: list[list]) -> list[bytes] | None:
    lengths = {len(v) for v in lists}
    if len(lengths) <= 1:  # a tuple type (or lists of one length): one type per position
        size = lengths.pop() if lengths else 0
        return _rows([_column_keys([v[position] for v in lists]) for position in range(size)], len(lists), b"[", b"]")
    # a list type: every element of every list has the list's one element type
    cells = [(row, position) for row, v in enumerate(lists) for position in range(len(v))]
    values = _column_keys([lists[row][position] for row, position in cells])
    if values is None:
        return None
    parts: list[list[bytes]] = [[] for _ in lists]
    for (row, _), value in zip(cells, values, strict=True):
        parts[row].append(value + b";")
    return [b"[" + b"".join(part) + b"]" for part in parts]
