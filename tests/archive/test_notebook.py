"""notebooks/archive_analysis.ipynb runs top to bottom (its own asserts check
that pandas and ``goaltext report`` agree), on a few hundred synthetic goals."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "archive_analysis.ipynb"
TIMEOUT_S = 300  # per cell; the whole notebook takes seconds


def test_the_archive_notebook_runs_and_agrees_with_the_report(tmp_path: Path) -> None:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code"), (
        "commit it without outputs"
    )
    NotebookClient(
        notebook, timeout=TIMEOUT_S, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    printed = "".join(
        output.get("text", "") for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs
    )
    assert "400 mål, 400 analyseret" in printed
    assert "Alle tabeller stemmer med goaltext report." in printed
