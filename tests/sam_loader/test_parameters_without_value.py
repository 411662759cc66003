"""A SAM parameter or a Terraform variable with no value for the environment: one behaviour for both tools.

`sam deploy --guided` and `terraform plan` (section 5) both ask for such a value: the input is not broken, so
it is an input warning, never an error; its value is unknown, so every rule that reads it says so (exit 1),
and one that nothing reads changes no verdict (exit 0).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main


@pytest.fixture
def project(repo_copy: Path) -> Path:
    return repo_copy


def _check() -> tuple[int, dict]:
    args = ["check", "--env", "prod", "--no-checkov", "--no-cache", "--no-shared", "--format", "json"]
    result = CliRunner().invoke(main, args)
    return result.exit_code, json.loads(result.stdout)


def _declare_sam_parameter(project: Path, name: str) -> None:
    template = project / "sam/template.yaml"
    text = template.read_text()
    template.write_text(text.replace("Parameters:\n", f"Parameters:\n  {name}:\n    Type: String\n", 1))


def _problems(report: dict, level: str) -> list[str]:
    return [d["message"] for d in report["diagnostics"] if d["level"] == level]


def test_an_unread_sam_parameter_without_value_is_a_warning_and_the_run_passes(project: Path) -> None:
    _declare_sam_parameter(project, "RolloutNote")
    code, report = _check()
    assert code == 0, report
    assert _problems(report, "error") == []
    assert any("parameter RolloutNote has no Default and no override" in m for m in _problems(report, "warning"))


def test_a_read_sam_parameter_without_value_makes_its_readers_unknown(project: Path) -> None:
    _declare_sam_parameter(project, "TagValue")
    template = project / "sam/template.yaml"
    text = template.read_text()
    assert "      Environment: !Ref Environment\n" in text
    template.write_text(text.replace("      Environment: !Ref Environment\n", "      Environment: !Ref TagValue\n", 1))
    code, report = _check()
    assert code == 1
    tag = [f for f in report["findings"] if f["rule_id"] == "NC-TAG-001"]
    assert tag and all("cannot be known statically" in f["message"] for f in tag), tag


def test_a_terraform_variable_without_value_behaves_the_same(project: Path) -> None:
    (project / "infra/terraform/extra.tf").write_text('variable "rollout_note" {\n  type = string\n}\n')
    code, report = _check()
    assert code == 0, report
    assert _problems(report, "error") == []
    assert any("variable 'rollout_note' has no default and no value" in m for m in _problems(report, "warning"))
