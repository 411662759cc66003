"""NC-SECRET-002: Secret-like variables, outputs and SAM parameters are sensitive, without a default."""


from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from checker.content_secrets import ContentSecret
from checker.model import Graph, Node, NodeKind, Severity
from checker.secrets import is_secret_key
from policies.base import Rule, RuleContext, Violation
from policies.lib.secret_values import (
    masked_evidence,
    masked_value,
    secret_source,
    shaped_like,
    value_shape,
    walk_values,
)


def _declared_type_is_scalar_non_string(node: Node) -> bool:
    default = node.values.get("default")
    return isinstance(default, bool | int | float) and not isinstance(default, str)


def _output_strings(node: Node) -> Iterator[str]:
    for _, leaf in walk_values(node.values.get("value"), "value"):
        if isinstance(leaf, str):
            yield leaf


def _output_is_secret(
    node: Node, secret_variables: set[str], shapes: Mapping[str, tuple[ContentSecret, ...]]
) -> tuple[str, tuple[str, ...]]:
    """Why the output is a secret ("" if nothing says so), and the credential-shaped values it holds."""
    if is_secret_key(node.name):
        return "its name is secret-like", ()
    for leaf in _output_strings(node):
        if shape := value_shape(leaf, shapes):
            return f"its value is {shaped_like(shape)}", (leaf,)
    return secret_source(node, "value", secret_variables), ()


def sensitive_declarations(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
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
                f"({masked_value(default) if isinstance(default, str) else 'non-empty'}); secrets have no default",
                "default",
                evidence=masked_evidence(node, "default", default),
            )
    outputs = [node for node in graph.of_kind(NodeKind.OUTPUT) if node.values.get("sensitive") is not True]
    # detect-secrets' token plugins on the outputs' values, as NC-SECRET-001's: one scan, cached by content
    shapes = ctx.scan_content((leaf for node in outputs for leaf in _output_strings(node)), whole_values=True)
    for node in outputs:
        why, secrets = _output_is_secret(node, secret_variables, shapes)
        if why:
            yield Violation(
                node,
                f"{node.address} is not `sensitive = true` but {why}",
                "sensitive" if "sensitive" in node.spans else "",
                evidence=masked_evidence(node, "value", secrets[0] if secrets else node.values.get("value")),
                secrets=secrets,
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
                f"SAM parameter {node.address} has a secret-like name and a Default ({masked_value(str(default))}); "
                "secrets have no default",
                "Default",
                evidence=masked_evidence(node, "Default", str(default)),
            )


RULE = Rule(
    id="NC-SECRET-002",
    family="secrets",
    title="Secret-like variables, outputs and SAM parameters are sensitive, without a default",
    severity=Severity.HIGH,
    spec_section="3. Sensitive Data Handling",
    checklist="secrets",
    what=(
        "A Terraform variable with a secret-like name (password, secret, token, api_key, private_key...) is declared "
        "`sensitive = true` and has no default; an output with a secret-like name, whose value comes from a "
        "secret, or whose value is shaped like a credential (notescheck's own shapes and detect-secrets' token "
        "plugins, as NC-SECRET-001: Twilio, Mailchimp, SendGrid, Telegram...) is `sensitive = true`; a SAM "
        "parameter with a secret-like name has `NoEcho: true` and no Default."
    ),
    why=(
        "Section 3 keeps secrets out of the code and out of what Terraform and CloudFormation print. Without "
        "`sensitive`, plan and apply output (and CI logs) show the value; a default puts a value in the repository; "
        "without NoEcho, the console and describe-stacks show the parameter."
    ),
    noncompliant=(
        'variable "db_password" {\n'
        "  type    = string\n"
        '  default = "changeme"\n'
        "}\n"
        "\n"
        'output "api_token" {\n'
        "  value = random_password.api.result\n"
        "}"
    ),
    compliant=(
        'variable "db_password" {\n'
        "  type      = string\n"
        "  sensitive = true\n"
        "}\n"
        "\n"
        'output "api_token_secret_arn" {\n'
        "  value = aws_secretsmanager_secret.api.arn\n"
        "}"
    ),
    remediation=(
        "Add `sensitive = true` and remove the default (or, better, pass only the ARN of a Secrets Manager secret); "
        "on SAM parameters set `NoEcho: true` and drop `Default`."
    ),
    check=sensitive_declarations,
    sections=("environment", "shared"),
)
