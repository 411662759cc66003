"""checker.parallel.parse_many: same results as a loop, in order, on forked children only when worth it."""

from __future__ import annotations

import os

import pytest

from checker import parallel
from checker.hcl import parse_hcl
from checker.parallel import _shares, parse_many

MODULE = """
variable "environment" {
  type = string
}

resource "aws_sqs_queue" "queue_%(i)d" {
  name                      = "${var.project}-${var.environment}-queue-%(i)d"
  message_retention_seconds = %(i)d
  tags = merge(local.common_tags, { Component = "queue-%(i)d" })
}

output "queue_%(i)d" {
  value = aws_sqs_queue.queue_%(i)d.url
}
"""

BROKEN = b'resource "aws_s3_bucket" "x" {\n  bucket = \n'


def parse_item(item: tuple[bytes, str]):
    return parse_hcl(item[0], item[1])


def parse_with_pid(item: tuple[bytes, str]):
    return os.getpid(), parse_hcl(item[0], item[1])


def die_in_worker(item: tuple[int, bytes, str]):
    parent, data, path = item
    if os.getpid() != parent:
        os._exit(3)
    return parse_hcl(data, path)


def size(item) -> int:
    return len(item[-2])


def hcl_items(count: int, repeat: int = 1) -> list[tuple[bytes, str]]:
    return [((MODULE % {"i": i}).encode() * repeat, f"modules/m{i}/main.tf") for i in range(count)]


def test_large_inputs_are_shared_with_children_with_the_same_results_in_order():
    items = hcl_items(12, repeat=2 * parallel.PARALLEL_MIN_BYTES // (12 * len(MODULE)) + 1)
    assert sum(map(size, items)) >= parallel.PARALLEL_MIN_BYTES
    results = parse_many(items, parse_with_pid, workers=3, weight=size)
    assert [parsed for _, parsed in results] == [parse_item(item) for item in items]
    pids = [pid for pid, _ in results]
    assert os.getpid() in pids  # the caller parses a share itself
    assert len(set(pids)) == 3
    mine = pids.count(os.getpid())
    assert all(mine >= pids.count(pid) for pid in pids)  # ... the largest, as children also pickle theirs


def test_syntax_errors_come_back_as_diagnostics_from_workers(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 1)
    items = hcl_items(5) + [(BROKEN, "broken.tf")] + hcl_items(3)
    results = parse_many(items, parse_item, workers=2, weight=size)
    assert results == [parse_item(item) for item in items]
    assert results[5].errors and results[5].errors[0].file == "broken.tf"


def test_small_inputs_stay_in_this_process():
    items = hcl_items(6)
    results = parse_many(items, parse_with_pid, workers=2, weight=size)
    assert {pid for pid, _ in results} == {os.getpid()}


@pytest.mark.parametrize("workers", [0, 1])
def test_one_worker_means_no_worker_processes(workers, monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 1)
    results = parse_many(hcl_items(8), parse_with_pid, workers=workers, weight=size)
    assert {pid for pid, _ in results} == {os.getpid()}


def test_a_dead_child_makes_its_share_run_here(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 1)
    items = [(os.getpid(), data, path) for data, path in hcl_items(8)]
    results = parse_many(items, die_in_worker, workers=2, weight=size)
    assert results == [parse_hcl(data, path) for _, data, path in items]


def test_empty_input():
    assert parse_many([], parse_item, workers=2, weight=size) == []


def test_shares_cover_every_item_once_in_order_and_balance_their_weights():
    sizes = [5, 1, 1, 1, 1, 1, 5, 1, 1, 1, 1, 1]
    shares = _shares(sizes, [1.0] * 4, lambda w: w)
    assert sorted(i for share in shares for i in share) == list(range(len(sizes)))
    assert all(share == sorted(share) for share in shares)
    assert sorted(sum(sizes[i] for i in share) for share in shares) == [5, 5, 5, 5]
    uneven = _shares([1] * 100, [1.25, 1.0], lambda w: w)
    assert [len(s) for s in uneven] in ([56, 44], [55, 45])


def test_a_large_file_does_not_drag_its_neighbours_into_one_share():
    sizes = [50, 40, 10, 10, 10, 10, 10, 10]  # contiguous shares would give 90 against 60
    loads = [sum(sizes[i] for i in share) for share in _shares(sizes, [1.0, 1.0], lambda w: w)]
    assert sorted(loads) == [70, 80]


def test_fewer_items_than_processes_leaves_no_empty_share():
    assert _shares([7, 8], [1.25, 1.0, 1.0, 1.0], lambda w: w) == [[1], [0]]  # the caller's share: the largest


def pid_and_square(item: int) -> tuple[int, int]:
    return os.getpid(), item * item


def test_each_item_after_the_first_runs_on_its_own_child_in_order(monkeypatch):
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    results = parallel.each_elsewhere([1, 2, 3], pid_and_square)
    assert [square for _, square in results] == [1, 4, 9]
    assert results[0][0] == os.getpid()  # the first item here
    child_pids = {pid for pid, _ in results[1:]}
    assert len(child_pids) == 2 and os.getpid() not in child_pids


def die_unless_here(item: tuple[int, int]) -> int:
    parent, value = item
    if os.getpid() != parent:
        os._exit(3)
    return value * 10


def test_an_item_whose_child_dies_is_done_here(monkeypatch):
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    here = os.getpid()
    assert parallel.each_elsewhere([(here, 1), (here, 2), (here, 3)], die_unless_here) == [10, 20, 30]


def test_one_core_or_one_item_stays_here(monkeypatch):
    monkeypatch.setattr(parallel, "default_workers", lambda: 1)
    assert {pid for pid, _ in parallel.each_elsewhere([1, 2, 3], pid_and_square)} == {os.getpid()}
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    assert parallel.each_elsewhere([5], pid_and_square) == [(os.getpid(), 25)]
    assert parallel.each_elsewhere([], pid_and_square) == []


def fail_here(item: int) -> int:
    if item == 1:
        raise ValueError("the first item")
    return item


def test_an_error_here_is_raised_after_the_children_are_reaped(monkeypatch):
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    started: list[int] = []
    real_start = parallel.start_in_child

    def start(work):
        child = real_start(work)
        started.append(child.pid)
        return child

    monkeypatch.setattr(parallel, "start_in_child", start)
    with pytest.raises(ValueError, match="the first item"):
        parallel.each_elsewhere([1, 2, 3], fail_here)
    for pid in started:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # already reaped
