"""NC-TAG-002: Every taggable resource carries Project = notes."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity
from policies.base import Rule, RuleContext, Violation
from policies.lib.tagging import check_tag


def project_tag(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    yield from check_tag(graph, "Project", ctx.spec["project"], "cost tagging (sections 2 and 7)")


RULE = Rule(
    id="NC-TAG-002",
    family="tags",
    title="Every taggable resource carries Project = notes",
    severity=Severity.MEDIUM,
    spec_section="2. Environment Separation Model (tag-based isolation); 7. Cost Management (cost tagging)",
    checklist="cost",
    what=(
        "Every managed AWS resource that accepts tags, in Terraform and in SAM, carries the tag `Project` with the "
        "spec's project name (`project` in `policies/data/spec.yaml`: `notes`)."
    ),
    why=(
        "Section 7 lists cost tagging as an infrastructure-level cost control, and section 2's single-account model "
        "mixes this project with anything else in the account: without `Project` the notes app's cost cannot be "
        "broken down (docs/runbooks/cost-monitoring.md) nor its resources selected by tag."
    ),
    noncompliant=(
        'resource "aws_sns_topic" "alarms" {\n'
        '  name = "notes-prod-alarms"\n'
        '  tags = { Environment = "prod" }  # and no default_tags\n'
        "}"
    ),
    compliant=(
        'provider "aws" {\n'
        "  default_tags {\n"
        "    tags = {\n"
        "      Environment = var.environment\n"
        '      Project     = "notes"\n'
        "    }\n"
        "  }\n"
        "}"
    ),
    remediation=(
        'Add `Project = var.project` (default "notes") to the provider\'s `default_tags`, and `Project: notes` to the '
        "SAM template's `Globals` / resource `Tags`."
    ),
    check=project_tag,
    sections=("environment", "shared"),
)
