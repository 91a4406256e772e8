"""The Analyzer end to end: the seed example, the label spec's own examples,
batch processing, and the base pipeline in use."""

from __future__ import annotations

import gc
import json

import pytest
from spacy.tokens import Doc

import goaltext
from goaltext import Analyzer, pipeline
from goaltext.pipeline import COMPONENTS, EXTRACTORS, FALLBACK_NAME, MODEL_LABELER
from goaltext.schema import LABEL_NAMES

SEED = (
    "Indsatsen gives med forventning om, at borgeren herefter kan overgå til ydelsespakke 1. "
    "Der følges op efter 4 måneder."
)


def test_the_seed_example(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze(SEED)
    assert analysis.labels.time_horizon.value is True
    assert analysis.horizon == "P4M"
    assert analysis.labels.service_consequence.value is True
    # The label spec reads the seed example as a reduction (a lighter package).
    assert analysis.consequence is not None
    assert analysis.consequence.direction in {"reduce", "transfer"}
    assert analysis.consequence.target == "ydelsespakke 1"


# The label spec's own examples: (text, measurable, time_horizon, service_consequence)
SPEC_EXAMPLES = [
    ("Borgeren tager selv bussen til aktivitetscentret to gange om ugen.", True, False, False),
    ("Borgeren kan selv lave aftensmad tre dage om ugen uden guidning.", True, False, False),
    ("Borgeren møder til 80 % af de planlagte behandlingsaftaler.", True, False, False),
    ("Borgeren er flyttet i egen lejlighed.", True, False, False),
    ("Borgeren skal have det bedre.", False, False, False),
    ("Borgeren bliver mere selvstændig i hverdagen.", False, False, False),
    ("Øget trivsel og livskvalitet.", False, False, False),
    ("Borgeren arbejder med at blive bedre til at handle ind.", False, False, False),
    ("Borgerens trivsel er steget fra 40 til 60 på WHO-5.", True, False, False),
    ("Herefter forventes borgeren at kunne overgå til ydelsespakke 1.", False, False, True),
    # the hours of the consequence are no criterion (label spec, GUIDELINES 21)
    ("Når målet er nået, reduceres bostøtten fra 4 til 2 timer om ugen.", False, False, True),
    ("Forventningen er, at § 85-støtten kan afsluttes.", False, False, True),
    ("Borgeren forventes at kunne flytte fra botilbud til egen bolig med bostøtte.", False, False, True),
    ("Støtten nedtrappes gradvist og ophører ved udgangen af forløbet.", False, False, True),
    ("Så borgeren kan få et bedre liv.", False, False, False),
    ("Indsatsen evalueres ved opfølgning.", False, False, False),
    ("Borgeren modtager socialpædagogisk støtte efter § 85.", False, False, False),
    ("Efter 3 mdr. vurderes, om støtten kan omlægges til gruppeforløb.", False, True, True),
    ("Der følges op efter 4 mdr.", False, True, False),
    ("Borgeren skal kunne tage bad selv inden for 3 måneder", True, True, False),
    # typos, lower case, abbreviations, no full stop
    ("borgern kan selv handle ind indefor 3 måndeder", True, True, False),
    ("selv i bad inden jul", True, True, False),
    ("opføling efter 3 mdr, herefter overgang til pakke 2", False, True, True),
]


@pytest.mark.parametrize(("text", "measurable", "time_horizon", "consequence"), SPEC_EXAMPLES)
def test_labels_follow_the_label_spec(
    analyzer: Analyzer, text: str, measurable: bool, time_horizon: bool, consequence: bool
) -> None:
    labels = analyzer.analyze(text, reference_date="2026-01-15").labels
    assert (labels.measurable.value, labels.time_horizon.value, labels.service_consequence.value) == (
        measurable,
        time_horizon,
        consequence,
    )


def test_evidence_ids_point_at_spans(analyzer: Analyzer) -> None:
    analysis = analyzer.analyze(SEED)
    ids = {span.id for span in analysis.spans}
    for label in (analysis.labels.measurable, analysis.labels.time_horizon, analysis.labels.service_consequence):
        assert set(label.evidence) <= ids
    assert [span.start for span in analysis.spans] == sorted(span.start for span in analysis.spans)


def test_to_dict_is_the_documented_json_contract(analyzer: Analyzer) -> None:
    data = json.loads(json.dumps(analyzer.analyze(SEED).to_dict()))
    assert set(data) >= {"text", "labels", "horizon", "consequence", "spans", "score", "explanations", "pipeline"}
    assert set(data["labels"]) == {"measurable", "time_horizon", "service_consequence"}
    assert set(data["labels"]["time_horizon"]) == {"value", "probability", "evidence", "cues"}
    assert data["pipeline"] == FALLBACK_NAME
    assert 0 <= data["score"] <= 100
    assert set(data["consequence"]) == {"direction", "target", "probability"}
    span = data["spans"][0]
    assert set(span) >= {"id", "start", "end", "label", "text", "role", "value", "direction", "target"}


@pytest.mark.parametrize(
    "text",
    [
        SEED,
        "Når Jens selv kan tage bad, kan badehjælpen ophøre.",  # a part of the help: reduce or end is the question
        "Hvis målet ikke nås inden 3 mdr., visiteres til to daglige besøg mere.",
    ],
)
def test_the_models_direction_comes_with_its_probability(analyzer: Analyzer, text: str) -> None:
    consequence = analyzer.analyze(text).consequence
    assert consequence is not None
    assert consequence.probability is not None
    assert 1 / 5 <= consequence.probability <= 1  # the most likely of five directions


def test_a_direction_from_the_rules_alone_has_no_probability(rules_analyzer: Analyzer) -> None:
    consequence = rules_analyzer.analyze(SEED).consequence
    assert consequence is not None and consequence.probability is None


def test_pipe_keeps_input_order_and_matches_analyze(analyzer: Analyzer) -> None:
    texts = [SEED, "Borgeren skal have det bedre.", "selv i bad inden jul", ""] * 5
    piped = list(analyzer.pipe(texts, batch_size=3, reference_date="2026-01-15"))
    assert [a.text for a in piped] == texts
    single = [analyzer.analyze(t, reference_date="2026-01-15") for t in texts]
    assert [a.to_dict() for a in piped] == [a.to_dict() for a in single]


def test_pipe_takes_a_context_per_goal(analyzer: Analyzer) -> None:
    text = "Der følges op inden jul"
    results = list(analyzer.pipe([(text, {"reference_date": "2026-01-15"}), (text, {"reference_date": "2027-01-15"})]))
    assert [r.horizon for r in results] == ["2026-12-24", "2027-12-24"]


def test_pipe_with_two_processes_gives_the_same_results(analyzer: Analyzer) -> None:
    texts = [f"Borgeren kan selv gå {n} meter inden for {n % 11 + 1} måneder." for n in range(60)]
    parallel = list(analyzer.pipe(texts, batch_size=16, n_process=2, reference_date="2026-01-15"))
    serial = list(analyzer.pipe(texts, batch_size=16, reference_date="2026-01-15"))
    assert [a.to_dict() for a in parallel] == [a.to_dict() for a in serial]


def test_pipe_with_n_process_0_takes_one_worker_per_usable_core(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under a CPU affinity (a container, taskset) the cores the process may
    use count, not all the machine has."""

    class PoolStartedError(Exception):
        pass

    class RecordingPool:
        def __init__(self, max_workers: int, **_: object) -> None:
            started["workers"] = max_workers

        def __enter__(self) -> RecordingPool:
            return self

        def __exit__(self, *_: object) -> None:
            return None

        def submit(self, *_: object) -> None:
            raise PoolStartedError

    started: dict[str, int] = {}
    monkeypatch.setattr(pipeline.os, "sched_getaffinity", lambda pid: {0, 1, 2}, raising=False)
    monkeypatch.setattr(pipeline, "ProcessPoolExecutor", RecordingPool)
    with pytest.raises(PoolStartedError):
        list(analyzer.pipe(["Borgeren går selv i bad."], n_process=0))
    assert started == {"workers": 3}


def test_the_pipeline_order_is_declared_once(analyzer: Analyzer, rules_analyzer: Analyzer) -> None:
    names = tuple(name for name in analyzer.nlp.pipe_names if name.startswith("goaltext_"))
    assert names == (*EXTRACTORS, MODEL_LABELER)
    assert tuple(n for n in rules_analyzer.nlp.pipe_names if n.startswith("goaltext_")) == COMPONENTS
    assert analyzer.info()["pipeline"] == FALLBACK_NAME
    assert analyzer.info()["labeler"].startswith("model ")


def test_the_fallback_base_has_lookup_lemmas(analyzer: Analyzer) -> None:
    doc = analyzer.nlp("Borgeren skal have hjælp til indkøb i butikkerne")
    assert "butik" in [token.lemma_ for token in doc]


def test_module_level_analyze_uses_a_shared_analyzer() -> None:
    assert goaltext.analyze("Der følges op efter 4 mdr.").horizon == "P4M"
    assert goaltext.default_analyzer() is goaltext.default_analyzer()


def test_a_non_string_is_refused_clearly(analyzer: Analyzer) -> None:
    with pytest.raises(TypeError, match="must be a string"):
        analyzer.analyze(42)  # type: ignore[arg-type]


def test_an_unknown_context_field_is_refused(analyzer: Analyzer) -> None:
    with pytest.raises(ValueError, match="cpr"):
        analyzer.analyze("Der følges op efter 4 mdr.", context={"cpr": "x"})


def test_label_values_are_the_labels_of_the_full_analysis(analyzer: Analyzer) -> None:
    goals = [
        "Borgeren kan selv handle ind 2 gange om ugen inden for 3 måneder.",
        ("Herefter kan bostøtten nedsættes til 2 timer om ugen.", {"hours_per_week": 4}),
        "Borgeren skal have det bedre.",
        "",
    ]
    full = [{name: getattr(a.labels, name).value for name in LABEL_NAMES} for a in analyzer.pipe(goals)]
    assert analyzer.label_values(goals) == full


def test_a_finished_batch_leaves_no_docs_behind(analyzer: Analyzer) -> None:
    """The collector resumes after each batch: the batch's docs must be gone by
    then, so it traverses only the results the caller keeps. (spaCy's own
    generator keeps the one doc it handed on last.)"""

    def live_docs() -> int:
        return sum(isinstance(obj, Doc) for obj in gc.get_objects())

    before = live_docs()
    results = analyzer.pipe([SEED, "Borgeren skal have det bedre."] * 4, batch_size=4)
    first = next(results)
    assert first.text == SEED
    assert live_docs() <= before + 1
    assert len(list(results)) == 7
