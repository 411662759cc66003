"""Shared helpers for the SAM loader tests: the fixture template and small templates written on the fly."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from checker.model import DiagnosticLevel, GraphPart, Node
from checker.sam import SamSources, parse_sam, resolve_sam

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixture_sources() -> SamSources:
    return parse_sam(FIXTURES / "template.yaml", FIXTURES / "samconfig.toml", FIXTURES)


@pytest.fixture(scope="session")
def fixture_line() -> Callable[[str], int]:
    """The 1-based line of the first fixture template line containing `needle`."""
    lines = (FIXTURES / "template.yaml").read_text().splitlines()

    def find(needle: str) -> int:
        return next(number for number, line in enumerate(lines, start=1) if needle in line)

    return find


@pytest.fixture(scope="session")
def fixture_graph(fixture_sources: SamSources) -> Callable[[str], dict[str, Node]]:
    cache: dict[str, dict[str, Node]] = {}

    def nodes(env: str) -> dict[str, Node]:
        if env not in cache:
            part = resolve_sam(fixture_sources, env)
            assert errors(part) == [], errors(part)
            cache[env] = {node.id: node for node in part.nodes}
        return cache[env]

    return nodes


@pytest.fixture
def write_sam(tmp_path: Path) -> Callable[..., SamSources]:
    """Write a template (and optionally a samconfig) under tmp_path and parse them."""

    def write(template: str | bytes, samconfig: str | None = None) -> SamSources:
        template_path = tmp_path / "sam" / "template.yaml"
        template_path.parent.mkdir(exist_ok=True)
        if isinstance(template, bytes):
            template_path.write_bytes(template)
        else:
            template_path.write_text(textwrap.dedent(template))
        config_path = None
        if samconfig is not None:
            config_path = tmp_path / "sam" / "samconfig.toml"
            config_path.write_text(textwrap.dedent(samconfig))
        return parse_sam(template_path, config_path, tmp_path)

    return write


def errors(part: GraphPart | SamSources) -> list:
    return [d for d in part.diagnostics if d.level == DiagnosticLevel.ERROR]


@pytest.fixture
def error_list() -> Callable[[GraphPart | SamSources], list]:
    return errors
