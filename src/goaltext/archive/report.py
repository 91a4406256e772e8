"""The management-information report: aggregated tables from scored goals.

The tables are built chunk by chunk (``ReportBuilder.add``), so a report over
millions of goals needs no more memory than its tables. Shares are of the
goals that could be analysed; rows with an error are counted separately.
Examples are masked with ``mask_pii`` whatever the scored file contains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import pandas as pd

from goaltext.archive.columns import DIMENSIONS, VAGUE_SEPARATOR, ColumnError, coerce_scored, listing
from goaltext.archive.dates import due_date, parse_date, parse_dates
from goaltext.privacy import mask_pii
from goaltext.summary import messages

Period = Literal["month", "quarter", "year"]
DERIVED_YEAR = frozenset({"år", "year"})
MISSING_GROUP = "(tom)"
DIMENSION_NAMES: dict[str, str] = {
    "measurable": "Målbar",
    "time_horizon": "Tidshorisont",
    "service_consequence": "Konsekvens for ydelsen",
    "all_three": "Alle tre",
}
SHARE_COLUMNS: dict[str, str] = {
    "measurable": "Målbare (%)",
    "time_horizon": "Med tidshorisont (%)",
    "service_consequence": "Med konsekvens for ydelsen (%)",
    "all_three": "Alle tre (%)",
}
COUNTED = ("rows", "analysed", *DIMENSIONS, "all_three", "score_sum")
HORIZON_BINS: tuple[tuple[str, int | None], ...] = (
    ("Op til 1 måned", 31),
    ("1–3 måneder", 92),
    ("3–6 måneder", 183),
    ("6–12 måneder", 366),
    ("Over 12 måneder", None),
)
HORIZON_BEFORE = "Før skrivedatoen"
HORIZON_UNRESOLVED = "Kan ikke omregnes til dage"
HORIZON_NONE = "Ingen tidshorisont"
PERIOD_NAMES: dict[str, str] = {"month": "måned", "quarter": "kvartal", "year": "år"}
# A direction the model gives at least this probability counts as sure: on
# dev, 88 % of the found directions reach it and 0.965 of those are right,
# against 0.932 of all (models/README.md).
SURE_DIRECTION = 0.8
SURE_DIRECTION_TEXT = f"{SURE_DIRECTION:.1f}".replace(".", ",")  # as Danish writes it
SURE_COLUMN = f"Heraf sikre (sandsynlighed ≥ {SURE_DIRECTION_TEXT})"
FOLLOWED_UP_NO = frozenset({"", "nej", "0", "false", "falsk", "no"})


@dataclass(frozen=True)
class ReportOptions:
    """Which columns the report groups by and reads dates from, and as of when."""

    by: tuple[str, ...] = ()
    date_col: str | None = None
    created_col: str | None = None
    followed_up_col: str | None = None
    unit_col: str | None = None
    id_col: str | None = None
    text_col: str | None = None
    as_of: date = field(default_factory=date.today)
    period: Period | None = None
    top_words: int = 20
    examples: int = 5
    overdue_listed: int = 1000

    @property
    def trend_col(self) -> str | None:
        """The date the trend is drawn over: the date column, else the created date."""
        return self.date_col or self.created_col

    @property
    def unit(self) -> str | None:
        """The column goals past their due date are counted by."""
        return self.unit_col or next((col for col in self.by if not self.derives_year(col, ())), None)

    def derives_year(self, column: str, available: tuple[str, ...] | list[str]) -> bool:
        """``--by år`` without such a column: the year of the trend date."""
        return column not in available and column.casefold() in DERIVED_YEAR and self.trend_col is not None

    def check(self, columns: list[str] | pd.Index) -> None:
        """Raise ColumnError naming every missing column, with the columns there are."""
        available = [str(column) for column in columns]
        wanted = {
            "--date-col": self.date_col,
            "--created-col": self.created_col,
            "--followed-up-col": self.followed_up_col,
            "--unit-col": self.unit_col,
            "--id-col": self.id_col,
            "--text-col": self.text_col,
        }
        missing = [f"{option} «{column}»" for option, column in wanted.items() if column and column not in available]
        missing += [
            f"--by «{column}»"
            for column in self.by
            if column not in available and not self.derives_year(column, available)
        ]
        if missing:
            raise ColumnError(f"{'; '.join(missing)} findes ikke. Filens kolonner er: {listing(available)}.")


@dataclass
class ReportTables:
    """Every table of the report, ready to show or to save (Danish headers)."""

    key_figures: pd.DataFrame
    shares: pd.DataFrame
    by: dict[str, pd.DataFrame]
    trend: pd.DataFrame | None
    horizons: pd.DataFrame
    directions: pd.DataFrame
    vague_words: pd.DataFrame
    examples: pd.DataFrame
    overdue_by_unit: pd.DataFrame | None
    overdue: pd.DataFrame | None
    period: Period | None
    as_of: date
    rows: int
    analysed: int

    def named(self) -> dict[str, pd.DataFrame]:
        """The tables under file- and sheet-safe names, in report order."""
        tables = {"noegletal": self.key_figures, "andele": self.shares}
        tables.update({f"efter_{slug(column)}": table for column, table in self.by.items()})
        if self.trend is not None:
            tables["udvikling"] = self.trend
        tables.update(
            {
                "tidshorisonter": self.horizons,
                "konsekvenser": self.directions,
                "uklare_ord": self.vague_words,
                "eksempler": self.examples,
            }
        )
        if self.overdue_by_unit is not None:
            tables["over_frist_pr_enhed"] = self.overdue_by_unit
        if self.overdue is not None:
            tables["over_frist"] = self.overdue
        return tables


def slug(name: str) -> str:
    """A file-safe ASCII name: «Leverandør» -> leverandoer."""
    folded = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_") or "kolonne"


def percent(part: pd.Series | float, whole: pd.Series | float) -> pd.Series | float:
    """Share in percent with one decimal; no share of nothing."""
    if isinstance(whole, pd.Series):
        return (100 * part / whole.where(whole > 0)).astype("Float64").round(1)
    return round(100 * float(part) / whole, 1) if whole else float("nan")


def _add(total: pd.DataFrame | None, part: pd.DataFrame) -> pd.DataFrame:
    if total is None:
        return part
    return total.add(part, fill_value=0)


def _group_text(values: pd.Series) -> pd.Series:
    """Group labels as text; empty cells form their own group."""
    text = values.astype("string").str.strip().fillna("")
    return text.where(text != "", MISSING_GROUP)


class ReportBuilder:
    """Accumulates the report's tables over chunks of a scored archive."""

    def __init__(self, options: ReportOptions) -> None:
        self.options = options
        self._columns: list[str] | None = None
        self._overall: pd.DataFrame | None = None
        self._by: dict[str, pd.DataFrame | None] = {column: None for column in options.by}
        self._trend: pd.DataFrame | None = None
        self._undated = 0
        self._horizons: pd.Series | None = None
        self._directions: pd.Series | None = None
        self._sure_directions: pd.Series | None = None
        self._direction_probabilities = False  # whether the scored file has any
        self._words: pd.Series | None = None
        self._best: pd.DataFrame | None = None
        self._worst: pd.DataFrame | None = None
        self._overdue_units: pd.DataFrame | None = None
        self._overdue: pd.DataFrame | None = None
        self._rows_seen = 0

    def add(self, chunk: pd.DataFrame) -> pd.DataFrame:
        """Count one chunk of scored rows; returns its goals past their due date
        (for a full list beside the report), empty without ``created_col``."""
        options = self.options
        if self._columns is None:
            self._columns = [str(column) for column in chunk.columns]
            options.check(self._columns)
        frame = coerce_scored(chunk).reset_index(drop=True)  # positions, whatever the index was
        counts = self._counts(frame)
        self._overall = _add(self._overall, counts.sum().to_frame().T)
        for column in options.by:
            groups = self._year(frame) if options.derives_year(column, self._columns) else _group_text(frame[column])
            self._by[column] = _add(self._by[column], counts.groupby(groups.to_numpy()).sum())
        if options.trend_col:
            months = self._months(frame)
            dated = months.notna()
            self._undated += int((~dated).sum())
            self._trend = _add(self._trend, counts[dated.to_numpy()].groupby(months[dated]).sum())
        self._count_horizons(frame, counts)
        self._count_directions(frame)
        self._count_words(frame)
        self._keep_examples(frame, counts)
        overdue = self._count_overdue(frame, counts) if options.created_col else frame.iloc[:0]
        self._rows_seen += len(frame)
        return overdue

    def _counts(self, frame: pd.DataFrame) -> pd.DataFrame:
        analysed = frame["measurable"].notna() & frame["time_horizon"].notna() & frame["service_consequence"].notna()
        counts = pd.DataFrame(index=frame.index)
        counts["rows"] = 1
        counts["analysed"] = analysed.astype(int)
        for name in DIMENSIONS:
            counts[name] = (frame[name].fillna(False) & analysed).astype(int)
        counts["all_three"] = counts[list(DIMENSIONS)].min(axis=1)
        counts["score_sum"] = frame["score"].fillna(0).where(analysed, 0).astype(int)
        return counts

    def _dates(self, frame: pd.DataFrame, column: str) -> pd.Series:
        return parse_dates(frame[column])

    def _months(self, frame: pd.DataFrame) -> pd.Series:
        dates = self._dates(frame, self.options.trend_col)  # type: ignore[arg-type]
        return pd.Series(
            pd.to_datetime(pd.Series(dates.tolist(), dtype=object)).dt.to_period("M").to_numpy(), index=frame.index
        )

    def _year(self, frame: pd.DataFrame) -> pd.Series:
        dates = self._dates(frame, self.options.trend_col)  # type: ignore[arg-type]
        return dates.map(lambda value: str(value.year) if value else MISSING_GROUP).astype("string")

    def _count_horizons(self, frame: pd.DataFrame, counts: pd.DataFrame) -> None:
        analysed = counts["analysed"] == 1
        days = frame["horizon_days"]
        with_horizon = analysed & (counts["time_horizon"] == 1)
        labels = pd.Series(pd.NA, index=frame.index, dtype="string")
        labels[analysed & ~with_horizon] = HORIZON_NONE
        labels[with_horizon & days.isna()] = HORIZON_UNRESOLVED
        labels[with_horizon & (days < 0).fillna(False)] = HORIZON_BEFORE
        lower = 0
        for label, upper in HORIZON_BINS:
            inside = with_horizon & (days >= lower).fillna(False)
            if upper is not None:
                inside &= (days <= upper).fillna(False)
            labels[inside] = label
            lower = (upper or 0) + 1
        found = labels.value_counts()
        self._horizons = found if self._horizons is None else self._horizons.add(found, fill_value=0)

    def _count_directions(self, frame: pd.DataFrame) -> None:
        consequential = frame["service_consequence"].fillna(False)
        directions = frame["consequence_direction"][consequential].fillna("other")
        probabilities = frame["consequence_direction_probability"][consequential]
        found = directions.value_counts()
        sure = directions[(probabilities >= SURE_DIRECTION).fillna(False)].value_counts()
        self._directions = found if self._directions is None else self._directions.add(found, fill_value=0)
        self._sure_directions = sure if self._sure_directions is None else self._sure_directions.add(sure, fill_value=0)
        self._direction_probabilities |= bool(probabilities.notna().any())

    def _count_words(self, frame: pd.DataFrame) -> None:
        words = frame["vague_words"].fillna("")
        words = words[words != ""].str.split(VAGUE_SEPARATOR).explode()
        found = words[words.str.strip() != ""].value_counts()
        self._words = found if self._words is None else self._words.add(found, fill_value=0)

    def _keep_examples(self, frame: pd.DataFrame, counts: pd.DataFrame) -> None:
        options = self.options
        analysed = frame[counts["analysed"] == 1]
        if options.text_col is None or analysed.empty:
            return
        candidates = pd.DataFrame(
            {
                "row": range(self._rows_seen, self._rows_seen + len(frame)),
                "id": frame[options.id_col].astype("string") if options.id_col else pd.NA,
                "text": frame[options.text_col].astype("string"),
                "score": frame["score"],
                **{name: frame[name] for name in DIMENSIONS},
            },
            index=frame.index,
        ).loc[analysed.index]
        candidates = candidates[candidates["text"].fillna("").str.strip() != ""].drop_duplicates("text")
        keep = 4 * options.examples
        best = candidates.sort_values(["score", "row"], ascending=[False, True]).head(keep)
        worst = candidates.sort_values(["score", "row"], ascending=[True, True]).head(keep)
        self._best = _pick(self._best, best, options.examples, ascending=False)
        self._worst = _pick(self._worst, worst, options.examples, ascending=True)

    def _count_overdue(self, frame: pd.DataFrame, counts: pd.DataFrame) -> pd.DataFrame:
        options = self.options
        created = self._dates(frame, options.created_col)  # type: ignore[arg-type]
        with_horizon = (counts["analysed"] == 1) & (counts["time_horizon"] == 1)
        due = pd.Series(
            [
                due_date(made, horizon if isinstance(horizon, str) else None, None if pd.isna(days) else int(days))
                if made is not None and has
                else None
                for made, horizon, days, has in zip(
                    created, frame["horizon"].tolist(), frame["horizon_days"].tolist(), with_horizon, strict=True
                )
            ],
            index=frame.index,
            dtype=object,
        )
        has_due = due.notna()
        if options.followed_up_col:
            followed = frame[options.followed_up_col].astype("string").str.strip().str.lower().fillna("")
            followed_up = ~followed.isin(FOLLOWED_UP_NO)
        else:
            followed_up = pd.Series(False, index=frame.index)
        over = has_due & ~followed_up & due.map(lambda day: day is not None and day < options.as_of)
        unit = _group_text(frame[options.unit]) if options.unit else pd.Series("Alle", index=frame.index)
        table = pd.DataFrame(
            {
                "goals": counts["rows"],
                "with_due": has_due.astype(int),
                "followed_up": (has_due & followed_up).astype(int),
                "overdue": over.astype(int),
                "no_horizon": ((counts["analysed"] == 1) & (counts["time_horizon"] == 0)).astype(int),
            }
        )
        self._overdue_units = _add(self._overdue_units, table.groupby(unit.to_numpy()).sum())
        listed = pd.DataFrame(
            {
                "Id": frame[options.id_col].astype("string") if options.id_col else pd.NA,
                options.unit or "Enhed": unit,
                "Oprettet": created,
                "Tidshorisont": frame["horizon"],
                "Frist": due,
                "Dage over frist": [(options.as_of - day).days if day is not None else None for day in due],
                "Score": frame["score"],
            },
            index=frame.index,
        )[over.to_numpy()]
        listed["Dage over frist"] = listed["Dage over frist"].astype("Int64")
        if options.unit is None:
            listed = listed.drop(columns=["Enhed"])
        if options.id_col is None:
            listed = listed.drop(columns=["Id"])
        kept = pd.concat([self._overdue, listed]) if self._overdue is not None else listed
        self._overdue = kept.sort_values("Dage over frist", ascending=False, kind="stable").head(options.overdue_listed)
        return listed

    def tables(self) -> ReportTables:
        """The finished tables (call after the last chunk)."""
        options = self.options
        overall = self._overall if self._overall is not None else pd.DataFrame([dict.fromkeys(COUNTED, 0)])
        total = overall.iloc[0]
        rows, analysed = int(total["rows"]), int(total["analysed"])
        period = None
        trend = None
        if self._trend is not None:
            period = options.period or _auto_period(self._trend.index)
            trend = _trend_table(self._trend, period, self._undated)
        return ReportTables(
            key_figures=_key_figures(total),
            shares=_shares_table(total),
            by={
                column: _group_table(table, column, by_label=self.options.derives_year(column, self._columns or []))
                for column, table in self._by.items()
                if table is not None
            },
            trend=trend,
            horizons=_horizon_table(self._horizons, analysed),
            directions=_direction_table(
                self._directions, self._sure_directions if self._direction_probabilities else None
            ),
            vague_words=_word_table(self._words, analysed, options.top_words),
            examples=self._examples_table(),
            overdue_by_unit=_overdue_unit_table(self._overdue_units, options.unit) if options.created_col else None,
            overdue=self._overdue.reset_index(drop=True) if options.created_col and self._overdue is not None else None,
            period=period,
            as_of=options.as_of,
            rows=rows,
            analysed=analysed,
        )

    def _examples_table(self) -> pd.DataFrame:
        parts = []
        for kind, picked in (("Bedste", self._best), ("Svageste", self._worst)):
            if picked is None or picked.empty:
                continue
            parts.append(
                pd.DataFrame(
                    {
                        "Eksempel": kind,
                        "Id": picked["id"],
                        "Score": picked["score"],
                        **{DIMENSION_NAMES[name]: picked[name].map(_yes_no) for name in DIMENSIONS},
                        "Målformulering (maskeret)": picked["text"].map(
                            lambda text: mask_pii(text) if isinstance(text, str) else ""
                        ),
                    }
                )
            )
        columns = ["Eksempel", "Id", "Score", *(DIMENSION_NAMES[n] for n in DIMENSIONS), "Målformulering (maskeret)"]
        table = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
        if self.options.id_col is None:
            table = table.drop(columns=["Id"])
        return table


def _yes_no(value: object) -> str:
    return "ja" if value is True else "nej"


def _pick(kept: pd.DataFrame | None, new: pd.DataFrame, count: int, ascending: bool) -> pd.DataFrame:
    merged = new if kept is None else pd.concat([kept, new])
    merged = merged.drop_duplicates("text").sort_values(["score", "row"], ascending=[ascending, True])
    return merged.head(count)


def _shares(counts: pd.DataFrame) -> pd.DataFrame:
    table = pd.DataFrame(index=counts.index)
    table["Antal mål"] = counts["rows"].astype(int)
    table["Analyseret"] = counts["analysed"].astype(int)
    for name, header in SHARE_COLUMNS.items():
        table[header] = percent(counts[name], counts["analysed"])
    table["Gennemsnitlig score"] = (counts["score_sum"] / counts["analysed"].where(counts["analysed"] > 0)).round(1)
    return table


def _key_figures(total: pd.Series) -> pd.DataFrame:
    """One row, one column per key figure (each in its own type for Excel)."""
    analysed = int(total["analysed"])
    mean_score = round(float(total["score_sum"]) / analysed, 1) if analysed else float("nan")
    return pd.DataFrame(
        {
            "Mål i alt": [int(total["rows"])],
            "Analyseret": [analysed],
            "Kunne ikke analyseres": [int(total["rows"]) - analysed],
            "Gennemsnitlig score (0-100)": [mean_score],
        }
    )


def _shares_table(total: pd.Series) -> pd.DataFrame:
    analysed = int(total["analysed"])
    names = ["measurable", "time_horizon", "service_consequence", "all_three"]
    return pd.DataFrame(
        {
            "Dimension": [DIMENSION_NAMES[name] for name in names],
            "Antal mål": [int(total[name]) for name in names],
            "Andel (%)": [percent(float(total[name]), analysed) for name in names],
        }
    )


def _group_table(counts: pd.DataFrame, column: str, by_label: bool = False) -> pd.DataFrame:
    """Largest groups first; years in their order."""
    table = _shares(counts.sort_index())
    if not by_label:
        table = table.sort_values(["Antal mål"], ascending=False, kind="stable")
    table.index.name = column
    return table.reset_index()


def _auto_period(months: pd.Index) -> Period:
    if len(months) == 0:
        return "month"
    span = (months.max() - months.min()).n + 1
    return "month" if span <= 24 else "quarter" if span <= 72 else "year"


def _trend_table(months: pd.DataFrame, period: Period, undated: int) -> pd.DataFrame:
    index = pd.PeriodIndex(months.index)
    if period != "month":
        index = index.asfreq({"quarter": "Q", "year": "Y"}[period])
    grouped = months.groupby(index).sum().sort_index()
    table = _shares(grouped)
    table.index = [_period_label(p, period) for p in grouped.index]
    table.index.name = "Periode"
    table = table.reset_index()
    if undated:
        table.attrs["undated"] = undated
    return table


def _period_label(value: pd.Period, period: Period) -> str:
    if period == "quarter":
        return f"{value.year} K{value.quarter}"
    if period == "year":
        return str(value.year)
    return f"{value.year}-{value.month:02d}"


def _horizon_table(found: pd.Series | None, analysed: int) -> pd.DataFrame:
    order = [HORIZON_BEFORE, *(label for label, _ in HORIZON_BINS), HORIZON_UNRESOLVED, HORIZON_NONE]
    counts = (found if found is not None else pd.Series(dtype=int)).reindex(order, fill_value=0).astype(int)
    shown = [label for label in order if counts[label] > 0 or label not in (HORIZON_BEFORE, HORIZON_UNRESOLVED)]
    counts = counts[shown]
    return pd.DataFrame(
        {
            "Tidshorisont": counts.index,
            "Antal mål": counts.to_numpy(),
            "Andel (%)": [percent(c, analysed) for c in counts],
        }
    )


def _direction_table(found: pd.Series | None, sure: pd.Series | None = None) -> pd.DataFrame:
    """Goals with a consequence by direction; with the directions' probabilities
    (files scored since they were added), also how many of them are sure."""
    names: dict[str, str] = messages()["directions"]
    counts = (found if found is not None else pd.Series(dtype=int)).reindex(list(names), fill_value=0).astype(int)
    total = int(counts.sum())
    table = pd.DataFrame(
        {
            "Retning": [names[key][0].upper() + names[key][1:] for key in counts.index],
            "Kode": counts.index,
            "Antal mål": counts.to_numpy(),
            "Andel (%)": [percent(c, total) for c in counts],
        }
    )
    if sure is not None:
        table[SURE_COLUMN] = sure.reindex(list(names), fill_value=0).astype(int).to_numpy()
    return table


def _word_table(found: pd.Series | None, analysed: int, top: int) -> pd.DataFrame:
    counts = (found if found is not None else pd.Series(dtype=int)).astype(int)
    counts = counts.sort_index().sort_values(ascending=False, kind="stable").head(top)
    return pd.DataFrame(
        {
            "Ord": counts.index,
            "Antal mål": counts.to_numpy(),
            "Andel af mål (%)": [percent(c, analysed) for c in counts],
        }
    )


def _overdue_unit_table(counts: pd.DataFrame | None, unit: str | None) -> pd.DataFrame:
    columns = ["goals", "with_due", "followed_up", "overdue", "no_horizon"]
    counts = counts if counts is not None else pd.DataFrame(columns=columns)
    table = pd.DataFrame(index=counts.index)
    table["Antal mål"] = counts["goals"].astype(int)
    table["Med frist"] = counts["with_due"].astype(int)
    table["Fulgt op"] = counts["followed_up"].astype(int)
    table["Over frist uden opfølgning"] = counts["overdue"].astype(int)
    table["Over frist (%)"] = percent(counts["overdue"], counts["with_due"])
    table["Uden tidshorisont"] = counts["no_horizon"].astype(int)
    table = table.sort_values(["Over frist uden opfølgning", "Antal mål"], ascending=False, kind="stable")
    table.index.name = unit or "Enhed"
    return table.reset_index()


def build_report(frame: pd.DataFrame, options: ReportOptions) -> ReportTables:
    """All tables from one in-memory scored frame (the notebook's and tests' entry)."""
    builder = ReportBuilder(options)
    builder.add(frame)
    return builder.tables()


def as_of_date(value: str | date | None) -> date:
    """The report's "today": a given date or today."""
    if value is None:
        return date.today()
    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(f"'{value}' er ikke en dato på formen ÅÅÅÅ-MM-DD")
    return parsed
