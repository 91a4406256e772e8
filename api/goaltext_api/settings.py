"""Service settings, read from environment variables once per process.

``get_settings()`` is cached rather than a module-level object, so tests build
their own ``Settings`` and hand them to ``create_app``. Plain pydantic does the
validation (pydantic-settings is not a dependency); a bad variable stops the
service at start with a message naming it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGE_DIR.parents[1]
DEFAULT_CORPUS = REPO_ROOT / "annotations" / "corpus.jsonl"
ENV_PREFIX = "GOALTEXT_"

# Environment variable -> settings field. Lists are comma-separated.
ENVIRONMENT: dict[str, str] = {
    "GOALTEXT_API_KEYS": "api_keys",
    "GOALTEXT_CORS_ORIGINS": "cors_origins",
    "GOALTEXT_MAX_TEXT_CHARS": "max_text_chars",
    "GOALTEXT_MAX_BATCH": "max_batch",
    "GOALTEXT_MAX_BODY_BYTES": "max_body_bytes",
    "GOALTEXT_CORPUS": "corpus",
    "GOALTEXT_CATALOGUE": "catalogue",
}
LIST_FIELDS = frozenset({"api_keys", "cors_origins"})


class SettingsError(ValueError):
    """A configuration variable has a value the service cannot run with."""


class Settings(BaseModel):
    """Everything an operator can configure; defaults are safe for a local run."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    api_keys: tuple[SecretStr, ...] = Field(
        (), description="Accepted X-API-Key values; empty means no key is required."
    )
    cors_origins: tuple[str, ...] = Field((), description="Browser origins allowed to call the API; none by default.")
    max_text_chars: Annotated[int, Field(ge=1, le=1_000_000)] = 5000
    max_batch: Annotated[int, Field(ge=1, le=100_000)] = 1000
    max_body_bytes: Annotated[int, Field(ge=1024)] = 16 * 1024 * 1024
    corpus: Path = DEFAULT_CORPUS
    catalogue: str | None = Field(
        None,
        description="The rewrite catalogue: a shipped name ('pakke-a-e') or a YAML path; None = the library's choice.",
    )
    static_dir: Path = Field(PACKAGE_DIR / "static", description="The trainers' web page (not configurable by env).")

    @field_validator("api_keys")
    @classmethod
    def _keys(cls, keys: tuple[SecretStr, ...]) -> tuple[SecretStr, ...]:
        """A key must be sendable in an HTTP header: visible ASCII, no spaces, and long enough to guess badly."""
        for key in keys:
            value = key.get_secret_value()
            if not (value.isascii() and value.isprintable() and " " not in value):
                raise ValueError("en API-nøgle må kun indeholde synlige ASCII-tegn uden mellemrum")
            if len(value) < 12:
                raise ValueError("en API-nøgle skal have mindst 12 tegn")
        return keys

    @field_validator("cors_origins")
    @classmethod
    def _origins(cls, origins: tuple[str, ...]) -> tuple[str, ...]:
        """Browsers send an Origin without path or trailing slash; a configured
        'https://x.dk/' would never match, so normalise and check the scheme."""
        cleaned = []
        for origin in origins:
            origin = origin.strip().rstrip("/")
            if origin != "*" and not origin.startswith(("http://", "https://")):
                raise ValueError(f"'{origin}' er ikke en oprindelse som https://sag.kommune.dk")
            cleaned.append(origin)
        return tuple(cleaned)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from GOALTEXT_* variables; unset or empty variables keep the default."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for variable, name in ENVIRONMENT.items():
            raw = environ.get(variable, "").strip()
            if not raw:
                continue
            values[name] = (
                tuple(part.strip() for part in raw.split(",") if part.strip()) if name in LIST_FIELDS else raw
            )
        try:
            settings = cls.model_validate(values)
        except ValidationError as error:
            problems = []
            for item in error.errors(include_input=False, include_url=False):
                name = str(item["loc"][0]) if item["loc"] else ""
                variable = next((v for v, n in ENVIRONMENT.items() if n == name), name)
                problems.append(f"{variable}: {item['msg']}")
            raise SettingsError("ugyldig konfiguration: " + "; ".join(problems)) from None
        return settings

    def resolved_corpus(self) -> Path:
        """A relative GOALTEXT_CORPUS is read from the working directory, as a path given on a command line is."""
        return self.corpus if self.corpus.is_absolute() else Path.cwd() / self.corpus


@cache
def get_settings() -> Settings:
    """The process's settings, read from the environment once."""
    return Settings.from_env()
