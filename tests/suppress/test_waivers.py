"""policies/waivers.yaml: validated against its JSON schema, every problem an ERROR with line and key."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from checker.model import DiagnosticLevel
from checker.waivers import is_expired, load_waivers
from tests.conftest import REPO_ROOT

SCHEMA = REPO_ROOT / "policies" / "schemas" / "waivers.schema.json"
WAIVERS = REPO_ROOT / "policies" / "waivers.yaml"
ENVS = ("dev", "staging", "prod")

VALID = """\
# accepted findings
- rule: CKV_AWS_117
  resource: NotesFunction
  environments: all
  reason: No VPC for the functions (spec section 2, tag-based isolation)
  owner: platform-team
  expires: 2027-06-30

- rule: NC-TAG-001
  resource: "module.*.aws_s3_bucket.*"
  environments: [dev, staging]
  reason: Buckets get tags from the provider's default_tags
  owner: platform-team
  expires: "2027-01-31"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA.read_text(encoding="utf-8")))


def test_valid_waivers_keep_their_line(tmp_path):
    waivers, diagnostics = load_waivers(write(tmp_path, VALID), ENVS)
    assert diagnostics == []
    assert [(w["rule"], w["__line__"]) for w in waivers] == [("CKV_AWS_117", 2), ("NC-TAG-001", 9)]
    assert waivers[0]["expires"] == "2027-06-30"  # a string, whether quoted or not
    assert waivers[1]["environments"] == ["dev", "staging"]


def test_the_cache_answers_for_an_unchanged_file_and_a_changed_one_is_read_again(tmp_path, monkeypatch):
    from checker import waivers as waivers_module
    from checker.cache import DiskCache
    from checker.runtime import Runtime

    runtime = Runtime(cache=DiskCache(tmp_path / "cache"))
    path = write(tmp_path, VALID)
    fresh = load_waivers(path, ENVS)
    assert load_waivers(path, ENVS, runtime=runtime) == fresh
    monkeypatch.setattr(waivers_module, "_checked", lambda *args: pytest.fail("read again"))
    assert load_waivers(path, ENVS, runtime=runtime) == fresh  # from the cache, neither parsed nor validated
    monkeypatch.undo()
    path.write_text(VALID.replace("expires: 2027-06-30", "expires: 2027-02-30"), encoding="utf-8")
    waivers, diagnostics = load_waivers(path, ENVS, runtime=runtime)
    assert [w["rule"] for w in waivers] == ["NC-TAG-001"]
    assert [d.line for d in diagnostics] == [7] and "not a date" in diagnostics[0].message


def test_missing_file_means_no_waivers(tmp_path):
    assert load_waivers(tmp_path / "absent.yaml") == ([], [])


def test_empty_file_means_no_waivers(tmp_path):
    assert load_waivers(write(tmp_path, "# nothing waived\n"), ENVS) == ([], [])


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("  owner: platform-team\n", ""), 2, ["'owner' is a required property"]),
        (("  expires: 2027-06-30\n", "  expires: 2027-02-30\n"), 7, ["'expires'", "not a date"]),
        (("  expires: 2027-06-30\n", "  expires: 30/06/2027\n"), 7, ["'expires'"]),
        (("environments: all", "environments: [dev, qa]"), 4, ["'environments'", "qa"]),
        (("environments: all", "environments: everywhere"), 4, ["'environments'"]),
        (("rule: CKV_AWS_117", "rule: not a rule"), 2, ["'rule'"]),
        (("  owner: platform-team\n", "  owner: platform-team\n  ticket: 12\n"), 7, ["'ticket'", "allowed keys"]),
        (("reason: No VPC for the functions (spec section 2, tag-based isolation)", "reason: ok"), 5, ["'reason'"]),
    ],
)
def test_each_invalid_waiver_is_an_error_naming_key_and_line(tmp_path, change, line, words):
    old, new = change
    text = VALID.replace(old, new, 1)
    assert text != VALID
    waivers, diagnostics = load_waivers(write(tmp_path, text), ENVS)
    [diagnostic] = diagnostics
    assert diagnostic.level == DiagnosticLevel.ERROR
    assert diagnostic.line == line
    assert diagnostic.message.startswith("waiver 1:")
    for word in words:
        assert word in diagnostic.message
    assert [w["rule"] for w in waivers] == ["NC-TAG-001"]  # the valid one still loads


def test_not_a_list_is_one_error(tmp_path):
    waivers, [diagnostic] = load_waivers(write(tmp_path, "rule: CKV_AWS_117\n"), ENVS)
    assert waivers == [] and "must be a list" in diagnostic.message


def test_broken_yaml_is_an_error_with_its_line(tmp_path):
    waivers, [diagnostic] = load_waivers(write(tmp_path, "- rule: CKV_AWS_117\n  resource: [unclosed\n"), ENVS)
    assert waivers == [] and diagnostic.line >= 2 and "not valid YAML" in diagnostic.message


def test_the_project_waivers_are_valid_and_each_cites_the_spec():
    waivers, diagnostics = load_waivers(WAIVERS)
    assert diagnostics == []
    for waiver in waivers:
        assert "section" in waiver["reason"].lower(), waiver
        assert waiver["owner"]
        assert waiver["expires"] > "2026"
        assert not is_expired(waiver, date(2026, 11, 1)), waiver
