"""Resolve a parsed Terraform configuration for one environment into graph nodes and edges.

Every module call instance is resolved with its own inputs (checker.terraform.module_instance); values are
computed lazily and memoized, so emitting the nodes (checker.terraform.emission) is what drives resolution.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from checker.model import GraphPart
from checker.terraform.emission import Emitter
from checker.terraform.module_instance import ModuleInstance
from checker.terraform.references import graph_edges
from checker.terraform.session import Session
from checker.terraform.sources import TerraformSources
from checker.terraform.tfvars import load_tfvars

if TYPE_CHECKING:
    from checker.cache import ParseCache


def resolve_terraform(
    sources: TerraformSources, env: str, var_files: list[Path], cache: ParseCache | None = None
) -> GraphPart:
    """The Terraform nodes and edges of one environment (conventions: checker.terraform docstring);
    `cache` is the parse cache, for the variable files."""
    session = Session(sources, env)
    for diagnostic in sources.diagnostics:
        session.diagnose(diagnostic.file, diagnostic.line, diagnostic.message, diagnostic.code, diagnostic.level)
    root_config = sources.root_module
    if root_config is None:
        return GraphPart(diagnostics=session.diagnostics)
    session.tfvars = load_tfvars(session, root_config, var_files, cache)
    root = ModuleInstance(session, root_config, "", 0, None, {})
    try:
        Emitter(session).instance(root)
    except RecursionError:
        session.diagnose(root_config.dir, 0, "configuration nested too deeply to resolve", "cycle")
    edges = graph_edges(session.nodes, session.edges)
    return GraphPart(nodes=list(session.nodes.values()), edges=edges, diagnostics=session.diagnostics)
