"""checker.cache.DiskCache: hits and misses, damaged entries, concurrent writers, eviction, odd directories."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import subprocess
import tempfile
from pathlib import Path

import pytest

from checker import cache as cache_module
from checker.cache import CHECKSUM_BYTES, ENTRY_MAGIC, DiskCache
from checker.hcl import PARSER_VERSION, parse_hcl
from checker.model import Diagnostic, DiagnosticLevel, Location

HCL = b"""
resource "aws_s3_bucket" "site" {
  bucket = "${var.project}-${var.environment}-site"
  tags   = merge(local.tags, { Component = "hosting" })
}
"""


def content_key(data: bytes) -> str:
    return f"{PARSER_VERSION}:{hashlib.sha256(data).hexdigest()}"


def entries(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.entry"))


def all_files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def test_put_then_get_returns_an_equal_value_and_unknown_keys_miss(tmp_path):
    cache = DiskCache(tmp_path / "cache")
    value = {"a": [1, 2.5, None, True], "b": (Location("main.tf", 3, 4), frozenset({"x"}))}
    assert cache.get("k1") is None
    cache.put("k1", value)
    assert cache.get("k1") == value
    assert cache.get("k2") is None
    assert DiskCache(tmp_path / "cache").get("k1") == value  # another run reads it back


def test_a_parsed_hcl_file_survives_the_round_trip(tmp_path):
    parsed = parse_hcl(HCL, "infra/terraform/main.tf")
    cache = DiskCache(tmp_path / "cache")
    cache.put(content_key(HCL), parsed)
    again = DiskCache(tmp_path / "cache").get(content_key(HCL))
    assert again == parsed
    assert type(again) is type(parsed)
    assert again.body.blocks[0].labels == ("aws_s3_bucket", "site")


def test_dataclasses_with_enums_and_defaults_round_trip(tmp_path):
    diagnostic = Diagnostic("main.tf", 7, "broken", DiagnosticLevel.WARNING, "parse")
    cache = DiskCache(tmp_path / "cache")
    cache.put("d", [diagnostic])
    assert cache.get("d") == [diagnostic]
    assert cache.get("d")[0].level is DiagnosticLevel.WARNING


def test_a_new_notescheck_or_python_version_does_not_read_old_entries(tmp_path, monkeypatch):
    cache = DiskCache(tmp_path / "cache")
    cache.put("k", "old")
    monkeypatch.setattr(cache_module, "NAMESPACE", "notescheck-9.9.9/py3.99")
    assert DiskCache(tmp_path / "cache").get("k") is None


def test_directory_is_created_on_first_write_tagged_and_git_ignored(tmp_path):
    directory = tmp_path / "work" / ".notescheck-cache"
    cache = DiskCache(directory)
    assert cache.get("k") is None
    assert not directory.exists()
    cache.put("k", 1)
    assert (directory / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert (directory / ".gitignore").read_text() == "*\n"


def test_git_sees_nothing_of_the_cache_in_a_repository(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    DiskCache(tmp_path / ".notescheck-cache").put("k", "v")
    status = subprocess.run(
        ["git", "-C", str(tmp_path), "status", "--porcelain", "--untracked-files=all"],
        check=True,
        capture_output=True,
        text=True,
    )
    assert status.stdout == ""


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data[: len(data) // 2], id="truncated"),
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data[:-1] + bytes([data[-1] ^ 0xFF]), id="flipped-last-byte"),
        pytest.param(lambda data: data.replace(b"payload-text", b"payload-tExt"), id="still-a-valid-pickle"),
        pytest.param(lambda data: b"NOTACACHE" + data[9:], id="wrong-magic"),
        pytest.param(lambda data: os.urandom(len(data)), id="random"),
    ],
)
def test_a_damaged_entry_is_a_miss_and_is_replaced_by_the_next_write(tmp_path, damage):
    cache = DiskCache(tmp_path / "cache")
    cache.put("k", {"value": list(range(100)), "text": "payload-text"})
    (entry,) = entries(tmp_path / "cache")
    entry.write_bytes(damage(entry.read_bytes()))
    assert cache.get("k") is None
    cache.put("k", "fresh")
    assert cache.get("k") == "fresh"


def test_an_unreadable_entry_is_a_miss(tmp_path):
    cache = DiskCache(tmp_path / "cache")
    cache.put("k", "v")
    (entry,) = entries(tmp_path / "cache")
    entry.unlink()
    entry.mkdir()  # reading a directory fails with an OSError, as an unreadable file does
    assert cache.get("k") is None


def _plant(cache: DiskCache, key: str, payload: bytes) -> None:
    """Write an entry with a valid checksum, as someone with write access to the directory could."""
    cache.put(key, "placeholder")
    path = cache._entry_path(key)
    signed = cache._key_digest(key) + payload
    path.write_bytes(ENTRY_MAGIC + hashlib.blake2b(signed, digest_size=CHECKSUM_BYTES).digest() + signed)


class _RunsCode:
    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def test_a_planted_entry_cannot_run_code(tmp_path):
    marker = tmp_path / "pwned"
    cache = DiskCache(tmp_path / "cache")
    _plant(cache, "k", pickle.dumps(_RunsCode(str(marker))))
    assert cache.get("k") is None
    assert not marker.exists()


def test_named_tuples_round_trip_as_themselves(tmp_path):
    cache = DiskCache(tmp_path / "cache")
    cache.put("n", {"span": Location("main.tf", 3, 5)})
    span = cache.get("n")["span"]
    assert span == Location("main.tf", 3, 5) and type(span) is Location and str(span) == "main.tf:3"


def test_classes_outside_notescheck_value_types_are_refused(tmp_path):
    cache = DiskCache(tmp_path / "cache")
    _plant(cache, "k", pickle.dumps(DiskCache))  # a notescheck class, but neither a dataclass nor an enum
    assert cache.get("k") is None
    _plant(cache, "k2", pickle.dumps(Path("x")))  # allowed standard type still works
    assert cache.get("k2") == Path("x")


def test_an_unpicklable_value_is_not_cached_and_does_not_raise(tmp_path):
    cache = DiskCache(tmp_path / "cache")
    cache.put("k", lambda: None)
    assert cache.get("k") is None
    assert entries(tmp_path / "cache") == []


def test_keys_never_lead_outside_the_directory(tmp_path):
    directory = tmp_path / "cache"
    cache = DiskCache(directory)
    for key in ("../../escape", "/etc/passwd", "a/b/c", "\0", "", "é" * 5000):
        cache.put(key, key)
        assert cache.get(key) == key
    assert all(directory in path.parents for path in all_files(tmp_path) if path != directory)


def _writer(directory: str, worker: int, rounds: int) -> None:
    cache = DiskCache(Path(directory))
    for i in range(rounds):
        for key in ("shared-a", "shared-b", f"own-{worker}"):
            cache.put(key, {"key": key, "worker": worker, "round": i, "payload": "x" * (1000 * (worker + 1))})
            value = cache.get(key)
            assert value is None or value["key"] == key


def test_concurrent_writers_leave_only_whole_entries(tmp_path):
    directory = tmp_path / "cache"
    workers = 4
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_writer, args=(str(directory), w, 60)) for w in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [p.exitcode for p in processes] == [0] * workers
    cache = DiskCache(directory)
    for key in ["shared-a", "shared-b"] + [f"own-{w}" for w in range(workers)]:
        value = cache.get(key)
        assert value is not None and value["key"] == key and value["round"] == 59
        assert value["payload"] == "x" * (1000 * (value["worker"] + 1))
    assert not list(directory.glob(".tmp-*"))
    assert len(entries(directory)) == 2 + workers


def test_least_recently_used_entries_are_evicted_beyond_the_bound(tmp_path):
    directory = tmp_path / "cache"
    cache = DiskCache(directory, max_bytes=50_000)
    blob = os.urandom(8_000)  # incompressible, so each entry is a little over 8 kB
    for i in range(5):
        cache.put(f"k{i}", blob)
        os.utime(cache._entry_path(f"k{i}"), ns=(i * 10**9, i * 10**9))  # k0 oldest ... k4 newest
    assert cache.get("k0") == blob  # a hit makes k0 the most recently used
    for i in range(5, 8):
        cache.put(f"k{i}", blob)
    total = sum(p.stat().st_size for p in entries(directory))
    assert total <= 50_000
    assert cache.get("k0") == blob
    assert cache.get("k7") == blob
    assert cache.get("k1") is None and cache.get("k2") is None


def test_the_bound_holds_across_runs(tmp_path):
    directory = tmp_path / "cache"
    for run in range(6):
        cache = DiskCache(directory, max_bytes=30_000)
        for i in range(3):
            cache.put(f"run{run}-{i}", os.urandom(4_000))
    assert sum(p.stat().st_size for p in entries(directory)) <= 30_000


def test_stale_temp_files_of_dead_writers_are_removed_on_eviction(tmp_path):
    directory = tmp_path / "cache"
    cache = DiskCache(directory, max_bytes=10_000)
    cache.put("k", "v")
    stale = directory / ".tmp-dead-writer"
    stale.write_bytes(b"half an entr")
    os.utime(stale, (0, 0))
    fresh = directory / ".tmp-live-writer"
    fresh.write_bytes(b"being written")
    cache.evict()
    assert not stale.exists()
    assert fresh.exists()


def test_a_cache_under_a_file_silently_does_not_cache(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    cache = DiskCache(blocker / "cache")
    cache.put("k", "v")
    assert cache.get("k") is None
    assert blocker.read_text() == ""


def _use_read_only(directory: str) -> None:
    """Runs in a forked child, as nobody when the tests run as root (root ignores permission bits)."""
    if os.geteuid() == 0:
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)
    path = Path(directory)
    assert not os.access(path, os.W_OK), "the directory must be read-only for this process"
    existing = DiskCache(path)
    existing.put("new", "value")  # must not raise
    assert existing.get("new") is None
    assert existing.get("old") == "cached before"  # entries already there still serve
    fresh = DiskCache(path / "sub")
    fresh.put("k", "v")
    assert fresh.get("k") is None


def test_a_read_only_directory_silently_does_not_cache():
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        os.chmod(base, 0o755)
        directory = base / "cache"
        DiskCache(directory).put("old", "cached before")
        before = all_files(base)
        for path in [directory, *directory.iterdir()]:
            os.chmod(path, 0o555 if path.is_dir() else 0o444)
        try:
            child = multiprocessing.get_context("fork").Process(target=_use_read_only, args=(str(directory),))
            child.start()
            child.join(timeout=60)
        finally:
            os.chmod(directory, 0o755)
        assert child.exitcode == 0
        assert all_files(base) == before
