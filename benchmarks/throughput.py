"""Throughput of the goaltext pipeline against the bare base pipeline.

Analyses N realistic goal statements in one process and prints goals/s, the
same texts through the bare tokenizer of the base pipeline (the baseline,
measured in the same run), the ratio, and the per-goal latency of
``Analyzer.analyze``. Targets (issue 2, fallback pipeline): >= 3,000 goals/s,
>= 25 % of the bare-tokenizer rate, median latency < 2 ms.

    .venv/bin/python benchmarks/throughput.py [--goals 20000] [--latency-goals 2000]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from goaltext import Analyzer

ROOT = Path(__file__).resolve().parents[1]


def realistic_goals(count: int, seed: int = 7) -> list[str]:
    """Goal texts from the annotated corpus (or the bundled examples), made
    unique per copy so no cache in the tokenizer flatters the figures."""
    corpus = ROOT / "annotations" / "corpus.jsonl"
    lines = corpus.read_text(encoding="utf-8").splitlines() if corpus.exists() else []
    texts = [json.loads(line)["text"] for line in lines if line.strip()]
    if not texts:
        example_file = ROOT / "src" / "goaltext" / "data" / "example_goals.jsonl"
        texts = [json.loads(line)["text"] for line in example_file.read_text(encoding="utf-8").splitlines()]
    rng = random.Random(seed)
    return [f"{rng.choice(texts)} (sag {n})" for n in range(count)]


def rate(function, items: list[str]) -> float:
    start = time.perf_counter()
    function(items)
    return len(items) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goals", type=int, default=20_000)
    parser.add_argument("--latency-goals", type=int, default=2_000)
    parser.add_argument("--batch-size", type=int, default=256)
    args = parser.parse_args()

    analyzer = Analyzer()
    texts = realistic_goals(args.goals)
    analyzer.analyze(texts[0])  # warm up: lazy compilation, lookup tables

    tokenizer_rate = rate(lambda items: [analyzer.nlp.make_doc(t) for t in items], texts)
    pipeline_rate = rate(lambda items: list(analyzer.pipe(items, batch_size=args.batch_size)), texts)

    latencies = []
    for text in texts[: args.latency_goals]:
        start = time.perf_counter()
        analyzer.analyze(text)
        latencies.append((time.perf_counter() - start) * 1000)
    latencies.sort()

    mean_chars = statistics.mean(len(t) for t in texts)
    print(f"base pipeline           : {analyzer.pipeline_name}")
    print(f"goals                   : {len(texts)} (mean {mean_chars:.0f} characters)")
    print(f"bare tokenizer          : {tokenizer_rate:10.0f} goals/s   (baseline)")
    print(f"goaltext Analyzer.pipe  : {pipeline_rate:10.0f} goals/s   (target >= 3000)")
    print(f"ratio to baseline       : {pipeline_rate / tokenizer_rate:10.1%}   (target >= 25 %)")
    print(
        f"analyze() latency (ms)  : median {statistics.median(latencies):.3f}, "
        f"p95 {latencies[int(0.95 * len(latencies))]:.3f}, p99 {latencies[int(0.99 * len(latencies))]:.3f} "
        f"(target median < 2)"
    )


if __name__ == "__main__":
    main()
