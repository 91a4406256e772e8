"""Dates in archives: the forms case systems export, and a goal's due date."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from goaltext.archive.dates import due_date, parse_date, parse_dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-05", date(2026, 3, 5)),
        ("2026-03-05 14:30:00", date(2026, 3, 5)),
        ("2026-03-05T14:30", date(2026, 3, 5)),
        ("2026/3/5", date(2026, 3, 5)),
        ("05-03-2026", date(2026, 3, 5)),  # Danish exports: day first
        ("5.3.2026", date(2026, 3, 5)),
        ("05/03/26", date(2026, 3, 5)),
        (" 05-03-2026 ", date(2026, 3, 5)),
        (datetime(2026, 3, 5, 9, 15), date(2026, 3, 5)),
        (date(2026, 3, 5), date(2026, 3, 5)),
        (pd.Timestamp("2026-03-05"), date(2026, 3, 5)),
        # Traps: impossible dates, US order, text, empty, missing
        ("31-02-2026", None),
        ("2026-13-01", None),
        ("03/31/2026", None),
        ("5. marts 2026", None),
        ("", None),
        (None, None),
        (float("nan"), None),
        (pd.NA, None),
        (20260305, None),
    ],
)
def test_parse_date_reads_the_forms_exports_use(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected


def test_parse_dates_keeps_the_index_and_missing_values() -> None:
    values = pd.Series(["2026-01-02", None, "x", "2026-01-02"], index=[10, 11, 12, 13], dtype="string")
    assert parse_dates(values).tolist() == [date(2026, 1, 2), None, None, date(2026, 1, 2)]
    assert parse_dates(values).index.tolist() == [10, 11, 12, 13]


@pytest.mark.parametrize(
    ("created", "horizon", "days", "expected"),
    [
        (date(2026, 1, 15), "P4M", 120, date(2026, 5, 15)),  # calendar months, not 4 x 30 days
        (date(2026, 1, 31), "P1M", 31, date(2026, 2, 28)),
        (date(2026, 1, 15), "P6W", 42, date(2026, 2, 26)),
        (date(2026, 1, 15), "P14D", 14, date(2026, 1, 29)),
        (date(2024, 2, 29), "P1Y", 365, date(2025, 2, 28)),
        (date(2026, 1, 15), "2026-06-01", 137, date(2026, 6, 1)),  # a date is the date
        (date(2026, 1, 15), "2026-W40", 262, date(2026, 10, 4)),  # a week: its Sunday
        (date(2026, 7, 1), "--06-01", None, date(2027, 6, 1)),  # no year: the next 1 June
        (date(2026, 1, 1), "--06-01", None, date(2026, 6, 1)),
        (date(2026, 1, 15), None, 30, date(2026, 2, 14)),  # only days known
        (date(2026, 1, 15), "udgangen af året", 10, date(2026, 1, 25)),  # unreadable horizon: the days
        (date(2026, 1, 15), None, None, None),
        (date(2026, 1, 15), "2026-W60", None, None),
    ],
)
def test_due_date_is_created_plus_horizon(
    created: date, horizon: str | None, days: int | None, expected: date | None
) -> None:
    assert due_date(created, horizon, days) == expected
