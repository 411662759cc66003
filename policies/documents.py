"""NC-DOCS: the runbooks (section 8) and the IAM responsibility matrix (section 9) are part of the design."""

from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Node, NodeKind, Severity
from policies.base import Context, RuleFamily, Violation

FAMILY = RuleFamily("documents")


def documents(graph: Graph) -> list[Node]:
    return sorted(graph.of_kind(NodeKind.DOCUMENT), key=lambda n: n.id)


@FAMILY.rule(
    id="NC-DOCS-001",
    title="Required runbooks and the IAM matrix exist and are not empty",
    severity=Severity.MEDIUM,
    spec_section="8. Documentation & Runbooks; 9. IAM Role Responsibility Matrix",
    checklist="review",
    what=(
        "Each document the spec requires exists and has content besides headings: docs/02-iam.md (IAM role "
        "responsibility matrix) and the runbooks docs/runbooks/initial-setup.md, environment-promotion.md, "
        "state-recovery.md and cost-monitoring.md (the list is `documents` in policies/data/spec.yaml). A missing "
        "file is reported on the file at line 0 (the whole file), an empty one at line 1."
    ),
    why=(
        "Section 8 requires four runbooks (setup, promotion with approval gates and rollback, state recovery, "
        "cost monitoring) and section 9 the IAM matrix as a Phase 2 output; reviewers answer 'Can infrastructure "
        "changes be reviewed before application?' with them, and on-call engineers recover state with them."
    ),
    noncompliant="docs/runbooks/state-recovery.md   (missing, or only a '# State recovery' heading)",
    compliant="docs/runbooks/state-recovery.md\n  # State recovery\n  1. List the versions of "
    "<env>/terraform.tfstate in notes-terraform-state ...",
    remediation="Write the document at the listed path; a heading alone does not count.",
)
def documents_present(graph: Graph, ctx: Context) -> Iterable[Violation]:
    for doc in documents(graph):
        title = doc.meta.get("title", doc.name)
        section = doc.meta.get("section", "?")
        if not doc.get("exists"):
            yield Violation(doc, f"{doc.address} ({title}, spec section {section}) does not exist")
        elif not doc.get("lines"):
            yield Violation(doc, f"{doc.address} ({title}, spec section {section}) has no content besides headings")


@FAMILY.rule(
    id="NC-DOCS-002",
    title="The IAM matrix covers the spec's five roles",
    severity=Severity.MEDIUM,
    spec_section="9. IAM Role Responsibility Matrix",
    checklist="review",
    what=(
        "docs/02-iam.md names each role of section 9: DeveloperRole, DeploymentRole, ProductionAdminRole, "
        "LambdaExecutionRole and CognitoServiceRole (`must_mention` in policies/data/spec.yaml). Checked only "
        "when the document exists and is not empty (NC-DOCS-001 covers that)."
    ),
    why=(
        "Section 9 defines five roles whose responsibilities the matrix documents; a role missing from the "
        "matrix is a role nobody reviewed — its permissions cannot be checked against its purpose."
    ),
    noncompliant="| Role | Purpose |\n| DeveloperRole | local dev |\n| DeploymentRole | CI/CD |",
    compliant="| Role | Purpose |\n| DeveloperRole | ... |\n| DeploymentRole | ... |\n"
    "| ProductionAdminRole | ... |\n| LambdaExecutionRole | ... |\n| CognitoServiceRole | ... |",
    remediation="Add a row (responsibilities, trust, permissions) for each missing role to docs/02-iam.md.",
)
def matrix_mentions_roles(graph: Graph, ctx: Context) -> Iterable[Violation]:
    for doc in documents(graph):
        mentions = doc.get("mentions") or {}
        if not doc.get("exists") or not doc.get("lines"):
            continue
        missing = [word for word, found in mentions.items() if not found]
        if missing:
            yield Violation(doc, f"{doc.address} does not mention {', '.join(missing)}")
