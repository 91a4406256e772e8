"""VAGUE: words that leave a goal unmeasured ("bedre", "øget trivsel")."""

from __future__ import annotations

from spacy.language import Language

from goaltext.components.base import LexiconExtractor


class VagueExtractor(LexiconExtractor):
    """Marks vague words not already part of a time, criterion or consequence."""

    lexicon = "vague_word"
    label = "VAGUE"
    skip_overlapping = frozenset({"TIME", "CRITERION", "CONSEQUENCE"})


@Language.factory("goaltext_vague")
def make_vague(nlp: Language, name: str) -> VagueExtractor:
    return VagueExtractor(nlp, name)
