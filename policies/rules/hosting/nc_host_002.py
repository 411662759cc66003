"""NC-HOST-002: CloudFront requires TLS 1.2 (2019 policy or newer)."""


from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from checker.model import Graph, Severity, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.hosting import distributions


def tls_version_ok(version: Any) -> bool:
    """TLSv1.2_2019 and later policies, and any TLSv1.3 policy."""
    if not isinstance(version, str):
        return False
    if version.startswith("TLSv1.3"):
        return True
    match = re.fullmatch(r"TLSv1\.2_(\d{4})", version)
    return match is not None and int(match.group(1)) >= 2019


def minimum_tls(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    path = "viewer_certificate.0.minimum_protocol_version"
    for distribution in distributions(graph):
        value = distribution.get(path)
        default_certificate = distribution.get("viewer_certificate.0.cloudfront_default_certificate")
        if default_certificate is True:
            yield Violation(
                distribution,
                f"{distribution.address}: viewer_certificate uses the default *.cloudfront.net certificate, with "
                "which CloudFront accepts TLSv1 whatever minimum_protocol_version says; use an ACM certificate "
                "with TLSv1.2_2021",
                "viewer_certificate.0.cloudfront_default_certificate",
            )
        if is_unknown(default_certificate):
            yield Violation(
                distribution,
                f"{distribution.address}: viewer_certificate.cloudfront_default_certificate cannot be known "
                f"statically ({default_certificate.reason}): with the default certificate CloudFront accepts TLSv1",
                "viewer_certificate.0.cloudfront_default_certificate",
            )
        if is_unknown(value):
            yield Violation(distribution, f"{distribution.address}: {path} cannot be known statically", path)
        elif value is None:
            yield Violation(
                distribution,
                f"{distribution.address}: viewer_certificate sets no minimum_protocol_version (CloudFront then "
                "accepts TLSv1)",
                "viewer_certificate",
            )
        elif not tls_version_ok(value):
            yield Violation(
                distribution, f"{distribution.address}: minimum_protocol_version is {value!r}; use TLSv1.2_2021", path
            )


RULE = Rule(
    id="NC-HOST-002",
    family="hosting",
    title="CloudFront requires TLS 1.2 (2019 policy or newer)",
    severity=Severity.HIGH,
    spec_section="2. Environment Separation Model (Networking & Content Delivery)",
    checklist="networking",
    what=(
        "Every `aws_cloudfront_distribution` sets `viewer_certificate.minimum_protocol_version` to `TLSv1.2_2019`, "
        "`TLSv1.2_2021` or a newer policy. Left unset, CloudFront accepts TLSv1; with "
        "`cloudfront_default_certificate = true` it accepts TLSv1 whatever the setting says, so that is a finding "
        "too."
    ),
    why=(
        "Section 2 makes CloudFront the TLS termination point of the frontend. TLS 1.0/1.1 and the old 1.2 policies "
        "allow ciphers that are no longer considered safe; the spec's 'HTTPS enforced' needs a modern floor."
    ),
    noncompliant=(
        "viewer_certificate {\n"
        "  acm_certificate_arn      = data.aws_acm_certificate.frontend.arn\n"
        '  minimum_protocol_version = "TLSv1"\n'
        "}"
    ),
    compliant=(
        "viewer_certificate {\n"
        "  acm_certificate_arn      = data.aws_acm_certificate.frontend.arn\n"
        '  ssl_support_method       = "sni-only"\n'
        '  minimum_protocol_version = "TLSv1.2_2021"\n'
        "}"
    ),
    remediation='Set `minimum_protocol_version = "TLSv1.2_2021"` in `viewer_certificate`.',
    check=minimum_tls,
)
