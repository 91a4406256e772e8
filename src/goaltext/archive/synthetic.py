"""A synthetic archive of goal statements, for the notebook, tests and benchmarks.

Goals are composed from varied sentence parts per service area (an end state
that is or is not measurable, a time expression or none, a service
consequence or none), with the abbreviations, lower-case starts and missing
full stops of real case notes. Units differ in how complete their goals are,
and goals get a little more complete over the three years, so the report has
something to show. A small share carries synthetic personal data (names, CPR
and phone numbers) for ``--mask-pii`` to find. Nothing here is real data.

Rows are made in fixed blocks of ``BLOCK`` rows, each seeded from (seed,
block), so the same seed gives the same archive however it is chunked.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources

import pandas as pd
import yaml

from goaltext.language import month_names

BLOCK = 10_000
COLUMNS: tuple[str, ...] = ("id", "enhed", "område", "leverandør", "oprettet", "opfulgt", "målformulering")
MONTH_NAMES = month_names()


@dataclass(frozen=True)
class Area:
    """One service area: its units, providers and the phrasings its goals use."""

    name: str
    units: tuple[str, ...]
    providers: tuple[str, ...]
    measurable: tuple[str, ...]
    vague: tuple[str, ...]
    consequences: tuple[str, ...]


def _load_parts() -> dict:
    """The generator's Danish sentence parts, names and organisations
    (data/synthetic_archive.yaml): language data lives in data files."""
    text = (resources.files("goaltext.data") / "synthetic_archive.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


_PARTS = _load_parts()
SUBJECTS: tuple[str, ...] = tuple(_PARTS["subjects"])
NAMES: tuple[str, ...] = tuple(_PARTS["names"])
SURNAMES: tuple[str, ...] = tuple(_PARTS["surnames"])
NUMBER_WORDS: tuple[str, ...] = tuple(_PARTS["number_words"])
AREAS: tuple[Area, ...] = tuple(
    Area(**{key: value if key == "name" else tuple(value) for key, value in area.items()}) for area in _PARTS["areas"]
)
TIME_PARTS: tuple[str, ...] = tuple(_PARTS["time_parts"])
FOLLOW_UPS: tuple[str, ...] = tuple(_PARTS["follow_ups"])
VAGUE_TIME: tuple[str, ...] = tuple(_PARTS["vague_time"])
CITIZEN_ONLY: tuple[str, ...] = tuple(_PARTS["citizen_only"])


def _pick(rng: random.Random, items: tuple[str, ...]) -> str:
    return items[rng.randrange(len(items))]


def _fill(template: str, rng: random.Random, created: date) -> str:
    """Fill the numbers of a phrase; dates lie after the created date."""
    hours = rng.randrange(2, 9)
    later = created + timedelta(days=rng.randrange(30, 400))
    values = {
        "n": _pick(rng, NUMBER_WORDS[1:]) if rng.random() < 0.6 else str(rng.randrange(1, 5)),
        "w": _pick(rng, NUMBER_WORDS[1:]),
        "m": str(rng.choice([2, 3, 3, 4, 4, 6, 6, 9, 12])),
        "wk": str(rng.choice([4, 6, 8, 10, 12])),
        "p": str(rng.randrange(1, 4)),
        "h": str(hours),
        "h2": str(max(1, hours - rng.randrange(1, 4))),
        "year": str(later.year),
        "date": f"{later.day}. {MONTH_NAMES[later.month - 1]} {later.year}",
        "week": str(later.isocalendar()[1]),
        "d": str(later.day),
        "mo": str(later.month),
    }
    return template.format(**values)


def _cpr(rng: random.Random) -> str:
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 60))
    return f"{born:%d%m%y}-{rng.randrange(0, 4)}{rng.randrange(0, 1000):03d}"


def _goal(rng: random.Random, area: Area, quality: float, created: date) -> str:
    """One goal statement; ``quality`` is the chance of each good part."""
    subject = _pick(rng, SUBJECTS)
    if subject == "{name}":
        subject = f"Borgeren {_pick(rng, NAMES)}" if rng.random() < 0.5 else _pick(rng, NAMES)
    core = _pick(rng, area.measurable) if rng.random() < quality else _pick(rng, area.vague)
    sentence = core if core[0].isupper() else f"{subject} {core}"
    parts = []
    draw = rng.random()
    if draw < quality * 0.8:
        sentence = f"{sentence} {_fill(_pick(rng, TIME_PARTS), rng, created)}"
    elif draw < quality * 0.8 + 0.1:
        sentence = f"{sentence} {_pick(rng, VAGUE_TIME)}"
    sentence = _fill(sentence, rng, created)
    parts.append(sentence if sentence.endswith(".") else sentence + ".")
    if rng.random() < quality * 0.35:
        parts.append(_fill(_pick(rng, FOLLOW_UPS), rng, created))
    draw = rng.random()
    if draw < quality * 0.7:
        parts.append(_fill(_pick(rng, area.consequences), rng, created))
    elif draw < quality * 0.7 + 0.1:
        parts.append(_pick(rng, CITIZEN_ONLY))
    pii = rng.random()
    if pii < 0.01:
        pairs = " ".join(str(rng.randrange(10, 100)) for _ in range(3))
        parts.append(f"Kontakt: tlf. {rng.randrange(20, 100)} {pairs}.")
    elif pii < 0.02:
        parts.append(f"CPR {_cpr(rng)}.")
    elif pii < 0.03:
        parts.append(f"Pårørende: datteren {_pick(rng, NAMES)} {_pick(rng, SURNAMES)}.")
    text = " ".join(parts)
    style = rng.random()
    if style < 0.08:
        text = text[0].lower() + text[1:]
    elif style < 0.14:
        text = text.rstrip(".")
    elif style < 0.18:
        text = "- " + text.replace(". ", "\n- ")
    return text


def _block(seed: int, block: int, start: date, days: int, count: int) -> pd.DataFrame:
    rng = random.Random(f"goaltext-synthetic-{seed}-{block}")
    units = [(area, unit) for area in AREAS for unit in area.units]
    # Each unit's habit: how often its goals have each good part.
    habit_rng = random.Random(f"goaltext-synthetic-{seed}-habits")
    habits = [habit_rng.uniform(0.25, 0.85) for _ in units]
    rows = []
    for offset in range(count):
        number = block * BLOCK + offset
        choice = rng.randrange(len(units))
        area, unit = units[choice]
        created = start + timedelta(days=rng.randrange(days))
        progress = (created - start).days / days  # goals improve a little over the years
        quality = min(0.95, habits[choice] + 0.15 * progress)
        followed = ""
        if rng.random() < 0.45:
            followed = (created + timedelta(days=rng.randrange(60, 300))).isoformat()
        rows.append(
            (
                f"M{number + 1:07d}",
                unit,
                area.name,
                _pick(rng, area.providers),
                created.isoformat(),
                followed,
                _goal(rng, area, quality, created),
            )
        )
    return pd.DataFrame(rows, columns=list(COLUMNS), dtype="string")


def iter_synthetic_archive(
    rows: int, seed: int = 0, start: date = date(2023, 1, 1), years: int = 3
) -> Iterator[pd.DataFrame]:
    """The synthetic archive in blocks (constant memory for any size)."""
    if rows < 0:
        raise ValueError("rows must not be negative")
    days = 365 * years
    for block in range(-(-rows // BLOCK)):
        frame = _block(seed, block, start, days, min(BLOCK, rows - block * BLOCK))
        frame.index = pd.RangeIndex(block * BLOCK, block * BLOCK + len(frame))
        yield frame


def synthetic_archive(rows: int, seed: int = 0, start: date = date(2023, 1, 1), years: int = 3) -> pd.DataFrame:
    """A synthetic archive of ``rows`` goals with unit, area, provider, created
    and followed-up dates (columns ``COLUMNS``), deterministic for a seed."""
    blocks = list(iter_synthetic_archive(rows, seed, start, years))
    if not blocks:
        return pd.DataFrame({column: pd.Series(dtype="string") for column in COLUMNS})
    return pd.concat(blocks)
