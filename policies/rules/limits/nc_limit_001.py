"""NC-LIMIT-001: DynamoDB read/write capacity matches the environment's row."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity, Tool
from policies.base import Rule, RuleContext, Violation
from policies.lib.limits import compare_limit


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


RULE = Rule(
    id="NC-LIMIT-001",
    family="limits",
    title="DynamoDB read/write capacity matches the environment's row",
    severity=Severity.HIGH,
    spec_section="2. Configuration Management (per-environment variables)",
    checklist="cost",
    what=(
        "Every DynamoDB table is billed PROVISIONED with read_capacity and write_capacity equal to the spec's "
        "DynamoDB Read Units and Write Units for the environment (1/1 dev, 1/1 staging, 2/2 prod)."
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
