"""Execute a list of cells into a committed notebook, the same way for every notebook here."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient


def write_executed(cells: list[tuple[str, str]], path: Path, *, timeout: int) -> None:
    """Run ("md" | "code", source) cells in a fresh kernel and save them with their outputs."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell(src) if kind == "md" else nbformat.v4.new_code_cell(src)
        for kind, src in cells
    ]
    NotebookClient(notebook, timeout=timeout, kernel_name="python3").execute()
    for cell in notebook.cells:  # the kernel's own start-up warnings are not results
        cell.outputs = [o for o in cell.get("outputs", []) if o.get("name") != "stderr"]
    nbformat.write(notebook, path)
