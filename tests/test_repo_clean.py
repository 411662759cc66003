"""We eat our own cooking: the repository's infrastructure passes `notescheck check` in every environment and
its shared roots, with every rule, and with Checkov too (as the pre-commit hook and the CI gate run it).

The one place this is asserted; tests that break the infra on purpose start from a copy of it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from policies.rules import all_rules


@pytest.mark.parametrize("engines", ["notescheck", "notescheck+checkov"])
def test_the_repository_is_clean(
    engines: str, repo_root: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    monkeypatch.chdir(repo_root)
    checkov = ["--checkov", str(request.getfixturevalue("checkov"))] if "checkov" in engines else ["--no-checkov"]
    result = CliRunner().invoke(main, ["check", "--env", "all", "--no-cache", "--format", "json", *checkov])
    report = json.loads(result.stdout)
    assert report["environments"] == ["dev", "staging", "prod", "shared"]
    run_on_checks = {rule.id for rule in all_rules() if rule.scope != "state"}  # state files: `notescheck state`
    assert run_on_checks <= {rule["id"] for rule in report["rules"]}, "every rule ran"
    failing = [f"{f['env']} {f['rule_id']} {f['file']}:{f['line']} {f['message']}" for f in report["findings"]]
    assert [line for line, f in zip(failing, report["findings"], strict=True) if not f["suppressed"]] == []
    assert report["diagnostics"] == []
    if "checkov" in engines:
        assert any(f["source"] == "checkov" for f in report["findings"]), "Checkov ran (its findings are waived)"
    assert result.exit_code == 0, result.output
