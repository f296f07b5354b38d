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

from .errors import CleanerError
from .pipeline import Cleaner, Options, cleaner_for

_worker_cleaner: Cleaner | None = None  # the one Cleaner of a worker process (set at start-up)
_worker_error: str | None = None  # why it could not be built


def _init_worker(options: Options) -> None:
    global _worker_cleaner, _worker_error  # per-process state, built once per worker
    import signal

    # Ctrl-C goes to the parent, which stops the pool; workers must not print tracebacks.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The pool ends its workers with SIGTERM: a handler forked from the parent (the command
    # line's, which ends a run cleanly) would keep them alive, and the pool waiting for them.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        # forked from a parent that built it with `cleaner_for`: that very Cleaner, rules
        # already read (a --rules pipe cannot be read twice); else built here
        _worker_cleaner = cleaner_for(options)
    except Exception as e:  # noqa: BLE001 - an initializer that raises is restarted forever
        _worker_error = str(e) or type(e).__name__


def _run_chunk(fn: Callable, payload):
    if _worker_cleaner is None:
        raise CleanerError(f"a worker process could not build its cleaner: {_worker_error}")
    return fn(_worker_cleaner, payload)


def cores() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def resolve_jobs(jobs: int) -> int:
    """0 means every core this process may use; more workers than that are not started (the
    work is CPU-bound: they would only share the same cores)."""
    return cores() if jobs == 0 else min(jobs, cores())


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
