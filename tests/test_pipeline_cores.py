"""Work spread over cores gives the report the serial run gives: environments at once, rules in halves."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from checker import parallel, pipeline
from checker.pipeline import run
from checker.runtime import Runtime
from tests.conftest import REPO_ROOT

ENVS = ("dev", "staging", "prod")


def _synthetic_tree(tmp_path: Path) -> Path:
    subprocess.run(
        [sys.executable, str(REPO_ROOT / "benchmarks" / "generate.py"), "--sizes", "10", "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    return next(p for p in tmp_path.iterdir() if p.is_dir())


def test_all_environments_at_once_report_what_each_alone_reports(tmp_path, monkeypatch, make_settings):
    root = _synthetic_tree(tmp_path)
    two_cores = Runtime(workers=2)  # forked children even on one core
    together = run(make_settings(root, envs=ENVS), two_cores)
    alone = [run(make_settings(root, envs=(env,)), Runtime(workers=2)) for env in ENVS]
    assert [r.env for r in together.results] == list(ENVS)
    assert [r.results[0] for r in alone] == together.results
    assert sorted({d for r in alone for d in r.diagnostics}) == together.diagnostics
    assert sum(1 for result in together.results if result.findings) >= 2  # the comparison has something to compare


def test_rules_in_two_halves_on_two_cores_report_what_all_rules_here_report(tmp_path, monkeypatch, make_settings):
    root = _synthetic_tree(tmp_path)
    settings = make_settings(root, envs=("prod",))
    forked: list[int] = []
    real_start = parallel.start_in_child
    monkeypatch.setattr(parallel, "start_in_child", lambda work: forked.append(1) or real_start(work))
    here = run(settings, Runtime(workers=2))  # a small graph: every rule here
    forks_here = len(forked)
    monkeypatch.setattr(pipeline, "RULES_ELSEWHERE_MIN_NODES", 1)
    halves = run(settings, Runtime(workers=2))
    assert len(forked) - forks_here == forks_here + 1  # one more child: half of the rules
    assert halves.results == here.results and halves.diagnostics == here.diagnostics
    assert len(here.results[0].findings) >= 3  # the comparison has something to compare
