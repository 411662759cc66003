"""We eat our own cooking: the repo's infra is clean in every environment, and each break turns it red.

Each case copies the infra to a temp dir, breaks one thing the spec forbids, and requires `notescheck
check` to fail with the right rule at the right file (through the installed CLI's entry point).
"""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

REPO = Path(__file__).resolve().parents[1]
COPIED = ("infra", "sam", "docs", "policies/waivers.yaml")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for item in COPIED:
        source, target = REPO / item, tmp_path / item
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("tests", "__pycache__"))
        else:
            shutil.copy2(source, target)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _check(env: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["check", "--env", env, "--no-checkov", "--no-cache", "--format", "json"])
    return result.exit_code, json.loads(result.output)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{path}: the infra changed, update this test ({old!r} not found)"
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("env", ["dev", "staging", "prod"])
def test_repo_is_clean(project: Path, env: str) -> None:
    code, report = _check(env)
    assert [f for f in report["findings"] if not f["suppressed"]] == []
    assert report["diagnostics"] == []
    assert code == 0


BREAKS = {
    "tfvars capacity off the table": (
        "infra/terraform/envs/prod.tfvars",
        "dynamodb_read_units       = 2",
        "dynamodb_read_units       = 4",
        "NC-LIMIT-001",
        "infra/terraform/modules/database/main.tf",
    ),
    "tfvars memory off the table, read by SAM through SSM": (
        "infra/terraform/envs/prod.tfvars",
        "lambda_memory_mb          = 256",
        "lambda_memory_mb          = 512",
        "NC-LIMIT-002",
        "sam/template.yaml",
    ),
    "default tag names another environment": (
        "infra/terraform/versions.tf",
        "Environment = var.environment",
        'Environment = "dev"',
        "NC-TAG-001",
        "infra/terraform/versions.tf",
    ),
    "state backend not encrypted": (
        "infra/terraform/backend.tf",
        "encrypt        = true",
        "encrypt        = false",
        "NC-STATE-003",
        "infra/terraform/backend.tf",
    ),
    "CloudFront allows plain HTTP": (
        "infra/terraform/modules/hosting/main.tf",
        'viewer_protocol_policy     = "redirect-to-https"',
        'viewer_protocol_policy     = "allow-all"',
        "NC-HOST-001",
        "infra/terraform/modules/hosting/main.tf",
    ),
    "CloudFront accepts old TLS": (
        "infra/terraform/modules/hosting/main.tf",
        'minimum_protocol_version = "TLSv1.2_2021"',
        'minimum_protocol_version = "TLSv1"',
        "NC-HOST-002",
        "infra/terraform/modules/hosting/main.tf",
    ),
    "secret literal in the root module": (
        "infra/terraform/outputs.tf",
        "output ",
        'locals {\n  deploy_token = "ghp_Xy7QmZr2Lk9Vb4Nc8Wd1Fs6Gh3Jt5Pa0Ue"\n}\n\noutput ',
        "NC-SECRET-001",
        "infra/terraform/outputs.tf",
    ),
}


@pytest.mark.parametrize("case", sorted(BREAKS), ids=lambda c: c.replace(" ", "-"))
def test_each_break_turns_the_gate_red(project: Path, case: str) -> None:
    file, old, new, rule_id, finding_file = BREAKS[case]
    _replace(project / file, old, new)
    code, report = _check("prod")
    hits = [f for f in report["findings"] if f["rule_id"] == rule_id and not f["suppressed"]]
    assert hits, f"{case}: no {rule_id}; got {[(f['rule_id'], f['file']) for f in report['findings']]}"
    assert {f["file"] for f in hits} == {finding_file}
    assert all(f["line"] > 0 for f in hits)
    assert code in (1, 2) and (code == 1 or report["diagnostics"])


def test_missing_runbook_turns_the_gate_red(project: Path) -> None:
    (project / "docs" / "runbooks" / "state-recovery.md").unlink()
    code, report = _check("prod")
    assert code == 1
    assert [(f["rule_id"], f["file"]) for f in report["findings"]] == [
        ("NC-DOCS-001", "docs/runbooks/state-recovery.md")
    ]


def test_sam_defining_a_table_turns_the_gate_red(project: Path) -> None:
    template = project / "sam" / "template.yaml"
    template.write_text(
        template.read_text().replace(
            "\nResources:\n",
            "\nResources:\n  ShadowTable:\n    Type: AWS::DynamoDB::Table\n    Properties:\n"
            "      TableName: notes-prod-shadow\n      BillingMode: PROVISIONED\n"
            "      ProvisionedThroughput: {ReadCapacityUnits: 2, WriteCapacityUnits: 2}\n"
            "      KeySchema: [{AttributeName: pk, KeyType: HASH}]\n"
            "      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}]\n"
            "      Tags: [{Key: Environment, Value: prod}, {Key: Project, Value: notes}]\n",
            1,
        )
    )
    code, report = _check("prod")
    assert code == 1
    hits = [f for f in report["findings"] if f["rule_id"] == "NC-ORDER-004"]
    assert [(f["file"], f["resource"]) for f in hits] == [("sam/template.yaml", "ShadowTable")]
