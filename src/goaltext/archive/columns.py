"""The columns ``goaltext score`` adds, their types, and checks of column names.

The names are a stable contract (the report, the notebook and the quality
teams' own spreadsheets read them): columns are only ever added.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

DIMENSIONS: tuple[str, ...] = ("measurable", "time_horizon", "service_consequence")
OUTPUT_DTYPES: dict[str, str] = {
    "measurable": "boolean",
    "measurable_probability": "Float64",
    "time_horizon": "boolean",
    "time_horizon_probability": "Float64",
    "service_consequence": "boolean",
    "service_consequence_probability": "Float64",
    "horizon": "string",
    "horizon_days": "Int64",
    "consequence_direction": "string",
    "consequence_direction_probability": "Float64",
    "consequence_target": "string",
    "score": "Int64",
    "vague_words": "string",
    "error": "string",
}
OUTPUT_COLUMNS: tuple[str, ...] = tuple(OUTPUT_DTYPES)
# Columns added after files were first scored: a file scored before them
# still reports, with them empty.
LATER_COLUMNS: frozenset[str] = frozenset({"consequence_direction_probability"})
VAGUE_SEPARATOR = "; "
# Tried in this order when no text column is named (case-insensitive).
TEXT_COLUMN_CANDIDATES: tuple[str, ...] = ("text", "tekst", "målformulering", "maalformulering", "mål", "goal")
TRUE_WORDS = frozenset({"true", "1", "ja", "sand", "yes"})
FALSE_WORDS = frozenset({"false", "0", "nej", "falsk", "no"})


class ColumnError(ValueError):
    """A named column is missing; the Danish message lists the columns there are."""


def listing(columns: Iterable[object]) -> str:
    return ", ".join(f"«{column}»" for column in columns) or "(ingen)"


def require_columns(available: Sequence[object], wanted: Mapping[str, str | None]) -> None:
    """Raise ColumnError naming every wanted column (option -> column) that is missing."""
    names = [str(column) for column in available]
    missing = [(option, column) for option, column in wanted.items() if column is not None and column not in names]
    if missing:
        problems = "; ".join(f"{option} «{column}» findes ikke" for option, column in missing)
        raise ColumnError(f"{problems}. Filens kolonner er: {listing(names)}.")


def guess_text_column(available: Sequence[object]) -> str:
    """The goal-text column when none is named: the first usual name present."""
    by_folded = {str(column).casefold(): str(column) for column in available}
    for candidate in TEXT_COLUMN_CANDIDATES:
        if candidate in by_folded:
            return by_folded[candidate]
    raise ColumnError(
        f"Angiv tekstkolonnen med --text-col; ingen af standardnavnene ({listing(TEXT_COLUMN_CANDIDATES)}) findes. "
        f"Filens kolonner er: {listing(available)}."
    )


def empty_scores(index: pd.Index) -> pd.DataFrame:
    """All added columns, typed, with no values (rows that were not analysed)."""
    return pd.DataFrame({name: pd.Series(pd.NA, index=index, dtype=dtype) for name, dtype in OUTPUT_DTYPES.items()})


def _as_boolean(values: pd.Series) -> pd.Series:
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.astype("boolean")
    words = values.astype("string").str.strip().str.lower()
    result = pd.Series(pd.NA, index=values.index, dtype="boolean")
    result[words.isin(TRUE_WORDS)] = True
    result[words.isin(FALSE_WORDS)] = False
    return result


def _as_number(values: pd.Series, dtype: str) -> pd.Series:
    if pd.api.types.is_numeric_dtype(values.dtype) and not pd.api.types.is_bool_dtype(values.dtype):
        numbers = values
    else:
        text = values.astype("string").str.strip().str.replace(",", ".", regex=False)
        numbers = pd.to_numeric(text.where(text != ""), errors="coerce")
    if dtype == "Int64":
        return numbers.astype("Float64").round().astype("Int64")
    return numbers.astype("Float64")


def coerce_scored(frame: pd.DataFrame) -> pd.DataFrame:
    """The added columns of a scored file read back from any format (CSV gives
    text, with a decimal comma after ``;``), in their proper types."""
    require_scored(frame.columns)
    coerced = {}
    for name, dtype in OUTPUT_DTYPES.items():
        values = frame[name] if name in frame.columns else pd.Series(pd.NA, index=frame.index, dtype=dtype)
        if dtype == "boolean":
            coerced[name] = _as_boolean(values)
        elif dtype in {"Float64", "Int64"}:
            coerced[name] = _as_number(values, dtype)
        else:
            text = values.astype("string")
            coerced[name] = text.where(text.str.strip() != "", pd.NA) if name != "vague_words" else text.fillna("")
    return frame.assign(**coerced)


def require_scored(columns: Iterable[object]) -> None:
    """A scored file has every added column; say which are missing otherwise."""
    present = {str(column) for column in columns}
    missing = [name for name in OUTPUT_COLUMNS if name not in present and name not in LATER_COLUMNS]
    if missing:
        raise ColumnError(
            f"Filen ser ikke ud til at være scoret med «goaltext score»: kolonnerne {listing(missing)} mangler."
        )
