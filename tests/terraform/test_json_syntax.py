"""`*.tf.json` and `*.tfvars.json` read into the same syntax tree as native files, with JSON line numbers."""

from __future__ import annotations

import json

from checker.terraform.json_syntax import parse_json_config

from .conftest import Loaded, write_tree
from .terraform_oracle import notescheck_view, terraform_plan

MAIN_JSON = """{
  "//": "generated: notescheck:skip=NC-X-001 not a real rule",
  "variable": {
    "environment": {"type": "string", "default": "prod"},
    "sizes": {"type": "map(number)", "default": {"small": 1, "large": 3}}
  },
  "locals": {
    "prefix": "notes-${var.environment}",
    "literal": "no $${interpolation} here",
    "total": "${var.sizes.small + var.sizes.large}",
    "listing": "%{ for k, v in var.sizes }${k}=${v};%{ endfor }"
  },
  "resource": {
    "terraform_data": {
      "one": {"input": {"Name": "${local.prefix}-one", "Count": "${local.total}"}},
      "many": [{"count": 2, "input": "${local.prefix}-${count.index}"}]
    }
  },
  "output": {
    "prefix": {"value": "${local.prefix}"},
    "literal": {"value": "${local.literal}"},
    "total": {"value": "${local.total}"},
    "listing": {"value": "${local.listing}"},
    "one": {"value": "${terraform_data.one.input.Name}"}
  }
}
"""


def test_json_configuration_means_what_terraform_plans(tmp_path):
    write_tree(tmp_path, {"main.tf.json": MAIN_JSON})
    ours, errors = notescheck_view(tmp_path)
    assert errors == []
    theirs = terraform_plan(tmp_path)
    assert ours["outputs"] == theirs["outputs"]
    assert theirs["outputs"]["literal"] == "no ${interpolation} here"
    for address, values in theirs["resources"].items():
        assert {k: v for k, v in values.items() if v is not None} == ours["resources"][address], address


def test_lines_blocks_and_comments(tmp_path):
    parsed = parse_json_config(MAIN_JSON.encode(), "main.tf.json")
    assert parsed.errors == ()
    assert parsed.comments == ((2, "// generated: notescheck:skip=NC-X-001 not a real rule"),)
    resources = [b for b in parsed.body.blocks if b.type == "resource"]
    assert [(b.labels, b.line) for b in resources] == [
        (("terraform_data", "one"), 15),
        (("terraform_data", "many"), 16),
    ]
    variable = next(b for b in parsed.body.blocks if b.labels == ("sizes",))
    assert variable.body.attribute("type").source == "map(number)"


def test_nested_blocks_and_map_arguments_in_a_resource(tmp_path):
    write_tree(
        tmp_path,
        {
            "tf/main.tf.json": json.dumps(
                {
                    "resource": {
                        "aws_dynamodb_table": {
                            "notes": {
                                "name": "notes-prod-notes",
                                "tags": {"Environment": "prod"},
                                "point_in_time_recovery": {"enabled": True},
                                "attribute": [{"name": "pk", "type": "S"}, {"name": "sk", "type": "S"}],
                                "server_side_encryption": [{"enabled": True}],
                                "lifecycle": {"prevent_destroy": True},
                                "depends_on": ["aws_kms_key.k"],
                            }
                        },
                        "aws_kms_key": {"k": {}},
                    }
                },
                indent=2,
            )
        },
    )
    loaded = Loaded(tmp_path)
    table = loaded.node("aws_dynamodb_table.notes")
    assert table.values["point_in_time_recovery"] == [{"enabled": True}]
    assert [a["name"] for a in table.values["attribute"]] == ["pk", "sk"]
    assert table.values["server_side_encryption"] == [{"enabled": True}]
    assert table.tags == {"Environment": "prod"}
    assert table.meta["lifecycle"] == {"prevent_destroy": True}
    assert table.meta["depends_on"] == ["aws_kms_key.k"]
    text = (tmp_path / "tf/main.tf.json").read_text().splitlines()
    assert text[table.location_of("tags.Environment").line - 1].strip() == '"Environment": "prod"'
    assert not loaded.errors()


def test_bad_json_is_a_parse_error_with_its_line_and_the_rest_loads(tmp_path):
    write_tree(
        tmp_path,
        {
            "tf/bad.tf.json": '{\n  "resource": {\n    "aws_sqs_queue": {"q": {"name": "q",}}\n  }\n}\n',
            "tf/nan.tf.json": '{"locals": {"x": NaN}}',
            "tf/list.tf.json": "[1, 2]",
            "tf/good.tf": 'resource "aws_sqs_queue" "ok" {\n  name = "ok"\n}\n',
        },
    )
    loaded = Loaded(tmp_path)
    problems = {(d.file, d.line) for d in loaded.errors() if d.code == "parse"}
    assert problems == {("tf/bad.tf.json", 3), ("tf/nan.tf.json", 1), ("tf/list.tf.json", 1)}
    assert loaded.node("aws_sqs_queue.ok").values["name"] == "ok"


def test_tfvars_json_values_are_literal(tmp_path):
    write_tree(
        tmp_path,
        {
            "tf/main.tf": 'variable "greeting" {}\nvariable "sizes" {}\n',
            "tf/envs/prod.tfvars.json": '{\n  "greeting": "hello ${world}",\n  "sizes": {"a": 1}\n}\n',
        },
    )
    loaded = Loaded(tmp_path, var_files=["tf/envs/prod.tfvars.json"])
    greeting = loaded.node("var.greeting")
    assert greeting.values["value"] == "hello ${world}"
    assert greeting.location_of("value").line == 2
    assert loaded.node("var.sizes").values["value"] == {"a": 1}
