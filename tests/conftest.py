"""What every test area shares: the repository's path, a settings factory, and the one way to ask for Checkov.

A test that runs the real Checkov takes the `checkov` fixture (never a path of its own): without Checkov it
is skipped, everywhere the same way, except under CI (CI=true), where Checkov is installed by
scripts/bootstrap and its absence fails the run. To see what passes without it: NOTESCHECK_CHECKOV=/nowhere.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from checker.checkov import find_checkov
from checker.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[1]
# Tests that build this tree's wheel and install it (from the package registry: minutes) run only when asked:
# `NOTESCHECK_INSTALL_TESTS=1 bash scripts/test`.
INSTALL_TESTS = os.environ.get("NOTESCHECK_INSTALL_TESTS") == "1"
needs_install = pytest.mark.skipif(
    not INSTALL_TESTS, reason="builds and installs the wheel from the package registry: NOTESCHECK_INSTALL_TESTS=1"
)
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


def _shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One directory for the whole run, shared by pytest-xdist workers."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _once(shared: Path, name: str, make: Callable[[Path], None]) -> Path:
    """shared/name, made by the first worker to ask (the others wait on its lock, then reuse it)."""
    target = shared / name
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (target / ".done").exists():
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir()
            make(target)
            (target / ".done").touch()
    return target


def _must(args: list, timeout: int = 1800, cwd: Path | None = None) -> None:
    # none of this checkout's Python settings: with PYTHONPATH on this tree, pip would take the tree's
    # notescheck.egg-info for an installed notescheck and install only its dependencies
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "PIP_"))}
    done = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, timeout=timeout, check=False, env=env, cwd=cwd
    )
    assert done.returncode == 0, f"{args}: {done.stdout[-2000:]}{done.stderr[-2000:]}"


def _build_wheel(out: Path) -> None:
    """From a copy of the files git tracks (and untracked ones it does not ignore): a build/ or egg-info left
    in the tree by an earlier build cannot slip stale files into the wheel."""
    source = out / "source"
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO_ROOT, capture_output=True, check=True,
    ).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (REPO_ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO_ROOT / name, source / name)
    _must([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, source])
    shutil.rmtree(source)


@pytest.fixture(scope="session")
def notescheck_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of this working tree, built once per run."""
    (wheel,) = _once(_shared_dir(tmp_path_factory), "wheel", _build_wheel).glob("notescheck-*.whl")
    return wheel


@pytest.fixture(scope="session")
def installed_notescheck(tmp_path_factory: pytest.TempPathFactory, notescheck_wheel: Path) -> Path:
    """The `notescheck` executable of a new virtualenv holding only the wheel and its dependencies."""

    def install(venv: Path) -> None:
        _must([sys.executable, "-m", "venv", venv])
        _must([venv / "bin/python", "-m", "pip", "install", "-q", notescheck_wheel])

    return _once(_shared_dir(tmp_path_factory), "wheel-venv", install) / "bin/notescheck"


def pytest_terminal_summary(terminalreporter):
    """The agreement of tests/terraform/test_differential.py with Terraform, also under xdist. Here, not
    in tests/terraform/conftest.py: the xdist controller loads only this conftest for the testpaths."""
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        for name, value in getattr(report, "user_properties", ()):
            if name == "terraform_agreement" and report.when == "call":
                terminalreporter.write_line(f"Agreement with Terraform: {value}")
