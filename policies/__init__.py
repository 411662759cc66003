"""The rules and the spec's tables. `all_rules()` is the catalog; `load_spec()` the data they read."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.cache import cached
from checker.validation import pair_key, schema_errors
from policies.base import Rule, RuleContext, Violation
from policies.errors import PolicyDataError, RuleModuleError
from policies.rules import all_rules

if TYPE_CHECKING:
    from checker.runtime import Runtime

__all__ = [
    "RuleContext",
    "Rule",
    "Violation",
    "all_rules",
    "load_spec",
    "load_cost_data",
    "load_checkov_checklist",
    "load_policy_data",
    "environment_names",
    "policy_data_to_validate",
    "PolicyDataError",
    "RuleModuleError",
]

SPEC = ("data/spec.yaml", "schemas/spec.schema.json")
TAGGABLE = ("data/taggable.yaml", "schemas/taggable.schema.json")
COST = ("data/cost.yaml", "schemas/cost.schema.json")
CHECKOV_CHECKLIST = ("data/checkov-checklist.yaml", "schemas/checkov-checklist.schema.json")
POLICY_DATA = (TAGGABLE, SPEC, COST, CHECKOV_CHECKLIST)  # every (data file, schema) of policies/

DATA_READER_VERSION = "policy-data-1"  # keys parsed data files in the parse cache
# The package's own files, which are the same for every run in this process (rules read them without a
# runtime): each file as read, and the verdict keys (checker.validation) of the data files that passed.
_package_files: dict[str, Any] = {}
_package_files_valid: set[str] = set()


def _read_data(name: str, runtime: Runtime | None = None) -> Any:
    """A file of policies/ as plain data, read once per process and, through the runtime's parse cache,
    parsed once per content (a warm run then never imports PyYAML: ~20 ms)."""
    if name in _package_files:
        return _package_files[name]
    try:
        text = (Path(__file__).parent / name).read_text(encoding="utf-8")  # a package on disk, never zipped
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyDataError(f"policies/{name}", f"cannot be read: {error}") from None
    if name.endswith(".json"):
        data = _parse_data(name, text)
    else:
        key = f"{DATA_READER_VERSION}:{hashlib.sha256(text.encode()).hexdigest()}"
        cache = runtime.cache if runtime is not None else None
        data = cached(cache, key, dict, lambda: _parse_data(name, text))  # every data file is a mapping
    _package_files[name] = data
    return data


def _parse_data(name: str, text: str) -> Any:
    if name.endswith(".json"):
        try:
            return json.loads(text)
        except ValueError as error:
            raise PolicyDataError(f"policies/{name}", f"cannot be read: {error}") from None
    import yaml  # here: with a parse cache, a warm run never needs it

    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # the C loader is 10x faster
    except yaml.YAMLError as error:
        raise PolicyDataError(f"policies/{name}", f"cannot be read: {error}") from None


def load_yaml_validated(data_name: str, schema_name: str, runtime: Runtime | None = None) -> Any:
    """A data file of policies/, checked against its JSON Schema (the schemas are ours: no meta-check) once
    per process, and through `runtime` (its parse cache, or a verdict a forked child found) once per content.

    Raises PolicyDataError naming the file and the first offending key.
    """
    data = _read_data(data_name, runtime)
    schema = _read_data(schema_name)
    key = pair_key(data, schema)
    if key in _package_files_valid:
        return data
    errors = schema_errors(data, schema, runtime)
    if errors:
        first = min(errors, key=lambda e: [str(p) for p in e.absolute_path])
        where = ".".join(str(p) for p in first.absolute_path) or "top level"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise PolicyDataError(f"policies/{data_name}", f"{where}: {first.message}{more}")
    _package_files_valid.add(key)
    return data


def load_spec(runtime: Runtime | None = None) -> dict[str, Any]:
    """The spec's tables (policies/data/spec.yaml), validated against policies/schemas/spec.schema.json."""
    return load_yaml_validated(*SPEC, runtime)


def load_cost_data(runtime: Runtime | None = None) -> dict[str, Any]:
    """Prices and usage assumptions of the cost estimate (policies/data/cost.yaml), validated."""
    return load_yaml_validated(*COST, runtime)


def load_checkov_checklist(runtime: Runtime | None = None) -> dict[str, str]:
    """{Checkov check id: review-checklist key} from policies/data/checkov-checklist.yaml, validated."""
    by_question = load_yaml_validated(*CHECKOV_CHECKLIST, runtime) or {}
    return {check: key for key, checks in by_question.items() for check in checks}


def environment_names(runtime: Runtime | None = None) -> tuple[str, ...]:
    """The environments of spec.yaml, read without validating the file: enough to interpret `--env`
    before a run starts Checkov; the run itself validates the file (load_policy_data) right after."""
    spec = _read_data(SPEC[0], runtime)
    environments = spec.get("environments") if isinstance(spec, dict) else None
    return tuple(str(name) for name in environments) if isinstance(environments, dict) else ()


def policy_data_to_validate() -> list[tuple[Any, Any]]:
    """(document, schema) of every data file of policies/, for validate_elsewhere."""
    return [(_read_data(data_name), _read_data(schema_name)) for data_name, schema_name in POLICY_DATA]


def load_policy_data(runtime: Runtime | None = None) -> dict[str, Any]:
    """Validate every data file of policies/ (through `runtime`, once per content); returns the spec.

    A run calls it before anything reads the data, so that later loads, which rules make without a
    runtime, find the files already validated in this process.
    """
    for data_name, schema_name in POLICY_DATA:
        load_yaml_validated(data_name, schema_name, runtime)
    return load_spec()
