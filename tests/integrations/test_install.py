"""`pip install notescheck[checkov]` gives one environment with a working notescheck and Checkov.

Installing Checkov from PyPI takes minutes, so this runs only with NOTESCHECK_INSTALL_TESTS=1
(`NOTESCHECK_INSTALL_TESTS=1 bash scripts/test`). It builds the wheel of this tree, installs it with the
extra into a new virtualenv, and checks this repository from a copy that has no .venv-checkov, with a
PATH that holds no checkov: notescheck must find the Checkov installed beside it.
"""

from __future__ import annotations

import os
import subprocess
import sys

from checker.checkov import PINNED_VERSION
from tests.conftest import REPO_ROOT, needs_install

pytestmark = needs_install


def _run(args, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=1800, **kwargs)
    return done


def test_the_checkov_extra_installs_a_working_pair(tmp_path, notescheck_wheel):
    wheel = notescheck_wheel
    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", venv]).returncode == 0
    installed = _run([venv / "bin/python", "-m", "pip", "install", "-q", f"{wheel}[checkov]"])
    assert installed.returncode == 0, installed.stderr
    version = _run([venv / "bin/checkov", "--version"])
    assert version.stdout.strip() == PINNED_VERSION

    project = tmp_path / "project"
    archive = subprocess.run(
        ["git", "archive", "HEAD", "infra", "sam", "docs", "policies"], cwd=REPO_ROOT, capture_output=True
    )
    assert archive.returncode == 0
    project.mkdir()
    subprocess.run(["tar", "-x", "-C", project], input=archive.stdout, check=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NOTESCHECK_", "VIRTUAL_ENV"))}
    env["PATH"] = "/usr/bin:/bin"
    done = _run([venv / "bin/notescheck", "check", "--env", "prod", "--format", "json"], cwd=project, env=env)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert '"source": "checkov"' in done.stdout, "Checkov's findings (waived) are in the report"
    assert "not installed" not in done.stdout + done.stderr
