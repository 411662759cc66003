"""Waivers: findings accepted on purpose, each with a reason, an owner and an expiry date.

policies/waivers.yaml is a list of {rule, resource, environments, reason, owner, expires}, validated
against policies/schemas/waivers.schema.json. Each loaded waiver keeps the line it starts on
("__line__") and its file ("__file__", "__path__"), so an expired waiver can be reported where it is written.
Dates stay strings while validating (YAML would turn 2027-02-30 into a crash, not an error).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from fnmatch import fnmatchcase
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.cache import cached
from checker.model import Diagnostic, Finding
from checker.userfiles import UnreadableFile, present, read_regular_text
from checker.validation import schema_errors

if TYPE_CHECKING:
    import yaml
    from jsonschema import ValidationError

    from checker.runtime import Runtime

LINE = "__line__"
FILE = "__file__"  # as shown to users (relative to the working directory)
PATH = "__path__"  # absolute, to re-anchor on another root
ALL_ENVIRONMENTS = "all"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
WAIVERS_READER_VERSION = "waivers-1"  # bump when what load_waivers returns for a file changes: it keys the cache


@cache
def _waiver_loader() -> type:
    """Safe YAML (the C parser where present) whose dates stay strings, so the schema (and we) judge them.

    Built on first use: a warm run takes the waivers from the parse cache and never imports PyYAML.
    """
    import yaml

    # the C loader where present: a base chosen at run time, a SafeLoader to the type checker
    class WaiverLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        yaml_implicit_resolvers = {
            first: [(tag, regexp) for tag, regexp in resolvers if tag != _TIMESTAMP_TAG]
            for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }

    return WaiverLoader


@cache
def waiver_schema() -> dict[str, Any]:
    import policies

    text = (Path(policies.__file__).parent / "schemas" / "waivers.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _shown(path: Path) -> str:
    """The path as users see it: relative to the working directory when inside it, else absolute."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _key_line(node: yaml.Node | None, path: list[Any]) -> int:
    """The line of the deepest key of `path` (a jsonschema error path) that exists in the YAML tree."""
    import yaml

    line = node.start_mark.line + 1 if node is not None else 0
    for part in path:
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        elif isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if getattr(k, "value", None) == part), None)
            key = next((k for k, _ in node.value if getattr(k, "value", None) == part), None)
            if match is None or key is None:
                break
            line = key.start_mark.line + 1
            node = match
            continue
        else:
            break
        line = node.start_mark.line + 1
    return line


def _unexpected_keys(error: ValidationError) -> list[str]:
    allowed = waiver_schema()["items"]["properties"]
    return [str(k) for k in error.instance if k not in allowed] if isinstance(error.instance, dict) else []


def _error_message(error: ValidationError, index: int | None) -> str:
    if index is None:
        return f"waivers file must be a list of waivers: {error.message}"
    where = f"waiver {index + 1}"
    if error.validator == "required":
        return f"{where}: {error.message}"
    if error.validator == "additionalProperties":
        allowed = ", ".join(waiver_schema()["items"]["properties"])
        return f"{where}: unknown key(s) {', '.join(map(repr, _unexpected_keys(error)))}; allowed keys: {allowed}"
    keys = [str(p) for p in error.absolute_path if not isinstance(p, int)]
    return f"{where}: key {keys[0] if keys else 'entry'!r}: {error.message}"


def _read(text: str) -> tuple[yaml.Node | None, Any]:
    """The file's YAML tree (for lines) and its data; raises yaml.YAMLError."""
    loader = _waiver_loader()(text)
    try:
        root = loader.get_single_node()
        return root, loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()


def waivers_to_validate(path: Path) -> list[tuple[Any, dict[str, Any]]]:
    """(document, schema) of the waivers file, for validate_elsewhere; [] when there is nothing to check."""
    import yaml

    try:
        return [(_read(read_regular_text(path))[1], waiver_schema())] if path.is_file() else []
    except (UnreadableFile, UnicodeDecodeError, yaml.YAMLError):
        return []  # load_waivers reports it


def load_waivers(
    path: Path, environments: tuple[str, ...] | None = None, runtime: Runtime | None = None
) -> tuple[list[dict[str, Any]], list[Diagnostic]]:
    """The valid waivers and one ERROR diagnostic (with line and key) per problem; no file means no waivers.

    `environments` are the names a waiver may list; by default the spec's environments and `shared` (the
    shared roots' section). Through the runtime's parse cache, the answer for a file's content is
    remembered, so an unchanged file is neither parsed nor validated.
    """
    if not present(path):
        return [], []
    if environments is None:
        from checker.settings import SHARED
        from policies import load_spec

        environments = (*load_spec(runtime)["environments"], SHARED)
    shown = _shown(path)
    try:
        text = read_regular_text(path)
    except UnreadableFile as error:
        return [], [Diagnostic(file=shown, line=0, message=f"cannot read waivers: {error.reason}", code="config")]
    except UnicodeDecodeError as error:
        return [], [Diagnostic(file=shown, line=0, message=f"cannot read waivers: {error}", code="config")]
    located = str(path.resolve())
    inputs = json.dumps([text, list(environments), shown, located, waiver_schema()], sort_keys=True)
    key = f"{WAIVERS_READER_VERSION}:{hashlib.sha256(inputs.encode()).hexdigest()}"
    cache = runtime.cache if runtime is not None else None
    return cached(cache, key, tuple, lambda: _checked(text, shown, located, environments, runtime))


def _checked(
    text: str, shown: str, located: str, environments: tuple[str, ...], runtime: Runtime | None
) -> tuple[list[dict[str, Any]], list[Diagnostic]]:
    import yaml

    try:
        root, data = _read(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(error, "problem", None) or str(error)
        return [], [Diagnostic(file=shown, line=line, message=f"waivers are not valid YAML: {problem}", code="config")]

    diagnostics: list[Diagnostic] = []
    bad_entries: set[int] = set()
    for invalid in sorted(schema_errors(data, waiver_schema(), runtime), key=lambda e: list(map(str, e.absolute_path))):
        path = invalid.absolute_path
        index = path[0] if path and isinstance(path[0], int) else None
        if index is None:
            return [], [Diagnostic(file=shown, line=1, message=_error_message(invalid, None), code="config")]
        bad_entries.add(index)
        where = list(path)
        if invalid.validator == "additionalProperties":
            where += _unexpected_keys(invalid)[:1]
        line = _key_line(root, where)
        diagnostics.append(Diagnostic(file=shown, line=line, message=_error_message(invalid, index), code="config"))

    waivers: list[dict[str, Any]] = []
    for index, entry in enumerate(data or []):
        if index in bad_entries:
            continue
        problem = _semantic_problem(entry, environments)
        if problem:
            key, message = problem
            line = _key_line(root, [index, key])
            diagnostics.append(
                Diagnostic(file=shown, line=line, message=f"waiver {index + 1}: key {key!r}: {message}", code="config")
            )
            continue
        assert root is not None  # there are entries: they were read from a tree
        line = root.value[index].start_mark.line + 1
        waivers.append({**entry, LINE: line, FILE: shown, PATH: located})
    return waivers, diagnostics


def _semantic_problem(entry: dict[str, Any], environments: tuple[str, ...]) -> tuple[str, str] | None:
    """What the schema cannot say: a real calendar date, known environment names."""
    try:
        date.fromisoformat(entry["expires"])
    except ValueError:
        return "expires", f"{entry['expires']!r} is not a date (YYYY-MM-DD)"
    listed = entry["environments"]
    if environments and listed != ALL_ENVIRONMENTS:
        unknown = [e for e in listed if e not in environments]
        if unknown:
            return "environments", f"unknown environment(s) {', '.join(unknown)}; known: {', '.join(environments)}"
    return None


def expires(waiver: dict[str, Any]) -> date:
    return date.fromisoformat(waiver["expires"])


def is_expired(waiver: dict[str, Any], today: date) -> bool:
    """A waiver suppresses through its expiry day and stops the day after."""
    return today > expires(waiver)


def applies_to_env(waiver: dict[str, Any], env: str) -> bool:
    listed = waiver["environments"]
    return listed == ALL_ENVIRONMENTS or env in listed


def matches(waiver: dict[str, Any], finding: Finding) -> bool:
    """Same rule, same environment, and the resource (or one of its module instances) matches the pattern."""
    if waiver["rule"] != finding.rule_id or not applies_to_env(waiver, finding.env):
        return False
    addresses = (finding.resource, *finding.instances)
    pattern = waiver["resource"]
    return any(address == pattern or fnmatchcase(address, pattern) for address in addresses if address)


def describe(waiver: dict[str, Any]) -> str:
    return f"{waiver['rule']} on {waiver['resource']} (owner {waiver['owner']}, expires {waiver['expires']})"


__all__ = [
    "load_waivers",
    "matches",
    "is_expired",
    "applies_to_env",
    "describe",
    "waiver_schema",
    "LINE",
    "FILE",
    "PATH",
]
