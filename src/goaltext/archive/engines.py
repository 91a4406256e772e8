"""Engines that run ``score_chunk`` over a stream of chunks and give the
scored chunks back in input order, with a bounded number in flight so memory
stays constant however long the archive is.

- ``local`` (``LocalEngine``): worker processes on this machine. Where the
  platform can fork, the Analyzer is loaded once in this process and the
  workers are forked from it, so its vocabulary, lookup tables and model are
  shared between them (copy-on-write; ``Analyzer`` freezes them for the
  collector) instead of loaded again per worker. Elsewhere, or when this
  process already runs threads, workers are spawned and load their own.
  Chunks travel as DataFrames and come back as compact output rows, which is
  cheaper than shipping Analysis objects as ``Analyzer.pipe(n_process=...)``
  does. One worker scores in this process.
- ``dask``: each chunk becomes a Dask dataframe whose partitions are scored
  with the same function on a Dask cluster (a LocalCluster when no scheduler
  address is given). Dask is an optional extra, imported only here.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from multiprocessing.pool import AsyncResult, Pool
from types import TracebackType
from typing import Any

import pandas as pd

from goaltext.archive.scoring import ScoreOptions, empty_output, score_chunk
from goaltext.pipeline import Analyzer, usable_cores


class EngineUnavailableError(RuntimeError):
    """The chosen engine cannot run here (e.g. Dask is not installed)."""


_PROCESS_ANALYZER: Analyzer | None = None


def _limit_threads() -> None:
    """Workers are the parallelism: one BLAS/OpenMP thread each, no oversubscription;
    Ctrl-C is the parent's to handle (it keeps every finished chunk)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - comes with scikit-learn
        return
    threadpool_limits(1)


def _init_spawned(base: str | None) -> None:
    """Start-up of a spawned worker: load its own pipeline."""
    global _PROCESS_ANALYZER
    _limit_threads()
    if base is not None:
        os.environ["GOALTEXT_BASE"] = base
    _PROCESS_ANALYZER = Analyzer()


def _score_in_worker(frame: pd.DataFrame, options: ScoreOptions) -> pd.DataFrame:
    assert _PROCESS_ANALYZER is not None, "worker started without its Analyzer"
    return score_chunk(frame, _PROCESS_ANALYZER, options)


class LocalEngine:
    """Worker processes on this machine, started on ``__enter__`` (before the
    caller starts any thread of its own, such as a progress bar)."""

    def __init__(self, options: ScoreOptions, workers: int | None = None, analyzer: Analyzer | None = None) -> None:
        self.options = options
        self.workers = workers or usable_cores()
        self.analyzer = analyzer
        self._pool: Pool | None = None

    def __enter__(self) -> LocalEngine:
        global _PROCESS_ANALYZER
        can_fork = "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
        if (self.workers == 1 or can_fork) and self.analyzer is None:
            from goaltext import default_analyzer

            self.analyzer = default_analyzer()
        if self.workers == 1:
            return self
        if can_fork and threading.active_count() == 1:
            _PROCESS_ANALYZER = self.analyzer  # forked workers inherit it, shared
            self._pool = multiprocessing.get_context("fork").Pool(self.workers, initializer=_limit_threads)
        else:
            base = os.environ.get("GOALTEXT_BASE")
            context = multiprocessing.get_context("spawn")
            self._pool = context.Pool(self.workers, initializer=_init_spawned, initargs=(base,))
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._pool is not None:
            if kind is None:
                self._pool.close()
            else:
                self._pool.terminate()  # finished chunks are saved; the rest is redone on resume
            self._pool.join()
            self._pool = None

    def map(self, chunks: Iterable[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        """Scored chunks in input order, at most two per worker in flight."""
        if self._pool is None:
            if self.analyzer is None:
                raise RuntimeError("use LocalEngine as a context manager")
            for chunk in chunks:
                yield score_chunk(chunk, self.analyzer, self.options)
            return
        pending: deque[AsyncResult[pd.DataFrame]] = deque()
        for chunk in chunks:
            pending.append(self._pool.apply_async(_score_in_worker, (chunk, self.options)))
            if len(pending) >= 2 * self.workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def score_local(
    chunks: Iterable[pd.DataFrame],
    options: ScoreOptions,
    workers: int | None = None,
    analyzer: Analyzer | None = None,
) -> Iterator[pd.DataFrame]:
    """Scored chunks in input order, using ``workers`` processes (1: in this one,
    with ``analyzer`` or the process-wide default)."""
    with LocalEngine(options, workers, analyzer) as engine:
        yield from engine.map(chunks)


_THREAD = threading.local()


def _thread_analyzer() -> Analyzer:
    """One Analyzer per Dask worker thread (threads must not share a pipeline)."""
    analyzer = getattr(_THREAD, "analyzer", None)
    if analyzer is None:
        analyzer = _THREAD.analyzer = Analyzer()
    return analyzer


def score_partition(frame: pd.DataFrame, options: ScoreOptions) -> pd.DataFrame:
    """``score_chunk`` for one Dask partition, with the worker's own Analyzer."""
    if frame.empty:
        return empty_output(frame, options)
    return score_chunk(frame, _thread_analyzer(), options)


def _import_dask() -> tuple[Any, Any, Any, Any]:
    try:
        import dask
        import dask.dataframe as dd
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise EngineUnavailableError(
            "--engine dask kræver Dask; installér det med: pip install 'goaltext[dask]'"
        ) from error
    return dask, dd, Client, LocalCluster


@contextmanager
def dask_client(scheduler: str | None, workers: int | None = None) -> Iterator[Any]:
    """A client of the cluster at ``scheduler``, or of a LocalCluster on
    127.0.0.1 with one single-threaded worker process per core."""
    _, _, client_class, cluster_class = _import_dask()
    if scheduler:
        with client_class(scheduler) as client:
            yield client
        return
    with (
        cluster_class(
            n_workers=workers or usable_cores(),
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        client_class(cluster) as client,
    ):
        yield client


def score_dask(
    chunks: Iterable[pd.DataFrame],
    options: ScoreOptions,
    client: Any,
    partitions_per_chunk: int | None = None,
) -> Iterator[pd.DataFrame]:
    """Scored chunks in input order, each scored as a Dask dataframe on ``client``'s cluster."""
    dask, dd, _, _ = _import_dask()
    parts = partitions_per_chunk or max(1, sum(client.nthreads().values()))
    pending: deque[Any] = deque()
    # Keep the input's column types: no conversion of text columns to Arrow strings.
    with dask.config.set({"dataframe.convert-string": False}):
        try:
            for chunk in chunks:
                frame = dd.from_pandas(chunk, npartitions=max(1, min(parts, len(chunk))), sort=True)
                scored = frame.map_partitions(score_partition, options, meta=empty_output(chunk, options))
                pending.append(client.compute(scored))
                if len(pending) >= 2:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()
