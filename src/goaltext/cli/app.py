"""The typer application every ``goaltext`` command registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="goaltext: tjekker målformuleringer for målbarhed, tidshorisont og konsekvens for ydelsen.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # never print local variables (goal texts) in a traceback
)


@app.callback()
def _commands() -> None:
    """goaltext: tjekker målformuleringer for målbarhed, tidshorisont og konsekvens for ydelsen."""
