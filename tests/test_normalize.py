"""Time normalisation: Danish time expressions -> ISO 8601 values.

Each row runs the real pipeline on a phrase and checks the TIME span it finds:
its exact text, role and normalised value. Reference date 2026-01-15 unless
the row says otherwise. The traps at the end are expressions that must NOT
give a horizon.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from goaltext import Analyzer
from goaltext.normalize import approximate_days, horizon_date, iso_duration

REF = "2026-01-15"

# (text, expected span text, role, value, reference date)
NORMALISATIONS = [
    # durations, in the unit written
    ("inden for 4 måneder", "inden for 4 måneder", "deadline", "P4M", REF),
    ("indenfor 3 mdr.", "indenfor 3 mdr.", "deadline", "P3M", REF),
    ("indefor 3 måndeder", "indefor 3 måndeder", "deadline", "P3M", REF),
    ("inden for 6 uger", "inden for 6 uger", "deadline", "P6W", REF),
    ("i løbet af de næste 6 uger", "i løbet af de næste 6 uger", "deadline", "P6W", REF),
    ("inden for 14 dage", "inden for 14 dage", "deadline", "P14D", REF),
    ("inden for 14 dg.", "inden for 14 dg.", "deadline", "P14D", REF),
    ("inden for et år", "inden for et år", "deadline", "P1Y", REF),
    ("inden for 1 år", "inden for 1 år", "deadline", "P1Y", REF),
    ("inden for 24 måneder", "inden for 24 måneder", "deadline", "P24M", REF),
    ("efter et halvt år", "efter et halvt år", "deadline", "P6M", REF),
    ("inden for et halvt år", "inden for et halvt år", "deadline", "P6M", REF),
    ("om halvandet år", "om halvandet år", "deadline", "P18M", REF),
    ("inden for 1½ år", "inden for 1½ år", "deadline", "P18M", REF),
    ("inden for 1,5 år", "inden for 1,5 år", "deadline", "P18M", REF),
    ("inden for tre måneder", "inden for tre måneder", "deadline", "P3M", REF),
    ("i løbet af to uger", "i løbet af to uger", "deadline", "P2W", REF),
    ("inden for et kvartal", "inden for et kvartal", "deadline", "P3M", REF),
    ("inden for 3 kvartaler", "inden for 3 kvartaler", "deadline", "P9M", REF),
    ("inden for 3-6 mdr.", "inden for 3-6 mdr.", "deadline", "P6M", REF),
    ("over de næste 8 uger", "over de næste 8 uger", "deadline", "P8W", REF),
    ("de næste 3 måneder", "de næste 3 måneder", "deadline", "P3M", REF),
    ("senest om 2 måneder", "senest om 2 måneder", "deadline", "P2M", REF),
    ("INDEN FOR 4 MÅNEDER", "INDEN FOR 4 MÅNEDER", "deadline", "P4M", REF),
    ("i en periode på 6 måneder", "i en periode på 6 måneder", "deadline", "P6M", REF),
    ("et § 83 a-forløb på 8 uger", "forløb på 8 uger", "deadline", "P8W", REF),
    ("et 12-ugers rehabiliteringsforløb", "12-ugers rehabiliteringsforløb", "deadline", "P12W", REF),
    ("Støtten bevilges for 6 måneder", "bevilges for 6 måneder", "deadline", "P6M", REF),
    ("3 mdr. efter opstart", "3 mdr. efter opstart", "deadline", "P3M", REF),
    # follow-ups
    ("Der følges op efter 4 måneder.", "efter 4 måneder", "follow_up", "P4M", REF),
    ("Der følges op efter 4 mdr.", "efter 4 mdr.", "follow_up", "P4M", REF),
    ("opfølgning om 6 uger", "om 6 uger", "follow_up", "P6W", REF),
    ("Opfølgning hver 3. måned.", "hver 3. måned", "follow_up", "P3M", REF),
    ("status hvert halve år", "hvert halve år", "follow_up", "P6M", REF),
    ("Der følges op hvert kvartal", "hvert kvartal", "follow_up", "P3M", REF),
    ("Indsatsen revurderes efter 3 mdr", "efter 3 mdr", "follow_up", "P3M", REF),
    ("Der følges op d. 1/3-26", "d. 1/3-26", "follow_up", "2026-03-01", REF),
    ("Der følges op efter sommerferien", "efter sommerferien", "follow_up", "2026-06-30", REF),
    # dates: day before month, always
    ("senest 1. juni 2026", "senest 1. juni 2026", "deadline", "2026-06-01", REF),
    ("inden 1/6-26", "inden 1/6-26", "deadline", "2026-06-01", REF),
    ("senest 01.06.2026", "senest 01.06.2026", "deadline", "2026-06-01", REF),
    ("inden 1.6.26", "inden 1.6.26", "deadline", "2026-06-01", REF),
    ("pr. 1/3-27", "pr. 1/3-27", "deadline", "2027-03-01", REF),
    ("senest 2026-06-01", "senest 2026-06-01", "deadline", "2026-06-01", REF),
    ("pr. 1.3.", "pr. 1.3.", "deadline", "2026-03-01", REF),
    ("senest 1/8", "senest 1/8", "deadline", "2026-08-01", REF),
    ("senest 1/8", "senest 1/8", "deadline", "2027-08-01", "2026-09-01"),
    ("inden d. 15. marts", "inden d. 15. marts", "deadline", "2026-03-15", REF),
    ("til 3 okt. 2026", "til 3 okt. 2026", "deadline", "2026-10-03", REF),
    ("senest den 29. februar 2028", "senest den 29. februar 2028", "deadline", "2028-02-29", REF),
    # months, quarters, half years, years
    ("ultimo juni -26", "ultimo juni -26", "deadline", "2026-06-30", REF),
    ("ult. juni 2026", "ult. juni 2026", "deadline", "2026-06-30", REF),
    ("primo marts", "primo marts", "deadline", "2026-03-01", REF),
    ("medio maj 2026", "medio maj 2026", "deadline", "2026-05-15", REF),
    ("inden udgangen af august 2026", "inden udgangen af august 2026", "deadline", "2026-08-31", REF),
    ("i løbet af februar", "i løbet af februar", "deadline", "2026-02-28", REF),
    ("Q1 2027", "Q1 2027", "deadline", "2027-03-31", REF),
    ("udgangen af 1. kvartal 2027", "udgangen af 1. kvartal 2027", "deadline", "2027-03-31", REF),
    ("inden udgangen af 3. kvt.", "inden udgangen af 3. kvt.", "deadline", "2026-09-30", REF),
    ("inden udgangen af 1. halvår 2026", "inden udgangen af 1. halvår 2026", "deadline", "2026-06-30", REF),
    ("inden udgangen af 2026", "inden udgangen af 2026", "deadline", "2026-12-31", REF),
    ("inden udgangen af året", "inden udgangen af året", "deadline", "2026-12-31", REF),
    ("i løbet af næste år", "i løbet af næste år", "deadline", "2027-12-31", REF),
    ("primo 2027", "primo 2027", "deadline", "2027-01-01", REF),
    # weeks
    ("til uge 40", "til uge 40", "deadline", "2026-W40", REF),
    ("i uge 2", "i uge 2", "deadline", "2027-W02", REF),
    ("uge 40 2026", "uge 40 2026", "deadline", "2026-W40", REF),
    ("uge 12-14", "uge 12-14", "deadline", "2026-W14", REF),
    # named days, holidays and seasons
    ("inden jul 2026", "inden jul 2026", "deadline", "2026-12-24", REF),
    ("inden jul", "inden jul", "deadline", "2026-12-24", REF),
    ("inden sommerferien 2026", "inden sommerferien 2026", "deadline", "2026-06-30", REF),
    ("inden sommerferien", "inden sommerferien", "deadline", "2027-06-30", "2026-08-01"),
    ("efter efterårsferien", "efter efterårsferien", "deadline", "2026-W42", REF),
    # a school holiday under way on the writing date: "efter" means this
    # year's, which ends in week 32; "inden" and "til" the next one (decision 83)
    ("efter sommerferien", "efter sommerferien", "deadline", "2026-W32", "2026-07-10"),
    ("Der følges op efter sommerferien", "efter sommerferien", "follow_up", "2026-W32", "2026-08-09"),
    ("efter sommerferien", "efter sommerferien", "deadline", "2027-06-30", "2026-08-10"),  # school has started
    ("inden sommerferien", "inden sommerferien", "deadline", "2027-06-30", "2026-07-10"),
    ("efter skoleferien", "efter skoleferien", "deadline", "2026-06-30", "2026-06-30"),  # its first day: not begun yet
    ("efter efterårsferien", "efter efterårsferien", "deadline", "2026-W42", "2026-10-14"),  # the Wednesday of week 42
    ("efter vinterferien", "efter vinterferien", "deadline", "2027-W07", "2026-02-16"),  # the week after
    ("efter jul", "efter jul", "deadline", "2026-12-24", "2026-07-10"),  # no holiday under way
    ("inden vinterferien", "inden vinterferien", "deadline", "2026-W07", REF),
    ("til påske 2027", "til påske 2027", "deadline", "2027-03-28", REF),
    ("inden påske", "inden påske", "deadline", "2026-04-05", REF),
    ("inden årsskiftet", "inden årsskiftet", "deadline", "2026-12-31", REF),
    ("til sommer", "til sommer", "deadline", "2026-06-01", REF),
    ("i løbet af foråret 2027", "i løbet af foråret 2027", "deadline", "2027-05-31", REF),
    ("i løbet af vinteren", "i løbet af vinteren", "deadline", "2026-02-28", REF),
    ("i løbet af vinteren 2026", "i løbet af vinteren 2026", "deadline", "2027-02-28", REF),
]


@pytest.mark.parametrize(("text", "span_text", "role", "value", "reference"), NORMALISATIONS)
def test_time_expression_is_normalised(
    rules_analyzer: Analyzer, text: str, span_text: str, role: str, value: str, reference: str
) -> None:
    analysis = rules_analyzer.analyze(text, reference_date=reference)
    times = [s for s in analysis.spans if s.label == "TIME"]
    assert [(s.text, s.role, s.value) for s in times] == [(span_text, role, value)]
    assert analysis.labels.time_horizon.value is True
    assert analysis.horizon == value


def test_there_are_at_least_sixty_normalisation_cases() -> None:
    assert len(NORMALISATIONS) >= 60


# Relative expressions without a reference date: durations stay durations,
# dates without a year keep their month and day, the rest stays unresolved.
WITHOUT_REFERENCE = [
    ("inden for 4 måneder", "P4M"),
    ("senest 1. juni", "--06-01"),
    ("ultimo juni", "--06-30"),
    ("inden udgangen af året", None),
    ("til uge 40", None),
    ("til sommer", None),
    ("senest 1/6-26", "2026-06-01"),
]


@pytest.mark.parametrize(("text", "value"), WITHOUT_REFERENCE)
def test_without_a_reference_date_calendar_expressions_stay_unresolved(
    rules_analyzer: Analyzer, text: str, value: str | None
) -> None:
    analysis = rules_analyzer.analyze(text)
    (time,) = [s for s in analysis.spans if s.label == "TIME"]
    assert time.value == value
    assert analysis.labels.time_horizon.value is True


# Traps: time words that are not a horizon, and look-alikes that are no time.
NOT_A_HORIZON = [
    ("Borgeren tager selv bussen to gange om ugen.", "frequency"),
    ("træner 3 x ugentligt", "frequency"),
    ("tager medicin hver morgen", "frequency"),
    ("går tur dagligt", "frequency"),
    ("Hun tømmer postkassen hver anden uge", "frequency"),
    ("Borgeren skal på sigt kunne bo i egen bolig.", "vague"),
    ("Støtten reduceres hurtigst muligt.", "vague"),
    ("på længere sigt", "vague"),
    ("Der følges løbende op.", "vague"),
    ("når borgeren er klar", "vague"),
    ("snarest", "vague"),
    ("med tiden", "vague"),
    ("i fremtiden", "vague"),
]


@pytest.mark.parametrize(("text", "role"), NOT_A_HORIZON)
def test_frequencies_and_vague_times_are_not_a_horizon(rules_analyzer: Analyzer, text: str, role: str) -> None:
    analysis = rules_analyzer.analyze(text, reference_date=REF)
    assert [s.role for s in analysis.spans if s.label == "TIME"] == [role]
    assert analysis.labels.time_horizon.value is False
    assert analysis.horizon is None


NO_TIME_AT_ALL = [
    "ingen restancer 3 måneder i træk",
    "har været stoffri i 3 måneder",
    "12 sammenhængende uger uden fravær",
    "§ 83 stk. 2",
    "Borgeren møder kl. 8.30",
    "senest 31/2-26",
    "til uge 60",
    "score 45 på Barthel",
]


@pytest.mark.parametrize("text", NO_TIME_AT_ALL)
def test_criterion_durations_and_look_alikes_give_no_horizon(rules_analyzer: Analyzer, text: str) -> None:
    analysis = rules_analyzer.analyze(text, reference_date=REF)
    assert not [s for s in analysis.spans if s.label == "TIME" and s.role in ("deadline", "follow_up")]
    assert analysis.labels.time_horizon.value is False


@pytest.mark.parametrize(
    ("count", "unit", "expected"),
    [
        (Fraction(1, 2), "Y", "P6M"),
        (Fraction(3, 2), "Y", "P18M"),
        (Fraction(2), "Q", "P6M"),
        (Fraction(1, 2), "W", "P4D"),
    ],
)
def test_fractional_counts_move_to_a_smaller_unit(count: Fraction, unit: str, expected: str) -> None:
    assert iso_duration(count, unit) == expected


@pytest.mark.parametrize(
    ("value", "reference", "days"),
    [
        ("P4M", None, 122),
        ("P6W", None, 42),
        ("2026-06-01", date(2026, 1, 15), 137),
        ("2026-W40", date(2026, 1, 15), 262),
        ("--06-01", date(2026, 1, 15), 137),
        ("2026-06-01", None, None),
        (None, None, None),
    ],
)
def test_approximate_days_to_the_horizon(value: str | None, reference: date | None, days: int | None) -> None:
    assert approximate_days(value, reference) == days


def test_horizon_date_adds_months_on_the_calendar() -> None:
    assert horizon_date("P1M", date(2026, 1, 31)) == date(2026, 2, 28)
    assert horizon_date("P4M", date(2026, 1, 15)) == date(2026, 5, 15)
