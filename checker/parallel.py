"""Parse many files on all cores, for trees large enough to repay starting worker processes.

Converting tree-sitter's tree into our syntax tree is Python code that holds the GIL, so threads do not
help; processes do. A worker returns its result pickled the way the parse cache pickles (dataclasses as
"call the class with its fields"), which the parent loads about three times faster than pickle's default,
with the collector paused. Small inputs are parsed in the calling process: below PARALLEL_MIN_BYTES the
cost of starting workers is more than the parse.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from checker.cache import dumps, loads

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

Item = TypeVar("Item")

PARALLEL_MIN_BYTES = 512 * 1024  # measured on 2 cores: below this, one process is as fast
PARALLEL_MIN_ITEMS = 4
CHUNKS_PER_WORKER = 4  # several chunks each, so one slow file does not leave a worker idle


def default_workers() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worth_parallel(item_count: int, total_bytes: int, workers: int) -> bool:
    return workers > 1 and item_count >= PARALLEL_MIN_ITEMS and total_bytes >= PARALLEL_MIN_BYTES


def _context() -> BaseContext:
    """fork where it is safe (Linux, no other threads): workers start in milliseconds with parsers loaded."""
    import multiprocessing

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _run_chunk(parse_fn: Callable[[Any], Any], chunk: list[Any]) -> bytes:
    return dumps([parse_fn(item) for item in chunk])


def _chunks(items: Sequence[Item], count: int, weight: Callable[[Item], int]) -> list[list[Item]]:
    """`count` chunks of about equal weight, keeping the items' order inside and across chunks."""
    total = sum(weight(item) for item in items) or 1
    chunks: list[list[Item]] = [[]]
    filled = 0
    for item in items:
        if chunks[-1] and filled >= total * len(chunks) / count:
            chunks.append([])
        chunks[-1].append(item)
        filled += weight(item)
    return chunks


def parse_many(
    items: Sequence[Item],
    parse_fn: Callable[[Item], Any],
    workers: int | None = None,
    *,
    weight: Callable[[Item], int] | None = None,
) -> list[Any]:
    """[parse_fn(item) for item in items], on `workers` processes when the input is large enough.

    parse_fn must be a module-level function and its results picklable; with `weight` (an item's size in
    bytes, e.g. `lambda item: len(item[0])`) small inputs stay in this process. A worker that cannot
    start or dies makes the whole batch run here instead, so the result never depends on the machine.
    """
    workers = default_workers() if workers is None else workers
    total = sum(weight(item) for item in items) if weight is not None else PARALLEL_MIN_BYTES
    if not worth_parallel(len(items), total, workers):
        return [parse_fn(item) for item in items]
    from concurrent.futures import ProcessPoolExecutor  # imported here: 20 ms that small runs never pay
    from concurrent.futures.process import BrokenProcessPool

    chunks = _chunks(items, min(len(items), workers * CHUNKS_PER_WORKER), weight or (lambda _: 1))
    try:
        with ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=_context()) as pool:
            pickled = list(pool.map(_run_chunk, [parse_fn] * len(chunks), chunks))
    except (OSError, BrokenProcessPool):  # no semaphores or fork here, or a worker was killed
        return [parse_fn(item) for item in items]
    results: list[Any] = []
    for blob in pickled:
        results.extend(loads(blob))
    return results
