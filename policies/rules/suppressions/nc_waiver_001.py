"""NC-WAIVER-001: No waiver is past its expiry date."""


from __future__ import annotations

from collections.abc import Iterator

from checker.model import Graph, Location, Severity
from checker.waivers import LINE, applies_to_env, describe, is_expired
from policies.base import Rule, RuleContext, Violation
from policies.lib.suppressions import waiver_file, waiver_node


def expired_waiver(graph: Graph, ctx: RuleContext) -> Iterator[Violation]:
    for waiver in ctx.waivers:
        if not applies_to_env(waiver, ctx.env) or not is_expired(waiver, ctx.today):
            continue
        line = int(waiver.get(LINE, 0))
        location = Location(waiver_file(waiver, graph.root), line, line)
        yield Violation(
            waiver_node(waiver, location),
            f"waiver for {describe(waiver)} expired on {waiver['expires']}; it no longer suppresses",
            location=location,
        )


RULE = Rule(
    id="NC-WAIVER-001",
    family="suppressions",
    title="No waiver is past its expiry date",
    severity=Severity.MEDIUM,
    spec_section="5. Deployment & Orchestration (review before apply)",
    checklist="review",
    what=(
        "Every waiver in policies/waivers.yaml that applies to the environment has an `expires` date that has not "
        "passed. An expired waiver no longer suppresses its finding."
    ),
    why=(
        "A waiver is a reviewed decision with an owner (section 5: changes are reviewed before they are applied); a "
        "decision nobody has looked at since it expired is no longer reviewed."
    ),
    noncompliant=(
        "- rule: CKV_AWS_117\n"
        "  resource: NotesFunction\n"
        "  environments: all\n"
        "  reason: No VPC for Lambda (spec section 2)\n"
        "  owner: platform-team\n"
        "  expires: 2024-01-31"
    ),
    compliant=(
        "- rule: CKV_AWS_117\n"
        "  resource: NotesFunction\n"
        "  environments: all\n"
        "  reason: No VPC for Lambda (spec section 2)\n"
        "  owner: platform-team\n"
        "  expires: 2027-06-30"
    ),
    remediation=(
        "Review the waiver with its owner: renew it with a new `expires` date (and an updated reason), or remove it "
        "and fix the finding it covered."
    ),
    check=expired_waiver,
    sections=("environment", "shared"),
)
