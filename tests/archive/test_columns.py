"""The added columns: names, types, and reading them back from any format."""

from __future__ import annotations

import pandas as pd
import pytest

from goaltext.archive.columns import (
    OUTPUT_COLUMNS,
    ColumnError,
    coerce_scored,
    guess_text_column,
    require_columns,
    require_scored,
)

EXPECTED_COLUMNS = (
    "measurable",
    "measurable_probability",
    "time_horizon",
    "time_horizon_probability",
    "service_consequence",
    "service_consequence_probability",
    "horizon",
    "horizon_days",
    "consequence_direction",
    "consequence_direction_probability",
    "consequence_target",
    "score",
    "vague_words",
    "error",
)


def test_the_added_columns_are_a_stable_contract() -> None:
    assert EXPECTED_COLUMNS == OUTPUT_COLUMNS


def _text_row(**values: str) -> dict[str, str]:
    return {column: values.get(column, "") for column in OUTPUT_COLUMNS}


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        # As goaltext writes CSV after ";": true/false and a decimal comma
        (
            {"measurable": "true", "measurable_probability": "0,9", "horizon_days": "122", "score": "64"},
            {"measurable": True, "measurable_probability": 0.9, "horizon_days": 122, "score": 64},
        ),
        # As Excel or another tool may give them back
        (
            {"measurable": "FALSK", "measurable_probability": "0.08", "horizon_days": "122.0", "score": " 7 "},
            {"measurable": False, "measurable_probability": 0.08, "horizon_days": 122, "score": 7},
        ),
        # A row that could not be analysed: empty cells are missing, not false or zero
        (
            {"error": "Tom tekst"},
            {"measurable": pd.NA, "measurable_probability": pd.NA, "horizon_days": pd.NA, "score": pd.NA},
        ),
    ],
)
def test_scored_text_cells_are_read_back_in_their_types(cells: dict[str, str], expected: dict[str, object]) -> None:
    frame = pd.DataFrame([_text_row(**cells)], dtype="str")
    coerced = coerce_scored(frame).iloc[0]
    for column, value in expected.items():
        if value is pd.NA:
            assert pd.isna(coerced[column]), column
        else:
            assert coerced[column] == value, column
    assert coerced["vague_words"] == ""


def test_a_file_without_the_added_columns_is_refused_with_the_missing_ones() -> None:
    with pytest.raises(ColumnError, match=r"ikke ud til at være scoret.*«measurable»"):
        require_scored(["id", "tekst", "score"])


def test_a_file_scored_before_a_column_was_added_still_reads_with_it_empty() -> None:
    earlier = _text_row(consequence_direction="reduce")
    del earlier["consequence_direction_probability"]
    coerced = coerce_scored(pd.DataFrame([earlier], dtype="str")).iloc[0]
    assert coerced["consequence_direction"] == "reduce"
    assert pd.isna(coerced["consequence_direction_probability"])


def test_the_direction_probability_is_read_back_as_a_number() -> None:
    frame = pd.DataFrame([_text_row(consequence_direction="end", consequence_direction_probability="0,93")])
    assert coerce_scored(frame).iloc[0]["consequence_direction_probability"] == 0.93


def test_a_missing_column_error_lists_the_columns_there_are() -> None:
    with pytest.raises(ColumnError, match=r"--text-col «maal» findes ikke.*«id», «målformulering»"):
        require_columns(["id", "målformulering"], {"--text-col": "maal", "--id-col": "id"})


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (["id", "text"], "text"),
        (["id", "Tekst"], "Tekst"),
        (["sagsnr", "Målformulering", "enhed"], "Målformulering"),
        (["tekst", "mål"], "tekst"),
    ],
)
def test_the_text_column_is_found_by_its_usual_names(columns: list[str], expected: str) -> None:
    assert guess_text_column(columns) == expected


def test_without_a_usual_text_column_the_error_asks_for_text_col() -> None:
    with pytest.raises(ColumnError, match=r"--text-col.*«beskrivelse»"):
        guess_text_column(["id", "beskrivelse"])
