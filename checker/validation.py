"""JSON Schema validation that is paid for once per content, not once per run.

Importing jsonschema takes ~0.13 s, a quarter of a run on this repository. So a (schema, document)
pair is validated at most once per run (the run's checker.runtime.Runtime remembers the pairs that
passed) and, given the parse cache, once per content: a pair that passed before is known valid and
jsonschema is not even imported. Only passes are remembered, so a
document with errors is validated afresh and its errors reported in full every time. Without a cache
(CI), validate_elsewhere() does the import and the checks on another core while the parse goes on.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import ValidationError

    from checker.runtime import Runtime

VERDICT_VERSION = "schema-valid-1"  # bump if what "valid" means changes (e.g. another draft)

def pair_key(document: Any, schema: dict[str, Any]) -> str:
    text = json.dumps([schema, document], sort_keys=True, default=repr, ensure_ascii=False)
    return f"{VERDICT_VERSION}:{hashlib.sha256(text.encode()).hexdigest()}"


def schema_errors(document: Any, schema: dict[str, Any], runtime: Runtime | None = None) -> list[ValidationError]:
    """Every way `document` breaks `schema` (JSON Schema 2020-12); [] when it is valid. With `runtime`, a
    pair it (or its parse cache) knows valid is not validated again, and a pair that passes is remembered."""
    if runtime is None:
        from jsonschema import Draft202012Validator

        return list(Draft202012Validator(schema).iter_errors(document))
    key = pair_key(document, schema)
    if key in runtime.schema_valid:
        return []
    cache = runtime.cache
    if cache is not None and cache.get(key) is True:
        runtime.schema_valid.add(key)
        return []
    from jsonschema import Draft202012Validator

    errors = list(Draft202012Validator(schema).iter_errors(document))
    if not errors:
        runtime.schema_valid.add(key)
        if cache is not None:
            cache.put(key, True)
    return errors


def validate_elsewhere(
    documents: Callable[[], Iterable[tuple[Any, dict[str, Any]]]], runtime: Runtime
) -> Callable[[], None]:
    """Start validating, on another core, the (document, schema) pairs `documents()` returns.

    A forked child imports jsonschema and checks them while this process goes on parsing; the returned
    `join` waits for it and records in `runtime` which documents passed, so that schema_errors() given
    that runtime finds them known valid. Documents that failed are validated again here, so their errors
    come with everything schema_errors() gives. Without fork, or if the child fails in any way, join
    records nothing: the result never depends on the machine, only the time does.
    """
    from checker.parallel import can_fork, result_of, start_in_child

    def passed_keys() -> list[str]:
        from jsonschema import Draft202012Validator

        return [
            pair_key(document, schema)
            for document, schema in documents()
            if next(iter(Draft202012Validator(schema).iter_errors(document)), None) is None
        ]

    child = start_in_child(passed_keys) if can_fork() else None
    if child is None:
        return nothing_to_join

    def join() -> None:
        keys = result_of(child)
        if isinstance(keys, list):
            runtime.schema_valid.update(k for k in keys if isinstance(k, str) and k.startswith(VERDICT_VERSION))

    return join


def nothing_to_join() -> None:
    """Nothing runs elsewhere: schema_errors() validates here (or finds the verdict cached)."""
