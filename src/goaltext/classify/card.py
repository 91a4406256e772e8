"""The human-readable model card (models/README.md), written from card.json."""

from __future__ import annotations

from typing import Any

LABELS = ("measurable", "time_horizon", "service_consequence")


def _found(scores: dict[str, Any]) -> str:
    """The direction accuracy over the goals where a consequence was found too."""
    return f"{scores['direction_accuracy_found']:.3f} of the {scores['direction_items_found']} where one was found"


def _reliability(scores: dict[str, Any]) -> str:
    """The found directions by their probability: how many reach each
    threshold and how many of those are right."""
    rows = scores.get("direction_reliability") or []
    if not rows:
        return ""
    lines = ["", "| direction probability at least | share of the found | right |", "|---|---|---|"]
    lines += [f"| {r['at_least']:.1f} | {r['share']:.0%} | {r['accuracy']:.3f} |" for r in rows]
    return "\n".join(lines) + "\n"


def _figures(scores: dict[str, Any]) -> str:
    rows = [
        "| label | precision | recall | F1 | Brier | confusion [[TN, FP], [FN, TP]] |",
        "|---|---|---|---|---|---|",
    ]
    for name, s in scores["labels"].items():
        rows.append(
            f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['brier']:.3f} "
            f"| {s['confusion_matrix']} |"
        )
    return "\n".join(rows)


def card_markdown(card: dict[str, Any], agreement: dict[str, Any] | None = None) -> str:
    comparison = [
        "| family | measurable F1 | time_horizon F1 | service_consequence F1 | mean |",
        "|---|---|---|---|---|",
    ]
    for family, scores in card["comparison_dev"].items():
        f1 = [scores[name]["f1"] for name in LABELS]
        comparison.append(f"| {family} | " + " | ".join(f"{x:.3f}" for x in f1) + f" | {sum(f1) / 3:.3f} |")
    kappa = (
        "/".join(str(agreement["labels"][name]["kappa"]) for name in LABELS)
        if agreement
        else "see annotations/README.md"
    )
    direction_agreement = f"{agreement['direction_agreement']:.1%}" if agreement else "?"
    dev, test = card["dev"], card["test"]
    return f"""# Model card: goaltext-labels

The label models behind `goaltext.analyze`: one calibrated linear classifier
per label (measurable, time_horizon, service_consequence) and a multinomial
logistic regression for the consequence direction, which also reads the
sentence of the main consequence and the rules' directions. A clause
classifier (the locator) scores each clause of a goal for stating the
consequence: the best clause's score is a feature of the consequence label,
and where no rule finds the consequence, the direction model reads the
sentence of that clause. The machine-readable card
is `card.json`; `goaltext train` rewrites both (and the artefact) from
`annotations/corpus.jsonl`, deterministically.

| | |
|---|---|
| artefact | `goaltext-labels.skops` (skops, never pickle; sha256 in `card.json`): the scikit-learn models |
| serving form | `goaltext-labels.npz` (the same weights as plain arrays, read without pickle; sha256 in `card.json`) |
| trained | {card["trained"]} on {card["training_items"]} goals (`split=train`) |
| training data sha256 | `{card["training_data_sha256"]}` |
| features | {card["features"]} |
| calibration | {card["calibration"]} |
| chosen family | `{card["family"]}` |
| versions | {", ".join(f"{k} {v}" for k, v in card["versions"].items())} |

Loading refuses the model when the installed versions of these libraries
differ from the card, when a file's checksum differs from the card, or when
the skops file holds types outside scikit-learn, NumPy and SciPy: a model
read by another scikit-learn may silently predict differently.
`pyproject.toml` pins the same versions. The pipeline serves with the `.npz`
form and NumPy alone (a whole batch of goals in a few array operations), so
analysing never imports scikit-learn or SciPy (about 150 MB per process);
a test checks that it gives scikit-learn's answers.

## How the family was chosen (dev split)

{chr(10).join(comparison)}

Chosen by {card["why_this_family"]}. The rules baseline is the extractors'
evidence alone (goaltext's rule labeler).

## Decisions around the model
- Time horizon and service consequence: a deadline/follow-up span or a
  consequence span found by the rules counts as positive even when the model
  doubts it (these spans are what the label spec defines the labels by; no
  F1 was lost on dev). Measurability is the model's alone.
- Direction: the direction model's whenever a model is installed (it weighs
  the rules' directions among its features; on the 145 dev goals where the
  rules found a consequence span it gets 0.938 of the directions right,
  against 0.869 for the span's own direction). The consequence span keeps
  the rule's own direction as evidence.
- Direction probability: the softmax of the direction model's scores,
  divided by a temperature ({card.get("direction_temperature", 1.0):.2f}) fitted by log loss on its
  out-of-fold scores over the training goals (5 folds). The raw softmax is
  overconfident: in 5-fold cross-validation on the original train and dev
  goals its mean was 0.95 where 0.91 of the directions were right; tempered,
  0.90. So a quality team can count the sure directions and check the rest
  by hand (the tables under Figures).
- Locator: a logistic regression over the clauses of the training goals (does
  this clause overlap an annotated consequence span?), on the same n-grams.
  The models train on its out-of-fold answers, so they learn from the
  locator's mistakes as they will meet them.
  - Its best clause's score (log-odds) is an evidence feature of the
    consequence label only (a consequence stated in one clause of a long goal
    is diluted in the goal's n-grams). 5-fold cross-validation on the
    original train and dev goals cut that label's errors from 57 to 43
    (fold seed 0; no fold worse).
  - For a goal with a consequence and no rule span (about one in ten), the
    direction model reads the sentence of the best clause. 5-fold
    cross-validation on train and dev, three fold seeds: direction 0.869 to
    0.875, 0.893 to 0.904 and 0.895 to 0.904, 13 of 15 folds better and none
    worse; reading the located clause alone instead of its sentence gave no gain.
- Word block of the direction model: the word 1-3-grams of the focus
  sentence (TF-IDF, weight 2). The character n-grams see words and their
  parts; the word grams see how they are put together ("visiteres op fra",
  "ikke længere behov", "tager over"). 5-fold cross-validation on the 931
  original train and dev goals with a consequence, three fold seeds:
  direction 0.904 / 0.901 / 0.903 without it, 0.907 / 0.909 / 0.910 with it
  (every seed better; weights 1 and 3 gave 0.906, and replacing lexicon words
  by their lexicon's name 0.907).
- Text features: each word's n-grams are weighed on their own and the goal
  is the sum of its words (scaled as if no two words shared an n-gram), so
  serving scores a goal from its words' cached sums. In 5-fold
  cross-validation on the original train and dev goals this gives the same
  figures as TF-IDF over the whole text, within four goals of 1,882.
- Cues: each decision names the evidence features that weighed most, in
  Danish (n-grams of at most five characters are word fragments, not cues).

## Figures

### dev ({dev["items"]} goals)
{_figures(dev)}

Horizon exact match {dev["horizon_exact_match"]:.3f} ({dev["horizon_items"]} goals with a horizon);
direction accuracy {dev["direction_accuracy"]:.3f} ({dev["direction_items"]} goals with a consequence;
{_found(dev)}).
{_reliability(dev)}
### test ({test["items"]} goals, touched only for these final figures)
{_figures(test)}

Horizon exact match {test["horizon_exact_match"]:.3f} ({test["horizon_items"]} goals);
direction accuracy {test["direction_accuracy"]:.3f} ({test["direction_items"]} goals; {_found(test)}).
Direction accuracy counts every goal whose gold label has a consequence: a
missed consequence counts as a wrong direction. The second figure counts
only the goals where a consequence was found too.
{_reliability(test)}
## Limits
- The corpus is synthetic: written by five independent writers from the
  guidelines and double-annotated on a sample of 300 (Cohen's kappa
  {kappa} for the three labels); twenty more writers added a training
  supplement (train only; dev and test are unchanged; half weight in the
  label models), whose consequences and directions were all annotated a
  second time, as were those of every original goal, in all splits (52
  goals corrected after adjudication; see annotations/README.md). Real
  archives will differ; evaluate on an annotated sample of your own with
  `goaltext evaluate --input your.jsonl` before relying on these figures.
- Direction accuracy is below the 0.90 target on test: reduce versus end (a
  part of the service stopping versus all of it) and a takeover by another
  public offer versus an end are the main confusions; the two annotators
  themselves agreed on the direction in {direction_agreement} of the sample.
  Count the directions with a probability of at least 0.8 and check the
  others by hand.
"""
