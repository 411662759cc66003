"""Evaluate stage: run the rules over one environment's graph and turn violations into findings."""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, ValuesView
from dataclasses import replace
from typing import Any

from checker.model import ChecklistAnswer, Diagnostic, DiagnosticLevel, Finding, Graph, Node, NodeKind, Severity, Tool
from checker.secrets import mask_assignments
from policies.base import Rule, RuleContext, Violation

SOURCE = "notescheck"


def to_finding(rule: Rule, violation: Violation, env: str) -> Finding:
    node = violation.node
    where = violation.location or (node.location_of(violation.path) if violation.path else node.loc)
    evidence = violation.evidence or (node.trace_of(violation.path) if violation.path else ())
    return Finding(
        rule_id=rule.id,
        severity=rule.severity,
        source=SOURCE,
        env=env,
        file=where.file,
        line=where.line,
        end_line=max(where.end_line, where.line),
        resource=node.address,
        message=violation.message,
        title=rule.title,
        evidence=tuple(mask_assignments(step) for step in evidence),
        remediation=rule.remediation,
        help_uri=rule.help_uri,
        secrets=violation.secrets,
    )


def merge_instances(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per (rule, place, message): a module used N times is reported once, with its instances."""
    merged: dict[tuple, Finding] = {}
    for finding in findings:
        key = (finding.rule_id, finding.source, finding.file, finding.line, _generic_message(finding))
        seen = merged.get(key)
        if seen is None:
            merged[key] = finding
            continue
        instances = tuple(sorted(set(seen.instances or (seen.resource,)) | {finding.resource}))
        merged[key] = replace(seen, instances=instances)
    return sorted(merged.values(), key=Finding.sort_key)


def _generic_message(finding: Finding) -> str:
    """The message with the instance's own address removed, so instances of one module compare equal."""
    return finding.message.replace(finding.resource, "<resource>")


def evaluate(graph: Graph, rules: Iterable[Rule], context: RuleContext) -> tuple[list[Finding], list[Diagnostic]]:
    """Run every rule; a rule that crashes becomes a diagnostic, never a traceback or a silent pass."""
    findings, diagnostics, _ = evaluate_counted(graph, rules, context)
    return findings, diagnostics


def evaluate_counted(
    graph: Graph, rules: Iterable[Rule], context: RuleContext
) -> tuple[list[Finding], list[Diagnostic], dict[str, int]]:
    """evaluate(), and how many resources each rule checked ({rule id: n}): the Terraform and SAM resources
    its check read from the graph (`resources()`, `of_kind()`, `nodes`), plus any other node it reported."""
    findings: list[Finding] = []
    diagnostics: list[Diagnostic] = []
    checked: dict[str, int] = {}
    watched = _WatchedGraph.of(graph)
    for rule in rules:
        if rule.scope != "graph":
            continue
        watched.seen.clear()
        try:
            violations = list(rule.check(watched, context))
        except Exception as error:  # noqa: BLE001 - a broken rule must not hide the others
            diagnostics.append(
                Diagnostic(
                    file="",
                    line=0,
                    message=f"rule {rule.id} failed on env {graph.env}: {type(error).__name__}: {error}",
                    level=DiagnosticLevel.ERROR,
                    code="rule",
                )
            )
            continue
        resources = {n.id for n in watched.seen.values() if n.kind in _RESOURCE_KINDS}
        checked[rule.id] = len(resources | {v.node.id for v in violations})
        findings.extend(to_finding(rule, v, graph.env) for v in covered_by_source(graph, violations))
    return merge_instances(findings), diagnostics, checked


_RESOURCE_KINDS = (NodeKind.RESOURCE, NodeKind.SAM_RESOURCE)


class _SeenNodes(dict[str, Node]):
    """A graph's nodes that remember which of them a check read (into `seen`)."""

    seen: dict[str, Node]

    def __getitem__(self, key: str) -> Node:
        node = dict.__getitem__(self, key)
        self.seen[key] = node
        return node

    def get(self, key: str, default: Any = None) -> Any:
        node = dict.get(self, key)
        if node is None:
            return default
        self.seen[key] = node
        return node

    def values(self) -> ValuesView[Node]:  # type: ignore[override]
        self.seen.update(dict.items(self))
        return dict.values(self)

    def items(self) -> ItemsView[str, Node]:  # type: ignore[override]
        self.seen.update(dict.items(self))
        return dict.items(self)

    def __iter__(self) -> Iterator[str]:
        self.seen.update(dict.items(self))
        return dict.__iter__(self)


class _WatchedGraph(Graph):
    """The graph a rule's check receives: the same nodes and edges, counting the resources it looks at."""

    seen: dict[str, Node]

    @classmethod
    def of(cls, graph: Graph) -> _WatchedGraph:
        nodes = _SeenNodes(graph.nodes)
        watched = cls(env=graph.env, nodes=nodes, edges=graph.edges, diagnostics=graph.diagnostics, root=graph.root)
        watched.seen = nodes.seen = {}
        graph._adjacency()
        watched._index, watched._index_stamp = graph._index, graph._index_stamp
        return watched

    def of_kind(self, *kinds: NodeKind) -> list[Node]:
        found = [n for n in dict.values(self.nodes) if n.kind in kinds]
        self.seen.update((n.id, n) for n in found)
        return found

    def resources(self, *types: str, tool: Tool | None = None) -> list[Node]:
        found = [
            n
            for n in dict.values(self.nodes)
            if n.kind in _RESOURCE_KINDS and (not types or n.type in types) and (tool is None or n.tool == tool)
        ]
        self.seen.update((n.id, n) for n in found)
        return found


def covered_by_source(graph: Graph, violations: list[Violation]) -> list[Violation]:
    """One cause, one finding: a resource the SAM transform generated copies its source's properties, so when
    the same rule already fires on the source, the generated resource's violation is the same one again."""
    fired_on = {v.node.id for v in violations}
    return [v for v in violations if f"sam:{v.node.meta.get('generated_by')}" not in fired_on]


def answer_checklist(
    findings: Iterable[Finding],
    rules: Iterable[Rule],
    checklist: dict[str, str],
    threshold: Severity,
    checkov_questions: dict[str, str] | None = None,
) -> list[ChecklistAnswer]:
    """Each review-checklist question is answered 'yes' when no unsuppressed finding of its rules remains; with
    `checkov_questions` ({check id: key}, when Checkov ran), the Checkov checks mapped to it count too."""
    failing = {f.rule_id for f in findings if not f.suppressed and f.severity.at_least(threshold)}
    rules = list(rules)
    checkov_questions = checkov_questions or {}
    answers = []
    for key, question in checklist.items():
        ours = sorted(r.id for r in rules if r.checklist == key)
        ids = (*ours, *sorted(check for check, asked in checkov_questions.items() if asked == key))
        bad = tuple(i for i in ids if i in failing)
        answers.append(ChecklistAnswer(question=question, ok=not bad, rules=ids, failing_rules=bad))
    return answers
