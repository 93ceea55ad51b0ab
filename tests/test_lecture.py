"""The lecture view (tools/lecture.py): no exercises, and text large enough for a room.

These tests check which cells the lecture copy keeps; tests/e2e/test_lecture_in_browser.py
measures the text as drawn (starting and stopping the server is tested in test_classroom.py).
"""

import re
from pathlib import Path

import nbformat
import pytest

from tools import lecture as lecture_module

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


@pytest.fixture()
def lecture():
    return lecture_module


def md(text):
    return nbformat.v4.new_markdown_cell(text)


def code(text):
    return nbformat.v4.new_code_cell(text)


def test_exercises_are_dropped_up_to_the_next_heading_that_is_not_one(lecture):
    cells = [md("# 9. A chapter"), md("## Idea"), code("explore()"),
             md("## Exercises\n\nTry these."), md("### Exercise 1: one"), code("checks.a(f)"),
             md("### Exercise 2: two"), code("checks.b(g)"), md("#### A hint"),
             md("## Further reading"), code("print('kept')"),
             md("## Exercise: one more"), code("checks.c(h)")]
    kept = lecture.without_exercises(cells)
    assert [c.source for c in kept] == ["# 9. A chapter", "## Idea", "explore()",
                                        "## Further reading", "print('kept')"]


def test_a_chapter_without_exercises_is_kept_whole(lecture):
    cells = [md("# 0. Start"), md("## Set-up"), code("x = 1"),
             md("Exercises come at the end of each chapter.")]
    assert lecture.without_exercises(cells) == cells


@pytest.mark.parametrize("notebook", CHAPTERS, ids=lambda p: p.stem)
def test_lecture_copy_of_each_chapter_has_no_exercises(lecture, notebook):
    nb = nbformat.read(notebook, as_version=4)
    copy = nbformat.read(lecture.lecture_copy(notebook), as_version=4)
    titles = [h[1] for h in map(lecture.heading, copy.cells) if h]
    assert titles and not [t for t in titles if re.match(r"exercises?\b", t, re.IGNORECASE)]
    if any(h and h[1] == "Exercises" for h in map(lecture.heading, nb.cells)):
        assert len(copy.cells) < len(nb.cells)
        assert "Summary" in titles                  # the summary comes before the exercises
    # an exercise's untouched check prints "Not attempted yet ..."; the common-mistakes
    # chapter shows "Not yet" verdicts on purpose in its main text (checks catching each
    # mistake), and a chapter may check a step the learner builds in its main text
    # what waits for the learner (an untouched check, a prediction still to be written) is
    # left out; a check shown catching a bug in the main text stays (it is the lesson)
    outputs = "".join(str(c.get("outputs", "")) for c in copy.cells)
    assert "Not attempted yet" not in outputs
    assert lecture.WAITING not in outputs


def test_a_step_the_learner_builds_is_left_out_of_the_lecture(lecture):
    waiting = code("check.add(Value)")
    waiting.outputs = [nbformat.v4.new_output(
        "execute_result", {"text/plain": "Not attempted yet: fill in the lines marked YOUR CODE"},
        execution_count=1)]
    shown = code("print(1)")
    shown.outputs = [nbformat.v4.new_output("stream", text="1\n")]
    assert lecture.awaits_the_learner(waiting)
    assert not lecture.awaits_the_learner(shown)
    assert not lecture.awaits_the_learner(md("Not attempted yet"))
    asking = code("reveal(my_dx, show)")
    asking.outputs = [nbformat.v4.new_output("stream", text="Write your prediction in my_dx "
                                             "above first; then run this cell again to see the "
                                             "answer.\n")]
    assert lecture.awaits_the_learner(asking)
