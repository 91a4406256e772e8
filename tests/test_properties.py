"""Properties that hold for any text: no exception, spans point into the original,
and the result keeps every constraint of the contract (the pipeline builds it
without validating it)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goaltext import Analyzer
from goaltext.schema import analysis_adapter

DANISH_PIECES = st.sampled_from(
    [
        "inden for 4 måneder",
        "Der følges op efter 4 mdr.",
        "to gange om ugen",
        "på sigt",
        "selv",
        "uden hjælp",
        "overgå til ydelsespakke 1",
        "§ 85-støtten kan afsluttes",
        "1/6-26",
        "uge 12-14",
        "Q1 2027",
        "ultimo juni -26",
        "ikke",
        "støtten",
        "bedre",
        "\n- ",
        ", ",
        ". ",
        "ÆØÅ",
        "🙂",
        "\u200b",
        "\x00",
        "  ",
        "3-6 mdr.",
        "½",
    ]
)
TEXTS = st.one_of(
    st.text(max_size=10_000),
    st.lists(st.one_of(DANISH_PIECES, st.text(max_size=20)), max_size=60).map("".join),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_any_text_is_analysed_and_spans_index_the_original(analyzer: Analyzer, text: str) -> None:
    analysis = analyzer.analyze(text, reference_date="2026-01-15")
    assert analysis.text == text
    for span in analysis.spans:
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start : span.end] == span.text
    assert 0 <= analysis.score <= 100
    assert analysis_adapter().validate_python(analysis.to_dict()) == analysis
