"""Load test of the HTTP service: POST /v1/analyze at 1 and at 32 concurrent clients.

Starts the real service (``goaltext serve``) on 127.0.0.1 on a free port in a
subprocess, drives it over keep-alive HTTP/1.1 connections, and prints
latency percentiles, requests/s, errors and the service's memory, next to the
in-process time of the same goals (the baseline) and the ratios between them.

The client is a small asyncio HTTP/1.1 client rather than httpx: on a 2-core
machine client and service share the CPU, and httpx spends more CPU per
request than the service does, so it would measure itself. Every response is
still checked (status 200, JSON, the analysis fields), and every loop is
bounded by a request count and a time limit.

    .venv/bin/python benchmarks/load_api.py                 # the targets' setting
    .venv/bin/python benchmarks/load_api.py --requests 2000 --clients 1,8,32 --workers 2

Targets (2 cores): p99 < 20 ms at 1 client; >= 800 requests/s at 32 clients
with 0 errors; service RSS < 400 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "annotations" / "corpus.jsonl"
FALLBACK_GOALS = REPO / "src" / "goaltext" / "data" / "example_goals.jsonl"
TARGET_P99_MS_ONE_CLIENT = 20.0
TARGET_RPS_32_CLIENTS = 800.0
TARGET_RSS_MB = 400.0


@dataclass
class Phase:
    """The outcome of one load phase."""

    clients: int
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    rss_mb: float = 0.0

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the sorted values lie (nearest rank)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def load_goals(limit: int) -> list[dict[str, Any]]:
    """Distinct synthetic goals with their reference dates: the annotated corpus, else the bundled examples."""
    source = CORPUS if CORPUS.exists() else FALLBACK_GOALS
    goals = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            goals.append({"text": row["text"], "reference_date": row.get("reference_date") or "2026-03-02"})
    return goals[:limit]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_mb(pid: int) -> float:
    """Resident memory of the service: the process and its children (uvicorn's workers), from /proc."""
    total_kb = 0
    pids = [pid]
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        total_kb += next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            pids.extend(int(child) for child in task.read_text().split())
    return total_kb / 1024


def start_service(port: int, workers: int, log: Any) -> subprocess.Popen[bytes]:
    """``goaltext serve`` as a user would run it, on 127.0.0.1 only; its output goes to ``log``."""
    command = [str(Path(sys.executable).parent / "goaltext"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning"]
    return subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)


async def wait_ready(port: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            await writer.drain()
            head = await reader.read(64)
            writer.close()
            if head.startswith(b"HTTP/1.1 200"):
                return
        except OSError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError(f"the service did not answer /v1/health within {timeout:.0f} s")


def request_bytes(port: int, goal: dict[str, Any]) -> bytes:
    body = json.dumps(goal, ensure_ascii=False).encode("utf-8")
    head = (
        f"POST /v1/analyze HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Accept: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode("ascii") + body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length = next((int(line.split(b":", 1)[1]) for line in lines if line.lower().startswith(b"content-length:")), None)
    if length is None:
        raise ValueError("response without Content-Length")
    return status, await reader.readexactly(length)


async def run_phase(
    port: int, payloads: list[bytes], clients: int, requests: int, time_limit: float, timeout: float
) -> Phase:
    """``clients`` keep-alive connections sending until ``requests`` are done or ``time_limit`` has passed."""
    phase = Phase(clients)
    next_index = 0
    deadline = time.monotonic() + time_limit

    async def client() -> None:
        nonlocal next_index
        connection: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        while next_index < requests and time.monotonic() < deadline:
            payload = payloads[next_index % len(payloads)]
            next_index += 1
            started = time.perf_counter()
            try:
                if connection is None:
                    connection = await asyncio.open_connection("127.0.0.1", port)
                reader, writer = connection
                writer.write(payload)
                status, body = await asyncio.wait_for(read_response(reader), timeout)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as error:
                phase.error(type(error).__name__)
                if connection is not None:
                    connection[1].close()
                connection = None
                continue
            elapsed = time.perf_counter() - started
            if status != 200:
                phase.error(f"HTTP {status}")
                continue
            try:
                answer = json.loads(body)
                valid = "labels" in answer and "suggestions" in answer
            except ValueError:
                valid = False
            if not valid:
                phase.error("invalid body")
                continue
            phase.latencies.append(elapsed)
        if connection is not None:
            connection[1].close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    phase.seconds = time.perf_counter() - started
    return phase


def baseline(goals: list[dict[str, Any]]) -> dict[str, list[float]]:
    """In-process time per goal: ``Analyzer.analyze`` alone, and analyse + suggest (what the endpoint does)."""
    from goaltext import Analyzer

    analyzer = Analyzer()
    for goal in goals[:50]:
        analyzer.suggest(goal["text"], reference_date=goal["reference_date"])
    analyze_times, full_times = [], []
    for goal in goals:
        started = time.perf_counter()
        analysis = analyzer.analyze(goal["text"], reference_date=goal["reference_date"])
        middle = time.perf_counter()
        analyzer.suggest(goal["text"], reference_date=goal["reference_date"], analysis=analysis)
        ended = time.perf_counter()
        analyze_times.append(middle - started)
        full_times.append(ended - started)
    return {"analyze": analyze_times, "analyze+suggest": full_times}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.2f}"


def report(phases: list[Phase], base: dict[str, list[float]], workers: int, peak_rss: float) -> bool:
    """Print the figures and the targets; True when every target is met."""
    analyze_p50 = percentile(base["analyze"], 0.5)
    full_p50 = percentile(base["analyze+suggest"], 0.5)
    print("\nBaseline, in process, same goals (ms per goal):")
    for name, times in base.items():
        print(
            f"  {name:16s} p50 {ms(percentile(times, 0.5))}  p95 {ms(percentile(times, 0.95))}  "
            f"p99 {ms(percentile(times, 0.99))}  mean {ms(statistics.fmean(times))}  "
            f"= {1 / statistics.fmean(times):6.0f} goals/s on one core"
        )
    print(f"\nPOST /v1/analyze over HTTP ({workers} worker{'s' if workers > 1 else ''}):")
    print("  clients  requests  errors     req/s   p50 ms   p95 ms   p99 ms  p50/analyze  p50/analyze+suggest  RSS MB")
    for phase in phases:
        p50 = percentile(phase.latencies, 0.5)
        print(
            f"  {phase.clients:7d}  {len(phase.latencies):8d}  {phase.errors:6d}  {phase.rps:8.0f}  {ms(p50)}  "
            f"{ms(percentile(phase.latencies, 0.95))}  {ms(percentile(phase.latencies, 0.99))}  "
            f"{p50 / analyze_p50:10.1f}x  {p50 / full_p50:18.1f}x  {phase.rss_mb:6.0f}"
        )
        if phase.error_kinds:
            print(f"           errors: {phase.error_kinds}")
    full_rate = 1 / statistics.fmean(base["analyze+suggest"])
    for phase in phases:
        print(f"  {phase.clients} client(s): {phase.rps / full_rate:.2f} x the in-process analyse+suggest rate")
    print(f"  peak service RSS: {peak_rss:.0f} MB")

    checks = []
    one = next((p for p in phases if p.clients == 1), None)
    many = next((p for p in phases if p.clients == 32), None)
    if one is not None:
        p99 = percentile(one.latencies, 0.99) * 1000
        checks.append(
            (f"p99 at 1 client < {TARGET_P99_MS_ONE_CLIENT:.0f} ms", p99 < TARGET_P99_MS_ONE_CLIENT, f"{p99:.1f} ms")
        )
    if many is not None:
        ok = many.rps >= TARGET_RPS_32_CLIENTS and many.errors == 0
        checks.append(
            (
                f">= {TARGET_RPS_32_CLIENTS:.0f} req/s at 32 clients, 0 errors",
                ok,
                f"{many.rps:.0f}/s, {many.errors} errors",
            )
        )
    checks.append((f"service RSS < {TARGET_RSS_MB:.0f} MB", peak_rss < TARGET_RSS_MB, f"{peak_rss:.0f} MB"))
    print("\nTargets:")
    for name, ok, value in checks:
        print(f"  [{'met' if ok else 'MISSED'}] {name}: {value}")
    return all(ok for _, ok, _ in checks)


async def main(args: argparse.Namespace) -> int:
    goals = load_goals(args.goals)
    port = free_port()
    with tempfile.TemporaryFile() as log:
        service = start_service(port, args.workers, log)
        try:
            phases, peak = await drive(service, port, goals, args)
        except RuntimeError:
            log.seek(0)
            print(log.read().decode("utf-8", "replace")[-3000:], file=sys.stderr)
            raise
        finally:
            service.terminate()
            try:
                service.wait(timeout=15)
            except subprocess.TimeoutExpired:
                service.kill()
    base = baseline(goals[: args.baseline_goals])
    met = report(phases, base, args.workers, peak)
    return 0 if met or not args.strict else 1


async def drive(
    service: subprocess.Popen[bytes], port: int, goals: list[dict[str, Any]], args: argparse.Namespace
) -> tuple[list[Phase], float]:
    """Warm up, then one phase per concurrency level; the service's RSS after each."""
    await wait_ready(port, args.startup_timeout)
    payloads = [request_bytes(port, goal) for goal in goals]
    await run_phase(port, payloads, 4, min(200, args.requests), args.time_limit, args.timeout)
    phases = []
    peak = rss_mb(service.pid)
    for clients in args.clients:
        phase = await run_phase(port, payloads, clients, args.requests, args.time_limit, args.timeout)
        phase.rss_mb = rss_mb(service.pid)
        peak = max(peak, phase.rss_mb)
        phases.append(phase)
        print(f"  ... {clients} client(s): {len(phase.latencies)} requests in {phase.seconds:.1f} s", flush=True)
    return phases, peak


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="1,32", help="comma-separated concurrency levels (default 1,32)")
    parser.add_argument("--requests", type=int, default=3000, help="requests per phase (default 3000)")
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds per phase at most (default 30)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request at most (default 10)")
    parser.add_argument("--goals", type=int, default=2000, help="distinct goals to cycle through (default 2000)")
    parser.add_argument("--baseline-goals", type=int, default=1000, help="goals timed in process (default 1000)")
    parser.add_argument("--workers", type=int, default=1, help="service worker processes (default 1)")
    parser.add_argument("--startup-timeout", type=float, default=90.0)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    args.clients = [int(c) for c in args.clients.split(",") if c.strip()]
    if args.requests < 1 or args.time_limit <= 0 or any(c < 1 or c > 256 for c in args.clients):
        parser.error("requests >= 1, time limit > 0 and 1-256 clients")
    return args


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse_args())))
