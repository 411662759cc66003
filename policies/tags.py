"""NC-TAG: the spec's single-account, tag-based isolation (section 2) rests on every resource's tags."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from checker.model import Graph, Node, NodeKind, Severity, Tool, Unknown, is_unknown
from policies import TAGGABLE, load_yaml_validated
from policies.base import Context, RuleFamily, Violation

FAMILY = RuleFamily("tags")

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


def effective_tags(node: Node) -> dict[str, Any] | Unknown:
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


def _check_tag(graph: Graph, key: str, expected: str, why: str) -> Iterable[Violation]:
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


@FAMILY.rule(
    id="NC-TAG-001",
    title="Every taggable resource carries Environment = <the environment checked>",
    severity=Severity.HIGH,
    spec_section=SPEC_SECTION,
    checklist="separation",
    what=(
        "Every managed AWS resource that accepts tags, in Terraform and in SAM, carries the tag `Environment` "
        "whose value is the environment being checked (`dev`, `staging` or `prod`). The effective tags are "
        "checked: Terraform provider `default_tags` merged with the resource's own `tags`, SAM `Tags` merged "
        "with `Globals`. Types that cannot carry tags are listed in `policies/data/taggable.yaml`."
    ),
    why=(
        "Section 2 chooses single-account, tag-based isolation: all three environments share one AWS account, "
        "and 'all resources tagged with Environment=<env>' is what IAM conditions (aws:ResourceTag/Environment) "
        "and cost reports rely on to tell them apart. An untagged or mistagged resource escapes the IAM boundary "
        "of its environment or falls into another's."
    ),
    noncompliant='provider "aws" {\n  default_tags {\n    tags = { Project = "notes" }\n  }\n}\n\n'
    'resource "aws_dynamodb_table" "notes" {\n  name = "notes-prod-notes"\n  tags = { Environment = "dev" }\n}',
    compliant='provider "aws" {\n  default_tags {\n    tags = {\n      Environment = var.environment\n'
    "      Project     = var.project\n    }\n  }\n}",
    remediation=(
        "Set `Environment = var.environment` in the provider's `default_tags` (Terraform) and "
        "`Environment: !Ref Environment` under `Globals` / each resource's `Tags` (SAM); remove per-resource "
        "overrides that hard-code another environment."
    ),
)
def environment_tag(graph: Graph, ctx: Context) -> Iterable[Violation]:
    yield from _check_tag(graph, "Environment", ctx.env, "the spec's tag-based isolation (section 2)")


@FAMILY.rule(
    id="NC-TAG-002",
    title="Every taggable resource carries Project = notes",
    severity=Severity.MEDIUM,
    spec_section=SPEC_SECTION + "; 7. Cost Management (cost tagging)",
    checklist="cost",
    what=(
        "Every managed AWS resource that accepts tags, in Terraform and in SAM, carries the tag `Project` with "
        "the spec's project name (`project` in `policies/data/spec.yaml`: `notes`)."
    ),
    why=(
        "Section 7 lists cost tagging as an infrastructure-level cost control, and section 2's single-account "
        "model mixes this project with anything else in the account: without `Project` the notes app's cost "
        "cannot be broken down (docs/runbooks/cost-monitoring.md) nor its resources selected by tag."
    ),
    noncompliant='resource "aws_sns_topic" "alarms" {\n  name = "notes-prod-alarms"\n'
    '  tags = { Environment = "prod" }  # and no default_tags\n}',
    compliant='provider "aws" {\n  default_tags {\n    tags = {\n      Environment = var.environment\n'
    '      Project     = "notes"\n    }\n  }\n}',
    remediation=(
        'Add `Project = var.project` (default "notes") to the provider\'s `default_tags`, and `Project: notes` to '
        "the SAM template's `Globals` / resource `Tags`."
    ),
)
def project_tag(graph: Graph, ctx: Context) -> Iterable[Violation]:
    yield from _check_tag(graph, "Project", ctx.spec["project"], "cost tagging (sections 2 and 7)")
