"""Checkov scans a shared root once, for the section `shared`; the environments' scans leave it out."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from checker.cli import main

PROJECT = Path(__file__).parent / "fixtures" / "project"
BOOTSTRAP = """
provider "aws" {
  default_tags {
    tags = {
      Environment = "shared"
      Project     = "notes"
    }
  }
}

resource "aws_s3_bucket" "audit" {
  bucket = "notes-shared-audit"
}
"""


def test_checkov_reports_the_shared_root_once_in_its_own_section(tmp_path, checkov, monkeypatch):
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    (project / "infra/terraform/bootstrap").mkdir()
    (project / "infra/terraform/bootstrap/main.tf").write_text(BOOTSTRAP, encoding="utf-8")
    monkeypatch.chdir(project)
    result = CliRunner().invoke(
        main, ["check", "--env", "dev,prod", "--format", "json", "--no-cache", "--checkov", str(checkov)]
    )
    report = json.loads(result.stdout)
    assert report["environments"] == ["dev", "prod", "shared"]
    checkov = [f for f in report["findings"] if f["source"] == "checkov"]
    in_bootstrap = {f["env"] for f in checkov if f["file"].startswith("infra/terraform/bootstrap/")}
    assert in_bootstrap == {"shared"}, "bootstrap findings belong to the shared section only"
    assert {f["env"] for f in checkov if f["resource"] == "aws_s3_bucket.audit"} == {"shared"}
    assert {f["env"] for f in checkov} >= {"dev", "prod"}, "the environments are still scanned"
