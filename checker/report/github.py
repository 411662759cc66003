"""GitHub Actions workflow commands: each finding and input problem an annotation on its file and line
(as `ruff --output-format github` and Checkov's `-o github_failed_only` do), then a one-line summary.

A finding that fails the gate is an `error`, one below the gate a `warning`; suppressed findings are not
annotated. Values are escaped as the runner expects, so a message cannot end or forge a command.
"""

from __future__ import annotations

from checker.model import Diagnostic, DiagnosticLevel, Finding, Report
from checker.report.common import fails_gate, passed
from checker.report.text import summary_line
from checker.settings import Settings


def render_github(report: Report, settings: Settings) -> str:
    lines = [_diagnostic(d) for d in report.diagnostics]
    for result in report.results:
        lines += [_finding(f, result.env, settings) for f in result.findings if not f.suppressed]
    verdict = "passed" if passed(report, settings) else "FAILED"
    lines.append(f"notescheck {verdict}: {summary_line(report, settings)}")
    return "\n".join(lines) + "\n"


def _finding(finding: Finding, env: str, settings: Settings) -> str:
    level = "error" if fails_gate(finding, settings) else "warning"
    title = f"{finding.rule_id} ({finding.severity}, {env})"
    message = finding.message
    if finding.resource:
        message = f"{finding.resource}: {message}"
    if finding.remediation:
        message = f"{message}\nFix: {finding.remediation}"
    return _command(level, message, file=finding.file, line=finding.line, end_line=finding.end_line, title=title)


def _diagnostic(diagnostic: Diagnostic) -> str:
    level = "error" if diagnostic.level == DiagnosticLevel.ERROR else "warning"
    title = f"notescheck input {level}" + (f" ({diagnostic.code})" if diagnostic.code else "")
    return _command(level, diagnostic.message, file=diagnostic.file, line=diagnostic.line, title=title)


def _command(level: str, message: str, *, file: str, line: int, title: str, end_line: int = 0) -> str:
    properties = []
    if file:
        properties.append(f"file={_property(file)}")
        if line > 0:
            properties.append(f"line={line}")
            if end_line >= line:
                properties.append(f"endLine={end_line}")
    properties.append(f"title={_property(title)}")
    return f"::{level} {','.join(properties)}::{_data(message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
