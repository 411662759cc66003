"""Bad input becomes a Diagnostic with the file and line, never a traceback; the rest still loads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.model import DiagnosticLevel
from checker.sam import parse_sam, resolve_sam

VALID = "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n"


def only_error(sources, error_list):
    [error] = error_list(sources)
    assert error.file == "sam/template.yaml"
    return error


@pytest.mark.parametrize(
    ("template", "line", "fragment"),
    [
        ("Resources:\n  Topic: [1, 2\n  Other: 3\n", 3, "malformed YAML"),
        ("Resources:\n  Topic:\n\tType: x\n", 3, "malformed YAML"),
        ("- a\n- b\n", 1, "template must be a mapping, found list"),
        ("just a string\n", 1, "template must be a mapping, found str"),
        ("Parameters: {}\nOutputs: {}\n", 1, "no Resources section"),
        ("Resources: [a, b]\n", 1, "Resources must be a mapping"),
        ("", 1, "template is empty"),
        ("# only a comment\n", 1, "template is empty"),
        (VALID + "---\nResources: {}\n", 4, "more than one YAML document"),
        ("Resources:\n  Topic: &t\n    Type: *t\n", 3, "alias *t refers to a collection that contains it"),
        ("Resources:\n  Topic: *missing\n", 2, "alias *missing has no anchor"),
        ("Resources:\n  ? [a, b]\n  : 1\n", 2, "cannot be used as a mapping key"),
        ("Resources:\n  !Ref Topic: 1\n", 2, "intrinsic function !Ref cannot be a mapping key"),
        ("Resources:\n  Topic: \x07\n", 2, "character #x0007 is not allowed"),
    ],
)
def test_unreadable_templates(write_sam, error_list, template, line, fragment) -> None:
    sources = write_sam(template)
    error = only_error(sources, error_list)
    assert (error.line, error.code) == (line, "parse")
    assert fragment in error.message
    assert sources.template is None or fragment in ("Resources must be a mapping",)
    assert resolve_sam(sources, "dev").nodes == []


def test_duplicate_keys_are_errors_but_the_template_still_loads(write_sam, error_list) -> None:
    sources = write_sam(
        "Resources:\n"
        "  Topic:\n"
        "    Type: AWS::SNS::Topic\n"
        "    Properties:\n"
        "      TopicName: first\n"
        "      TopicName: second\n"
    )
    error = only_error(sources, error_list)
    assert error.line == 6 and "duplicate key 'TopicName' (first defined at line 5)" in error.message
    part = resolve_sam(sources, "dev")
    [topic] = [n for n in part.nodes if n.id == "sam:Topic"]
    assert topic.values["Properties"]["TopicName"] == "second"
    assert error in part.diagnostics


def test_unknown_tag_is_an_error_and_the_rest_resolves(write_sam, error_list) -> None:
    sources = write_sam("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      TopicName: !Vault x\n")
    error = only_error(sources, error_list)
    assert (error.line, error.message) == (5, "unknown tag !Vault")
    assert [n.id for n in resolve_sam(sources, "dev").nodes if n.id == "sam:Topic"] == ["sam:Topic"]


def test_billion_laughs_is_refused(write_sam, error_list) -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for index in range(1, 10):
        previous, name = chr(ord("a") + index - 1), chr(ord("a") + index)
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    sources = write_sam("\n".join(lines) + "\nResources: {}\n")
    error = only_error(sources, error_list)
    assert error.code == "parse" and "alias bomb" in error.message
    assert 1 < error.line <= 10


@pytest.mark.parametrize(
    "template",
    [
        "Resources: " + "[" * 5000 + "]" * 5000 + "\n",
        "Resources: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n",
        "Resources:\n" + "".join(" " * (2 * depth) + "a:\n" for depth in range(1, 400)),
    ],
    ids=["flow-lists", "flow-maps", "block-maps"],
)
def test_deep_nesting_is_refused_without_recursion_errors(write_sam, error_list, template) -> None:
    error = only_error(write_sam(template), error_list)
    assert error.code == "parse" and "nest" in error.message
    assert error.line >= 1


def test_aliases_within_the_budget_are_fine(write_sam, error_list) -> None:
    sources = write_sam(
        "Globals:\n  Function: &defaults {Timeout: 3}\n"
        "Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties: *defaults\n"
    )
    assert error_list(sources) == []


def test_non_utf8_content(write_sam, error_list) -> None:
    error = only_error(write_sam(b"Resources:\n  Topic:\n    Type: caf\xe9\n"), error_list)
    assert (error.line, error.code) == (3, "read")
    assert "not UTF-8" in error.message


def test_binary_content(write_sam, error_list) -> None:
    error = only_error(write_sam(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), error_list)
    assert error.code == "read" and "binary" in error.message


def test_utf8_byte_order_mark_is_accepted(write_sam, error_list) -> None:
    assert error_list(write_sam(b"\xef\xbb\xbf" + VALID.encode())) == []


def test_file_over_the_size_limit(tmp_path: Path, error_list) -> None:
    template = tmp_path / "template.yaml"
    template.write_text(VALID + "#" * 2000)
    sources = parse_sam(template, None, tmp_path, max_file_bytes=1000)
    [error] = error_list(sources)
    assert (error.file, error.code) == ("template.yaml", "size")
    assert "1000" in error.message


def test_missing_template(tmp_path: Path, error_list) -> None:
    sources = parse_sam(tmp_path / "sam" / "template.yaml", None, tmp_path)
    [error] = error_list(sources)
    assert (error.file, error.line, error.code, error.message) == ("sam/template.yaml", 0, "read", "file not found")
    assert resolve_sam(sources, "dev").diagnostics == [error]


def test_unreadable_template(tmp_path: Path, error_list) -> None:
    directory = tmp_path / "template.yaml"
    directory.mkdir()
    [error] = error_list(parse_sam(directory, None, tmp_path))
    assert (error.file, error.code) == ("template.yaml", "read")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_template_without_read_permission(tmp_path: Path, error_list) -> None:
    template = tmp_path / "template.yaml"
    template.write_text(VALID)
    template.chmod(0)
    try:
        [error] = error_list(parse_sam(template, None, tmp_path))
    finally:
        template.chmod(0o644)
    assert error.code == "read"


def test_resource_problems_skip_only_that_resource(write_sam, error_list) -> None:
    sources = write_sam(
        "Resources:\n  NoType:\n    Properties: {}\n  NotAMapping: 42\n  Topic:\n    Type: AWS::SNS::Topic\n"
    )
    part = resolve_sam(sources, "dev")
    assert {(d.line, d.message) for d in error_list(part)} == {
        (2, "resource NoType has no Type"),
        (4, "resource NotAMapping must be a mapping"),
    }
    assert [n.id for n in part.nodes if n.id.startswith("sam:T")] == ["sam:Topic"]


def test_bad_samconfig_is_reported_and_the_template_still_resolves(write_sam, error_list) -> None:
    sources = write_sam(VALID, "version = 0.1\n[dev.deploy.parameters\nregion = 'x'\n")
    [error] = error_list(sources)
    assert (error.file, error.line, error.code) == ("sam/samconfig.toml", 2, "parse")
    part = resolve_sam(sources, "dev")
    assert [d for d in error_list(part)] == [error]  # no extra "env section missing" error
    assert any(n.id == "sam:Topic" for n in part.nodes)


def test_binary_samconfig(tmp_path: Path, error_list) -> None:
    (tmp_path / "template.yaml").write_text(VALID)
    (tmp_path / "samconfig.toml").write_bytes(b"\x00\x01\x02")
    [error] = error_list(parse_sam(tmp_path / "template.yaml", tmp_path / "samconfig.toml", tmp_path))
    assert (error.file, error.code) == ("samconfig.toml", "read")


def test_missing_samconfig_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "template.yaml").write_text(VALID)
    sources = parse_sam(tmp_path / "template.yaml", tmp_path / "samconfig.toml", tmp_path)
    [warning] = sources.diagnostics
    assert (warning.file, warning.level) == ("samconfig.toml", DiagnosticLevel.WARNING)
    assert resolve_sam(sources, "prod").nodes


def test_sections_of_the_wrong_shape(write_sam, error_list) -> None:
    sources = write_sam("Parameters: [a]\nConditions: 3\n" + VALID)
    assert {(d.line, d.message) for d in error_list(sources)} == {
        (1, "Parameters must be a mapping"),
        (2, "Conditions must be a mapping"),
    }
    assert any(n.id == "sam:Topic" for n in resolve_sam(sources, "dev").nodes)


@pytest.mark.parametrize(
    "properties",
    [
        "A: !Join [only-one]",
        "A: !Select [x, [1]]",
        "A: !Split [',', [a]]",
        "A: !Sub [1, 2, 3]",
        "A: !GetAtt [a, b, c]",
        "A: !If [only, two]",
        "A: !FindInMap [a]",
        "A: !Join ['-', !Ref NotAList]",
        "A: !Sub 'x-${Missing}'",
        "A: {Fn::Equals: [a]}",
        "A: {Ref: [a]}",
    ],
)
def test_malformed_intrinsics_are_diagnostics(write_sam, properties) -> None:
    sources = write_sam(VALID + "    Properties:\n      " + properties + "\n")
    part = resolve_sam(sources, "dev")
    assert any(n.id == "sam:Topic" for n in part.nodes)
    [diagnostic] = part.diagnostics
    assert (diagnostic.file, diagnostic.line, diagnostic.level) == ("sam/template.yaml", 5, DiagnosticLevel.ERROR)
