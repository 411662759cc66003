"""checker.parallel.parse_many: same results as a loop, in order, on worker processes only when worth it."""

from __future__ import annotations

import os

import pytest

from checker import parallel
from checker.hcl import parse_hcl
from checker.parallel import _chunks, parse_many

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


def test_large_inputs_are_parsed_on_workers_with_the_same_results_in_order():
    items = hcl_items(12, repeat=2 * parallel.PARALLEL_MIN_BYTES // (12 * len(MODULE)) + 1)
    assert sum(map(size, items)) >= parallel.PARALLEL_MIN_BYTES
    results = parse_many(items, parse_with_pid, workers=2, weight=size)
    assert [parsed for _, parsed in results] == [parse_item(item) for item in items]
    assert os.getpid() not in {pid for pid, _ in results}


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


def test_a_dead_worker_makes_the_batch_run_here(monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_MIN_BYTES", 1)
    items = [(os.getpid(), data, path) for data, path in hcl_items(8)]
    results = parse_many(items, die_in_worker, workers=2, weight=size)
    assert results == [parse_hcl(data, path) for _, data, path in items]


def test_empty_input():
    assert parse_many([], parse_item, workers=2, weight=size) == []


def test_chunks_keep_order_and_balance_weight():
    weights = [5, 1, 1, 1, 1, 1, 5, 1, 1, 1, 1, 1]
    chunks = _chunks(weights, 4, lambda w: w)
    assert [w for chunk in chunks for w in chunk] == weights
    assert len(chunks) == 4
    assert max(sum(c) for c in chunks) <= 2 * sum(weights) / 4
