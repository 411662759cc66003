"""Read sam/template.yaml and sam/samconfig.toml into SamSources; bad input becomes Diagnostics."""

from __future__ import annotations

import hashlib
import os
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.cache import cached
from checker.model import Diagnostic, DiagnosticLevel
from checker.records import record
from checker.sam.loaded import CFN_LOADER_VERSION, LoadedYaml
from checker.sam.samconfig import SAMCONFIG_READER_VERSION, SamConfig, parse_samconfig_text
from checker.userfiles import UnreadableFile, present, read_regular

if TYPE_CHECKING:
    from checker.cache import ParseCache

_MAPPING_SECTIONS = ("Parameters", "Conditions", "Mappings", "Outputs", "Globals", "Resources", "Metadata")


@record
class SamSources:
    """Both SAM files as read, before any environment is applied."""

    root: Path
    template_file: str  # POSIX path relative to root
    template: dict[str, Any] | None  # None when the template could not be read
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)  # "Resources.X.Type" -> (line, end)
    lines: list[str] = field(default_factory=list)  # raw template lines, for comments
    scalar_lines: set[int] = field(default_factory=set)  # lines inside multi-line strings (not comments)
    samconfig: SamConfig | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def relative_posix(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return Path(os.path.relpath(path.resolve(), root.resolve())).as_posix()


def read_text(path: Path, file: str, max_bytes: int, diagnostics: list[Diagnostic]) -> str | None:
    """The file's text, or None with a Diagnostic: missing, unreadable, too big, binary, not UTF-8."""
    try:
        data = read_regular(path, max_bytes)
    except UnreadableFile as problem:
        diagnostics.append(Diagnostic(file, 0, problem.reason, code=problem.code))
        return None
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        diagnostics.append(Diagnostic(file, line, "binary content (NUL byte); expected a text file", code="read"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        diagnostics.append(
            Diagnostic(file, line, f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start}", code="read")
        )
        return None


def _check_template(
    data: Any, file: str, positions: dict[str, tuple[int, int]], diagnostics: list[Diagnostic]
) -> dict[str, Any] | None:
    if data is None:
        diagnostics.append(Diagnostic(file, 1, "template is empty", code="parse"))
        return None
    if not isinstance(data, dict):
        line = positions.get("", (1, 1))[0]
        diagnostics.append(
            Diagnostic(file, line, f"template must be a mapping, found {type(data).__name__}", code="parse")
        )
        return None
    if "Resources" not in data:
        diagnostics.append(Diagnostic(file, 1, "not a CloudFormation template: no Resources section", code="parse"))
        return None
    for section in _MAPPING_SECTIONS:
        if section in data and not isinstance(data[section], dict):
            line = positions.get(section, (1, 1))[0]
            diagnostics.append(Diagnostic(file, line, f"{section} must be a mapping", code="parse"))
            if section == "Resources":
                return None
            data = {**data, section: {}}
    if not data["Resources"]:
        diagnostics.append(Diagnostic(file, positions.get("Resources", (1, 1))[0], "Resources is empty", code="parse"))
    return data


def _load_template(text: str) -> LoadedYaml:
    from checker.sam.yaml_loader import load_cfn_yaml  # here: a cache hit never loads PyYAML

    return load_cfn_yaml(text)


def _content_key(version: str, text: str) -> str:
    return f"{version}:{hashlib.sha256(text.encode()).hexdigest()}"


def parse_sam(
    template: Path,
    samconfig: Path | None,
    root: Path,
    *,
    max_file_bytes: int = 2_000_000,
    cache: ParseCache | None = None,
) -> SamSources:
    """Read the template (CloudFormation YAML with short-form tags) and samconfig.toml, if any."""
    file = relative_posix(template, root)
    sources = SamSources(root=root, template_file=file, template=None)
    text = read_text(template, file, max_file_bytes, sources.diagnostics)
    if text is not None:
        sources.lines = text.splitlines()
        loaded = cached(cache, _content_key(CFN_LOADER_VERSION, text), LoadedYaml, lambda: _load_template(text))
        sources.positions = loaded.positions
        sources.scalar_lines = loaded.scalar_lines
        for issue in loaded.issues:
            sources.diagnostics.append(Diagnostic(file, issue.line, issue.message, code="parse"))
        if loaded.fatal is not None:
            sources.diagnostics.append(Diagnostic(file, loaded.fatal.line, loaded.fatal.message, code="parse"))
        else:
            sources.template = _check_template(loaded.data, file, loaded.positions, sources.diagnostics)
    if samconfig is not None:
        config_file = relative_posix(samconfig, root)
        if not present(samconfig):
            # No samconfig is a valid setup (parameters take their defaults), so this is only a warning.
            sources.diagnostics.append(
                Diagnostic(
                    config_file,
                    0,
                    "samconfig not found; parameters take their template defaults",
                    level=DiagnosticLevel.WARNING,
                    code="read",
                )
            )
            return sources
        config_diagnostics: list[Diagnostic] = []
        config_text = read_text(samconfig, config_file, max_file_bytes, config_diagnostics)
        if config_text is None:
            sources.samconfig = SamConfig(file=config_file, diagnostics=config_diagnostics, readable=False)
        else:
            key = _content_key(f"{SAMCONFIG_READER_VERSION}:{config_file}", config_text)  # diagnostics name the file
            sources.samconfig = cached(cache, key, SamConfig, lambda: parse_samconfig_text(config_text, config_file))
        sources.diagnostics.extend(sources.samconfig.diagnostics)
    return sources
