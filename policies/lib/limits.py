"""Shared helpers of the rules."""


from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from checker.model import Node, is_unknown
from policies.base import Context, Violation

SECTION = "2. Configuration Management (per-environment variables)"


TERRAFORM_FUNCTION_TYPES = ("aws_lambda_function",)


SAM_FUNCTION_TYPES = ("AWS::Serverless::Function", "AWS::Lambda::Function")


def as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _shown(value: Any) -> str:
    return str(value) if not isinstance(value, str) else repr(value)


def compare_limit(node: Node, path: str, expected: Any, what: str, ctx: Context) -> Iterator[Violation]:
    """One attribute against the table: unknown is said, never passed."""
    value = node.get(path)
    if value is None:
        yield Violation(node, f"{what} is not set on {node.address}; the spec requires {expected} in {ctx.env}", path)
    elif is_unknown(value):
        yield Violation(
            node,
            f"{what} of {node.address} cannot be known statically ({value.reason}); "
            f"the spec requires {expected} in {ctx.env}",
            path,
        )
    elif as_number(value) is not None and as_number(expected) is not None:
        if as_number(value) != as_number(expected):
            yield Violation(
                node, f"{what} is {_shown(value)} on {node.address}; the spec requires {expected} in {ctx.env}", path
            )
    elif value != expected:
        yield Violation(
            node, f"{what} is {_shown(value)} on {node.address}; the spec requires {expected!r} in {ctx.env}", path
        )
