"""Helpers on evaluated HCL values: plain Python data plus checker.model.Unknown."""

from __future__ import annotations

import math
import unicodedata
from typing import Any

from checker.model import Unknown


class EvalError(Exception):
    """An expression that Terraform itself would reject (wrong type, missing key, bad call)."""


class SetValue(list):
    """A Terraform set: its elements, deduplicated, in the order Terraform iterates them (cty's order).

    A list to everything that only reads elements (length, contains, jsonencode, an output's value); the
    evaluator treats it as a set where Terraform does: `for k, v in` a set binds the element to both, a set
    cannot be indexed, and it equals only another set. Made by checker.hcl.types.set_order, which gives an
    Unknown instead where the order is not known."""

    __slots__ = ()


def find_unknown(value: Any) -> Unknown | None:
    """The first Unknown anywhere inside value, searched without recursion."""
    stack = [value]
    while stack:
        current = stack.pop()
        if isinstance(current, Unknown):
            return current
        if isinstance(current, dict):
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)
    return None


def normalize_number(value: int | float) -> int | float:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def to_number(value: Any) -> int | float:
    if isinstance(value, bool) or value is None:
        raise EvalError(f"a number is required, not {type_name(value)}")
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if text.lower().startswith(("0x", "-0x")):
                raise ValueError(text)
            number = float(text) if any(c in text for c in ".eE") else int(text)
        except ValueError:
            raise EvalError(f"cannot convert {value!r} to a number") from None
        if isinstance(number, float) and not math.isfinite(number):
            raise EvalError(f"cannot convert {value!r} to a number")
        return normalize_number(number)
    raise EvalError(f"a number is required, not {type_name(value)}")


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value == "true":
        return True
    if value == "false":
        return False
    raise EvalError(f"a bool is required, not {type_name(value)}")


def nfc(value: Any) -> Any:
    """A string in Unicode normal form C, as every Terraform string is (cty normalizes each string value it
    makes: `"e\u0301"` is the one character "é"); anything else as it is."""
    if type(value) is str and not value.isascii():
        return unicodedata.normalize("NFC", value)
    return value


def to_string(value: Any) -> str:
    """Terraform's automatic conversion of a primitive to a string (in templates and string arguments)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_float(value)
    if value is None:
        raise EvalError("a null value cannot be used as a string")
    raise EvalError(f"a string is required, not {type_name(value)}")


def format_float(value: float) -> str:
    value = normalize_number(value)
    if isinstance(value, int):
        return str(value)
    text = repr(value)
    return text


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, SetValue):
        return "set"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, Unknown):
        return "unknown"
    return type(value).__name__


def values_equal(left: Any, right: Any) -> bool:
    """Terraform equality: types must match (1 != "1", true != 1), numbers compare by value."""
    if isinstance(left, bool) or isinstance(right, bool):
        return isinstance(left, bool) and isinstance(right, bool) and left == right
    if isinstance(left, int | float) and isinstance(right, int | float):
        return left == right
    if type(left) is not type(right) and not (isinstance(left, dict) and isinstance(right, dict)):
        return False
    if isinstance(left, list):
        return len(left) == len(right) and all(values_equal(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, dict):
        return left.keys() == right.keys() and all(values_equal(left[k], right[k]) for k in left)
    return left == right
