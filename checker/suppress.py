"""Suppressions: inline skip comments and waivers turn findings into visible, explained suppressed findings.

Inline, inside a Terraform block or a SAM resource, or on the comment lines directly above it:
    # notescheck:skip=<RULE-ID> <reason>        (our rules and Checkov's)
    # checkov:skip=<CKV_ID>:<reason>           (Checkov's own syntax, honoured too)
A skip without a reason suppresses nothing: the finding stays, and NC-SKIP-001 reports the comment.
Then waivers (policies/waivers.yaml) that have not expired. Nothing is dropped: a suppressed finding keeps
its place in the report with `suppressed=True`, the reason and the kind ("inline" or "waiver").
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from checker.model import Diagnostic, EnvResult, Finding, Graph, Node, NodeKind, Report
from checker.records import record
from checker.settings import Settings
from checker.userfiles import UnreadableFile, read_regular, read_regular_text
from checker.waivers import FILE, LINE, PATH, applies_to_env, describe, is_expired, matches

_NOTESCHECK_SKIP = re.compile(r"notescheck:skip=(?P<rule>[A-Za-z0-9_-]+)(?P<reason>.*)")
_CHECKOV_SKIP = re.compile(r"checkov:skip=(?P<rule>[A-Za-z0-9_-]+)(?P<reason>.*)")
_COMMENT_STARTS = ("#", "//", "/*", "*")
_COMMENT_ENDS = "*/"
INLINE = "inline"
MAX_COMMENT_SOURCE_BYTES = 10_000_000  # a file Checkov reported on; its skip comments past this are not read
WAIVER = "waiver"
BASELINE = "baseline"
BASELINE_FORMAT = 1


@record(frozen=True)
class Skip:
    """One skip comment: which rule, why, and where."""

    line: int
    rule: str
    reason: str
    syntax: str  # "notescheck" | "checkov"


def _reason(text: str) -> str:
    """The reason after the id: `:reason` (Checkov's form) or ` reason`; comment closers removed."""
    text = text.strip()
    if text.endswith(_COMMENT_ENDS):
        text = text[: -len(_COMMENT_ENDS)].rstrip()
    return text.lstrip(":").strip()


def parse_skips(comments: Iterable[tuple[int, str]]) -> list[Skip]:
    """The skip comments among (line, text) pairs, as the loaders keep them in Node.meta["comments"]."""
    skips = []
    for line, text in comments:
        for syntax, pattern in (("notescheck", _NOTESCHECK_SKIP), ("checkov", _CHECKOV_SKIP)):
            found = pattern.search(text)
            if found:
                skips.append(Skip(line, found["rule"], _reason(found["reason"]), syntax))
    return skips


def node_skips(node: Node) -> list[Skip]:
    return parse_skips(node.meta.get("comments", ()))


_LOOKUP_KINDS = (NodeKind.RESOURCE, NodeKind.DATA, NodeKind.SAM_RESOURCE, NodeKind.MODULE)


class NodeIndex:
    """The graph's resources by address and by file, built once per environment."""

    def __init__(self, graph: Graph):
        self.by_address: dict[str, Node] = {}
        self.by_file: dict[str, list[Node]] = {}
        for node in graph.nodes.values():
            if node.kind not in _LOOKUP_KINDS:
                continue
            self.by_address.setdefault(node.address, node)
            self.by_file.setdefault(node.loc.file, []).append(node)

    def node_for(self, finding: Finding) -> Node | None:
        """By resource address, else the narrowest node whose span holds the finding's line."""
        node = self.by_address.get(finding.resource)
        if node is not None:
            return node
        holding = [n for n in self.by_file.get(finding.file, ()) if n.loc.line <= finding.line <= n.loc.end_line]
        return min(holding, key=lambda n: (n.loc.end_line - n.loc.line, n.id), default=None)


def node_for(finding: Finding, graph: Graph) -> Node | None:
    """The node a finding is about: by resource address, else the narrowest node whose span holds its line."""
    return NodeIndex(graph).node_for(finding)


class _SourceComments:
    """Comments read straight from a file, for findings on resources outside the graph (e.g. Checkov on a
    separate root such as infra/terraform/bootstrap)."""

    def __init__(self, root: Path):
        self.root = root
        self._lines: dict[str, list[str]] = {}

    def _read(self, file: str) -> list[str]:
        if file not in self._lines:
            try:
                content = read_regular(self.root / file, MAX_COMMENT_SOURCE_BYTES)
                self._lines[file] = content.decode("utf-8", "replace").splitlines()
            except UnreadableFile:
                self._lines[file] = []
        return self._lines[file]

    def around(self, file: str, line: int, end_line: int) -> list[tuple[int, str]]:
        """Comment lines within [line, end_line] and the run of comment lines directly above `line`."""
        lines = self._read(file)
        if not lines or line < 1:
            return []
        comments = []
        above = line - 1
        while above >= 1 and lines[above - 1].lstrip().startswith(_COMMENT_STARTS):
            comments.append((above, lines[above - 1]))
            above -= 1
        for number in range(line, min(max(end_line, line), len(lines)) + 1):
            if "#" in lines[number - 1] or "//" in lines[number - 1]:
                comments.append((number, lines[number - 1]))
        return sorted(comments)


def inline_skip(finding: Finding, node: Node | None, source: _SourceComments) -> Skip | None:
    """The skip comment (with a reason) naming the finding's rule, on its node or in its source lines."""
    if node is not None:
        skips = node_skips(node)
    else:
        skips = parse_skips(source.around(finding.file, finding.line, finding.end_line))
    return next((s for s in skips if s.rule == finding.rule_id and s.reason), None)


def _waiver_reason(waiver: dict[str, Any]) -> str:
    return f"{waiver['reason']} (waiver, owner {waiver['owner']}, expires {waiver['expires']})"


def apply_suppressions(findings: list[Finding], graph: Graph, waivers: list[dict], today: date) -> list[Finding]:
    """Each finding as it is, or marked suppressed by an inline skip or an unexpired waiver (in that order)."""
    source = _SourceComments(Path(graph.root))
    index = NodeIndex(graph)
    result = []
    for finding in findings:
        if finding.suppressed:
            result.append(finding)
            continue
        skip = inline_skip(finding, index.node_for(finding), source)
        if skip is not None:
            result.append(replace(finding, suppressed=True, suppression_reason=skip.reason, suppression_kind=INLINE))
            continue
        waiver = next((w for w in waivers if matches(w, finding) and not is_expired(w, today)), None)
        if waiver is not None:
            result.append(
                replace(finding, suppressed=True, suppression_reason=_waiver_reason(waiver), suppression_kind=WAIVER)
            )
            continue
        result.append(finding)
    return result


# --- Baseline: known findings that do not fail, as Checkov's --baseline -------------------------------------


def baseline_fingerprint(finding: Finding) -> str:
    """Stable while the finding stands: its rule, environment, file and resource, never its line, so
    editing the file above a known finding does not make it new."""
    key = "\x1f".join((finding.rule_id, finding.env, finding.file, finding.resource))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def baseline_document(report: Report, settings: Settings) -> tuple[str, int]:
    """The baseline file for a report: every finding that would fail now or is known already (JSON text, count)."""
    entries = sorted(
        (
            {
                "rule": f.rule_id,
                "env": f.env,
                "file": f.file,
                "resource": f.resource,
                "fingerprint": baseline_fingerprint(f),
            }
            for f in report.findings
            if not f.suppressed or f.suppression_kind == BASELINE
        ),
        key=lambda e: (e["env"], e["file"], e["rule"], e["resource"]),
    )
    document = {
        "notescheck_baseline": BASELINE_FORMAT,
        "tool_version": report.tool_version,
        "environments": list(settings.envs),
        "findings": entries,
    }
    return json.dumps(document, indent=1) + "\n", len(entries)


def load_baseline(path: Path, shown: str) -> tuple[Counter[str], list[Diagnostic]]:
    """How many findings of each fingerprint the baseline knows, or an input error naming the file."""
    from checker.validation import schema_errors

    def problem(message: str) -> tuple[Counter[str], list[Diagnostic]]:
        return Counter(), [Diagnostic(file=shown, line=0, message=message, code="baseline")]

    try:
        document = json.loads(read_regular_text(path))
    except UnreadableFile as error:
        return problem(f"cannot read the baseline: {error}")
    except UnicodeDecodeError as error:
        return problem(f"cannot read the baseline: {error}")
    except json.JSONDecodeError as error:
        return problem(f"the baseline is not JSON (line {error.lineno}: {error.msg}); write it with --write-baseline")
    schema = json.loads((Path(__file__).parent / "schemas" / "baseline.schema.json").read_text(encoding="utf-8"))
    errors = sorted(schema_errors(document, schema), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "top level"
        return problem(f"not a notescheck baseline ({where}: {errors[0].message}); write it with --write-baseline")
    return Counter(entry["fingerprint"] for entry in document["findings"]), []


def apply_baseline(findings: list[Finding], known: Counter[str], shown: str) -> list[Finding]:
    """Findings the baseline knows become suppressed (kind "baseline"): visible, counted, not failing. A
    fingerprint recorded n times covers n findings, so a second copy of a known problem is new."""
    left = Counter(known)
    result = []
    for finding in findings:
        fingerprint = baseline_fingerprint(finding)
        if not finding.suppressed and left[fingerprint] > 0:
            left[fingerprint] -= 1
            finding = replace(
                finding, suppressed=True, suppression_kind=BASELINE, suppression_reason=f"known in the baseline {shown}"
            )
        result.append(finding)
    return result


def unused_waivers(
    results: list[EnvResult], waivers: list[dict], today: date, rule_ran: Callable[[str], bool], root: Path
) -> dict[str, list[Finding]]:
    """NC-WAIVER-002 per environment: unexpired waivers of rules that ran which matched no finding anywhere."""
    from policies.rules.suppressions.nc_waiver_002 import RULE as UNUSED_WAIVER

    checked = [r.env for r in results]
    findings = [f for r in results for f in r.findings]
    extra: dict[str, list[Finding]] = {env: [] for env in checked}
    for waiver in waivers:
        envs = [env for env in checked if applies_to_env(waiver, env)]
        if not envs or is_expired(waiver, today) or not rule_ran(waiver["rule"]):
            continue
        if any(matches(waiver, f) for f in findings):
            continue
        file = _relative(Path(waiver.get(PATH, "")), root) or str(waiver.get(FILE, ""))
        line = int(waiver.get(LINE, 0))
        for env in envs:
            extra[env].append(
                Finding(
                    rule_id=UNUSED_WAIVER.id,
                    severity=UNUSED_WAIVER.severity,
                    source="notescheck",
                    env=env,
                    file=file,
                    line=line,
                    end_line=line,
                    resource=waiver["resource"],
                    message=f"waiver for {describe(waiver)} matches no finding; it would silently waive the next one",
                    title=UNUSED_WAIVER.title,
                    remediation=UNUSED_WAIVER.remediation,
                    help_uri=UNUSED_WAIVER.help_uri,
                )
            )
    return extra


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.resolve()).as_posix() if path.is_absolute() else ""
    except ValueError:
        return ""


__all__ = [
    "Skip",
    "apply_baseline",
    "baseline_document",
    "baseline_fingerprint",
    "load_baseline",
    "unused_waivers",
    "NodeIndex",
    "parse_skips",
    "node_skips",
    "node_for",
    "inline_skip",
    "apply_suppressions",
]
