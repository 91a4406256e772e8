"""``goaltext score`` and ``goaltext report``: archives of goals in, scored
archives and the management-information report out.

This module owns the files: it reads the input in chunks, hands each chunk to
an engine from ``goaltext.archive`` and writes the results. Goal texts go only
into the user's output files, never to the terminal or a log.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager, nullcontext
from dataclasses import replace
from datetime import date, datetime
from enum import StrEnum
from itertools import islice
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn
from rich.text import Text

from goaltext.archive.columns import ColumnError, guess_text_column, require_columns, require_scored
from goaltext.archive.engines import EngineUnavailableError, LocalEngine, dask_client, score_dask
from goaltext.archive.figures import report_figures
from goaltext.archive.html import render_report
from goaltext.archive.report import ReportBuilder, ReportOptions, slug
from goaltext.archive.scoring import ScoreOptions, empty_output
from goaltext.cli.app import app
from goaltext.cli.files import (
    FileFormatError,
    OutputFormat,
    PartialRun,
    TableReader,
    atomic_path,
    excel_csv,
    open_table,
    output_format,
    write_text_atomic,
)

STATE_VERSION = 1
DEFAULT_CHUNK = 2000
SHOWN_ERROR_IDS = 5


class Engine(StrEnum):
    local = "local"
    dask = "dask"


class PeriodChoice(StrEnum):
    måned = "måned"
    kvartal = "kvartal"
    år = "år"


PERIODS = {"måned": "month", "kvartal": "quarter", "år": "year"}


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a Danish error (never goal text) and give the exit to raise."""
    typer.echo(f"Fejl: {message}", err=True)
    return typer.Exit(code)


def date_option(value: str | None, option: str) -> date:
    """A date option: the date given (ÅÅÅÅ-MM-DD), else today."""
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise fail(f"{option} «{value}» er ikke en dato på formen ÅÅÅÅ-MM-DD.") from None


def danish_int(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class RateColumn(ProgressColumn):
    """Goals per second, in Danish number format."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{danish_int(round(speed))} mål/s", style="progress.data.speed")


class CountColumn(ProgressColumn):
    """Rows done of the (estimated) total: 1.500/~20.000."""

    def render(self, task: Task) -> Text:
        total = "" if task.total is None else f"/~{danish_int(int(task.total))}"
        return Text(f"{danish_int(int(task.completed))}{total}", style="progress.download")


@contextmanager
def progress_bar(description: str, total: int | None, completed: int = 0) -> Iterator[Any]:
    """A progress bar with rate and time left on a terminal; silent otherwise."""
    console = Console(stderr=True)
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(bar_width=16),
        CountColumn(),
        RateColumn(),
        TimeRemainingColumn(),
        TextColumn("tilbage"),
        console=console,
        disable=not console.is_terminal,
        transient=False,
    )
    with progress:
        task = progress.add_task(description, total=total, completed=completed)

        class Advance:
            def __call__(self, rows: int) -> None:
                progress.advance(task, rows)

            def finish(self) -> None:
                done = progress.tasks[0].completed
                progress.update(task, total=done)

        yield Advance()


def guess_id_column(columns: list[str]) -> str | None:
    return next((column for column in columns if column.casefold() == "id"), None)


def _fingerprint(input_path: Path, options: dict[str, Any]) -> dict[str, Any]:
    stat = input_path.stat()
    return {"input": str(input_path.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns, **options}


def _prepare_state(
    partial: PartialRun, fingerprint: dict[str, Any], reference: str | None, resume: bool, restart: bool
) -> dict[str, Any]:
    """The run's state: a fresh one, or the interrupted run's when resuming."""
    if partial.exists() and not restart:
        state = partial.load()
        if not resume:
            raise fail(
                f"der ligger en afbrudt kørsel til denne outputfil ({danish_int(state.get('rows_done', 0))} rækker "
                f"færdige i {partial.folder.name}). Brug --resume for at fortsætte eller --restart for at starte "
                "forfra."
            )
        old = state.get("fingerprint", {})
        changed = sorted(key for key in set(old) | set(fingerprint) if old.get(key) != fingerprint.get(key))
        if state.get("version") != STATE_VERSION or changed:
            raise fail(
                "kan ikke genoptage: inputfilen eller indstillingerne er ændret siden den afbrudte kørsel "
                f"({', '.join(changed) or 'version'}). Brug --restart for at starte forfra."
            )
        if reference is not None and reference != state["reference_date"]:
            raise fail(
                "kan ikke genoptage med en anden --reference-date end den afbrudte kørsels "
                f"({state['reference_date']})."
            )
        partial.drop_parts_from(state["chunks_done"])
        return state
    state = {
        "version": STATE_VERSION,
        "fingerprint": fingerprint,
        "reference_date": date_option(reference, "--reference-date").isoformat(),
        "chunks_done": 0,
        "rows_done": 0,
        "errors": 0,
        "error_ids": [],
        "columns": None,
        "started": datetime.now().isoformat(timespec="seconds"),
    }
    partial.start(state)
    return state


@app.command()
def score(
    input: Annotated[Path, typer.Argument(help="Fil med mål: .csv, .xlsx, .parquet eller .jsonl.", show_default=False)],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Outputfil; formatet følger filtypen.", show_default=False)
    ],
    text_col: Annotated[
        str | None, typer.Option(help="Kolonnen med målformuleringen (standard: text/tekst/målformulering).")
    ] = None,
    id_col: Annotated[str | None, typer.Option(help="Kolonnen med målets id (standard: id, hvis den findes).")] = None,
    created_col: Annotated[
        str | None, typer.Option(help="Kolonnen med oprettelsesdatoen; bruges som målets skrivedato.")
    ] = None,
    reference_date: Annotated[
        str | None, typer.Option(help="Skrivedato for alle mål uden --created-col (ÅÅÅÅ-MM-DD); standard er i dag.")
    ] = None,
    mask_pii: Annotated[
        bool, typer.Option("--mask-pii", help="Maskér CPR-numre, telefonnumre, e-mails og navne i tekstkolonnen.")
    ] = False,
    engine: Annotated[
        Engine, typer.Option(help="local: processer på denne maskine; dask: en Dask-klynge.")
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Adressen på Dask-scheduleren (kun med --engine dask); standard er en lokal klynge."),
    ] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Antal processer (standard: én pr. kerne).")] = None,
    chunk_size: Annotated[int, typer.Option(min=1, help="Rækker pr. bid.")] = DEFAULT_CHUNK,
    resume: Annotated[bool, typer.Option("--resume", help="Fortsæt en afbrudt kørsel til samme outputfil.")] = False,
    restart: Annotated[bool, typer.Option("--restart", help="Kassér en afbrudt kørsel og start forfra.")] = False,
) -> None:
    """Scorer en fil med mål: samme rækker i samme rækkefølge, med kolonner for dimensionerne, score og fejl."""
    if resume and restart:
        raise fail("brug enten --resume eller --restart, ikke begge.")
    if scheduler and engine is not Engine.dask:
        raise fail("--scheduler kræver --engine dask.")
    started = time.perf_counter()
    try:
        reader = open_table(input)
        text_col = text_col or guess_text_column(reader.columns)
        id_col = id_col or guess_id_column(reader.columns)
        require_columns(reader.columns, {"--text-col": text_col, "--id-col": id_col, "--created-col": created_col})
        if output.resolve() == input.resolve():
            raise fail("outputfilen må ikke være inputfilen.")
        plain = {text_col} | ({created_col} if created_col else set())
        writer = output_format(output, reader, plain)
        partial = PartialRun(output, writer.part_suffix)
        fingerprint = _fingerprint(
            input,
            {
                "text_col": text_col,
                "created_col": created_col,
                "mask_pii": mask_pii,
                "chunk_size": chunk_size,
                "writer": repr(writer),
            },
        )
        options = ScoreOptions(text_col, created_col, mask_pii=mask_pii)
        options.check(reader.columns)
        state = _prepare_state(partial, fingerprint, reference_date, resume, restart)
        if not created_col:
            options = replace(options, reference_date=date.fromisoformat(state["reference_date"]))
        _run(reader, options, writer, partial, state, plain, chunk_size, engine, scheduler, workers, id_col)
        columns = state["columns"] or list(empty_output(pd.DataFrame(columns=reader.columns), options).columns)
        with atomic_path(output) as temporary:
            writer.assemble(partial.parts(state["chunks_done"]), temporary, columns)
        partial.discard()
    except (FileFormatError, ColumnError, EngineUnavailableError) as error:
        raise fail(str(error)) from None
    _summary(state, output, time.perf_counter() - started)


def _run(
    reader: TableReader,
    options: ScoreOptions,
    writer: OutputFormat,
    partial: PartialRun,
    state: dict[str, Any],
    plain: set[str],
    chunk_size: int,
    engine: Engine,
    scheduler: str | None,
    workers: int | None,
    id_col: str | None,
) -> None:
    """Score every chunk not yet done, saving a part and the state after each."""
    done = state["chunks_done"]
    chunks = islice(reader.chunks(chunk_size, plain), done, None)
    session: Any
    if engine is Engine.dask:
        logging.getLogger("distributed").setLevel(logging.ERROR)
        session = dask_client(scheduler, workers)
    else:
        session = LocalEngine(options, workers)
    try:
        # The engine starts its worker processes before the progress bar starts its thread.
        with session as running, progress_bar("Scorer", reader.rows_estimate(), state["rows_done"]) as advance:
            scored = score_dask(chunks, options, running) if engine is Engine.dask else running.map(chunks)
            with closing(scored):
                for index, frame in enumerate(scored, start=done):
                    partial.write_part(writer, index, frame, state["rows_done"])
                    errors = frame["error"].notna()
                    state["chunks_done"] = index + 1
                    state["rows_done"] += len(frame)
                    state["errors"] += int(errors.sum())
                    if id_col and len(state["error_ids"]) < SHOWN_ERROR_IDS:
                        state["error_ids"] += frame.loc[errors, id_col].astype(str).tolist()[:SHOWN_ERROR_IDS]
                        state["error_ids"] = state["error_ids"][:SHOWN_ERROR_IDS]
                    state["columns"] = state["columns"] or [str(column) for column in frame.columns]
                    partial.save(state)
                    advance(len(frame))
            advance.finish()
    except KeyboardInterrupt:
        typer.echo(
            f"\nAfbrudt efter {danish_int(state['rows_done'])} rækker. "
            "Kør samme kommando med --resume for at fortsætte.",
            err=True,
        )
        raise typer.Exit(130) from None


def _summary(state: dict[str, Any], output: Path, seconds: float) -> None:
    """One line on a terminal (nothing when output is piped)."""
    console = Console(stderr=True)
    if not console.is_terminal:
        return
    rows = state["rows_done"]
    rate = danish_int(round(rows / seconds)) if seconds > 0 else "–"
    took = f"{seconds:.1f}".replace(".", ",")
    line = f"{danish_int(rows)} mål scoret på {took} s ({rate} mål/s) → {output}"
    if state["errors"]:
        ids = ", ".join(state["error_ids"])
        line += f"\n{danish_int(state['errors'])} rækker kunne ikke analyseres" + (f" (fx id {ids})" if ids else "")
        line += "; se kolonnen «error»."
    console.print(line, highlight=False, markup=False)


@app.command()
def report(
    scored: Annotated[Path, typer.Argument(help="En fil skrevet af «goaltext score».", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", help="Rapportens HTML-fil.", show_default=False)],
    by: Annotated[
        list[str] | None, typer.Option("--by", help="Kolonne at fordele på (kan gentages), fx enhed, område, år.")
    ] = None,
    date_col: Annotated[str | None, typer.Option(help="Datokolonne til udviklingen over tid.")] = None,
    created_col: Annotated[
        str | None, typer.Option(help="Oprettelsesdato: frist = oprettet + tidshorisont; viser mål over frist.")
    ] = None,
    followed_up_col: Annotated[
        str | None, typer.Option(help="Kolonne, der er udfyldt, når målet er fulgt op (tæller ikke som over frist).")
    ] = None,
    unit_col: Annotated[
        str | None, typer.Option(help="Enhedskolonne for mål over frist (standard: første --by).")
    ] = None,
    id_col: Annotated[str | None, typer.Option(help="Id-kolonne (standard: id, hvis den findes).")] = None,
    text_col: Annotated[
        str | None, typer.Option(help="Tekstkolonne til eksemplerne (standard: text/tekst/målformulering).")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option(help="Opgørelsesdato for fristerne (ÅÅÅÅ-MM-DD); standard er i dag.")
    ] = None,
    period: Annotated[
        PeriodChoice | None, typer.Option(help="Periode i udviklingen (standard: efter tidsspænd).")
    ] = None,
    top_words: Annotated[int, typer.Option(min=1, help="Antal uklare ord i oversigten.")] = 20,
    examples: Annotated[int, typer.Option(min=1, help="Antal bedste og svageste eksempler.")] = 5,
    chunk_size: Annotated[int, typer.Option(min=1, help="Rækker pr. bid ved indlæsning.")] = 50_000,
) -> None:
    """Laver ledelsesinformation fra en scoret fil: en selvstændig HTML-rapport og tabellerne som CSV/Excel."""
    import goaltext

    try:
        reader = open_table(scored)
        require_scored(reader.columns)
        if text_col is None:
            try:
                text_col = guess_text_column(reader.columns)
            except ColumnError:
                text_col = None
        options = ReportOptions(
            by=tuple(by or ()),
            date_col=date_col,
            created_col=created_col,
            followed_up_col=followed_up_col,
            unit_col=unit_col,
            id_col=id_col or guess_id_column(reader.columns),
            text_col=text_col,
            as_of=date_option(as_of, "--as-of"),
            period=PERIODS[period.value] if period else None,  # type: ignore[arg-type]
            top_words=top_words,
            examples=examples,
        )
        options.check(reader.columns)
        builder = ReportBuilder(options)
        overdue_path = output.with_name(f"{output.stem}_over_frist_alle.csv")
        with (
            progress_bar("Læser", reader.rows_estimate()) as advance,
            atomic_path(overdue_path) if created_col else nullcontext(None) as overdue_file,
        ):
            handle = overdue_file.open("w", encoding="utf-8-sig", newline="") if overdue_file else None
            with handle if handle is not None else nullcontext():
                first = True
                for chunk in reader.chunks(chunk_size):
                    listed = builder.add(chunk)
                    if handle is not None and (first or not listed.empty):
                        listed.to_csv(handle, sep=";", decimal=",", index=False, header=first, lineterminator="\n")
                        first = False
                    advance(len(chunk))
        tables = builder.tables()
        page = render_report(
            tables, report_figures(tables), options, source_name=scored.name, version=goaltext.__version__
        )
        write_text_atomic(output, page)
        _write_tables(tables.named(), output)
    except (FileFormatError, ColumnError) as error:
        raise fail(str(error)) from None


def _write_tables(tables: dict[str, pd.DataFrame], output: Path) -> None:
    """The report's tables beside it: one CSV per table (for Danish Excel) and one workbook."""
    for name, table in tables.items():
        write_text_atomic(output.with_name(f"{output.stem}_{name}.csv"), excel_csv(table), encoding="utf-8-sig")
    with atomic_path(output.with_suffix(".xlsx")) as temporary, pd.ExcelWriter(temporary, engine="openpyxl") as book:
        for name, table in tables.items():
            table.to_excel(book, sheet_name=slug(name)[:31], index=False)
