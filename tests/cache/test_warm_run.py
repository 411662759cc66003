"""A warm run (parse cache filled, nothing changed) parses nothing: tree-sitter, PyYAML, jsonschema and
detect-secrets stay unloaded."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import REPO_ROOT

RUN = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from checker.pipeline import exit_code, run
    from checker.runtime import open_runtime
    from checker.settings import Settings
    settings = Settings(root=Path.cwd(), envs=("prod",), cache_dir=Path(sys.argv[1]), checkov=False)
    report = run(settings, open_runtime(settings))
    modules = ("tree_sitter", "checker.hcl.parser", "jsonschema", "tomllib", "yaml", "detect_secrets")
    loaded = [m for m in modules if m in sys.modules]
    print(json.dumps({"exit": exit_code(report, settings), "loaded": loaded}))
    """
)


def _run(cwd: Path, cache: Path) -> dict:
    import json

    done = subprocess.run([sys.executable, "-c", RUN, str(cache)], cwd=cwd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_the_second_run_on_unchanged_files_loads_no_parser_and_no_validator(tmp_path):
    work = tmp_path / "repo"
    for item in ("infra", "sam", "policies", "docs"):
        shutil.copytree(REPO_ROOT / item, work / item, ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "cache"
    cold = _run(work, cache)
    assert cold["exit"] == 0
    assert {"tree_sitter", "jsonschema", "yaml", "detect_secrets"} <= set(cold["loaded"])
    assert _run(work, cache) == {"exit": 0, "loaded": []}
    tfvars = work / "infra" / "terraform" / "envs" / "prod.tfvars"
    tfvars.write_text(tfvars.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
    touched = _run(work, cache)
    assert touched["exit"] == 0
    assert "tree_sitter" in touched["loaded"]  # the changed file, and only it, is parsed again
    assert "detect_secrets" not in touched["loaded"]  # no string content changed: the scan's answer is kept


CLI_RUN = textwrap.dedent(
    """
    import json, sys
    from checker.cli import main
    try:
        main(["check", "--env", "prod", "--no-checkov", "--format", "json", "--output", sys.argv[1]])
    except SystemExit as stop:
        code = stop.code
    loaded = [m for m in ("tree_sitter", "jsonschema", "yaml") if m in sys.modules]
    print(json.dumps({"exit": code, "loaded": loaded}), file=sys.stderr)
    """
)


def _cli(cwd: Path, output: Path) -> dict:
    import json
    import os

    env = {k: v for k, v in os.environ.items() if k != "CI"}  # CI turns the cache off
    done = subprocess.run(
        [sys.executable, "-c", CLI_RUN, str(output)], cwd=cwd, env=env, capture_output=True, text=True
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_a_configured_project_validates_its_unchanged_configuration_once(tmp_path):
    work = tmp_path / "repo"
    for item in ("infra", "sam", "policies", "docs"):
        shutil.copytree(REPO_ROOT / item, work / item, ignore=shutil.ignore_patterns("__pycache__"))
    pyproject = work / "pyproject.toml"
    pyproject.write_text('[tool.notescheck]\nseverity = "low"\ncache-dir = "build/nc"\n', encoding="utf-8")
    output = tmp_path / "report.json"
    cold = _cli(work, output)
    assert cold["exit"] == 0 and "jsonschema" in cold["loaded"]
    assert (work / "build" / "nc").is_dir()  # the configured cache directory, not the default one
    assert not (work / ".notescheck-cache").exists()
    assert _cli(work, output) == {"exit": 0, "loaded": []}
    pyproject.write_text('[tool.notescheck]\nseverity = "lo"\ncache-dir = "build/nc"\n', encoding="utf-8")
    broken = _cli(work, output)
    assert broken["exit"] == 2 and "jsonschema" in broken["loaded"]  # a changed file is checked afresh
