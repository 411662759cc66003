"""The machine-readable report, described by checker/schemas/report.schema.json.

Same input, same bytes: keys sorted, findings in Finding.sort_key order, no timestamps.
"""

from __future__ import annotations

import json
from typing import Any

from checker.model import Finding, Report
from checker.report.common import TOOL_NAME, count, coverage, passed, rule_docs
from checker.settings import Settings

REPORT_FORMAT_VERSION = 1


def report_dict(report: Report, settings: Settings) -> dict[str, Any]:
    per_env = {r.env: count(r.findings, settings).as_dict() for r in report.results}
    totals = count(report.findings, settings).as_dict()
    return {
        "version": REPORT_FORMAT_VERSION,
        "tool": {"name": TOOL_NAME, "version": report.tool_version, "checkov_version": report.checkov_version},
        "environments": [r.env for r in report.results],
        "summary": {
            "gate": str(settings.severity),
            "passed": passed(report, settings),
            "input_errors": sum(1 for d in report.diagnostics if d.level == "error"),
            "environments": per_env,
            "totals": totals,
            "suppressed": totals["suppressed"],
            "coverage": {r.env: coverage(r, report).as_dict() for r in report.results},
        },
        "checklist": {
            r.env: [
                {
                    "question": a.question,
                    "ok": a.ok,
                    "rules": list(a.rules),
                    "failing_rules": list(a.failing_rules),
                }
                for a in r.checklist
            ]
            for r in report.results
        },
        "findings": [finding_dict(f) for f in report.findings],
        "diagnostics": [
            {"file": d.file, "line": d.line, "level": str(d.level), "code": d.code, "message": d.message}
            for d in report.diagnostics
        ],
        "rules": [
            {
                "id": d.id,
                "title": d.title,
                "severity": str(d.severity),
                "source": d.source,
                "help_uri": d.help_uri,
                "spec_section": d.spec_section,
                "checklist": d.checklist,
            }
            for d in rule_docs(report)
        ],
    }


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "rule_id": f.rule_id,
        "severity": str(f.severity),
        "source": f.source,
        "env": f.env,
        "file": f.file,
        "line": f.line,
        "end_line": f.end_line,
        "resource": f.resource,
        "message": f.message,
        "title": f.title,
        "evidence": list(f.evidence),
        "remediation": f.remediation,
        "help_uri": f.help_uri,
        "suppressed": f.suppressed,
        "suppression": {"kind": f.suppression_kind, "reason": f.suppression_reason} if f.suppressed else None,
        "instances": list(f.instances),
    }


def render_json(report: Report, settings: Settings) -> str:
    return json.dumps(report_dict(report, settings), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
