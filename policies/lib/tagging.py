"""Shared helpers of the rules."""


from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from checker.model import Graph, Location, Node, NodeKind, Tool, Unknown, is_unknown
from policies import TAGGABLE, load_yaml_validated
from policies.base import Violation

SPEC_SECTION = "2. Environment Separation Model (tag-based isolation)"


@cache
def untaggable_terraform_types() -> frozenset[str]:
    """Terraform AWS types without a `tags` argument (policies/data/taggable.yaml)."""
    data = load_yaml_validated(*TAGGABLE)
    return frozenset(data["untaggable_terraform_types"])


def is_taggable(node: Node) -> bool:
    """Managed AWS resources that accept tags: Terraform by type, SAM where the loader found a Tags property."""
    if node.tool == Tool.SAM:
        return node.tags is not None
    return node.type.startswith("aws_") and node.type not in untaggable_terraform_types()


def effective_tags(node: Node) -> dict[Any, Any] | Unknown:
    """The node's effective tag map; CloudFormation's [{Key, Value}] lists are read as a map."""
    tags = node.tags
    if tags is None:
        return {}
    if isinstance(tags, list):
        return {t.get("Key"): t.get("Value") for t in tags if isinstance(t, dict)}
    return tags


def taggable_resources(graph: Graph) -> Iterator[Node]:
    for node in sorted(graph.resources(), key=Node.sort_key):
        if is_taggable(node):
            yield node


def _tag_path(node: Node, key: str) -> str:
    """Where a tag is written: Terraform `tags.<key>`, SAM `Properties.Tags.<key>` or, in CloudFormation's
    list form, `Properties.Tags.<i>.Value`. Tags that come from defaults point at the resource."""
    written = node.get("Properties.Tags")
    if isinstance(written, list):
        for index, tag in enumerate(written):
            if isinstance(tag, dict) and tag.get("Key") == key:
                return f"Properties.Tags.{index}.Value"
    for path in (f"tags.{key}", f"Properties.Tags.{key}"):
        if path in node.spans:
            return path
    return ""


def _default_tag_source(node: Node, key: str, providers: dict[str, Node]) -> Node | None:
    """The provider whose `default_tags` gave `node` its `key` tag, when the resource does not set it."""
    own = node.values.get("tags")
    if node.tool != Tool.TERRAFORM or (isinstance(own, dict) and key in own):
        return None
    provider = providers.get(node.id)
    defaults = provider.get("default_tags.0.tags") if provider is not None else None
    return provider if isinstance(defaults, dict) and key in defaults else None


def _providers_by_resource(graph: Graph) -> dict[str, Node]:
    return {
        e.source: graph.nodes[e.target]
        for e in graph.edges
        if e.target in graph.nodes and graph.nodes[e.target].kind == NodeKind.PROVIDER
    }


def _stack_tag(graph: Graph, key: str, expected: str, why: str) -> Iterable[Violation]:
    """samconfig.toml's `tags` tag the CloudFormation stack itself (a resource of the account, which a
    tag-scoped policy of another environment could then reach) and every resource that does not set the
    key: a stack tag naming another value is a finding at its samconfig line, even when each resource
    overrides it."""
    stacks = [n for n in graph.resources(tool=Tool.SAM) if isinstance(n.meta.get("stack_tags"), dict)]
    if not stacks:
        return
    node = min(stacks, key=Node.sort_key)
    value = node.meta["stack_tags"].get(key)
    if value is None or value == expected:
        return
    file, _, line = str(node.meta.get("stack_tags_set_by", "")).rpartition(":")
    location = Location(file, int(line), int(line)) if file and line.isdigit() else None
    stack = node.meta.get("stack_name") or "the SAM stack"
    yield Violation(
        node,
        f"{stack} is tagged {key} = {value!r} by samconfig.toml's tags, expected {expected!r} ({why}): the stack "
        "and every resource that sets no tag of its own carry it",
        location=location,
    )


def check_tag(graph: Graph, key: str, expected: str, why: str) -> Iterable[Violation]:
    yield from _stack_tag(graph, key, expected, why)
    providers: dict[str, Node] | None = None
    for node in taggable_resources(graph):
        tags = effective_tags(node)
        if is_unknown(tags):
            yield Violation(
                node,
                f"{node.address}: its tags cannot be known statically ({tags.reason}), "
                f"so the {key} tag cannot be verified",
                "Properties.Tags" if node.tool == Tool.SAM else "tags",
            )
            continue
        if key not in tags:
            yield Violation(node, f"{node.address} has no {key} tag; {why} requires {key} = {expected!r}")
            continue
        value = tags[key]
        path = _tag_path(node, key)
        if is_unknown(value):
            yield Violation(
                node, f"{node.address}: the {key} tag cannot be known statically ({value.reason})", path=path
            )
        elif value != expected:
            message = f"{node.address} has {key} = {value!r}, expected {expected!r} ({why})"
            providers = _providers_by_resource(graph) if providers is None else providers
            provider = _default_tag_source(node, key, providers)
            if provider is None:
                yield Violation(node, message, path=path)
            else:
                # One finding at the provider's default_tags line, listing every resource that inherits it.
                source = f"default_tags.0.tags.{key}"
                yield Violation(
                    node,
                    message + f", inherited from {provider.address} default_tags",
                    location=provider.location_of(source),
                    evidence=provider.traces.get(source, ()),
                )
