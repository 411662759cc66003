"""Shared helpers of the rules."""


from __future__ import annotations

import re
from typing import Any

from checker.model import Graph, Node, Tool, is_unknown

NETWORKING = "2. Environment Separation Model (Networking & Content Delivery)"


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def distributions(graph: Graph) -> list[Node]:
    return sorted(graph.resources("aws_cloudfront_distribution"), key=Node.sort_key)


def evidence_text(node: Node, path: str) -> str:
    value = node.get(path)
    return " ".join(node.trace_of(path)) + (f" {value.reason}" if is_unknown(value) else "")


def _mentions_address(text: str, address: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(address)}(?!\w)", text) is not None


def origin_bucket(graph: Graph, distribution: Node, index: int) -> Node | None:
    """The aws_s3_bucket an origin reads from: named in the origin's evidence, or by its endpoint host name."""
    path = f"origin.{index}.domain_name"
    domain = distribution.get(path)
    evidence = evidence_text(distribution, path)
    for bucket in sorted(graph.resources("aws_s3_bucket", tool=Tool.TERRAFORM), key=lambda n: n.id):
        name = bucket.get("bucket")
        if _mentions_address(evidence, bucket.address):
            return bucket
        if isinstance(domain, str) and isinstance(name, str) and domain.startswith(f"{name}.s3"):
            return bucket
    for website in graph.resources("aws_s3_bucket_website_configuration", tool=Tool.TERRAFORM):
        if _mentions_address(evidence, website.address):
            targets = [graph.nodes[e.target] for e in graph.edges_from(website.id) if e.target in graph.nodes]
            buckets = [t for t in targets if t.type == "aws_s3_bucket"]
            if buckets:
                return buckets[0]
    return None


def site_buckets(graph: Graph) -> list[Node]:
    """The buckets CloudFront serves from (the frontend's site bucket)."""
    found: dict[str, Node] = {}
    for distribution in distributions(graph):
        for index, _ in enumerate(as_list(distribution.get("origin"))):
            bucket = origin_bucket(graph, distribution, index)
            if bucket is not None:
                found[bucket.id] = bucket
    return sorted(found.values(), key=Node.sort_key)


def root_location_node(graph: Graph) -> Node | None:
    """Where a missing piece of the root module is reported: the first block of its main.tf."""
    root = sorted(
        (n for n in graph.nodes.values() if n.tool == Tool.TERRAFORM and not n.module and n.loc.line > 0),
        key=Node.sort_key,
    )
    main = [n for n in root if n.loc.file.rsplit("/", 1)[-1] == "main.tf"]
    candidates = main or root
    return candidates[0] if candidates else None
