"""Report stage: turn a Report into text, json, sarif, junit, markdown, html or GitHub annotations.

Every format reads only the Report (and the gate from Settings); every text field goes through
checker.secrets masking first; the same report gives the same bytes.
"""

from __future__ import annotations

from checker.model import Report
from checker.report.common import masked_report, passed
from checker.report.text import render_text, summary_line
from checker.settings import Settings

SUFFIXES = {
    "text": ".txt",
    "json": ".json",
    "sarif": ".sarif",
    "junit": ".xml",
    "markdown": ".md",
    "html": ".html",
    "github": ".github.txt",
}
FORMATS = tuple(SUFFIXES)

__all__ = ["FORMATS", "render", "render_summary_line", "suffix_for"]


def render(report: Report, fmt: str, *, settings: Settings, color: bool, quiet: bool, gate: bool) -> str:
    """The report in one format. `color` and `quiet` concern text only; `gate` makes text terser."""
    report = masked_report(report)
    if fmt == "text":
        return render_text(report, settings, color=color, quiet=quiet, gate=gate)
    # The other formats are imported when asked for: a terminal run never pays for the XML machinery.
    if fmt == "json":
        from checker.report.jsonreport import render_json

        return render_json(report, settings)
    if fmt == "sarif":
        from checker.report.sarif import render_sarif

        return render_sarif(report, settings)
    if fmt == "junit":
        from checker.report.junit import render_junit

        return render_junit(report, settings)
    if fmt == "markdown":
        from checker.report.markdown import render_markdown

        return render_markdown(report, settings)
    if fmt == "html":
        from checker.report.html import render_html

        return render_html(report, settings)
    if fmt == "github":
        from checker.report.github import render_github

        return render_github(report, settings)
    raise ValueError(f"unknown format {fmt!r}: choose from {', '.join(FORMATS)}")


def suffix_for(fmt: str) -> str:
    try:
        return SUFFIXES[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}: choose from {', '.join(FORMATS)}") from None


def render_summary_line(report: Report, settings: Settings) -> str:
    """One line for stderr when the report itself went to files."""
    report = masked_report(report)
    verdict = "passed" if passed(report, settings) else "FAILED"
    return f"notescheck {verdict}: {summary_line(report, settings)}"
