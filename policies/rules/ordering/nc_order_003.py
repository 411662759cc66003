"""NC-ORDER-003: Every module belongs to a layer of the spec."""


from __future__ import annotations

from collections.abc import Iterable

from checker.model import Graph, Severity
from policies.base import Rule, RuleContext, Violation
from policies.lib.layers import layer_key, root_module_calls


def modules_have_layers(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    for name, call in sorted(root_module_calls(graph).items()):
        if layer_key(call, ctx.spec) is None:
            yield Violation(call, f"module {name} has no layer in the spec's dependency order")


RULE = Rule(
    id="NC-ORDER-003",
    family="ordering",
    title="Every module belongs to a layer of the spec",
    severity=Severity.LOW,
    spec_section="4. Terraform Module Structure; 6. Infrastructure Dependencies",
    checklist="reproducible",
    what=(
        "Every module call of the root module maps to a layer (by its name or its source directory) in "
        "policies/data/spec.yaml, so the order check covers it."
    ),
    why="Section 4 lists the modules and section 6 their order; a module outside both escapes the order check.",
    noncompliant=(
        'module "misc" {\n'
        '  source = "./modules/misc"\n'
        "}"
    ),
    compliant=(
        'module "monitoring" {\n'
        '  source = "./modules/monitoring"\n'
        "}"
    ),
    remediation=(
        "Name the module after its layer, or add it to `modules` in policies/data/spec.yaml with the layer it "
        "belongs to."
    ),
    check=modules_have_layers,
)
