"""NC-LIMIT-007: envs/<env>.tfvars holds the environment's row of the configuration table."""

from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Node, NodeKind, Severity, Tool, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.limits import SECTION, as_number, storage_file, written_at


def _differs(value, expected) -> bool:
    if as_number(value) is not None and as_number(expected) is not None:
        return as_number(value) != as_number(expected)
    return value != expected


def table_in_tfvars(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    variables = {
        n.address.removeprefix("var."): n
        for n in graph.of_kind(NodeKind.VARIABLE)
        if n.tool == Tool.TERRAFORM and not n.module and not n.meta.get("from_plan")
    }
    if not variables:
        return  # no Terraform sources in this graph (SAM alone, or a plan): nothing stores the table here
    stored = storage_file(ctx)
    anchor = min(variables.values(), key=Node.sort_key)
    for row in ctx.spec["configuration"]["rows"]:
        expected = ctx.env_spec[row]
        variable = variables.get(row)
        if variable is None:
            message = f"no variable {row}: the spec's {ctx.env} row ({row} = {expected!r}) is not kept in {stored}"
            yield Violation(anchor, message)
            continue
        value, where = variable.get("value"), written_at(variable)
        if where is None or not where.file.endswith(stored):
            source = f"comes from {where}" if where else "is set nowhere"
            yield Violation(
                variable,
                f"{row} is not set in {stored}, where section 2 stores the table; its value {source} "
                f"(the spec's {ctx.env} row is {expected!r})",
                location=where,
            )
        elif is_unknown(value):
            yield Violation(variable, f"{row} in {stored} cannot be known statically ({value.reason})", location=where)
        elif _differs(value, expected):
            yield Violation(
                variable,
                f"{row} = {value!r} in {stored}; the spec's {ctx.env} row is {expected!r}",
                location=where,
                evidence=variable.trace_of("value"),
            )


RULE = Rule(
    id="NC-LIMIT-007",
    family="limits",
    title="envs/<env>.tfvars holds the environment's row of the configuration table",
    severity=Severity.HIGH,
    spec_section=SECTION + " (Storage Location: infra/terraform/envs/<env>.tfvars)",
    checklist="cost",
    what=(
        "Each row of section 2's table (dynamodb_read_units, dynamodb_write_units, lambda_memory_mb, "
        "api_rate_limit_per_minute, backup_retention_days, log_level; `configuration.rows` in policies/data/"
        "spec.yaml) is a root variable set in `envs/<env>.tfvars` to the environment's value. A row set "
        "elsewhere (a default, terraform.tfvars), missing, or off the table is a finding at the line that sets it; "
        "where the value takes effect the NC-LIMIT-001 to 005 rules follow it."
    ),
    why=(
        "Section 2 stores the per-environment variables in `infra/terraform/envs/<env>.tfvars`: one reviewed place "
        "per environment. A value kept elsewhere escapes the review of that file, and a wrong one there reaches "
        "every resource and, through SSM, every SAM function that reads it."
    ),
    noncompliant="# envs/prod.tfvars\nlambda_memory_mb          = 512\napi_rate_limit_per_minute = 5000",
    compliant="# envs/prod.tfvars\nlambda_memory_mb          = 256\napi_rate_limit_per_minute = 10000",
    remediation="Set every row of the table in envs/<env>.tfvars to the spec's value for that environment.",
    check=table_in_tfvars,
)
