"""What one run keeps while it works: the parse cache, the cores it may use and what it has learnt.

A command of checker.cli makes one Runtime (open_runtime) and passes it down explicitly: the pipeline's
stages take it, and the loaders below them are given what they need of it (`runtime.cache`). Nothing of
a run lives in a module global, so two runs in one process (the tests) learn nothing from each other
except through the parse cache on disk. Forked children (checker.parallel) inherit the Runtime as an
argument of the work they are given; what a child learns comes back as its result, and the parent
records it here.

Tests make theirs the same way, `open_runtime(settings)`, or as `Runtime()` (no cache, every core).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from checker.parallel import default_workers

if TYPE_CHECKING:
    from checker.cache import DiskCache
    from checker.sam.transform import Expansion, PendingExpansions
    from checker.settings import Settings


@dataclass(eq=False)
class Runtime:
    """The parse cache (None: --no-cache, CI), the cores, and the memos of one run."""

    cache: DiskCache | None = None
    workers: int = field(default_factory=default_workers)  # cores checker.parallel may run on, this one included
    # checker.validation: keys of (schema, document) pairs known valid in this run, validated here or on a child
    schema_valid: set[str] = field(default_factory=set)
    # checker.sam.transform: each template's expansion by content key, so environments sharing one translate once
    sam_expansions: dict[str, Expansion] = field(default_factory=dict)
    # the expansions still being computed on another core (checker.pipeline.load_sources started them)
    pending_expansions: PendingExpansions | None = None

    def finish_expansions(self, *, while_waiting: Callable[[], None] | None = None) -> None:
        """Wait for the pending SAM expansions into sam_expansions; `while_waiting` is run first if the child
        is still at work, so that this core does something useful (an import the rules will need)."""
        pending, self.pending_expansions = self.pending_expansions, None
        if pending is None:
            return
        if while_waiting is not None and pending.busy():
            while_waiting()
        pending.join()


def open_cache(settings: Settings) -> DiskCache | None:
    """The parse cache the settings ask for, or None (--no-cache, CI)."""
    if settings.cache_dir is None:
        return None
    from checker.cache import DiskCache

    return DiskCache(settings.path(settings.cache_dir))


def open_runtime(settings: Settings) -> Runtime:
    """The Runtime of a run with these settings: their parse cache, every core this process may use."""
    return Runtime(cache=open_cache(settings))


__all__ = ["Runtime", "open_cache", "open_runtime"]
