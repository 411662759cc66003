"""Readers for the repo's own infrastructure files, shared by the tests of tests/infra."""

from __future__ import annotations

import re
import shlex
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

import hcl2
from cfnlint.decode import cfn_yaml

from tests.conftest import REPO_ROOT

TERRAFORM = REPO_ROOT / "infra" / "terraform"
MODULES = TERRAFORM / "modules"
BOOTSTRAP = TERRAFORM / "bootstrap"
SAM = REPO_ROOT / "sam"
ENVIRONMENTS = ("dev", "staging", "prod")

_OPTIONS = hcl2.SerializationOptions(strip_string_quotes=True, with_comments=False)
MODULE_REFERENCE = re.compile(r"\bmodule\.([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)")


@cache
def load_hcl(path: Path) -> dict[str, Any]:
    """Parsed once per session; callers must not mutate the result."""
    return hcl2.loads(path.read_text(encoding="utf-8"), serialization_options=_OPTIONS)


def blocks(document: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    """`variable`, `module`, `output` blocks of one file by name."""
    found: dict[str, dict[str, Any]] = {}
    for entry in document.get(kind, []):
        found.update(entry)
    return found


def resources(directory: Path) -> list[tuple[str, str, dict[str, Any]]]:
    """(type, name, body) of every resource in the .tf files of one directory."""
    found = []
    for path in sorted(directory.glob("*.tf")):
        for entry in load_hcl(path).get("resource", []):
            for resource_type, named in entry.items():
                for name, body in named.items():
                    found.append((resource_type, name, body))
    return found


def directory_blocks(directory: Path, kind: str) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(directory.glob("*.tf")):
        found.update(blocks(load_hcl(path), kind))
    return found


@cache
def tfvars(environment: str) -> dict[str, Any]:
    return load_hcl(TERRAFORM / "envs" / f"{environment}.tfvars")


def sam_template() -> dict[str, Any]:
    path = SAM / "template.yaml"
    return cfn_yaml.loads(path.read_text(encoding="utf-8"), str(path))


def samconfig() -> dict[str, Any]:
    return tomllib.loads((SAM / "samconfig.toml").read_text(encoding="utf-8"))


def sam_parameter_overrides(environment: str) -> dict[str, str]:
    raw = samconfig()[environment]["deploy"]["parameters"]["parameter_overrides"]
    pairs = shlex.split(raw) if isinstance(raw, str) else list(raw)
    return dict(pair.split("=", 1) for pair in pairs)
