"""Graph stage: join the loaders' parts into one environment's graph and link the two tools.

The link across tools is what the spec's split of ownership relies on: SAM receives what Terraform
owns (table, user pool, domain) through SSM parameters that Terraform publishes, or through values
in samconfig.toml that equal a Terraform output.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from checker.content_secrets import is_content, scan_texts
from checker.model import Edge, EdgeKind, Graph, GraphPart, Node, NodeKind, Tool, is_unknown
from checker.sam.ssm import ssm_name
from checker.secrets import (
    is_secret_key,
    is_secret_literal,
    looks_like_secret,
    mask,
    mask_assignments,
    walk_strings,
)


def build_graph(env: str, parts: Iterable[GraphPart], root: str = ".") -> Graph:
    graph = Graph(env=env, root=root)
    for part in parts:
        for node in part.nodes:
            graph.add(node)
        graph.edges.update(part.edges)
        graph.diagnostics.extend(part.diagnostics)
    graph.edges.update(cross_tool_edges(graph))
    graph.edges = {e for e in graph.edges if e.source in graph.nodes and e.target in graph.nodes}
    return graph


def cross_tool_edges(graph: Graph) -> set[Edge]:
    """SAM parameter -> the Terraform SSM parameter it reads, or the Terraform output whose value it gets."""
    ssm_by_name: dict[str, Node] = {}
    outputs_by_value: dict[str, list[Node]] = {}
    for node in graph.nodes.values():
        if node.tool != Tool.TERRAFORM:
            continue
        if node.kind == NodeKind.RESOURCE and node.type == "aws_ssm_parameter":
            name = node.get("name")
            if isinstance(name, str):
                ssm_by_name[name] = node
        elif node.kind == NodeKind.OUTPUT and not node.module:
            value = node.get("value")
            if isinstance(value, str) and value:
                outputs_by_value.setdefault(value, []).append(node)

    edges: set[Edge] = set()
    for node in graph.of_kind(NodeKind.SAM_PARAMETER):
        read = node.meta.get("ssm_parameter")
        if isinstance(read, str) and read in ssm_by_name:
            edges.add(Edge(node.id, ssm_by_name[read].id, EdgeKind.CROSS_TOOL))
        value = node.get("value")
        if isinstance(value, str) and not is_unknown(value):
            for output in outputs_by_value.get(value, ()):
                edges.add(Edge(node.id, output.id, EdgeKind.CROSS_TOOL))
    for node in graph.of_kind(NodeKind.SAM_RESOURCE, NodeKind.SAM_OUTPUT):
        for reference in node.meta.get("ssm_references", ()):
            name = ssm_name(reference)  # {{resolve:ssm:name:version}}
            if name in ssm_by_name:
                edges.add(Edge(node.id, ssm_by_name[name].id, EdgeKind.CROSS_TOOL))
    return edges


VALUE_KEYS = ("value", "default", "Default")
NAMED_VALUE_KINDS = (NodeKind.VARIABLE, NodeKind.LOCAL, NodeKind.OUTPUT, NodeKind.SAM_PARAMETER)


SSM_PARAMETER_TYPES = ("aws_ssm_parameter", "AWS::SSM::Parameter")


def known_secrets(graph: Graph) -> tuple[str, ...]:
    """Every secret value written in the graph (by its key's name, its node's name, an SSM parameter's name, or
    its shape: notescheck's own patterns and detect-secrets' token plugins), longest first: the export masks
    each wherever it reappears (another node's value, a trace)."""
    found: set[str] = set()
    for node in graph.nodes.values():
        named = node.name if node.kind in NAMED_VALUE_KINDS else ""
        for _, key, text in walk_strings(node.values):
            if looks_like_secret(named if key in VALUE_KEYS and named else key, text):
                found.add(text)
        if node.type in SSM_PARAMETER_TYPES:
            name, value = (node.values.get(k) or node.values.get(k.title()) for k in ("name", "value"))
            leaf = str(name or "").rstrip("/").rsplit("/", 1)[-1]
            if isinstance(value, str) and is_secret_key(leaf) and is_secret_literal(value):
                found.add(value)
    found.update(secret.value for secrets in scan_texts(_contents(graph)).values() for secret in secrets)
    found.update(scan_texts(_strings(graph), whole_values=True))  # bare values shaped like a token
    return tuple(sorted((s for s in found if len(s) >= 4), key=lambda s: (-len(s), s)))


def _strings(graph: Graph) -> Iterator[str]:
    """Every string of the graph (scan_texts keeps the bare values worth a token-shape scan)."""
    for node in graph.nodes.values():
        for _, _, text in walk_strings(node.values):
            yield text


def _contents(graph: Graph) -> Iterator[str]:
    """Every string of the graph that holds more than one line or one word: where detect-secrets looks."""
    for node in graph.nodes.values():
        for _, _, text in walk_strings(node.values):
            if is_content(text):
                yield text


def _plain(value, key: str = "", secrets: tuple[str, ...] = ()):
    """JSON-ready values with every secret masked: by its key's name, by its shape, or as a known secret."""
    if is_unknown(value):
        return {"unknown": value.reason}
    if isinstance(value, dict):
        return {
            str(k): _plain(v, key if k in VALUE_KEYS and key else str(k), secrets) for k, v in value.items()
        }
    if isinstance(value, list | tuple):
        return [_plain(v, key, secrets) for v in value]
    if isinstance(value, str):
        if looks_like_secret(key, value) or (is_secret_key(key) and value) or value in secrets:
            return mask(value)
        text = mask_assignments(value)
        for secret in secrets:
            if secret in text:
                text = text.replace(secret, mask(secret))
        return text
    return value


def graph_to_json(graph: Graph) -> str:
    secrets = known_secrets(graph)
    nodes = [
        {
            "id": n.id,
            "address": n.address,
            "kind": str(n.kind),
            "tool": str(n.tool),
            "type": n.type,
            "module": n.module,
            "file": n.loc.file,
            "line": n.loc.line,
            "end_line": n.loc.end_line,
            "tags": _plain(n.tags, secrets=secrets),
            "values": _plain(n.values, n.name if n.kind in NAMED_VALUE_KINDS else "", secrets),
            "traces": {
                path: [_plain(step, secrets=secrets) for step in trace] for path, trace in sorted(n.traces.items())
            },
        }
        for n in sorted(graph.nodes.values(), key=lambda n: n.id)
    ]
    edges = [{"source": e.source, "target": e.target, "kind": str(e.kind)} for e in sorted(graph.edges)]
    return json.dumps({"env": graph.env, "nodes": nodes, "edges": edges}, indent=2, sort_keys=True) + "\n"


def graph_to_dot(graph: Graph) -> str:
    def quote(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    lines = [f"digraph {quote('notescheck-' + graph.env)} {{", "  rankdir=LR;"]
    for node in sorted(graph.nodes.values(), key=lambda n: n.id):
        shape = "box" if node.tool == Tool.TERRAFORM else "ellipse"
        lines.append(f"  {quote(node.id)} [label={quote(node.address)}, shape={shape}];")
    for edge in sorted(graph.edges):
        lines.append(f"  {quote(edge.source)} -> {quote(edge.target)} [label={quote(str(edge.kind))}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
