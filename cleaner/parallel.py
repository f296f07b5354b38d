"""Ordered, bounded parallel map over chunks of work, one `Cleaner` per worker process.

Why not `Pool.imap`: its feeder thread drains the whole input iterator into the task queue, so
memory would grow with the input. Here at most `inflight` chunks are submitted and not yet
written out; results come back in submission order, so output is identical for any --jobs.

`jobs == 1` calls the same chunk function in this process with a Cleaner built from the same
Options, so the result of a chunk does not depend on where it ran.
"""
from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from .pipeline import Cleaner, Options, cleaner_for

_worker_cleaner: Cleaner | None = None  # the one Cleaner of a worker process (set at start-up)


def _init_worker(options: Options) -> None:
    global _worker_cleaner  # per-process state, built once per worker
    import signal

    # Ctrl-C goes to the parent, which stops the pool; workers must not print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _worker_cleaner = cleaner_for(options)


def _run_chunk(fn: Callable, payload):
    return fn(_worker_cleaner, payload)


def resolve_jobs(jobs: int) -> int:
    """0 means every core this process may use."""
    if jobs > 0:
        return jobs
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def ordered_map(fn: Callable, payloads: Iterable, options: Options, jobs: int = 1,
                inflight: int | None = None, cleaner: Cleaner | None = None) -> Iterator:
    """Yield `fn(cleaner, payload)` for each payload, in order.

    `fn` must be a module-level function (it is pickled by reference). With jobs > 1 at most
    `inflight` payloads (default 16 per worker) are read ahead of the output, which bounds
    memory by chunk size, not input size. The window is that wide because output is written in
    order: a slow chunk stalls the writer, and the other workers keep busy only while there is
    queued work behind it.
    """
    jobs = resolve_jobs(jobs)
    if jobs == 1:
        local = cleaner if cleaner is not None else cleaner_for(options)
        for p in payloads:
            yield fn(local, p)
        return
    import multiprocessing as mp  # only for parallel runs

    methods = mp.get_all_start_methods()
    ctx = mp.get_context("fork" if "fork" in methods else "spawn")
    limit = inflight or 16 * jobs
    pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(options,))
    try:
        pending: deque = deque()
        for p in payloads:
            pending.append(pool.apply_async(_run_chunk, (fn, p)))
            if len(pending) >= limit:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
        pool.close()
    finally:
        pool.terminate()
        pool.join()
