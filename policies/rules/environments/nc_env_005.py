"""NC-ENV-005: SAM reads only its own environment's SSM parameters."""

from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, NodeKind, Severity
from checker.sam.ssm import ssm_name
from policies.base import Rule, RuleContext, Violation
from policies.lib.naming import by_location, mentions_env


def _other_env(name: str, ctx: RuleContext) -> str | None:
    return next((other for other in ctx.other_envs if mentions_env(name, other)), None)


def own_ssm_parameters(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for parameter in by_location(graph.of_kind(NodeKind.SAM_PARAMETER)):
        name = parameter.meta.get("ssm_parameter")
        other = _other_env(name, ctx) if isinstance(name, str) else None
        if other is not None:
            yield Violation(
                parameter,
                f"{parameter.name} reads SSM parameter {name}, {other}'s, in {ctx.env}: the {ctx.env} stack would "
                f"run on {other}'s foundation",
                "value",
            )
    for node in by_location(graph.of_kind(NodeKind.SAM_RESOURCE, NodeKind.SAM_OUTPUT)):
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
        "parameter's Default)."
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
