"""Shared shape of a goaltext extractor: find candidates, accept some, write them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from mypy_extensions import mypyc_attr
from spacy.language import Language
from spacy.tokens import Doc

from goaltext.components.batching import BatchComponent
from goaltext.evidence import Evidence, overlaps_any, state_of
from goaltext.language import LanguageData, RuleMatch, language_data


@mypyc_attr(allow_interpreted_subclasses=True)  # compiled (setup.py); new extractors may be plain Python
class RuleExtractor(BatchComponent):
    """A pipeline component driven by one rule file in ``data/rules``.

    Subclasses say which rule file they use and decide in ``accept`` whether a
    candidate is real (the validate step) and what evidence it becomes; one
    that weighs a goal's candidates together overrides ``evidence_from``.
    """

    rule_file: ClassVar[str]

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.data: LanguageData = language_data()
        self.rules = self.data.compile_rules(self.rule_file)

    def __call__(self, doc: Doc) -> Doc:
        self.process_batch([doc])
        return doc

    def process_batch(self, docs: list[Doc]) -> None:
        # One loop over the batch, with no generator layers per doc: most
        # goals have no candidate and cost only the scan.
        finditer = self.rules.finditer
        for doc in docs:
            state = state_of(doc)
            matches = finditer(state.text, state.lowered)
            if matches:
                state.evidence.extend(self.evidence_from(doc, matches))

    def find(self, doc: Doc) -> Iterator[Evidence]:
        """The evidence this extractor finds in the doc (without writing it)."""
        state = state_of(doc)
        return iter(self.evidence_from(doc, self.rules.finditer(state.text, state.lowered)))

    def evidence_from(self, doc: Doc, matches: list[RuleMatch]) -> list[Evidence]:
        """The evidence the doc's candidates become: each ``accept``ed on its own."""
        accept = self.accept
        return [evidence for match in matches if (evidence := accept(doc, match)) is not None]

    def accept(self, doc: Doc, match: RuleMatch) -> Evidence | None:
        raise NotImplementedError


@mypyc_attr(allow_interpreted_subclasses=True)
class LexiconExtractor(BatchComponent):
    """A pipeline component that marks every phrase of one lexicon."""

    lexicon: ClassVar[str]
    label: ClassVar[str]
    skip_overlapping: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.regex = language_data().compile_lexicon(self.lexicon, prefiltered=True)

    def __call__(self, doc: Doc) -> Doc:
        self.process_batch([doc])
        return doc

    def process_batch(self, docs: list[Doc]) -> None:
        matches, label, rule, skip = self.regex.matches, self.label, self.lexicon, self.skip_overlapping
        for doc in docs:
            state = state_of(doc)
            text = state.text
            # Most goals have no phrase of the lexicon: nothing more to do for them.
            if spans := matches(text, state.lowered):
                evidence = state.evidence
                evidence.extend(
                    [
                        Evidence(start, end, label, text[start:end], rule=rule)  # type: ignore[arg-type]
                        for start, end, _ in spans
                        if not (skip and overlaps_any(evidence, start, end, skip))
                    ]
                )
