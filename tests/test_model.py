"""checker.model.Graph: edge lookups stay right as the graph's edges are built up or replaced."""

from __future__ import annotations

from checker.model import Edge, EdgeKind, Graph


def test_edges_from_and_to_are_sorted_and_follow_changes_to_the_edge_set():
    graph = Graph(env="prod")
    graph.edges = {
        Edge("a", "c", EdgeKind.REFERENCE),
        Edge("a", "b", EdgeKind.DEPENDS_ON),
        Edge("b", "c", EdgeKind.REFERENCE),
    }
    assert graph.edges_from("a") == [Edge("a", "b", EdgeKind.DEPENDS_ON), Edge("a", "c", EdgeKind.REFERENCE)]
    assert graph.edges_to("c") == [Edge("a", "c", EdgeKind.REFERENCE), Edge("b", "c", EdgeKind.REFERENCE)]
    assert graph.edges_from("c") == []
    graph.edges.add(Edge("c", "a", EdgeKind.REFERENCE))
    assert graph.edges_from("c") == [Edge("c", "a", EdgeKind.REFERENCE)]
    graph.edges = {Edge("x", "y", EdgeKind.CONTAINS)}
    assert graph.edges_from("a") == []
    assert graph.edges_to("y") == [Edge("x", "y", EdgeKind.CONTAINS)]


def test_a_caller_changing_the_returned_list_does_not_change_the_graph():
    graph = Graph(env="prod", edges={Edge("a", "b", EdgeKind.REFERENCE)})
    graph.edges_from("a").clear()
    assert graph.edges_from("a") == [Edge("a", "b", EdgeKind.REFERENCE)]
