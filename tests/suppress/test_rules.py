"""NC-SKIP-001 and NC-WAIVER-001 through the evaluate stage, as the pipeline runs them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from checker.model import Graph, Location, Node, NodeKind, Tool
from checker.rule_runner import evaluate
from checker.waivers import load_waivers
from policies import all_rules
from policies.base import RuleContext
from policies.rules import family_rules

RULES = {rule.id: rule for rule in family_rules("suppressions")}


def run(rule_id: str, graph: Graph, **context) -> list:
    findings, diagnostics = evaluate(graph, [RULES[rule_id]], RuleContext(env=graph.env, spec={}, **context))
    assert diagnostics == []
    return findings


def test_the_family_is_in_the_catalog():
    assert {"NC-SKIP-001", "NC-WAIVER-001"} <= {rule.id for rule in all_rules()}


def sam_function(comments) -> Node:
    return Node(
        id="sam:NotesFunction",
        address="NotesFunction",
        kind=NodeKind.SAM_RESOURCE,
        tool=Tool.SAM,
        type="AWS::Serverless::Function",
        loc=Location("sam/template.yaml", 40, 70),
        meta={"comments": tuple(comments)},
    )


def test_skip_without_reason_is_reported_at_the_comment():
    graph = Graph(env="dev")
    graph.add(
        sam_function(
            [
                (39, "# notescheck:skip=NC-LIMIT-004"),
                (41, "# checkov:skip=CKV_AWS_117:no VPC (spec section 2)"),
                (42, "#checkov:skip=CKV_AWS_116"),
            ]
        )
    )
    findings = run("NC-SKIP-001", graph)
    assert [(f.file, f.line, f.resource) for f in findings] == [
        ("sam/template.yaml", 39, "NotesFunction"),
        ("sam/template.yaml", 42, "NotesFunction"),
    ]
    assert "notescheck:skip=NC-LIMIT-004" in findings[0].message
    assert "checkov:skip=CKV_AWS_116" in findings[1].message


def test_skips_with_reasons_pass():
    graph = Graph(env="dev")
    graph.add(sam_function([(39, "# notescheck:skip=NC-LIMIT-004 memory comes from Globals")]))
    assert run("NC-SKIP-001", graph) == []


def test_a_comment_shared_by_two_nodes_is_reported_once():
    graph = Graph(env="dev")
    for name in ("a", "b"):
        graph.add(
            Node(
                id=f"tf:aws_s3_bucket.{name}",
                address=f"aws_s3_bucket.{name}",
                kind=NodeKind.RESOURCE,
                tool=Tool.TERRAFORM,
                loc=Location("main.tf", 5, 9),
                meta={"comments": ((4, "# notescheck:skip=NC-TAG-001"),)},
            )
        )
    assert len(run("NC-SKIP-001", graph)) == 1


WAIVERS = """\
- rule: CKV_AWS_117
  resource: NotesFunction
  environments: all
  reason: No VPC for the functions (spec section 2)
  owner: platform-team
  expires: 2026-01-31
- rule: CKV_AWS_338
  resource: "module.compute.aws_cloudwatch_log_group.*"
  environments: [dev]
  reason: Short log retention keeps dev cheap (spec section 7)
  owner: platform-team
  expires: 2026-01-31
- rule: CKV_AWS_120
  resource: NotesApi
  environments: all
  reason: No API cache, cost (spec section 7)
  owner: platform-team
  expires: 2027-06-30
"""


def test_expired_waiver_is_reported_at_its_line_in_the_waivers_file(tmp_path: Path):
    path = tmp_path / "policies" / "waivers.yaml"
    path.parent.mkdir()
    path.write_text(WAIVERS, encoding="utf-8")
    waivers, diagnostics = load_waivers(path, ("dev", "staging", "prod"))
    assert diagnostics == []
    today = date(2026, 2, 1)
    graph = Graph(env="prod", root=str(tmp_path))
    prod = run("NC-WAIVER-001", graph, today=today, waivers=tuple(waivers))
    assert [(f.file, f.line, f.resource) for f in prod] == [("policies/waivers.yaml", 1, "NotesFunction")]
    assert "expired on 2026-01-31" in prod[0].message and "platform-team" in prod[0].message
    dev = run("NC-WAIVER-001", Graph(env="dev", root=str(tmp_path)), today=today, waivers=tuple(waivers))
    assert [f.line for f in dev] == [1, 7]  # the dev-only waiver counts in dev
    assert run("NC-WAIVER-001", graph, today=date(2026, 1, 31), waivers=tuple(waivers)) == []
