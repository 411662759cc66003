"""NC-SECRET-003: No resource writes a secret value into Terraform state."""


from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from checker.model import Graph, Node, NodeKind, Severity, Tool, is_unknown
from checker.secrets import (
    is_secret_key,
    is_secret_path,
)
from policies.base import Rule, RuleContext, Violation
from policies.lib.secret_values import masked_evidence


def _set(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value is not False


def _state_writers(node: Node, graph: Graph) -> Iterator[tuple[str, str]]:
    """(attribute path, why) for each way this resource stores a secret value in Terraform state."""
    kind, kind_type = node.kind, node.type
    if kind == NodeKind.RESOURCE and kind_type == "aws_secretsmanager_secret_version":
        for attribute in ("secret_string", "secret_binary"):
            if _set(node.get(attribute)):
                yield (
                    attribute,
                    f"`{attribute}` is stored in state in plain text (use `{attribute}_wo`, or put "
                    "the value with the AWS CLI outside Terraform)",
                )
    elif kind == NodeKind.RESOURCE and kind_type == "aws_ssm_parameter":
        parameter_type = node.get("type")
        if parameter_type == "SecureString" or is_unknown(parameter_type):
            for attribute in ("value", "insecure_value"):
                if _set(node.get(attribute)):
                    yield (
                        attribute,
                        f"a SecureString's `{attribute}` is stored in state in plain text "
                        "(use `value_wo`, or create the parameter outside Terraform)",
                    )
    elif kind == NodeKind.RESOURCE and kind_type == "random_password":
        yield "", "random_password keeps its `result` (and bcrypt_hash) in state in plain text"
    elif kind == NodeKind.RESOURCE and kind_type == "random_string" and _random_string_is_secret(node, graph):
        yield "", "random_string keeps its `result` in state in plain text, and this one is used as a secret"
    elif kind == NodeKind.RESOURCE and kind_type == "aws_iam_access_key" and not _set(node.get("pgp_key")):
        yield "", "aws_iam_access_key keeps the secret access key (and SMTP password) in state in plain text"
    elif kind == NodeKind.RESOURCE and kind_type == "tls_private_key":
        yield "", "tls_private_key keeps the private key in state in plain text"
    elif kind == NodeKind.RESOURCE and kind_type in ("aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster"):
        if node.get("manage_master_user_password") is True:
            return
        for attribute in ("password", "master_password"):
            if _set(node.get(attribute)):
                yield (
                    attribute,
                    f"`{attribute}` is stored in state; set `manage_master_user_password = true` "
                    "so RDS keeps it in Secrets Manager",
                )
    elif kind == NodeKind.RESOURCE and kind_type == "aws_cognito_user_pool_client":
        if node.get("generate_secret") is True:
            yield "generate_secret", "a generated client secret is read back into state (`client_secret`)"
    elif kind == NodeKind.DATA and kind_type == "aws_secretsmanager_secret_version":
        yield (
            "",
            "reading a secret's value with a data source stores it in state; pass the secret's ARN and "
            "read it at runtime",
        )
    elif kind == NodeKind.DATA and kind_type == "aws_ssm_parameter":
        name = node.get("name")
        decrypted = node.get("with_decryption", True) is not False
        if decrypted and isinstance(name, str) and is_secret_key(name.rsplit("/", 1)[-1]):
            yield "", "reading a secret parameter with a data source stores its value in state"


def _random_string_is_secret(node: Node, graph: Graph) -> bool:
    if is_secret_key(node.name):
        return True
    needle = f"random_string.{node.name}"
    for other in graph.nodes.values():
        if other.id == node.id:
            continue
        for path, trace in other.traces.items():
            if any(needle in str(step) for step in trace) and is_secret_path(f"{other.name}.{path}"):
                return True
    return False


def secrets_in_state(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for node in graph.of_kind(NodeKind.RESOURCE, NodeKind.DATA):
        if node.tool != Tool.TERRAFORM:
            continue
        for path, why in _state_writers(node, graph):
            value = node.get(path) if path else None
            yield Violation(node, f"{node.address}: {why}", path, evidence=masked_evidence(node, path, value))


RULE = Rule(
    id="NC-SECRET-003",
    family="secrets",
    title="No resource writes a secret value into Terraform state",
    severity=Severity.HIGH,
    spec_section="3. Sensitive Data Handling",
    checklist="secrets",
    what=(
        "No Terraform resource or data source that stores a secret in state: aws_secretsmanager_secret_version with "
        "secret_string/secret_binary, an aws_ssm_parameter SecureString with a value, random_password (and "
        "random_string used as a secret), aws_iam_access_key without pgp_key, tls_private_key, aws_db_instance / "
        "aws_rds_cluster with a password instead of manage_master_user_password, an aws_cognito_user_pool_client "
        "with generate_secret = true, and data sources that read a secret's value. (A Lambda function's environment "
        "is in state too: NC-SECRET-004 reports secrets there.)"
    ),
    why=(
        "Section 3's rule is that database passwords, API keys, JWT secrets and OAuth credentials are never stored "
        "in Terraform state: state is readable by everyone with access to the state bucket, and S3 versioning keeps "
        "every old copy."
    ),
    noncompliant=(
        'resource "aws_db_instance" "notes" {\n'
        "  password = var.db_password\n"
        "}\n"
        "\n"
        'resource "aws_secretsmanager_secret_version" "jwt" {\n'
        "  secret_id     = aws_secretsmanager_secret.jwt.id\n"
        "  secret_string = random_password.jwt.result\n"
        "}"
    ),
    compliant=(
        'resource "aws_db_instance" "notes" {\n'
        "  manage_master_user_password = true\n"
        "}\n"
        "\n"
        'resource "aws_secretsmanager_secret" "jwt" {\n'
        '  name = "notes/prod/jwt"  # value set with the AWS CLI\n'
        "}"
    ),
    remediation=(
        "Create only the secret container in Terraform (aws_secretsmanager_secret) and set its value outside "
        "Terraform or with write-only arguments (secret_string_wo, value_wo, password_wo); let RDS manage the master "
        "password; read secrets at runtime, not with data sources."
    ),
    check=secrets_in_state,
    sections=("environment", "shared"),
)
