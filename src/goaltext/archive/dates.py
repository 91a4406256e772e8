"""Dates in archives: reading the dates case systems export, and a goal's due
date (the day it was written plus its horizon)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

import pandas as pd
from dateutil.relativedelta import relativedelta

ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T ]\d)")
DANISH_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})(?:$|[T ]\d)")
DURATION = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?")
WEEK = re.compile(r"(\d{4})-W(\d{2})")
MONTH_DAY = re.compile(r"--(\d{2})-(\d{2})")


@lru_cache(maxsize=65536)
def _parse_text(text: str) -> date | None:
    text = text.strip()
    match = ISO_DATE.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = DANISH_DATE.match(text)
        if not match:
            return None
        day, month, year = (int(part) for part in match.groups())
        if year < 100:
            year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(value: object) -> date | None:
    """A date from what exports contain: ISO (2026-03-05, also with a time),
    Danish day-first (05-03-2026, 5.3.2026, 5/3/26), or a date object;
    None when there is no valid date."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return _parse_text(value)
    try:
        if pd.isna(value):  # type: ignore[call-overload]
            return None
    except (TypeError, ValueError):
        return None
    return None


def parse_dates(values: pd.Series) -> pd.Series:
    """``parse_date`` over a column (text is parsed once per distinct value)."""
    return pd.Series([parse_date(value) for value in values.tolist()], index=values.index, dtype=object)


@lru_cache(maxsize=65536)
def due_date(created: date, horizon: str | None, horizon_days: int | None = None) -> date | None:
    """The day a goal is due: created + a duration (calendar months and years),
    a date or the Sunday of a week as written, a day without year at its next
    occurrence; else created + horizon_days; None when nothing is known."""
    if horizon:
        duration = DURATION.fullmatch(horizon)
        if duration and any(duration.groups()):
            years, months, weeks, days = (int(part or 0) for part in duration.groups())
            return created + relativedelta(years=years, months=months, weeks=weeks, days=days)
        week = WEEK.fullmatch(horizon)
        if week:
            try:
                return date.fromisocalendar(int(week.group(1)), int(week.group(2)), 7)
            except ValueError:
                return None
        month_day = MONTH_DAY.fullmatch(horizon)
        if month_day:
            month, day = int(month_day.group(1)), int(month_day.group(2))
            for year in (created.year, created.year + 1, created.year + 4):
                try:
                    candidate = date(year, month, day)
                except ValueError:
                    continue
                if candidate >= created:
                    return candidate
            return None
        parsed = _parse_text(horizon)
        if parsed is not None:
            return parsed
    if horizon_days is not None:
        return created + timedelta(days=int(horizon_days))
    return None
