"""Direction features: whether the rest of the help goes on, or what stops is
all the help there is (label-spec Directions; GUIDELINES 24), read in the
whole goal, also where the rules found no consequence span."""

from __future__ import annotations

import pytest

from goaltext import Analyzer
from goaltext.classify.features import DIRECTION_INDEX, direction_inputs


@pytest.fixture(scope="module")
def rules() -> Analyzer:
    return Analyzer(base="blank", model="rules")


@pytest.mark.parametrize(
    ("text", "rest_continues", "whole_service"),
    [
        # A part stops while the rest goes on: reduce.
        ("Middagsbesøget bortfalder tirsdag. Øvrige besøg fortsætter som nu.", 1.0, 0.0),
        ("Ledsagelsen til møderne stopper, men samtalerne fortsætter.", 1.0, 0.0),
        ("Tøjvasken udgår fra 1/10; den resterende hjælp er uændret.", 1.0, 0.0),
        # What stops is all the help there is: end, even for a single task.
        ("Tøjvasken stopper fra 1/10. Gerda har ingen anden hjælp fra hjemmeplejen.", 0.0, 1.0),
        ("Indkøbsordningen stopper helt, når Aksel selv kan bestille varer på nettet.", 0.0, 1.0),
        ("så I behøver ikke komme mere. det var det eneste I hjalp med", 0.0, 1.0),
        # No consequence span for the rules, and the cue is still read.
        ("Jeg vil klare mig uden bostøtten. Jeg har ikke brug for al hjælp fra jer.", 0.0, 1.0),
        # Traps: neither cue.
        ("Borgeren skal fortsat have hjælp til bad to gange om ugen.", 0.0, 0.0),
        ("Bostøtten afsluttes ved udgangen af juni.", 0.0, 0.0),
        ("Borger kan selv gå i bad inden 1/6.", 0.0, 0.0),
    ],
)
def test_the_whole_goal_says_whether_the_rest_goes_on(
    rules: Analyzer, text: str, rest_continues: float, whole_service: float
) -> None:
    _, features = direction_inputs([text], rules.evidence([text]))
    assert features[0, DIRECTION_INDEX["text_rest_continues"]] == rest_continues
    assert features[0, DIRECTION_INDEX["text_whole_service"]] == whole_service


def test_the_consequence_sentence_and_what_follows_it_have_their_own_columns(rules: Analyzer) -> None:
    text = "Borgeren handler selv ind. Indkøbshjælpen stopper herefter helt. Øvrige besøg fortsætter."
    _, features = direction_inputs([text], rules.evidence([text]))
    row = features[0]
    assert row[DIRECTION_INDEX["main_none"]] == 0.0  # the rules found the span
    assert row[DIRECTION_INDEX["sentence_whole_service"]] == 1.0
    assert row[DIRECTION_INDEX["sentence_rest_continues"]] == 0.0  # another sentence
    assert row[DIRECTION_INDEX["onwards_rest_continues"]] == 1.0
