"""`--env all` checks the environments on several cores; the report is the one checking each alone gives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from checker import parallel
from checker.pipeline import run
from checker.settings import Settings

REPO = Path(__file__).resolve().parents[1]
ENVS = ("dev", "staging", "prod")


def test_all_environments_at_once_report_what_each_alone_reports(tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)  # forked children even on one core
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate.py"), "--sizes", "10", "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    root = next(p for p in tmp_path.iterdir() if p.is_dir())
    together = run(Settings(root=root, envs=ENVS, checkov=False, cache_dir=None))
    alone = [run(Settings(root=root, envs=(env,), checkov=False, cache_dir=None)) for env in ENVS]
    assert [r.env for r in together.results] == list(ENVS)
    assert [r.results[0] for r in alone] == together.results
    assert sorted({d for r in alone for d in r.diagnostics}) == together.diagnostics
    assert sum(1 for result in together.results if result.findings) >= 2  # the comparison has something to compare
