"""NC-DOCS beyond its cases (cases/NC-DOCS-001/): the finding names what is missing; the repo's documents pass."""

from pathlib import Path

from checker.pipeline import run
from checker.settings import Settings

CASES = Path(__file__).parent / "cases" / "NC-DOCS-001"
REPO = Path(__file__).resolve().parents[2]


def test_the_missing_roles_are_named() -> None:
    report = run(
        Settings(
            root=CASES / "missing_and_empty", envs=("prod",), checkov=False, enable=("NC-DOCS-002",), cache_dir=None
        )
    )
    (finding,) = report.findings
    assert "ProductionAdminRole" in finding.message and "CognitoServiceRole" in finding.message
    assert "DeveloperRole" not in finding.message


def test_repository_documents_are_complete() -> None:
    report = run(Settings(root=REPO, checkov=False, enable=("NC-DOCS",), cache_dir=None))
    assert {r.env for r in report.results} == {"dev", "staging", "prod", "shared"}
    assert [f"{f.file}:{f.line} {f.message}" for f in report.findings if not f.suppressed] == []
