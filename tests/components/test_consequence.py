"""CONSEQUENCE: what reaching the goal means for the service, with direction and target."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goaltext import Analyzer
from goaltext.components.consequence import (
    WEEKS_PER_UNIT,
    ConsequenceExtractor,
    _fragment,
    _number,
    _spans,
    weekly_rate,
)
from goaltext.language import language_data

# (goal, direction of the main consequence, target)
CONSEQUENCES = [
    (
        "Indsatsen gives med forventning om, at borgeren herefter kan overgå til ydelsespakke 1.",
        "reduce",
        "ydelsespakke 1",
    ),
    ("Herefter forventes borgeren at kunne overgå til ydelsespakke 1.", "reduce", "ydelsespakke 1"),
    ("Når målet er nået, reduceres bostøtten fra 4 til 2 timer om ugen.", "reduce", "2 timer om ugen"),
    ("Forventningen er, at § 85-støtten kan afsluttes.", "end", "§ 85"),
    (
        "Borgeren forventes at kunne flytte fra botilbud til egen bolig med bostøtte.",
        "transfer",
        "egen bolig med bostøtte",
    ),
    ("Støtten nedtrappes gradvist og ophører ved udgangen af forløbet.", "end", "støtte"),
    ("Efter 3 mdr. vurderes, om støtten kan omlægges til gruppeforløb.", "transfer", "gruppeforløb"),
    ("jeg vil gerne have mindre hjælp", "reduce", "hjælp"),
    ("Jeg vil gerne klare mig uden hjemmehjælp.", "end", "hjemmehjælp"),
    ("Borgeren har ikke længere behov for hjemmehjælp.", "end", "hjemmehjælp"),
    ("Hvis målet ikke nås, øges støtten.", "increase", "støtte"),
    ("Det forventes, at hjemmeplejen kan reduceres.", "reduce", "hjemmepleje"),
    ("ressourceforløbet afsluttes og borgeren overgår til fleksjob", "transfer", "fleksjob"),
    ("kan overgå fra pakke C til pakke E", "increase", "pakke E"),
    ("sagen kan lukkes, når borgeren selv handler ind", "end", "sag"),
    ("herefter overgår borgeren til § 104", "transfer", "§ 104"),
    ("bostøtten halveres", "reduce", "bostøtte"),
    ("støtten forventes udfaset inden sommer", "reduce", "støtte"),
    # lower case, no full stop, abbreviations
    ("herefter overgang til ydelsespakke 2", "reduce", "ydelsespakke 2"),
    ("hj.plejen ophører", "end", "hjemmepleje"),
    # compounds and abbreviations as the service that ends
    ("Herefter bortfalder kørselsbevillingen.", "end", "kørselsbevillingen"),
    ("ved målopfyldelse afsluttes BS", "end", "bostøtte"),
    ("så kan ledighedsydelsen afmeldes", "end", "ledighedsydelse"),
    ("Blodtrykskontrollerne kan afsluttes, når værdierne er stabile.", "end", "blodtrykskontrollerne"),  # kontrol+l+er
    ("Herefter lukkes sagen", "end", "sag"),
    # an elided or shared subject
    ("Bostøtten nedtrappes over 8 uger og ophører derefter.", "end", "bostøtte"),
    ("Kan afsluttes efter 3 mdr.", "end", None),
    # part of the service versus all of it
    ("Hjælpen til indkøb afsluttes, mens rengøringen fortsætter.", "reduce", "hjælp"),
    ("Aftenbesøget kan bortfalde.", "reduce", "aftenbesøget"),
    ("Herefter bortfalder de ekstra timer om fredagen.", "reduce", "timer"),
    ("Madlavning udgår af ydelsespakken.", "reduce", "ydelsespakke"),
    ("Den praktiske hjælp afsluttes helt.", "end", "praktisk hjælp"),
    # citizen wording
    ("jeg vil gerne slutte med træningen", "end", "træning"),
    ("jeg vil gerne have hjemmehjælpen skåret ned", "reduce", "hjemmehjælp"),
    ("Jeg ønsker at I kommer lidt mindre", "reduce", None),
    ("jeg vil gerne nøjes med besøg hver anden uge", "reduce", None),
    ("Jeg vil ikke have kørsel mere", "end", "kørsel"),
    ("så personalet ikke skal komme om natten mere", "reduce", None),
    # other kinds of service, lighter forms, informal help
    ("Støtten kan herefter afløses af et gruppeforløb.", "transfer", "gruppeforløb"),
    ("Ledsagelsen kan erstattes af en frivillig besøgsven.", "end", "frivillig besøgsven"),
    ("SKP omlægges fra individuelle samtaler til netværksgruppen", "transfer", "netværksgruppen"),
    ("Badehjælpen kan omlægges til tilsyn ved bad.", "reduce", "tilsyn"),
    ("bostøtten kan gå fra ugentlig til hver 14. dag", "reduce", "hver 14. dag"),
    ("rengøring hver 4. uge i stedet for hver 2. uge", "reduce", "rengøring hver 4. uge"),
    ("Forventet: pakke 3 → pakke 2", "reduce", "pakke 2"),
    ("Hvis målet ikke nås, forlænges forløbet.", "increase", "forløb"),
    ("Kontaktpersonordningen forlænges ikke.", "end", "kontaktperson"),
    # transport or escort that stops: reduce (GUIDELINES 77)
    ("Jeg vil selv tage bussen til skolen, så jeg ikke skal køres i taxa mere", "reduce", None),
    ("jeg vil tage toget alene, så jeg ikke skal køres af ledsageren", "reduce", "ledsagelse"),
]


@pytest.mark.parametrize(("text", "direction", "target"), CONSEQUENCES)
def test_service_consequence_with_direction_and_target(
    rules_analyzer: Analyzer, text: str, direction: str, target: str | None
) -> None:
    analysis = rules_analyzer.analyze(text, reference_date="2026-01-15")
    assert analysis.labels.service_consequence.value is True
    assert analysis.consequence is not None
    assert (analysis.consequence.direction, analysis.consequence.target) == (direction, target)
    for span in analysis.spans:
        assert analysis.text[span.start : span.end] == span.text


def test_the_current_package_decides_the_direction_of_a_package_move(rules_analyzer: Analyzer) -> None:
    text = "Borgeren forventes at kunne overgå til ydelsespakke 3."
    assert rules_analyzer.analyze(text, context={"current_package": "ydelsespakke 4"}).consequence.direction == "reduce"
    assert (
        rules_analyzer.analyze(text, context={"current_package": "ydelsespakke 2"}).consequence.direction == "increase"
    )


# Traps: no consequence for the service.
NOT_A_CONSEQUENCE = [
    "Så borgeren kan få et bedre liv.",
    "Indsatsen evalueres ved opfølgning.",
    "Borgeren modtager socialpædagogisk støtte efter § 85.",
    "Støtten fortsætter uændret.",
    "Støtten kan ikke reduceres endnu.",
    "Borgeren bliver boende i botilbuddet.",
    "Indsatsen revurderes.",
    "Borgeren skal reducere sit forbrug af hash.",
    "Borgeren skal afslutte sin uddannelse.",
    "Øget trivsel og livskvalitet.",
    "Borgeren bliver mere selvstændig i hverdagen.",
    "Borgeren skal flytte til Aarhus.",
    "kan klare sig uden hjælp til indkøb",
    "Det forventes ikke, at hjemmehjælpen kan afsluttes.",
    # negation and no change
    "Bostøtten kan ikke nedtrappes endnu.",
    "Hjemmeplejen fortsætter uændret efter opfølgningen.",
    "Aftenbesøget bibeholdes.",
    # citizen-only changes and a follow-up without a stated change
    "Borgeren flytter i egen bolig.",
    "Borgeren skal stoppe med at ryge inden 1. juni.",
    "Borgeren skal nedtrappe sit forbrug af hash.",
    "Jeg vil droppe hashen inden sommer.",
    "Ved afslutning af forløbet kan borgeren selv gå på trapper.",
    "Mere tryg i egen bolig.",
    "Borgeren går selv fra sin lejlighed til fælleshuset.",
    "Der følges op efter 3 måneder.",
    # a time, not transport that stops
    "Hun skal ikke hentes for sent i børnehaven.",
]


@pytest.mark.parametrize("text", NOT_A_CONSEQUENCE)
def test_no_service_consequence(rules_analyzer: Analyzer, text: str) -> None:
    analysis = rules_analyzer.analyze(text, reference_date="2026-01-15")
    assert analysis.labels.service_consequence.value is False
    assert analysis.consequence is None
    assert not [s for s in analysis.spans if s.label == "CONSEQUENCE"]


@pytest.fixture(scope="module")
def consequence_extractor(rules_analyzer: Analyzer) -> ConsequenceExtractor:
    return rules_analyzer.nlp.get_pipe("goaltext_consequence")


def test_compounds_found_from_their_tail_equal_the_full_scan_on_the_corpus(
    consequence_extractor: ConsequenceExtractor,
) -> None:
    corpus = Path(__file__).resolve().parents[2] / "annotations" / "corpus.jsonl"
    assert consequence_extractor.compound_tail is not None  # the fast path is in use
    for line in corpus.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        for variant in (text, text.replace(" ", "-"), text.replace(" ", "'")):
            lowered = variant.lower()
            expected = _spans(consequence_extractor.compound_regex, variant, lowered)
            assert consequence_extractor._compound_spans(variant, lowered) == expected


compound_words = st.lists(
    st.sampled_from(["bostøtte", "hjælpen", "-", "'", "sag", "§", "x-ordningen", "støtte-", "İ", "timer", "og", "ab"]),
    max_size=10,
).map(lambda parts: "".join(p if p in "-'" else f" {p}" for p in parts))


@settings(max_examples=200, deadline=None)
@given(text=compound_words | st.text(alphabet=st.sampled_from(list("abehjlpstøæ -'§\n")), max_size=60))
def test_compounds_found_from_their_tail_equal_the_full_scan_on_any_text(
    consequence_extractor: ConsequenceExtractor, text: str
) -> None:
    lowered = text.lower()
    expected = _spans(consequence_extractor.compound_regex, text, lowered)
    assert consequence_extractor._compound_spans(text, lowered) == expected


CORPUS_FILE = Path(__file__).resolve().parents[2] / "annotations" / "corpus.jsonl"


def plain_weekly_rate(text: str) -> float | None:
    """weekly_rate without its shortcuts: every search made, every window looked up."""
    data = language_data()
    lowered = " ".join(text.lower().split())
    every = _fragment("every_nth").search(lowered)
    if every and data.lookup("unit", every.group("unit")):
        return 1 / (float(every.group("count")) * WEEKS_PER_UNIT[data.lookup("unit", every.group("unit"))])
    count = _fragment("count_per").search(lowered)
    if count and data.lookup("unit", count.group("unit")):
        amount = _number(count.group("count"))
        if amount is not None:
            return amount / WEEKS_PER_UNIT[data.lookup("unit", count.group("unit"))]
    words = lowered.split()
    for size in (4, 3, 2, 1):
        for index in range(len(words) - size + 1):
            value = data.lookup("frequency_rate", " ".join(words[index : index + size]).strip(",."))
            if value is not None:
                return float(value)
    return None


RATE_WORDS = [
    "2",
    "gange",
    "om",
    "ugen",
    "i",
    "md",
    "pr.",
    "x",
    "uge",
    "ugentlig",
    "ugtl.",
    "år",
    "dage",
    "fleksjob",
    "/",
    "hver",
    "anden",
    "dag",
    ",",
    ".",
    ",dgl.",
    "hver.",
]


@settings(max_examples=400, deadline=None)
@given(words=st.lists(st.sampled_from(RATE_WORDS), min_size=1, max_size=6) | st.text(min_size=1, max_size=30))
def test_weekly_rate_answers_as_every_search_and_window_would(words: list[str] | str) -> None:
    text = " ".join(words) if isinstance(words, list) else words
    assert weekly_rate(text) == plain_weekly_rate(text)


def test_weekly_rate_answers_as_every_search_and_window_would_on_the_corpus() -> None:
    for line in CORPUS_FILE.read_text(encoding="utf-8").splitlines()[::3]:
        words = json.loads(line)["text"].split()
        for start in range(0, len(words), 3):
            text = " ".join(words[start : start + 4])
            assert weekly_rate(text) == plain_weekly_rate(text), text


@pytest.mark.parametrize(
    ("text", "rate"),
    [("2 gange om ugen", 2.0), ("1 gang om måneden", 1 / 4.33), ("fleksjob", None), ("hver 2. uge", 0.5)],
)
def test_weekly_rates(text: str, rate: float | None) -> None:
    assert weekly_rate(text) == rate
