"""The stored notebooks show the verdicts their check cells should show.

* every solutions notebook: each check says "Right", and there are as many verdicts
  as check calls in its source, so a check that silently vanished (an output lost,
  a call turned into an assignment) fails;
* every chapter notebook: each exercise's check cell, run on the untouched template,
  says "Not attempted yet" and gives no hint (a check that cannot fail would say
  "Right" there, and a hint shown before any attempt could give the answer away); a
  check cell before the exercises either demonstrates a caught bug ("Not yet") or checks
  a step the learner builds ("Not attempted yet").

Both read the stored notebooks, which strict nbval proves are what running them gives.
"""

import ast
import re
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
SOLUTIONS = sorted((NOTEBOOKS / "solutions" / "src").glob("*.py"))
CHAPTERS = sorted(p for p in (NOTEBOOKS / "src").glob("[0-9]*.py")
                  if "check." in p.read_text(encoding="utf-8"))


def is_check_call(node):
    """``check.<exercise>(...)``: a notebook imports its chapter's checks as ``check``."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name) and node.func.value.id == "check")


def ends_with_check(statements):
    return (bool(statements) and isinstance(statements[-1], ast.Expr)
            and is_check_call(statements[-1].value))


def stored(src):
    return nbformat.read(src.parent.parent / f"{src.stem}.ipynb", as_version=4)


def shown_text(output):
    text = (output.get("data", {}).get("text/plain", "")
            if output.output_type == "execute_result" else "")
    return text if isinstance(text, str) else "".join(text)


def check_cell_outputs(nb):
    """The displayed result of every code cell whose last line is a check call."""
    found = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            statements = ast.parse(cell.source).body
        except SyntaxError:      # an IPython magic: no check there
            continue
        if ends_with_check(statements):
            results = [shown_text(o) for o in cell.outputs if o.output_type == "execute_result"]
            assert len(results) == 1, f"the check cell shows no verdict:\n{cell.source}"
            found.append(results[0])
    return found


def test_the_notebooks_are_found():
    # chapters 01-07 at least; every chapter with exercises has its solutions notebook
    assert len(SOLUTIONS) >= 7 and len(CHAPTERS) == len(SOLUTIONS)


@pytest.mark.parametrize("src", SOLUTIONS, ids=lambda p: p.stem)
def test_every_check_in_a_solutions_notebook_says_right(src):
    calls = [node for node in ast.walk(ast.parse(src.read_text(encoding="utf-8")))
             if is_check_call(node)]
    verdicts = [text for cell in stored(src).cells if cell.cell_type == "code"
                for text in map(shown_text, cell.outputs)
                if text.startswith(("Right:", "Not yet.", "Not attempted yet:"))]
    assert calls, f"{src.name} checks nothing"
    assert len(verdicts) == len(calls), (
        f"{src.name} calls {len(calls)} checks but its notebook shows {len(verdicts)} verdicts")
    for text in verdicts:
        assert text.startswith("Right: "), text


@pytest.mark.parametrize("src", CHAPTERS, ids=lambda p: p.stem)
def test_every_exercise_check_says_not_attempted_to_the_template(src):
    text = src.read_text(encoding="utf-8")
    cells = [cell for cell in re.split(r"^# %%.*$", text, flags=re.M)
             if ends_with_check(ast.parse(cell).body)]
    exercises_start = text.find("\n# ## Exercises")
    in_exercises = [exercises_start != -1 and text.find(cell) > exercises_start for cell in cells]
    verdicts = check_cell_outputs(stored(src))
    assert cells and len(verdicts) == len(cells)
    for exercise, verdict in zip(in_exercises, verdicts):
        if exercise:
            assert verdict.startswith("Not attempted yet: ") and "Hint" not in verdict, verdict
        else:   # a demonstration of a caught bug, or a step the learner builds
            assert verdict.startswith("Not yet. Hint: ") or (
                verdict.startswith("Not attempted yet: ") and "Hint" not in verdict), verdict
