"""NC-HOST-009: An API Gateway REST API with its custom domain is defined."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Location, Node, NodeKind, Severity
from policies.base import Rule, RuleContext, Violation
from policies.lib.hosting import root_location_node

API_TYPES = ("AWS::Serverless::Api", "AWS::ApiGateway::RestApi", "aws_api_gateway_rest_api")


API_DOMAIN_TYPES = ("AWS::ApiGateway::DomainName", "aws_api_gateway_domain_name", "aws_apigatewayv2_domain_name")


def _api_anchor(graph: Graph) -> tuple[Node, Location | None] | None:
    template = [n for n in graph.of_kind(NodeKind.SAM_TEMPLATE)]
    if template:
        return template[0], template[0].location_of("Resources")
    anchor = root_location_node(graph)
    return (anchor, None) if anchor is not None else None


def api_defined(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    anchor = _api_anchor(graph)
    if anchor is None:
        return
    node, location = anchor
    apis = graph.resources(*API_TYPES)
    if not apis:
        yield Violation(node, f"{ctx.env} defines no API Gateway REST API (AWS::Serverless::Api)", location=location)
        return
    has_domain = graph.resources(*API_DOMAIN_TYPES) or [a for a in apis if a.get("Properties.Domain")]
    if not has_domain:
        yield Violation(
            node,
            f"{ctx.env} defines no API custom domain for {ctx.env_spec['api_domain']}",
            location=location,
        )


RULE = Rule(
    id="NC-HOST-009",
    family="hosting",
    title="An API Gateway REST API with its custom domain is defined",
    severity=Severity.HIGH,
    spec_section="2. Environment Separation Model (Networking & Content Delivery)",
    checklist="networking",
    what=(
        "The environment defines a REST API (SAM `AWS::Serverless::Api`, the API Gateway ingress of section 2) and "
        "an API custom domain (`Domain` of the SAM API, or an `aws_api_gateway_domain_name`). Reported on the "
        "template's `Resources` (or the root main.tf when there is no SAM template)."
    ),
    why=(
        "Section 2: 'API Ingress: Amazon API Gateway — REST API entry point; custom domain mapping via API Gateway "
        "Custom Domains', with the flow 'User -> api.p1.fikri.dev -> API Gateway -> Lambda'. Without them the "
        "backend has no stable HTTPS address."
    ),
    noncompliant=(
        "Resources:\n"
        "  NotesFunction:\n"
        "    Type: AWS::Serverless::Function\n"
        "    Events:\n"
        "      Api: { Type: HttpApi }   # no REST API, no custom domain"
    ),
    compliant=(
        "Resources:\n"
        "  NotesApi:\n"
        "    Type: AWS::Serverless::Api\n"
        "    Properties:\n"
        "      StageName: !Ref Environment\n"
        "      Domain:\n"
        "        DomainName: !Ref ApiDomain\n"
        "        CertificateArn: !Ref ApiCertificateArn"
    ),
    remediation=(
        "Declare an `AWS::Serverless::Api` in sam/template.yaml and map it to the environment's API domain (SAM "
        "`Domain`, or Terraform's `aws_api_gateway_domain_name` with a base path mapping)."
    ),
    check=api_defined,
)
