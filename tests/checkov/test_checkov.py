"""The real Checkov (the `checkov` fixture) on a small fixture: findings merged with id, line, resource and env.

One Checkov run (dev and prod, sharing the SAM scan) serves every test in this module.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from checker.checkov import PINNED_VERSION, CheckovResult, start_checkov_runs
from checker.model import Finding, Graph, Severity
from checker.settings import Settings
from checker.suppress import apply_suppressions
from checker.waivers import load_waivers
from policies.base import RuleContext
from policies.rules import family_rules

FIXTURES = Path(__file__).parent / "fixtures"
PROJECT = FIXTURES / "project"


@pytest.fixture(scope="module")
def started(checkov: Path):
    """The runs, and whether Checkov was still running when start returned (it must not wait for it)."""
    runs = start_checkov_runs(Settings(root=PROJECT, checkov_path=str(checkov), cache_dir=None), ("dev", "prod"))
    running = [scan.process.poll() is None for run in runs.values() for scan in run.scans]
    return runs, running


@pytest.fixture(scope="module")
def runs(started):
    return started[0]


@pytest.fixture(scope="module")
def results(runs) -> dict[str, CheckovResult]:
    return {env: run.wait() for env, run in runs.items()}


def only(findings: list[Finding], rule_id: str, resource: str) -> Finding:
    matching = [f for f in findings if f.rule_id == rule_id and resource in (f.resource, *f.instances)]
    assert len(matching) == 1, f"{rule_id} on {resource}: {matching}"
    return matching[0]


def test_clean_run_reports_the_pinned_version_and_no_diagnostics(results):
    for result in results.values():
        assert result.diagnostics == []
        assert result.version == PINNED_VERSION


def test_failed_check_is_merged_with_its_id_line_and_resource(results):
    finding = only(results["dev"].findings, "CKV_AWS_21", "aws_s3_bucket.site")
    assert finding.source == "checkov"
    assert finding.env == "dev"
    assert finding.file == "infra/terraform/main.tf"
    assert (finding.line, finding.end_line) == (5, 11)
    assert finding.severity == Severity.MEDIUM  # Checkov gives no severity without a platform key
    assert "versioning" in finding.title
    assert finding.help_uri.startswith("https://")
    assert not finding.suppressed


def test_each_environment_is_scanned_with_its_own_tfvars(results):
    """prod.tfvars turns versioning on, so CKV_AWS_21 fails in dev only."""
    dev_sites = {f.rule_id for f in results["dev"].findings if f.resource == "aws_s3_bucket.site"}
    prod_sites = {f.rule_id for f in results["prod"].findings if f.resource == "aws_s3_bucket.site"}
    assert "CKV_AWS_21" in dev_sites
    assert "CKV_AWS_21" not in prod_sites
    assert "CKV_AWS_18" in prod_sites and all(f.env == "prod" for f in results["prod"].findings)


def test_module_resources_carry_module_address_and_module_file(results):
    finding = only(results["dev"].findings, "CKV_AWS_28", "module.store.aws_dynamodb_table.notes")
    assert finding.file == "infra/terraform/modules/store/main.tf"
    assert finding.line == 3
    # one module file used twice: one finding standing for both instances
    assert set(finding.instances) == {
        "module.store.aws_dynamodb_table.notes",
        "module.store_copy.aws_dynamodb_table.notes",
    }


def test_sam_findings_name_the_logical_id_and_are_shared_across_environments(runs, results):
    for env in ("dev", "prod"):
        finding = only(results[env].findings, "CKV_AWS_117", "NotesFunction")
        assert (finding.file, finding.line, finding.env) == ("sam/template.yaml", 6, env)
    sam_scans = [scan for run in runs.values() for scan in run.scans if scan.framework == "cloudformation"]
    assert len(sam_scans) == 2 and sam_scans[0] is sam_scans[1]  # the template is scanned once


def test_checkov_skip_with_reason_stays_visible_as_suppressed(results):
    finding = only(results["dev"].findings, "CKV_AWS_21", "aws_s3_bucket.skipped")
    assert finding.suppressed
    assert finding.suppression_kind == "inline"
    assert finding.suppression_reason == "fixture: versioning is off on purpose"


def test_checkov_skip_without_reason_suppresses_nothing(results):
    finding = only(results["dev"].findings, "CKV_AWS_144", "aws_s3_bucket.skipped")
    assert not finding.suppressed


def test_notescheck_skip_comment_in_the_source_suppresses_a_checkov_finding(results):
    """No graph node for the bucket here: the comment is read from the file at the finding's lines."""
    graph = Graph(env="dev", root=str(PROJECT))
    suppressed = apply_suppressions(results["dev"].findings, graph, [], date(2026, 1, 1))
    finding = only(suppressed, "CKV_AWS_18", "aws_s3_bucket.site")
    assert finding.suppressed and finding.suppression_kind == "inline"
    assert finding.suppression_reason == "fixture: access logs are collected elsewhere"
    assert not only(suppressed, "CKV_AWS_21", "aws_s3_bucket.site").suppressed


WAIVER = """\
# fixture waivers
- rule: CKV_AWS_21
  resource: aws_s3_bucket.si*
  environments: [dev]
  reason: fixture site bucket is rebuilt from git (spec section 3 covers state only)
  owner: platform-team
  expires: {expires}
"""


@pytest.mark.parametrize(
    ("expires", "suppressed"),
    [("2026-03-31", True), ("2026-04-01", True), ("2026-03-30", False)],
    ids=["valid", "expires-today", "expired"],
)
def test_waiver_suppresses_until_it_expires(results, tmp_path, expires, suppressed):
    today = date(2026, 3, 31)
    path = tmp_path / "waivers.yaml"
    path.write_text(WAIVER.format(expires=expires), encoding="utf-8")
    waivers, diagnostics = load_waivers(path)
    assert diagnostics == []
    graph = Graph(env="dev", root=str(PROJECT))
    finding = only(
        apply_suppressions(results["dev"].findings, graph, waivers, today), "CKV_AWS_21", "aws_s3_bucket.site"
    )
    assert finding.suppressed is suppressed
    assert finding.suppression_kind == ("waiver" if suppressed else "")
    expired = [
        v
        for rule in family_rules("suppressions")
        if rule.id == "NC-WAIVER-001"
        for v in rule.check(graph, RuleContext(env="dev", spec={}, today=today, waivers=tuple(waivers)))
    ]
    if suppressed:
        assert expired == []
    else:
        assert len(expired) == 1
        assert expired[0].location.line == 2  # the waiver's first line in the file
        assert "CKV_AWS_21" in expired[0].message and expires in expired[0].message


def test_start_returns_while_checkov_is_still_running(started, results):
    _, running = started
    assert running and all(running)
