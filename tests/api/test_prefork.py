"""The pre-forked service: ``goaltext serve --workers 2`` loads the pipeline once,
forks two workers that both answer on the one socket, replaces a worker that
dies, stops everything on SIGTERM, and leaves no worker behind when the parent
is killed. Also the transport that writes a response with one ``send``.
Every goal here is invented; every wait is bounded."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from goaltext_api.server import CoalescingTransport
from tests.api.conftest import Served, start_served

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or not Path("/proc").is_dir(), reason="pre-fork needs Linux")

GOAL = "Borgeren Xq47v kan selv tage bussen til træning 2 gange om ugen inden for 4 måneder."
MARKER = "Xq47v"


def children(pid: int) -> set[int]:
    """The live child processes of ``pid``, from /proc."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            found |= {int(child) for child in task.read_text().split()}
    return {child for child in found if alive(child)}


def alive(pid: int) -> bool:
    """Running, and not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in {"Z", "X"}


def workers_of(parent: int, count: int = 2, without: int | None = None) -> Callable[[], set[int] | None]:
    """A condition: the parent has exactly ``count`` live workers (none of them ``without``)."""

    def check() -> set[int] | None:
        now = children(parent)
        return now if len(now) == count and without not in now else None

    return check


def wait_for(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"not within {timeout:.0f} s: {what}")


def analyse(service: Served, text: str = GOAL, timeout: float = 20) -> httpx.Response:
    """One request on a new connection, so the kernel picks a worker for it."""
    with httpx.Client(base_url=service.url, timeout=timeout) as client:
        return client.post("/v1/analyze", json={"text": text}, headers={"X-API-Key": service.api_key})


@pytest.fixture(scope="module")
def two_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    service = start_served(tmp_path_factory.mktemp("prefork"), workers=2)
    try:
        wait_for(workers_of(service.process.pid), 30, "two workers")
        yield service
    finally:
        service.stop()


def test_two_workers_are_forked_and_both_answer(two_workers: Served) -> None:
    """Twenty keep-alive connections, each with an answered request: the kernel spreads
    them over both workers (all on one would happen once in 2**19 runs)."""
    psutil = pytest.importorskip("psutil")
    workers = children(two_workers.process.pid)
    assert len(workers) == 2
    port = int(two_workers.url.rsplit(":", 1)[1])
    clients = [httpx.Client(base_url=two_workers.url, timeout=20) for _ in range(20)]
    try:
        for client in clients:
            response = client.post("/v1/analyze", json={"text": GOAL}, headers={"X-API-Key": two_workers.api_key})
            assert response.status_code == 200
            assert set(response.json()) >= {"labels", "suggestions"}
            assert response.headers["cache-control"] == "no-store" and "server" not in response.headers
        held = {
            pid: sum(
                1
                for connection in psutil.Process(pid).net_connections(kind="tcp")
                if connection.status == psutil.CONN_ESTABLISHED and connection.laddr.port == port
            )
            for pid in workers
        }
    finally:
        for client in clients:
            client.close()
    assert sum(held.values()) == 20 and all(held.values()), held


def test_the_workers_share_the_parents_pipeline(two_workers: Served) -> None:
    """Copy-on-write: most of what a worker maps is the parent's, so its PSS stays far below its RSS."""
    psutil = pytest.importorskip("psutil")
    for pid in children(two_workers.process.pid):
        memory = psutil.Process(pid).memory_full_info()
        assert memory.pss < 0.75 * memory.rss, (memory.pss >> 20, memory.rss >> 20)


def test_a_worker_that_dies_is_replaced(two_workers: Served) -> None:
    parent = two_workers.process.pid
    before = children(parent)
    victim = min(before)
    os.kill(victim, signal.SIGKILL)
    after = wait_for(workers_of(parent, without=victim), 30, "a new worker")
    assert after - before and analyse(two_workers).status_code == 200
    assert "ended unexpectedly" in two_workers.log.read_text(errors="replace")


def test_sigterm_stops_the_parent_and_its_workers_and_nothing_logs_the_goal(tmp_path: Path) -> None:
    service = start_served(tmp_path, workers=2)
    try:
        parent = service.process.pid
        workers = wait_for(workers_of(parent), 30, "two workers")
        assert all(analyse(service).status_code == 200 for _ in range(6))
        service.process.send_signal(signal.SIGTERM)
        assert service.process.wait(timeout=30) == 0
        wait_for(lambda: not any(alive(pid) for pid in workers), 10, "the workers to end")
        logged = service.log.read_text(errors="replace")
    finally:
        service.stop()
    assert logged.count('"POST /v1/analyze HTTP/1.1" 200') >= 6  # the log did capture the traffic
    assert logged.count("Finished server process") == 2 and "Stopped parent process" in logged
    assert MARKER not in logged and "tage bussen" not in logged


def test_the_workers_end_when_the_parent_is_killed(tmp_path: Path) -> None:
    service = start_served(tmp_path, workers=2)
    try:
        parent = service.process.pid
        workers = wait_for(workers_of(parent), 30, "two workers")
        service.process.kill()  # no chance to stop them itself
        service.process.wait(timeout=10)
        wait_for(lambda: not any(alive(pid) for pid in workers), 30, "the orphaned workers to end")
    finally:
        for pid in children(service.process.pid):  # should there be any left, they are ours
            os.kill(pid, signal.SIGKILL)
        service.stop()


class FakeTransport:
    def __init__(self) -> None:
        self.sent: list[bytes] = []
        self.closed = False

    def write(self, data: bytes) -> None:
        self.sent.append(bytes(data))

    def is_closing(self) -> bool:
        return self.closed

    def close(self) -> None:
        self.closed = True

    def get_extra_info(self, name: str) -> str:
        return f"info:{name}"


def test_the_writes_of_one_step_leave_as_one_send() -> None:
    async def scenario() -> FakeTransport:
        fake = FakeTransport()
        transport = CoalescingTransport(fake, asyncio.get_running_loop())  # type: ignore[arg-type]
        transport.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n")
        transport.write(memoryview(b"{}"))
        assert fake.sent == []  # held until the step ends
        await asyncio.sleep(0)
        transport.write(b"next")
        transport.close()  # flushes first
        assert transport.get_extra_info("peername") == "info:peername"
        await asyncio.sleep(0)
        return fake

    fake = asyncio.run(scenario())
    assert fake.sent == [b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}", b"next"] and fake.closed
