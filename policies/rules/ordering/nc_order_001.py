"""NC-ORDER-001: Modules depend only on earlier layers."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity
from policies.base import Rule, RuleContext, Violation
from policies.lib.layers import layer_key, module_dependencies, root_module_calls, where_used


def layer_order(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    calls = root_module_calls(graph)
    layers = ctx.spec["layers"]
    for user, used_set in sorted(module_dependencies(graph).items()):
        user_layer = layer_key(calls[user], ctx.spec)
        for used in sorted(used_set):
            used_layer = layer_key(calls[used], ctx.spec)
            if user_layer is None or used_layer is None:
                continue
            if layers.index(used_layer) > layers.index(user_layer):
                call = calls[user]
                yield Violation(
                    call,
                    f"module {user} ({user_layer}) reads module {used} ({used_layer}), a later layer in "
                    f"{' -> '.join(layers)}",
                    where_used(call, used, graph),
                )


RULE = Rule(
    id="NC-ORDER-001",
    family="ordering",
    title="Modules depend only on earlier layers",
    severity=Severity.HIGH,
    spec_section="6. Infrastructure Dependencies (dependency order)",
    checklist="reproducible",
    what=(
        "Each module call of the root module reads outputs only of modules in the same or an earlier layer of IAM -> "
        "Security -> Database -> Auth -> Compute -> Monitoring (module-to-layer map in policies/data/spec.yaml)."
    ),
    why=(
        "Section 6 calls the order critical: an earlier layer that needs a later one cannot be destroyed and "
        "recreated identically, one layer at a time."
    ),
    noncompliant=(
        'module "database" {\n'
        '  source     = "./modules/database"\n'
        "  invoke_arn = module.compute.invoke_arn   # database reads compute\n"
        "}"
    ),
    compliant=(
        'module "compute" {\n'
        '  source     = "./modules/compute"\n'
        "  table_name = module.database.table_name   # compute reads database\n"
        "}"
    ),
    remediation=(
        "Move the dependency the other way: pass the earlier layer's outputs into the later module, or move the "
        "resource into the layer that owns it."
    ),
    check=layer_order,
)
