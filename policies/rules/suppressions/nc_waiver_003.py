"""NC-WAIVER-003: A waiver that can match many kinds of resource says so (`scope: broad`)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from checker.model import Location, Severity
from checker.waivers import LINE, applies_to_env, describe
from policies.base import Rule, RuleContext, Violation
from policies.lib.suppressions import SECTION, waiver_file, waiver_node

WILDCARD = re.compile(r"[*?\[]")
BROAD_SCOPE = "broad"


def broad_because(pattern: str) -> str:
    """Why a resource pattern can match resources of several types, modules or logical ids ("" if it cannot).

    A Terraform address is `module.<name>....<type>.<name>`: a wildcard in the last part only (every
    `aws_s3_bucket` of one module) stays within one type in one module; anywhere before it, it does not.
    A SAM logical id has no parts: any wildcard in it can match any resource of the template.
    """
    if not WILDCARD.search(pattern):
        return ""
    parts = pattern.split(".")
    if len(parts) == 1:
        return "a wildcard in a logical id matches resources of any type"
    *scope, _ = parts
    if any(WILDCARD.search(part) for part in scope):
        return "a wildcard before the resource name matches other modules or resource types"
    return ""


def broad_waivers(graph, ctx: RuleContext) -> Iterator[Violation]:
    for waiver in ctx.waivers:
        if not applies_to_env(waiver, ctx.env) or waiver.get("scope") == BROAD_SCOPE:
            continue
        why = broad_because(waiver["resource"])
        if not why:
            continue
        line = int(waiver.get(LINE, 0))
        location = Location(waiver_file(waiver, graph.root), line, line)
        yield Violation(
            waiver_node(waiver, location),
            f"waiver for {describe(waiver)} is broad: {why}; name the resources, or declare `scope: broad` "
            "so that review sees it waives every present and future match",
            location=location,
        )


RULE = Rule(
    id="NC-WAIVER-003",
    family="suppressions",
    title="A waiver that can match many kinds of resource says so (scope: broad)",
    severity=Severity.MEDIUM,
    spec_section=SECTION,
    checklist="review",
    what=(
        "Every waiver whose `resource` pattern can match more than one resource type, module or SAM logical id "
        "(`*`, `module.*.aws_s3_bucket.*`, `aws_*.logs`, `Notes*`) declares `scope: broad`. A wildcard in the "
        "last part of a Terraform address only (`module.hosting.aws_s3_bucket.*`: the buckets of one module) is "
        "narrow and needs nothing."
    ),
    why=(
        "A waiver is a reviewed decision (section 5); a reviewer reading `module.*.aws_s3_bucket.*` next to one "
        "bucket's reason approves one bucket, while the pattern silently waives every bucket any module adds "
        "later. Declaring the breadth puts that decision in front of the reviewer."
    ),
    noncompliant=(
        "- rule: CKV_AWS_144\n"
        "  resource: module.*.aws_s3_bucket.*\n"
        "  environments: all\n"
        "  reason: The site bucket is rebuilt from git (spec section 7)\n"
        "  owner: platform-team\n"
        "  expires: 2027-06-30"
    ),
    compliant=(
        "- rule: CKV_AWS_144\n"
        "  resource: module.hosting.aws_s3_bucket.*\n"
        "  environments: all\n"
        "  reason: The hosting buckets are rebuilt from git (spec section 7)\n"
        "  owner: platform-team\n"
        "  expires: 2027-06-30"
    ),
    remediation=(
        "Narrow the pattern to the module and resource type it means (a wildcard only in the last part), list "
        "the resources in separate waivers, or, when every match is meant, add `scope: broad` for review."
    ),
    check=broad_waivers,
    sections=("environment", "shared"),
)
