"""A small repo with one known finding per engine's input, and a CLI runner that scans a copy of it."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from checker.cli import main

BASE = Path(__file__).parent / "base_repo"
# The findings the intact base repo yields: one from Terraform, one from SAM.
TERRAFORM_FINDING = ("NC-SECRET-003", "infra/terraform/main.tf")
SAM_FINDING = ("NC-SECRET-004", "sam/template.yaml")


@dataclass
class Scan:
    result: Result
    payload: dict[str, Any]

    @property
    def exit_code(self) -> int:
        return self.result.exit_code

    @property
    def findings(self) -> set[tuple[str, str]]:
        return {(f["rule_id"], f["file"]) for f in self.payload.get("findings", [])}

    @property
    def diagnostics(self) -> list[dict[str, Any]]:
        return self.payload.get("diagnostics", [])

    def errors_for(self, file: str) -> list[dict[str, Any]]:
        return [d for d in self.diagnostics if d["file"] == file and d["level"] == "error"]

    def diagnostics_for(self, file: str) -> list[dict[str, Any]]:
        return [d for d in self.diagnostics if d["file"] == file]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(BASE, target, symlinks=True)
    return target


@pytest.fixture
def scan(repo: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest):
    def run(*extra: str, checkov: bool = False) -> Scan:
        monkeypatch.chdir(repo)
        engines = ["--checkov", str(request.getfixturevalue("checkov"))] if checkov else ["--no-checkov"]
        args = ["check", "--env", "prod", *engines, "--no-cache", "--format", "json", *extra]
        result = CliRunner().invoke(main, args, catch_exceptions=True)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"crashed: {result.exception!r}\n{result.output}"
        )
        assert "Traceback" not in result.output
        try:
            payload = json.loads(result.stdout) if result.stdout.strip() else {}
        except json.JSONDecodeError:
            payload = {}
        return Scan(result, payload)

    return run
