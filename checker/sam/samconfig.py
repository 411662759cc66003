"""samconfig.toml: per-environment deploy settings and parameter overrides, with the line of each."""

from __future__ import annotations

import re
import shlex
from dataclasses import field
from typing import Any

from checker.model import Diagnostic, DiagnosticLevel
from checker.records import record

_COMMANDS = ("global", "deploy")  # deploy wins over global, as `sam deploy --config-env <env>` reads them
_TOML_POSITION = re.compile(r"\(at line (\d+), column \d+\)")
_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*(?:"([^"]+)"|'([^']+)'|([A-Za-z0-9_-]+))\s*=""")
_LONG_FORM = re.compile(r"^ParameterKey=([^,]+),ParameterValue=(.*)$", re.DOTALL)


SAMCONFIG_READER_VERSION = "notescheck-samconfig-1"  # bump when SamConfig changes: it keys the parse cache


@record(frozen=True)
class ParameterOverride:
    """One `Name=Value` of parameter_overrides, with the line that sets it."""

    name: str
    value: str
    line: int


@record
class SamConfigEnv:
    """What `sam deploy --config-env <name>` would read for one environment."""

    name: str
    line: int  # the section header
    overrides: dict[str, ParameterOverride] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)  # region, stack_name, capabilities, ...
    setting_lines: dict[str, int] = field(default_factory=dict)
    stack_tags: dict[str, str] = field(default_factory=dict)  # `tags`: CloudFormation propagates them
    stack_tags_line: int = 0


@record
class SamConfig:
    """samconfig.toml as read: per-environment deploy settings and what was wrong with the file."""

    file: str  # POSIX path relative to the root
    envs: dict[str, SamConfigEnv] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    readable: bool = True


def _header_parts(header: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in header.split("."))


def _index_lines(text: str) -> tuple[dict[tuple[str, ...], int], dict[tuple[tuple[str, ...], str], tuple[int, int]]]:
    """Where each table header and each key of a table is written: {(env, cmd, "parameters"): line},
    {((env, cmd, "parameters"), key): (first line, last line before the next key or table)}."""
    headers: dict[tuple[str, ...], int] = {}
    keys: dict[tuple[tuple[str, ...], str], tuple[int, int]] = {}
    current: tuple[str, ...] = ()
    open_key: tuple[tuple[str, ...], str] | None = None
    lines = text.splitlines()
    in_multiline: str | None = None  # the delimiter of a multi-line string being read
    for number, line in enumerate(lines, start=1):
        if in_multiline is not None:
            if line.count(in_multiline) % 2 == 1:
                in_multiline = None
            continue
        for delimiter in ('"""', "'''"):
            if line.count(delimiter) % 2 == 1:
                in_multiline = delimiter
        header = _HEADER.match(line)
        key = _KEY.match(line) if not header else None
        if (header or key) and open_key is not None:
            keys[open_key] = (keys[open_key][0], number - 1)
            open_key = None
        if header:
            current = _header_parts(header.group(1))
            headers.setdefault(current, number)
        elif key:
            name = next(group for group in key.groups() if group)
            open_key = (current, name)
            keys.setdefault(open_key, (number, number))
    if open_key is not None:
        keys[open_key] = (keys[open_key][0], len(lines))
    return headers, keys


def _override_line(lines: list[str], name: str, first: int, last: int) -> int:
    for number in range(first, last + 1):
        if _sets_parameter(lines[number - 1], name):
            return number
    return first


def _sets_parameter(line: str, name: str) -> bool:
    """`Name=` at the start or after a blank, quote, comma or bracket, or `ParameterKey=Name,` (no regex
    per name: compiling one for each parameter cost more than the search)."""
    if f"ParameterKey={name}," in line:
        return True
    target = f"{name}="
    start = line.find(target)
    while start >= 0:
        if start == 0 or line[start - 1].isspace() or line[start - 1] in "\"',[":
            return True
        start = line.find(target, start + 1)
    return False


def _split_overrides(raw: Any, file: str, line: int, diagnostics: list[Diagnostic]) -> list[tuple[str, str]]:
    # `tags` uses the same Key=Value syntax as parameter_overrides.
    """`Key=Value Key2="with spaces"` (shell quoting) or ["Key=Value", ...] -> [(key, value)]."""
    if isinstance(raw, str):
        try:
            tokens = shlex.split(raw)
        except ValueError as exc:
            diagnostics.append(Diagnostic(file, line, f"parameter_overrides cannot be split: {exc}", code="config"))
            return []
    elif isinstance(raw, list) and all(isinstance(item, str) for item in raw):
        tokens = []
        for item in raw:
            name, sep, value = item.partition("=")
            if sep and len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            tokens.append(f"{name}{sep}{value}")
    else:
        diagnostics.append(
            Diagnostic(file, line, "parameter_overrides must be a string or a list of strings", code="config")
        )
        return []
    pairs = []
    for token in tokens:
        long_form = _LONG_FORM.match(token)
        if long_form:
            pairs.append((long_form.group(1), long_form.group(2)))
            continue
        name, sep, value = token.partition("=")
        if not sep or not name:
            diagnostics.append(Diagnostic(file, line, f"parameter override '{token}' is not Key=Value", code="config"))
            continue
        pairs.append((name, value))
    return pairs


def parse_samconfig_text(text: str, file: str) -> SamConfig:
    import tomllib  # here: a warm run takes samconfig from the parse cache

    config = SamConfig(file=file)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        position = _TOML_POSITION.search(str(exc))
        line = int(position.group(1)) if position else max(text.count("\n"), 1)
        config.diagnostics.append(Diagnostic(file, line, f"malformed TOML: {exc}", code="parse"))
        config.readable = False
        return config
    headers, keys = _index_lines(text)
    lines = text.splitlines()
    version = data.get("version")
    if version != 0.1:
        config.diagnostics.append(
            Diagnostic(
                file,
                keys.get(((), "version"), (1, 1))[0],
                f"samconfig version is {version!r}; SAM CLI expects version = 0.1",
                level=DiagnosticLevel.WARNING,
                code="config",
            )
        )
    for env_name, env_table in data.items():
        if env_name == "version" or not isinstance(env_table, dict):
            continue
        env: SamConfigEnv | None = None
        for command in _COMMANDS:
            section = env_table.get(command, {})
            parameters = section.get("parameters") if isinstance(section, dict) else None
            table = (env_name, command, "parameters")
            header_line = headers.get(table, headers.get((env_name,), 1))
            if parameters is None:
                continue
            if not isinstance(parameters, dict):
                config.diagnostics.append(
                    Diagnostic(file, header_line, f"[{'.'.join(table)}] must be a table", code="config")
                )
                continue
            if env is None:
                env = SamConfigEnv(env_name, header_line)
            for key, value in parameters.items():
                key_first, key_last = keys.get((table, key), (header_line, header_line))
                if key == "tags":
                    env.stack_tags = dict(_split_overrides(value, file, key_first, config.diagnostics))
                    env.stack_tags_line = key_first
                if key != "parameter_overrides":
                    env.settings[key] = value
                    env.setting_lines[key] = key_first
                    continue
                env.overrides = {}  # the deploy table's list replaces the global one, it does not extend it
                for name, override in _split_overrides(value, file, key_first, config.diagnostics):
                    line = _override_line(lines, name, key_first, key_last)
                    env.overrides[name] = ParameterOverride(name, override, line)
        if env is not None:
            config.envs[env_name] = env
    return config
