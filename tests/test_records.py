"""checker.records.record behaves as dataclass does: the same equality, hashing, ordering and repr."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import field

import pytest

from checker.records import record


@record(frozen=True, order=True)
class Span:
    file: str
    line: int


@dataclasses.dataclass(frozen=True, order=True)
class SpanByDataclass:
    file: str
    line: int


@record
class Box:
    name: str
    items: list = field(default_factory=list)
    scratch: int = field(default=0, compare=False, repr=False)


@record(frozen=True)
class Named:
    name: str

    def __repr__(self) -> str:
        return f"<{self.name}>"


@record(slots=True, unsafe_hash=True)
class Slotted:
    value: int


@record
class Empty:
    pass


def test_equality_and_ordering_match_dataclass_on_every_pair():
    spans = [("a.tf", 2), ("a.tf", 10), ("b.tf", 1), ("a.tf", 2)]
    ours = [Span(*s) for s in spans]
    theirs = [SpanByDataclass(*s) for s in spans]
    for i in range(len(spans)):
        for j in range(len(spans)):
            for op in ("__eq__", "__lt__", "__le__", "__gt__", "__ge__"):
                assert getattr(ours[i], op)(ours[j]) == getattr(theirs[i], op)(theirs[j]), (i, j, op)
    assert sorted(ours, reverse=True) == [Span("b.tf", 1), Span("a.tf", 10), Span("a.tf", 2), Span("a.tf", 2)]


def test_frozen_records_hash_by_value_and_refuse_changes():
    assert len({Span("a.tf", 1), Span("a.tf", 1), Span("a.tf", 2)}) == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        Span("a.tf", 1).line = 3  # type: ignore[misc]


def test_another_class_is_never_equal_nor_ordered():
    assert Span("a.tf", 1) != SpanByDataclass("a.tf", 1)
    with pytest.raises(TypeError):
        _ = Span("a.tf", 1) < SpanByDataclass("a.tf", 1)


def test_mutable_records_are_unhashable_and_skip_uncompared_fields():
    with pytest.raises(TypeError):
        hash(Box("x"))
    assert Box("x", [1], scratch=5) == Box("x", [1], scratch=9)
    assert Box("x", [1]) != Box("x", [2])
    assert repr(Box("x", [1], scratch=5)) == "Box(name='x', items=[1])"


def test_methods_a_class_writes_itself_are_kept():
    assert repr(Named("n")) == "<n>"
    assert Named("n") == Named("n") and hash(Named("n")) == hash(Named("n"))


def test_slotted_hashable_records_pickle_and_stay_dataclasses():
    value = Slotted(3)
    assert not hasattr(value, "__dict__")
    assert {value: 1}[Slotted(3)] == 1
    assert pickle.loads(pickle.dumps(value)) == value
    assert dataclasses.replace(value, value=4) == Slotted(4)
    assert [f.name for f in dataclasses.fields(Slotted)] == ["value"]


def test_a_record_without_fields_equals_its_kind():
    assert Empty() == Empty() and repr(Empty()) == "Empty()"
