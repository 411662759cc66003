"""Where notescheck looks for Checkov, in order: --checkov, $NOTESCHECK_CHECKOV, the configuration's
checkov.path, .venv-checkov, notescheck's own environment, PATH. Every candidate is the real Checkov."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.checkov import find_checkov, start_checkov
from checker.settings import Settings
from tests.conftest import REPO_ROOT


def _place(folder: Path, checkov: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    link = folder / "checkov"
    link.symlink_to(checkov.resolve())
    return link


@pytest.fixture
def places(tmp_path, checkov, monkeypatch):
    monkeypatch.delenv("NOTESCHECK_CHECKOV", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "on-path"))
    root = tmp_path / "project"
    root.mkdir()
    return {
        "flag": _place(tmp_path / "flag", checkov),
        "env": _place(tmp_path / "env", checkov),
        "config": _place(tmp_path / "config", checkov),
        "path": _place(tmp_path / "on-path", checkov),
        "root": root,
        "checkov": checkov,
    }


def test_the_order(places, monkeypatch):
    root = places["root"]
    monkeypatch.setenv("NOTESCHECK_CHECKOV", str(places["env"]))
    full = Settings(root=root, checkov_path=str(places["flag"]), checkov_config_path=str(places["config"]))
    assert find_checkov(full) == (places["flag"], "--checkov")
    without_flag = Settings(root=root, checkov_config_path=str(places["config"]))
    assert find_checkov(without_flag) == (places["env"], "$NOTESCHECK_CHECKOV")
    monkeypatch.delenv("NOTESCHECK_CHECKOV")
    assert find_checkov(without_flag) == (places["config"], "[tool.notescheck.checkov] path")
    venv = _place(root / ".venv-checkov" / "bin", places["checkov"])
    assert find_checkov(Settings(root=root)) == (venv, ".venv-checkov")


def test_path_is_the_last_resort(places):
    found, origin = find_checkov(Settings(root=places["root"]))
    if origin == ".venv-checkov":  # this checkout's own .venv-checkov, beside notescheck's sources, comes first
        assert found == REPO_ROOT / ".venv-checkov" / "bin" / "checkov"
    else:
        assert (found, origin) == (places["path"], "PATH")


def test_a_named_checkov_that_is_missing_is_not_passed_over(places):
    settings = Settings(root=places["root"], checkov_config_path="no/such/checkov")
    found, why = find_checkov(settings)
    assert found is None
    assert why.startswith("Checkov executable no/such/checkov (from [tool.notescheck.checkov] path) does not exist")


def test_the_not_installed_message_tells_every_kind_of_user(tmp_path, monkeypatch):
    monkeypatch.setenv("NOTESCHECK_CHECKOV", str(tmp_path / "nothing"))
    (diagnostic,) = start_checkov(Settings(root=tmp_path), "dev").wait().diagnostics
    for advice in (
        "bash scripts/bootstrap",
        "notescheck[checkov]",
        "pipx inject notescheck",
        "additional_dependencies",
    ):
        assert advice in diagnostic.message, advice
    assert "--no-checkov" in diagnostic.message and os.environ["NOTESCHECK_CHECKOV"] in diagnostic.message
