"""The trained label models: fitting, fast prediction, and safe persistence.

One calibrated linear model per label over character n-grams (which survive
Danish compounds and typos) and the evidence features, plus a multinomial
model for the consequence direction and a clause classifier (the locator)
that finds the clause stating the consequence. Saved with skops (never pickle) next to
a model card; loading refuses an artefact whose card names other library
versions than those installed, because a model read by another version of
scikit-learn may silently predict differently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.preprocessing import MaxAbsScaler

from goaltext.classify.artefact import CARD_FILE, MODEL_FILE, check_card, installed_versions, sha256
from goaltext.classify.errors import ModelError
from goaltext.classify.features import (
    CONSEQUENCE_CLAUSE,
    DIRECTION_FEATURE_NAMES,
    FEATURE_NAMES,
    Clause,
    ClauseScores,
    candidate_clauses,
    clause_texts,
    direction_inputs,
    with_consequence_clause,
)
from goaltext.classify.inference import (
    INFERENCE_FILE,
    TEXT_DESIGN,
    Directions,
    LinearInference,
    direction_probabilities,
    focus_word_grams,
)
from goaltext.evidence import Evidence
from goaltext.schema import LABEL_NAMES

SEED = 20261124
# The consequence locator: C and out-of-fold choices for its training goals
# (see ``GoalModel.fit``), as measured by 5-fold cross-validation on train
# and dev (sessions 12 and 13).
LOCATOR_C = 10.0
LOCATOR_FOLDS = 3
# The direction model's word block: the focus sentence's word 1-3-grams,
# weighted twice as much as a block of unit length. 5-fold cross-validation
# on the 931 original train and dev goals with a consequence, three fold
# seeds (session 14): direction 0.903 without it, 0.906 / 0.908 / 0.906 at
# weight 1 / 2 / 3, and 0.907 for word n-grams over the focus with its
# lexicon words replaced by their lexicon's name.
WORD_GRAM_WEIGHT = 2.0
# C=30 and the direction model's inputs: the best of the variants tried by
# 5-fold cross-validation on the train split (0.889 against 0.877 for the
# whole goal alone at C=10). Rechecked with the training supplement:
# C=3/10/30 give 0.856/0.857/0.856, and word n-grams on top add nothing on dev.
DIRECTION_C = 30.0
# The direction's probabilities are calibrated by one temperature, fitted on
# out-of-fold scores of the training goals (a softmax of the raw scores is
# overconfident: in 5-fold cross-validation on the original train and dev
# goals its mean probability was 0.95 against 0.91 right; divided by the
# fitted temperature, 1.6, 0.90).
DIRECTION_CALIBRATION_FOLDS = 5


def direction_model() -> LogisticRegression:
    return LogisticRegression(C=DIRECTION_C, max_iter=5000, random_state=SEED)


def direction_temperature(design: Any, directions: list[str]) -> float:
    """The temperature whose softmax of the direction model's out-of-fold
    scores on the training goals has the lowest log loss."""
    folds = StratifiedKFold(DIRECTION_CALIBRATION_FOLDS, shuffle=True, random_state=SEED)
    scores = cross_val_predict(direction_model(), design, directions, cv=folds, method="decision_function")
    classes = sorted(set(directions))
    truth = np.array([classes.index(d) for d in directions])

    def loss(temperature: float) -> float:
        return -float(log_softmax(scores / temperature, axis=1)[np.arange(len(truth)), truth].mean())

    return float(minimize_scalar(loss, bounds=(0.05, 20.0), method="bounded").x)


def text_vectorizer() -> TfidfVectorizer:
    """Character n-grams within word boundaries: 'bostøtten', 'bostøtte' and
    'botøtte' share most of their n-grams, so compounds and typos still match."""
    return TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 5), min_df=2, max_features=40_000, sublinear_tf=True, dtype=np.float32
    )


def word_tfidf(vectorizer: TfidfVectorizer, texts: list[str]) -> sp.csr_matrix:
    """The goals' character n-gram features: the sum of their words' own
    TF-IDF vectors (sublinear tf counted within the word), scaled to the
    length the sum would have if no two words shared an n-gram.

    The whole-text TF-IDF counts an n-gram across the words of a goal, so its
    vector cannot be put together from the words'. This one can: serving
    caches each word's weighted sums and scores a goal from about twenty
    cached rows (``inference.WordScores``) instead of counting its n-grams,
    16 us per goal less. 5-fold cross-validation on the 1,882 original train
    and dev goals: label F1 0.952 / 0.979 / 0.967 and direction 0.875 against
    0.952 / 0.979 / 0.968 and 0.878 for the whole-text TF-IDF, four goals.
    """
    splits = [text.lower().split() for text in texts]
    index: dict[str, int] = {}
    for words in splits:
        for word in words:
            index.setdefault(word, len(index))
    counter = CountVectorizer(
        analyzer="char_wb",
        ngram_range=vectorizer.ngram_range,
        vocabulary=vectorizer.vocabulary_,
        lowercase=False,
        dtype=np.float64,
    )
    per_word = counter.transform(list(index)).tocsr()
    per_word.data = 1.0 + np.log(per_word.data)
    per_word = (per_word @ sp.diags(vectorizer.idf_)).tocsr()
    squares = np.asarray(per_word.multiply(per_word).sum(axis=1)).ravel()
    rows = np.repeat(np.arange(len(texts)), [len(words) for words in splits])
    columns = np.fromiter((index[word] for words in splits for word in words), dtype=np.int64, count=len(rows))
    occurrences = sp.csr_matrix((np.ones(len(rows)), (rows, columns)), shape=(len(texts), len(index)))
    lengths = np.sqrt(occurrences @ squares)
    scale = sp.diags(1.0 / np.where(lengths > 0, lengths, 1.0))
    return sp.csr_matrix(scale @ (occurrences @ per_word))


def fit_word_grams(focus: list[str]) -> tuple[list[str], np.ndarray]:
    """The word grams (``inference.focus_word_grams``) seen in at least two
    focus sentences, and their idf."""
    vectorizer = TfidfVectorizer(analyzer=focus_word_grams, min_df=2, sublinear_tf=True).fit(focus)
    return [str(g) for g in vectorizer.get_feature_names_out()], np.asarray(vectorizer.idf_, dtype=np.float64)


def word_gram_tfidf(grams: list[str], idf: np.ndarray, focus: list[str]) -> sp.csr_matrix:
    """The focus sentences' word-gram TF-IDF (sublinear, rows of length 1)."""
    counter = CountVectorizer(
        analyzer=focus_word_grams, vocabulary={g: i for i, g in enumerate(grams)}, dtype=np.float64
    )
    transformer = TfidfTransformer(sublinear_tf=True)
    transformer.idf_ = idf
    return sp.csr_matrix(transformer.transform(counter.transform(focus)))


@dataclass
class GoalModel:
    """Fitted vectorizer, scaler and per-label estimators (sklearn objects only)."""

    vectorizer: TfidfVectorizer
    scaler: MaxAbsScaler
    labels: dict[str, Any]
    direction: LogisticRegression
    family: str
    params: dict[str, Any] = field(default_factory=dict)
    # The direction model's own inputs: the sentence of the main consequence
    # (n-grams, same vocabulary) and the direction features, scaled. None in
    # an artefact from before the direction model had them.
    direction_scaler: MaxAbsScaler | None = None
    # Scores each clause of a goal for stating the consequence: its best
    # score is an evidence feature of the consequence label, and its best
    # clause the direction focus where no rule span is found
    # (``features.ClauseScores``).
    # None in an older artefact.
    locator: LogisticRegression | None = None
    # The direction model's word block: its grams and their idf (its weights
    # are the last columns of the direction model). None in an older artefact.
    word_grams: list[str] | None = None
    word_gram_idf: np.ndarray | None = None
    # The direction's probabilities are the softmax of its scores over this
    # (``direction_temperature``); 1 in an artefact from before.
    direction_temperature: float = 1.0
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
        evidence_lists: list[list[Evidence]],
        consequence_spans: list[list[Clause]],
        label_weights: np.ndarray | None = None,
    ) -> GoalModel:
        """``evidence_lists``: the rules' evidence of the same goals;
        ``consequence_spans``: per goal, the offsets of its annotated
        CONSEQUENCE spans (the locator learns from them); ``label_weights``:
        per goal, its weight in the three label models (the direction model
        weighs every goal alike)."""
        vectorizer = text_vectorizer().fit(texts)
        locator = fit_locator(vectorizer, texts, consequence_spans)
        # The training goals' locator column and located clauses come from
        # locators that did not see them, so the models learn from the
        # locator as it will be when serving.
        rows = [i for i, d in enumerate(directions) if d]
        clause_scores_oof, located = out_of_fold_locating(vectorizer, texts, evidence_lists, consequence_spans, rows)
        evidence = with_consequence_clause(evidence, clause_scores_oof)
        scaler = MaxAbsScaler().fit(evidence)
        design = cls._design(vectorizer, scaler, texts, evidence)
        labels = {}
        # The locator's column speaks of the consequence alone: the other
        # labels are fitted without it (weight 0), so it is never their cue.
        without_locator = np.ones(design.shape[1])
        without_locator[len(vectorizer.idf_) + CONSEQUENCE_CLAUSE] = 0.0
        for name in LABEL_NAMES:
            calibrated = CalibratedClassifierCV(clone(estimator), method="sigmoid", cv=5, ensemble=False)
            label_design = design if name == "service_consequence" else design @ sp.diags(without_locator)
            labels[name] = calibrated.fit(label_design, targets[name], sample_weight=label_weights)
        focus, direction_features = direction_inputs(texts, evidence_lists, located=located)
        direction_scaler = MaxAbsScaler().fit(direction_features[rows])
        word_grams, word_gram_idf = fit_word_grams([focus[i] for i in rows])
        direction_design = cls._direction_design(
            vectorizer, direction_scaler, design, focus, direction_features, (word_grams, word_gram_idf)
        )
        direction_rows, direction_truth = direction_design[rows], [str(directions[i]) for i in rows]
        direction = direction_model().fit(direction_rows, direction_truth)
        return cls(
            vectorizer,
            scaler,
            labels,
            direction,
            family,
            {"estimator": repr(estimator)},
            direction_scaler=direction_scaler,
            locator=locator,
            word_grams=word_grams,
            word_gram_idf=word_gram_idf,
            direction_temperature=direction_temperature(direction_rows, direction_truth),
        )

    @staticmethod
    def _design(vectorizer: TfidfVectorizer, scaler: MaxAbsScaler, texts: list[str], evidence: np.ndarray) -> Any:
        return sp.hstack([word_tfidf(vectorizer, texts), sp.csr_matrix(scaler.transform(evidence))], format="csr")

    @staticmethod
    def _direction_design(
        vectorizer: TfidfVectorizer,
        scaler: MaxAbsScaler,
        design: Any,
        focus: list[str],
        features: np.ndarray,
        word_grams: tuple[list[str], np.ndarray] | None = None,
    ) -> Any:
        """The goal's design, then the focus sentence's n-grams, then the
        scaled direction features, then (when the model has it) the word block."""
        blocks = [design, word_tfidf(vectorizer, focus), sp.csr_matrix(scaler.transform(features))]
        if word_grams is not None:
            blocks.append(WORD_GRAM_WEIGHT * word_gram_tfidf(*word_grams, focus))
        return sp.hstack(blocks, format="csr")

    def _word_grams(self) -> tuple[list[str], np.ndarray] | None:
        if self.word_grams is None or self.word_gram_idf is None:
            return None
        return self.word_grams, self.word_gram_idf

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

    def predict(
        self, texts: list[str], evidence: np.ndarray, direction_inputs: tuple[list[str], np.ndarray] | None = None
    ) -> tuple[np.ndarray, Directions, np.ndarray]:
        """Per goal: the three label probabilities, the most likely direction
        and its probability, and the design matrix (kept for explanations)."""
        design = self._design(self.vectorizer, self.scaler, texts, evidence)
        weights, intercepts, slopes, offsets = self._linear()
        scores = design @ weights + intercepts
        probabilities = 1.0 / (1.0 + np.exp(slopes * scores + offsets))
        direction_design = design
        if self.direction_scaler is not None:
            if direction_inputs is None:
                raise ValueError("this model's direction needs the focus texts and direction features")
            focus, features = direction_inputs
            direction_design = self._direction_design(
                self.vectorizer, self.direction_scaler, design, focus, features, self._word_grams()
            )
        direction_scores = direction_design @ self.direction.coef_.T + self.direction.intercept_
        names = [str(self.direction.classes_[i]) for i in np.argmax(direction_scores, axis=1)]
        found = Directions(names, direction_probabilities(direction_scores, self.direction_temperature).tolist())
        return probabilities, found, design

    def score_clauses(self, texts: list[str], clauses: list[list[Clause]]) -> np.ndarray:
        """The locator's score (log-odds) of each goal's clauses, one goal's
        after the other (``features.ClauseScores``)."""
        if self.locator is None:
            raise ModelError("this model has no consequence locator")
        return locator_scores(self.locator, self.vectorizer, texts, clauses)

    def to_inference(self) -> LinearInference:
        """The same models as plain arrays, for serving without scikit-learn."""
        weights, intercepts, slopes, offsets = self._linear()
        scale = np.asarray(self.scaler.scale_, dtype=np.float64)
        direction_scale = np.zeros(0)
        if self.direction_scaler is not None:
            direction_scale = np.asarray(self.direction_scaler.scale_, dtype=np.float64)
            direction_scale = np.where(direction_scale == 0, 1.0, direction_scale)
        return LinearInference(
            ngrams=[str(g) for g in self.vectorizer.get_feature_names_out()],
            ngram_range=tuple(self.vectorizer.ngram_range),
            idf=np.asarray(self.vectorizer.idf_, dtype=np.float64),
            scale=np.where(scale == 0, 1.0, scale),
            weights=weights,
            intercepts=intercepts,
            slopes=slopes,
            offsets=offsets,
            direction_weights=np.asarray(self.direction.coef_, dtype=np.float64).T.copy(),
            direction_intercepts=np.asarray(self.direction.intercept_, dtype=np.float64),
            direction_classes=[str(c) for c in self.direction.classes_],
            family=self.family,
            direction_scale=direction_scale,
            locator_weights=(
                np.zeros(0) if self.locator is None else np.asarray(self.locator.coef_, dtype=np.float64).ravel()
            ),
            locator_intercept=0.0 if self.locator is None else float(self.locator.intercept_[0]),
            word_grams=list(self.word_grams or []),
            word_gram_idf=np.zeros(0) if self.word_gram_idf is None else self.word_gram_idf,
            word_gram_weight=WORD_GRAM_WEIGHT,
            direction_temperature=self.direction_temperature,
        )

    # -- persistence -------------------------------------------------------------
    def save(self, folder: Path, card: dict[str, Any]) -> None:
        import skops.io

        folder.mkdir(parents=True, exist_ok=True)
        payload = {
            "vectorizer": self.vectorizer,
            "scaler": self.scaler,
            "labels": self.labels,
            "direction": self.direction,
            "direction_scaler": self.direction_scaler,
            "locator": self.locator,
            "word_grams": self.word_grams,
            "word_gram_idf": self.word_gram_idf,
            "direction_temperature": self.direction_temperature,
            "family": self.family,
            "feature_names": list(FEATURE_NAMES),
            "direction_feature_names": list(DIRECTION_FEATURE_NAMES),
            "text_design": TEXT_DESIGN,
        }
        skops.io.dump(payload, folder / MODEL_FILE)
        self.to_inference().save(folder / INFERENCE_FILE)
        card = {
            **card,
            "versions": installed_versions(),
            "artefact_sha256": sha256(folder / MODEL_FILE),
            "inference_sha256": sha256(folder / INFERENCE_FILE),
        }
        (folder / CARD_FILE).write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> GoalModel:
        """The scikit-learn models (for evaluation and tests; serving uses
        ``load_inference``), after the same checks."""
        import skops.io

        check_card(folder)
        model_path = folder / MODEL_FILE
        untrusted = skops.io.get_untrusted_types(file=model_path)
        unexpected = [t for t in untrusted if not t.startswith(("sklearn.", "numpy.", "scipy."))]
        if unexpected:
            raise ModelError(f"{model_path} contains types goaltext does not trust: {unexpected}")
        payload = skops.io.load(model_path, trusted=untrusted)
        if payload.get("text_design") != TEXT_DESIGN:
            raise ModelError(f"{model_path} was trained with other text features; run `goaltext train`")
        if payload.get("feature_names") != list(FEATURE_NAMES):
            raise ModelError(f"{model_path} was trained with other evidence features; run `goaltext train`")
        direction_scaler = payload.get("direction_scaler")
        if direction_scaler is not None and payload.get("direction_feature_names") != list(DIRECTION_FEATURE_NAMES):
            raise ModelError(f"{model_path} was trained with other direction features; run `goaltext train`")
        return cls(
            payload["vectorizer"],
            payload["scaler"],
            payload["labels"],
            payload["direction"],
            payload["family"],
            direction_scaler=direction_scaler,
            locator=payload.get("locator"),
            word_grams=payload.get("word_grams"),
            word_gram_idf=payload.get("word_gram_idf"),
            direction_temperature=float(payload.get("direction_temperature", 1.0)),
        )


# -- the consequence locator ---------------------------------------------------------
def clause_examples(texts: list[str], consequence_spans: list[list[Clause]]) -> tuple[list[str], np.ndarray]:
    """Every candidate clause of the goals, and whether it overlaps an annotated consequence span."""
    examples, overlaps = [], []
    for text, spans in zip(texts, consequence_spans, strict=True):
        for start, end in candidate_clauses(text):
            examples.append(text[start:end])
            overlaps.append(any(s < end and start < e for s, e in spans))
    return examples, np.array(overlaps, dtype=bool)


def fit_locator(
    vectorizer: TfidfVectorizer, texts: list[str], consequence_spans: list[list[Clause]]
) -> LogisticRegression:
    """A clause classifier on the goals' n-grams: does this clause state the consequence?

    Clauses rather than sentences or windows: a sentence often holds the goal
    and its consequence ("Når X, kan Y ophøre"), and the direction model then
    reads the located clause's whole sentence (the clause alone gave no gain
    in cross-validation).
    """
    examples, overlaps = clause_examples(texts, consequence_spans)
    locator = LogisticRegression(C=LOCATOR_C, max_iter=5000, random_state=SEED)
    return locator.fit(word_tfidf(vectorizer, examples), overlaps)


def locator_scores(
    locator: LogisticRegression, vectorizer: TfidfVectorizer, texts: list[str], clauses: list[list[Clause]]
) -> np.ndarray:
    """The locator's log-odds of each goal's clauses, one goal's after the other."""
    design = word_tfidf(vectorizer, clause_texts(texts, clauses))
    return np.asarray(locator.decision_function(design), dtype=np.float64)


def out_of_fold_locating(
    vectorizer: TfidfVectorizer,
    texts: list[str],
    evidence_lists: list[list[Evidence]],
    consequence_spans: list[list[Clause]],
    rows: list[int],
) -> tuple[np.ndarray, list[Clause | None]]:
    """Every goal's locator column, and the located clause of each of the
    ``rows`` goals without a rule span, each from a locator that did not see the goal."""
    from sklearn.model_selection import KFold

    best = np.zeros(len(texts))
    located: list[Clause | None] = [None] * len(texts)
    wanted = set(rows)
    for fitting, held in KFold(LOCATOR_FOLDS, shuffle=True, random_state=SEED).split(np.arange(len(texts))):
        locator = fit_locator(vectorizer, [texts[i] for i in fitting], [consequence_spans[i] for i in fitting])
        held_rows = held.tolist()
        clause_scores = ClauseScores.of(
            [texts[i] for i in held_rows],
            None,
            lambda goals, clauses, locator=locator: locator_scores(locator, vectorizer, goals, clauses),
        )
        best[held] = clause_scores.best()
        chosen = [k for k, i in enumerate(held_rows) if i in wanted]
        found = clause_scores.located(chosen, [evidence_lists[i] for i in held_rows])
        for k, clause in zip(chosen, found, strict=True):
            located[held_rows[k]] = clause
    return best, located
