"""Shared helpers of the rules."""


from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from checker.model import Location, Node, is_unknown
from policies.base import RuleContext, Violation

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


def storage_file(ctx: RuleContext) -> str:
    """Where section 2 stores the environment's row, relative to the Terraform root: envs/<env>.tfvars."""
    return ctx.spec["configuration"]["storage"].replace("${environment}", ctx.env)


_ORIGIN = re.compile(r"^(?P<file>[^\s:]+):(?P<line>\d+) ")
ORIGIN_FILES = (".tfvars", ".tfvars.json", "samconfig.toml")


def value_origin(node: Node, path: str) -> Location | None:
    """The tfvars (or samconfig.toml) line a value comes from: the head of its evidence, when the chain starts
    in one of the files that store per-environment values; None when the value is written in place."""
    trace = node.trace_of(path)
    match = _ORIGIN.match(trace[0]) if trace else None
    if match is None or not match["file"].endswith(ORIGIN_FILES):
        return None
    line = int(match["line"])
    return Location(match["file"], line, line)


def written_at(variable: Node) -> Location | None:
    """The file:line a Terraform variable's value is set at (its meta `set_by`: a tfvars line, a module
    argument, its default), when that is a file line."""
    file, _, line = str(variable.meta.get("set_by", "")).rpartition(":")
    return Location(file, int(line), int(line)) if file and line.isdigit() else None


def compare_limit(node: Node, path: str, expected: Any, what: str, ctx: RuleContext) -> Iterator[Violation]:
    """One attribute against the table: unknown is said, never passed. A wrong value is reported where it comes
    from (the tfvars line, through module inputs and SSM), with the chain to the attribute as evidence."""
    value = node.get(path)
    origin = value_origin(node, path)
    came = f" (from {origin})" if origin is not None else ""
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
            message = f"{what} is {_shown(value)} on {node.address}{came}; the spec requires {expected} in {ctx.env}"
            yield Violation(node, message, path, location=origin)
    elif value != expected:
        message = f"{what} is {_shown(value)} on {node.address}{came}; the spec requires {expected!r} in {ctx.env}"
        yield Violation(node, message, path, location=origin)
