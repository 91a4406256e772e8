"""The trained label models: same answers by the fast path, safe loading,
and `goaltext train` reproduces the shipped artefact."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from goaltext import Analyzer
from goaltext.classify import LinearInference, ModelError, default_model_dir, load_model
from goaltext.classify.model import GoalModel, word_tfidf
from goaltext.classify.train import model_inputs

CORPUS = Path(__file__).parents[2] / "annotations" / "corpus.jsonl"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def reference_cues(inference: LinearInference, design, probabilities: np.ndarray, limit: int = 3) -> list:
    """The cues computed the plain way, goal by goal, from scikit-learn's design matrix."""
    result = []
    for row in range(design.shape[0]):
        start, end = design.indptr[row], design.indptr[row + 1]
        columns, values = design.indices[start:end], design.data[start:end]
        per_label = []
        for label in range(inference.weights.shape[1]):
            sign = 1.0 if probabilities[row, label] >= 0.5 else -1.0
            signed = [sign * v * inference.weights[c, label] for c, v in zip(columns, values, strict=True)]
            # Only evidence features are readable (n-grams are word fragments).
            ranked = [
                (s, c - inference.n_text)
                for s, c in zip(signed, columns, strict=True)
                if s > 0 and c >= inference.n_text and inference.readable[c - inference.n_text]
            ]
            value = dict(zip(columns.tolist(), values.tolist(), strict=True))
            per_label.append(
                [
                    (inference.names if value[c + inference.n_text] > 0 else inference.negative_names)[c]
                    for _, c in sorted(ranked, key=lambda sc: -sc[0])[:limit]
                ]
            )
        result.append(per_label)
    return result


def test_numpy_inference_gives_sklearns_answers(rules_analyzer: Analyzer, records: list[dict]) -> None:
    model = GoalModel.load(default_model_dir())
    inference, _ = load_model()
    extra = ["", "   ", "ÆØÅ æøå", "x"]
    texts, evidence, (focus, features) = model_inputs(rules_analyzer, records[:400], model)
    _, served_evidence, (served_focus, _) = model_inputs(rules_analyzer, records[:400], inference)
    assert np.abs(served_evidence - evidence).max() < 1e-9  # the locator's column too
    assert served_focus == focus  # the same clauses located
    texts += extra
    evidence = np.vstack([evidence, np.zeros((4, evidence.shape[1]))])
    focus, features = focus + extra, np.vstack([features, np.zeros((4, features.shape[1]))])
    reference, reference_directions, design = model.predict(texts, evidence, (focus, features))
    ours = inference.predict(texts, evidence, (focus, features))
    assert np.abs(reference - ours.probabilities).max() < 1e-5
    assert ours.directions == reference_directions.names
    assert np.abs(np.array(ours.direction_probabilities) - reference_directions.probabilities).max() < 1e-6
    assert ours.cues == reference_cues(inference, design, reference)


LOCATED = [
    # (goal, the clause that states the consequence): goals whose consequence
    # no rule finds, in the words case workers and citizens use
    ("Jeg vil kunne lave min egen mad, så der ikke skal komme nogen om aftenen.", "så der ikke skal komme nogen"),
    ("Målet er at Peter kan betale sine regninger selv, og at vi så kan stoppe.", "og at vi så kan stoppe."),
]


@pytest.mark.parametrize(("text", "clause"), LOCATED)
def test_the_locator_finds_the_consequence_no_rule_finds(rules_analyzer: Analyzer, text: str, clause: str) -> None:
    from goaltext.classify.features import ClauseScores

    inference, _ = load_model()
    (located,) = ClauseScores.of([text], None, inference.score_clauses).located([0], rules_analyzer.evidence([text]))
    assert located is not None and clause in text[located[0] : located[1]]


LIKELIHOODS = [
    # (goal, does its likeliest clause state a consequence for the service?)
    ("Borgeren kan selv gå 200 meter med rollator inden 1. marts.", False),
    ("Jeg vil have det bedre og komme mere ud.", False),
    ("Borgeren tager selv bussen. Derefter kan ledsagelsen ophøre.", True),
    ("Når Sofie selv kan smøre sin mad, skal hjemmeplejen ikke komme til frokost mere.", True),
    ("- bad selv\n- 2 besøg om ugen i stedet for 4", True),
]


@pytest.mark.parametrize(("text", "consequence"), LIKELIHOODS)
def test_the_locator_column_tells_a_consequence_clause(text: str, consequence: bool) -> None:
    from goaltext.classify.features import ClauseScores

    inference, _ = load_model()
    (score,) = ClauseScores.of([text], None, inference.score_clauses).best()
    assert bool(score > 0) is consequence  # log-odds


def test_a_goal_without_a_clause_gets_the_lowest_clause_score() -> None:
    from goaltext.classify.features import CLAUSE_SCORE_BOUND, ClauseScores

    inference, _ = load_model()
    scores = ClauseScores.of(["", "Støtten ophører.", "..."], None, inference.score_clauses).best().tolist()
    assert scores[::2] == [-CLAUSE_SCORE_BOUND, -CLAUSE_SCORE_BOUND] and scores[1] > 0


def test_serving_does_not_import_scikit_learn() -> None:
    code = (
        "import sys, goaltext; a = goaltext.Analyzer(base='blank'); a.analyze('Borgeren kan selv gå 200 meter.'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy', 'skops')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_cues_are_readable_danish(analyzer: Analyzer) -> None:
    labels = analyzer.analyze("Borgeren skal have det bedre på sigt.").labels
    for label in (labels.measurable, labels.time_horizon, labels.service_consequence):
        assert label.cues
        assert all(len(cue.strip("«»")) >= 4 for cue in label.cues)


def test_a_card_with_other_library_versions_is_refused(tmp_path: Path) -> None:
    shipped = default_model_dir()
    assert shipped is not None
    copy = tmp_path / "models"
    shutil.copytree(shipped, copy)
    card = json.loads((copy / "card.json").read_text(encoding="utf-8"))
    card["versions"]["scikit-learn"] = "0.24.2"
    (copy / "card.json").write_text(json.dumps(card), encoding="utf-8")
    with pytest.raises(ModelError, match=r"scikit-learn 0\.24\.2 \(installed .*goaltext train"):
        load_model(copy)


@pytest.mark.parametrize("artefact_name", ["goaltext-labels.skops", "goaltext-labels.npz"])
def test_a_tampered_artefact_is_refused(tmp_path: Path, artefact_name: str) -> None:
    copy = tmp_path / "models"
    shutil.copytree(default_model_dir(), copy)
    with (copy / artefact_name).open("ab") as artefact:
        artefact.write(b"\0")
    with pytest.raises(ModelError, match="checksum"):
        load_model(copy)


def test_a_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="goaltext train"):
        load_model(tmp_path)


def test_train_reproduces_the_shipped_model(tmp_path: Path, records: list[dict]) -> None:
    from typer.testing import CliRunner

    from goaltext.cli import app

    result = CliRunner().invoke(app, ["train", "--output", str(tmp_path)])
    assert result.exit_code == 0, result.output
    shipped = json.loads((default_model_dir() / "card.json").read_text(encoding="utf-8"))
    rebuilt = json.loads((tmp_path / "card.json").read_text(encoding="utf-8"))
    assert rebuilt["training_data_sha256"] == shipped["training_data_sha256"]
    assert rebuilt["family"] == shipped["family"]
    assert rebuilt["test"]["labels"] == shipped["test"]["labels"]
    test = [r for r in records if r["split"] == "test"]
    texts = [(r["text"], {"reference_date": r["reference_date"]}) for r in test]
    ours = [a.to_dict()["labels"] for a in Analyzer(base="blank", model=str(tmp_path)).pipe(texts)]
    theirs = [a.to_dict()["labels"] for a in Analyzer(base="blank").pipe(texts)]
    assert ours == theirs


def test_labels_alone_give_the_same_probabilities(rules_analyzer: Analyzer, records: list[dict]) -> None:
    inference, _ = load_model()
    texts, evidence, directions = model_inputs(rules_analyzer, records[:50], inference)
    full = inference.predict(texts, evidence, directions)
    labels_only = inference.predict(texts, evidence, details=False)
    assert np.array_equal(full.probabilities, labels_only.probabilities)
    assert labels_only.directions == labels_only.direction_probabilities == [None] * 50
    assert all(cues == [[], [], []] for cues in labels_only.cues)


def toy_vectorizer(norm: str | None = "l2") -> TfidfVectorizer:
    goals = ["Borgeren kan selv tage bad", "Hjemmeplejen ophører", "Borgeren overgår til ydelsespakke 1", "kaffe"]
    return TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, norm=norm).fit(goals)


@pytest.mark.parametrize(
    "text",
    [
        "kaffe",  # one word
        "Kaffe bad",  # two words without a common n-gram, in any case
        "ophører kaffe 1",
    ],
)
def test_word_tfidf_is_tfidf_when_no_two_words_share_an_ngram(text: str) -> None:
    vectorizer = toy_vectorizer()
    assert np.allclose(word_tfidf(vectorizer, [text]).toarray(), vectorizer.transform([text]).toarray())


def test_word_tfidf_sums_the_words_and_counts_a_repeated_word_twice() -> None:
    coffee, bath = toy_vectorizer(norm=None).transform(["kaffe", "bad"]).toarray()  # each word's own TF-IDF
    found = word_tfidf(toy_vectorizer(), ["kaffe kaffe bad", "", "zzz"]).toarray()
    assert np.allclose(found[0], (2 * coffee + bath) / np.sqrt(2 * coffee @ coffee + bath @ bath))
    assert not found[1].any() and not found[2].any()  # no words; no known n-gram


@pytest.mark.parametrize(
    ("scores", "temperature", "expected"),
    [
        ([[0.0, 0.0, 0.0, 0.0, 0.0]], 1.0, 0.2),  # no preference: one in five
        ([[np.log(3.0), 0.0]], 1.0, 0.75),  # odds 3 to 1
        ([[2 * np.log(3.0), 0.0]], 2.0, 0.75),  # the same odds, tempered by 2
        ([[1000.0, 0.0, -5.0]], 1.0, 1.0),  # no overflow on a large score
        ([[-3.0, -1.0, -2.0], [4.0, 4.0, 1.0]], 1.0, None),  # the highest, wherever it stands
    ],
)
def test_a_direction_probability_is_the_tempered_softmax_of_its_highest_score(
    scores: list[list[float]], temperature: float, expected: float | None
) -> None:
    from scipy.special import softmax

    from goaltext.classify.inference import direction_probabilities

    found = direction_probabilities(np.array(scores), temperature)
    reference = softmax(np.array(scores) / temperature, axis=1).max(axis=1)
    assert np.allclose(found, reference)
    if expected is not None:
        assert np.allclose(found, expected)


def test_the_temperature_tempers_an_overconfident_direction_model() -> None:
    from goaltext.classify.model import direction_temperature

    def temperature(signal: float) -> float:
        # Three classes told apart by three of sixty features; the rest is
        # noise, which C=30 fits, so the raw softmax is surer than the
        # out-of-fold accuracy warrants, the more so the weaker the signal.
        generator = np.random.default_rng(5)
        truth = generator.integers(0, 3, 300)
        features = generator.normal(size=(300, 60))
        features[:, :3] += 3 * signal * np.eye(3)[truth]
        return direction_temperature(sp.csr_matrix(features), np.array(["end", "reduce", "transfer"])[truth].tolist())

    weak, strong = temperature(0.6), temperature(1.0)
    assert weak > 2 and weak > strong


def test_the_shipped_direction_probabilities_are_honest_on_dev(analyzer: Analyzer, records: list[dict]) -> None:
    dev = [r for r in records if r["split"] == "dev" and r["consequence"]]
    analyses = analyzer.pipe([(r["text"], {"reference_date": r["reference_date"]}) for r in dev])
    judged = [
        (a.consequence.probability, a.consequence.direction == r["consequence"]["direction"])
        for r, a in zip(dev, analyses, strict=True)
        if a.consequence is not None
    ]
    probabilities, right = np.array([p for p, _ in judged]), np.array([r for _, r in judged])
    assert abs(probabilities.mean() - right.mean()) < 0.05  # as sure as it is right, on the whole
    assert right[probabilities >= 0.8].mean() > right.mean()  # and surer where it is right
