"""``goaltext analyze``: one goal or a file, JSON lines in input order."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from goaltext.cli import app

runner = CliRunner()


def test_analyze_one_goal_prints_one_json_line() -> None:
    result = runner.invoke(app, ["analyze", "Der følges op efter 4 mdr.", "--reference-date", "2026-01-15"])
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    row = json.loads(line)
    assert row["horizon"] == "P4M" and row["reference_date"] == "2026-01-15"


def test_analyze_a_jsonl_file_echoes_ids_in_input_order(tmp_path: Path) -> None:
    goals = tmp_path / "goals.jsonl"
    rows = [{"id": f"m{n}", "text": f"Borgeren går {n} km inden jul"} for n in range(5)] + [{"id": 9, "text": ""}]
    goals.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", "--input", str(goals), "--reference-date", "2026-01-15"])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in out] == [r["id"] for r in rows]
    assert out[0]["horizon"] == "2026-12-24"


def test_analyze_a_text_file_one_goal_per_line(tmp_path: Path) -> None:
    goals = tmp_path / "goals.txt"
    goals.write_text("\ufeffSelv i bad\n\nmere trivsel\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", "--input", str(goals)])
    assert result.exit_code == 0
    assert [json.loads(line)["text"] for line in result.stdout.splitlines()] == ["Selv i bad", "mere trivsel"]


def test_bad_input_gives_a_clear_danish_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": 1, "text": "ok"}\n{not json}\n', encoding="utf-8")
    result = runner.invoke(app, ["analyze", "--input", str(broken)], env={"COLUMNS": "400"})
    assert result.exit_code != 0
    unwrapped = " ".join(result.output.replace("│", " ").split())  # the error box may wrap long paths
    assert "broken.jsonl:2" in unwrapped and "ikke gyldig JSON" in unwrapped
    assert "Traceback" not in result.output


def test_a_bad_reference_date_is_refused() -> None:
    result = runner.invoke(app, ["analyze", "x", "--reference-date", "1/6-26"])
    assert result.exit_code != 0 and "ÅÅÅÅ-MM-DD" in result.output
