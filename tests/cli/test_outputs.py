"""A report that cannot be written is a clear error and exit 2, never a traceback or exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli._project import invoke, run_installed


def _check(*args: str):
    return invoke("check", "--no-checkov", "--no-cache", "--env", "prod", *args)


def test_output_into_a_missing_folder(project):
    result = _check("--output", "nowhere/report.txt")
    assert result.exit_code == 2, result.output
    assert "cannot write nowhere/report.txt: folder nowhere does not exist" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize("target", ["README", "/dev/null"])
def test_output_dir_that_is_not_a_folder(project, target):
    if target == "README":
        Path("README").write_text("a file\n", encoding="utf-8")
    result = _check("--format", "text", "--format", "json", "--output-dir", target)
    assert result.exit_code == 2, result.output
    assert "is not a folder" in result.output or "is a file" in result.output
    assert "Traceback" not in result.output


def test_output_dir_is_made_with_its_parents(project):
    result = _check("--format", "text", "--format", "json", "--output-dir", "reports/prod")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in Path("reports/prod").iterdir()) == ["notescheck.json", "notescheck.txt"]


def test_state_output_into_a_missing_folder(project):
    Path("terraform.tfstate").write_text('{"version": 4, "resources": []}\n', encoding="utf-8")
    result = invoke("state", "terraform.tfstate", "--output", "nowhere/state.txt")
    assert result.exit_code == 2, result.output
    assert "cannot write nowhere/state.txt: folder nowhere does not exist" in result.output


def test_a_full_disk_on_stdout_is_an_error(project):
    with open("/dev/full", "w") as full:
        done = run_installed("check", "--no-checkov", "--env", "prod", cwd=project, stdout=full, stderr=-1)
    assert done.returncode == 2, done.stderr
    assert "cannot write the report to standard output: No space left on device" in done.stderr
    assert "Traceback" not in done.stderr


def test_graph_with_a_broken_input_writes_no_partial_graph(project):
    result = invoke("graph", "--env", "prod", "--terraform-dir", "nowhere")
    assert result.exit_code == 2
    assert "{" not in result.stdout, "no partial JSON on stdout"
    assert "nowhere: error: Terraform directory not found" in result.stderr
    assert "no graph written" in result.stderr
