"""Property: any bytes given to the parser, evaluator or tfvars loader come back as data, never a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.hcl import DictScope, evaluate_traced, parse_hcl
from checker.hcl.ast import Body
from checker.model import Diagnostic
from checker.terraform import parse_terraform, resolve_terraform

TOUR = (Path(__file__).parent / "fixtures" / "grammar_tour.tf").read_bytes()
TOKENS = [
    b"{",
    b"}",
    b"[",
    b"]",
    b"(",
    b")",
    b'"',
    b"${",
    b"%{",
    b"<<EOT\n",
    b"EOT\n",
    b"\n",
    b"=",
    b".",
    b"*",
    b"...",
    b"?",
    b":",
    b"for",
    b"in",
    b"if",
    b"#",
    b"/*",
    b"\\",
    b"\xff",
    b"~",
    b"=>",
    b"x",
    b"1e",
    b"-",
]


@st.composite
def mutated_hcl(draw) -> bytes:
    data = bytearray(TOUR)
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "replace"]))
        token = draw(st.sampled_from(TOKENS))
        if action == "insert":
            data[position:position] = token
        elif action == "delete":
            del data[position : position + draw(st.integers(1, 40))]
        else:
            data[position : position + len(token)] = token
    return bytes(data)


def _walk(body: Body):
    yield from body.attributes
    for block in body.blocks:
        yield from _walk(block.body)


def _check(data: bytes) -> None:
    parsed = parse_hcl(data, "fuzz.tf")
    assert all(isinstance(e, Diagnostic) and e.file == "fuzz.tf" and e.line >= 0 for e in parsed.errors)
    scope = DictScope({"var": {"list": ["a", ""], "environment": "prod", "flag": True}})
    for attribute in _walk(parsed.body):
        evaluate_traced(attribute.expr, scope)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data):
    _check(data)


@settings(max_examples=60, deadline=None)
@given(mutated_hcl())
def test_mutated_hcl_never_raises(data):
    _check(data)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(mutated_hcl(), st.binary(max_size=300)))
def test_tfvars_and_modules_never_raise(data):
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        (root / "tf" / "m").mkdir(parents=True)
        (root / "tf" / "main.tf").write_text('variable "environment" {}\nmodule "m" {\n  source = "./m"\n}\n')
        (root / "tf" / "m" / "main.tf").write_bytes(data)
        (root / "prod.tfvars").write_bytes(data)
        sources = parse_terraform(root / "tf", root)
        part = resolve_terraform(sources, "prod", [root / "prod.tfvars"])
        assert all(isinstance(d, Diagnostic) for d in part.diagnostics)
