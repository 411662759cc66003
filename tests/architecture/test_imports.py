"""The pipeline's shape, kept by a test: no import cycle anywhere in checker/ or policies/ (a lazy import
inside a function counts too: it only hides the cycle), and no stage reaching back into a later one."""

from __future__ import annotations

import ast
import functools
import graphlib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("checker", "policies")

# stage -> what it must never import: loaders know nothing of rules or reports; reports only format data
FORBIDDEN = {
    "checker.hcl": ("policies", "checker.pipeline", "checker.report", "checker.rule_runner", "checker.terraform"),
    "checker.terraform": ("policies", "checker.pipeline", "checker.report", "checker.rule_runner", "checker.sam"),
    "checker.sam": ("policies", "checker.pipeline", "checker.report", "checker.rule_runner", "checker.terraform"),
    "checker.report": ("policies", "checker.pipeline", "checker.terraform", "checker.sam", "checker.hcl"),
    "policies": ("checker.pipeline", "checker.report", "checker.cli"),
}


def project_modules(root: Path) -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (root / package).rglob("*.py"):
            parts = path.relative_to(root).with_suffix("").parts
            modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


def _imported(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    if node.level > 1:
        package = package[: len(package) - node.level + 1]
    base = ".".join([*package, node.module] if node.module else package) if node.level else node.module or ""
    return [base, *(f"{base}.{alias.name}" for alias in node.names)]


@functools.cache
def import_graph(root: Path = REPO) -> dict[str, set[str]]:
    """module -> the project modules it imports, at any depth of its code, outside `if TYPE_CHECKING:`."""
    modules = project_modules(root)
    graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        typing_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for inner in ast.walk(node)
        }
        graph[module] = {
            name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in typing_only
            for name in _imported(module, path, node)
            if name in modules and name != module
        }
    return graph


def find_cycle(root: Path = REPO) -> list[str]:
    """One import cycle, or []. A package's __init__ importing its own submodules is the usual layout, so a
    module's import of the package it sits in is not counted."""
    edges = {m: {d for d in deps if not m.startswith(d + ".")} for m, deps in import_graph(root).items()}
    try:
        graphlib.TopologicalSorter(edges).prepare()
    except graphlib.CycleError as error:
        return list(error.args[1])
    return []


def test_the_import_graph_has_no_cycle() -> None:
    assert find_cycle() == []


@pytest.mark.parametrize("stage", sorted(FORBIDDEN))
def test_no_stage_reaches_back(stage: str) -> None:
    graph = import_graph()
    reached = sorted(
        f"{module} imports {dep}"
        for module, deps in graph.items()
        if module == stage or module.startswith(stage + ".")
        for dep in deps
        if any(dep == f or dep.startswith(f + ".") for f in FORBIDDEN[stage])
    )
    assert not reached, reached


def test_a_lazy_import_cycle_is_found(tmp_path: Path) -> None:
    """The cycle test can fail: two modules importing each other, one of them inside a function."""
    package = tmp_path / "checker"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "pipeline.py").write_text("from checker.checkov import start\n")
    (package / "checkov.py").write_text("def start():\n    from checker.pipeline import run\n")
    (tmp_path / "policies").mkdir()
    assert sorted(set(find_cycle(tmp_path))) == ["checker.checkov", "checker.pipeline"]
