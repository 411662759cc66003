"""--format github: workflow-command annotations a GitHub runner turns into marks on the diff."""

from __future__ import annotations

import re
from dataclasses import replace

from checker.report import render

COMMAND = re.compile(r"^::(error|warning) (?P<props>[^:]*)::(?P<data>.*)$")


def _github(report, settings) -> list[str]:
    return render(report, "github", settings=settings, color=False, quiet=False, gate=True).splitlines()


def _annotations(lines: list[str]) -> list[dict[str, str]]:
    found = []
    for line in lines:
        match = COMMAND.match(line)
        if match:
            props = dict(p.split("=", 1) for p in match["props"].split(","))
            found.append({"level": match[1], **props, "data": match["data"]})
    return found


def test_each_open_finding_is_an_annotation_on_its_file_and_line(report, settings):
    annotations = _annotations(_github(report, settings))
    findings = [f for f in report.findings if not f.suppressed]
    assert len(annotations) == len(findings) + len(report.diagnostics)
    capacity = next(a for a in annotations if a["title"].startswith("NC-LIMIT-001"))
    assert capacity["file"] == "infra/terraform/modules/database/main.tf"
    assert capacity["line"] == "12" and capacity["level"] == "error"
    assert capacity["title"] == "NC-LIMIT-001 (high%2C prod)"
    assert "%0AFix: " in capacity["data"]


def test_input_warnings_are_warnings_and_the_last_line_is_the_verdict(report, settings):
    lines = _github(report, settings)
    remote = next(a for a in _annotations(lines) if "remote" in a["data"])
    assert remote["level"] == "warning" and remote["file"] == "infra/terraform/modules/compute/main.tf"
    assert lines[-1].startswith("notescheck FAILED: ")


def test_findings_below_the_gate_are_warnings_and_suppressed_ones_are_not_shown(report, settings):
    strict = replace(settings, severity=type(settings.severity)("critical"))
    annotations = _annotations(_github(report, strict))
    levels = {a["title"]: a["level"] for a in annotations if a["title"].startswith("NC-")}
    assert set(levels.values()) == {"error", "warning"}
    assert all((level == "error") == ("(critical" in title) for title, level in levels.items())
    suppressed = [f for f in report.findings if f.suppressed]
    assert all(f.message not in a["data"] for f in suppressed for a in annotations)


def test_a_message_cannot_end_its_command_or_forge_another(report, settings):
    first = report.results[0]
    forged = replace(first.findings[0], message="bad\n::error file=x.tf::forged 100%")
    report = replace(report, results=[replace(first, findings=[forged])], diagnostics=[])
    lines = _github(report, settings)
    assert len(lines) == 2, lines
    assert lines[0].endswith("bad%0A::error file=x.tf::forged 100%25%0AFix: " + forged.remediation)


def test_a_clean_report_has_no_annotation(clean_report, settings):
    assert _github(clean_report, settings) == [
        "notescheck passed: dev: no findings; staging: no findings; prod: no findings; 0 finding(s) at or above low"
    ]
