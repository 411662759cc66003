"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run: the driver is notescheck with our rules; Checkov, when it reported something, is a tool
extension with its own rules, and its results point at it through result.rule.toolComponent.
Input diagnostics become toolExecutionNotifications, and executionSuccessful says whether input was read.
"""

from __future__ import annotations

import json
import re
from typing import Any

from checker.model import Diagnostic, Finding, Report, Severity
from checker.report.common import CHECKOV_SOURCE, TOOL_NAME, RuleDoc, coverage, fingerprint, rule_docs
from checker.settings import Settings

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "notescheck/v1"
CHECKOV_URI = "https://www.checkov.io/"

LEVELS = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
# GitHub code scanning ranks security alerts by this CVSS-like score.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}
SUPPRESSION_KINDS = {"inline": "inSource", "waiver": "external"}


def _name(title: str, fallback: str) -> str:
    """A PascalCase identifier from the title: SARIF's rule name is not meant for prose."""
    words = re.findall(r"[A-Za-z0-9]+", title)
    return "".join(w[:1].upper() + w[1:] for w in words)[:100] or fallback


def _rule(doc: RuleDoc) -> dict[str, Any]:
    help_text = [doc.what or doc.title]
    help_markdown = [f"**{doc.id}: {doc.title}**", "", doc.what or doc.title]
    if doc.why:
        help_text += ["", f"Why: {doc.why}"]
        help_markdown += ["", "## Why", doc.why]
    if doc.remediation:
        help_text += ["", f"Fix: {doc.remediation}"]
        help_markdown += ["", "## Fix", doc.remediation]
    if doc.spec_section:
        help_text += ["", f"Spec: iac-foundation.md section {doc.spec_section}"]
        help_markdown += ["", f"Spec: `iac-foundation.md`, section {doc.spec_section}"]
    entry: dict[str, Any] = {
        "id": doc.id,
        "name": _name(doc.title, doc.id.replace("-", "")),
        "shortDescription": {"text": doc.title},
        "fullDescription": {"text": doc.what or doc.title},
        "help": {"text": "\n".join(help_text), "markdown": "\n".join(help_markdown)},
        "defaultConfiguration": {"level": LEVELS[doc.severity]},
        "properties": {
            "tags": sorted({"security", "iac", doc.source} | ({doc.checklist} if doc.checklist else set())),
            "precision": "high",
            "problem.severity": {"error": "error", "warning": "warning", "note": "recommendation"}[
                LEVELS[doc.severity]
            ],
            "security-severity": SECURITY_SEVERITY[doc.severity],
            "severity": str(doc.severity),
        },
    }
    if doc.help_uri:
        entry["helpUri"] = doc.help_uri
    return entry


def _location(file: str, line: int, end_line: int) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": file, "uriBaseId": SRCROOT}}
    if line >= 1:
        physical["region"] = {"startLine": line, "endLine": max(line, end_line)}
    return {"physicalLocation": physical}


def _result(f: Finding, rule_index: dict[str, tuple[int | None, int]]) -> dict[str, Any]:
    component, index = rule_index[f.rule_id]
    result: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": index,
        "level": LEVELS[f.severity],
        "message": {"text": f"[{f.env}] {f.message}"},
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f)},
        "properties": {
            "env": f.env,
            "resource": f.resource,
            "evidence": list(f.evidence),
            "severity": str(f.severity),
            "source": f.source,
            "instances": list(f.instances),
        },
    }
    if component is not None:
        result["rule"] = {"id": f.rule_id, "index": index, "toolComponent": {"index": component}}
    if f.file:
        result["locations"] = [_location(f.file, f.line, f.end_line)]
    if f.suppressed:
        result["suppressions"] = [
            {
                "kind": SUPPRESSION_KINDS.get(f.suppression_kind, "external"),
                "status": "accepted",
                "justification": f.suppression_reason or f.suppression_kind or "suppressed",
            }
        ]
    return result


def _notification(d: Diagnostic) -> dict[str, Any]:
    notification: dict[str, Any] = {
        "level": "error" if d.level == "error" else "warning",
        "message": {"text": d.message},
        "descriptor": {"id": d.code},
    }
    if d.file:
        notification["locations"] = [_location(d.file, d.line, d.line)]
    return notification


def sarif_dict(report: Report, settings: Settings) -> dict[str, Any]:
    docs = rule_docs(report)
    ours = [d for d in docs if d.source != CHECKOV_SOURCE]
    checkov = [d for d in docs if d.source == CHECKOV_SOURCE]
    rule_index: dict[str, tuple[int | None, int]] = {d.id: (None, i) for i, d in enumerate(ours)}
    rule_index.update({d.id: (0, i) for i, d in enumerate(checkov)})
    tool: dict[str, Any] = {
        "driver": {
            "name": TOOL_NAME,
            "version": report.tool_version or "0",
            "semanticVersion": report.tool_version or "0.0.0",
            "informationUri": "https://github.com/notescheck/notescheck",
            "rules": [_rule(d) for d in ours],
        }
    }
    if checkov:
        extension: dict[str, Any] = {
            "name": "checkov",
            "informationUri": CHECKOV_URI,
            "rules": [_rule(d) for d in checkov],
        }
        if report.checkov_version:
            extension["version"] = report.checkov_version
        tool["extensions"] = [extension]
    run = {
        "tool": tool,
        "invocations": [
            {
                "executionSuccessful": not report.has_input_errors,
                "toolExecutionNotifications": [_notification(d) for d in report.diagnostics],
            }
        ],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, rule_index) for f in report.findings],
        "properties": {
            "environments": [r.env for r in report.results],
            "gate": str(settings.severity),
            "coverage": {r.env: coverage(r, report).as_dict() for r in report.results},
        },
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(report: Report, settings: Settings) -> str:
    return json.dumps(sarif_dict(report, settings), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
