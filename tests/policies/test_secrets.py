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
from tests.policies._driver import CASES as CASES_DIR
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


# The obviously fake tokens of the cases NC-SECRET-002/tf_token_shapes and NC-SECRET-006/tf_token_shapes:
# shapes only detect-secrets' plugins know (Twilio, Mailchimp, SendGrid, Telegram).
_SHAPED = {
    "SK" + "fake" * 8: "Twilio",
    "fake" * 8 + "-us12": "Mailchimp",
    "SG." + ("fake" * 6)[:22] + "." + ("fake" * 11)[:43]: "SendGrid",
    "123456789:" + "FAKEfake" * 4 + "123": "Telegram",
}


@pytest.mark.parametrize("rule_id", ["NC-SECRET-002", "NC-SECRET-006"])
def test_detect_secrets_shapes_are_named_and_carried_for_masking(rule_id: str) -> None:
    """A value found by detect-secrets' token plugins is named in the message, never shown, and carried in
    Finding.secrets so every output format masks it wherever it reappears."""
    report = run_case(CASES_DIR / rule_id / "tf_token_shapes", (rule_id,))
    findings = [f for f in report.findings if f.rule_id == rule_id]
    assert findings
    for finding in findings:
        assert len(finding.secrets) == 1, finding.message
        (secret,) = finding.secrets
        assert _SHAPED[secret] in finding.message, finding.message
        shown = json.dumps([finding.message, list(finding.evidence), finding.resource])
        assert secret not in shown


def test_content_secret_from_a_merge_names_the_line_that_wrote_it() -> None:
    report = run_case(CASES_DIR / "NC-SECRET-005" / "tf_content", ("NC-SECRET-005",))
    [finding] = [f for f in report.findings if f.file.endswith("merged.tf")]
    assert finding.line == 14
    assert finding.evidence[1] == "infra/terraform/merged.tf:6 written here, in local.merged_settings"
    assert "Pz7kQ2mX9vLr4tWn8sYb" not in json.dumps([finding.message, list(finding.evidence)])
