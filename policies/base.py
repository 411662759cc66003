"""What a rule is: metadata that documents it, and a check over one environment's graph."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import field
from datetime import date
from typing import Any

from checker.content_secrets import ContentScan, scan_texts
from checker.model import Graph, Location, Node, Severity
from checker.records import record

REPOSITORY_URL = "https://github.com/notescheck/notescheck"


@record(frozen=True)
class Violation:
    """What a check yields; the engine turns it into a Finding with file, line and docs."""

    node: Node
    message: str
    path: str = ""  # attribute path inside the node, for the precise line
    evidence: tuple[str, ...] = ()
    location: Location | None = None  # overrides node/path when the evidence sits elsewhere
    secrets: tuple[str, ...] = ()  # secret values it found: masked wherever they appear in any finding


@record(frozen=True)
class RuleContext:
    """What a check may read besides the graph: the environment and the spec's tables."""

    env: str
    spec: dict[str, Any]
    today: date = field(default_factory=date.today)
    waivers: tuple[dict[str, Any], ...] = ()  # policies/waivers.yaml entries, validated
    # The secrets detect-secrets finds in string content, by text (checker.content_secrets.scan_texts bound
    # to the run's parse cache); with whole_values=True, the bare values shaped like a known token.
    scan_content: ContentScan = scan_texts

    @property
    def env_spec(self) -> dict[str, Any]:
        return self.spec["environments"][self.env]

    @property
    def other_envs(self) -> list[str]:
        return sorted(e for e in self.spec["environments"] if e != self.env)


Check = Callable[[Graph, RuleContext], Iterable[Violation]]


def checked_elsewhere(graph: Graph, ctx: RuleContext) -> Iterable[Violation]:
    """The check of a rule whose scope is not "graph": an environment's graph alone cannot decide it, and
    the command or stage named by its scope applies it (checker/tfstate_scan.py, checker/suppress.py)."""
    return ()


@record(frozen=True)
class Rule:
    """One rule: its check and everything its documentation is made from."""

    id: str
    title: str
    severity: Severity
    family: str
    spec_section: str  # which section of iac-foundation.md it enforces, e.g. "2. Separation Mechanisms"
    checklist: str  # key of the review-checklist question it answers (policies/data/spec.yaml)
    what: str  # what it checks
    why: str  # rationale, citing the spec
    noncompliant: str  # example
    compliant: str  # example
    remediation: str  # how to fix
    check: Check = field(compare=False, repr=False)
    # "graph": run on each environment's graph; "state": by `notescheck state` on a state file; "report": on
    # the whole report after suppression (NC-WAIVER-002)
    scope: str = "graph"
    # Which sections of a report a graph rule runs on: "environment" (each environment's graph) and/or
    # "shared" (the shared roots: state bucket, lock table, CloudTrail; ctx.env is then "shared")
    sections: tuple[str, ...] = ("environment",)

    @property
    def help_uri(self) -> str:
        """The rule's generated page in the repository (docs/rules/<ID>.md, kept current by the suite)."""
        return f"{REPOSITORY_URL}/blob/main/docs/rules/{self.id}.md"
