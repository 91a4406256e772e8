"""Batch-wise ``pipe`` for goaltext's components.

``nlp.pipe`` chains one generator per component. A component that takes a
batch at a time runs its own work over the whole batch before the next
component starts, so its rules and tables stay warm. Each hands the finished
batch on doc by doc and lets go of every doc as it goes: otherwise each
generator in the chain would hold on to its last batch while the caller works,
and the cyclic collector (resumed between batches, see goaltext.collector)
would traverse all those docs again for nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from mypy_extensions import mypyc_attr
from spacy.tokens import Doc


def batches(docs: Iterable[Doc], size: int) -> Iterator[list[Doc]]:
    """The docs in lists of ``size`` (the last one shorter)."""
    iterator = iter(docs)
    while batch := list(islice(iterator, size)):
        yield batch


def handed_on(batch: list[Doc]) -> Iterator[Doc]:
    """The docs of a finished batch in order, each dropped from the list as it
    is handed on, so the list is empty once the consumer has them all."""
    batch.reverse()
    while batch:
        yield batch.pop()


# Compiled (setup.py); the lookup lemmatizer, which is not, and other spaCy
# code may subclass it.
@mypyc_attr(allow_interpreted_subclasses=True)
class BatchComponent:
    """A component whose ``pipe`` works a batch at a time; subclasses that can
    do better than one doc at a time override ``process_batch``. Like
    ``__call__``, it annotates the docs in place (goaltext's components never
    replace a doc)."""

    def __call__(self, doc: Doc) -> Doc:
        raise NotImplementedError

    def process_batch(self, docs: list[Doc]) -> None:
        for doc in docs:
            self(doc)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        for batch in batches(docs, batch_size):
            self.process_batch(batch)
            yield from handed_on(batch)
