"""NC-LIMIT-001: DynamoDB read/write capacity matches the environment's row."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Node, Severity, Tool, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.limits import compare_limit

# Auto scaling of a table's or an index's capacity: the dimension names which row it moves.
_SCALED_UNITS = {
    "ReadCapacityUnits": "dynamodb_read_units",
    "WriteCapacityUnits": "dynamodb_write_units",
}
_TERRAFORM_TARGET = "aws_appautoscaling_target"
_CFN_TARGET = "AWS::ApplicationAutoScaling::ScalableTarget"


def _scaling_targets(graph: Graph) -> Iterable[tuple[Node, str, str, str, str]]:
    """(node, namespace path, dimension path, min path, max path) of every Application Auto Scaling target."""
    for node in graph.resources(_TERRAFORM_TARGET, tool=Tool.TERRAFORM):
        yield node, "service_namespace", "scalable_dimension", "min_capacity", "max_capacity"
    for node in graph.resources(_CFN_TARGET, tool=Tool.SAM):
        base = "Properties."
        yield (
            node,
            base + "ServiceNamespace",
            base + "ScalableDimension",
            base + "MinCapacity",
            base + "MaxCapacity",
        )


def _autoscaling(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    """A scalable target on DynamoDB capacity moves the units away from the row between its minimum and
    maximum: both must be the row's value (fixed capacity), as written or where they come from."""
    row = ctx.env_spec
    for node, namespace_path, dimension_path, min_path, max_path in _scaling_targets(graph):
        namespace, dimension = node.get(namespace_path), node.get(dimension_path)
        if isinstance(namespace, str) and namespace != "dynamodb":
            continue
        if is_unknown(namespace) or is_unknown(dimension) or not isinstance(dimension, str):
            unknown = namespace if is_unknown(namespace) else dimension
            reason = f" ({unknown.reason})" if is_unknown(unknown) else ""
            yield Violation(
                node,
                f"{node.address}: which capacity it scales cannot be known statically{reason}; the spec fixes "
                f"DynamoDB units at {row['dynamodb_read_units']}/{row['dynamodb_write_units']} in {ctx.env}",
                dimension_path if is_unknown(dimension) or dimension is None else namespace_path,
            )
            continue
        if not dimension.startswith("dynamodb:"):
            continue
        units = _SCALED_UNITS.get(dimension.rsplit(":", 1)[-1])
        if units is None:
            continue
        what = "read" if units == "dynamodb_read_units" else "write"
        for path, bound in ((min_path, "min_capacity"), (max_path, "max_capacity")):
            yield from compare_limit(node, path, row[units], f"auto scaling {what} {bound}", ctx, graph)


def dynamodb_capacity(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    row = ctx.env_spec
    for table in graph.resources("aws_dynamodb_table"):
        mode = table.get("billing_mode", "PROVISIONED")
        if mode == "PAY_PER_REQUEST":
            yield Violation(
                table,
                f"{table.address} is PAY_PER_REQUEST; the spec provisions "
                f"{row['dynamodb_read_units']}/{row['dynamodb_write_units']} units in {ctx.env}",
                "billing_mode",
            )
            continue
        yield from compare_limit(table, "read_capacity", row["dynamodb_read_units"], "read_capacity", ctx)
        yield from compare_limit(table, "write_capacity", row["dynamodb_write_units"], "write_capacity", ctx)
        indexes = table.get("global_secondary_index")
        for index, _ in enumerate(indexes if isinstance(indexes, list) else []):  # an index is provisioned too
            for attribute, units in (
                ("read_capacity", "dynamodb_read_units"),
                ("write_capacity", "dynamodb_write_units"),
            ):
                path = f"global_secondary_index.{index}.{attribute}"
                yield from compare_limit(table, path, row[units], f"index {attribute}", ctx)
    for table in graph.resources("AWS::DynamoDB::Table", tool=Tool.SAM):
        throughput = "Properties.ProvisionedThroughput"
        yield from compare_limit(
            table, f"{throughput}.ReadCapacityUnits", row["dynamodb_read_units"], "ReadCapacityUnits", ctx
        )
        yield from compare_limit(
            table, f"{throughput}.WriteCapacityUnits", row["dynamodb_write_units"], "WriteCapacityUnits", ctx
        )
    yield from _autoscaling(graph, ctx)


RULE = Rule(
    id="NC-LIMIT-001",
    family="limits",
    title="DynamoDB read/write capacity matches the environment's row",
    severity=Severity.HIGH,
    spec_section="2. Configuration Management (per-environment variables)",
    checklist="cost",
    what=(
        "Every DynamoDB table is billed PROVISIONED with read_capacity and write_capacity equal to the spec's "
        "DynamoDB Read Units and Write Units for the environment (1/1 dev, 1/1 staging, 2/2 prod), a global "
        "secondary index's too. An Application Auto Scaling target on DynamoDB read or write capacity "
        "(`aws_appautoscaling_target`, `AWS::ApplicationAutoScaling::ScalableTarget`) has `min_capacity` and "
        "`max_capacity` equal to that row: scaling would move the units away from the reviewed numbers (the "
        "spec's capacity is fixed). A dimension or bound that cannot be known statically is reported as unknown."
    ),
    why=(
        "Section 2's configuration table fixes capacity per environment, and section 7 makes Terraform variable "
        "limits the cost control: a table with other units costs what the estimate did not plan for."
    ),
    noncompliant=(
        'resource "aws_dynamodb_table" "notes" {\n'
        '  billing_mode   = "PROVISIONED"\n'
        "  read_capacity  = 5   # prod row says 2\n"
        "  write_capacity = var.dynamodb_write_units\n"
        "}"
    ),
    compliant=(
        'resource "aws_dynamodb_table" "notes" {\n'
        '  billing_mode   = "PROVISIONED"\n'
        "  read_capacity  = var.dynamodb_read_units   # envs/prod.tfvars: 2\n"
        "  write_capacity = var.dynamodb_write_units  # envs/prod.tfvars: 2\n"
        "}"
    ),
    remediation=(
        "Set dynamodb_read_units / dynamodb_write_units in envs/<env>.tfvars to the spec's values and pass them to "
        'the table\'s read_capacity / write_capacity; keep billing_mode = "PROVISIONED".'
    ),
    check=dynamodb_capacity,
)
