"""--enable / --disable (and the config's enable/disable) can never turn the gate into a silent pass."""

from __future__ import annotations

import pytest

from checker.cli import rule_patterns
from tests.cli._project import invoke


def _check(*args: str):
    return invoke("check", "--no-checkov", "--no-cache", "--env", "prod", *args)


def test_the_violating_tree_fails_with_every_rule(violating):
    result = _check()
    assert result.exit_code == 1, result.output
    assert "NC-TAG-001" in result.output


@pytest.mark.parametrize("flag", ["--enable", "--disable"])
def test_a_typo_is_a_usage_error_with_near_matches(violating, flag):
    result = _check(flag, "NC-TAGG")
    assert result.exit_code == 2, result.output
    assert f"{flag} NC-TAGG: no rule has this id or prefix; did you mean NC-TAG" in result.output


def test_an_id_that_matches_nothing_is_refused_not_run(violating):
    result = _check("--enable", "NC-NOPE")
    assert result.exit_code == 2, result.output
    assert "--enable NC-NOPE: no rule has this id or prefix" in result.output
    assert "PASS" not in result.output and "yes" not in result.output


def test_a_comma_list_enables_each_rule(violating):
    result = _check("--enable", "NC-LIMIT,NC-TAG")
    assert result.exit_code == 1, result.output
    assert "NC-TAG-001" in result.output
    assert rule_patterns(["NC-LIMIT,NC-TAG", " nc-secret ,", "NC-TAG"]) == ("NC-LIMIT", "NC-TAG", "NC-SECRET")


def test_a_comma_list_disables_each_rule(violating):
    result = _check("--disable", "NC-TAG-001,NC-TAG-002")
    assert result.exit_code == 0, result.output


def test_the_configuration_is_checked_the_same_way(violating):
    (violating / ".notescheck.yaml").write_text("enable: [NC-NOPE]\n", encoding="utf-8")
    result = _check()
    assert result.exit_code == 2, result.output
    assert "enable = in the configuration: NC-NOPE: no rule has this id or prefix" in result.output


def test_a_selection_that_leaves_no_rule_is_an_error(violating):
    result = _check("--disable", "NC-")
    assert result.exit_code == 2, result.output
    assert "leaves no rule to apply" in result.output


def test_checkov_ids_are_known_but_need_checkov(violating):
    result = _check("--enable", "CKV_AWS_18")
    assert result.exit_code == 2, result.output
    assert "leaves no rule to apply" in result.output and "drop --no-checkov" in result.output
    typo = _check("--enable", "CKV_AWS_99999")
    assert typo.exit_code == 2 and "no rule has this id or prefix" in typo.output
