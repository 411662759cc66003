"""--format markdown: a pull-request comment / job summary that reads on GitHub."""

from __future__ import annotations

from dataclasses import replace

from checker.report import render


def _md(report, settings) -> str:
    return render(report, "markdown", settings=settings, color=False, quiet=False, gate=True)


def _table_rows(text: str, header_start: str) -> list[list[str]]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split(" | ")])
    return rows


def test_headline_says_pass_or_fail(report, clean_report, broken_report, settings):
    assert _md(report, settings).startswith("## ❌ notescheck failed: 4 finding(s) at or above low\n")
    assert _md(clean_report, settings).startswith("## ✅ notescheck passed\n")
    broken = _md(broken_report, settings)
    assert broken.startswith("## ❌ notescheck failed: input errors\n")
    assert "### Input errors: the run cannot pass" in broken
    assert "- `infra/terraform/main.tf:3` parse: unexpected '}'" in broken


def test_per_environment_table(report, settings):
    rows = _table_rows(_md(report, settings), "| Environment |")
    assert rows == [
        ["`dev`", "❌", "50", "49", "1", "0", "0", "0", "1", "0", "0", "0"],
        ["`staging`", "✅", "50", "50", "0", "0", "0", "0", "0", "0", "0", "0"],
        # prod: one finding standing for two module instances is two failed checks
        ["`prod`", "❌", "50", "45", "3", "2", "1", "1", "1", "0", "0", "2"],
    ]


def test_checklist_with_marks(report, settings):
    rows = {r[0]: r[1:] for r in _table_rows(_md(report, settings), "| Review checklist |")}
    assert rows["Are cost controls in place?"] == ["❌ NC-LIMIT-002", "✅", "❌ NC-LIMIT-001"]
    assert rows["Are all three environments clearly separated?"] == ["✅", "✅", "✅"]
    assert len(rows) == 8


def test_findings_table_with_fix_and_evidence_folded(report, settings):
    text = _md(report, settings)
    rows = _table_rows(text, "| Where |")
    assert len(rows) == 4
    capacity = next(r for r in rows if "NC-LIMIT-001" in r[1])
    assert capacity[0] == "`infra/terraform/modules/database/main.tf:12`"
    assert capacity[1] == "[`NC-LIMIT-001`](https://github.com/notescheck/notescheck/blob/main/docs/rules/NC-LIMIT-001.md)"
    assert capacity[2:] == [
        "**high**",
        "`prod`",
        "`module.database.aws_dynamodb_table.notes`",
        "NC-LIMIT-001 is violated in prod",
        "Add the Environment tag through the provider's default_tags.",
    ]
    evidence = text[text.index("<details><summary>Evidence</summary>") :]
    assert "`infra/terraform/envs/prod.tfvars:3 dynamodb_read_units = 5` → `var.dynamodb_read_units`" in evidence


def test_suppressed_findings_are_folded_apart(report, settings):
    text = _md(report, settings)
    folded = text[text.index("<details><summary>Suppressed findings (2)</summary>") :]
    assert "ticket OPS-12" in folded and "written in the next sprint" in folded
    assert "ticket OPS-12" not in text[: text.index("<details><summary>Suppressed")]


def test_pipes_and_newlines_do_not_break_the_table(report, settings):
    result = report.results[0]
    result.findings[0] = replace(result.findings[0], message="a | b\nc <script>", resource="x|y")
    rows = _table_rows(_md(report, settings), "| Where |")
    dev = next(r for r in rows if r[3] == "`dev`")
    assert dev[4] == "`x\\|y`" and dev[5] == "a \\| b c &lt;script&gt;"


def test_findings_most_severe_first(report, settings):
    from checker.model import Severity

    rows = _table_rows(_md(report, settings), "| Where |")
    ranks = [Severity(r[2].strip("*").split()[0]).rank for r in rows]
    assert ranks == sorted(ranks) and len(set(ranks)) > 1, rows


def test_suppressed_findings_grouped_by_what_suppressed_them(report, settings):
    text = _md(report, settings)
    suppressed = [f for f in report.findings if f.suppressed]
    reasons = {f"{f.suppression_kind}: {f.suppression_reason}" for f in suppressed}
    section = text[text.index("Suppressed findings") :]
    for reason in reasons:
        assert section.count(f"**{reason}**") == 1
