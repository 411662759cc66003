"""Shared helpers of the rules."""


from __future__ import annotations

from checker.model import Graph, Node, NodeKind


def documents(graph: Graph) -> list[Node]:
    return sorted(graph.of_kind(NodeKind.DOCUMENT), key=lambda n: n.id)
