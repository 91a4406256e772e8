"""Trained classifiers for the three labels (see goaltext.classify.model).

``load_model`` finds the artefact: the folder given, else $GOALTEXT_MODELS,
else the ``models/`` folder of the source checkout goaltext runs from.
"""

from __future__ import annotations

import os
from pathlib import Path

from goaltext.classify.model import CARD_FILE, GoalModel, ModelError

__all__ = ["GoalModel", "ModelError", "default_model_dir", "load_model"]
MODELS_ENV = "GOALTEXT_MODELS"


def default_model_dir() -> Path | None:
    """$GOALTEXT_MODELS, else the nearest ``models/`` with a model card above the package."""
    configured = os.environ.get(MODELS_ENV)
    if configured:
        return Path(configured)
    for parent in Path(__file__).resolve().parents:
        if (parent / "models" / CARD_FILE).is_file():
            return parent / "models"
    return None


def load_model(model_dir: str | Path | None = None) -> tuple[GoalModel, str]:
    """The model and a description for health checks ('model <family> <date>')."""
    import json

    folder = Path(model_dir) if model_dir else default_model_dir()
    if folder is None:
        raise ModelError("no trained model found; run `goaltext train` or set GOALTEXT_MODELS")
    model = GoalModel.load(folder)
    card = json.loads((folder / CARD_FILE).read_text(encoding="utf-8"))
    return model, f"model {model.family} trained {card.get('trained', '?')} on {card.get('training_items', '?')} goals"
