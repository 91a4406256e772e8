"""A small synthetic annotated corpus for the browser tests, in the line format
of annotations/corpus.jsonl. Spans are written as their text (and occurrence)
and get their offsets when the file is written, as annotations/build.py does.
Every goal here is invented; none describes a real citizen."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# (id, area, text, labels (measurable, time_horizon, service_consequence), horizon, consequence, spans, split)
# A span is (label, text, attributes); attributes may carry "occurrence".
ROWS: list[tuple[str, str, str, tuple[bool, bool, bool], str | None, dict | None, list[tuple], str]] = [
    (
        "syn-01",
        "§ 85",
        "Borgeren kan selv rydde op og tage opvasken mindst 3 gange om ugen. Når det er nået, nedsættes bostøtten "
        "fra 4 til 2 timer om ugen. Der følges op efter 4 måneder.",
        (True, True, True),
        "P4M",
        {"direction": "reduce", "target": "2 timer om ugen"},
        [
            ("CRITERION", "selv", {}),
            ("TIME", "mindst 3 gange om ugen", {"role": "frequency", "value": None}),
            (
                "CONSEQUENCE",
                "nedsættes bostøtten fra 4 til 2 timer om ugen",
                {"direction": "reduce", "target": "2 timer om ugen"},
            ),
            ("FOLLOW_UP", "Der følges op", {}),
            ("TIME", "efter 4 måneder", {"role": "follow_up", "value": "P4M"}),
        ],
        "test",
    ),
    (
        "syn-02",
        "§ 85",
        "Borgeren skal opnå øget trivsel og blive mere tryg i eget hjem.",
        (False, False, False),
        None,
        None,
        [("VAGUE", "øget trivsel", {}), ("VAGUE", "mere tryg", {})],
        "test",
    ),
    (
        "syn-03",
        "hjemmepleje",
        "Borgeren kan selv tage bad uden hjælp inden for 3 måneder, så hjemmeplejen kan overgå til ydelsespakke 1.",
        (True, True, True),
        "P3M",
        {"direction": "reduce", "target": "ydelsespakke 1"},
        [
            ("CRITERION", "selv", {}),
            ("CRITERION", "uden hjælp", {}),
            ("TIME", "inden for 3 måneder", {"role": "deadline", "value": "P3M"}),
            ("CONSEQUENCE", "overgå til ydelsespakke 1", {"direction": "reduce", "target": "ydelsespakke 1"}),
        ],
        "test",
    ),
    (
        "syn-04",
        "hjemmepleje",
        "Borgeren arbejder med at blive bedre til at handle ind på sigt.",
        (False, False, False),
        None,
        None,
        [("VAGUE", "bedre", {}), ("TIME", "på sigt", {"role": "vague", "value": None})],
        "test",
    ),
    (
        "syn-05",
        "Barnets Lov",
        "Barnet møder i skole alle skoledage i 8 uger i træk inden sommerferien 2026. Herefter forventes "
        "familiebehandlingen at kunne afsluttes.",
        (True, True, True),
        "2026-06-26",
        {"direction": "end", "target": "familiebehandling"},
        [
            ("CRITERION", "alle skoledage i 8 uger i træk", {}),
            ("TIME", "inden sommerferien 2026", {"role": "deadline", "value": "2026-06-26"}),
            (
                "CONSEQUENCE",
                "familiebehandlingen at kunne afsluttes",
                {"direction": "end", "target": "familiebehandling"},
            ),
        ],
        "test",
    ),
    (
        "syn-06",
        "Barnets Lov",
        "Familien skal have det bedre sammen, og indsatsen evalueres løbende.",
        (False, False, False),
        None,
        None,
        [
            ("VAGUE", "have det bedre", {}),
            ("FOLLOW_UP", "evalueres", {}),
            ("TIME", "løbende", {"role": "vague", "value": None}),
        ],
        "test",
    ),
    (
        "syn-07",
        "§ 107",
        "Borgeren er flyttet i egen lejlighed med bostøtte efter § 85 senest 1. juni 2027.",
        (True, True, True),
        "2027-06-01",
        {"direction": "transfer", "target": "§ 85"},
        [
            ("CRITERION", "er flyttet i egen lejlighed", {}),
            ("CONSEQUENCE", "med bostøtte efter § 85", {"direction": "transfer", "target": "§ 85"}),
            ("TIME", "senest 1. juni 2027", {"role": "deadline", "value": "2027-06-01"}),
        ],
        "test",
    ),
    (
        "syn-08",
        "§ 107",
        "Borgeren tager selv sin medicin morgen og aften uden påmindelse.",
        (True, False, False),
        None,
        None,
        [("CRITERION", "selv", {}), ("CRITERION", "uden påmindelse", {})],
        "test",
    ),
    (
        "syn-09",
        "beskæftigelse",
        "Borgeren møder til 80 % af de planlagte aftaler i praktikken. Der følges op efter 3 mdr.",
        (True, True, False),
        "P3M",
        None,
        [
            ("CRITERION", "80 % af de planlagte aftaler", {}),
            ("FOLLOW_UP", "Der følges op", {}),
            ("TIME", "efter 3 mdr.", {"role": "follow_up", "value": "P3M"}),
        ],
        "test",
    ),
    (
        "syn-10",
        "beskæftigelse",
        "Borgeren har fået et fleksjob på 10 timer om ugen inden for 6 måneder, og ressourceforløbet afsluttes.",
        (True, True, True),
        "P6M",
        {"direction": "end", "target": "ressourceforløb"},
        [
            ("CRITERION", "har fået et fleksjob", {}),
            ("TIME", "inden for 6 måneder", {"role": "deadline", "value": "P6M"}),
            ("CONSEQUENCE", "ressourceforløbet afsluttes", {"direction": "end", "target": "ressourceforløb"}),
        ],
        "test",
    ),
    (
        "syn-11",
        "§ 83a",
        "Øget livskvalitet og mere selvstændighed i hverdagen hurtigst muligt.",
        (False, False, False),
        None,
        None,
        [
            ("VAGUE", "Øget livskvalitet", {}),
            ("VAGUE", "mere selvstændighed", {}),
            ("TIME", "hurtigst muligt", {"role": "vague", "value": None}),
        ],
        "test",
    ),
    (
        "syn-12",
        "§ 83a",
        "Borgeren kan selv smøre mad og gå tur med rollator i løbet af de næste 8 uger.",
        (True, True, False),
        "P8W",
        None,
        [
            ("CRITERION", "selv", {}),
            ("TIME", "i løbet af de næste 8 uger", {"role": "deadline", "value": "P8W"}),
        ],
        "test",
    ),
    (
        "syn-13",
        "§ 85",
        "Borgeren betaler selv husleje og el til tiden 3 måneder i træk. Status til visitationen 1/9-26, hvor det "
        "vurderes, om bostøtten kan nedsættes til 2 timer om ugen.",
        (True, True, True),
        "2026-09-01",
        {"direction": "reduce", "target": "2 timer om ugen"},
        [
            ("CRITERION", "selv", {}),
            ("CRITERION", "3 måneder i træk", {}),
            ("FOLLOW_UP", "Status", {}),
            ("TIME", "1/9-26", {"role": "follow_up", "value": "2026-09-01"}),
            (
                "CONSEQUENCE",
                "bostøtten kan nedsættes til 2 timer om ugen",
                {"direction": "reduce", "target": "2 timer om ugen"},
            ),
        ],
        "test",
    ),
    (
        "syn-14",
        "§ 85",
        "Støtten fortsætter uændret. Der følges op efter 6 måneder.",
        (False, True, False),
        "P6M",
        None,
        [("FOLLOW_UP", "Der følges op", {}), ("TIME", "efter 6 måneder", {"role": "follow_up", "value": "P6M"})],
        "test",
    ),
    (
        "syn-15",
        "hjemmepleje",
        "Jeg vil gerne kunne klare morgenmaden selv inden jul 2026, så jeg kan få mindre hjælp.",
        (True, True, True),
        "2026-12-24",
        {"direction": "reduce", "target": None},
        [
            ("CRITERION", "selv", {}),
            ("TIME", "inden jul 2026", {"role": "deadline", "value": "2026-12-24"}),
            ("CONSEQUENCE", "få mindre hjælp", {"direction": "reduce", "target": None}),
        ],
        "test",
    ),
    (
        "syn-16",
        "Barnets Lov",
        "Den unge udvikler sig positivt og får mere ro på i skolen.",
        (False, False, False),
        None,
        None,
        [("VAGUE", "udvikler sig positivt", {}), ("VAGUE", "mere ro", {})],
        "test",
    ),
]


def span_offsets(text: str, span_text: str, occurrence: int = 0) -> tuple[int, int]:
    """[start, end) of the given occurrence; refuses a span whose text is not there."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(span_text, start + 1)
    return start, start + len(span_text)


def corpus_rows() -> list[dict[str, Any]]:
    """The corpus as dictionaries in the annotations/corpus.jsonl line format."""
    rows = []
    for goal_id, area, text, labels, horizon, consequence, spans, split in ROWS:
        built = []
        for label, span_text, attributes in spans:
            attributes = dict(attributes)
            start, end = span_offsets(text, span_text, attributes.pop("occurrence", 0))
            built.append({"label": label, "text": span_text, "start": start, "end": end, **attributes})
        rows.append(
            {
                "id": goal_id,
                "text": text,
                "reference_date": "2026-01-15",
                "area": area,
                "voice": "myndighed",
                "source": "synthetic:browser-tests",
                "labels": dict(zip(("measurable", "time_horizon", "service_consequence"), labels, strict=True)),
                "horizon": horizon,
                "consequence": consequence,
                "spans": sorted(built, key=lambda span: span["start"]),
                "split": split,
            }
        )
    return rows


def write_corpus(path: Path) -> Path:
    """Write the corpus as JSON lines and return the path."""
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in corpus_rows()), encoding="utf-8")
    return path
