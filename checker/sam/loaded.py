"""What the CloudFormation YAML loader returns: plain data, with no YAML library behind it.

Kept apart from checker.sam.yaml_loader so that a template taken from the parse cache loads without
importing PyYAML and the loader (~12 ms of a warm run).
"""

from __future__ import annotations

from dataclasses import field
from typing import Any

from checker.records import record


@record
class YamlIssue:
    """A problem found while reading, at a 1-based line (0: the file as a whole)."""

    line: int
    message: str


CFN_LOADER_VERSION = "notescheck-cfn-2"  # bump when LoadedYaml or what the loader puts in it changes: it keys the cache


@record
class LoadedYaml:
    """The document as plain data, where each key path is written, and what went wrong.

    `fatal` is set when the document could not be read at all (data is then None).
    """

    data: Any = None
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    scalar_lines: set[int] = field(default_factory=set)  # continuation lines of multi-line scalars
    issues: list[YamlIssue] = field(default_factory=list)
    fatal: YamlIssue | None = None


__all__ = ["CFN_LOADER_VERSION", "LoadedYaml", "YamlIssue"]
