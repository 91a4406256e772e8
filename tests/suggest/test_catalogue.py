"""Municipal catalogues: packages in order, and clear errors for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from goaltext import Analyzer
from goaltext.suggest import CatalogueError, load_catalogue

GOOD = (Path(__file__).parents[2] / "src/goaltext/data/catalogues/standard.yaml").read_text(encoding="utf-8")


def test_the_shipped_catalogues_load() -> None:
    assert load_catalogue().packages[0].name == "ydelsespakke 1"
    assert [p.name for p in load_catalogue("pakke-a-e").packages][:2] == ["pakke A", "pakke B"]


@pytest.mark.parametrize(
    ("current", "lighter"),
    [
        ("ydelsespakke 3", "ydelsespakke 2"),
        ("Ydelsespakke  3", "ydelsespakke 2"),
        ("3", "ydelsespakke 2"),
        ("ydelsespakke 1", None),
        ("pakke 9", None),
        (None, None),
    ],
)
def test_the_next_lighter_package(current: str | None, lighter: str | None) -> None:
    found = load_catalogue().lighter_than(current)
    assert (found.name if found else None) == lighter


def test_the_environment_variable_chooses_the_catalogue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOALTEXT_CATALOGUE", "pakke-a-e")
    assert load_catalogue().name == "Pakke A-E"


def test_a_letter_catalogue_drives_the_suggestion(analyzer: Analyzer) -> None:
    letters = Analyzer(base="blank", catalogue="pakke-a-e")
    suggestions = letters.suggest("Borgeren kan selv tage bad.", context={"current_package": "pakke C"})
    assert any("overgå til pakke B" in s.text for s in suggestions)
    assert any("inden for 3 måneder" in s.text for s in suggestions)


@pytest.mark.parametrize(
    ("broken", "line", "words"),
    [
        (GOOD.replace("follow_up_interval: P4M", "follow_up_interval: fire måneder"), 18, "follow_up_interval"),
        (GOOD.replace("    hours_per_week: 2\n", "    hours_per_week: to\n"), 11, "hours_per_week"),
        (GOOD.replace('  deadline: "inden for {interval}"', '  deadline: "inden for {antal}"'), 20, "antal"),
        (GOOD.replace("  - name: ydelsespakke 2", "  - name: ydelsespakke 1"), 8, "forskellige"),
        (GOOD.replace("packages:", "packages: [", 1), None, "ugyldig YAML"),
        ("- bare en liste\n", 1, "mapping"),
    ],
)
def test_a_malformed_catalogue_names_the_line(tmp_path: Path, broken: str, line: int | None, words: str) -> None:
    path = tmp_path / "kommune.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(CatalogueError) as raised:
        load_catalogue(path)
    message = str(raised.value)
    assert str(path) in message and words in message
    if line is not None:
        assert f"linje {line}" in message
    else:
        assert "linje" in message


def test_a_missing_catalogue_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="findes ikke"):
        load_catalogue(tmp_path / "nej.yaml")
    with pytest.raises(CatalogueError, match="intet katalog"):
        load_catalogue("nordpolen")
