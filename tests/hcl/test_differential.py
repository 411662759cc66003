"""Our parser against the reference parser python-hcl2, on every .tf/.tfvars in the repository.

python-hcl2 8.x renders expressions as "${...}" strings and keeps quotes around string literals;
we normalise that, then require the same block structure and the same value for every literal the
reference parser reports. A grammar gap in tree-sitter-hcl shows up here as a failing test.
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import hcl2
import pytest

from checker.hcl import parse_hcl
from checker.hcl.ast import Block, Body, Literal, ObjectExpr, TupleExpr, UnaryOp

REPO = Path(__file__).resolve().parents[2]
PATTERNS = (
    "infra/**/*.tf",
    "infra/**/*.tfvars",
    "tests/**/*.tf",
    "tests/**/*.tfvars",
    "benchmarks/trees/r10/**/*.tf",
    "benchmarks/trees/r10/**/*.tfvars",
)


class _Expr:
    """Stands for a value only an evaluator can know."""

    def __repr__(self) -> str:
        return "EXPR"


EXPR = _Expr()
_UNICODE_ESCAPE = re.compile(r"\\U([0-9a-fA-F]{8})")


def _decode_quoted(inner: str):
    unescaped = inner.replace("$${", "\x00D").replace("%%{", "\x00P")
    if "${" in unescaped or "%{" in unescaped:
        return EXPR
    unescaped = _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), unescaped)
    text = json.loads('"' + unescaped + '"', strict=False)
    return text.replace("\x00D", "${").replace("\x00P", "%{")


def _decode_heredoc(raw: str):
    lines = raw.split("\n")
    marker, body = lines[0], lines[1:-1]
    text = "".join(line + "\n" for line in body)
    if "${" in text.replace("$${", "") or "%{" in text.replace("%%{", ""):
        return EXPR
    if marker.startswith("<<-"):
        text = textwrap.dedent(text)
    return text.replace("$${", "${").replace("%%{", "%{")


def theirs(value):
    """python-hcl2's rendering -> plain values, EXPR for expressions."""
    if isinstance(value, str):
        if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
            inner = value[1:-1]
            if inner.startswith("<<"):
                return _decode_heredoc(inner)
            return _decode_quoted(inner)
        return EXPR
    if isinstance(value, list):
        return [theirs(v) for v in value]
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key.startswith("__"):
                continue
            plain_key = theirs(key) if key.startswith('"') else (EXPR if key.startswith("${") else key)
            out[plain_key if plain_key is not EXPR else object()] = theirs(item)
        return out
    return value


def ours(expr):
    if isinstance(expr, Literal):
        return expr.value
    if isinstance(expr, UnaryOp) and expr.op == "-" and isinstance(expr.operand, Literal):
        value = expr.operand.value
        return -value if isinstance(value, int | float) and not isinstance(value, bool) else EXPR
    if isinstance(expr, TupleExpr):
        return [ours(item) for item in expr.items]
    if isinstance(expr, ObjectExpr):
        out = {}
        for key, item in expr.items:
            plain_key = key.value if isinstance(key, Literal) and isinstance(key.value, str) else object()
            out[plain_key] = ours(item)
        return out
    return EXPR


def assert_same_value(mine, reference, where: str) -> None:
    if reference is EXPR:
        return
    assert mine is not EXPR, f"{where}: python-hcl2 reads a literal {reference!r}, we read an expression"
    if isinstance(reference, list):
        assert isinstance(mine, list) and len(mine) == len(reference), f"{where}: {mine!r} != {reference!r}"
        for i, (a, b) in enumerate(zip(mine, reference, strict=True)):
            assert_same_value(a, b, f"{where}[{i}]")
        return
    if isinstance(reference, dict):
        assert isinstance(mine, dict), f"{where}: {mine!r} != {reference!r}"
        their_keys = {k for k in reference if isinstance(k, str)}
        my_keys = {k for k in mine if isinstance(k, str)}
        assert my_keys == their_keys, f"{where}: keys {sorted(my_keys)} != {sorted(their_keys)}"
        for key in their_keys:
            assert_same_value(mine[key], reference[key], f"{where}.{key}")
        return
    if isinstance(reference, str) and "\n" in reference:
        mine_lines = [line.rstrip() for line in str(mine).split("\n")]
        assert mine_lines == [line.rstrip() for line in reference.split("\n")], f"{where}: {mine!r} != {reference!r}"
        return
    assert type(mine) is type(reference) or (
        isinstance(mine, int | float) and isinstance(reference, int | float) and not isinstance(mine, bool)
    ), f"{where}: {mine!r} != {reference!r}"
    assert mine == reference, f"{where}: {mine!r} != {reference!r}"


def compare_body(body: Body, reference: dict, where: str) -> None:
    their_attributes = {}
    their_blocks: list[tuple[str, tuple[str, ...], dict]] = []
    for key, value in reference.items():
        if key.startswith("__"):
            continue
        if (
            isinstance(value, list)
            and value
            and all(isinstance(v, dict) for v in value)
            and any(_is_block(v) for v in value)
        ):
            for entry in value:
                labels: list[str] = []
                current = entry
                while not current.get("__is_block__"):
                    [(label, current)] = [(k, v) for k, v in current.items() if not k.startswith("__")]
                    labels.append(label[1:-1] if label.startswith('"') else label)
                their_blocks.append((key, tuple(labels), current))
        else:
            their_attributes[key] = value
    assert {a.name for a in body.attributes} == set(their_attributes), f"{where}: attribute names differ"
    for attribute in body.attributes:
        assert_same_value(ours(attribute.expr), theirs(their_attributes[attribute.name]), f"{where}.{attribute.name}")
    my_blocks = sorted((((b.type, b.labels), b) for b in body.blocks), key=lambda pair: pair[0])
    their_sorted = sorted((((t, labels), c) for t, labels, c in their_blocks), key=lambda pair: pair[0])
    assert [k for k, _ in my_blocks] == [k for k, _ in their_sorted], f"{where}: blocks differ"
    for (key, block), (_, content) in zip(my_blocks, their_sorted, strict=True):
        assert isinstance(block, Block)
        compare_body(block.body, content, f"{where}/{key[0]}{''.join(f'[{label}]' for label in key[1])}")


def _is_block(value: dict) -> bool:
    current = value
    while isinstance(current, dict):
        if current.get("__is_block__"):
            return True
        keys = [k for k in current if not k.startswith("__")]
        if len(keys) != 1:
            return False
        current = current[keys[0]]
    return False


def _files() -> list[Path]:
    found = {path for pattern in PATTERNS for path in REPO.glob(pattern) if path.is_file()}
    found.update((Path(__file__).parent / "fixtures").glob("*.tf"))
    return sorted(found)


@pytest.mark.parametrize("path", _files(), ids=lambda p: str(p.relative_to(REPO)))
def test_same_structure_and_literals_as_python_hcl2(path: Path):
    data = path.read_bytes()
    try:
        reference = hcl2.loads(data.decode("utf-8"))
    except Exception as exc:  # an intentionally broken fixture: nothing to compare against
        pytest.skip(f"python-hcl2 cannot read it either: {type(exc).__name__}")
    parsed = parse_hcl(data, str(path))
    assert parsed.errors == (), [str(e) for e in parsed.errors]
    compare_body(parsed.body, reference, path.name)


def test_the_corpus_is_not_empty():
    assert len(_files()) > 10
