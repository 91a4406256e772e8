"""Engines that run ``score_chunk`` over a stream of chunks and give the
scored chunks back in input order, with a bounded number in flight so memory
stays constant however long the archive is.

- ``local``: worker processes on this machine, each holding its own Analyzer
  (one process scores in process). Chunks travel as DataFrames and come back as
  compact output rows, which is cheaper than shipping Analysis objects, as
  ``Analyzer.pipe(n_process=...)`` does.
- ``dask``: each chunk becomes a Dask dataframe whose partitions are scored
  with the same function on a Dask cluster (a LocalCluster when no scheduler
  address is given). Dask is an optional extra, imported only here.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

import pandas as pd

from goaltext.archive.scoring import ScoreOptions, empty_output, score_chunk
from goaltext.pipeline import Analyzer


class EngineUnavailableError(RuntimeError):
    """The chosen engine cannot run here (e.g. Dask is not installed)."""


def default_workers() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


_PROCESS_ANALYZER: Analyzer | None = None


def _init_process(base: str | None) -> None:
    """Worker start-up: load the pipeline once per process."""
    global _PROCESS_ANALYZER
    if base is not None:
        os.environ["GOALTEXT_BASE"] = base
    _PROCESS_ANALYZER = Analyzer()


def _score_in_process(frame: pd.DataFrame, options: ScoreOptions) -> pd.DataFrame:
    assert _PROCESS_ANALYZER is not None, "worker started without its Analyzer"
    return score_chunk(frame, _PROCESS_ANALYZER, options)


def score_local(
    chunks: Iterable[pd.DataFrame],
    options: ScoreOptions,
    workers: int | None = None,
    analyzer: Analyzer | None = None,
) -> Iterator[pd.DataFrame]:
    """Scored chunks in input order, using ``workers`` processes (1: in this one,
    with ``analyzer`` or the process-wide default)."""
    workers = workers or default_workers()
    if workers == 1:
        if analyzer is None:
            from goaltext import default_analyzer

            analyzer = default_analyzer()
        for chunk in chunks:
            yield score_chunk(chunk, analyzer, options)
        return
    # spawn, not fork: the caller may run threads (the progress bar), and a
    # forked child must not inherit their locks.
    context = multiprocessing.get_context("spawn")
    base = os.environ.get("GOALTEXT_BASE")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init_process, initargs=(base,)) as pool:
        pending: deque[Future[pd.DataFrame]] = deque()
        try:
            for chunk in chunks:
                pending.append(pool.submit(_score_in_process, chunk, options))
                if len(pending) >= 2 * workers:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


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
            n_workers=workers or default_workers(),
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
