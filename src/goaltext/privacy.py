"""Masking of personal data in goal texts: CPR numbers, phone numbers, e-mail
addresses and citizens' names.

Goal statements are written about named citizens, and case workers paste
contact details into them. Archive output (``goaltext score --mask-pii``) and
the examples of the management report must not carry them. Each kind is found
by a pattern and confirmed by a small validation step (a CPR number's date
part, a phone number's first digit, a name's place in the first-name lexicon
or a context cue such as "Borgeren Hanne"), and replaced by a readable mask:
[CPR], [TELEFON], [E-MAIL], [NAVN].
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from goaltext.language import language_data

CPR_MASK = "[CPR]"
PHONE_MASK = "[TELEFON]"
EMAIL_MASK = "[E-MAIL]"
NAME_MASK = "[NAVN]"
NAME_LEXICON = "first_name"

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")
# DDMMYY-XXXX or DDMMYYXXXX, not part of a longer number, date or amount.
CPR = re.compile(r"(?<![\w.,/-])(\d{2})(\d{2})(\d{2})-?(\d{4})(?![\w/]|[.,-]\d)")
# Eight digits, optionally with +45/0045, written together, in pairs (one kind of
# separator throughout) or as two blocks of four.
PHONE = re.compile(
    r"(?<![\w+.,/-])"
    r"(?P<prefix>(?:\+|00)45[ \-]?)?"
    r"(?P<number>\d{8}|\d{2}(?P<sep>[ \-])\d{2}(?P=sep)\d{2}(?P=sep)\d{2}|\d{4} \d{4})"
    r"(?![\w/]|[.,-]\d)"
)
PHONE_CUE = re.compile(r"(?:tlf|telefon|telefonnr|mobil|mobilnr|mob|tel)\.?(?:\s*nr\.?)?\s*:?\s*$", re.IGNORECASE)
# A capitalised word, possibly hyphenated ("Anne-Mette"); names continue over spaces.
CAPITALISED = re.compile(r"(?<![\w\[])[A-ZÆØÅÄÖÜÉ][a-zæøåäöüéèáíó]+(?:-[A-ZÆØÅÄÖÜÉ][a-zæøåäöüéèáíó]+)*(?![\w\]])")
NAME_CUES = (
    "borgeren",
    "borger",
    "beboeren",
    "barnet",
    "den unge",
    "eleven",
    "sønnen",
    "søn",
    "datteren",
    "datter",
    "moren",
    "moderen",
    "mor",
    "faren",
    "faderen",
    "far",
    "broren",
    "bror",
    "søsteren",
    "søster",
    "ægtefællen",
    "hustruen",
    "manden",
    "kæresten",
    "kontaktpersonen",
    "kontaktperson",
    "pårørende",
    "hr.",
    "fru",
    "navn:",
    "hedder",
)
NAME_CUE = re.compile(
    r"(?:^|(?<=[^\w]))(?:" + "|".join(re.escape(cue) for cue in NAME_CUES) + r")[ \t]+$",
    re.IGNORECASE,
)
CUE_WINDOW = 24  # characters before a name that can hold its cue
MAX_SURNAMES = 3


@cache
def first_names() -> dict[str, str]:
    """The first-name lexicon: name (as written) -> "name" or "word"."""
    entries = language_data().lexicon(NAME_LEXICON).entries
    if not isinstance(entries, dict) or any(kind not in {"name", "word"} for kind in entries.values()):
        raise ValueError(f"lexicon/{NAME_LEXICON}.yaml: every entry must map to 'name' or 'word'")
    return {str(name): str(kind) for name, kind in entries.items()}


def valid_cpr_date(day: int, month: int, year: int, sequence: str) -> bool:
    """A CPR number's date part is a real date; the 7th digit decides the century."""
    seventh = int(sequence[0])
    if seventh <= 3:
        century = 1900
    elif seventh in (4, 9):
        century = 2000 if year <= 36 else 1900
    else:
        century = 2000 if year <= 57 else 1800
    try:
        date(century + year, month, day)
    except ValueError:
        return False
    return True


def _mask_cpr(match: re.Match[str]) -> str:
    day, month, year, sequence = match.groups()
    return CPR_MASK if valid_cpr_date(int(day), int(month), int(year), sequence) else match.group()


def _looks_like_date(digits: str) -> bool:
    """Eight digits that read as YYYYMMDD (a compact date, not a phone number)."""
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    if not 1900 <= year <= 2099:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _mask_phones(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        number = match.group("number")
        digits = re.sub(r"\D", "", number)
        cued = bool(match.group("prefix")) or bool(PHONE_CUE.search(text[max(0, match.start() - 16) : match.start()]))
        if cued:
            return PHONE_MASK
        if digits[0] in "01":  # Danish subscriber numbers start with 2-9
            return match.group()
        if len(number) == 8 and _looks_like_date(digits):
            return match.group()
        if " " in number and len(number) == 9:  # "2026 2027": two years, not a number
            first, second = int(digits[:4]), int(digits[4:])
            if 1900 <= first <= 2099 and 1900 <= second <= 2099:
                return match.group()
        return PHONE_MASK

    return PHONE.sub(replace, text)


def _is_name(word: str, names: dict[str, str], cued: bool, followed_by_capital: bool) -> bool:
    first = word.split("-", 1)[0]
    kind = names.get(first)
    if kind is None and first.endswith("s"):  # possessive: "Annes mor"
        kind = names.get(first[:-1])
    if cued:
        return True
    if kind == "name":
        return True
    return kind == "word" and followed_by_capital


def _mask_names(text: str) -> str:
    names = first_names()
    words = list(CAPITALISED.finditer(text))
    if not words:
        return text
    pieces: list[str] = []
    position = 0
    index = 0
    while index < len(words):
        word = words[index]
        # Following capitalised words separated by spaces only are surnames.
        last = index
        while (
            last + 1 < len(words)
            and last - index < MAX_SURNAMES
            and text[words[last].end() : words[last + 1].start()].strip(" \t") == ""
            and words[last + 1].start() > words[last].end()
        ):
            last += 1
        cued = bool(NAME_CUE.search(text[max(0, word.start() - CUE_WINDOW) : word.start()]))
        if _is_name(word.group(), names, cued, followed_by_capital=last > index):
            pieces.append(text[position : word.start()])
            pieces.append(NAME_MASK)
            position = words[last].end()
            index = last + 1
        else:
            index += 1
    pieces.append(text[position:])
    return "".join(pieces)


def mask_pii(text: str) -> str:
    """The text with CPR numbers, phone numbers, e-mail addresses and names masked.

    Masking is idempotent (masks are never masked again) and keeps everything
    else, including amounts, dates, paragraph numbers and package names.
    """
    if not text:
        return text
    masked = EMAIL.sub(EMAIL_MASK, text)
    if any(char.isdigit() for char in masked):
        masked = CPR.sub(_mask_cpr, masked)
        masked = _mask_phones(masked)
    return _mask_names(masked)
