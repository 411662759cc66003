"""--format json: valid against checker/schemas/report.schema.json and faithful to the Report."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

from checker.pipeline import exit_code
from checker.report import render


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(resources.files("checker").joinpath("schemas/report.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _json(report, settings) -> dict:
    return json.loads(render(report, "json", settings=settings, color=False, quiet=False, gate=False))


@pytest.mark.parametrize("name", ["report", "prod_report", "clean_report", "broken_report"])
def test_output_is_valid_against_the_schema(name, request, settings, validator):
    validator.validate(_json(request.getfixturevalue(name), settings))


def test_schema_rejects_what_it_should(report, settings, validator):
    data = _json(report, settings)
    data["findings"][0]["severity"] = "urgent"
    assert not validator.is_valid(data)
    data = _json(report, settings)
    suppressed = next(f for f in data["findings"] if f["suppressed"])
    suppressed["suppression"] = None
    assert not validator.is_valid(data), "a suppressed finding must say why"


def test_findings_carry_everything_a_consumer_needs(report, settings):
    data = _json(report, settings)
    assert data["version"] == 1
    assert data["tool"] == {"name": "notescheck", "version": "0.1.0", "checkov_version": "3.3.30"}
    assert data["environments"] == ["dev", "staging", "prod"]
    keys = [(f["env"], f["file"], f["line"], f["rule_id"]) for f in data["findings"]]
    assert keys == sorted(keys)
    capacity = next(f for f in data["findings"] if f["rule_id"] == "NC-LIMIT-001")
    assert capacity["evidence"] == [
        "infra/terraform/envs/prod.tfvars:3 dynamodb_read_units = 5",
        "var.dynamodb_read_units",
    ]
    assert capacity["instances"] == [
        "module.database[0].aws_dynamodb_table.notes",
        "module.database[1].aws_dynamodb_table.notes",
    ]
    assert capacity["suppression"] is None and capacity["suppressed"] is False
    assert (capacity["line"], capacity["end_line"]) == (12, 18)
    checkov = next(f for f in data["findings"] if f["source"] == "checkov")
    assert checkov["rule_id"] == "CKV_AWS_28"
    assert {r["id"]: r["source"] for r in data["rules"]}["CKV_AWS_28"] == "checkov"


def test_suppressed_findings_are_marked_with_kind_and_reason(report, settings):
    suppressed = [f for f in _json(report, settings)["findings"] if f["suppressed"]]
    assert {(f["rule_id"], f["suppression"]["kind"]) for f in suppressed} == {
        ("NC-TAG-001", "waiver"),
        ("NC-DOC-001", "inline"),
    }
    assert all(f["suppression"]["reason"] for f in suppressed)


def test_summary_counts_and_verdict_agree_with_the_exit_code(report, clean_report, broken_report, settings):
    data = _json(report, settings)
    prod = data["summary"]["environments"]["prod"]
    assert prod == {
        "critical": 1,
        "high": 1,
        "medium": 1,
        "low": 0,
        "info": 0,
        "total": 3,
        "failing": 3,
        "suppressed": 2,
    }
    assert data["summary"]["totals"]["total"] == 4 and data["summary"]["suppressed"] == 2
    assert data["summary"]["gate"] == "low"
    for sample in (report, clean_report, broken_report):
        assert _json(sample, settings)["summary"]["passed"] == (exit_code(sample, settings) == 0)
    assert _json(broken_report, settings)["summary"]["input_errors"] == 2


def test_checklist_is_answered_per_environment(report, settings):
    checklist = _json(report, settings)["checklist"]
    assert set(checklist) == {"dev", "staging", "prod"}
    cost = next(a for a in checklist["prod"] if a["question"] == "Are cost controls in place?")
    assert cost == {
        "question": "Are cost controls in place?",
        "ok": False,
        "rules": ["NC-LIMIT-001", "NC-LIMIT-002"],
        "failing_rules": ["NC-LIMIT-001"],
    }
    assert all(a["ok"] for a in checklist["staging"])


def test_diagnostics_are_listed(broken_report, settings):
    diagnostics = _json(broken_report, settings)["diagnostics"]
    assert diagnostics[0] == {
        "file": "infra/terraform/main.tf",
        "line": 3,
        "level": "error",
        "code": "parse",
        "message": "unexpected '}'",
    }
