"""Checkov failing in every way it can never yields a clean report: parse errors, crash, missing, timeout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.checkov import INSTALL_COMMAND, parse_json_documents, start_checkov
from checker.model import DiagnosticLevel
from checker.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def checkov_settings(checkov: Path, make_settings):
    """Settings that run the real Checkov on one of the fixture projects."""

    def make(root: Path, **overrides) -> Settings:
        return make_settings(root, checkov=True, checkov_path=str(checkov), **overrides)

    return make


def errors(result) -> list:
    return [d for d in result.diagnostics if d.level == DiagnosticLevel.ERROR]


def test_files_checkov_cannot_parse_become_input_errors(checkov_settings):
    """Checkov exits 0 and only counts them (bridgecrewio/checkov#5248); we name each file."""
    result = start_checkov(checkov_settings(FIXTURES / "broken"), "dev").wait()
    assert result.findings == []
    by_file = {d.file: d for d in errors(result)}
    assert set(by_file) == {"infra/terraform/main.tf", "sam/template.yaml"}
    for diagnostic in by_file.values():
        assert diagnostic.code == "checkov"
        assert "Checkov could not parse" in diagnostic.message


def test_checkov_crash_is_an_error_naming_checkov(checkov_settings, monkeypatch):
    # A real crash: Checkov reads this variable as an int when it starts.
    monkeypatch.setenv("CHECKOV_MAX_FILE_SIZE", "not-a-number")
    result = start_checkov(checkov_settings(FIXTURES / "project"), "dev").wait()
    assert result.findings == []
    assert errors(result), result.diagnostics
    for diagnostic in errors(result):
        assert diagnostic.message.startswith("Checkov failed (exit")
        assert "ValueError" in diagnostic.message  # the last lines of its stderr say why


def test_missing_executable_names_the_install_command(tmp_path):
    settings = Settings(root=tmp_path, checkov_path="no/such/checkov")
    result = start_checkov(settings, "dev").wait()
    [diagnostic] = errors(result)
    assert "no/such/checkov" in diagnostic.message and "--checkov" in diagnostic.message
    assert f"`{INSTALL_COMMAND}`" in diagnostic.message
    assert diagnostic.code == "checkov"


def test_environment_variable_chooses_the_executable(tmp_path, monkeypatch):
    monkeypatch.setenv("NOTESCHECK_CHECKOV", str(tmp_path / "checkov"))
    result = start_checkov(Settings(root=tmp_path), "dev").wait()
    [diagnostic] = errors(result)
    assert "$NOTESCHECK_CHECKOV" in diagnostic.message and INSTALL_COMMAND in diagnostic.message


def test_timeout_stops_checkov_and_is_an_error(checkov_settings):
    run = start_checkov(checkov_settings(FIXTURES / "project", checkov_timeout=0.5), "dev")
    result = run.wait()
    assert result.findings == []
    timed_out = [d for d in errors(result) if "timed out after 0.5 s" in d.message]
    assert {d.file for d in timed_out} == {"infra/terraform", "sam/template.yaml"}
    assert all(scan.process.poll() is not None for scan in run.scans)  # stopped, not left running


def test_concatenated_json_documents_are_all_read():
    """Checkov with several directories prints one document per directory, then a list of them all."""
    first, second = {"check_type": "terraform"}, {"check_type": "cloudformation"}
    text = json.dumps(first, indent=4) + "\n" + json.dumps([second, first], indent=4) + "\n"
    assert parse_json_documents(text) == [first, [second, first]]


def test_cancel_stops_a_run_that_is_never_collected(checkov_settings):
    run = start_checkov(checkov_settings(FIXTURES / "project"), "dev")
    run.cancel()
    assert all(scan.process.poll() is not None for scan in run.scans)
    result = run.wait()
    assert result.findings == []
    assert all("cancelled" in d.message for d in errors(result)) and errors(result)


def test_an_executable_that_cannot_start_is_an_error(tmp_path):
    broken = tmp_path / "checkov"
    broken.write_bytes(b"\x00\x01 not a program")
    broken.chmod(0o755)
    (tmp_path / "sam").mkdir()
    (tmp_path / "sam" / "template.yaml").write_text("Resources: {}\n", encoding="utf-8")
    result = start_checkov(Settings(root=tmp_path, checkov_path=str(broken)), "dev").wait()
    [diagnostic] = errors(result)
    assert "Checkov could not be started" in diagnostic.message
