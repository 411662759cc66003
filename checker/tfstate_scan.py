"""`notescheck state FILE`: find the secrets a Terraform state file (format v4) actually holds.

The spec (section 3, "Sensitive Data Handling") says database passwords, API keys, JWT secrets and OAuth
credentials are never stored in state. The source rules (NC-SECRET-*) catch what would put them there;
this scan proves what a real state contains. Rule ids are our own, separate from the source rules:

- NC-TFSTATE-001: an attribute the provider marks sensitive (`sensitive_attributes`) holds a value.
- NC-TFSTATE-002: an attribute with a secret-like name, a credential shape or a random-looking value.
- NC-TFSTATE-003: a root output holds a sensitive or secret-looking value.

Credential shapes are notescheck's own and detect-secrets' token plugins (as NC-SECRET-001's): every string
of the state in one scan, cached by the content of the values scanned. Every value shown is masked; the
file is never echoed.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from checker.cache import ParseCache
from checker.content_secrets import ContentSecret, scan_texts
from checker.model import Diagnostic, Finding
from checker.secrets import is_high_entropy, is_secret_literal, is_secret_path, mask
from checker.userfiles import UnreadableFile, read_regular
from policies.base import Rule
from policies.lib.secret_values import value_shape
from policies.rules.tfstate import nc_tfstate_001, nc_tfstate_002, nc_tfstate_003

DEFAULT_MAX_STATE_BYTES = 50_000_000
SOURCE = "notescheck"
ENV = "state"
SENSITIVE_ATTRIBUTE = nc_tfstate_001.RULE
SECRET_ATTRIBUTE = nc_tfstate_002.RULE
SECRET_OUTPUT = nc_tfstate_003.RULE
STATE_RULES = (SENSITIVE_ATTRIBUTE, SECRET_ATTRIBUTE, SECRET_OUTPUT)

Shapes = Mapping[str, tuple[ContentSecret, ...]]  # what detect-secrets' token plugins found, by value


class _Lines:
    """Cheap positions in the state text: Terraform pretty-prints one key per line, in resource order."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def find_key(self, key: str, start: int, value: str | None = None) -> int:
        """Offset of `"key": ` (optionally with that string value) at or after `start`; -1 if absent."""
        pattern = re.escape(json.dumps(key)) + r"\s*:"
        if value is not None:
            pattern += r"\s*" + re.escape(json.dumps(value))
        match = re.compile(pattern).search(self.text, start)
        return match.start() if match else -1


def scan_state(
    path: Path, root: Path, max_bytes: int = DEFAULT_MAX_STATE_BYTES, cache: ParseCache | None = None
) -> tuple[list[Finding], list[Diagnostic]]:
    """Findings for every secret the state holds, and diagnostics for a file that cannot be read as state v4.
    detect-secrets' answer for the state's values is kept in `cache` (None: scanned afresh)."""
    shown = _shown_path(path, root)
    text, diagnostic = _read(path, shown, max_bytes)
    if diagnostic:
        return [], [diagnostic]
    try:
        state = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [_error(shown, error.lineno, f"not valid JSON: {error.msg} (column {error.colno})", "parse")]
    except RecursionError:
        return [], [_error(shown, 1, "JSON nested too deeply to be a Terraform state", "parse")]
    lines = _Lines(text)
    problem = _shape_problem(state)
    if problem:
        line = lines.line_at(max(lines.find_key("version", 0), 0)) if "version" in problem else 1
        return [], [_error(shown, line, problem, "parse")]

    findings: list[Finding] = []
    diagnostics: list[Diagnostic] = []
    shapes = scan_texts(_strings(state), cache, whole_values=True)
    cursor = 0
    for index, resource in enumerate(state.get("resources") or []):
        if not isinstance(resource, dict) or not isinstance(resource.get("instances", []), list):
            diagnostics.append(_error(shown, 1, f"resources[{index}] is not a Terraform v4 resource", "parse"))
            continue
        start = _resource_offset(lines, resource, cursor)
        cursor = max(cursor, start)
        findings.extend(_resource_findings(resource, lines, shown, start, shapes))
    findings.extend(_output_findings(state.get("outputs") or {}, lines, shown, shapes))
    return sorted(set(findings), key=Finding.sort_key), diagnostics


def _shown_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def _read(path: Path, shown: str, max_bytes: int) -> tuple[str, Diagnostic | None]:
    try:
        data = read_regular(path, max_bytes)
    except UnreadableFile as error:
        if error.missing:
            return "", _error(shown, 0, "state file not found", "read")
        if error.code == "size":
            return "", _error(shown, 0, f"state file is {error.size} bytes, over the limit of {max_bytes}", "size")
        return "", _error(shown, 0, error.reason, "read")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return "", _error(shown, line, "not UTF-8 text: a Terraform state is JSON", "parse")


def _shape_problem(state: Any) -> str:
    if not isinstance(state, dict):
        return "not a Terraform state: the top level is not a JSON object"
    version = state.get("version")
    if "format_version" in state and version is None:
        return (
            "this is `terraform show -json` output, not a state file: scan the state itself "
            "(`terraform state pull > state.tfstate`), or check a plan with `notescheck report --plan`"
        )
    if version != 4:
        return f"unsupported state format version {version!r}: only version 4 (Terraform >= 0.12) is read"
    if not isinstance(state.get("resources", []), list):
        return "not a Terraform v4 state: `resources` is not a list"
    if not isinstance(state.get("outputs", {}), dict):
        return "not a Terraform v4 state: `outputs` is not an object"
    return ""


def _error(file: str, line: int, message: str, code: str) -> Diagnostic:
    return Diagnostic(file=file, line=line, message=message, code=code)


def _resource_offset(lines: _Lines, resource: dict[str, Any], cursor: int) -> int:
    for key in ("type", "name"):
        value = resource.get(key)
        if isinstance(value, str):
            found = lines.find_key(key, cursor, value)
            if found >= 0:
                cursor = found
    return cursor


def resource_address(resource: dict[str, Any], index_key: Any = None) -> str:
    """`module.auth.aws_cognito_user_pool_client.web`, `data.aws_x.y`, with `[0]` or `["key"]` for instances."""
    parts = []
    if resource.get("module"):
        parts.append(str(resource["module"]))
    base = f"{resource.get('type', '?')}.{resource.get('name', '?')}"
    parts.append(f"data.{base}" if resource.get("mode") == "data" else base)
    address = ".".join(parts)
    if index_key is not None:
        address += f"[{json.dumps(index_key)}]"
    return address


def _strings(state: dict[str, Any]) -> Iterator[str]:
    """Every string value of the resources' attributes and of the outputs: the token-shape scan's batch."""
    for resource in state.get("resources") or []:
        if not isinstance(resource, dict) or not isinstance(resource.get("instances", []), list):
            continue
        for instance in resource.get("instances") or []:
            if isinstance(instance, dict):
                for attributes in (instance.get("attributes"), instance.get("attributes_flat")):
                    yield from (leaf for _, _, leaf in _leaves(attributes) if isinstance(leaf, str))
    for output in (state.get("outputs") or {}).values():
        if isinstance(output, dict):
            yield from (leaf for _, _, leaf in _leaves(output.get("value")) if isinstance(leaf, str))


def _resource_findings(
    resource: dict[str, Any], lines: _Lines, shown: str, start: int, shapes: Shapes
) -> Iterator[Finding]:
    cursor = start
    for instance in resource.get("instances") or []:
        if not isinstance(instance, dict):
            continue
        address = resource_address(resource, instance.get("index_key"))
        attributes = instance.get("attributes")
        if not isinstance(attributes, dict):
            attributes = instance.get("attributes_flat") if isinstance(instance.get("attributes_flat"), dict) else {}
        found = lines.find_key("attributes", cursor)
        attributes_at = found if found >= 0 else cursor
        cursor = attributes_at + 1
        reported: set[str] = set()

        for path in _sensitive_paths(instance.get("sensitive_attributes")):
            value = _value_at(attributes, path)
            if _empty(value):
                continue
            dotted = ".".join(str(p) for p in path)
            reported.add(dotted)
            line = _line_of(lines, path, attributes_at)
            yield _finding(
                SENSITIVE_ATTRIBUTE,
                shown,
                line,
                address,
                f"{address}: attribute `{dotted}` is marked sensitive by the provider and its value "
                f"({_masked(value)}) is stored in state",
                dotted,
                value,
                _shaped(value, shapes),
            )

        for dotted, key, value in _leaves(attributes):
            if dotted in reported or any(dotted.startswith(r + ".") for r in reported):
                continue
            why = _why_secret(dotted, key, value, shapes)
            if not why:
                continue
            line = _line_of(lines, dotted.split("."), attributes_at)
            yield _finding(
                SECRET_ATTRIBUTE,
                shown,
                line,
                address,
                f"{address}: attribute `{dotted}` holds {why} ({mask(value)}) in state",
                dotted,
                value,
                _shaped(value, shapes),
            )


def _output_findings(outputs: dict[str, Any], lines: _Lines, shown: str, shapes: Shapes) -> Iterator[Finding]:
    outputs_at = max(lines.find_key("outputs", 0), 0)
    for name, output in outputs.items():
        if not isinstance(output, dict):
            continue
        value = output.get("value")
        if _empty(value):
            continue
        line = lines.line_at(max(lines.find_key(name, outputs_at), outputs_at))
        address = f"output.{name}"
        if output.get("sensitive"):
            message = f"{address} is marked sensitive and its value ({_masked(value)}) is stored in state"
        else:
            whys = [_why_secret(path, key or name, leaf, shapes) for path, key, leaf in _leaves(value, name, name)]
            why = next((w for w in whys if w), "")
            if not why:
                continue
            message = f"{address} holds {why} ({_masked(value)}) in state and is not even marked sensitive"
        yield _finding(SECRET_OUTPUT, shown, line, address, message, name, value, _shaped(value, shapes))


def _shaped(value: Any, shapes: Shapes) -> tuple[str, ...]:
    """The strings in the value shaped like credentials: masked wherever they reappear in a report."""
    return tuple(leaf for _, _, leaf in _leaves(value) if isinstance(leaf, str) and leaf and value_shape(leaf, shapes))


def _why_secret(path: str, key: str, value: Any, shapes: Shapes) -> str:
    if not isinstance(value, str) or not value:
        return ""
    shape = value_shape(value, shapes)
    if shape:
        return f"a value shaped like {'an' if shape[:1] in 'AEIOU' else 'a'} {shape}"
    if is_secret_path(path) and is_secret_literal(value):
        return "a secret-like value"
    if is_high_entropy(value, key=key, min_length=24):
        return "a random-looking value (possible secret)"
    return ""


def _sensitive_paths(raw: Any) -> Iterator[list[Any]]:
    """Terraform writes `[[{"type": "get_attr", "value": "password"}, {"type": "index", "value": {...}}], ...]`."""
    if not isinstance(raw, list):
        return
    for steps in raw:
        if not isinstance(steps, list) or not steps:
            continue
        path: list[Any] = []
        for step in steps:
            if not isinstance(step, dict):
                break
            if step.get("type") == "get_attr" and isinstance(step.get("value"), str):
                path.append(step["value"])
            elif step.get("type") == "index":
                key = step.get("value")
                path.append(key.get("value") if isinstance(key, dict) else key)
            else:
                break
        else:
            yield path


def _value_at(value: Any, path: list[Any]) -> Any:
    for step in path:
        if isinstance(value, dict) and isinstance(step, str):
            value = value.get(step)
        elif isinstance(value, list) and isinstance(step, int | float) and 0 <= int(step) < len(value):
            value = value[int(step)]
        else:
            return None
    return value


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _leaves(value: Any, path: str = "", key: str = "") -> Iterator[tuple[str, str, Any]]:
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _leaves(item, f"{path}.{name}" if path else str(name), str(name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, f"{path}.{index}" if path else str(index), key)
    else:
        yield path, key, value


def _line_of(lines: _Lines, path: list[Any], start: int) -> int:
    """The line of the path's last named key after the instance's `attributes`, else of `attributes`."""
    offset = start
    for step in path:
        if isinstance(step, str):
            found = lines.find_key(step, offset)
            if found >= 0:
                offset = found
    return lines.line_at(offset)


def _masked(value: Any) -> str:
    return mask(value if isinstance(value, str) else json.dumps(value, sort_keys=True))


def _finding(
    rule: Rule, file: str, line: int, address: str, message: str, path: str, value: Any, secrets: tuple[str, ...]
) -> Finding:
    return Finding(
        rule_id=rule.id,
        severity=rule.severity,
        source=SOURCE,
        env=ENV,
        file=file,
        line=line,
        end_line=line,
        resource=address,
        message=message,
        title=rule.title,
        evidence=(f"{file}:{line} {path} = {_masked(value)}",),
        remediation=rule.remediation,
        help_uri=rule.help_uri,
        secrets=secrets,
    )


__all__ = ["STATE_RULES", "scan_state", "resource_address", "DEFAULT_MAX_STATE_BYTES"]
