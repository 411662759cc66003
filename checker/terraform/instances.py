"""count and for_each: which instances a resource, data source or module call has, and their keys.

Values in, plain records out: the caller evaluates the meta-argument and reports the problem returned.
"""

from __future__ import annotations

import json
from typing import Any

from checker.hcl.values import EvalError, to_number
from checker.model import Location, Unknown
from checker.records import record

MAX_INSTANCES = 1000  # count / for_each beyond this stays one node with count_unknown


@record
class Expansion:
    """count / for_each of a resource, data source or module call."""

    mode: str | None  # None, "count", "for_each", "unknown"
    instances: list[tuple[Any, dict[str, Any]]]  # (instance key, bindings for count./each.)
    refs: tuple[str, ...] = ()
    reason: str = ""


def single() -> Expansion:
    """A block without count or for_each: one instance, no key, nothing bound."""
    return Expansion(None, [(None, {})])


def count_expansion(value: Any, refs: tuple[str, ...]) -> tuple[Expansion, str]:
    """The instances `count = value` makes, and a problem to report ("" when there is none)."""
    if isinstance(value, Unknown):
        return Expansion("unknown", [(None, {"count": {"index": value}})], refs, value.reason), ""
    try:
        number = to_number(value)
        if number != int(number) or number < 0:
            raise EvalError(f"{number} is not a whole number >= 0")
        number = int(number)
        if number > MAX_INSTANCES:
            raise EvalError(f"{number} instances are more than notescheck expands ({MAX_INSTANCES})")
    except EvalError as exc:
        invalid = Expansion("unknown", [(None, {"count": {"index": Unknown("invalid count")}})], refs, "invalid count")
        return invalid, f"invalid count: {exc}"
    return Expansion("count", [(i, {"count": {"index": i}}) for i in range(max(0, number))], refs), ""


def for_each_expansion(value: Any, refs: tuple[str, ...]) -> tuple[Expansion, str]:
    """The instances `for_each = value` makes (a map, or a set of strings), and a problem to report."""
    unknown_each = {"each": {"key": Unknown("for_each unknown"), "value": Unknown("for_each unknown")}}
    if isinstance(value, Unknown):
        return Expansion("unknown", [(None, unknown_each)], refs, value.reason), ""
    if isinstance(value, dict | list) and len(value) > MAX_INSTANCES:
        too_many = Expansion("unknown", [(None, unknown_each)], refs, "too many instances")
        return too_many, f"for_each has more than {MAX_INSTANCES} elements"
    if isinstance(value, dict):
        items = [(k, value[k]) for k in sorted(value)]
    elif isinstance(value, list) and all(isinstance(v, str | Unknown) for v in value):
        if any(isinstance(v, Unknown) for v in value):
            return Expansion("unknown", [(None, unknown_each)], refs, "for_each keys unknown"), ""
        items = [(v, v) for v in sorted(set(value))]
    else:
        invalid = Expansion("unknown", [(None, unknown_each)], refs, "invalid for_each")
        return invalid, "for_each must be a map or a set of strings"
    return Expansion("for_each", [(k, {"each": {"key": k, "value": v}}) for k, v in items], refs), ""


def instance_suffix(key: Any) -> str:
    """`[0]`, `["k"]` or nothing: how Terraform writes an instance key after the address."""
    if key is None:
        return ""
    if isinstance(key, int):
        return f"[{key}]"
    return f"[{json.dumps(key, ensure_ascii=False)}]"


@record
class ResourceInstance:
    """One instance of a resource block after count/for_each."""

    key: Any
    address: str
    values: dict[str, Any]
    spans: dict[str, Location]
    traces: dict[str, tuple[str, ...]]
    refs: set[str]
    meta: dict[str, Any]


@record
class ResourceResult:
    """A resource block resolved: its expansion and instances, evaluated once."""

    expansion: Expansion
    instances: list[ResourceInstance]
    _value: Any = None
    _ids: tuple[str, ...] | None = None
    _by_key: dict[Any, ResourceInstance] | None = None

    def value(self, address: str) -> Any:
        """What a reference to the resource yields: an object, a list (count) or a map (for_each)."""
        if self._value is None:
            mode = self.expansion.mode
            if mode == "unknown":
                self._value = Unknown(f"{address} has a count/for_each that is not known: {self.expansion.reason}")
            elif mode is None:
                self._value = self.instances[0].values
            elif mode == "count":
                self._value = [i.values for i in self.instances]
            else:
                self._value = {i.key: i.values for i in self.instances}
        return self._value

    def ids(self) -> tuple[str, ...]:
        if self._ids is None:
            self._ids = tuple("tf:" + i.address for i in self.instances)
        return self._ids

    def instance(self, key: Any) -> ResourceInstance | None:
        if self._by_key is None:
            self._by_key = {(type(i.key), i.key): i for i in self.instances}
        return self._by_key.get((type(key), key))
