"""Validate annotations/corpus.jsonl: schema, offsets, label/span consistency,
unique ids and texts, and no near-duplicates across splits.

    .venv/bin/python annotations/validate.py [annotations/corpus.jsonl]

Exit code 1 and one line per problem when anything is wrong. The test suite
runs the same check (tests/test_corpus.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from goaltext.corpus import validate_corpus

DEFAULT = Path(__file__).resolve().parent / "corpus.jsonl"


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else DEFAULT
    records = load(path)
    problems = validate_corpus(records)
    for problem in problems:
        print(problem)
    print(f"validate: {len(records)} items, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
