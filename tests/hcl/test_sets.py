"""Sets: which values are sets (SetValue), their order as cty's, and where that order is not known.

The differential suite (tests/terraform/test_differential.py, set_* cases) checks the same against the real
Terraform; these pin the parts it cannot show: an order notescheck does not know is an Unknown, never a guess.
"""

from __future__ import annotations

import pytest

from checker.hcl import DictScope, evaluate, parse_hcl
from checker.hcl.types import convert, parse_type, set_order
from checker.hcl.values import SetValue
from checker.model import Unknown


def ev(source: str, **names):
    parsed = parse_hcl(f"x = {source}\n".encode(), "t.tf")
    assert not parsed.errors, parsed.errors
    return evaluate(parsed.body.attributes[0].expr, DictScope(names))


@pytest.mark.parametrize(
    "source",
    [
        'toset(["b", "a"])',
        'setunion(["b"], ["a"])',
        'setintersection(["b", "a"], ["a"])',
        'setsubtract(["b", "a"], ["a"])',
        'setproduct(toset(["a"]), ["x"])',
        'true ? ["b"] : toset(["a"])',
    ],
)
def test_set_functions_make_sets(source):
    assert isinstance(ev(source), SetValue)


@pytest.mark.parametrize(
    "source",
    [
        'tolist(toset(["b", "a"]))',
        'setproduct(["a"], ["x"])',
        'sort(toset(["b", "a"]))',
        'distinct(toset(["b", "a"]))',
        'flatten([toset(["b", "a"])])',
        'reverse(toset(["b", "a"]))',
        'toset(["b", "a"])[*]',
        '[for x in toset(["b", "a"]) : x]',
    ],
)
def test_what_reads_a_set_as_a_sequence_makes_a_list(source):
    value = ev(source)
    assert isinstance(value, list) and not isinstance(value, SetValue)


def test_type_constraints_make_sets_and_lists():
    def converted(type_text, value):
        parsed = parse_hcl(f"x = {type_text}\n".encode(), "t.tf")
        spec = parse_type(parsed.body.attributes[0].expr)
        assert spec is not None
        return convert(value, spec, lambda expr: None)

    assert converted("set(string)", ["b", "a", "b"]) == ["a", "b"]
    assert isinstance(converted("set(string)", ["b"]), SetValue)
    assert type(converted("list(string)", SetValue(["a"]))) is list
    assert isinstance(converted("object({ s = set(number) })", {"s": [2, 1]})["s"], SetValue)


def test_a_for_expression_binds_a_sets_element_as_its_key():
    assert ev('[for k, v in toset(["b", "a"]) : "${k}=${v}"]') == ["a=a", "b=b"]
    assert ev('"%{for k, v in toset(["b", "a"])}${k}%{endfor}"') == "ab"


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (["b", "B", "é", "e"], ["B", "b", "e", "é"]),  # by bytes
        ([10, 9, 1.5, -2], [-2, 1.5, 9, 10]),
        ([True, False], [False, True]),
        (["b", None, "a"], ["a", "b", None]),  # null last
        ([{"n": 10}, {"n": 9}], [{"n": 10}, {"n": 9}]),  # "10" before "9" in cty's serialization
        ([{"n": "x", "o": None}, {"n": "x", "o": "a"}], [{"n": "x", "o": "a"}, {"n": "x", "o": None}]),
        ([{"a": "z"}, {"b": "a"}], [{"a": "z"}, {"b": "a"}]),  # maps: keys first
        ([{"n": "a\tb"}, {"n": "a b"}], [{"n": "a b"}, {"n": "a\tb"}]),  # "\t" is written \t
        ([[True], [True, False]], [[True, False], [True]]),  # lists of two lengths: `]` after `T;`
        ([["b"], ["a", "c"]], [["a", "c"], ["b"]]),
    ],
)
def test_set_order_is_ctys(items, expected):
    assert set_order(items) == expected


@pytest.mark.parametrize(
    "items",
    [
        [{"n": 12345678901}, {"n": 12345678902}],  # cty writes both as 1.23456789e+10: order by hash bucket
        [{"n": "a"}, {"n": 1}],  # one attribute of two types: Terraform would convert, notescheck does not
        [{"n": "a"}, "b"],
        [{"n": Unknown("later")}, {"n": "a"}],
    ],
)
def test_an_order_notescheck_cannot_tell_is_unknown(items):
    assert isinstance(set_order(items), Unknown)


def test_one_element_has_one_order_even_partly_unknown():
    value = set_order([{"id": Unknown("after apply"), "n": "a"}])
    assert isinstance(value, SetValue) and value[0]["n"] == "a"
    assert isinstance(set_order([Unknown("after apply")]), Unknown)


def test_unknown_order_stays_unknown_where_the_order_shows():
    assert isinstance(ev("tolist(toset([{ n = 12345678901 }, { n = 12345678902 }]))"), Unknown)
    assert isinstance(ev("[for o in toset([{ n = 12345678901 }, { n = 12345678902 }]) : o.n]"), Unknown)


def test_set_elements_unify_as_ctys():
    assert ev('toset([{ n = "b" }, { n = 1 }])') == [{"n": "1"}, {"n": "b"}]
    assert ev('toset([{ a = "x", b = 1 }, { c = "y" }])') == [{"a": "x", "b": "1"}, {"c": "y"}]  # maps
    assert ev('toset([["a", 1], ["b", "c"]])') == [["a", "1"], ["b", "c"]]


def test_sets_cannot_be_read_by_position():
    for source in (
        'toset(["a"])[0]',
        'element(toset(["a"]), 0)',
        'concat(toset(["a"]), [])',
        'index(toset(["a"]), "a")',
    ):
        value = ev(source)
        assert isinstance(value, Unknown) and "invalid expression" in value.reason, source


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('toset(["a", "b"]) == toset(["b", "a"])', True),
        ('toset(["a"]) != toset(["b"])', True),
        ('toset([1]) == toset(["1"])', False),
        ('toset(["a"]) == ["b"]', False),
    ],
)
def test_set_equality(source, expected):
    assert ev(source) is expected


def test_set_equality_notescheck_cannot_tell_is_unknown():
    assert isinstance(ev('toset(["a"]) == ["a"]'), Unknown)  # false in Terraform, unless the list is a set
    assert isinstance(ev("toset([{ a = 1 }]) == toset([{ a = 1 }])"), Unknown)  # objects or maps
