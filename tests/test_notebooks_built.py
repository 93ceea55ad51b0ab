"""The stored notebooks are what their sources say, executed top to bottom.

nbval (run on notebooks/ by the same pytest command) re-executes each stored
notebook and compares outputs; these tests make sure what it compares against
is current: built from today's source, every cell run once, in order, with
nothing written to stderr.
"""

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "notebooks").glob("**/src/*.py"))
BUILT = sorted(p for p in (ROOT / "notebooks").glob("**/*.ipynb")
               if ".ipynb_checkpoints" not in p.parts)


def built_from(src):
    return src.parent.parent / f"{src.stem}.ipynb"


def test_every_source_has_a_notebook_and_back():
    assert SOURCES, "no notebook sources found"
    assert sorted(built_from(s) for s in SOURCES) == BUILT


def test_stored_notebooks_match_their_sources():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "build_notebooks.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", BUILT, ids=lambda p: p.name)
def test_executed_top_to_bottom_without_errors_or_warnings(path):
    nb = nbformat.read(path, as_version=4)
    counts = [c.execution_count for c in nb.cells if c.cell_type == "code"]
    assert counts == list(range(1, len(counts) + 1)), "run every cell once, in order"
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.output_type != "error", cell.source[:80]
            assert not (out.output_type == "stream" and out.name == "stderr"), cell.source[:80]
