"""The rules and the spec's tables. `all_rules()` is the catalog; `load_spec()` the data they read."""

from __future__ import annotations

import importlib
import json
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
import yaml

from policies.base import Context, Rule, RuleFamily, Violation

__all__ = ["Context", "Rule", "RuleFamily", "Violation", "all_rules", "load_spec", "FAMILY_MODULES"]

# One family per module, in the order the catalog lists them.
FAMILY_MODULES = (
    "policies.tags",
    "policies.environments",
    "policies.state",
    "policies.secrets",
    "policies.limits",
    "policies.ordering",
    "policies.hosting",
    "policies.documents",
    "policies.suppressions",
    "policies.statefile",
)


def all_rules() -> list[Rule]:
    rules: list[Rule] = []
    for name in FAMILY_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name == name:  # family not written yet
                continue
            raise
        rules.extend(module.FAMILY)
    return rules


def load_yaml_validated(data_name: str, schema_name: str) -> Any:
    """A data file of policies/, checked against its JSON Schema (the schemas are ours: no meta-check)."""
    text = resources.files("policies").joinpath(data_name).read_text(encoding="utf-8")
    schema = json.loads(resources.files("policies").joinpath(schema_name).read_text(encoding="utf-8"))
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # the C loader is 10x faster
    jsonschema.Draft202012Validator(schema).validate(data)
    return data


@cache
def load_spec() -> dict[str, Any]:
    """The spec's tables (policies/data/spec.yaml), validated against policies/schemas/spec.schema.json."""
    return load_yaml_validated("data/spec.yaml", "schemas/spec.schema.json")
