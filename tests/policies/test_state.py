"""NC-STATE: annotated fixtures both ways, and the repository's own infrastructure."""

from pathlib import Path

import pytest

from checker.pipeline import run
from checker.settings import Settings
from tests.policies._driver import assert_fixture, fixture_cases

REPO = Path(__file__).resolve().parents[2]
# "NC-STATE-0" and not "NC-STATE": NC-STATE-SECRET-* (checker/state.py) is another family.
PREFIX = "NC-STATE-0"


@pytest.mark.parametrize("case", fixture_cases("state"), ids=lambda p: p.name)
def test_fixture(case: Path) -> None:
    assert_fixture(case, (PREFIX,))


def test_cases_exist() -> None:
    assert len(fixture_cases("state")) >= 4


def test_repository_state_backend_follows_the_spec() -> None:
    report = run(Settings(root=REPO, checkov=False, enable=(PREFIX,), cache_dir=None))
    assert {r.env for r in report.results} == {"dev", "staging", "prod"}
    assert set(report.results[0].rules_run) >= {"NC-STATE-001", "NC-STATE-004", "NC-STATE-007"}
    findings = [f"{f.env} {f.rule_id} {f.file}:{f.line} {f.message}" for f in report.findings if not f.suppressed]
    assert findings == []
