"""What stops `terraform destroy` (or CloudFormation's delete) and what makes a recreate fail: read by the
NC-REPRO rules. Each entry names the attribute, the value that protects, and why it matters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from checker.model import Graph, Node, Tool, is_unknown
from checker.records import record


@record(frozen=True)
class Protection:
    """One attribute of one resource type that keeps a resource (or its name) alive past a destroy."""

    type: str
    path: str
    protects: Any  # the value that protects; for a "missing means protected" attribute, see `default`
    default: Any  # what the provider assumes when the attribute is not written
    what: str


# Terraform: set to these values, the resource survives (or blocks) `terraform destroy`.
TERRAFORM_PROTECTIONS = (
    Protection("aws_dynamodb_table", "deletion_protection_enabled", True, False, "deletion protection"),
    Protection("aws_cognito_user_pool", "deletion_protection", "ACTIVE", "INACTIVE", "deletion protection"),
    Protection("aws_s3_bucket", "force_destroy", False, False, "protection of its objects"),
    Protection("aws_backup_vault", "force_destroy", False, False, "protection of its recovery points"),
    Protection("aws_db_instance", "deletion_protection", True, False, "deletion protection"),
    Protection("aws_rds_cluster", "deletion_protection", True, False, "deletion protection"),
    Protection("aws_lb", "enable_deletion_protection", True, False, "deletion protection"),
    Protection("aws_instance", "disable_api_termination", True, False, "termination protection"),
)
# Secrets Manager keeps a deleted secret's name for its recovery window: recreating it fails until then.
SECRET_TYPES = ("aws_secretsmanager_secret",)
SECRET_WINDOW_DEFAULT = 30
# CloudFormation: a retained resource outlives its stack; the next deploy of a named one fails.
RETAINING_POLICIES = ("Retain", "RetainExceptOnCreate")
SAM_PROTECTIONS = (
    Protection("AWS::DynamoDB::Table", "Properties.DeletionProtectionEnabled", True, False, "deletion protection"),
    Protection("AWS::Cognito::UserPool", "Properties.DeletionProtection", "ACTIVE", "INACTIVE", "deletion protection"),
)


@record(frozen=True)
class Setting:
    """What a resource has for one protection: the value (or Unknown), and whether it protects."""

    node: Node
    protection: Protection
    value: Any
    written: bool

    @property
    def protected(self) -> bool:
        return _same(self.value, self.protection.protects)


def protections(graph: Graph) -> Iterator[Setting]:
    """Every resource's setting of every protection that applies to its type, in a stable order."""
    table: dict[str, list[Protection]] = {(p.type): [] for p in (*TERRAFORM_PROTECTIONS, *SAM_PROTECTIONS)}
    for protection in (*TERRAFORM_PROTECTIONS, *SAM_PROTECTIONS):
        table[protection.type].append(protection)
    for node in sorted(graph.resources(*table), key=Node.sort_key):
        for protection in table[node.type]:
            value = node.get(protection.path)
            written = value is not None
            yield Setting(node, protection, value if written else protection.default, written)


def _same(value: Any, expected: Any) -> bool:
    if is_unknown(value):
        return False
    if isinstance(expected, bool):
        return value is expected or (isinstance(value, str) and value.lower() == str(expected).lower())
    return value == expected


def secret_window(node: Node) -> Any:
    """The secret's recovery window in days (Unknown when not known); the provider's default is 30."""
    value = node.get("recovery_window_in_days")
    return SECRET_WINDOW_DEFAULT if value is None else value


def deletion_policies(node: Node) -> Iterator[tuple[str, Any]]:
    """A SAM/CloudFormation resource's DeletionPolicy and UpdateReplacePolicy, where written."""
    if node.tool != Tool.SAM:
        return
    for key in ("DeletionPolicy", "UpdateReplacePolicy"):
        if key in node.values:
            yield key, node.values[key]
