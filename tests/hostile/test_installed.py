"""The hostile inputs again, through the installed wheel's `notescheck` executable rather than this source
tree: what only breaks from a wheel (package data left out of it, a module imported from the tree, an entry
point that does not start) breaks here. Building and installing the wheel with its dependencies takes minutes,
so this runs with NOTESCHECK_INSTALL_TESTS=1 (`NOTESCHECK_INSTALL_TESTS=1 bash scripts/test`), as the other
install tests do; it shares their `notescheck_wheel` fixture (tests/conftest.py).

Each test function of test_hostile.py and the scan-only ones of test_not_regular.py are collected here a
second time, with `scan` below in place of tests/hostile/conftest.py's in-process runner.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import needs_install
from tests.hostile.conftest import Scan
from tests.hostile.test_hostile import *  # noqa: F403 - every case again, through the wheel
from tests.hostile.test_not_regular import (  # noqa: F401 - the cases that only scan
    test_character_device_named_tf,
    test_directory_named_tf_is_skipped_as_terraform_does,
    test_fifo_as_a_plan_file,
    test_fifo_as_a_required_document,
    test_fifo_as_a_var_file,
    test_fifo_as_the_configuration,
    test_fifo_is_reported_not_opened,
    test_fifo_read_by_file_function,
    test_fifo_with_checkov_too,
    test_socket_named_tf,
)

pytestmark = needs_install


@dataclass
class Installed:
    """What CliRunner's Result offers the cases, from a real process."""

    exit_code: int
    stdout: str
    stderr: str
    exception: None = None

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture
def scan(repo: Path, request: pytest.FixtureRequest):
    executable = request.getfixturevalue("installed_notescheck")
    # nothing of this checkout may leak in: no PYTHONPATH, no NOTESCHECK_ settings, a PATH without our venvs
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NOTESCHECK_", "VIRTUAL_ENV", "PYTHON"))}
    env["PATH"] = "/usr/bin:/bin"

    def run(*extra: str, checkov: bool = False) -> Scan:
        engines = ["--checkov", str(request.getfixturevalue("checkov"))] if checkov else ["--no-checkov"]
        args = [str(executable), "check", "--env", "prod", *engines, "--no-cache", "--format", "json", *extra]
        done = subprocess.run(args, cwd=repo, env=env, capture_output=True, text=True, timeout=300, check=False)
        assert "Traceback" not in done.stdout + done.stderr, done.stderr[-3000:]
        try:
            payload = json.loads(done.stdout) if done.stdout.strip() else {}
        except json.JSONDecodeError:
            payload = {}
        return Scan(Installed(done.returncode, done.stdout, done.stderr), payload)  # type: ignore[arg-type]

    return run


def test_the_installed_executable_is_the_wheel(installed_notescheck: Path) -> None:
    """It imports notescheck from its own virtualenv, never from this checkout."""
    python = installed_notescheck.parent / "python"
    where = subprocess.run(
        [python, "-c", "import checker, policies; print(checker.__file__); print(policies.__file__)"],
        capture_output=True, text=True, check=True, cwd="/", env={"PATH": "/usr/bin:/bin"},
    ).stdout.split()
    assert all(str(installed_notescheck.parents[1]) in path for path in where), where
