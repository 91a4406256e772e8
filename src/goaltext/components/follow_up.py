"""FOLLOW_UP: words that announce a follow-up or evaluation ("Der følges op")."""

from __future__ import annotations

from spacy.language import Language

from goaltext.components.base import LexiconExtractor


class FollowUpExtractor(LexiconExtractor):
    """Marks follow-up cues; the time extractor reads them to assign roles."""

    lexicon = "follow_up_cue"
    label = "FOLLOW_UP"


@Language.factory("goaltext_follow_up")
def make_follow_up(nlp: Language, name: str) -> FollowUpExtractor:
    return FollowUpExtractor(nlp, name)
