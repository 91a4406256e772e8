"""The report's charts: one per section, built from the tables they sit beside."""

from __future__ import annotations

import pytest

from goaltext.archive.figures import MAX_GROUPS, group_figure, report_figures
from goaltext.archive.report import ReportOptions, ReportTables, build_report
from tests.archive.test_report import AS_OF, OPTIONS, ROWS, scored_frame


@pytest.fixture(scope="module")
def tables() -> ReportTables:
    return build_report(scored_frame(), OPTIONS)


def test_one_chart_per_section(tables: ReportTables) -> None:
    keys = [chart.key for chart in report_figures(tables)]
    assert keys == ["andele", "efter:enhed", "udvikling", "tidshorisonter", "konsekvenser", "uklare_ord", "over_frist"]


def test_sections_without_data_have_no_chart() -> None:
    tables = build_report(scored_frame([ROWS[2]]), ReportOptions(as_of=AS_OF))
    assert [chart.key for chart in report_figures(tables)] == ["andele", "tidshorisonter", "konsekvenser", "uklare_ord"]


def test_the_shares_chart_shows_the_shares_of_the_table(tables: ReportTables) -> None:
    (bar,) = next(chart for chart in report_figures(tables) if chart.key == "andele").figure.data
    assert list(bar.x) == ["Målbar", "Tidshorisont", "Konsekvens for ydelsen", "Alle tre"]
    assert list(bar.y) == tables.shares["Andel (%)"].tolist()
    assert list(bar.text) == ["55,6 %", "77,8 %", "44,4 %", "22,2 %"]  # Danish decimal comma


def test_charts_use_danish_number_separators(tables: ReportTables) -> None:
    for chart in report_figures(tables):
        assert chart.figure.layout.separators == ",.", chart.key


def test_the_unit_chart_has_one_bar_series_per_dimension(tables: ReportTables) -> None:
    figure = next(chart for chart in report_figures(tables) if chart.key == "efter:enhed").figure
    assert [trace.name for trace in figure.data] == ["Målbar", "Tidshorisont", "Konsekvens for ydelsen"]
    assert list(figure.data[1].x) == ["A", "B", "(tom)"]
    assert list(figure.data[1].y) == [80.0, 66.7, 100.0]


def test_many_groups_are_drawn_horizontally_and_capped(tables: ReportTables) -> None:
    table = tables.by["enhed"]
    many = table.loc[table.index.repeat(12)].reset_index(drop=True)
    many["enhed"] = [f"Enhed {n}" for n in range(len(many))]
    figure = group_figure(many, "enhed")
    assert figure.data[0].orientation == "h"
    assert len(figure.data[0].y) == MAX_GROUPS
    assert f"de {MAX_GROUPS} største" in figure.layout.title.text


def test_the_overdue_chart_stacks_overdue_on_the_rest(tables: ReportTables) -> None:
    figure = next(chart for chart in report_figures(tables) if chart.key == "over_frist").figure
    overdue, rest = figure.data
    assert list(overdue.y) == ["A", "(tom)", "B"]
    assert list(overdue.x) == [3, 1, 0] and list(rest.x) == [1, 0, 2]
    assert figure.layout.barmode == "stack"
