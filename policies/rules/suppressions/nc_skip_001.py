"""NC-SKIP-001: Every inline skip comment gives a reason."""


from __future__ import annotations

from collections.abc import Iterator

from checker.model import Graph, Location, Severity
from checker.suppress import node_skips
from policies.base import Rule, RuleContext, Violation


def skip_without_reason(graph: Graph, ctx: RuleContext) -> Iterator[Violation]:
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


RULE = Rule(
    id="NC-SKIP-001",
    family="suppressions",
    title="Every inline skip comment gives a reason",
    severity=Severity.MEDIUM,
    spec_section="5. Deployment & Orchestration (review before apply)",
    checklist="review",
    what=(
        "A `notescheck:skip=<RULE-ID>` or `checkov:skip=<CKV_ID>` comment in a Terraform block or on a SAM resource "
        "states why the rule does not apply. A skip without a reason suppresses nothing."
    ),
    why=(
        "Section 5 puts a review (peer approval for prod) between plan and apply; a reviewer can only accept a "
        "skipped rule when the reason is written next to it."
    ),
    noncompliant=(
        'resource "aws_s3_bucket" "site" {\n'
        "  # checkov:skip=CKV_AWS_144\n"
        "  bucket = var.bucket_name\n"
        "}"
    ),
    compliant=(
        'resource "aws_s3_bucket" "site" {\n'
        "  # checkov:skip=CKV_AWS_144:static site assets are rebuilt from git; no replica needed\n"
        "  bucket = var.bucket_name\n"
        "}"
    ),
    remediation=(
        "Write the reason after the rule id (`# notescheck:skip=NC-TAG-001 <reason>` or `# "
        "checkov:skip=CKV_AWS_144:<reason>`), or fix the finding and remove the comment."
    ),
    check=skip_without_reason,
    sections=("environment", "shared"),
)
