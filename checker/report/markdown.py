"""Markdown for pull-request comments and GitHub job summaries: verdict, per-environment table,
review checklist, findings table with evidence folded away, suppressed findings folded apart.
"""

from __future__ import annotations

import html

from checker.model import Finding, Report
from checker.report.common import (
    SEVERITIES,
    ChecklistCell,
    by_severity,
    checklist_rows,
    count,
    coverage,
    fails_gate,
    group_suppressed,
    input_errors,
    input_warnings,
    passed,
    where,
)
from checker.settings import Settings

# A PR comment holds 65,536 characters; beyond this many rows the rest is counted, not listed.
MAX_ROWS = 150
YES, NO = "✅", "❌"


def cell(text: str) -> str:
    """One table cell: no line breaks, pipes escaped, HTML inert."""
    return html.escape(" ".join(str(text).split()), quote=False).replace("|", "\\|")


def code(text: str) -> str:
    """An inline code span inside a table cell: entities are not decoded there, so only pipes are escaped."""
    return "`" + " ".join(str(text).replace("`", "'").split()).replace("|", "\\|") + "`"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def render_markdown(report: Report, settings: Settings) -> str:
    ok = passed(report, settings)
    envs = [r.env for r in report.results]
    failing = sum(1 for f in report.findings if fails_gate(f, settings))
    if ok:
        headline = f"## {YES} notescheck passed"
    elif report.has_input_errors:
        headline = f"## {NO} notescheck failed: input errors"
    else:
        headline = f"## {NO} notescheck failed: {failing} finding(s) at or above {settings.severity}"
    about = [
        f"Environments: {', '.join(f'`{e}`' for e in envs) or 'none'}",
        f"gate: **{settings.severity}** and above",
        f"notescheck {report.tool_version}",
    ]
    if report.checkov_version:
        about.append(f"checkov {report.checkov_version}")
    lines = [headline, "", " · ".join(about), ""]
    lines += _diagnostics(report)
    lines += _environments(report, settings)
    lines += _checklist(report)
    lines += _findings(report, settings)
    lines += _suppressed(report)
    return "\n".join(lines).rstrip("\n") + "\n"


def _diagnostics(report: Report) -> list[str]:
    lines: list[str] = []
    for title, diagnostics in (
        ("Input errors: the run cannot pass", input_errors(report)),
        ("Input warnings", input_warnings(report)),
    ):
        if diagnostics:
            lines += [f"### {title}", ""]
            for d in diagnostics:
                place = f"{d.file}:{d.line}" if d.line else d.file
                lines.append(f"- {code(place or '(no file)')} {cell(d.code)}: {cell(d.message)}")
            lines.append("")
    return lines


def _environments(report: Report, settings: Settings) -> list[str]:
    rows = []
    for result in report.results:
        counts = count(result.findings, settings)
        covered = coverage(result, report)
        verdict = YES if counts.failing == 0 and not report.has_input_errors else NO
        rows.append(
            [f"`{result.env}`", verdict]
            + [str(n) for n in (covered.checks, covered.passed, covered.failed, covered.suppressed)]
            + [str(counts.by_severity[str(s)]) for s in SEVERITIES]
            + [str(counts.suppressed)]
        )
    if not rows:
        return []
    header = ["Environment", "Result", "checks", "passed", "failed", "suppressed checks"]
    header += [*(str(s) for s in SEVERITIES), "suppressed"]
    return ["### Summary", "", *_table(header, rows), ""]


def _checklist(report: Report) -> list[str]:
    envs, questions = checklist_rows(report.results)
    if not envs:
        return []
    rows = [[cell(row.question), *(_answer(c) for c in row.cells)] for row in questions]
    header = ["Review checklist", *(f"`{env}`" for env in envs)]
    return ["### Review checklist", "", *_table(header, rows), ""]


def _answer(answer: ChecklistCell) -> str:
    if not answer.asked:
        return ""
    return YES if answer.ok else f"{NO} {cell(', '.join(rule_id for rule_id, _ in answer.failing))}"


def _findings(report: Report, settings: Settings) -> list[str]:
    open_findings = by_severity(f for f in report.findings if not f.suppressed)
    if not open_findings:
        return ["No open findings.", ""]
    several = len(report.results) > 1
    header = ["Where", "Rule", "Severity", *(["Env"] if several else []), "Resource", "Message", "Fix"]
    rows = []
    for f in open_findings[:MAX_ROWS]:
        severity = f"**{f.severity}**" if fails_gate(f, settings) else f"{f.severity} (below gate)"
        rule = f"[`{f.rule_id}`]({f.help_uri})" if f.help_uri else f"`{f.rule_id}`"
        rows.append(
            [
                code(where(f)),
                rule,
                severity,
                *([f"`{f.env}`"] if several else []),
                code(f.resource),
                cell(f.message),
                cell(f.remediation),
            ]
        )
    lines = [f"### Findings ({len(open_findings)})", "", *_table(header, rows), ""]
    if len(open_findings) > MAX_ROWS:
        lines += [f"…and {len(open_findings) - MAX_ROWS} more; see the full report.", ""]
    with_evidence = [f for f in open_findings[:MAX_ROWS] if f.evidence or len(f.instances) > 1]
    if with_evidence:
        lines += ["<details><summary>Evidence</summary>", ""]
        for f in with_evidence:
            lines.append(f"- {code(where(f))} `{f.rule_id}` `{f.env}`: {_evidence(f)}")
        lines += ["", "</details>", ""]
    return lines


def _evidence(f: Finding) -> str:
    parts = []
    if f.evidence:
        parts.append(" → ".join(code(e) for e in f.evidence))
    if len(f.instances) > 1:
        parts.append("instances: " + ", ".join(code(i) for i in f.instances))
    return "; ".join(parts)


def _suppressed(report: Report) -> list[str]:
    suppressed = [f for f in report.findings if f.suppressed]
    if not suppressed:
        return []
    lines = [f"<details><summary>Suppressed findings ({len(suppressed)})</summary>", ""]
    header = ["Where", "Rule", "Env", "Resource"]
    shown = 0
    for reason, findings in group_suppressed(suppressed):
        rows = [[code(where(f)), f"`{f.rule_id}`", f"`{f.env}`", code(f.resource)] for f in findings]
        rows = rows[: max(0, MAX_ROWS - shown)]
        shown += len(rows)
        lines += [f"**{cell(reason)}** ({len(findings)})", "", *_table(header, rows), ""]
        if shown >= MAX_ROWS:
            lines += [f"…and more; {len(suppressed)} in all, see the full report.", ""]
            break
    return [*lines, "</details>", ""]
