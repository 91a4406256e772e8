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

import threading
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path
from typing import Any

import numpy as np

from goaltext.classify.features import DIRECTION_FEATURE_NAMES, FEATURE_DANISH, FEATURE_NAMES

INFERENCE_FILE = "goaltext-labels.npz"
WORD_CACHE_LIMIT = 200_000
CUES_PER_LABEL = 3
EMPTY = np.zeros(0, dtype=np.int64)
KEYED_WORDS = 8  # fewer new words than this are looked up one n-gram at a time (less overhead)
ROWS_PER_SORT = 32  # rows sorted together in ``_counted_per_row``
# Sublinear term frequencies 1 + log(count), looked up instead of computed:
# the same float64 values (numpy's log, elementwise), a third of the time.
SUBLINEAR_TF = 1.0 + np.log(np.arange(1, 256, dtype=np.int64))


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


@dataclass(frozen=True)
class GramKeys:
    """Character n-grams as integers, so the n-grams of a batch's new words
    are looked up with a few array operations instead of one dict lookup
    each (on the benchmark, where every goal brings a new word, about 2 us
    per goal against 9).

    Each character of the vocabulary has a code from 1 up, and every other
    character the code above them, which no vocabulary n-gram holds. An
    n-gram's key is its codes as the digits of one number (``bits`` bits a
    digit): no digit is 0, so different n-grams of any length have different
    keys, and an n-gram with a character outside the vocabulary has no key in
    ``keys``.
    """

    bits: int
    codes: np.ndarray  # code of each character up to the largest in the vocabulary; the last: any other
    keys: np.ndarray  # the vocabulary's keys, sorted
    key_columns: np.ndarray  # the column of each key
    ngram_range: tuple[int, int]

    @classmethod
    def of(cls, ngrams: list[str], ngram_range: tuple[int, int]) -> GramKeys | None:
        """The keys of a vocabulary; None when they would not fit in 62 bits."""
        alphabet = sorted(set("".join(ngrams)))
        bits = (len(alphabet) + 1).bit_length()
        if not ngrams or bits * max(ngram_range[1], max(map(len, ngrams))) > 62:
            return None
        code = {char: number for number, char in enumerate(alphabet, start=1)}
        codes = np.full(max(map(ord, alphabet)) + 2, len(alphabet) + 1, dtype=np.int64)
        codes[[ord(char) for char in alphabet]] = np.arange(1, len(alphabet) + 1)
        keys = []
        for gram in ngrams:
            key = 0
            for char in gram:
                key = key << bits | code[char]
            keys.append(key)
        order = np.argsort(np.array(keys, dtype=np.int64))
        return cls(bits, codes, np.array(keys, dtype=np.int64)[order], order, ngram_range)

    def columns(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The columns of the words' n-grams, one word after the other (each in
        the order of ``WordColumns._learn``'s loop), and how many each
        word has. Every word padded with a space each side must be at least as
        long as the shortest n-gram (the loop's "shorter than n" case)."""
        padded_lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words)) + 2
        text = "".join(f" {word} " for word in words)
        characters = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        codes = self.codes[np.minimum(characters, len(self.codes) - 1)]
        word_of = np.repeat(np.arange(len(words)), padded_lengths)
        room = np.repeat(np.cumsum(padded_lengths), padded_lengths) - np.arange(len(codes))  # characters left
        low, high = self.ngram_range
        found_words, found_columns = [], []
        keys = codes
        for n in range(1, high + 1):
            if n > 1:
                keys = keys[:-1] << self.bits | codes[n - 1 :]  # the n characters from each position
            if n < low:
                continue
            inside = np.flatnonzero(room[: len(keys)] >= n)  # windows within one word
            positions = np.minimum(np.searchsorted(self.keys, keys[inside]), len(self.keys) - 1)
            known = self.keys[positions] == keys[inside]
            found_words.append(word_of[inside[known]])
            found_columns.append(self.key_columns[positions[known]])
        word_ids = np.concatenate(found_words)
        order = np.argsort(word_ids, kind="stable")
        return np.concatenate(found_columns)[order], np.bincount(word_ids, minlength=len(words))


class WordColumns:
    """The columns of the character n-grams of every word met so far, for
    ``LinearInference``: one array holds them all, word after word, and a
    dict says where each word's are (``start << 32 | count``). A batch's
    columns are then gathered with a few array operations, where a dict of
    one array per word needed a concatenation of thousands of small arrays
    (2 us per goal more). Goals reuse a small vocabulary, and n-gram
    generation is most of the per-goal cost, so words are kept until there
    are ``WORD_CACHE_LIMIT`` of them, then forgotten all at once.

    Thread-safe: a lock covers finding and learning words; the array a batch
    read from stays valid, since learning only writes past the used part or
    into a new array.
    """

    def __init__(self, vocabulary: dict[str, int], ngram_range: tuple[int, int], dtype: type) -> None:
        self.vocabulary = vocabulary
        self.ngram_range = ngram_range
        self.dtype = dtype
        self.keys = GramKeys.of(list(vocabulary), ngram_range)
        self._lock = threading.Lock()
        self._forget()

    def _forget(self) -> None:
        self.places: dict[str, int] = {}
        self.columns = np.empty(1 << 16, dtype=self.dtype)
        self.used = 0

    def gather(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The columns of each word, one word after the other, and how many each word has."""
        with self._lock:
            # -1 marks a new word; the lookups and the search for new words
            # stay in C (a list comprehension and a scan for None took 1 us per goal).
            packed = np.fromiter(map(self.places.get, words, repeat(-1)), dtype=np.int64, count=len(words))
            missing = np.flatnonzero(packed < 0).tolist()
            if missing:
                if len(self.places) + len(missing) > WORD_CACHE_LIMIT:
                    self._forget()
                    missing = list(range(len(words)))
                self._learn(list(dict.fromkeys([words[index] for index in missing])))
                # Only the new words are looked up again (a batch brings few):
                # looking up every word twice cost about 0.5 us per goal.
                learned = self.places
                packed[missing] = [learned[words[index]] for index in missing]
            columns = self.columns
        counts = packed & 0xFFFFFFFF
        ends = np.cumsum(counts)
        # Entry i of word w sits at start(w) + i; i counts on from the word's first entry.
        shift = np.repeat((packed >> 32) - ends + counts, counts)
        return np.take(columns, shift + np.arange(len(shift))), counts

    def _learn(self, words: list[str]) -> None:
        """Find and store the columns of new (distinct) words: all at once with
        array operations where the n-grams can be keyed (see GramKeys), else
        one n-gram at a time."""
        low, high = self.ngram_range
        keyed = []
        if self.keys is not None and len(words) >= KEYED_WORDS:
            keyed = [word for word in words if len(word) + 2 >= low]
        if keyed:
            self._store(keyed, *self.keys.columns(keyed))
        if len(keyed) == len(words):
            return
        vocabulary = self.vocabulary
        for word in set(words) - set(keyed):
            padded = f" {word} "
            grams = []
            for n in range(low, high + 1):
                if len(padded) <= n:
                    grams.append(padded)
                    break
                grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
            columns = np.array([vocabulary[g] for g in grams if g in vocabulary], dtype=np.int64)
            self._store([word], columns, np.array([len(columns)]))

    def _store(self, words: list[str], columns: np.ndarray, counts: np.ndarray) -> None:
        end = self.used + len(columns)
        if end > len(self.columns):
            grown = np.empty(max(end, 2 * len(self.columns)), dtype=self.dtype)
            grown[: self.used] = self.columns[: self.used]
            self.columns = grown
        self.columns[self.used : end] = columns
        starts = self.used + np.cumsum(counts) - counts
        self.places.update(zip(words, (starts << 32 | counts).tolist(), strict=True))
        self.used = end


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
        # Cached word columns in the narrowest type that holds every column and
        # the padding value ``n_text``: int16 sorts a quarter faster than int32.
        column_type = np.int16 if self.n_text < np.iinfo(np.int16).max else np.int32
        self.word_store = WordColumns(self.vocabulary, self.ngram_range, column_type)

    # -- features ----------------------------------------------------------------
    def design(
        self, texts: list[str], evidence: np.ndarray, lowered: list[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The batch's non-zero features as (row, column, value) arrays, row by
        row and by column within a row: TF-IDF with sublinear tf and l2 norm
        over the text, then the scaled evidence features. ``lowered``: the
        texts lower-cased, when you have them."""
        text_rows, text_columns, values = self.text_design(texts, lowered)
        scaled = evidence / self.scale
        evidence_rows, evidence_columns = np.nonzero(scaled)
        # Each row's evidence entries go after its text entries: an entry's
        # place is the number of text entries up to its row plus its own
        # index (the order a stable sort by row gave, without the sort).
        size = len(text_rows) + len(evidence_rows)
        at = np.searchsorted(text_rows, evidence_rows, side="right") + np.arange(len(evidence_rows))
        in_text = np.ones(size, dtype=bool)
        in_text[at] = False
        rows, columns, all_values = np.empty(size, np.int64), np.empty(size, np.int64), np.empty(size)
        rows[in_text], rows[at] = text_rows, evidence_rows
        columns[in_text], columns[at] = text_columns, self.n_text + evidence_columns
        all_values[in_text], all_values[at] = values, scaled[evidence_rows, evidence_columns]
        return rows, columns, all_values

    def text_design(
        self, texts: list[str], lowered: list[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The TF-IDF n-grams of the batch as (row, column, value), sorted by
        row and column; ``lowered``: the texts lower-cased, when you have them."""
        splits = list(map(str.split, lowered if lowered is not None else map(str.lower, texts)))
        words = list(chain.from_iterable(splits))
        words_per_text = list(map(len, splits))
        columns, counts_per_word = self.word_store.gather(words)
        word_ends = np.zeros(len(words) + 1, dtype=np.int64)
        np.cumsum(counts_per_word, out=word_ends[1:])
        text_ends = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(words_per_text, out=text_ends[1:])
        entries = np.diff(word_ends[text_ends])
        text_rows, text_columns, counts = _counted_per_row(columns, entries, sentinel=self.n_text)
        sublinear = SUBLINEAR_TF[counts - 1] if counts.max(initial=0) <= len(SUBLINEAR_TF) else 1.0 + np.log(counts)
        values = sublinear * self.idf[text_columns]
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

    def score(
        self, texts: list[str], evidence: np.ndarray, details: bool = True, lowered: list[str] | None = None
    ) -> Scored:
        """The label probabilities (and with ``details`` the cues and the
        goal's own share of the direction scores) of a batch; ``directions``
        finishes the direction for the goals that need one. ``lowered``: the
        texts lower-cased, when you have them."""
        rows, columns, values = self.design(texts, evidence, lowered)
        labels = self.weights.shape[1]
        weights = self.all_weights if details else self.weights
        # Rows of a 2-D array by index: np.take is four times as fast as
        # ``weights[columns]`` (7 us per goal here), and the same values.
        contributions = np.take(weights, columns, axis=0)  # labels, then directions
        contributions *= values[:, None]
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
            whole = np.array([focus[k] == scored.texts[i] for k, i in enumerate(selected.tolist())], dtype=bool)
            # A goal whose focus is the whole goal has its focus n-grams in the
            # design already: its text entries, picked in one pass.
            position = np.full(len(scored.texts), -1, dtype=np.int64)
            position[selected[whole]] = np.flatnonzero(whole)
            picked = np.flatnonzero((position[scored.rows] >= 0) & (scored.columns < self.n_text))
            in_selection = position[scored.rows[picked]]
            columns, values = scored.columns[picked], scored.values[picked]
            scores += _weighted_row_sums(in_selection, columns, values, self.focus_weights, len(selected))
            # Only the other focus texts are vectorised.
            others = np.flatnonzero(~whole)
            if len(others):
                focus_rows, focus_columns, focus_values = self.text_design([focus[i] for i in others.tolist()])
                scores[others] += _weighted_row_sums(
                    focus_rows, focus_columns, focus_values, self.focus_weights, len(others)
                )
            scores += (features / self.direction_scale) @ self.feature_weights
        return [self.direction_classes[i] for i in np.argmax(scores, axis=1).tolist()]

    def cues(
        self, rows: np.ndarray, columns: np.ndarray, contributions: np.ndarray, probabilities: np.ndarray
    ) -> list[list[list[str]]]:
        """Per goal and label, the readable features that pushed towards the
        decision taken, strongest first (at most CUES_PER_LABEL). Only the
        readable entries are looked at, about one in twenty."""
        goals, labels = probabilities.shape
        result: list[list[list[str]]] = [[[] for _ in range(labels)] for _ in range(goals)]
        readable = np.flatnonzero(self.readable[columns])
        rows, columns = rows[readable], columns[readable]
        for label in range(labels):
            sign = np.where(probabilities[:, label] >= 0.5, 1.0, -1.0)
            signed = sign[rows] * contributions[readable, label]
            keep = np.flatnonzero(signed > 0)
            order = keep[np.lexsort((-signed[keep], rows[keep]))]
            ordered_rows = rows[order]
            rank = np.arange(len(order)) - np.searchsorted(ordered_rows, ordered_rows)
            top = rank < CUES_PER_LABEL
            names = self.names
            for row, column in zip(ordered_rows[top].tolist(), columns[order][top].tolist(), strict=True):
                result[row][label].append(names[column])
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
    cache), so rows are padded with ``sentinel`` (above every column) to the
    longest row of their chunk, sorted row-wise, and written back in place.
    A chunk holds rows of about the same length (``ROWS_PER_SORT`` of them in
    order of length): chunks of consecutive rows were padded to four times
    their entries (one long goal sets the width of all), and sorting that
    padding was most of the work (3.6 us per goal against 5.2, or 6.1 with
    int32 columns).
    """
    by_length = np.argsort(entries, kind="stable")
    starts = np.cumsum(entries) - entries
    ordered = np.empty_like(columns)
    for first in range(0, len(entries), ROWS_PER_SORT):
        chunk = by_length[first : first + ROWS_PER_SORT]
        lengths = entries[chunk]
        width = int(lengths[-1])
        if width == 0:
            continue
        filled = np.arange(width) < lengths[:, None]
        places = (starts[chunk][:, None] + np.arange(width))[filled]  # the chunk's entries, row by row
        padded = np.full((len(chunk), width), sentinel, dtype=columns.dtype)
        padded[filled] = columns[places]
        padded.sort(axis=1)
        ordered[places] = padded[filled]
    # A run of equal columns starts where the column changes or a row starts.
    changes = np.empty(len(ordered), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=changes[1:])
    changes[starts[entries > 0]] = True
    run_starts = np.flatnonzero(changes)
    counts = np.diff(np.append(run_starts, len(ordered)))
    rows = np.repeat(np.arange(len(entries)), entries)
    return rows[run_starts], ordered[run_starts].astype(np.int64), counts


def _weighted_row_sums(
    rows: np.ndarray, columns: np.ndarray, values: np.ndarray, weights: np.ndarray, goals: int
) -> np.ndarray:
    """Per goal, the sum of each entry's value times its column's weight row
    (np.take: see ``LinearInference.score``)."""
    contributions = np.take(weights, columns, axis=0)
    contributions *= values[:, None]
    return _row_sums(rows, contributions, goals)


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
