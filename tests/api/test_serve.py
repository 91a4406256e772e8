"""``goaltext serve``: its options reach uvicorn, and a bad configuration is
reported in Danish before anything starts. (That the command really serves is
shown by the ``served`` fixture the privacy test runs against.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from typer.testing import CliRunner

from goaltext.cli import app
from goaltext_api.settings import get_settings

runner = CliRunner()


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    """What ``goaltext serve`` hands uvicorn, instead of starting a server."""
    calls: dict[str, Any] = {}

    def run(app_path: str, **options: Any) -> None:
        calls["app"] = app_path
        calls.update(options)

    monkeypatch.setattr(uvicorn, "run", run)
    get_settings.cache_clear()
    yield calls
    get_settings.cache_clear()


def test_the_defaults_serve_one_worker_on_localhost(started: dict[str, Any]) -> None:
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 0, result.output
    assert started["app"] == "goaltext_api.app:create_app" and started["factory"] is True
    assert (started["host"], started["port"], started["workers"]) == ("127.0.0.1", 8000, 1)
    assert started["access_log"] is False and started["server_header"] is False


def test_the_options_reach_uvicorn(started: dict[str, Any], tmp_path: Path) -> None:
    log_config = tmp_path / "logging.json"
    log_config.write_text('{"version": 1}', encoding="utf-8")
    options = ["--host", "0.0.0.0", "--port", "8080", "--workers", "2", "--access-log", "--log-level", "warning"]
    result = runner.invoke(app, ["serve", *options, "--log-config", str(log_config)])
    assert result.exit_code == 0, result.output
    assert (started["host"], started["port"], started["workers"]) == ("0.0.0.0", 8080, 2)
    assert started["access_log"] is True and started["log_level"] == "warning"
    assert started["log_config"] == str(log_config)


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
