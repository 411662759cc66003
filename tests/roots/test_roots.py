"""The project's Terraform roots: the shared roots are found (or declared) and checked once, as `shared`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.roots import find_shared_roots
from checker.settings import Settings
from checker.terraform import parse_terraform
from tests.conftest import REPO_ROOT

ENV_ROOT = """
module "store" {
  source = "./modules/store"
}
"""
MODULE = 'resource "aws_s3_bucket" "data" {\n  bucket = "notes-dev-data"\n}\n'
SHARED_ROOT = """
provider "aws" {
  default_tags {
    tags = {
      Environment = "shared"
      Project     = "notes"
    }
  }
}

resource "aws_s3_bucket" "state" {
  bucket = "notes-terraform-state"
}
"""
UNTAGGED_ROOT = 'resource "aws_s3_bucket" "forgotten" {\n  bucket = "notes-forgotten"\n}\n'


def _write(base: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    _write(
        tmp_path,
        {
            "infra/terraform/main.tf": ENV_ROOT,
            "infra/terraform/envs/dev.tfvars": "",
            "infra/terraform/modules/store/main.tf": MODULE,
            "infra/terraform/bootstrap/main.tf": SHARED_ROOT,
        },
    )
    return tmp_path


def _found(project: Path, **settings) -> tuple[list[str], list]:
    config = Settings(root=project, **settings)
    env_root = parse_terraform(project / "infra/terraform", project)
    roots, diagnostics = find_shared_roots(config, env_root)
    return [r.dir for r in roots], diagnostics


def test_a_root_without_envs_tagged_shared_is_a_shared_root(project: Path) -> None:
    assert _found(project) == (["infra/terraform/bootstrap"], [])


def test_this_repositorys_bootstrap_is_its_shared_root() -> None:
    roots, diagnostics = _found(REPO_ROOT)
    assert (roots, diagnostics) == (["infra/terraform/bootstrap"], [])


def test_an_untagged_root_is_an_input_error_not_skipped_silently(project: Path) -> None:
    _write(project, {"infra/terraform/tools/main.tf": UNTAGGED_ROOT})
    roots, diagnostics = _found(project)
    assert roots == ["infra/terraform/bootstrap"]
    [warning] = diagnostics
    assert (warning.file, warning.level, warning.code) == ("infra/terraform/tools", "error", "root")
    assert "no run would check it" in warning.message and "shared-roots" in warning.message


def test_modules_and_other_environment_roots_are_no_shared_roots(project: Path) -> None:
    _write(
        project,
        {
            "infra/terraform/bootstrap/modules/trail/main.tf": UNTAGGED_ROOT,  # not called: still under modules/
            "infra/terraform/lib/main.tf": MODULE,  # a module the root calls from outside modules/
            "infra/terraform/other/envs/dev.tfvars": "",  # a per-environment root of its own
            "infra/terraform/other/main.tf": UNTAGGED_ROOT,
        },
    )
    (project / "infra/terraform/main.tf").write_text(ENV_ROOT + 'module "lib" {\n  source = "./lib"\n}\n')
    assert _found(project) == (["infra/terraform/bootstrap"], [])


def test_declared_shared_roots_replace_discovery(project: Path) -> None:
    _write(project, {"platform/audit/main.tf": UNTAGGED_ROOT})
    roots, diagnostics = _found(project, shared_roots=(Path("platform/audit"),))
    assert (roots, diagnostics) == (["platform/audit"], [])
    assert _found(project, shared_roots=()) == ([], [])
    roots, diagnostics = _found(project, shared_roots=(Path("platform/missing"),))
    assert roots == [] and [(d.file, d.level) for d in diagnostics] == [("platform/missing", "error")]


def _run(project: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, dict | str]:
    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["check", "--no-checkov", "--no-cache", *args])
    try:
        return result.exit_code, json.loads(result.output)
    except ValueError:
        return result.exit_code, result.output


@pytest.mark.parametrize(
    ("args", "sections"),
    [
        (["--env", "dev"], ["dev", "shared"]),
        (["--env", "all"], ["dev", "staging", "prod", "shared"]),
        (["--env", "shared"], ["shared"]),
        (["--env", "dev", "--no-shared"], ["dev"]),
    ],
)
def test_every_run_checks_the_shared_roots_once(project, monkeypatch, args, sections) -> None:
    for env in ("staging", "prod"):
        shutil.copy(project / "infra/terraform/envs/dev.tfvars", project / f"infra/terraform/envs/{env}.tfvars")
    _, report = _run(project, monkeypatch, "--format", "json", *args)
    assert report["environments"] == sections
    assert sorted(report["summary"]["environments"]) == sorted(sections)


def test_shared_roots_from_the_configuration_and_the_command_line(project, monkeypatch) -> None:
    shutil.move(project / "infra/terraform/bootstrap", project / "bootstrap")
    _, report = _run(project, monkeypatch, "--format", "json", "--env", "dev")
    assert report["environments"] == ["dev"]
    _, report = _run(project, monkeypatch, "--format", "json", "--env", "dev", "--shared-root", "bootstrap")
    assert report["environments"] == ["dev", "shared"]
    (project / ".notescheck.yaml").write_text("shared-roots: [bootstrap]\n", encoding="utf-8")
    _, report = _run(project, monkeypatch, "--format", "json", "--env", "dev")
    assert report["environments"] == ["dev", "shared"]
    (project / ".notescheck.yaml").write_text("shared-roots: bootstrap\n", encoding="utf-8")
    code, output = _run(project, monkeypatch, "--env", "dev")
    assert code == 2 and "shared-roots" in output


def test_shared_alone_without_the_shared_roots_is_a_usage_error(project, monkeypatch) -> None:
    code, output = _run(project, monkeypatch, "--env", "shared", "--no-shared")
    assert code == 2 and "--no-shared" in output


def test_two_shared_roots_are_one_section_and_keep_their_own_resources(project: Path) -> None:
    """Both roots write `aws_s3_bucket.state` and `provider.aws`: each keeps its own, and its own tags."""
    from checker.pipeline import build_shared_graph, load_sources
    from checker.runtime import open_runtime

    other = SHARED_ROOT.replace('"notes-terraform-state"', '"notes-other-state"').replace('"shared"', '"prod"')
    _write(project, {"platform/audit/main.tf": other})
    settings = Settings(
        root=project,
        envs=(),
        cache_dir=None,
        checkov=False,
        shared_roots=(Path("infra/terraform/bootstrap"), Path("platform/audit")),
    )
    graph = build_shared_graph(load_sources(settings, open_runtime(settings)), settings)
    buckets = sorted((n.loc.file, n.get("bucket"), n.tags["Environment"]) for n in graph.resources("aws_s3_bucket"))
    assert buckets == [
        ("infra/terraform/bootstrap/main.tf", "notes-terraform-state", "shared"),
        ("platform/audit/main.tf", "notes-other-state", "prod"),
    ]
    renamed = graph.nodes["tf:aws_s3_bucket.state@platform/audit"]
    providers = {e.target for e in graph.edges_from(renamed.id)}
    assert "tf:provider.aws@platform/audit" in providers and "tf:provider.aws" not in providers
