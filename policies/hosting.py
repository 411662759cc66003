"""NC-HOST: the networking and hosting layer of section 2: CloudFront over a private S3 bucket, HTTPS with the
existing ACM certificates, and an API Gateway custom domain."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from checker.model import Graph, Location, Node, NodeKind, Severity, Tool, is_unknown
from policies.base import Context, RuleFamily, Violation
from policies.environments import Statement, policy_statements
from policies.state import PUBLIC_ACCESS_FLAGS, bucket_companions

FAMILY = RuleFamily("hosting")

NETWORKING = "2. Environment Separation Model (Networking & Content Delivery)"
HTTPS_POLICIES = ("redirect-to-https", "https-only")
PUBLIC_ACLS = frozenset({"public-read", "public-read-write", "authenticated-read"})
PUBLIC_GRANTEES = ("http://acs.amazonaws.com/groups/global/AllUsers", "AuthenticatedUsers")


def _items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def distributions(graph: Graph) -> list[Node]:
    return sorted(graph.resources("aws_cloudfront_distribution"), key=Node.sort_key)


def _evidence(node: Node, path: str) -> str:
    value = node.get(path)
    return " ".join(node.trace_of(path)) + (f" {value.reason}" if is_unknown(value) else "")


def _mentions_address(text: str, address: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(address)}(?!\w)", text) is not None


def origin_bucket(graph: Graph, distribution: Node, index: int) -> Node | None:
    """The aws_s3_bucket an origin reads from: named in the origin's evidence, or by its endpoint host name."""
    path = f"origin.{index}.domain_name"
    domain = distribution.get(path)
    evidence = _evidence(distribution, path)
    for bucket in sorted(graph.resources("aws_s3_bucket", tool=Tool.TERRAFORM), key=lambda n: n.id):
        name = bucket.get("bucket")
        if _mentions_address(evidence, bucket.address):
            return bucket
        if isinstance(domain, str) and isinstance(name, str) and domain.startswith(f"{name}.s3"):
            return bucket
    for website in graph.resources("aws_s3_bucket_website_configuration", tool=Tool.TERRAFORM):
        if _mentions_address(evidence, website.address):
            targets = [graph.nodes[e.target] for e in graph.edges_from(website.id) if e.target in graph.nodes]
            buckets = [t for t in targets if t.type == "aws_s3_bucket"]
            if buckets:
                return buckets[0]
    return None


def is_s3_origin(graph: Graph, distribution: Node, index: int) -> bool:
    origin = distribution.get(f"origin.{index}") or {}
    domain = distribution.get(f"origin.{index}.domain_name")
    if _items(origin.get("s3_origin_config")) or is_website_endpoint(distribution, index):
        return True
    if origin_bucket(graph, distribution, index) is not None:
        return True
    return isinstance(domain, str) and re.search(r"\.s3[.-]|s3-website", domain) is not None


def is_website_endpoint(distribution: Node, index: int) -> bool:
    path = f"origin.{index}.domain_name"
    domain = distribution.get(path)
    if isinstance(domain, str) and "s3-website" in domain:
        return True
    evidence = _evidence(distribution, path)
    return "aws_s3_bucket_website_configuration" in evidence or "website_endpoint" in evidence


def site_buckets(graph: Graph) -> list[Node]:
    """The buckets CloudFront serves from (the frontend's site bucket)."""
    found: dict[str, Node] = {}
    for distribution in distributions(graph):
        for index, _ in enumerate(_items(distribution.get("origin"))):
            bucket = origin_bucket(graph, distribution, index)
            if bucket is not None:
                found[bucket.id] = bucket
    return sorted(found.values(), key=Node.sort_key)


def root_location_node(graph: Graph) -> Node | None:
    """Where a missing piece of the root module is reported: the first block of its main.tf."""
    root = sorted(
        (n for n in graph.nodes.values() if n.tool == Tool.TERRAFORM and not n.module and n.loc.line > 0),
        key=Node.sort_key,
    )
    main = [n for n in root if n.loc.file.rsplit("/", 1)[-1] == "main.tf"]
    return (main or root or [None])[0]


@FAMILY.rule(
    id="NC-HOST-001",
    title="CloudFront serves viewers over HTTPS only",
    severity=Severity.HIGH,
    spec_section=NETWORKING,
    checklist="networking",
    what=(
        "Every `aws_cloudfront_distribution` sets `viewer_protocol_policy` to `redirect-to-https` or "
        "`https-only` in `default_cache_behavior` and in each `ordered_cache_behavior`."
    ),
    why=(
        "Section 2: CloudFront 'handles TLS termination for p1.fikri.dev' and 'HTTPS: Enforced via existing ACM "
        "Certificates'. `allow-all` serves the notes app — and the Cognito tokens it handles — over plain HTTP."
    ),
    noncompliant='default_cache_behavior {\n  viewer_protocol_policy = "allow-all"\n}',
    compliant='default_cache_behavior {\n  viewer_protocol_policy = "redirect-to-https"\n}',
    remediation='Set `viewer_protocol_policy = "redirect-to-https"` on every cache behavior.',
)
def viewer_https(graph: Graph, ctx: Context) -> Iterable[Violation]:
    for distribution in distributions(graph):
        paths = ["default_cache_behavior.0.viewer_protocol_policy"] + [
            f"ordered_cache_behavior.{i}.viewer_protocol_policy"
            for i, _ in enumerate(_items(distribution.get("ordered_cache_behavior")))
        ]
        for path in paths:
            value = distribution.get(path)
            if is_unknown(value):
                yield Violation(distribution, f"{distribution.address}: {path} cannot be known statically", path)
            elif value not in HTTPS_POLICIES:
                yield Violation(
                    distribution,
                    f"{distribution.address}: {path} is {value!r}; viewers must be sent to HTTPS "
                    f"({' or '.join(HTTPS_POLICIES)})",
                    path,
                )


def tls_version_ok(version: Any) -> bool:
    """TLSv1.2_2019 and later policies, and any TLSv1.3 policy."""
    if not isinstance(version, str):
        return False
    if version.startswith("TLSv1.3"):
        return True
    match = re.fullmatch(r"TLSv1\.2_(\d{4})", version)
    return match is not None and int(match.group(1)) >= 2019


@FAMILY.rule(
    id="NC-HOST-002",
    title="CloudFront requires TLS 1.2 (2019 policy or newer)",
    severity=Severity.HIGH,
    spec_section=NETWORKING,
    checklist="networking",
    what=(
        "Every `aws_cloudfront_distribution` sets `viewer_certificate.minimum_protocol_version` to "
        "`TLSv1.2_2019`, `TLSv1.2_2021` or a newer policy. Left unset, CloudFront accepts TLSv1."
    ),
    why=(
        "Section 2 makes CloudFront the TLS termination point of the frontend. TLS 1.0/1.1 and the old 1.2 "
        "policies allow ciphers that are no longer considered safe; the spec's 'HTTPS enforced' needs a "
        "modern floor."
    ),
    noncompliant="viewer_certificate {\n  acm_certificate_arn      = data.aws_acm_certificate.frontend.arn\n"
    '  minimum_protocol_version = "TLSv1"\n}',
    compliant="viewer_certificate {\n  acm_certificate_arn      = data.aws_acm_certificate.frontend.arn\n"
    '  ssl_support_method       = "sni-only"\n  minimum_protocol_version = "TLSv1.2_2021"\n}',
    remediation='Set `minimum_protocol_version = "TLSv1.2_2021"` in `viewer_certificate`.',
)
def minimum_tls(graph: Graph, ctx: Context) -> Iterable[Violation]:
    path = "viewer_certificate.0.minimum_protocol_version"
    for distribution in distributions(graph):
        value = distribution.get(path)
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


@FAMILY.rule(
    id="NC-HOST-003",
    title="CloudFront custom domain uses an ACM certificate",
    severity=Severity.HIGH,
    spec_section=NETWORKING,
    checklist="networking",
    what=(
        "A distribution with `aliases` uses an ACM certificate (`viewer_certificate.acm_certificate_arn`), not "
        "`cloudfront_default_certificate = true` (which only covers `*.cloudfront.net`)."
    ),
    why=(
        "Section 2: 'SSL/TLS: AWS Certificate Manager — use existing public certificate for p1.fikri.dev "
        "(CloudFront)'. With the default certificate, browsers reject the custom domain, or the alias is "
        "refused at apply."
    ),
    noncompliant='aliases = ["p1.fikri.dev"]\nviewer_certificate {\n  cloudfront_default_certificate = true\n}',
    compliant="aliases = [var.frontend_domain]\nviewer_certificate {\n"
    "  acm_certificate_arn = data.aws_acm_certificate.frontend.arn\n}",
    remediation=(
        'Look the existing us-east-1 certificate up with `data "aws_acm_certificate"` and set '
        "`acm_certificate_arn` to its ARN."
    ),
)
def custom_certificate(graph: Graph, ctx: Context) -> Iterable[Violation]:
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


@FAMILY.rule(
    id="NC-HOST-004",
    title="S3 origins are reached through origin access control",
    severity=Severity.HIGH,
    spec_section=NETWORKING + "; 4. Terraform Module Structure (hosting: S3, CloudFront, OAC)",
    checklist="hosting",
    what=(
        "Every CloudFront origin that is an S3 bucket sets `origin_access_control_id` (an "
        "`aws_cloudfront_origin_access_control`), and none uses the legacy origin access identity "
        "(`s3_origin_config.origin_access_identity`) or the bucket's public website endpoint."
    ),
    why=(
        "Section 4 gives the hosting module 'S3 website buckets, CloudFront distribution, OAC'; the flow of "
        "section 2 is 'User -> CloudFront -> S3 Bucket'. With OAC only this distribution can read the bucket; "
        "a website endpoint makes the bucket itself public, and OAI is the deprecated mechanism."
    ),
    noncompliant="origin {\n  domain_name = aws_s3_bucket_website_configuration.site.website_endpoint\n"
    '  origin_id   = "site"\n  custom_origin_config { ... }\n}',
    compliant="origin {\n  domain_name              = aws_s3_bucket.site.bucket_regional_domain_name\n"
    '  origin_id                = "site"\n  origin_access_control_id = aws_cloudfront_origin_access_control.site.id\n}',
    remediation=(
        'Create an `aws_cloudfront_origin_access_control` (signing_behavior "always", signing_protocol '
        '"sigv4", origin type "s3"), set `origin_access_control_id` on the origin, point `domain_name` at '
        "`bucket_regional_domain_name`, and drop the website configuration and OAI."
    ),
)
def origin_access_control(graph: Graph, ctx: Context) -> Iterable[Violation]:
    for distribution in distributions(graph):
        for index, origin in enumerate(_items(distribution.get("origin"))):
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


@FAMILY.rule(
    id="NC-HOST-005",
    title="Site bucket blocks all public access",
    severity=Severity.HIGH,
    spec_section=NETWORKING + "; 4. Terraform Module Structure (hosting)",
    checklist="hosting",
    what=(
        "Every S3 bucket a CloudFront distribution serves from has an `aws_s3_bucket_public_access_block` with "
        "`block_public_acls`, `block_public_policy`, `ignore_public_acls` and `restrict_public_buckets` all true."
    ),
    why=(
        "Section 2's flow is 'User -> CloudFront -> S3 Bucket': users reach the frontend through CloudFront only. "
        "The public access block is the account-level guard that keeps a later ACL or policy change from "
        "publishing the bucket directly."
    ),
    noncompliant='resource "aws_s3_bucket_public_access_block" "site" {\n  bucket                  = '
    "aws_s3_bucket.site.id\n  block_public_policy     = false\n  ...\n}",
    compliant='resource "aws_s3_bucket_public_access_block" "site" {\n  bucket                  = '
    "aws_s3_bucket.site.id\n  block_public_acls       = true\n  block_public_policy     = true\n"
    "  ignore_public_acls      = true\n  restrict_public_buckets = true\n}",
    remediation="Add an `aws_s3_bucket_public_access_block` for the site bucket with all four settings true.",
)
def site_bucket_access_block(graph: Graph, ctx: Context) -> Iterable[Violation]:
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


def public_statement_problem(statement: Statement) -> str | None:
    if statement.effect != "Allow":
        return None
    keys = statement.condition_keys()
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
    if _items(bucket.get("website")):
        yield bucket, "website", "the bucket's website block serves it on a public HTTP endpoint"
    acl_nodes = [(bucket, "acl")] + [(n, "acl") for n in bucket_companions(graph, bucket, "aws_s3_bucket_acl")]
    for node, path in acl_nodes:
        if node.get(path) in PUBLIC_ACLS:
            yield node, path, f"the canned ACL {node.get(path)!r} makes objects public"
    for node in bucket_companions(graph, bucket, "aws_s3_bucket_acl"):
        grants = _items(node.get("access_control_policy.0.grant"))
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


@FAMILY.rule(
    id="NC-HOST-006",
    title="Site bucket is not public (website hosting, ACL or bucket policy)",
    severity=Severity.CRITICAL,
    spec_section=NETWORKING + "; 4. Terraform Module Structure (hosting)",
    checklist="hosting",
    what=(
        "No bucket that CloudFront serves from has an `aws_s3_bucket_website_configuration`, a public canned "
        "ACL (`public-read`, `public-read-write`, `authenticated-read`) or ACL grant to AllUsers, or a bucket "
        'policy statement allowing `Principal "*"` (or the CloudFront service) without an `AWS:SourceArn` '
        "condition naming the distribution."
    ),
    why=(
        "Section 2 routes users through CloudFront to the bucket ('User -> CloudFront -> S3 Bucket'), with TLS "
        "at CloudFront. A public bucket bypasses CloudFront's HTTPS and caching, and a CloudFront grant without "
        "`AWS:SourceArn` lets any distribution, in any account, read the site."
    ),
    noncompliant='statement {\n  principals {\n    type        = "*"\n    identifiers = ["*"]\n  }\n'
    '  actions   = ["s3:GetObject"]\n  resources = ["${aws_s3_bucket.site.arn}/*"]\n}',
    compliant='statement {\n  principals {\n    type        = "Service"\n'
    '    identifiers = ["cloudfront.amazonaws.com"]\n  }\n  actions   = ["s3:GetObject"]\n'
    '  resources = ["${aws_s3_bucket.site.arn}/*"]\n  condition {\n    test     = "StringEquals"\n'
    '    variable = "AWS:SourceArn"\n    values   = [aws_cloudfront_distribution.site.arn]\n  }\n}',
    remediation=(
        "Remove website hosting and public ACLs; grant `s3:GetObject` only to `cloudfront.amazonaws.com` with "
        "`AWS:SourceArn` equal to the distribution's ARN."
    ),
)
def site_bucket_private(graph: Graph, ctx: Context) -> Iterable[Violation]:
    for bucket in site_buckets(graph):
        for node, path, why in public_exposures(graph, bucket):
            yield Violation(node, f"{bucket.address} is served by CloudFront but {why}", path)


def _certificate_domains(node: Node) -> list[tuple[str, Any]]:
    if node.tool == Tool.SAM:
        return [("Properties.DomainName", node.get("Properties.DomainName"))] + [
            (f"Properties.SubjectAlternativeNames.{i}", v)
            for i, v in enumerate(_items(node.get("Properties.SubjectAlternativeNames")))
        ]
    return [("domain_name", node.get("domain_name"))] + [
        (f"subject_alternative_names.{i}", v) for i, v in enumerate(_items(node.get("subject_alternative_names")))
    ]


@FAMILY.rule(
    id="NC-HOST-007",
    title="The existing ACM certificates are looked up, not created",
    severity=Severity.MEDIUM,
    spec_section=NETWORKING + " (SSL/TLS: use existing public certificate)",
    checklist="networking",
    what=(
        'No `resource "aws_acm_certificate"` (nor SAM `AWS::CertificateManager::Certificate`) is created for a '
        "name under the root domain (`fikri.dev`): the frontend and API certificates are read with "
        '`data "aws_acm_certificate"`.'
    ),
    why=(
        "Section 2: 'Use existing public certificate for p1.fikri.dev' and 'HTTPS: Enforced via existing ACM "
        "Certificates'. A created certificate waits for DNS validation during apply, and destroying an "
        "environment would delete a certificate other resources may still use."
    ),
    noncompliant='resource "aws_acm_certificate" "frontend" {\n  domain_name       = "p1.fikri.dev"\n'
    '  validation_method = "DNS"\n}',
    compliant='data "aws_acm_certificate" "frontend" {\n  provider = aws.us_east_1\n'
    '  domain   = var.frontend_domain\n  statuses = ["ISSUED"]\n}',
    remediation='Replace the resource by a `data "aws_acm_certificate"` lookup of the existing certificate.',
)
def certificates_not_created(graph: Graph, ctx: Context) -> Iterable[Violation]:
    root = ctx.spec["root_domain"]
    created = graph.resources("aws_acm_certificate", "AWS::CertificateManager::Certificate")
    for node in sorted(created, key=Node.sort_key):
        for path, domain in _certificate_domains(node):
            if is_unknown(domain):
                yield Violation(node, f"{node.address}: {path} cannot be known statically ({domain.reason})", path)
            elif isinstance(domain, str) and (domain == root or domain.endswith("." + root)):
                yield Violation(
                    node, f"{node.address} creates a certificate for {domain}; look the existing one up instead", path
                )
                break


@FAMILY.rule(
    id="NC-HOST-008",
    title="A CloudFront distribution serves the frontend",
    severity=Severity.HIGH,
    spec_section=NETWORKING,
    checklist="networking",
    what=(
        "The environment's Terraform defines an `aws_cloudfront_distribution` (the Global CDN of section 2). "
        "Reported on the first block of the root module's main.tf when none exists."
    ),
    why=(
        "Section 2 lists the networking layer the design requires: CloudFront delivers the frontend and "
        "terminates TLS for the frontend domain. The review checklist asks 'Networking elements (CloudFront, API "
        "Gateway) defined?'."
    ),
    noncompliant='module "hosting" {\n  source = "./modules/hosting"   # defines only the bucket\n}',
    compliant='resource "aws_cloudfront_distribution" "site" {\n  aliases = [var.frontend_domain]\n  ...\n}',
    remediation="Define the distribution in the hosting module (section 4), in front of the site bucket.",
)
def cloudfront_defined(graph: Graph, ctx: Context) -> Iterable[Violation]:
    anchor = root_location_node(graph)
    if anchor is None or distributions(graph):
        return
    yield Violation(anchor, f"{ctx.env} defines no aws_cloudfront_distribution for {ctx.env_spec['frontend_domain']}")


API_TYPES = ("AWS::Serverless::Api", "AWS::ApiGateway::RestApi", "aws_api_gateway_rest_api")
API_DOMAIN_TYPES = ("AWS::ApiGateway::DomainName", "aws_api_gateway_domain_name", "aws_apigatewayv2_domain_name")


def _api_anchor(graph: Graph) -> tuple[Node, Location | None] | None:
    template = [n for n in graph.of_kind(NodeKind.SAM_TEMPLATE)]
    if template:
        return template[0], template[0].location_of("Resources")
    anchor = root_location_node(graph)
    return (anchor, None) if anchor is not None else None


@FAMILY.rule(
    id="NC-HOST-009",
    title="An API Gateway REST API with its custom domain is defined",
    severity=Severity.HIGH,
    spec_section=NETWORKING,
    checklist="networking",
    what=(
        "The environment defines a REST API (SAM `AWS::Serverless::Api`, the API Gateway ingress of section 2) "
        "and an API custom domain (`Domain` of the SAM API, or an `aws_api_gateway_domain_name`). Reported on "
        "the template's `Resources` (or the root main.tf when there is no SAM template)."
    ),
    why=(
        "Section 2: 'API Ingress: Amazon API Gateway — REST API entry point; custom domain mapping via API "
        "Gateway Custom Domains', with the flow 'User -> api.p1.fikri.dev -> API Gateway -> Lambda'. Without "
        "them the backend has no stable HTTPS address."
    ),
    noncompliant="Resources:\n  NotesFunction:\n    Type: AWS::Serverless::Function\n"
    "    Events:\n      Api: { Type: HttpApi }   # no REST API, no custom domain",
    compliant="Resources:\n  NotesApi:\n    Type: AWS::Serverless::Api\n    Properties:\n"
    "      StageName: !Ref Environment\n      Domain:\n        DomainName: !Ref ApiDomain\n"
    "        CertificateArn: !Ref ApiCertificateArn",
    remediation=(
        "Declare an `AWS::Serverless::Api` in sam/template.yaml and map it to the environment's API domain "
        "(SAM `Domain`, or Terraform's `aws_api_gateway_domain_name` with a base path mapping)."
    ),
)
def api_defined(graph: Graph, ctx: Context) -> Iterable[Violation]:
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
