"""A cache entry is bound to the key it was written for: copied under another file's key it is a miss, the
file is parsed again and the entry replaced, so a poisoned cache never turns a violating file into a pass."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from checker.cache import DiskCache, cached
from checker.cli import main

BASE = Path(__file__).resolve().parents[1] / "hostile" / "base_repo"
WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "compliance.yml"


def test_an_entry_copied_under_another_key_is_a_miss_and_is_replaced(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "cache")
    cache.put("clean", "clean value")
    cache.put("violating", "violating value")
    shutil.copyfile(cache._entry_path("clean"), cache._entry_path("violating"))
    assert cache.get("violating") is None
    assert cached(cache, "violating", str, lambda: "parsed again") == "parsed again"
    assert cache.get("violating") == "parsed again"
    assert cache.get("clean") == "clean value"


def test_a_fifo_in_the_cache_directory_is_a_miss(tmp_path: Path) -> None:
    cache = DiskCache(tmp_path / "cache")
    cache.put("k", "v")
    path = cache._entry_path("k")
    path.unlink()
    os.mkfifo(path)
    assert cache.get("k") is None


def test_a_poisoned_cache_does_not_hide_a_violation(tmp_path: Path, monkeypatch) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(BASE, repo)
    main_tf = repo / "infra/terraform/main.tf"
    clean_tf = repo / "infra/terraform/clean.tf"
    clean_tf.write_text('locals {\n  name = "clean"\n}\n')
    monkeypatch.chdir(repo)
    monkeypatch.delenv("CI", raising=False)  # CI runs without a cache: this test is about the cache
    args = ["check", "--env", "prod", "--no-checkov", "--format", "json"]
    cold = CliRunner().invoke(main, args)
    assert cold.exit_code == 1 and "NC-SECRET-003" in cold.output
    cache = DiskCache(repo / ".notescheck-cache")
    # every entry overwritten with the clean file's syntax tree: without the binding, main.tf would read as clean
    from checker.terraform.sources import _cache_key

    clean_entry = cache._entry_path(_cache_key(clean_tf.read_bytes(), clean_tf.name)).read_bytes()
    cache._entry_path(_cache_key(main_tf.read_bytes(), main_tf.name)).write_bytes(clean_entry)
    warm = CliRunner().invoke(main, args)
    assert warm.exit_code == 1 and "NC-SECRET-003" in warm.output, warm.output


def test_the_pull_request_gate_runs_without_a_cache() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    runs = [line for line in text.splitlines() if "notescheck check" in line and "bin/notescheck" in line]
    assert runs and all("--no-cache" in line for line in runs), runs
