"""``goaltext suggest``: ranked rewrites that add what a goal is missing."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from goaltext.cli.analyze import reference_date_option
from goaltext.cli.app import app


@app.command()
def suggest(
    text: Annotated[str, typer.Argument(help="Målformuleringen, der skal forbedres.")],
    current_package: Annotated[str | None, typer.Option(help="Nuværende pakke, fx «ydelsespakke 2».")] = None,
    hours_per_week: Annotated[float | None, typer.Option(help="Bevilgede timer om ugen.")] = None,
    follow_up: Annotated[str | None, typer.Option(help="Opfølgningsinterval som ISO-varighed, fx P4M.")] = None,
    reference_date: Annotated[str | None, typer.Option(help="Skrivedato (ÅÅÅÅ-MM-DD); standard er i dag.")] = None,
    catalogue: Annotated[str | None, typer.Option(help="Katalog: YAML-sti eller navn (standard, pakke-a-e).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv forslagene som JSON.")] = False,
) -> None:
    """Foreslå omskrivninger, der tilføjer det, målet mangler (tidshorisont, konsekvens, kriterium)."""
    from pydantic import ValidationError

    from goaltext import Analyzer, default_analyzer
    from goaltext.schema import Context
    from goaltext.suggest import CatalogueError

    try:
        context = Context(
            reference_date=reference_date_option(reference_date),
            current_package=current_package,
            hours_per_week=hours_per_week,
            follow_up_interval=follow_up,
        )
        analyzer = Analyzer(catalogue=catalogue) if catalogue else default_analyzer()
    except CatalogueError as error:
        raise typer.BadParameter(str(error), param_hint="--catalogue") from error
    except ValidationError as error:
        first = error.errors()[0]
        raise typer.BadParameter(f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from error
    suggestions = analyzer.suggest(text, context=context)
    if as_json:
        sys.stdout.write(json.dumps([s.model_dump(mode="json") for s in suggestions], ensure_ascii=False) + "\n")
        return
    console = Console(highlight=False)
    if not suggestions:
        console.print("Målet har allerede tidshorisont, konsekvens for ydelsen og et kriterium, der kan tjekkes.")
        return
    names = {"measurable": "målbarhed", "time_horizon": "tidshorisont", "service_consequence": "konsekvens"}
    for rank, item in enumerate(suggestions, start=1):
        adds = ", ".join(names[a] for a in item.adds)
        console.print(f"[bold]{rank}.[/bold] {escape(item.text)}")
        console.print(f"   tilføjer: {adds}. {escape(item.reason)}")
        if item.needs_input:
            console.print(f"   udfyld: {escape(', '.join(item.needs_input))}")
