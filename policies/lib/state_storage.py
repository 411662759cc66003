"""Shared helpers of the rules."""


from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from checker.model import Graph, Node, NodeKind, Tool, is_unknown
from policies.base import RuleContext, Violation
from policies.lib.s3 import bucket_companions

SPEC_SECTION = "3. State Management Strategy"


BACKEND_ID = "tf:terraform.backend"


def spec_name(ctx: RuleContext, key: str, env: str | None = None) -> str:
    """A state_backend name of the spec with ${project} (and ${environment}) filled in."""
    text = ctx.spec["state_backend"][key].replace("${project}", ctx.spec["project"])
    return text.replace("${environment}", env) if env is not None else text


def s3_backend(graph: Graph) -> Node | None:
    node = graph.nodes.get(BACKEND_ID)
    if node is not None:
        return node
    backends = [n for n in graph.of_kind(NodeKind.BACKEND) if not n.module]
    return backends[0] if backends else None


def backend_value(ctx: RuleContext, backend: Node, key: str, expected: Any, what: str) -> Iterable[Violation]:
    value = backend.get(key)
    if value is None:
        yield Violation(backend, f"the S3 backend sets no {key}; {what} needs {key} = {expected!r}")
    elif is_unknown(value):
        yield Violation(backend, f"the S3 backend's {key} cannot be known statically ({value.reason})", key)
    elif value != expected:
        yield Violation(backend, f"the S3 backend's {key} is {value!r}, expected {expected!r} ({what})", key)


def named(graph: Graph, resource_type: str, attribute: str, name: str) -> list[Node]:
    return [n for n in graph.resources(resource_type, tool=Tool.TERRAFORM) if n.get(attribute) == name]


def state_buckets(graph: Graph, ctx: RuleContext) -> list[Node]:
    return named(graph, "aws_s3_bucket", "bucket", spec_name(ctx, "bucket"))


def bucket_setting(
    graph: Graph, bucket: Node, resource_type: str, expected: dict[str, Any], what: str
) -> Iterable[Violation]:
    """The bucket's sub-resource of `resource_type` must exist and hold the expected value at each path."""
    companions = bucket_companions(graph, bucket, resource_type)
    if not companions:
        yield Violation(bucket, f"{bucket.address} has no {resource_type}: {what}")
    for node in companions:
        for path, wanted in expected.items():
            value = node.get(path)
            if is_unknown(value):
                yield Violation(node, f"{node.address}: {path} cannot be known statically ({value.reason})", path)
            elif value != wanted:
                yield Violation(node, f"{node.address}: {path} is {value!r}, expected {wanted!r}: {what}", path)
