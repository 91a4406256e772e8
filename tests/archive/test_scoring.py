"""Scoring a chunk: one output row per input row, in order, with the analysis
flattened into the added columns; rows that cannot be analysed are kept with
an error text. All goals are synthetic."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pandas as pd
import pytest

from goaltext import Analyzer
from goaltext.archive.columns import OUTPUT_COLUMNS, OUTPUT_DTYPES, ColumnError
from goaltext.archive.scoring import (
    ERROR_EMPTY,
    ERROR_UNREADABLE,
    ScoreOptions,
    empty_output,
    output_frame,
    score_chunk,
    score_frame,
)

GOALS: list[str] = [
    "Indsatsen gives med forventning om, at borgeren herefter kan overgå til ydelsespakke 1. "
    "Der følges op efter 4 måneder.",
    "Borgeren tager selv bussen til aktivitetscentret to gange om ugen.",
    "Øget trivsel og livskvalitet på sigt.",
    "Borgeren kan selv lave aftensmad tre dage om ugen uden guidning inden for 6 måneder. "
    "Når målet er nået, reduceres bostøtten fra 4 til 2 timer om ugen.",
    "borgeren skal have det bedre",
    "- kan selv tage bad\n- tager medicin uden påmindelse\n- opfølgning hver 3. måned",
]


@pytest.fixture(scope="module")
def scored(analyzer: Analyzer) -> pd.DataFrame:
    frame = pd.DataFrame({"id": [f"{n:03d}" for n in range(len(GOALS))], "tekst": GOALS}, dtype="str")
    return score_frame(frame, analyzer, ScoreOptions("tekst", reference_date=date(2026, 1, 15)))


def test_every_added_column_is_there_in_its_type(scored: pd.DataFrame) -> None:
    assert tuple(scored.columns) == OUTPUT_COLUMNS
    assert {column: str(dtype) for column, dtype in scored.dtypes.items()} == OUTPUT_DTYPES


@pytest.mark.parametrize("position", range(len(GOALS)))
def test_each_row_is_the_analysis_of_its_goal_flattened(
    scored: pd.DataFrame, analyzer: Analyzer, position: int
) -> None:
    analysis = analyzer.analyze(GOALS[position], reference_date="2026-01-15")
    row = scored.iloc[position]
    for name in ("measurable", "time_horizon", "service_consequence"):
        label = getattr(analysis.labels, name)
        assert row[name] == label.value
        assert row[f"{name}_probability"] == pytest.approx(label.probability)
    assert (None if pd.isna(row["horizon"]) else row["horizon"]) == analysis.horizon
    assert (None if pd.isna(row["horizon_days"]) else row["horizon_days"]) == analysis.horizon_days
    direction = analysis.consequence.direction if analysis.consequence else None
    assert (None if pd.isna(row["consequence_direction"]) else row["consequence_direction"]) == direction
    assert row["score"] == analysis.score
    vague = {" ".join(span.text.lower().split()) for span in analysis.spans if span.label == "VAGUE"}
    assert set(filter(None, row["vague_words"].split("; "))) == vague
    assert pd.isna(row["error"])


def test_the_seed_example_scores_as_the_label_spec_says(scored: pd.DataFrame) -> None:
    row = scored.iloc[0]
    assert (row["time_horizon"], row["horizon"]) == (True, "P4M")
    assert 118 <= row["horizon_days"] <= 123  # four months, counted by the core
    assert (row["service_consequence"], row["consequence_direction"]) == (True, "reduce")
    assert row["consequence_target"] == "ydelsespakke 1"


def test_vague_words_are_listed_once_each_in_lower_case(scored: pd.DataFrame) -> None:
    words = scored.iloc[2]["vague_words"].split("; ")
    assert "trivsel" in words and "livskvalitet" in words
    assert len(words) == len(set(words))


@pytest.mark.parametrize(
    ("value", "error"),
    [
        ("", ERROR_EMPTY),
        ("   \n\t", ERROR_EMPTY),
        (None, ERROR_EMPTY),
        (float("nan"), ERROR_EMPTY),
        (pd.NA, ERROR_EMPTY),
        ("Borgeren kan selv handle ind \ufffd gange om ugen.", ERROR_UNREADABLE),  # a wrong decoding
        ("Borgeren kan selv\x00 handle ind.", ERROR_UNREADABLE),
        ("Borgeren kan selv\x1b[0m handle ind.", ERROR_UNREADABLE),
    ],
)
def test_a_goal_that_cannot_be_analysed_keeps_its_row_with_an_error(
    analyzer: Analyzer, value: object, error: str
) -> None:
    frame = pd.DataFrame({"tekst": ["Borgeren kan selv tage bad.", value, "Der følges op efter 3 mdr."]}, dtype=object)
    result = score_frame(frame, analyzer, ScoreOptions("tekst", reference_date=date(2026, 1, 15)))
    assert len(result) == 3
    assert result["error"].tolist()[1] == error
    assert result.iloc[1][list(OUTPUT_COLUMNS[:-1])].isna().all()
    assert result["error"].isna().tolist() == [True, False, True]
    assert result.iloc[2]["horizon"] == "P3M"


def test_a_goal_that_makes_the_pipeline_fail_costs_only_its_own_row(analyzer: Analyzer) -> None:
    limit = analyzer.nlp.max_length
    analyzer.nlp.max_length = 200
    try:
        frame = pd.DataFrame({"tekst": ["Borgeren kan selv tage bad.", "Borgeren kan selv handle ind. " * 10]})
        result = score_frame(frame, analyzer, ScoreOptions("tekst"))
    finally:
        analyzer.nlp.max_length = limit
    assert pd.isna(result["error"].iloc[0]) and result["measurable"].iloc[0] == True  # noqa: E712
    assert result["error"].iloc[1] == "Teksten kunne ikke analyseres (ValueError)."
    assert pd.isna(result["score"].iloc[1])


def test_numbers_in_the_text_column_are_analysed_as_text(analyzer: Analyzer) -> None:
    result = score_frame(pd.DataFrame({"tekst": [42]}), analyzer, ScoreOptions("tekst"))
    assert pd.isna(result["error"].iloc[0]) and result["score"].iloc[0] >= 0


@pytest.mark.parametrize(
    ("created", "horizon", "days"),
    [
        ("2026-01-01", "2026-12-31", 364),
        ("2026-06-30", "2026-12-31", 184),
        ("30-06-2026", "2026-12-31", 184),  # Danish day-first date
        ("2027-02-01", "2027-12-31", 333),  # "udgangen af året" is the year the goal was written
    ],
)
def test_the_created_date_is_each_goals_reference_date(
    analyzer: Analyzer, created: str, horizon: str, days: int
) -> None:
    frame = pd.DataFrame({"tekst": ["Borgeren kan selv handle ind inden udgangen af året."], "oprettet": [created]})
    result = score_frame(frame, analyzer, ScoreOptions("tekst", created_col="oprettet"))
    assert (result["horizon"].iloc[0], result["horizon_days"].iloc[0]) == (horizon, days)
    assert pd.isna(result["error"].iloc[0])


@pytest.mark.parametrize("created", ["31-02-2026", "", None, "i går"])
def test_a_goal_without_a_valid_created_date_is_analysed_without_one_and_says_so(
    analyzer: Analyzer, created: str | None
) -> None:
    frame = pd.DataFrame(
        {
            "tekst": ["Borgeren kan selv handle ind inden udgangen af året. Der følges op efter 4 mdr."],
            "dato": [created],
        }
    )
    result = score_frame(frame, analyzer, ScoreOptions("tekst", created_col="dato"))
    assert result["error"].iloc[0] == "Ingen gyldig dato i kolonnen «dato»; datoer i målet er ikke omregnet."
    assert result["time_horizon"].iloc[0] == True  # noqa: E712 - still analysed


def test_rows_keep_their_order_and_index(analyzer: Analyzer) -> None:
    index = pd.Index([17, 3, 99, 4], name="række")
    texts = ["Der følges op efter 2 mdr.", "", "Der følges op efter 5 mdr.", "Der følges op efter 7 mdr."]
    frame = pd.DataFrame({"tekst": texts}, index=index)
    result = score_frame(frame, analyzer, ScoreOptions("tekst"))
    assert result.index.equals(index)
    assert result["horizon"].tolist()[0] == "P2M" and result["horizon"].tolist()[2:] == ["P5M", "P7M"]


def test_output_rows_are_the_input_rows_with_the_text_masked_when_asked(analyzer: Analyzer) -> None:
    frame = pd.DataFrame(
        {
            "id": ["007", "008"],
            "tekst": ["Borgeren Hanne Jensen (tlf. 23 45 67 89) kan selv tage bad.", "Der følges op efter 4 mdr."],
            "sagsbehandler": ["Mette Hansen", ""],
        },
        dtype="str",
    )
    out = score_chunk(frame, analyzer, ScoreOptions("tekst", mask_pii=True))
    assert list(out.columns) == ["id", "tekst", "sagsbehandler", *OUTPUT_COLUMNS]
    assert out["tekst"].tolist() == [
        "Borgeren [NAVN] (tlf. [TELEFON]) kan selv tage bad.",
        "Der følges op efter 4 mdr.",
    ]
    assert out["id"].tolist() == ["007", "008"] and out["sagsbehandler"].tolist() == ["Mette Hansen", ""]
    unmasked = score_chunk(frame, analyzer, ScoreOptions("tekst"))
    assert unmasked["tekst"].tolist() == frame["tekst"].tolist()
    assert out["score"].tolist() == unmasked["score"].tolist()  # scored on the original text


def test_rescoring_a_scored_chunk_replaces_its_columns(analyzer: Analyzer) -> None:
    frame = pd.DataFrame({"tekst": ["Der følges op efter 4 mdr."]})
    once = score_chunk(frame, analyzer, ScoreOptions("tekst"))
    twice = score_chunk(once, analyzer, ScoreOptions("tekst"))
    assert list(twice.columns) == list(once.columns)
    pd.testing.assert_frame_equal(twice, once)


def test_an_empty_chunk_gives_the_columns_and_no_rows(analyzer: Analyzer) -> None:
    frame = pd.DataFrame({"id": pd.Series(dtype="str"), "tekst": pd.Series(dtype="str")})
    out = score_chunk(frame, analyzer, ScoreOptions("tekst"))
    assert out.empty and list(out.columns) == ["id", "tekst", *OUTPUT_COLUMNS]
    pd.testing.assert_frame_equal(out, empty_output(frame, ScoreOptions("tekst")))


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (ScoreOptions("maal"), "--text-col «maal» findes ikke.*«id», «tekst»"),
        (ScoreOptions("tekst", created_col="oprettet"), "--created-col «oprettet» findes ikke"),
        (ScoreOptions("score"), "samme navn som en kolonne, goaltext tilføjer"),
    ],
)
def test_wrong_column_names_are_clear_errors(analyzer: Analyzer, options: ScoreOptions, message: str) -> None:
    frame = pd.DataFrame({"id": ["1"], "tekst": ["Borgeren kan selv tage bad."], "score": ["3"]})
    with pytest.raises(ColumnError, match=message):
        score_frame(frame, analyzer, options)


def _chunks(frame: pd.DataFrame, size: int) -> Iterator[pd.DataFrame]:
    for start in range(0, len(frame), size):
        yield frame.iloc[start : start + size]


def test_scores_do_not_depend_on_how_the_archive_is_chunked(analyzer: Analyzer) -> None:
    frame = pd.DataFrame({"tekst": GOALS * 3})
    options = ScoreOptions("tekst", reference_date=date(2026, 1, 15))
    whole = score_chunk(frame, analyzer, options)
    pieces = pd.concat([score_chunk(chunk, analyzer, options) for chunk in _chunks(frame, 4)])
    pd.testing.assert_frame_equal(pieces, whole)
    assert output_frame(frame, whole[list(OUTPUT_COLUMNS)], options).equals(whole)


class CountingAnalyzer:
    """The real analyzer, counting the goals it is given."""

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.analysed: list[str] = []

    def pipe(self, goals: list[tuple[str, object]], batch_size: int) -> Iterator[object]:
        self.analysed += [text for text, _ in goals]
        return self.analyzer.pipe(goals, batch_size=batch_size)  # type: ignore[arg-type]


def test_a_goal_repeated_with_the_same_reference_date_is_analysed_once(analyzer: Analyzer) -> None:
    standard = "Borgeren kan selv handle ind inden udgangen af året."
    frame = pd.DataFrame(
        {
            "tekst": [standard, GOALS[1], standard, standard, "", standard],
            "oprettet": ["2026-01-01", "2026-01-01", "2026-01-01", "2026-06-30", "2026-01-01", "2026-01-01"],
        }
    )
    counting = CountingAnalyzer(analyzer)
    result = score_frame(frame, counting, ScoreOptions("tekst", created_col="oprettet"))  # type: ignore[arg-type]
    assert counting.analysed == [standard, GOALS[1], standard]  # the 30 June copy is another reference date
    assert result["horizon_days"].iloc[[0, 2, 3, 5]].tolist() == [364, 364, 184, 364]
    pd.testing.assert_series_equal(result.iloc[0], result.iloc[5], check_names=False)
    assert result["error"].iloc[4] == ERROR_EMPTY
