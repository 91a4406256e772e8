"""Engines: the same per-chunk scoring in worker processes as in process, in
input order; Dask is optional and says how to get it. (The Dask engine itself
is checked end to end in tests/cli/test_archive.py, on a LocalCluster.)"""

from __future__ import annotations

import builtins
from datetime import date

import pandas as pd
import pytest

from goaltext import Analyzer
from goaltext.archive.engines import EngineUnavailableError, score_dask, score_local
from goaltext.archive.scoring import ScoreOptions, score_chunk
from goaltext.archive.synthetic import synthetic_archive

OPTIONS = ScoreOptions("målformulering", reference_date=date(2026, 1, 15), mask_pii=True)


@pytest.fixture(scope="module")
def archive() -> pd.DataFrame:
    return synthetic_archive(240, seed=4)


def _chunks(frame: pd.DataFrame, size: int) -> list[pd.DataFrame]:
    return [frame.iloc[start : start + size] for start in range(0, len(frame), size)]


def test_one_worker_scores_in_process_in_order(archive: pd.DataFrame, analyzer: Analyzer) -> None:
    scored = list(score_local(_chunks(archive, 50), OPTIONS, workers=1, analyzer=analyzer))
    assert [len(chunk) for chunk in scored] == [50, 50, 50, 50, 40]
    pd.testing.assert_frame_equal(pd.concat(scored), score_chunk(archive, analyzer, OPTIONS))


def test_worker_processes_give_the_same_rows_in_the_same_order(archive: pd.DataFrame, analyzer: Analyzer) -> None:
    scored = pd.concat(score_local(_chunks(archive, 30), OPTIONS, workers=2))
    pd.testing.assert_frame_equal(scored, score_chunk(archive, analyzer, OPTIONS))


def test_without_dask_the_engine_says_how_to_install_it(archive: pd.DataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    real_import = builtins.__import__

    def no_dask(name: str, *args: object, **kwargs: object) -> object:
        if name == "dask" or name.startswith(("dask.", "distributed")):
            raise ImportError(f"No module named {name!r}")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_dask)
    with pytest.raises(EngineUnavailableError, match=r"pip install 'goaltext\[dask\]'"):
        next(score_dask(_chunks(archive, 50), OPTIONS, client=None))
