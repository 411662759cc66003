"""--format sarif: valid SARIF 2.1.0 (the OASIS schema, vendored in tests/data) that GitHub code scanning takes."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from checker.report import render

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["$schema"].startswith("http://json-schema.org/draft-07/")
    if "properties" not in schema:
        # This copy keeps the log's own schema under definitions/Root and leaves the top level empty,
        # which would accept anything: validate against Root (a $ref in draft 7 replaces its siblings).
        schema = {**schema, "$ref": "#/definitions/Root"}
    validator = jsonschema.Draft7Validator(schema)
    assert not validator.is_valid({"runs": []}), "the validator must check the log's top level"
    return validator


def _sarif(report, settings) -> dict:
    return json.loads(render(report, "sarif", settings=settings, color=False, quiet=False, gate=True))


@pytest.mark.parametrize("name", ["report", "prod_report", "clean_report", "broken_report"])
def test_output_is_valid_sarif(name, request, settings, validator):
    errors = sorted(validator.iter_errors(_sarif(request.getfixturevalue(name), settings)), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])


def test_the_validator_catches_broken_sarif(report, settings, validator):
    data = _sarif(report, settings)
    data["runs"][0]["results"][0]["level"] = "fatal"
    assert not validator.is_valid(data)


def test_rules_carry_their_documentation(report, settings):
    run = _sarif(report, settings)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "notescheck" and driver["version"] == "0.1.0"
    rules = {r["id"]: r for r in driver["rules"]}
    assert list(rules) == ["NC-TAG-001", "NC-LIMIT-001", "NC-LIMIT-002", "NC-SECRET-001", "NC-DOC-001"]
    secret = rules["NC-SECRET-001"]
    assert secret["name"] == "NoSecretWrittenInTerraformOrSAM"
    assert secret["shortDescription"]["text"] == "No secret written in Terraform or SAM"
    assert secret["fullDescription"]["text"] == "What NC-SECRET-001 checks, in a sentence."
    assert "## Fix" in secret["help"]["markdown"] and "default_tags" in secret["help"]["text"]
    assert secret["helpUri"].endswith("/docs/rules/NC-SECRET-001.md")
    assert secret["defaultConfiguration"]["level"] == "error"
    assert secret["properties"]["security-severity"] == "9.5"
    assert rules["NC-LIMIT-002"]["defaultConfiguration"]["level"] == "warning"
    assert rules["NC-DOC-001"]["defaultConfiguration"]["level"] == "note"


def test_results_point_at_their_rule_file_and_lines(report, settings):
    run = _sarif(report, settings)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ours = [r for r in run["results"] if "rule" not in r]
    assert ours, "our findings must be there"
    for result in ours:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    capacity = next(r for r in run["results"] if r["ruleId"] == "NC-LIMIT-001")
    location = capacity["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "infra/terraform/modules/database/main.tf", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 12, "endLine": 18}
    assert capacity["properties"]["env"] == "prod"
    assert capacity["properties"]["resource"] == "module.database.aws_dynamodb_table.notes"
    assert capacity["properties"]["evidence"][1] == "var.dynamodb_read_units"
    assert capacity["message"]["text"] == "[prod] NC-LIMIT-001 is violated in prod"
    runbook = next(r for r in run["results"] if r["ruleId"] == "NC-DOC-001")
    assert "region" not in runbook["locations"][0]["physicalLocation"], "line 0 means the whole file"


def test_checkov_results_belong_to_the_checkov_extension(report, settings):
    tool = _sarif(report, settings)["runs"][0]["tool"]
    (extension,) = tool["extensions"]
    assert extension["name"] == "checkov" and extension["version"] == "3.3.30"
    assert [r["id"] for r in extension["rules"]] == ["CKV_AWS_28"]
    result = next(r for r in _sarif(report, settings)["runs"][0]["results"] if r["ruleId"] == "CKV_AWS_28")
    assert result["rule"] == {"id": "CKV_AWS_28", "index": 0, "toolComponent": {"index": 0}}
    assert result["ruleIndex"] == 0


def test_no_checkov_extension_without_checkov_findings(clean_report, settings):
    assert "extensions" not in _sarif(clean_report, settings)["runs"][0]["tool"]


def test_suppressed_findings_carry_suppressions(report, settings):
    results = _sarif(report, settings)["runs"][0]["results"]
    kinds = {r["ruleId"]: r["suppressions"][0] for r in results if "suppressions" in r}
    assert kinds["NC-TAG-001"]["kind"] == "external"
    assert kinds["NC-TAG-001"]["justification"].startswith("ticket OPS-12")
    assert kinds["NC-DOC-001"]["kind"] == "inSource"
    assert set(kinds) == {"NC-TAG-001", "NC-DOC-001"}


def test_fingerprints_are_stable_and_distinct(report, settings):
    results = _sarif(report, settings)["runs"][0]["results"]
    prints = [r["partialFingerprints"]["notescheck/v1"] for r in results]
    assert len(set(prints)) == len(prints)
    moved = replace(report.results[-1].findings[0], line=99, end_line=99, message="moved down")
    report.results[-1].findings[0] = moved
    again = _sarif(report, settings)["runs"][0]["results"]
    assert sorted(r["partialFingerprints"]["notescheck/v1"] for r in again) == sorted(prints)


def test_diagnostics_become_notifications(broken_report, report, settings):
    invocation = _sarif(broken_report, settings)["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    parse = invocation["toolExecutionNotifications"][0]
    assert parse["level"] == "error" and parse["descriptor"]["id"] == "parse"
    assert parse["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    warning_only = _sarif(report, settings)["runs"][0]["invocations"][0]
    assert warning_only["executionSuccessful"] is True
    assert [n["level"] for n in warning_only["toolExecutionNotifications"]] == ["warning"]
