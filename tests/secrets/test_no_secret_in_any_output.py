"""A planted secret never appears in any output format of `notescheck report`, nor on the terminal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from checker.cli import main

FORMATS = ("text", "json", "sarif", "junit", "markdown", "html", "github")
# Assembled at run time so this file holds no scannable credential.
AWS_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYzq8Xk2LmN0"
AWS_KEY_ID = "AKIA" + "Q3EXAMPLEZ7KD2XW"
TFVARS_PASSWORD = "Pl4nted-" + "Passw0rd-Value"
SAMCONFIG_PASSWORD = "Sam-" + "Pl4nted-Secret-99"
TEMPLATE_SECRET = "jwt-" + "pl4nted-signing-secret"
GITHUB_TOKEN = "ghp_" + "x7Kq2mN9vR4tY8wL3pB6sD1fG5hJ0aCzE2uI"
CONTENT_SECRET = "hT7s9Kq2" + "LmXw8vRz3NpY"  # inside a jsonencode() document
HEREDOC_SECRET = "Zx4Rt8Lp" + "2Vn6Qs1Mk9Wd"  # inside a heredoc script
DSN_PASSWORD = "Pq7Lm2Xc" + "9Vb4Rt"  # inside a URL in a SAM environment variable
SSM_PASSWORD = "Kd8Wq3Zt" + "6Hn1Vc5Xr7Lp"  # inside a JSON document, the value of a String SSM parameter
UPLOADED_SECRET = "Rv5Tn2Wq" + "8Lx4Mz7Kp1"  # inside a file an aws_s3_object uploads (source)
# Shaped like tokens only detect-secrets' plugins know (notescheck's own patterns do not), under innocent names
STRIPE_KEY = "sk_live_" + "FaKe" * 6
TWILIO_KEY = "SK" + "fake" * 8  # a SAM parameter default, passed to a function's environment
MAILCHIMP_KEY = "fake" * 8 + "-us12"  # a local, reaching a resource's tag through a reference
TELEGRAM_TOKEN = "123456789:" + "FAKEfake" * 4 + "123"  # a variable set in tfvars
# the value of a String SSM parameter (NC-SECRET-006) and of an output not marked sensitive (NC-SECRET-002)
SENDGRID_KEY = "SG." + ("fake" * 6)[:22] + "." + ("fake" * 11)[:43]
PLANTED = (
    SENDGRID_KEY,
    STRIPE_KEY,
    TWILIO_KEY,
    MAILCHIMP_KEY,
    TELEGRAM_TOKEN,
    AWS_SECRET_KEY,
    AWS_KEY_ID,
    TFVARS_PASSWORD,
    SAMCONFIG_PASSWORD,
    TEMPLATE_SECRET,
    GITHUB_TOKEN,
    CONTENT_SECRET,
    HEREDOC_SECRET,
    DSN_PASSWORD,
    SSM_PASSWORD,
    UPLOADED_SECRET,
)


@pytest.fixture
def leaky_repo(tmp_path: Path) -> Path:
    tf = tmp_path / "infra" / "terraform"
    (tf / "envs").mkdir(parents=True)
    (tf / "main.tf").write_text(
        f"""provider "aws" {{
  region     = "us-east-1"
  access_key = "{AWS_KEY_ID}"
  secret_key = "{AWS_SECRET_KEY}"
}}

variable "db_password" {{
  type = string
}}

locals {{
  ci_token = "{GITHUB_TOKEN}"
  billing_endpoint = "{STRIPE_KEY}"
  list_endpoint = "{MAILCHIMP_KEY}"
}}

variable "notify_channel" {{
  type = string
}}

resource "aws_sns_topic" "notify" {{
  name = "notes-prod-notify"
  tags = {{
    Environment = "prod"
    Project     = "notes"
    List        = local.list_endpoint
    Channel     = var.notify_channel
  }}
}}

resource "aws_db_instance" "legacy" {{
  identifier = "notes-legacy"
  username   = "notes"
  password   = var.db_password
  tags = {{
    Environment = "prod"
    Project     = "notes"
  }}
}}

output "db_password" {{
  value = var.db_password
}}

output "list_endpoint" {{
  value = local.list_endpoint
}}

resource "aws_ssm_parameter" "relay" {{
  name  = "/notes/prod/relay"
  type  = "String"
  value = "{SENDGRID_KEY}"
  tags = {{
    Environment = "prod"
    Project     = "notes"
  }}
}}

output "relay_key" {{
  value = aws_ssm_parameter.relay.value
}}

resource "aws_s3_object" "client_config" {{
  bucket  = "notes-prod-config"
  key     = "client.json"
  content = jsonencode({{ clientId = "notes-web", oauthClientSecret = "{CONTENT_SECRET}" }})
}}

resource "aws_s3_object" "worker_settings" {{
  bucket = "notes-prod-config"
  key    = "worker.env"
  source = "${{path.module}}/files/worker.env"
}}

resource "aws_ssm_parameter" "db_config" {{
  name  = "/notes/prod/db_config"
  type  = "String"
  value = jsonencode({{ username = "notes", password = "{SSM_PASSWORD}" }})
  tags = {{
    Environment = "prod"
    Project     = "notes"
  }}
}}

resource "aws_instance" "bastion" {{
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/bash
    export API_TOKEN="{HEREDOC_SECRET}"
  EOT
}}
"""
    )
    (tf / "files").mkdir()
    (tf / "files" / "worker.env").write_text(f"QUEUE=notes-prod-jobs\nAPI_TOKEN={UPLOADED_SECRET}\n")
    (tf / "envs" / "prod.tfvars").write_text(
        f'db_password = "{TFVARS_PASSWORD}"\nnotify_channel = "{TELEGRAM_TOKEN}"\n'
    )
    sam = tmp_path / "sam"
    sam.mkdir()
    (sam / "template.yaml").write_text(
        f"""AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Parameters:
  DbPassword:
    Type: String
    AllowedPattern: "^[a-z]+$"
  RelayEndpoint:
    Type: String
    Default: {TWILIO_KEY}
Resources:
  NotesFunction:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Runtime: python3.12
      CodeUri: src/
      Environment:
        Variables:
          DB_PASSWORD: !Ref DbPassword
          RELAY_ENDPOINT: !Ref RelayEndpoint
          JWT_SECRET: {TEMPLATE_SECRET}
          DATABASE_URL: postgres://notes:{DSN_PASSWORD}@db.internal:5432/notes
      Tags:
        Environment: prod
        Project: notes
"""
    )
    (sam / "samconfig.toml").write_text(
        f'version = 0.1\n\n[prod.deploy.parameters]\nstack_name = "notes-prod-app"\n'
        f'parameter_overrides = "DbPassword={SAMCONFIG_PASSWORD}"\n'
    )
    return tmp_path


def _assert_clean(text: str, where: str) -> None:
    for planted in PLANTED:
        assert planted not in text, f"{where} shows a planted secret ({planted[:4]}...)"


def test_no_output_format_shows_a_planted_secret(leaky_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(leaky_repo)
    args = ["report", "--env", "prod", "--no-checkov", "--no-cache", "--output-dir", "out"]
    result = CliRunner().invoke(main, [*args, *[arg for fmt in FORMATS for arg in ("--format", fmt)]])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    _assert_clean(result.output, "the terminal")
    written = sorted((leaky_repo / "out").iterdir())
    assert len(written) == len(FORMATS)
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert "NC-SECRET-001" in text, path.name  # the secrets were found, and still not shown
        assert "NC-SECRET-002" in text, path.name
        assert "NC-SECRET-005" in text, path.name
        assert "NC-SECRET-006" in text, path.name
        assert "files/worker.env" in text, path.name  # found in the uploaded file, at its line
        _assert_clean(text, path.name)


def test_the_shape_rules_mask_what_they_find_on_their_own(leaky_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """NC-SECRET-002 (an output) and NC-SECRET-006 (a String parameter) find values by detect-secrets' token
    shapes, and carry them for masking, also when NC-SECRET-001, which reports them where they are written, is
    not enabled."""
    monkeypatch.chdir(leaky_repo)
    args = ["report", "--env", "prod", "--no-checkov", "--no-cache", "--output-dir", "out"]
    args += ["--enable", "NC-SECRET-002", "--enable", "NC-SECRET-006"]
    result = CliRunner().invoke(main, [*args, *[arg for fmt in FORMATS for arg in ("--format", fmt)]])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = (leaky_repo / "out" / "notescheck.json").read_text(encoding="utf-8")
    assert set(re.findall(r'"rule_id": "([^"]+)"', report)) == {"NC-SECRET-002", "NC-SECRET-006"}
    for path in sorted((leaky_repo / "out").iterdir()):
        text = path.read_text(encoding="utf-8")
        assert "output.list_endpoint" in text and "output.relay_key" in text, path.name  # NC-SECRET-002's
        assert "aws_ssm_parameter.relay" in text, path.name  # NC-SECRET-006's
        for planted in (SENDGRID_KEY, MAILCHIMP_KEY):
            assert planted not in text, f"{path.name} shows a planted secret ({planted[:4]}...)"
    assert SENDGRID_KEY not in result.output and MAILCHIMP_KEY not in result.output


@pytest.mark.parametrize("fmt", FORMATS)
def test_stdout_of_each_format_is_clean(leaky_repo: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.chdir(leaky_repo)
    result = CliRunner().invoke(main, ["check", "--env", "prod", "--no-checkov", "--no-cache", "--format", fmt])
    assert result.exit_code in (1, 2), result.output
    assert "NC-SECRET" in result.output
    _assert_clean(result.output, f"{fmt} on stdout")


def test_checkov_findings_do_not_show_a_planted_secret_either(
    leaky_repo: Path, checkov: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Checkov reads the same files and quotes code: its findings go through the same masking."""
    monkeypatch.chdir(leaky_repo)
    args = ["report", "--env", "prod", "--no-cache", "--checkov", str(checkov), "--output-dir", "out"]
    result = CliRunner().invoke(main, [*args, *[arg for fmt in FORMATS for arg in ("--format", fmt)]])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    _assert_clean(result.output, "the terminal")
    json_report = (leaky_repo / "out" / "notescheck.json").read_text(encoding="utf-8")
    assert '"source": "checkov"' in json_report
    for path in sorted((leaky_repo / "out").iterdir()):
        _assert_clean(path.read_text(encoding="utf-8"), path.name)


def test_the_graph_export_masks_secrets_inside_content(leaky_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`notescheck graph` prints every value: the secrets detect-secrets finds in documents are masked too."""
    template = leaky_repo / "sam" / "template.yaml"  # no input error: the graph is written only when whole
    template.write_text(template.read_text(encoding="utf-8").replace('AllowedPattern: "^[a-z]+$"', "NoEcho: true"))
    monkeypatch.chdir(leaky_repo)
    result = CliRunner().invoke(main, ["graph", "--env", "prod", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "client.json" in result.output and "oauthClientSecret" in result.output  # the content is exported
    _assert_clean(result.output, "graph --format json")
