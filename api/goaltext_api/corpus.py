"""The annotated corpus as trainers' examples: read, filtered, paged.

The file is read when it first is asked for and again when it changes on disk
(it is still being written while the service runs). A line that cannot be
read is skipped and its number reported with the examples, so nothing is
dropped silently; a missing file is ``CorpusUnavailableError`` (the API says 503).
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from goaltext.schema import LABEL_NAMES, ConsequenceResult
from goaltext_api.schemas import GoldLabels

logger = logging.getLogger("goaltext_api")


class CorpusUnavailableError(Exception):
    """The corpus file is missing or unreadable."""


class CorpusItem(BaseModel):
    """One annotated goal; the fields trainers see (spans and the rest are not needed here)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str = Field(min_length=1)
    text: str = Field(min_length=1)
    reference_date: date | None = None
    area: str | None = None
    voice: str | None = None
    source: str | None = None
    labels: GoldLabels
    horizon: str | None = None
    consequence: ConsequenceResult | None = None
    split: str | None = None

    def is_good(self, dimension: str | None) -> bool:
        """Good on one dimension when its gold label is true; without a dimension, on all three."""
        names = (dimension,) if dimension else LABEL_NAMES
        return all(getattr(self.labels, name) for name in names)


def area_key(area: str | None) -> str:
    """'§ 83a', '§83 a' and '§ 83 A' are the same area."""
    return "".join((area or "").split()).casefold()


@dataclass(frozen=True)
class CorpusSnapshot:
    """The corpus as read at one modification time."""

    stamp: tuple[int, int]
    items: tuple[CorpusItem, ...]
    skipped_lines: tuple[int, ...]
    areas: tuple[str, ...]

    def select(self, dimension: str | None, area: str | None, quality: str | None) -> list[CorpusItem]:
        wanted_area = area_key(area) if area else None
        selected = []
        for item in self.items:
            if wanted_area is not None and area_key(item.area) != wanted_area:
                continue
            if quality is not None and item.is_good(dimension) != (quality == "good"):
                continue
            selected.append(item)
        return selected


def read_corpus(path: Path, stamp: tuple[int, int]) -> CorpusSnapshot:
    """Parse the JSONL file; bad lines are skipped and counted, never echoed."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CorpusUnavailableError(type(error).__name__) from None
    items: list[CorpusItem] = []
    skipped: list[int] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            items.append(CorpusItem.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError):
            skipped.append(number)
    if skipped:
        logger.warning("corpus: %d line(s) could not be read, line numbers %s", len(skipped), skipped[:20])
    areas: dict[str, str] = {}
    for item in items:
        if item.area:
            areas.setdefault(area_key(item.area), item.area)  # listed as first spelled
    return CorpusSnapshot(stamp, tuple(items), tuple(skipped), tuple(sorted(areas.values(), key=str.casefold)))


class Corpus:
    """The corpus file, re-read when it changes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._snapshot: CorpusSnapshot | None = None
        self._lock = threading.Lock()

    def snapshot(self) -> CorpusSnapshot:
        try:
            status = self.path.stat()
        except OSError:
            raise CorpusUnavailableError("missing") from None
        stamp = (status.st_mtime_ns, status.st_size)
        with self._lock:
            if self._snapshot is None or self._snapshot.stamp != stamp:
                self._snapshot = read_corpus(self.path, stamp)
            return self._snapshot
