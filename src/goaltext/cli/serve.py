"""``goaltext serve``: the HTTP service (goaltext_api) under uvicorn, pre-forked."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from goaltext.cli.app import app


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Adressen, der lyttes på; 0.0.0.0 for alle netkort.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Porten.")] = 8000,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=64,
            show_default=False,
            help="Antal arbejdsprocesser. Standard: én pr. CPU-kerne (højst 8), på en maskine med 2 kerner altså 2. "
            "Pipelinen indlæses én gang, før processerne startes, og deles mellem dem; hver ekstra proces koster "
            "derfor kun lidt hukommelse. Flere processer end kerner giver ikke flere svar i sekundet.",
        ),
    ] = None,
    access_log: Annotated[
        bool, typer.Option(help="Log hver anmodning (metode, sti, status; aldrig målteksten).")
    ] = False,
    log_level: Annotated[str, typer.Option(help="uvicorns logniveau: debug, info, warning, error.")] = "info",
    log_config: Annotated[
        Path | None, typer.Option(help="Logopsætning for uvicorn (JSON, YAML eller INI), fx til en logplatform.")
    ] = None,
) -> None:
    """Start HTTP-tjenesten (API under /v1, dokumentation på /docs, websiden på /).

    Konfigureres med miljøvariablerne GOALTEXT_API_KEYS, GOALTEXT_CORS_ORIGINS,
    GOALTEXT_MAX_TEXT_CHARS, GOALTEXT_MAX_BATCH, GOALTEXT_MAX_BODY_BYTES,
    GOALTEXT_CORPUS og GOALTEXT_CATALOGUE. SIGTERM eller Ctrl+C stopper tjenesten,
    efter at igangværende anmodninger er besvaret.
    """
    from goaltext.suggest import CatalogueError, load_catalogue
    from goaltext_api.server import ServeOptions, default_workers, launch
    from goaltext_api.settings import SettingsError, get_settings

    if log_level not in {"critical", "error", "warning", "info", "debug"}:
        raise typer.BadParameter(f"ukendt logniveau '{log_level}'")
    if log_config is not None and not log_config.is_file():
        raise typer.BadParameter(f"logopsætningen findes ikke: {log_config}")
    try:  # a bad variable or catalogue is reported here, before anything is loaded
        load_catalogue(get_settings().catalogue)
    except (SettingsError, CatalogueError) as error:
        raise typer.BadParameter(str(error)) from None
    options = ServeOptions(
        host=host,
        port=port,
        workers=workers if workers is not None else default_workers(),
        access_log=access_log,
        log_level=log_level,
        log_config=str(log_config) if log_config is not None else None,
    )
    launch(options)  # this process becomes the service (without the rest of the command line)
