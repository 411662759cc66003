"""Static evaluation of HCL expressions to plain Python values, with provenance.

Values are str, int, float, bool, None, list (a set: SetValue), dict or checker.model.Unknown. Nothing is guessed:
whatever depends on an unknown is unknown, except where the known part decides the result
(a conditional with a known condition, `false && x`, length() of a list with unknown elements).
"""

from __future__ import annotations

import contextlib
import math
import operator
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from checker.hcl.ast import (
    BinaryOp,
    Conditional,
    Expr,
    ForExpr,
    FunctionCall,
    GetAttr,
    Index,
    Invalid,
    Literal,
    ObjectExpr,
    Paren,
    Splat,
    TemplateExpr,
    TemplateFor,
    TemplateIf,
    Traversal,
    TupleExpr,
    UnaryOp,
    Variable,
)
from checker.hcl.functions import call_function
from checker.hcl.types import set_order, unify_deep
from checker.hcl.values import (
    EvalError,
    SetValue,
    find_unknown,
    nfc,
    normalize_number,
    to_bool,
    to_number,
    to_string,
    type_name,
    values_equal,
)
from checker.model import Unknown
from checker.records import record

VOLATILE_FUNCTIONS = frozenset({"timestamp", "plantimestamp", "uuid", "bcrypt"})  # new value on every run


@record(slots=True)
class Resolution:
    """What a scope found for a name: the value, how many traversal keys it used, and the evidence."""

    value: Any
    consumed: int = 0  # keys of the traversal (after the root name) already applied by the scope
    trace: tuple[str, ...] = ()  # chain of evidence behind the value
    refs: tuple[str, ...] = ()  # graph node ids the reference points at
    # attributes missing below this value are unknown (set by the provider at apply), not errors;
    # a string names the object for the Unknown's reason
    lenient: bool | str = False


_ARITHMETIC = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}


def arithmetic(op: str, a: int | float, b: int | float) -> int | float:
    """Terraform computes with 512-bit floats and shows the result as the nearest float64: 0.3 - 0.1 is 0.2,
    not float64's 0.19999999999999998. Computed exactly on the decimals the operands are written as, then
    rounded once, it comes out the same; whole numbers stay exact integers."""
    apply = _ARITHMETIC[op]
    if isinstance(a, int) and isinstance(b, int) and op != "/":
        return apply(a, b)
    if not (math.isfinite(a) and math.isfinite(b)):
        return normalize_number(apply(a, b))
    return normalize_number(float(apply(Fraction(repr(a)), Fraction(repr(b)))))


class Scope:
    """The names an expression can use. Subclasses resolve Terraform's var., local., module., ..."""

    def resolve(self, name: str, keys: tuple, line: int) -> Resolution | None:
        """`keys` are the evaluated attribute names / index keys that follow the name, up to any splat."""
        return None

    def call(self, name: str, args: list[Any]) -> Any:
        """Functions that depend on where the configuration lives (file, templatefile): NotImplemented here."""
        return NotImplemented


class DictScope(Scope):
    """Names bound to fixed values (tests, tfvars, for-expression variables)."""

    def __init__(self, values: dict[str, Any] | None = None) -> None:
        self.values = values or {}

    def resolve(self, name: str, keys: tuple, line: int) -> Resolution | None:
        if name in self.values:
            return Resolution(self.values[name])
        return None


@record(slots=True)
class Evaluation:
    """An expression's value with the evidence behind it and the names it referred to."""

    value: Any
    trace: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()  # why parts of the expression are invalid (the value is then Unknown)


def evaluate(expr: Expr, scope: Scope | None = None) -> Any:
    return evaluate_traced(expr, scope).value


def evaluate_traced(expr: Expr, scope: Scope | None = None, bindings: dict[str, Any] | None = None) -> Evaluation:
    """Evaluate with provenance; never raises. `bindings` are extra local names (each, count...)."""
    if type(expr) is Literal:
        return Evaluation(nfc(expr.value))
    evaluator = _Evaluator(scope or Scope(), bindings)
    try:
        value = evaluator.eval(expr)
    except EvalError as exc:
        evaluator.errors.append(f"line {expr.line}: {exc}")
        value = Unknown(f"invalid expression: {exc}")
    except RecursionError:
        evaluator.errors.append(f"line {expr.line}: expression too deeply nested to evaluate")
        value = Unknown("expression too deeply nested to evaluate")
    return Evaluation(
        value,
        tuple(dict.fromkeys(evaluator.trace)),
        tuple(dict.fromkeys(evaluator.refs)),
        tuple(evaluator.errors),
    )


def _to_key(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return to_string(value)
    raise EvalError(f"object keys must be strings, not {type_name(value)}")


class _Evaluator:
    def __init__(self, scope: Scope, bindings: dict[str, Any] | None) -> None:
        self.scope = scope
        self.frames: list[dict[str, Any]] = [bindings] if bindings else []
        self.trace: list[str] = []
        self.refs: list[str] = []
        self.errors: list[str] = []

    def eval(self, expr: Expr) -> Any:
        return _DISPATCH[type(expr)](self, expr)

    def shadow(self, expr: Expr) -> Any:
        """Evaluate only to learn references (an untaken branch): no trace, errors ignored (its value
        is Unknown then)."""
        trace_length, errors_length = len(self.trace), len(self.errors)
        value: Any = Unknown("not evaluated")
        with contextlib.suppress(EvalError):
            value = self.eval(expr)
        del self.trace[trace_length:]
        del self.errors[errors_length:]
        return value

    # -- leaves ----------------------------------------------------------------------------------

    def literal(self, expr: Literal) -> Any:
        return nfc(expr.value)

    def invalid(self, expr: Invalid) -> Any:
        return Unknown(f"invalid syntax: {expr.message}")

    def paren(self, expr: Paren) -> Any:
        return self.eval(expr.expr)

    def lookup_local(self, name: str) -> tuple[bool, Any]:
        for frame in reversed(self.frames):
            if name in frame:
                return True, frame[name]
        return False, None

    def resolve(self, name: str, keys: tuple, line: int) -> tuple[Any, int, bool | str]:
        if self.frames:
            found, value = self.lookup_local(name)
            if found:
                return value, 0, False
        resolution = self.scope.resolve(name, keys, line)
        if resolution is None:
            raise EvalError(f"unknown name {name!r}")
        self.trace.extend(resolution.trace)
        self.refs.extend(resolution.refs)
        return resolution.value, resolution.consumed, resolution.lenient

    def variable(self, expr: Variable) -> Any:
        return self.resolve(expr.name, (), expr.line)[0]

    # -- traversals ------------------------------------------------------------------------------

    def traversal(self, expr: Traversal) -> Any:
        steps = expr.steps
        keys: list[Any] = []
        for step in steps:
            kind = type(step)
            if kind is GetAttr:
                keys.append(step.name)
            elif kind is Index:
                keys.append(self.eval(step.key))
            else:
                break
        if isinstance(expr.source, Variable):
            value, consumed, lenient = self.resolve(expr.source.name, tuple(keys), expr.line)
        else:
            value, consumed, lenient = self.eval(expr.source), 0, False
        for position in range(consumed, len(steps)):
            step = steps[position]
            if isinstance(value, Unknown):
                return value
            if isinstance(step, Splat):
                return self.splat(value, step, steps[position + 1 :], lenient)
            key = keys[position] if position < len(keys) else self.eval(step.key)
            value = self.step(value, key, isinstance(step, GetAttr), lenient)
        return value

    def step(self, value: Any, key: Any, is_attr: bool, lenient: bool | str) -> Any:
        if isinstance(value, Unknown):
            return value
        if isinstance(key, Unknown):
            return key
        if isinstance(value, dict):
            name = _to_key(key)
            if name in value:
                return value[name]
            if lenient:
                owner = f"{lenient}." if isinstance(lenient, str) else ""
                return Unknown(f"{owner}{name} is not set in the configuration (known after apply)")
            raise EvalError(f"object has no attribute or key {name!r}")
        if isinstance(value, SetValue):
            raise EvalError("elements of a set are identified only by their value: a set cannot be indexed")
        if isinstance(value, list):
            if is_attr:
                raise EvalError(f"cannot read attribute {key!r} of a list; use an index or [*]")
            index = to_number(key)
            if isinstance(index, float) or index < 0 or index >= len(value):
                if lenient:
                    return Unknown(f"index {key} is not set in the configuration (known after apply)")
                raise EvalError(f"index {key} is out of range for a list of {len(value)}")
            return value[index]
        if value is None:
            raise EvalError(f"cannot read {key!r} of a null value")
        raise EvalError(f"cannot read {key!r} of a {type_name(value)}")

    def splat(self, value: Any, splat: Splat, rest: tuple, lenient: bool | str) -> Any:
        if value is None:
            items: list = []
        elif isinstance(value, list):
            items = value
        else:
            items = [value]
        results = []
        for item in items:
            current = item
            for step in splat.steps:
                if isinstance(step, Splat):
                    current = self.splat(current, step, (), lenient)
                else:
                    key = step.name if isinstance(step, GetAttr) else self.eval(step.key)
                    current = self.step(current, key, isinstance(step, GetAttr), lenient)
            results.append(current)
        result: Any = results
        for step in rest:
            if isinstance(result, Unknown):
                return result
            if isinstance(step, Splat):
                result = self.splat(result, step, (), lenient)
            else:
                key = step.name if isinstance(step, GetAttr) else self.eval(step.key)
                result = self.step(result, key, isinstance(step, GetAttr), lenient)
        return result

    # -- compound --------------------------------------------------------------------------------

    def template(self, expr: TemplateExpr) -> Any:
        parts = expr.parts
        if len(parts) == 1 and isinstance(parts[0], Expr):
            return self.eval(parts[0])  # "${x}" keeps x's type
        return self.render(parts)

    def render(self, parts: tuple) -> Any:
        out: list[str] = []
        unknown: Unknown | None = None
        known: list[str] = []  # once a part is unknown: the known text around the unknown parts
        for part in parts:
            if isinstance(part, str):
                out.append(part)
                continue
            if isinstance(part, TemplateIf):
                value = self.template_if(part)
            elif isinstance(part, TemplateFor):
                value = self.template_for(part)
            else:
                value = self.eval(part)
            if isinstance(value, Unknown):
                unknown = unknown or value
                known += ["".join(out), *value.known]
                out = []
                continue
            out.append(to_string(value))
        if unknown is None:
            return nfc("".join(out))
        fragments = tuple(text for text in (*known, "".join(out)) if text)
        return Unknown(unknown.reason, fragments) if fragments else unknown

    def template_if(self, part: TemplateIf) -> Any:
        condition = self.eval(part.condition)
        if isinstance(condition, Unknown):
            return condition
        return self.render(part.then_parts if to_bool(condition) else part.else_parts)

    def template_for(self, part: TemplateFor) -> Any:
        collection = self.eval(part.collection)
        if isinstance(collection, Unknown):
            return collection
        out: list[str] = []
        for key, value in self.iterate(collection):
            frame = {part.value_var: value}
            if part.key_var:
                frame[part.key_var] = key
            self.frames.append(frame)
            try:
                rendered = self.render(part.parts)
            finally:
                self.frames.pop()
            if isinstance(rendered, Unknown):
                return rendered
            out.append(rendered)
        return "".join(out)

    def iterate(self, collection: Any) -> list[tuple[Any, Any]]:
        if isinstance(collection, SetValue):
            return [(item, item) for item in collection]  # a set's element is its own key
        if isinstance(collection, list):
            return list(enumerate(collection))
        if isinstance(collection, dict):
            return [(key, collection[key]) for key in sorted(collection)]
        raise EvalError(f"cannot iterate over a {type_name(collection)}")

    def tuple_expr(self, expr: TupleExpr) -> Any:
        return [self.eval(item) for item in expr.items]

    def object_expr(self, expr: ObjectExpr) -> Any:
        result: dict[str, Any] = {}
        unknown: Unknown | None = None
        for key_expr, value_expr in expr.items:
            key = self.eval(key_expr)
            value = self.eval(value_expr)
            if isinstance(key, Unknown):
                unknown = unknown or key
                continue
            result[_to_key(key)] = value
        return unknown if unknown is not None else result

    def conditional(self, expr: Conditional) -> Any:
        condition = self.eval(expr.condition)
        if isinstance(condition, Unknown):
            then_value = self.eval(expr.then_expr)
            else_value = self.eval(expr.else_expr)
            if find_unknown(then_value) is None and values_equal(then_value, else_value):
                return then_value
            return condition
        if to_bool(condition):
            value = self.eval(expr.then_expr)
            other = self.shadow(expr.else_expr)
        else:
            other = self.shadow(expr.then_expr)
            value = self.eval(expr.else_expr)
        return _unify_branches(value, other)

    def function_call(self, expr: FunctionCall) -> Any:
        if expr.name in ("try", "can"):
            return self.try_or_can(expr)
        if expr.name in VOLATILE_FUNCTIONS:
            self.trace.append(f"{expr.name}()")  # evidence: the value changes on every apply
        args = [self.eval(arg) for arg in expr.args]
        if expr.expand_final and args:
            last = args.pop()
            if isinstance(last, Unknown):
                return last
            if not isinstance(last, list):
                raise EvalError(f"{expr.name}(...): the expanded argument must be a list")
            args.extend(last)
        result = self.scope.call(expr.name, args)
        if result is not NotImplemented:
            return nfc(result)
        return nfc(call_function(expr.name, args))

    def try_or_can(self, expr: FunctionCall) -> Any:
        for arg in expr.args:
            errors_length = len(self.errors)
            try:
                value = self.eval(arg)
            except EvalError:
                del self.errors[errors_length:]
                if expr.name == "can":
                    return False
                continue
            if expr.name == "can":
                return value if isinstance(value, Unknown) else True
            return value
        if expr.name == "can":
            raise EvalError("can() takes exactly one argument")
        raise EvalError("try(): no argument could be evaluated without an error")

    def unary(self, expr: UnaryOp) -> Any:
        value = self.eval(expr.operand)
        if isinstance(value, Unknown):
            return value
        if expr.op == "!":
            return not to_bool(value)
        return normalize_number(-to_number(value))

    def binary(self, expr: BinaryOp) -> Any:
        op = expr.op
        left = self.eval(expr.left)
        right = self.eval(expr.right)
        if op in ("&&", "||"):
            return self.logic(op, left, right)
        if op in ("==", "!="):
            unknown = find_unknown(left) or find_unknown(right)
            if unknown is not None:
                return unknown
            if isinstance(left, SetValue) or isinstance(right, SetValue):
                set_equal = _sets_equal(left, right)
                if set_equal is None:
                    return Unknown("a comparison of a set with a value notescheck cannot tell is a set or not")
                return set_equal if op == "==" else not set_equal
            equal = values_equal(left, right)
            if equal and isinstance(left, list | dict):
                # equal elements, but a list is not a tuple nor a map an object (var.list == [] is false
                # in Terraform) and notescheck does not track which one a value is
                return Unknown("a comparison of collections whose types notescheck does not track")
            return equal if op == "==" else not equal
        if isinstance(left, Unknown):
            return left
        if isinstance(right, Unknown):
            return right
        a, b = to_number(left), to_number(right)
        if op in _ARITHMETIC:
            if op == "/" and b == 0:
                raise EvalError("division by zero")
            return arithmetic(op, a, b)
        if op == "%":
            if b == 0:
                raise EvalError("division by zero")
            return (
                normalize_number(math.fmod(a, b))
                if isinstance(a, float) or isinstance(b, float)
                else (int(math.copysign(abs(a) % abs(b), a)))
            )
        if op == ">":
            return a > b
        if op == ">=":
            return a >= b
        if op == "<":
            return a < b
        if op == "<=":
            return a <= b
        raise EvalError(f"unsupported operator {op}")

    @staticmethod
    def logic(op: str, left: Any, right: Any) -> Any:
        decisive = op == "||"  # the value that decides the result on its own
        known = [to_bool(v) for v in (left, right) if not isinstance(v, Unknown)]
        if decisive in known:
            return decisive
        if len(known) < 2:
            return left if isinstance(left, Unknown) else right
        return not decisive

    def for_expr(self, expr: ForExpr) -> Any:
        collection = self.eval(expr.collection)
        if isinstance(collection, Unknown):
            return collection
        if collection is None:
            raise EvalError("cannot iterate over a null value")
        is_object = expr.key_expr is not None
        result_list: list = []
        result_dict: dict[str, Any] = {}
        unknown: Unknown | None = None
        for key, value in self.iterate(collection):
            frame = {expr.value_var: value}
            if expr.key_var:
                frame[expr.key_var] = key
            self.frames.append(frame)
            try:
                if expr.condition is not None:
                    keep = self.eval(expr.condition)
                    if isinstance(keep, Unknown):
                        unknown = unknown or keep
                        continue
                    if not to_bool(keep):
                        continue
                if expr.key_expr is None:  # not is_object
                    result_list.append(self.eval(expr.value_expr))
                    continue
                out_key = self.eval(expr.key_expr)
                out_value = self.eval(expr.value_expr)
            finally:
                self.frames.pop()
            if isinstance(out_key, Unknown):
                unknown = unknown or out_key
                continue
            name = _to_key(out_key)
            if expr.grouping:
                result_dict.setdefault(name, []).append(out_value)
            elif name in result_dict:
                raise EvalError(f"duplicate key {name!r} in for expression (use ... to group)")
            else:
                result_dict[name] = out_value
        if unknown is not None:
            return unknown
        return result_dict if is_object else result_list


_DISPATCH: dict[type, Callable[[_Evaluator, Any], Any]] = {
    Literal: _Evaluator.literal,
    Invalid: _Evaluator.invalid,
    Paren: _Evaluator.paren,
    Variable: _Evaluator.variable,
    Traversal: _Evaluator.traversal,
    TemplateExpr: _Evaluator.template,
    TupleExpr: _Evaluator.tuple_expr,
    ObjectExpr: _Evaluator.object_expr,
    Conditional: _Evaluator.conditional,
    FunctionCall: _Evaluator.function_call,
    UnaryOp: _Evaluator.unary,
    BinaryOp: _Evaluator.binary,
    ForExpr: _Evaluator.for_expr,
}


def _sets_equal(left: Any, right: Any) -> bool | None:
    """`==` where one side is a set: false unless both hold the same elements; true when both are sets of
    the same primitive elements (their element types are then known); None (unknown) otherwise: a set
    equals no list or tuple, but a list here may stand for a set notescheck does not know to be one, and
    sets of objects may be sets of maps."""
    if not (isinstance(left, list) and isinstance(right, list)) or not values_equal(list(left), list(right)):
        return False
    primitive = all(isinstance(item, str | bool | int | float) for item in left)
    if isinstance(left, SetValue) and isinstance(right, SetValue) and left and primitive:
        return True
    return None


def _unify_branches(value: Any, other: Any) -> Any:
    """A conditional's result takes the type both branches convert to: a string when one branch is a
    string and the other a number or bool (true ? 1 : "a" is "1")."""
    if isinstance(value, bool | int | float) and isinstance(other, str):
        return to_string(value)
    if isinstance(other, SetValue) and isinstance(value, list) and not isinstance(value, SetValue):
        return set_order(unify_deep(value))  # a set and a tuple take the set's type: `c ? toset(x) : ["b", "a"]`
    return value


def traversal_roots(expr: Expr) -> list[tuple[str, tuple[str, ...], int]]:
    """Every scope reference in an expression as (root name, leading attribute names, line), statically."""
    found: list[tuple[str, tuple[str, ...], int]] = []
    stack: list[Any] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Traversal):
            if isinstance(node.source, Variable):
                names = []
                for step in node.steps:
                    if not isinstance(step, GetAttr):
                        break
                    names.append(step.name)
                found.append((node.source.name, tuple(names), node.line))
            else:
                stack.append(node.source)
            for step in node.steps:
                stack.extend(_step_children(step))
        elif isinstance(node, Variable):
            found.append((node.name, (), node.line))
        elif isinstance(node, Expr | TemplateIf | TemplateFor):
            stack.extend(_children(node))
    return found


def _step_children(step: Any) -> list:
    if isinstance(step, Index):
        return [step.key]
    if isinstance(step, Splat):
        return [c for s in step.steps for c in _step_children(s)]
    return []


def _children(node: Any) -> list:
    if isinstance(node, TemplateExpr):
        return [p for p in node.parts if not isinstance(p, str)]
    if isinstance(node, TemplateIf):
        return [node.condition, *[p for p in node.then_parts + node.else_parts if not isinstance(p, str)]]
    if isinstance(node, TemplateFor):
        return [node.collection, *[p for p in node.parts if not isinstance(p, str)]]
    if isinstance(node, TupleExpr):
        return list(node.items)
    if isinstance(node, ObjectExpr):
        return [e for pair in node.items for e in pair]
    if isinstance(node, FunctionCall):
        return list(node.args)
    if isinstance(node, Conditional):
        return [node.condition, node.then_expr, node.else_expr]
    if isinstance(node, BinaryOp):
        return [node.left, node.right]
    if isinstance(node, UnaryOp):
        return [node.operand]
    if isinstance(node, Paren):
        return [node.expr]
    if isinstance(node, ForExpr):
        return [e for e in (node.collection, node.key_expr, node.value_expr, node.condition) if e is not None]
    return []
