"""The synthetic archive: deterministic, chunk-independent, varied, realistic
enough for the report to show differences, and with synthetic personal data
for the masking to find."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from goaltext.archive.synthetic import AREAS, BLOCK, COLUMNS, iter_synthetic_archive, synthetic_archive
from goaltext.privacy import mask_pii


@pytest.fixture(scope="module")
def archive() -> pd.DataFrame:
    return synthetic_archive(3000, seed=11)


def test_the_same_seed_gives_the_same_archive_and_another_seed_another(archive: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(synthetic_archive(3000, seed=11), archive)
    assert not synthetic_archive(300, seed=12)["målformulering"].equals(archive["målformulering"].iloc[:300])


def test_a_smaller_archive_is_the_start_of_a_larger_one(archive: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(synthetic_archive(250, seed=11), archive.iloc[:250])


def test_blocks_continue_ids_and_index_across_the_block_boundary() -> None:
    blocks = list(iter_synthetic_archive(BLOCK + 5, seed=3))
    assert [len(block) for block in blocks] == [BLOCK, 5]
    assert blocks[1].index.tolist() == list(range(BLOCK, BLOCK + 5))
    assert blocks[1]["id"].iloc[0] == f"M{BLOCK + 1:07d}"


def test_columns_ids_and_dates(archive: pd.DataFrame) -> None:
    assert tuple(archive.columns) == COLUMNS
    assert archive["id"].is_unique and archive["id"].iloc[0] == "M0000001"
    created = pd.to_datetime(archive["oprettet"])
    assert created.min() >= pd.Timestamp("2023-01-01") and created.max() < pd.Timestamp("2026-01-01")
    followed = archive["opfulgt"][archive["opfulgt"] != ""]
    assert 0.3 < len(followed) / len(archive) < 0.6
    assert (pd.to_datetime(followed) > created[followed.index]).all()


def test_units_belong_to_their_area(archive: pd.DataFrame) -> None:
    units = {area.name: set(area.units) for area in AREAS}
    for area, unit in zip(archive["område"], archive["enhed"], strict=True):
        assert unit in units[area]
    assert archive["enhed"].nunique() == sum(len(area.units) for area in AREAS)


def test_goal_texts_vary(archive: pd.DataFrame) -> None:
    texts = archive["målformulering"]
    assert texts.nunique() / len(texts) > 0.7
    assert texts.str.len().between(15, 400).all()
    assert texts.str.contains("\n- ").any() and texts.str.match(r"^[a-zæøå]").any()  # bullets, lower-case starts


def test_some_goals_carry_synthetic_personal_data_that_masking_finds(archive: pd.DataFrame) -> None:
    masked = archive["målformulering"].map(mask_pii)
    for mask in ("[NAVN]", "[CPR]", "[TELEFON]"):
        assert masked.str.contains(mask, regex=False).any(), mask
    assert (masked != archive["målformulering"]).mean() < 0.2


def test_dates_in_goals_lie_after_the_goal_was_written() -> None:
    frame = synthetic_archive(2000, seed=5)
    years = frame["målformulering"].str.extract(r"senest \d+\. \w+ (\d{4})")[0].dropna().astype(int)
    created = pd.to_datetime(frame.loc[years.index, "oprettet"]).dt.year
    assert len(years) > 20 and (years >= created).all()


def test_no_rows_is_an_empty_archive_with_the_columns() -> None:
    assert list(synthetic_archive(0).columns) == list(COLUMNS)
    with pytest.raises(ValueError, match="negative"):
        synthetic_archive(-1)


def test_start_date_and_span_can_be_chosen() -> None:
    frame = synthetic_archive(200, seed=1, start=date(2020, 1, 1), years=1)
    assert frame["oprettet"].min() >= "2020-01-01" and frame["oprettet"].max() < "2021-01-01"
