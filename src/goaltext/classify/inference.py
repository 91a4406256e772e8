"""Prediction with the trained label models, in numpy alone.

The models are linear (calibrated SVMs per label, a logistic regression for
the direction), so prediction is a weighted sum over a goal's TF-IDF
character n-grams and evidence features. The n-grams are counted word by
word (``model.word_tfidf``), so each word's weighted sums are computed once
and cached, and a goal is scored from its words' rows. Training exports those
weights next to the skops artefact (``goaltext-labels.npz``, plain arrays,
read without pickle); serving them needs neither scikit-learn nor scipy,
which would cost 150 MB of memory per process just to import. A whole batch
of goals is scored with a few array operations instead of per-goal work.
``GoalModel.predict`` (scikit-learn) stays the reference the tests compare
this with.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from itertools import chain, repeat
from pathlib import Path
from typing import Any

import numpy as np

from goaltext.classify.errors import ModelError
from goaltext.classify.features import (
    DIRECTION_FEATURE_NAMES,
    FEATURE_DANISH,
    FEATURE_DANISH_NEGATIVE,
    FEATURE_NAMES,
    Clause,
)

INFERENCE_FILE = "goaltext-labels.npz"
# How the text features are built (see ``model.word_tfidf``); an artefact
# records it, and one built another way is refused.
TEXT_DESIGN = "word_sum"
WORD_CACHE_LIMIT = 200_000
CUES_PER_LABEL = 3
EMPTY = np.zeros(0, dtype=np.int64)
KEYED_WORDS = 8  # fewer new words than this are looked up one n-gram at a time (less overhead)
KEYED_TEXTS = 8  # and fewer focus texts than this one word gram at a time
# Sublinear term frequencies 1 + log(count), looked up instead of computed:
# the same float64 values (numpy's log, elementwise), a third of the time.
SUBLINEAR_TF = 1.0 + np.log(np.arange(1, 256, dtype=np.int64))
_WORD = re.compile(r"\w+")
WORD_GRAM_SIZES = (1, 2, 3)


def focus_words(text: str) -> list[str]:
    """The words of a focus sentence, lower-cased, without punctuation."""
    return _WORD.findall(text.lower())


def focus_word_grams(text: str) -> list[str]:
    """The word 1-3-grams of a focus sentence (``focus_words``): the direction
    model's word block counts them (training reads them from here, serving
    through ``WordGramKeys``). Character n-grams within words see "ophør" in
    "ophører" and "kørselsordningen"; word n-grams see how the words are
    put together ("visiteres op fra", "ikke længere behov", "tager over"),
    which is what the direction turns on."""
    words = focus_words(text)
    return [" ".join(words[i : i + n]) for n in WORD_GRAM_SIZES for i in range(len(words) - n + 1)]


@dataclass
class Prediction:
    """One batch: label probabilities (goals x labels), the most likely
    consequence direction per goal and its probability, and per goal and
    label the readable features that pushed the decision most."""

    probabilities: np.ndarray
    directions: list[str | None]
    cues: list[list[list[str]]]
    direction_probabilities: list[float | None]


@dataclass(frozen=True)
class Directions:
    """The most likely direction of some goals, and how likely it is."""

    names: list[str]
    probabilities: list[float]


def direction_probabilities(scores: np.ndarray, temperature: float) -> np.ndarray:
    """Per row, the probability of its highest score under the softmax of the
    scores divided by ``temperature`` (``model.direction_temperature``)."""
    shifted = (scores - scores.max(axis=1, keepdims=True)) / temperature
    return 1.0 / np.exp(shifted).sum(axis=1)


@dataclass
class Scored:
    """A scored batch: the label decisions, and what finishing the direction
    of some of its goals needs (per goal the direction scores so far and the
    focus share of its whole text; None when scored without details)."""

    texts: list[str]
    probabilities: np.ndarray
    cues: list[list[list[str]]]
    direction_scores: np.ndarray | None
    focus_scores: np.ndarray | None


@dataclass(frozen=True)
class WordRows:
    """A batch's words, gathered once (``WordScores.gather``): what each
    word adds to every output, its vector's squared length, and how many
    words each text has, one text's after the other. The goals are scored
    from them, and so are their clauses (a clause is a run of the goal's
    words), without looking a word up twice."""

    outputs: np.ndarray  # (words, outputs)
    squares: np.ndarray
    sizes: np.ndarray  # words per text

    def scores(self) -> np.ndarray:
        """Per text, its share of every output (see ``LinearInference.text_scores``)."""
        return normalised_sums(self.outputs, self.squares, self.sizes)


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
        the order of ``WordScores._columns``'s loop), and how many each
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
            known, columns = _look_up(self.keys, self.key_columns, keys[inside])
            found_words.append(word_of[inside[known]])
            found_columns.append(columns)
        word_ids = np.concatenate(found_words)
        order = np.argsort(word_ids, kind="stable")
        return np.concatenate(found_columns)[order], np.bincount(word_ids, minlength=len(words))


@dataclass(frozen=True)
class WordGramKeys:
    """The direction model's word grams as integers, so a batch's focus
    sentences are counted with a few array operations instead of building
    and looking up each gram's string (which cost 17 us a goal, a fifth of
    the classifier's time).

    Each word of the grams has a number from 1 up (every other word 0); a
    gram's key is its words' numbers as the digits of one number in base
    ``base``. No digit of a vocabulary gram is 0, so grams of any length
    have different keys, and a window holding another word matches none.
    """

    columns_of: dict[str, int]  # the column of each gram
    numbers: dict[str, int]  # of each word of the grams
    base: int
    keys: np.ndarray  # the grams' keys, sorted
    key_columns: np.ndarray  # the column of each key

    @classmethod
    def of(cls, grams: list[str]) -> WordGramKeys:
        numbers: dict[str, int] = {}
        for gram in grams:
            for word in gram.split(" "):
                numbers.setdefault(word, len(numbers) + 1)
        base = len(numbers) + 1
        if base ** max(WORD_GRAM_SIZES) >= 1 << 63:
            raise ModelError("too many words in the word grams to key them")
        keys = []
        for gram in grams:
            key = 0
            for word in gram.split(" "):
                key = key * base + numbers[word]
            keys.append(key)
        order = np.argsort(np.array(keys, dtype=np.int64))
        columns_of = {gram: column for column, gram in enumerate(grams)}
        return cls(columns_of, numbers, base, np.array(keys, dtype=np.int64)[order], order)

    def columns(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Every vocabulary gram found in the texts (``focus_word_grams``),
        once per occurrence: which text it is in, and its column. Fewer than
        ``KEYED_TEXTS`` texts are looked up one gram at a time, as the array
        operations' fixed cost would outweigh their gain."""
        if len(texts) < KEYED_TEXTS:
            columns_of, found_in, found = self.columns_of, [], []
            for number, text in enumerate(texts):
                for gram in focus_word_grams(text):
                    column = columns_of.get(gram)
                    if column is not None:
                        found_in.append(number)
                        found.append(column)
            return np.array(found_in, dtype=np.int64), np.array(found, dtype=np.int64)
        split = [focus_words(text) for text in texts]
        sizes = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
        words = list(chain.from_iterable(split))
        digits = np.fromiter(map(self.numbers.get, words, repeat(0)), dtype=np.int64, count=len(words))
        text_of = np.repeat(np.arange(len(texts)), sizes)
        room = np.repeat(np.cumsum(sizes), sizes) - np.arange(len(words))  # words left in the text
        keys = digits
        known = digits > 0
        found_texts, found_columns = [], []
        for n in range(1, max(WORD_GRAM_SIZES) + 1):
            if n > 1:
                keys = keys[:-1] * self.base + digits[n - 1 :]
                known = known[:-1] & (digits[n - 1 :] > 0)
            if n not in WORD_GRAM_SIZES:
                continue
            inside = np.flatnonzero(known & (room[: len(keys)] >= n))  # windows of known words within one text
            hit, columns = _look_up(self.keys, self.key_columns, keys[inside])
            found_texts.append(text_of[inside[hit]])
            found_columns.append(columns)
        return np.concatenate(found_texts), np.concatenate(found_columns)


class WordScores:
    """What each word met so far adds to a goal, for ``LinearInference``: its
    TF-IDF vector (sublinear tf within the word) times every output's
    weights, and the vector's squared length. A goal's text scores are then
    the sums of its words' rows (see ``model.word_tfidf``): a few array
    operations over about twenty cached rows, where counting the goal's
    n-grams took 16 us per goal. Goals reuse a small vocabulary, so words
    are kept until there are ``WORD_CACHE_LIMIT`` of them, then forgotten all
    at once.

    Thread-safe: a lock covers finding and learning words; the arrays a batch
    read from stay valid, since learning only writes past the used rows or
    into new arrays.
    """

    def __init__(
        self, vocabulary: dict[str, int], ngram_range: tuple[int, int], idf: np.ndarray, weights: np.ndarray
    ) -> None:
        self.vocabulary = vocabulary
        self.ngram_range = ngram_range
        self.idf = idf
        self.weights = weights  # (n-gram columns, outputs)
        self.keys = GramKeys.of(list(vocabulary), ngram_range)
        self._lock = threading.Lock()
        self._forget()

    def _forget(self) -> None:
        self.places: dict[str, int] = {}
        self.outputs = np.empty((1 << 12, self.weights.shape[1]))
        self.squares = np.empty(1 << 12)
        self.used = 0

    def gather(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The weighted sums (words x outputs) and squared lengths of the words' vectors."""
        with self._lock:
            # -1 marks a new word; the lookups and the search for new words
            # stay in C (a list comprehension and a scan for None took 1 us per goal).
            rows = np.fromiter(map(self.places.get, words, repeat(-1)), dtype=np.int64, count=len(words))
            missing = np.flatnonzero(rows < 0).tolist()
            if missing:
                if len(self.places) + len(missing) > WORD_CACHE_LIMIT:
                    self._forget()
                    missing = list(range(len(words)))
                self._learn(list(dict.fromkeys([words[index] for index in missing])))
                # Only the new words are looked up again (a batch brings few).
                learned = self.places
                rows[missing] = [learned[words[index]] for index in missing]
            outputs, squares = self.outputs, self.squares
        return np.take(outputs, rows, axis=0), np.take(squares, rows)

    def _learn(self, words: list[str]) -> None:
        """Score new (distinct) words: their n-gram columns, counted per word."""
        columns, counts = self._columns(words)
        n_text = len(self.idf)
        tally_keys, tallies = np.unique(np.repeat(np.arange(len(words)), counts) * n_text + columns, return_counts=True)
        word_of, gram_columns = np.divmod(tally_keys, n_text)
        sublinear = SUBLINEAR_TF[tallies - 1] if tallies.max(initial=0) <= len(SUBLINEAR_TF) else 1.0 + np.log(tallies)
        values = sublinear * self.idf[gram_columns]
        outputs = np.zeros((len(words), self.weights.shape[1]))
        if len(word_of):
            contributions = np.take(self.weights, gram_columns, axis=0)
            contributions *= values[:, None]
            starts = _run_starts(word_of)
            outputs[word_of[starts]] = np.add.reduceat(contributions, starts, axis=0)
        squares = np.bincount(word_of, weights=values * values, minlength=len(words))
        end = self.used + len(words)
        if end > len(self.squares):
            size = max(end, 2 * len(self.squares))
            grown_outputs, grown_squares = np.empty((size, self.outputs.shape[1])), np.empty(size)
            grown_outputs[: self.used] = self.outputs[: self.used]
            grown_squares[: self.used] = self.squares[: self.used]
            self.outputs, self.squares = grown_outputs, grown_squares
        self.outputs[self.used : end], self.squares[self.used : end] = outputs, squares
        self.places.update(zip(words, range(self.used, end), strict=True))
        self.used = end

    def _columns(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """The n-gram columns of each word, one word after the other, and how
        many each has: with array operations where the n-grams can be keyed
        (see GramKeys), else one n-gram at a time."""
        low, high = self.ngram_range
        if self.keys is not None and len(words) >= KEYED_WORDS and all(len(word) + 2 >= low for word in words):
            return self.keys.columns(words)
        vocabulary, found, counts = self.vocabulary, [], []
        for word in words:
            padded = f" {word} "
            grams = []
            for n in range(low, high + 1):
                if len(padded) <= n:
                    grams.append(padded)
                    break
                grams.extend(padded[i : i + n] for i in range(len(padded) - n + 1))
            word_columns = [vocabulary[g] for g in grams if g in vocabulary]
            found.extend(word_columns)
            counts.append(len(word_columns))
        return np.array(found, dtype=np.int64), np.array(counts, dtype=np.int64)


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
    # The consequence locator (a logistic regression over a clause's n-grams):
    # its weight of each n-gram column, and its intercept; empty: no locator.
    locator_weights: np.ndarray = field(default_factory=lambda: np.zeros(0))
    locator_intercept: float = 0.0
    # The direction model's word block (``focus_word_grams`` of the focus
    # sentence, TF-IDF, times ``word_gram_weight``): its grams and their idf;
    # their weights are the last rows of ``direction_weights``. Empty: none.
    word_grams: list[str] = field(default_factory=list)
    word_gram_idf: np.ndarray = field(default_factory=lambda: np.zeros(0))
    word_gram_weight: float = 1.0
    # The direction's probabilities are the softmax of its scores over this
    # (``model.direction_temperature``); 1: the scores as they are.
    direction_temperature: float = 1.0

    def __post_init__(self) -> None:
        self.vocabulary = {gram: column for column, gram in enumerate(self.ngrams)}
        self.n_text = len(self.ngrams)
        self.n_goal = self.n_text + len(self.evidence_names)  # columns of the goal's own design
        self.focused = len(self.direction_scale) > 0
        self.locating = len(self.locator_weights) > 0
        self.n_labels = self.weights.shape[1]
        self.n_directions = self.direction_weights.shape[1]
        n_text, n_goal = self.n_text, self.n_goal
        # The outputs a word's n-grams feed: the labels, the direction's goal
        # part, (when the direction model has them) its focus part, and (when
        # there is one) the locator.
        text_weights = [self.weights[:n_text], self.direction_weights[:n_text]]
        if self.focused:
            text_weights.append(self.direction_weights[n_goal : n_goal + n_text])
        self.focus_outputs = slice(self.n_labels + self.n_directions, sum(w.shape[1] for w in text_weights))
        if self.locating:
            text_weights.append(self.locator_weights.reshape(-1, 1))
        self.locator_output = sum(w.shape[1] for w in text_weights) - 1
        self.word_scores = WordScores(self.vocabulary, self.ngram_range, self.idf, np.hstack(text_weights))
        self.evidence_weights = np.hstack([self.weights[n_text:], self.direction_weights[n_text:n_goal]])
        n_features = len(self.direction_scale)
        self.feature_weights = self.direction_weights[n_goal + n_text : n_goal + n_text + n_features]
        self.word_gram_weights = self.direction_weights[n_goal + n_text + n_features :]
        self.word_gram_keys = WordGramKeys.of(self.word_grams) if self.word_grams else None
        # Cues are evidence features: the n-grams (five characters at most)
        # are word fragments, which explain nothing to a case worker.
        self.readable = np.array([name != "log_length" for name in self.evidence_names])
        self.names = [FEATURE_DANISH[name] for name in self.evidence_names]
        self.negative_names = [FEATURE_DANISH_NEGATIVE.get(name, FEATURE_DANISH[name]) for name in self.evidence_names]

    # -- features ----------------------------------------------------------------
    def text_scores(self, texts: list[str], lowered: list[str] | None = None) -> np.ndarray:
        """Per goal (rows) the text's share of every output: the sum of its
        words' weighted sums, over the length of the sum of their vectors as
        ``model.word_tfidf`` defines it; ``lowered``: the texts lower-cased,
        when you have them."""
        return self.word_rows(texts, lowered).scores()

    def word_rows(self, texts: list[str], lowered: list[str] | None = None) -> WordRows:
        """The texts' words (split at white space, lower-cased), gathered once."""
        splits = list(map(str.split, lowered if lowered is not None else map(str.lower, texts)))
        outputs, squares = self.word_scores.gather(list(chain.from_iterable(splits)))
        return WordRows(outputs, squares, np.fromiter(map(len, splits), dtype=np.int64, count=len(splits)))

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
        directions: list[str | None] = [None] * len(texts)
        probabilities: list[float | None] = [None] * len(texts)
        if details:
            found = self.directions(scored, np.arange(len(texts)), direction_inputs)
            directions, probabilities = list(found.names), list(found.probabilities)
        return Prediction(scored.probabilities, directions, scored.cues, probabilities)

    def score(
        self, texts: list[str], evidence: np.ndarray, details: bool = True, words: WordRows | None = None
    ) -> Scored:
        """The label probabilities (and with ``details`` the cues and the
        goal's own share of the direction scores) of a batch; ``directions``
        finishes the direction for the goals that need one. ``words``: the
        texts' ``word_rows``, when you have them."""
        labels = self.n_labels
        text = (words if words is not None else self.word_rows(texts)).scores()
        scaled = evidence / self.scale
        sums = text[:, : labels + self.n_directions] + scaled @ self.evidence_weights
        probabilities = 1.0 / (1.0 + np.exp(self.slopes * (sums[:, :labels] + self.intercepts) + self.offsets))
        if not details:
            cues: list[list[list[str]]] = [[[] for _ in range(labels)] for _ in texts]
            return Scored(texts, probabilities, cues, None, None)
        cues = self.cues(scaled, probabilities)
        focus_scores = text[:, self.focus_outputs] if self.focused else None
        return Scored(texts, probabilities, cues, sums[:, labels:] + self.direction_intercepts, focus_scores)

    def directions(
        self, scored: Scored, selected: np.ndarray, direction_inputs: tuple[list[str], np.ndarray] | None
    ) -> Directions:
        """The most likely direction of the ``selected`` goals (indexes into the
        scored batch) and its probability; ``direction_inputs`` are theirs
        alone, in that order."""
        if scored.direction_scores is None:
            raise ModelError("directions need a batch scored with details")
        scores = scored.direction_scores[selected]
        if self.focused and len(selected):
            if direction_inputs is None or scored.focus_scores is None:
                raise ModelError("this model's direction needs the focus texts and direction features")
            focus, features = direction_inputs
            # A goal whose focus is the whole goal has its focus share scored
            # already; only the other focus texts are looked up.
            whole = np.array([focus[k] == scored.texts[i] for k, i in enumerate(selected.tolist())], dtype=bool)
            scores[whole] += scored.focus_scores[selected[whole]]
            others = np.flatnonzero(~whole)
            if len(others):
                focus_scores = self.text_scores([focus[i] for i in others.tolist()])
                scores[others] += focus_scores[:, self.focus_outputs]
            scores += (features / self.direction_scale) @ self.feature_weights
            if self.word_gram_keys is not None:
                scores += self.focus_word_scores(focus)
        names = [self.direction_classes[i] for i in np.argmax(scores, axis=1).tolist()]
        return Directions(names, direction_probabilities(scores, self.direction_temperature).tolist())

    def focus_word_scores(self, focus: list[str]) -> np.ndarray:
        """Per focus text, the word block's share of the direction scores:
        its grams' sublinear TF-IDF, normalised to length 1 (as scikit-learn's
        ``TfidfVectorizer``), times the block's weight."""
        if self.word_gram_keys is None:
            raise ModelError("this model has no word block")
        text_of, columns = self.word_gram_keys.columns(focus)
        n_grams = len(self.word_grams)
        tally_keys, tallies = np.unique(text_of * n_grams + columns, return_counts=True)
        texts, gram_columns = np.divmod(tally_keys, n_grams)
        values = (1.0 + np.log(tallies)) * self.word_gram_idf[gram_columns]
        rows = values[:, None] * self.word_gram_weights[gram_columns]
        sizes = np.bincount(texts, minlength=len(focus))
        return self.word_gram_weight * normalised_sums(rows, values * values, sizes)

    def score_clauses(self, texts: list[str], clauses: list[list[Clause]], words: WordRows | None = None) -> np.ndarray:
        """The consequence locator's score (log-odds) of each goal's clauses,
        one goal's after the other (``features.ClauseScores``). A clause
        starts after white space (``evidence.ClauseIndex``), so it is a run of
        its goal's words, and is scored from the rows the goal gathered
        (``words``: the goals' ``word_rows``, when you have them)."""
        if not self.locating:
            raise ModelError("this model has no consequence locator")
        words = words if words is not None else self.word_rows(texts)
        firsts: list[int] = []  # the row of each clause's first word
        sizes: list[int] = []  # and how many words it has
        goal_first = 0
        for text, goal, size in zip(texts, clauses, words.sizes.tolist(), strict=True):
            row, position = goal_first, 0
            for start, end in goal:
                row += len(text[position:start].split())  # the words of clauses that are not candidates
                firsts.append(row)
                sizes.append(len(text[start:end].split()))
                row += sizes[-1]
                position = end
            goal_first += size
        counts = np.array(sizes, dtype=np.int64)
        flat_starts = np.cumsum(counts) - counts  # where each clause's words start among all clauses' words
        shift = np.array(firsts, dtype=np.int64) - flat_starts
        rows = np.repeat(shift, counts) + np.arange(int(counts.sum()))
        located = words.outputs[rows, self.locator_output : self.locator_output + 1]
        return normalised_sums(located, words.squares[rows], counts)[:, 0] + self.locator_intercept

    def cues(self, scaled: np.ndarray, probabilities: np.ndarray) -> list[list[list[str]]]:
        """Per goal and label, the readable evidence features that pushed
        towards the decision taken, strongest first (at most CUES_PER_LABEL)."""
        goals, labels = probabilities.shape
        result: list[list[list[str]]] = [[[] for _ in range(labels)] for _ in range(goals)]
        rows, columns = np.nonzero(scaled * self.readable)
        values = scaled[rows, columns]
        contributions = values[:, None] * self.evidence_weights[columns, :labels]
        # A negative value names the feature's absence (FEATURE_DANISH_NEGATIVE):
        # such cues get a column of their own in the list of names.
        names = self.names + self.negative_names
        named = np.where(values > 0, columns, columns + len(self.names))
        for label in range(labels):
            sign = np.where(probabilities[:, label] >= 0.5, 1.0, -1.0)
            signed = sign[rows] * contributions[:, label]
            keep = np.flatnonzero(signed > 0)
            order = keep[np.lexsort((-signed[keep], rows[keep]))]
            ordered_rows = rows[order]
            rank = np.arange(len(order)) - np.searchsorted(ordered_rows, ordered_rows)
            top = rank < CUES_PER_LABEL
            for row, name in zip(ordered_rows[top].tolist(), named[order][top].tolist(), strict=True):
                result[row][label].append(names[name])
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
            locator_weights=self.locator_weights,
            locator_intercept=np.array(self.locator_intercept),
            word_grams=np.array(self.word_grams, dtype=str),
            word_gram_idf=self.word_gram_idf,
            word_gram_weight=np.array(self.word_gram_weight),
            direction_temperature=np.array(self.direction_temperature),
            text_design=np.array(TEXT_DESIGN),
        )

    @classmethod
    def load(cls, path: Path) -> LinearInference:
        with np.load(path, allow_pickle=False) as arrays:
            data: dict[str, Any] = {name: arrays[name] for name in arrays.files}
        if str(data.get("text_design", "")) != TEXT_DESIGN:
            raise ModelError(f"{path} was trained with other text features; run `goaltext train`")
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
            locator_weights=data.get("locator_weights", np.zeros(0)),
            locator_intercept=float(data.get("locator_intercept", 0.0)),
            word_grams=[str(g) for g in data.get("word_grams", [])],
            word_gram_idf=data.get("word_gram_idf", np.zeros(0)),
            word_gram_weight=float(data.get("word_gram_weight", 1.0)),
            direction_temperature=float(data.get("direction_temperature", 1.0)),
        )


def normalised_sums(rows: np.ndarray, squares: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Per segment (``sizes`` consecutive rows each, in order), the sum of its
    rows over the square root of the sum of its ``squares``: a sparse TF-IDF
    row of length 1 times the weights, from its terms' weighted rows. An
    empty segment, or one of zero length, gives zeros."""
    sums = np.zeros((len(sizes), rows.shape[1]))
    lengths = np.zeros(len(sizes))
    filled = np.flatnonzero(sizes)
    if len(filled):
        starts = (np.cumsum(sizes) - sizes)[filled]
        sums[filled] = np.add.reduceat(rows, starts, axis=0)
        lengths[filled] = np.sqrt(np.add.reduceat(squares, starts))
    sums /= np.where(lengths > 0, lengths, 1.0)[:, None]
    return sums


def _look_up(keys: np.ndarray, key_columns: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which of the ``wanted`` keys are among the sorted ``keys`` (a mask), and
    the columns of those that are (``GramKeys`` and ``WordGramKeys``)."""
    positions = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    found = keys[positions] == wanted
    return found, key_columns[positions[found]]


def _run_starts(ordered: np.ndarray) -> np.ndarray:
    """Where each run of equal values in a sorted array starts."""
    if not len(ordered):
        return EMPTY
    changes = np.empty(len(ordered), dtype=bool)
    changes[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=changes[1:])
    return np.flatnonzero(changes)
