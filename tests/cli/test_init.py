"""notescheck init writes a configuration that loads, and never overwrites one."""

from __future__ import annotations

import tomllib
from pathlib import Path

import yaml

from checker.config import load_config
from tests.cli._project import invoke


def test_init_writes_a_pyproject_table_that_loads(project):
    (project / ".notescheck.yaml").unlink()
    Path("pyproject.toml").write_text('[project]\nname = "infra"\n', encoding="utf-8")
    result = invoke("init")
    assert result.exit_code == 0, result.output
    data = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))
    assert data["project"]["name"] == "infra", "the rest of pyproject.toml is kept"
    assert data["tool"]["notescheck"]["terraform-dir"] == "infra/terraform"
    overrides, problems = load_config(project)
    assert problems == [] and overrides["envs"] == ("dev", "staging", "prod")
    assert invoke("check", "--no-checkov", "--env", "prod").exit_code in (0, 1)

    again = invoke("init")
    assert again.exit_code == 2
    assert "[tool.notescheck] in pyproject.toml already configures notescheck" in again.output


def test_init_writes_yaml_and_refuses_to_overwrite_it(project):
    before = (project / ".notescheck.yaml").read_text(encoding="utf-8")
    refused = invoke("init", "--format", "yaml")
    assert refused.exit_code == 2 and ".notescheck.yaml already configures notescheck" in refused.output
    assert (project / ".notescheck.yaml").read_text(encoding="utf-8") == before
    (project / ".notescheck.yaml").unlink()
    assert invoke("init", "--format", "yaml").exit_code == 0
    assert yaml.safe_load((project / ".notescheck.yaml").read_text(encoding="utf-8"))["severity"] == "low"
    assert load_config(project)[1] == []
