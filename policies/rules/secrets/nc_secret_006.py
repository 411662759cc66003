"""NC-SECRET-006: An SSM parameter that holds a secret is a SecureString, never a String."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from checker.content_secrets import ContentSecret, is_content
from checker.model import Graph, Node, NodeKind, Severity, Tool, Unknown, is_unknown
from checker.secrets import is_secret_key, mask, mask_value_in_text
from policies.base import Rule, RuleContext, Violation
from policies.lib.secret_values import (
    candidate_literals,
    literal_origin,
    secret_source,
    shaped_like,
    value_shape,
)

_PLAIN_TYPES = ("String", "StringList")


def _last_segment(name: Any) -> str:
    """`db_password` of `/notes/prod/db_password`, also when the path is built from unknown parts."""
    if isinstance(name, Unknown):
        name = name.known[-1] if name.known else ""
    return str(name or "").rstrip("/").rsplit("/", 1)[-1]


def _secret_variables(graph: Graph) -> set[str]:
    return {
        node.name
        for node in graph.of_kind(NodeKind.VARIABLE)
        if is_secret_key(node.name) or node.values.get("sensitive") is True
    }


# Where each parameter type keeps its value: Terraform's `value` (and `insecure_value`), CloudFormation's.
_VALUE_PATHS = ("value", "insecure_value", "Properties.Value")

Found = Mapping[str, tuple[ContentSecret, ...]]


def _content_texts(node: Node) -> Iterable[tuple[str, str]]:
    """(path, text) of the node's value when it is content (a JSON document, `key=value` lines), partly known
    values' literal text included: the texts NC-SECRET-005's scan reads."""
    for path, _, text in candidate_literals(node, partly_known=True):
        if path in _VALUE_PATHS and is_content(text):
            yield path, text


class _Why:
    """Why a parameter holds a secret, and the secret found inside its content (masked everywhere)."""

    def __init__(self, text: str, secret: ContentSecret | None = None, evidence: tuple[str, ...] = ()) -> None:
        self.text, self.secret, self.evidence = text, secret, evidence

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self.secret.value,) if self.secret else ()


def _in_content(node: Node, found: Found) -> _Why | None:
    for path, text in _content_texts(node):
        for secret in found.get(text, ()):
            where = literal_origin(node, path, containing=secret.value)
            lines = text.splitlines()
            line = lines[secret.line - 1].strip() if secret.line <= len(lines) else ""
            position = f" on line {secret.line}" if len(lines) > 1 else ""
            article = "an" if secret.kind[:1].lower() in "aeiou" else "a"
            return _Why(
                f"its value holds {article} {secret.kind} ({mask(secret.value)}){position} of its content",
                secret,
                (f"{where} {mask_value_in_text(line, secret.value)}",),
            )
    return None


def _why_secret(
    node: Node, name: Any, value_paths: tuple[str, ...], secret_variables: set[str], found: Found, shapes: Found
) -> _Why | None:
    leaf = _last_segment(name)
    if leaf and is_secret_key(leaf):
        return _Why(f"its name `{leaf}` is secret-like")
    for value_path in value_paths:
        value = node.get(value_path)
        if isinstance(value, str) and (shape := value_shape(value, shapes)):
            label = "insecure_value" if value_path == "insecure_value" else "value"
            return _Why(f"its {label} is {shaped_like(shape)}", ContentSecret(1, shape, value))
        if source := secret_source(node, value_path, secret_variables):
            return _Why(source)
    return _in_content(node, found)


def _terraform(graph: Graph, secret_variables: set[str], found: Found, shapes: Found) -> Iterable[Violation]:
    for node in graph.resources("aws_ssm_parameter", tool=Tool.TERRAFORM):
        parameter_type = node.get("type")
        why = _why_secret(node, node.get("name"), ("value", "insecure_value"), secret_variables, found, shapes)
        if why is None:
            continue
        path = "type" if "type" in node.spans else ""
        if is_unknown(parameter_type):
            yield Violation(
                node,
                f"{node.address} holds a secret ({why.text}) and its type is not known before apply "
                f"({parameter_type.reason}): notescheck cannot tell that it is a SecureString; write "
                '`type = "SecureString"`',
                path,
                evidence=why.evidence,
                secrets=why.secrets,
            )
        elif parameter_type in _PLAIN_TYPES:
            yield Violation(
                node,
                f"{node.address} is a {parameter_type} parameter but holds a secret ({why.text}): anyone who can "
                "read parameters reads it in plain text, unencrypted; make it a SecureString (KMS-encrypted)",
                path,
                evidence=why.evidence,
                secrets=why.secrets,
            )


def _cloudformation(graph: Graph, found: Found, shapes: Found) -> Iterable[Violation]:
    for node in graph.resources("AWS::SSM::Parameter", tool=Tool.SAM):
        why = _why_secret(node, node.get("Properties.Name"), ("Properties.Value",), set(), found, shapes)
        if why is None:
            continue
        yield Violation(
            node,
            f"{node.address} is a CloudFormation SSM parameter of type {node.get('Properties.Type')} but holds a "
            f"secret ({why.text}): CloudFormation cannot create a SecureString, so the value is stored "
            "unencrypted; create the SecureString (or a Secrets Manager secret) outside the stack and pass its name",
            "Properties.Type" if "Properties.Type" in node.spans else "",
            evidence=why.evidence,
            secrets=why.secrets,
        )


def secure_string_parameters(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    secret_variables = _secret_variables(graph)
    parameters = [
        *graph.resources("aws_ssm_parameter", tool=Tool.TERRAFORM),
        *graph.resources("AWS::SSM::Parameter", tool=Tool.SAM),
    ]
    # one batch for the whole graph, cached by content as NC-SECRET-005's (a warm run imports no scanner)
    found = ctx.scan_content(text for node in parameters for _, text in _content_texts(node))
    # and detect-secrets' token plugins on the bare values, as NC-SECRET-001's (one scan, cached by content)
    values = (node.get(path) for node in parameters for path in _VALUE_PATHS)
    shapes = ctx.scan_content((value for value in values if isinstance(value, str)), whole_values=True)
    yield from _terraform(graph, secret_variables, found, shapes)
    yield from _cloudformation(graph, found, shapes)


RULE = Rule(
    id="NC-SECRET-006",
    family="secrets",
    title="An SSM parameter that holds a secret is a SecureString, never a String",
    severity=Severity.HIGH,
    spec_section="3. Sensitive Data Handling",
    checklist="secrets",
    what=(
        "An aws_ssm_parameter whose name ends in a secret-like word (`/notes/prod/db_password`, also when the "
        "path is built from variables), whose value (`value`, or `insecure_value`, meant for what is not secret) is "
        "shaped like a credential (notescheck's own shapes and "
        "detect-secrets' token plugins, as NC-SECRET-001: Twilio, Mailchimp, SendGrid, Telegram...), or whose "
        "value comes from a "
        "secret (a sensitive or secret-like variable, random_password, a secret_string), or whose value is "
        "content holding a secret (a JSON document or `key=value` lines with a password inside, found by "
        "NC-SECRET-005's content scan) is a SecureString: a "
        "`String` or `StringList` is a finding, and a type not known before apply is reported as such. A SAM "
        "or CloudFormation AWS::SSM::Parameter holding a secret is always a finding: CloudFormation can only "
        "create String and StringList parameters."
    ),
    why=(
        "Section 3 keeps secrets in Secrets Manager or Parameter Store; in Parameter Store that means a "
        "SecureString, encrypted with KMS and readable only with kms:Decrypt. A String parameter is plain text "
        "to every principal allowed ssm:GetParameter, shows in the console and in CloudTrail."
    ),
    noncompliant=(
        'resource "aws_ssm_parameter" "db_password" {\n'
        '  name  = "/notes/prod/db_password"\n'
        '  type  = "String"\n'
        "  value = random_password.db.result\n"
        "}"
    ),
    compliant=(
        'resource "aws_ssm_parameter" "db_password" {\n'
        '  name     = "/notes/prod/db_password"\n'
        '  type     = "SecureString"\n'
        "  value_wo = random_password.db.result  # write-only: kept out of state too (NC-SECRET-003)\n"
        "}"
    ),
    remediation=(
        'Set `type = "SecureString"` (with a KMS key if the default one is not wanted) and write the value with '
        "`value_wo` or outside Terraform; for a parameter a SAM template creates, create it outside the stack "
        "and pass its name. Rotate the value: it was readable in plain text."
    ),
    check=secure_string_parameters,
    sections=("environment", "shared"),
)
