"""References as written and followed: dotted names in meta-arguments, what reading a resource yields, and the
graph's edges once every node is known."""

from __future__ import annotations

from checker.hcl.ast import Expr, GetAttr, Literal, Paren, Traversal, Variable
from checker.hcl.evaluate import Resolution
from checker.model import Edge, EdgeKind, Node, Unknown
from checker.terraform.instances import ResourceInstance, ResourceResult


def expression_text(expr: Expr) -> str | None:
    """`aws.us_east_1`, `module.iam`, `aws_s3_bucket.site`: a plain dotted reference as written."""
    if isinstance(expr, Paren):
        return expression_text(expr.expr)
    if isinstance(expr, Variable):
        return expr.name
    if isinstance(expr, Traversal) and isinstance(expr.source, Variable):
        names = [expr.source.name]
        for step in expr.steps:
            if not isinstance(step, GetAttr):
                break
            names.append(step.name)
        return ".".join(names)
    if isinstance(expr, Literal) and isinstance(expr.value, str):
        return expr.value
    return None


def listed_references(expr: Expr) -> list[str | None]:
    """A list such as `depends_on = [...]` read as dotted references; None for an entry that is not one."""
    return [expression_text(item) for item in getattr(expr, "items", ())]


def resource_reference(result: ResourceResult, address: str, keys: tuple) -> Resolution:
    """A resource's value; when one attribute of one instance is read, that attribute's own evidence."""
    ids = result.ids()
    mode = result.expansion.mode
    instance: ResourceInstance | None = None
    consumed = 1
    if mode is None and result.instances:
        instance = result.instances[0]
    elif mode in ("count", "for_each") and len(keys) > 1:
        wanted = keys[1]
        instance = result.instance(wanted) if isinstance(wanted, int | str) else None
        consumed = 2
    attribute = keys[consumed] if instance is not None and len(keys) > consumed else None
    if instance is None or not isinstance(attribute, str):
        return Resolution(result.value(address), 1, (address,), ids, lenient=address)
    where = f"{instance.address}.{attribute}"
    if attribute not in instance.values:
        reason = f"{where} is not set in the configuration (known after apply)"
        return Resolution(Unknown(reason), consumed + 1, (where,), ("tf:" + instance.address,))
    trace = instance.traces.get(attribute, ()) + (where,)
    return Resolution(instance.values[attribute], consumed + 1, trace, ("tf:" + instance.address,), lenient=where)


def graph_edges(nodes: dict[str, Node], edges: set[tuple[str, str, EdgeKind]]) -> list[Edge]:
    """The edges whose both ends became nodes (a reference into a cycle has no node to point at), sorted so
    that every run lists them alike."""
    return [Edge(*e) for e in sorted(e for e in edges if e[0] in nodes and e[1] in nodes)]
