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


BREAKS = {
    "tfvars capacity off the table": (
        "infra/terraform/envs/prod.tfvars",
        "dynamodb_read_units       = 2",
        "dynamodb_read_units       = 4",
        "NC-LIMIT-001",
        "infra/terraform/envs/prod.tfvars",
    ),
    "tfvars memory off the table, read by SAM through SSM": (
        "infra/terraform/envs/prod.tfvars",
        "lambda_memory_mb          = 256",
        "lambda_memory_mb          = 512",
        "NC-LIMIT-002",
        "infra/terraform/envs/prod.tfvars",
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
    "API custom domain accepts TLS 1.0": (
        "infra/terraform/modules/compute/main.tf",
        'security_policy          = "TLS_1_2"',
        'security_policy          = "TLS_1_0"',
        "NC-HOST-010",
        "infra/terraform/modules/compute/main.tf",
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


# --- The shared root (infra/terraform/bootstrap): checked by every run, as the section `shared` ---------

BOOTSTRAP = "infra/terraform/bootstrap/main.tf"
SHARED_BREAKS = {
    "state bucket versioning suspended": (
        'bucket = aws_s3_bucket.state.id\n\n  versioning_configuration {\n    status = "Enabled"',
        'bucket = aws_s3_bucket.state.id\n\n  versioning_configuration {\n    status = "Suspended"',
        "NC-STATE-005",
    ),
    "state bucket encrypted with KMS, not AES-256": (
        "bucket = aws_s3_bucket.state.id\n\n  rule {\n    apply_server_side_encryption_by_default {\n"
        '      sse_algorithm = "AES256"',
        "bucket = aws_s3_bucket.state.id\n\n  rule {\n    apply_server_side_encryption_by_default {\n"
        '      sse_algorithm = "aws:kms"',
        "NC-STATE-006",
    ),
    "state bucket public policy allowed": (
        "bucket                  = aws_s3_bucket.state.id\n  block_public_acls       = true\n"
        "  block_public_policy     = true",
        "bucket                  = aws_s3_bucket.state.id\n  block_public_acls       = true\n"
        "  block_public_policy     = false",
        "NC-STATE-006",
    ),
    "state bucket accepts plain HTTP": (
        'resource "aws_s3_bucket_policy" "state" {\n  bucket = aws_s3_bucket.state.id\n'
        "  policy = data.aws_iam_policy_document.state.json",
        'resource "aws_s3_bucket_policy" "state" {\n  bucket = aws_s3_bucket.state.id\n'
        '  policy = jsonencode({ Version = "2012-10-17", Statement = [] })',
        "NC-STATE-008",
    ),
    "lock table keyed by id": ('hash_key     = "LockID"', 'hash_key     = "id"', "NC-STATE-007"),
    "trail without log file validation": (
        "enable_log_file_validation    = true",
        "enable_log_file_validation    = false",
        "NC-SHARED-002",
    ),
    "trail switched off": (
        "enable_log_file_validation    = true",
        "enable_log_file_validation    = true\n  enable_logging                = false",
        "NC-SHARED-002",
    ),
}


@pytest.mark.parametrize("case", sorted(SHARED_BREAKS), ids=lambda c: c.replace(" ", "-"))
@pytest.mark.parametrize("env", ["prod", "all"])
def test_each_break_of_the_shared_root_turns_every_run_red(project: Path, case: str, env: str) -> None:
    old, new, rule_id = SHARED_BREAKS[case]
    _replace(project / BOOTSTRAP, old, new)
    code, report = _check(env)
    hits = [f for f in report["findings"] if f["rule_id"] == rule_id and not f["suppressed"]]
    assert hits, f"{case}: no {rule_id}; got {[(f['rule_id'], f['env'], f['file']) for f in report['findings']]}"
    assert {(f["env"], f["file"]) for f in hits} == {("shared", BOOTSTRAP)}, "once, in the shared section"
    assert all(f["line"] > 0 for f in hits)
    assert code == 1


def test_the_shared_roots_tags_say_shared(project: Path) -> None:
    _replace(
        project / BOOTSTRAP,
        "  name         = local.lock_table\n",
        '  name         = local.lock_table\n  tags         = { Environment = "prod" }\n',
    )
    code, report = _check("prod")
    hits = {(f["env"], f["file"]) for f in report["findings"] if f["rule_id"] == "NC-TAG-001"}
    assert code == 1 and hits == {("shared", BOOTSTRAP)}


def test_a_shared_root_retagged_as_an_environment_is_not_skipped(project: Path) -> None:
    versions = project / "infra/terraform/bootstrap/versions.tf"
    _replace(versions, '      Environment = "shared"', '      Environment = "prod"')
    code, report = _check("prod")
    assert code == 2
    assert [(d["file"], d["level"]) for d in report["diagnostics"]] == [("infra/terraform/bootstrap", "error")]


def test_no_environment_rule_misfires_on_the_shared_root_and_it_is_listed_once(project: Path) -> None:
    """The bootstrap root has local state, no envs/, no CloudFront: none of that is a finding there."""
    from checker.pipeline import run
    from checker.runtime import Runtime
    from checker.settings import Settings

    report = run(Settings(root=project, envs=("dev", "staging", "prod"), checkov=False, cache_dir=None), Runtime())
    assert [r.env for r in report.results] == ["dev", "staging", "prod", "shared"]
    assert [f for f in report.findings if not f.suppressed] == [] and report.diagnostics == []
    shared, prod = report.results[-1], report.results[-2]
    assert {"NC-STATE-005", "NC-STATE-008", "NC-SHARED-001", "NC-TAG-001"} <= set(shared.rules_run)
    assert not {"NC-STATE-001", "NC-ENV-001", "NC-HOST-008", "NC-LIMIT-001", "NC-DOCS-001"} & set(shared.rules_run)
    assert "NC-SHARED-001" not in prod.rules_run
    resources = {f.resource for f in report.findings}
    assert not any(r.startswith("aws_s3_bucket.state") for r in resources)


def test_a_shared_root_without_the_trail_is_named(project: Path) -> None:
    text = (project / BOOTSTRAP).read_text()
    start = text.index('resource "aws_cloudtrail" "audit" {')
    (project / BOOTSTRAP).write_text(text[:start])
    outputs = project / "infra/terraform/bootstrap/outputs.tf"
    text = outputs.read_text()
    start = text.index('output "cloudtrail_arn"')
    outputs.write_text(text[:start] + text[text.index('output "audit_bucket"') :])
    code, report = _check("shared")
    assert code == 1
    assert [(f["rule_id"], f["env"]) for f in report["findings"]] == [("NC-SHARED-001", "shared")]


# --- The configuration table where the spec stores it (envs/<env>.tfvars), and where it takes effect -----

TABLE_BREAKS = {
    "lambda memory 512": ("lambda_memory_mb          = 256", "lambda_memory_mb          = 512", {"NC-LIMIT-002"}),
    "api rate 5000 per minute": (
        "api_rate_limit_per_minute = 10000",
        "api_rate_limit_per_minute = 5000",
        {"NC-LIMIT-003"},
    ),
    "log level INFO": ('log_level                 = "WARN"', 'log_level                 = "INFO"', {"NC-LIMIT-005"}),
    "backup retention 7 days": ("backup_retention_days     = 30", "backup_retention_days     = 7", {"NC-LIMIT-004"}),
    "write units 1": ("dynamodb_write_units      = 2", "dynamodb_write_units      = 1", {"NC-LIMIT-001"}),
}


@pytest.mark.parametrize("case", sorted(TABLE_BREAKS), ids=lambda c: c.replace(" ", "-"))
def test_each_row_of_the_table_is_checked_at_its_tfvars_line(project: Path, case: str) -> None:
    old, new, effect_rules = TABLE_BREAKS[case]
    tfvars = project / "infra/terraform/envs/prod.tfvars"
    _replace(tfvars, old, new)
    line = tfvars.read_text().splitlines().index(new) + 1
    code, report = _check("prod")
    found = {(f["rule_id"], f["file"], f["line"]) for f in report["findings"] if not f["suppressed"]}
    expected = {(rule, "infra/terraform/envs/prod.tfvars", line) for rule in {"NC-LIMIT-007", *effect_rules}}
    assert found == expected
    assert code == 1


def test_the_log_level_reaches_lambdas_logging_config_through_ssm(project: Path) -> None:
    _replace(project / "infra/terraform/envs/prod.tfvars", 'log_level                 = "WARN"', 'log_level = "INFO"')
    _code, report = _check("prod")
    hits = [f for f in report["findings"] if f["rule_id"] == "NC-LIMIT-005"]
    assert {f["message"].split()[0] for f in hits} == {"LOG_LEVEL", "LoggingConfig.ApplicationLogLevel"}
    assert {(f["resource"], f["file"]) for f in hits} == {("NotesFunction", "infra/terraform/envs/prod.tfvars")}
    for finding in hits:  # the whole chain: tfvars -> module input -> SSM parameter -> samconfig -> template
        assert finding["evidence"][0].startswith("infra/terraform/envs/prod.tfvars:")
        assert (
            "module.compute.aws_ssm_parameter.log_level publishes SSM parameter /notes/prod/config/log-level"
            in (finding["evidence"])
        )
        assert any(e.startswith("sam/samconfig.toml:") for e in finding["evidence"])


def test_sam_reading_another_environments_ssm_parameter_turns_the_gate_red(project: Path) -> None:
    samconfig = project / "sam/samconfig.toml"
    _replace(
        samconfig, 'TableName=\\"/notes/prod/dynamodb/table-name\\"', 'TableName=\\"/notes/dev/dynamodb/table-name\\"'
    )
    code, report = _check("prod")
    lines = samconfig.read_text().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "/notes/dev/dynamodb" in text and '\\"prod\\"' in text)
    hits = [(f["file"], f["line"]) for f in report["findings"] if f["rule_id"] == "NC-ENV-005"]
    assert code == 1 and hits == [("sam/samconfig.toml", line)]


def test_a_copy_of_a_tfvars_value_in_samconfig_must_not_drift(project: Path) -> None:
    _replace(
        project / "sam/template.yaml",
        "  LambdaMemory:\n    Type: AWS::SSM::Parameter::Value<String>",
        "  LambdaMemory:\n    Type: Number",
    )
    samconfig = project / "sam/samconfig.toml"
    _replace(samconfig, 'LambdaMemory=\\"/notes/prod/config/lambda-memory-mb\\"', 'LambdaMemory=\\"512\\"')
    code, report = _check("prod")
    drift = [(f["file"], f["resource"]) for f in report["findings"] if f["rule_id"] == "NC-LIMIT-008"]
    assert code == 1 and drift == [("sam/samconfig.toml", "Parameters.LambdaMemory")]


# --- Nothing Terraform would refuse or compute passes: validation blocks, partially known strings ---------


def test_a_value_failing_its_validation_block_turns_the_gate_red(project: Path) -> None:
    tfvars = project / "infra/terraform/envs/prod.tfvars"
    _replace(tfvars, "lambda_memory_mb          = 256", "lambda_memory_mb          = 4096")
    line = tfvars.read_text().splitlines().index("lambda_memory_mb          = 4096") + 1
    code, report = _check("prod")
    refused = [f for f in report["findings"] if f["rule_id"] == "NC-PLAN-001"]
    assert code == 1
    assert ("infra/terraform/envs/prod.tfvars", line, "var.lambda_memory_mb") in {
        (f["file"], f["line"], f["resource"]) for f in refused
    }
    assert all("terraform plan refuses it" in f["message"] for f in refused)
    assert not [d for d in report["diagnostics"] if "validation" in d["message"]]  # a finding, not a warning


def test_a_partly_unknown_arn_naming_the_staging_table_turns_prod_red(project: Path) -> None:
    iam = project / "infra/terraform/modules/iam/main.tf"
    iam.write_text(
        iam.read_text()
        + '\ndata "aws_iam_policy_document" "reach" {\n  statement {\n    actions   = ["dynamodb:GetItem"]\n'
        '    resources = ["arn:aws:dynamodb:us-east-1:${data.aws_caller_identity.current.account_id}'
        ':table/notes-staging-notes"]\n  }\n}\n'
    )
    code, report = _check("prod")
    hits = [f for f in report["findings"] if f["rule_id"] == "NC-ENV-002"]
    assert code == 1
    assert [(f["file"], f["resource"]) for f in hits] == [
        ("infra/terraform/modules/iam/main.tf", "module.iam.data.aws_iam_policy_document.reach")
    ]
    assert "staging" in hits[0]["message"]


def test_an_override_file_retagging_every_resource_turns_the_gate_red(project: Path) -> None:
    (project / "infra/terraform/override.tf").write_text(
        'provider "aws" {\n  default_tags {\n    tags = {\n      Environment = "dev"\n      Project     = var.project\n'
        '      ManagedBy   = "terraform"\n    }\n  }\n}\n'
    )
    code, report = _check("prod")
    retagged = [f for f in report["findings"] if f["rule_id"] == "NC-TAG-001" and not f["suppressed"]]
    assert code == 1 and retagged
    assert not [d for d in report["diagnostics"] if d["level"] == "error"], report["diagnostics"]
    assert any("override.tf" in " ".join([f["file"], *f["evidence"]]) for f in retagged), retagged[:2]


def test_a_json_syntax_file_is_read_like_the_others(project: Path) -> None:
    (project / "infra/terraform/extra.tf.json").write_text(
        json.dumps(
            {
                "resource": {
                    "aws_sns_topic": {"stray": {"name": "notes-prod-stray", "tags": {"Environment": "staging"}}}
                }
            },
            indent=2,
        )
    )
    code, report = _check("prod")
    hits = {(f["rule_id"], f["file"]) for f in report["findings"] if f["resource"] == "aws_sns_topic.stray"}
    assert code == 1
    assert ("NC-TAG-001", "infra/terraform/extra.tf.json") in hits, hits
