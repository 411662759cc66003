"""`notescheck cost`: the repo's estimate is within the spec's table, and each way of overspending is seen."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main
from tests.conftest import REPO_ROOT


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for item in ("infra", "sam"):
        shutil.copytree(REPO_ROOT / item, tmp_path / item, ignore=shutil.ignore_patterns("tests", "__pycache__"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _cost(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["cost", "--format", "json", *args])
    return result.exit_code, json.loads(result.stdout)


def _env(document: dict, env: str) -> dict:
    (found,) = [e for e in document["environments"] if e["env"] == env]
    return found


def _service(env: dict, name: str) -> dict:
    (found,) = [s for s in env["services"] if s["service"] == name]
    return found


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{path}: the infra changed, update this test ({old!r} not found)"
    path.write_text(text.replace(old, new, 1))


def test_repo_is_within_budget_in_every_environment(project: Path) -> None:
    code, document = _cost("--env", "all")
    assert code == 0
    assert [e["env"] for e in document["environments"]] == ["dev", "staging", "prod"]
    for env in document["environments"]:
        assert env["over_budget"] is False and env["unknown"] == 0
        assert env["budget"] == {"dev": 1.5, "staging": 5.5, "prod": 10.5}[env["env"]]  # the spec's totals
        priced = sum(line["monthly"] for line in env["lines"])
        assert env["total"] == pytest.approx(priced, abs=0.01)
        assert 0 < env["total"] <= env["budget"]


def test_every_line_names_its_resource(project: Path) -> None:
    _, document = _cost("--env", "prod")
    lines = _env(document, "prod")["lines"]
    resources = {line["resource"] for line in lines}
    assert "module.database.aws_dynamodb_table.notes" in resources
    assert "NotesFunction" in resources and "NotesApi" in resources  # SAM's side is priced too
    capacity = [line for line in lines if "read capacity" in line["item"]]
    assert capacity and all(line["monthly"] > 0 for line in capacity)


def test_prod_capacity_raised_in_tfvars_goes_over_budget(project: Path) -> None:
    tfvars = project / "infra/terraform/envs/prod.tfvars"
    _replace(tfvars, "dynamodb_read_units       = 2", "dynamodb_read_units       = 40")
    _replace(tfvars, "dynamodb_write_units      = 2", "dynamodb_write_units      = 40")
    code, document = _cost("--env", "prod")
    prod = _env(document, "prod")
    assert code == 1
    assert prod["over_budget"] is True
    assert _service(prod, "DynamoDB")["over"] is True
    assert _service(prod, "DynamoDB")["estimate"] > 40


def test_provisioned_concurrency_in_the_sam_template_is_priced(project: Path) -> None:
    template = project / "sam/template.yaml"
    text = template.read_text()
    assert "    Type: AWS::Serverless::Function\n    Properties:\n" in text
    template.write_text(
        text.replace(
            "    Type: AWS::Serverless::Function\n    Properties:\n",
            "    Type: AWS::Serverless::Function\n    Properties:\n      AutoPublishAlias: live\n"
            "      ProvisionedConcurrencyConfig:\n        ProvisionedConcurrentExecutions: 5\n",
            1,
        )
    )
    code, document = _cost("--env", "prod")
    prod = _env(document, "prod")
    provisioned = [line for line in prod["lines"] if line["item"].startswith("provisioned concurrency")]
    assert len(provisioned) == 1 and provisioned[0]["monthly"] > 10  # 5 x 256 MB for a month
    assert code == 1 and prod["over_budget"] is True


def test_an_unknown_capacity_is_not_priced_as_zero(project: Path) -> None:
    module = project / "infra/terraform/modules/database/main.tf"
    _replace(module, "  read_capacity  = var.read_units", "  read_capacity  = data.aws_ssm_parameter.read_units.value")
    module.write_text(
        module.read_text() + '\ndata "aws_ssm_parameter" "read_units" {\n  name = "/notes/read-units"\n}\n'
    )
    code, document = _cost("--env", "prod")
    prod = _env(document, "prod")
    unknown = [line for line in prod["lines"] if line["monthly"] is None]
    assert [line["item"] for line in unknown] == ["table read capacity"]
    assert "data.aws_ssm_parameter.read_units" in unknown[0]["unknown"]
    assert code == 1 and prod["unknown"] == 1


def test_a_provider_in_another_region_makes_the_estimate_unknown(project: Path) -> None:
    _replace(project / "infra/terraform/envs/prod.tfvars", 'aws_region  = "us-east-1"', 'aws_region  = "eu-west-1"')
    code, document = _cost("--env", "prod")
    reasons = [line["unknown"] for line in _env(document, "prod")["lines"] if line["monthly"] is None]
    assert any("prices are for us-east-1, the provider uses eu-west-1" in reason for reason in reasons)
    assert code == 1


def test_text_and_markdown_show_the_spec_row(project: Path) -> None:
    text = CliRunner().invoke(main, ["cost", "--env", "prod"])
    assert text.exit_code == 0
    assert "prod: $" in text.output and "spec $10.50: within budget" in text.output
    assert "list prices as of" in text.output
    markdown = CliRunner().invoke(main, ["cost", "--env", "all", "--format", "markdown"])
    assert "| Service | dev | staging | prod |" in markdown.output
    assert "**Total**" in markdown.output


def test_unknown_environment_is_a_usage_error(project: Path) -> None:
    result = CliRunner().invoke(main, ["cost", "--env", "qa"])
    assert result.exit_code == 2
