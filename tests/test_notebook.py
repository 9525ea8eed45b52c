"""The docs notebook walks a real policy history; it must run, top to bottom, in a real kernel."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="the test extra installs nbformat")
nbclient = pytest.importorskip("nbclient", reason="the test extra installs nbclient")
pytest.importorskip("ipykernel", reason="the test extra installs ipykernel")

NOTEBOOK = Path(__file__).resolve().parent.parent / "docs" / "history-notebook.ipynb"


@pytest.mark.slow
def test_docs_notebook_runs_and_shows_html() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
        "commit the notebook without outputs: CI executes it"
    )
    # No wall-clock timeout in the logic: timeout=None lets a slow machine finish.
    client = nbclient.NotebookClient(
        nb,
        timeout=None,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()
    html = [
        out["data"]["text/html"]
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if "data" in out and "text/html" in out["data"]
    ]
    # History timeline, Version, Assessment, Amendment redline, Since, Notice
    assert len(html) >= 6
    assert any("policydoc-timeline" in h for h in html)
    assert any("policydoc-reasons" in h for h in html)
    text = "".join(
        out.get("text", "") for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs
    )
    assert "<History " in text and "<Since " in text and "recorded version 2" in text
