"""GET /v1/labels: the three dimensions in Danish, for UIs (data/labels.yaml)."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml
from fastapi import APIRouter

from goaltext_api.errors import documented
from goaltext_api.schemas import LabelsResponse

router = APIRouter(prefix="/v1", tags=["mærker"])


@cache
def label_definitions() -> LabelsResponse:
    """Read and validate the label texts once; the app calls this at start so bad data stops it there."""
    text = (resources.files("goaltext_api") / "data" / "labels.yaml").read_text(encoding="utf-8")
    definitions = LabelsResponse.model_validate(yaml.safe_load(text))
    names = [label.name for label in definitions.labels]
    if sorted(names) != sorted(["measurable", "time_horizon", "service_consequence"]):
        raise ValueError(f"labels.yaml must define each dimension once, not {names}")
    return definitions


@router.get(
    "/labels",
    response_model=LabelsResponse,
    summary="Dimensionernes definitioner",
    description="Navn, kort definition og eksempler på ja og nej for hver dimension, på dansk.",
    responses=documented(500),
)
async def labels() -> LabelsResponse:
    return label_definitions()
