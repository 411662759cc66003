"""SAM values read through SSM resolve to what the environment's Terraform publishes, with the whole chain."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.model import is_unknown
from checker.pipeline import build_env_graph, load_sources
from checker.runtime import open_runtime
from checker.settings import Settings

TERRAFORM = """
variable "environment" {
  type = string
}

variable "lambda_memory_mb" {
  type = number
}

resource "aws_ssm_parameter" "memory" {
  name  = "/notes/${var.environment}/config/lambda-memory-mb"
  type  = "String"
  value = tostring(var.lambda_memory_mb)
}

resource "aws_ssm_parameter" "log_level" {
  name  = "/notes/${var.environment}/config/log-level"
  type  = "String"
  value = "WARN"
}

resource "aws_ssm_parameter" "token" {
  name  = "/notes/${var.environment}/config/token"
  type  = "SecureString"
  value = "not-for-sam"
}
"""
TEMPLATE = """AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Parameters:
  LambdaMemory:
    Type: AWS::SSM::Parameter::Value<String>
  Unpublished:
    Type: AWS::SSM::Parameter::Value<String>
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      MemorySize: !Ref LambdaMemory
      Timeout: !Ref Unpublished
      LoggingConfig:
        ApplicationLogLevel: "{{resolve:ssm:/notes/prod/config/log-level}}"
        LogGroup: "/aws/lambda/{{resolve:ssm:/notes/prod/config/log-level:3}}-fn"
      Environment:
        Variables:
          TOKEN: "{{resolve:ssm:/notes/prod/config/token}}"
"""
SAMCONFIG = """version = 0.1
[prod.deploy.parameters]
parameter_overrides = "LambdaMemory=/notes/prod/config/lambda-memory-mb Unpublished=/notes/prod/config/nothing"
"""


@pytest.fixture
def graph(tmp_path: Path):
    files = {
        "infra/terraform/main.tf": TERRAFORM,
        "infra/terraform/envs/prod.tfvars": 'environment      = "prod"\nlambda_memory_mb = 256\n',
        "sam/template.yaml": TEMPLATE,
        "sam/samconfig.toml": SAMCONFIG,
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    settings = Settings(root=tmp_path, envs=("prod",), cache_dir=None, checkov=False)
    runtime = open_runtime(settings)
    return build_env_graph(load_sources(settings, runtime), settings, "prod", runtime)


def test_an_ssm_typed_parameter_takes_the_value_terraform_publishes(graph) -> None:
    parameter = graph.nodes["sam:param.LambdaMemory"]
    assert parameter.get("value") == "256"
    assert parameter.meta["ssm_published_by"] == "tf:aws_ssm_parameter.memory"
    function = graph.nodes["sam:Fn"]
    assert function.get("Properties.MemorySize") == "256"
    assert function.trace_of("Properties.MemorySize") == (
        "infra/terraform/envs/prod.tfvars:2 lambda_memory_mb = 256",
        "var.lambda_memory_mb",
        "aws_ssm_parameter.memory publishes SSM parameter /notes/prod/config/lambda-memory-mb",
        "sam/samconfig.toml:3 LambdaMemory=/notes/prod/config/lambda-memory-mb",
        "Parameters.LambdaMemory",
    )


def test_a_dynamic_reference_takes_the_published_value_with_or_without_a_version(graph) -> None:
    function = graph.nodes["sam:Fn"]
    assert function.get("Properties.LoggingConfig.ApplicationLogLevel") == "WARN"
    assert function.get("Properties.LoggingConfig.LogGroup") == "/aws/lambda/WARN-fn"
    trace = function.trace_of("Properties.LoggingConfig.ApplicationLogLevel")
    assert trace[-2:] == (
        "aws_ssm_parameter.log_level publishes SSM parameter /notes/prod/config/log-level",
        "{{resolve:ssm:/notes/prod/config/log-level}}",
    )


def test_what_terraform_does_not_publish_stays_unknown_and_says_why(graph) -> None:
    timeout = graph.nodes["sam:Fn"].get("Properties.Timeout")
    assert is_unknown(timeout) and "/notes/prod/config/nothing" in timeout.reason
    assert "no Terraform resource" in timeout.reason


def test_a_secure_string_never_crosses_into_sam(graph) -> None:
    token = graph.nodes["sam:Fn"].get("Properties.Environment.Variables.TOKEN")
    assert is_unknown(token)
    assert "not-for-sam" not in repr(graph.nodes["sam:Fn"].values)


def test_the_graph_links_sam_to_the_terraform_parameter(graph) -> None:
    targets = {e.target for e in graph.edges_from("sam:param.LambdaMemory") if e.kind == "cross_tool"}
    assert targets == {"tf:aws_ssm_parameter.memory"}


def test_a_resource_reading_ssm_links_to_the_parameter_also_by_a_versioned_reference(graph) -> None:
    targets = {e.target for e in graph.edges_from("sam:Fn") if e.kind == "cross_tool"}
    assert targets == {"tf:aws_ssm_parameter.log_level", "tf:aws_ssm_parameter.token"}
