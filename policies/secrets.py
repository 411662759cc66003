"""NC-SECRET: database passwords, API keys, JWT secrets and OAuth credentials stay out of code and state.

Spec section 3, "Sensitive Data Handling": these are never stored in Terraform state; infrastructure
fetches them at runtime from Secrets Manager or Parameter Store. The four rules read resolved graph
nodes and report every value they show masked.

One finding per place: a literal is reported where it is written (the tfvars or samconfig line, not every
resource it reaches), and a Lambda environment variable is reported by NC-SECRET-004 only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from checker.model import Graph, Location, Node, NodeKind, Severity, Tool, Unknown, is_unknown
from checker.secrets import (
    MASK,
    is_secret_key,
    is_secret_literal,
    is_secret_path,
    mask,
    mask_secrets_in_text,
    token_shape,
)
from policies.base import Context, RuleFamily, Violation

FAMILY = RuleFamily("secrets")

SECTION = "3. Sensitive Data Handling"
CHECKLIST = "secrets"

TF_FUNCTION_TYPES = ("aws_lambda_function",)
SAM_FUNCTION_TYPES = ("AWS::Serverless::Function", "AWS::Lambda::Function")
TF_ENV_PATH = "environment.0.variables"
SAM_ENV_PATH = "Properties.Environment.Variables"
GLOBALS_ENV_PATH = "Globals.Function.Environment.Variables"

# Where a literal written in a file shows up in a trace: "envs/prod.tfvars:4 db_password = ...".
_TRACE_ORIGIN = re.compile(r"^(?P<file>[^\s:]+\.(?:tfvars|tfvars\.json|tf|toml|ya?ml|json)):(?P<line>\d+)\b")
# Node values that are settings of the loader, not configuration written by a user.
_SKIPPED_KEYS = frozenset({"source", "version", "providers", "depends_on", "count", "for_each", "Type", "DependsOn"})


def _masked(value: Any) -> str:
    if isinstance(value, str):
        return mask(value)
    if is_unknown(value):
        return "(not known before deploy)"
    if value is None or isinstance(value, bool):
        return str(value).lower()
    return MASK


def _shaped_like(shape: str) -> str:
    return f"shaped like an {shape}" if shape[:1] in "AEIOU" else f"shaped like a {shape}"


# A trace step that quotes what a file writes: "envs/prod.tfvars:3 db_password = value", "...:9 Name=value".
_QUOTED_ASSIGNMENT = re.compile(r"^(?P<head>\S+:\d+\s+[^=:]*?(?:=|:\s))\s*(?P<value>.+)$", re.DOTALL)


def _evidence(node: Node, path: str, secret: Any) -> tuple[str, ...]:
    """The node's trace for the path with every quoted value masked, so no output format can print a secret."""
    masked = []
    for step in node.traces.get(path, ()) if path else ():
        text = str(step)
        if isinstance(secret, str) and len(secret) >= 3:
            text = text.replace(secret, mask(secret))
        quoted = _QUOTED_ASSIGNMENT.match(text)
        if quoted and MASK not in quoted["value"] and not quoted["value"].startswith("(sensitive"):
            text = f"{quoted['head'].rstrip()} {mask(quoted['value'].strip())}"
        masked.append(mask_secrets_in_text(text))
    if masked:
        return tuple(masked)
    where = node.location_of(path) if path else node.loc
    if not path:
        return (f"{where} {node.address}",)
    return (f"{where} {node.address}.{path} = {_masked(secret)}",)


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


def _walk(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """(dotted path, leaf) for string and unknown leaves of nested dicts and lists."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}.{index}" if path else str(index))
    elif isinstance(value, str | Unknown):
        yield path, value


def _is_lambda_env(node: Node, path: str) -> bool:
    if node.kind == NodeKind.RESOURCE and node.type in TF_FUNCTION_TYPES:
        return path.startswith(TF_ENV_PATH + ".")
    if node.kind == NodeKind.SAM_RESOURCE and node.type in SAM_FUNCTION_TYPES:
        return path.startswith(SAM_ENV_PATH + ".")
    if node.kind == NodeKind.SAM_TEMPLATE:
        return path.startswith(GLOBALS_ENV_PATH + ".")
    return False


# --- NC-SECRET-001 -----------------------------------------------------------------------------------

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
            for path, leaf in _walk(node.values[key], key):
                if isinstance(leaf, str):
                    yield path, node.name + path[len(key) :], leaf
    elif node.kind in _ATTRIBUTE_KINDS:
        for key, item in node.values.items():
            if key in _SKIPPED_KEYS:
                continue
            for path, leaf in _walk(item, key):
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
        return f"a literal {_shaped_like(shape)}"
    if is_secret_path(semantic_path) and is_secret_literal(value):
        return "a secret literal"
    return ""


def _is_sam_default_or_variable_default(node: Node, path: str) -> bool:
    return path.split(".")[0] in ("default", "Default")


@FAMILY.rule(
    id="NC-SECRET-001",
    title="No secret literals in Terraform, tfvars, SAM template or samconfig",
    severity=Severity.CRITICAL,
    spec_section=SECTION,
    checklist=CHECKLIST,
    what="No password, API key, token, private key or other credential is written as a literal value: not in "
    "resource, module, provider, local or output values, not in a variable default or a tfvars file, not in a "
    "SAM parameter default, a samconfig parameter override or a SAM resource property. Secret-like names "
    "(password, secret, token, api_key, private_key...) with a literal value, and values shaped like known "
    "credentials (AWS access keys, GitHub and Slack tokens, PEM private keys, JWTs) are reported where they are "
    "written. Lambda environment variables are NC-SECRET-004's.",
    why="Section 3 keeps database passwords, API keys, JWT secrets and OAuth credentials in AWS Secrets "
    "Manager or Parameter Store, fetched at runtime. A literal in the repository is in every clone and in git "
    "history forever, and it reaches Terraform state and CloudFormation parameters on the next deploy.",
    noncompliant='# envs/prod.tfvars\ndb_password = "Sup3r-Secret"\n\n'
    '# sam/samconfig.toml\nparameter_overrides = "ApiKey=live-key-1234"',
    compliant='# Terraform publishes where the secret lives, never the secret\nresource "aws_secretsmanager_secret" '
    '"db" {\n  name = "notes/prod/db"\n}\n\n# sam/samconfig.toml\nparameter_overrides = '
    '"DbSecretArn=arn:aws:secretsmanager:eu-west-1:123456789012:secret:notes/prod/db"',
    remediation="Delete the literal, rotate the credential (it is in git history), store it in Secrets Manager "
    "or as an SSM SecureString created outside Terraform, and pass its ARN or name instead; the function reads "
    "it at runtime (secretsmanager:GetSecretValue).",
)
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
                evidence=_evidence(node, path, value),
                location=where,
            )


# --- NC-SECRET-002 -----------------------------------------------------------------------------------

# Where an output's value comes from a secret, even under an innocent name.
_SECRET_SOURCES = re.compile(
    r"(?:random_password\.|tls_private_key\.|aws_iam_access_key\.[\w-]+\.(?:secret|ses_smtp)|"
    r"\.(?:password|master_password|secret_string|secret_binary|client_secret|private_key_pem|result)\b)"
)


def _declared_type_is_scalar_non_string(node: Node) -> bool:
    default = node.values.get("default")
    return isinstance(default, bool | int | float) and not isinstance(default, str)


def _output_is_secret(node: Node, secret_variables: set[str]) -> str:
    if is_secret_key(node.name):
        return "its name is secret-like"
    value = node.values.get("value")
    for _, leaf in _walk(value, "value"):
        if isinstance(leaf, str) and token_shape(leaf):
            return f"its value is {_shaped_like(token_shape(leaf))}"
    trace = " ".join(str(t) for t in node.trace_of("value"))
    for variable in secret_variables:
        if re.search(rf"\bvar\.{re.escape(variable)}\b", trace):
            return f"its value comes from the secret variable {variable}"
    match = _SECRET_SOURCES.search(trace)
    if match:
        return f"its value comes from a secret ({match.group(0).strip('.')})"
    return ""


@FAMILY.rule(
    id="NC-SECRET-002",
    title="Secret-like variables, outputs and SAM parameters are sensitive, without a default",
    severity=Severity.HIGH,
    spec_section=SECTION,
    checklist=CHECKLIST,
    what="A Terraform variable with a secret-like name (password, secret, token, api_key, private_key...) is "
    "declared `sensitive = true` and has no default; an output with a secret-like name, or whose value comes "
    "from a secret, is `sensitive = true`; a SAM parameter with a secret-like name has `NoEcho: true` and no "
    "Default.",
    why="Section 3 keeps secrets out of the code and out of what Terraform and CloudFormation print. Without "
    "`sensitive`, plan and apply output (and CI logs) show the value; a default puts a value in the repository; "
    "without NoEcho, the console and describe-stacks show the parameter.",
    noncompliant='variable "db_password" {\n  type    = string\n  default = "changeme"\n}\n\n'
    'output "api_token" {\n  value = random_password.api.result\n}',
    compliant='variable "db_password" {\n  type      = string\n  sensitive = true\n}\n\n'
    'output "api_token_secret_arn" {\n  value = aws_secretsmanager_secret.api.arn\n}',
    remediation="Add `sensitive = true` and remove the default (or, better, pass only the ARN of a Secrets "
    "Manager secret); on SAM parameters set `NoEcho: true` and drop `Default`.",
)
def sensitive_declarations(graph: Graph, ctx: Context) -> Iterable[Violation]:
    secret_variables: set[str] = set()
    for node in graph.of_kind(NodeKind.VARIABLE):
        if not is_secret_key(node.name) or _declared_type_is_scalar_non_string(node):
            continue
        secret_variables.add(node.name)
        if node.values.get("sensitive") is not True:
            yield Violation(
                node,
                f"{node.address} has a secret-like name but is not declared `sensitive = true`",
                "sensitive" if "sensitive" in node.spans else "",
                evidence=(f"{node.loc} variable {node.name}: sensitive = {node.values.get('sensitive')}",),
            )
        has_default = node.meta.get("has_default", "default" in node.values)
        if has_default and node.values.get("default") not in (None, ""):
            default = node.values.get("default")
            yield Violation(
                node,
                f"{node.address} has a secret-like name and a default "
                f"({_masked(default) if isinstance(default, str) else 'non-empty'}); secrets have no default",
                "default",
                evidence=_evidence(node, "default", default),
            )
    for node in graph.of_kind(NodeKind.OUTPUT):
        why = _output_is_secret(node, secret_variables)
        if why and node.values.get("sensitive") is not True:
            yield Violation(
                node,
                f"{node.address} is not `sensitive = true` but {why}",
                "sensitive" if "sensitive" in node.spans else "",
                evidence=_evidence(node, "value", node.values.get("value")),
            )
    for node in graph.of_kind(NodeKind.SAM_PARAMETER):
        if not is_secret_key(node.name):
            continue
        no_echo = node.values.get("NoEcho", node.meta.get("NoEcho"))
        if str(no_echo).lower() != "true":
            yield Violation(
                node,
                f"SAM parameter {node.address} has a secret-like name but no `NoEcho: true`",
                "NoEcho" if "NoEcho" in node.spans else "",
                evidence=(f"{node.loc} {node.address}: NoEcho = {no_echo}",),
            )
        if node.values.get("Default") not in (None, ""):
            default = node.values["Default"]
            yield Violation(
                node,
                f"SAM parameter {node.address} has a secret-like name and a Default ({_masked(str(default))}); "
                "secrets have no default",
                "Default",
                evidence=_evidence(node, "Default", str(default)),
            )


# --- NC-SECRET-003 -----------------------------------------------------------------------------------


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


@FAMILY.rule(
    id="NC-SECRET-003",
    title="No resource writes a secret value into Terraform state",
    severity=Severity.HIGH,
    spec_section=SECTION,
    checklist=CHECKLIST,
    what="No Terraform resource or data source that stores a secret in state: aws_secretsmanager_secret_version "
    "with secret_string/secret_binary, an aws_ssm_parameter SecureString with a value, random_password (and "
    "random_string used as a secret), aws_iam_access_key without pgp_key, tls_private_key, aws_db_instance / "
    "aws_rds_cluster with a password instead of manage_master_user_password, an aws_cognito_user_pool_client "
    "with generate_secret = true, and data sources that read a secret's value. (A Lambda function's "
    "environment is in state too: NC-SECRET-004 reports secrets there.)",
    why="Section 3's rule is that database passwords, API keys, JWT secrets and OAuth credentials are never "
    "stored in Terraform state: state is readable by everyone with access to the state bucket, and S3 "
    "versioning keeps every old copy.",
    noncompliant='resource "aws_db_instance" "notes" {\n  password = var.db_password\n}\n\n'
    'resource "aws_secretsmanager_secret_version" "jwt" {\n  secret_id     = aws_secretsmanager_secret.jwt.id\n'
    "  secret_string = random_password.jwt.result\n}",
    compliant='resource "aws_db_instance" "notes" {\n  manage_master_user_password = true\n}\n\n'
    'resource "aws_secretsmanager_secret" "jwt" {\n  name = "notes/prod/jwt"  # value set with the AWS CLI\n}',
    remediation="Create only the secret container in Terraform (aws_secretsmanager_secret) and set its value "
    "outside Terraform or with write-only arguments (secret_string_wo, value_wo, password_wo); let RDS manage "
    "the master password; read secrets at runtime, not with data sources.",
)
def secrets_in_state(graph: Graph, ctx: Context) -> Iterable[Violation]:
    for node in graph.of_kind(NodeKind.RESOURCE, NodeKind.DATA):
        if node.tool != Tool.TERRAFORM:
            continue
        for path, why in _state_writers(node, graph):
            value = node.get(path) if path else None
            yield Violation(node, f"{node.address}: {why}", path, evidence=_evidence(node, path, value))


# --- NC-SECRET-004 -----------------------------------------------------------------------------------


def _environment_blocks(graph: Graph) -> Iterator[tuple[Node, str, Any]]:
    for node in graph.resources(*TF_FUNCTION_TYPES, tool=Tool.TERRAFORM):
        yield node, TF_ENV_PATH, node.get(TF_ENV_PATH)
    for node in graph.resources(*SAM_FUNCTION_TYPES, tool=Tool.SAM):
        yield node, SAM_ENV_PATH, node.get(SAM_ENV_PATH)
    for node in graph.of_kind(NodeKind.SAM_TEMPLATE):
        yield node, GLOBALS_ENV_PATH, node.get(GLOBALS_ENV_PATH)


@FAMILY.rule(
    id="NC-SECRET-004",
    title="No secrets in Lambda environment variables",
    severity=Severity.HIGH,
    spec_section=SECTION,
    checklist=CHECKLIST,
    what="No Lambda function (SAM AWS::Serverless::Function or AWS::Lambda::Function, with Globals; Terraform "
    "aws_lambda_function) has an environment variable with a secret-like name holding a value (a literal, a "
    "parameter or variable, or a value only known at deploy time), or a value shaped like a credential. An "
    "environment variable holding a Secrets Manager ARN, an SSM parameter name or a {{resolve:...}} "
    "reference is fine.",
    why="Section 3 has infrastructure fetch secrets at runtime from Secrets Manager or Parameter Store. An "
    "environment variable is plain text in the function's configuration (lambda:GetFunctionConfiguration), in "
    "the CloudFormation template and, for Terraform, in state.",
    noncompliant="Environment:\n  Variables:\n    JWT_SECRET: !Ref JwtSecret\n    API_KEY: live-key-1234",
    compliant="Environment:\n  Variables:\n    JWT_SECRET_ARN: !Ref JwtSecretArn\n"
    "    API_KEY_PARAMETER: /notes/prod/api-key",
    remediation="Put the secret in Secrets Manager (or an SSM SecureString), pass its ARN or name in the "
    "environment (JWT_SECRET_ARN), grant secretsmanager:GetSecretValue to the function's role, and read it at "
    "cold start.",
)
def lambda_environment_secrets(graph: Graph, ctx: Context) -> Iterable[Violation]:
    seen: set[tuple[str, int, str]] = set()
    for node, base, variables in _environment_blocks(graph):
        if not isinstance(variables, dict):
            continue
        for name, value in variables.items():
            path = f"{base}.{name}"
            message = _environment_problem(node, path, str(name), value)
            if not message:
                continue
            where = node.location_of(path)
            key = (where.file, where.line, str(name))
            if key in seen:
                continue
            seen.add(key)
            yield Violation(node, message, path, evidence=_evidence(node, path, value))


def _secret_dynamic_reference(node: Node, path: str) -> bool:
    """A CloudFormation `{{resolve:secretsmanager:...}}` / `{{resolve:ssm-secure:...}}` written at this path."""
    for entry in node.meta.get("dynamic_references", ()):
        if len(entry) >= 2 and entry[0] == path and entry[1] in ("secretsmanager", "ssm-secure"):
            return True
    return False


def _environment_problem(node: Node, path: str, name: str, value: Any) -> str:
    where = f"{node.address}: environment variable {name}"
    if isinstance(value, str):
        shape = token_shape(value)
        if shape:
            return f"{where} holds a value {_shaped_like(shape)} ({mask(value)})"
        if is_secret_key(name) and is_secret_literal(value):
            return f"{where} has a secret-like name and holds a value ({mask(value)}), not a reference to it"
        return ""
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


__all__ = ["FAMILY"]
