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
WORD_CACHE_LIMIT = 200_000
EMPTY = np.zeros(0, dtype=np.int64)


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

    def _fast(self) -> dict[str, Any]:
        """Everything the fast path needs, taken once from the fitted objects."""
        if not hasattr(self, "_fast_parts"):
            weights, intercepts, slopes, offsets = self._linear()
            scale = np.asarray(self.scaler.scale_, dtype=np.float64)
            self._fast_parts = {
                "analyzer": self.vectorizer.build_analyzer(),
                "vocabulary": self.vectorizer.vocabulary_,
                "idf": np.asarray(self.vectorizer.idf_, dtype=np.float64),
                "n_text": len(self.vectorizer.vocabulary_),
                "scale": np.where(scale == 0, 1.0, scale),
                "weights": weights,
                "intercepts": intercepts,
                "slopes": slopes,
                "offsets": offsets,
                "direction_weights": self.direction.coef_.T,
                "direction_intercepts": self.direction.intercept_,
            }
        return self._fast_parts

    def features(self, text: str, evidence: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """One goal's non-zero features (columns, values), exactly as the
        fitted TF-IDF (sublinear tf, idf, l2 norm) and scaler would give them,
        without building sparse matrices: per goal that is most of the cost."""
        parts = self._fast()
        word_columns = [self._word_columns(word) for word in text.lower().split()]
        columns, counts = np.unique(np.concatenate(word_columns) if word_columns else EMPTY, return_counts=True)
        values = (1.0 + np.log(counts)) * parts["idf"][columns]
        norm = np.sqrt(values @ values)
        if norm:
            values /= norm
        scaled = evidence / parts["scale"]
        present = np.nonzero(scaled)[0]
        return (
            np.concatenate([columns, parts["n_text"] + present]),
            np.concatenate([values, scaled[present]]),
        )

    def _word_columns(self, word: str) -> np.ndarray:
        """The vocabulary columns of one word's character n-grams ("char_wb":
        the word padded with a space each side), cached: goal statements reuse
        a small vocabulary, and n-gram generation is most of the per-goal cost."""
        cache = self.__dict__.setdefault("_word_cache", {})
        found = cache.get(word)
        if found is None:
            if len(cache) > WORD_CACHE_LIMIT:
                cache.clear()
            vocabulary = self._fast()["vocabulary"]
            grams = self._fast()["analyzer"](word)
            found = np.array([vocabulary[g] for g in grams if g in vocabulary], dtype=np.int64)
            cache[word] = found
        return found

    def predict_fast(self, texts: list[str], evidence: np.ndarray) -> tuple[np.ndarray, list[str], list]:
        """As ``predict``, one goal at a time with numpy: label probabilities,
        directions, and each goal's (columns, values) for its cues."""
        parts = self._fast()
        rows = [self.features(text, evidence[i]) for i, text in enumerate(texts)]
        scores = np.array([values @ parts["weights"][columns] for columns, values in rows]).reshape(len(rows), -1)
        probabilities = 1.0 / (1.0 + np.exp(parts["slopes"] * (scores + parts["intercepts"]) + parts["offsets"]))
        classes = self.direction.classes_
        directions = [
            str(classes[np.argmax(values @ parts["direction_weights"][columns] + parts["direction_intercepts"])])
            for columns, values in rows
        ]
        return probabilities, directions, rows

    def cues_fast(self, rows: list, probabilities: np.ndarray, limit: int = 3) -> list[list[list[str]]]:
        """``cues`` for the rows of ``predict_fast``."""
        weights = self._fast()["weights"]
        readable = self.readable_features()
        names = self.feature_names()
        result = []
        for row, (columns, values) in enumerate(rows):
            keep = readable[columns]
            kept_columns = columns[keep]
            contributions = values[keep][:, None] * weights[kept_columns]
            per_label = []
            for label in range(weights.shape[1]):
                signed = (1.0 if probabilities[row, label] >= 0.5 else -1.0) * contributions[:, label]
                top = np.argsort(-signed)[:limit]
                per_label.append([names[kept_columns[i]] for i in top if signed[i] > 0])
            result.append(per_label)
        return result

    def cues(self, design: Any, probabilities: np.ndarray, limit: int = 3) -> list[list[list[str]]]:
        """Per goal and label: the readable features that pushed the decision
        most, in Danish. Works on the CSR arrays of the whole batch at once."""
        weights = self._linear()[0]
        readable = self.readable_features()
        names = self.feature_names()
        columns = design.indices
        keep = readable[columns]
        contributions = design.data[:, None] * weights[columns]  # (stored values, labels)
        result = []
        for row in range(design.shape[0]):
            start, end = design.indptr[row], design.indptr[row + 1]
            row_keep = keep[start:end]
            row_columns = columns[start:end][row_keep]
            row_contributions = contributions[start:end][row_keep]
            per_label = []
            for label in range(weights.shape[1]):
                sign = 1.0 if probabilities[row, label] >= 0.5 else -1.0
                signed = sign * row_contributions[:, label]
                top = np.argsort(-signed)[:limit]
                per_label.append([names[row_columns[i]] for i in top if signed[i] > 0])
            result.append(per_label)
        return result

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
