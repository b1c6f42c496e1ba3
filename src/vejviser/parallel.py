"""Independent work on every core: a function over many items, results in order.

Reading 10,000 records and drawing 10,000 pages are the same small job many times, so
they are spread over forked worker processes, one per core. Forked workers inherit the
function and the items, so nothing but the results crosses between processes, and the
function may be a closure or a bound method. Work runs in this process instead when it
is too small to pay for the workers, when the platform cannot fork, when other threads
are running (a fork copies their locks, not the threads; ``mkdocs serve`` runs one), or
when ``VEJVISER_WORKERS=1`` asks for it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")

#: Below this many items the work runs in this process.
MIN_ITEMS = 1000
#: Chunks per worker: small enough to even out, large enough that results cross in bulk.
CHUNKS_PER_WORKER = 4

_job: tuple[Callable, list[Sequence]] | None = None


def workers() -> int:
    """How many processes to use: the cores this process may run on, or ``VEJVISER_WORKERS``."""
    wanted = os.environ.get("VEJVISER_WORKERS", "")
    if wanted.isdigit() and int(wanted) > 0:
        return int(wanted)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _run_chunk(index: int) -> list:
    assert _job is not None, "set by map_in_order before the workers fork"
    function, chunks = _job
    return [function(item) for item in chunks[index]]


def map_in_order(
    function: Callable[[Item], Outcome], items: Sequence[Item], min_items: int | None = None
) -> list[Outcome]:
    """``[function(item) for item in items]``, on every core when that pays (from :data:`MIN_ITEMS` on)."""
    global _job
    count = workers()
    if count < 2 or len(items) < max(1, MIN_ITEMS if min_items is None else min_items) or not _can_fork():
        return [function(item) for item in items]
    size = -(-len(items) // (count * CHUNKS_PER_WORKER))
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    _job = (function, chunks)
    # Frozen objects are left alone by the workers' garbage collector, which would otherwise
    # walk, and so copy, every page of memory the workers share with this process.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(count) as pool:
            parts = pool.map(_run_chunk, range(len(chunks)), chunksize=1)
    finally:
        gc.unfreeze()
        _job = None
    return [outcome for part in parts for outcome in part]
