"""The project's notescheck configuration: `[tool.notescheck]` in pyproject.toml or `.notescheck.yaml`.

Keys are kebab-case (as in ruff); every one is optional and command-line flags override it:

    [tool.notescheck]
    terraform-dir = "infra/terraform"      # --terraform-dir
    shared-roots = ["infra/terraform/bootstrap"]   # --shared-root; default: found (checker/roots.py)
    sam-template = "sam/template.yaml"     # --sam-template
    samconfig = "sam/samconfig.toml"       # --samconfig
    environments = ["dev", "staging", "prod"]   # checked when --env is not given
    severity = "low"                       # --severity: the gate
    enable = ["NC-"]                       # --enable: rule ids or prefixes
    disable = ["NC-DOC-003"]               # --disable
    waivers = "policies/waivers.yaml"      # --waivers
    docs-dir = "docs"                      # where docs/02-iam.md and docs/runbooks/ live
    skip-paths = ["infra/examples/**"]     # --skip-path: report nothing from these files
    baseline = ".notescheck-baseline.json" # --baseline: only findings not recorded there fail
    max-file-bytes = 2000000               # --max-file-bytes
    remote-modules = "installed"           # or "skip"; --remote-modules
    cache-dir = ".notescheck-cache"        # or false; --no-cache

    [tool.notescheck.checkov]
    enabled = true                         # --no-checkov
    path = ".venv-checkov/bin/checkov"     # --checkov (relative to the project root)
    timeout = 600
    skip-checks = ["CKV_AWS_117"]

`.notescheck.yaml` holds the same keys at its top level (checkov: as a mapping). Configuring both is
an error, so nobody wonders which one wins. The schema is checker/schemas/config.schema.json.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.model import Diagnostic, DiagnosticLevel, Severity
from checker.settings import DEFAULT_CACHE_DIR, Settings
from checker.userfiles import UnreadableFile, present, read_regular_text
from checker.validation import schema_errors

if TYPE_CHECKING:
    import yaml
    from jsonschema import ValidationError

    from checker.runtime import Runtime

PYPROJECT = "pyproject.toml"
YAML_CONFIG = ".notescheck.yaml"
TOML_TABLE = ("tool", "notescheck")

# config key path -> (Settings field, conversion)
_FIELDS: dict[tuple[str, ...], tuple[str, Any]] = {
    ("terraform-dir",): ("terraform_dir", Path),
    ("shared-roots",): ("shared_roots", lambda v: tuple(Path(p) for p in v)),
    ("sam-template",): ("sam_template", Path),
    ("samconfig",): ("samconfig", Path),
    ("environments",): ("envs", tuple),
    ("severity",): ("severity", Severity),
    ("enable",): ("enable", tuple),
    ("disable",): ("disable", tuple),
    ("checkov", "enabled"): ("checkov", bool),
    ("checkov", "path"): ("checkov_config_path", str),
    ("checkov", "timeout"): ("checkov_timeout", float),
    ("checkov", "skip-checks"): ("checkov_skip_checks", tuple),
    ("waivers",): ("waivers_file", Path),
    ("docs-dir",): ("docs_dir", Path),
    ("skip-paths",): ("skip_paths", tuple),
    ("baseline",): ("baseline_file", Path),
    ("max-file-bytes",): ("max_file_bytes", int),
    ("remote-modules",): ("remote_modules", str),
    ("cache-dir",): ("cache_dir", lambda v: Path(v) if v else None),
}

_TYPE_WORDS = {
    "string": "a string",
    "array": "a list",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a table of keys",
    "null": "nothing",
}


def config_schema(runtime: Runtime | None = None) -> dict[str, Any]:
    """The schema, with the environment names of the spec filled in."""
    from policies import load_spec

    text = (Path(__file__).parent / "schemas" / "config.schema.json").read_text(encoding="utf-8")
    schema = json.loads(text)
    schema["properties"]["environments"]["items"]["enum"] = list(load_spec(runtime)["environments"])
    return schema


def load_config(root: Path, *, cache_verdicts: bool = False) -> tuple[dict[str, Any], list[Diagnostic]]:
    """Settings overrides from the config file in `root`, keyed by Settings field, and what is wrong with it.

    With `cache_verdicts`, a configuration whose content passed the schema before is not validated again
    (jsonschema's import alone is ~50 ms of a run): the verdict is kept in the cache directory the
    configuration names, else the default one; a configuration that turns the cache off is always checked.
    """
    pyproject, yaml_file = root / PYPROJECT, root / YAML_CONFIG
    toml_config, diagnostics = _read_pyproject(pyproject)
    if diagnostics:
        return {}, diagnostics
    if present(yaml_file):
        if toml_config is not None:
            message = f"both {YAML_CONFIG} and [tool.notescheck] in {PYPROJECT} configure notescheck; keep one"
            return {}, [_diagnostic(YAML_CONFIG, 1, message)]
        return _load_yaml(yaml_file, root, cache_verdicts)
    if toml_config is None:
        return {}, []
    text = read_regular_text(pyproject)  # read just before, by _read_pyproject
    errors = _validate(toml_config, _verdicts(root, toml_config) if cache_verdicts else None)
    if errors:
        return {}, sorted(_diagnostic(PYPROJECT, _toml_line(text, path), message) for path, message in errors)
    return _typed(toml_config), []


def _diagnostic(file: str, line: int, message: str) -> Diagnostic:
    return Diagnostic(file=file, line=line, message=message, level=DiagnosticLevel.ERROR, code="config")


def _read_pyproject(path: Path) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """Our table of pyproject.toml; a file that never says `notescheck` is someone else's, left unparsed."""
    if not present(path):
        return None, []
    try:
        text = read_regular_text(path)
    except UnreadableFile as error:
        return None, [_diagnostic(PYPROJECT, 0, error.reason)]
    except UnicodeDecodeError as error:
        return None, [_diagnostic(PYPROJECT, 0, f"cannot read: {error}")]
    if "notescheck" not in text:
        return None, []
    import tomllib  # here: most runs never need it (measured 4 ms of a warm run)

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        return None, [_diagnostic(PYPROJECT, int(found.group(1)) if found else 0, f"not valid TOML: {error}")]
    table: Any = data
    for key in TOML_TABLE:
        if not isinstance(table, dict) or key not in table:
            return None, []
        table = table[key]
    if not isinstance(table, dict):
        return None, [_diagnostic(PYPROJECT, 0, "[tool.notescheck] must be a table")]
    return table, []


def _verdicts(root: Path, config: dict[str, Any]) -> Runtime:
    """A Runtime for validating the configuration, read before the run's own exists: its parse cache is the
    one the configuration asks for, to keep its own validation verdict in (none when it asks for none)."""
    from checker.runtime import Runtime

    wanted = config.get("cache-dir", DEFAULT_CACHE_DIR.as_posix())
    if not isinstance(wanted, str) or not wanted:  # false, or a wrong type that validation reports
        return Runtime(cache=None)
    from checker.cache import DiskCache

    return Runtime(cache=DiskCache(root / wanted))


def _load_yaml(path: Path, root: Path, cache_verdicts: bool) -> tuple[dict[str, Any], list[Diagnostic]]:
    import yaml  # here: only a .notescheck.yaml needs it

    try:
        text = read_regular_text(path)
        data = yaml.safe_load(text)
        tree = yaml.compose(text, Loader=yaml.SafeLoader)
    except UnreadableFile as error:
        return {}, [_diagnostic(YAML_CONFIG, 0, error.reason)]
    except UnicodeDecodeError as error:
        return {}, [_diagnostic(YAML_CONFIG, 0, f"cannot read: {error}")]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        problem = getattr(error, "problem", None) or str(error)
        return {}, [_diagnostic(YAML_CONFIG, line, f"not valid YAML: {problem}")]
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [_diagnostic(YAML_CONFIG, 1, f"{YAML_CONFIG} must be a mapping of settings")]
    errors = _validate(data, _verdicts(root, data) if cache_verdicts else None)
    if errors:
        return {}, sorted(_diagnostic(YAML_CONFIG, _yaml_line(tree, path), message) for path, message in errors)
    return _typed(data), []


def _typed(config: dict[str, Any]) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    for path, (field_name, convert) in _FIELDS.items():
        value: Any = config
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if value is not None:
            overrides[field_name] = convert(value)
    return overrides


# --- Validation and messages ---------------------------------------------------------------------------


def _validate(config: dict[str, Any], runtime: Runtime | None = None) -> list[tuple[tuple[Any, ...], str]]:
    """(path of the offending key, message naming the key and what is allowed) for each problem; with
    `runtime`, a configuration its parse cache knows valid is not validated again."""
    problems = []
    errors = schema_errors(config, config_schema(runtime), runtime)
    for error in sorted(errors, key=lambda e: [str(p) for p in e.absolute_path]):
        problems.extend(_messages(error))
    return sorted(set(problems), key=lambda p: ([str(k) for k in p[0]], p[1]))


def dotted(path: Iterable[Any]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) else json.dumps(value)


def _messages(error: ValidationError) -> list[tuple[tuple[Any, ...], str]]:
    path = tuple(error.absolute_path)
    key = dotted(path)
    # what the schema said: JSON values whose shape the validator (`kind`) decides
    kind = error.validator
    expected: Any = error.validator_value
    value: Any = error.instance
    schema: Any = error.schema
    described = schema.get("description", "") if isinstance(schema, dict) else ""
    if kind == "additionalProperties":
        allowed = ", ".join(sorted(schema.get("properties", {})))
        extra = sorted(set(value) - set(schema.get("properties", {})))
        where = f" in {key}" if path else ""
        return [
            ((*path, name), f"unknown key {dotted((*path, name))!r}{where}: allowed keys are {allowed}")
            for name in extra
        ]
    if kind == "enum":
        message = f"{key}: {_shown(value)} is not one of {', '.join(str(v) for v in expected)}"
    elif kind == "type":
        types: list[str] = expected if isinstance(expected, list) else [expected]
        message = f"{key}: expected {' or '.join(_TYPE_WORDS.get(t, t) for t in types)}, got {_shown(value)}"
    elif kind in ("minimum", "exclusiveMinimum"):
        bound = "at least" if kind == "minimum" else "more than"
        message = f"{key}: {_shown(value)} is too small; it must be {bound} {expected}"
    elif kind == "minItems":
        message = f"{key}: list at least {expected} item(s)"
    elif kind == "uniqueItems":
        message = f"{key}: items must not repeat"
    elif kind == "minLength":
        message = f"{key}: must not be empty"
    elif kind == "pattern":
        message = f"{key}: {_shown(value)} is not {described or 'matching ' + expected}"
    elif kind in ("anyOf", "oneOf"):
        message = f"{key}: {_shown(value)} is not {described or 'allowed here'}"
    else:
        message = f"{key}: {error.message}"
    return [(path, message)]


# --- Where a key is written -----------------------------------------------------------------------------

_TOML_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_TOML_KEY = re.compile(r"^\s*([A-Za-z0-9_.\"' -]+?)\s*=")


def _toml_keys(text: str) -> dict[str, int]:
    """Full dotted key -> first line it is written on (table headers count for their table)."""
    found: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = _TOML_HEADER.match(line)
        if header:
            table = _normalise_toml_key(header.group(1))
            found.setdefault(table, number)
            continue
        key = _TOML_KEY.match(line)
        if key:
            full = ".".join(filter(None, (table, _normalise_toml_key(key.group(1)))))
            found.setdefault(full, number)
    return found


def _normalise_toml_key(key: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in key.split("."))


def _toml_line(text: str, path: tuple[Any, ...]) -> int:
    """The line of the most precise key of `path` found under [tool.notescheck], else 0."""
    keys = _toml_keys(text)
    names = [str(p) for p in path if not isinstance(p, int)]
    while True:
        full = ".".join([*TOML_TABLE, *names])
        if full in keys:
            return keys[full]
        if not names:
            return 0
        names.pop()


def _yaml_line(tree: yaml.Node | None, path: tuple[Any, ...]) -> int:
    """The line of the deepest node of `path` in the composed YAML tree."""
    import yaml

    node, line = tree, (tree.start_mark.line + 1 if tree is not None else 0)
    for part in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    line = key_node.start_mark.line + 1
                    child = value_node
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


def scaffold(root: Path, fmt: str) -> str:
    """A starting configuration for the project in `root`: paths it has are set, the others shown commented
    out (a configured path must exist), and every other key at its default."""
    from policies import load_spec

    terraform = next((d for d in ("infra/terraform", "terraform", "infra") if (root / d).is_dir()), None)
    templates = ("sam/template.yaml", "sam/template.yml", "template.yaml")
    template = next((t for t in templates if (root / t).is_file()), None)
    samconfig = (Path(template).parent / "samconfig.toml").as_posix() if template else Settings.samconfig.as_posix()
    paths = [
        ("terraform-dir", terraform or Settings.terraform_dir.as_posix(), "Terraform root module", terraform),
        ("sam-template", template or Settings.sam_template.as_posix(), "SAM template", template),
        ("samconfig", samconfig, "SAM deploy parameters per environment", (root / samconfig).is_file()),
        ("waivers", Settings.waivers_file.as_posix(), "reviewed exceptions", (root / Settings.waivers_file).is_file()),
    ]
    entries = [(key, value, why, bool(present)) for key, value, why, present in paths] + [
        ("environments", list(load_spec()["environments"]), "checked when --env is not given", True),
        ("severity", "low", "the gate: findings at or above it fail `check`", True),
        ("disable", [], "rule ids or prefixes not to apply, e.g. NC-DOCS", True),
        ("skip-paths", [], "report nothing from files matching these globs", True),
        ("docs-dir", Settings.docs_dir.as_posix(), "the spec's runbooks and IAM matrix", True),
    ]
    checkov: list[tuple[str, Any, str, bool]] = [
        ("enabled", True, "Checkov beside our rules (--no-checkov: the fast path)", True)
    ]
    checkov.append(("timeout", 600, "seconds", True))
    if fmt == "yaml":
        lines = ["# notescheck configuration (keys: checker/schemas/config.schema.json)"]
        lines += [_entry(f"{key}: {json.dumps(value)}", why, on) for key, value, why, on in entries]
        lines.append("checkov:")
        lines += ["  " + _entry(f"{key}: {json.dumps(value)}", why, on) for key, value, why, on in checkov]
    else:
        lines = ["[tool.notescheck]"]
        lines += [_entry(f"{key} = {json.dumps(value)}", why, on) for key, value, why, on in entries]
        lines += ["", "[tool.notescheck.checkov]"]
        lines += [_entry(f"{key} = {json.dumps(value)}", why, on) for key, value, why, on in checkov]
    return "\n".join(lines) + "\n"


def _entry(setting: str, why: str, on: bool) -> str:
    return f"{'' if on else '# '}{setting}  # {why}" + ("" if on else " (not found here: set it when it exists)")
