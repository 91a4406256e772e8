"""``goaltext analyze``: one goal or a file of goals, JSON lines out."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from goaltext.cli.app import app
from goaltext.cli.files import read_jsonl


def reference_date_option(value: str | None) -> date:
    """The reference date: the one given, else today (the goal is written now)."""
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise typer.BadParameter(f"'{value}' er ikke en dato på formen ÅÅÅÅ-MM-DD") from error


def read_goal_file(path: Path) -> list[tuple[str | None, str]]:
    """(id, text) pairs from a .jsonl ({"id", "text"} per line) or .txt (one goal per line)."""
    if path.suffix.lower() not in {".jsonl", ".ndjson"}:
        if not path.is_file():
            raise typer.BadParameter(f"filen findes ikke: {path}")
        return [(None, line) for line in path.read_text(encoding="utf-8-sig").splitlines() if line.strip()]
    goals = []
    for number, row in read_jsonl(path):
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise typer.BadParameter(f'{path}:{number}: en linje skal være et objekt med feltet "text"')
        goals.append((row.get("id"), row["text"]))
    return goals


@app.command()
def analyze(
    text: Annotated[str | None, typer.Argument(help="Målformuleringen, der skal analyseres.")] = None,
    input: Annotated[
        Path | None, typer.Option("--input", "-i", help="Fil med mål: .jsonl ({id, text}) eller .txt.")
    ] = None,
    reference_date: Annotated[str | None, typer.Option(help="Skrivedato (ÅÅÅÅ-MM-DD); standard er i dag.")] = None,
    current_package: Annotated[str | None, typer.Option(help="Nuværende pakke, fx «ydelsespakke 3».")] = None,
) -> None:
    """Analysér ét mål eller en fil med mål; skriver JSON-linjer, én pr. mål, i inputrækkefølge."""
    from goaltext import default_analyzer
    from goaltext.schema import Context

    if (text is None) == (input is None):
        raise typer.BadParameter("angiv enten en tekst eller --input FIL")
    context = Context(reference_date=reference_date_option(reference_date), current_package=current_package)
    goals = read_goal_file(input) if input is not None else [(None, text or "")]
    analyzer = default_analyzer()
    for (goal_id, _), analysis in zip(goals, analyzer.pipe((t, context) for _, t in goals), strict=True):
        row = analysis.to_dict()
        if goal_id is not None:
            row = {"id": goal_id, **row}
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
