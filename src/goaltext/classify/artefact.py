"""The model artefacts on disk and the checks before any of them is used.

A model folder holds the scikit-learn models saved with skops (the
reference, never pickle), the same weights as plain arrays for serving
(``goaltext-labels.npz``), and the model card. Loading refuses a folder whose
card names other library versions than those installed (a model read by
another scikit-learn may silently predict differently) or whose files do not
match the checksums in the card. Nothing here imports scikit-learn.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path
from typing import Any

from goaltext.classify.errors import ModelError
from goaltext.classify.inference import INFERENCE_FILE, LinearInference

VERSIONED = ("scikit-learn", "skops", "numpy", "scipy")
MODEL_FILE = "goaltext-labels.skops"
CARD_FILE = "card.json"
CHECKSUMS = {"artefact_sha256": MODEL_FILE, "inference_sha256": INFERENCE_FILE}


def installed_versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in VERSIONED}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_card(folder: Path) -> dict[str, Any]:
    """The card of a model folder, once its versions and checksums hold."""
    card_path = folder / CARD_FILE
    if not card_path.is_file() or not all((folder / name).is_file() for name in CHECKSUMS.values()):
        expected = ", ".join([CARD_FILE, *CHECKSUMS.values()])
        raise ModelError(f"{folder}: no model (expected {expected}); run `goaltext train`")
    card = json.loads(card_path.read_text(encoding="utf-8"))
    installed = installed_versions()
    mismatched = {k: (v, installed.get(k)) for k, v in card.get("versions", {}).items() if installed.get(k) != v}
    if mismatched:
        details = ", ".join(f"{k} {want} (installed {have})" for k, (want, have) in sorted(mismatched.items()))
        raise ModelError(
            f"{folder / MODEL_FILE} was trained with {details}. Install those versions, or rebuild the model for "
            "the installed ones with `goaltext train`."
        )
    for key, name in CHECKSUMS.items():
        if card.get(key) != sha256(folder / name):
            raise ModelError(f"{folder / name} does not match its model card (checksum differs); run `goaltext train`")
    return card


def load_inference(folder: Path) -> tuple[LinearInference, dict[str, Any]]:
    """The serving form of the model in ``folder`` and its card."""
    card = check_card(folder)
    return LinearInference.load(folder / INFERENCE_FILE), card
