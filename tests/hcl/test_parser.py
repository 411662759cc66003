"""parse_hcl: structure, spans, comments, and diagnostics for broken input."""

from __future__ import annotations

import pickle

from checker.hcl import parse_hcl
from checker.hcl.ast import FunctionCall, Literal, ObjectExpr, Splat, TemplateExpr, Traversal, Variable

SOURCE = b"""\
# leading comment
resource "aws_s3_bucket" "site" { # on the block line
  bucket = "notes-${var.env}"
  count  = 2

  versioning {
    enabled = true
  }

  tags = merge(var.tags, {
    Name = "site" // trailing
  })
}

locals {
  ids = aws_s3_bucket.site[*].id
}
"""


def test_structure_and_spans():
    parsed = parse_hcl(SOURCE, "main.tf")
    assert parsed.errors == ()
    [resource, locals_block] = parsed.body.blocks
    assert (resource.type, resource.labels, resource.line, resource.end_line) == (
        "resource",
        ("aws_s3_bucket", "site"),
        2,
        13,
    )
    bucket = resource.body.attribute("bucket")
    assert (bucket.line, bucket.source) == (3, '"notes-${var.env}"')
    assert isinstance(bucket.expr, TemplateExpr)
    assert bucket.expr.parts[0] == "notes-"
    assert isinstance(bucket.expr.parts[1], Traversal) and bucket.expr.parts[1].root_name == "var"
    [versioning] = resource.body.blocks
    assert (versioning.type, versioning.line, versioning.end_line) == ("versioning", 6, 8)
    assert versioning.body.attribute("enabled").expr == Literal(7, True)
    tags = resource.body.attribute("tags")
    assert (tags.line, tags.end_line) == (10, 12)
    assert isinstance(tags.expr, FunctionCall) and tags.expr.name == "merge"
    assert isinstance(tags.expr.args[1], ObjectExpr)
    assert tags.expr.args[1].items[0][0] == Literal(11, "Name")
    ids = locals_block.body.attribute("ids").expr
    assert isinstance(ids, Traversal) and isinstance(ids.steps[-1], Splat)
    assert ids.source == Variable(16, "aws_s3_bucket")


def test_comments_keep_lines():
    parsed = parse_hcl(SOURCE, "main.tf")
    assert parsed.comments == (
        (1, "# leading comment"),
        (2, "# on the block line"),
        (11, "// trailing"),
    )


def test_syntax_error_reports_line_and_keeps_the_rest():
    data = b'resource "a" "one" {\n  x = 1\n}\n\nresource "b" "two" {\n  y = [1,\n}\n\nvariable "ok" {}\n'
    parsed = parse_hcl(data, "broken.tf")
    assert parsed.errors and all(e.code == "parse" and e.file == "broken.tf" for e in parsed.errors)
    assert min(e.line for e in parsed.errors) in (6, 7)
    assert parsed.body.blocks[0].labels == ("a", "one")


def test_unclosed_block_points_at_its_line():
    parsed = parse_hcl(b"a = 1\nb = {\nc = 2\n", "x.tf")
    assert parsed.errors[0].line == 2


def test_invalid_utf8_is_a_diagnostic_with_line():
    parsed = parse_hcl(b'a = "ok"\nb = "\xff\xfe"\n', "bad.tf")
    [error] = parsed.errors
    assert (error.file, error.line, error.code) == ("bad.tf", 2, "parse")
    assert "UTF-8" in error.message


def test_nul_bytes_are_rejected():
    parsed = parse_hcl(b"a = 1\n\x00\x01\x02", "bin.tf")
    assert parsed.errors[0].line == 2


def test_duplicate_attribute_is_an_error():
    parsed = parse_hcl(b'r "x" {\n  a = 1\n  a = 2\n}\n', "dup.tf")
    [error] = parsed.errors
    assert error.line == 3 and "duplicate attribute 'a'" in error.message


def test_deep_nesting_does_not_overflow():
    for opener, closer in ((b"[", b"]"), (b"{a=", b"}"), (b"(", b")"), (b"f(", b")")):
        data = b"x = " + opener * 5000 + b"1" + closer * 5000 + b"\n"
        parsed = parse_hcl(data, "deep.tf")
        assert any("nest" in e.message for e in parsed.errors) or parsed.errors


def test_empty_and_comment_only_files():
    assert parse_hcl(b"", "empty.tf").body.blocks == ()
    parsed = parse_hcl(b"# only a comment\n", "c.tf")
    assert parsed.errors == () and parsed.comments == ((1, "# only a comment"),)


def test_exponent_without_fraction():
    parsed = parse_hcl(b"a = 1e3\nb = 2\n", "n.tf")
    assert parsed.errors == ()
    assert [a.expr.value for a in parsed.body.attributes] == [1000, 2]


def test_syntax_tree_is_picklable():
    parsed = parse_hcl(SOURCE, "main.tf")
    assert pickle.loads(pickle.dumps(parsed)) == parsed


def test_json_style_tfvars():
    parsed = parse_hcl(b'{\n  "a": 1,\n  "b": "x"\n}\n', "vars.tfvars")
    assert [(a.name, a.expr.value) for a in parsed.body.attributes] == [("a", 1), ("b", "x")]


FAST_PATH_SAMPLES = [
    '"plain"',
    '""',
    '"100% $5"',
    '"${var.a}-x-${local.b_c}"',
    '"${only}"',
    '"$${escaped}"',
    "42",
    "3.25",
    "1.5e3",
    "true",
    "null",
    "var.some-name.attr",
    "bare",
]


def test_text_fast_path_builds_the_same_tree_as_the_syntax_walk(monkeypatch):
    import re

    from checker.hcl import parser

    source = "".join(f"a{i} = {text}\n" for i, text in enumerate(FAST_PATH_SAMPLES)).encode()
    fast = parse_hcl(source, "f.tf")
    monkeypatch.setattr(parser, "_SIMPLE_EXPRESSION", re.compile(rb"(?!x)x()()()()()"))
    slow = parse_hcl(source, "f.tf")
    assert fast == slow
