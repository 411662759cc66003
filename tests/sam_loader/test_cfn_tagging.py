"""The taggable-type table agrees with the CloudFormation resource schemas that cfn-lint ships."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.sam.cfn_tagging import TAG_PROPERTY_NOT_TAGS, TAGGABLE_TYPES

cfnlint = pytest.importorskip("cfnlint")


def schema_tagging() -> dict[str, dict]:
    schemas = Path(cfnlint.__file__).parent / "data" / "schemas"
    index = json.loads((schemas / "providers" / "us-east-1.json").read_text())
    tagging = {}
    for resource_type, digest in index.items():
        path = schemas / "resources" / f"{digest}.json"
        if path.exists():
            tagging[resource_type] = json.loads(path.read_text()).get("tagging") or {}
    return tagging


def test_every_listed_type_is_taggable_in_its_schema_with_that_property() -> None:
    tagging = schema_tagging()
    for resource_type in TAGGABLE_TYPES:
        if resource_type not in tagging:
            continue  # a type newer or older than the installed cfn-lint
        assert tagging[resource_type].get("taggable"), resource_type
        expected = "/properties/" + TAG_PROPERTY_NOT_TAGS.get(resource_type, "Tags")
        assert tagging[resource_type].get("tagProperty", "/properties/Tags") == expected, resource_type
    assert set(TAG_PROPERTY_NOT_TAGS) <= TAGGABLE_TYPES


def test_the_types_of_this_app_are_classified() -> None:
    for taggable in (
        "AWS::DynamoDB::Table",
        "AWS::SQS::Queue",
        "AWS::Lambda::Function",
        "AWS::IAM::Role",
        "AWS::ApiGateway::RestApi",
        "AWS::ApiGateway::Stage",
        "AWS::Logs::LogGroup",
        "AWS::KMS::Key",
    ):
        assert taggable in TAGGABLE_TYPES
    for untaggable in ("AWS::ApiGateway::BasePathMapping", "AWS::Lambda::Permission", "AWS::ApiGateway::Method"):
        assert untaggable not in TAGGABLE_TYPES
    assert TAG_PROPERTY_NOT_TAGS["AWS::Cognito::UserPool"] == "UserPoolTags"
