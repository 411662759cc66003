"""NC-DOCS: a missing file cannot carry a `# ruleid:` annotation, so these cases assert findings directly."""

from pathlib import Path

from checker.pipeline import run
from checker.settings import Settings

CASES = Path(__file__).parent / "documents"
REPO = Path(__file__).resolve().parents[2]


def findings(root: Path) -> set[tuple[str, str, int]]:
    report = run(Settings(root=root, envs=("prod",), checkov=False, enable=("NC-DOCS",), cache_dir=None))
    assert [d for d in report.diagnostics if d.level == "error"] == []
    return {(f.rule_id, f.file, f.line) for f in report.findings if not f.suppressed}


def test_missing_empty_and_incomplete_documents_are_reported() -> None:
    assert findings(CASES / "missing_and_empty") == {
        ("NC-DOCS-001", "docs/runbooks/state-recovery.md", 0),  # missing: the whole file
        ("NC-DOCS-001", "docs/runbooks/cost-monitoring.md", 1),  # headings only
        ("NC-DOCS-002", "docs/02-iam.md", 1),  # ProductionAdminRole and CognitoServiceRole absent
    }


def test_the_missing_roles_are_named() -> None:
    report = run(
        Settings(
            root=CASES / "missing_and_empty", envs=("prod",), checkov=False, enable=("NC-DOCS-002",), cache_dir=None
        )
    )
    (finding,) = report.findings
    assert "ProductionAdminRole" in finding.message and "CognitoServiceRole" in finding.message
    assert "DeveloperRole" not in finding.message


def test_complete_documents_pass() -> None:
    assert findings(CASES / "complete") == set()


def test_repository_documents_are_complete() -> None:
    report = run(Settings(root=REPO, checkov=False, enable=("NC-DOCS",), cache_dir=None))
    assert {r.env for r in report.results} == {"dev", "staging", "prod"}
    assert [f"{f.file}:{f.line} {f.message}" for f in report.findings if not f.suppressed] == []
