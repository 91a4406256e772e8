"""The ``goaltext_classifier`` component: labels from the trained models.

It takes the place of the rule labeler when a model is installed, keeps the
extractors' spans as evidence, and batches its work in ``pipe`` so a batch
of goals is scored with a few array operations.
"""

from __future__ import annotations

from functools import partial

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from goaltext.classify.features import CONSEQUENCE_CLAUSE, ClauseScores, direction_inputs, evidence_matrix
from goaltext.classify.inference import LinearInference
from goaltext.components.batching import BatchComponent
from goaltext.components.labeler import EvidenceGroups, LabelDecision, rule_decisions
from goaltext.evidence import finalise_evidence, state_of
from goaltext.schema import LABEL_NAMES

# A deadline/follow-up span or a consequence span *is* what the label spec
# defines these two labels by, so the rules' positive decision stands even
# when the model doubts it (no loss on dev: F1 0.963 and 0.924 either way).
# Measurability stays the model's alone (rule evidence there cost 0.013 F1).
EVIDENCE_DECIDES = frozenset({"time_horizon", "service_consequence"})


class Classifier(BatchComponent):
    """Decides the three labels (and the consequence direction) with the model."""

    def __init__(self, nlp: Language, name: str, model: LinearInference, description: str) -> None:
        self.name = name
        self.model = model
        self.description = description

    def __call__(self, doc: Doc) -> Doc:
        self.process_batch([doc])
        return doc

    def process_batch(self, docs: list[Doc]) -> None:
        states = [state_of(doc) for doc in docs]
        evidence_lists = [finalise_evidence(doc) for doc in docs]
        texts = [state.text for state in states]
        groups = [EvidenceGroups.of(evidence) for evidence in evidence_lists]
        rule_lists = [rule_decisions(group) for group in groups]
        # Cues and the direction only when some goal of the batch is analysed
        # in full (checking a suggestion needs the labels alone).
        details = not all(state.labels_only for state in states)
        lowered = [state.lowered for state in states]
        evidence = evidence_matrix(texts, evidence_lists, rule_lists, lowered)
        # The goals' words are looked up once, for the goals and their clauses.
        words = self.model.word_rows(texts, lowered)
        clause_scores = None
        if self.model.locating:
            clause_scores = ClauseScores.of(
                texts, [state.clauses for state in states], partial(self.model.score_clauses, words=words)
            )
            evidence[:, CONSEQUENCE_CLAUSE] = clause_scores.best()
        scored = self.model.score(texts, evidence, details=details, words=words)
        probabilities = scored.probabilities.tolist()
        with_consequence = []
        rows = zip(states, groups, rule_lists, probabilities, scored.cues, strict=True)
        for row, (state, group, rules, goal_probabilities, goal_cues) in enumerate(rows):
            decisions = {}
            ids = group.label_ids()
            for name, probability, label_cues in zip(LABEL_NAMES, goal_probabilities, goal_cues, strict=True):
                if name in EVIDENCE_DECIDES and rules[name].value:
                    probability = max(probability, rules[name].probability)
                decisions[name] = LabelDecision(probability >= 0.5, probability, ids[name], "model", label_cues)
            state.labels = decisions
            state.groups = group
            state.direction = None
            state.direction_probability = None
            if not state.labels_only and decisions["service_consequence"].value:
                with_consequence.append(row)
        # A direction is read only where the goal has a service consequence,
        # so only those goals get the direction inputs (the focus sentence and
        # the direction lexicons) and the direction model's extra work.
        if with_consequence:
            inputs = None
            if self.model.focused:
                chosen_texts = [texts[row] for row in with_consequence]
                chosen_evidence = [evidence_lists[row] for row in with_consequence]
                clauses = [states[row].clauses for row in with_consequence]
                # Where no rule span states the consequence, the locator
                # picks the clause that does.
                located = clause_scores.located(with_consequence, evidence_lists) if clause_scores is not None else None
                inputs = direction_inputs(chosen_texts, chosen_evidence, clauses, located)
            found = self.model.directions(scored, np.array(with_consequence), inputs)
            decided = zip(with_consequence, found.names, found.probabilities, strict=True)
            for row, direction, probability in decided:
                states[row].direction = direction
                states[row].direction_probability = probability


@Language.factory("goaltext_classifier", default_config={"model_dir": None})
def make_classifier(nlp: Language, name: str, model_dir: str | None) -> Classifier:
    from goaltext.classify import load_model

    model, description = load_model(model_dir)
    return Classifier(nlp, name, model, description)
