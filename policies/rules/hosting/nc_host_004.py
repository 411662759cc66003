"""NC-HOST-004: S3 origins are reached through origin access control."""


from __future__ import annotations

import re
from collections.abc import Iterable

from checker.model import Graph, Node, Severity
from policies.base import Rule, RuleContext, Violation
from policies.lib.hosting import as_list, distributions, evidence_text, origin_bucket


def is_s3_origin(graph: Graph, distribution: Node, index: int) -> bool:
    origin = distribution.get(f"origin.{index}") or {}
    domain = distribution.get(f"origin.{index}.domain_name")
    if as_list(origin.get("s3_origin_config")) or is_website_endpoint(distribution, index):
        return True
    if origin_bucket(graph, distribution, index) is not None:
        return True
    return isinstance(domain, str) and re.search(r"\.s3[.-]|s3-website", domain) is not None


def is_website_endpoint(distribution: Node, index: int) -> bool:
    path = f"origin.{index}.domain_name"
    domain = distribution.get(path)
    if isinstance(domain, str) and "s3-website" in domain:
        return True
    evidence = evidence_text(distribution, path)
    return "aws_s3_bucket_website_configuration" in evidence or "website_endpoint" in evidence


def origin_access_control(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for distribution in distributions(graph):
        for index, origin in enumerate(as_list(distribution.get("origin"))):
            if not isinstance(origin, dict) or not is_s3_origin(graph, distribution, index):
                continue
            base = f"origin.{index}"
            identity = distribution.get(f"{base}.s3_origin_config.0.origin_access_identity")
            if is_website_endpoint(distribution, index):
                yield Violation(
                    distribution,
                    f"{distribution.address}: origin {origin.get('origin_id')!r} is the bucket's public website "
                    "endpoint; use the bucket's regional domain with origin access control",
                    f"{base}.domain_name",
                )
            elif identity not in (None, ""):
                yield Violation(
                    distribution,
                    f"{distribution.address}: origin {origin.get('origin_id')!r} uses a legacy origin access "
                    "identity; use origin access control",
                    f"{base}.s3_origin_config.0.origin_access_identity",
                )
            elif distribution.get(f"{base}.origin_access_control_id") in (None, ""):
                yield Violation(
                    distribution,
                    f"{distribution.address}: S3 origin {origin.get('origin_id')!r} has no origin_access_control_id",
                    base,
                )


RULE = Rule(
    id="NC-HOST-004",
    family="hosting",
    title="S3 origins are reached through origin access control",
    severity=Severity.HIGH,
    spec_section=(
        "2. Environment Separation Model (Networking & Content Delivery); 4. Terraform Module Structure (hosting: "
        "S3, CloudFront, OAC)"
    ),
    checklist="hosting",
    what=(
        "Every CloudFront origin that is an S3 bucket sets `origin_access_control_id` (an "
        "`aws_cloudfront_origin_access_control`), and none uses the legacy origin access identity "
        "(`s3_origin_config.origin_access_identity`) or the bucket's public website endpoint."
    ),
    why=(
        "Section 4 gives the hosting module 'S3 website buckets, CloudFront distribution, OAC'; the flow of section "
        "2 is 'User -> CloudFront -> S3 Bucket'. With OAC only this distribution can read the bucket; a website "
        "endpoint makes the bucket itself public, and OAI is the deprecated mechanism."
    ),
    noncompliant=(
        "origin {\n"
        "  domain_name = aws_s3_bucket_website_configuration.site.website_endpoint\n"
        '  origin_id   = "site"\n'
        "  custom_origin_config { ... }\n"
        "}"
    ),
    compliant=(
        "origin {\n"
        "  domain_name              = aws_s3_bucket.site.bucket_regional_domain_name\n"
        '  origin_id                = "site"\n'
        "  origin_access_control_id = aws_cloudfront_origin_access_control.site.id\n"
        "}"
    ),
    remediation=(
        'Create an `aws_cloudfront_origin_access_control` (signing_behavior "always", signing_protocol "sigv4", '
        'origin type "s3"), set `origin_access_control_id` on the origin, point `domain_name` at '
        "`bucket_regional_domain_name`, and drop the website configuration and OAI."
    ),
    check=origin_access_control,
)
