"""The annotated corpus holds together: the shipped file validates, and each
kind of mistake an annotator or a build can make is reported, by the library
check and by the script (annotations/validate.py) alike."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from goaltext.corpus import check_record, near_duplicate_groups, validate_corpus

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "annotations" / "corpus.jsonl"
SCRIPT = ROOT / "annotations" / "validate.py"
HELDOUT = sorted((ROOT / "annotations" / "heldout").glob("*.jsonl"))

TEXT = "Borgeren handler selv ind inden 1/6-27. Herefter ophører bostøtten."


def span(text: str, label: str, **fields: str) -> dict:
    start = TEXT.index(text)
    return {"start": start, "end": start + len(text), "label": label, "text": text, **fields}


GOOD = {
    "id": "x0001",
    "text": TEXT,
    "reference_date": "2026-11-24",
    "area": "§ 85",
    "voice": "myndighed",
    "source": "synthetic:test",
    "split": "train",
    "labels": {"measurable": True, "time_horizon": True, "service_consequence": True},
    "horizon": "2027-06-01",
    "consequence": {"direction": "end", "target": "bostøtte"},
    "spans": [
        span("handler selv ind", "CRITERION"),
        span("inden 1/6-27", "TIME", role="deadline", value="2027-06-01"),
        span("ophører bostøtten", "CONSEQUENCE", direction="end"),
    ],
}


def broken(**changes: object) -> dict:
    record = copy.deepcopy(GOOD)
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = record
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value
    return record


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_good_example_is_consistent() -> None:
    assert check_record(GOOD) == []


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        (broken(spans__0__start=10), "span offsets do not match"),
        (broken(labels__time_horizon=False, horizon=None), "time_horizon must be true exactly when"),
        (broken(labels__service_consequence=False, consequence=None), "service_consequence must be true exactly"),
        (broken(consequence=None), "consequence must be {direction, target}"),
        (broken(horizon="4 måneder"), "is not ISO"),
        (broken(spans__1__value="1. juni"), "TIME value '1. juni' is not ISO"),
        (broken(spans__1__role="snart"), "needs role in"),
        (broken(spans__2__direction="mindre"), "needs direction in"),
        (broken(reference_date="24/11/2026"), "reference_date must be YYYY-MM-DD"),
        (broken(text="  "), "empty text"),
        # measurable without anything checkable: the criterion span removed
        ({**copy.deepcopy(GOOD), "spans": GOOD["spans"][1:]}, "measurable needs a CRITERION span"),
    ],
)
def test_a_record_that_contradicts_the_guidelines_is_reported(record: dict, problem: str) -> None:
    assert any(problem in p for p in check_record(record)), check_record(record)


def test_ids_texts_splits_and_near_duplicates_are_checked_across_the_corpus() -> None:
    near = broken(id="x0002", split="test", text=GOOD["text"].replace("1/6-27", "1/7-27"))
    near["spans"][1] = {**near["spans"][1], "text": "inden 1/7-27", "value": "2027-07-01"}
    records = [
        GOOD,
        broken(
            id="x0001",
            text="Borgeren går selv i bad to gange om ugen.",
            spans=[],
            labels=dict.fromkeys(GOOD["labels"], False),
            horizon=None,
            consequence=None,
        ),
        near,
        broken(
            id="x0003", split="dev", supplement=True, text="Hun klarer selv tøjvasken, og hjælpen til tøjvask ophører."
        ),
        broken(id="x0004", split="validation"),
    ]
    problems = validate_corpus(records)
    assert "x0001: duplicate id" in problems
    assert "x0002: has a near-duplicate in another split" in problems
    assert "x0003: a training-supplement item belongs to train, not dev" in problems
    assert any(p.startswith("x0004: split must be one of") for p in problems)


def test_the_shipped_corpus_validates() -> None:
    assert validate_corpus(load(CORPUS)) == []


def test_the_script_exits_non_zero_and_names_each_problem(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    path.write_text(json.dumps(broken(spans__0__start=10), ensure_ascii=False) + "\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(SCRIPT), str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "x0001: span offsets do not match its text 'handler selv ind'" in result.stdout
    assert result.stdout.splitlines()[-1] == "validate: 1 items, 1 problems"


def test_the_original_items_keep_the_splits_drawn_once() -> None:
    """Corrected labels must not move items between splits (build.py reads
    splits.json instead of drawing the stratified splits again)."""
    fixed = json.loads((ROOT / "annotations" / "splits.json").read_text(encoding="utf-8"))
    records = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    originals = {r["id"]: r["split"] for r in records if not r.get("supplement")}
    assert originals == fixed
    assert {r["split"] for r in records if r.get("supplement")} == {"train"}


def test_the_held_out_samples_are_valid_and_share_nothing_with_the_corpus() -> None:
    """Rounds 8 and 9 measure the models on goals they never saw: every item
    must pass the annotators' check, and none may be (nearly) a corpus goal."""
    held_out = [record for path in HELDOUT for record in load(path)]
    corpus = load(CORPUS)
    rounds = Counter(path.name.split("_")[0] for path in HELDOUT for _ in load(path))
    assert rounds == {"round8": 356, "round9": 472}
    assert [f"{r['id']}: {problem}" for r in held_out for problem in check_record(r)] == []
    assert len({r["id"] for r in held_out}) == len(held_out)
    assert not {r["id"] for r in held_out} & {r["id"] for r in corpus}
    groups = near_duplicate_groups([r["text"] for r in corpus] + [r["text"] for r in held_out])
    assert not set(groups[: len(corpus)]) & set(groups[len(corpus) :])
