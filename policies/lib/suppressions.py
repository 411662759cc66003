"""Shared helpers of the suppression rules: where a waiver stands in a finding."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from checker.model import Location, Node, NodeKind, Tool
from checker.waivers import FILE, PATH

SECTION = "5. Deployment & Orchestration (review before apply)"


def waiver_file(waiver: dict[str, Any], root: str) -> str:
    """The waivers file relative to the graph's root (where every reported file is relative to)."""
    try:
        return Path(waiver[PATH]).relative_to(Path(root).resolve()).as_posix()
    except (KeyError, ValueError):
        return str(waiver.get(FILE, "policies/waivers.yaml"))


def waiver_node(waiver: dict[str, Any], location: Location) -> Node:
    """Waivers are not part of the infrastructure graph; a finding still needs a node to stand on."""
    return Node(
        id=f"waiver:{location.file}:{location.line}",
        address=waiver["resource"],
        kind=NodeKind.DOCUMENT,
        tool=Tool.DOCS,
        name=waiver["rule"],
        loc=location,
    )
