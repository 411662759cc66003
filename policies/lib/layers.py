"""Shared helpers of the rules."""


from __future__ import annotations

from checker.model import EdgeKind, Graph, ModuleCall, ModuleGraph, ModuleLink, Node, NodeKind

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


def module_graph(graph: Graph, spec: dict) -> ModuleGraph:
    """The root module calls with their layers and who reads whom, a link marked backward exactly where
    NC-ORDER-001 fires (the module read is in a later layer than its reader)."""
    layers = tuple(spec["layers"])
    calls = root_module_calls(graph)
    layer_of = {name: layer_key(call, spec) or "" for name, call in calls.items()}
    modules = tuple(
        ModuleCall(name=name, layer=layer_of[name], file=call.loc.file, line=call.loc.line)
        for name, call in sorted(calls.items())
    )
    links = []
    for user, used_set in sorted(module_dependencies(graph).items()):
        for used in sorted(used_set):
            a, b = layer_of[user], layer_of[used]
            backward = a in layers and b in layers and layers.index(b) > layers.index(a)
            links.append(ModuleLink(user=user, used=used, backward=backward))
    return ModuleGraph(layers=layers, modules=modules, links=tuple(links))
