"""Worker processes for the stages whose work is a Python loop per article.

Parsing pages and scanning them for entity names run in the regular
expression engine, one article at a time, and hold the interpreter lock; a
pool of forked processes (one per core, at most four) runs them on every
core. The loader's workers also read their own files, so that the bytes of
a corpus never pass through this process. Results always come back in input order, so the output does not
depend on the number of workers.

Workers are given plain Python data and never call polars: a forked child
has none of the parent's polars threads, and a polars call that waits for
them would hang.

The other way round, :func:`_one_thread` keeps the matrix stages' linear
algebra on one thread.
"""

import logging
import os
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

__all__: list[str] = []

_log = logging.getLogger(__name__)
_MAX_WORKERS = 4


def _workers() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return min(cores, _MAX_WORKERS)


def _make_pool(processes: int | None = None, *, initializer: Callable | None = None, initargs: tuple = ()):
    """A pool of forked workers (one per core by default), or None where fork is unavailable or pointless.

    ``processes=1`` still gives a pool on a machine of two cores or more:
    one worker that runs beside this process. Each worker runs
    ``initializer(*initargs)`` first; forked, it inherits ``initargs``
    rather than receiving them through a pipe.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    n = processes or _workers()
    if _workers() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return None
    # fork, not spawn: spawn would re-run a user's script that lacks an
    # ``if __name__ == "__main__":`` guard, and would import everything again.
    return ProcessPoolExecutor(max_workers=n, mp_context=multiprocessing.get_context("fork"),
                               initializer=initializer, initargs=initargs)


def _ordered_map(func: Callable[[Any], Any], jobs: Iterable[Any], *, pool=None,
                 window: int | None = None) -> Iterator[Any]:
    """Yield ``func(job)`` for each job, in order, computed in ``pool`` when given.

    At most ``window`` jobs (by default two per worker process) are in
    flight, so a long iterable of large jobs (chunks of article text) is
    never all in memory at once. ``pool`` may be a process or a thread
    pool. When it breaks (a worker killed, no more processes), the
    remaining jobs run in this process.
    """
    if pool is None:
        yield from map(func, jobs)
        return
    from concurrent.futures.process import BrokenProcessPool

    window = window or 2 * _workers()
    pending: deque = deque()
    jobs = iter(jobs)
    with warnings.catch_warnings():
        # Python 3.12+ warns about fork() in a process with threads (polars
        # has a thread pool); the workers never use them.
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            for job in jobs:
                pending.append((job, pool.submit(func, job)))
                while len(pending) >= window:
                    yield pending[0][1].result()
                    pending.popleft()
            while pending:
                yield pending[0][1].result()
                pending.popleft()
        except (BrokenProcessPool, OSError) as exc:
            _log.warning("worker processes failed (%s); continuing in this process", exc)
            for job, _ in pending:
                yield func(job)
            yield from map(func, jobs)


def _one_thread() -> Any:
    """Run BLAS and OpenMP on one thread (a context manager): the same bits on any core count.

    The matrix stages (themes and clusters) run their linear algebra and
    k-means inside it. A threaded matrix product (BLAS) or k-means pass
    (OpenMP) splits its sums by thread, so its last bits depend on the
    number of threads, and nearly equal eigenvalues amplify them: map
    coordinates moved by up to 1e-6 between one and two threads on 2,000
    newswire stories. The matrices are narrow (n x 20 to n x 100), so a
    second thread gains little, and in the build it competes with the
    mentions scan and the story grouping for the other core: threads that
    wait for a core spin. Scoring themes on one thread cut its CPU at
    10k generated articles from 3.4 to 2.1 s, with the same scores.
    """
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)
