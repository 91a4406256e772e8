"""Build annotations/corpus.jsonl from the annotators' raw parts.

Checks every item, resolves span offsets, drops exact duplicates (keeping the
first), and assigns the fixed train/dev/test split (stratified by label
combination, near-duplicates kept together). Deterministic: the same raw
files always give the same corpus.

The splits are drawn once, over the original parts (``raw/part_*.jsonl``),
and kept in ``splits.json`` (id -> split): they are stratified by label
combination, so drawing them again after a corrected label would move items
between splits. A build without that file draws them and writes it; one with
it refuses an original item it does not list. Items written later
(``raw/supplement_*.jsonl``) only ever join the training split, so dev and
test stay exactly what they were and figures remain comparable across corpus
versions; a supplement item that is a near-duplicate of a dev or test item is
dropped (it would leak that item into training).

    .venv/bin/python annotations/build.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from goaltext.corpus import (
    assign_splits,
    check_record,
    label_key,
    near_duplicate_groups,
    normalised_text,
    resolve_offsets,
)

HERE = Path(__file__).resolve().parent
SPLITS = HERE / "splits.json"
FIELD_ORDER = ("id", "text", "reference_date", "area", "voice", "source", "split", "labels", "horizon", "consequence")


def load_raw(folder: Path, pattern: str = "part_*.jsonl") -> list[dict]:
    records = []
    for path in sorted(folder.glob(pattern)):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                records.append(json.loads(line))
    return records


def checked(items: list[dict], seen: set[str], problems: list[str]) -> list[dict]:
    """The items that pass the record checks and are not exact duplicates of
    an earlier item, with span offsets resolved; problems are collected."""
    records = []
    for item in items:
        found = check_record(item)
        if found:
            problems += [f"{item.get('id')}: {p}" for p in found]
            continue
        key = normalised_text(item["text"])
        if key in seen:
            print(f"build: dropping {item['id']}: same text as an earlier item")
            continue
        seen.add(key)
        for span in item["spans"]:
            if "start" not in span:
                span["start"], span["end"] = resolve_offsets(item["text"], span)
            span.pop("occurrence", None)
        item["spans"].sort(key=lambda s: (s["start"], s["end"]))
        records.append(item)
    return records


def training_supplements(originals: list[dict], supplements: list[dict]) -> list[dict]:
    """Supplement items for the training split: those with no near-duplicate
    (directly or through a chain) among the dev and test items."""
    groups = near_duplicate_groups([r["text"] for r in originals + supplements])
    held_out = {group for record, group in zip(originals, groups, strict=False) if record["split"] != "train"}
    kept = []
    for item, group in zip(supplements, groups[len(originals) :], strict=True):
        if group in held_out:
            print(f"build: dropping {item['id']}: near-duplicate of a dev or test item")
            continue
        kept.append({**item, "split": "train", "supplement": True})
    return kept


def fixed_splits(records: list[dict]) -> dict[str, str]:
    """The split of every original item, drawn once and then read from ``splits.json``."""
    if SPLITS.exists():
        return json.loads(SPLITS.read_text(encoding="utf-8"))
    drawn = {r["id"]: split for r, split in zip(records, assign_splits(records), strict=True)}
    SPLITS.write_text(json.dumps(dict(sorted(drawn.items())), indent=0) + "\n", encoding="utf-8")
    return drawn


def main() -> int:
    problems: list[str] = []
    seen: set[str] = set()
    records = checked(load_raw(HERE / "raw"), seen, problems)
    supplements = checked(load_raw(HERE / "raw", "supplement_*.jsonl"), seen, problems)
    if problems:
        print("\n".join(problems))
        print(f"build: {len(problems)} problems; corpus not written")
        return 1
    split_of = fixed_splits(records)
    missing = [r["id"] for r in records if r["id"] not in split_of]
    if missing:
        print(f"build: {len(missing)} original items have no split in {SPLITS.name}: {', '.join(missing[:10])}")
        return 1
    for record in records:
        record["split"] = split_of[record["id"]]
    records += training_supplements(records, supplements)
    records.sort(key=lambda r: r["id"])
    ordered = [
        {**{k: r[k] for k in FIELD_ORDER}, **({"supplement": True} if r.get("supplement") else {}), "spans": r["spans"]}
        for r in records
    ]
    out = HERE / "corpus.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ordered), encoding="utf-8")
    splits = Counter(r["split"] for r in records)
    combos = Counter(label_key(r) for r in records)
    print(f"build: wrote {len(records)} items to {out.name}: {dict(sorted(splits.items()))}")
    print(f"build: label combinations (measurable, time_horizon, service_consequence): {dict(sorted(combos.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
