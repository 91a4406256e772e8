"""Load test of the HTTP service: POST /v1/analyze at 1 and at 32 concurrent clients.

Starts the real service (``goaltext serve``) on 127.0.0.1 on a free port in a
subprocess, drives it over keep-alive HTTP/1.1 connections, and prints
latency percentiles, requests/s, errors, the CPU time the service and the
client spent per request and the service's memory, next to the in-process
time of the same goals (the baseline) and the ratios between them.

Memory is given two ways for the service's whole process tree (the parent
and its pre-forked workers): the summed RSS, which counts the pipeline the
workers share once per process, and the PSS (proportional set size: each
shared page divided among the processes sharing it), which counts it once.
The PSS is what the service really occupies and is the figure compared with
the target; the RSS sum is printed beside it.

``--overhead`` also serves the same app with a stub analyzer that returns a
precomputed answer at once, so the HTTP stack alone (uvicorn, middleware,
validation, serialisation) is measured: its service CPU per request is the
per-request overhead outside the library. CPU per request is the steadiest
figure on a shared machine; requests/s move with whatever else runs.

The client is a small asyncio HTTP/1.1 client rather than httpx: on a 2-core
machine client and service share the CPU, and httpx spends more CPU per
request than the service does, so it would measure itself. Every response is
still checked (status 200, JSON, the analysis fields), and every loop is
bounded by a request count and a time limit.

    .venv/bin/python benchmarks/load_api.py                 # the targets' setting
    .venv/bin/python benchmarks/load_api.py --overhead      # ... and the HTTP stack alone
    .venv/bin/python benchmarks/load_api.py --requests 2000 --clients 1,8,32 --workers 1

Targets (2 cores): p99 < 20 ms at 1 client; >= 800 requests/s at 32 clients
with 0 errors; service memory (PSS of the process tree) < 400 MB.
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
TARGET_MEMORY_MB = 400.0  # compared with the PSS of the service's process tree


@dataclass
class Phase:
    """The outcome of one load phase."""

    clients: int
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    rss_mb: float = 0.0
    pss_mb: float = 0.0
    service_cpu: float = 0.0  # CPU seconds of the service's processes during the phase
    client_cpu: float = 0.0  # CPU seconds of this client during the phase

    def error(self, kind: str) -> None:
        self.errors += 1
        self.error_kinds[kind] = self.error_kinds.get(kind, 0) + 1

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def per_request_us(self, cpu_seconds: float) -> float:
        done = len(self.latencies) + self.errors
        return cpu_seconds / done * 1e6 if done else float("nan")


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


def process_tree(pid: int) -> list[Any]:
    """The service's processes: ``goaltext serve`` and its workers (psutil processes)."""
    import psutil

    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def memory_mb(pid: int) -> tuple[float, float, float]:
    """(summed RSS, summed PSS, largest single RSS) of the service's process tree,
    in MB. PSS counts each shared page once over all processes; RSS counts it in
    every process that maps it."""
    import psutil

    rss = pss = largest = 0
    for process in process_tree(pid):
        try:
            info = process.memory_full_info()
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        rss += info.rss
        pss += getattr(info, "pss", 0)
        largest = max(largest, info.rss)
    return rss / 2**20, pss / 2**20, largest / 2**20


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of the service's process tree so far (its live processes)."""
    import psutil

    total = 0.0
    for process in process_tree(pid):
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def start_service(port: int, workers: int, log: Any, stub: bool = False) -> subprocess.Popen[bytes]:
    """``goaltext serve`` as a user would run it (or, with ``stub``, the same server around a
    stub analyzer), on 127.0.0.1 only; its output goes to ``log``."""
    if stub:
        command = [sys.executable, __file__, "--serve-stub", "--port", str(port)]
    else:
        command = [str(Path(sys.executable).parent / "goaltext"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(workers), "--log-level", "warning"]
    return subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT)


def serve_stub(port: int, workers: int) -> None:
    """The service's app and server with an analyzer that answers at once: one real analysis
    and its suggestions, computed here before serving, returned for every goal."""
    from goaltext import Analyzer
    from goaltext_api.app import create_app
    from goaltext_api.server import ServeOptions, run
    from goaltext_api.settings import get_settings

    goal = load_goals(1)[0]
    real = Analyzer()
    analysis = real.analyze(goal["text"], reference_date=goal["reference_date"])
    suggestions = real.suggest(goal["text"], reference_date=goal["reference_date"], analysis=analysis)

    class StubAnalyzer:
        pipeline_name = real.pipeline_name
        catalogue = getattr(real, "catalogue", None)

        def info(self) -> dict[str, Any]:
            return real.info()

        def analyze(self, text: str, **_: Any) -> Any:
            return analysis

        def suggest(self, text: str, **_: Any) -> Any:
            return suggestions

    stub = StubAnalyzer()
    options = ServeOptions(host="127.0.0.1", port=port, workers=workers, log_level="warning")
    run(options, app_factory=lambda: create_app(get_settings(), analyzer=stub))  # type: ignore[arg-type]


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


def report(
    phases: list[Phase],
    base: dict[str, list[float]],
    workers: int,
    peak: tuple[float, float, float],
    overhead: list[Phase] | None = None,
) -> bool:
    """Print the figures and the targets; True when every target is met."""
    analyze_p50 = percentile(base["analyze"], 0.5)
    full_p50 = percentile(base["analyze+suggest"], 0.5)
    full_mean = statistics.fmean(base["analyze+suggest"])
    print("\nBaseline, in process, same goals (ms per goal):")
    for name, times in base.items():
        print(
            f"  {name:16s} p50 {ms(percentile(times, 0.5))}  p95 {ms(percentile(times, 0.95))}  "
            f"p99 {ms(percentile(times, 0.99))}  mean {ms(statistics.fmean(times))}  "
            f"= {1 / statistics.fmean(times):6.0f} goals/s on one core"
        )
    print(f"\nPOST /v1/analyze over HTTP ({workers} worker{'s' if workers > 1 else ''}):")
    print_phases(phases, analyze_p50, full_p50)
    for phase in phases:
        print(f"  {phase.clients} client(s): {phase.rps * full_mean:.2f} x the in-process analyse+suggest rate")
    for phase in phases:
        beyond = phase.per_request_us(phase.service_cpu) - full_mean * 1e6
        print(
            f"  {phase.clients} client(s): service CPU per request beyond the in-process analyse+suggest mean: "
            f"{beyond:.0f} us"
        )
    if overhead:
        print(f"\nThe HTTP stack alone: the same server with a stub analyzer ({workers} worker(s)):")
        print_phases(overhead, analyze_p50, full_p50)
    print(
        f"  peak service memory: PSS {peak[1]:.0f} MB (shared pages counted once; compared with the target), "
        f"RSS summed over the processes {peak[0]:.0f} MB, RSS of the largest process {peak[2]:.0f} MB"
    )

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
    checks.append(
        (
            f"service memory (PSS) < {TARGET_MEMORY_MB:.0f} MB",
            peak[1] < TARGET_MEMORY_MB,
            f"{peak[1]:.0f} MB (RSS summed: {peak[0]:.0f} MB; largest process: {peak[2]:.0f} MB)",
        )
    )
    print("\nTargets:")
    for name, ok, value in checks:
        print(f"  [{'met' if ok else 'MISSED'}] {name}: {value}")
    return all(ok for _, ok, _ in checks)


def print_phases(phases: list[Phase], analyze_p50: float, full_p50: float) -> None:
    print(
        "  clients  requests  errors     req/s   p50 ms   p95 ms   p99 ms  p50/analyze  p50/analyze+suggest"
        "  service CPU us/req  client CPU us/req  RSS MB  PSS MB"
    )
    for phase in phases:
        p50 = percentile(phase.latencies, 0.5)
        print(
            f"  {phase.clients:7d}  {len(phase.latencies):8d}  {phase.errors:6d}  {phase.rps:8.0f}  {ms(p50)}  "
            f"{ms(percentile(phase.latencies, 0.95))}  {ms(percentile(phase.latencies, 0.99))}  "
            f"{p50 / analyze_p50:10.1f}x  {p50 / full_p50:18.1f}x  {phase.per_request_us(phase.service_cpu):18.0f}  "
            f"{phase.per_request_us(phase.client_cpu):17.0f}  {phase.rss_mb:6.0f}  {phase.pss_mb:6.0f}"
        )
        if phase.error_kinds:
            print(f"           errors: {phase.error_kinds}")


async def main(args: argparse.Namespace) -> int:
    goals = load_goals(args.goals)
    phases, peak = await measure(goals, args, stub=False)
    overhead = (await measure(goals, args, stub=True))[0] if args.overhead else None
    base = baseline(goals[: args.baseline_goals])
    met = report(phases, base, args.workers, peak, overhead)
    return 0 if met or not args.strict else 1


async def measure(
    goals: list[dict[str, Any]], args: argparse.Namespace, stub: bool
) -> tuple[list[Phase], tuple[float, float, float]]:
    """Start the service (or the stub server), drive it, stop it."""
    port = free_port()
    with tempfile.TemporaryFile() as log:
        service = start_service(port, args.workers, log, stub=stub)
        try:
            return await drive(service, port, goals, args)
        except RuntimeError:
            log.seek(0)
            print(log.read().decode("utf-8", "replace")[-3000:], file=sys.stderr)
            raise
        finally:
            service.terminate()
            try:
                service.wait(timeout=40)
            except subprocess.TimeoutExpired:
                service.kill()


async def drive(
    service: subprocess.Popen[bytes], port: int, goals: list[dict[str, Any]], args: argparse.Namespace
) -> tuple[list[Phase], tuple[float, float]]:
    """Warm up, then one phase per concurrency level; the CPU spent during it and the memory after it."""
    await wait_ready(port, args.startup_timeout)
    payloads = [request_bytes(port, goal) for goal in goals]
    await run_phase(port, payloads, 4, min(200, args.requests), args.time_limit, args.timeout)
    phases = []
    peak = memory_mb(service.pid)
    for clients in args.clients:
        service_cpu, client_cpu = cpu_seconds(service.pid), time.process_time()
        phase = await run_phase(port, payloads, clients, args.requests, args.time_limit, args.timeout)
        phase.service_cpu = cpu_seconds(service.pid) - service_cpu
        phase.client_cpu = time.process_time() - client_cpu
        phase.rss_mb, phase.pss_mb, largest = memory_mb(service.pid)
        peak = (max(peak[0], phase.rss_mb), max(peak[1], phase.pss_mb), max(peak[2], largest))
        phases.append(phase)
        print(f"  ... {clients} client(s): {len(phase.latencies)} requests in {phase.seconds:.1f} s", flush=True)
    return phases, peak


def parse_args() -> argparse.Namespace:
    from goaltext_api.server import default_workers

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", default="1,32", help="comma-separated concurrency levels (default 1,32)")
    parser.add_argument("--requests", type=int, default=3000, help="requests per phase (default 3000)")
    parser.add_argument("--time-limit", type=float, default=30.0, help="seconds per phase at most (default 30)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request at most (default 10)")
    parser.add_argument("--goals", type=int, default=2000, help="distinct goals to cycle through (default 2000)")
    parser.add_argument("--baseline-goals", type=int, default=1000, help="goals timed in process (default 1000)")
    parser.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help=f"service worker processes (default: goaltext serve's default here, {default_workers()})",
    )
    parser.add_argument("--overhead", action="store_true", help="also measure the HTTP stack with a stub analyzer")
    parser.add_argument("--startup-timeout", type=float, default=90.0)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--serve-stub", action="store_true", help=argparse.SUPPRESS)  # the stub server itself
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--log-level", default="warning", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.clients = [int(c) for c in args.clients.split(",") if c.strip()]
    if args.requests < 1 or args.time_limit <= 0 or any(c < 1 or c > 256 for c in args.clients):
        parser.error("requests >= 1, time limit > 0 and 1-256 clients")
    if not 1 <= args.workers <= 64:
        parser.error("1-64 workers")
    return args


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.serve_stub:
        if not 1 <= arguments.port <= 65535:
            sys.exit("--serve-stub needs --port")
        serve_stub(arguments.port, arguments.workers)
    else:
        sys.exit(asyncio.run(main(arguments)))
