"""`notescheck graph`: the environment's graph as JSON or dot, with cross-tool edges and no secret shown."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

SECRET = "Sup3rS3cretPassw0rd!"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    tf = tmp_path / "infra" / "terraform"
    (tf / "envs").mkdir(parents=True)
    (tf / "main.tf").write_text(
        'variable "db_password" {\n  type = string\n}\n'
        'resource "aws_db_instance" "db" {\n  identifier = "notes-prod-db"\n  password   = var.db_password\n}\n'
        'resource "aws_ssm_parameter" "table" {\n  name  = "/notes/prod/table-name"\n  type  = "String"\n'
        '  value = "notes-prod-notes"\n}\n'
    )
    (tf / "envs" / "prod.tfvars").write_text(f'db_password = "{SECRET}"\n')
    sam = tmp_path / "sam"
    sam.mkdir()
    (sam / "template.yaml").write_text(
        "Transform: AWS::Serverless-2016-10-31\nParameters:\n  TableName:\n"
        "    Type: AWS::SSM::Parameter::Value<String>\n    Default: /notes/prod/table-name\n"
        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n"
        "      Handler: app.handler\n      CodeUri: src/\n      Environment:\n        Variables:\n"
        "          TABLE: !Ref TableName\n"
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_json_graph_links_sam_to_terraform_and_masks_secrets(repo: Path) -> None:
    result = CliRunner().invoke(main, ["graph", "--env", "prod", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output
    graph = json.loads(result.output)
    nodes = {n["id"]: n for n in graph["nodes"]}
    assert nodes["tf:aws_db_instance.db"]["values"]["password"] == "Sup3***"
    assert nodes["tf:aws_db_instance.db"]["line"] == 4
    edges = {(e["source"], e["target"], e["kind"]) for e in graph["edges"]}
    assert ("sam:param.TableName", "tf:aws_ssm_parameter.table", "cross_tool") in edges
    assert ("tf:aws_db_instance.db", "tf:var.db_password", "reference") in edges
    assert ("sam:Fn", "sam:param.TableName", "reference") in edges


def test_dot_graph_is_graphviz_without_secrets(repo: Path) -> None:
    result = CliRunner().invoke(main, ["graph", "--env", "prod", "--format", "dot"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith('digraph "notescheck-prod" {')
    assert '"tf:aws_db_instance.db" -> "tf:var.db_password" [label="reference"];' in result.output
    assert SECRET not in result.output


def test_graph_of_an_unknown_environment_is_a_usage_error(repo: Path) -> None:
    result = CliRunner().invoke(main, ["graph", "--env", "qa"])
    assert result.exit_code == 2
    assert "unknown environment" in result.output


@pytest.mark.parametrize(
    "published",
    [
        # the route: a tfvars password published as an SSM parameter under a neutral attribute name
        'resource "aws_ssm_parameter" "db" {\n  name  = "/notes/prod/db-password"\n  type  = "String"\n'
        "  value = var.db_password\n}\n",
        # through a local with a neutral name, and a module-free merge()
        'locals {\n  settings = merge({ host = "db" }, { conn = var.db_password })\n}\n'
        'output "connection" {\n  value = local.settings.conn\n}\n',
        # the SSM parameter's name alone says it is secret; the value is written inline
        'resource "aws_ssm_parameter" "api" {\n  name  = "/notes/prod/api-token"\n  type  = "String"\n'
        '  value = "' + SECRET + 'Z"\n}\n',
    ],
)
def test_a_secret_is_masked_wherever_it_reappears_in_the_json_graph(repo: Path, published: str) -> None:
    (repo / "infra" / "terraform" / "published.tf").write_text(published)
    result = CliRunner().invoke(main, ["graph", "--env", "prod", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert SECRET not in result.output
    assert "Sup3***" in result.output
