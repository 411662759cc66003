"""NC-DOCS beyond its cases (cases/NC-DOCS-001/): the finding names what is missing; the repo's documents pass."""

from pathlib import Path

from checker.pipeline import run
from checker.runtime import Runtime

CASES = Path(__file__).parent / "cases" / "NC-DOCS-001"


def test_the_missing_roles_are_named(make_settings) -> None:
    report = run(make_settings(CASES / "missing_and_empty", envs=("prod",), enable=("NC-DOCS-002",)), Runtime())
    (finding,) = report.findings
    assert "ProductionAdminRole" in finding.message and "CognitoServiceRole" in finding.message
    assert "DeveloperRole" not in finding.message
