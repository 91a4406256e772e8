"""Write a synthetic archive of N goal statements for the archive benchmarks.

The rows come from ``goaltext.archive.synthetic`` (varied wording per service
area, units, providers, created dates over three years, a little synthetic
personal data); the file looks like a Danish Excel export by default:
semicolons and cp1252. Written block by block, so any N fits in memory.

    .venv/bin/python benchmarks/archive_generate.py --rows 1000000
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from goaltext.archive.synthetic import iter_synthetic_archive

OUT = Path(__file__).resolve().parent / "out"


def default_path(rows: int, seed: int) -> Path:
    return OUT / f"archive_{rows}_seed{seed}.csv"


def write_archive(path: Path, rows: int, seed: int = 1, encoding: str = "cp1252", delimiter: str = ";") -> dict:
    """Write the archive; return what was written (rows, seconds, bytes, share of distinct texts)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    distinct: set[int] = set()
    written = 0
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding=encoding, newline="") as handle:
        for block in iter_synthetic_archive(rows, seed=seed):
            block.to_csv(handle, sep=delimiter, index=False, header=written == 0, lineterminator="\r\n")
            distinct.update(hash(text) for text in block["målformulering"])
            written += len(block)
    temporary.replace(path)
    return {
        "rows": written,
        "seconds": time.perf_counter() - started,
        "bytes": path.stat().st_size,
        "distinct_texts": len(distinct) / written if written else 0.0,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", "-o", type=Path, default=None, help="default: benchmarks/out/archive_N_seedS.csv")
    parser.add_argument("--encoding", default="cp1252")
    parser.add_argument("--delimiter", default=";")
    args = parser.parse_args(argv)
    path = args.output or default_path(args.rows, args.seed)
    facts = write_archive(path, args.rows, args.seed, args.encoding, args.delimiter)
    print(
        f"{facts['rows']:,} rows -> {path} ({facts['bytes'] / 1e6:.1f} MB) in {facts['seconds']:.1f} s; "
        f"{facts['distinct_texts']:.1%} of goal texts distinct"
    )


if __name__ == "__main__":
    main()
