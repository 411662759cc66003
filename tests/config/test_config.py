"""[tool.notescheck] / .notescheck.yaml: typed overrides, and a message naming the key for every mistake."""

from __future__ import annotations

import json
import textwrap
from importlib import resources
from pathlib import Path

import jsonschema
import pytest

from checker.config import load_config
from checker.model import DiagnosticLevel, Severity
from checker.settings import Settings

FULL_TOML = """\
[project]
name = "notes-infra"

[tool.ruff]
line-length = 100

[tool.notescheck]
terraform-dir = "terraform"
sam-template = "app/template.yml"
samconfig = "app/samconfig.toml"
environments = ["staging", "prod"]
severity = "high"
enable = ["NC-"]
disable = ["NC-DOC-003"]
waivers = "waivers.yaml"
max-file-bytes = 500000
cache-dir = ".cache/notescheck"

[tool.notescheck.checkov]
enabled = false
path = "/opt/checkov/bin/checkov"
timeout = 120
skip-checks = ["CKV_AWS_117", "CKV_AWS_116"]
"""

FULL_YAML = """\
terraform-dir: terraform
sam-template: app/template.yml
samconfig: app/samconfig.toml
environments: [staging, prod]
severity: high
enable: [NC-]
disable: [NC-DOC-003]
waivers: waivers.yaml
max-file-bytes: 500000
cache-dir: .cache/notescheck
checkov:
  enabled: false
  path: /opt/checkov/bin/checkov
  timeout: 120
  skip-checks: [CKV_AWS_117, CKV_AWS_116]
"""

EXPECTED = {
    "terraform_dir": Path("terraform"),
    "sam_template": Path("app/template.yml"),
    "samconfig": Path("app/samconfig.toml"),
    "envs": ("staging", "prod"),
    "severity": Severity.HIGH,
    "enable": ("NC-",),
    "disable": ("NC-DOC-003",),
    "checkov": False,
    "checkov_config_path": "/opt/checkov/bin/checkov",
    "checkov_timeout": 120.0,
    "checkov_skip_checks": ("CKV_AWS_117", "CKV_AWS_116"),
    "waivers_file": Path("waivers.yaml"),
    "max_file_bytes": 500000,
    "cache_dir": Path(".cache/notescheck"),
}


def _write(root: Path, name: str, text: str) -> None:
    (root / name).write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.mark.parametrize(("name", "text"), [("pyproject.toml", FULL_TOML), (".notescheck.yaml", FULL_YAML)])
def test_every_key_becomes_a_typed_settings_override(tmp_path, name, text):
    _write(tmp_path, name, text)
    overrides, diagnostics = load_config(tmp_path)
    assert diagnostics == []
    assert overrides == EXPECTED
    assert type(overrides["severity"]) is Severity and type(overrides["envs"]) is tuple
    settings = Settings(root=tmp_path, **overrides)
    assert settings.rule_enabled("NC-TAG-001") and not settings.rule_enabled("NC-DOC-003")
    assert not settings.rule_enabled("CKV_AWS_28")


def test_no_config_means_no_overrides(tmp_path):
    assert load_config(tmp_path) == ({}, [])
    _write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n')
    assert load_config(tmp_path) == ({}, [])
    _write(tmp_path, ".notescheck.yaml", "# nothing yet\n")
    assert load_config(tmp_path) == ({}, [])


def test_cache_dir_false_turns_the_cache_off(tmp_path):
    _write(tmp_path, "pyproject.toml", "[tool.notescheck]\ncache-dir = false\ncheckov.enabled = true\n")
    assert load_config(tmp_path) == ({"cache_dir": None, "checkov": True}, [])


def test_the_repository_config_is_valid():
    """This repository's own pyproject.toml must load (with or without a [tool.notescheck] table)."""
    _, diagnostics = load_config(Path(__file__).resolve().parents[2])
    assert diagnostics == []


BAD_VALUES = [
    ('severity = "urgent"', 2, "severity: 'urgent' is not one of critical, high, medium, low, info"),
    ('environments = ["prod", "qa"]', 2, "environments[1]: 'qa' is not one of dev, staging, prod"),
    ("environments = []", 2, "environments: list at least 1 item(s)"),
    ('environments = "prod"', 2, "environments: expected a list, got 'prod'"),
    ('enable = ["nc-tag"]', 2, "enable[0]: 'nc-tag' is not an upper-case rule id or prefix such as NC-TAG"),
    ('disable = ["NC-TAG", "NC-TAG"]', 2, "disable: items must not repeat"),
    ("max-file-bytes = 0", 2, "max-file-bytes: 0 is too small; it must be at least 1"),
    ('max-file-bytes = "2MB"', 2, "max-file-bytes: expected a whole number, got '2MB'"),
    ("cache-dir = true", 2, "cache-dir: true is not a directory path or false (no cache)"),
    ('terraform-dir = ""', 2, "terraform-dir: must not be empty"),
    ("waivers = 3", 2, "waivers: expected a string, got 3"),
    ("colour = true", 2, "unknown key 'colour': allowed keys are baseline, cache-dir, checkov, disable, docs-dir"),
    ("[tool.notescheck.checkov]\ntimeout = -1", 3, "checkov.timeout: -1 is too small; it must be more than 0"),
    ('[tool.notescheck.checkov]\nenabled = "yes"', 3, "checkov.enabled: expected true or false, got 'yes'"),
    (
        "[tool.notescheck.checkov]\nskip = []",
        3,
        "unknown key 'checkov.skip' in checkov: allowed keys are enabled, path",
    ),
    ('checkov.skip-checks = ["CKV AWS 1"]', 2, "checkov.skip-checks[0]: 'CKV AWS 1' is not a Checkov check id"),
    ("checkov = false", 2, "checkov: expected a table of keys, got false"),
]


@pytest.mark.parametrize(("line", "where", "message"), BAD_VALUES, ids=[b[0] for b in BAD_VALUES])
def test_each_bad_key_or_value_is_named_with_what_is_allowed(tmp_path, line, where, message):
    _write(tmp_path, "pyproject.toml", f"[tool.notescheck]\n{line}\n")
    overrides, diagnostics = load_config(tmp_path)
    assert overrides == {}
    assert len(diagnostics) == 1, diagnostics
    (diagnostic,) = diagnostics
    assert (diagnostic.file, diagnostic.code, diagnostic.level) == ("pyproject.toml", "config", DiagnosticLevel.ERROR)
    assert diagnostic.message.startswith(message)
    assert diagnostic.line == where


def test_yaml_mistakes_point_at_their_line(tmp_path):
    _write(
        tmp_path,
        ".notescheck.yaml",
        """\
        severity: high
        checkov:
          enabled: true
          timeout: soon
        enable:
          - NC-TAG
          - nc-limit
        """,
    )
    _, diagnostics = load_config(tmp_path)
    assert [(d.file, d.line, d.message) for d in diagnostics] == [
        (".notescheck.yaml", 4, "checkov.timeout: expected a number, got 'soon'"),
        (
            ".notescheck.yaml",
            7,
            "enable[1]: 'nc-limit' is not an upper-case rule id or prefix such as NC-TAG or CKV_AWS_18",
        ),
    ]


def test_several_mistakes_are_all_reported(tmp_path):
    _write(tmp_path, "pyproject.toml", '[tool.notescheck]\nseverity = "urgent"\nfoo = 1\nbar = 2\n')
    _, diagnostics = load_config(tmp_path)
    assert [d.line for d in diagnostics] == [2, 3, 4]


def test_both_files_configuring_notescheck_is_an_error(tmp_path):
    _write(tmp_path, "pyproject.toml", '[tool.notescheck]\nseverity = "high"\n')
    _write(tmp_path, ".notescheck.yaml", "severity: low\n")
    overrides, diagnostics = load_config(tmp_path)
    assert overrides == {}
    assert [(d.file, d.message) for d in diagnostics] == [
        (
            ".notescheck.yaml",
            "both .notescheck.yaml and [tool.notescheck] in pyproject.toml configure notescheck; keep one",
        )
    ]


def test_yaml_is_used_when_pyproject_does_not_configure_notescheck(tmp_path):
    _write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n[tool.ruff]\nline-length = 99\n')
    _write(tmp_path, ".notescheck.yaml", "severity: critical\n")
    assert load_config(tmp_path) == ({"severity": Severity.CRITICAL}, [])


@pytest.mark.parametrize(
    ("name", "text", "line", "start"),
    [
        ("pyproject.toml", '[tool.notescheck]\nseverity = "high\n', 2, "not valid TOML"),
        (".notescheck.yaml", "severity: high\n  checkov: [\n", 2, "not valid YAML"),
        (".notescheck.yaml", "- severity\n", 1, ".notescheck.yaml must be a mapping"),
        ("pyproject.toml", 'tool.notescheck = "on"\n', 0, "[tool.notescheck] must be a table"),
    ],
)
def test_unreadable_config_is_a_diagnostic_not_a_traceback(tmp_path, name, text, line, start):
    _write(tmp_path, name, text)
    overrides, diagnostics = load_config(tmp_path)
    assert overrides == {}
    (diagnostic,) = diagnostics
    assert diagnostic.file == name and diagnostic.line == line and diagnostic.code == "config"
    assert diagnostic.message.startswith(start)


def test_schema_is_a_valid_json_schema():
    schema = json.loads(resources.files("checker").joinpath("schemas/config.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
