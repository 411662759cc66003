"""--format junit: well-formed JUnit XML, failures = what fails the gate, suppressed = skipped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from checker.model import Severity
from checker.report import render


def _junit(report, settings) -> ET.Element:
    text = render(report, "junit", settings=settings, color=False, quiet=False, gate=True)
    assert text.startswith("<?xml")
    return ET.fromstring(text)


def _suite(root: ET.Element, name: str) -> ET.Element:
    (suite,) = [s for s in root.findall("testsuite") if s.get("name") == name]
    return suite


def test_a_suite_per_environment_with_consistent_counts(report, settings):
    root = _junit(report, settings)
    names = [s.get("name") for s in root.findall("testsuite")]
    assert names == ["notescheck.input", "notescheck.dev", "notescheck.staging", "notescheck.prod"]
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        assert int(suite.get("tests")) == len(cases)
        assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None)
        assert int(suite.get("skipped")) == sum(1 for c in cases if c.find("skipped") is not None)
        assert int(suite.get("errors")) == sum(1 for c in cases if c.find("error") is not None)
    assert int(root.get("failures")) == 4 and int(root.get("skipped")) == 2


def test_failures_carry_message_and_evidence(report, settings):
    prod = _suite(_junit(report, settings), "notescheck.prod")
    case = next(c for c in prod.findall("testcase") if c.get("classname") == "NC-LIMIT-001")
    assert case.get("name") == "module.database.aws_dynamodb_table.notes (infra/terraform/modules/database/main.tf:12)"
    failure = case.find("failure")
    assert failure.get("message") == "NC-LIMIT-001 is violated in prod"
    assert failure.get("type") == "high"
    assert "evidence: infra/terraform/envs/prod.tfvars:3 dynamodb_read_units = 5 -> var.dynamodb_read_units" in (
        failure.text
    )


def test_suppressed_findings_are_skipped_with_the_reason(report, settings):
    prod = _suite(_junit(report, settings), "notescheck.prod")
    skipped = {c.get("classname"): c.find("skipped").get("message") for c in prod if c.find("skipped") is not None}
    assert skipped == {
        "NC-TAG-001": "waiver: ticket OPS-12: tags arrive with the provider upgrade, expires 2027-01-31",
        "NC-DOC-001": "inline: written in the next sprint",
    }


def test_rules_without_findings_pass_visibly(report, settings):
    staging = _suite(_junit(report, settings), "notescheck.staging")
    assert [(c.get("classname"), c.get("name")) for c in staging.iter("testcase")] == [
        ("NC-TAG-001", "no findings"),
        ("NC-LIMIT-001", "no findings"),
        ("NC-LIMIT-002", "no findings"),
        ("NC-SECRET-001", "no findings"),
        ("NC-DOC-001", "no findings"),
    ]
    assert all(len(c) == 0 for c in staging.iter("testcase"))
    checks = {p.get("name"): int(p.get("value")) for p in staging.iter("property")}
    assert checks["notescheck.checks"] == 50 == checks["notescheck.passed"]  # 5 rules x 10 resources, all clean


def test_findings_below_the_gate_pass_with_their_message(report, settings):
    high_gate = replace(settings, severity=Severity.HIGH)
    dev = _suite(_junit(report, high_gate), "notescheck.dev")
    case = next(c for c in dev if c.get("classname") == "NC-LIMIT-002" and c.get("name") != "no findings")
    assert case.find("failure") is None
    assert "below the gate" in case.find("system-out").text


def test_input_errors_are_error_testcases(broken_report, settings):
    suite = _suite(_junit(broken_report, settings), "notescheck.input")
    errors = [c.find("error") for c in suite]
    assert [e.get("type") for e in errors] == ["parse", "read"]
    assert suite.get("errors") == "2"
    assert errors[0].text == "infra/terraform/main.tf:3: error: unexpected '}'"


def test_markup_in_messages_stays_text(report, settings):
    result = report.results[0]
    result.findings[0] = replace(result.findings[0], message='tag <Environment> & "Project" missing')
    case = next(c for c in _suite(_junit(report, settings), "notescheck.dev") if c.find("failure") is not None)
    assert case.find("failure").get("message") == 'tag <Environment> & "Project" missing'


def test_control_characters_from_hostile_input_do_not_break_the_xml(report, settings):
    result = report.results[0]
    result.findings[0] = replace(result.findings[0], message="bad \x00\x1b[31m byte", resource="res\x07")
    case = next(c for c in _suite(_junit(report, settings), "notescheck.dev") if c.find("failure") is not None)
    assert case.find("failure").get("message") == "bad \ufffd\ufffd[31m byte"
