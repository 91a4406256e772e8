"""Suggestion time per goal (issue 4 target: median under 5 ms).

Times ``Analyzer.suggest`` on realistic goals (the annotated corpus), with
the analysis time of the same goals as the baseline measured in the same run.

    .venv/bin/python benchmarks/suggest_latency.py [--goals 1000]
"""

from __future__ import annotations

import argparse
import statistics
import time

from throughput import realistic_goals

from goaltext import Analyzer


def timed(function, items: list[str]) -> list[float]:
    durations = []
    for item in items:
        start = time.perf_counter()
        function(item)
        durations.append((time.perf_counter() - start) * 1000)
    return sorted(durations)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--goals", type=int, default=1000)
    args = parser.parse_args()
    analyzer = Analyzer()
    goals = realistic_goals(args.goals)
    context = {"current_package": "ydelsespakke 3"}
    analyzer.suggest(goals[0], context=context)
    analysis = timed(lambda text: analyzer.analyze(text, context=context), goals)
    suggest = timed(lambda text: analyzer.suggest(text, context=context), goals)
    for name, values in (("analyze (baseline)", analysis), ("suggest", suggest)):
        print(
            f"{name:20s}: median {statistics.median(values):.2f} ms, p95 {values[int(0.95 * len(values))]:.2f} ms, "
            f"p99 {values[int(0.99 * len(values))]:.2f} ms"
        )
    print(f"suggest / analyze   : {statistics.median(suggest) / statistics.median(analysis):.1f}x (median)")
    print("target              : suggest median < 5 ms")


if __name__ == "__main__":
    main()
