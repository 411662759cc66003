"""NC-HOST-006: Site bucket is not public (website hosting, ACL or bucket policy)."""


from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from checker.model import Graph, Node, Severity, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.hosting import as_list, site_buckets
from policies.lib.iam import Statement, policy_statements
from policies.lib.s3 import bucket_companions

PUBLIC_ACLS = frozenset({"public-read", "public-read-write", "authenticated-read"})


PUBLIC_GRANTEES = ("http://acs.amazonaws.com/groups/global/AllUsers", "AuthenticatedUsers")


# Condition operators that hold only when the request's AWS:SourceArn matches a listed value. A negated one
# (StringNotEquals, ArnNotLike), `...IfExists` (true when the key is absent, as in an anonymous request) and
# `Null` (only tests presence) do not tie the grant to a distribution.
_MATCHING_OPERATORS = frozenset({"stringequals", "stringlike", "arnequals", "arnlike"})
# ArnEquals/ArnLike and StringLike take `*` and `?` in a value; StringEquals compares it literally.
_WILDCARD_OPERATORS = frozenset({"stringlike", "arnequals", "arnlike"})
_DISTRIBUTION_ARN = re.compile(r"^arn:aws[\w-]*:cloudfront::\d{12}:distribution/[A-Z0-9]+$")


def _source_arn_problem(statement: Statement) -> str | None:
    """Why the statement's AWS:SourceArn conditions do not name one distribution, or None when one does: the
    conditions are ANDed, so one condition matching only known distribution ARNs (or values referring to a
    distribution's arn, known after apply) is enough."""
    problems = []
    for operator, key, values in statement.conditions:
        if str(key).lower() != "aws:sourcearn":
            continue
        op = str(operator).lower()
        if op not in _MATCHING_OPERATORS:
            problems.append(f"its AWS:SourceArn condition ({operator}) does not require one distribution's ARN")
            continue
        problem = None
        for value in values or ():
            if is_unknown(value):
                written = "".join(value.known)
                if op in _WILDCARD_OPERATORS and ("*" in written or "?" in written):
                    shown = "${...}".join(value.known)
                    problem = f"its AWS:SourceArn value {shown!r} ({operator}) matches other distributions"
                elif not (_names_a_distribution(value.known) or _refers_to_distribution_arn(value.reason)):
                    problem = f"its AWS:SourceArn value cannot be known statically ({value.reason})"
            elif value is None:
                problem = "its AWS:SourceArn condition lists no value (null)"
            elif not isinstance(value, str):
                problem = f"its AWS:SourceArn value {value!r} is not a distribution ARN"
            elif op in _WILDCARD_OPERATORS and ("*" in value or "?" in value):
                problem = f"its AWS:SourceArn value {value!r} ({operator}) matches other distributions"
            elif not _DISTRIBUTION_ARN.match(value):
                problem = f"its AWS:SourceArn value {value!r} is not a CloudFront distribution ARN"
            if problem:
                break
        if not values:
            problem = "its AWS:SourceArn condition lists no value"
        if problem is None:
            return None
        problems.append(problem)
    return problems[0] if problems else "no AWS:SourceArn condition"


def _names_a_distribution(known: tuple[str, ...]) -> bool:
    """A distribution ARN built from references (`arn:aws:cloudfront::${account}:distribution/${id}`): the
    parts written out are a distribution ARN's, without a wildcard; only the account and id come later."""
    return bool(known) and known[0].startswith("arn:aws") and ":distribution/" in "".join(known)


def _refers_to_distribution_arn(reason: str) -> bool:
    """An unknown that is a distribution's ARN: `aws_cloudfront_distribution.site.arn` (known after apply), or
    a data source reading one."""
    return re.search(r"\baws_cloudfront_distribution\.[\w-]+(\[[^\]]*\])?(\.arn\b|\s+is read)", reason) is not None


def public_statement_problem(statement: Statement) -> str | None:
    if statement.effect != "Allow":
        return None
    if statement.not_principals:
        return "grants access to every principal except those it lists (NotPrincipal)"
    for kind, identifier in statement.principals:
        if identifier == "*" and kind in ("*", "AWS"):
            problem = _source_arn_problem(statement)
            if problem is not None:
                return f'grants access to everyone (Principal "*"): {problem}'
        if identifier == "cloudfront.amazonaws.com":
            problem = _source_arn_problem(statement)
            if problem is not None:
                return f"lets any CloudFront distribution read the bucket: {problem}"
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
        "the distribution: a `StringEquals`/`StringLike`/`ArnEquals`/`ArnLike` test whose values are distribution "
        "ARNs without a wildcard (`arn:aws:cloudfront::${account}:distribution/*` under `ArnLike` names every "
        "distribution of the account; a negated, `...IfExists` or `Null` test names none). A value that cannot be "
        "known statically and is not a distribution's ARN is reported as unknown."
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
