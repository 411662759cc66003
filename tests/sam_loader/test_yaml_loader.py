"""CloudFormation YAML: short-form tags become long form, and every key path keeps its line."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from checker.model import Unknown
from checker.sam.yaml_loader import CfnSafeLoader, load_cfn_yaml


def load(text: str):
    result = load_cfn_yaml(textwrap.dedent(text))
    assert result.fatal is None, result.fatal
    return result


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("!Ref Name", {"Ref": "Name"}),
        ("!Condition IsProd", {"Condition": "IsProd"}),
        ("!GetAtt Table.Arn", {"Fn::GetAtt": ["Table", "Arn"]}),
        ("!GetAtt Api.RootResource.Id", {"Fn::GetAtt": ["Api", "RootResource.Id"]}),
        ("!GetAtt [Table, StreamArn]", {"Fn::GetAtt": ["Table", "StreamArn"]}),
        ('!Sub "arn:${AWS::Partition}:s3:::${Bucket}"', {"Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}"}),
        ("!Sub ['${A}-x', {A: !Ref P}]", {"Fn::Sub": ["${A}-x", {"A": {"Ref": "P"}}]}),
        ("!If [C, 1, !Ref AWS::NoValue]", {"Fn::If": ["C", 1, {"Ref": "AWS::NoValue"}]}),
        ("!Join ['-', [a, b]]", {"Fn::Join": ["-", ["a", "b"]]}),
        ("!Select [0, !GetAZs '']", {"Fn::Select": [0, {"Fn::GetAZs": ""}]}),
        ("!Split [',', 'a,b']", {"Fn::Split": [",", "a,b"]}),
        ("!FindInMap [M, K, V]", {"Fn::FindInMap": ["M", "K", "V"]}),
        ("!Equals [!Ref E, prod]", {"Fn::Equals": [{"Ref": "E"}, "prod"]}),
        ("!And [!Condition A, !Condition B]", {"Fn::And": [{"Condition": "A"}, {"Condition": "B"}]}),
        ("!Or [!Condition A, !Condition B]", {"Fn::Or": [{"Condition": "A"}, {"Condition": "B"}]}),
        ("!Not [!Condition A]", {"Fn::Not": [{"Condition": "A"}]}),
        ("!ImportValue shared-vpc", {"Fn::ImportValue": "shared-vpc"}),
        ("!Base64 hello", {"Fn::Base64": "hello"}),
        ("!Cidr [10.0.0.0/16, 4, 8]", {"Fn::Cidr": ["10.0.0.0/16", 4, 8]}),
        ("!GetAZs us-east-1", {"Fn::GetAZs": "us-east-1"}),
        (
            "!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}",
            {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}},
        ),
    ],
)
def test_short_form_tags_become_long_form(source: str, expected: dict) -> None:
    assert load(f"Value: {source}\n").data == {"Value": expected}
    # The plain PyYAML loader agrees with the event-based one.
    assert yaml.load(f"Value: {source}\n", Loader=CfnSafeLoader) == {"Value": expected}


def test_block_sub_with_variable_map() -> None:
    result = load(
        """
        Value: !Sub
          - "${Name}-${AWS::Region}"
          - Name: !Ref Prefix
        """
    )
    assert result.data == {"Value": {"Fn::Sub": ["${Name}-${AWS::Region}", {"Name": {"Ref": "Prefix"}}]}}
    assert result.positions["Value.Fn::Sub.1.Name"] == (4, 4)


def test_scalars_resolve_like_safe_loader_except_dates_stay_text() -> None:
    result = load(
        """
        Int: 42
        Hex: 0x1F
        Float: 1.5
        Bool: true
        Null: ~
        Empty:
        Quoted: "42"
        Date: 2010-09-09
        Explicit: !!str 7
        """
    )
    assert result.data == {
        "Int": 42,
        "Hex": 31,
        "Float": 1.5,
        "Bool": True,
        "Null": None,
        "Empty": None,
        "Quoted": "42",
        "Date": "2010-09-09",
        "Explicit": "7",
    }


def test_every_key_path_has_its_line_span() -> None:
    result = load(
        """
        Resources:
          NotesFunction:
            Type: AWS::Serverless::Function
            Properties:
              MemorySize: 256
              Environment:
                Variables:
                  LOG_LEVEL: !Ref LogLevel
              Policies:
                - DynamoDBCrudPolicy:
                    TableName: notes
                - !Ref ManagedPolicy
              Code: |
                line one
                line two
        """
    )
    positions = result.positions
    assert positions["Resources.NotesFunction"] == (3, 16)
    assert positions["Resources.NotesFunction.Properties.MemorySize"] == (6, 6)
    assert positions["Resources.NotesFunction.Properties.Environment"] == (7, 9)
    assert positions["Resources.NotesFunction.Properties.Environment.Variables.LOG_LEVEL"] == (9, 9)
    assert positions["Resources.NotesFunction.Properties.Policies.0.DynamoDBCrudPolicy.TableName"] == (12, 12)
    assert positions["Resources.NotesFunction.Properties.Policies.1"] == (13, 13)
    assert positions["Resources.NotesFunction.Properties.Code"] == (14, 16)
    assert result.scalar_lines == {15, 16}


def test_anchors_aliases_and_merge_keys() -> None:
    result = load(
        """
        Base: &base {Runtime: python3.12, Timeout: 3}
        Copy: *base
        Merged:
          <<: *base
          Timeout: 10
        """
    )
    assert result.data["Copy"] == {"Runtime": "python3.12", "Timeout": 3}
    assert result.data["Merged"] == {"Runtime": "python3.12", "Timeout": 10}


def test_unknown_tag_is_an_issue_with_its_line_and_an_unknown_value() -> None:
    result = load(
        """
        Fine: 1
        Odd: !Vault secret/path
        """
    )
    assert result.issues[0].line == 3
    assert "!Vault" in result.issues[0].message
    assert isinstance(result.data["Odd"], Unknown)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("!Ref [a, b]", "!Ref does not take a list"),
        ("!Condition {a: b}", "!Condition does not take a mapping"),
        ("!If {a: b}", "!If does not take a mapping"),
        ("!GetAtt NoDot", "LogicalId.Attribute"),
    ],
)
def test_short_form_tag_with_the_wrong_shape_is_an_issue(source: str, message: str) -> None:
    result = load(f"First: 1\nValue: {source}\n")
    assert [(issue.line, message in issue.message) for issue in result.issues] == [(2, True)]
    assert isinstance(result.data["Value"], Unknown)


def test_duplicate_keys_are_reported_with_both_lines() -> None:
    result = load(
        """
        Resources:
          Fn:
            Type: A
          Fn:
            Type: B
        """
    )
    assert result.data["Resources"]["Fn"] == {"Type": "B"}
    [issue] = result.issues
    assert issue.line == 5
    assert "duplicate key 'Fn'" in issue.message and "line 3" in issue.message


@pytest.mark.parametrize(
    "path",
    [
        Path(__file__).parent / "fixtures" / "template.yaml",
        Path(__file__).resolve().parents[2] / "sam" / "template.yaml",
    ],
    ids=["fixture", "repository"],
)
def test_reads_templates_exactly_as_cfn_lint_decodes_them(path: Path) -> None:
    """cfn-lint's own CloudFormation YAML decoder is the reference for the data we build."""
    if not path.exists():
        pytest.skip(f"{path} not written yet")
    cfn_yaml = pytest.importorskip("cfnlint.decode.cfn_yaml")
    text = path.read_text()
    assert load_cfn_yaml(text).data == cfn_yaml.loads(text)


def test_pure_python_parser_gives_the_same_data_and_lines() -> None:
    """Without libyaml the loader falls back to PyYAML's Python parser: same result."""
    text = (Path(__file__).parent / "fixtures" / "template.yaml").read_text()
    with_c = load_cfn_yaml(text)
    pure = load_cfn_yaml(text, loader_class=yaml.SafeLoader)
    assert (pure.data, pure.positions, pure.scalar_lines) == (with_c.data, with_c.positions, with_c.scalar_lines)
    deep = "Resources: " + "[" * 3000 + "]" * 3000 + "\n"
    assert "nest" in load_cfn_yaml(deep, loader_class=yaml.SafeLoader).fatal.message
