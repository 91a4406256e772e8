"""Bulk scoring of goal archives and the management-information report.

The library side only: score DataFrame chunks with an Analyzer
(``score_chunk``), run that over a stream of chunks (``score_local``,
``score_dask``), aggregate scored rows into the report's tables
(``ReportBuilder``), draw them (``report_figures``) and render the page
(``render_report``). Reading and writing files is ``goaltext.cli``'s job.
"""

from goaltext.archive.columns import DIMENSIONS, OUTPUT_COLUMNS, OUTPUT_DTYPES, ColumnError, coerce_scored
from goaltext.archive.engines import EngineUnavailableError, dask_client, score_dask, score_local
from goaltext.archive.report import ReportBuilder, ReportOptions, ReportTables, build_report
from goaltext.archive.scoring import ScoreOptions, score_chunk, score_frame
from goaltext.archive.synthetic import iter_synthetic_archive, synthetic_archive

__all__ = [
    "DIMENSIONS",
    "OUTPUT_COLUMNS",
    "OUTPUT_DTYPES",
    "ColumnError",
    "EngineUnavailableError",
    "ReportBuilder",
    "ReportOptions",
    "ReportTables",
    "ScoreOptions",
    "build_report",
    "coerce_scored",
    "dask_client",
    "iter_synthetic_archive",
    "score_chunk",
    "score_dask",
    "score_frame",
    "score_local",
    "synthetic_archive",
]
