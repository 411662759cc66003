"""NC-TAG: annotated fixtures both ways, and the repository's own infrastructure."""

from pathlib import Path

from checker.pipeline import run
from checker.settings import Settings

REPO = Path(__file__).resolve().parents[2]


def test_repository_infrastructure_is_tagged() -> None:
    report = run(Settings(root=REPO, checkov=False, enable=("NC-TAG",), cache_dir=None))
    assert {r.env for r in report.results} == {"dev", "staging", "prod", "shared"}
    findings = [f"{f.env} {f.rule_id} {f.file}:{f.line} {f.message}" for f in report.findings if not f.suppressed]
    assert findings == []
