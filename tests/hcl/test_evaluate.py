"""The evaluator on parsed expressions: values, unknowns, provenance."""

from __future__ import annotations

import pytest

from checker.hcl import DictScope, Resolution, Scope, evaluate, evaluate_traced, parse_hcl
from checker.model import Unknown, partly_known_json


def expr_of(source: str):
    parsed = parse_hcl(f"x = {source}\n".encode(), "t.tf")
    assert not parsed.errors, parsed.errors
    return parsed.body.attributes[0].expr


def ev(source: str, **names):
    return evaluate(expr_of(source), DictScope(names))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("1", 1),
        ("1.5", 1.5),
        ("2.0", 2),
        ("-3", -3),
        ("true", True),
        ("null", None),
        ('"a\\"b\\n"', 'a"b\n'),
        ('"$${literal}"', "${literal}"),
        ("(1 + 2) * 3", 9),
        ("10 / 4", 2.5),
        ("10 / 2", 5),
        ("7 % 3", 1),
        ("-7 % 3", -1),
        ("1 < 2 && 2 <= 2", True),
        ("1 == 1.0", True),
        ('1 == "1"', False),
        ("true != false", True),
        ("!true || false", False),
        ("[1, 2, 3][1]", 2),
        ('{a = 1, "b" = 2}', {"a": 1, "b": 2}),
        ("{for k, v in {a = 1, b = 2} : upper(k) => v * 10}", {"A": 10, "B": 20}),
        ('[for i, s in ["a", "", "c"] : "${i}${s}" if s != ""]', ["0a", "2c"]),
        ('{for s in ["a", "b", "a"] : s => s...}', {"a": ["a", "a"], "b": ["b"]}),
        ("[{n = 1}, {n = 2}][*].n", [1, 2]),
        ('format("%s-%03d-%.1f-%q", "a", 5, 1.25, "q")', 'a-005-1.2-"q"'),
        ('formatlist("%s=%s", ["a", "b"], "x")', ["a=x", "b=x"]),
        ('lower("AB")', "ab"),
        ('upper("ab")', "AB"),
        ('title("hello world")', "Hello World"),
        ('trimspace("  a ")', "a"),
        ('trim("xxaxx", "x")', "a"),
        ('trimprefix("prefix-a", "prefix-")', "a"),
        ('trimsuffix("a.tf", ".tf")', "a"),
        ('replace("a-b-c", "-", "_")', "a_b_c"),
        ('replace("a1b22", "/[0-9]+/", "#")', "a#b#"),
        ('split(",", "a,b")', ["a", "b"]),
        ('join("-", ["a", "b"], ["c"])', "a-b-c"),
        ('substr("hello", 1, 3)', "ell"),
        ('substr("hello", -3, -1)', "llo"),
        ("length([1, 2])", 2),
        ('length("abc")', 3),
        ("merge({a = 1, b = 1}, {b = 2})", {"a": 1, "b": 2}),
        ('lookup({a = 1}, "b", 7)', 7),
        ("concat([1], [2, 3])", [1, 2, 3]),
        ('coalesce("", null, "x")', "x"),
        ("coalescelist([], [1])", [1]),
        ("tostring(5)", "5"),
        ('tonumber("5")', 5),
        ('tobool("true")', True),
        ('toset(["b", "a", "b"])', ["a", "b"]),
        ('jsonencode({b = 1, a = ["<"]})', '{"a":["\\u003c"],"b":1}'),
        ('jsondecode("{\\"a\\": 1.0}")', {"a": 1}),
        ('try(tonumber("x"), 3)', 3),
        ('can(tonumber("x"))', False),
        ('contains(["a"], "a")', True),
        ("keys({b = 1, a = 2})", ["a", "b"]),
        ("values({b = 1, a = 2})", [2, 1]),
        ('element(["a", "b"], 3)', "b"),
        ("flatten([[1, [2]], 3])", [1, 2, 3]),
        ("distinct([1, 2, 1])", [1, 2]),
        ("min(3, 1, 2)", 1),
        ("max([3, 1])", 3),
        ("abs(-2)", 2),
        ("ceil(1.2)", 2),
        ("floor(1.8)", 1),
        ('startswith("abc", "ab")', True),
        ('endswith("abc", "bc")', True),
        ('zipmap(["a", "b"], [1, 2])', {"a": 1, "b": 2}),
        ('compact(["a", "", null])', ["a"]),
        ("range(3)", [0, 1, 2]),
        ('sort(["b", "a"])', ["a", "b"]),
        ("reverse([1, 2])", [2, 1]),
        ("one([])", None),
        ("sum([1, 2.5])", 3.5),
        ("f([1, 2]...)", Unknown("function f() is not evaluated statically")),
        ("max([4, 5]...)", 5),
        ('"%{ if true }yes%{ else }no%{ endif }"', "yes"),
        ('"%{ for v in ["a", "b"] }${v};%{ endfor }"', "a;b;"),
        ('"a ${~ "b" ~} c"', "abc"),
    ],
)
def test_values(source, expected):
    assert ev(source) == expected


def test_heredocs_keep_and_strip_indentation():
    parsed = parse_hcl(b"a = <<EOT\n  x\n    ${v}\nEOT\nb = <<-EOT\n    x\n      ${v}\n    EOT\n", "h.tf")
    a, b = (attr.expr for attr in parsed.body.attributes)
    assert evaluate(a, DictScope({"v": "y"})) == "  x\n    y\n"
    assert evaluate(b, DictScope({"v": "y"})) == "x\n  y\n"


def test_unknown_is_contagious_but_known_parts_decide():
    u = Unknown("arn known after apply")
    assert ev('"arn:${u}"', u=u) == u
    assert ev("merge({a = 1}, u)", u=u) == u
    assert ev("upper(u)", u=u) == u
    assert ev("[u, 1][1]", u=u) == 1
    assert ev("length([u, u])", u=u) == 2
    assert ev('true ? "a" : u', u=u) == "a"
    assert ev("u ? 1 : 1", u=u) == 1
    assert ev("u ? 1 : 2", u=u) == u
    assert ev("false && u", u=u) is False
    assert ev("true || u", u=u) is True
    assert ev("true && u", u=u) == u
    assert ev("u == 1", u=u) == u
    assert ev("[for x in u : x]", u=u) == u
    assert ev("{a = u}.a", u=u) == u


def test_a_partially_known_string_keeps_its_known_parts():
    u = Unknown("account id known after apply")
    arn = ev('"arn:aws:dynamodb:us-east-1:${u}:table/notes-${env}-notes"', u=u, env="staging")
    assert arn == u and arn.known == ("arn:aws:dynamodb:us-east-1:", ":table/notes-staging-notes")
    nested = ev('"${inner}/x"', inner=ev('"a-${u}-b"', u=u))
    assert nested.known == ("a-", "-b", "/x")
    assert ev('"${u}${u}"', u=u).known == ()
    assert ev("upper(u)", u=u).known == ()  # a function of it is not its text


def test_errors_become_unknown_with_a_reason():
    result = evaluate_traced(expr_of('lookup({}, "missing")'))
    assert isinstance(result.value, Unknown)
    assert result.errors and "missing" in result.errors[0]
    assert isinstance(ev("undefined_name"), Unknown)
    assert isinstance(ev("1 / 0"), Unknown)
    assert isinstance(ev('"x" + 1'), Unknown)


class RecordingScope(Scope):
    def resolve(self, name, keys, line):
        if name == "var" and keys:
            return Resolution(
                {"a": 1, "b": 2}[keys[0]], 1, (f"vars.tfvars:1 {keys[0]}", f"var.{keys[0]}"), (f"tf:var.{keys[0]}",)
            )
        return None


def test_provenance_lists_followed_references_once():
    result = evaluate_traced(expr_of("var.a + var.b + var.a"), RecordingScope())
    assert result.value == 4
    assert result.trace == ("vars.tfvars:1 a", "var.a", "vars.tfvars:1 b", "var.b")
    assert result.refs == ("tf:var.a", "tf:var.b")


def test_untaken_branch_contributes_references_but_not_evidence():
    result = evaluate_traced(expr_of("true ? var.a : var.b"), RecordingScope())
    assert result.value == 1
    assert result.refs == ("tf:var.a", "tf:var.b")
    assert result.trace == ("vars.tfvars:1 a", "var.a")


def test_traversal_roots_lists_every_reference_statically():
    from checker.hcl.evaluate import traversal_roots

    expr = expr_of('var.a ? "${local.b}" : [for x in module.m.list : x.y if data.d.n.ok][0]')
    found = {(root, names) for root, names, _ in traversal_roots(expr)}
    assert {("var", ("a",)), ("local", ("b",)), ("module", ("m", "list")), ("data", ("d", "n", "ok"))} <= found


def test_a_partly_known_jsonencode_keeps_the_document_around_its_unknowns() -> None:
    distribution = Unknown("aws_cloudfront_distribution.site.arn is known after apply")
    bucket = Unknown("aws_s3_bucket.site.arn is known after apply")
    encoded = ev(
        'jsonencode({ Statement = [{ Action = "s3:GetObject", Resource = "${bucket}/*",'
        ' Condition = { ArnEquals = { "AWS:SourceArn" = distribution } } }] })',
        bucket=bucket,
        distribution=distribution,
    )
    assert isinstance(encoded, Unknown)
    assert "aws_cloudfront_distribution.site.arn" in encoded.reason and "aws_s3_bucket.site.arn" in encoded.reason
    [statement] = partly_known_json(encoded)["Statement"]
    assert statement["Action"] == "s3:GetObject"
    assert isinstance(statement["Condition"]["ArnEquals"]["AWS:SourceArn"], Unknown)
    assert statement["Resource"].known == ("/*",)
    assert ev("jsonencode({ a = [1, x] })", x="y") == '{"a":[1,"y"]}'
    assert ev("jsonencode(x)", x=bucket) is bucket
    assert partly_known_json(Unknown("an ARN", ("arn:aws:s3:::", "/*"))) is None
