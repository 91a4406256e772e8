"""The report's charts, as plotly figures built from the report's tables.

Danish number format (decimal comma, thousands point) and one colour per
dimension throughout, so a reader recognises "Tidshorisont" in every chart.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from goaltext.archive.report import DIMENSION_NAMES, SHARE_COLUMNS, ReportTables

COLORS: dict[str, str] = {
    "measurable": "#1f5f99",
    "time_horizon": "#d9822b",
    "service_consequence": "#2e8b57",
    "all_three": "#6a4c93",
}
NEUTRAL = "#5b6770"
ALERT = "#c0392b"
MAX_GROUPS = 25  # bars per chart; the full table is beside it


@dataclass(frozen=True)
class Chart:
    """A figure with the section it belongs to."""

    key: str
    figure: go.Figure


def _layout(figure: go.Figure, title: str, height: int = 420, percent_axis: bool = True) -> go.Figure:
    figure.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        template="plotly_white",
        separators=",.",
        height=height,
        margin={"l": 60, "r": 20, "t": 90, "b": 60},
        legend={"orientation": "h", "x": 0, "y": 1.0, "yanchor": "bottom"},  # above the plot, under the title
        font={"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13},
    )
    if percent_axis:
        figure.update_yaxes(range=[0, 100], ticksuffix=" %", title="Andel af analyserede mål")
    return figure


def shares_figure(tables: ReportTables) -> go.Figure:
    names = ["measurable", "time_horizon", "service_consequence", "all_three"]
    shares = tables.shares.set_index("Dimension")["Andel (%)"]
    values = [shares[DIMENSION_NAMES[name]] for name in names]
    figure = go.Figure(
        go.Bar(
            x=[DIMENSION_NAMES[name] for name in names],
            y=values,
            marker_color=[COLORS[name] for name in names],
            text=[_percent_text(v) for v in values],
            textposition="outside",
            customdata=tables.shares["Antal mål"],
            hovertemplate="%{x}: %{y:.1f} % (%{customdata:,} mål)<extra></extra>",
        )
    )
    return _layout(figure, "Alle analyserede mål")


def group_figure(table: pd.DataFrame, column: str) -> go.Figure:
    """Grouped bars per group; horizontal (names readable) when there are many or long names."""
    shown = table.head(MAX_GROUPS)
    labels = shown[column].astype(str)
    horizontal = len(shown) > 8 or labels.str.len().max() > 14
    figure = go.Figure()
    for name in ("measurable", "time_horizon", "service_consequence"):
        values = shown[SHARE_COLUMNS[name]].astype(float)
        axes = {"y": labels, "x": values, "orientation": "h"} if horizontal else {"x": labels, "y": values}
        figure.add_bar(
            name=DIMENSION_NAMES[name],
            marker_color=COLORS[name],
            customdata=shown["Antal mål"],
            hovertemplate=("%{y}" if horizontal else "%{x}")
            + "<br>"
            + DIMENSION_NAMES[name]
            + (": %{x:.1f}" if horizontal else ": %{y:.1f}")
            + " % af %{customdata:,} mål<extra></extra>",
            **axes,
        )
    suffix = f" (de {MAX_GROUPS} største)" if len(table) > MAX_GROUPS else ""
    figure.update_layout(barmode="group")
    title = f"Andel pr. {column}{suffix}"
    if not horizontal:
        return _layout(figure, title, height=460)
    figure = _layout(figure, title, height=max(360, 70 * len(shown) + 140), percent_axis=False)
    figure.update_yaxes(autorange="reversed", automargin=True)
    figure.update_xaxes(range=[0, 100], ticksuffix=" %", title="Andel af analyserede mål")
    return figure


def trend_figure(trend: pd.DataFrame) -> go.Figure:
    figure = go.Figure()
    for name in ("measurable", "time_horizon", "service_consequence", "all_three"):
        header = SHARE_COLUMNS[name]
        figure.add_scatter(
            name=DIMENSION_NAMES[name],
            x=trend["Periode"],
            y=trend[header].astype(float),
            mode="lines+markers",
            line={
                "color": COLORS[name],
                "width": 3 if name != "all_three" else 2,
                "dash": "dot" if name == "all_three" else "solid",
            },
            customdata=trend["Antal mål"],
            hovertemplate="%{x}<br>" + DIMENSION_NAMES[name] + ": %{y:.1f} % af %{customdata:,} mål<extra></extra>",
        )
    figure.update_xaxes(type="category", title="Periode")
    return _layout(figure, "Andel af målene med hver dimension pr. periode")


def horizon_figure(horizons: pd.DataFrame) -> go.Figure:
    colors = [
        NEUTRAL if label == "Ingen tidshorisont" else COLORS["time_horizon"] for label in horizons["Tidshorisont"]
    ]
    figure = go.Figure(
        go.Bar(
            x=horizons["Tidshorisont"],
            y=horizons["Antal mål"],
            marker_color=colors,
            text=[_percent_text(v) for v in horizons["Andel (%)"]],
            textposition="outside",
            hovertemplate="%{x}: %{y:,} mål<extra></extra>",
        )
    )
    figure.update_yaxes(title="Antal mål", tickformat=",d")
    return _layout(figure, "Hvor langt frem sigter målene?", percent_axis=False)


def direction_figure(directions: pd.DataFrame) -> go.Figure:
    figure = go.Figure(
        go.Bar(
            x=directions["Antal mål"],
            y=directions["Retning"],
            orientation="h",
            marker_color=COLORS["service_consequence"],
            text=[_percent_text(v) for v in directions["Andel (%)"]],
            textposition="outside",
            hovertemplate="%{y}: %{x:,} mål<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title="Antal mål med konsekvens for ydelsen", tickformat=",d")
    return _layout(figure, "Hvad skal der ske med ydelsen, når målet er nået?", height=360, percent_axis=False)


def words_figure(words: pd.DataFrame) -> go.Figure:
    figure = go.Figure(
        go.Bar(
            x=words["Antal mål"],
            y=words["Ord"],
            orientation="h",
            marker_color=NEUTRAL,
            hovertemplate="«%{y}»: %{x:,} mål<extra></extra>",
        )
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title="Antal mål med ordet", tickformat=",d")
    height = max(320, 28 * len(words) + 120)
    return _layout(figure, "Ord, der gør målet svært at måle", height=height, percent_axis=False)


def overdue_figure(table: pd.DataFrame) -> go.Figure:
    """Goals with a due date per unit, those past it without follow-up in red."""
    shown = table.head(MAX_GROUPS)
    unit = shown.columns[0]
    labels = shown[unit].astype(str)
    on_time = shown["Med frist"] - shown["Over frist uden opfølgning"]
    figure = go.Figure()
    figure.add_bar(
        name="Over frist uden opfølgning",
        y=labels,
        x=shown["Over frist uden opfølgning"],
        orientation="h",
        marker_color=ALERT,
        hovertemplate="%{y}: %{x:,} over frist<extra></extra>",
    )
    figure.add_bar(
        name="Øvrige mål med frist",
        y=labels,
        x=on_time,
        orientation="h",
        marker_color=COLORS["time_horizon"],
        hovertemplate="%{y}: %{x:,} øvrige med frist<extra></extra>",
    )
    figure.update_layout(barmode="stack", legend_traceorder="normal")
    figure.update_yaxes(autorange="reversed", automargin=True)
    figure.update_xaxes(title="Antal mål med frist", tickformat=",d")
    suffix = f" (de {MAX_GROUPS} med flest)" if len(table) > MAX_GROUPS else ""
    height = max(320, 34 * len(shown) + 160)
    return _layout(figure, f"Mål med frist pr. {unit}{suffix}", height=height, percent_axis=False)


def report_figures(tables: ReportTables) -> list[Chart]:
    """Every chart of the report, keyed by the section it belongs to."""
    charts = [Chart("andele", shares_figure(tables))]
    charts += [Chart(f"efter:{column}", group_figure(table, column)) for column, table in tables.by.items()]
    if tables.trend is not None and not tables.trend.empty:
        charts.append(Chart("udvikling", trend_figure(tables.trend)))
    charts.append(Chart("tidshorisonter", horizon_figure(tables.horizons)))
    charts.append(Chart("konsekvenser", direction_figure(tables.directions)))
    if not tables.vague_words.empty:
        charts.append(Chart("uklare_ord", words_figure(tables.vague_words)))
    if tables.overdue_by_unit is not None and not tables.overdue_by_unit.empty:
        charts.append(Chart("over_frist", overdue_figure(tables.overdue_by_unit)))
    return charts


def _percent_text(value: object) -> str:
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return ""
    return f"{float(value):.1f} %".replace(".", ",")  # type: ignore[arg-type]
