"""NC-REPRO, NC-COST and NC-DOCS-003 on a copy of the repo's own infra: each break is found at its line.

The cases under tests/policies/cases/ write the violations from scratch; these break the real modules the
way an engineer would, through the repo's own variables, locals and documents.
"""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main


@pytest.fixture
def project(repo_copy: Path) -> Path:
    return repo_copy


def _findings(env: str, rule: str) -> list[tuple[str, int, str]]:
    result = CliRunner().invoke(
        main, ["check", "--env", env, "--no-checkov", "--no-cache", "--format", "json", "--enable", rule]
    )
    report = json.loads(result.stdout)
    assert report["diagnostics"] == []
    return [(f["file"], f["line"], f["message"]) for f in report["findings"] if not f["suppressed"]]


def _replace(path: Path, old: str, new: str) -> int:
    """Replace the first `old` with `new`; the 1-based line where it now stands."""
    text = path.read_text()
    assert old in text, f"{path}: the infra changed, update this test ({old!r} not found)"
    path.write_text(text.replace(old, new, 1))
    return text[: text.index(old)].count("\n") + 1


SECURITY = "infra/terraform/modules/security/main.tf"
DATABASE = "infra/terraform/modules/database/main.tf"
HOSTING = "infra/terraform/modules/hosting/main.tf"


def test_a_secret_recovery_window_in_dev_blocks_the_recreate(project: Path) -> None:
    line = _replace(
        project / SECURITY,
        'recovery_window_in_days = var.environment == "prod" ? 30 : 0',
        'recovery_window_in_days = var.environment == "prod" ? 30 : 7',
    )
    found = _findings("dev", "NC-REPRO-001")
    assert [(f, n) for f, n, _ in found] == [(SECURITY, line)]
    assert "7-day recovery window" in found[0][2]
    assert _findings("prod", "NC-REPRO-001") == []


def test_deletion_protection_written_for_the_wrong_environment_leaves_prod_unprotected(project: Path) -> None:
    line = _replace(
        project / DATABASE,
        'deletion_protection_enabled = var.environment == "prod"',
        'deletion_protection_enabled = var.environment == "staging"',
    )
    assert [(f, n) for f, n, _ in _findings("prod", "NC-REPRO-002")] == [(DATABASE, line)]
    assert [(f, n) for f, n, _ in _findings("staging", "NC-REPRO-001")] == [(DATABASE, line)]


def test_a_bucket_name_with_a_timestamp_through_a_local_changes_on_every_apply(project: Path) -> None:
    hosting = project / HOSTING
    text = hosting.read_text()
    assert "locals {" in text
    hosting.write_text(text.replace("locals {", 'locals {\n  deployed_on = formatdate("YYYYMMDD", timestamp())', 1))
    number = _replace(
        hosting,
        'bucket        = "${local.name_prefix}-site-${local.account_id}"',
        'bucket        = "${local.name_prefix}-site-${local.account_id}-${local.deployed_on}"',
    )
    found = _findings("prod", "NC-REPRO-003")
    assert [(f, n) for f, n, _ in found] == [(HOSTING, number)]
    assert "timestamp()" in found[0][2]


def test_capacity_raised_in_tfvars_goes_over_the_cost_table(project: Path) -> None:
    tfvars = project / "infra/terraform/envs/prod.tfvars"  # within the variables' bounds (1-10), over budget
    _replace(tfvars, "dynamodb_read_units       = 2", "dynamodb_read_units       = 10")
    _replace(tfvars, "dynamodb_write_units      = 2", "dynamodb_write_units      = 10")
    found = _findings("prod", "NC-COST-001")
    assert len(found) == 1
    file, _, message = found[0]
    assert file == DATABASE and "over the spec's $10.50" in message


def test_a_runbook_that_loses_its_rollback_section_is_found(project: Path) -> None:
    runbook = project / "docs/runbooks/environment-promotion.md"
    _replace(runbook, "## Rollback procedures", "## What else")
    found = _findings("prod", "NC-DOCS-003")
    assert [(f, n) for f, n, _ in found] == [("docs/runbooks/environment-promotion.md", 1)]
    assert "rollback procedures" in found[0][2]
