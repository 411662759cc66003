"""NC-ENV-005: SAM reads only its own environment's SSM parameters."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from checker.model import Graph, NodeKind, Severity, Unknown, is_unknown
from checker.sam.ssm import SSM_PARAMETER_TYPE, ssm_name
from policies.base import Rule, RuleContext, Violation
from policies.lib.naming import by_location, mentions_env
from policies.lib.secret_values import walk_values


def _other_env(name: str, ctx: RuleContext) -> str | None:
    return next((other for other in ctx.other_envs if mentions_env(name, other)), None)


_UNKNOWN_PART = "<unknown>"
# The SSM part of a dynamic reference in the known text of a value built at deploy (Fn::Sub of a parameter
# without a value): `{{resolve:ssm:/notes/<unknown>/security/kms-key-arn}}`.
_PARTLY_KNOWN_SSM = re.compile(r"\{\{resolve:ssm(?:-secure)?:([^}]*)")


def _unknown_ssm_names(node_values: dict[str, Any]) -> Iterator[tuple[str, str, Unknown]]:
    """(path, the SSM name as far as it is known, the value) of dynamic references whose name is only known
    at deploy."""
    for path, value in walk_values(node_values, ""):
        if not is_unknown(value):
            continue
        found = _PARTLY_KNOWN_SSM.search(_UNKNOWN_PART.join(value.known))
        if found is not None:
            yield path, found.group(1), value


def own_ssm_parameters(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for parameter in by_location(graph.of_kind(NodeKind.SAM_PARAMETER)):
        name = parameter.meta.get("ssm_parameter")
        if name is None and parameter.type.startswith(SSM_PARAMETER_TYPE):
            value = parameter.get("value")
            reason = value.reason if is_unknown(value) else "no value"
            yield Violation(
                parameter,
                f"{parameter.name} reads an SSM parameter whose name cannot be known statically ({reason}): "
                f"whether it is {ctx.env}'s cannot be verified",
                "value",
            )
            continue
        other = _other_env(name, ctx) if isinstance(name, str) else None
        if other is not None:
            yield Violation(
                parameter,
                f"{parameter.name} reads SSM parameter {name}, {other}'s, in {ctx.env}: the {ctx.env} stack would "
                f"run on {other}'s foundation",
                "value",
            )
    for node in by_location(graph.of_kind(NodeKind.SAM_RESOURCE, NodeKind.SAM_OUTPUT)):
        for path, known, value in _unknown_ssm_names(node.values):
            other = _other_env(known, ctx)
            if other is not None:
                yield Violation(
                    node,
                    f"{node.address}: {path} resolves {{{{resolve:ssm:{known}}}}}, {other}'s SSM parameter, in "
                    f"{ctx.env}",
                    path,
                )
            elif not mentions_env(known, ctx.env):
                yield Violation(
                    node,
                    f"{node.address}: {path} resolves an SSM parameter whose name cannot be known statically "
                    f"({known or _UNKNOWN_PART}: {value.reason}): whether it is {ctx.env}'s cannot be verified",
                    path,
                )
        for path, service, reference in node.meta.get("dynamic_references", ()):
            name = ssm_name(reference)
            other = _other_env(name, ctx) if service.startswith("ssm") else None
            if other is not None:
                yield Violation(
                    node,
                    f"{node.address}: {path} resolves {{{{resolve:{service}:{reference}}}}}, {other}'s SSM "
                    f"parameter, in {ctx.env}",
                    path,
                )


RULE = Rule(
    id="NC-ENV-005",
    family="environments",
    title="SAM reads only its own environment's SSM parameters",
    severity=Severity.CRITICAL,
    spec_section="2. Environment Separation Model; 1. Infrastructure-as-Code Strategy (separation of concerns)",
    checklist="separation",
    what=(
        "Every SAM parameter of type `AWS::SSM::Parameter::Value<...>` and every `{{resolve:ssm:...}}` reference "
        "names an SSM parameter of the environment checked: no other environment's name segment in the path "
        "(`/notes/dev/...` in prod). The finding is at the line that sets the name (samconfig.toml or the "
        "parameter's Default). A name known only at deploy is a finding too: an SSM-typed parameter with no "
        "Default and no samconfig override, a `{{resolve:ssm:...}}` built by `!Sub` from a parameter without a "
        "value, unless its known part already names the environment checked (`/notes/prod/config/${Name}`)."
    ),
    why=(
        "SAM receives the foundation Terraform owns (table, user pool, role, key, domain, the configuration table) "
        "through the SSM parameters each environment's Terraform publishes under `/notes/<env>/`. A prod stack that "
        "reads `/notes/dev/...` runs on dev's table and role, across the separation section 2 requires; nothing "
        "else in the template would show it, since the value is only known at deploy."
    ),
    noncompliant='[prod.deploy.parameters]\nparameter_overrides = "TableName=/notes/dev/dynamodb/table-name"',
    compliant='[prod.deploy.parameters]\nparameter_overrides = "TableName=/notes/prod/dynamodb/table-name"',
    remediation="Name the SSM parameter under this environment's prefix (`/notes/<env>/...`) in its samconfig section.",
    check=own_ssm_parameters,
)
