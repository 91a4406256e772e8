"""Reading and writing archive files for ``goaltext score`` and ``goaltext report``.

Readers stream a file in chunks of rows: CSV (delimiter ``;``, ``,`` or tab
and encoding UTF-8, UTF-8 with BOM, UTF-16 with BOM or cp1252/Latin-1
detected), XLSX, Parquet and JSONL. CSV and XLSX values are read as text, so
ids like "007" and dates keep their exact form; Parquet keeps its column
types; JSONL keeps every value's JSON (numbers, objects, null) for JSONL
output. Writers produce the output in parts, one per chunk, so an interrupted
run can resume, and assemble the parts into a temporary file that is renamed
over the target only when complete.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, ClassVar, Protocol

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

FORMATS: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
DELIMITERS = (";", "\t", ",")  # preference order when counts tie
DELIMITER_NAMES = {";": "semikolon", ",": "komma", "\t": "tabulator"}
SCAN_BLOCK = 1 << 20
XLSX_MAX_ROWS = 1_048_576
XLSX_MAX_CELL = 32_767
LATIN1_ONLY = frozenset(b"\x81\x8d\x8f\x90\x9d")  # undefined in cp1252


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


class FileFormatError(ValueError):
    """A file cannot be read or written as asked; the message is Danish and names no goal text."""


def file_format(path: Path) -> str:
    """The format a file name asks for."""
    found = FORMATS.get(path.suffix.lower())
    if found is None:
        known = ", ".join(sorted(FORMATS))
        raise FileFormatError(
            f"{path.name}: ukendt filtype «{path.suffix or '(ingen)'}»; goaltext kan læse og skrive {known}."
        )
    return found


# ---------------------------------------------------------------- CSV dialect


@dataclass(frozen=True)
class CsvDialect:
    encoding: str
    delimiter: str


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else cp1252 (Latin-1 when
    the file has bytes cp1252 does not define). The whole file is checked, so a
    late "ø" in cp1252 is not read as broken UTF-8."""
    with path.open("rb") as handle:
        head = handle.read(4)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        seen = bytearray()
        try:
            while block := handle.read(SCAN_BLOCK):
                decoder.decode(block)
                if len(seen) < SCAN_BLOCK:
                    seen += block[: SCAN_BLOCK - len(seen)]
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            handle.seek(0)
            sample = handle.read(16 * SCAN_BLOCK)
            return "latin-1" if LATIN1_ONLY & set(sample) else "cp1252"
    return "utf-8"


def _first_record(text: str) -> str:
    """The header record: up to the first line break outside quotes."""
    quoted = False
    for position, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char in "\r\n" and not quoted:
            return text[:position]
    return text


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def detect_delimiter(sample: str) -> str:
    """The delimiter the header uses most; for a one-column file one the data never uses."""
    header = _first_record(sample)
    counts = {delimiter: _count_outside_quotes(header, delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    if counts[best] > 0:
        return best
    return next((d for d in DELIMITERS if d not in sample), DELIMITERS[1])


def sniff_csv(path: Path) -> CsvDialect:
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        sample = handle.read(64 * 1024)
    return CsvDialect(encoding, detect_delimiter(sample))


def count_lines(path: Path) -> int:
    """Line breaks in a file (an estimate of its rows, for the progress bar)."""
    lines = 0
    with path.open("rb") as handle:
        while block := handle.read(SCAN_BLOCK):
            lines += block.count(b"\n")
    return lines


# -------------------------------------------------------------------- readers


def _no_duplicates(columns: list[str], path: Path) -> list[str]:
    seen: set[str] = set()
    for column in columns:
        if column in seen:
            raise FileFormatError(f"{path.name}: kolonnenavnet «{column}» står flere gange i overskriften.")
        seen.add(column)
    return columns


class TableReader:
    """Streams a table file in chunks of rows (DataFrames with a running index)."""

    format: ClassVar[str]

    def __init__(self, path: Path) -> None:
        self.path = path
        self.columns: list[str] = []
        self.delimiter: str | None = None

    def rows_estimate(self) -> int | None:
        return None

    def json_columns(self, plain: set[str]) -> frozenset[str]:
        """Columns whose cells hold JSON text (only JSONL input has them)."""
        return frozenset()

    def chunks(self, size: int, plain: set[str] | None = None) -> Iterator[pd.DataFrame]:
        raise NotImplementedError


class CsvReader(TableReader):
    format = "csv"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.dialect = sniff_csv(path)
        self.delimiter = self.dialect.delimiter
        try:
            header = pd.read_csv(path, nrows=0, **self._options())
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
            raise FileFormatError(f"{path.name}: kunne ikke læse overskriften ({self._reason(error)}).") from error
        self.columns = _no_duplicates([str(column) for column in header.columns], path)

    def _options(self) -> dict[str, Any]:
        return {
            "sep": self.dialect.delimiter,
            "encoding": self.dialect.encoding,
            "encoding_errors": "replace",
            "dtype": str,
            "keep_default_na": False,
            "na_filter": False,
            "engine": "c",
        }

    def _reason(self, error: Exception) -> str:
        message = str(error)
        match = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
        if match:
            expected, line, saw = match.groups()
            name = DELIMITER_NAMES[self.dialect.delimiter]
            return (
                f"linje {line} har {saw} felter, men overskriften har {expected}; "
                f"tjek skilletegnet (fundet: {name}) og citationstegnene"
            )
        if "EOF inside string" in message:
            return "filen slutter inde i et felt i anførselstegn; et anførselstegn mangler"
        return "filen er ikke gyldig CSV"

    def rows_estimate(self) -> int | None:
        return max(0, count_lines(self.path) - 1)

    def chunks(self, size: int, plain: set[str] | None = None) -> Iterator[pd.DataFrame]:
        reader = pd.read_csv(self.path, chunksize=size, **self._options())
        start = 0
        try:
            for chunk in reader:
                chunk.index = pd.RangeIndex(start, start + len(chunk))
                start += len(chunk)
                yield chunk
        except (pd.errors.ParserError, UnicodeError) as error:
            raise FileFormatError(f"{self.path.name}: {self._reason(error)}.") from error
        finally:
            reader.close()


def _cell_text(value: object) -> str | None:
    """An Excel cell as text, in the form a person reads it."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "SAND" if value else "FALSK"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, (date, time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class XlsxReader(TableReader):
    format = "xlsx"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        from openpyxl import load_workbook

        try:
            self._book = load_workbook(path, read_only=True, data_only=True)
        except Exception as error:
            raise FileFormatError(f"{path.name}: kunne ikke åbnes som Excel-fil ({type(error).__name__}).") from error
        self._sheet = self._book.worksheets[0]
        header = next(self._sheet.iter_rows(max_row=1, values_only=True), ())
        self.columns = _no_duplicates(
            [_cell_text(value) or f"kolonne_{number}" for number, value in enumerate(header, start=1)], path
        )

    def rows_estimate(self) -> int | None:
        rows = self._sheet.max_row
        return None if rows is None else max(0, rows - 1)

    def chunks(self, size: int, plain: set[str] | None = None) -> Iterator[pd.DataFrame]:
        width = len(self.columns)
        rows: list[list[str | None]] = []
        blank: list[list[str | None]] = []  # empty rows count only when data follows them
        start = 0
        for values in self._sheet.iter_rows(min_row=2, values_only=True):
            row = [_cell_text(value) for value in values[:width]]
            row += [None] * (width - len(row))
            if all(cell is None for cell in row):
                blank.append(row)
                continue
            rows.extend(blank)
            blank = []
            rows.append(row)
            while len(rows) >= size:
                yield self._frame(rows[:size], start)
                start += size
                rows = rows[size:]
        if rows:
            yield self._frame(rows, start)
        self._book.close()

    def _frame(self, rows: list[list[str | None]], start: int) -> pd.DataFrame:
        return pd.DataFrame(rows, columns=self.columns, dtype="str", index=pd.RangeIndex(start, start + len(rows)))


class ParquetReader(TableReader):
    format = "parquet"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        try:
            self._file = pq.ParquetFile(path)
        except (pa.ArrowException, OSError) as error:
            raise FileFormatError(f"{path.name}: kunne ikke åbnes som Parquet-fil ({type(error).__name__}).") from error
        self.columns = _no_duplicates(list(self._file.schema_arrow.names), path)

    def rows_estimate(self) -> int | None:
        return self._file.metadata.num_rows

    def chunks(self, size: int, plain: set[str] | None = None) -> Iterator[pd.DataFrame]:
        start = 0
        for batch in self._file.iter_batches(batch_size=size):
            frame = pa.Table.from_batches([batch]).to_pandas(types_mapper=pd.ArrowDtype)
            frame.index = pd.RangeIndex(start, start + len(frame))
            start += len(frame)
            yield frame


class JsonlReader(TableReader):
    """JSON lines, one object per line. Columns are the keys in order of first
    appearance. Values stay JSON text (``plain`` columns are decoded), so JSONL
    output gives back numbers, objects and null as they were."""

    format = "jsonl"

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        keys: dict[str, None] = {}
        self._rows = 0
        for number, record in self._records():
            if not isinstance(record, dict):
                raise FileFormatError(f"{path.name}: linje {number} er ikke et JSON-objekt.")
            keys.update(dict.fromkeys(record))
            self._rows += 1
        self.columns = list(keys)

    def _records(self) -> Iterator[tuple[int, Any]]:
        with self.path.open(encoding="utf-8-sig", errors="replace") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield number, json.loads(line)
                except json.JSONDecodeError as error:
                    raise FileFormatError(
                        f"{self.path.name}: linje {number} er ikke gyldig JSON ({error.msg})."
                    ) from error

    def rows_estimate(self) -> int | None:
        return self._rows

    def json_columns(self, plain: set[str]) -> frozenset[str]:
        return frozenset(column for column in self.columns if column not in plain)

    def chunks(self, size: int, plain: set[str] | None = None) -> Iterator[pd.DataFrame]:
        """``plain=None`` decodes every value (for reading); otherwise only those columns."""
        rows: list[list[Any]] = []
        start = 0
        encoded = self.json_columns(plain) if plain is not None else frozenset()
        for _, record in self._records():
            row = []
            for column in self.columns:
                if column not in record:
                    row.append(None)
                elif column in encoded:
                    row.append(json.dumps(record[column], ensure_ascii=False))
                else:
                    value = record[column]
                    row.append(value if plain is None or value is None or isinstance(value, str) else str(value))
            rows.append(row)
            if len(rows) >= size:
                yield self._frame(rows, start, plain)
                start += len(rows)
                rows = []
        if rows:
            yield self._frame(rows, start, plain)

    def _frame(self, rows: list[list[Any]], start: int, plain: set[str] | None) -> pd.DataFrame:
        # With ``plain`` every cell is text or missing: a stable string type.
        dtype = "str" if plain is not None else object
        return pd.DataFrame(rows, columns=self.columns, index=pd.RangeIndex(start, start + len(rows)), dtype=dtype)


READERS: dict[str, type[TableReader]] = {
    "csv": CsvReader,
    "xlsx": XlsxReader,
    "parquet": ParquetReader,
    "jsonl": JsonlReader,
}


def open_table(path: Path) -> TableReader:
    """A reader for the file, chosen by its extension."""
    if not path.is_file():
        raise FileFormatError(f"filen findes ikke: {path}")
    return READERS[file_format(path)](path)


# -------------------------------------------------------------------- writers


def missing(value: object) -> bool:
    """None, NA, NaN or NaT: a cell without a value."""
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def decode_json_cell(value: object) -> object:
    """A JSON cell as a plain value for CSV/XLSX/Parquet: strings as they are,
    null as missing, anything else as its compact JSON text."""
    if missing(value):
        return None
    decoded = json.loads(value)  # type: ignore[arg-type]
    if decoded is None or isinstance(decoded, str):
        return decoded
    return json.dumps(decoded, ensure_ascii=False, separators=(",", ":"))


def plain_frame(frame: pd.DataFrame, json_columns: frozenset[str]) -> pd.DataFrame:
    """JSON cells turned into plain text values."""
    if not json_columns:
        return frame
    decoded = {
        column: pd.array([decode_json_cell(v) for v in frame[column].tolist()], dtype="string")
        for column in frame.columns
        if column in json_columns
    }
    return frame.assign(**decoded)


class OutputFormat(Protocol):
    """Writes one chunk as a part file, and the parts as the finished output."""

    part_suffix: str

    def write_part(self, frame: pd.DataFrame, path: Path, rows_before: int) -> None: ...

    def assemble(self, parts: list[Path], target: Path, columns: list[str]) -> None: ...


@dataclass(frozen=True)
class CsvOutput:
    """CSV in UTF-8 with BOM (Excel reads it right), with the input's delimiter;
    after ``;`` decimals get a comma, as Danish Excel expects."""

    delimiter: str = ","
    json_columns: frozenset[str] = frozenset()
    part_suffix: str = ".csv"

    def text(self, frame: pd.DataFrame, header: bool) -> str:
        frame = plain_frame(frame, self.json_columns)
        booleans = {
            column: frame[column].map({True: "true", False: "false"}).astype("string")
            for column in frame.columns
            if pd.api.types.is_bool_dtype(frame[column].dtype)
        }
        frame = frame.assign(**booleans)
        return frame.to_csv(
            sep=self.delimiter,
            index=False,
            header=header,
            decimal="," if self.delimiter == ";" else ".",
            lineterminator="\n",
            quoting=csv.QUOTE_MINIMAL,
        )

    def write_part(self, frame: pd.DataFrame, path: Path, rows_before: int) -> None:
        path.write_text(self.text(frame, header=False), encoding="utf-8", newline="")

    def assemble(self, parts: list[Path], target: Path, columns: list[str]) -> None:
        with target.open("wb") as out:
            out.write(self.text(pd.DataFrame(columns=columns), header=True).encode("utf-8-sig"))
            for part in parts:
                with part.open("rb") as handle:
                    shutil.copyfileobj(handle, out, SCAN_BLOCK)


def _json_value(value: object) -> object:
    if missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()  # type: ignore[union-attr]
        except (ValueError, AttributeError):
            pass
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class JsonlOutput:
    """One JSON object per row; JSON cells are written back as they were read,
    keys that were missing stay missing."""

    json_columns: frozenset[str] = frozenset()
    part_suffix: str = ".jsonl"

    def write_part(self, frame: pd.DataFrame, path: Path, rows_before: int) -> None:
        columns = list(frame.columns)
        encoded = [column in self.json_columns for column in columns]
        lines = []
        for row in frame.itertuples(index=False, name=None):
            record: dict[str, object] = {}
            for column, is_json, value in zip(columns, encoded, row, strict=True):
                if is_json:
                    if missing(value):
                        continue
                    record[column] = json.loads(value)
                else:
                    record[column] = _json_value(value)
            lines.append(json.dumps(record, ensure_ascii=False, default=str))
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")

    def assemble(self, parts: list[Path], target: Path, columns: list[str]) -> None:
        with target.open("wb") as out:
            for part in parts:
                with part.open("rb") as handle:
                    shutil.copyfileobj(handle, out, SCAN_BLOCK)


@dataclass(frozen=True)
class ParquetOutput:
    """Parquet with the input's column types (text for CSV/XLSX/JSONL input)."""

    json_columns: frozenset[str] = frozenset()
    part_suffix: str = ".parquet"

    def table(self, frame: pd.DataFrame) -> pa.Table:
        return pa.Table.from_pandas(plain_frame(frame, self.json_columns), preserve_index=False)

    def write_part(self, frame: pd.DataFrame, path: Path, rows_before: int) -> None:
        pq.write_table(self.table(frame), path)

    def assemble(self, parts: list[Path], target: Path, columns: list[str]) -> None:
        writer: pq.ParquetWriter | None = None
        try:
            for part in parts:
                table = pq.read_table(part)
                if writer is None:
                    writer = pq.ParquetWriter(target, table.schema)
                elif table.schema != writer.schema:
                    table = table.cast(writer.schema)
                writer.write_table(table)
            if writer is None:  # no rows: still a valid file with the columns
                writer = pq.ParquetWriter(target, pa.schema([(c, pa.string()) for c in columns]))
        finally:
            if writer is not None:
                writer.close()


_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xlsx_value(value: object) -> object:
    value = _json_value(value)
    if isinstance(value, str):
        return _ILLEGAL_XLSX.sub("\ufffd", value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.isoformat()
    return value


@dataclass(frozen=True)
class XlsxOutput:
    """An Excel workbook with one sheet "Mål". Parts are Parquet until the end;
    Excel's limits (rows, characters per cell) are checked per chunk, so a run
    that cannot fit stops early instead of after hours."""

    json_columns: frozenset[str] = frozenset()
    part_suffix: str = ".parquet"

    def write_part(self, frame: pd.DataFrame, path: Path, rows_before: int) -> None:
        if rows_before + len(frame) + 1 > XLSX_MAX_ROWS:
            raise FileFormatError(
                f"Excel kan højst have {_thousands(XLSX_MAX_ROWS - 1)} rækker; skriv til .csv eller .parquet i stedet."
            )
        frame = plain_frame(frame, self.json_columns)
        for column in frame.columns:
            values = frame[column]
            if pd.api.types.is_string_dtype(values.dtype) or values.dtype == object:
                lengths = values.astype("string").str.len()
                if (lengths > XLSX_MAX_CELL).fillna(False).any():
                    raise FileFormatError(
                        f"Kolonnen «{column}» har en celle med over {_thousands(XLSX_MAX_CELL)} tegn, som Excel ikke "
                        "kan rumme; skriv til .csv eller .parquet i stedet."
                    )
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)

    def assemble(self, parts: list[Path], target: Path, columns: list[str]) -> None:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("Mål")
        sheet.append(columns)
        for part in parts:
            frame = pq.read_table(part).to_pandas(types_mapper=pd.ArrowDtype)
            for row in frame.itertuples(index=False, name=None):
                sheet.append([_xlsx_value(value) for value in row])
        book.save(target)


def output_format(path: Path, reader: TableReader, plain: set[str]) -> OutputFormat:
    """The writer the output's extension asks for, matched to the input."""
    kind = file_format(path)
    json_columns = reader.json_columns(plain)
    if kind == "csv":
        delimiter = reader.delimiter or ("\t" if path.suffix.lower() == ".tsv" else ",")
        return CsvOutput(delimiter, json_columns)
    if kind == "jsonl":
        return JsonlOutput(json_columns)
    if kind == "parquet":
        return ParquetOutput(json_columns)
    return XlsxOutput(json_columns)


# ------------------------------------------------------------- atomic writing


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed over it only when the block
    succeeds, so a file at ``target`` is always complete."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    temporary.chmod(0o666 & ~_umask())  # as an ordinary new file would be, not mkstemp's 0600
    try:
        yield temporary
        with temporary.open("rb+") as flushed:
            os.fsync(flushed.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(target: Path, text: str, encoding: str = "utf-8") -> None:
    with atomic_path(target) as temporary:
        temporary.write_text(text, encoding=encoding, newline="")


def excel_csv(frame: pd.DataFrame) -> str:
    """A table for Danish Excel: semicolons, decimal comma (with BOM when written)."""
    buffer = io.StringIO()
    frame.to_csv(buffer, sep=";", decimal=",", index=False, lineterminator="\n")
    return buffer.getvalue()


# ------------------------------------------------------------ resumable runs


class PartialRun:
    """The state of an unfinished ``score`` run beside its output: a folder
    ``OUTPUT.partial`` with one part file per finished chunk and ``state.json``
    (written after each part, atomically) saying how many chunks are done."""

    def __init__(self, output: Path, part_suffix: str) -> None:
        self.folder = output.with_name(output.name + ".partial")
        self.state_file = self.folder / "state.json"
        self.part_suffix = part_suffix

    def exists(self) -> bool:
        return self.state_file.is_file()

    def load(self) -> dict[str, Any]:
        try:
            return json.loads(self.state_file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise FileFormatError(
                f"kan ikke læse den afbrudte kørsels tilstand i {self.folder}; brug --restart for at starte forfra."
            ) from error

    def start(self, state: dict[str, Any]) -> None:
        self.discard()
        self.folder.mkdir(parents=True)
        self.save(state)

    def save(self, state: dict[str, Any]) -> None:
        temporary = self.state_file.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temporary, self.state_file)

    def part(self, index: int) -> Path:
        return self.folder / f"part-{index:07d}{self.part_suffix}"

    def parts(self, count: int) -> list[Path]:
        return [self.part(index) for index in range(count)]

    def drop_parts_from(self, index: int) -> None:
        """Remove parts a crash may have left beyond the recorded state."""
        for path in self.folder.glob(f"part-*{self.part_suffix}*"):
            match = re.match(r"part-(\d+)", path.name)
            if match and int(match.group(1)) >= index:
                path.unlink()

    def write_part(self, writer: OutputFormat, index: int, frame: pd.DataFrame, rows_before: int) -> None:
        target = self.part(index)
        temporary = target.with_name(target.name + ".tmp")
        writer.write_part(frame, temporary, rows_before)
        os.replace(temporary, target)

    def discard(self) -> None:
        if self.folder.exists():
            shutil.rmtree(self.folder)


def read_jsonl(path: Path) -> list[tuple[int, Any]]:
    """(line number, value) for each non-empty line of a small JSONL file the
    command reads whole (goals to analyse, an annotated corpus); a missing
    file or a broken line is a clear error naming the line."""
    import typer

    if not path.is_file():
        raise typer.BadParameter(f"filen findes ikke: {path}")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if line.strip():
            try:
                rows.append((number, json.loads(line)))
            except json.JSONDecodeError as error:
                raise typer.BadParameter(f"{path}:{number}: ikke gyldig JSON ({error.msg})") from error
    return rows
