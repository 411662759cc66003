"""Synthetic Terraform + SAM trees for timing notescheck and Checkov on the same input.

A tree of N resources has the layout notescheck reads:

    <tree>/infra/terraform/{versions.tf,backend.tf,main.tf,variables.tf,outputs.tf}
    <tree>/infra/terraform/envs/{dev,staging,prod}.tfvars
    <tree>/infra/terraform/modules/<name>/{main.tf,variables.tf,outputs.tf}
    <tree>/sam/{template.yaml,samconfig.toml}
    <tree>/docs/02-iam.md, <tree>/docs/runbooks/*.md

About 95% of the resources are Terraform, spread over local modules of at most ~125 resources each
(wired in layer order, each reading the outputs of the modules before it), the rest SAM functions behind
one API. Resources carry tags, references to each other, `count`/`for_each` here and there, and values
from per-environment .tfvars, so the whole load -> resolve -> evaluate path is exercised.

Output is a pure function of (size, seed): the same arguments write byte-identical trees.

    .venv/bin/python benchmarks/generate.py --sizes 10 100 1000 10000 --seed 7
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

GENERATOR_VERSION = 1
TREES_DIR = Path(__file__).resolve().parent / "trees"
DEFAULT_SIZES = (10, 100, 1000, 10000)
DEFAULT_SEED = 7
RESOURCES_PER_MODULE = 125
LAYER_MODULES = ("iam", "security", "database", "auth", "compute", "monitoring", "hosting")

ENV_VALUES = {
    "dev": {
        "read_units": 1,
        "write_units": 1,
        "memory": 128,
        "rate": 1000,
        "backup_days": 7,
        "log_level": "DEBUG",
        "log_days": 14,
        "frontend": "p1-dev.fikri.dev",
    },
    "staging": {
        "read_units": 1,
        "write_units": 1,
        "memory": 128,
        "rate": 1000,
        "backup_days": 7,
        "log_level": "INFO",
        "log_days": 30,
        "frontend": "p1-sta.fikri.dev",
    },
    "prod": {
        "read_units": 2,
        "write_units": 2,
        "memory": 256,
        "rate": 10000,
        "backup_days": 30,
        "log_level": "WARN",
        "log_days": 365,
        "frontend": "p1.fikri.dev",
    },
}


@dataclass
class Module:
    """One local module being written: its HCL blocks and the outputs other modules may read."""

    name: str
    index: int
    blocks: list[str] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)  # output name -> expression
    resource_count: int = 0
    inputs: dict[str, str] = field(default_factory=dict)  # extra variable -> root expression


def _tags(extra: dict[str, str], indent: str = "  ") -> str:
    inner = "\n".join(f'{indent}  {key} = "{value}"' for key, value in extra.items())
    return f"{indent}tags = merge(local.common_tags, {{\n{inner}\n{indent}}})"


def _kms(module: Module) -> str:
    return "aws_kms_key.this.arn" if module.name == "security" else "var.kms_key_arn"


def _bucket(module: Module, i: int, rng: random.Random) -> list[str]:
    name = f"data_{i}"
    versioning = "Enabled" if rng.random() < 0.9 else "Suspended"
    return [
        f'resource "aws_s3_bucket" "{name}" {{\n'
        f'  bucket        = "${{local.prefix}}-{name.replace("_", "-")}"\n'
        f'  force_destroy = var.environment != "prod"\n'
        f"{_tags({'Component': module.name, 'DataClass': rng.choice(['internal', 'public', 'private'])})}\n"
        f"}}\n",
        f'resource "aws_s3_bucket_versioning" "{name}" {{\n'
        f"  bucket = aws_s3_bucket.{name}.id\n\n"
        f"  versioning_configuration {{\n"
        f'    status = "{versioning}"\n'
        f"  }}\n"
        f"}}\n",
        f'resource "aws_s3_bucket_server_side_encryption_configuration" "{name}" {{\n'
        f"  bucket = aws_s3_bucket.{name}.id\n\n"
        f"  rule {{\n"
        f"    apply_server_side_encryption_by_default {{\n"
        f'      sse_algorithm     = "aws:kms"\n'
        f"      kms_master_key_id = {_kms(module)}\n"
        f"    }}\n"
        f"    bucket_key_enabled = true\n"
        f"  }}\n"
        f"}}\n",
        f'resource "aws_s3_bucket_public_access_block" "{name}" {{\n'
        f"  bucket                  = aws_s3_bucket.{name}.id\n"
        f"  block_public_acls       = true\n"
        f"  block_public_policy     = true\n"
        f"  ignore_public_acls      = true\n"
        f"  restrict_public_buckets = {'true' if rng.random() < 0.95 else 'false'}\n"
        f"}}\n",
    ]


def _table(module: Module, i: int, rng: random.Random) -> list[str]:
    pitr = "true" if rng.random() < 0.9 else 'var.environment == "prod"'
    return [
        f'resource "aws_dynamodb_table" "table_{i}" {{\n'
        f'  name           = "${{local.prefix}}-table-{i}"\n'
        f'  billing_mode   = "PROVISIONED"\n'
        f"  read_capacity  = var.read_units\n"
        f"  write_capacity = var.write_units\n"
        f'  hash_key       = "pk"\n'
        f'  range_key      = "sk"\n\n'
        f'  attribute {{\n    name = "pk"\n    type = "S"\n  }}\n\n'
        f'  attribute {{\n    name = "sk"\n    type = "S"\n  }}\n\n'
        f"  point_in_time_recovery {{\n    enabled = {pitr}\n  }}\n\n"
        f"  server_side_encryption {{\n    enabled     = true\n    kms_key_arn = {_kms(module)}\n  }}\n\n"
        f"{_tags({'Component': module.name, 'Backup': 'daily'})}\n"
        f"}}\n"
    ]


def _log_group(module: Module, i: int, rng: random.Random) -> list[str]:
    retention = "var.log_retention_days" if rng.random() < 0.85 else str(rng.choice([7, 14, 90]))
    return [
        f'resource "aws_cloudwatch_log_group" "logs_{i}" {{\n'
        f'  name              = "/aws/${{local.prefix}}/logs-{i}"\n'
        f"  retention_in_days = {retention}\n"
        f"  kms_key_id        = {_kms(module)}\n"
        f"{_tags({'Component': module.name})}\n"
        f"}}\n"
    ]


def _role(module: Module, i: int, rng: random.Random) -> list[str]:
    service = rng.choice(["lambda.amazonaws.com", "states.amazonaws.com", "events.amazonaws.com"])
    return [
        f'resource "aws_iam_role" "role_{i}" {{\n'
        f'  name = "${{local.prefix}}-role-{i}"\n'
        f"  assume_role_policy = jsonencode({{\n"
        f'    Version = "2012-10-17"\n'
        f"    Statement = [{{\n"
        f'      Effect    = "Allow"\n'
        f'      Action    = "sts:AssumeRole"\n'
        f'      Principal = {{ Service = "{service}" }}\n'
        f"    }}]\n"
        f"  }})\n"
        f"{_tags({'Component': module.name})}\n"
        f"}}\n",
        f'resource "aws_iam_role_policy" "role_{i}" {{\n'
        f'  name = "logs"\n'
        f"  role = aws_iam_role.role_{i}.id\n"
        f"  policy = jsonencode({{\n"
        f'    Version = "2012-10-17"\n'
        f"    Statement = [{{\n"
        f'      Effect   = "Allow"\n'
        f'      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]\n'
        f'      Resource = "arn:aws:logs:${{var.aws_region}}:*:log-group:/aws/${{local.prefix}}/*"\n'
        f"    }}]\n"
        f"  }})\n"
        f"}}\n",
    ]


def _queue(module: Module, i: int, rng: random.Random) -> list[str]:
    return [
        f'resource "aws_sqs_queue" "queue_{i}" {{\n'
        f'  name                      = "${{local.prefix}}-queue-{i}"\n'
        f"  message_retention_seconds = {rng.choice([86400, 345600, 1209600])}\n"
        f"  kms_master_key_id         = {_kms(module)}\n"
        f"{_tags({'Component': module.name})}\n"
        f"}}\n",
        f'resource "aws_ssm_parameter" "queue_{i}_url" {{\n'
        f'  name  = "/${{var.project}}/${{var.environment}}/{module.name}/queue-{i}-url"\n'
        f'  type  = "String"\n'
        f"  value = aws_sqs_queue.queue_{i}.url\n"
        f"{_tags({'Component': module.name})}\n"
        f"}}\n",
    ]


def _topic_alarm(module: Module, i: int, rng: random.Random) -> list[str]:
    threshold = rng.choice([1, 5, 10, 50])
    return [
        f'resource "aws_sns_topic" "alerts_{i}" {{\n'
        f'  name              = "${{local.prefix}}-alerts-{i}"\n'
        f"  kms_master_key_id = {_kms(module)}\n"
        f"{_tags({'Component': module.name})}\n"
        f"}}\n",
        f'resource "aws_cloudwatch_metric_alarm" "errors_{i}" {{\n'
        f'  count               = var.environment == "prod" ? 1 : 0\n'
        f'  alarm_name          = "${{local.prefix}}-errors-{i}"\n'
        f'  comparison_operator = "GreaterThanThreshold"\n'
        f"  evaluation_periods  = 1\n"
        f'  metric_name         = "Errors"\n'
        f'  namespace           = "AWS/Lambda"\n'
        f"  period              = 300\n"
        f'  statistic           = "Sum"\n'
        f"  threshold           = {threshold}\n"
        f"  alarm_actions       = [aws_sns_topic.alerts_{i}.arn]\n"
        f"{_tags({'Component': module.name})}\n"
        f"}}\n",
    ]


def _parameters(module: Module, i: int, rng: random.Random) -> list[str]:
    return [
        f'resource "aws_ssm_parameter" "settings_{i}" {{\n'
        f"  for_each = local.settings\n\n"
        f'  name  = "/${{var.project}}/${{var.environment}}/{module.name}/{i}/${{each.key}}"\n'
        f'  type  = "String"\n'
        f"  value = each.value\n"
        f"{_tags({'Component': module.name})}\n"
        f"}}\n"
    ]


GENERATORS = (
    (_bucket, 4, 3),
    (_table, 1, 2),
    (_log_group, 1, 4),
    (_role, 2, 3),
    (_queue, 2, 3),
    (_topic_alarm, 2, 3),
    (_parameters, 1, 1),
)


def _fill_module(module: Module, target: int, rng: random.Random) -> None:
    """Append resource groups until the module holds `target` resources (or one group more)."""
    if module.name == "security":
        module.blocks.append(
            'resource "aws_kms_key" "this" {\n'
            '  description             = "Customer-managed key of ${local.prefix}"\n'
            "  enable_key_rotation     = true\n"
            "  deletion_window_in_days = 30\n"
            f"{_tags({'Component': module.name})}\n"
            "}\n"
        )
        module.outputs["kms_key_arn"] = "aws_kms_key.this.arn"
        module.resource_count += 1
    weights = [w for _, _, w in GENERATORS]
    i = 0
    while module.resource_count < target:
        make, count, _ = rng.choices(GENERATORS, weights=weights)[0]
        module.blocks.extend(make(module, i, rng))
        module.resource_count += count
        if make is _table:
            module.outputs[f"table_{i}_name"] = f"aws_dynamodb_table.table_{i}.name"
        elif make is _bucket:
            module.outputs[f"data_{i}_bucket"] = f"aws_s3_bucket.data_{i}.bucket"
        elif make is _role:
            module.outputs[f"role_{i}_arn"] = f"aws_iam_role.role_{i}.arn"
        i += 1


MODULE_VARIABLES = """variable "project" {
  description = "Project name, prefixes resource names."
  type        = string
}

variable "environment" {
  description = "dev, staging or prod."
  type        = string
}

variable "aws_region" {
  description = "Region of the resources."
  type        = string
}

variable "read_units" {
  description = "Provisioned read capacity of tables."
  type        = number
  default     = 1
}

variable "write_units" {
  description = "Provisioned write capacity of tables."
  type        = number
  default     = 1
}

variable "log_retention_days" {
  description = "Days log groups keep events."
  type        = number
  default     = 30
}
"""


def _string_variable(name: str, description: str) -> str:
    return f'\nvariable "{name}" {{\n  description = "{description}"\n  type        = string\n}}\n'


def _module_files(module: Module) -> dict[str, str]:
    variables = MODULE_VARIABLES
    if module.name != "security":
        variables += _string_variable("kms_key_arn", "Key that encrypts data at rest.")
    for name in module.inputs:
        variables += _string_variable(name, "Read from an upstream module.")
    header = (
        "locals {\n"
        f'  prefix = "${{var.project}}-${{var.environment}}-{module.name.replace("_", "-")}"\n'
        "  common_tags = {\n"
        f'    Module = "{module.name}"\n'
        '    Owner  = "platform"\n'
        "  }\n"
        "  settings = {\n"
        '    log_level = var.environment == "prod" ? "WARN" : "DEBUG"\n'
        "    region    = var.aws_region\n"
        "  }\n"
        "}\n"
    )
    outputs = "\n".join(
        f'output "{name}" {{\n  description = "{name.replace("_", " ")}"\n  value       = {expr}\n}}\n'
        for name, expr in module.outputs.items()
    )
    return {
        "main.tf": header + "\n" + "\n".join(module.blocks),
        "variables.tf": variables,
        "outputs.tf": outputs,
    }


VERSIONS_TF = """terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.80"
    }
  }
}

provider "aws" {
  region = var.aws_region

  default_tags {
    tags = {
      Environment = var.environment
      Project     = var.project
      ManagedBy   = "terraform"
    }
  }
}
"""

BACKEND_TF = """terraform {
  backend "s3" {
    bucket         = "notes-terraform-state"
    region         = "us-east-1"
    encrypt        = true
    dynamodb_table = "notes-terraform-locks"
  }
}
"""

ROOT_VARIABLES = """variable "project" {
  description = "Project name; prefixes every resource name and fills the Project tag."
  type        = string
  default     = "notes"
}

variable "environment" {
  description = "Environment this root is applied to."
  type        = string

  validation {
    condition     = contains(["dev", "staging", "prod"], var.environment)
    error_message = "environment must be one of dev, staging, prod."
  }
}

variable "aws_region" {
  description = "Region of the application resources."
  type        = string
  default     = "us-east-1"
}

variable "frontend_domain" {
  description = "Frontend host name."
  type        = string
}

variable "dynamodb_read_units" {
  description = "Provisioned read capacity units."
  type        = number

  validation {
    condition     = var.dynamodb_read_units >= 1 && var.dynamodb_read_units <= 10
    error_message = "dynamodb_read_units must be between 1 and 10."
  }
}

variable "dynamodb_write_units" {
  description = "Provisioned write capacity units."
  type        = number
}

variable "lambda_memory_mb" {
  description = "Memory of the Lambda functions (published for SAM)."
  type        = number
}

variable "api_rate_limit_per_minute" {
  description = "API requests per minute."
  type        = number
}

variable "backup_retention_days" {
  description = "Days backups are kept."
  type        = number
}

variable "log_level" {
  description = "Application log level."
  type        = string
}

variable "log_retention_days" {
  description = "Days CloudWatch keeps log events."
  type        = number
}

variable "alarm_email" {
  description = "Where alarms are sent."
  type        = string
  default     = "ops@example.com"
  sensitive   = true
}
"""


def _tfvars(env: str) -> str:
    values = ENV_VALUES[env]
    return (
        f"# {env}: values of the spec's configuration table.\n"
        f'environment = "{env}"\n'
        f'aws_region  = "us-east-1"\n\n'
        f'frontend_domain = "{values["frontend"]}"\n\n'
        f"dynamodb_read_units       = {values['read_units']}\n"
        f"dynamodb_write_units      = {values['write_units']}\n"
        f"lambda_memory_mb          = {values['memory']}\n"
        f"api_rate_limit_per_minute = {values['rate']}\n"
        f"backup_retention_days     = {values['backup_days']}\n"
        f'log_level                 = "{values["log_level"]}"\n'
        f"log_retention_days        = {values['log_days']}\n"
    )


def _module_names(count: int) -> list[str]:
    names = list(LAYER_MODULES[: max(2, min(count, len(LAYER_MODULES)))])
    names.sort(key=lambda n: (n != "security", LAYER_MODULES.index(n)))  # security first: it owns the key
    names += [f"workload_{i:03d}" for i in range(1, count - len(names) + 1)]
    return names


def _wire_modules(modules: list[Module], rng: random.Random) -> None:
    """Each module after the first may read an output of one earlier module (never a later one)."""
    for position, module in enumerate(modules):
        if position < 2:
            continue
        source = modules[rng.randrange(1, position)]
        readable = [name for name in source.outputs if name != "kms_key_arn"]
        if readable:
            chosen = rng.choice(readable)
            module.inputs[f"upstream_{chosen}"] = f"module.{source.name}.{chosen}"
            module.blocks.append(
                f'resource "aws_ssm_parameter" "upstream_{chosen}" {{\n'
                f'  name  = "/${{var.project}}/${{var.environment}}/{module.name}/upstream/{chosen}"\n'
                f'  type  = "String"\n'
                f"  value = var.upstream_{chosen}\n"
                f"{_tags({'Component': module.name})}\n"
                f"}}\n"
            )
            module.resource_count += 1


def _root_main(modules: list[Module]) -> str:
    text = (
        "# Root module: one state file per environment, applied with envs/<env>.tfvars.\n"
        "locals {\n"
        '  name_prefix = "${var.project}-${var.environment}"\n'
        '  sam_function_name = "${local.name_prefix}-notes-api"\n'
        "}\n"
    )
    for module in modules:
        lines = [
            f'module "{module.name}" {{',
            f'  source = "./modules/{module.name}"',
            "",
            "  project            = var.project",
            "  environment        = var.environment",
            "  aws_region         = var.aws_region",
            "  read_units         = var.dynamodb_read_units",
            "  write_units        = var.dynamodb_write_units",
            "  log_retention_days = var.log_retention_days",
        ]
        if module.name != "security":
            lines.append("  kms_key_arn        = module.security.kms_key_arn")
        lines += [f"  {name} = {expr}" for name, expr in module.inputs.items()]
        lines.append("}")
        text += "\n" + "\n".join(lines) + "\n"
    return text


def _root_outputs(modules: list[Module]) -> str:
    blocks = []
    for module in modules:
        for name in list(module.outputs)[:3]:
            blocks.append(
                f'output "{module.name}_{name}" {{\n'
                f'  description = "{name.replace("_", " ")} of {module.name}"\n'
                f"  value       = module.{module.name}.{name}\n"
                f"}}\n"
            )
    blocks.append(
        'output "ssm_parameter_prefix" {\n'
        '  description = "Where SAM finds this environment\'s foundation values."\n'
        '  value       = "/${var.project}/${var.environment}/"\n'
        "}\n"
    )
    return "\n".join(blocks)


def _sam_template(functions: int, rng: random.Random) -> str:
    lines = [
        "AWSTemplateFormatVersion: '2010-09-09'",
        "Transform: AWS::Serverless-2016-10-31",
        "Description: Notes API (synthetic benchmark tree)",
        "",
        "Parameters:",
        "  Environment:",
        "    Type: String",
        "    AllowedValues: [dev, staging, prod]",
        "  MemorySize:",
        "    Type: Number",
        "    Default: 128",
        "  LogLevel:",
        "    Type: String",
        "    Default: INFO",
        "  TableName:",
        "    Type: AWS::SSM::Parameter::Value<String>",
        "    Default: /notes/prod/database/table-name",
        "  KmsKeyArn:",
        "    Type: String",
        "",
        "Globals:",
        "  Function:",
        "    Runtime: python3.12",
        "    Architectures: [arm64]",
        "    MemorySize: !Ref MemorySize",
        "    Timeout: 10",
        "    Tracing: Active",
        "    KmsKeyArn: !Ref KmsKeyArn",
        "    Environment:",
        "      Variables:",
        "        LOG_LEVEL: !Ref LogLevel",
        "        TABLE_NAME: !Ref TableName",
        "    Tags:",
        "      Environment: !Ref Environment",
        "      Project: notes",
        "",
        "Resources:",
        "  NotesApi:",
        "    Type: AWS::Serverless::Api",
        "    Properties:",
        "      Name: !Sub notes-${Environment}-api",
        "      StageName: !Ref Environment",
        "      TracingEnabled: true",
        "      MethodSettings:",
        "        - ResourcePath: '/*'",
        "          HttpMethod: '*'",
        "          ThrottlingRateLimit: 100",
        "          ThrottlingBurstLimit: 50",
        "          LoggingLevel: ERROR",
        "      Tags:",
        "        Environment: !Ref Environment",
        "        Project: notes",
        "",
    ]
    methods = ["get", "post", "put", "delete"]
    for i in range(functions):
        method = methods[i % len(methods)]
        policy = rng.choice(["DynamoDBReadPolicy", "DynamoDBCrudPolicy"])
        lines += [
            f"  Notes{i:04d}Function:",
            "    Type: AWS::Serverless::Function",
            "    Properties:",
            f"      FunctionName: !Sub notes-${{Environment}}-fn-{i:04d}",
            f"      Handler: app.handlers.h{i:04d}.handler",
            "      CodeUri: src/",
            f"      ReservedConcurrentExecutions: {rng.choice([5, 10, 20])}",
            "      Policies:",
            f"        - {policy}:",
            "            TableName: !Ref TableName",
            "      Events:",
            "        Api:",
            "          Type: Api",
            "          Properties:",
            "            RestApiId: !Ref NotesApi",
            f"            Path: /notes/r{i:04d}",
            f"            Method: {method}",
            "",
        ]
    lines += [
        "Outputs:",
        "  ApiUrl:",
        "    Value: !Sub https://${NotesApi}.execute-api.${AWS::Region}.amazonaws.com/${Environment}",
        "  FirstFunctionArn:",
        "    Value: !GetAtt Notes0000Function.Arn",
    ]
    return "\n".join(lines) + "\n"


def _samconfig() -> str:
    text = 'version = 0.1\n\n[default.global.parameters]\nstack_name = "notes-api"\n'
    for env, values in ENV_VALUES.items():
        text += (
            f"\n[{env}.deploy.parameters]\n"
            f'stack_name = "notes-{env}-api"\n'
            f'region = "us-east-1"\n'
            f'capabilities = "CAPABILITY_IAM"\n'
            f"confirm_changeset = {'true' if env == 'prod' else 'false'}\n"
            f'parameter_overrides = "Environment={env} MemorySize={values["memory"]} '
            f"LogLevel={values['log_level']} TableName=/notes/{env}/database/table-name "
            f'KmsKeyArn=arn:aws:kms:us-east-1:111122223333:key/{env}"\n'
            f'tags = "Environment={env} Project=notes"\n'
        )
    return text


DOCS = {
    "docs/02-iam.md": "# IAM role responsibility matrix\n\n"
    + "\n".join(
        f"- {role}: synthetic benchmark role."
        for role in (
            "DeveloperRole",
            "DeploymentRole",
            "ProductionAdminRole",
            "LambdaExecutionRole",
            "CognitoServiceRole",
        )
    )
    + "\n",
    "docs/runbooks/initial-setup.md": "# Initial setup\n\n1. Create the state bucket.\n2. terraform init.\n",
    "docs/runbooks/environment-promotion.md": "# Promotion\n\ndev -> staging -> prod after sign-off.\n",
    "docs/runbooks/state-recovery.md": "# State recovery\n\nRestore the previous object version of the state file.\n",
    "docs/runbooks/cost-monitoring.md": "# Cost monitoring\n\nBudgets alert at 80% of the monthly limit.\n",
}


def tree_files(size: int, seed: int = DEFAULT_SEED) -> dict[str, str]:
    """Every file of the tree of `size` resources, as relative POSIX path -> text."""
    rng = random.Random(f"{seed}:{size}")
    sam_functions = max(1, size // 20)
    terraform_resources = max(1, size - sam_functions - 1)  # the SAM API is one resource
    module_count = max(2, -(-terraform_resources // RESOURCES_PER_MODULE))
    modules = [Module(name, i) for i, name in enumerate(_module_names(module_count))]
    per_module = max(1, terraform_resources // module_count)
    for module in modules:
        _fill_module(module, per_module, rng)
    _wire_modules(modules, rng)

    files = {
        "infra/terraform/versions.tf": VERSIONS_TF,
        "infra/terraform/backend.tf": BACKEND_TF,
        "infra/terraform/variables.tf": ROOT_VARIABLES,
        "infra/terraform/main.tf": _root_main(modules),
        "infra/terraform/outputs.tf": _root_outputs(modules),
        "sam/template.yaml": _sam_template(sam_functions, rng),
        "sam/samconfig.toml": _samconfig(),
        **DOCS,
    }
    for env in ENV_VALUES:
        files[f"infra/terraform/envs/{env}.tfvars"] = _tfvars(env)
    for module in modules:
        for name, text in _module_files(module).items():
            files[f"infra/terraform/modules/{module.name}/{name}"] = text
    return files


def resource_count(files: dict[str, str]) -> int:
    """Resources as written (a `count`/`for_each` block counts once), Terraform plus SAM."""
    terraform = sum(text.count('\nresource "') + text.startswith('resource "') for text in files.values())
    sam = files["sam/template.yaml"].count("\n    Type: AWS::Serverless::")
    return terraform + sam


def write_tree(size: int, seed: int = DEFAULT_SEED, trees_dir: Path = TREES_DIR) -> Path:
    """Write the tree of `size` resources under trees_dir (reused when already written with the same inputs)."""
    tree = trees_dir / f"r{size}"
    stamp = {"generator": GENERATOR_VERSION, "size": size, "seed": seed}
    manifest = tree / "tree.json"
    if manifest.is_file():
        try:
            if {k: v for k, v in json.loads(manifest.read_text()).items() if k in stamp} == stamp:
                return tree
        except (OSError, ValueError):
            pass
    files = tree_files(size, seed)
    if tree.exists():
        shutil.rmtree(tree)
    for relative, text in files.items():
        path = tree / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    lines = sum(text.count("\n") for path, text in files.items() if path.startswith("infra/"))
    summary = {
        **stamp,
        "resources": resource_count(files),
        "files": len(files),
        "terraform_files": sum(p.startswith("infra/") for p in files),
        "hcl_lines": lines,
    }
    manifest.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return tree


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=TREES_DIR)
    args = parser.parse_args(argv)
    for size in args.sizes:
        tree = write_tree(size, args.seed, args.out)
        print(f"{tree}: {(tree / 'tree.json').read_text().strip()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
