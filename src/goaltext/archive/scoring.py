"""Scoring a chunk of an archive: one output row per input row, in order.

``score_chunk`` is the one per-chunk function every engine runs (in process,
in worker processes, on a Dask cluster), so all engines give the same rows.
Rows that cannot be analysed keep their place and get an ``error`` text
instead of labels; nothing is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pandas as pd

from goaltext.archive.columns import OUTPUT_COLUMNS, OUTPUT_DTYPES, VAGUE_SEPARATOR, ColumnError, require_columns
from goaltext.archive.dates import parse_date
from goaltext.pipeline import Analyzer
from goaltext.privacy import mask_pii
from goaltext.schema import Analysis, Context

# Control characters other than tab/newline/CR, and the replacement character a
# wrong decoding leaves behind: the text cannot be read reliably.
UNREADABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd\ud800-\udfff]")
ERROR_EMPTY = "Tom tekst: der er ingen målformulering at analysere."
ERROR_UNREADABLE = "Ulæselige tegn i teksten (forkert tegnsæt eller kontroltegn); teksten er ikke analyseret."
ERROR_FAILED = "Teksten kunne ikke analyseres ({kind})."
ERROR_DATE = "Ingen gyldig dato i kolonnen «{column}»; datoer i målet er ikke omregnet."


@dataclass(frozen=True)
class ScoreOptions:
    """What to score and how: the text column, where each goal's reference
    date comes from (its created date, else one date for all), and masking."""

    text_col: str
    created_col: str | None = None
    reference_date: date | None = None
    mask_pii: bool = False
    batch_size: int = 256

    def check(self, columns: list[str] | pd.Index) -> None:
        """Raise ColumnError when a named column is missing or clashes with an added one."""
        require_columns(list(columns), {"--text-col": self.text_col, "--created-col": self.created_col})
        for option, column in (("--text-col", self.text_col), ("--created-col", self.created_col)):
            if column in OUTPUT_COLUMNS:
                raise ColumnError(f"{option} «{column}» har samme navn som en kolonne, goaltext tilføjer; omdøb den.")


def text_problem(value: object) -> tuple[str | None, str | None]:
    """(text, None) for an analysable goal, (None, error) otherwise."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None, ERROR_EMPTY
    text = value if isinstance(value, str) else str(value)
    if not text.strip():
        return None, ERROR_EMPTY
    if UNREADABLE.search(text):
        return None, ERROR_UNREADABLE
    return text, None


def _values(analysis: Analysis) -> tuple[object, ...]:
    labels = analysis.labels
    consequence = analysis.consequence
    vague = dict.fromkeys(" ".join(span.text.lower().split()) for span in analysis.spans if span.label == "VAGUE")
    return (
        labels.measurable.value,
        labels.measurable.probability,
        labels.time_horizon.value,
        labels.time_horizon.probability,
        labels.service_consequence.value,
        labels.service_consequence.probability,
        analysis.horizon,
        analysis.horizon_days,
        consequence.direction if consequence else None,
        consequence.probability if consequence else None,
        consequence.target if consequence else None,
        analysis.score,
        VAGUE_SEPARATOR.join(vague),
    )


def _analyse(analyzer: Analyzer, goals: list[tuple[str, Context]], batch_size: int) -> list[Analysis | str]:
    """Analyses in order; when a batch fails, each goal alone, so one bad goal
    costs only its own row (the error names the exception kind, never the text)."""
    try:
        return list(analyzer.pipe(goals, batch_size=batch_size))
    except Exception:
        results: list[Analysis | str] = []
        for text, context in goals:
            try:
                results.append(analyzer.analyze(text, context=context))
            except Exception as error:
                results.append(ERROR_FAILED.format(kind=type(error).__name__))
        return results


def score_frame(frame: pd.DataFrame, analyzer: Analyzer, options: ScoreOptions) -> pd.DataFrame:
    """The added columns (``OUTPUT_COLUMNS``) for every row of ``frame``, same index.

    A goal repeated in the chunk with the same reference date (archives are
    full of copied standard goals) is analysed once.
    """
    options.check(frame.columns)
    created = frame[options.created_col].tolist() if options.created_col else None
    contexts: dict[date | None, Context] = {}
    distinct: dict[tuple[str, date | None], int] = {}
    goals: list[tuple[str, Context]] = []
    goal_of_row: list[int | None] = [None] * len(frame)
    errors: list[str | None] = [None] * len(frame)
    for position, value in enumerate(frame[options.text_col].tolist()):
        text, problem = text_problem(value)
        if text is None:
            errors[position] = problem
            continue
        reference = options.reference_date
        if created is not None:
            reference = parse_date(created[position])
            if reference is None:
                errors[position] = ERROR_DATE.format(column=options.created_col)
        key = (text, reference)
        if key not in distinct:
            if reference not in contexts:
                contexts[reference] = Context(reference_date=reference)
            distinct[key] = len(goals)
            goals.append((text, contexts[reference]))
        goal_of_row[position] = distinct[key]

    results = _analyse(analyzer, goals, options.batch_size)
    values = [None if isinstance(result, str) else _values(result) for result in results]
    empty: tuple[object, ...] = (None,) * (len(OUTPUT_COLUMNS) - 1)
    rows: list[tuple[object, ...]] = []
    for position, goal in enumerate(goal_of_row):
        if goal is None:
            rows.append(empty)
            continue
        result = results[goal]
        if isinstance(result, str):
            errors[position] = result
        rows.append(values[goal] or empty)
    columns = list(zip(*rows, strict=True)) if rows else [()] * (len(OUTPUT_COLUMNS) - 1)
    data = {
        name: pd.array(list(column), dtype=OUTPUT_DTYPES[name])
        for name, column in zip(OUTPUT_COLUMNS[:-1], columns, strict=True)
    }
    data["error"] = pd.array(errors, dtype=OUTPUT_DTYPES["error"])
    return pd.DataFrame(data, index=frame.index)


def output_frame(frame: pd.DataFrame, scores: pd.DataFrame, options: ScoreOptions) -> pd.DataFrame:
    """The input rows unchanged (text masked when asked) with the added columns
    appended; added columns already in the input (a re-scored file) are replaced."""
    kept = frame.drop(columns=[name for name in OUTPUT_COLUMNS if name in frame.columns])
    if options.mask_pii:
        kept = kept.assign(**{options.text_col: mask_column(kept[options.text_col])})
    return pd.concat([kept, scores], axis=1)


def mask_column(values: pd.Series) -> pd.Series:
    """``mask_pii`` on every text of a column; missing values stay missing."""
    return values.map(lambda value: mask_pii(value) if isinstance(value, str) else value)


def score_chunk(frame: pd.DataFrame, analyzer: Analyzer, options: ScoreOptions) -> pd.DataFrame:
    """The output rows of one chunk: the per-chunk function of every engine."""
    return output_frame(frame, score_frame(frame, analyzer, options), options)


def empty_output(frame: pd.DataFrame, options: ScoreOptions) -> pd.DataFrame:
    """The output's columns and types with no rows (the ``meta`` Dask needs)."""
    empty = frame.iloc[:0]
    scores = pd.DataFrame({name: pd.array([], dtype=dtype) for name, dtype in OUTPUT_DTYPES.items()}, index=empty.index)
    return output_frame(empty, scores, options)
