"""The trained label models: fitting, fast prediction, and safe persistence.

One calibrated linear model per label over character n-grams (which survive
Danish compounds and typos) and the evidence features, plus a multinomial
model for the consequence direction. Saved with skops (never pickle) next to
a model card; loading refuses an artefact whose card names other library
versions than those installed, because a model read by another version of
scikit-learn may silently predict differently.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import MaxAbsScaler

from goaltext.classify.features import FEATURE_DANISH, FEATURE_NAMES
from goaltext.schema import LABEL_NAMES

DIRECTIONS = ("reduce", "end", "transfer", "increase", "other")
VERSIONED = ("scikit-learn", "skops", "numpy", "scipy")
MODEL_FILE = "goaltext-labels.skops"
CARD_FILE = "card.json"
SEED = 20261124


class ModelError(RuntimeError):
    """A model artefact cannot be used; the message says why and what to do."""


def installed_versions() -> dict[str, str]:
    return {name: metadata.version(name) for name in VERSIONED}


def text_vectorizer() -> TfidfVectorizer:
    """Character n-grams within word boundaries: 'bostøtten', 'bostøtte' and
    'botøtte' share most of their n-grams, so compounds and typos still match."""
    return TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), min_df=2, max_features=40_000, sublinear_tf=True, dtype=np.float32
    )


@dataclass
class GoalModel:
    """Fitted vectorizer, scaler and per-label estimators (sklearn objects only)."""

    vectorizer: TfidfVectorizer
    scaler: MaxAbsScaler
    labels: dict[str, Any]
    direction: LogisticRegression
    family: str
    params: dict[str, Any] = field(default_factory=dict)
    _weights: Any = field(default=None, repr=False)

    # -- fitting -----------------------------------------------------------------
    @classmethod
    def fit(
        cls,
        texts: list[str],
        evidence: np.ndarray,
        targets: dict[str, np.ndarray],
        directions: list[str | None],
        estimator: Any,
        family: str,
    ) -> GoalModel:
        vectorizer = text_vectorizer().fit(texts)
        scaler = MaxAbsScaler().fit(evidence)
        design = cls._design(vectorizer, scaler, texts, evidence)
        labels = {}
        for name in LABEL_NAMES:
            calibrated = CalibratedClassifierCV(clone(estimator), method="sigmoid", cv=5, ensemble=False)
            labels[name] = calibrated.fit(design, targets[name])
        rows = [i for i, d in enumerate(directions) if d]
        direction = LogisticRegression(C=10.0, max_iter=5000, random_state=SEED)
        direction.fit(design[rows], [directions[i] for i in rows])
        return cls(vectorizer, scaler, labels, direction, family, {"estimator": repr(estimator)})

    @staticmethod
    def _design(vectorizer: TfidfVectorizer, scaler: MaxAbsScaler, texts: list[str], evidence: np.ndarray) -> Any:
        return sp.hstack([vectorizer.transform(texts), sp.csr_matrix(scaler.transform(evidence))], format="csr")

    # -- prediction --------------------------------------------------------------
    def _linear(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Weights, intercepts and sigmoid calibration of the three labels,
        gathered once so a batch needs a single sparse product."""
        if self._weights is None:
            weights, intercepts, slopes, offsets = [], [], [], []
            for name in LABEL_NAMES:
                calibrated = self.labels[name].calibrated_classifiers_[0]
                estimator = calibrated.estimator
                weights.append(np.asarray(estimator.coef_).ravel())
                intercepts.append(float(np.asarray(estimator.intercept_).ravel()[0]))
                calibrator = calibrated.calibrators[0]
                slopes.append(float(calibrator.a_))
                offsets.append(float(calibrator.b_))
            self._weights = (np.vstack(weights).T, np.array(intercepts), np.array(slopes), np.array(offsets))
        return self._weights

    def predict(self, texts: list[str], evidence: np.ndarray) -> tuple[np.ndarray, list[str | None], np.ndarray]:
        """Per goal: the three label probabilities, the most likely direction,
        and the design matrix (kept for explanations)."""
        design = self._design(self.vectorizer, self.scaler, texts, evidence)
        weights, intercepts, slopes, offsets = self._linear()
        scores = design @ weights + intercepts
        probabilities = 1.0 / (1.0 + np.exp(slopes * scores + offsets))
        direction_scores = design @ self.direction.coef_.T + self.direction.intercept_
        directions = [str(self.direction.classes_[i]) for i in np.argmax(direction_scores, axis=1)]
        return probabilities, directions, design

    def cues(self, design_row: Any, label_index: int, positive: bool, limit: int = 3) -> list[str]:
        """The features that pushed this decision most, in readable Danish."""
        weights = self._linear()[0][:, label_index]
        row = design_row.tocoo()
        contributions = row.data * weights[row.col]
        order = np.argsort(-contributions if positive else contributions)
        names = self.feature_names()
        readable = self.readable_features()
        cues: list[str] = []
        for position in order:
            if len(cues) == limit or (contributions[position] > 0) != positive:
                break
            column = row.col[position]
            if readable[column] and names[column] not in cues:
                cues.append(names[column])
        return cues

    def readable_features(self) -> np.ndarray:
        """Which features make sense to a reader: the evidence features and
        n-grams that are whole words of four letters or more (not '«es»')."""
        if not hasattr(self, "_readable"):
            ngrams = self.vectorizer.get_feature_names_out()
            words = [len(g.strip()) >= 4 and g.startswith(" ") and g.endswith(" ") for g in ngrams]
            self._readable = np.array(words + [name != "log_length" for name in FEATURE_NAMES])
        return self._readable

    def feature_names(self) -> list[str]:
        if not hasattr(self, "_names"):
            ngrams = [f"«{g.strip()}»" for g in self.vectorizer.get_feature_names_out()]
            self._names = ngrams + [FEATURE_DANISH[n] for n in FEATURE_NAMES]
        return self._names

    # -- persistence -------------------------------------------------------------
    def save(self, folder: Path, card: dict[str, Any]) -> None:
        import skops.io

        folder.mkdir(parents=True, exist_ok=True)
        payload = {
            "vectorizer": self.vectorizer,
            "scaler": self.scaler,
            "labels": self.labels,
            "direction": self.direction,
            "family": self.family,
            "feature_names": list(FEATURE_NAMES),
        }
        skops.io.dump(payload, folder / MODEL_FILE)
        card = {**card, "versions": installed_versions(), "artefact_sha256": sha256(folder / MODEL_FILE)}
        (folder / CARD_FILE).write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> GoalModel:
        import skops.io

        card_path, model_path = folder / CARD_FILE, folder / MODEL_FILE
        if not card_path.is_file() or not model_path.is_file():
            raise ModelError(f"{folder}: no model (expected {CARD_FILE} and {MODEL_FILE}); run `goaltext train`")
        card = json.loads(card_path.read_text(encoding="utf-8"))
        installed = installed_versions()
        mismatched = {k: (v, installed.get(k)) for k, v in card.get("versions", {}).items() if installed.get(k) != v}
        if mismatched:
            details = ", ".join(f"{k} {want} (installed {have})" for k, (want, have) in sorted(mismatched.items()))
            raise ModelError(
                f"{model_path} was trained with {details}. Install those versions, or rebuild the model for the "
                "installed ones with `goaltext train`."
            )
        if card.get("artefact_sha256") != sha256(model_path):
            raise ModelError(f"{model_path} does not match its model card (checksum differs); run `goaltext train`")
        untrusted = skops.io.get_untrusted_types(file=model_path)
        unexpected = [t for t in untrusted if not t.startswith(("sklearn.", "numpy.", "scipy."))]
        if unexpected:
            raise ModelError(f"{model_path} contains types goaltext does not trust: {unexpected}")
        payload = skops.io.load(model_path, trusted=untrusted)
        if payload.get("feature_names") != list(FEATURE_NAMES):
            raise ModelError(f"{model_path} was trained with other evidence features; run `goaltext train`")
        return cls(payload["vectorizer"], payload["scaler"], payload["labels"], payload["direction"], payload["family"])


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
