"""``mask_pii``: CPR numbers, phone numbers, e-mail addresses and citizens'
names masked in goal texts; amounts, dates, paragraphs and packages kept.
All numbers and names below are synthetic."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goaltext.privacy import first_names, mask_pii, valid_cpr_date

MASKED: list[tuple[str, str]] = [
    # CPR numbers, with and without hyphen; the date part is checked
    ("Borgerens CPR 010190-1234 er tastet forkert.", "Borgerens CPR [CPR] er tastet forkert."),
    ("cpr.nr. 0101901234.", "cpr.nr. [CPR]."),
    ("Født 311299-1234, bor alene.", "Født [CPR], bor alene."),
    ("CPR 290200-4123 (år 2000, skudår)", "CPR [CPR] (år 2000, skudår)"),
    ("CPR: 150705-5321", "CPR: [CPR]"),
    # Phone numbers: together, in pairs, in blocks of four, with +45/0045 or a cue
    ("Kontakt: tlf. 23 45 67 89.", "Kontakt: tlf. [TELEFON]."),
    ("Ring på 23456789 efter kl. 16.", "Ring på [TELEFON] efter kl. 16."),
    ("Datteren har nr. +45 87654321.", "Datteren har nr. [TELEFON]."),
    ("0045 23456789", "[TELEFON]"),
    ("Mobil 2345 6789", "Mobil [TELEFON]"),
    ("tlf 23-45-67-89", "tlf [TELEFON]"),
    ("mobil: 12345678", "mobil: [TELEFON]"),
    # E-mail addresses
    ("Skriv til hanne.jensen@kommune.dk.", "Skriv til [E-MAIL]."),
    ("Kontakt: b_j+sag@bo-stoette.dk", "Kontakt: [E-MAIL]"),
    # Names: listed names when capitalised, any capitalised word after a cue, surnames with them
    ("Borgeren Hanne skal selv handle ind.", "Borgeren [NAVN] skal selv handle ind."),
    ("Hanne Jensen tager selv bussen.", "[NAVN] tager selv bussen."),
    ("Anna skal selv tage bad 2 gange om ugen.", "[NAVN] skal selv tage bad 2 gange om ugen."),
    ("Borgeren Ahmad møder til 80 % af aftalerne.", "Borgeren [NAVN] møder til 80 % af aftalerne."),
    ("Pårørende: datteren Sofie Nielsen.", "Pårørende: datteren [NAVN]."),
    ("Anne-Mette Olsen flytter i egen bolig.", "[NAVN] flytter i egen bolig."),
    ("Borgeren Bo flytter i egen bolig.", "Borgeren [NAVN] flytter i egen bolig."),
    ("Per Hansen kan selv handle ind.", "[NAVN] kan selv handle ind."),
    ("Annes mor hjælper med indkøb.", "[NAVN] mor hjælper med indkøb."),
    ("Den unge Oliver kommer i skole alle hverdage.", "Den unge [NAVN] kommer i skole alle hverdage."),
    # Several kinds in one text
    (
        "Borgeren Mette Larsen (010190-1234) ringer på 23 45 67 89.",
        "Borgeren [NAVN] ([CPR]) ringer på [TELEFON].",
    ),
]

KEPT: list[str] = [
    # Not CPR numbers: impossible dates, too many digits, amounts
    "CPR 320190-1234 findes ikke.",
    "Sagsnr. 3104901234 (31. april findes ikke).",
    "290201-1234: 2001 var ikke et skudår.",
    "290200-2345: 1900 var ikke et skudår.",
    "Journalnr. 01019012345 har elleve cifre.",
    "Bostøtten koster 12.000 kr. om måneden.",
    # Not phone numbers: dates, years, times, small numbers, numbers starting with 0/1 without a cue
    "Opfølgning 20260101 i fagsystemet.",
    "Planen dækker 2026 2027.",
    "Senest 20-06-2026.",
    "Inden 1/8 og senest 1. juni 2026.",
    "Hver dag kl. 10-12.",
    "Sagen har nummer 1234 5678.",
    "Uge 12-14 og uge 40 2026.",
    # Service words that must survive: packages, paragraphs, hours, shares
    "Herefter forventes borgeren at kunne overgå til ydelsespakke 1.",
    "Forventningen er, at § 85-støtten kan afsluttes.",
    "Bostøtten reduceres fra 4 til 2 timer om ugen.",
    "Borgeren møder til 80 % af de planlagte behandlingsaftaler.",
    # Names that are also ordinary words, without a cue
    "Bo i egen bolig inden sommerferien.",
    "Per uge 2 timer.",
    "Hans mor hjælper med indkøb.",
    "Maj 2026: opfølgning.",
    "Tage medicin uden påmindelse.",
    "Max 2 timer om ugen.",
    # Ordinary capitalised words and sentence starts
    "Borgeren skal selv handle ind. Der følges op efter 4 mdr.",
    "Indsatsen gives efter Barnets Lov.",
    "Mødet er @ rådhuset.",
]


@pytest.mark.parametrize(("text", "masked"), MASKED)
def test_personal_data_is_masked(text: str, masked: str) -> None:
    assert mask_pii(text) == masked


@pytest.mark.parametrize("text", KEPT)
def test_look_alikes_are_kept(text: str) -> None:
    assert mask_pii(text) == text


@pytest.mark.parametrize("text", [masked for _, masked in MASKED])
def test_masking_twice_changes_nothing(text: str) -> None:
    assert mask_pii(text) == text


@pytest.mark.parametrize(
    ("day", "month", "year", "sequence", "valid"),
    [
        (1, 1, 90, "1234", True),
        (29, 2, 0, "4123", True),  # 7th digit 4, year 00: 2000, a leap year
        (29, 2, 0, "2345", False),  # 7th digit 2, year 00: 1900, not a leap year
        (29, 2, 0, "5123", True),  # 7th digit 5, year 00: 2000
        (29, 2, 97, "5123", False),  # 7th digit 5, year 97: 1897
        (31, 4, 90, "1234", False),
        (0, 1, 90, "1234", False),
    ],
)
def test_the_seventh_digit_decides_the_century_of_a_cpr_date(
    day: int, month: int, year: int, sequence: str, valid: bool
) -> None:
    assert valid_cpr_date(day, month, year, sequence) is valid


def test_the_first_name_lexicon_marks_each_name_as_name_or_word() -> None:
    names = first_names()
    assert len(names) > 200
    assert set(names.values()) == {"name", "word"}
    assert all(name[0].isupper() and name[1:].islower() for name in names)
    assert names["Bo"] == "word" and names["Hanne"] == "name"


def test_empty_text_stays_empty() -> None:
    assert mask_pii("") == ""


@given(st.text(alphabet=st.characters(blacklist_categories=("Lu", "Lt", "Nd"), blacklist_characters="@")))
def test_text_without_capitals_digits_or_at_signs_is_never_changed(text: str) -> None:
    assert mask_pii(text) == text


@given(st.text(alphabet="abcæøå ABCÆØÅ 0123456789-+@.", max_size=60))
def test_masking_is_idempotent(text: str) -> None:
    once = mask_pii(text)
    assert mask_pii(once) == once
