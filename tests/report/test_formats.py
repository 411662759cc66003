"""What every format promises: same input, same bytes; no secret in any output; one API for all."""

from __future__ import annotations

import random

import pytest

from checker.model import Report
from checker.report import FORMATS, render, render_summary_line, suffix_for

from .conftest import LEAKED_KEY, build_report


def _render(report, settings, fmt, **kwargs):
    options = {"color": False, "quiet": False, "gate": False} | kwargs
    return render(report, fmt, settings=settings, **options)


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_report_gives_same_bytes_whatever_the_input_order(fmt, settings):
    first = _render(build_report(settings), settings, fmt)
    shuffled = build_report(settings)
    rng = random.Random(7)
    for result in shuffled.results:
        rng.shuffle(result.findings)
    rng.shuffle(shuffled.diagnostics)
    assert _render(shuffled, settings, fmt) == first
    assert first.endswith("\n")


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_secret_reaches_any_output(fmt, report, settings):
    pytest.importorskip("checker.secrets")
    assert any(LEAKED_KEY in f.message for f in report.findings), "the sample must carry the secret"
    text = _render(report, settings, fmt)
    assert LEAKED_KEY not in text
    assert "AKIA***" in text


def test_summary_line_for_stderr_is_one_line(report, settings, clean_report, broken_report):
    line = render_summary_line(report, settings)
    assert "\n" not in line
    assert line.startswith("notescheck FAILED:")
    assert "prod: 1 critical, 1 high, 1 medium, 2 suppressed" in line
    assert "4 finding(s) at or above low" in line
    assert render_summary_line(clean_report, settings).startswith("notescheck passed:")
    assert "2 input error(s)" in render_summary_line(broken_report, settings)
    assert LEAKED_KEY not in line


def test_suffixes_and_unknown_format(report, settings):
    assert [suffix_for(f) for f in FORMATS] == [".txt", ".json", ".sarif", ".xml", ".md", ".html", ".github.txt"]
    with pytest.raises(ValueError, match="unknown format 'yaml'"):
        suffix_for("yaml")
    with pytest.raises(ValueError, match="unknown format"):
        _render(report, settings, "yaml")


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_report_renders(fmt, settings):
    assert _render(Report(tool_version="0.1.0"), settings, fmt).strip()


def test_every_section_says_what_it_covered_in_text_and_json(report, settings):
    from checker.report.jsonreport import report_dict

    summary = report_dict(report, settings)["summary"]
    for result in report.results:
        covered = summary["coverage"][result.env]
        failed = {f.rule_id for f in result.findings if not f.suppressed} & set(result.rules_run)  # ours only
        assert covered["rules_run"] == len(result.rules_run)
        assert covered["rules_failed"] == len(failed)
        assert covered["rules_passed"] == covered["rules_run"] - len(failed)
        assert covered["resources_checked"] == result.resources_checked
        # checks are rule x resource, as Checkov counts them: 5 rules each checked 10 resources
        assert covered["checks"] == 50 == covered["passed"] + covered["failed"] + covered["suppressed"]
    prod = summary["coverage"]["prod"]
    assert (prod["failed"], prod["suppressed"], prod["passed"]) == (3, 2, 45)  # 2 module instances: 2 checks
    text = _render(report, settings, "text")
    assert (
        f"checked: {prod['rules_run']} rules on {prod['resources_checked']} resources; "
        f"{prod['checks']} checks: {prod['passed']} passed, {prod['failed']} failed, {prod['suppressed']} suppressed; "
        f"rules: {prod['rules_passed']} passed, {prod['rules_failed']} failed"
    ) in text
