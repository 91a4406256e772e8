"""The public result contract of goaltext, as declared pydantic schemas.

``Analysis.to_dict()`` (and its JSON) is what the CLI prints, the API returns
and the archive scorer flattens. Keep it stable; the README documents it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from functools import cache
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, field_validator

SpanLabel = Literal["TIME", "CRITERION", "CONSEQUENCE", "FOLLOW_UP", "VAGUE"]
Role = Literal["deadline", "follow_up", "frequency", "vague"]
Direction = Literal["reduce", "end", "transfer", "increase", "other"]
DIRECTIONS: tuple[str, ...] = get_args(Direction)
LABEL_NAMES: tuple[str, ...] = ("measurable", "time_horizon", "service_consequence")


class Context(BaseModel):
    """What the case system knows besides the goal text; every field optional."""

    model_config = ConfigDict(extra="forbid")
    reference_date: date | None = Field(
        default=None, description="Dagen målet blev skrevet; bruges til at omregne datoer."
    )
    current_package: str | None = Field(default=None, description="Nuværende pakke/niveau, fx «ydelsespakke 3».")
    current_service: str | None = Field(default=None, description="Nuværende ydelse, fx «§ 85» eller «hjemmepleje».")
    hours_per_week: float | None = Field(default=None, ge=0, le=168, description="Bevilgede timer om ugen.")
    follow_up_interval: str | None = Field(default=None, description="Opfølgningsinterval som ISO-varighed, fx «P4M».")
    area: str | None = Field(default=None, description="Indsatsområde, fx «§ 85» eller «Barnets Lov».")

    @field_validator("follow_up_interval")
    @classmethod
    def _iso_duration(cls, value: str | None) -> str | None:
        if value is not None:
            import re

            if not re.fullmatch(r"P\d+[DWMY]", value):
                raise ValueError("skal være en ISO 8601-varighed som P4M, P6W eller P1Y")
        return value


@dataclass(slots=True, kw_only=True)
class SpanResult:
    """One evidence span, with offsets into the original text."""

    id: str
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]
    label: SpanLabel
    text: str
    role: Role | None = None
    value: str | None = None
    direction: Direction | None = None
    target: str | None = None
    rule: Annotated[str, Field(description="The rule or lexicon that found the span (for explanations).")]


@dataclass(slots=True, kw_only=True)
class LabelResult:
    """One label's decision, its probability and what it rests on."""

    value: bool
    probability: Annotated[float, Field(ge=0, le=1)]
    evidence: Annotated[list[str], Field(description="Ids of the spans behind the decision.")] = field(
        default_factory=list
    )
    cues: Annotated[list[str], Field(description="What weighed most in the decision, in Danish.")] = field(
        default_factory=list
    )


@dataclass(slots=True, kw_only=True)
class Labels:
    """The three labels of a goal."""

    measurable: LabelResult
    time_horizon: LabelResult
    service_consequence: LabelResult


@dataclass(slots=True, kw_only=True)
class ConsequenceResult:
    """What reaching the goal should mean for the service."""

    direction: Direction
    target: str | None = None
    probability: Annotated[
        float | None,
        Field(
            ge=0,
            le=1,
            description="How likely the direction is (the model's, calibrated); null when the rules alone decided.",
        ),
    ] = None


@dataclass(slots=True, kw_only=True)
class Explanations:
    """A short Danish sentence per dimension: what is there and what is missing."""

    measurable: str
    time_horizon: str
    service_consequence: str


@dataclass(slots=True, kw_only=True)
class Analysis:
    """The analysis of one goal statement.

    The result types are slotted dataclasses, not pydantic models: the
    pipeline builds them from data it made itself, and analysing an archive
    builds hundreds of thousands. Validating each cost about 11 us per goal
    and a pydantic model carries three more objects for the garbage
    collector to traverse. Pydantic still reads them as schemas: ``to_dict``
    and the API serialise and document them through a ``TypeAdapter``.
    """

    text: str
    labels: Labels
    horizon: Annotated[str | None, Field(description="ISO duration (P4M), date (2026-06-01) or week (2026-W40).")] = (
        None
    )
    horizon_days: Annotated[
        int | None, Field(description="Days from the reference date to the horizon, when known.")
    ] = None
    consequence: ConsequenceResult | None = None
    spans: list[SpanResult]
    score: Annotated[int, Field(ge=0, le=100)]
    explanations: Explanations
    pipeline: str
    reference_date: date | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready public contract."""
        return analysis_adapter().dump_python(self, mode="json")

    def field_values(self) -> dict[str, Any]:
        """The top-level fields by name (not copied), e.g. for a response that adds fields."""
        return {name: getattr(self, name) for name in ANALYSIS_FIELDS}


ANALYSIS_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Analysis))


@cache
def analysis_adapter() -> TypeAdapter[Analysis]:
    """Pydantic's validator, serialiser and JSON schema of ``Analysis``."""
    return TypeAdapter(Analysis)


Dimension = Literal["measurable", "time_horizon", "service_consequence"]


class TextEdit(BaseModel):
    """One edit on the ORIGINAL text, as editors apply LanguageTool matches:
    replace ``length`` characters at ``offset`` by ``replacement``."""

    offset: int = Field(ge=0)
    length: int = Field(ge=0)
    replacement: str


class Suggestion(BaseModel):
    """A rewrite that adds what the goal is missing."""

    id: str = Field(description="Stable id of the suggestion kind, e.g. 'add_follow_up'.")
    text: str = Field(description="The full rewritten goal.")
    edits: list[TextEdit] = Field(description="Applied to the original text in order of offset, they give `text`.")
    adds: list[Dimension] = Field(description="The dimensions this rewrite adds.")
    needs_input: list[str] = Field(
        default_factory=list, description="Visible placeholders the writer must still fill, e.g. '[antal]'."
    )
    reason: str = Field(description="One Danish sentence saying why.")
    score: float = Field(ge=0, le=1, description="Ranking score; higher first.")
