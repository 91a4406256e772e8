"""The goaltext pipeline: the Danish base pipeline plus goaltext's components.

The base is ``da_core_news_sm`` when it is installed (the ``da`` extra) and
otherwise ``spacy.blank("da")`` with the lookup lemmas from
``spacy-lookups-data``. Nothing is ever downloaded. The component order is
declared once, in ``COMPONENTS``.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from itertools import islice
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import goaltext.components  # noqa: F401  (registers the factories)
from goaltext.collector import collector_paused
from goaltext.evidence import STATE_KEY, Evidence, GoalState, finalise_evidence, state_of
from goaltext.schema import Analysis, Context, Suggestion
from goaltext.suggest import Catalogue, load_catalogue, suggestions_for
from goaltext.summary import to_analysis

# Order matters: follow-up cues decide time roles; consequences claim their
# hours before the time and criterion extractors look; vague words come last
# so they do not mark words already explained. One labeler then reads
# everything: the trained classifier when a model is installed, else the rules.
EXTRACTORS: tuple[str, ...] = (
    "goaltext_follow_up",
    "goaltext_consequence",
    "goaltext_time",
    "goaltext_criterion",
    "goaltext_vague",
)
RULE_LABELER = "goaltext_labeler"
MODEL_LABELER = "goaltext_classifier"
COMPONENTS: tuple[str, ...] = (*EXTRACTORS, RULE_LABELER)
BASE_ENV = "GOALTEXT_BASE"  # "blank" forces the fallback even when da_core_news_sm is installed
FALLBACK_NAME = "blank:da+lookups"

GoalInput = str | tuple[str, Context | Mapping[str, Any] | None]


def load_base(preferred: str | None = None) -> tuple[Language, str]:
    """The Danish base pipeline and a name saying which one it is."""
    choice = preferred or os.environ.get(BASE_ENV, "auto")
    if choice != "blank":
        try:
            import da_core_news_sm  # type: ignore[import-not-found]
        except ImportError:
            if choice == "da_core_news_sm":
                raise
        else:
            nlp = da_core_news_sm.load(exclude=["parser", "ner"])
            return nlp, f"da_core_news_sm {nlp.meta.get('version', '')}".strip()
    nlp = spacy.blank("da")
    # spaCy's lookup lemmas from spacy-lookups-data (installed, never
    # downloaded), held in a compact table: see components/lemmatizer.py.
    nlp.add_pipe("goaltext_lookup_lemmatizer", name="lemmatizer")
    return nlp, FALLBACK_NAME


def build_pipeline(preferred: str | None = None, model: str | None = "auto") -> tuple[Language, str]:
    """The base pipeline with the extractors and one labeler.

    ``model``: "auto" uses a trained model when one is found, "rules" never
    does, anything else is the folder of the model to use (and must load).
    """
    from goaltext.classify import default_model_dir

    nlp, name = load_base(preferred)
    for component in EXTRACTORS:
        nlp.add_pipe(component)
    model_dir = None if model == "rules" else (default_model_dir() if model in (None, "auto") else model)
    if model_dir is None:
        nlp.add_pipe(RULE_LABELER)
    else:
        nlp.add_pipe(MODEL_LABELER, config={"model_dir": str(model_dir)})
    return nlp, name


def usable_cores() -> int:
    """How many CPU cores this process may use (its affinity, where the OS has one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def as_context(context: Context | Mapping[str, Any] | None, reference_date: date | str | None) -> Context:
    """Merge the explicit reference date into the case context."""
    if context is None:
        merged = Context()
    elif isinstance(context, Context):
        merged = context
    else:
        merged = Context.model_validate(dict(context))
    if reference_date is not None:
        merged = merged.model_copy(
            update={"reference_date": Context.model_validate({"reference_date": reference_date}).reference_date}
        )
    return merged


class Analyzer:
    """Holds the loaded pipeline; analyses one goal or many."""

    def __init__(
        self, base: str | None = None, catalogue: Catalogue | str | None = None, model: str | None = "auto"
    ) -> None:
        self.nlp, self.base_name = build_pipeline(base, model)
        self.model_setting = model
        self.catalogue = catalogue if isinstance(catalogue, Catalogue) else load_catalogue(catalogue)
        # The vocabulary, lookup tables and compiled rules live as long as the
        # process; moving them out of the collector's reach keeps each
        # collection small (about 40 % more goals/s on long batches).
        gc.freeze()

    @property
    def pipeline_name(self) -> str:
        return self.base_name

    def info(self) -> dict[str, Any]:
        """What is loaded: base pipeline, components and the labeler in use."""
        labeler = self.nlp.get_pipe(self.nlp.pipe_names[-1])
        return {
            "catalogue": self.catalogue.info(),
            "pipeline": self.pipeline_name,
            "components": [name for name in self.nlp.pipe_names if name.startswith("goaltext_")],
            "labeler": getattr(labeler, "description", "rules"),
        }

    def _doc(self, text: str, context: Context, labels_only: bool = False) -> Doc:
        if not isinstance(text, str):
            raise TypeError(f"a goal statement must be a string, not {type(text).__name__}")
        doc = self.nlp.make_doc(text)
        doc.user_data[STATE_KEY] = GoalState(text, context, labels_only=labels_only)
        return doc

    def analyze(
        self,
        text: str,
        reference_date: date | str | None = None,
        context: Context | Mapping[str, Any] | None = None,
    ) -> Analysis:
        """Analyse one goal statement."""
        doc = self.nlp(self._doc(text, as_context(context, reference_date)))
        return to_analysis(doc, self.pipeline_name)

    def _docs(
        self, items: Iterable[GoalInput], reference_date: date | str | None, labels_only: bool = False
    ) -> Iterator[Doc]:
        """Docs carrying their context: an item is a text or a (text, context)
        pair; ``reference_date`` applies to items without one."""
        default = as_context(None, reference_date)
        for item in items:
            if isinstance(item, tuple):
                text, context = item
                merged = as_context(context, reference_date) if context is not None else default
                yield self._doc(text, merged, labels_only)
            else:
                yield self._doc(item, default, labels_only)

    def evidence(self, items: Iterable[GoalInput]) -> list[list[Evidence]]:
        """The extractors' evidence for many goals (the input to training)."""
        docs = self._docs(items, None)
        extractors = [name for name in self.nlp.pipe_names if name in EXTRACTORS or not name.startswith("goaltext_")]
        with self.nlp.select_pipes(enable=extractors):
            return [finalise_evidence(doc) for doc in self.nlp.pipe(docs, batch_size=256)]

    def label_values(self, items: Iterable[GoalInput]) -> list[dict[str, bool]]:
        """Only the three label decisions of many goals, in input order: what
        checking a rewrite needs, without building the full analyses."""
        with collector_paused():
            return [
                {name: decision.value for name, decision in (state_of(doc).labels or {}).items()}
                for doc in self.nlp.pipe(self._docs(items, None, labels_only=True), batch_size=256)
            ]

    def suggest(
        self,
        text: str,
        reference_date: date | str | None = None,
        context: Context | Mapping[str, Any] | None = None,
        analysis: Analysis | None = None,
    ) -> list[Suggestion]:
        """Ranked rewrites that add what the goal is missing (see goaltext.suggest)."""
        merged = as_context(context, reference_date)
        if analysis is None:
            analysis = self.analyze(text, context=merged)
        return suggestions_for(self, analysis, merged, self.catalogue)

    def pipe(
        self,
        texts: Iterable[GoalInput],
        batch_size: int = 256,
        n_process: int = 1,
        reference_date: date | str | None = None,
    ) -> Iterator[Analysis]:
        """Analyse many goals, in input order. An item is a text or a
        (text, context) pair; ``reference_date`` applies to items without one.
        ``n_process`` > 1 spreads batches over worker processes; 0 or less
        takes one per core this process may use."""
        if n_process != 1:
            yield from self._pipe_parallel(texts, batch_size, n_process, reference_date)
            return
        docs = self.nlp.pipe(self._docs(texts, reference_date), batch_size=batch_size)
        name = self.pipeline_name  # a property: read once, not per goal
        while True:
            # A batch is analysed with the cyclic collector paused (see
            # goaltext.collector); the caller's code runs with it on.
            with collector_paused():
                batch = [to_analysis(doc, name) for doc in islice(docs, batch_size)]
            if not batch:
                return
            yield from batch

    def _pipe_parallel(
        self, texts: Iterable[GoalInput], batch_size: int, n_process: int, reference_date: date | str | None
    ) -> Iterator[Analysis]:
        """Chunks to worker processes, each with its own pipeline; order kept.

        Docs carry Python objects spaCy's own multiprocessing cannot serialise,
        so the workers return finished Analysis objects instead.
        """
        workers = n_process if n_process > 0 else usable_cores()
        chunks = _chunks(texts, batch_size)
        setup = (self.base_name, self.model_setting)
        with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=setup) as pool:
            pending = []
            for chunk in chunks:
                pending.append(pool.submit(_analyze_chunk, chunk, reference_date))
                if len(pending) >= workers * 2:
                    yield from pending.pop(0).result()
            for future in pending:
                yield from future.result()


def _chunks(items: Iterable[GoalInput], size: int) -> Iterator[list[GoalInput]]:
    chunk: list[GoalInput] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


_WORKER: Analyzer | None = None


def _init_worker(base_name: str, model: str | None) -> None:
    global _WORKER
    _WORKER = Analyzer("blank" if base_name == FALLBACK_NAME else None, model=model)


def _analyze_chunk(chunk: list[GoalInput], reference_date: date | str | None) -> list[Analysis]:
    assert _WORKER is not None
    return list(_WORKER.pipe(chunk, batch_size=len(chunk), reference_date=reference_date))
