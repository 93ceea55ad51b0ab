"""Every chapter's lecture copy runs to the end in lecture mode, as Voila runs it.

In the lecture view nobody writes the predictions: every ``reveal`` builds its answer at
once (behind a "Show the answer" button) from a template still holding None.  A cell whose
answer reads the learner's value would raise there, and the projected page would show the
traceback.  (The browser test, tests/e2e/test_lecture_in_browser.py, opens chapters 06 and
08 in Voila itself; this runs them all, without a browser.)
"""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from teaching.reveal import LECTURE
from tools import lecture

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.stem)
def test_lecture_copy_runs_without_an_error(monkeypatch, notebook):
    monkeypatch.setenv(LECTURE, "1")          # the kernel inherits it, as under Voila
    copy = lecture.lecture_copy(notebook)
    nb = nbformat.read(copy, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(copy.parent)}}).execute()
    errors = [(i, out.get("ename"), out.get("evalue"))
              for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
              for out in cell.get("outputs", []) if out.output_type == "error"]
    assert not errors, f"{notebook.name} in lecture mode: {errors}"
    streams = [(i, out.text[:200]) for i, cell in enumerate(nb.cells)
               if cell.cell_type == "code" for out in cell.get("outputs", [])
               if out.output_type == "stream" and out.name == "stderr"]
    assert not streams, f"{notebook.name} in lecture mode wrote to stderr: {streams}"
