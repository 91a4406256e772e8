"""GET /v1/examples: good and bad goals from the annotated corpus, filtered by
dimension, area and quality, with live analyses and, for bad ones, the best
rewrite; a missing corpus is a 503 with a clear message, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from goaltext import Analyzer
from tests.api.conftest import CORPUS_ROWS, GOOD_ON_ALL, corpus_line, write_corpus

ALL_IDS = [row[0] for row in CORPUS_ROWS]
GOLD = {row[0]: row[4] for row in CORPUS_ROWS}
DIMENSIONS = ("measurable", "time_horizon", "service_consequence")


def ids_where(dimension: str | None, good: bool) -> list[str]:
    index = DIMENSIONS.index(dimension) if dimension else None
    return [i for i in ALL_IDS if (all(GOLD[i]) if index is None else GOLD[i][index]) is good]


# (query, expected ids in corpus order)
FILTERS: list[tuple[dict[str, str], list[str]]] = [
    ({}, ALL_IDS),
    ({"quality": "good"}, sorted(GOOD_ON_ALL)),  # good without a dimension: good on all three
    ({"quality": "bad"}, [i for i in ALL_IDS if i not in GOOD_ON_ALL]),
    ({"dimension": "measurable", "quality": "good"}, ids_where("measurable", True)),
    ({"dimension": "time_horizon", "quality": "bad"}, ids_where("time_horizon", False)),
    ({"dimension": "service_consequence", "quality": "good", "area": "§ 85"}, ["s01", "s07", "s09"]),
    # areas match whatever the spacing and case: "§ 83a" and "§ 83 a" are one area
    ({"area": "§ 83 a"}, ["s03", "s04"]),
    ({"area": "§83A"}, ["s03", "s04"]),
    ({"area": "barnets lov"}, ["s05"]),
    ({"area": "§ 999"}, []),
]


@pytest.mark.parametrize(("query", "expected"), FILTERS)
def test_filters_select_the_right_examples(client: TestClient, query: dict[str, str], expected: list[str]) -> None:
    response = client.get("/v1/examples", params={**query, "limit": 100})
    assert response.status_code == 200, response.text
    body = response.json()
    assert [item["id"] for item in body["items"]] == expected
    assert body["total"] == len(expected)


@pytest.mark.parametrize("dimension", [None, *DIMENSIONS])
def test_each_example_has_gold_labels_a_quality_a_live_analysis_and_for_bad_ones_a_rewrite(
    client: TestClient, analyzer: Analyzer, dimension: str | None
) -> None:
    params = {"limit": 100} | ({"dimension": dimension} if dimension else {})
    items = client.get("/v1/examples", params=params).json()["items"]
    for item in items:
        gold = dict(zip(DIMENSIONS, GOLD[item["id"]], strict=True))
        assert item["labels"] == gold
        good = gold[dimension] if dimension else all(gold.values())
        assert item["quality"] == ("good" if good else "bad")
        assert (
            item["analysis"]
            == analyzer.analyze(item["text"], reference_date="2026-03-02", context={"area": item["area"]}).to_dict()
        )
        if good:
            assert item["suggestion"] is None
            continue
        suggestions = analyzer.suggest(item["text"], reference_date="2026-03-02", context={"area": item["area"]})
        if not suggestions:
            assert item["suggestion"] is None
            continue
        fitting = [s for s in suggestions if dimension in s.adds] if dimension else suggestions
        assert item["suggestion"] == (fitting or suggestions)[0].model_dump(mode="json")


def test_paging_with_limit_and_offset(client: TestClient) -> None:
    pages = [client.get("/v1/examples", params={"limit": 4, "offset": offset}).json() for offset in (0, 4, 8, 12)]
    assert [item["id"] for page in pages for item in page["items"]] == ALL_IDS
    assert {page["total"] for page in pages} == {len(ALL_IDS)}
    assert pages[-1]["items"] == []
    assert [page["offset"] for page in pages] == [0, 4, 8, 12]


def test_the_areas_for_a_filter_are_listed_once_each(client: TestClient) -> None:
    areas = client.get("/v1/examples", params={"area": "§ 999"}).json()["areas"]
    # "§ 83a" and "§ 83 a" are one area, listed as the corpus first spells it
    assert areas == ["Barnets Lov", "beskæftigelse", "§ 107", "§ 108", "§ 83a", "§ 85"]


def test_a_missing_corpus_is_a_503_saying_what_to_do(make_client: Callable[..., TestClient], tmp_path: Path) -> None:
    client = make_client(corpus=tmp_path / "findes-ikke.jsonl")
    response = client.get("/v1/examples")
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "corpus_unavailable"
    assert "GOALTEXT_CORPUS" in error["message_da"] and "GOALTEXT_CORPUS" in error["message_en"]
    assert "findes ikke" in error["message_da"]


def test_unreadable_lines_are_skipped_and_reported_by_number(
    make_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    lines = [
        corpus_line(CORPUS_ROWS[0]),
        "{ikke json",
        "",
        corpus_line(CORPUS_ROWS[1]),
        '{"id": "x", "text": "mangler labels"}',
    ]
    client = make_client(corpus=write_corpus(tmp_path / "corpus.jsonl", lines))
    body = client.get("/v1/examples").json()
    assert [item["id"] for item in body["items"]] == ["s01", "s02"]
    assert body["skipped_lines"] == [2, 5]


def test_a_corpus_written_while_the_service_runs_is_picked_up(
    make_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    path = tmp_path / "corpus.jsonl"
    client = make_client(corpus=path)
    assert client.get("/v1/examples").status_code == 503
    write_corpus(path, [corpus_line(row) for row in CORPUS_ROWS[:3]])
    assert client.get("/v1/examples").json()["total"] == 3
    write_corpus(path, [corpus_line(row) for row in CORPUS_ROWS[:5]] + [corpus_line(CORPUS_ROWS[5], "2026-01-01")])
    assert client.get("/v1/examples").json()["total"] == 6
