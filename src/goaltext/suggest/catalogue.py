"""The municipality's service catalogue: packages in order, the default
follow-up interval and the wording templates for rewrites.

Each municipality names its packages differently ("ydelsespakke 1-5", "pakke
A-E", "niveau 1-4"). A catalogue is a YAML file; the generic one ships with
goaltext, another is chosen by path or by the GOALTEXT_CATALOGUE environment
variable. A malformed file is refused with a message naming the line.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

CATALOGUE_ENV = "GOALTEXT_CATALOGUE"
DEFAULT_CATALOGUE = "standard"
REQUIRED_TEMPLATES = {
    "deadline": {"interval"},
    "follow_up": {"interval"},
    "consequence_package": {"package"},
    "consequence_package_first_person": {"package"},
    "consequence_end": set(),
    "consequence_end_first_person": set(),
    "consequence_hours": {"hours"},
    "consequence_hours_first_person": {"hours"},
    "consequence_unknown_package": set(),
    "consequence_unknown_package_first_person": set(),
    "criterion_generic": set(),
    "criterion_generic_first_person": set(),
}
PLACEHOLDER = re.compile(r"\{(\w+)\}")


class CatalogueError(ValueError):
    """A catalogue file is malformed; the message names the file and line."""


class Package(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1)
    hours_per_week: float | None = Field(None, ge=0)


class Catalogue(BaseModel):
    """A municipality's packages (lightest first) and rewrite wording."""

    model_config = ConfigDict(extra="forbid")
    name: str
    municipality: str | None = None
    description: str = ""
    packages: list[Package] = Field(min_length=1)
    follow_up_interval: str = Field(pattern=r"^P\d+[DWMY]$")
    templates: dict[str, str]
    source: str = Field("", exclude=True)

    @field_validator("templates")
    @classmethod
    def _templates_complete(cls, templates: dict[str, str]) -> dict[str, str]:
        missing = sorted(set(REQUIRED_TEMPLATES) - set(templates))
        if missing:
            raise ValueError(f"mangler skabeloner: {', '.join(missing)}")
        for key, text in templates.items():
            allowed = REQUIRED_TEMPLATES.get(key, set())
            unknown = set(PLACEHOLDER.findall(text)) - allowed
            if unknown:
                raise ValueError(f"skabelonen {key!r} bruger ukendte felter: {', '.join(sorted(unknown))}")
        return templates

    @field_validator("packages")
    @classmethod
    def _unique_package_names(cls, packages: list[Package]) -> list[Package]:
        names = [key(p.name) for p in packages]
        if len(set(names)) != len(names):
            raise ValueError("pakkenavnene skal være forskellige")
        return packages

    def index_of(self, package: str | None) -> int | None:
        """Position of a package (0 = lightest), tolerant of case, spacing and
        a bare number or letter ("3", "C")."""
        if not package:
            return None
        wanted = key(package)
        for index, candidate in enumerate(self.packages):
            name = key(candidate.name)
            if wanted == name or (wanted.isalnum() and len(wanted) <= 2 and name.endswith(" " + wanted)):
                return index
        return None

    def lighter_than(self, package: str | None) -> Package | None:
        """The next lighter package, or None when ``package`` is the lightest or unknown."""
        index = self.index_of(package)
        if index is None or index == 0:
            return None
        return self.packages[index - 1]

    def info(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "municipality": self.municipality,
            "packages": [p.name for p in self.packages],
            "follow_up_interval": self.follow_up_interval,
            "source": self.source,
        }


def key(name: str) -> str:
    return " ".join(name.lower().split())


def _line_of(node: yaml.Node, location: tuple[Any, ...]) -> int | None:
    """The 1-based line of the YAML node at a pydantic error location."""
    line = node.start_mark.line + 1
    for part in location:
        if isinstance(node, yaml.MappingNode):
            match = next((value for k, value in node.value if k.value == part), None)
            if match is None:
                break
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
        line = node.start_mark.line + 1
    return line


def parse_catalogue(text: str, source: str) -> Catalogue:
    """Parse and validate catalogue YAML; errors name ``source`` and the line."""
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{source}, linje {mark.line + 1}" if mark else source
        raise CatalogueError(f"{where}: ugyldig YAML ({getattr(error, 'problem', error)})") from error
    if not isinstance(data, dict) or root is None:
        raise CatalogueError(f"{source}, linje 1: et katalog skal være en YAML-mapping med name, packages, ...")
    try:
        catalogue = Catalogue.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        location = tuple(part for part in first["loc"] if part != "__root__")
        line = _line_of(root, location)
        field = ".".join(str(part) for part in location) or "katalog"
        raise CatalogueError(f"{source}, linje {line}: {field}: {first['msg']}") from error
    return catalogue.model_copy(update={"source": source})


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """The catalogue at ``path``, else at $GOALTEXT_CATALOGUE, else the generic one.

    A name without a path separator or suffix picks a shipped catalogue
    ("standard", "pakke-a-e").
    """
    chosen = str(path) if path is not None else os.environ.get(CATALOGUE_ENV) or DEFAULT_CATALOGUE
    candidate = Path(chosen)
    if candidate.suffix in {".yaml", ".yml"} or os.sep in chosen:
        if not candidate.is_file():
            raise CatalogueError(f"{chosen}: kataloget findes ikke")
        return parse_catalogue(candidate.read_text(encoding="utf-8"), str(candidate))
    shipped = resources.files("goaltext.data") / "catalogues" / f"{chosen}.yaml"
    if not shipped.is_file():
        raise CatalogueError(f"{chosen}: intet katalog med det navn (findes: standard, pakke-a-e)")
    return parse_catalogue(shipped.read_text(encoding="utf-8"), f"{chosen}.yaml")
