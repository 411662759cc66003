"""NC-ORDER-002: No dependency cycle between modules."""


from __future__ import annotations

import graphlib
from collections.abc import Iterable

from checker.model import Graph, Severity
from policies.base import Rule, RuleContext, Violation
from policies.lib.layers import module_dependencies, root_module_calls, where_used


def no_cycles(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    calls = root_module_calls(graph)
    sorter = graphlib.TopologicalSorter(module_dependencies(graph))
    try:
        sorter.prepare()
    except graphlib.CycleError as error:
        cycle = error.args[1]
        first = calls[cycle[0]]
        yield Violation(first, "module dependency cycle: " + " -> ".join(cycle), where_used(first, cycle[1], graph))


RULE = Rule(
    id="NC-ORDER-002",
    family="ordering",
    title="No dependency cycle between modules",
    severity=Severity.HIGH,
    spec_section="6. Infrastructure Dependencies (dependency order)",
    checklist="reproducible",
    what="The graph of root module calls (edges: references to another module's outputs, depends_on) has no cycle.",
    why="Section 6 orders the layers strictly; a cycle has no order to create or destroy in.",
    noncompliant=(
        'module "auth" {\n'
        "  kms_key_arn = module.security.key_arn\n"
        "}\n"
        'module "security" {\n'
        "  pool_arn = module.auth.user_pool_arn\n"
        "}"
    ),
    compliant=(
        'module "auth" {\n'
        "  kms_key_arn = module.security.key_arn\n"
        "}"
    ),
    remediation="Break the cycle by moving the shared value into the earlier layer.",
    check=no_cycles,
)
