"""``goaltext score`` and ``goaltext report`` end to end: Danish Excel exports
and the other formats in, every row out in order, clear errors, resumable
runs, the Dask engine, and the report with its tables. All data is synthetic."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

import goaltext.archive.engines as engines
from goaltext.archive.columns import OUTPUT_COLUMNS
from goaltext.archive.synthetic import synthetic_archive
from goaltext.cli import app
from goaltext.cli.files import PartialRun

runner = CliRunner()
TEXT = "målformulering"
GOALS = [
    "Borgeren kan selv handle ind 2 gange om ugen inden for 3 måneder. Herefter reduceres støtten til 2 timer om ugen.",
    "Øget trivsel og livskvalitet på sigt.",
    "- kan selv tage bad\n- tager medicin uden påmindelse; opfølgning hver 3. måned",
    "",
    "Borgeren Åse Ærbø skal have det bedre, koster 5 € om ugen.",
]


def score(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["score", *map(str, args), "--workers", "1"])
    return result.exit_code, result.output


def read_csv(path: Path, delimiter: str = ";") -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV output starts with a UTF-8 BOM so Excel reads ÆØÅ"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=delimiter))


@pytest.fixture(scope="module")
def archive() -> pd.DataFrame:
    return synthetic_archive(160, seed=9)


@pytest.fixture(scope="module")
def archive_csv(tmp_path_factory: pytest.TempPathFactory, archive: pd.DataFrame) -> Path:
    path = tmp_path_factory.mktemp("archive") / "arkiv.csv"
    archive.to_csv(path, sep=";", index=False, encoding="cp1252")
    return path


@pytest.fixture(scope="module")
def scored_csv(tmp_path_factory: pytest.TempPathFactory, archive_csv: Path) -> Path:
    output = tmp_path_factory.mktemp("scored") / "scoret.csv"
    code, out = score(archive_csv, "-o", output, "--created-col", "oprettet", "--chunk-size", "50")
    assert code == 0, out
    return output


# ----------------------------------------------------------------- CSV input


def test_a_danish_excel_export_keeps_every_row_and_value(tmp_path: Path) -> None:
    """Semicolons, cp1252 with ÆØÅ and €, ids with leading zeros, a multi-line cell, an empty text."""
    source = tmp_path / "eksport.csv"
    rows = [["id", "Enhed", "Målformulering", "Oprettet"]]
    rows += [[f"{n:03d}", "Bostøtte Øst", goal, "05-01-2026"] for n, goal in enumerate(GOALS, start=7)]
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    source.write_bytes(buffer.getvalue().encode("cp1252"))
    output = tmp_path / "scoret.csv"

    code, out = score(source, "-o", output, "--text-col", "Målformulering", "--created-col", "Oprettet")

    assert (code, out) == (0, "")  # quiet when not on a terminal
    header, *body = read_csv(output)
    assert header == [*rows[0], *OUTPUT_COLUMNS]
    assert [row[:4] for row in body] == rows[1:]
    scored = pd.DataFrame(body, columns=header)
    assert scored["error"].tolist() == ["", "", "", "Tom tekst: der er ingen målformulering at analysere.", ""]
    assert scored["time_horizon"].iloc[0] == "true" and scored["horizon"].iloc[0] == "P3M"
    assert scored["measurable_probability"].str.fullmatch(r"(0,\d+|1,0)?").all()  # decimal comma after ";"
    assert not (tmp_path / "scoret.csv.partial").exists()


@pytest.mark.parametrize(
    ("encoding", "delimiter", "suffix"),
    [
        ("utf-8", ",", ".csv"),
        ("utf-8-sig", ";", ".csv"),
        ("utf-8", "\t", ".tsv"),
        ("utf-16", "\t", ".txt"),  # Excel's "Unicode-tekst"
        ("latin-1", ";", ".csv"),
        ("cp1252", ",", ".csv"),
    ],
)
def test_delimiter_and_encoding_are_detected_and_the_delimiter_kept(
    tmp_path: Path, encoding: str, delimiter: str, suffix: str
) -> None:
    frame = pd.DataFrame({"id": ["001", "002", "003"], "tekst": GOALS[:3], "bemærkning": ["Æble, pære", "", "x;y"]})
    source = tmp_path / f"mål{suffix}"
    frame.to_csv(source, sep=delimiter, index=False, encoding=encoding)
    output = tmp_path / f"ud{suffix}"
    code, out = score(source, "-o", output)
    assert code == 0, out
    header, *body = read_csv(output, delimiter)
    assert header == ["id", "tekst", "bemærkning", *OUTPUT_COLUMNS]
    assert [row[:3] for row in body] == frame.to_numpy().tolist()


def test_a_file_with_the_wrong_number_of_fields_names_the_line(tmp_path: Path) -> None:
    source = tmp_path / "skæv.csv"
    source.write_text("id;tekst\n1;Borgeren kan selv tage bad.\n2;Der følges op;efter 4 mdr.\n", encoding="utf-8")
    code, out = score(source, "-o", tmp_path / "ud.csv")
    assert code == 2
    assert "linje 3 har 3 felter, men overskriften har 2" in out and "semikolon" in out
    assert not (tmp_path / "ud.csv").exists()


# ------------------------------------------------------------- other formats


def test_xlsx_in_and_out_keeps_rows_values_and_blank_rows_between_data(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["id", "tekst", "timer", "oprettet"])
    sheet.append(["007", GOALS[0], 4, datetime(2026, 1, 5)])
    sheet.append([None, None, None, None])  # a blank row between data is a row
    sheet.append(["009", GOALS[1], 2.5, datetime(2026, 2, 1, 10, 30)])
    sheet.append([None, None, None, None])  # trailing blank rows are not
    source = tmp_path / "mål.xlsx"
    book.save(source)
    output = tmp_path / "scoret.xlsx"

    code, out = score(source, "-o", output, "--created-col", "oprettet")

    assert code == 0, out
    rows = list(load_workbook(output, read_only=True).active.iter_rows(values_only=True))
    assert rows[0] == ("id", "tekst", "timer", "oprettet", *OUTPUT_COLUMNS)
    assert [row[:4] for row in rows[1:]] == [
        ("007", GOALS[0], "4", "2026-01-05"),
        (None, None, None, None),
        ("009", GOALS[1], "2.5", "2026-02-01 10:30:00"),
    ]
    errors = [row[-1] for row in rows[1:]]
    assert errors[0] is None and errors[1].startswith("Ingen gyldig dato") is False and "Tom tekst" in errors[1]
    assert rows[1][OUTPUT_COLUMNS.index("measurable") + 4] in (True, False)  # a real Excel boolean


def test_parquet_in_and_out_keeps_column_types(tmp_path: Path) -> None:
    table = pa.table(
        {
            "id": pa.array([7, 8, 9], pa.int64()),
            "tekst": pa.array([GOALS[0], None, GOALS[2]], pa.string()),
            "oprettet": pa.array([datetime(2026, 1, 5), datetime(2026, 1, 6), None], pa.timestamp("ms")),
            "timer": pa.array([4.5, None, 2.0], pa.float64()),
        }
    )
    source = tmp_path / "mål.parquet"
    pq.write_table(table, source)
    output = tmp_path / "scoret.parquet"

    code, out = score(source, "-o", output, "--created-col", "oprettet")

    assert code == 0, out
    scored = pq.read_table(output)
    assert scored.schema.field("id").type == pa.int64()
    assert scored.schema.field("oprettet").type == pa.timestamp("ms")
    assert scored.schema.field("measurable").type == pa.bool_()
    assert scored.schema.field("horizon_days").type == pa.int64()
    assert scored.column("id").to_pylist() == [7, 8, 9]
    assert scored.column("timer").to_pylist() == [4.5, None, 2.0]
    assert scored.column("error").to_pylist()[1].startswith("Tom tekst")
    assert scored.column("error").to_pylist()[2].startswith("Ingen gyldig dato i kolonnen «oprettet»")


def test_jsonl_in_and_out_keeps_every_json_value(tmp_path: Path) -> None:
    records = [
        {"id": 7, "tekst": GOALS[0], "meta": {"kilde": "Nexus", "felter": [1, 2]}, "aktiv": True},
        {"id": "008", "tekst": GOALS[1], "meta": None},
        {"tekst": None, "id": 9.5, "ny": "ÆØÅ"},
    ]
    source = tmp_path / "mål.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records) + "\n", encoding="utf-8")
    output = tmp_path / "scoret.jsonl"

    code, out = score(source, "-o", output, "--id-col", "id")

    assert code == 0, out
    lines = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 3
    for record, line in zip(records, lines, strict=True):
        assert {key: line[key] for key in record} == record
        assert set(line) == set(record) | set(OUTPUT_COLUMNS)  # missing keys stay missing
    assert lines[2]["error"].startswith("Tom tekst") and lines[0]["measurable"] in (True, False)


@pytest.mark.parametrize("suffix", [".parquet", ".xlsx", ".jsonl"])
def test_any_output_format_holds_the_same_rows_as_csv(scored_csv: Path, archive_csv: Path, suffix: str) -> None:
    output = scored_csv.with_name(f"andet{suffix}")
    code, out = score(archive_csv, "-o", output, "--created-col", "oprettet")
    assert code == 0, out
    expected = pd.read_csv(scored_csv, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if suffix == ".parquet":
        got = pd.read_parquet(output)
    elif suffix == ".xlsx":
        got = pd.read_excel(output, dtype=object)
    else:
        got = pd.read_json(output, lines=True, dtype=False)
    assert list(got.columns) == list(expected.columns)
    assert got["id"].tolist() == expected["id"].tolist()
    assert got[TEXT].tolist() == expected[TEXT].tolist()
    assert got["score"].astype(int).tolist() == expected["score"].astype(int).tolist()
    assert got["horizon"].fillna("").tolist() == expected["horizon"].tolist()


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--text-col", "tekst"], "--text-col «tekst» findes ikke. Filens kolonner er: «id», «enhed», «område»"),
        (["--id-col", "sagsnr"], "--id-col «sagsnr» findes ikke"),
        (["--created-col", "dato"], "--created-col «dato» findes ikke"),
        (["--text-col", "score"], "samme navn som en kolonne, goaltext tilføjer"),
        (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler kræver --engine dask"),
        (["--resume", "--restart"], "brug enten --resume eller --restart"),
    ],
)
def test_wrong_options_are_clear_danish_errors_and_write_nothing(
    archive_csv: Path, tmp_path: Path, options: list[str], message: str
) -> None:
    if "score" in options:  # a file that has a column named like an added one
        frame = pd.DataFrame({"id": ["1"], "score": ["Borgeren kan selv tage bad."]})
        source = tmp_path / "med_score.csv"
        frame.to_csv(source, index=False)
    else:
        source = archive_csv
    output = tmp_path / "ud.csv"
    code, out = score(source, "-o", output, *options)
    assert code == 2
    assert out.startswith("Fejl: ") and message in out
    assert not output.exists() and not (tmp_path / "ud.csv.partial").exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [("mål.docx", "ukendt filtype «.docx»"), ("findes_ikke.csv", "filen findes ikke")],
)
def test_unreadable_inputs_are_clear_errors(tmp_path: Path, name: str, message: str) -> None:
    source = tmp_path / name
    if name.endswith(".docx"):
        source.write_bytes(b"PK\x03\x04")
    code, out = score(source, "-o", tmp_path / "ud.csv")
    assert code == 2 and message in out


def test_the_output_may_not_be_the_input(archive_csv: Path) -> None:
    code, out = score(archive_csv, "-o", archive_csv)
    assert code == 2 and "outputfilen må ikke være inputfilen" in out


# --------------------------------------------------------------- masking


def test_mask_pii_masks_only_the_text_column(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "tekst": ["Borgeren Hanne Jensen (010190-1234, tlf. 23 45 67 89) kan selv tage bad."],
            "sagsbehandler": ["Mette Hansen"],
        }
    )
    source = tmp_path / "mål.csv"
    frame.to_csv(source, index=False)
    code, out = score(source, "-o", tmp_path / "ud.csv", "--mask-pii")
    assert code == 0, out
    _, row = read_csv(tmp_path / "ud.csv", ",")
    assert row[:2] == ["Borgeren [NAVN] ([CPR], tlf. [TELEFON]) kan selv tage bad.", "Mette Hansen"]


# ---------------------------------------------------------------- resuming


def _interrupt_after(monkeypatch: pytest.MonkeyPatch, parts: int) -> None:
    """Make the run stop like a Ctrl-C after ``parts`` chunks are saved."""
    original = PartialRun.write_part
    written = {"count": 0}

    def write_part(self: PartialRun, *args: object, **kwargs: object) -> None:
        if written["count"] == parts:
            raise KeyboardInterrupt
        written["count"] += 1
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PartialRun, "write_part", write_part)


def _count_scored_chunks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    sizes: list[int] = []
    original = engines.score_chunk

    def counting(frame: pd.DataFrame, *args: object) -> pd.DataFrame:
        sizes.append(len(frame))
        return original(frame, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(engines, "score_chunk", counting)
    return sizes


def test_an_interrupted_run_leaves_no_output_and_resumes_where_it_stopped(
    archive_csv: Path, scored_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "scoret.csv"
    options = ["--created-col", "oprettet", "--chunk-size", "50"]
    with monkeypatch.context() as patch:
        _interrupt_after(patch, 2)
        code, out = score(archive_csv, "-o", output, *options)
    assert code == 130 and "Afbrudt efter 100 rækker" in out and "--resume" in out
    assert not output.exists()
    state = json.loads((tmp_path / "scoret.csv.partial" / "state.json").read_text(encoding="utf-8"))
    assert (state["chunks_done"], state["rows_done"]) == (2, 100)

    code, out = score(archive_csv, "-o", output, *options)
    assert code == 2 and "Brug --resume for at fortsætte eller --restart" in out

    with monkeypatch.context() as patch:
        scored_sizes = _count_scored_chunks(patch)
        code, out = score(archive_csv, "-o", output, *options, "--resume")
    assert code == 0, out
    assert scored_sizes == [50, 10]  # only the chunks not done before
    assert output.read_bytes() == scored_csv.read_bytes()
    assert not (tmp_path / "scoret.csv.partial").exists()


def test_resuming_refuses_a_changed_input_and_restart_starts_over(
    archive: pd.DataFrame, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "arkiv.csv"
    archive.iloc[:120].to_csv(source, sep=";", index=False)
    output = tmp_path / "ud.csv"
    with monkeypatch.context() as patch:
        _interrupt_after(patch, 1)
        assert score(source, "-o", output, "--chunk-size", "40")[0] == 130
    archive.iloc[:121].to_csv(source, sep=";", index=False)
    code, out = score(source, "-o", output, "--chunk-size", "40", "--resume")
    assert code == 2 and "inputfilen eller indstillingerne er ændret" in out and "size" in out
    code, out = score(source, "-o", output, "--chunk-size", "40", "--restart")
    assert code == 0, out
    assert len(read_csv(output)) == 122


def _goaltext_command() -> list[str]:
    script = Path(sys.executable).with_name("goaltext")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from goaltext.cli import app; app()"]


def test_a_run_killed_hard_resumes_to_the_same_output(archive: pd.DataFrame, tmp_path: Path) -> None:
    """SIGKILL: no clean-up code runs; parts and state must still be consistent."""
    source = tmp_path / "arkiv.csv"
    pd.concat([archive] * 8, ignore_index=True).to_csv(source, sep=";", index=False)
    options = ["--chunk-size", "10", "--reference-date", "2026-01-15", "--workers", "1"]
    killed = tmp_path / "afbrudt.csv"
    state_file = tmp_path / "afbrudt.csv.partial" / "state.json"
    process = subprocess.Popen(
        [*_goaltext_command(), "score", str(source), "-o", str(killed), *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None:
            if state_file.exists() and json.loads(state_file.read_text(encoding="utf-8"))["chunks_done"] >= 3:
                break
            time.sleep(0.02)
        assert process.poll() is None, "the run finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        process.wait(timeout=30)
    assert not killed.exists()

    result = runner.invoke(app, ["score", str(source), "-o", str(killed), *options, "--resume"])
    assert result.exit_code == 0, result.output
    whole = tmp_path / "hel.csv"
    result = runner.invoke(app, ["score", str(source), "-o", str(whole), *options])
    assert result.exit_code == 0, result.output
    assert killed.read_bytes() == whole.read_bytes()


# -------------------------------------------------------------------- dask


@pytest.fixture(scope="module")
def dask_scheduler() -> Iterator[str]:
    """A small LocalCluster in this process (threads, in-process transport: no network)."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_the_dask_engine_gives_the_same_output_as_the_local_engine(
    archive_csv: Path, scored_csv: Path, tmp_path: Path, dask_scheduler: str
) -> None:
    output = tmp_path / "dask.csv"
    result = runner.invoke(
        app,
        [
            "score",
            str(archive_csv),
            "-o",
            str(output),
            "--created-col",
            "oprettet",
            "--chunk-size",
            "50",
            "--engine",
            "dask",
            "--scheduler",
            dask_scheduler,
        ],
    )
    assert result.exit_code == 0, result.output
    assert output.read_bytes() == scored_csv.read_bytes()


# ------------------------------------------------------------------ report


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory, scored_csv: Path) -> Path:
    folder = tmp_path_factory.mktemp("rapport")
    result = runner.invoke(
        app,
        [
            "report",
            str(scored_csv),
            "-o",
            str(folder / "rapport.html"),
            "--by",
            "enhed",
            "--by",
            "år",
            "--created-col",
            "oprettet",
            "--followed-up-col",
            "opfulgt",
            "--as-of",
            "2026-01-01",
        ],
    )
    assert result.exit_code == 0, result.output
    return folder


def test_the_report_and_its_tables_are_written_beside_each_other(report_dir: Path) -> None:
    names = sorted(path.name for path in report_dir.iterdir())
    assert names == [
        "rapport.html",
        "rapport.xlsx",
        "rapport_andele.csv",
        "rapport_efter_aar.csv",
        "rapport_efter_enhed.csv",
        "rapport_eksempler.csv",
        "rapport_konsekvenser.csv",
        "rapport_noegletal.csv",
        "rapport_over_frist.csv",
        "rapport_over_frist_alle.csv",
        "rapport_over_frist_pr_enhed.csv",
        "rapport_tidshorisonter.csv",
        "rapport_udvikling.csv",
        "rapport_uklare_ord.csv",
    ]
    page = (report_dir / "rapport.html").read_text(encoding="utf-8")
    assert '<html lang="da">' in page and page.count("* plotly.js v") == 1
    assert "<h2>Fordelt på enhed</h2>" in page and "<h2>Mål over frist</h2>" in page
    sheets = load_workbook(report_dir / "rapport.xlsx", read_only=True).sheetnames
    assert sheets[:3] == ["noegletal", "andele", "efter_enhed"]


def test_table_files_are_for_danish_excel(report_dir: Path) -> None:
    header, *rows = read_csv(report_dir / "rapport_andele.csv")
    assert header == ["Dimension", "Antal mål", "Andel (%)"]
    assert [row[0] for row in rows] == ["Målbar", "Tidshorisont", "Konsekvens for ydelsen", "Alle tre"]
    assert all("," in row[2] or row[2].isdigit() for row in rows)


def test_the_full_overdue_list_matches_the_counts_by_unit(report_dir: Path) -> None:
    _, *listed = read_csv(report_dir / "rapport_over_frist_alle.csv")
    header, *units = read_csv(report_dir / "rapport_over_frist_pr_enhed.csv")
    column = header.index("Over frist uden opfølgning")
    assert len(listed) == sum(int(row[column]) for row in units) > 0


def test_the_report_reads_any_scored_format_to_the_same_tables(
    archive_csv: Path, report_dir: Path, tmp_path: Path
) -> None:
    scored = tmp_path / "scoret.parquet"
    assert score(archive_csv, "-o", scored, "--created-col", "oprettet")[0] == 0
    options = ["--by", "enhed", "--by", "år", "--created-col", "oprettet", "--followed-up-col", "opfulgt"]
    result = runner.invoke(
        app, ["report", str(scored), "-o", str(tmp_path / "rapport.html"), *options, "--as-of", "2026-01-01"]
    )
    assert result.exit_code == 0, result.output
    for name in ("andele", "efter_enhed", "udvikling", "tidshorisonter", "uklare_ord", "over_frist_pr_enhed"):
        csv_name = f"rapport_{name}.csv"
        assert (tmp_path / csv_name).read_bytes() == (report_dir / csv_name).read_bytes(), name


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--by", "afdeling"], "--by «afdeling» findes ikke. Filens kolonner er: «id», «enhed»"),
        (["--as-of", "1. januar"], "--as-of «1. januar» er ikke en dato"),
    ],
)
def test_report_option_errors_are_clear(scored_csv: Path, tmp_path: Path, options: list[str], message: str) -> None:
    result = runner.invoke(app, ["report", str(scored_csv), "-o", str(tmp_path / "r.html"), *options])
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "r.html").exists()


def test_a_file_that_was_not_scored_is_refused(archive_csv: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(archive_csv), "-o", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and "ser ikke ud til at være scoret" in result.output
