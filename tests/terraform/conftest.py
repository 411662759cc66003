"""Helpers to write small Terraform trees into a temporary working directory."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.model import DiagnosticLevel
from checker.terraform import parse_terraform, resolve_terraform


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"))
    return root


class Loaded:
    def __init__(self, root: Path, env: str = "prod", var_files: list[str] | None = None, tf_dir: str = "tf"):
        self.sources = parse_terraform(root / tf_dir, root)
        files = [root / f for f in (var_files or [])]
        self.part = resolve_terraform(self.sources, env, files)
        self.nodes = {n.id: n for n in self.part.nodes}
        self.edges = set(self.part.edges)

    def node(self, address: str):
        return self.nodes["tf:" + address]

    def errors(self):
        return [d for d in self.part.diagnostics if d.level == DiagnosticLevel.ERROR]

    def warnings(self):
        return [d for d in self.part.diagnostics if d.level == DiagnosticLevel.WARNING]


@pytest.fixture
def tree(tmp_path):
    def build(files: dict[str, str | bytes], **kwargs) -> Loaded:
        write_tree(tmp_path, files)
        return Loaded(tmp_path, **kwargs)

    return build


# -- a copy of the repo's own infra, checked through the CLI ----------------------------------------

REPO = Path(__file__).resolve().parents[2]
COPIED = ("infra", "sam", "docs", "policies/waivers.yaml")
TF = "infra/terraform"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for item in COPIED:
        source, target = REPO / item, tmp_path / item
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("tests", "__pycache__", ".terraform"))
        else:
            shutil.copy2(source, target)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(env: str, *extra: str) -> tuple[int, dict]:
    args = ["check", "--env", env, "--no-checkov", "--no-cache", "--format", "json", *extra]
    result = CliRunner().invoke(main, args)
    return result.exit_code, json.loads(result.output)

