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


class _RootReach:
    """Which root module calls a root-level node (a local, a root resource or data source) reads,
    transitively through other root-level nodes."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.calls = root_module_calls(graph)
        self.owner = {node_id: _owning_module(node, self.calls) for node_id, node in graph.nodes.items()}
        self.reached: dict[str, frozenset[str]] = {}

    def modules_read(self, start: str) -> frozenset[str]:
        if start in self.reached:
            return self.reached[start]
        self.reached[start] = frozenset()  # a cycle of root nodes adds nothing
        found: set[str] = set()
        for edge in self.graph.edges_from(start):
            if edge.kind not in DEPENDENCY_EDGES or edge.target not in self.owner:
                continue
            used = self.owner[edge.target]
            if used:
                found.add(used)
            else:
                found |= self.modules_read(edge.target)
        self.reached[start] = frozenset(found)
        return self.reached[start]


def module_dependencies(graph: Graph) -> dict[str, set[str]]:
    """Root module call -> the root module calls it reads from (through outputs, or depends_on), also through
    the root module's own locals, resources and data sources (`backup_role_arn = local.role` where the local
    reads module.compute is database reading compute)."""
    reach = _RootReach(graph)
    depends: dict[str, set[str]] = {name: set() for name in reach.calls}
    for edge in graph.edges:
        if edge.kind not in DEPENDENCY_EDGES:
            continue
        user = reach.owner.get(edge.source)
        if not user or edge.target not in reach.owner:
            continue
        used = reach.owner[edge.target]
        depends[user] |= {used} if used else reach.modules_read(edge.target)
    for user, used_set in depends.items():
        used_set.discard(user)
    return depends


def where_used(call: Node, used: str, graph: Graph | None = None) -> str:
    """The argument of a module call whose evidence reads the other module, for a precise line; given the
    graph, also one that reads it through a root-level local or resource (`upstream = local.chosen`)."""
    prefixes = [f"module.{used}."]
    if graph is not None:
        reach = _RootReach(graph)
        prefixes += [
            graph.nodes[edge.target].address + suffix
            for edge in graph.edges_from(call.id)
            if edge.target in reach.owner
            and not reach.owner[edge.target]
            and used in reach.modules_read(edge.target)
            for suffix in (".", "")
        ]
    for prefix in prefixes:
        for path, trace in sorted(call.traces.items()):
            if any(step == prefix or step.startswith(prefix) or f" {prefix}" in step for step in trace):
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
