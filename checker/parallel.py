"""Work on the other cores: parse many files at once, or compute one value in a forked child.

Converting tree-sitter's tree into our syntax tree is Python code that holds the GIL, so threads do not
help; processes do. The calling process keeps one share of the files and parses it while forked children
parse the others: a child starts in about a millisecond with the parser loaded and the inputs already in
its memory, and sends back its results pickled the way the parse cache pickles (dataclasses as "call the
class with its fields", about three times faster to load than pickle's default). Shares are balanced by
size, largest files first, and the caller's is a little larger, since each child also pays for pickling.
Measured on 2 cores on the 1,000-resource benchmark tree: 0.27 s in one process, 0.20 s on two (0.21 s
with shares of neighbouring files). A process pool was slower: its start-up and sending the inputs to
the workers cost more than the parse it took over.

Forking is only safe with one thread, so elsewhere (another thread running, no fork) everything is
parsed here, and so is the share of any child that fails: the result never depends on the machine.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from checker.cache import dumps, loads
from checker.records import record

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


def can_fork() -> bool:
    """Forking is safe here: Linux, and no other thread (a fork copies only the calling thread)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def _shares(items: Sequence[Item], weights: Sequence[float], weight: Callable[[Item], int]) -> list[list[int]]:
    """Indices of `items`, one share per weight (the first is the caller's), each in order, balanced so that
    every share's load divided by its weight comes out as even as it can: largest items first, each to the
    share it would finish soonest in. Empty shares are left out; the caller's never is empty."""
    loads = [0.0] * len(weights)
    shares: list[list[int]] = [[] for _ in weights]
    for index in sorted(range(len(items)), key=lambda i: -weight(items[i])):
        size = weight(items[index])
        target = min(range(len(weights)), key=lambda s: (loads[s] + size) / weights[s])
        shares[target].append(index)
        loads[target] += size
    return [sorted(share) for share in shares if share]


@record(frozen=True)
class Child:
    """A forked process computing one value, which it sends back through a pipe."""

    pid: int
    read_end: int


def start_in_child(work: Callable[[], Any]) -> Child | None:
    """Fork a child that runs `work()` and sends its result back pickled; None when it cannot start."""
    try:
        read_end, write_end = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: never return into the caller's code, never flush the caller's buffers
        status = _CHILD_FAILED
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(dumps(work()))
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return Child(pid, read_end)


def ready_to_read(child: Child) -> bool:
    """The child has sent its result, or has ended: reading it now would not wait for its work."""
    import select

    try:
        readable, _, _ = select.select([child.read_end], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


def result_of(child: Child) -> Any | None:
    """What the child's `work()` returned, waiting for it; None when it failed in any way."""
    try:
        with os.fdopen(child.read_end, "rb") as pipe:
            payload = pipe.read()
    except OSError:
        payload = b""
    try:
        _, status = os.waitpid(child.pid, 0)  # always reaped, whatever the pipe said
    except ChildProcessError:
        status = -1
    if status != 0 or not payload:
        return None
    try:
        return loads(payload)
    except Exception:  # a truncated or garbled payload: the caller does the work itself
        return None


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
    if not worth_parallel(len(items), total, workers) or not can_fork():
        return [parse_fn(item) for item in items]
    shares = _shares(items, [CALLER_SHARE_WEIGHT] + [1.0] * (workers - 1), weight or (lambda _: 1))
    def parse_share(share: list[int]) -> Callable[[], list[Any]]:
        return lambda: [parse_fn(items[i]) for i in share]

    children = [(share, start_in_child(parse_share(share))) for share in shares[1:]]
    results: list[Any] = [None] * len(items)
    for index in shares[0]:
        results[index] = parse_fn(items[index])
    for share, child in children:
        done = result_of(child) if child is not None else None
        if not (isinstance(done, list) and len(done) == len(share)):
            done = [parse_fn(items[i]) for i in share]  # a child that failed: its share is parsed here
        for index, result in zip(share, done, strict=True):
            results[index] = result
    return results


def each_elsewhere(items: Sequence[Item], work: Callable[[Item], Any], workers: int | None = None) -> list[Any]:
    """[work(item) for item in items]: every item after the first on a forked child of its own while this
    process works on the first, when there is another core (`workers`: the run's, checker.runtime) and
    forking is safe. A child inherits what `work` closes over (the run's Runtime, say) as it is at the fork,
    and sends its result back pickled; a child that fails has its item done here again, so the result never
    depends on the machine."""
    workers = default_workers() if workers is None else workers
    if len(items) < 2 or workers < 2 or not can_fork():
        return [work(item) for item in items]
    def work_on(item: Item) -> Callable[[], Any]:
        return lambda: work(item)

    children = [start_in_child(work_on(item)) for item in items[1:]]
    try:
        results = [work(items[0])]
    except BaseException:
        for child in children:  # reaped before the error goes on: no child is left behind
            if child is not None:
                result_of(child)
        raise
    for item, child in zip(items[1:], children, strict=True):
        done = result_of(child) if child is not None else None
        results.append(work(item) if done is None else done)
    return results
