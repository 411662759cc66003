"""Which version of a library is installed, read from its source without importing it.

Cache keys name the version of the library that computed an answer (the SAM translator, detect-secrets).
`importlib.metadata.version` scans every distribution on sys.path, about 20 ms a call here, on the warm
path of every run; reading the package's own version assignment takes a fraction of a millisecond.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

_ASSIGNMENT = re.compile(r"^(?:__version__|VERSION)\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)


def module_version(module: str, version_file: str = "__init__.py") -> str | None:
    """The version `module`'s package assigns in `version_file`; "" when it names none; None when the
    module is not installed."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return None
    try:
        text = (Path(spec.origin).parent / version_file).read_text(encoding="utf-8")
    except OSError:
        return ""
    found = _ASSIGNMENT.search(text)
    return found.group(1) if found else ""


__all__ = ["module_version"]
