"""The trained label models: same answers by the fast path, safe loading,
and `goaltext train` reproduces the shipped artefact."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from goaltext import Analyzer
from goaltext.classify import ModelError, default_model_dir, load_model
from goaltext.classify.train import design_inputs

CORPUS = Path(__file__).parents[2] / "annotations" / "corpus.jsonl"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_fast_path_gives_sklearns_answers(rules_analyzer: Analyzer, records: list[dict]) -> None:
    model, _ = load_model()
    texts, evidence = design_inputs(rules_analyzer, records[:400])
    slow, slow_directions, design = model.predict(texts, evidence)
    fast, fast_directions, rows = model.predict_fast(texts, evidence)
    assert np.abs(slow - fast).max() < 1e-6
    assert slow_directions == fast_directions
    assert model.cues(design, slow) == model.cues_fast(rows, fast)


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


def test_a_tampered_artefact_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "models"
    shutil.copytree(default_model_dir(), copy)
    with (copy / "goaltext-labels.skops").open("ab") as artefact:
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
    ours = [a.labels.model_dump() for a in Analyzer(base="blank", model=str(tmp_path)).pipe(texts)]
    theirs = [a.labels.model_dump() for a in Analyzer(base="blank").pipe(texts)]
    assert ours == theirs
