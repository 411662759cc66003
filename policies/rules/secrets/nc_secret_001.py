"""NC-SECRET-001: No secret literals in Terraform, tfvars, SAM template or samconfig."""


from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from checker.model import Graph, Location, Node, NodeKind, Severity, Tool
from checker.secrets import (
    is_secret_literal,
    is_secret_path,
    mask,
    token_shape,
)
from policies.base import Context, Rule, Violation
from policies.lib.secret_values import (
    GLOBALS_ENV_PATH,
    SAM_ENV_PATH,
    SAM_FUNCTION_TYPES,
    TF_ENV_PATH,
    TF_FUNCTION_TYPES,
    masked_evidence,
    shaped_like,
    walk_values,
)

# Where a literal written in a file shows up in a trace: "envs/prod.tfvars:4 db_password = ...".
_TRACE_ORIGIN = re.compile(r"^(?P<file>[^\s:]+\.(?:tfvars|tfvars\.json|tf|toml|ya?ml|json)):(?P<line>\d+)\b")


# Node values that are settings of the loader, not configuration written by a user.
_SKIPPED_KEYS = frozenset({"source", "version", "providers", "depends_on", "count", "for_each", "Type", "DependsOn"})


def _origin(node: Node, path: str) -> Location:
    """Where a literal is written: the file:line its trace starts from, else the attribute's own span."""
    for step in node.trace_of(path):
        match = _TRACE_ORIGIN.match(str(step))
        if match:
            line = int(match["line"])
            return Location(match["file"], line, line)
    set_by = node.meta.get("set_by")
    if path.split(".")[0] in ("value", "Value") and set_by is not None:
        if isinstance(set_by, Location):
            return set_by
        match = _TRACE_ORIGIN.match(str(set_by))
        if match:
            line = int(match["line"])
            return Location(match["file"], line, line)
    return node.location_of(path)


def _is_lambda_env(node: Node, path: str) -> bool:
    if node.kind == NodeKind.RESOURCE and node.type in TF_FUNCTION_TYPES:
        return path.startswith(TF_ENV_PATH + ".")
    if node.kind == NodeKind.SAM_RESOURCE and node.type in SAM_FUNCTION_TYPES:
        return path.startswith(SAM_ENV_PATH + ".")
    if node.kind == NodeKind.SAM_TEMPLATE:
        return path.startswith(GLOBALS_ENV_PATH + ".")
    return False


_NAMED_VALUE_KINDS = {
    NodeKind.VARIABLE: ("value", "default"),
    NodeKind.LOCAL: ("value",),
    NodeKind.OUTPUT: ("value",),
    NodeKind.SAM_PARAMETER: ("value", "Default"),
    NodeKind.SAM_OUTPUT: ("Value", "value"),
}


_ATTRIBUTE_KINDS = (
    NodeKind.MODULE,
    NodeKind.PROVIDER,
    NodeKind.BACKEND,
    NodeKind.RESOURCE,
    NodeKind.DATA,
    NodeKind.SAM_RESOURCE,
    NodeKind.SAM_TEMPLATE,
)


# Sources first, so a literal is reported where it is written before the resources it reaches.
_SOURCE_ORDER = [
    NodeKind.VARIABLE,
    NodeKind.SAM_PARAMETER,
    NodeKind.LOCAL,
    NodeKind.MODULE,
    NodeKind.PROVIDER,
    NodeKind.BACKEND,
    NodeKind.RESOURCE,
    NodeKind.DATA,
    NodeKind.SAM_TEMPLATE,
    NodeKind.SAM_RESOURCE,
    NodeKind.OUTPUT,
    NodeKind.SAM_OUTPUT,
]


def _candidate_literals(node: Node) -> Iterator[tuple[str, str, str]]:
    """(value path, semantic path for the name test, value) of every string the node holds."""
    if node.kind in _NAMED_VALUE_KINDS:
        for key in _NAMED_VALUE_KINDS[node.kind]:
            if key not in node.values:
                continue
            for path, leaf in walk_values(node.values[key], key):
                if isinstance(leaf, str):
                    yield path, node.name + path[len(key) :], leaf
    elif node.kind in _ATTRIBUTE_KINDS:
        for key, item in node.values.items():
            if key in _SKIPPED_KEYS:
                continue
            for path, leaf in walk_values(item, key):
                if isinstance(leaf, str):
                    yield path, path, leaf


_LABELS = {
    NodeKind.VARIABLE: "",  # the address says it: var.x, local.x, output.x
    NodeKind.LOCAL: "",
    NodeKind.OUTPUT: "",
    NodeKind.SAM_PARAMETER: "SAM parameter",
    NodeKind.SAM_OUTPUT: "SAM output",
}


def _label(node: Node, path: str, semantic: str) -> str:
    """`variable db_password`, `SAM parameter ApiKey (Default)`, `aws_db_instance.legacy: password`."""
    if node.kind in _LABELS:
        where = " (default)" if path.split(".")[0] in ("default", "Default") else ""
        inner = semantic[len(node.name) :]
        return f"{_LABELS[node.kind]} {node.address}{inner}{where}".lstrip()
    return f"{node.address}: `{path}`"


def _literal_reason(semantic_path: str, value: str) -> str:
    shape = token_shape(value)
    if shape:
        return f"a literal {shaped_like(shape)}"
    if is_secret_path(semantic_path) and is_secret_literal(value):
        return "a secret literal"
    return ""


def _is_sam_default_or_variable_default(node: Node, path: str) -> bool:
    return path.split(".")[0] in ("default", "Default")


def secret_literals(graph: Graph, ctx: Context) -> Iterable[Violation]:
    reported_at: set[tuple[str, int]] = set()
    reported_values: set[str] = set()
    nodes = sorted(
        (n for n in graph.nodes.values() if n.tool in (Tool.TERRAFORM, Tool.SAM) and n.kind in _SOURCE_ORDER),
        key=lambda n: (_SOURCE_ORDER.index(n.kind), n.module.count("module."), n.id),
    )
    for node in nodes:
        for path, semantic, value in _candidate_literals(node):
            reason = _literal_reason(semantic, value)
            if not reason or _is_lambda_env(node, path):  # the environment is NC-SECRET-004's
                continue
            traced = bool(node.trace_of(path))
            if traced and value in reported_values and not _is_sam_default_or_variable_default(node, path):
                continue  # reached this node through a reference; reported where it is written
            where = _origin(node, path)
            key = (where.file, where.line)
            if key in reported_at:
                continue
            reported_at.add(key)
            reported_values.add(value)
            yield Violation(
                node,
                f"{_label(node, path, semantic)} is {reason} ({mask(value)}); keep it in Secrets Manager or "
                "Parameter Store and pass a reference",
                path,
                evidence=masked_evidence(node, path, value),
                location=where,
            )


RULE = Rule(
    id="NC-SECRET-001",
    family="secrets",
    title="No secret literals in Terraform, tfvars, SAM template or samconfig",
    severity=Severity.CRITICAL,
    spec_section="3. Sensitive Data Handling",
    checklist="secrets",
    what=(
        "No password, API key, token, private key or other credential is written as a literal value: not in "
        "resource, module, provider, local or output values, not in a variable default or a tfvars file, not in a "
        "SAM parameter default, a samconfig parameter override or a SAM resource property. Secret-like names "
        "(password, secret, token, api_key, private_key...) with a literal value, and values shaped like known "
        "credentials (AWS access keys, GitHub and Slack tokens, PEM private keys, JWTs) are reported where they are "
        "written. Lambda environment variables are NC-SECRET-004's."
    ),
    why=(
        "Section 3 keeps database passwords, API keys, JWT secrets and OAuth credentials in AWS Secrets Manager or "
        "Parameter Store, fetched at runtime. A literal in the repository is in every clone and in git history "
        "forever, and it reaches Terraform state and CloudFormation parameters on the next deploy."
    ),
    noncompliant=(
        "# envs/prod.tfvars\n"
        'db_password = "Sup3r-Secret"\n'
        "\n"
        "# sam/samconfig.toml\n"
        'parameter_overrides = "ApiKey=live-key-1234"'
    ),
    compliant=(
        "# Terraform publishes where the secret lives, never the secret\n"
        'resource "aws_secretsmanager_secret" "db" {\n'
        '  name = "notes/prod/db"\n'
        "}\n"
        "\n"
        "# sam/samconfig.toml\n"
        'parameter_overrides = "DbSecretArn=arn:aws:secretsmanager:eu-west-1:123456789012:secret:notes/prod/db"'
    ),
    remediation=(
        "Delete the literal, rotate the credential (it is in git history), store it in Secrets Manager or as an SSM "
        "SecureString created outside Terraform, and pass its ARN or name instead; the function reads it at runtime "
        "(secretsmanager:GetSecretValue)."
    ),
    check=secret_literals,
    sections=("environment", "shared"),
)
