"""Shared helpers of the rules."""


from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from checker.model import Graph, Location, Node, is_unknown
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


_PLAIN = re.compile(r"^[^\s\"'${}()\[\]*+]+$")


def _origin_value(step: str) -> str | None:
    """The value an origin step shows (`envs/prod.tfvars:8 dynamodb_read_units = 2`, `samconfig.toml:48
    LambdaMemory=512`), unquoted; None when the step shows none, or an expression rather than a literal."""
    _, _, rest = step.partition(" ")
    name, equals, shown = rest.partition("=")
    if not equals or not name.strip():
        return None
    shown = shown.strip()
    if len(shown) >= 2 and shown[0] == shown[-1] == '"' and '"' not in shown[1:-1] and "${" not in shown:
        return shown[1:-1]
    # A literal the step shows as written (`256`, `dev`); an expression (`256 * 2`) shows no value to compare.
    return shown if _PLAIN.match(shown) else None


def same_value(shown: str, value: Any) -> bool:
    """An origin's shown value is the value that arrived (numbers compared as numbers)."""
    number, wanted = as_number(shown), as_number(value)
    if number is not None and wanted is not None:
        return number == wanted
    return shown == str(value)


def value_origin(
    node: Node, path: str, matches: Callable[[str], bool] | None = None
) -> Location | None:
    """The tfvars (or samconfig.toml) line a value comes from, when the chain starts in one of the files that
    store per-environment values; None when the value is written in place.

    With `matches` (does an origin's shown value give the value that arrived?), an origin only counts when
    it does: `max(var.read_units, 5)`, `var.environment == "prod" ? 1024 : var.lambda_memory_mb` or `* 2`
    in a module is a value written in the module, reported there, not at the tfvars line it read."""
    origins = []
    for step in node.trace_of(path):
        match = _ORIGIN.match(step)
        if match is not None and match["file"].endswith(ORIGIN_FILES):
            origins.append((match, _origin_value(step)))
    if not origins:
        return None
    chosen = origins[0][0]
    if matches is not None:
        shown = [(match, value) for match, value in origins if value is not None]
        agreeing = [match for match, value in shown if matches(value)]
        if agreeing:
            chosen = agreeing[0]
        elif shown and len(shown) == len(origins):
            return None
    line = int(chosen["line"])
    return Location(chosen["file"], line, line)


def written_at(variable: Node) -> Location | None:
    """The file:line a Terraform variable's value is set at (its meta `set_by`: a tfvars line, a module
    argument, its default), when that is a file line."""
    file, _, line = str(variable.meta.get("set_by", "")).rpartition(":")
    return Location(file, int(line), int(line)) if file and line.isdigit() else None


_PUBLISHES = re.compile(r"^(?P<address>\S+) publishes SSM parameter ")


def publishing_location(graph: Graph | None, node: Node, path: str) -> Location | None:
    """Where the Terraform SSM parameter a SAM value is read from writes its value, when the chain goes
    through one: a value computed there (`tostring(var.env == "prod" ? 1024 : var.memory)`) is written there."""
    if graph is None:
        return None
    for step in node.trace_of(path):
        match = _PUBLISHES.match(step)
        if match is None:
            continue
        for parameter in graph.resources("aws_ssm_parameter"):
            if parameter.address == match["address"]:
                return parameter.location_of("value")
    return None


def compare_limit(
    node: Node, path: str, expected: Any, what: str, ctx: RuleContext, graph: Graph | None = None
) -> Iterator[Violation]:
    """One attribute against the table: unknown is said, never passed. A wrong value is reported where it comes
    from (the tfvars line, through module inputs and SSM, when that line gives the value; else the Terraform
    SSM parameter computing it, given the graph, or the attribute), with the chain as evidence."""
    value = node.get(path)
    origin = value_origin(node, path, lambda shown: same_value(shown, value))
    if origin is None:
        origin = publishing_location(graph, node, path)
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
