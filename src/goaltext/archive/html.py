"""The report as one self-contained HTML page in Danish: plotly.js is embedded
once, inline, so the file opens without internet, and nothing is fetched."""

from __future__ import annotations

import html
import math
from datetime import date, datetime

import pandas as pd
import plotly.io as pio
from plotly.offline import get_plotlyjs

from goaltext.archive.figures import Chart
from goaltext.archive.report import PERIOD_NAMES, SURE_COLUMN, SURE_DIRECTION_TEXT, ReportOptions, ReportTables
from goaltext.language import month_names

MONTHS = month_names()
FOLDED_ROWS = 15  # longer tables are folded under "Vis tabel"
PLOT_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
STYLE = """
:root { --ink: #1d2733; --muted: #5b6770; --line: #d8dee4; --band: #f4f6f8; --accent: #1f5f99; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 28px; border-bottom: 3px solid var(--accent); }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 40px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.meta, .note { color: var(--muted); font-size: 13px; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 16px; font-size: 14px; }
nav a { color: var(--accent); text-decoration: none; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: 12px; margin: 16px 0; }
.card { background: var(--band); border-radius: 8px; padding: 12px 14px; }
.card .value { font-size: 26px; font-weight: 600; }
.card .label { color: var(--muted); font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--band); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
details summary { cursor: pointer; color: var(--accent); margin: 6px 0; }
.chart { min-height: 320px; }
footer { margin-top: 40px; padding-bottom: 40px; border-top: 1px solid var(--line); }
"""


def danish_date(day: date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def number(value: object) -> str:
    """Danish number format: 12.345 and 45,2; a dash for nothing."""
    if value is None or value is pd.NA or value is pd.NaT:
        return "–"
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()  # type: ignore[union-attr]
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    if isinstance(value, float):
        if math.isnan(value):
            return "–"
        return f"{value:,.1f}".replace(",", "\0").replace(".", ",").replace("\0", ".")
    try:
        if pd.isna(value):  # type: ignore[call-overload]
            return "–"
    except (TypeError, ValueError):
        pass
    return str(value)


def _cell(value: object) -> str:
    if isinstance(value, date):
        return f"<td>{value.isoformat()}</td>"
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        value = value.item()  # type: ignore[union-attr]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f'<td class="num">{number(value)}</td>'
    return f"<td>{html.escape(number(value))}</td>"


def table_html(table: pd.DataFrame, caption: str | None = None) -> str:
    """An escaped HTML table, folded when long."""
    head = "".join(f"<th>{html.escape(str(column))}</th>" for column in table.columns)
    rows = "".join("<tr>" + "".join(_cell(value) for value in row) + "</tr>" for row in table.itertuples(index=False))
    body = f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    if caption:
        body = f'<p class="note">{html.escape(caption)}</p>' + body
    if len(table) > FOLDED_ROWS:
        return f"<details><summary>Vis tabel ({number(len(table))} rækker)</summary>{body}</details>"
    return body


def direction_caption(directions: pd.DataFrame) -> str:
    caption = "Andele af de mål, der har en konsekvens for ydelsen."
    if SURE_COLUMN in directions.columns:
        caption += (
            f" «Heraf sikre» er de retninger, modellen giver en sandsynlighed på mindst {SURE_DIRECTION_TEXT}; "
            "tjek de øvrige i hånden, før tallene bruges til styring."
        )
    return caption


def chart_html(chart: Chart, number_in_page: int) -> str:
    return pio.to_html(
        chart.figure,
        full_html=False,
        include_plotlyjs=False,
        div_id=f"figur-{number_in_page}",
        config=PLOT_CONFIG,
        default_width="100%",
    ).join(('<div class="chart">', "</div>"))


def _cards(tables: ReportTables) -> str:
    shares = tables.shares["Andel (%)"].tolist()
    labels = ("er målbare", "har en tidshorisont", "har en konsekvens for ydelsen", "har alle tre")
    cards = [(number(tables.rows), "mål i alt"), (number(tables.analysed), "analyseret")]
    cards += [(f"{number(float(value))} %", label) for value, label in zip(shares, labels, strict=True)]
    items = "".join(
        f'<div class="card"><div class="value">{html.escape(value)}</div>'
        f'<div class="label">{html.escape(label)}</div></div>'
        for value, label in cards
    )
    return f'<div class="cards">{items}</div>'


def render_report(
    tables: ReportTables,
    charts: list[Chart],
    options: ReportOptions,
    source_name: str,
    generated: datetime | None = None,
    version: str = "",
) -> str:
    """The whole report page."""
    generated = generated or datetime.now()
    by_key = {chart.key: chart for chart in charts}
    counter = iter(range(1, len(charts) + 1))
    sections: list[tuple[str, str, str]] = []

    def chart(key: str) -> str:
        return chart_html(by_key[key], next(counter)) if key in by_key else ""

    errors = tables.rows - tables.analysed
    intro = (
        f"{number(tables.rows)} mål, heraf {number(tables.analysed)} analyseret"
        + (f" og {number(errors)}, der ikke kunne analyseres (tom tekst eller ulæselige tegn)" if errors else "")
        + ". Andele er af de analyserede mål."
    )
    sections.append(("noegletal", "Nøgletal", f"<p>{html.escape(intro)}</p>" + _cards(tables)))
    sections.append(
        (
            "andele",
            "Andel af målene med hver dimension",
            "<p>Et mål er <b>målbart</b>, når en anden kan afgøre, om det er nået; det har en <b>tidshorisont</b>, "
            "når det siger hvornår; og det har en <b>konsekvens for ydelsen</b>, når det siger, hvad der skal ske med "
            "indsatsen, når målet er nået.</p>" + chart("andele") + table_html(tables.shares),
        )
    )
    for column, table in tables.by.items():
        sections.append(
            (
                f"efter-{len(sections)}",
                f"Fordelt på {column}",
                chart(f"efter:{column}") + table_html(table),
            )
        )
    if tables.trend is not None:
        undated = tables.trend.attrs.get("undated", 0)
        note = f"Pr. {PERIOD_NAMES[tables.period or 'month']}" + (
            f"; {number(undated)} mål uden gyldig dato er ikke med." if undated else "."
        )
        sections.append(("udvikling", "Udvikling over tid", chart("udvikling") + table_html(tables.trend, note)))
    sections.append(
        (
            "tidshorisonter",
            "Tidshorisonter",
            chart("tidshorisonter")
            + table_html(tables.horizons, "Dage fra skrivedatoen til målets frist eller første opfølgning."),
        )
    )
    sections.append(
        (
            "konsekvenser",
            "Konsekvens for ydelsen",
            chart("konsekvenser") + table_html(tables.directions, direction_caption(tables.directions)),
        )
    )
    words = (
        chart("uklare_ord") + table_html(tables.vague_words)
        if not tables.vague_words.empty
        else "<p>Ingen uklare ord fundet.</p>"
    )
    sections.append(("uklare-ord", "Hyppigste uklare ord", words))
    sections.append(
        (
            "eksempler",
            "Eksempler: de bedste og de svageste mål",
            table_html(
                tables.examples,
                "Teksterne er maskeret: CPR-numre, telefonnumre, e-mailadresser og navne er erstattet af "
                "[CPR], [TELEFON], [E-MAIL] og [NAVN].",
            ),
        )
    )
    if tables.overdue_by_unit is not None:
        overdue_total = int(tables.overdue_by_unit["Over frist uden opfølgning"].sum())
        due_total = int(tables.overdue_by_unit["Med frist"].sum())
        text = (
            f"Frist = oprettelsesdato + tidshorisont. Pr. {danish_date(tables.as_of)} er {number(overdue_total)} "
            f"af {number(due_total)} mål med frist over fristen"
            + (" uden registreret opfølgning." if options.followed_up_col else ".")
        )
        listed = ""
        if tables.overdue is not None and not tables.overdue.empty:
            listed = table_html(
                tables.overdue,
                f"De {number(len(tables.overdue))} mål, der er længst over fristen"
                " (hele listen ligger i tabelfilerne ved siden af rapporten).",
            )
        sections.append(
            (
                "over-frist",
                "Mål over frist",
                f"<p>{html.escape(text)}</p>" + chart("over_frist") + table_html(tables.overdue_by_unit) + listed,
            )
        )

    toc = "".join(f'<li><a href="#{key}">{html.escape(title)}</a></li>' for key, title, _ in sections)
    body = "".join(
        f'<section id="{key}"><h2>{html.escape(title)}</h2>{content}</section>' for key, title, content in sections
    )
    meta = (
        f"Grundlag: {source_name} · Opgjort pr. {danish_date(tables.as_of)} · "
        f"Lavet {danish_date(generated.date())} kl. {generated:%H.%M}" + (f" med goaltext {version}" if version else "")
    )
    return (
        '<!DOCTYPE html>\n<html lang="da">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Målformuleringer: ledelsesinformation</title>\n"
        f"<style>{STYLE}</style>\n"
        f'<script type="text/javascript">{get_plotlyjs()}</script>\n'
        "</head>\n<body>\n"
        f'<header><h1>Målformuleringer: ledelsesinformation</h1><p class="meta">{html.escape(meta)}</p>'
        f"<nav><ul>{toc}</ul></nav></header>\n"
        f"<main>{body}</main>\n"
        '<footer><p class="note">Rapporten er én selvstændig fil og virker uden internet. Tabellerne ligger også '
        "som CSV- og Excel-filer ved siden af rapporten. Lavet med goaltext.</p></footer>\n"
        "</body>\n</html>\n"
    )
