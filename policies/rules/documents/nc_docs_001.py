"""NC-DOCS-001: Required runbooks and the IAM matrix exist and are not empty."""

from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity
from policies.base import Rule, RuleContext, Violation
from policies.lib.documents import documents


def documents_present(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for doc in documents(graph):
        title = doc.meta.get("title", doc.name)
        section = doc.meta.get("section", "?")
        if not doc.get("exists"):
            yield Violation(doc, f"{doc.address} ({title}, spec section {section}) does not exist")
        elif not doc.get("lines"):
            yield Violation(doc, f"{doc.address} ({title}, spec section {section}) has no content besides headings")


RULE = Rule(
    id="NC-DOCS-001",
    family="documents",
    title="Required runbooks and the IAM matrix exist and are not empty",
    severity=Severity.MEDIUM,
    spec_section="8. Documentation & Runbooks; 9. IAM Role Responsibility Matrix",
    checklist="review",
    what=(
        "Each document the spec requires exists and has content besides headings, HTML comments and placeholder "
        'lines (TODO, TBD, "coming soon", ...): docs/02-iam.md (IAM role '
        "responsibility matrix) and the runbooks docs/runbooks/initial-setup.md, environment-promotion.md, "
        "state-recovery.md and cost-monitoring.md (the list is `documents` in policies/data/spec.yaml). A missing "
        "file is reported on the file at line 0 (the whole file), an empty one at line 1."
    ),
    why=(
        "Section 8 requires four runbooks (setup, promotion with approval gates and rollback, state recovery, cost "
        "monitoring) and section 9 the IAM matrix as a Phase 2 output; reviewers answer 'Can infrastructure changes "
        "be reviewed before application?' with them, and on-call engineers recover state with them."
    ),
    noncompliant="docs/runbooks/state-recovery.md   (missing, or only a '# State recovery' heading)",
    compliant=(
        "docs/runbooks/state-recovery.md\n"
        "  # State recovery\n"
        "  1. List the versions of <env>/terraform.tfstate in notes-terraform-state ..."
    ),
    remediation="Write the document at the listed path; a heading alone does not count.",
    check=documents_present,
)
