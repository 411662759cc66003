"""NC-PLAN-001 against the real Terraform: notescheck fails a variable exactly when `terraform plan` refuses it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from checker.pipeline import run
from checker.runtime import open_runtime
from checker.settings import Settings
from tests.terraform.terraform_oracle import terraform_refuses

REFUSED = re.compile(r"\('(.*)'\): terraform plan refuses it$")
CASE = Path(__file__).parent / "cases" / "NC-PLAN-001" / "root_tfvars"


def _messages(root: Path, env: str) -> set[str]:
    settings = Settings(root=root, envs=(env,), checkov=False, shared=False, enable=("NC-PLAN-001",), cache_dir=None)
    report = run(settings, open_runtime(settings))
    return {REFUSED.search(f.message)[1] for f in report.findings if f.rule_id == "NC-PLAN-001"}


@pytest.mark.parametrize("env", ["dev", "prod"])
def test_notescheck_refuses_what_terraform_refuses(tmp_path, env):
    project = tmp_path / "project"
    shutil.copytree(CASE, project)
    ours = _messages(project, env)
    assert ours, "the case must break a validation in every environment"
    terraform = tmp_path / "terraform"
    shutil.copytree(project / "infra" / "terraform", terraform, ignore=shutil.ignore_patterns("envs"))
    shutil.copy(project / "infra" / "terraform" / "envs" / f"{env}.tfvars", terraform / "terraform.tfvars")
    refusal = " ".join(terraform_refuses(terraform).split())
    assert refusal, "Terraform accepts what notescheck refuses"
    for message in ours:
        assert message in refusal, f"Terraform does not refuse {message!r}: {refusal}"


def test_terraform_accepts_what_notescheck_accepts(tmp_path):
    terraform = tmp_path / "terraform"
    shutil.copytree(CASE / "infra" / "terraform", terraform, ignore=shutil.ignore_patterns("envs"))
    (terraform / "terraform.tfvars").write_text(
        'log_level = "INFO"\nlambda_memory_mb = 256\nretention_days = 7\nbudget = 10\n'
        'regions = ["us-east-1"]\nmin_units = 1\nmax_units = 2\ndb_password = "a-long-enough-passphrase"\n'
    )
    project = tmp_path / "project" / "infra" / "terraform"
    shutil.copytree(terraform, project)
    (project / "envs").mkdir()
    (project / "terraform.tfvars").rename(project / "envs" / "prod.tfvars")
    assert terraform_refuses(terraform) == ""
    assert _messages(tmp_path / "project", "prod") == set()


def test_a_sensitive_value_failing_its_validation_is_never_printed(tmp_path):
    from checker.report import render

    project = tmp_path / "project"
    shutil.copytree(CASE, project)
    settings = Settings(
        root=project, envs=("prod",), checkov=False, shared=False, enable=("NC-PLAN-001",), cache_dir=None
    )
    report = run(settings, open_runtime(settings))
    [finding] = [f for f in report.findings if f.resource == "var.db_password"]
    assert "at least 16 characters" in finding.message
    for fmt in ("text", "json", "sarif", "markdown", "github", "html"):
        assert "Sh0rtPw!x" not in render(report, fmt, settings=settings, color=False, quiet=False, gate=True), fmt
