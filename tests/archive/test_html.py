"""The report page: Danish, self-contained (plotly.js inline once, nothing
fetched), every section present, and user data escaped."""

from __future__ import annotations

import re
from datetime import datetime

import numpy as np
import pandas as pd
import pytest

from goaltext.archive.figures import report_figures
from goaltext.archive.html import danish_date, direction_caption, number, render_report, table_html
from goaltext.archive.report import ReportOptions, build_report
from tests.archive.test_report import AS_OF, OPTIONS, ROWS, scored_frame


@pytest.fixture(scope="module")
def page() -> str:
    tables = build_report(scored_frame(), OPTIONS)
    return render_report(
        tables, report_figures(tables), OPTIONS, "mål.csv", generated=datetime(2025, 9, 1, 8, 5), version="0.1.0"
    )


def test_the_page_is_danish_and_embeds_plotly_once(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>") and '<html lang="da">' in page
    assert page.count("* plotly.js v") == 1
    assert not re.search(r"<script[^>]+src=", page)
    assert not re.search(r"<link[^>]+href=", page)
    assert "Grundlag: mål.csv · Opgjort pr. 1. september 2025 · Lavet 1. september 2025 kl. 08.05" in page


def test_every_section_and_chart_is_there(page: str) -> None:
    for heading in [
        "Nøgletal",
        "Andel af målene med hver dimension",
        "Fordelt på enhed",
        "Udvikling over tid",
        "Tidshorisonter",
        "Konsekvens for ydelsen",
        "Hyppigste uklare ord",
        "Eksempler: de bedste og de svageste mål",
        "Mål over frist",
    ]:
        assert f"<h2>{heading}</h2>" in page, heading
    assert len(re.findall(r'<div id="figur-\d+"', page)) == 7
    assert "Pr. 1. september 2025 er 4 af 7 mål med frist over fristen uden registreret opfølgning." in page


def test_examples_are_masked_on_the_page(page: str) -> None:
    assert "Borgeren [NAVN] kan selv tage bad" in page
    assert "Hanne" not in page


def test_user_data_is_escaped_in_tables_and_charts() -> None:
    rows = [(ident, "<script>alert(1)</script>", *rest) for ident, _, *rest in ROWS]
    options = ReportOptions(by=("enhed",), text_col="tekst", as_of=AS_OF)
    tables = build_report(scored_frame(rows), options)
    html = render_report(tables, report_figures(tables), options, "x.csv")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (1234567, "1.234.567"),
        (np.int64(1234), "1.234"),
        (45.25, "45,2"),
        (1234.56, "1.234,6"),
        (float("nan"), "–"),
        (None, "–"),
        (pd.NA, "–"),
        (True, "ja"),
        (np.bool_(False), "nej"),
    ],
)
def test_numbers_are_shown_the_danish_way(value: object, shown: str) -> None:
    assert number(value) == shown


def test_long_tables_are_folded() -> None:
    tables = build_report(scored_frame(ROWS * 4), OPTIONS)
    assert table_html(tables.overdue).startswith("<details><summary>Vis tabel")
    assert table_html(tables.shares).startswith("<table>")


def test_danish_dates() -> None:
    assert danish_date(AS_OF) == "1. september 2025"


def test_the_direction_caption_explains_the_sure_column_only_when_there_is_one() -> None:
    from goaltext.archive.report import SURE_COLUMN

    without = pd.DataFrame({"Retning": ["Ophør"], "Antal mål": [3]})
    assert "sikre" not in direction_caption(without)
    assert "mindst 0,8" in direction_caption(without.assign(**{SURE_COLUMN: [2]}))
