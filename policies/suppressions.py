"""NC-SKIP / NC-WAIVER: every suppression carries a reason, and every waiver ends.

A finding may be accepted on purpose, but only visibly: an inline skip must say why, and a waiver in
policies/waivers.yaml stops suppressing on its expiry date, when this family reports it so that it is
renewed with a fresh reason or removed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from checker.model import Graph, Location, Node, NodeKind, Severity, Tool
from checker.suppress import node_skips
from checker.waivers import FILE, LINE, PATH, applies_to_env, describe, is_expired
from policies.base import Context, RuleFamily, Violation, checked_elsewhere

FAMILY = RuleFamily("suppressions")

SECTION = "5. Deployment & Orchestration (review before apply)"


@FAMILY.rule(
    id="NC-SKIP-001",
    title="Every inline skip comment gives a reason",
    severity=Severity.MEDIUM,
    spec_section=SECTION,
    checklist="review",
    what="A `notescheck:skip=<RULE-ID>` or `checkov:skip=<CKV_ID>` comment in a Terraform block or on a SAM "
    "resource states why the rule does not apply. A skip without a reason suppresses nothing.",
    why="Section 5 puts a review (peer approval for prod) between plan and apply; a reviewer can only accept "
    "a skipped rule when the reason is written next to it.",
    noncompliant='resource "aws_s3_bucket" "site" {\n  # checkov:skip=CKV_AWS_144\n  bucket = var.bucket_name\n}',
    compliant='resource "aws_s3_bucket" "site" {\n'
    "  # checkov:skip=CKV_AWS_144:static site assets are rebuilt from git; no replica needed\n"
    "  bucket = var.bucket_name\n}",
    remediation="Write the reason after the rule id (`# notescheck:skip=NC-TAG-001 <reason>` or "
    "`# checkov:skip=CKV_AWS_144:<reason>`), or fix the finding and remove the comment.",
)
def skip_without_reason(graph: Graph, ctx: Context) -> Iterator[Violation]:
    seen: set[tuple[str, int]] = set()
    for node in sorted(graph.nodes.values(), key=lambda n: (n.loc.file, n.loc.line, n.id)):
        for skip in node_skips(node):
            if skip.reason or (node.loc.file, skip.line) in seen:
                continue
            seen.add((node.loc.file, skip.line))
            yield Violation(
                node,
                f"{skip.syntax}:skip={skip.rule} on {node.address} gives no reason, so it suppresses nothing",
                location=Location(node.loc.file, skip.line, skip.line),
            )


def _waiver_file(waiver: dict[str, Any], root: str) -> str:
    """The waivers file relative to the graph's root (where every reported file is relative to)."""
    try:
        return Path(waiver[PATH]).relative_to(Path(root).resolve()).as_posix()
    except (KeyError, ValueError):
        return str(waiver.get(FILE, "policies/waivers.yaml"))


def _waiver_node(waiver: dict[str, Any], location: Location) -> Node:
    """Waivers are not part of the infrastructure graph; a finding still needs a node to stand on."""
    return Node(
        id=f"waiver:{location.file}:{location.line}",
        address=waiver["resource"],
        kind=NodeKind.DOCUMENT,
        tool=Tool.DOCS,
        name=waiver["rule"],
        loc=location,
    )


@FAMILY.rule(
    id="NC-WAIVER-001",
    title="No waiver is past its expiry date",
    severity=Severity.MEDIUM,
    spec_section=SECTION,
    checklist="review",
    what="Every waiver in policies/waivers.yaml that applies to the environment has an `expires` date that "
    "has not passed. An expired waiver no longer suppresses its finding.",
    why="A waiver is a reviewed decision with an owner (section 5: changes are reviewed before they are "
    "applied); a decision nobody has looked at since it expired is no longer reviewed.",
    noncompliant="- rule: CKV_AWS_117\n  resource: NotesFunction\n  environments: all\n"
    "  reason: No VPC for Lambda (spec section 2)\n  owner: platform-team\n  expires: 2024-01-31",
    compliant="- rule: CKV_AWS_117\n  resource: NotesFunction\n  environments: all\n"
    "  reason: No VPC for Lambda (spec section 2)\n  owner: platform-team\n  expires: 2027-06-30",
    remediation="Review the waiver with its owner: renew it with a new `expires` date (and an updated reason), "
    "or remove it and fix the finding it covered.",
)
def expired_waiver(graph: Graph, ctx: Context) -> Iterator[Violation]:
    for waiver in ctx.waivers:
        if not applies_to_env(waiver, ctx.env) or not is_expired(waiver, ctx.today):
            continue
        line = int(waiver.get(LINE, 0))
        location = Location(_waiver_file(waiver, graph.root), line, line)
        yield Violation(
            _waiver_node(waiver, location),
            f"waiver for {describe(waiver)} expired on {waiver['expires']}; it no longer suppresses",
            location=location,
        )



FAMILY.rule(
    id="NC-WAIVER-002",
    title="Every waiver still waives something",
    severity=Severity.LOW,
    spec_section=SECTION,
    checklist="review",
    what="Every unexpired waiver in policies/waivers.yaml whose rule ran (an enabled rule of ours, or a Checkov "
    "check when Checkov ran) matches at least one finding in the environments checked that it applies to.",
    why="A waiver that matches nothing is left over from a fix or a rename; left in place it would silently "
    "waive the next real finding of that rule on that resource, which nobody reviewed (section 5).",
    noncompliant="- rule: NC-TAG-001\n  resource: module.hosting.aws_s3_bucket.old_site   # bucket removed\n"
    "  environments: all\n  reason: migration\n  owner: platform-team\n  expires: 2027-06-30",
    compliant="# the waiver is removed together with the resource it covered",
    remediation="Remove the waiver, or correct its rule id or resource pattern so that it names what it means "
    "to waive.",
    scope="report",
)(checked_elsewhere)
UNUSED_WAIVER = FAMILY.rules[-1]
