"""Every case under tests/policies/cases/ asserts itself (see _driver.py); every rule is tested both ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from policies import all_rules
from tests.policies._driver import CASES, all_cases, assert_case, case_id, read_annotations

# Graph rules whose cases are not (yet) under cases/: where they are tested instead.
CASED_ELSEWHERE = {
    "NC-SKIP-001": "tests/suppress/test_rules.py",
    "NC-WAIVER-001": "tests/suppress/test_rules.py",
}


@pytest.mark.parametrize("case", all_cases(), ids=case_id)
def test_case(case: Path) -> None:
    assert_case(case)


def test_every_case_folder_is_a_rule_id() -> None:
    ids = {rule.id for rule in all_rules()}
    strays = sorted(folder.name for folder in CASES.iterdir() if folder.name not in ids)
    assert strays == [], f"tests/policies/cases/ folders that name no rule: {strays}"


def test_every_graph_rule_has_cases_both_ways() -> None:
    """Each rule fires in some case and is judged silent somewhere else (an `ok` line or a clean case)."""
    fires: set[str] = set()
    holds: set[str] = set()
    for case in all_cases():
        expected = read_annotations(case)
        firing = {rule for rule, _, _ in expected.must}
        fires |= firing
        holds |= {rule for rule, _, _ in expected.must_not} | (expected.rules - firing)
    graph_rules = {rule.id for rule in all_rules() if rule.scope == "graph"}
    uncovered = {rule for rule in graph_rules if rule not in fires or rule not in holds}
    assert uncovered - set(CASED_ELSEWHERE) == set(), "rules without a firing and a passing case"
    assert uncovered >= set(CASED_ELSEWHERE), "a rule now has cases: remove it from CASED_ELSEWHERE"
