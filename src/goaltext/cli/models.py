"""``goaltext train`` and ``goaltext evaluate``: the label models from the corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from goaltext.cli.app import app
from goaltext.cli.files import read_jsonl

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "annotations" / "corpus.jsonl"
MODELS = ROOT / "models"


def read_records(path: Path) -> list[dict]:
    return [record for _, record in read_jsonl(path)]


@app.command()
def train(
    corpus: Annotated[Path, typer.Option(help="Det annoterede korpus (JSONL).")] = CORPUS,
    output: Annotated[Path, typer.Option(help="Mappe til model og modelkort.")] = MODELS,
) -> None:
    """Træn modellerne fra korpusset (deterministisk), vælg modelfamilie på dev, og skriv modelkortet."""
    from goaltext import Analyzer
    from goaltext.classify.artefact import CHECKSUMS
    from goaltext.classify.card import card_markdown
    from goaltext.classify.train import card_header, compare_families, evaluate, model_card

    console = Console(stderr=True)
    records = read_records(corpus)
    rules = Analyzer(base="blank", model="rules")
    console.print(f"train: {len(records)} mål; sammenligner modelfamilier på dev ...")
    family, comparison, model = compare_families(rules, records)
    model.save(output, card_header(records))  # the figures follow once the saved model is evaluated
    trained = Analyzer(base="blank", model=str(output))
    dev = evaluate(trained, [r for r in records if r["split"] == "dev"])
    test = evaluate(trained, [r for r in records if r["split"] == "test"])
    card = model_card(records, family, comparison, dev, test, model.direction_temperature)
    saved = json.loads((output / "card.json").read_text(encoding="utf-8"))
    card.update({key: saved[key] for key in ("versions", *CHECKSUMS)})
    (output / "card.json").write_text(json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    agreement_file = corpus.parent / "double" / "agreement.json"
    agreement = json.loads(agreement_file.read_text(encoding="utf-8")) if agreement_file.is_file() else None
    (output / "README.md").write_text(card_markdown(card, agreement), encoding="utf-8")
    console.print(f"train: valgt {family}; model og modelkort skrevet til {output}")
    _print_metrics(Console(), "dev", dev)
    _print_metrics(Console(), "test", test)


@app.command()
def evaluate(
    split: Annotated[str, typer.Option(help="Split i korpusset: train, dev eller test.")] = "dev",
    input: Annotated[Path | None, typer.Option("--input", "-i", help="Andet annoteret JSONL-sæt.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Skriv tallene som JSON hertil.")] = None,
    model: Annotated[str, typer.Option(help="auto, rules eller en modelmappe.")] = "auto",
) -> None:
    """Præcision, genkaldelse og F1 pr. etiket, forvekslingsmatricer, horisont-match og retningsnøjagtighed."""
    from goaltext import Analyzer
    from goaltext.classify.train import evaluate as run_evaluation

    if input is not None:
        records, name = read_records(input), input.name
    else:
        if split not in {"train", "dev", "test"}:
            raise typer.BadParameter("split skal være train, dev eller test", param_hint="--split")
        records, name = [r for r in read_records(CORPUS) if r["split"] == split], split
    metrics = run_evaluation(Analyzer(base="blank", model=model), records)
    _print_metrics(Console(), name, metrics)
    target = output or (MODELS / f"evaluation-{name.removesuffix('.jsonl')}.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    Console(stderr=True).print(f"evaluate: tallene er skrevet til {target}")


def _print_metrics(console: Console, name: str, metrics: dict) -> None:
    table = Table(title=f"{name}: {metrics['items']} mål ({metrics['pipeline']['labeler']})")
    for column in ("etiket", "præcision", "genkaldelse", "F1", "forvekslingsmatrix [[TN, FP], [FN, TP]]"):
        table.add_column(column)
    for label, scores in metrics["labels"].items():
        table.add_row(
            label,
            f"{scores['precision']:.3f}",
            f"{scores['recall']:.3f}",
            f"{scores['f1']:.3f}",
            str(scores["confusion_matrix"]),
        )
    console.print(table)
    console.print(
        f"horisont eksakt match: {metrics['horizon_exact_match']:.3f} ({metrics['horizon_items']} mål)   "
        f"retningsnøjagtighed: {metrics['direction_accuracy']:.3f} ({metrics['direction_items']} mål; "
        f"{metrics['direction_accuracy_found']:.3f} af de {metrics['direction_items_found']}, "
        "hvor en konsekvens blev fundet)"
    )
    for row in metrics.get("direction_reliability", []):
        console.print(
            f"retninger med sandsynlighed ≥ {row['at_least']:.1f}: {row['share'] * 100:.0f} % af de fundne, "
            f"{row['accuracy']:.3f} rigtige"
        )
