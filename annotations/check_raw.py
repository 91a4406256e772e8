"""Check one raw annotation file and fill in span offsets (stdlib only).

Annotators write spans by their exact text (plus `occurrence` when the string
occurs more than once); this resolves them to [start, end) offsets, and checks
every item against GUIDELINES.md so mistakes surface while writing, not at
training time.

    python annotations/check_raw.py annotations/raw/part_a.jsonl [--write]

With --write the file is rewritten with `start`/`end` on every span.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

LABELS = ("measurable", "time_horizon", "service_consequence")
SPAN_LABELS = {"TIME", "CRITERION", "CONSEQUENCE", "FOLLOW_UP", "VAGUE"}
ROLES = {"deadline", "follow_up", "frequency", "vague"}
DIRECTIONS = {"reduce", "end", "transfer", "increase", "other"}
ISO_VALUE = re.compile(r"^(P\d+[DWMY]|\d{4}-\d{2}-\d{2}|\d{4}-W\d{2}|--\d{2}-\d{2})$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
REQUIRED = ("id", "text", "reference_date", "area", "voice", "source", "labels", "horizon", "consequence", "spans")


def resolve_offsets(text: str, span: dict) -> tuple[int, int] | None:
    """Find the span's text in the goal; `occurrence` picks among repeats."""
    needle = span.get("text", "")
    if not needle:
        return None
    occurrence = int(span.get("occurrence", 0))
    start = -1
    for _ in range(occurrence + 1):
        start = text.find(needle, start + 1)
        if start < 0:
            return None
    return start, start + len(needle)


def check_item(item: dict) -> list[str]:
    """Return the problems of one item (empty when it is consistent)."""
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
        label = span.get("label")
        if label not in SPAN_LABELS:
            problems.append(f"span label {label!r} unknown")
            continue
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
    roles = {s.get("role") for s in spans if s.get("label") == "TIME"}
    has_horizon_span = bool(roles & {"deadline", "follow_up"})
    if labels.get("time_horizon") != has_horizon_span:
        problems.append("time_horizon must be true exactly when a TIME span has role deadline/follow_up")
    if not labels.get("time_horizon") and item["horizon"] is not None:
        problems.append("horizon must be null when time_horizon is false")
    if item["horizon"] is not None and not ISO_VALUE.match(str(item["horizon"])):
        problems.append(f"horizon {item['horizon']!r} is not ISO")
    has_consequence_span = any(s.get("label") == "CONSEQUENCE" for s in spans)
    if labels.get("service_consequence") != has_consequence_span:
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


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    path = Path(argv[0])
    write = "--write" in argv
    items, failures, seen_ids, seen_texts = [], 0, set(), set()
    for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            print(f"{path}:{line_number}: invalid JSON: {error}")
            failures += 1
            continue
        problems = check_item(item)
        if item.get("id") in seen_ids:
            problems.append(f"duplicate id {item.get('id')!r}")
        key = " ".join(str(item.get("text", "")).lower().split())
        if key in seen_texts:
            problems.append("duplicate text")
        seen_ids.add(item.get("id"))
        seen_texts.add(key)
        for problem in problems:
            print(f"{path}:{line_number} ({item.get('id')}): {problem}")
        failures += bool(problems)
        if not problems:
            for span in item["spans"]:
                if "start" not in span:
                    span["start"], span["end"] = resolve_offsets(item["text"], span)
        items.append(item)
    counts = {name: sum(bool(i.get("labels", {}).get(name)) for i in items) for name in LABELS}
    total = max(len(items), 1)
    rates = ", ".join(f"{name} {counts[name] / total:.0%}" for name in LABELS)
    print(f"{path}: {len(items)} items, {failures} with problems; positive rates: {rates}")
    if write and not failures:
        path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
