"""The config file through the real CLI: it changes the run, and a typed flag wins over it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

FIXTURE = Path(__file__).resolve().parents[1] / "integrations" / "fixtures" / "minimal"
SECRET_LINE = 'db_password          = "Sup3r-Secret-1234"\n'


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """The minimal compliant project plus one high finding (a secret-named variable not marked sensitive)."""
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    (root / ".notescheck.yaml").unlink()
    with (root / "infra/terraform/variables.tf").open("a", encoding="utf-8") as variables:
        variables.write('\nvariable "db_password" {\n  type    = string\n  default = null\n}\n')
    monkeypatch.chdir(root)
    monkeypatch.delenv("NOTESCHECK_CHECKOV", raising=False)
    return root


def _check(*args: str):
    return CliRunner().invoke(main, ["check", "--no-checkov", "--no-cache", "--enable", "NC-SECRET", *args])


def _config(root: Path, text: str) -> None:
    (root / "pyproject.toml").write_text(f'[project]\nname = "infra"\n\n[tool.notescheck]\n{text}', "utf-8")


def test_without_config_the_high_finding_fails_the_gate(project):
    result = _check("--env", "prod")
    assert result.exit_code == 1, result.output
    assert "NC-SECRET-002  high  var.db_password" in result.output


def test_config_severity_sets_the_gate_and_the_flag_overrides_it(project):
    _config(project, 'severity = "critical"\n')
    assert _check("--env", "prod").exit_code == 0
    assert _check("--env", "prod", "--severity", "high").exit_code == 1


def test_config_environments_apply_unless_env_is_typed(project):
    _config(project, 'environments = ["staging"]\n')
    result = _check()
    assert "== staging ==" in result.output and "== prod ==" not in result.output
    result = _check("--env", "dev")
    assert "== dev ==" in result.output and "== staging ==" not in result.output


def test_config_paths_apply_unless_the_flag_is_typed(project):
    shutil.move(project / "infra", project / "terraform-root")
    _config(project, 'terraform-dir = "terraform-root/terraform"\n')
    assert _check("--env", "prod").exit_code == 1, "the config's terraform-dir is read"
    missing = _check("--env", "prod", "--terraform-dir", "nowhere")
    assert missing.exit_code == 2 and "nowhere" in missing.output


def test_config_disable_is_honoured(project):
    _config(project, 'disable = ["NC-SECRET-002"]\n')
    assert _check("--env", "prod").exit_code == 0


def test_a_bad_config_stops_the_run_with_a_message_naming_the_key(project):
    _config(project, 'severity = "urgent"\n[tool.notescheck.checkov]\ntimeout = "soon"\n')
    result = CliRunner().invoke(main, ["check", "--env", "prod"])
    assert result.exit_code == 2
    assert (
        "pyproject.toml:5: error: severity: 'urgent' is not one of critical, high, medium, low, info" in result.output
    )
    assert "pyproject.toml:7: error: checkov.timeout: expected a number, got 'soon'" in result.output
