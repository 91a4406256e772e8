"""Lookup lemmas from spacy-lookups-data, held compactly.

spaCy's own lookup lemmatizer keeps the Danish table (about 550,000 word
forms) as a Python dict of strings, about 185 MB of memory, and makes one
Python call per token. The same table as two sorted arrays of string hashes
(form -> lemma) takes under 10 MB, and a batch of docs is lemmatised with one
vectorised search. The lemmas are the same ones spaCy's lookup mode gives
(tests compare them token by token); only the container differs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

import numpy as np
from spacy.attrs import LEMMA, ORTH
from spacy.language import Language
from spacy.lookups import load_language_data
from spacy.strings import StringStore, get_string_id
from spacy.tokens import Doc
from spacy.util import registry


class LemmaTableError(RuntimeError):
    """The lookup table for the language is not installed."""


class CompactLookupTable:
    """Form hash -> lemma hash as two sorted uint64 arrays; the lemma strings
    live in the vocabulary's StringStore, where spaCy looks them up."""

    def __init__(self, forms: np.ndarray, lemmas: np.ndarray) -> None:
        order = np.argsort(forms, kind="stable")
        self.forms = forms[order]
        self.lemmas = lemmas[order]

    @classmethod
    def from_lookups(cls, lang: str, table: str, strings: StringStore) -> CompactLookupTable:
        """Read the table from spacy-lookups-data (installed, never downloaded)."""
        tables = registry.lookups.get(lang) if lang in registry.lookups else {}
        if table not in tables:
            raise LemmaTableError(
                f"no {table!r} table for {lang!r}: install spacy-lookups-data (it is a dependency of goaltext)"
            )
        data: dict[str, str] = load_language_data(tables[table])
        forms = np.fromiter((get_string_id(form) for form in data), dtype=np.uint64, count=len(data))
        lemmas = np.fromiter((strings.add(lemma) for lemma in data.values()), dtype=np.uint64, count=len(data))
        return cls(forms, lemmas)

    def lemmatize(self, orths: np.ndarray) -> np.ndarray:
        """The lemma hash of each form hash; a form not in the table is its own lemma."""
        if not len(self.forms):
            return orths
        positions = np.searchsorted(self.forms, orths)
        positions[positions == len(self.forms)] = 0
        return np.where(self.forms[positions] == orths, self.lemmas[positions], orths)

    def __len__(self) -> int:
        return len(self.forms)


class CompactLookupLemmatizer:
    """Sets ``token.lemma_`` from the lookup table, a batch of docs at a time."""

    def __init__(self, nlp: Language, name: str, table: str) -> None:
        self.name = name
        self.table = CompactLookupTable.from_lookups(nlp.lang, table, nlp.vocab.strings)

    def __call__(self, doc: Doc) -> Doc:
        if len(doc):
            doc.from_array([LEMMA], self.table.lemmatize(doc.to_array(ORTH)))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        iterator = iter(docs)
        while batch := list(islice(iterator, batch_size)):
            non_empty = [doc for doc in batch if len(doc)]
            if non_empty:
                lemmas = self.table.lemmatize(np.concatenate([doc.to_array(ORTH) for doc in non_empty]))
                offset = 0
                for doc in non_empty:
                    doc.from_array([LEMMA], lemmas[offset : offset + len(doc)])
                    offset += len(doc)
            yield from batch


@Language.factory("goaltext_lookup_lemmatizer", default_config={"table": "lemma_lookup"})
def make_lookup_lemmatizer(nlp: Language, name: str, table: str) -> CompactLookupLemmatizer:
    return CompactLookupLemmatizer(nlp, name, table)
