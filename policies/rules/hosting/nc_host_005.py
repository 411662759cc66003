"""NC-HOST-005: Site bucket blocks all public access."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.hosting import site_buckets
from policies.lib.s3 import PUBLIC_ACCESS_FLAGS, bucket_companions


def site_bucket_access_block(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for bucket in site_buckets(graph):
        blocks = bucket_companions(graph, bucket, "aws_s3_bucket_public_access_block")
        if not blocks:
            yield Violation(bucket, f"{bucket.address} is served by CloudFront but has no public access block")
        for block in blocks:
            for flag in PUBLIC_ACCESS_FLAGS:
                value = block.get(flag)
                if is_unknown(value):
                    yield Violation(block, f"{block.address}: {flag} cannot be known statically", flag)
                elif value is not True:
                    yield Violation(block, f"{block.address}: {flag} is {value!r}; it must be true", flag)


RULE = Rule(
    id="NC-HOST-005",
    family="hosting",
    title="Site bucket blocks all public access",
    severity=Severity.HIGH,
    spec_section=(
        "2. Environment Separation Model (Networking & Content Delivery); 4. Terraform Module Structure (hosting)"
    ),
    checklist="hosting",
    what=(
        "Every S3 bucket a CloudFront distribution serves from has an `aws_s3_bucket_public_access_block` with "
        "`block_public_acls`, `block_public_policy`, `ignore_public_acls` and `restrict_public_buckets` all true."
    ),
    why=(
        "Section 2's flow is 'User -> CloudFront -> S3 Bucket': users reach the frontend through CloudFront only. "
        "The public access block is the account-level guard that keeps a later ACL or policy change from publishing "
        "the bucket directly."
    ),
    noncompliant=(
        'resource "aws_s3_bucket_public_access_block" "site" {\n'
        "  bucket                  = aws_s3_bucket.site.id\n"
        "  block_public_policy     = false\n"
        "  ...\n"
        "}"
    ),
    compliant=(
        'resource "aws_s3_bucket_public_access_block" "site" {\n'
        "  bucket                  = aws_s3_bucket.site.id\n"
        "  block_public_acls       = true\n"
        "  block_public_policy     = true\n"
        "  ignore_public_acls      = true\n"
        "  restrict_public_buckets = true\n"
        "}"
    ),
    remediation="Add an `aws_s3_bucket_public_access_block` for the site bucket with all four settings true.",
    check=site_bucket_access_block,
)
