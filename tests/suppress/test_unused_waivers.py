"""NC-WAIVER-002: a waiver of a rule that ran, matching no finding, is reported at its line."""

from datetime import date
from pathlib import Path

from checker.pipeline import exit_code, run
from checker.runtime import open_runtime
from checker.settings import Settings

WAIVERS = """\
- rule: NC-LIMIT-001
  resource: aws_dynamodb_table.notes
  environments: all
  reason: capacity trial approved by the platform team
  owner: platform-team
  expires: 2027-06-30
- rule: NC-LIMIT-001
  resource: aws_dynamodb_table.removed_long_ago
  environments: all
  reason: capacity trial approved by the platform team
  owner: platform-team
  expires: 2027-06-30
- rule: CKV_AWS_28
  resource: aws_dynamodb_table.notes
  environments: all
  reason: Checkov did not run, so this one cannot be judged
  owner: platform-team
  expires: 2027-06-30
- rule: NC-TAG-001
  resource: aws_dynamodb_table.notes
  environments: all
  reason: the tag rules are not enabled in this run
  owner: platform-team
  expires: 2027-06-30
- rule: NC-LIMIT-001
  resource: aws_dynamodb_table.other
  environments: [dev]
  reason: applies to dev only, which is not checked
  owner: platform-team
  expires: 2027-06-30
"""


def _project(root: Path) -> None:
    tf = root / "infra" / "terraform"
    (tf / "envs").mkdir(parents=True)
    (tf / "envs" / "prod.tfvars").write_text("")
    (tf / "main.tf").write_text(
        'resource "aws_dynamodb_table" "notes" {\n  name           = "notes-prod-notes"\n'
        '  billing_mode   = "PROVISIONED"\n  hash_key       = "pk"\n  read_capacity  = 5\n  write_capacity = 2\n}\n'
    )
    (root / "policies").mkdir()
    (root / "policies" / "waivers.yaml").write_text(WAIVERS)


def _run(root: Path, enable=("NC-LIMIT-001", "NC-WAIVER")):
    settings = Settings(
        root=root, envs=("prod",), checkov=False, enable=enable, cache_dir=None, today=date(2026, 11, 25)
    )
    return settings, run(settings, open_runtime(settings))


def test_a_waiver_that_matches_nothing_is_reported_at_its_line(tmp_path: Path) -> None:
    _project(tmp_path)
    settings, report = _run(tmp_path)
    unused = [f for f in report.findings if f.rule_id == "NC-WAIVER-002"]
    assert [(f.file, f.line, f.resource) for f in unused] == [
        ("policies/waivers.yaml", 7, "aws_dynamodb_table.removed_long_ago")
    ]
    waived = [f for f in report.findings if f.rule_id == "NC-LIMIT-001"]
    assert [f.suppression_kind for f in waived] == ["waiver"]
    assert exit_code(report, settings) == 1


def test_no_unused_waiver_when_every_waiver_that_ran_is_used(tmp_path: Path) -> None:
    _project(tmp_path)
    waivers = tmp_path / "policies" / "waivers.yaml"
    entries = WAIVERS.split("- rule: ")
    waivers.write_text("- rule: " + "- rule: ".join(e for e in entries[1:] if "removed_long_ago" not in e))
    settings, report = _run(tmp_path)
    assert [f for f in report.findings if f.rule_id == "NC-WAIVER-002"] == []
    assert exit_code(report, settings) == 0


def test_disabling_the_rule_keeps_it_quiet(tmp_path: Path) -> None:
    _project(tmp_path)
    _, report = _run(tmp_path, enable=("NC-LIMIT-001",))
    assert [f for f in report.findings if f.rule_id == "NC-WAIVER-002"] == []
