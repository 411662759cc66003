"""NC-COST-001: The monthly estimate stays within the spec's cost table."""

from __future__ import annotations

from collections.abc import Iterable

from checker.cost import estimate
from checker.model import Graph, Severity
from policies import load_cost_data
from policies.base import Rule, RuleContext, Violation


def within_budget(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    cost_data = load_cost_data()
    if ctx.env not in cost_data["usage"] or not graph.resources():
        return  # nothing is priced; policies/data/cost.yaml's schema lists the environments it assumes usage for
    found = estimate(graph, cost_data, ctx.spec["cost_estimate"])
    for line in found.unknown:
        yield Violation(
            graph.nodes[line.node_id],
            f"the monthly cost of {line.resource} ({line.item}) cannot be estimated: {line.unknown}",
            line.path,
        )
    if not found.over_budget:
        return
    priced = [line for line in found.lines if line.monthly]
    largest = max(priced, key=lambda line: line.monthly or 0.0)  # `or`: for the type checker, all are priced
    over = [
        f"{s.service} ${s.estimate:,.2f} (spec ${s.budget:,.2f})"
        for s in found.services
        if s.over and s.budget is not None
    ]
    yield Violation(
        graph.nodes[largest.node_id],
        f"{ctx.env}'s monthly estimate is ${found.total:,.2f}, over the spec's ${found.budget_total:,.2f} "
        f"(section 7){': ' + ', '.join(over) if over else ''}; the largest item is {largest.resource} "
        f"({largest.item}, ${largest.monthly:,.2f})",
        largest.path,
        evidence=tuple(
            f"{line.service}: {line.resource} {line.item} ${line.monthly:,.2f}"
            for line in sorted(priced, key=lambda line: -(line.monthly or 0.0))[:5]
        )
        + (f"prices: {found.prices_region} as of {found.prices_as_of}; `notescheck cost --env {ctx.env}`",),
    )


RULE = Rule(
    id="NC-COST-001",
    family="cost",
    title="The monthly estimate stays within the spec's cost table",
    severity=Severity.MEDIUM,
    spec_section="7. Cost Management (Infrastructure Cost Estimate)",
    checklist="cost",
    what=(
        "The environment's monthly estimate, priced offline from its resources (provisioned capacity, function "
        "memory and provisioned concurrency, API requests, secrets and keys, alarms, log ingestion and retention, "
        "storage and backups) with the dated price table and usage assumptions of policies/data/cost.yaml, is at "
        "most the spec's total for the environment (policies/data/spec.yaml `cost_estimate`: $1.50 dev, $5.50 "
        "staging, $10.50 prod). A resource whose cost cannot be known is reported, never priced as zero. "
        "`notescheck cost` shows the whole estimate, service by service."
    ),
    why=(
        "Section 7 budgets each environment and lists resource quotas through variable limits among its cost "
        "controls; the checklist asks 'Are cost controls in place?'. A capacity, memory or retention raised in a "
        "tfvars file is a bill raised every month: it should fail review, not arrive on the invoice."
    ),
    noncompliant="dynamodb_read_units  = 40   # envs/prod.tfvars: $8.54 a month of reads alone, prod's total is $10.50",
    compliant="dynamodb_read_units  = 2",
    remediation=(
        "Bring the capacity back to the spec's row, or, if the spec's estimate is out of date, change "
        "`cost_estimate` in policies/data/spec.yaml in the same review as the spec."
    ),
    check=within_budget,
)
