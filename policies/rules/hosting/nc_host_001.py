"""NC-HOST-001: CloudFront serves viewers over HTTPS only."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity, is_unknown
from policies.base import Rule, RuleContext, Violation
from policies.lib.hosting import as_list, distributions

HTTPS_POLICIES = ("redirect-to-https", "https-only")


def viewer_https(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for distribution in distributions(graph):
        paths = ["default_cache_behavior.0.viewer_protocol_policy"] + [
            f"ordered_cache_behavior.{i}.viewer_protocol_policy"
            for i, _ in enumerate(as_list(distribution.get("ordered_cache_behavior")))
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


RULE = Rule(
    id="NC-HOST-001",
    family="hosting",
    title="CloudFront serves viewers over HTTPS only",
    severity=Severity.HIGH,
    spec_section="2. Environment Separation Model (Networking & Content Delivery)",
    checklist="networking",
    what=(
        "Every `aws_cloudfront_distribution` sets `viewer_protocol_policy` to `redirect-to-https` or `https-only` in "
        "`default_cache_behavior` and in each `ordered_cache_behavior`."
    ),
    why=(
        "Section 2: CloudFront 'handles TLS termination for p1.fikri.dev' and 'HTTPS: Enforced via existing ACM "
        "Certificates'. `allow-all` serves the notes app — and the Cognito tokens it handles — over plain HTTP."
    ),
    noncompliant=(
        "default_cache_behavior {\n"
        '  viewer_protocol_policy = "allow-all"\n'
        "}"
    ),
    compliant=(
        "default_cache_behavior {\n"
        '  viewer_protocol_policy = "redirect-to-https"\n'
        "}"
    ),
    remediation='Set `viewer_protocol_policy = "redirect-to-https"` on every cache behavior.',
    check=viewer_https,
)
