"""The report for people at a terminal: input errors first, then per environment a summary, the review
checklist answered and the findings grouped by checklist question; with several environments a
rule x environment matrix. `check` (gate=True) prints the same findings without checklist and matrix.
"""

from __future__ import annotations

import click

from checker.model import Diagnostic, EnvResult, Finding, Report, Severity
from checker.report.common import (
    count,
    coverage,
    fails_gate,
    group_by_checklist,
    group_suppressed,
    input_errors,
    input_warnings,
    passed,
    rule_docs,
    severity_summary,
    where,
)
from checker.settings import Settings

SEVERITY_COLORS = {
    Severity.CRITICAL: "magenta",
    Severity.HIGH: "red",
    Severity.MEDIUM: "yellow",
    Severity.LOW: "cyan",
    Severity.INFO: "white",
}
INDENT = "    "


class _Style:
    """click.style when colour is on, plain text otherwise."""

    def __init__(self, color: bool):
        self.color = color

    def __call__(self, text: str, **styles) -> str:
        return click.style(text, **styles) if self.color else text

    def severity(self, severity: Severity) -> str:
        return self(str(severity), fg=SEVERITY_COLORS[severity], bold=severity.rank <= Severity.HIGH.rank)

    def verdict(self, ok: bool, yes: str = "PASS", no: str = "FAIL") -> str:
        return self(yes, fg="green", bold=True) if ok else self(no, fg="red", bold=True)


def render_text(report: Report, settings: Settings, *, color: bool, quiet: bool, gate: bool) -> str:
    style = _Style(color)
    lines: list[str] = []
    if not quiet:
        envs = ", ".join(r.env for r in report.results) or "none"
        versions = f"notescheck {report.tool_version}" + (
            f", checkov {report.checkov_version}" if report.checkov_version else ""
        )
        lines += [f"{style(versions, bold=True)}    environments: {envs}    gate: {settings.severity} and above", ""]
    lines += _diagnostics(report, style, quiet)
    for result in report.results:
        lines += _environment(result, report, settings, style, quiet=quiet, gate=gate)
    if len(report.results) > 1 and not quiet and not gate:
        lines += _matrix(report, settings)
    if not quiet:
        lines.append(_verdict(report, settings, style))
    return "\n".join(lines).rstrip("\n") + "\n" if lines else ""


def _diagnostics(report: Report, style: _Style, quiet: bool) -> list[str]:
    lines: list[str] = []
    errors, warnings = input_errors(report), input_warnings(report)
    if errors:
        lines.append(style("input errors: the run cannot pass", fg="red", bold=True))
        lines += [f"  {_diagnostic(d)}" for d in errors]
        lines.append("")
    if warnings and not quiet:
        lines.append(style("input warnings", fg="yellow", bold=True))
        lines += [f"  {_diagnostic(d)}" for d in warnings]
        lines.append("")
    return lines


def _diagnostic(d: Diagnostic) -> str:
    place = f"{d.file}:{d.line}" if d.line else d.file
    return f"{place}: {d.code}: {d.message}" if place else f"{d.code}: {d.message}"


def _environment(
    result: EnvResult, report: Report, settings: Settings, style: _Style, *, quiet: bool, gate: bool
) -> list[str]:
    counts = count(result.findings, settings)
    open_findings = [f for f in result.findings if not f.suppressed]
    suppressed = [f for f in result.findings if f.suppressed]
    if quiet and not open_findings:
        return []
    lines = [style(f"== {result.env} ==", bold=True)]
    if not quiet:
        summary = f"{severity_summary(counts)}; {counts.suppressed} suppressed"
        lines.append(f"summary: {summary}; {counts.failing} at or above {settings.severity}")
        covered = coverage(result, report)
        lines.append(
            f"checked: {len(covered.rules_run)} rules on {covered.resources_checked} resources; "
            f"{covered.checks} checks: {covered.passed} passed, {covered.failed} failed, "
            f"{covered.suppressed} suppressed; "
            f"rules: {covered.rules_passed} passed, {covered.rules_failed} failed"
        )
    if not quiet and not gate and result.checklist:
        lines.append("review checklist:")
        for answer in result.checklist:
            mark = style.verdict(answer.ok, "yes", "NO ")
            failing = f"  ({', '.join(answer.failing_rules)})" if answer.failing_rules else ""
            lines.append(f"  [{mark}] {answer.question}{failing}")
    for heading, findings in group_by_checklist(open_findings, report):
        lines += ["", style(heading, underline=True)]
        for finding in findings:
            lines += _finding(finding, settings, style)
    if suppressed and not quiet:
        lines += ["", style(f"suppressed ({len(suppressed)})", underline=True)]
        for reason, findings in group_suppressed(suppressed):
            lines.append(f"  [{reason}] ({len(findings)})")
            lines += [f"    {where(f)}  {f.rule_id}  {f.resource}" for f in findings]
    lines.append("")
    return lines


def _finding(finding: Finding, settings: Settings, style: _Style) -> list[str]:
    below = "" if fails_gate(finding, settings) else style("  (below the gate)", dim=True)
    head = f"  {style(where(finding), bold=True)}  {finding.rule_id}  {style.severity(finding.severity)}  "
    lines = [head + finding.resource + below, f"{INDENT}{finding.message}"]
    if finding.evidence:
        lines.append(f"{INDENT}evidence: {' -> '.join(finding.evidence)}")
    if finding.remediation:
        lines.append(f"{INDENT}fix: {' '.join(finding.remediation.split())}")
    if len(finding.instances) > 1:
        lines.append(f"{INDENT}instances ({len(finding.instances)}): {', '.join(finding.instances)}")
    return lines


def _matrix(report: Report, settings: Settings) -> list[str]:
    """Rows: rules with an unsuppressed finding in some environment; cells: count or ok."""
    envs = [r.env for r in report.results]
    cells: dict[str, dict[str, int]] = {}
    for result in report.results:
        for f in result.findings:
            if not f.suppressed:
                row = cells.setdefault(f.rule_id, {})
                row[result.env] = row.get(result.env, 0) + 1
    order = [d.id for d in rule_docs(report)]
    rows = sorted(cells, key=lambda rid: (order.index(rid) if rid in order else len(order), rid))
    lines = ["rule x environment"]
    if not rows:
        return lines + ["  every rule: ok in " + ", ".join(envs), ""]
    width = max(len("rule"), *(len(r) for r in rows))
    col = max(4, *(len(e) for e in envs))
    lines.append("  " + "rule".ljust(width) + "".join(f"  {e:>{col}}" for e in envs))
    ours = {r.id for r in report.rules}
    ran = {r.env: set(r.rules_run) for r in report.results}

    def clean(rid: str, env: str) -> str:  # "-": our rule does not run on that section (the shared roots run fewer)
        return "-" if rid in ours and ran[env] and rid not in ran[env] else "ok"

    for rid in rows:
        values = [str(cells[rid].get(e, clean(rid, e))) for e in envs]
        lines.append("  " + rid.ljust(width) + "".join(f"  {v:>{col}}" for v in values))
    unlisted = len([r for r in order if r not in cells])
    if unlisted:
        lines.append(f"  {unlisted} other rule(s): ok in every environment")
    return lines + [""]


def _verdict(report: Report, settings: Settings, style: _Style) -> str:
    ok = passed(report, settings)
    return f"{style.verdict(ok)}  {summary_line(report, settings)}"


def summary_line(report: Report, settings: Settings) -> str:
    """'prod: 2 high, 1 suppressed; dev: no findings -> 3 findings at or above low' in one line."""
    parts = []
    for result in report.results:
        counts = count(result.findings, settings)
        suppressed = f", {counts.suppressed} suppressed" if counts.suppressed else ""
        parts.append(f"{result.env}: {severity_summary(counts)}{suppressed}")
    failing = sum(1 for f in report.findings if fails_gate(f, settings))
    errors = len(input_errors(report))
    tail = f"{failing} finding(s) at or above {settings.severity}"
    if errors:
        tail += f", {errors} input error(s)"
    return "; ".join(parts + [tail]) if parts else tail
