"""NC-STATE-007: State lock table is keyed by LockID."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.state_storage import named, spec_name


def lock_table_key(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    hash_key = ctx.spec["state_backend"]["lock_hash_key"]
    for table in named(graph, "aws_dynamodb_table", "name", spec_name(ctx, "lock_table")):
        value = table.get("hash_key")
        if is_unknown(value):
            yield Violation(table, f"{table.address}: hash_key cannot be known statically ({value.reason})", "hash_key")
            continue
        if value != hash_key:
            message = f"{table.address}: hash_key is {value!r}; Terraform locks by {hash_key!r}"
            yield Violation(table, message, "hash_key")
            continue
        attributes = table.get("attribute") or []
        declared = [i for i, a in enumerate(attributes) if isinstance(a, dict) and a.get("name") == hash_key]
        if not declared:
            yield Violation(table, f"{table.address}: no attribute block declares {hash_key}", "hash_key")
        elif attributes[declared[0]].get("type") != "S":
            path = f"attribute.{declared[0]}.type"
            yield Violation(table, f'{table.address}: the {hash_key} attribute must have type "S"', path)


RULE = Rule(
    id="NC-STATE-007",
    family="state_backend",
    title="State lock table is keyed by LockID",
    severity=Severity.HIGH,
    spec_section="3. State Management Strategy (state lock: DynamoDB)",
    checklist="recovery",
    what=(
        "When the lock table (`notes-terraform-locks`) is defined in the checked configuration, its `hash_key` is "
        "`LockID` and the `LockID` attribute has type `S`."
    ),
    why=(
        "Section 3: 'State Lock: DynamoDB ... Prevent concurrent modifications'. Terraform's S3 backend writes lock "
        "items under the string key `LockID`; with another key every `terraform plan` fails to lock, and teams are "
        "tempted to run with `-lock=false`."
    ),
    noncompliant=(
        'resource "aws_dynamodb_table" "locks" {\n'
        '  name     = "notes-terraform-locks"\n'
        '  hash_key = "id"\n'
        "}"
    ),
    compliant=(
        'resource "aws_dynamodb_table" "locks" {\n'
        '  name     = "notes-terraform-locks"\n'
        '  hash_key = "LockID"\n'
        "  attribute {\n"
        '    name = "LockID"\n'
        '    type = "S"\n'
        "  }\n"
        "}"
    ),
    remediation=(
        'Create the lock table with `hash_key = "LockID"` and an `attribute` block `name = "LockID"`, `type = "S"`.'
    ),
    check=lock_table_key,
    sections=("environment", "shared"),
)
