"""JUnit XML for CI test reporters: a testsuite per environment, a testcase per (rule, resource).

A failure is what fails the gate; findings below the gate pass with their message in system-out;
suppressed findings are skipped with the reason; every rule without findings passes, so the suite
shows what was checked. Input errors are <error> testcases in their own suite.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter

from checker.model import DiagnosticLevel, EnvResult, Finding, Report
from checker.report.common import coverage, fails_gate, rule_docs, where
from checker.settings import Settings

INPUT_SUITE = "notescheck.input"
# Characters XML 1.0 cannot carry even escaped (control characters from a hostile input file).
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(root: ET.Element) -> None:
    for element in root.iter():
        for key, value in element.attrib.items():
            element.set(key, _NOT_XML.sub("\ufffd", value))
        if element.text:
            element.text = _NOT_XML.sub("\ufffd", element.text)


def _failure_body(findings: list[Finding]) -> str:
    blocks = []
    for f in findings:
        lines = [f"{where(f)}  {f.rule_id}  {f.severity}  {f.resource}", f.message]
        if f.evidence:
            lines.append("evidence: " + " -> ".join(f.evidence))
        if f.remediation:
            lines.append("fix: " + " ".join(f.remediation.split()))
        if len(f.instances) > 1:
            lines.append("instances: " + ", ".join(f.instances))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _testcase(suite: ET.Element, classname: str, name: str) -> ET.Element:
    return ET.SubElement(suite, "testcase", {"classname": classname, "name": name, "time": "0"})


def _env_suite(result: EnvResult, report: Report, rule_ids: list[str], settings: Settings) -> ET.Element:
    suite = ET.Element("testsuite", {"name": f"notescheck.{result.env}"})
    # the section's checks (rule x resource), as the JSON report's summary.coverage has them
    properties = ET.SubElement(suite, "properties")
    for name, value in coverage(result, report).as_dict().items():
        ET.SubElement(properties, "property", {"name": f"notescheck.{name}", "value": str(value)})
    cases: dict[tuple[str, str], list[Finding]] = {}
    for f in result.findings:
        cases.setdefault((f.rule_id, f.resource), []).append(f)
    # the rules that ran on this section (the shared roots' are fewer), else every rule of the report
    checked = list(dict.fromkeys([*(result.rules_run or rule_ids), *(rid for rid, _ in cases)]))
    order = {rid: i for i, rid in enumerate(checked)}
    tally: Counter[str] = Counter()
    for (rule_id, resource), findings in sorted(cases.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        findings.sort(key=Finding.sort_key)
        case = _testcase(suite, rule_id, f"{resource} ({where(findings[0])})")
        tally["tests"] += 1
        failing = [f for f in findings if fails_gate(f, settings)]
        open_below = [f for f in findings if not f.suppressed and not fails_gate(f, settings)]
        if failing:
            tally["failures"] += 1
            message = "; ".join(f.message for f in failing)
            failure = ET.SubElement(case, "failure", {"message": message, "type": str(failing[0].severity)})
            failure.text = _failure_body(failing)
        elif open_below:
            ET.SubElement(case, "system-out").text = "below the gate: " + _failure_body(open_below)
        else:
            tally["skipped"] += 1
            reasons = "; ".join(sorted({f"{f.suppression_kind}: {f.suppression_reason}".strip(": ") for f in findings}))
            ET.SubElement(case, "skipped", {"message": reasons or "suppressed"})
    with_findings = {rid for rid, _ in cases}
    for rule_id in checked:
        if rule_id not in with_findings:
            _testcase(suite, rule_id, "no findings")
            tally["tests"] += 1
    for key in ("tests", "failures", "errors", "skipped"):
        suite.set(key, str(tally[key]))
    suite.set("time", "0")
    return suite


def _input_suite(report: Report) -> ET.Element:
    suite = ET.Element("testsuite", {"name": INPUT_SUITE})
    errors = 0
    for d in report.diagnostics:
        place = (f"{d.file}:{d.line}" if d.line else d.file) or "(no file)"
        case = _testcase(suite, f"input.{d.code}", place)
        if d.level == DiagnosticLevel.ERROR:
            errors += 1
            ET.SubElement(case, "error", {"message": d.message, "type": d.code}).text = str(d)
        else:
            ET.SubElement(case, "system-out").text = str(d)
    for key, value in (("tests", len(report.diagnostics)), ("failures", 0), ("errors", errors), ("skipped", 0)):
        suite.set(key, str(value))
    suite.set("time", "0")
    return suite


def render_junit(report: Report, settings: Settings) -> str:
    rule_ids = [d.id for d in rule_docs(report) if d.source != "checkov"]
    root = ET.Element("testsuites", {"name": "notescheck"})
    if report.diagnostics:
        root.append(_input_suite(report))
    for result in report.results:
        root.append(_env_suite(result, report, rule_ids, settings))
    for key in ("tests", "failures", "errors", "skipped"):
        root.set(key, str(sum(int(s.get(key, "0")) for s in root)))
    root.set("time", "0")
    _xml_safe(root)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
