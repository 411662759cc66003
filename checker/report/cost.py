"""`notescheck cost`: the monthly estimate of each environment, service by service, against the spec's table."""

from __future__ import annotations

import json
from collections.abc import Sequence

from checker.cost import CostEstimate


def _money(value: float | None) -> str:
    return "-" if value is None else f"${value:,.2f}"


def _verdict(estimate: CostEstimate) -> str:
    if estimate.over_budget:
        return "OVER BUDGET"
    if estimate.unknown:
        return "NOT KNOWN"
    return "within budget"


def cost_text(estimates: Sequence[CostEstimate], detail: bool = True) -> str:
    out: list[str] = []
    for estimate in estimates:
        out.append(
            f"{estimate.env}: {_money(estimate.total)} a month, spec {_money(estimate.budget_total)}: "
            f"{_verdict(estimate)}"
        )
        out.append(f"  {'service':<14} {'estimate':>10} {'spec':>10}")
        for service in estimate.services:
            if not service.estimate and service.budget is None and not service.unknown_lines:
                continue
            mark = "  over the spec's row" if service.over else ""
            unknown = f"  (+{service.unknown_lines} not known)" if service.unknown_lines else ""
            out.append(
                f"  {service.service:<14} {_money(service.estimate):>10} {_money(service.budget):>10}{mark}{unknown}"
            )
        if detail:
            out.append("  priced from:")
            for line in estimate.lines:
                price = _money(line.monthly) if line.monthly is not None else f"not known ({line.unknown})"
                out.append(f"    {line.service:<14} {price:>10}  {line.resource}: {line.item}")
        assumptions = ", ".join(f"{key}={value:g}" for key, value in estimate.assumptions)
        out.append(f"  assumes: {assumptions}")
        out.append(f"  prices: {estimate.prices_region}, list prices as of {estimate.prices_as_of}")
        out.append("")
    return "\n".join(out)


def cost_markdown(estimates: Sequence[CostEstimate]) -> str:
    envs = [e.env for e in estimates]
    out = [
        "# notescheck cost estimate",
        "",
        "| Service | " + " | ".join(envs) + " |",
        "| --- |" + " ---: |" * len(envs),
    ]
    services = [s.service for s in estimates[0].services] if estimates else []
    for index, name in enumerate(services):
        cells = []
        for estimate in estimates:
            service = estimate.services[index]
            over = " **over**" if service.over else ""
            cells.append(f"{_money(service.estimate)} / {_money(service.budget)}{over}")
        out.append(f"| {name} | " + " | ".join(cells) + " |")
    totals = [f"**{_money(e.total)} / {_money(e.budget_total)}** {_verdict(e)}" for e in estimates]
    out.append("| **Total** | " + " | ".join(totals) + " |")
    out.append("")
    out.append("Each cell: estimate / the spec's row (section 7).")
    if estimates:
        out.append(f"Prices: {estimates[0].prices_region}, list prices as of {estimates[0].prices_as_of}.")
    return "\n".join(out) + "\n"


def cost_json(estimates: Sequence[CostEstimate]) -> str:
    document = {
        "environments": [
            {
                "env": e.env,
                "total": round(e.total, 2),
                "budget": e.budget_total,
                "over_budget": e.over_budget,
                "unknown": len(e.unknown),
                "services": [
                    {"service": s.service, "estimate": round(s.estimate, 2), "budget": s.budget, "over": s.over}
                    for s in e.services
                ],
                "lines": [
                    {
                        "service": line.service,
                        "resource": line.resource,
                        "item": line.item,
                        "monthly": line.monthly,
                        "unknown": line.unknown or None,
                    }
                    for line in e.lines
                ],
                "assumptions": dict(e.assumptions),
                "prices": {"region": e.prices_region, "as_of": e.prices_as_of},
            }
            for e in estimates
        ]
    }
    return json.dumps(document, indent=2) + "\n"
