"""What every output format shares: masking, the gate, counts, checklist grouping, rule metadata.

Formatters read a Report that has already been through `masked_report`, so no format can leak a
secret that a rule or Checkov let through in a message, a piece of evidence or a resource name.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from checker.model import Diagnostic, DiagnosticLevel, EnvResult, Finding, Report, Severity
from checker.records import record
from checker.settings import Settings

TOOL_NAME = "notescheck"
CHECKOV_SOURCE = "checkov"
CHECKOV_HEADING = "Checkov (AWS hygiene)"
CHECKOV_GROUP = "checkov"
SEVERITIES: tuple[Severity, ...] = tuple(Severity)
# Control characters (terminal escapes among them) from input files must not reach a terminal or a log.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _secret_masker() -> Callable[[str], str]:
    """Control characters replaced, then checker.secrets.mask_secrets_in_text when that module is installed."""
    try:
        from checker.secrets import mask_secrets_in_text
    except ModuleNotFoundError as error:
        if error.name != "checker.secrets":
            raise
        return _printable
    return lambda text: mask_secrets_in_text(_printable(text))


def _printable(text: str) -> str:
    return _CONTROL.sub("\ufffd", text) if text else text


def mask_text(text: str) -> str:
    return _secret_masker()(text) if text else text


def masked_report(report: Report) -> Report:
    """A copy of the report with every free-text field of findings and diagnostics masked: the secrets the
    rules found (wherever they reappear, in any finding) and every known credential shape."""
    known = sorted({s for r in report.results for f in r.findings for s in f.secrets if len(s) >= 4}, key=len)
    shapes = _secret_masker()
    if known:
        from checker.secrets import mask as mask_value

    def mask(text: str) -> str:
        for secret in reversed(known):  # longest first: a secret containing another is masked whole
            if secret in text:
                text = text.replace(secret, mask_value(secret))
        return shapes(text)

    def finding(f: Finding) -> Finding:
        return replace(
            f,
            message=mask(f.message),
            title=mask(f.title),
            resource=mask(f.resource),
            file=mask(f.file),
            evidence=tuple(mask(e) for e in f.evidence),
            remediation=mask(f.remediation),
            suppression_reason=mask(f.suppression_reason),
            instances=tuple(mask(i) for i in f.instances),
            secrets=(),
        )

    def diagnostic(d: Diagnostic) -> Diagnostic:
        return replace(d, message=mask(d.message), file=mask(d.file))

    results = [
        replace(r, findings=sorted((finding(f) for f in r.findings), key=Finding.sort_key)) for r in report.results
    ]
    return replace(report, results=results, diagnostics=sorted(diagnostic(d) for d in report.diagnostics))


def fails_gate(finding: Finding, settings: Settings) -> bool:
    return not finding.suppressed and finding.severity.at_least(settings.severity)


def input_errors(report: Report) -> list[Diagnostic]:
    return [d for d in report.diagnostics if d.level == DiagnosticLevel.ERROR]


def input_warnings(report: Report) -> list[Diagnostic]:
    return [d for d in report.diagnostics if d.level != DiagnosticLevel.ERROR]


def passed(report: Report, settings: Settings) -> bool:
    """The same verdict as checker.pipeline.exit_code == 0."""
    return not report.has_input_errors and not any(fails_gate(f, settings) for f in report.findings)


@record(frozen=True)
class EnvCounts:
    """Unsuppressed findings by severity, plus how many fail the gate and how many are suppressed."""

    by_severity: dict[str, int]
    failing: int
    suppressed: int

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())

    def as_dict(self) -> dict[str, int]:
        return {**self.by_severity, "total": self.total, "failing": self.failing, "suppressed": self.suppressed}


def count(findings: Iterable[Finding], settings: Settings) -> EnvCounts:
    findings = list(findings)
    open_findings = Counter(str(f.severity) for f in findings if not f.suppressed)
    return EnvCounts(
        by_severity={str(s): open_findings.get(str(s), 0) for s in SEVERITIES},
        failing=sum(1 for f in findings if fails_gate(f, settings)),
        suppressed=sum(1 for f in findings if f.suppressed),
    )


@record(frozen=True)
class Coverage:
    """What one section's run covered: our rules that ran on how many resources, and its checks (one rule on
    one resource, as Checkov counts "Passed checks: N, Failed checks: M"): each failed (an open finding),
    suppressed (only suppressed findings) or passed (checks made minus both). Rules passed (left no open
    finding) and failed (left one) are counted too. Checkov's checks count apart, as Checkov prints them."""

    rules_run: tuple[str, ...]
    resources_checked: int
    rules_passed: int
    rules_failed: int
    checks: int = 0
    passed: int = 0
    failed: int = 0
    suppressed: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "rules_run": len(self.rules_run),
            "resources_checked": self.resources_checked,
            "rules_passed": self.rules_passed,
            "rules_failed": self.rules_failed,
            "checks": self.checks,
            "passed": self.passed,
            "failed": self.failed,
            "suppressed": self.suppressed,
        }


def coverage(result: EnvResult, report: Report) -> Coverage:
    ran = tuple(result.rules_run or [r.id for r in report.rules])
    ours = set(ran)
    failed = {f.rule_id for f in result.findings if not f.suppressed} & ours
    # (rule, resource) pairs: a finding standing for a module's N instances is N failed checks
    open_pairs: set[tuple[str, str]] = set()
    suppressed_pairs: set[tuple[str, str]] = set()
    for f in result.findings:
        if f.rule_id in ours:
            pairs = open_pairs if not f.suppressed else suppressed_pairs
            pairs.update((f.rule_id, resource) for resource in (f.instances or (f.resource,)))
    suppressed_pairs -= open_pairs
    found = Counter(rule_id for rule_id, _ in (*open_pairs, *suppressed_pairs))
    # a rule made at least as many checks as it has findings on resources (rules of other stages report too)
    checks = sum(max(result.checks.get(rule_id, 0), found[rule_id]) for rule_id in ours)
    return Coverage(
        rules_run=ran,
        resources_checked=result.resources_checked,
        rules_passed=len(ours - failed),
        rules_failed=len(failed),
        checks=checks,
        passed=checks - len(open_pairs) - len(suppressed_pairs),
        failed=len(open_pairs),
        suppressed=len(suppressed_pairs),
    )


@record(frozen=True)
class ChecklistCell:
    """One environment's answer to one review-checklist question, as plain data for every format."""

    env: str
    asked: bool  # False: the question is not asked in that section (the shared roots ask fewer)
    ok: bool = False
    rules: tuple[str, ...] = ()  # the rules (and Checkov checks) that answer it
    failing: tuple[tuple[str, int], ...] = ()  # (rule id, its open findings in the environment), when "no"
    resources: int = 0  # the resources the environment's graph holds


@record(frozen=True)
class ChecklistRow:
    question: str
    cells: tuple[ChecklistCell, ...]


def checklist_rows(results: Iterable[EnvResult]) -> tuple[list[str], list[ChecklistRow]]:
    """The environments that answered a checklist, and one row per question (in the order first asked) with
    each environment's answer: what the HTML and Markdown checklists both show."""
    answered = [r for r in results if r.checklist]
    questions = list(dict.fromkeys(a.question for r in answered for a in r.checklist))
    answers = {(r.env, a.question): a for r in answered for a in r.checklist}
    open_by_rule = Counter((r.env, f.rule_id) for r in answered for f in r.findings if not f.suppressed)

    def cell(result: EnvResult, question: str) -> ChecklistCell:
        answer = answers.get((result.env, question))
        if answer is None:
            return ChecklistCell(env=result.env, asked=False)
        failing = tuple((rule_id, open_by_rule[(result.env, rule_id)]) for rule_id in answer.failing_rules)
        return ChecklistCell(result.env, True, answer.ok, tuple(answer.rules), failing, result.resources_checked)

    rows = [ChecklistRow(question, tuple(cell(r, question) for r in answered)) for question in questions]
    return [r.env for r in answered], rows


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first; within a severity, the report's own order (environment, file, line)."""
    return sorted(findings, key=lambda f: (f.severity.rank, f.sort_key()))


def group_suppressed(findings: Iterable[Finding]) -> list[tuple[str, list[Finding]]]:
    """Suppressed findings by what suppressed them ("waiver: <reason>", "inline: <reason>"), largest group
    first: one waiver covering 20 resources is one reason to read, not 20 lines repeating it."""
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        label = f"{finding.suppression_kind}: {finding.suppression_reason}".strip(": ")
        groups.setdefault(label, []).append(finding)
    return sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))


def severity_summary(counts: EnvCounts) -> str:
    """'2 high, 1 low' (only the non-zero ones), or 'no findings'."""
    parts = [f"{n} {s}" for s, n in counts.by_severity.items() if n]
    return ", ".join(parts) if parts else "no findings"


def rules_by_id(report: Report) -> dict[str, Any]:
    return {rule.id: rule for rule in report.rules}


def checklist_key(finding: Finding, rules: dict[str, Any]) -> str:
    """The review-checklist key a finding answers to; Checkov findings have their own group."""
    if finding.source == CHECKOV_SOURCE:
        return CHECKOV_GROUP
    rule = rules.get(finding.rule_id)
    return rule.checklist if rule is not None else ""


def group_by_checklist(findings: Iterable[Finding], report: Report) -> list[tuple[str, list[Finding]]]:
    """(heading, findings) in the spec's checklist order, then Checkov, then anything unclassified."""
    rules = rules_by_id(report)
    questions = report.checklist
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(checklist_key(finding, rules), []).append(finding)
    ordered = [(questions[k], groups[k]) for k in questions if k in groups]
    if CHECKOV_GROUP in groups:
        ordered.append((CHECKOV_HEADING, groups[CHECKOV_GROUP]))
    others = [f for k, fs in sorted(groups.items()) if k not in questions and k != CHECKOV_GROUP for f in fs]
    if others:
        ordered.append(("Other rules", others))
    return ordered


def where(finding: Finding) -> str:
    if not finding.file:
        return "(no file)"
    return f"{finding.file}:{finding.line}" if finding.line else finding.file


def fingerprint(finding: Finding) -> str:
    """Stable across runs and line moves: the rule, the file, the resource and the environment."""
    key = "\x1f".join((finding.rule_id, finding.file, finding.resource, finding.env))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


@record(frozen=True)
class RuleDoc:
    """What the outputs say about a rule, ours or Checkov's, already masked."""

    id: str
    title: str
    severity: Severity
    source: str
    what: str = ""
    why: str = ""
    remediation: str = ""
    help_uri: str = ""
    spec_section: str = ""
    checklist: str = ""


def rule_docs(report: Report) -> list[RuleDoc]:
    """Our rules in catalog order, then each Checkov check that produced a finding, by id."""
    docs = [
        RuleDoc(
            id=r.id,
            title=mask_text(r.title),
            severity=r.severity,
            source=TOOL_NAME,
            what=mask_text(r.what.strip()),
            why=mask_text(r.why.strip()),
            remediation=mask_text(r.remediation.strip()),
            help_uri=r.help_uri,
            spec_section=r.spec_section,
            checklist=r.checklist,
        )
        for r in report.rules
    ]
    known = {d.id for d in docs}
    external: dict[str, RuleDoc] = {}
    for f in report.findings:
        if f.rule_id in known or f.rule_id in external:
            continue
        external[f.rule_id] = RuleDoc(
            id=f.rule_id,
            title=mask_text(f.title or f.rule_id),
            severity=f.severity,
            source=f.source,
            remediation=mask_text(f.remediation),
            help_uri=f.help_uri,
            checklist=CHECKOV_GROUP if f.source == CHECKOV_SOURCE else "",
        )
    return docs + [external[k] for k in sorted(external)]
