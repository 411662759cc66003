"""NC-ENV-004: Domains follow the spec's environment mapping."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Node, NodeKind, Severity, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.iam import as_tuple
from policies.lib.naming import by_location, env_domains


def _fqdn(name: str, root_domain: str) -> str:
    name = name.rstrip(".").lower()
    return name if name == root_domain or name.endswith("." + root_domain) else f"{name}.{root_domain}"


def _within(host: str, domains: Iterable[str]) -> bool:
    host = host.lstrip("*.")
    return any(host == d or host.endswith("." + d) for d in domains)


def _covers(certificate_domain: str, domain: str) -> bool:
    """An ACM domain serves `domain`: the same name, or a wildcard one level above it."""
    if certificate_domain == domain:
        return True
    return certificate_domain.startswith("*.") and domain.partition(".")[2] == certificate_domain[2:]


def domain_checks(node: Node) -> list[tuple[str, str]]:
    """(path, role) of the domain-bearing attributes of a node; role is 'frontend', 'api', 'zone' or 'cert'."""
    if node.type == "aws_cloudfront_distribution":
        return [(f"aliases.{i}", "frontend") for i, _ in enumerate(as_tuple(node.get("aliases")))]
    if node.type in ("aws_api_gateway_domain_name", "aws_apigatewayv2_domain_name"):
        return [("domain_name", "api")]
    if node.type == "aws_route53_record":
        return [("name", "zone")]
    if node.type == "aws_acm_certificate" and node.kind == NodeKind.DATA:
        return [("domain", "cert")]
    if node.type == "AWS::Serverless::Api":
        return [("Properties.Domain.DomainName", "api")] if node.get("Properties.Domain") else []
    if node.type == "AWS::ApiGateway::DomainName":
        return [("Properties.DomainName", "api")]
    return []


def domains_follow_mapping(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    frontend, api = env_domains(ctx, ctx.env)
    root = ctx.spec["root_domain"]
    expected = {"frontend": {frontend}, "api": {api}}
    for node in by_location(n for n in graph.nodes.values() if n.kind != NodeKind.MODULE):
        for path, role in domain_checks(node):
            value = node.get(path)
            if value is None:
                continue
            if is_unknown(value):
                yield Violation(node, f"{node.address}: {path} cannot be known statically ({value.reason})", path)
                continue
            if not isinstance(value, str):
                continue
            host = value.rstrip(".").lower()
            if role in expected:
                ok = host in expected[role]
                wanted = next(iter(expected[role]))
            elif role == "zone":
                host = _fqdn(host, root)
                ok = _within(host, (frontend, api))
                wanted = f"{frontend} or {api} (or a name under them)"
            else:
                ok = _covers(host, frontend) or _covers(host, api)
                wanted = f"{frontend} or {api}"
            if not ok:
                yield Violation(node, f"{node.address}: {path} is {value!r}; {ctx.env} uses {wanted}", path)


RULE = Rule(
    id="NC-ENV-004",
    family="environments",
    title="Domains follow the spec's environment mapping",
    severity=Severity.HIGH,
    spec_section="2. Environment Separation Model (Networking & Content Delivery: domain strategy)",
    checklist="separation",
    what=(
        "The host names an environment serves are its own: CloudFront `aliases` equal its frontend domain, "
        "`aws_api_gateway_domain_name.domain_name` / SAM `Domain.DomainName` equal its API domain, Route53 records "
        'sit at or under its frontend or API domain, and `data "aws_acm_certificate"` lookups ask for one of its '
        "domains (or a wildcard covering one). The mapping: dev `p1-dev.fikri.dev` / `api.p1-dev.fikri.dev`, staging "
        "`p1-sta.fikri.dev` / `api.p1-sta.fikri.dev`, prod `p1.fikri.dev` / `api.p1.fikri.dev`."
    ),
    why=(
        "Section 2 (domain strategy) maps each environment to its own frontend and API host names. A staging "
        "distribution claiming `p1.fikri.dev`, or a dev record overwriting the prod alias, sends real users to the "
        "wrong environment — or fails the apply because CloudFront aliases are unique account-wide."
    ),
    noncompliant=(
        "# envs/staging.tfvars\n"
        'frontend_domain = "p1.fikri.dev"'
    ),
    compliant=(
        "# envs/staging.tfvars\n"
        'frontend_domain = "p1-sta.fikri.dev"\n'
        'api_domain      = "api.p1-sta.fikri.dev"'
    ),
    remediation=(
        "Take every host name from `var.frontend_domain` / `var.api_domain` (Terraform) or the `ApiDomain` parameter "
        "(SAM) and set them per environment in `envs/<env>.tfvars` and samconfig.toml, following the spec's mapping."
    ),
    check=domains_follow_mapping,
)
