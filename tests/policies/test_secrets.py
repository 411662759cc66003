"""NC-SECRET: self-asserting fixtures under tests/policies/secrets/, plus the rules on hand-built nodes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.graph import build_graph
from checker.model import GraphPart, Location, Node, NodeKind, Tool, Unknown
from checker.rule_runner import evaluate
from policies import load_spec
from policies.base import RuleContext
from policies.rules import family_rules
from tests.policies._driver import case_id, cases_of, run_case

CASES = cases_of("NC-SECRET")
PLANTED = ("Sup3r-Secret-Pa55word", "live-api-key-0123456789", "partner-key-abcdef123456", "hunter2-prod-pass")


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_findings_never_show_a_planted_secret(case: Path) -> None:
    report = run_case(case, ("NC-SECRET",))
    shown = json.dumps([[f.message, list(f.evidence), f.resource] for f in report.findings])
    for planted in PLANTED:
        assert planted not in shown


def _run(*nodes: Node):
    graph = build_graph("prod", [GraphPart(nodes=list(nodes))])
    findings, diagnostics = evaluate(graph, family_rules("secrets"), RuleContext(env="prod", spec=load_spec()))
    assert diagnostics == []
    return findings


def _loc(line: int, file: str = "infra/terraform/main.tf") -> Location:
    return Location(file, line, line)


def test_literal_reached_through_a_variable_is_reported_once_where_it_is_written() -> None:
    variable = Node(
        id="tf:var.db_password",
        address="var.db_password",
        kind=NodeKind.VARIABLE,
        tool=Tool.TERRAFORM,
        name="db_password",
        loc=_loc(1, "infra/terraform/variables.tf"),
        values={"value": "hunter2-prod-pass", "sensitive": True},
        traces={"value": ("infra/terraform/envs/prod.tfvars:3 db_password = hunter2-prod-pass",)},
        meta={"has_default": False},
    )
    cluster = Node(
        id="tf:aws_rds_cluster.main",
        address="aws_rds_cluster.main",
        kind=NodeKind.RESOURCE,
        tool=Tool.TERRAFORM,
        type="aws_rds_cluster",
        name="main",
        loc=_loc(10),
        values={"master_password": "hunter2-prod-pass", "manage_master_user_password": None},
        spans={"master_password": _loc(12)},
        traces={
            "master_password": ("infra/terraform/envs/prod.tfvars:3 db_password = hunter2-prod-pass", "var.db_password")
        },
    )
    findings = _run(variable, cluster)
    assert {(f.rule_id, f.file, f.line) for f in findings} == {
        ("NC-SECRET-001", "infra/terraform/envs/prod.tfvars", 3),
        ("NC-SECRET-003", "infra/terraform/main.tf", 12),
    }
    assert "hunter2-prod-pass" not in json.dumps([[f.message, list(f.evidence)] for f in findings])


def test_unknown_secret_in_lambda_environment_is_reported_not_passed() -> None:
    function = Node(
        id="tf:aws_lambda_function.api",
        address="aws_lambda_function.api",
        kind=NodeKind.RESOURCE,
        tool=Tool.TERRAFORM,
        type="aws_lambda_function",
        name="api",
        loc=_loc(1),
        values={
            "environment": [
                {
                    "variables": {
                        "JWT_SECRET": Unknown("random_password.jwt.result"),
                        "TABLE": Unknown("aws_dynamodb_table.notes.name"),
                    }
                }
            ]
        },
        spans={"environment.0.variables.JWT_SECRET": _loc(5)},
    )
    findings = _run(function)
    assert [(f.rule_id, f.line) for f in findings] == [("NC-SECRET-004", 5)]
    assert "not known until deploy" in findings[0].message


def test_managed_master_password_is_compliant() -> None:
    database = Node(
        id="tf:aws_db_instance.main",
        address="aws_db_instance.main",
        kind=NodeKind.RESOURCE,
        tool=Tool.TERRAFORM,
        type="aws_db_instance",
        name="main",
        loc=_loc(1),
        values={"manage_master_user_password": True, "password": None, "username": "notes"},
    )
    assert _run(database) == []
