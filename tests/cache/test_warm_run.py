"""A warm run (parse cache filled, nothing changed) parses nothing: tree-sitter and jsonschema stay unloaded."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

RUN = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from checker.pipeline import exit_code, run
    from checker.settings import Settings
    settings = Settings(root=Path.cwd(), envs=("prod",), cache_dir=Path(sys.argv[1]), checkov=False)
    report = run(settings)
    loaded = [m for m in ("tree_sitter", "checker.hcl.parser", "jsonschema", "tomllib") if m in sys.modules]
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
        shutil.copytree(REPO / item, work / item, ignore=shutil.ignore_patterns("__pycache__"))
    cache = tmp_path / "cache"
    cold = _run(work, cache)
    assert cold["exit"] == 0
    assert {"tree_sitter", "jsonschema"} <= set(cold["loaded"])
    assert _run(work, cache) == {"exit": 0, "loaded": []}
    tfvars = work / "infra" / "terraform" / "envs" / "prod.tfvars"
    tfvars.write_text(tfvars.read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
    touched = _run(work, cache)
    assert touched["exit"] == 0
    assert "tree_sitter" in touched["loaded"]  # the changed file, and only it, is parsed again
