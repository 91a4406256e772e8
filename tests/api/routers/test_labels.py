"""GET /v1/labels: the three dimensions in Danish for UIs, from data/labels.yaml."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from goaltext import Analyzer
from goaltext_api.routers.labels import label_definitions


def test_the_three_dimensions_in_order_with_danish_titles(client: TestClient) -> None:
    body = client.get("/v1/labels").json()
    assert body["version"] == "v1"
    assert [(label["name"], label["title"]) for label in body["labels"]] == [
        ("measurable", "Målbar"),
        ("time_horizon", "Tidshorisont"),
        ("service_consequence", "Konsekvens for ydelsen"),
    ]
    for label in body["labels"]:
        assert label["question"].endswith("?") and len(label["definition"]) > 80
        # YAML 1.1 reads a bare yes/no key as a boolean; the file must quote them
        assert len(label["yes"]) >= 4 and len(label["no"]) >= 4
        assert all(isinstance(example, str) and example for example in label["yes"] + label["no"])


EXAMPLES = [
    (label.name, example, expected)
    for label in label_definitions().labels
    for expected, examples in ((True, label.yes), (False, label.no))
    for example in examples
]


@pytest.mark.parametrize(("dimension", "example", "expected"), EXAMPLES)
def test_every_example_shown_to_users_is_one_goaltext_gets_right(
    analyzer: Analyzer, dimension: str, example: str, expected: bool
) -> None:
    analysis = analyzer.analyze(example, reference_date="2026-03-02")
    assert getattr(analysis.labels, dimension).value is expected
