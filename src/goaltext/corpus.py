"""The annotated corpus: record checks, near-duplicates and fixed splits.

Pure functions over records (dicts as in annotations/corpus.jsonl); the
scripts in annotations/ read and write the files. The same checks run while
annotators write (annotations/check_raw.py), when the corpus is built
(annotations/build.py) and in the tests (annotations/validate.py).
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, get_args

from goaltext.schema import DIRECTIONS, LABEL_NAMES, Role, SpanLabel

LABELS = LABEL_NAMES
SPAN_LABELS = set(get_args(SpanLabel))
ROLES = set(get_args(Role))
SPLITS = ("train", "dev", "test")
ISO_VALUE = re.compile(r"^(P\d+[DWMY]|\d{4}-\d{2}-\d{2}|\d{4}-W\d{2}|--\d{2}-\d{2})$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
REQUIRED = ("id", "text", "reference_date", "area", "voice", "source", "labels", "horizon", "consequence", "spans")
NEAR_DUPLICATE_SIMILARITY = 0.8

Record = dict[str, Any]


def resolve_offsets(text: str, span: dict[str, Any]) -> tuple[int, int] | None:
    """Find a span given by its text; ``occurrence`` (0-based) picks among repeats."""
    needle = span.get("text", "")
    if not needle:
        return None
    start = -1
    for _ in range(int(span.get("occurrence", 0)) + 1):
        start = text.find(needle, start + 1)
        if start < 0:
            return None
    return start, start + len(needle)


def check_record(item: Record) -> list[str]:
    """The problems of one record (empty when it is consistent with the guidelines)."""
    problems = [f"missing field {name!r}" for name in REQUIRED if name not in item]
    if problems:
        return problems
    text = item["text"]
    if not isinstance(text, str) or not text.strip():
        return ["empty text"]
    if not DATE.match(str(item["reference_date"])):
        problems.append("reference_date must be YYYY-MM-DD")
    labels = item["labels"]
    for name in LABELS:
        if not isinstance(labels.get(name), bool):
            problems.append(f"labels.{name} must be true/false")
    spans = item["spans"]
    for span in spans:
        problems.extend(_span_problems(text, span))
    roles = {s.get("role") for s in spans if s.get("label") == "TIME"}
    if labels.get("time_horizon") != bool(roles & {"deadline", "follow_up"}):
        problems.append("time_horizon must be true exactly when a TIME span has role deadline/follow_up")
    horizon = item["horizon"]
    if not labels.get("time_horizon") and horizon is not None:
        problems.append("horizon must be null when time_horizon is false")
    if horizon is not None and not ISO_VALUE.match(str(horizon)):
        problems.append(f"horizon {horizon!r} is not ISO")
    has_consequence = any(s.get("label") == "CONSEQUENCE" for s in spans)
    if labels.get("service_consequence") != has_consequence:
        problems.append("service_consequence must be true exactly when there is a CONSEQUENCE span")
    consequence = item["consequence"]
    if labels.get("service_consequence"):
        if not isinstance(consequence, dict) or consequence.get("direction") not in DIRECTIONS:
            problems.append("consequence must be {direction, target} when service_consequence is true")
    elif consequence is not None:
        problems.append("consequence must be null when service_consequence is false")
    has_criterion = any(
        s.get("label") == "CRITERION" or (s.get("label") == "TIME" and s.get("role") == "frequency") for s in spans
    )
    if labels.get("measurable") and not has_criterion:
        problems.append("measurable needs a CRITERION span or a frequency TIME span")
    return problems


def _span_problems(text: str, span: dict[str, Any]) -> list[str]:
    label = span.get("label")
    if label not in SPAN_LABELS:
        return [f"span label {label!r} unknown"]
    problems = []
    if "start" in span and "end" in span:
        if text[span["start"] : span["end"]] != span.get("text"):
            problems.append(f"span offsets do not match its text {span.get('text')!r}")
    elif resolve_offsets(text, span) is None:
        problems.append(f"span text {span.get('text')!r} not found in text")
    if label == "TIME":
        if span.get("role") not in ROLES:
            problems.append(f"TIME span {span.get('text')!r} needs role in {sorted(ROLES)}")
        value = span.get("value")
        if value is not None and not ISO_VALUE.match(str(value)):
            problems.append(f"TIME value {value!r} is not ISO (P4M, 2026-06-01, 2026-W40, --06-01)")
    if label == "CONSEQUENCE" and span.get("direction") not in DIRECTIONS:
        problems.append(f"CONSEQUENCE span {span.get('text')!r} needs direction in {sorted(DIRECTIONS)}")
    return problems


def normalised_text(text: str) -> str:
    return " ".join(text.lower().split())


def near_duplicate_groups(texts: Sequence[str], threshold: float = NEAR_DUPLICATE_SIMILARITY) -> list[int]:
    """A group number per text; texts whose character 3-5-gram TF-IDF cosine
    similarity reaches ``threshold`` (directly or through a chain) share one."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not texts:
        return []
    matrix = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True).fit_transform(texts)
    similarity = (matrix @ matrix.T).tocoo()
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, value in zip(similarity.row, similarity.col, similarity.data, strict=True):
        if i < j and value >= threshold:
            parent[root(i)] = root(j)
    return [root(i) for i in range(len(texts))]


def label_key(record: Record) -> str:
    """The label combination, e.g. '101', used to stratify the splits."""
    return "".join("1" if record["labels"][name] else "0" for name in LABELS)


def assign_splits(
    records: Sequence[Record], seed: int = 20261124, fractions: tuple[float, float, float] = (0.7, 0.15, 0.15)
) -> list[str]:
    """Stratified train/dev/test split by label combination; near-duplicates
    stay together so no test item has a twin in training."""
    groups = near_duplicate_groups([r["text"] for r in records])
    members: dict[int, list[int]] = defaultdict(list)
    for index, group in enumerate(groups):
        members[group].append(index)
    strata: dict[str, list[int]] = defaultdict(list)
    for group, indices in members.items():
        strata[label_key(records[indices[0]])].append(group)
    rng = random.Random(seed)
    split_of = [""] * len(records)
    for key in sorted(strata):
        group_ids = sorted(strata[key])
        rng.shuffle(group_ids)
        total = sum(len(members[g]) for g in group_ids)
        filled = 0
        for group in group_ids:
            share = filled / total
            split = "train" if share < fractions[0] else "dev" if share < fractions[0] + fractions[1] else "test"
            for index in members[group]:
                split_of[index] = split
            filled += len(members[group])
    return split_of


def validate_corpus(records: Iterable[Record]) -> list[str]:
    """Every problem of a built corpus: record checks, offsets, unique ids,
    no duplicate texts, valid splits, and no near-duplicates across splits."""
    records = list(records)
    problems = []
    seen_ids: set[str] = set()
    seen_texts: dict[str, str] = {}
    for record in records:
        where = record.get("id", "?")
        problems += [f"{where}: {p}" for p in check_record(record)]
        for span in record.get("spans", []):
            if "start" not in span or "end" not in span:
                problems.append(f"{where}: span {span.get('text')!r} has no offsets")
        if record.get("split") not in SPLITS:
            problems.append(f"{where}: split must be one of {SPLITS}")
        if record.get("supplement") and record.get("split") != "train":
            problems.append(f"{where}: a training-supplement item belongs to train, not {record.get('split')}")
        if where in seen_ids:
            problems.append(f"{where}: duplicate id")
        seen_ids.add(where)
        key = normalised_text(str(record.get("text", "")))
        if key in seen_texts:
            problems.append(f"{where}: same text as {seen_texts[key]}")
        seen_texts.setdefault(key, where)
    texts = [str(r.get("text", "")) for r in records]
    groups = near_duplicate_groups(texts)
    splits_of_group: dict[int, set[str]] = defaultdict(set)
    for record, group in zip(records, groups, strict=True):
        splits_of_group[group].add(str(record.get("split")))
    for record, group in zip(records, groups, strict=True):
        if len(splits_of_group[group]) > 1:
            problems.append(f"{record.get('id')}: has a near-duplicate in another split")
    return problems
