"""NC-SECRET-006: An SSM parameter that holds a secret is a SecureString, never a String."""


from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from checker.model import Graph, Node, NodeKind, Severity, Tool, Unknown, is_unknown
from checker.secrets import is_secret_key, token_shape
from policies.base import Rule, RuleContext, Violation
from policies.lib.secret_values import secret_source, shaped_like

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


def _why_secret(node: Node, name: Any, value_path: str, secret_variables: set[str]) -> str:
    leaf = _last_segment(name)
    if leaf and is_secret_key(leaf):
        return f"its name `{leaf}` is secret-like"
    value = node.get(value_path)
    if isinstance(value, str) and (shape := token_shape(value)):
        return f"its value is {shaped_like(shape)}"
    return secret_source(node, value_path, secret_variables)


def _terraform(graph: Graph, secret_variables: set[str]) -> Iterable[Violation]:
    for node in graph.resources("aws_ssm_parameter", tool=Tool.TERRAFORM):
        parameter_type = node.get("type")
        why = _why_secret(node, node.get("name"), "value", secret_variables) or secret_source(
            node, "insecure_value", secret_variables
        )
        if not why:
            continue
        path = "type" if "type" in node.spans else ""
        if is_unknown(parameter_type):
            yield Violation(
                node,
                f"{node.address} holds a secret ({why}) and its type is not known before apply "
                f"({parameter_type.reason}): notescheck cannot tell that it is a SecureString; write "
                '`type = "SecureString"`',
                path,
            )
        elif parameter_type in _PLAIN_TYPES:
            yield Violation(
                node,
                f"{node.address} is a {parameter_type} parameter but holds a secret ({why}): anyone who can read "
                "parameters reads it in plain text, unencrypted; make it a SecureString (KMS-encrypted)",
                path,
            )


def _cloudformation(graph: Graph) -> Iterable[Violation]:
    for node in graph.resources("AWS::SSM::Parameter", tool=Tool.SAM):
        why = _why_secret(node, node.get("Properties.Name"), "Properties.Value", set())
        if not why:
            continue
        yield Violation(
            node,
            f"{node.address} is a CloudFormation SSM parameter of type {node.get('Properties.Type')} but holds a "
            f"secret ({why}): CloudFormation cannot create a SecureString, so the value is stored unencrypted; "
            "create the SecureString (or a Secrets Manager secret) outside the stack and pass its name",
            "Properties.Type" if "Properties.Type" in node.spans else "",
        )


def secure_string_parameters(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    secret_variables = _secret_variables(graph)
    yield from _terraform(graph, secret_variables)
    yield from _cloudformation(graph)


RULE = Rule(
    id="NC-SECRET-006",
    family="secrets",
    title="An SSM parameter that holds a secret is a SecureString, never a String",
    severity=Severity.HIGH,
    spec_section="3. Sensitive Data Handling",
    checklist="secrets",
    what=(
        "An aws_ssm_parameter whose name ends in a secret-like word (`/notes/prod/db_password`, also when the "
        "path is built from variables), whose value is shaped like a credential, or whose value comes from a "
        "secret (a sensitive or secret-like variable, random_password, a secret_string) is a SecureString: a "
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
