"""`notescheck check` end to end with the real Checkov: one report, inline skips, waivers, expired waivers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

PROJECT = Path(__file__).parent / "fixtures" / "project"

WAIVERS = """\
- rule: CKV_AWS_21
  resource: aws_s3_bucket.site
  environments: [dev]
  reason: fixture site bucket is rebuilt from git (spec section 3 covers state only)
  owner: platform-team
  expires: 2099-12-31
- rule: CKV_AWS_117
  resource: NotesFunction
  environments: all
  reason: No VPC for the functions (spec section 2, tag-based isolation)
  owner: platform-team
  expires: 2020-01-31
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("e2e") / "project"
    shutil.copytree(PROJECT, root)
    (root / "waivers.yaml").write_text(WAIVERS, encoding="utf-8")
    return root


def check(project: Path, monkeypatch, *args: str):
    monkeypatch.chdir(project)
    result = CliRunner().invoke(
        main, ["check", "--env", "dev", "--format", "json", "--no-cache", "--waivers", "waivers.yaml", *args]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def by_rule(report: dict, rule_id: str, resource: str | None = None) -> list[dict]:
    return [f for f in report["findings"] if f["rule_id"] == rule_id and resource in (None, f["resource"])]


def test_checkov_findings_merge_into_one_report_with_suppressions(project, checkov, monkeypatch):
    code, report = check(project, monkeypatch, "--checkov", str(checkov))
    assert code == 1
    assert report["tool"]["checkov_version"] == "3.3.30"
    assert not [d for d in report["diagnostics"] if d.get("level") == "error"], report["diagnostics"]

    [versioning] = by_rule(report, "CKV_AWS_21", "aws_s3_bucket.site")
    assert (versioning["source"], versioning["file"], versioning["line"]) == ("checkov", "infra/terraform/main.tf", 5)
    assert versioning["suppressed"] and versioning["suppression"]["kind"] == "waiver"

    [logging] = by_rule(report, "CKV_AWS_18", "aws_s3_bucket.site")
    assert logging["suppression"] == {"kind": "inline", "reason": "fixture: access logs are collected elsewhere"}

    [checkov_skip] = by_rule(report, "CKV_AWS_21", "aws_s3_bucket.skipped")
    assert checkov_skip["suppression"]["reason"] == "fixture: versioning is off on purpose"

    [no_vpc] = by_rule(report, "CKV_AWS_117", "NotesFunction")
    assert not no_vpc["suppressed"]  # its waiver expired
    [expired] = by_rule(report, "NC-WAIVER-001")
    assert (expired["file"], expired["line"]) == ("waivers.yaml", 7)

    [reasonless] = by_rule(report, "NC-SKIP-001")
    assert (reasonless["file"], reasonless["line"]) == ("infra/terraform/main.tf", 15)
    assert not by_rule(report, "CKV_AWS_144", "aws_s3_bucket.skipped")[0]["suppressed"]

    # Checkov's open findings answer the questions they bear on (policies/data/checkov-checklist.yaml)
    answers = {a["question"]: a for a in report["checklist"]["dev"]}
    hosting = answers["Frontend hosting infrastructure (S3) included in designs?"]
    assert "CKV_AWS_144" in hosting["failing_rules"] and not hosting["ok"]
    separation = answers["Are all three environments clearly separated?"]
    assert "CKV_AWS_117" in separation["failing_rules"]  # its waiver expired


def test_no_checkov_is_the_fast_path(project, monkeypatch):
    code, report = check(project, monkeypatch, "--no-checkov")
    assert report["tool"]["checkov_version"] == ""
    assert not [f for f in report["findings"] if f["source"] == "checkov"]
    assert by_rule(report, "NC-WAIVER-001")  # our own rules still run
