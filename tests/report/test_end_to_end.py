"""Every format from real runs of the CLI: this repository's infrastructure, and Checkov on a small project."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTESCHECK = Path(sys.executable).parent / "notescheck"
FIXTURE = ROOT / "tests" / "integrations" / "fixtures" / "minimal"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"


def _validators() -> tuple[jsonschema.Validator, jsonschema.Validator]:
    report_schema = json.loads(resources.files("checker").joinpath("schemas/report.schema.json").read_text("utf-8"))
    sarif_schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    if "properties" not in sarif_schema:  # see tests/data/README.md
        sarif_schema = {**sarif_schema, "$ref": "#/definitions/Root"}
    return jsonschema.Draft202012Validator(report_schema), jsonschema.Draft7Validator(sarif_schema)


def _report(cwd: Path, out: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    formats = [a for f in ("text", "json", "sarif", "junit", "markdown") for a in ("--format", f)]
    command = [str(NOTESCHECK), "report", *formats, "--output-dir", str(out), "--no-cache", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)


def _assert_valid(out: Path) -> dict:
    report_validator, sarif_validator = _validators()
    data = json.loads((out / "notescheck.json").read_text(encoding="utf-8"))
    report_validator.validate(data)
    sarif = json.loads((out / "notescheck.sarif").read_text(encoding="utf-8"))
    errors = list(sarif_validator.iter_errors(sarif))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    ET.fromstring((out / "notescheck.xml").read_text(encoding="utf-8"))
    assert (out / "notescheck.md").read_text(encoding="utf-8").startswith("## ")
    return data


def test_this_repository_in_every_environment(tmp_path):
    """Our rules on infra/ and sam/ as they are today: whatever they find, every format is valid and stable."""
    if not (ROOT / "infra" / "terraform").is_dir():
        pytest.skip("no infra/terraform in this checkout")
    first, second = tmp_path / "first", tmp_path / "second"
    done = _report(ROOT, first, "--env", "all", "--no-checkov")
    assert done.returncode in (0, 1), done.stdout + done.stderr
    data = _assert_valid(first)
    assert data["environments"] == ["dev", "staging", "prod", "shared"]  # the shared roots, once
    assert data["summary"]["passed"] == (done.returncode == 0)
    assert _report(ROOT, second, "--env", "all", "--no-checkov").returncode == done.returncode
    for name in ("notescheck.txt", "notescheck.json", "notescheck.sarif", "notescheck.xml", "notescheck.md"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), f"{name} differs between two runs"


def test_checkov_findings_in_every_format(tmp_path, checkov):
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    (project / ".notescheck.yaml").write_text("enable: [NC-SECRET, CKV_AWS_]\n", encoding="utf-8")
    env = {**os.environ, "NOTESCHECK_CHECKOV": str(checkov)}
    out = tmp_path / "out"
    done = _report(project, out, "--env", "prod", env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    data = _assert_valid(out)
    assert data["tool"]["checkov_version"]
    checkov = [f for f in data["findings"] if f["source"] == "checkov"]
    assert checkov and all(f["rule_id"].startswith("CKV") for f in checkov)
    run = json.loads((out / "notescheck.sarif").read_text(encoding="utf-8"))["runs"][0]
    (extension,) = run["tool"]["extensions"]
    assert extension["name"] == "checkov"
    ids = [r["id"] for r in extension["rules"]]
    for result in run["results"]:
        if result["ruleId"].startswith("CKV"):
            assert ids[result["rule"]["index"]] == result["ruleId"]
    assert "Checkov (AWS hygiene)" in (out / "notescheck.txt").read_text(encoding="utf-8")
