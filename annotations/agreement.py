"""Inter-annotator agreement on the double-annotated sample.

Compares the first annotation (annotations/corpus.jsonl) with the
independent second annotation (annotations/double/annotator2_*.jsonl):
Cohen's kappa and raw agreement per label, horizon and direction agreement,
and writes the disagreements for adjudication.

    .venv/bin/python annotations/agreement.py [--json annotations/double/agreement.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from sklearn.metrics import cohen_kappa_score

from goaltext.corpus import LABELS

HERE = Path(__file__).resolve().parent


def load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=HERE / "double" / "agreement.json")
    parser.add_argument("--first", type=Path, default=HERE / "double" / "first_annotation.jsonl")
    args = parser.parse_args(argv)
    second = {r["id"]: r for path in sorted((HERE / "double").glob("annotator2_*.jsonl")) for r in load(path)}
    first = {r["id"]: r for r in load(args.first)}
    ids = sorted(set(first) & set(second))
    report: dict = {"items": len(ids), "labels": {}}
    disagreements = []
    for name in LABELS:
        a = [first[i]["labels"][name] for i in ids]
        b = [second[i]["labels"][name] for i in ids]
        report["labels"][name] = {
            "kappa": round(float(cohen_kappa_score(a, b)), 3),
            "agreement": round(sum(x == y for x, y in zip(a, b, strict=True)) / len(ids), 3),
            "positive_first": sum(a),
            "positive_second": sum(b),
        }
        disagreements += [
            {"id": i, "label": name, "first": first[i]["labels"][name], "second": second[i]["labels"][name]}
            for i in ids
            if first[i]["labels"][name] != second[i]["labels"][name]
        ]
    both_horizon = [i for i in ids if first[i]["labels"]["time_horizon"] and second[i]["labels"]["time_horizon"]]
    both_consequence = [i for i in ids if first[i]["consequence"] and second[i]["consequence"]]
    report["horizon_agreement"] = round(
        sum(first[i]["horizon"] == second[i]["horizon"] for i in both_horizon) / max(len(both_horizon), 1), 3
    )
    report["direction_agreement"] = round(
        sum(first[i]["consequence"]["direction"] == second[i]["consequence"]["direction"] for i in both_consequence)
        / max(len(both_consequence), 1),
        3,
    )
    disagreements += [
        {"id": i, "label": "horizon", "first": first[i]["horizon"], "second": second[i]["horizon"]}
        for i in both_horizon
        if first[i]["horizon"] != second[i]["horizon"]
    ]
    disagreements += [
        {
            "id": i,
            "label": "direction",
            "first": first[i]["consequence"]["direction"],
            "second": second[i]["consequence"]["direction"],
        }
        for i in both_consequence
        if first[i]["consequence"]["direction"] != second[i]["consequence"]["direction"]
    ]
    report["disagreements"] = len(disagreements)
    args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (HERE / "double" / "disagreements.jsonl").write_text(
        "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in disagreements), encoding="utf-8"
    )
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
