"""NC-DOCS-003: Each runbook covers the topics the spec lists for it."""

from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Location, Severity
from policies.base import Rule, RuleContext, Violation
from policies.lib.documents import documents


def runbook_topics(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    required = {doc["path"]: doc.get("topics", []) for doc in ctx.spec.get("documents", [])}
    for doc in documents(graph):
        if not doc.get("exists") or not doc.get("lines"):
            continue  # NC-DOCS-001
        sections = doc.get("sections") or []
        for topic in required.get(doc.address, []):
            wanted = [heading.lower() for heading in topic["headings"]]
            named = [s for s in sections if any(word in s["heading"].lower() for word in wanted)]
            matching = _innermost(named, sections)
            if not matching:
                yield Violation(
                    doc,
                    f"{doc.address} has no section on {topic['topic']} (spec section {doc.meta.get('section', '8')}): "
                    f"no heading names {' or '.join(repr(w) for w in topic['headings'])}",
                    location=Location(doc.address, 1, 1),
                )
            elif not any(s["content_lines"] for s in matching):
                first = matching[0]
                yield Violation(
                    doc,
                    f"the section '{first['heading']}' of {doc.address} ({topic['topic']}) is empty",
                    location=Location(doc.address, first["line"], first["line"]),
                )


def _innermost(matching: list[dict], sections: list[dict]) -> list[dict]:
    """The matching headings that hold no other matching heading: a title naming the topic
    (`# Runbook: state recovery and disaster recovery`) does not stand for its own empty section."""

    def end_of(section: dict) -> float:
        later = [s["line"] for s in sections if s["line"] > section["line"] and s["level"] <= section["level"]]
        return min(later, default=float("inf"))

    return [
        outer
        for outer in matching
        if not any(outer["line"] < inner["line"] < end_of(outer) for inner in matching if inner is not outer)
    ]


RULE = Rule(
    id="NC-DOCS-003",
    family="documents",
    title="Each runbook covers the topics the spec lists for it",
    severity=Severity.MEDIUM,
    spec_section="8. Documentation & Runbooks",
    checklist="review",
    what=(
        "Each runbook has a section, with content under its heading, for every topic section 8 lists for it "
        "(`topics` in policies/data/spec.yaml): initial setup: prerequisites, the step-by-step Terraform "
        "workflow; environment promotion: code review requirements, approval gates, rollback procedures; state "
        "recovery: state backup restoration, disaster recovery steps; cost monitoring: cost breakdown by "
        "environment, anomaly detection procedures. A topic is covered by a Markdown heading (outside code blocks) "
        "that contains one of the topic's `headings` and has content under it: HTML comments and placeholder lines "
        '(TODO, TBD, FIXME, WIP, "to be written", "coming soon", an ellipsis) are not content. Where a heading '
        "naming the topic holds another (a title `# Runbook: state recovery and disaster recovery` over "
        "`## Disaster recovery steps`), the inner one is judged."
    ),
    why=(
        "Section 8 names what each runbook must cover; an on-call engineer in the middle of a failed promotion "
        "needs the rollback section to be there. A runbook that loses a section is caught in review, not at 3 am."
    ),
    noncompliant="# Runbook: environment promotion\n## Approval gates\n...\n   (no rollback section)",
    compliant="# Runbook: environment promotion\n## Code review requirements\n...\n## Approval gates\n...\n"
    "## Rollback procedures\n| Scenario | Action |",
    remediation="Add the missing section under a heading that names the topic (`topics` in policies/data/spec.yaml).",
    check=runbook_topics,
)
