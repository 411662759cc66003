"""NC-HOST-008: A CloudFront distribution serves the frontend."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity
from policies.base import Rule, RuleContext, Violation
from policies.lib.hosting import distributions, root_location_node


def cloudfront_defined(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    anchor = root_location_node(graph)
    if anchor is None or distributions(graph):
        return
    yield Violation(anchor, f"{ctx.env} defines no aws_cloudfront_distribution for {ctx.env_spec['frontend_domain']}")


RULE = Rule(
    id="NC-HOST-008",
    family="hosting",
    title="A CloudFront distribution serves the frontend",
    severity=Severity.HIGH,
    spec_section="2. Environment Separation Model (Networking & Content Delivery)",
    checklist="networking",
    what=(
        "The environment's Terraform defines an `aws_cloudfront_distribution` (the Global CDN of section 2). "
        "Reported on the first block of the root module's main.tf when none exists."
    ),
    why=(
        "Section 2 lists the networking layer the design requires: CloudFront delivers the frontend and terminates "
        "TLS for the frontend domain. The review checklist asks 'Networking elements (CloudFront, API Gateway) "
        "defined?'."
    ),
    noncompliant=(
        'module "hosting" {\n'
        '  source = "./modules/hosting"   # defines only the bucket\n'
        "}"
    ),
    compliant=(
        'resource "aws_cloudfront_distribution" "site" {\n'
        "  aliases = [var.frontend_domain]\n"
        "  ...\n"
        "}"
    ),
    remediation="Define the distribution in the hosting module (section 4), in front of the site bucket.",
    check=cloudfront_defined,
)
