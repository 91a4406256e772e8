"""Trained classifiers for the three labels.

Training and the scikit-learn models live in ``goaltext.classify.model``;
what the pipeline serves with is their numpy form
(``goaltext.classify.inference``), so importing this package does not import
scikit-learn. ``load_model`` finds the artefact: the folder given, else
$GOALTEXT_MODELS, else the ``models/`` folder of the source checkout
goaltext runs from.
"""

from __future__ import annotations

import os
from pathlib import Path

from goaltext.classify.artefact import CARD_FILE, load_inference
from goaltext.classify.errors import ModelError
from goaltext.classify.inference import LinearInference

__all__ = ["LinearInference", "ModelError", "default_model_dir", "load_model"]
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


def load_model(model_dir: str | Path | None = None) -> tuple[LinearInference, str]:
    """The model (checked against its card) and a description for health
    checks ('model <family> trained <date> on <n> goals')."""
    folder = Path(model_dir) if model_dir else default_model_dir()
    if folder is None:
        raise ModelError("no trained model found; run `goaltext train` or set GOALTEXT_MODELS")
    model, card = load_inference(folder)
    return model, f"model {model.family} trained {card.get('trained', '?')} on {card.get('training_items', '?')} goals"
