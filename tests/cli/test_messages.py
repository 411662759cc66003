"""Messages a new user meets: each says what is wrong and what to do."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.cli._project import invoke, run_installed


def _check(*args: str):
    return invoke("check", "--no-checkov", "--no-cache", *args)


def test_all_cannot_be_combined_and_unknown_names_are_quoted(project):
    combined = _check("--env", "all,prod")
    assert combined.exit_code == 2
    assert "--env all already means dev, staging, prod (and shared); give it alone" in combined.output
    unknown = _check("--env", "prod,qa")
    assert unknown.exit_code == 2
    assert "unknown environment 'qa': choose from dev, staging, prod, shared (a comma list), or all" in unknown.output
    assert _check("--env", "prod,dev").exit_code == 0


def test_nothing_to_check_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _check("--env", "prod")
    assert result.exit_code == 2
    assert "nothing to check: no Terraform directory infra/terraform and no SAM template sam/template.yaml" in (
        result.output
    )
    assert "(no file)" not in result.output and "not found not found" not in result.output


def test_a_named_samconfig_that_is_missing_is_not_found(project):
    result = _check("--env", "prod", "--samconfig", "sam/nope.toml")
    assert result.exit_code == 2
    assert "samconfig sam/nope.toml not found" in result.output
    assert "warning" not in result.output


def test_a_named_waivers_file_that_is_missing_is_an_error(project):
    result = _check("--env", "prod", "--waivers", "policies/nope.yaml")
    assert result.exit_code == 2
    assert "waivers file policies/nope.yaml not found" in result.output
    (project / ".notescheck.yaml").write_text("waivers: policies/nope.yaml\n", encoding="utf-8")
    assert _check("--env", "prod").exit_code == 2, "from the configuration too"


def test_a_var_file_outside_the_project_is_refused_with_the_reason(project, tmp_path):
    outside = tmp_path / "elsewhere.tfvars"
    outside.write_text('environment = "prod"\n', encoding="utf-8")
    result = _check("--env", "prod", "--var-file", str(outside))
    assert result.exit_code == 2
    assert "outside the working directory; not read" in result.output
    assert "must be inside the project" in invoke("check", "--help").output


def test_a_plan_of_another_environment_is_refused(project, tmp_path):
    plan = {
        "format_version": "1.2",
        "terraform_version": "1.15.5",
        "variables": {"environment": {"value": "dev"}},
        "planned_values": {"root_module": {}},
        "configuration": {"root_module": {"variables": {"environment": {}}}},
    }
    Path("plan.json").write_text(json.dumps(plan), encoding="utf-8")
    result = _check("--env", "prod", "--plan", "plan.json")
    assert result.exit_code == 2, result.output
    assert "this plan was made for environment 'dev' (its variables.environment), not 'prod'" in result.output


def test_the_checkov_timeout_hint_names_a_real_key():
    from checker import checkov
    from checker.config import _FIELDS

    source = Path(checkov.__file__).read_text(encoding="utf-8")
    assert "raise `timeout` under [tool.notescheck.checkov]" in source
    assert _FIELDS[("checkov", "timeout")][0] == "checkov_timeout"


def test_a_diagnostic_without_a_file_is_not_labelled_no_file(project):
    result = invoke("check", "--no-cache", "--env", "prod", "--checkov", "no/such/checkov")
    assert result.exit_code == 2
    assert "checkov: Checkov executable no/such/checkov (from --checkov) does not exist" in result.output
    assert "(no file)" not in result.output


def test_docs_are_found_from_another_directory(project, tmp_path, repo_root):
    """The project root is where the configuration is (or --project-dir), not wherever the shell is."""
    shutil.copytree(repo_root / "docs", project / "docs")
    (project / ".notescheck.yaml").write_text("enable: [NC-DOCS, NC-TAG]\n", encoding="utf-8")
    inside = project / "infra" / "terraform"
    assert run_installed("check", "--no-checkov", "--env", "prod", cwd=inside).returncode == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = run_installed("check", "--no-checkov", "--env", "prod", "--project-dir", project, cwd=elsewhere)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_docs_folder_can_be_moved(project, repo_root):
    shutil.copytree(repo_root / "docs", project / "handbook")
    (project / ".notescheck.yaml").write_text("enable: [NC-DOCS]\n", encoding="utf-8")
    missing = _check("--env", "prod")
    assert missing.exit_code == 1 and "docs/02-iam.md" in missing.output
    (project / ".notescheck.yaml").write_text("enable: [NC-DOCS]\ndocs-dir: handbook\n", encoding="utf-8")
    assert _check("--env", "prod").exit_code == 0
