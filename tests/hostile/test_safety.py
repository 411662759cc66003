"""notescheck reads the scanned repo and nothing more: it runs, imports and evaluates nothing from it,
opens no network connection, and writes only its output and its cache."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

MARKER = "NOTESCHECK_WAS_TRICKED"
OUTSIDE_CONTENT = "content-outside-the-repo-4242"


def _snapshot(directory: Path) -> dict[str, tuple[int, int]]:
    found = {}
    for dirpath, dirnames, filenames in os.walk(directory, followlinks=False):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            stat = path.lstat()
            is_dir = name in dirnames
            found[path.relative_to(directory).as_posix()] = (0, 0) if is_dir else (stat.st_size, stat.st_mtime_ns)
    return found


@pytest.fixture
def trapped_repo(tmp_path: Path) -> Path:
    """A repo whose files would leave a marker behind if anything in them were run, imported or fetched."""
    repo = tmp_path / "repo"
    tf = repo / "infra" / "terraform"
    (tf / "envs").mkdir(parents=True)
    payload = f"open({str(tmp_path / MARKER)!r}, 'w').write('x')\n"
    (tmp_path / "outside.txt").write_text(OUTSIDE_CONTENT)
    for name in ("conftest.py", "sitecustomize.py", "setup.py", "notescheck_plugin.py"):
        (repo / name).write_text(payload)
    (tf / "hook.py").write_text(payload)
    (tf / "main.tf").write_text(
        f"""data "external" "run" {{
  program = ["{sys.executable}", "${{path.module}}/hook.py"]
}}

resource "null_resource" "exec" {{
  provisioner "local-exec" {{
    command = "touch {tmp_path / MARKER}"
  }}
}}

module "remote" {{
  source = "git::https://example.invalid/notes/modules.git//vpc?ref=v1"
}}

module "registry" {{
  source  = "terraform-aws-modules/s3-bucket/aws"
  version = "4.0.0"
}}

locals {{
  from_template = templatefile("${{path.module}}/hook.py", {{}})
  outside       = file("{tmp_path / "outside.txt"}")
  relative      = file("${{path.module}}/../../../outside.txt")
}}

resource "aws_s3_bucket" "site" {{
  bucket = "notes-prod-site"
  tags = {{
    Environment = "prod"
    Project     = "notes"
  }}
}}
"""
    )
    (tf / "envs" / "prod.tfvars").write_text("")
    sam = repo / "sam"
    (sam / "src").mkdir(parents=True)
    (sam / "src" / "app.py").write_text(payload)
    (sam / "template.yaml").write_text(
        """AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  NotesFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      CodeUri: src/
      Tags:
        Environment: prod
        Project: notes
"""
    )
    (sam / "samconfig.toml").write_text('version = 0.1\n\n[prod.deploy.parameters]\nstack_name = "notes-prod-app"\n')
    return repo


def test_scan_runs_nothing_fetches_nothing_and_writes_only_output_and_cache(
    trapped_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    connections: list[object] = []
    processes: list[object] = []

    def refuse_connect(self, address, *args, **kwargs):
        connections.append(address)
        raise OSError("network disabled by the test")

    def refuse_create_connection(address, *args, **kwargs):
        connections.append(address)
        raise OSError("network disabled by the test")

    real_popen_init = subprocess.Popen.__init__

    def record_popen(self, args, *rest, **kwargs):
        processes.append(args)
        return real_popen_init(self, args, *rest, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", refuse_connect)
    monkeypatch.setattr(socket, "create_connection", refuse_create_connection)
    monkeypatch.setattr(subprocess.Popen, "__init__", record_popen)
    monkeypatch.chdir(trapped_repo)
    modules_before = set(sys.modules)
    parent_before = _snapshot(trapped_repo.parent)

    result = CliRunner().invoke(
        main, ["report", "--env", "prod", "--no-checkov", "--format", "json", "--output", "report.json"]
    )

    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert (trapped_repo / "report.json").is_file()
    assert connections == []
    assert processes == []  # with --no-checkov nothing at all is started
    assert not (trapped_repo.parent / MARKER).exists()
    imported = {name for name in set(sys.modules) - modules_before if name in ("conftest", "sitecustomize", "hook")}
    assert imported == set()
    after = _snapshot(trapped_repo.parent)
    new = sorted(set(after) - set(parent_before))
    unexpected = [p for p in new if p != "repo/report.json" and not p.startswith("repo/.notescheck-cache")]
    assert unexpected == [], f"notescheck wrote outside its output and cache: {unexpected}"
    changed = [p for p in parent_before if after.get(p) != parent_before[p] and not p.startswith("repo/.notescheck")]
    assert changed == [], f"notescheck modified files it should only read: {changed}"


def test_functions_never_read_outside_the_repo(trapped_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`file()` of a path outside the scanned root stays unknown: the evaluator reads nothing outside it."""
    from checker.graph import graph_to_json
    from checker.pipeline import build_env_graph, load_sources
    from checker.runtime import open_runtime
    from checker.settings import Settings

    # the graph as built, through the pipeline's own stages: `notescheck graph` writes none when an input
    # is broken (this repo's remote module is), so it would show nothing here
    settings = Settings(root=trapped_repo, envs=("prod",), checkov=False, cache_dir=None)
    runtime = open_runtime(settings)
    exported = graph_to_json(build_env_graph(load_sources(settings, runtime), settings, "prod", runtime))
    assert '"local.outside"' in exported
    assert '"local.relative"' in exported
    assert OUTSIDE_CONTENT not in exported


def test_second_scan_writes_nothing_new_but_its_cache(trapped_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(trapped_repo)
    args = ["check", "--env", "prod", "--no-checkov", "--format", "json"]
    CliRunner().invoke(main, args)
    before = _snapshot(trapped_repo.parent)
    CliRunner().invoke(main, args)
    after = _snapshot(trapped_repo.parent)
    new = [p for p in set(after) - set(before) if not p.startswith("repo/.notescheck-cache")]
    assert new == []
    assert not (trapped_repo.parent / MARKER).exists()
