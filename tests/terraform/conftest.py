"""Helpers to write small Terraform trees into a temporary working directory."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

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
