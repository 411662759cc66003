"""Override files are merged as Terraform merges them; the real Terraform is the oracle."""

from __future__ import annotations

import pytest

from checker.model import DiagnosticLevel

from .conftest import Loaded, write_tree
from .terraform_oracle import notescheck_view, terraform_plan, terraform_refuses


def _errors(loaded: Loaded) -> list[str]:
    return [f"{d.file}:{d.line} {d.message}" for d in loaded.errors()]


def test_arguments_replace_and_are_reported_at_the_override_line(tmp_path):
    write_tree(
        tmp_path,
        {
            "tf/main.tf": """
                resource "aws_s3_bucket" "site" {
                  bucket = "notes-prod-site"
                  tags   = { Environment = "prod" }
                }
            """,
            "tf/override.tf": """
                resource "aws_s3_bucket" "site" {

                  tags = { Environment = "dev" }
                }
            """,
        },
    )
    loaded = Loaded(tmp_path)
    bucket = loaded.node("aws_s3_bucket.site")
    assert bucket.values["bucket"] == "notes-prod-site"
    assert bucket.tags == {"Environment": "dev"}
    assert (bucket.location_of("tags.Environment").file, bucket.location_of("tags.Environment").line) == (
        "tf/override.tf",
        3,
    )
    assert bucket.location_of("bucket").file == "tf/main.tf"
    assert not loaded.part.diagnostics


def test_nested_blocks_of_a_type_are_replaced_whole_and_other_types_kept(tmp_path):
    write_tree(
        tmp_path,
        {
            "tf/main.tf": """
                variable "rules" { default = ["a", "b"] }
                resource "aws_s3_bucket_lifecycle_configuration" "x" {
                  bucket = "b"
                  rule {
                    id     = "one"
                    status = "Enabled"
                  }
                  dynamic "rule" {
                    for_each = var.rules
                    content {
                      id = rule.value
                    }
                  }
                  expected_bucket_owner {
                    kept = true
                  }
                }
            """,
            "tf/x_override.tf": """
                resource "aws_s3_bucket_lifecycle_configuration" "x" {
                  rule {
                    id = "only"
                  }
                }
            """,
        },
    )
    values = Loaded(tmp_path).node("aws_s3_bucket_lifecycle_configuration.x").values
    assert values["rule"] == [{"id": "only"}]  # neither the static nor the dynamic `rule` of main.tf survives
    assert values["expected_bucket_owner"] == [{"kept": True}]
    assert values["bucket"] == "b"


def test_resource_lifecycle_merges_argument_by_argument(tmp_path):
    write_tree(
        tmp_path,
        {
            "tf/main.tf": """
                resource "aws_s3_bucket" "state" {
                  bucket = "b"
                  lifecycle {
                    prevent_destroy = true
                    ignore_changes  = [tags]
                  }
                }
            """,
            "tf/override.tf": """
                resource "aws_s3_bucket" "state" {
                  lifecycle {
                    prevent_destroy = false
                  }
                }
            """,
        },
    )
    node = Loaded(tmp_path).node("aws_s3_bucket.state")
    assert node.meta["lifecycle"] == {"prevent_destroy": False, "ignore_changes": "[tags]"}
    assert node.location_of("lifecycle.prevent_destroy").file == "tf/override.tf"


def test_override_files_apply_in_name_order_and_compound(tmp_path):
    write_tree(
        tmp_path,
        {
            "tf/main.tf": 'resource "aws_sqs_queue" "q" {\n  name = "base"\n  delay_seconds = 1\n}\n',
            "tf/override.tf": 'resource "aws_sqs_queue" "q" {\n  name = "last"\n}\n',
            "tf/a_override.tf": 'resource "aws_sqs_queue" "q" {\n  name = "first"\n  delay_seconds = 2\n}\n',
        },
    )
    values = Loaded(tmp_path).node("aws_sqs_queue.q").values
    assert values == {"name": "last", "delay_seconds": 2}


def test_variable_override_merges_settings_and_keeps_the_validation(tmp_path):
    write_tree(
        tmp_path,
        {
            "tf/main.tf": """
                variable "environment" {
                  type    = string
                  default = "prod"
                  validation {
                    condition     = contains(["dev", "prod"], var.environment)
                    error_message = "environment must be dev or prod"
                  }
                }
            """,
            "tf/override.tf": """
                variable "environment" {
                  default = "qa"
                }
            """,
        },
    )
    loaded = Loaded(tmp_path)
    variable = loaded.node("var.environment")
    assert variable.values["value"] == "qa"
    assert variable.location_of("default").file == "tf/override.tf"
    assert [v["error_message"] for v in variable.meta["validation"]] == ["environment must be dev or prod"]
    assert variable.meta["validation"][0]["holds"] is False


def test_locals_override_value_by_value(tmp_path):
    write_tree(
        tmp_path,
        {
            "tf/main.tf": 'locals {\n  a = "1"\n  b = "2"\n}\n',
            "tf/override.tf": 'locals {\n  b = "over"\n}\n',
        },
    )
    loaded = Loaded(tmp_path)
    assert loaded.node("local.a").values["value"] == "1"
    assert loaded.node("local.b").values["value"] == "over"
    assert loaded.node("local.b").loc.file == "tf/override.tf"


def test_provider_default_tags_override(tmp_path):
    write_tree(
        tmp_path,
        {
            "tf/main.tf": """
                provider "aws" {
                  region = "us-east-1"
                  default_tags {
                    tags = { Environment = "prod", Project = "notes" }
                  }
                }
                resource "aws_sqs_queue" "q" {
                  name = "q"
                }
            """,
            "tf/zz_override.tf": """
                provider "aws" {
                  default_tags {
                    tags = { Environment = "dev" }
                  }
                }
            """,
        },
    )
    loaded = Loaded(tmp_path)
    assert loaded.node("aws_sqs_queue.q").tags == {"Environment": "dev"}
    provider = loaded.node("provider.aws")
    assert provider.values["region"] == "us-east-1"
    assert provider.location_of("default_tags.0.tags.Environment").file == "tf/zz_override.tf"


def test_terraform_block_backend_and_required_providers(tmp_path):
    write_tree(
        tmp_path,
        {
            "tf/main.tf": """
                terraform {
                  required_version = ">= 1.5.0"
                  required_providers {
                    aws    = { source = "hashicorp/aws", version = "~> 5.80" }
                    random = { source = "hashicorp/random" }
                  }
                  backend "s3" {
                    bucket  = "notes-terraform-state"
                    encrypt = true
                  }
                }
            """,
            "tf/override.tf": """
                terraform {
                  required_version = ">= 1.0"
                  required_providers {
                    aws = { source = "hashicorp/aws", version = "~> 4.0" }
                  }
                  backend "local" {
                    path = "x.tfstate"
                  }
                }
            """,
        },
    )
    loaded = Loaded(tmp_path)
    settings = loaded.node("terraform")
    assert settings.values["required_version"] == ">= 1.0"
    assert settings.values["required_providers"]["aws"]["version"] == "~> 4.0"
    assert settings.values["required_providers"]["random"]["source"] == "hashicorp/random"
    backend = loaded.node("terraform.backend")
    assert backend.type == "local" and backend.values == {"path": "x.tfstate"}
    assert backend.loc.file == "tf/override.tf"


def test_module_call_override_changes_its_source(tmp_path):
    write_tree(
        tmp_path,
        {
            "tf/main.tf": 'module "m" {\n  source = "./a"\n  name = "x"\n}\n',
            "tf/override.tf": 'module "m" {\n  source = "./b"\n}\n',
            "tf/a/main.tf": 'variable "name" {}\nresource "aws_sqs_queue" "from_a" {\n  name = var.name\n}\n',
            "tf/b/main.tf": 'variable "name" {}\nresource "aws_sqs_queue" "from_b" {\n  name = var.name\n}\n',
        },
    )
    loaded = Loaded(tmp_path)
    assert loaded.node("module.m.aws_sqs_queue.from_b").values["name"] == "x"
    assert "tf:module.m.aws_sqs_queue.from_a" not in loaded.nodes


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ('resource "aws_sqs_queue" "missing" {\n  name = "x"\n}\n', "no resource 'aws_sqs_queue.missing'"),
        ("locals {\n  missing = 1\n}\n", "no local value 'missing'"),
        ('provider "aws" {\n  alias = "west"\n}\n', "no provider 'aws' with alias 'west'"),
        ('resource "aws_sqs_queue" "q" {\n  depends_on = []\n}\n', "depends_on may not be overridden"),
        ("moved {\n  from = aws_sqs_queue.q\n  to = aws_sqs_queue.r\n}\n", "moved blocks cannot be"),
        ('module "m" {\n  depends_on = [aws_sqs_queue.q]\n}\n', "depends_on may not be overridden"),
    ],
)
def test_what_terraform_refuses_is_an_input_error(tmp_path, override, message):
    write_tree(
        tmp_path,
        {
            "tf/main.tf": 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\nmodule "m" {\n  source = "./m"\n}\n',
            "tf/m/main.tf": "",
            "tf/override.tf": override,
        },
    )
    errors = _errors(Loaded(tmp_path))
    assert any(e.startswith("tf/override.tf:") and message in e for e in errors), errors


def test_a_default_provider_may_be_added_by_an_override(tmp_path):
    write_tree(
        tmp_path,
        {
            "tf/main.tf": 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n',
            "tf/override.tf": 'provider "aws" {\n  default_tags {\n    tags = { Environment = "dev" }\n  }\n}\n',
        },
    )
    loaded = Loaded(tmp_path)
    assert loaded.node("aws_sqs_queue.q").tags == {"Environment": "dev"}
    assert not [d for d in loaded.part.diagnostics if d.level == DiagnosticLevel.ERROR]


# -- the real Terraform agrees ---------------------------------------------------------------------

ORACLE_PRIMARY = {
    "main.tf": """
        variable "environment" {
          type    = string
          default = "prod"
        }
        locals {
          prefix = "notes-${var.environment}"
          kept   = "kept"
        }
        locals {
          suffix = "base"
        }
        resource "terraform_data" "tags" {
          input = { Environment = var.environment, Name = "${local.prefix}-${local.suffix}" }
        }
        resource "terraform_data" "other" {
          input            = local.kept
          triggers_replace = ["a"]
        }
        output "name" {
          value = "${local.prefix}-${local.suffix}"
        }
        output "kept" {
          value       = local.kept
          description = "base"
        }
    """,
}
ORACLE_OVERRIDES = {
    "override.tf": """
        variable "environment" {
          default = "dev"
        }
        resource "terraform_data" "tags" {
          input = { Environment = "staging", Name = local.prefix }
        }
        output "name" {
          value = upper(local.suffix)
        }
    """,
    "a_override.tf": """
        locals {
          suffix = "first"
        }
        resource "terraform_data" "other" {
          input = "from a_override"
        }
    """,
    "b_override.tf.json": """
        {
          "locals": {"suffix": "json-${local.kept}"},
          "resource": {"terraform_data": {"other": {"triggers_replace": ["b", "c"]}}}
        }
    """,
}


def test_overrides_mean_what_terraform_plans(tmp_path):
    write_tree(tmp_path, {**ORACLE_PRIMARY, **ORACLE_OVERRIDES})
    ours, errors = notescheck_view(tmp_path)
    assert errors == []
    theirs = terraform_plan(tmp_path)
    assert ours["outputs"] == theirs["outputs"]
    for address, values in theirs["resources"].items():
        assert {k: v for k, v in values.items() if v is not None} == ours["resources"][address], address
    assert theirs["outputs"]["name"] == "JSON-KEPT"  # the override files really changed something


CONDITION = 'condition = terraform_data.tags.input != ""\n      error_message = "x"\n'
ORACLE_MODULE = {
    "m/main.tf": "",
    "module.tf": 'module "m" {\n  source = "./m"\n  depends_on = [terraform_data.tags]\n}\n',
}


@pytest.mark.parametrize(
    ("override", "ours", "theirs"),
    [
        ('resource "terraform_data" "missing" {\n  input = 1\n}\n', "no resource", "Missing resource to override"),
        ('output "missing" {\n  value = 1\n}\n', "no output", "Missing base output definition"),
        (
            'resource "terraform_data" "other" {\n  depends_on = [terraform_data.tags]\n}\n',
            "depends_on may not be overridden",
            "The depends_on argument may not be overridden",
        ),
        (
            'module "m" {\n  depends_on = [terraform_data.other]\n}\n',
            "depends_on may not be overridden",
            "The depends_on argument may not be overridden",
        ),
        (
            'output "kept" {\n  depends_on = [terraform_data.other]\n}\n',
            "depends_on may not be overridden",
            "The depends_on argument may not be overridden",
        ),
        (
            'variable "environment" {\n  validation {\n      ' + CONDITION + "  }\n}\n",
            "validation blocks may not be overridden",
            'cannot override "validation" blocks',
        ),
        (
            'output "kept" {\n  precondition {\n      ' + CONDITION + "  }\n}\n",
            "precondition blocks may not be overridden",
            'cannot override "precondition" blocks',
        ),
        (
            'resource "terraform_data" "other" {\n  lifecycle {\n    precondition {\n      '
            + CONDITION
            + "    }\n  }\n}\n",
            "precondition blocks may not be overridden",
            'cannot override "precondition" blocks',
        ),
        (
            'resource "terraform_data" "other" {\n  lifecycle {\n    postcondition {\n      '
            + CONDITION
            + "    }\n  }\n}\n",
            "postcondition blocks may not be overridden",
            'cannot override "postcondition" blocks',
        ),
        (
            'check "c" {\n  assert {\n      ' + CONDITION + "  }\n}\n",
            "check blocks cannot be",
            "cannot override check blocks",
        ),
        ("moved {\n  from = terraform_data.other\n  to = terraform_data.moved\n}\n", "moved blocks cannot be", "moved"),
    ],
)
def test_terraform_and_notescheck_refuse_the_same_overrides(tmp_path, override, ours, theirs):
    """Each refusal is Terraform's own: the same file and line, for the same reason."""
    write_tree(tmp_path, {**ORACLE_PRIMARY, **ORACLE_MODULE, "override.tf": override})
    _, errors = notescheck_view(tmp_path)
    found = [d for d in errors if ours in d.message and d.file == "override.tf"]
    assert found, errors
    refusal = " ".join(terraform_refuses(tmp_path).split())
    assert theirs in refusal, refusal
    assert f"on override.tf line {found[0].line}" in refusal, refusal


def test_terraform_accepts_overriding_a_module_call_that_has_depends_on(tmp_path):
    write_tree(tmp_path, {**ORACLE_PRIMARY, **ORACLE_MODULE, "override.tf": 'module "m" {\n  source = "./m"\n}\n'})
    assert notescheck_view(tmp_path)[1] == []
    assert terraform_refuses(tmp_path) == ""
