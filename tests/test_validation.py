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
from checker.runtime import Runtime
from tests.conftest import REPO_ROOT

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
    from checker.runtime import Runtime
    from checker.validation import schema_errors
    schema, document, directory = json.loads(sys.argv[1])
    errors = schema_errors(document, schema, Runtime(cache=DiskCache(Path(directory))))
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
    cache = Runtime(cache=DiskCache(tmp_path))
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

    def read(name, runtime=None):
        return spec if name == policies.SPEC[0] else real_read(name, runtime)

    monkeypatch.setattr(policies, "_read_data", read)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "--no-checkov", "--no-cache"])
    assert result.exit_code == 2, result.output
    assert "policies/data/spec.yaml: config: environments: 'prod' is not of type 'object'" in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


ELSEWHERE = textwrap.dedent(
    """
    import json, sys
    from checker.runtime import Runtime
    from checker.validation import schema_errors, validate_elsewhere
    schema, documents, fail_in_child = json.loads(sys.argv[1])
    runtime = Runtime()

    def to_validate():
        if fail_in_child:
            raise RuntimeError("the child fails")
        return [(document, schema) for document in documents]

    join = validate_elsewhere(to_validate, runtime)
    join()
    imported_by_join = "jsonschema" in sys.modules
    errors = [[e.message for e in schema_errors(document, schema, runtime)] for document in documents]
    imported = "jsonschema" in sys.modules
    print(json.dumps({"imported_by_join": imported_by_join, "imported": imported, "errors": errors}))
    """
)


def _elsewhere(documents, fail_in_child=False) -> dict:
    import json

    argument = json.dumps([SCHEMA, documents, fail_in_child])
    done = subprocess.run([sys.executable, "-c", ELSEWHERE, argument], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_documents_validated_on_another_core_are_known_valid_here_without_importing_jsonschema():
    result = _elsewhere([{"name": "a"}, {"name": "b", "size": 2}])
    assert result == {"imported_by_join": False, "imported": False, "errors": [[], []]}


def test_a_document_that_failed_elsewhere_is_validated_here_with_all_its_errors():
    result = _elsewhere([{"name": "a"}, {"size": 0}])
    assert result["imported_by_join"] is False
    assert result["imported"] is True  # for the second document only
    assert result["errors"][0] == []
    assert sorted(result["errors"][1]) == ["'name' is a required property", "0 is less than the minimum of 1"]


def test_a_child_that_fails_leaves_every_verdict_to_this_process():
    result = _elsewhere([{"name": "a"}, {"size": 0}], fail_in_child=True)
    assert result["errors"][0] == []
    assert len(result["errors"][1]) == 2


def test_with_another_thread_running_nothing_is_forked(monkeypatch):
    import threading

    started = threading.Event()
    release = threading.Event()
    worker = threading.Thread(target=lambda: (started.set(), release.wait()))
    worker.start()
    started.wait()
    try:
        join = validation.validate_elsewhere(lambda: [({"name": "a"}, SCHEMA)], Runtime())
        assert join is validation.nothing_to_join
    finally:
        release.set()
        worker.join()


def test_a_run_without_cache_checks_our_tables_and_the_waivers_without_jsonschema_in_this_process():
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from checker.pipeline import exit_code, run
        from checker.runtime import open_runtime
        from checker.settings import Settings
        settings = Settings(root=Path.cwd(), envs=("prod",), cache_dir=None, checkov=False)
        report = run(settings, open_runtime(settings))
        print(exit_code(report, settings), "jsonschema" in sys.modules)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO_ROOT)
    assert done.stdout.split() == ["0", "False"], done.stderr


def test_policy_data_that_cannot_be_read_is_a_policy_data_error_naming_the_file():
    import pytest

    with pytest.raises(policies.PolicyDataError, match=r"policies/data/missing\.yaml: cannot be read"):
        policies._read_data("data/missing.yaml")
