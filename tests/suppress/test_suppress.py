"""Inline skips and waivers on findings of our rules and Checkov's, over graphs built by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from checker.model import Finding, Graph, Location, Node, NodeKind, Severity, Tool
from checker.suppress import Skip, apply_suppressions, node_for, parse_skips

TODAY = date(2026, 6, 1)


def bucket(comments=(), address="module.hosting.aws_s3_bucket.site", file="infra/terraform/modules/hosting/main.tf"):
    return Node(
        id=f"tf:{address}",
        address=address,
        kind=NodeKind.RESOURCE,
        tool=Tool.TERRAFORM,
        type="aws_s3_bucket",
        module="module.hosting",
        loc=Location(file, 10, 20),
        meta={"comments": tuple(comments)},
    )


def function(comments=()):
    return Node(
        id="sam:NotesFunction",
        address="NotesFunction",
        kind=NodeKind.SAM_RESOURCE,
        tool=Tool.SAM,
        type="AWS::Serverless::Function",
        loc=Location("sam/template.yaml", 30, 60),
        meta={"comments": tuple(comments)},
    )


def graph(*nodes: Node, env="dev", root=".") -> Graph:
    g = Graph(env=env, root=root)
    for node in nodes:
        g.add(node)
    return g


def finding(rule_id="CKV_AWS_21", resource="module.hosting.aws_s3_bucket.site", env="dev", **fields) -> Finding:
    values = dict(
        rule_id=rule_id,
        severity=Severity.MEDIUM,
        source="checkov" if rule_id.startswith("CKV") else "notescheck",
        env=env,
        file="infra/terraform/modules/hosting/main.tf",
        line=10,
        end_line=20,
        resource=resource,
        message="m",
    )
    values.update(fields)
    return Finding(**values)


def waiver(rule="CKV_AWS_21", resource="module.hosting.aws_s3_bucket.site", environments="all", expires="2027-06-30"):
    return {
        "rule": rule,
        "resource": resource,
        "environments": environments,
        "reason": "the site is rebuilt from git (spec section 3 covers state only)",
        "owner": "platform-team",
        "expires": expires,
        "__line__": 4,
    }


@pytest.mark.parametrize(
    ("text", "rule", "reason", "syntax"),
    [
        (
            "# notescheck:skip=CKV_AWS_21 site is rebuilt from git",
            "CKV_AWS_21",
            "site is rebuilt from git",
            "notescheck",
        ),
        (
            "// notescheck:skip=NC-TAG-001  the provider adds tags ",
            "NC-TAG-001",
            "the provider adds tags",
            "notescheck",
        ),
        ("#checkov:skip=CKV_AWS_117:no VPC (spec section 2)", "CKV_AWS_117", "no VPC (spec section 2)", "checkov"),
        ("  # checkov:skip=CKV2_AWS_6", "CKV2_AWS_6", "", "checkov"),
        ("# notescheck:skip=NC-TAG-001", "NC-TAG-001", "", "notescheck"),
        ("/* notescheck:skip=NC-TAG-001 old style */", "NC-TAG-001", "old style", "notescheck"),
    ],
)
def test_skip_comments_are_parsed(text, rule, reason, syntax):
    assert parse_skips([(7, text)]) == [Skip(7, rule, reason, syntax)]


def test_plain_comments_are_not_skips():
    assert parse_skips([(1, "# versioning: see notescheck docs"), (2, "# skip=CKV_AWS_21 nope")]) == []


def test_inline_skip_on_the_node_suppresses_with_its_reason():
    node = bucket([(9, "# notescheck:skip=CKV_AWS_21 site is rebuilt from git")])
    [result] = apply_suppressions([finding()], graph(node), [], TODAY)
    assert result.suppressed and result.suppression_kind == "inline"
    assert result.suppression_reason == "site is rebuilt from git"


def test_inline_skip_names_one_rule_only():
    node = bucket([(9, "# notescheck:skip=CKV_AWS_18 logs are collected elsewhere")])
    [result] = apply_suppressions([finding("CKV_AWS_21")], graph(node), [], TODAY)
    assert not result.suppressed


def test_skip_without_reason_suppresses_nothing():
    node = bucket([(9, "# notescheck:skip=CKV_AWS_21"), (11, "#checkov:skip=CKV_AWS_21")])
    [result] = apply_suppressions([finding()], graph(node), [], TODAY)
    assert not result.suppressed


def test_our_rules_are_skipped_the_same_way_on_sam_resources():
    node = function([(29, "# notescheck:skip=NC-LIMIT-004 memory is set in Globals for all functions")])
    ours = finding("NC-LIMIT-004", resource="NotesFunction", file="sam/template.yaml", line=35, end_line=35)
    [result] = apply_suppressions([ours], graph(node), [], TODAY)
    assert result.suppressed and result.suppression_reason == "memory is set in Globals for all functions"


def test_a_finding_without_an_address_match_is_placed_by_file_and_line():
    node = bucket([(12, "# notescheck:skip=CKV_AWS_21 found by its line")])
    other = finding(resource="aws_s3_bucket.site", line=15, end_line=15)
    assert node_for(other, graph(node)) is node
    elsewhere = finding(resource="aws_s3_bucket.site", line=25, end_line=25)
    assert node_for(elsewhere, graph(node)) is None


def test_comments_are_read_from_the_file_when_no_node_holds_the_finding(tmp_path: Path):
    source = tmp_path / "bootstrap" / "main.tf"
    source.parent.mkdir()
    source.write_text(
        "# notescheck:skip=CKV_AWS_144 state stays in one region (spec section 3)\n"
        'resource "aws_s3_bucket" "state" {\n'
        '  bucket = "notes-terraform-state" # notescheck:skip=CKV_AWS_145 AES-256 is the spec choice\n'
        "}\n",
        encoding="utf-8",
    )
    found = [
        finding(rule, resource="aws_s3_bucket.state", file="bootstrap/main.tf", line=2, end_line=4)
        for rule in ("CKV_AWS_144", "CKV_AWS_145", "CKV_AWS_21")
    ]
    results = {f.rule_id: f for f in apply_suppressions(found, graph(root=str(tmp_path)), [], TODAY)}
    assert results["CKV_AWS_144"].suppression_reason == "state stays in one region (spec section 3)"
    assert results["CKV_AWS_145"].suppression_reason == "AES-256 is the spec choice"
    assert not results["CKV_AWS_21"].suppressed


def test_waiver_suppresses_with_reason_owner_and_expiry():
    [result] = apply_suppressions([finding()], graph(bucket()), [waiver()], TODAY)
    assert result.suppressed and result.suppression_kind == "waiver"
    assert "spec section 3" in result.suppression_reason
    assert "platform-team" in result.suppression_reason and "2027-06-30" in result.suppression_reason


@pytest.mark.parametrize(
    ("pattern", "matches"),
    [
        ("module.hosting.aws_s3_bucket.site", True),
        ("module.*.aws_s3_bucket.*", True),
        ("*", True),
        ("module.hosting.aws_s3_bucket.logs", False),
        ("aws_s3_bucket.site", False),
    ],
)
def test_waiver_resource_is_an_address_or_a_pattern(pattern, matches):
    [result] = apply_suppressions([finding()], graph(bucket()), [waiver(resource=pattern)], TODAY)
    assert result.suppressed is matches


def test_waiver_address_with_an_index_matches_literally():
    indexed = 'module.hosting.aws_s3_bucket.site["logs"]'
    [result] = apply_suppressions([finding(resource=indexed)], graph(), [waiver(resource=indexed)], TODAY)
    assert result.suppressed


def test_waiver_covers_module_instances_of_a_merged_finding():
    merged = finding(resource="module.a.aws_s3_bucket.site", instances=("module.a.aws_s3_bucket.site", "module.b.x"))
    [result] = apply_suppressions([merged], graph(), [waiver(resource="module.b.x")], TODAY)
    assert result.suppressed


def test_waiver_applies_only_to_its_rule_and_environments():
    findings = [finding(env="dev"), finding(env="prod"), finding("CKV_AWS_18", env="dev")]
    results = apply_suppressions(findings, graph(), [waiver(environments=["dev", "staging"])], TODAY)
    assert [r.suppressed for r in results] == [True, False, False]


@pytest.mark.parametrize(("expires", "suppressed"), [("2026-06-01", True), ("2026-05-31", False)])
def test_waiver_suppresses_through_its_expiry_day(expires, suppressed):
    [result] = apply_suppressions([finding()], graph(), [waiver(expires=expires)], TODAY)
    assert result.suppressed is suppressed


def test_inline_skip_wins_over_a_waiver_and_already_suppressed_findings_are_kept():
    node = bucket([(9, "# notescheck:skip=CKV_AWS_21 inline reason")])
    done = finding("CKV_AWS_18", suppressed=True, suppression_reason="checkov skip", suppression_kind="inline")
    results = apply_suppressions([finding(), done], graph(node), [waiver(), waiver("CKV_AWS_18")], TODAY)
    assert results[0].suppression_kind == "inline" and results[0].suppression_reason == "inline reason"
    assert results[1] == done


def test_nothing_is_dropped():
    findings = [finding(rule, line=line) for line, rule in enumerate(["CKV_AWS_21", "CKV_AWS_18", "NC-TAG-001"])]
    assert [f.rule_id for f in apply_suppressions(findings, graph(), [waiver()], TODAY)] == [
        "CKV_AWS_21",
        "CKV_AWS_18",
        "NC-TAG-001",
    ]
