"""``goaltext serve``: its options reach the server, and a bad configuration is
reported in Danish before anything starts. (That the command really serves, with
pre-forked workers, is shown by test_prefork.py and by the ``served`` fixture the
privacy test runs against.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from goaltext.cli import app
from goaltext_api import server
from goaltext_api.server import ServeOptions, default_workers
from goaltext_api.settings import get_settings

runner = CliRunner()


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """The options ``goaltext serve`` hands the server, instead of starting it."""
    calls: dict[str, Any] = {}

    def launch(options: ServeOptions) -> None:
        calls["options"] = options

    monkeypatch.setattr(server, "launch", launch)
    get_settings.cache_clear()
    yield calls
    get_settings.cache_clear()


def test_the_defaults_serve_one_worker_per_core_on_localhost(started: dict[str, Any]) -> None:
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 0, result.output
    options: ServeOptions = started["options"]
    assert (options.host, options.port, options.workers) == ("127.0.0.1", 8000, default_workers())
    assert options.access_log is False and options.log_level == "info" and options.log_config is None


def test_one_worker_per_core_at_most_eight(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert default_workers() == 2
    monkeypatch.setattr(server.os, "sched_getaffinity", lambda pid: set(range(32)), raising=False)
    assert default_workers() == 8


def test_the_options_reach_the_server(started: dict[str, Any], tmp_path: Path) -> None:
    log_config = tmp_path / "logging.json"
    log_config.write_text('{"version": 1}', encoding="utf-8")
    options = ["--host", "0.0.0.0", "--port", "8080", "--workers", "3", "--access-log", "--log-level", "warning"]
    result = runner.invoke(app, ["serve", *options, "--log-config", str(log_config)])
    assert result.exit_code == 0, result.output
    given: ServeOptions = started["options"]
    assert (given.host, given.port, given.workers) == ("0.0.0.0", 8080, 3)
    assert given.access_log is True and given.log_level == "warning"
    assert given.log_config == str(log_config)


def test_uvicorn_gets_the_coalescing_protocol_and_no_server_header() -> None:
    config = ServeOptions(access_log=True, log_level="warning").uvicorn_config(None)
    assert config.http is server.http_protocol()
    assert config.server_header is False and config.access_log is True
    assert config.host == "127.0.0.1" and config.port == 8000


def test_the_help_explains_the_workers_in_danish() -> None:
    result = runner.invoke(app, ["serve", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "én pr. CPU-kerne" in result.output and "deles mellem" in result.output


# (arguments, environment, what the message must say)
REFUSED: list[tuple[list[str], dict[str, str], str]] = [
    ([], {"GOALTEXT_MAX_BATCH": "0"}, "GOALTEXT_MAX_BATCH"),
    ([], {"GOALTEXT_CORS_ORIGINS": "sag.kommune.dk"}, "GOALTEXT_CORS_ORIGINS"),
    ([], {"GOALTEXT_CATALOGUE": "/findes/ikke/katalog.yaml"}, "findes ikke"),
    ([], {"GOALTEXT_CATALOGUE": "ukendt-katalog"}, "intet katalog"),
    (["--port", "70000"], {}, "--port"),
    (["--workers", "0"], {}, "--workers"),
    (["--log-level", "snakkesalig"], {}, "ukendt logniveau"),
    (["--log-config", "/findes/ikke.json"], {}, "findes ikke"),
]


@pytest.mark.parametrize(("arguments", "environment", "message"), REFUSED)
def test_a_bad_configuration_is_refused_before_starting(
    started: dict[str, Any], arguments: list[str], environment: dict[str, str], message: str
) -> None:
    result = runner.invoke(app, ["serve", *arguments], env={"COLUMNS": "200", **environment})
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert started == {}, "nothing was started"
