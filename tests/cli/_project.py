"""A small compliant project (tests/integrations/fixtures/minimal) in a temporary directory, as the cwd."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

FIXTURE = Path(__file__).resolve().parents[1] / "integrations" / "fixtures" / "minimal"
NOTESCHECK = Path(sys.executable).parent / "notescheck"
MISTAGGED = '\nresource "aws_sqs_queue" "jobs" {\n  name = "notes-prod-jobs"\n  tags = { Environment = "dev" }\n}\n'


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    monkeypatch.chdir(root)
    monkeypatch.delenv("NOTESCHECK_CHECKOV", raising=False)
    for name in ("NO_COLOR", "FORCE_COLOR", "CI"):
        monkeypatch.delenv(name, raising=False)
    return root


@pytest.fixture
def violating(project) -> Path:
    """The project with one resource tagged for another environment (NC-TAG-001 fires in prod)."""
    with (project / "infra/terraform/main.tf").open("a", encoding="utf-8") as main_tf:
        main_tf.write(MISTAGGED)
    return project


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, [str(a) for a in args], env=env)


def run_installed(*args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    """The installed console script, as a user runs it (os._exit, real streams)."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NOTESCHECK_")}
    environ.update(kwargs.pop("env", {}))
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([str(NOTESCHECK), *map(str, args)], cwd=cwd, env=environ, text=True, timeout=120, **kwargs)
