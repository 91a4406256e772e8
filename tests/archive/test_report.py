"""The report's tables, computed from a small scored archive whose numbers are
worked out by hand below. All data is synthetic."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from goaltext.archive.columns import OUTPUT_COLUMNS, ColumnError
from goaltext.archive.report import SURE_COLUMN, ReportBuilder, ReportOptions, ReportTables, build_report

AS_OF = date(2025, 9, 1)
COLUMNS = ("id", "enhed", "oprettet", "opfulgt", "tekst", *OUTPUT_COLUMNS)
# id, unit, created, followed up, text, m, t, s, horizon, days, direction, score, vague words, error
ROWS = [
    (
        "1",
        "A",
        "2024-01-10",
        "",
        "Borgeren Hanne kan selv tage bad inden 4 mdr.",
        1,
        1,
        1,
        "P4M",
        122,
        "reduce",
        92,
        "",
    ),
    (
        "2",
        "A",
        "2024-02-01",
        "2024-05-01",
        "Tager selv bussen. Opfølgning efter 2 mdr.",
        1,
        1,
        0,
        "P2M",
        61,
        None,
        64,
        "",
    ),
    ("3", "A", "2024-03-15", "", "Borgeren skal have det bedre og mere.", 0, 0, 0, None, None, None, 7, "bedre; mere"),
    (
        "4",
        "B",
        "2025-01-10",
        "",
        "Øget trivsel. Støtten ophører inden 31/12.",
        0,
        1,
        1,
        "2025-12-31",
        355,
        "end",
        64,
        "trivsel",
    ),
    (
        "5",
        "B",
        "2025-06-01",
        "",
        "Borgeren kan selv handle ind og får det bedre.",
        1,
        0,
        0,
        None,
        None,
        None,
        34,
        "bedre",
    ),
    ("6", "B", "", "", "", None, None, None, None, None, None, None, None),
    (
        "7",
        "",
        "2025-07-01",
        "",
        "Flytter til gruppeforløb inden 6 uger; går selv.",
        1,
        1,
        1,
        "P6W",
        42,
        "transfer",
        92,
        "",
    ),
    ("8", "B", "2025-08-01", "", "Går selv til træning til uge 40.", 1, 1, 0, "2025-W40", 62, None, 64, ""),
    (
        "9",
        "A",
        "2024-05-01",
        "",
        "Mere hjælp, hvis målet ikke nås inden et år.",
        0,
        1,
        1,
        "P1Y",
        365,
        "increase",
        64,
        "mere",
    ),
    ("10", "A", "2024-06-01", "", "Opfølgning 1/6.", 0, 1, 0, "--06-01", None, None, 37, ""),
]


def scored_frame(rows: list[tuple[object, ...]] = ROWS) -> pd.DataFrame:
    """Rows as a scored file gives them (error rows without labels)."""
    records = []
    for row in rows:
        ident, unit, created, followed, text, m, t, s, horizon, days, direction, score, vague = row
        analysed = m is not None
        records.append(
            {
                "id": ident,
                "enhed": unit,
                "oprettet": created,
                "opfulgt": followed,
                "tekst": text,
                "measurable": bool(m) if analysed else None,
                "measurable_probability": (0.9 if m else 0.1) if analysed else None,
                "time_horizon": bool(t) if analysed else None,
                "time_horizon_probability": (0.95 if t else 0.05) if analysed else None,
                "service_consequence": bool(s) if analysed else None,
                "service_consequence_probability": (0.9 if s else 0.07) if analysed else None,
                "horizon": horizon,
                "horizon_days": days,
                "consequence_direction": direction,
                "consequence_target": None,
                "score": score,
                "vague_words": vague,
                "error": None if analysed else "Tom tekst: der er ingen målformulering at analysere.",
            }
        )
    return pd.DataFrame(records, columns=list(COLUMNS))


OPTIONS = ReportOptions(
    by=("enhed",),
    created_col="oprettet",
    followed_up_col="opfulgt",
    id_col="id",
    text_col="tekst",
    as_of=AS_OF,
    examples=2,
)


@pytest.fixture(scope="module")
def tables() -> ReportTables:
    return build_report(scored_frame(), OPTIONS)


def test_key_figures_count_rows_analysed_and_errors(tables: ReportTables) -> None:
    (figures,) = tables.key_figures.to_dict("records")
    assert figures == {
        "Mål i alt": 10,
        "Analyseret": 9,
        "Kunne ikke analyseres": 1,
        "Gennemsnitlig score (0-100)": pytest.approx(57.6),
    }


def test_shares_are_of_the_analysed_goals(tables: ReportTables) -> None:
    shares = tables.shares.set_index("Dimension")
    assert shares["Antal mål"].to_dict() == {
        "Målbar": 5,
        "Tidshorisont": 7,
        "Konsekvens for ydelsen": 4,
        "Alle tre": 2,
    }
    assert shares["Andel (%)"].to_dict() == {
        "Målbar": 55.6,
        "Tidshorisont": 77.8,
        "Konsekvens for ydelsen": 44.4,
        "Alle tre": 22.2,
    }


def test_by_unit_largest_first_with_empty_units_as_their_own_group(tables: ReportTables) -> None:
    table = tables.by["enhed"]
    assert table["enhed"].tolist() == ["A", "B", "(tom)"]
    assert table["Antal mål"].tolist() == [5, 4, 1]
    assert table["Analyseret"].tolist() == [5, 3, 1]
    assert table["Målbare (%)"].tolist() == [40.0, 66.7, 100.0]
    assert table["Med tidshorisont (%)"].tolist() == [80.0, 66.7, 100.0]
    assert table["Med konsekvens for ydelsen (%)"].tolist() == [40.0, 33.3, 100.0]
    assert table["Alle tre (%)"].tolist() == [20.0, 0.0, 100.0]
    assert table["Gennemsnitlig score"].tolist() == [52.8, 54.0, 92.0]


def test_by_year_is_derived_from_the_dates_and_kept_in_year_order() -> None:
    options = ReportOptions(by=("år",), created_col="oprettet", as_of=AS_OF)
    table = build_report(scored_frame(), options).by["år"]
    assert table["år"].tolist() == ["(tom)", "2024", "2025"]
    assert table["Antal mål"].tolist() == [1, 5, 4]


def test_trend_is_per_month_over_a_short_span_and_says_how_many_were_undated(tables: ReportTables) -> None:
    trend = tables.trend
    assert tables.period == "month"
    assert trend["Periode"].tolist() == [
        "2024-01",
        "2024-02",
        "2024-03",
        "2024-05",
        "2024-06",
        "2025-01",
        "2025-06",
        "2025-07",
        "2025-08",
    ]
    assert trend["Antal mål"].sum() == 9 and trend.attrs["undated"] == 1


@pytest.mark.parametrize(
    ("period", "labels"),
    [
        ("quarter", ["2024 K1", "2024 K2", "2025 K1", "2025 K2", "2025 K3"]),
        ("year", ["2024", "2025"]),
    ],
)
def test_trend_can_be_per_quarter_or_year(period: str, labels: list[str]) -> None:
    options = ReportOptions(date_col="oprettet", period=period, as_of=AS_OF)  # type: ignore[arg-type]
    assert build_report(scored_frame(), options).trend["Periode"].tolist() == labels


def test_horizon_distribution(tables: ReportTables) -> None:
    counts = dict(zip(tables.horizons["Tidshorisont"], tables.horizons["Antal mål"], strict=True))
    assert counts == {
        "Op til 1 måned": 0,
        "1–3 måneder": 3,
        "3–6 måneder": 1,
        "6–12 måneder": 2,
        "Over 12 måneder": 0,
        "Kan ikke omregnes til dage": 1,
        "Ingen tidshorisont": 2,
    }


@pytest.mark.parametrize(
    ("days", "label"),
    [
        (-3, "Før skrivedatoen"),
        (0, "Op til 1 måned"),
        (31, "Op til 1 måned"),
        (32, "1–3 måneder"),
        (92, "1–3 måneder"),
        (93, "3–6 måneder"),
        (183, "3–6 måneder"),
        (184, "6–12 måneder"),
        (366, "6–12 måneder"),
        (367, "Over 12 måneder"),
    ],
)
def test_horizon_bins_have_inclusive_upper_bounds(days: int, label: str) -> None:
    row = ("1", "A", "2025-01-01", "", "x", 1, 1, 0, "P1D", days, None, 64, "")
    horizons = build_report(scored_frame([row]), ReportOptions(as_of=AS_OF)).horizons.set_index("Tidshorisont")
    assert horizons.loc[label, "Antal mål"] == 1
    assert horizons["Antal mål"].sum() == 1


def test_consequence_directions_in_danish_with_their_codes(tables: ReportTables) -> None:
    directions = tables.directions.set_index("Kode")
    assert directions["Antal mål"].to_dict() == {"reduce": 1, "end": 1, "transfer": 1, "increase": 1, "other": 0}
    assert directions.loc["reduce", "Retning"] == "Nedsættelse"
    assert directions.loc["end", "Andel (%)"] == 25.0


def test_a_file_scored_before_direction_probabilities_has_no_sure_column(tables: ReportTables) -> None:
    assert SURE_COLUMN not in tables.directions.columns


def test_sure_directions_are_those_with_a_probability_of_at_least_0_8() -> None:
    frame = scored_frame()
    probability = {"reduce": 0.95, "end": 0.6, "transfer": 0.8}  # increase: none (a rules-only row)
    frame["consequence_direction_probability"] = frame["consequence_direction"].map(probability)
    directions = build_report(frame, OPTIONS).directions.set_index("Kode")
    assert directions[SURE_COLUMN].to_dict() == {"reduce": 1, "end": 0, "transfer": 1, "increase": 0, "other": 0}
    assert directions["Antal mål"].sum() == 4  # every direction is still counted


def test_vague_words_count_goals_most_frequent_first(tables: ReportTables) -> None:
    words = tables.vague_words
    assert words["Ord"].tolist() == ["bedre", "mere", "trivsel"]
    assert words["Antal mål"].tolist() == [2, 2, 1]
    assert words["Andel af mål (%)"].tolist() == [22.2, 22.2, 11.1]


def test_best_and_worst_examples_are_masked(tables: ReportTables) -> None:
    examples = tables.examples
    assert examples["Eksempel"].tolist() == ["Bedste", "Bedste", "Svageste", "Svageste"]
    assert examples["Id"].tolist() == ["1", "7", "3", "5"]
    assert examples["Score"].tolist() == [92, 92, 7, 34]
    assert examples["Målformulering (maskeret)"].iloc[0] == "Borgeren [NAVN] kan selv tage bad inden 4 mdr."
    assert examples[["Målbar", "Tidshorisont", "Konsekvens for ydelsen"]].iloc[2].tolist() == ["nej"] * 3


def test_goals_past_their_due_date_by_unit(tables: ReportTables) -> None:
    table = tables.overdue_by_unit
    assert table["enhed"].tolist() == ["A", "(tom)", "B"]
    assert table["Antal mål"].tolist() == [5, 1, 4]
    assert table["Med frist"].tolist() == [4, 1, 2]
    assert table["Fulgt op"].tolist() == [1, 0, 0]
    assert table["Over frist uden opfølgning"].tolist() == [3, 1, 0]
    assert table["Over frist (%)"].tolist() == [75.0, 100.0, 0.0]
    assert table["Uden tidshorisont"].tolist() == [1, 0, 1]


def test_the_overdue_list_is_most_overdue_first_with_due_dates(tables: ReportTables) -> None:
    overdue = tables.overdue
    assert overdue["Id"].tolist() == ["1", "10", "9", "7"]
    assert overdue["Frist"].tolist() == [date(2024, 5, 10), date(2024, 6, 1), date(2025, 5, 1), date(2025, 8, 12)]
    assert overdue["Dage over frist"].tolist() == [479, 457, 123, 20]
    assert "tekst" not in overdue.columns and "Målformulering (maskeret)" not in overdue.columns


def test_building_chunk_by_chunk_gives_the_same_tables(tables: ReportTables) -> None:
    frame = scored_frame()
    builder = ReportBuilder(OPTIONS)
    listed = [builder.add(frame.iloc[start : start + 3]) for start in range(0, len(frame), 3)]
    chunked = builder.tables()
    assert chunked.named().keys() == tables.named().keys()
    for name, table in tables.named().items():
        pd.testing.assert_frame_equal(chunked.named()[name], table, check_dtype=False, obj=name)
    assert sum(len(part) for part in listed) == 4


def test_the_report_reads_scored_text_cells_as_a_csv_gives_them() -> None:
    frame = scored_frame()
    as_text = frame.astype(object).where(frame.notna(), "").astype(str)
    as_text["measurable"] = frame["measurable"].map({True: "true", False: "false"}).fillna("")
    as_text["measurable_probability"] = as_text["measurable_probability"].str.replace(".", ",")
    tables = build_report(as_text, OPTIONS)
    assert tables.shares["Antal mål"].tolist() == [5, 7, 4, 2]
    assert tables.analysed == 9


def test_named_tables_have_file_safe_names(tables: ReportTables) -> None:
    assert list(tables.named()) == [
        "noegletal",
        "andele",
        "efter_enhed",
        "udvikling",
        "tidshorisonter",
        "konsekvenser",
        "uklare_ord",
        "eksempler",
        "over_frist_pr_enhed",
        "over_frist",
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (ReportOptions(by=("afdeling",)), "--by «afdeling» findes ikke.*«enhed»"),
        (ReportOptions(by=("år",)), "--by «år» findes ikke"),  # no date to derive the year from
        (ReportOptions(created_col="created"), "--created-col «created» findes ikke"),
    ],
)
def test_missing_columns_are_named_with_the_columns_there_are(options: ReportOptions, message: str) -> None:
    with pytest.raises(ColumnError, match=message):
        build_report(scored_frame(), options)


def test_an_archive_where_nothing_could_be_analysed_gives_empty_shares() -> None:
    tables = build_report(scored_frame([ROWS[5]]), ReportOptions(as_of=AS_OF, text_col="tekst"))
    assert tables.rows == 1 and tables.analysed == 0
    assert tables.shares["Antal mål"].tolist() == [0, 0, 0, 0]
    assert tables.shares["Andel (%)"].isna().all()
    assert tables.examples.empty and tables.vague_words.empty


def test_a_frame_with_a_repeated_index_is_counted_row_by_row(tables: ReportTables) -> None:
    frame = pd.concat([scored_frame().iloc[:5], scored_frame().iloc[5:]])  # index 0-4 then 5-9 ...
    frame.index = [0, 1, 2, 3, 4] * 2  # ... and now repeated
    repeated = build_report(frame, OPTIONS)
    for name, table in tables.named().items():
        pd.testing.assert_frame_equal(repeated.named()[name], table, check_dtype=False, obj=name)
