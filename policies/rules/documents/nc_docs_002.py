"""NC-DOCS-002: The IAM matrix covers the spec's five roles."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity
from policies.base import Rule, RuleContext, Violation
from policies.lib.documents import documents


def matrix_mentions_roles(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for doc in documents(graph):
        mentions = doc.get("mentions") or {}
        if not doc.get("exists") or not doc.get("lines"):
            continue
        missing = [word for word, found in mentions.items() if not found]
        if missing:
            yield Violation(doc, f"{doc.address} does not mention {', '.join(missing)}")


RULE = Rule(
    id="NC-DOCS-002",
    family="documents",
    title="The IAM matrix covers the spec's five roles",
    severity=Severity.MEDIUM,
    spec_section="9. IAM Role Responsibility Matrix",
    checklist="review",
    what=(
        "docs/02-iam.md names each role of section 9: DeveloperRole, DeploymentRole, ProductionAdminRole, "
        "LambdaExecutionRole and CognitoServiceRole (`must_mention` in policies/data/spec.yaml). Checked only when "
        "the document exists and is not empty (NC-DOCS-001 covers that)."
    ),
    why=(
        "Section 9 defines five roles whose responsibilities the matrix documents; a role missing from the matrix is "
        "a role nobody reviewed — its permissions cannot be checked against its purpose."
    ),
    noncompliant=(
        "| Role | Purpose |\n"
        "| DeveloperRole | local dev |\n"
        "| DeploymentRole | CI/CD |"
    ),
    compliant=(
        "| Role | Purpose |\n"
        "| DeveloperRole | ... |\n"
        "| DeploymentRole | ... |\n"
        "| ProductionAdminRole | ... |\n"
        "| LambdaExecutionRole | ... |\n"
        "| CognitoServiceRole | ... |"
    ),
    remediation="Add a row (responsibilities, trust, permissions) for each missing role to docs/02-iam.md.",
    check=matrix_mentions_roles,
)
