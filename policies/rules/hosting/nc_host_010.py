"""NC-HOST-010: API Gateway custom domains require TLS 1.2."""


from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from checker.model import Graph, Node, Severity, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.hosting import NETWORKING, as_list
from policies.lib.limits import value_origin

# The resource types that configure an API custom domain.
TERRAFORM_REST = "aws_api_gateway_domain_name"
TERRAFORM_V2 = "aws_apigatewayv2_domain_name"
SAM_APIS = ("AWS::Serverless::Api", "AWS::Serverless::HttpApi")
CFN_REST = "AWS::ApiGateway::DomainName"
CFN_V2 = "AWS::ApiGatewayV2::DomainName"

# Every enhanced policy AWS lists (SecurityPolicy_TLS13_1_3_2025_09, SecurityPolicy_TLS13_1_2_2021_06,
# SecurityPolicy_TLS12_PFS_2025_EDGE, SecurityPolicy_TLS12_2018_EDGE, ..._FIPS_..., ..._PQ_...) has a TLS 1.2
# or TLS 1.3 floor; the legacy ones are TLS_1_0 (accepts TLS 1.0) and TLS_1_2.
_ENHANCED = re.compile(r"SecurityPolicy_TLS1[23]_[A-Z0-9_]+")


def security_policy_ok(value: Any) -> bool:
    """TLS_1_2, or an enhanced SecurityPolicy_TLS12_* / SecurityPolicy_TLS13_* policy."""
    return isinstance(value, str) and (value == "TLS_1_2" or _ENHANCED.fullmatch(value) is not None)


def policy_paths(node: Node) -> Iterator[tuple[str, str]]:
    """(path of the security policy, path its absence is reported at) of each domain a node configures;
    a path whose parent cannot be known is yielded as the parent itself."""
    if node.type == TERRAFORM_REST:
        yield "security_policy", ""
    elif node.type in (TERRAFORM_V2, CFN_V2):
        block, key = (
            ("domain_name_configuration", "security_policy")
            if node.type == TERRAFORM_V2
            else ("Properties.DomainNameConfigurations", "SecurityPolicy")
        )
        configurations = node.get(block)
        if is_unknown(configurations):
            yield block, block
            return
        for index, _ in enumerate(as_list(configurations)):
            yield f"{block}.{index}.{key}", f"{block}.{index}"
    elif node.type == CFN_REST:
        yield "Properties.SecurityPolicy", "Properties"
    elif node.type in SAM_APIS:
        domain = node.get("Properties.Domain")
        if domain is None:
            return
        if is_unknown(domain):
            yield "Properties.Domain", "Properties.Domain"
            return
        yield "Properties.Domain.SecurityPolicy", "Properties.Domain"


def _shows(value: str) -> Callable[[str], bool]:
    """Does an origin (tfvars, samconfig.toml) line show the value that arrived?"""

    def shows(shown: str) -> bool:
        return shown == value

    return shows


def api_domains(graph: Graph) -> list[Node]:
    types = (TERRAFORM_REST, TERRAFORM_V2, CFN_REST, CFN_V2, *SAM_APIS)
    return sorted(graph.resources(*types), key=Node.sort_key)


def api_domain_tls(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for node in api_domains(graph):
        for path, absent_at in policy_paths(node):
            value = node.get(path)
            evidence = tuple(node.trace_of(path))
            if is_unknown(value):
                yield Violation(
                    node,
                    f"{node.address}: {path} cannot be known statically ({value.reason}); the API domain's TLS "
                    "floor is not shown to be TLS 1.2",
                    path,
                    evidence=evidence,
                )
            elif value is None:
                yield Violation(
                    node,
                    f"{node.address}: the API custom domain sets no security policy (API Gateway then applies "
                    "its default, TLS_1_0, which accepts TLS 1.0); set it explicitly to TLS_1_2",
                    absent_at,
                )
            elif not security_policy_ok(value):
                origin = value_origin(node, path, _shows(value))
                came = f" (from {origin})" if origin is not None else ""
                yield Violation(
                    node,
                    f"{node.address}: {path} is {value!r}{came}; API custom domains require TLS_1_2 or a newer "
                    "SecurityPolicy_TLS12_*/SecurityPolicy_TLS13_* policy",
                    path,
                    evidence=evidence,
                    location=origin,
                )


RULE = Rule(
    id="NC-HOST-010",
    family="hosting",
    title="API Gateway custom domains require TLS 1.2",
    severity=Severity.HIGH,
    spec_section=NETWORKING,
    checklist="networking",
    what=(
        "Every API custom domain sets a TLS 1.2 (or newer) security policy: Terraform "
        "`aws_api_gateway_domain_name.security_policy` and "
        "`aws_apigatewayv2_domain_name.domain_name_configuration[*].security_policy`; SAM "
        "`AWS::Serverless::Api` / `AWS::Serverless::HttpApi` `Domain.SecurityPolicy` (Globals merged); "
        "CloudFormation `AWS::ApiGateway::DomainName.SecurityPolicy` and "
        "`AWS::ApiGatewayV2::DomainName.DomainNameConfigurations[*].SecurityPolicy`. Compliant: `TLS_1_2` or an "
        "enhanced `SecurityPolicy_TLS12_*` / `SecurityPolicy_TLS13_*` policy. `TLS_1_0` is a finding, an omitted "
        "policy is a finding (set it explicitly), and a value that cannot be known statically is reported as "
        "unknown, never passed."
    ),
    why=(
        "Section 2 (Networking & Content Delivery): 'HTTPS: Enforced via existing ACM Certificates', with API "
        "ingress through API Gateway custom domains; the custom domain is where the API's TLS is terminated, and "
        "its security policy sets the TLS floor. `TLS_1_0` accepts TLS 1.0 (and its weak ciphers). Reading of "
        "the AWS documentation: API Gateway's security policy for a custom domain is one of `TLS_1_0`, `TLS_1_2` "
        "or an enhanced `SecurityPolicy_*`; the Terraform provider, CloudFormation and SAM document no default "
        "for an omitted policy, and API Gateway's own default for edge-optimized and Regional REST endpoints is "
        "TLS 1.0 (AWS Config's apigateway-domain-name-tls-check and Checkov CKV_AWS_206 flag it). An omitted "
        "policy is therefore read as TLS_1_0 and reported, for v2 domains too (the v2 API accepts TLS_1_0 and a "
        "v2 domain can carry REST and WebSocket mappings): setting it explicitly makes the floor visible."
    ),
    noncompliant=(
        'resource "aws_api_gateway_domain_name" "api" {\n'
        "  domain_name              = var.api_domain\n"
        "  regional_certificate_arn = data.aws_acm_certificate.api.arn\n"
        '  security_policy          = "TLS_1_0"\n'
        "}"
    ),
    compliant=(
        'resource "aws_api_gateway_domain_name" "api" {\n'
        "  domain_name              = var.api_domain\n"
        "  regional_certificate_arn = data.aws_acm_certificate.api.arn\n"
        '  security_policy          = "TLS_1_2"\n'
        "}"
    ),
    remediation=(
        'Set `security_policy = "TLS_1_2"` on the `aws_api_gateway_domain_name` (`security_policy` in each '
        "`domain_name_configuration` of an `aws_apigatewayv2_domain_name`), or `SecurityPolicy: TLS_1_2` in the "
        "SAM API's `Domain` / the CloudFormation domain name."
    ),
    check=api_domain_tls,
)
