"""NC-SECRET-004: No secrets in Lambda environment variables."""


from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from checker.model import Graph, Node, NodeKind, Severity, Tool, is_unknown
from checker.secrets import (
    is_secret_key,
    is_secret_literal,
    mask,
    token_shape,
)
from policies.base import Rule, RuleContext, Violation
from policies.lib.secret_values import (
    GLOBALS_ENV_PATH,
    SAM_ENV_PATH,
    SAM_FUNCTION_TYPES,
    TF_ENV_PATH,
    TF_FUNCTION_TYPES,
    masked_evidence,
    scanned_shape,
    shaped_like,
)


def _environment_blocks(graph: Graph) -> Iterator[tuple[Node, str, Any]]:
    for node in graph.resources(*TF_FUNCTION_TYPES, tool=Tool.TERRAFORM):
        yield node, TF_ENV_PATH, node.get(TF_ENV_PATH)
    for node in graph.resources(*SAM_FUNCTION_TYPES, tool=Tool.SAM):
        yield node, SAM_ENV_PATH, node.get(SAM_ENV_PATH)
    for node in graph.of_kind(NodeKind.SAM_TEMPLATE):
        yield node, GLOBALS_ENV_PATH, node.get(GLOBALS_ENV_PATH)


def _secret_dynamic_reference(node: Node, path: str) -> bool:
    """A CloudFormation `{{resolve:secretsmanager:...}}` / `{{resolve:ssm-secure:...}}` written at this path."""
    for entry in node.meta.get("dynamic_references", ()):
        if len(entry) >= 2 and entry[0] == path and entry[1] in ("secretsmanager", "ssm-secure"):
            return True
    return False


# A value only known at plan or apply that is a secret whatever the variable is called: a generated password,
# a Secrets Manager secret's value, a private key, an access key's secret (the reason names the attribute).
_SECRET_VALUE = re.compile(
    r"\brandom_password\.[\w-]+(?:\[[^\]]*\])?\.(?:result|bcrypt_hash)\b"
    r"|\.(?:secret_string|secret_binary|private_key_pem|private_key_openssh|private_key_pem_pkcs8)\b"
    r"|\baws_iam_access_key\.[\w-]+(?:\[[^\]]*\])?\.(?:secret|ses_smtp_password_v4)\b"
)
# An SSM parameter's decrypted `value` (the provider's `insecure_value` is the String parameters' one).
_SSM_VALUE = re.compile(r"\bdata\.aws_ssm_parameter\.[\w-]+(?:\[[^\]]*\])?\.value\b")


class _Secrets:
    """The secrets a configuration holds that an environment variable may carry under any name: the values of
    Terraform variables declared `sensitive` or named like a secret, and SAM parameters with `NoEcho`."""

    def __init__(self, graph: Graph) -> None:
        self.values: list[tuple[str, str]] = []  # (what holds it, its value)
        for node in graph.of_kind(NodeKind.VARIABLE):
            value = node.get("value")
            if not (node.get("sensitive") is True or is_secret_key(node.name)):
                continue
            if isinstance(value, str) and len(value) >= _SHORTEST_SECRET and is_secret_literal(value):
                kind = "sensitive" if node.get("sensitive") is True else "secret"
                self.values.append((f"the {kind} variable {node.address}", value))
        self.no_echo = {
            node.name for node in graph.of_kind(NodeKind.SAM_PARAMETER) if node.get("NoEcho") in (True, "true")
        }

    def holder_of(self, value: str) -> str:
        for holder, secret in self.values:
            if secret in value:
                return holder
        return ""

    def no_echo_parameter(self, node: Node, path: str) -> str:
        for step in node.traces.get(path, ()):
            name = str(step).removeprefix("Parameters.")
            if str(step).startswith("Parameters.") and name in self.no_echo:
                return name
        return ""


# Shorter values ("on", "1", "true") are not told apart from ordinary settings by their text.
_SHORTEST_SECRET = 8


def _environment_problem(
    node: Node, path: str, name: str, value: Any, scanned: str = "", secrets: _Secrets | None = None
) -> str:
    where = f"{node.address}: environment variable {name}"
    parameter = secrets.no_echo_parameter(node, path) if secrets is not None else ""
    if parameter:
        return (
            f"{where} holds the NoEcho parameter {parameter}: CloudFormation writes its value into the function "
            "configuration; pass the secret's ARN or name and read it at runtime"
        )
    if isinstance(value, str):
        shape = token_shape(value) or (scanned_shape(scanned) if scanned else None)
        if shape:
            return f"{where} holds a value {shaped_like(shape)} ({mask(value)})"
        if is_secret_key(name) and is_secret_literal(value):
            return f"{where} has a secret-like name and holds a value ({mask(value)}), not a reference to it"
        holder = secrets.holder_of(value) if secrets is not None and node.tool == Tool.TERRAFORM else ""
        if holder:
            return f"{where} holds the value of {holder} ({mask(value)}), not a reference to it"
        return ""
    if is_unknown(value) and _SECRET_VALUE.search(value.reason):
        return (
            f"{where} holds a secret's value, not known until deploy ({value.reason}): it is written in "
            "plain text into the function configuration and state; pass the secret's ARN or name and read it "
            "at runtime"
        )
    if is_unknown(value) and _SSM_VALUE.search(value.reason):
        return (
            f"{where} holds an SSM parameter's value ({value.reason}); whether it is a SecureString, decrypted "
            "into the function configuration, cannot be known statically: use `insecure_value` for a String "
            "parameter, or pass the parameter's name and read it at runtime"
        )
    if is_unknown(value) and _secret_dynamic_reference(node, path):
        return (
            f"{where} resolves a secret at deploy ({value.reason}): CloudFormation writes the secret's value "
            "into the function configuration; pass the secret's ARN or name and read it at runtime"
        )
    if is_unknown(value) and is_secret_key(name):
        return (
            f"{where} has a secret-like name and its value is not known until deploy ({value.reason}); "
            "pass the ARN or name of the secret instead of its value"
        )
    return ""


def lambda_environment_secrets(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    seen: set[tuple[str, int, str]] = set()
    secrets = _Secrets(graph)
    blocks = [(node, base, variables) for node, base, variables in _environment_blocks(graph)
              if isinstance(variables, dict)]
    # detect-secrets' token plugins on the bare values (NC-SECRET-001's batch reading: one scan, cached)
    shapes = ctx.scan_content(
        (value for _, _, variables in blocks for value in variables.values() if isinstance(value, str)),
        whole_values=True,
    )
    for node, base, variables in blocks:
        for name, value in variables.items():
            path = f"{base}.{name}"
            scanned = shapes.get(value, ()) if isinstance(value, str) else ()
            message = _environment_problem(
                node, path, str(name), value, scanned[0].kind if scanned else "", secrets
            )
            if not message:
                continue
            where = node.location_of(path)
            key = (where.file, where.line, str(name))
            if key in seen:
                continue
            seen.add(key)
            yield Violation(
                node,
                message,
                path,
                evidence=masked_evidence(node, path, value),
                secrets=(value,) if isinstance(value, str) else (),  # whatever made it a finding, it is masked
            )


RULE = Rule(
    id="NC-SECRET-004",
    family="secrets",
    title="No secrets in Lambda environment variables",
    severity=Severity.HIGH,
    spec_section="3. Sensitive Data Handling",
    checklist="secrets",
    what=(
        "No Lambda function (SAM AWS::Serverless::Function or AWS::Lambda::Function, with Globals; Terraform "
        "aws_lambda_function) has an environment variable with a secret-like name holding a value (a literal, a "
        "parameter or variable, or a value only known at deploy time), or a value shaped like a credential "
        "(NC-SECRET-001's shapes: detect-secrets' token plugins and notescheck's own), or, under any name, a "
        "secret's value: a Secrets Manager `secret_string`/`secret_binary`, a `random_password` result, a private "
        "key or access key secret, the value of a Terraform variable declared `sensitive` or named like a secret "
        "(also inside a longer string), or a SAM `NoEcho` parameter. A `data.aws_ssm_parameter` `value` is reported "
        "as unknown (a SecureString is decrypted into it; `insecure_value` is a String's). An "
        "environment variable holding a Secrets Manager ARN, an SSM parameter name or a {{resolve:...}} reference is "
        "fine."
    ),
    why=(
        "Section 3 has infrastructure fetch secrets at runtime from Secrets Manager or Parameter Store. An "
        "environment variable is plain text in the function's configuration (lambda:GetFunctionConfiguration), in "
        "the CloudFormation template and, for Terraform, in state."
    ),
    noncompliant=(
        "Environment:\n"
        "  Variables:\n"
        "    JWT_SECRET: !Ref JwtSecret\n"
        "    API_KEY: live-key-1234"
    ),
    compliant=(
        "Environment:\n"
        "  Variables:\n"
        "    JWT_SECRET_ARN: !Ref JwtSecretArn\n"
        "    API_KEY_PARAMETER: /notes/prod/api-key"
    ),
    remediation=(
        "Put the secret in Secrets Manager (or an SSM SecureString), pass its ARN or name in the environment "
        "(JWT_SECRET_ARN), grant secretsmanager:GetSecretValue to the function's role, and read it at cold start."
    ),
    check=lambda_environment_secrets,
    sections=("environment", "shared"),
)
