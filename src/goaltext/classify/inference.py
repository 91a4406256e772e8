"""Prediction with the trained label models, in numpy alone.

The models are linear (calibrated SVMs per label, a logistic regression for
the direction), so prediction is a weighted sum over a goal's TF-IDF
character n-grams and evidence features. Training exports exactly those
weights next to the skops artefact (``goaltext-labels.npz``, plain arrays,
read without pickle); serving them needs neither scikit-learn nor scipy,
which would cost 150 MB of memory per process just to import. A whole batch
of goals is scored with a few array operations instead of per-goal work.
``GoalModel.predict`` (scikit-learn) stays the reference the tests compare
this with.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from goaltext.classify.features import DIRECTION_FEATURE_NAMES, FEATURE_DANISH, FEATURE_NAMES

INFERENCE_FILE = "goaltext-labels.npz"
WORD_CACHE_LIMIT = 200_000
CUES_PER_LABEL = 3
EMPTY = np.zeros(0, dtype=np.int64)
ROWS_PER_SORT = 256  # rows sorted together in ``_counted_per_row``


class ModelError(RuntimeError):
    """A model artefact cannot be used; the message says why and what to do."""


@dataclass
class Prediction:
    """One batch: label probabilities (goals x labels), the most likely
    consequence direction per goal, and per goal and label the readable
    features that pushed the decision most."""

    probabilities: np.ndarray
    directions: list[str | None]
    cues: list[list[list[str]]]


@dataclass
class Scored:
    """A scored batch: the label decisions, and what finishing the direction
    of some of its goals needs (their design entries and the direction
    scores of their own n-grams; None when scored without details)."""

    texts: list[str]
    probabilities: np.ndarray
    cues: list[list[list[str]]]
    rows: np.ndarray
    columns: np.ndarray
    values: np.ndarray
    direction_scores: np.ndarray | None


@dataclass
class LinearInference:
    """The fitted weights and TF-IDF parameters, as arrays."""

    ngrams: list[str]  # the n-gram of each text column, in column order
    ngram_range: tuple[int, int]
    idf: np.ndarray
    scale: np.ndarray  # of the evidence features (MaxAbsScaler; 0 replaced by 1)
    weights: np.ndarray  # (columns, labels)
    intercepts: np.ndarray
    slopes: np.ndarray  # Platt calibration: p = 1 / (1 + exp(slope * score + offset))
    offsets: np.ndarray
    # (columns, directions): the goal's columns, then (when direction_scale is
    # not empty) the focus sentence's n-grams and the direction features
    direction_weights: np.ndarray
    direction_intercepts: np.ndarray
    direction_classes: list[str]
    family: str
    evidence_names: list[str] = field(default_factory=lambda: list(FEATURE_NAMES))
    direction_scale: np.ndarray = field(default_factory=lambda: np.zeros(0))  # MaxAbsScaler; empty: none
    _word_cache: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.vocabulary = {gram: column for column, gram in enumerate(self.ngrams)}
        self.n_text = len(self.ngrams)
        self.n_goal = self.n_text + len(self.evidence_names)  # columns of the goal's own design
        self.focused = len(self.direction_scale) > 0
        self.all_weights = np.hstack([self.weights, self.direction_weights[: self.n_goal]])
        self.focus_weights = self.direction_weights[self.n_goal : self.n_goal + self.n_text]
        self.feature_weights = self.direction_weights[self.n_goal + self.n_text :]
        # Readable cues: evidence features, and n-grams that are whole words of
        # four letters or more ("«trivsel»", not "«es»").
        whole_words = [len(g.strip()) >= 4 and g.startswith(" ") and g.endswith(" ") for g in self.ngrams]
        self.readable = np.array(whole_words + [name != "log_length" for name in self.evidence_names])
        self.names = [f"«{g.strip()}»" for g in self.ngrams] + [FEATURE_DANISH[n] for n in self.evidence_names]

    # -- features ----------------------------------------------------------------
    def word_columns(self, word: str) -> np.ndarray:
        """The columns of one word's character n-grams, as scikit-learn's
        "char_wb" analyzer makes them (the word padded with a space each side;
        a word shorter than n gives itself once). Cached: goals reuse a small
        vocabulary, and n-gram generation is most of the per-goal cost."""
        found = self._word_cache.get(word)
        if found is None:
            if len(self._word_cache) > WORD_CACHE_LIMIT:
                self._word_cache.clear()
            padded = f" {word} "
            low, high = self.ngram_range
            grams = []
            for n in range(low, high + 1):
                if len(padded) <= n:
                    grams.append(padded)
                    break
                grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
            vocabulary = self.vocabulary
            found = np.array([vocabulary[g] for g in grams if g in vocabulary], dtype=np.int32)
            self._word_cache[word] = found
        return found

    def design(self, texts: list[str], evidence: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The batch's non-zero features as (row, column, value) arrays, row by
        row and by column within a row: TF-IDF with sublinear tf and l2 norm
        over the text, then the scaled evidence features."""
        text_rows, text_columns, values = self.text_design(texts)
        scaled = evidence / self.scale
        evidence_rows, evidence_columns = np.nonzero(scaled)
        all_rows = np.concatenate([text_rows, evidence_rows])
        all_columns = np.concatenate([text_columns, self.n_text + evidence_columns])
        all_values = np.concatenate([values, scaled[evidence_rows, evidence_columns]])
        order = np.argsort(all_rows, kind="stable")  # text columns come sorted, evidence after them
        return all_rows[order], all_columns[order], all_values[order]

    def text_design(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The TF-IDF n-grams of the batch as (row, column, value), sorted by row and column."""
        words: list[str] = []
        words_per_text = []
        for text in texts:
            split = text.lower().split()
            words.extend(split)
            words_per_text.append(len(split))
        cache, compute = self._word_cache, self.word_columns
        per_word = [found if (found := cache.get(word)) is not None else compute(word) for word in words]
        columns = np.concatenate(per_word) if per_word else EMPTY
        word_lengths = np.fromiter(map(len, per_word), dtype=np.int64, count=len(per_word))
        word_rows = np.repeat(np.arange(len(texts), dtype=np.int64), words_per_text)
        entries = np.bincount(word_rows, weights=word_lengths, minlength=len(texts)).astype(np.int64)
        text_rows, text_columns, counts = _counted_per_row(columns, entries, sentinel=self.n_text)
        values = (1.0 + np.log(counts)) * self.idf[text_columns]
        norms = np.sqrt(np.bincount(text_rows, weights=values * values, minlength=len(texts)))
        values /= np.where(norms > 0, norms, 1.0)[text_rows]
        return text_rows, text_columns, values

    # -- prediction --------------------------------------------------------------
    def predict(
        self,
        texts: list[str],
        evidence: np.ndarray,
        direction_inputs: tuple[list[str], np.ndarray] | None = None,
        details: bool = True,
    ) -> Prediction:
        """Labels, directions and cues of every goal. ``direction_inputs``: the
        focus texts and direction features (``features.direction_inputs``);
        needed when the model uses them. Without ``details`` only the label
        probabilities are computed (the directions are None and the cues empty)."""
        scored = self.score(texts, evidence, details)
        if details:
            everyone = np.arange(len(texts))
            directions: list[str | None] = list(self.directions(scored, everyone, direction_inputs))
        else:
            directions = [None] * len(texts)
        return Prediction(scored.probabilities, directions, scored.cues)

    def score(self, texts: list[str], evidence: np.ndarray, details: bool = True) -> Scored:
        """The label probabilities (and with ``details`` the cues and the
        goal's own share of the direction scores) of a batch; ``directions``
        finishes the direction for the goals that need one."""
        rows, columns, values = self.design(texts, evidence)
        labels = self.weights.shape[1]
        weights = self.all_weights if details else self.weights
        contributions = values[:, None] * weights[columns]  # labels, then directions
        sums = _row_sums(rows, contributions, len(texts))
        probabilities = 1.0 / (1.0 + np.exp(self.slopes * (sums[:, :labels] + self.intercepts) + self.offsets))
        if not details:
            cues: list[list[list[str]]] = [[[] for _ in range(labels)] for _ in texts]
            return Scored(texts, probabilities, cues, rows, columns, values, None)
        cues = self.cues(rows, columns, contributions[:, :labels], probabilities)
        return Scored(texts, probabilities, cues, rows, columns, values, sums[:, labels:] + self.direction_intercepts)

    def directions(
        self, scored: Scored, selected: np.ndarray, direction_inputs: tuple[list[str], np.ndarray] | None
    ) -> list[str]:
        """The most likely direction of the ``selected`` goals (indexes into the
        scored batch); ``direction_inputs`` are theirs alone, in that order."""
        if scored.direction_scores is None:
            raise ModelError("directions need a batch scored with details")
        scores = scored.direction_scores[selected]
        if self.focused and len(selected):
            if direction_inputs is None:
                raise ModelError("this model's direction needs the focus texts and direction features")
            focus, features = direction_inputs
            in_selection = np.full(len(scored.texts), -1, dtype=np.int64)
            in_selection[selected] = np.arange(len(selected))
            keep = in_selection[scored.rows] >= 0
            scores += self._focus_scores(
                [scored.texts[i] for i in selected],
                focus,
                in_selection[scored.rows[keep]],
                scored.columns[keep],
                scored.values[keep],
            )
            scores += (features / self.direction_scale) @ self.feature_weights
        return [self.direction_classes[i] for i in np.argmax(scores, axis=1)]

    def _focus_scores(
        self, texts: list[str], focus: list[str], rows: np.ndarray, columns: np.ndarray, values: np.ndarray
    ) -> np.ndarray:
        """The direction scores of the focus texts' n-grams. A goal without a
        consequence span has the whole goal as its focus, whose n-grams the
        design already holds; only the other focus texts are vectorised."""
        whole = np.array([f == t for f, t in zip(focus, texts, strict=True)], dtype=bool)
        in_text = (columns < self.n_text) & whole[rows]
        scores = _row_sums(rows[in_text], values[in_text, None] * self.focus_weights[columns[in_text]], len(texts))
        others = np.flatnonzero(~whole)
        if len(others):
            focus_rows, focus_columns, focus_values = self.text_design([focus[i] for i in others])
            contributions = focus_values[:, None] * self.focus_weights[focus_columns]
            scores[others] += _row_sums(focus_rows, contributions, len(others))
        return scores

    def cues(
        self, rows: np.ndarray, columns: np.ndarray, contributions: np.ndarray, probabilities: np.ndarray
    ) -> list[list[list[str]]]:
        """Per goal and label, the readable features that pushed towards the
        decision taken, strongest first (at most CUES_PER_LABEL)."""
        goals, labels = probabilities.shape
        result: list[list[list[str]]] = [[[] for _ in range(labels)] for _ in range(goals)]
        readable = self.readable[columns]
        for label in range(labels):
            sign = np.where(probabilities[:, label] >= 0.5, 1.0, -1.0)
            signed = sign[rows] * contributions[:, label]
            keep = np.nonzero(readable & (signed > 0))[0]
            order = keep[np.lexsort((-signed[keep], rows[keep]))]
            ordered_rows = rows[order]
            rank = np.arange(len(order)) - np.searchsorted(ordered_rows, ordered_rows)
            top = rank < CUES_PER_LABEL
            for row, column in zip(ordered_rows[top], columns[order][top], strict=True):
                result[row][label].append(self.names[column])
        return result

    # -- persistence -------------------------------------------------------------
    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            ngrams=np.array(self.ngrams, dtype=str),
            ngram_range=np.array(self.ngram_range),
            idf=self.idf,
            scale=self.scale,
            weights=self.weights,
            intercepts=self.intercepts,
            slopes=self.slopes,
            offsets=self.offsets,
            direction_weights=self.direction_weights,
            direction_intercepts=self.direction_intercepts,
            direction_classes=np.array(self.direction_classes, dtype=str),
            family=np.array(self.family),
            evidence_names=np.array(self.evidence_names, dtype=str),
            direction_scale=self.direction_scale,
            direction_feature_names=np.array(DIRECTION_FEATURE_NAMES if self.focused else [], dtype=str),
        )

    @classmethod
    def load(cls, path: Path) -> LinearInference:
        with np.load(path, allow_pickle=False) as arrays:
            data: dict[str, Any] = {name: arrays[name] for name in arrays.files}
        evidence_names = [str(n) for n in data["evidence_names"]]
        if evidence_names != list(FEATURE_NAMES):
            raise ModelError(f"{path} was trained with other evidence features; run `goaltext train`")
        direction_scale = data.get("direction_scale", np.zeros(0))
        direction_names = [str(n) for n in data.get("direction_feature_names", [])]
        if len(direction_scale) and direction_names != list(DIRECTION_FEATURE_NAMES):
            raise ModelError(f"{path} was trained with other direction features; run `goaltext train`")
        return cls(
            ngrams=[str(g) for g in data["ngrams"]],
            ngram_range=(int(data["ngram_range"][0]), int(data["ngram_range"][1])),
            idf=data["idf"],
            scale=data["scale"],
            weights=data["weights"],
            intercepts=data["intercepts"],
            slopes=data["slopes"],
            offsets=data["offsets"],
            direction_weights=data["direction_weights"],
            direction_intercepts=data["direction_intercepts"],
            direction_classes=[str(c) for c in data["direction_classes"]],
            family=str(data["family"]),
            evidence_names=evidence_names,
            direction_scale=direction_scale,
        )


def _counted_per_row(
    columns: np.ndarray, entries: np.ndarray, sentinel: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct columns of each row with how often each occurs, as (row,
    column, count) sorted by row and column. ``columns`` holds the rows'
    entries one row after the other, ``entries`` how many each row has.

    Counting needs the entries sorted within their row. Sorting each row of a
    padded (rows x width) matrix along its axis is many times faster than one
    sort of the whole batch (numpy's vectorised sort works on short rows in
    cache), so chunks of consecutive rows are padded with ``sentinel`` (above
    every column) to their own longest row, sorted row-wise, and the padding
    dropped again; the rows stay in order.
    """
    rows = np.repeat(np.arange(len(entries)), entries)
    within_row = np.arange(len(columns)) - np.repeat(np.cumsum(entries) - entries, entries)
    ordered = np.empty_like(columns)
    done = 0
    for first in range(0, len(entries), ROWS_PER_SORT):
        lengths = entries[first : first + ROWS_PER_SORT]
        count = int(lengths.sum())
        if count == 0:
            continue
        width = int(lengths.max())
        chunk = slice(done, done + count)
        padded = np.full(len(lengths) * width, sentinel, dtype=columns.dtype)
        padded[(rows[chunk] - first) * width + within_row[chunk]] = columns[chunk]
        padded = padded.reshape(len(lengths), width)
        padded.sort(axis=1)
        ordered[chunk] = padded[np.arange(width) < lengths[:, None]]
        done += count
    keys = rows * (sentinel + 1) + ordered
    run_starts = _run_starts(keys)
    counts = np.diff(np.append(run_starts, len(keys)))
    return rows[run_starts], ordered[run_starts].astype(np.int64), counts


def _row_sums(rows: np.ndarray, contributions: np.ndarray, goals: int) -> np.ndarray:
    """Sum the per-feature contributions (entries x outputs, sorted by row) of each goal."""
    sums = np.zeros((goals, contributions.shape[1]))
    if len(rows):
        starts = _run_starts(rows)
        sums[rows[starts]] = np.add.reduceat(contributions, starts, axis=0)
    return sums


def _run_starts(ordered: np.ndarray) -> np.ndarray:
    """Where each run of equal values in a sorted array starts."""
    if not len(ordered):
        return EMPTY
    changes = np.empty(len(ordered), dtype=bool)
    changes[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=changes[1:])
    return np.flatnonzero(changes)
