"""NC-LIMIT-006: Capacity variables declare validation bounds."""


from __future__ import annotations

import re
from collections.abc import Iterable

from checker.model import Graph, Node, NodeKind, Severity, Tool
from policies.base import Rule, RuleContext, Violation

CAPACITY_ATTRIBUTES = {
    "aws_dynamodb_table": ("read_capacity", "write_capacity"),
    "aws_lambda_function": ("memory_size",),
    "aws_backup_plan": ("rule",),
    "aws_api_gateway_method_settings": ("settings",),
}


def numeric_limit_names(spec: dict) -> set[str]:
    """The per-environment limits of the spec's table: its numeric columns (dynamodb_read_units, ...)."""
    return {
        key
        for row in spec["environments"].values()
        for key, value in row.items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    }


def _variables_behind(node: Node, path: str) -> set[str]:
    """Root-module variables named in the evidence chain of a value ("var.x" steps, not module.m.var.x)."""
    names = set()
    for path_key, trace in node.traces.items():
        if path_key != path and not path_key.startswith(path + "."):
            continue
        for step in trace:
            head = step.split()[0] if step else ""
            if head.startswith("var."):
                names.add(head.removeprefix("var.").split(".")[0].split("[")[0])
    return names


def bounds_above(condition: str, name: str) -> bool:
    """A validation condition caps the variable: `var.x <= 10`, `10 >= var.x`, `contains([...], var.x)`,
    `var.x == 2`. A lower bound alone (`var.x >= 1`) lets 20 units through instead of 2."""
    var = rf"var\.{re.escape(name)}\b"
    return any(
        re.search(pattern, condition)
        for pattern in (
            rf"{var}\s*(<=?|==)",
            rf"(>=?|==)\s*{var}",
            rf"contains\s*\(.*{var}",
        )
    )


def _is_number(variable: Node) -> bool:
    """A number variable (its type, or a number value): a name or a schedule is capped otherwise."""
    value = variable.get("value")
    return variable.get("type") == "number" or (isinstance(value, int | float) and not isinstance(value, bool))


def capacity_validation(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    wanted = numeric_limit_names(ctx.spec)
    for resource in graph.resources(*CAPACITY_ATTRIBUTES, tool=Tool.TERRAFORM):
        for attribute in CAPACITY_ATTRIBUTES[resource.type]:
            wanted |= _variables_behind(resource, attribute)
    for variable in graph.of_kind(NodeKind.VARIABLE):
        if variable.module or variable.tool != Tool.TERRAFORM:
            continue
        name = variable.address.removeprefix("var.")
        if name not in wanted:
            continue
        checks = variable.meta.get("validation") or []
        if not checks:
            yield Violation(variable, f"variable {name} bounds capacity but declares no validation block")
        elif _is_number(variable) and not any(bounds_above(str(check.get("condition", "")), name) for check in checks):
            shown = "; ".join(str(check.get("condition", "")) for check in checks)
            yield Violation(
                variable,
                f"variable {name} bounds capacity but its validation sets no upper bound ({shown}): "
                "a typo of 20 instead of 2 passes it",
            )


RULE = Rule(
    id="NC-LIMIT-006",
    family="limits",
    title="Capacity variables declare validation bounds",
    severity=Severity.MEDIUM,
    spec_section="7. Cost Management (resource quotas through Terraform variable limits)",
    checklist="cost",
    what=(
        "Every root-module variable that feeds a capacity attribute (DynamoDB read/write capacity, Lambda memory, "
        "API throttling, backup retention) declares a `validation` block, and so does every variable named after a "
        "numeric column of the spec's per-environment table in policies/data/spec.yaml (dynamodb_read_units, "
        "dynamodb_write_units, lambda_memory_mb, api_rate_limit_per_minute, backup_retention_days), when declared. "
        "One of its conditions must cap the value (`var.x <= 10`, `10 >= var.x`, `contains([...], var.x)`, "
        "`var.x == 2`): a lower bound alone is no quota."
    ),
    why=(
        "Section 7 names 'Terraform variable limits' as the resource-quota control: without validation a typo in a "
        "tfvars file (20 units instead of 2) is applied silently."
    ),
    noncompliant=(
        'variable "dynamodb_read_units" {\n'
        "  type = number\n"
        "}"
    ),
    compliant=(
        'variable "dynamodb_read_units" {\n'
        "  type = number\n"
        "  validation {\n"
        "    condition     = var.dynamodb_read_units >= 1 && var.dynamodb_read_units <= 5\n"
        '    error_message = "Read units must be between 1 and 5."\n'
        "  }\n"
        "}"
    ),
    remediation="Add a validation block with the bounds the environments may use.",
    check=capacity_validation,
)
