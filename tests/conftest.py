"""What every test area shares: the repository's path, a settings factory, and the one way to ask for Checkov.

A test that runs the real Checkov takes the `checkov` fixture (never a path of its own): without Checkov it
is skipped, everywhere the same way, except under CI (CI=true), where Checkov is installed by
scripts/bootstrap and its absence fails the run. To see what passes without it: NOTESCHECK_CHECKOV=/nowhere.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from checker.checkov import find_checkov
from checker.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[1]
# Looked up once, before any test changes the environment or the working directory.
_CHECKOV_FOUND, _CHECKOV_MISSING_WHY = find_checkov(Settings(root=REPO_ROOT))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture
def repo_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the repository's infra, SAM, docs and waivers in tmp_path, made the working directory:
    a test breaks it through whatever route it exercises."""
    for item in ("infra", "sam", "docs"):
        shutil.copytree(REPO_ROOT / item, tmp_path / item, ignore=shutil.ignore_patterns("tests", "__pycache__"))
    (tmp_path / "policies").mkdir()
    shutil.copy2(REPO_ROOT / "policies/waivers.yaml", tmp_path / "policies/waivers.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def make_settings() -> Callable[..., Settings]:
    """Settings for a run under `root` (the repository by default): no Checkov, no cache, unless asked."""

    def make(root: Path = REPO_ROOT, **overrides) -> Settings:
        return Settings(root=root, **{"checkov": False, "cache_dir": None, **overrides})

    return make


@pytest.fixture(scope="session")
def checkov() -> Path:
    """The Checkov executable notescheck itself would run from this checkout (same search order)."""
    if _CHECKOV_FOUND is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI runs every Checkov test, but: {_CHECKOV_MISSING_WHY}", pytrace=False)
        pytest.skip(f"{_CHECKOV_MISSING_WHY}: `bash scripts/bootstrap` installs it")
    return _CHECKOV_FOUND


def pytest_terminal_summary(terminalreporter):
    """The agreement of tests/terraform/test_differential.py with Terraform, also under xdist. Here, not
    in tests/terraform/conftest.py: the xdist controller loads only this conftest for the testpaths."""
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        for name, value in getattr(report, "user_properties", ()):
            if name == "terraform_agreement" and report.when == "call":
                terminalreporter.write_line(f"Agreement with Terraform: {value}")
