"""NC-REPRO-003: Resource names are the same on every apply."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from checker.model import Graph, Node, Severity, Tool
from policies.base import Rule, RuleContext, Violation

VOLATILE = ("timestamp()", "plantimestamp()", "uuid()", "bcrypt()")
PREFIX_PATHS = ("name_prefix", "bucket_prefix")  # the provider appends a unique suffix to these


def name_paths(node: Node) -> Iterator[str]:
    """The attributes that name the resource: Terraform `name`, `bucket`, `*_name`; SAM `Properties.*Name`."""
    if node.tool == Tool.TERRAFORM:
        for key in node.values:
            if key in ("name", "bucket", *PREFIX_PATHS) or key.endswith("_name"):
                yield key
    elif isinstance(node.values.get("Properties"), dict):
        for key in node.values["Properties"]:
            if key == "Name" or key.endswith("Name"):
                yield f"Properties.{key}"


def unstable_names(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for node in sorted(graph.resources(), key=Node.sort_key):
        randoms = {  # by address: a random resource of a module is named module.m.random_id.x in the chain
            target.address: target
            for edge in graph.edges_from(node.id)
            if (target := graph.nodes.get(edge.target)) is not None and target.type.startswith("random_")
        }
        for path in name_paths(node):
            trace = node.trace_of(path)
            if path in PREFIX_PATHS:
                yield Violation(
                    node,
                    f"{node.address} is named by {path}: the provider adds a new random suffix each time it is created",
                    path,
                )
                continue
            volatile = [step for step in trace if step in VOLATILE]
            if volatile:
                yield Violation(
                    node,
                    f"{path} of {node.address} depends on {volatile[0]}, which changes on every apply",
                    path,
                    evidence=trace,
                )
                continue
            for address, target in randoms.items():
                if not any(step == address or step.startswith(f"{address}.") for step in trace):
                    continue
                if not target.get("keepers"):
                    yield Violation(
                        node,
                        f"{path} of {node.address} depends on {target.address}, a random value without keepers",
                        path,
                        evidence=trace,
                    )
                elif volatile_keeper := _volatile_keeper(target):
                    yield Violation(
                        node,
                        f"{path} of {node.address} depends on {target.address}, whose keepers depend on "
                        f"{volatile_keeper}: a new random value on every apply",
                        path,
                        evidence=(*trace, f"{target.location_of('keepers')} keepers of {target.address}"),
                    )


def _volatile_keeper(random: Node) -> str | None:
    """The function that changes on every apply which a random resource's keepers depend on, if any."""
    for path, trace in random.traces.items():
        volatile = next((step for step in trace if step in VOLATILE), None)
        if volatile and (path == "keepers" or path.startswith("keepers.")):
            return volatile
    return None


RULE = Rule(
    id="NC-REPRO-003",
    family="reproducible",
    title="Resource names are the same on every apply",
    severity=Severity.MEDIUM,
    spec_section="7. Cost Management (dev/staging destroyed after hours); 1. Benefits (reproducible deployments)",
    checklist="reproducible",
    what=(
        "No resource name (Terraform `name`, `bucket`, `*_name`; SAM `Properties.*Name`) depends on a value that "
        "changes between applies: `timestamp()`, `plantimestamp()`, `uuid()`, `bcrypt()`, or a `random_*` resource "
        "without `keepers` or whose `keepers` depend on one of those functions; no `name_prefix`/`bucket_prefix` "
        "(the provider appends a unique suffix). Followed through locals, variables and modules by the evidence "
        "chain."
    ),
    why=(
        "The checklist asks 'Can infrastructure be destroyed and recreated identically?'; section 1 promises "
        "reproducible, idempotent deployments. A name that changes breaks every reference written outside "
        "Terraform (runbooks, dashboards, IAM conditions on names) and replaces the resource on every apply."
    ),
    noncompliant='resource "aws_s3_bucket" "site" {\n  bucket = "notes-${var.environment}-${timestamp()}"\n}',
    compliant='resource "aws_s3_bucket" "site" {\n  bucket = "notes-${var.environment}-site"\n}',
    remediation="Name resources from the project and the environment only; where a suffix must be unique, give "
    "its random resource `keepers` that do not change.",
    check=unstable_names,
)
