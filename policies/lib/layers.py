"""Shared helpers of the rules."""


from __future__ import annotations

from checker.model import EdgeKind, Graph, Node, NodeKind

DEPENDENCY_EDGES = (EdgeKind.REFERENCE, EdgeKind.DEPENDS_ON)


def root_module_calls(graph: Graph) -> dict[str, Node]:
    return {n.name or n.address.removeprefix("module."): n for n in graph.of_kind(NodeKind.MODULE) if not n.module}


def _owning_module(node: Node, calls: dict[str, Node]) -> str | None:
    """The root module call a node belongs to: module.compute.aws_x.y -> compute."""
    if node.kind == NodeKind.MODULE and not node.module:
        return node.name or node.address.removeprefix("module.")
    if node.module.startswith("module."):
        name = node.module.split(".")[1].split("[")[0]
        return name if name in calls else None
    return None


def layer_key(call: Node, spec: dict) -> str | None:
    """A module's layer: by call name, else by the directory of its local source."""
    modules = spec["modules"]
    if call.name in modules:
        return modules[call.name]
    source = str(call.meta.get("local_dir") or call.meta.get("source") or "")
    base = source.rstrip("/").split("/")[-1]
    return modules.get(base)


def module_dependencies(graph: Graph) -> dict[str, set[str]]:
    """Root module call -> the root module calls it reads from (through outputs, or depends_on)."""
    calls = root_module_calls(graph)
    owner = {node_id: _owning_module(node, calls) for node_id, node in graph.nodes.items()}
    depends: dict[str, set[str]] = {name: set() for name in calls}
    for edge in graph.edges:
        if edge.kind not in DEPENDENCY_EDGES:
            continue
        user, used = owner.get(edge.source), owner.get(edge.target)
        if user and used and user != used:
            depends[user].add(used)
    return depends


def where_used(call: Node, used: str) -> str:
    """The argument of a module call whose evidence reads the other module, for a precise line."""
    prefix = f"module.{used}."
    for path, trace in sorted(call.traces.items()):
        if any(step.startswith(prefix) or f" {prefix}" in step for step in trace):
            return path
    for path, value in sorted(call.values.items()):
        if isinstance(value, str) and prefix in value:
            return path
    return ""
