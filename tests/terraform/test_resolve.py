"""resolve_terraform on small trees: values per environment, module instances, expansion, edges."""

from __future__ import annotations

from checker.model import Edge, EdgeKind, Location, NodeKind, Unknown

from .conftest import Loaded, write_tree

MODULE_TABLE = {
    "tf/modules/table/variables.tf": """
        variable "name" {
          type = string
        }
        variable "read_units" {
          type    = number
          default = 1
        }
        variable "kms_key_arn" {
          type = string
        }
    """,
    "tf/modules/table/main.tf": """
        # notescheck:skip=NC-TAG-001 reason here
        resource "aws_dynamodb_table" "notes" {
          name          = var.name
          billing_mode  = "PROVISIONED"
          read_capacity = var.read_units
          #checkov:skip=CKV_AWS_28:backups elsewhere

          point_in_time_recovery {
            enabled = true
          }

          server_side_encryption {
            enabled     = true
            kms_key_arn = var.kms_key_arn
          }

          tags = {
            Name = var.name
          }
        }
    """,
    "tf/modules/table/outputs.tf": """
        output "table_arn" {
          value = aws_dynamodb_table.notes.arn
        }
        output "table_name" {
          value = aws_dynamodb_table.notes.name
        }
    """,
}

ROOT = {
    "tf/versions.tf": """
        terraform {
          required_version = ">= 1.5.0"
          required_providers {
            aws = {
              source  = "hashicorp/aws"
              version = "~> 5.0"
            }
          }
          backend "s3" {
            bucket  = "notes-terraform-state"
            encrypt = true
          }
        }
        provider "aws" {
          region = var.region
          default_tags {
            tags = {
              Environment = var.environment
              ManagedBy   = "terraform"
            }
          }
        }
        provider "aws" {
          alias  = "us_east_1"
          region = "us-east-1"
          default_tags {
            tags = {
              Environment = var.environment
              Edge        = "yes"
            }
          }
        }
    """,
    "tf/variables.tf": """
        variable "environment" {
          type = string
          validation {
            condition     = contains(["dev", "prod"], var.environment)
            error_message = "Unknown environment."
          }
        }
        variable "region" {
          default = "eu-west-1"
        }
        variable "read_units" {
          type    = number
          default = 1
        }
        variable "db_password" {
          type      = string
          sensitive = true
          default   = null
        }
        variable "unset" {}
    """,
    "tf/main.tf": """
        locals {
          prefix = "notes-${var.environment}"
        }

        resource "aws_kms_key" "data" {
          description = "key for ${local.prefix}"
        }

        module "a" {
          source      = "./modules/table"
          name        = "${local.prefix}-a"
          read_units  = var.read_units
          kms_key_arn = aws_kms_key.data.arn
        }

        module "b" {
          source      = "./modules/table"
          name        = "${local.prefix}-b"
          kms_key_arn = aws_kms_key.data.arn
        }

        resource "aws_ssm_parameter" "table" {
          name  = "/notes/table"
          value = module.a.table_name
          tags  = { Environment = "override" }
          depends_on = [module.b]
        }

        data "aws_caller_identity" "current" {}
    """,
    "tf/outputs.tf": """
        output "table_arn" {
          value     = module.a.table_arn
          sensitive = true
        }
    """,
    "tf/envs/prod.tfvars": """
        environment = "prod"
        read_units  = 2
    """,
    **MODULE_TABLE,
}


def test_module_instances_get_their_own_inputs(tree):
    loaded = tree(ROOT, var_files=["tf/envs/prod.tfvars"])
    a = loaded.node("module.a.aws_dynamodb_table.notes")
    b = loaded.node("module.b.aws_dynamodb_table.notes")
    assert a.values["name"] == "notes-prod-a" and b.values["name"] == "notes-prod-b"
    assert a.values["read_capacity"] == 2 and b.values["read_capacity"] == 1
    assert a.module == "module.a" and a.type == "aws_dynamodb_table" and a.name == "notes"
    assert list(loaded.sources.modules) == ["tf", "tf/modules/table"]  # parsed once for two calls
    assert not loaded.errors()


def test_nested_blocks_spans_and_traces(tree):
    loaded = tree(ROOT, var_files=["tf/envs/prod.tfvars"])
    table = loaded.node("module.a.aws_dynamodb_table.notes")
    assert table.values["point_in_time_recovery"] == [{"enabled": True}]
    assert table.get("point_in_time_recovery.0.enabled") is True
    main = "tf/modules/table/main.tf"
    assert table.loc == Location(main, 2, 20)
    assert table.location_of("billing_mode") == Location(main, 4, 4)
    assert table.location_of("point_in_time_recovery") == Location(main, 8, 10)
    assert table.location_of("point_in_time_recovery.0.enabled") == Location(main, 9, 9)
    assert table.location_of("tags.Name").line == 18
    assert table.trace_of("read_capacity") == (
        "tf/envs/prod.tfvars:2 read_units = 2",
        "var.read_units",
        "module.a: read_units = var.read_units",
        "module.a.var.read_units",
    )
    assert table.trace_of("server_side_encryption.0.kms_key_arn")[0] == "aws_kms_key.data.arn"
    parameter = loaded.node("aws_ssm_parameter.table")
    assert parameter.trace_of("value")[-3:] == (
        "module.a.var.name",
        "module.a.aws_dynamodb_table.notes.name",
        "module.a.output.table_name",
    )


def test_unknown_values_are_never_guessed(tree):
    loaded = tree(ROOT, var_files=["tf/envs/prod.tfvars"])
    table = loaded.node("module.a.aws_dynamodb_table.notes")
    arn = table.get("server_side_encryption.0.kms_key_arn")
    assert isinstance(arn, Unknown) and "aws_kms_key.data.arn" in arn.reason
    assert isinstance(loaded.node("var.unset").values["value"], Unknown)
    assert isinstance(loaded.node("output.table_arn").values["value"], Unknown)
    assert loaded.node("aws_ssm_parameter.table").values["value"] == "notes-prod-a"


def test_effective_tags_merge_provider_defaults_and_resource_tags(tree):
    loaded = tree(ROOT, var_files=["tf/envs/prod.tfvars"])
    table = loaded.node("module.a.aws_dynamodb_table.notes")
    assert table.tags == {"Environment": "prod", "ManagedBy": "terraform", "Name": "notes-prod-a"}
    assert table.meta["provider"] == "aws"
    assert loaded.node("aws_ssm_parameter.table").tags == {"Environment": "override", "ManagedBy": "terraform"}
    assert loaded.node("data.aws_caller_identity.current").tags is None


def test_settings_nodes(tree):
    loaded = tree(ROOT, var_files=["tf/envs/prod.tfvars"])
    backend = loaded.nodes["tf:terraform.backend"]
    assert backend.kind == NodeKind.BACKEND and backend.type == "s3" and backend.values["encrypt"] is True
    settings = loaded.node("terraform")
    assert settings.values["required_version"] == ">= 1.5.0"
    assert settings.values["required_providers"]["aws"]["version"] == "~> 5.0"
    provider = loaded.node("provider.aws")
    assert provider.values["default_tags"] == [{"tags": {"Environment": "prod", "ManagedBy": "terraform"}}]
    assert provider.values["region"] == "eu-west-1"
    assert loaded.node("provider.aws.us_east_1").values["alias"] == "us_east_1"
    module = loaded.node("module.a")
    assert module.kind == NodeKind.MODULE
    assert module.values["source"] == "./modules/table"
    assert module.meta["local_dir"] == "tf/modules/table"


def test_variables_nodes(tree):
    loaded = tree(ROOT, var_files=["tf/envs/prod.tfvars"])
    environment = loaded.node("var.environment")
    assert environment.values["value"] == "prod"
    assert environment.meta["set_by"] == "tf/envs/prod.tfvars:1"
    assert environment.meta["validation"][0]["holds"] is True
    assert environment.meta["has_default"] is False
    password = loaded.node("var.db_password")
    assert password.values["sensitive"] is True and password.values["type"] == "string"
    assert password.spans["sensitive"].line == 17
    inner = loaded.node("module.a.var.read_units")
    assert inner.values["value"] == 2 and inner.meta["set_by"] == "tf/main.tf:12"
    assert loaded.node("module.b.var.read_units").values["value"] == 1
    assert loaded.node("local.prefix").values["value"] == "notes-prod"
    assert loaded.node("output.table_arn").values["sensitive"] is True


def test_edges(tree):
    loaded = tree(ROOT, var_files=["tf/envs/prod.tfvars"])
    edges = loaded.edges
    assert Edge("tf:module.a", "tf:aws_kms_key.data", EdgeKind.REFERENCE) in edges
    assert Edge("tf:aws_ssm_parameter.table", "tf:module.a.output.table_name", EdgeKind.REFERENCE) in edges
    assert Edge("tf:aws_ssm_parameter.table", "tf:module.b", EdgeKind.DEPENDS_ON) in edges
    assert Edge("tf:module.a", "tf:module.a.var.name", EdgeKind.MODULE_INPUT) in edges
    assert Edge("tf:module.a", "tf:module.a.output.table_arn", EdgeKind.MODULE_OUTPUT) in edges
    assert Edge("tf:module.a", "tf:module.a.aws_dynamodb_table.notes", EdgeKind.CONTAINS) in edges
    assert Edge("tf:module.a.aws_dynamodb_table.notes", "tf:module.a.var.name", EdgeKind.REFERENCE) in edges
    assert Edge("tf:output.table_arn", "tf:module.a.output.table_arn", EdgeKind.REFERENCE) in edges
    assert Edge("tf:local.prefix", "tf:var.environment", EdgeKind.REFERENCE) in edges
    assert all(e.source in loaded.nodes and e.target in loaded.nodes for e in edges)


def test_comments_for_inline_suppressions(tree):
    loaded = tree(ROOT, var_files=["tf/envs/prod.tfvars"])
    comments = loaded.node("module.a.aws_dynamodb_table.notes").meta["comments"]
    assert (1, "# notescheck:skip=NC-TAG-001 reason here") in comments
    assert (6, "#checkov:skip=CKV_AWS_28:backups elsewhere") in comments


def test_variable_precedence(tree):
    files = {
        "tf/variables.tf": """
            variable "a" { default = "default" }
            variable "b" { default = "default" }
            variable "c" { default = "default" }
            variable "d" { default = "default" }
            variable "e" { default = "default" }
        """,
        "tf/main.tf": "locals { all = [var.a, var.b, var.c, var.d, var.e] }\n",
        "tf/terraform.tfvars": 'b = "terraform.tfvars"\nc = "terraform.tfvars"\nd = "terraform.tfvars"\n',
        "tf/a.auto.tfvars.json": '{"c": "auto json", "d": "auto json", "e": {"from": ["json"]}}',
        "tf/x.auto.tfvars": 'c = "auto"\nd = "auto"\n',
        "envs/one.tfvars": 'd = "one"\n',
        "envs/two.tfvars": 'd = "two"\n',
    }
    loaded = tree(files, var_files=["envs/one.tfvars", "envs/two.tfvars"])
    assert loaded.node("local.all").values["value"] == [
        "default",
        "terraform.tfvars",
        "auto",
        "two",
        {"from": ["json"]},
    ]
    assert loaded.node("var.d").meta["set_by"] == "envs/two.tfvars:1"
    assert not loaded.errors()


def test_tfvars_for_undeclared_variable_is_a_warning(tree):
    """As Terraform (a warning for a variables file; the value is not used)."""
    files = {"tf/main.tf": 'variable "a" {}\n', "tf/envs/prod.tfvars": "a = 1\n\nnot_declared = 2\n"}
    loaded = tree(files, var_files=["tf/envs/prod.tfvars"])
    assert loaded.errors() == []
    [warning] = [w for w in loaded.warnings() if "not_declared" in w.message]
    assert (warning.file, warning.line) == ("tf/envs/prod.tfvars", 3)


def test_undeclared_references_are_errors_with_lines(tree):
    files = {
        "tf/main.tf": """
            variable "a" { default = 1 }
            resource "aws_s3_bucket" "b" {
              bucket = var.missing
              acl    = local.nope
              policy = module.ghost.out
              x      = aws_nothing.here.id
            }
        """
    }
    loaded = tree(files)
    found = {(d.line, d.code) for d in loaded.errors()}
    assert found == {(3, "reference"), (4, "reference"), (5, "reference"), (6, "reference")}
    bucket = loaded.node("aws_s3_bucket.b")
    assert all(isinstance(bucket.values[k], Unknown) for k in ("bucket", "acl", "policy", "x"))


def test_cycles_among_locals_are_reported_without_hanging(tree):
    files = {
        "tf/main.tf": """
            locals {
              self_ref = local.self_ref
              a        = local.b
              b        = "${local.a}-x"
              ok       = "fine"
            }
        """
    }
    loaded = tree(files)
    cycles = [d for d in loaded.errors() if d.code == "cycle"]
    assert cycles and all(d.file == "tf/main.tf" for d in cycles)
    assert isinstance(loaded.node("local.self_ref").values["value"], Unknown)
    assert isinstance(loaded.node("local.a").values["value"], Unknown)
    assert loaded.node("local.ok").values["value"] == "fine"


def test_count_and_for_each_expand(tree):
    files = {
        "tf/main.tf": """
            variable "enabled" {}
            variable "names" { default = { alpha = "A", beta = "B" } }
            resource "aws_sqs_queue" "q" {
              count = 2
              name  = "q-${count.index}"
            }
            resource "aws_sqs_queue" "none" {
              count = 0
              name  = "never"
            }
            resource "aws_sqs_queue" "each" {
              for_each = var.names
              name     = "${each.key}-${each.value}"
            }
            resource "aws_sqs_queue" "set" {
              for_each = toset(["x", "y"])
              name     = each.value
            }
            resource "aws_sqs_queue" "maybe" {
              count = var.enabled ? 1 : 0
              name  = "maybe"
            }
            output "names" {
              value = aws_sqs_queue.q[*].name
            }
            output "each_name" {
              value = aws_sqs_queue.each["beta"].name
            }
        """
    }
    loaded = tree(files)
    assert loaded.node("aws_sqs_queue.q[0]").values["name"] == "q-0"
    assert loaded.node("aws_sqs_queue.q[1]").meta["instance_key"] == 1
    assert not [n for n in loaded.nodes if "aws_sqs_queue.none" in n]
    assert loaded.node('aws_sqs_queue.each["alpha"]').values["name"] == "alpha-A"
    assert loaded.node('aws_sqs_queue.set["y"]').values["name"] == "y"
    maybe = loaded.node("aws_sqs_queue.maybe")
    assert maybe.meta["count_unknown"] is True and maybe.values["name"] == "maybe"
    assert loaded.node("output.names").values["value"] == ["q-0", "q-1"]
    assert loaded.node("output.each_name").values["value"] == "beta-B"


def test_module_count_and_nested_modules(tree):
    files = {
        "tf/main.tf": """
            module "outer" {
              source = "./modules/outer"
              count  = 2
              suffix = "n${count.index}"
            }
            output "inner_names" {
              value = module.outer[*].inner_name
            }
        """,
        "tf/modules/outer/main.tf": """
            variable "suffix" {}
            module "inner" {
              source = "../inner"
              name   = "inner-${var.suffix}"
            }
            output "inner_name" { value = module.inner.name }
        """,
        "tf/modules/inner/main.tf": """
            variable "name" {}
            resource "aws_sns_topic" "t" { name = var.name }
            output "name" { value = aws_sns_topic.t.name }
        """,
    }
    loaded = tree(files)
    topic = loaded.node("module.outer[1].module.inner.aws_sns_topic.t")
    assert topic.values["name"] == "inner-n1"
    assert topic.module == "module.outer[1].module.inner"
    assert loaded.node("output.inner_names").values["value"] == ["inner-n0", "inner-n1"]
    assert not loaded.errors()


def test_dynamic_blocks(tree):
    files = {
        "tf/main.tf": """
            variable "rules" { default = [{ port = 80 }, { port = 443 }] }
            variable "unknown_rules" {}
            resource "aws_security_group" "known" {
              dynamic "ingress" {
                for_each = var.rules
                content {
                  from_port = ingress.value.port
                }
              }
            }
            resource "aws_security_group" "unknown" {
              dynamic "ingress" {
                for_each = var.unknown_rules
                iterator = rule
                content {
                  from_port = rule.value.port
                }
              }
            }
        """
    }
    loaded = tree(files)
    assert loaded.node("aws_security_group.known").values["ingress"] == [{"from_port": 80}, {"from_port": 443}]
    assert isinstance(loaded.node("aws_security_group.unknown").values["ingress"], Unknown)
    assert not loaded.errors()


def test_dynamic_blocks_over_a_set_key_each_block_by_its_element(tree):
    files = {
        "tf/main.tf": """
            variable "ports" {
              type    = set(number)
              default = [443, 80]
            }
            resource "aws_security_group" "sg" {
              dynamic "ingress" {
                for_each = var.ports
                content {
                  from_port   = ingress.value
                  description = "port ${ingress.key}"
                }
              }
            }
        """
    }
    loaded = tree(files)
    assert loaded.node("aws_security_group.sg").values["ingress"] == [
        {"from_port": 80, "description": "port 80"},
        {"from_port": 443, "description": "port 443"},
    ]
    assert not loaded.errors()


def test_provider_alias_passed_to_module(tree):
    files = {
        "tf/main.tf": """
            provider "aws" {
              default_tags { tags = { Region = "default" } }
            }
            provider "aws" {
              alias = "edge"
              default_tags { tags = { Region = "edge" } }
            }
            module "m" {
              source    = "./m"
              providers = { aws = aws.edge }
            }
            module "plain" {
              source = "./m"
            }
            resource "aws_acm_certificate" "direct" {
              provider    = aws.edge
              domain_name = "x"
            }
        """,
        "tf/m/main.tf": 'resource "aws_s3_bucket" "b" {}\n',
    }
    loaded = tree(files)
    assert loaded.node("module.m.aws_s3_bucket.b").tags == {"Region": "edge"}
    assert loaded.node("module.m.aws_s3_bucket.b").meta["provider"] == "aws.edge"
    assert loaded.node("module.plain.aws_s3_bucket.b").tags == {"Region": "default"}
    assert loaded.node("aws_acm_certificate.direct").meta["provider"] == "aws.edge"


def test_module_output_cycle_terminates(tree):
    files = {
        "tf/main.tf": """
            module "a" {
              source = "./m"
              input  = module.b.out
            }
            module "b" {
              source = "./m"
              input  = module.a.out
            }
        """,
        "tf/m/main.tf": 'variable "input" {}\noutput "out" { value = var.input }\n',
    }
    loaded = tree(files)
    assert any(d.code == "cycle" for d in loaded.errors())
    assert isinstance(loaded.node("module.a.output.out").values["value"], Unknown)


def test_sensitive_values_stay_out_of_evidence(tree):
    files = {
        "tf/main.tf": """
            variable "password" {
              sensitive = true
              default   = "hunter2-default"
            }
            variable "token" {
              sensitive = true
            }
            resource "aws_ssm_parameter" "p" {
              value = var.password
              other = var.token
            }
        """,
        "tf/prod.tfvars": 'token = "hunter2-tfvars"\n',
    }
    loaded = tree(files, var_files=["tf/prod.tfvars"])
    parameter = loaded.node("aws_ssm_parameter.p")
    evidence = " ".join(parameter.trace_of("value") + parameter.trace_of("other"))
    assert "hunter2" not in evidence and "(sensitive)" in evidence
    assert parameter.values["other"] == "hunter2-tfvars"  # rules still see the value itself


def test_variable_values_convert_to_their_declared_type(tree):
    files = {
        "tf/main.tf": """
            variable "memory" { type = number }
            variable "flag" { type = bool }
            variable "ports" { type = list(number) }
            variable "labels" { type = map(string) }
            variable "names" { type = set(string) }
            variable "bad" { type = number }
        """,
        "tf/prod.tfvars": """
            memory = "256"
            flag   = "true"
            ports  = ["80", 443]
            labels = { a = 1, b = true }
            names  = ["b", "a", "b"]
            bad    = "lots"
        """,
    }
    loaded = tree(files, var_files=["tf/prod.tfvars"])
    value = {
        name: loaded.node(f"var.{name}").values["value"] for name in ("memory", "flag", "ports", "labels", "names")
    }
    assert value == {
        "memory": 256,
        "flag": True,
        "ports": [80, 443],
        "labels": {"a": "1", "b": "true"},
        "names": ["a", "b"],
    }
    assert isinstance(loaded.node("var.bad").values["value"], Unknown)
    [error] = loaded.errors()
    assert (error.file, error.line) == ("tf/prod.tfvars", 6)


def test_invalid_and_huge_counts_are_reported(tree):
    files = {
        "tf/main.tf": """
            resource "aws_sqs_queue" "negative" {
              count = -1
            }
            resource "aws_sqs_queue" "huge" {
              count = 100000000
            }
            resource "aws_sqs_queue" "text" {
              count = "two"
            }
        """
    }
    loaded = tree(files)
    assert {(d.line, d.code) for d in loaded.errors()} == {(2, "config"), (5, "config"), (8, "config")}
    for name in ("negative", "huge", "text"):
        assert loaded.node(f"aws_sqs_queue.{name}").meta["count_unknown"] is True


def test_passing_an_undeclared_provider_alias_is_an_error(tree):
    files = {
        "tf/main.tf": 'module "m" {\n  source    = "./m"\n  providers = {\n    aws = aws.nowhere\n  }\n}\n',
        "tf/m/main.tf": 'resource "aws_s3_bucket" "b" {}\n',
    }
    loaded = tree(files)
    [error] = loaded.errors()
    assert (error.line, "aws.nowhere" in error.message) == (4, True)


def test_file_functions_read_inside_the_working_directory_only(tmp_path):
    (tmp_path / "outside.json").write_text('{"secret": 1}')
    root = tmp_path / "work"
    write_tree(
        root,
        {
            "tf/main.tf": 'module "m" {\n  source = "./modules/m"\n}\n',
            "tf/modules/m/main.tf": """
                locals {
                  policy   = jsondecode(file("${path.module}/policy.json"))
                  exists   = fileexists("${path.module}/nope.json")
                  rendered = templatefile("${path.module}/user_data.tpl", { name = "notes", ports = [80, 443] })
                  escape   = file("../../outside.json")
                }
            """,
            "tf/modules/m/policy.json": '{"Version": "2012-10-17", "Statement": []}',
            "tf/modules/m/user_data.tpl": "hello ${name}\n%{ for p in ports ~}\nport ${p}\n%{ endfor ~}\n",
        },
    )
    loaded = Loaded(root)
    value = {name: loaded.node(f"module.m.local.{name}").values["value"] for name in ("policy", "exists", "rendered")}
    assert value["policy"] == {"Version": "2012-10-17", "Statement": []}
    assert value["exists"] is False
    assert value["rendered"] == "hello notes\nport 80\nport 443\n"
    assert isinstance(loaded.node("module.m.local.escape").values["value"], Unknown)
    assert any("outside the working directory" in d.message for d in loaded.warnings())


def test_resource_using_an_undeclared_provider_alias_is_an_error(tree):
    files = {
        "tf/main.tf": 'module "m" {\n  source = "./m"\n}\n',
        "tf/m/main.tf": 'resource "aws_acm_certificate" "c" {\n  provider = aws.us_east_1\n}\n',
    }
    loaded = tree(files)
    [error] = loaded.errors()
    assert (error.file, error.line) == ("tf/m/main.tf", 2) and "not passed" in error.message


def test_comments_above_a_block_include_multiline_ones(tree):
    files = {
        "tf/main.tf": """
            # unrelated

            /* notescheck:skip=NC-TAG-001
               tagged by the parent stack */
            # second line of the header
            resource "aws_sqs_queue" "q" { # on the block line
              name = "q" // inside
            }
            # after the block
        """
    }
    comments = tree(files).node("aws_sqs_queue.q").meta["comments"]
    assert [line for line, _ in comments] == [3, 5, 6, 7]
    assert comments[0][1].startswith("/* notescheck:skip=NC-TAG-001")
