"""Fixtures of the API tests: services built by ``create_app`` with test
settings on the session's real Analyzer, and a small synthetic annotated
corpus written to a temporary file. Every goal here is invented."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from goaltext import Analyzer
from goaltext_api.app import create_app
from goaltext_api.settings import Settings

# (id, area, voice, text, (measurable, time_horizon, service_consequence))
CORPUS_ROWS: list[tuple[str, str, str, str, tuple[bool, bool, bool]]] = [
    (
        "s01",
        "§ 85",
        "myndighed",
        "Borgeren kan selv rydde op og tage opvasken mindst 3 gange om ugen. Når det er nået, nedsættes "
        "bostøtten fra 4 til 2 timer om ugen. Der følges op efter 4 måneder.",
        (True, True, True),
    ),
    (
        "s02",
        "§ 85",
        "myndighed",
        "Borgeren skal opnå øget trivsel og blive mere tryg i eget hjem.",
        (False, False, False),
    ),
    ("s03", "§ 83a", "leverandør", "Borgeren kan selv tage bad uden hjælp inden for 8 uger.", (True, True, False)),
    (
        "s04",
        "§ 83 a",
        "myndighed",
        "Borgeren kan selv lave morgenmad hver dag. Opfølgning efter 6 uger. Herefter forventes "
        "hjemmeplejen at ophøre.",
        (True, True, True),
    ),
    (
        "s05",
        "Barnets Lov",
        "myndighed",
        "Barnet kommer i skole hver dag i 12 sammenhængende uger.",
        (True, False, False),
    ),
    (
        "s06",
        "§ 107",
        "leverandør",
        "Borgeren arbejder med at blive bedre til at handle ind på sigt.",
        (False, False, False),
    ),
    ("s07", "§ 85", "myndighed", "Støtten efter § 85 nedtrappes og ophører senest 1. juni 2027.", (False, True, True)),
    (
        "s08",
        "beskæftigelse",
        "myndighed",
        "Borgeren møder til 80 % af de planlagte aftaler i jobcentret.",
        (True, False, False),
    ),
    ("s09", "§ 85", "borger", "Jeg vil gerne have mindre hjælp til rengøring.", (False, False, True)),
    ("s10", "§ 108", "leverandør", "Der følges op efter 3 mdr.", (False, True, False)),
]
GOOD_ON_ALL = {"s01", "s04"}


def corpus_line(row: tuple[str, str, str, str, tuple[bool, bool, bool]], reference_date: str = "2026-03-02") -> str:
    goal_id, area, voice, text, (measurable, time_horizon, consequence) = row
    return json.dumps(
        {
            "id": goal_id,
            "text": text,
            "reference_date": reference_date,
            "area": area,
            "voice": voice,
            "source": "synthetic:api-tests",
            "labels": {"measurable": measurable, "time_horizon": time_horizon, "service_consequence": consequence},
            "horizon": None,
            "consequence": None,
            "spans": [],
            "split": "test",
        },
        ensure_ascii=False,
    )


def write_corpus(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "corpus.jsonl", [corpus_line(row) for row in CORPUS_ROWS])


@pytest.fixture(scope="module")
def make_client(analyzer: Analyzer, corpus_file: Path) -> Iterator[Callable[..., TestClient]]:
    """Build a service with settings overrides (and optionally another Analyzer); closed after the module."""
    clients: list[TestClient] = []

    def build(service_analyzer: Any = None, **overrides: Any) -> TestClient:
        settings = Settings(**{"corpus": corpus_file, **overrides})
        client = TestClient(create_app(settings, analyzer=service_analyzer or analyzer))
        client.__enter__()
        clients.append(client)
        return client

    yield build
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture(scope="module")
def client(make_client: Callable[..., TestClient]) -> TestClient:
    """The service with default settings and the synthetic corpus."""
    return make_client()


@dataclass
class Served:
    """A real ``goaltext serve`` on 127.0.0.1, everything it logs going to ``log``."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path
    api_key: str

    def stop(self) -> str:
        """Stop the service (so its last lines are flushed) and return all it logged."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        return self.log.read_text(encoding="utf-8", errors="replace")


# Every logger at DEBUG, uvicorn's access log included, one plain line per record.
LOG_EVERYTHING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s %(message)s"}},
    "handlers": {"all": {"class": "logging.StreamHandler", "formatter": "plain", "stream": "ext://sys.stderr"}},
    "root": {"level": "DEBUG", "handlers": ["all"]},
    "loggers": {name: {"level": "DEBUG"} for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "fastapi")},
}


def start_served(folder: Path, workers: int | None = None, timeout: float = 180) -> Served:
    """``goaltext serve`` on a free port of 127.0.0.1 with an API key, a small body limit,
    the synthetic corpus and everything logged at DEBUG to a file in ``folder``;
    returns once /v1/health answers (bounded by ``timeout``)."""
    corpus = write_corpus(folder / "corpus.jsonl", [corpus_line(row) for row in CORPUS_ROWS])
    log_config = folder / "logging.json"
    log_config.write_text(json.dumps(LOG_EVERYTHING), encoding="utf-8")
    log = folder / "service.log"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    key = "test-noegle-31-a7c2"
    environment = {
        **os.environ,
        "GOALTEXT_CORPUS": str(corpus),
        "GOALTEXT_API_KEYS": key,
        "GOALTEXT_MAX_BODY_BYTES": "65536",
        "GOALTEXT_BASE": "blank",
    }
    command = [str(Path(sys.executable).parent / "goaltext"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--access-log", "--log-level", "debug", "--log-config", str(log_config)]
    if workers is not None:
        command += ["--workers", str(workers)]
    with log.open("wb") as output:
        process = subprocess.Popen(command, env=environment, stdout=output, stderr=subprocess.STDOUT)
    service = Served(f"http://127.0.0.1:{port}", process, log, key)
    deadline = time.monotonic() + timeout
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"goaltext serve stopped: {log.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"{service.url}/v1/health", timeout=2).status_code == 200:
                    return service
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"goaltext serve did not answer /v1/health within {timeout:.0f} s")
            time.sleep(0.25)
    except BaseException:
        service.stop()
        raise


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The service as an operator starts it (default workers), started once for the session."""
    service = start_served(tmp_path_factory.mktemp("served"))
    try:
        yield service
    finally:
        service.stop()
