"""NC-TAG-001: Every taggable resource carries Environment = <the environment checked>."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity
from policies.base import Rule, RuleContext, Violation
from policies.lib.tagging import check_tag


def environment_tag(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    yield from check_tag(graph, "Environment", ctx.env, "the spec's tag-based isolation (section 2)")


RULE = Rule(
    id="NC-TAG-001",
    family="tags",
    title="Every taggable resource carries Environment = <the environment checked>",
    severity=Severity.HIGH,
    spec_section="2. Environment Separation Model (tag-based isolation)",
    checklist="separation",
    what=(
        "Every managed AWS resource that accepts tags, in Terraform and in SAM, carries the tag `Environment` whose "
        "value is the environment being checked (`dev`, `staging` or `prod`), and `shared` in the shared roots "
        "(the state bucket, lock table and CloudTrail of section 6, checked as the section `shared`). "
        "The effective tags are checked: "
        "Terraform provider `default_tags` merged with the resource's own `tags`, SAM `Tags` merged with `Globals`. "
        "Types that cannot carry tags are listed in `policies/data/taggable.yaml`."
    ),
    why=(
        "Section 2 chooses single-account, tag-based isolation: all three environments share one AWS account, and "
        "'all resources tagged with Environment=<env>' is what IAM conditions (aws:ResourceTag/Environment) and cost "
        "reports rely on to tell them apart. An untagged or mistagged resource escapes the IAM boundary of its "
        "environment or falls into another's."
    ),
    noncompliant=(
        'provider "aws" {\n'
        "  default_tags {\n"
        '    tags = { Project = "notes" }\n'
        "  }\n"
        "}\n"
        "\n"
        'resource "aws_dynamodb_table" "notes" {\n'
        '  name = "notes-prod-notes"\n'
        '  tags = { Environment = "dev" }\n'
        "}"
    ),
    compliant=(
        'provider "aws" {\n'
        "  default_tags {\n"
        "    tags = {\n"
        "      Environment = var.environment\n"
        "      Project     = var.project\n"
        "    }\n"
        "  }\n"
        "}"
    ),
    remediation=(
        "Set `Environment = var.environment` in the provider's `default_tags` (Terraform) and `Environment: !Ref "
        "Environment` under `Globals` / each resource's `Tags` (SAM); remove per-resource overrides that hard-code "
        "another environment."
    ),
    check=environment_tag,
    sections=("environment", "shared"),
)
