"""NC-HOST-003: CloudFront custom domain uses an ACM certificate."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.hosting import distributions


def custom_certificate(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for distribution in distributions(graph):
        aliases = distribution.get("aliases")
        if not aliases or is_unknown(aliases):
            continue
        if distribution.get("viewer_certificate.0.cloudfront_default_certificate") is True:
            yield Violation(
                distribution,
                f"{distribution.address} serves {aliases} with the default *.cloudfront.net certificate",
                "viewer_certificate.0.cloudfront_default_certificate",
            )
        elif distribution.get("viewer_certificate.0.acm_certificate_arn") is None:
            yield Violation(
                distribution,
                f"{distribution.address} serves {aliases} but viewer_certificate sets no acm_certificate_arn",
                "viewer_certificate",
            )


RULE = Rule(
    id="NC-HOST-003",
    family="hosting",
    title="CloudFront custom domain uses an ACM certificate",
    severity=Severity.HIGH,
    spec_section="2. Environment Separation Model (Networking & Content Delivery)",
    checklist="networking",
    what=(
        "A distribution with `aliases` uses an ACM certificate (`viewer_certificate.acm_certificate_arn`), not "
        "`cloudfront_default_certificate = true` (which only covers `*.cloudfront.net`)."
    ),
    why=(
        "Section 2: 'SSL/TLS: AWS Certificate Manager — use existing public certificate for p1.fikri.dev "
        "(CloudFront)'. With the default certificate, browsers reject the custom domain, or the alias is refused at "
        "apply."
    ),
    noncompliant=(
        'aliases = ["p1.fikri.dev"]\n'
        "viewer_certificate {\n"
        "  cloudfront_default_certificate = true\n"
        "}"
    ),
    compliant=(
        "aliases = [var.frontend_domain]\n"
        "viewer_certificate {\n"
        "  acm_certificate_arn = data.aws_acm_certificate.frontend.arn\n"
        "}"
    ),
    remediation=(
        'Look the existing us-east-1 certificate up with `data "aws_acm_certificate"` and set `acm_certificate_arn` '
        "to its ARN."
    ),
    check=custom_certificate,
)
