"""Turn matched Danish time expressions into ISO 8601 values.

Each rule in ``rules/time.yaml`` names a ``kind``; the normaliser registered
for that kind reads the rule's named groups and returns an ISO value: a
duration (P4M), a date (2026-06-01), a week (2026-W40) or a date without a
year (--06-01). Calendar-relative expressions are resolved against the
reference date (the day the goal was written) and stay unresolved (None)
without one. A normaliser raises ``ImplausibleTimeError`` for a candidate that only
looks like a time (a 31/2, a week 60): Presidio's validate step.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta
from fractions import Fraction

from dateutil.easter import easter

from goaltext.language import LanguageData

Normaliser = Callable[[dict[str, str], LanguageData, date | None], str | None]
NORMALISERS: dict[str, Normaliser] = {}

MONTHS_PER_UNIT = {"Y": 12, "Q": 3, "M": 1}
DAYS_PER_UNIT = {"W": 7, "D": 1}
APPROX_DAYS = {"D": 1, "W": 7, "M": 30.44, "Y": 365.25}
ISO_DURATION = re.compile(r"^P(\d+)([DWMY])$")
ISO_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
NON_DIGIT = re.compile(r"\D")
LONGEST_DURATION = {"D": 730, "W": 156, "M": 60, "Q": 20, "Y": 10}  # per unit: longer is implausible for a goal
ORDINAL_WORDS: dict[str, Fraction | int] = {
    "anden": 2,
    "andet": 2,
    "tredje": 3,
    "fjerde": 4,
    "sjette": 6,
    "halve": Fraction(1, 2),
}


class ImplausibleTimeError(ValueError):
    """The candidate matched a pattern but is not a real time expression."""


def normaliser(kind: str) -> Callable[[Normaliser], Normaliser]:
    """Register a normaliser for a rule kind."""

    def register(function: Normaliser) -> Normaliser:
        NORMALISERS[kind] = function
        return function

    return register


def parse_count(text: str, data: LanguageData) -> Fraction | int:
    """'4', '1,5', 'tre', 'et halvt', '1½' -> a number (a whole number written
    in digits as an int: it has the ``numerator`` and ``denominator`` the
    callers read, and its arithmetic and comparisons cost a tenth of a
    Fraction's; about 0.3 us per goal over the benchmark's durations)."""
    cleaned = " ".join(text.lower().split())
    fraction = data.lookup("fraction", cleaned)
    if fraction is not None:
        return Fraction(str(fraction))
    number = data.lookup("number", cleaned)
    if number is not None:
        return Fraction(number)
    if cleaned.isascii() and cleaned.isdigit():
        return int(cleaned)  # the common case, without Fraction's string parser
    try:
        return Fraction(cleaned.replace(",", "."))
    except ValueError as error:
        raise ImplausibleTimeError(f"not a number: {text!r}") from error


def iso_duration(count: Fraction | int, unit: str) -> str:
    """Express count x unit as an ISO duration in the unit written, or the next
    smaller unit when the count is fractional (0.5 år = P6M, 1.5 uge = P11D)."""
    if unit == "Q":
        count, unit = count * 3, "M"
    if count <= 0:
        raise ImplausibleTimeError("a duration must be positive")
    if count.denominator == 1:
        return f"P{count.numerator}{unit}"
    if unit == "Y":
        return iso_duration(count * 12, "M")
    if unit == "M":
        weeks = count * Fraction(52, 12)
        return f"P{round(weeks)}W"
    if unit == "W":
        return f"P{round(count * 7)}D"
    return f"P{round(count)}D"


def _unit(groups: dict[str, str], data: LanguageData) -> str:
    raw = groups["unit"].lower().rstrip(".")
    unit = data.lookup("unit", groups["unit"]) or data.lookup("unit", raw)
    if unit is None:
        stem = {"ugers": "W", "uges": "W", "måneders": "M", "måneds": "M", "dages": "D", "års": "Y", "år": "Y"}
        unit = stem.get(raw)
    if unit is None:
        raise ImplausibleTimeError(f"unknown unit {groups['unit']!r}")
    return unit


@normaliser("duration")
def duration(groups: dict[str, str], data: LanguageData, reference: date | None) -> str | None:
    """'inden for 4 måneder' -> P4M; a range '3-6 mdr.' -> its upper bound."""
    count = parse_count(groups.get("count2") or groups["count"], data)
    unit = _unit(groups, data)
    if count > LONGEST_DURATION[unit]:
        raise ImplausibleTimeError("implausibly long for a goal")
    return iso_duration(count, unit)


@normaliser("interval")
def interval(groups: dict[str, str], data: LanguageData, reference: date | None) -> str | None:
    """'hver 3. måned' -> P3M, 'hver anden uge' -> P2W, 'hvert halve år' -> P6M."""
    if "count" in groups:
        count: Fraction | int = int(groups["count"])  # an int where it is whole (see parse_count)
    elif "ordinal" in groups:
        count = ORDINAL_WORDS[groups["ordinal"].lower()]
    else:
        count = 1
    return iso_duration(count, _unit(groups, data))


@normaliser("per_year")
def per_year(groups: dict[str, str], data: LanguageData, reference: date | None) -> str | None:
    """'2 gange årligt' -> P6M, 'kvartalsvis' -> P3M: the interval between times."""
    word = groups.get("word", "").lower()
    if word:
        return {"kvartalsvis": "P3M", "halvårligt": "P6M", "halvårlig": "P6M", "årligt": "P1Y", "årlig": "P1Y"}[word]
    count = parse_count(groups["count"], data)
    if count <= 0 or 12 % count:
        raise ImplausibleTimeError("not a whole number of months between the times")
    return f"P{12 // count}M"


@normaliser("frequency")
@normaliser("vague")
@normaliser("counted_week")
def no_value(groups: dict[str, str], data: LanguageData, reference: date | None) -> str | None:
    """No point in time: a frequency is a criterion, a vague time has none, and
    weeks counted in a sick leave or a course ("22. uge") count from a start
    the text does not date (GUIDELINES 84)."""
    return None


def parse_year(text: str | None) -> int | None:
    """'2026' -> 2026, '-26' / "'26" / '26' -> 2026."""
    if not text:
        return None
    digits = NON_DIGIT.sub("", text)
    year = int(digits)
    return year + 2000 if year < 100 else year


def next_occurrence(month: int, day: int, year: int | None, reference: date | None) -> str:
    """A date, with the year from the text or else the next occurrence on or
    after the reference date; '--MM-DD' when there is neither."""
    if year is not None:
        return _checked_date(year, month, day).isoformat()
    if reference is None:
        _checked_date(2000, month, day)  # leap year: accepts 29/2
        return f"--{month:02d}-{day:02d}"
    candidate = _checked_date(reference.year, month, min(day, calendar.monthrange(reference.year, month)[1]))
    if candidate < reference:
        next_year = reference.year + 1
        candidate = _checked_date(next_year, month, min(day, calendar.monthrange(next_year, month)[1]))
    return candidate.isoformat()


def _checked_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ImplausibleTimeError(f"no such date: {day}/{month}-{year}") from error


@normaliser("date")
def numeric_or_textual_date(groups: dict[str, str], data: LanguageData, reference: date | None) -> str | None:
    """'1/6-26', '01.06.2026', '1. juni 2026', '15. marts' -> ISO date."""
    day = int(groups["day"])
    month = data.lookup("month", groups["month_name"]) if "month_name" in groups else int(groups["month"])
    if not month or not 1 <= month <= 12 or not 1 <= day <= 31:
        raise ImplausibleTimeError("day or month out of range")
    year = parse_year(groups.get("year"))
    if year is not None and not 2000 <= year <= 2099:
        raise ImplausibleTimeError("year out of range")
    return next_occurrence(month, day, year, reference)


def _position(groups: dict[str, str], data: LanguageData, default: str = "end") -> str:
    if "position" not in groups:
        return default
    return data.lookup("period_position", groups["position"]) or default


def _period_point(first: date, last: date, position: str) -> date:
    if position == "start":
        return first
    if position == "mid":
        return first + timedelta(days=14)
    return last


def _resolve_year(groups: dict[str, str], reference: date | None, last_day: Callable[[int], date]) -> int | None:
    """The year written, else the first year whose period has not ended yet."""
    year = parse_year(groups.get("year"))
    if year is not None:
        return year
    if reference is None:
        return None
    return reference.year if last_day(reference.year) >= reference else reference.year + 1


@normaliser("month")
def month_period(groups: dict[str, str], data: LanguageData, reference: date | None) -> str | None:
    """'ultimo juni -26' -> 2026-06-30, 'primo marts' -> the 1st, 'medio maj' -> 15th."""
    month = data.lookup("month", groups["month_name"])
    if not month:
        raise ImplausibleTimeError("unknown month")
    position = _position(groups, data)

    def last_day(year: int) -> date:
        return date(year, month, calendar.monthrange(year, month)[1])

    year = _resolve_year(groups, reference, last_day)
    if year is None:
        day = {"start": 1, "mid": 15}.get(position, calendar.monthrange(2001, month)[1])
        return f"--{month:02d}-{day:02d}"
    return _period_point(date(year, month, 1), last_day(year), position).isoformat()


@normaliser("month_range")
def month_range(groups: dict[str, str], data: LanguageData, reference: date | None) -> str | None:
    """'i august og september', 'fra marts til maj' -> the last month's last day."""
    return month_period({key: value for key, value in groups.items() if key != "position"}, data, reference)


@normaliser("quarter")
def quarter(groups: dict[str, str], data: LanguageData, reference: date | None) -> str | None:
    """'Q1 2027', 'udgangen af 1. kvartal 2027' -> 2027-03-31; 'inden 1. kvartal' -> the 1st."""
    number = int(groups.get("quarter") or groups["quarter_q"])
    first_month, last_month = 3 * number - 2, 3 * number

    def last_day(year: int) -> date:
        return date(year, last_month, calendar.monthrange(year, last_month)[1])

    year = _resolve_year(groups, reference, last_day)
    if year is None:
        return None
    return _period_point(date(year, first_month, 1), last_day(year), _position(groups, data)).isoformat()


@normaliser("half_year")
def half_year(groups: dict[str, str], data: LanguageData, reference: date | None) -> str | None:
    """'inden udgangen af 1. halvår 2026' -> 2026-06-30."""
    second = groups["half"].lower() in {"2.", "andet", "sidste"}
    first_month, last_month = (7, 12) if second else (1, 6)

    def last_day(year: int) -> date:
        return date(year, last_month, calendar.monthrange(year, last_month)[1])

    year = _resolve_year(groups, reference, last_day)
    if year is None:
        return None
    return _period_point(date(year, first_month, 1), last_day(year), _position(groups, data)).isoformat()


@normaliser("year")
def year_period(groups: dict[str, str], data: LanguageData, reference: date | None) -> str | None:
    """'inden udgangen af 2026' -> 2026-12-31, 'primo 2027' -> 2027-01-01,
    'inden udgangen af året' -> the reference year's 31 December."""
    word = " ".join(groups["year_word"].lower().split())
    if word.isdigit():
        year = int(word)
    elif reference is None:
        return None
    elif word in {"næste år", "det kommende år"}:
        year = reference.year + 1
    else:
        year = reference.year
    position = _position(groups, data)
    return _period_point(date(year, 1, 1), date(year, 12, 31), position).isoformat()


def _named_point(spec: str, year: int) -> tuple[date, str | None]:
    """A holiday/season point ('12-24', 'W42', 'easter') in a given year."""
    if spec == "easter":
        return easter(year), None
    if spec.startswith("W"):
        return date.fromisocalendar(year, int(spec[1:]), 1), f"{year}-{spec}"
    month, day = (int(part) for part in spec.split("-"))
    return date(year, month, min(day, calendar.monthrange(year, month)[1])), None


def _named_period(name_group: str, lexicon: str) -> Normaliser:
    """Normaliser for a named holiday or season: its start or end point.

    With a year written, that year's occurrence (a winter named by the year it
    starts in); without one, the next occurrence on or after the reference date.
    """

    def normalise(groups: dict[str, str], data: LanguageData, reference: date | None) -> str | None:
        spec = data.lookup(lexicon, groups[name_group])
        if spec is None:
            raise ImplausibleTimeError(f"unknown {lexicon}")
        key = "start" if _position(groups, data) in ("start", "mid") else "end"
        point_spec = spec[key]
        wraps = key == "end" and spec["end"] < spec["start"]
        year = parse_year(groups.get("year"))
        if year is not None:
            point, week = _named_point(point_spec, year + 1 if wraps else year)
        elif reference is None:
            return None
        else:
            point, week = _named_point(point_spec, reference.year)
            if point < reference:
                under_way = _under_way(spec, reference) if key == "end" else None
                point, week = under_way or _named_point(point_spec, reference.year + 1)
        return week or point.isoformat()

    return normalise


def _under_way(spec: dict[str, str], reference: date) -> tuple[date, str | None] | None:
    """The usual end of a school holiday under way on the reference date
    ("efter sommerferien" written in July: this summer's, not next year's;
    GUIDELINES decision 83); None when the holiday has no end given or is over."""
    if "until" not in spec:
        return None
    end, week = _named_point(spec["until"], reference.year)
    last_day = end + timedelta(days=6) if week else end
    return (end, week) if reference <= last_day else None


NORMALISERS["holiday"] = _named_period("holiday", "holiday")
NORMALISERS["season"] = _named_period("season", "season")


@normaliser("week")
def week(groups: dict[str, str], data: LanguageData, reference: date | None) -> str | None:
    """'uge 40' -> the next week 40 (2026-W40); 'uge 12-14' -> its last week."""
    number = int(groups.get("week2") or groups["week"])
    if not 1 <= number <= 53:
        raise ImplausibleTimeError("no such week")
    year = parse_year(groups.get("year"))
    if year is None:
        if reference is None:
            return None
        ref_year, ref_week, _ = reference.isocalendar()
        year = ref_year if number >= ref_week else ref_year + 1
    if number == 53 and date(year, 12, 28).isocalendar()[1] != 53:
        raise ImplausibleTimeError("that year has no week 53")
    return f"{year}-W{number:02d}"


def approximate_days(value: str | None, reference: date | None = None) -> int | None:
    """Days from the reference date to a horizon (a duration needs none).

    Used to rank several deadlines and for the archive's 'horizon in days'.
    """
    if not value:
        return None
    found = ISO_DURATION.match(value)
    if found:
        return round(int(found.group(1)) * APPROX_DAYS[found.group(2)])
    if reference is None:
        return None
    point = horizon_date(value, reference)
    return None if point is None else (point - reference).days


def horizon_date(value: str, reference: date) -> date | None:
    """The calendar day a horizon value stands for, counted from ``reference``."""
    found = ISO_DURATION.match(value)
    if found:
        count, unit = int(found.group(1)), found.group(2)
        if unit in DAYS_PER_UNIT:
            return reference + timedelta(days=count * DAYS_PER_UNIT[unit])
        months = reference.month - 1 + count * MONTHS_PER_UNIT[unit]
        year, month = reference.year + months // 12, months % 12 + 1
        return date(year, month, min(reference.day, calendar.monthrange(year, month)[1]))
    week_match = ISO_WEEK.match(value)
    if week_match:
        return date.fromisocalendar(int(week_match.group(1)), int(week_match.group(2)), 7)
    if value.startswith("--"):
        month, day = int(value[2:4]), int(value[5:7])
        return date.fromisoformat(next_occurrence(month, day, None, reference))
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
