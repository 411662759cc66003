"""Parse many files on all cores, for trees large enough to repay forking.

Converting tree-sitter's tree into our syntax tree is Python code that holds the GIL, so threads do not
help; processes do. The calling process keeps the first share of the files and parses it while forked
children parse the rest: a child starts in about a millisecond with the parser loaded and the inputs
already in its memory, and sends back its results pickled the way the parse cache pickles (dataclasses
as "call the class with its fields", about three times faster to load than pickle's default). The
caller's share is a little larger, since each child also pays for pickling. Measured on 2 cores on the
1,000-resource benchmark tree: 0.36 s -> 0.22 s. A process pool was slower (0.29 s): its start-up and
sending the inputs to the workers cost more than the parse it took over.

Forking is only safe with one thread, so elsewhere (another thread running, no fork) everything is
parsed here, and so is the share of any child that fails: the result never depends on the machine.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from checker.cache import dumps, loads

Item = TypeVar("Item")

PARALLEL_MIN_BYTES = 192 * 1024  # measured on 2 cores: at 140 KB (this repo) forking gains nothing yet
PARALLEL_MIN_ITEMS = 4
CALLER_SHARE_WEIGHT = 1.25  # the caller's share against a child's (1.0), which also pickles its results
_CHILD_FAILED = 70


def default_workers() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worth_parallel(item_count: int, total_bytes: int, workers: int) -> bool:
    return workers > 1 and item_count >= PARALLEL_MIN_ITEMS and total_bytes >= PARALLEL_MIN_BYTES


def _can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def _shares(items: Sequence[Item], weights: Sequence[float], weight: Callable[[Item], int]) -> list[list[Item]]:
    """Contiguous shares of `items`, in order, whose sizes follow `weights` (one share per weight)."""
    total = sum(weight(item) for item in items) or 1
    scale = total / sum(weights)
    bounds = [scale * sum(weights[: i + 1]) for i in range(len(weights))]
    shares: list[list[Item]] = [[] for _ in weights]
    filled = 0
    current = 0
    for item in items:
        while current < len(weights) - 1 and filled >= bounds[current] and shares[current]:
            current += 1
        shares[current].append(item)
        filled += weight(item)
    return [share for share in shares if share]


def _start_child(parse_fn: Callable[[Any], Any], share: list[Any]) -> tuple[int, int]:
    """Fork a child that parses `share` and writes the pickled results to a pipe: (pid, read end)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into the caller's code, never flush the caller's buffers
        status = _CHILD_FAILED
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(dumps([parse_fn(item) for item in share]))
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def _finish_child(pid: int, read_end: int) -> list[Any] | None:
    """The child's results, or None when it failed in any way."""
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or not payload:
        return None
    try:
        results = loads(payload)
    except Exception:  # a truncated or garbled payload: parse the share here
        return None
    return results if isinstance(results, list) else None


def parse_many(
    items: Sequence[Item],
    parse_fn: Callable[[Item], Any],
    workers: int | None = None,
    *,
    weight: Callable[[Item], int] | None = None,
) -> list[Any]:
    """[parse_fn(item) for item in items], on `workers` processes (this one included) when worth it.

    parse_fn's results must be picklable; with `weight` (an item's size in bytes, e.g.
    `lambda item: len(item[0])`) small inputs stay in this process.
    """
    workers = default_workers() if workers is None else workers
    total = sum(weight(item) for item in items) if weight is not None else PARALLEL_MIN_BYTES
    if not worth_parallel(len(items), total, workers) or not _can_fork():
        return [parse_fn(item) for item in items]
    shares = _shares(items, [CALLER_SHARE_WEIGHT] + [1.0] * (workers - 1), weight or (lambda _: 1))
    children: list[tuple[list[Any], tuple[int, int] | None]] = []
    for share in shares[1:]:
        try:
            children.append((share, _start_child(parse_fn, share)))
        except OSError:  # no more processes or pipes: this share is parsed here
            children.append((share, None))
    results = [parse_fn(item) for item in shares[0]]
    for share, child in children:
        done = None
        if child is not None:
            with contextlib.suppress(OSError):
                done = _finish_child(*child)
        results.extend(done if done is not None and len(done) == len(share) else map(parse_fn, share))
    return results
