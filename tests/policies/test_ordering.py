"""NC-ORDER: each fixture asserts itself (see _driver.py); the repo's own infra passes for every env."""

from pathlib import Path

import pytest

from tests.policies._driver import assert_fixture, fixture_cases, repo_findings

FAMILY = ("NC-ORDER",)


@pytest.mark.parametrize("case", fixture_cases("ordering"), ids=lambda p: p.name)
def test_fixture(case: Path) -> None:
    assert_fixture(case, FAMILY)


def test_repo_infra_is_clean_for_every_environment() -> None:
    assert repo_findings(FAMILY) == []
