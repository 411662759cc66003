"""Shared helpers of the rules."""


from __future__ import annotations

from checker.model import Graph, Node, Tool


def bucket_companions(graph: Graph, bucket: Node, resource_type: str) -> list[Node]:
    """The bucket's sub-resources of one type (versioning, encryption, ...): by reference, else by name."""
    name = bucket.get("bucket")
    found = []
    for node in graph.resources(resource_type, tool=Tool.TERRAFORM):
        linked = any(e.target == bucket.id for e in graph.edges_from(node.id))
        if linked or (isinstance(name, str) and node.get("bucket") == name):
            found.append(node)
    return sorted(found, key=Node.sort_key)


PUBLIC_ACCESS_FLAGS = ("block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets")
