"""Shared helpers of the rules."""


from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from checker.model import Node, Unknown, is_unknown
from checker.secrets import (
    MASK,
    mask,
    mask_secrets_in_text,
)

SECTION = "3. Sensitive Data Handling"


CHECKLIST = "secrets"


TF_FUNCTION_TYPES = ("aws_lambda_function",)


SAM_FUNCTION_TYPES = ("AWS::Serverless::Function", "AWS::Lambda::Function")


TF_ENV_PATH = "environment.0.variables"


SAM_ENV_PATH = "Properties.Environment.Variables"


GLOBALS_ENV_PATH = "Globals.Function.Environment.Variables"


def masked_value(value: Any) -> str:
    if isinstance(value, str):
        return mask(value)
    if is_unknown(value):
        return "(not known before deploy)"
    if value is None or isinstance(value, bool):
        return str(value).lower()
    return MASK


def shaped_like(shape: str) -> str:
    return f"shaped like an {shape}" if shape[:1] in "AEIOU" else f"shaped like a {shape}"


# A trace step that quotes what a file writes: "envs/prod.tfvars:3 db_password = value", "...:9 Name=value".
_QUOTED_ASSIGNMENT = re.compile(r"^(?P<head>\S+:\d+\s+[^=:]*?(?:=|:\s))\s*(?P<value>.+)$", re.DOTALL)


def masked_evidence(node: Node, path: str, secret: Any) -> tuple[str, ...]:
    """The node's trace for the path with every quoted value masked, so no output format can print a secret."""
    masked = []
    for step in node.traces.get(path, ()) if path else ():
        text = str(step)
        if isinstance(secret, str) and len(secret) >= 3:
            text = text.replace(secret, mask(secret))
        quoted = _QUOTED_ASSIGNMENT.match(text)
        if quoted and MASK not in quoted["value"] and not quoted["value"].startswith("(sensitive"):
            text = f"{quoted['head'].rstrip()} {mask(quoted['value'].strip())}"
        masked.append(mask_secrets_in_text(text))
    if masked:
        return tuple(masked)
    where = node.location_of(path) if path else node.loc
    if not path:
        return (f"{where} {node.address}",)
    return (f"{where} {node.address}.{path} = {masked_value(secret)}",)


def walk_values(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    """(dotted path, leaf) for string and unknown leaves of nested dicts and lists."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk_values(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from walk_values(item, f"{path}.{index}" if path else str(index))
    elif isinstance(value, str | Unknown):
        yield path, value
