"""What Terraform publishes in SSM Parameter Store, as SAM reads it.

SAM receives the foundation's values through SSM: a parameter of type `AWS::SSM::Parameter::Value<...>`
whose value (in samconfig.toml or its Default) is a parameter name, or a `{{resolve:ssm:name}}` dynamic
reference. When the Terraform of the same environment creates an `aws_ssm_parameter` of that name, the SAM
value is that parameter's resolved value, and its evidence is the whole chain: the tfvars line, the
module inputs, the SSM parameter, the samconfig line, the template parameter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from checker.model import Node, NodeKind, Tool, Unknown, is_unknown
from checker.records import record

SSM_PARAMETER_TYPE = "AWS::SSM::Parameter::Value<"
# {{resolve:ssm:name}} or {{resolve:ssm:name:version}}; names may contain ':' only in an ARN form, not used here
_VERSION_SUFFIX = re.compile(r":\d+$")


@record(frozen=True)
class Published:
    """One SSM parameter Terraform creates: its name, value and the evidence behind the value."""

    name: str
    value: Any
    trace: tuple[str, ...]
    node_id: str
    address: str


def published_parameters(nodes: Iterable[Node]) -> dict[str, Published]:
    """SSM parameters the Terraform nodes of one environment create, by name (known names only). A name two
    resources publish has no single value; a SecureString's value is never carried across."""
    found: dict[str, Published] = {}
    repeated: set[str] = set()
    for node in nodes:
        if node.tool != Tool.TERRAFORM or node.kind != NodeKind.RESOURCE or node.type != "aws_ssm_parameter":
            continue
        name = node.get("name")
        if not isinstance(name, str) or not name:
            continue
        if name in found:
            repeated.add(name)
        value = node.get("value")
        if node.get("type") == "SecureString":
            value = Unknown(f"{node.address} is a SecureString")
        elif value is None:
            value = Unknown(f"{node.address} sets no value")
        trace = (*node.trace_of("value"), f"{node.address} publishes SSM parameter {name}")
        found[name] = Published(name, value, trace, node.id, node.address)
    for name in repeated:
        first = found[name]
        found[name] = Published(
            name, Unknown(f"SSM parameter {name} is created twice"), first.trace, first.node_id, first.address
        )
    return found


def ssm_name(reference: str) -> str:
    """The parameter name of a dynamic reference's `ssm:` part, without a version suffix."""
    return _VERSION_SUFFIX.sub("", reference.strip())


def as_parameter_value(declared_type: str, published: Published) -> Any:
    """The value a Ref to the SAM parameter yields: SSM holds text; list types split it at commas."""
    value = published.value
    if is_unknown(value):
        return Unknown(f"value of SSM parameter {published.name}, published by {published.address}: {value.reason}")
    text = _text(value)
    if text is None:
        return Unknown(f"SSM parameter {published.name} holds a {type(value).__name__}, not text")
    inner = declared_type[len(SSM_PARAMETER_TYPE) : -1] if declared_type.endswith(">") else "String"
    if inner.startswith("List<") or inner == "CommaDelimitedList":
        return [item.strip() for item in text.split(",")] if text else []
    return text


def _text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return value if isinstance(value, str) else None


__all__ = ["Published", "published_parameters", "ssm_name", "as_parameter_value", "SSM_PARAMETER_TYPE"]
