"""Reports built by hand, so the formatters are tested without the loaders."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from checker.model import Diagnostic, DiagnosticLevel, EnvResult, Finding, Report, Severity
from checker.rule_runner import answer_checklist
from checker.settings import Settings
from policies import load_spec
from policies.base import Rule

# A credential shape checker.secrets masks (an AWS access key id); never in any output.
LEAKED_KEY = "AKIAIOSFODNN7EXAMPLE"


def _never(graph, ctx):
    return iter(())


def make_rule(rule_id: str, severity: Severity, checklist: str, title: str) -> Rule:
    return Rule(
        id=rule_id,
        title=title,
        severity=severity,
        family=rule_id.split("-")[1].lower(),
        spec_section="2. Environment Separation Model",
        checklist=checklist,
        what=f"What {rule_id} checks, in a sentence.",
        why="Because the spec says so (section 2).",
        noncompliant='resource "aws_s3_bucket" "site" {}',
        compliant='resource "aws_s3_bucket" "site" {\n  tags = { Environment = "prod" }\n}',
        remediation="Add the Environment tag through the provider's default_tags.",
        check=_never,
    )


RULES = [
    make_rule("NC-TAG-001", Severity.HIGH, "separation", "Every resource carries Environment and Project tags"),
    make_rule("NC-LIMIT-001", Severity.HIGH, "cost", "DynamoDB capacity matches the environment's row"),
    make_rule("NC-LIMIT-002", Severity.MEDIUM, "cost", "Lambda memory matches the environment's row"),
    make_rule("NC-SECRET-001", Severity.CRITICAL, "secrets", "No secret written in Terraform or SAM"),
    make_rule("NC-DOC-001", Severity.LOW, "review", "Required runbooks exist"),
]


def finding(rule: Rule, env: str, **overrides) -> Finding:
    values = dict(
        rule_id=rule.id,
        severity=rule.severity,
        source="notescheck",
        env=env,
        file="infra/terraform/modules/database/main.tf",
        line=12,
        end_line=18,
        resource="module.database.aws_dynamodb_table.notes",
        message=f"{rule.id} is violated in {env}",
        title=rule.title,
        evidence=(f"infra/terraform/envs/{env}.tfvars:3 dynamodb_read_units = 5", "var.dynamodb_read_units"),
        remediation=rule.remediation,
        help_uri=rule.help_uri,
    )
    values.update(overrides)
    return Finding(**values)


def build_report(settings: Settings) -> Report:
    tag, capacity, memory, secret, doc = RULES
    spec_checklist = load_spec()["checklist"]
    per_env = {
        "dev": [
            finding(memory, "dev", line=40, end_line=40, resource="aws_lambda_function.legacy", evidence=()),
        ],
        "staging": [],
        "prod": [
            finding(
                capacity,
                "prod",
                instances=(
                    "module.database[0].aws_dynamodb_table.notes",
                    "module.database[1].aws_dynamodb_table.notes",
                ),
            ),
            finding(
                secret,
                "prod",
                file="sam/template.yaml",
                line=30,
                end_line=30,
                resource="NotesFunction",
                message=f"Environment variable API_KEY holds a literal AWS access key id {LEAKED_KEY}",
                evidence=(f"sam/template.yaml:30 API_KEY: {LEAKED_KEY}",),
            ),
            finding(
                tag,
                "prod",
                file="infra/terraform/modules/hosting/main.tf",
                line=5,
                end_line=9,
                resource="module.hosting.aws_s3_bucket.site",
                message="module.hosting.aws_s3_bucket.site has no Environment tag",
                suppressed=True,
                suppression_kind="waiver",
                suppression_reason="ticket OPS-12: tags arrive with the provider upgrade, expires 2027-01-31",
            ),
            finding(
                doc,
                "prod",
                file="docs/runbooks/state-recovery.md",
                line=0,
                end_line=0,
                resource="docs/runbooks/state-recovery.md",
                message="The state recovery runbook is missing",
                evidence=(),
                suppressed=True,
                suppression_kind="inline",
                suppression_reason="written in the next sprint",
            ),
            Finding(
                rule_id="CKV_AWS_28",
                severity=Severity.MEDIUM,
                source="checkov",
                env="prod",
                file="infra/terraform/modules/database/main.tf",
                line=1,
                end_line=30,
                resource="module.database.aws_dynamodb_table.notes",
                message="Ensure DynamoDB point in time recovery (backup) is enabled",
                title="Ensure DynamoDB point in time recovery (backup) is enabled",
                help_uri="https://docs.prismacloud.io/en/enterprise-edition/policy-reference/aws-policies/"
                "aws-general-policies/general-6",
            ),
        ],
    }
    results = []
    for env in settings.envs:
        findings = sorted(per_env[env], key=Finding.sort_key)
        checklist = answer_checklist(findings, RULES, spec_checklist, settings.severity)
        results.append(
            EnvResult(
                env=env,
                findings=findings,
                checklist=checklist,
                rules_run=tuple(r.id for r in RULES),
                resources_checked=40 + len(env),
                checks={r.id: 10 for r in RULES},  # each rule checked 10 resources
            )
        )
    diagnostics = [
        Diagnostic(
            file="infra/terraform/modules/compute/main.tf",
            line=7,
            message='module "api" source "git::https://example.com/api.git" is remote and was not fetched',
            level=DiagnosticLevel.WARNING,
            code="reference",
        )
    ]
    return Report(
        results=results,
        diagnostics=diagnostics,
        rules=list(RULES),
        checklist=dict(spec_checklist),
        tool_version="0.1.0",
        checkov_version="3.3.30",
    )


@pytest.fixture
def settings() -> Settings:
    return Settings(root=Path("."), envs=("dev", "staging", "prod"), today=date(2026, 11, 25))


@pytest.fixture
def report(settings: Settings) -> Report:
    return build_report(settings)


@pytest.fixture
def prod_settings() -> Settings:
    return Settings(root=Path("."), envs=("prod",), today=date(2026, 11, 25))


@pytest.fixture
def prod_report(prod_settings: Settings) -> Report:
    return build_report(prod_settings)


@pytest.fixture
def clean_report(settings: Settings) -> Report:
    spec_checklist = load_spec()["checklist"]
    results = [
        EnvResult(
            env=env,
            checklist=answer_checklist([], RULES, spec_checklist, settings.severity),
            rules_run=tuple(r.id for r in RULES),
        )
        for env in settings.envs
    ]
    return Report(results=results, rules=list(RULES), checklist=dict(spec_checklist), tool_version="0.1.0")


@pytest.fixture
def broken_report(settings: Settings) -> Report:
    """Input errors and nothing else: the run cannot pass."""
    return Report(
        results=[EnvResult(env="prod")],
        diagnostics=[
            Diagnostic(file="infra/terraform/main.tf", line=3, message="unexpected '}'", code="parse"),
            Diagnostic(file="sam/template.yaml", line=0, message="SAM template not found", code="read"),
        ],
        rules=list(RULES),
        tool_version="0.1.0",
    )
