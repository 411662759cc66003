"""policies --format json and explain, for our rules and Checkov's."""

from __future__ import annotations

import json

from checker.checkov import CHECKS_FILE, PINNED_VERSION, checkov_checks
from checker.validation import schema_errors
from policies import all_rules
from tests.cli._project import invoke
from tests.conftest import REPO_ROOT


def test_policies_json_lists_every_rule_with_its_question():
    result = invoke("policies", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.output)
    assert [r["id"] for r in document["rules"]] == [r.id for r in all_rules()]
    first = document["rules"][0]
    assert set(first) >= {"id", "title", "severity", "spec_section", "checklist", "remediation", "help_uri"}
    assert first["checklist"]["question"].endswith("?")


def test_explain_a_checkov_check_from_the_pinned_checkovs_list():
    result = invoke("explain", "ckv_aws_18")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("CKV_AWS_18: Ensure the S3 bucket has access logging enabled")
    assert "aws_s3_bucket" in result.output and "AWS::S3::Bucket" in result.output


def test_explain_an_unknown_id_suggests_near_ones():
    result = invoke("explain", "NC-TAG-01")
    assert result.exit_code == 2
    assert "did you mean NC-TAG-001" in result.output


def test_the_checkov_list_is_the_pinned_checkovs():
    document = json.loads(CHECKS_FILE.read_text(encoding="utf-8"))
    schema = json.loads((REPO_ROOT / "policies/schemas/checkov-checks.schema.json").read_text(encoding="utf-8"))
    assert schema_errors(document, schema) == []
    assert document["checkov_version"] == PINNED_VERSION
    checks = checkov_checks()
    assert len(checks) > 1000
    waivers = (REPO_ROOT / "policies/waivers.yaml").read_text(encoding="utf-8").splitlines()
    waived = [line.split(":", 1)[1].strip() for line in waivers if "rule: CKV" in line]
    assert waived and all(rule in checks for rule in waived), "every waived Checkov check exists"
