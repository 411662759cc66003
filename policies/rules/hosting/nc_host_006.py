"""NC-HOST-006: Site bucket is not public (website hosting, ACL or bucket policy)."""


from __future__ import annotations

from collections.abc import Iterable, Iterator

from checker.model import Graph, Node, Severity, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.hosting import as_list, site_buckets
from policies.lib.iam import Statement, policy_statements
from policies.lib.s3 import bucket_companions

PUBLIC_ACLS = frozenset({"public-read", "public-read-write", "authenticated-read"})


PUBLIC_GRANTEES = ("http://acs.amazonaws.com/groups/global/AllUsers", "AuthenticatedUsers")


def public_statement_problem(statement: Statement) -> str | None:
    if statement.effect != "Allow":
        return None
    keys = statement.condition_keys()
    if statement.not_principals:
        return "grants access to every principal except those it lists (NotPrincipal)"
    for kind, identifier in statement.principals:
        if identifier == "*" and kind in ("*", "AWS") and "aws:sourcearn" not in keys:
            return 'grants access to everyone (Principal "*")'
        if identifier == "cloudfront.amazonaws.com" and "aws:sourcearn" not in keys:
            return "lets any CloudFront distribution read the bucket (no AWS:SourceArn condition)"
    return None


def public_exposures(graph: Graph, bucket: Node) -> Iterator[tuple[Node, str, str]]:
    """(node, path, why) for each way the bucket is opened to the public."""
    for website in bucket_companions(graph, bucket, "aws_s3_bucket_website_configuration"):
        yield website, "", "a website configuration serves the bucket on a public HTTP endpoint"
    if as_list(bucket.get("website")):
        yield bucket, "website", "the bucket's website block serves it on a public HTTP endpoint"
    acl_nodes = [(bucket, "acl")] + [(n, "acl") for n in bucket_companions(graph, bucket, "aws_s3_bucket_acl")]
    for node, path in acl_nodes:
        if node.get(path) in PUBLIC_ACLS:
            yield node, path, f"the canned ACL {node.get(path)!r} makes objects public"
    for node in bucket_companions(graph, bucket, "aws_s3_bucket_acl"):
        grants = as_list(node.get("access_control_policy.0.grant"))
        for index, grant in enumerate(grants):
            uri = str((grant.get("grantee") or [{}])[0].get("uri", "")) if isinstance(grant, dict) else ""
            if any(g in uri for g in PUBLIC_GRANTEES):
                yield node, f"access_control_policy.0.grant.{index}", f"an ACL grant to {uri}"
    for policy in bucket_companions(graph, bucket, "aws_s3_bucket_policy"):
        statements = policy_statements(graph, policy, "policy")
        if statements is None:
            continue
        if is_unknown(statements):
            yield policy, "policy", f"its policy cannot be known statically ({statements.reason})"
            continue
        for index, statement in enumerate(statements):
            problem = public_statement_problem(statement)
            if problem:
                label = repr(statement.sid) if statement.sid else str(index + 1)
                yield policy, "policy", f"policy statement {label} {problem}"


def site_bucket_private(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for bucket in site_buckets(graph):
        for node, path, why in public_exposures(graph, bucket):
            yield Violation(node, f"{bucket.address} is served by CloudFront but {why}", path)


RULE = Rule(
    id="NC-HOST-006",
    family="hosting",
    title="Site bucket is not public (website hosting, ACL or bucket policy)",
    severity=Severity.CRITICAL,
    spec_section=(
        "2. Environment Separation Model (Networking & Content Delivery); 4. Terraform Module Structure (hosting)"
    ),
    checklist="hosting",
    what=(
        "No bucket that CloudFront serves from has an `aws_s3_bucket_website_configuration`, a public canned ACL "
        "(`public-read`, `public-read-write`, `authenticated-read`) or ACL grant to AllUsers, or a bucket policy "
        'statement allowing `Principal "*"` (or the CloudFront service) without an `AWS:SourceArn` condition naming '
        "the distribution."
    ),
    why=(
        "Section 2 routes users through CloudFront to the bucket ('User -> CloudFront -> S3 Bucket'), with TLS at "
        "CloudFront. A public bucket bypasses CloudFront's HTTPS and caching, and a CloudFront grant without "
        "`AWS:SourceArn` lets any distribution, in any account, read the site."
    ),
    noncompliant=(
        "statement {\n"
        "  principals {\n"
        '    type        = "*"\n'
        '    identifiers = ["*"]\n'
        "  }\n"
        '  actions   = ["s3:GetObject"]\n'
        '  resources = ["${aws_s3_bucket.site.arn}/*"]\n'
        "}"
    ),
    compliant=(
        "statement {\n"
        "  principals {\n"
        '    type        = "Service"\n'
        '    identifiers = ["cloudfront.amazonaws.com"]\n'
        "  }\n"
        '  actions   = ["s3:GetObject"]\n'
        '  resources = ["${aws_s3_bucket.site.arn}/*"]\n'
        "  condition {\n"
        '    test     = "StringEquals"\n'
        '    variable = "AWS:SourceArn"\n'
        "    values   = [aws_cloudfront_distribution.site.arn]\n"
        "  }\n"
        "}"
    ),
    remediation=(
        "Remove website hosting and public ACLs; grant `s3:GetObject` only to `cloudfront.amazonaws.com` with "
        "`AWS:SourceArn` equal to the distribution's ARN."
    ),
    check=site_bucket_private,
)
