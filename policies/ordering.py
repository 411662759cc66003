"""NC-ORDER: the dependency order of section 6 and the ownership split of section 1.

Layers come from policies/data/spec.yaml (`layers`, `modules`); a module may use its own layer and the
layers before it, never a later one, and the module graph has no cycle (checked with graphlib).
"""

from __future__ import annotations

import graphlib
from collections.abc import Iterable

from checker.model import EdgeKind, Graph, Node, NodeKind, Severity, Tool
from policies.base import Context, RuleFamily, Violation

FAMILY = RuleFamily("ordering")

DEPENDENCY_EDGES = (EdgeKind.REFERENCE, EdgeKind.DEPENDS_ON)


def _root_module_calls(graph: Graph) -> dict[str, Node]:
    return {n.name or n.address.removeprefix("module."): n for n in graph.of_kind(NodeKind.MODULE) if not n.module}


def _owning_module(node: Node, calls: dict[str, Node]) -> str | None:
    """The root module call a node belongs to: module.compute.aws_x.y -> compute."""
    if node.kind == NodeKind.MODULE and not node.module:
        return node.name or node.address.removeprefix("module.")
    if node.module.startswith("module."):
        name = node.module.split(".")[1].split("[")[0]
        return name if name in calls else None
    return None


def _layer_key(call: Node, spec: dict) -> str | None:
    """A module's layer: by call name, else by the directory of its local source."""
    modules = spec["modules"]
    if call.name in modules:
        return modules[call.name]
    source = str(call.meta.get("local_dir") or call.meta.get("source") or "")
    base = source.rstrip("/").split("/")[-1]
    return modules.get(base)


def module_dependencies(graph: Graph) -> dict[str, set[str]]:
    """Root module call -> the root module calls it reads from (through outputs, or depends_on)."""
    calls = _root_module_calls(graph)
    owner = {node_id: _owning_module(node, calls) for node_id, node in graph.nodes.items()}
    depends: dict[str, set[str]] = {name: set() for name in calls}
    for edge in graph.edges:
        if edge.kind not in DEPENDENCY_EDGES:
            continue
        user, used = owner.get(edge.source), owner.get(edge.target)
        if user and used and user != used:
            depends[user].add(used)
    return depends


def _where_used(call: Node, used: str) -> str:
    """The argument of a module call whose evidence reads the other module, for a precise line."""
    prefix = f"module.{used}."
    for path, trace in sorted(call.traces.items()):
        if any(step.startswith(prefix) or f" {prefix}" in step for step in trace):
            return path
    for path, value in sorted(call.values.items()):
        if isinstance(value, str) and prefix in value:
            return path
    return ""


@FAMILY.rule(
    id="NC-ORDER-001",
    title="Modules depend only on earlier layers",
    severity=Severity.HIGH,
    spec_section="6. Infrastructure Dependencies (dependency order)",
    checklist="reproducible",
    what="Each module call of the root module reads outputs only of modules in the same or an earlier layer "
    "of IAM -> Security -> Database -> Auth -> Compute -> Monitoring (module-to-layer map in "
    "policies/data/spec.yaml).",
    why="Section 6 calls the order critical: an earlier layer that needs a later one cannot be destroyed and "
    "recreated identically, one layer at a time.",
    noncompliant='module "database" {\n  source     = "./modules/database"\n'
    "  invoke_arn = module.compute.invoke_arn   # database reads compute\n}",
    compliant='module "compute" {\n  source     = "./modules/compute"\n'
    "  table_name = module.database.table_name   # compute reads database\n}",
    remediation="Move the dependency the other way: pass the earlier layer's outputs into the later module, or "
    "move the resource into the layer that owns it.",
)
def layer_order(graph: Graph, ctx: Context) -> Iterable[Violation]:
    calls = _root_module_calls(graph)
    layers = ctx.spec["layers"]
    for user, used_set in sorted(module_dependencies(graph).items()):
        user_layer = _layer_key(calls[user], ctx.spec)
        for used in sorted(used_set):
            used_layer = _layer_key(calls[used], ctx.spec)
            if user_layer is None or used_layer is None:
                continue
            if layers.index(used_layer) > layers.index(user_layer):
                call = calls[user]
                yield Violation(
                    call,
                    f"module {user} ({user_layer}) reads module {used} ({used_layer}), a later layer in "
                    f"{' -> '.join(layers)}",
                    _where_used(call, used),
                )


@FAMILY.rule(
    id="NC-ORDER-002",
    title="No dependency cycle between modules",
    severity=Severity.HIGH,
    spec_section="6. Infrastructure Dependencies (dependency order)",
    checklist="reproducible",
    what="The graph of root module calls (edges: references to another module's outputs, depends_on) has no cycle.",
    why="Section 6 orders the layers strictly; a cycle has no order to create or destroy in.",
    noncompliant='module "auth" {\n  kms_key_arn = module.security.key_arn\n}\n'
    'module "security" {\n  pool_arn = module.auth.user_pool_arn\n}',
    compliant='module "auth" {\n  kms_key_arn = module.security.key_arn\n}',
    remediation="Break the cycle by moving the shared value into the earlier layer.",
)
def no_cycles(graph: Graph, ctx: Context) -> Iterable[Violation]:
    calls = _root_module_calls(graph)
    sorter = graphlib.TopologicalSorter(module_dependencies(graph))
    try:
        sorter.prepare()
    except graphlib.CycleError as error:
        cycle = error.args[1]
        first = calls[cycle[0]]
        yield Violation(first, "module dependency cycle: " + " -> ".join(cycle), _where_used(first, cycle[1]))


@FAMILY.rule(
    id="NC-ORDER-003",
    title="Every module belongs to a layer of the spec",
    severity=Severity.LOW,
    spec_section="4. Terraform Module Structure; 6. Infrastructure Dependencies",
    checklist="reproducible",
    what="Every module call of the root module maps to a layer (by its name or its source directory) in "
    "policies/data/spec.yaml, so the order check covers it.",
    why="Section 4 lists the modules and section 6 their order; a module outside both escapes the order check.",
    noncompliant='module "misc" {\n  source = "./modules/misc"\n}',
    compliant='module "monitoring" {\n  source = "./modules/monitoring"\n}',
    remediation="Name the module after its layer, or add it to `modules` in policies/data/spec.yaml with the "
    "layer it belongs to.",
)
def modules_have_layers(graph: Graph, ctx: Context) -> Iterable[Violation]:
    for name, call in sorted(_root_module_calls(graph).items()):
        if _layer_key(call, ctx.spec) is None:
            yield Violation(call, f"module {name} has no layer in the spec's dependency order")


@FAMILY.rule(
    id="NC-ORDER-004",
    title="Terraform owns the foundation, SAM owns functions and APIs",
    severity=Severity.HIGH,
    spec_section="1. Infrastructure-as-Code Strategy (separation of concerns)",
    checklist="separation",
    what="Terraform defines no Lambda function or API Gateway API (SAM's), and the SAM template defines no "
    "table, user pool, key, secret, bucket, distribution, DNS record, custom domain, certificate or IAM role "
    "(Terraform's): the type lists are in policies/data/spec.yaml `ownership`.",
    why="Section 1 splits ownership: platform engineers -> Terraform (networking, IAM, DynamoDB, storage), "
    "application engineers -> SAM (Lambda, API Gateway). A resource defined on both sides is managed twice.",
    noncompliant="Resources:\n  NotesTable:\n    Type: AWS::DynamoDB::Table   # the database module owns it",
    compliant="Parameters:\n  TableName:\n    Type: AWS::SSM::Parameter::Value<String>\n"
    "    Default: /notes/prod/table-name   # published by Terraform",
    remediation="Define the resource on the side that owns it and pass its name or ARN across (SSM parameter "
    "or samconfig parameter).",
)
def ownership(graph: Graph, ctx: Context) -> Iterable[Violation]:
    owned = ctx.spec["ownership"]
    for node in graph.resources(*owned["sam_only_terraform_types"], tool=Tool.TERRAFORM):
        yield Violation(node, f"{node.type} belongs to the SAM application, not Terraform ({node.address})")
    for node in graph.resources(*owned["terraform_only_sam_types"], tool=Tool.SAM):
        yield Violation(node, f"{node.type} belongs to the Terraform foundation, not SAM ({node.address})")
