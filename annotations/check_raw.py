"""Check one raw annotation file while writing it, and fill in span offsets.

Annotators write spans by their exact text (plus ``occurrence`` when the
string occurs more than once); this resolves them to [start, end) offsets and
checks every item against GUIDELINES.md, so mistakes surface while writing.

    .venv/bin/python annotations/check_raw.py annotations/raw/part_a.jsonl [--write]

With --write the file is rewritten with ``start``/``end`` on every span.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from goaltext.corpus import LABELS, check_record, normalised_text, resolve_offsets


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    path = Path(argv[0])
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
        problems = check_record(item)
        if item.get("id") in seen_ids:
            problems.append(f"duplicate id {item.get('id')!r}")
        if normalised_text(str(item.get("text", ""))) in seen_texts:
            problems.append("duplicate text")
        seen_ids.add(item.get("id"))
        seen_texts.add(normalised_text(str(item.get("text", ""))))
        for problem in problems:
            print(f"{path}:{line_number} ({item.get('id')}): {problem}")
        failures += bool(problems)
        if not problems:
            for span in item["spans"]:
                if "start" not in span:
                    span["start"], span["end"] = resolve_offsets(item["text"], span)
        items.append(item)
    total = max(len(items), 1)
    rates = ", ".join(
        f"{name} {sum(bool(i.get('labels', {}).get(name)) for i in items) / total:.0%}" for name in LABELS
    )
    print(f"{path}: {len(items)} items, {failures} with problems; positive rates: {rates}")
    if "--write" in argv and not failures:
        path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
