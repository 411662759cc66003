"""--format text: for people; grouped by the review checklist, input errors first, colour only on request."""

from __future__ import annotations

import re

from checker.report import render

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _text(report, settings, **kwargs) -> str:
    options = {"color": False, "quiet": False, "gate": False} | kwargs
    return render(report, "text", settings=settings, **options)


def test_plain_without_colour_and_coloured_with_it(report, settings):
    plain = _text(report, settings)
    coloured = _text(report, settings, color=True)
    assert not ANSI.search(plain)
    assert ANSI.search(coloured)
    assert ANSI.sub("", coloured) == plain


def test_findings_are_grouped_by_checklist_question_with_checkov_apart(prod_report, prod_settings):
    text = _text(prod_report, prod_settings)
    secrets = text.index("\nAre sensitive values protected from state files?\n")
    cost = text.index("\nAre cost controls in place?\n")
    checkov = text.index("\nCheckov (AWS hygiene)\n")
    assert secrets < cost < checkov, "spec checklist order, then Checkov"
    assert text.index("NC-LIMIT-001", cost) < checkov
    assert text.index("CKV_AWS_28", checkov)


def test_each_finding_reads_at_a_glance(prod_report, prod_settings):
    text = _text(prod_report, prod_settings)
    block = text[text.index("infra/terraform/modules/database/main.tf:12") :].splitlines()[:5]
    assert block[0].split() == [
        "infra/terraform/modules/database/main.tf:12",
        "NC-LIMIT-001",
        "high",
        "module.database.aws_dynamodb_table.notes",
    ]
    assert block[1].strip() == "NC-LIMIT-001 is violated in prod"
    assert block[2].strip() == (
        "evidence: infra/terraform/envs/prod.tfvars:3 dynamodb_read_units = 5 -> var.dynamodb_read_units"
    )
    assert block[3].strip() == "fix: Add the Environment tag through the provider's default_tags."
    assert block[4].strip().startswith("instances (2): module.database[0].aws_dynamodb_table.notes")


def test_summary_and_checklist_per_environment(prod_report, prod_settings):
    text = _text(prod_report, prod_settings)
    assert "summary: 1 critical, 1 high, 1 medium; 2 suppressed; 3 at or above low" in text
    assert "[NO ] Are cost controls in place?  (NC-LIMIT-001)" in text
    assert "[yes] Are all three environments clearly separated?" in text, "the waived tag finding does not count"
    assert "suppressed (2)" in text
    assert "[waiver: ticket OPS-12" in text
    assert text.rstrip().splitlines()[-1].startswith("FAIL  prod: 1 critical")


def test_input_errors_come_first(broken_report, settings):
    text = _text(broken_report, settings)
    lines = text.splitlines()
    assert lines[2] == "input errors: the run cannot pass"
    assert lines[3].strip() == "infra/terraform/main.tf:3: parse: unexpected '}'"
    assert lines[4].strip() == "sam/template.yaml: read: SAM template not found"
    assert text.rstrip().endswith("2 input error(s)")


def test_matrix_of_rules_by_environment_when_several(report, settings, prod_report, prod_settings):
    text = _text(report, settings)
    matrix = text[text.index("rule x environment") :].splitlines()
    assert matrix[1].split() == ["rule", "dev", "staging", "prod"]
    rows = {line.split()[0]: line.split()[1:] for line in matrix[2:6]}
    assert rows == {
        "NC-LIMIT-001": ["ok", "ok", "1"],
        "NC-LIMIT-002": ["1", "ok", "ok"],
        "NC-SECRET-001": ["ok", "ok", "1"],
        "CKV_AWS_28": ["ok", "ok", "1"],
    }
    assert matrix[6].strip() == "2 other rule(s): ok in every environment"
    assert "rule x environment" not in _text(prod_report, prod_settings)


def test_quiet_shows_only_findings_and_errors(report, settings, clean_report, broken_report):
    quiet = _text(report, settings, quiet=True)
    assert "NC-LIMIT-001" in quiet and "NC-LIMIT-002" in quiet
    for chatter in ("summary:", "review checklist", "suppressed", "== staging ==", "input warnings", "FAIL"):
        assert chatter not in quiet
    assert _text(clean_report, settings, quiet=True) == ""
    assert "input errors: the run cannot pass" in _text(broken_report, settings, quiet=True)


def test_the_gate_output_is_terser(report, settings):
    gate = _text(report, settings, gate=True)
    full = _text(report, settings)
    assert "review checklist" not in gate and "rule x environment" not in gate
    assert "NC-SECRET-001" in gate and "summary:" in gate
    assert len(gate) < len(full)


def test_findings_below_the_gate_are_marked(report, settings):
    from dataclasses import replace

    from checker.model import Severity

    text = _text(report, replace(settings, severity=Severity.HIGH))
    line = next(x for x in text.splitlines() if "NC-LIMIT-002" in x and "aws_lambda_function.legacy" in x)
    assert line.endswith("(below the gate)")


def test_terminal_escapes_from_input_files_are_neutralised(report, settings):
    from dataclasses import replace

    result = report.results[0]
    result.findings[0] = replace(result.findings[0], message="name \x1b]0;owned\x07 \x1b[2J", resource="r\x1b[31m")
    text = _text(report, settings)
    assert "\x1b" not in text and "\x07" not in text
    assert "name \ufffd]0;owned\ufffd \ufffd[2J" in text


def test_suppressed_findings_are_listed_under_their_reason_once(prod_report, prod_settings):
    text = _text(prod_report, prod_settings)
    suppressed = [f for f in prod_report.findings if f.suppressed]
    assert suppressed
    for f in suppressed:
        label = f"[{f.suppression_kind}: {f.suppression_reason}]"
        assert text.count(label) == 1, label
        assert f"  {f.rule_id}  {f.resource}\n" in text
