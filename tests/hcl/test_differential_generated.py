"""Generated HCL, read by our parser and by python-hcl2: same structure, same literal values."""

from __future__ import annotations

import hcl2
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from checker.hcl import parse_hcl

from .test_differential import compare_body

IDENTIFIER = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(
    lambda s: s not in {"true", "false", "null", "for", "in", "if"}
)
# python-hcl2 8.1.4 rejects the escapes $${ and %%{ inside strings, so generated text avoids them
TEXT = st.text(alphabet=st.sampled_from(list('ab z09-_./:*@é"\\\t\n{}$%')), max_size=12).filter(
    lambda s: "${" not in s and "%{" not in s
)


def quoted(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return '"' + escaped.replace("${", "$${").replace("%{", "%%{") + '"'


def scalars():
    return st.one_of(
        TEXT.map(quoted),
        st.integers(0, 10**6).map(str),
        st.floats(0, 1000, allow_nan=False).map(lambda f: f"{f:.3f}"),
        st.sampled_from(["true", "false", "null"]),
    )


def values(depth: int = 2):
    if depth == 0:
        return scalars()
    inner = values(depth - 1)
    return st.one_of(
        scalars(),
        st.lists(inner, max_size=3).map(lambda items: "[" + ", ".join(items) + "]"),
        st.lists(st.tuples(IDENTIFIER, inner), max_size=3, unique_by=lambda kv: kv[0]).map(
            lambda items: "{ " + ", ".join(f"{k} = {v}" for k, v in items) + " }"
        ),
    )


def body(depth: int = 2):
    attributes = st.lists(st.tuples(IDENTIFIER, values()), max_size=4, unique_by=lambda kv: kv[0])
    if depth == 0:
        blocks = st.just([])
    else:
        blocks = st.lists(st.tuples(IDENTIFIER, st.lists(IDENTIFIER, max_size=2), body(depth - 1)), max_size=3)

    def render(parts) -> str:
        attrs, nested = parts
        lines = [f"{name} = {value}" for name, value in attrs]
        for kind, labels, content in nested:
            label_text = "".join(f' "{label}"' for label in labels)
            lines.append(f"{kind}{label_text} {{\n{content}}}")
        return "".join(line + "\n" for line in lines)

    return st.tuples(attributes, blocks).map(render)


@settings(max_examples=40, deadline=None)
@given(body())
def test_generated_hcl_reads_the_same(source):
    try:
        reference = hcl2.loads(source)
    except Exception:  # a python-hcl2 limitation, not ours: nothing to compare against
        assume(False)
    parsed = parse_hcl(source.encode(), "generated.tf")
    assert parsed.errors == (), (source, parsed.errors)
    compare_body(parsed.body, reference, "generated")
