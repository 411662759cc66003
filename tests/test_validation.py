"""checker.validation: a document that passed its schema is not validated (or jsonschema imported) again."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from click.testing import CliRunner

import policies
from checker import validation
from checker.cache import DiskCache
from checker.cli import main

SCHEMA = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "size": {"type": "integer", "minimum": 1}},
    "required": ["name"],
    "additionalProperties": False,
}

IN_A_FRESH_PROCESS = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from checker.cache import DiskCache
    from checker.validation import schema_errors
    schema, document, directory = json.loads(sys.argv[1])
    errors = schema_errors(document, schema, DiskCache(Path(directory)))
    print(json.dumps({"errors": [e.message for e in errors], "imported": "jsonschema" in sys.modules}))
    """
)


def _fresh_process(document, directory) -> dict:
    import json

    argument = json.dumps([SCHEMA, document, str(directory)])
    done = subprocess.run(
        [sys.executable, "-c", IN_A_FRESH_PROCESS, argument], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_a_valid_document_is_checked_once_per_content_then_jsonschema_is_not_even_imported(tmp_path):
    document = {"name": "notes", "size": 3}
    assert _fresh_process(document, tmp_path) == {"errors": [], "imported": True}
    assert _fresh_process(document, tmp_path) == {"errors": [], "imported": False}
    changed = {"name": "notes", "size": 4}
    assert _fresh_process(changed, tmp_path) == {"errors": [], "imported": True}


def test_an_invalid_document_is_never_remembered_and_reports_every_error_each_time(tmp_path):
    document = {"size": 0, "colour": "red"}
    for _ in range(2):
        result = _fresh_process(document, tmp_path)
        assert result["imported"] is True
        assert len(result["errors"]) == 3, result  # name missing, size below 1, colour not allowed


def test_the_cache_cannot_hide_an_error_the_schema_would_find(tmp_path):
    cache = DiskCache(tmp_path)
    assert validation.schema_errors({"name": "a"}, SCHEMA, cache) == []
    errors = validation.schema_errors({"name": 1}, SCHEMA, cache)
    assert [e.message for e in errors] == ["1 is not of type 'string'"]
    stricter = {**SCHEMA, "required": ["name", "size"]}
    assert [e.message for e in validation.schema_errors({"name": "a"}, stricter, cache)] == [
        "'size' is a required property"
    ]


def test_broken_policy_data_is_an_input_error_naming_the_file_and_key(monkeypatch, tmp_path):
    spec = dict(policies.load_spec())
    spec["environments"] = "prod"
    real_read = policies._read_data

    def read(name):
        return spec if name == policies.SPEC[0] else real_read(name)

    monkeypatch.setattr(policies, "_read_data", read)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--no-checkov", "--no-cache"])
    assert result.exit_code == 2, result.output
    assert "policies/data/spec.yaml: config: environments: 'prod' is not of type 'object'" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
