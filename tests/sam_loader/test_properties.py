"""Property tests: random and mutated YAML/TOML never get past the loader as an exception."""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.model import Diagnostic, GraphPart
from checker.sam import parse_sam, resolve_sam
from checker.sam.samconfig import parse_samconfig_text
from checker.sam.yaml_loader import load_cfn_yaml

FIXTURES = Path(__file__).parent / "fixtures"
TEMPLATE_LINES = (FIXTURES / "template.yaml").read_text().splitlines(keepends=True)
SAMCONFIG_TEXT = (FIXTURES / "samconfig.toml").read_text()
# SAM_PROPERTY_EXAMPLES=2000 for a longer hunt; the suite keeps it small.
SETTINGS = settings(
    max_examples=int(os.environ.get("SAM_PROPERTY_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def load_everything(template: str | bytes, samconfig: str | None = None) -> list[GraphPart]:
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        template_path = root / "template.yaml"
        if isinstance(template, bytes):
            template_path.write_bytes(template)
        else:
            template_path.write_text(template, encoding="utf-8", errors="surrogatepass")
        config_path = None
        if samconfig is not None:
            config_path = root / "samconfig.toml"
            config_path.write_text(samconfig, encoding="utf-8", errors="surrogatepass")
        sources = parse_sam(template_path, config_path, root)
        parts = [resolve_sam(sources, env) for env in ("dev", "prod", "qa")]
    for part in parts:
        for diagnostic in part.diagnostics:
            assert isinstance(diagnostic, Diagnostic)
            assert diagnostic.file in ("template.yaml", "samconfig.toml")
            assert isinstance(diagnostic.line, int) and diagnostic.line >= 0
    return parts


@SETTINGS
@given(st.text(max_size=400))
def test_random_text_never_raises(text: str) -> None:
    load_everything(text)


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_never_raise(data: bytes) -> None:
    load_everything(data)


@st.composite
def mutated_template(draw) -> str:
    lines = list(TEMPLATE_LINES)
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(["delete", "duplicate", "insert", "indent", "truncate", "swap"]))
        index = draw(st.integers(0, len(lines) - 1))
        if operation == "delete":
            del lines[index : index + draw(st.integers(1, 5))]
        elif operation == "duplicate":
            lines.insert(index, lines[index])
        elif operation == "insert":
            junk = draw(
                st.sampled_from(
                    [
                        "!Ref",
                        "!GetAtt [",
                        "*alias",
                        "&a",
                        "{",
                        "]",
                        ":",
                        "- ",
                        "\t",
                        "!Sub",
                        "#",
                        "!If [X]",
                        "'",
                        '"',
                        "${",
                        "<<: *a",
                        "!!binary",
                        "? ",
                    ]
                )
            )
            line = lines[index]
            position = draw(st.integers(0, len(line)))
            lines[index] = line[:position] + junk + line[position:]
        elif operation == "indent":
            lines[index] = " " * draw(st.integers(1, 3)) + lines[index]
        elif operation == "truncate":
            lines[index] = lines[index][: draw(st.integers(0, len(lines[index])))]
        else:
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        if not lines:
            break
    return "".join(lines)


@SETTINGS
@given(mutated_template())
def test_mutated_template_never_raises(template: str) -> None:
    load_everything(template, SAMCONFIG_TEXT)


@SETTINGS
@given(st.integers(0, len(SAMCONFIG_TEXT)), st.text(max_size=20), st.integers(0, 30))
def test_mutated_samconfig_never_raises(position: int, insert: str, delete: int) -> None:
    text = SAMCONFIG_TEXT[:position] + insert + SAMCONFIG_TEXT[position + delete :]
    config = parse_samconfig_text(text, "samconfig.toml")
    for diagnostic in config.diagnostics:
        assert diagnostic.line >= 0
    load_everything("".join(TEMPLATE_LINES), text)


NAMES = st.sampled_from(
    [
        "Environment",
        "LambdaMemory",
        "NotesTable",
        "NotesFunction",
        "IsProd",
        "Missing",
        "AWS::Region",
        "AWS::NoValue",
        "AWS::AccountId",
        "NotesTable.Arn",
        "",
    ]
)
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=8), NAMES)


def intrinsic(children):
    return st.one_of(
        st.builds(lambda name: {"Ref": name}, st.one_of(NAMES, children)),
        st.builds(lambda args: {"Fn::GetAtt": args}, st.one_of(NAMES, st.lists(children, max_size=3))),
        st.builds(lambda text: {"Fn::Sub": text}, st.one_of(st.builds(lambda n: f"x-${{{n}}}-y", NAMES), children)),
        st.builds(lambda args: {"Fn::If": args}, st.lists(st.one_of(NAMES, children), max_size=4)),
        st.builds(lambda args: {"Fn::Join": args}, st.lists(children, max_size=3)),
        st.builds(lambda args: {"Fn::Select": args}, st.lists(children, max_size=3)),
        st.builds(lambda args: {"Fn::Split": args}, st.lists(children, max_size=3)),
        st.builds(lambda args: {"Fn::FindInMap": args}, st.lists(st.one_of(NAMES, children), max_size=4)),
        st.builds(lambda args: {"Fn::Equals": args}, st.lists(children, max_size=3)),
        st.builds(lambda args: {"Fn::Not": args}, st.lists(children, max_size=2)),
        st.builds(lambda args: {"Fn::Base64": args}, children),
        st.builds(lambda args: {"Fn::ImportValue": args}, children),
        st.builds(lambda args: {"Fn::Length": args}, children),
        st.builds(lambda args: {"Fn::ToJsonString": args}, children),
        st.builds(lambda args: {"Fn::Bogus": args}, children),
    )


VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        intrinsic(children),
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(["A", "B", "Variables", "Tags", "Key", "Value"]), children, max_size=3),
    ),
    max_leaves=12,
)


@SETTINGS
@given(VALUES, VALUES, VALUES)
def test_random_intrinsics_resolve_without_raising(properties, globals_value, condition) -> None:
    template = {
        "Parameters": {
            "Environment": {"Type": "String", "Default": "dev"},
            "LambdaMemory": {"Type": "Number", "Default": 128},
        },
        "Conditions": {"IsProd": condition},
        "Mappings": {"M": {"dev": {"k": "v"}}},
        "Globals": {"Function": {"Environment": globals_value}},
        "Resources": {
            "NotesFunction": {
                "Type": "AWS::Serverless::Function",
                "Properties": {"X": properties},
                "Condition": "IsProd",
            },
            "NotesTable": {"Type": "AWS::DynamoDB::Table", "Properties": {"Tags": properties}},
        },
        "Outputs": {"Out": {"Value": properties}},
    }
    load_everything(yaml.safe_dump(template))


PLAIN = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=10)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(min_size=1, max_size=6), children, max_size=4)
    ),
    max_leaves=20,
)


@SETTINGS
@given(PLAIN, st.sampled_from([None, True]))
def test_plain_yaml_reads_like_safe_load(value, flow) -> None:
    text = yaml.safe_dump({"Root": value}, default_flow_style=flow)
    loaded = load_cfn_yaml(text)
    assert loaded.fatal is None and loaded.issues == []
    assert same(loaded.data, yaml.safe_load(text))


def same(left, right) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return left == right or (math.isinf(left) and left == right)
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same(left[key], right[key]) for key in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right, strict=True))
    return type(left) is type(right) and left == right
