"""Evaluate stage: run the rules over one environment's graph and turn violations into findings."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from checker.model import ChecklistAnswer, Diagnostic, DiagnosticLevel, Finding, Graph, Severity
from checker.secrets import mask_assignments
from policies.base import Context, Rule, Violation

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


def evaluate(graph: Graph, rules: Iterable[Rule], context: Context) -> tuple[list[Finding], list[Diagnostic]]:
    """Run every rule; a rule that crashes becomes a diagnostic, never a traceback or a silent pass."""
    findings: list[Finding] = []
    diagnostics: list[Diagnostic] = []
    for rule in rules:
        if rule.scope != "graph":
            continue
        try:
            violations = list(rule.check(graph, context))
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
        findings.extend(to_finding(rule, v, graph.env) for v in covered_by_source(graph, violations))
    return merge_instances(findings), diagnostics


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
