"""One self-contained HTML page for a reviewer: counts, review checklist, rule x environment matrix, findings
with their evidence, suppressed findings grouped by reason, and a picture of the module dependency graph.

Self-contained means nothing is loaded: the CSS is inline, the picture is inline SVG, there is no script,
and a Content-Security-Policy of `default-src 'none'` tells the browser so. Every text goes through
html.escape after the Report's masking (checker.report.common.masked_report, and mask_text for the module
graph's names), so no input file can inject markup or leak a secret. The numbers are those of the JSON
report (checker.report.common.count over the same findings) and sit in data-* attributes as well, for tests
and scripts. Same report, same bytes: no timestamps.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping
from html import escape

from checker.model import Finding, ModuleGraph, Report
from checker.report.common import (
    CHECKOV_SOURCE,
    SEVERITIES,
    ChecklistCell,
    checklist_key,
    checklist_rows,
    count,
    coverage,
    fails_gate,
    input_errors,
    input_warnings,
    mask_text,
    passed,
    rule_docs,
    rules_by_id,
    where,
)
from checker.settings import Settings

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1240px;
padding:16px 20px;color:#1f2328;background:#fff}
h1{font-size:22px;margin:.2em 0}h2{font-size:18px;margin:1.4em 0 .5em;border-bottom:1px solid #d0d7de}
h3{font-size:15px;margin:1em 0 .4em}
table{border-collapse:collapse;margin:.4em 0 1em}th,td{border:1px solid #d0d7de;padding:3px 7px;text-align:left;
vertical-align:top}th{background:#f6f8fa}td.n{text-align:right;font-variant-numeric:tabular-nums}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.verdict{display:inline-block;padding:4px 10px;border-radius:6px;font-weight:600;color:#fff}
.ok{color:#1a7f37}.bad{color:#cf222e}.muted{color:#656d76}
.verdict.ok{background:#1a7f37;color:#fff}.verdict.bad{background:#cf222e;color:#fff}
td.pass{background:#dafbe1}td.fail{background:#ffebe9}td.suppressed{background:#fff8c5}td.notrun{color:#8c959f}
.sev{font-weight:600;text-transform:uppercase;font-size:11px;padding:1px 5px;border-radius:4px;color:#fff}
.sev-critical{background:#82071e}.sev-high{background:#cf222e}.sev-medium{background:#bc4c00}
.sev-low{background:#9a6700}.sev-info{background:#57606a}
.finding{border:1px solid #d0d7de;border-radius:6px;padding:6px 10px;margin:8px 0}
.finding.below{border-style:dashed}
ol.chain{margin:.3em 0;padding-left:1.6em}ol.chain li{font-family:ui-monospace,Menlo,Consolas,monospace;
font-size:12.5px}
.matrix td{text-align:center;min-width:64px}.matrix td:first-child{text-align:left}
svg text{font-family:system-ui,sans-serif}
"""

_SEVERITY_RANK = {str(s): i for i, s in enumerate(SEVERITIES)}


def esc(value: object) -> str:
    return escape(str(value), quote=True)


def render_html(report: Report, settings: Settings) -> str:
    ok = passed(report, settings)
    envs = [r.env for r in report.results]
    about = [f"environments: {', '.join(envs) or 'none'}", f"gate: {settings.severity} and above"]
    about.append(f"notescheck {report.tool_version}")
    if report.checkov_version:
        about.append(f"checkov {report.checkov_version}")
    verdict = "passed" if ok else ("failed: input errors" if report.has_input_errors else "failed")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>notescheck report</title>",
        f"<style>{CSS}</style>",
        "</head>",
        f'<body data-passed="{str(ok).lower()}" data-gate="{esc(settings.severity)}">',
        "<h1>notescheck report</h1>",
        f'<p><span class="verdict {"ok" if ok else "bad"}" id="verdict">notescheck {esc(verdict)}</span> '
        f'<span class="muted">{esc(" · ".join(about))}</span></p>',
    ]
    parts += _diagnostics(report)
    parts += _counts(report, settings)
    parts += _checklist(report)
    parts += _module_graphs(report)
    parts += _matrix(report)
    parts += _findings(report, settings)
    parts += _suppressed(report)
    parts += ["</body>", "</html>"]
    return "\n".join(parts) + "\n"


def _diagnostics(report: Report) -> list[str]:
    lines: list[str] = []
    for title, kind, diagnostics in (
        ("Input errors: the run cannot pass", "error", input_errors(report)),
        ("Input warnings", "warning", input_warnings(report)),
    ):
        if not diagnostics:
            continue
        lines.append(f'<h2 id="diagnostics-{kind}">{esc(title)} ({len(diagnostics)})</h2>')
        lines.append("<ul>")
        for d in diagnostics:
            place = (f"{d.file}:{d.line}" if d.line else d.file) or "(no file)"
            lines.append(
                f'<li class="diagnostic" data-level="{esc(d.level)}"><code>{esc(place)}</code> '
                f"{esc(d.code)}: {esc(d.message)}</li>"
            )
        lines.append("</ul>")
    return lines


def _counts(report: Report, settings: Settings) -> list[str]:
    sev_heads = "".join(f"<th>{esc(s)}</th>" for s in SEVERITIES)
    lines = [
        '<h2 id="counts">Counts</h2>',
        '<p class="muted">Rules run: our rules applied to the environment. Resources: Terraform and SAM resources '
        "in its graph. Checks: one rule on one resource it checked; a check fails with an open (unsuppressed) "
        "finding, is suppressed when its only findings are, and passes otherwise. A rule passes when it leaves no "
        "open finding; open findings count by severity; failing: at or above the gate.</p>",
        '<table id="counts-table">',
        "<tr><th>environment</th><th>rules run</th><th>resources checked</th><th>checks</th><th>passed</th>"
        "<th>failed</th><th>suppressed checks</th><th>rules passed</th>"
        f"<th>rules failed</th>{sev_heads}<th>open</th><th>failing</th><th>suppressed</th></tr>",
    ]
    for result in report.results:
        c = count(result.findings, settings)
        covered = coverage(result, report)
        ran, rules_passed, rules_failed = covered.rules_run, covered.rules_passed, covered.rules_failed
        attrs = {
            "data-env": result.env,
            "data-rules-run": len(ran),
            "data-resources": result.resources_checked,
            "data-rules-passed": rules_passed,
            "data-rules-failed": rules_failed,
            "data-checks": covered.checks,
            "data-checks-passed": covered.passed,
            "data-checks-failed": covered.failed,
            "data-checks-suppressed": covered.suppressed,
            **{f"data-{k}": v for k, v in c.as_dict().items()},
        }
        cells = [len(ran), result.resources_checked, covered.checks, covered.passed, covered.failed]
        cells += [covered.suppressed, rules_passed, rules_failed]
        cells += [c.by_severity[str(s)] for s in SEVERITIES] + [c.total, c.failing, c.suppressed]
        lines.append(
            f'<tr class="env-counts"{_attrs(attrs)}><th><code>{esc(result.env)}</code></th>'
            + "".join(f'<td class="n">{v}</td>' for v in cells)
            + "</tr>"
        )
    totals = count(report.findings, settings)
    covered_all = [coverage(r, report) for r in report.results]
    all_checks = [sum(getattr(c, k) for c in covered_all) for k in ("checks", "passed", "failed", "suppressed")]
    total_attrs = {f"data-{k}": v for k, v in totals.as_dict().items()}
    lines.append(
        f'<tr id="totals"{_attrs(total_attrs)}><th>all</th><td></td>'
        f'<td class="n">{sum(r.resources_checked for r in report.results)}</td>'
        + "".join(f'<td class="n">{n}</td>' for n in all_checks)
        + "<td></td><td></td>"
        + "".join(f'<td class="n">{totals.by_severity[str(s)]}</td>' for s in SEVERITIES)
        + f'<td class="n">{totals.total}</td><td class="n">{totals.failing}</td><td class="n">{totals.suppressed}</td>'
        "</tr>"
    )
    lines.append("</table>")
    return lines


def _attrs(values: Mapping[str, object]) -> str:
    return "".join(f' {k}="{esc(v)}"' for k, v in values.items())


def _checklist(report: Report) -> list[str]:
    envs, questions = checklist_rows(report.results)
    if not envs:
        return []
    note = (
        "Yes: no open finding at or above the gate from the rules that answer the question (listed, with the "
        "resources each environment's graph holds)."
    )
    lines = _table_start("checklist", "Review checklist", note, "checklist-table", ["question"], envs)
    for row in questions:
        cells = "".join(_answer(answer) for answer in row.cells)
        lines.append(f'<tr data-question="{esc(row.question)}"><td>{esc(row.question)}</td>{cells}</tr>')
    lines.append("</table>")
    return lines


def _table_start(anchor: str, title: str, note: str, table: str, heads: list[str], envs: list[str]) -> list[str]:
    """A section's heading, its note and the opening of its table, one column per environment after `heads`."""
    columns = "".join(f"<th>{esc(h)}</th>" for h in heads) + "".join(f"<th><code>{esc(e)}</code></th>" for e in envs)
    table_class = ' class="matrix"' if anchor == "matrix" else ""
    return [
        f'<h2 id="{anchor}">{esc(title)}</h2>',
        f'<p class="muted">{note}</p>',
        f'<table{table_class} id="{table}">',
        f"<tr>{columns}</tr>",
    ]


def _answer(answer: ChecklistCell) -> str:
    if not answer.asked:
        return '<td class="notrun" data-ok="">not asked</td>'
    if answer.ok:
        body = (
            f'<span class="ok">yes</span><br><span class="muted">{len(answer.rules)} rule(s) on '
            f"{answer.resources} resource(s): {esc(', '.join(answer.rules) or 'no rule')}</span>"
        )
    else:
        failing = ", ".join(f"{rule_id} ({n})" for rule_id, n in answer.failing)
        body = f'<span class="bad">no</span><br><span class="mono">{esc(failing)}</span>'
    attrs = {
        "data-env": answer.env,
        "data-ok": str(answer.ok).lower(),
        "data-rules": " ".join(answer.rules),
        "data-failing-rules": " ".join(rule_id for rule_id, _ in answer.failing),
    }
    return f'<td class="{"pass" if answer.ok else "fail"} answer"{_attrs(attrs)}>{body}</td>'


def _matrix(report: Report) -> list[str]:
    """Every rule that ran or found something, by environment: open and suppressed findings per cell."""
    envs = [r.env for r in report.results]
    if not envs:
        return []
    ran = {r.env: set(coverage(r, report).rules_run) for r in report.results}
    tally: Counter[tuple[str, str, bool]] = Counter(
        (r.env, f.rule_id, f.suppressed) for r in report.results for f in r.findings
    )
    docs = rule_docs(report)
    checkov_ran = bool(report.checkov_version)
    note = (
        "Each cell: pass (the rule ran and left no open finding), or the number of open findings, and of "
        "suppressed ones; &#8212; where the rule does not run on that section."
    )
    lines = _table_start("matrix", "Rule x environment", note, "matrix-table", ["rule", "severity"], envs)
    for doc in docs:
        cells = []
        for env in envs:
            failed, suppressed = tally[(env, doc.id, False)], tally[(env, doc.id, True)]
            did_run = doc.id in ran[env] or failed or suppressed or (doc.source == CHECKOV_SOURCE and checkov_ran)
            if not did_run:
                state, text = "notrun", "&#8212;"
            elif failed:
                state, text = "fail", f"{failed} open"
            elif suppressed:
                state, text = "suppressed", "pass"
            else:
                state, text = "pass", "pass"
            if suppressed:
                text += f"<br>{suppressed} suppressed"
            attrs = {"data-env": env, "data-state": state, "data-failed": failed, "data-suppressed": suppressed}
            cells.append(f'<td class="{state}"{_attrs(attrs)}>{text}</td>')
        title = f' title="{esc(doc.title)}"' if doc.title else ""
        lines.append(
            f'<tr class="matrix-row" data-rule="{esc(doc.id)}"><td{title}><code>{esc(doc.id)}</code></td>'
            f'<td><span class="sev sev-{esc(doc.severity)}">{esc(doc.severity)}</span></td>' + "".join(cells) + "</tr>"
        )
    lines.append("</table>")
    return lines


def _severity_order(f: Finding) -> tuple:
    return (_SEVERITY_RANK.get(str(f.severity), len(_SEVERITY_RANK)), *f.sort_key())


def _findings(report: Report, settings: Settings) -> list[str]:
    open_findings = sorted((f for f in report.findings if not f.suppressed), key=_severity_order)
    lines = [f'<h2 id="findings">Findings ({len(open_findings)})</h2>']
    if not open_findings:
        return lines + ['<p class="ok">No open findings.</p>']
    rules = rules_by_id(report)
    for f in open_findings:
        gate = fails_gate(f, settings)
        attrs = {
            "data-rule": f.rule_id,
            "data-env": f.env,
            "data-severity": f.severity,
            "data-where": where(f),
            "data-failing": str(gate).lower(),
            "data-checklist": checklist_key(f, rules),
        }
        lines.append(f'<div class="finding{"" if gate else " below"}"{_attrs(attrs)}>')
        rule = esc(f.rule_id)
        if f.help_uri:
            rule = f'<a href="{esc(f.help_uri)}" rel="noreferrer noopener">{rule}</a>'
        below = "" if gate else ' <span class="muted">(below the gate)</span>'
        lines.append(
            f'<div><span class="sev sev-{esc(f.severity)}">{esc(f.severity)}</span>{below} <code>{rule}</code> '
            f"<code>{esc(f.env)}</code> <code>{esc(where(f))}</code> {esc(f.title)}</div>"
        )
        lines.append(f"<div>resource <code>{esc(f.resource)}</code>: {esc(f.message)}</div>")
        if f.evidence:
            lines.append('<div>evidence:<ol class="chain">')
            lines += [f"<li>{esc(step)}</li>" for step in f.evidence]
            lines.append("</ol></div>")
        if len(f.instances) > 1:
            lines.append("<div>instances: " + ", ".join(f"<code>{esc(i)}</code>" for i in f.instances) + "</div>")
        if f.remediation:
            lines.append(f"<div>fix: {esc(f.remediation)}</div>")
        lines.append("</div>")
    return lines


def _suppressed(report: Report) -> list[str]:
    """Suppressed findings grouped by waiver or inline reason: one heading per reason, not one line each."""
    suppressed = [f for f in report.findings if f.suppressed]
    if not suppressed:
        return []
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in suppressed:
        groups.setdefault((f.suppression_kind, f.suppression_reason), []).append(f)
    lines = [f'<h2 id="suppressed">Suppressed findings ({len(suppressed)})</h2>']
    for (kind, reason), findings in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines.append(
            f'<details class="suppression" data-kind="{esc(kind)}" data-count="{len(findings)}"><summary>'
            f"{esc(kind or 'suppressed')}: {esc(reason or '(no reason)')} ({len(findings)})</summary><ul>"
        )
        lines += [
            f"<li><code>{esc(f.rule_id)}</code> <code>{esc(f.env)}</code> <code>{esc(where(f))}</code> "
            f"<code>{esc(f.resource)}</code></li>"
            for f in findings
        ]
        lines.append("</ul></details>")
    return lines


# The module graph: one row per layer of section 6, top to bottom in the spec's order, module calls as boxes
# in their layer's row; an arrow runs from the module read to its reader (the order things are built in).
BOX_W, BOX_H, GAP_X, ROW_H, LABEL_W, PAD, MIN_W, LANE_GAP = 150, 34, 28, 78, 120, 16, 760, 14


def _module_graphs(report: Report) -> list[str]:
    """One picture per distinct module graph: environments with the same graph share it."""
    shown: list[tuple[ModuleGraph, list[str]]] = []
    for result in report.results:
        if not result.modules.modules:
            continue
        for graph, envs in shown:
            if graph == result.modules:
                envs.append(result.env)
                break
        else:
            shown.append((result.modules, [result.env]))
    lines = ['<h2 id="modules">Module dependency graph</h2>']
    if not shown:
        return lines + ['<p class="muted">No Terraform module calls in the root module.</p>']
    lines.append(
        '<p class="muted">Layers in the order of section 6 (Dependency Order), first at the top; an arrow runs from '
        "the module read to the module that reads it. A backward edge (a module reading a later layer, "
        "NC-ORDER-001) is red and dashed.</p>"
    )
    for graph, envs in shown:
        lines.append(f"<h3>{esc(', '.join(envs))}</h3>")
        lines.append(_svg(graph, envs))
        backward = [link for link in graph.links if link.backward]
        if backward:
            layer = {m.name: m.layer for m in graph.modules}
            lines.append('<ul class="backward-edges">')
            lines += [
                f'<li class="bad" data-user="{esc(mask_text(b.user))}" data-used="{esc(mask_text(b.used))}">backward: '
                f"module <code>{esc(mask_text(b.user))}</code> ({esc(layer.get(b.user, ''))}) reads module "
                f"<code>{esc(mask_text(b.used))}</code> ({esc(layer.get(b.used, ''))}), a later layer</li>"
                for b in backward
            ]
            lines.append("</ul>")
    return lines


def _ports(links: list, where: dict[str, tuple[float, float]]) -> dict[tuple, float]:
    """Where each edge leaves and meets a box: the edges on one side of a box are spread along it, ordered
    by where their other end is, so two edges between the same boxes (a cycle) do not draw over each other."""
    sides: dict[tuple[str, str], list[tuple[float, tuple]]] = {}
    for link in links:
        (ux, uy), (tx, ty) = where[link.used], where[link.user]
        start_side = "bottom" if uy < ty else "top"
        end_side = "top" if uy <= ty else "bottom"
        sides.setdefault((link.used, start_side), []).append((tx, (link, "from")))
        sides.setdefault((link.user, end_side), []).append((ux, (link, "to")))
    ports: dict[tuple, float] = {}
    for (module, _side), ends in sides.items():
        # the same order at both ends of a pair of edges (used, user as the tie-break): they run side by side
        ends.sort(key=lambda end: (end[0], end[1][0].used, end[1][0].user))
        left = where[module][0]
        for i, (_, key) in enumerate(ends):
            ports[key] = left + BOX_W * (i + 1) / (len(ends) + 1)
    return ports


def _arrowhead(control: tuple[float, float], tip: tuple[float, float], color: str) -> str:
    """A filled triangle at the end of a curve, pointing along its last control segment (no SVG markers: their
    url(#id) references are the one url( a self-contained page would otherwise hold)."""
    dx, dy = tip[0] - control[0], tip[1] - control[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    bx, by = tip[0] - 9 * ux, tip[1] - 9 * uy
    points = [tip, (bx - 4.5 * uy, by + 4.5 * ux), (bx + 4.5 * uy, by - 4.5 * ux)]
    return f'<polygon points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in points)}" fill="{color}"/>'


def _svg(graph: ModuleGraph, envs: list[str]) -> str:
    rows = list(graph.layers)
    if any(m.layer not in rows for m in graph.modules):
        rows.append("")  # modules of no layer (NC-ORDER-003)
    row_of = {m.name: m.layer if m.layer in graph.layers else "" for m in graph.modules}
    members = {layer: [m for m in graph.modules if row_of[m.name] == layer] for layer in rows}
    widest = max((len(v) for v in members.values()), default=1) or 1
    row_index = {m.name: rows.index(row_of[m.name]) for m in graph.modules}
    drawn = [link for link in graph.links if link.used in row_of and link.user in row_of]
    # An edge across more than one layer runs in a lane right of the boxes, never through a box in between;
    # the shorter the span, the nearer its lane.
    far = sorted(
        (link for link in drawn if abs(row_index[link.user] - row_index[link.used]) > 1),
        key=lambda link: (abs(row_index[link.user] - row_index[link.used]), row_index[link.used], link.used, link.user),
    )
    lane = {link: i for i, link in enumerate(far)}
    boxes_right = LABEL_W + PAD + widest * BOX_W + (widest - 1) * GAP_X
    label_room = 280 if any(link.backward for link in drawn) else 0
    width = max(MIN_W, boxes_right + LANE_GAP * (len(far) + 1) + label_room + PAD)
    height = PAD * 2 + len(rows) * ROW_H
    where: dict[str, tuple[float, float]] = {}  # module -> box's top-left corner
    out = [
        f'<svg class="module-graph" data-envs="{esc(" ".join(envs))}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="module dependency graph in layer order">',
    ]
    for r, layer in enumerate(rows):
        y: float = PAD + r * ROW_H
        shade = "#f6f8fa" if r % 2 == 0 else "#ffffff"
        out.append(f'<rect x="0" y="{y - 8}" width="{width}" height="{ROW_H}" fill="{shade}"/>')
        label = f"{r + 1}. {layer}" if layer else "no layer"
        out.append(
            f'<text x="{PAD}" y="{y + BOX_H / 2 + 5}" font-size="13" font-weight="600" fill="#57606a">'
            f"{esc(label)}</text>"
        )
        for c, module in enumerate(members[layer]):
            where[module.name] = (LABEL_W + PAD + c * (BOX_W + GAP_X), y)
    plain, marked = [], []
    ports = _ports(drawn, where)
    gap = ROW_H - BOX_H  # the free band between two rows of boxes
    for link in drawn:
        uy, ty = where[link.used][1], where[link.user][1]  # from the module read (y) to its reader (y)
        x1, x2 = ports[(link, "from")], ports[(link, "to")]
        if uy < ty:  # down the layers: the spec's direction
            y1, y2 = uy + BOX_H, ty
        elif uy > ty:  # up the layers: a backward edge
            y1, y2 = uy, ty + BOX_H
        else:  # the same layer: side to side, arched above the boxes
            y1 = y2 = uy
        if link in lane:
            k = lane[link]
            lx = boxes_right + LANE_GAP * (k + 1)
            step = 1 if y2 > y1 else -1
            # leaving a box in the near half of the band below (above) it, arriving in the far half: an edge
            # that leaves a box never seems to run on into the box beneath
            ya = y1 + step * (4 + (k % 4) * 4)
            yb = y2 - step * (4 + (k % 4) * 4)
            path = f"M{x1:.1f},{y1:.1f} V{ya:.1f} H{lx:.1f} V{yb:.1f} H{x2:.1f} V{y2:.1f}"
            before_tip: tuple[float, float] = (x2, yb)
            mid: tuple[float, float] = (lx, (ya + yb) / 2)
        else:
            if uy != ty:
                c1, c2 = (x1, (y1 + y2) / 2), (x2, (y1 + y2) / 2)
            else:
                c1, c2 = (x1, uy - gap * 0.7), (x2, uy - gap * 0.7)
            path = f"M{x1:.1f},{y1:.1f} C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} {x2:.1f},{y2:.1f}"
            before_tip = c2
            mid = ((x1 + 3 * c1[0] + 3 * c2[0] + x2) / 8, (y1 + 3 * c1[1] + 3 * c2[1] + y2) / 8)
        color = "#cf222e" if link.backward else "#8c959f"
        head = _arrowhead(before_tip, (x2, y2), color)
        user, used = esc(mask_text(link.user)), esc(mask_text(link.used))
        if link.backward:
            label_x = max(mid[0], boxes_right + LANE_GAP * (len(far) + 1)) if link in lane else mid[0] + 8
            marked.append(
                f'<g class="edge backward" data-backward="true" data-user="{user}" data-used="{used}">'
                f'<path d="{path}" fill="none" stroke="{color}" stroke-width="2.2" stroke-dasharray="7 4"/>{head}'
                f'<text class="edge-label" x="{label_x:.1f}" y="{mid[1]:.1f}" font-size="12" font-weight="700" '
                f'fill="{color}" text-anchor="start" stroke="#fff" stroke-width="3" paint-order="stroke">'
                f"backward: {user} reads {used}</text>"
                f"<title>backward: {user} reads {used}, a later layer</title></g>"
            )
        else:
            plain.append(
                f'<g class="edge" data-backward="false" data-user="{user}" data-used="{used}">'
                f'<path d="{path}" fill="none" stroke="{color}" stroke-width="1.4"/>{head}'
                f"<title>{user} reads {used}</title></g>"
            )
    boxes = []
    for module in graph.modules:
        x, y = where[module.name]
        name = esc(mask_text(module.name))
        place = esc(mask_text(f"{module.file}:{module.line}" if module.line else module.file))
        stroke = "#0969da" if module.layer in graph.layers else "#bc4c00"
        boxes.append(
            f'<g class="module" data-module="{name}" data-layer="{esc(module.layer)}">'
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="#ffffff" stroke="{stroke}" '
            f'stroke-width="1.5"/><text x="{x + BOX_W / 2}" y="{y + BOX_H / 2 + 5}" font-size="13" '
            f'text-anchor="middle" fill="#1f2328">{name}</text><title>module {name} ({place})</title></g>'
        )
    # Plain edges under the boxes, backward edges and their labels over them: the defect stays visible.
    return "\n".join([*out, *plain, *boxes, *marked, "</svg>"])
