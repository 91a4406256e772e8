"""Request and response models of the HTTP API, one class per direction.

Responses reuse the library's contract (``goaltext.schema``) unchanged and
only add to it. Requests are strict: unknown fields are refused, dates must
be written YYYY-MM-DD, goal texts must contain more than whitespace. The
configurable limits (text length, batch size) are checked in the handlers
and written into the OpenAPI document by ``goaltext_api.openapi``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StrictBool,
    StrictFloat,
    WithJsonSchema,
)
from pydantic.dataclasses import dataclass as pydantic_dataclass
from pydantic_core import PydanticCustomError

from goaltext.schema import Analysis, ConsequenceResult, Context, Dimension, Suggestion
from goaltext_api.errors import ErrorDetail

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
MAX_ID_CHARS = 200
# Whitespace as Python and JavaScript count it together. Spelled out rather than
# "\S", because regex engines disagree on what \s covers (\x1c-\x1f, \x85, BOM).
BLANK_CHARS = (
    "\t\n\v\f\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
NOT_BLANK_PATTERN = "[^" + "".join(f"\\u{ord(char):04x}" for char in BLANK_CHARS) + "]"


def is_blank(text: str) -> bool:
    """Nothing but whitespace (or nothing at all)."""
    return not text.strip(BLANK_CHARS)


def _iso_date(value: Any) -> Any:
    """Only 'YYYY-MM-DD': pydantic would also take 0 (1970-01-01) or a timestamp."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not ISO_DATE.fullmatch(value):
        raise PydanticCustomError("iso_date", "must be a date written YYYY-MM-DD")
    return value


def _not_blank(text: str) -> str:
    """The schema's pattern says the same; this says it with Python's own string methods."""
    if is_blank(text):
        raise PydanticCustomError("blank_text", "must contain more than whitespace")
    return text


def _item_id(value: Any) -> str | int:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise PydanticCustomError("item_id", "must be a string or an integer")
    if isinstance(value, str) and not 1 <= len(value) <= MAX_ID_CHARS:
        raise PydanticCustomError("item_id", "must be a string of 1-200 characters or an integer")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
GoalText = Annotated[
    str,
    Field(
        min_length=1,
        pattern=NOT_BLANK_PATTERN,
        description="Målformuleringen, som den står i sagen (højst GOALTEXT_MAX_TEXT_CHARS tegn, standard 5000).",
    ),
    AfterValidator(_not_blank),
]
ItemId = Annotated[
    str | int,
    PlainValidator(_item_id),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string", "minLength": 1, "maxLength": MAX_ID_CHARS}, {"type": "integer"}],
            "description": "Jeres eget id for målet; svaret har samme id og samme rækkefølge.",
        }
    ),
]


class ContextIn(Context):
    """What the case system knows besides the text (every field optional)."""

    reference_date: IsoDate | None = Field(
        None, description="Dagen målet blev skrevet (ÅÅÅÅ-MM-DD); bruges til at omregne datoer."
    )
    # Strict: pydantic would otherwise take true or "5" as a number of hours.
    hours_per_week: StrictFloat | None = Field(None, ge=0, le=168, description="Bevilgede timer om ugen.")
    # The library's validator checks the same; the pattern puts it into the schema for clients.
    follow_up_interval: str | None = Field(
        None, pattern=r"^P\d+[DWMY]$", description="Opfølgningsinterval som ISO-varighed, fx «P4M»."
    )


class AnalyzeRequest(BaseModel):
    """One goal statement while it is being written."""

    model_config = ConfigDict(extra="forbid")

    text: GoalText
    context: ContextIn | None = Field(None, description="Sagens kontekst; alle felter er valgfrie.")
    reference_date: IsoDate | None = Field(
        None, description="Skrivedatoen (ÅÅÅÅ-MM-DD). Standard: kontekstens skrivedato, ellers dags dato."
    )

    def merged_context(self, today: date) -> Context:
        """The context the library gets: the request's reference date, else the context's, else today."""
        reference = self.reference_date or (self.context.reference_date if self.context else None) or today
        base = self.context or ContextIn()
        return base.model_copy(update={"reference_date": reference})


class SuggestRequest(AnalyzeRequest):
    """The same goal statement as for /v1/analyze; only the suggestions are returned."""


@pydantic_dataclass(kw_only=True)
class AnalyzeResponse(Analysis):
    """The analysis contract of goaltext plus the ranked rewrite suggestions."""

    suggestions: list[Suggestion] = Field(description="Forslag til omskrivning, bedste først; tom når målet er fuldt.")


class SuggestResponse(BaseModel):
    suggestions: list[Suggestion] = Field(description="Forslag til omskrivning, bedste først.")


class BatchItemIn(BaseModel):
    """One goal of a batch. An empty or too long text gives an error entry for this goal only."""

    model_config = ConfigDict(extra="forbid")

    id: ItemId
    text: str = Field(description="Målformuleringen. Tom eller for lang tekst giver en fejl for netop dette mål.")
    context: ContextIn | None = None
    reference_date: IsoDate | None = Field(None, description="Skrivedatoen for dette mål (ÅÅÅÅ-MM-DD).")


class BatchRequest(BaseModel):
    """Many goals at once, e.g. an archive export, with your ids."""

    model_config = ConfigDict(extra="forbid")

    items: list[BatchItemIn] = Field(
        min_length=1, description="Målene, højst GOALTEXT_MAX_BATCH (standard 1000) pr. anmodning."
    )
    reference_date: IsoDate | None = Field(
        None, description="Skrivedato for mål uden egen; standard er dags dato (ÅÅÅÅ-MM-DD)."
    )
    suggestions: StrictBool = Field(False, description="Medtag forslag til omskrivning for hvert mål (langsommere).")


@pydantic_dataclass(kw_only=True)
class BatchAnalysis(Analysis):
    """The analysis of one batch item, with its id."""

    suggestions: list[Suggestion] | None = Field(None, description="Forslagene, når de er bedt om; ellers null.")
    id: ItemId


class BatchItemError(BaseModel):
    """A batch item that could not be analysed; the others are."""

    id: ItemId
    error: ErrorDetail


class BatchResponse(BaseModel):
    results: list[BatchAnalysis | BatchItemError] = Field(
        description="Ét resultat pr. mål, i samme rækkefølge og med samme id som i anmodningen."
    )


class ExamplesQuery(BaseModel):
    """Filters for the trainers' examples."""

    model_config = ConfigDict(extra="forbid")

    dimension: Dimension | None = Field(None, description="Vis eksempler, der er gode/dårlige på denne dimension.")
    area: str | None = Field(None, max_length=100, description="Indsatsområde, fx «§ 85» eller «Barnets Lov».")
    quality: Literal["good", "bad"] | None = Field(
        None, description="good: annotatorerne har sagt ja (på dimensionen, ellers på alle tre); bad: ellers."
    )
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=1_000_000)


class GoldLabels(BaseModel):
    """The annotators' decisions for an example."""

    measurable: bool
    time_horizon: bool
    service_consequence: bool


class ExampleItem(BaseModel):
    id: str
    text: str
    area: str | None = None
    voice: str | None = None
    source: str | None = None
    reference_date: date | None = None
    labels: GoldLabels = Field(description="Annotatorernes afgørelser.")
    horizon: str | None = Field(None, description="Annotatorernes tidshorisont.")
    consequence: ConsequenceResult | None = Field(None, description="Annotatorernes konsekvens for ydelsen.")
    quality: Literal["good", "bad"]
    analysis: Analysis = Field(description="goaltexts analyse af eksemplet, nu.")
    suggestion: Suggestion | None = Field(None, description="For dårlige eksempler: det bedste forslag.")


class ExamplesResponse(BaseModel):
    total: int = Field(ge=0, description="Antal eksempler, der passer til filtrene.")
    offset: int = Field(ge=0)
    limit: int = Field(ge=1)
    areas: list[str] = Field(description="Alle indsatsområder i samlingen, til et filter.")
    items: list[ExampleItem]
    skipped_lines: list[int] = Field(
        default_factory=list, description="Linjenumre i korpusfilen, der ikke kunne læses (bør være tom)."
    )


class LabelDefinition(BaseModel):
    name: Dimension
    title: str = Field(description="Det danske navn, fx «Målbar».")
    question: str = Field(description="Spørgsmålet, dimensionen besvarer.")
    definition: str
    yes: list[str] = Field(description="Eksempler, der opfylder dimensionen.")
    no: list[str] = Field(description="Eksempler, der ikke gør.")


class LabelsResponse(BaseModel):
    version: str = Field(description="Versionen af mærkningsspecifikationen.")
    labels: list[LabelDefinition]


class Limits(BaseModel):
    max_text_chars: int
    max_batch: int
    max_body_bytes: int


class HealthResponse(BaseModel):
    status: Literal["ok"]
    version: str = Field(description="goaltexts version.")
    pipeline: str = Field(description="Den danske basispipeline: da_core_news_sm eller blank:da+lookups.")
    analyzer: dict[str, Any] = Field(description="Analyzer.info(): komponenter og mærker/modelversioner.")
    catalogue: dict[str, Any] | None = Field(description="Omskrivningskataloget i brug, hvis det er indlæst.")
    limits: Limits
    api_key_required: bool
