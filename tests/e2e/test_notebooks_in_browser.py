"""What a learner sees: every notebook run in JupyterLab in a real (headless) browser.

For each notebook (found by glob, so a new chapter is covered automatically):
run all cells and check there is no error output, every widget is drawn, and
each explorer's main slider, moved by a key press, changes both its readout
and the pixels of its plots.  The graph explorer's "step" button must advance
the backward pass on screen, "reset" must bring the start back and "run all"
must show the finished pass.

Needs Debian's chromium at /usr/bin/chromium (skipped with that reason if it
is missing) and Python Playwright (in requirements.txt).
"""

import json
import re
import time

import pytest

from teaching import style
from tools import labdriver

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not labdriver.CHROMIUM.exists(), reason=labdriver.NO_CHROMIUM),
]

WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# a call that builds an explorer in a notebook's code: plots.ReluExplorer(...),
# GraphExplorer(...), ...
BUILDS_EXPLORER = re.compile(r"^(?!\s*def ).*(_explorer|Explorer)\(", re.MULTILINE)
SETTLE_S = 10.0          # longest wait for the page to answer one action


def poll(check, timeout=SETTLE_S, interval=0.05):
    """Call check() until it returns a truthy value or the time is up; return the last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def stored_widget_counts(path):
    """Widget views per code cell in the stored (built) notebook; None if it was never executed."""
    nb = json.loads((labdriver.REPO / path).read_text())
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    if not any(c.get("execution_count") for c in code):
        return None
    return [sum(WIDGET_MIME in o.get("data", {}) for o in c.get("outputs", [])) for c in code]


def explorers(page):
    return page.locator(".jp-Notebook .bp-explorer")


def plots_of(explorer):
    return explorer.locator(".bp-plot")


def screenshots(plots):
    return [plots.nth(i).screenshot(animations="disabled") for i in range(plots.count())]


def slider_value(explorer):
    return explorer.locator(".bp-main .widget-readout").first.inner_text().strip()


# --------------------------------------------------------------------------- tests

def test_all_cells_run_without_error_output(notebook):
    """Run all: every code cell executed, no traceback and nothing on stderr."""
    assert notebook.run_ok is True, (
        f"run all did not succeed ({notebook.run_ok!r}) in {notebook.path}")
    not_run = [c["index"] for c in notebook.cells if c["count"] is None and c["source"].strip()]
    assert not not_run, f"cells {not_run} were never executed"
    bad = [(c["index"], o["type"], o["name"], o["text"]) for c in notebook.cells
           for o in c["outputs"]
           if o["type"] == "error" or (o["type"] == "stream" and o["name"] == "stderr")]
    assert not bad, f"error or stderr output (cell index, type, stream, text): {bad}"
    assert not notebook.page_errors, f"uncaught errors in the page: {notebook.page_errors}"
    assert not notebook.blocked_writes, (
        f"JupyterLab tried to write files (blocked): {notebook.blocked_writes}")


def test_every_widget_rendered(notebook):
    """Each widget output is drawn (not 'Loading'/'Error displaying widget') with a real size."""
    live = [sum(WIDGET_MIME in o["mimes"] for o in c["outputs"]) for c in notebook.cells]
    views = notebook.page.evaluate(labdriver.WIDGET_VIEWS)
    assert [len(v) for v in views] == live, (
        f"widget views per code cell: {[len(v) for v in views]} on the page, {live} in the model")
    for i, cell_views in enumerate(views):
        for view in cell_views:
            where = f"code cell {i}, output {view['output']}"
            assert not view["missing"], f"{where}: no output node on the page"
            assert "Error displaying widget" not in view["text"], f"{where}: {view['text']}"
            assert "Loading widget" not in view["text"], f"{where} never finished loading"
            assert not view["failed"], (f"{where}: {view['failed']} widget view(s) failed to "
                                        "render (ipywidgets' error stand-in is shown)")
            assert view["drawn"] and view["width"] > 0 and view["height"] > 0, (
                f"{where}: widget output is empty or has no size: {view}")
    stored = stored_widget_counts(notebook.path)
    if stored is not None:
        assert live == stored, (f"widget views per code cell: {live} now, {stored} in the "
                                f"stored notebook (rebuild it with tools/build_notebooks.py?)")

    page = notebook.page
    sources = "\n".join(c["source"] for c in notebook.cells)
    count = explorers(page).count()
    # An explorer that waits for the learner's prediction (chapter 00's draws their own slope,
    # chapter 04's opens once my_db_column is written) is not built in an untouched copy: its
    # cell shows a still picture or a request instead, as the stored notebook does.
    waits_for_the_learner = stored is not None and not any(stored)
    if BUILDS_EXPLORER.search(sources) and not waits_for_the_learner:
        assert count > 0, "the code builds an explorer but no .bp-explorer is on the page"
    for i in range(count):
        ex = explorers(page).nth(i)
        plots = plots_of(ex)
        assert plots.count() > 0, f"explorer {i} has no .bp-plot"
        for j in range(plots.count()):
            box = plots.nth(j).bounding_box()
            assert box and box["width"] > 100 and box["height"] > 100, (
                f"explorer {i}, plot {j} is not drawn at a usable size: {box}")
            assert plots.nth(j).locator("svg").count() > 0, f"explorer {i}, plot {j} has no SVG"
        assert ex.locator(".bp-readout").count() > 0, f"explorer {i} has no .bp-readout"
        assert ex.locator(".bp-readout").first.inner_text().strip(), f"explorer {i}: empty readout"


def test_every_image_shows(notebook):
    """Every picture in the notebook (markdown figures, plotted PNGs) loaded and has pixels."""
    count, broken = labdriver.broken_images(notebook.page)
    assert count > 0, f"{notebook.path} has pictures when stored, none on screen"
    files = [r for r in notebook.failed_requests if "/files/" in r]
    assert not broken, f"{len(broken)} image(s) did not load: {broken}; failed requests: {files}"


SVG_SIZES = """() => [...document.querySelectorAll('.jp-RenderedSVG img')].map(i => [
    i.naturalWidth, i.getBoundingClientRect().width,
    i.closest('.jp-OutputArea-output').clientWidth])"""


def test_every_graph_fits_the_output_area(notebook):
    """A graph shown as an SVG output (JupyterLab draws it as an <img>) keeps its own size
    where there is room and scales down to the output's width where there is not: in a
    narrow window nothing scrolls sideways or is cut off (chapter 03's max-node graph is
    1142 px wide)."""
    page = notebook.page
    size = page.viewport_size
    page.set_viewport_size({"width": 1000, "height": size["height"]})
    try:
        page.wait_for_timeout(1_000)
        found = page.evaluate(SVG_SIZES)
    finally:
        page.set_viewport_size(size)
    assert found, f"{notebook.path} has SVG outputs when stored, none on screen"
    wrong = [(natural, round(drawn), room) for natural, drawn, room in found
             if abs(drawn - min(natural, room)) > 1]
    assert not wrong, f"graphs not at min(own width, output width): {wrong}"


def test_main_slider_changes_readout_and_plot_pixels(notebook):
    """A key press on each explorer's main slider moves the value, the readout and every plot."""
    page = notebook.page
    with_slider = [i for i in range(explorers(page).count())
                   if explorers(page).nth(i).locator(".bp-main .noUi-handle").count() > 0]
    assert with_slider, f"{notebook.path} has a main slider (.bp-main) when stored, none on screen"
    for i in with_slider:
        ex = explorers(page).nth(i)
        handle = ex.locator(".bp-main .noUi-handle").first
        handle.scroll_into_view_if_needed()
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        key = "ArrowLeft" if at_max else "ArrowRight"
        value0 = slider_value(ex)
        readout = ex.locator(".bp-readout").first
        readout0 = readout.inner_text()
        plots = plots_of(ex)
        pixels0 = screenshots(plots)

        handle.focus()
        page.keyboard.press(key)

        assert poll(lambda: slider_value(ex) != value0), (
            f"explorer {i}: {key} did not move the main slider from {value0}")
        assert poll(lambda: readout.inner_text() != readout0), (
            f"explorer {i}: the readout did not change after the slider moved "
            f"({value0} -> {slider_value(ex)}): {readout0!r}")
        changed = poll(lambda: all(a != b for a, b in zip(pixels0, screenshots(plots))))
        if not changed:
            same = [j for j, (a, b) in enumerate(zip(pixels0, screenshots(plots))) if a == b]
            pytest.fail(f"explorer {i}: plots {same} (of {len(pixels0)}) kept the same pixels "
                        f"after the slider moved {value0} -> {slider_value(ex)}")


# Gradient labels on the graph drawing, by the series' colour convention
# (style.py): a computed gradient is drawn in GRADIENT red, one not computed
# yet is a "?" in MUTED grey.
GRADIENT_LABELS = """(plot) => {
    const fills = [...plot.querySelectorAll('svg text')].map(t =>
        [(t.getAttribute('fill') || '').toLowerCase(), t.textContent.trim()]);
    return {known: fills.filter(([f, s]) => f === '%s').map(([f, s]) => s),
            unknown: fills.filter(([f, s]) => f === '%s' && s === '?').length};
}""" % (style.GRADIENT.lower(), style.MUTED.lower())


def test_graph_explorer_step_advances_backward_pass(notebook):
    """Step fills in the gradients node by node, on screen; Reset and Run all agree with it."""
    page = notebook.page
    graph_explorers = [i for i in range(explorers(page).count())
                       if explorers(page).nth(i).locator(".bp-step").count() > 0]
    assert graph_explorers, (f"{notebook.path} has a Step button (.bp-step) when stored, "
                        "none on screen")
    for i in graph_explorers:
        ex = explorers(page).nth(i)
        step, reset, run_all = (ex.locator(sel).first for sel in (".bp-step", ".bp-reset",
                                                                 ".bp-run-all"))
        plot = plots_of(ex).first
        labels = lambda: plot.evaluate(GRADIENT_LABELS)   # noqa: E731

        reset.click()
        assert poll(lambda: step.is_enabled() and labels()["unknown"] > 0), (
            f"graph explorer {i}: after Reset the Step button is disabled or no gradient is '?'")
        markup = lambda: plot.evaluate("el => el.innerHTML")   # noqa: E731
        start_labels, start_pixels, start_markup = labels(), plot.screenshot(), markup()
        before, pixels, steps = start_labels, start_pixels, 0
        while before["unknown"] > 0:
            assert steps < 60, f"graph explorer {i}: Step never finishes the backward pass"
            assert step.is_enabled(), (f"graph explorer {i}: Step is disabled after {steps} "
                                       f"steps, with {before['unknown']} gradients still '?'")
            step.click()
            steps += 1
            # each step computes the gradient of at least one more edge, in red
            after = poll(lambda: (lambda now: now if len(now["known"]) > len(before["known"])
                                  else None)(labels()))
            assert after, (f"graph explorer {i}, step {steps}: no new gradient on the drawing "
                           f"(still {before})")
            new_pixels = poll(lambda: (lambda shot: shot if shot != pixels else None)(
                plot.screenshot()))
            assert new_pixels, (f"graph explorer {i}, step {steps}: "
                               "the drawing's pixels did not change")
            before, pixels = after, new_pixels
        assert poll(lambda: not step.is_enabled()), (
            f"graph explorer {i}: every gradient is known after {steps} steps, "
            "but Step is still enabled")

        reset.click()
        assert poll(lambda: labels() == start_labels), (
            f"graph explorer {i}: Reset did not bring back the start "
                f"({labels()} != {start_labels})")
        # the same drawing as at the first Reset; compared as markup, because a graph wider
        # than the output area is drawn scaled and its pixels then vary with the scroll
        # position by a rounding (each step's change of pixels is checked above)
        assert poll(lambda: markup() == start_markup), (
            f"graph explorer {i}: after Reset the drawing differs from the first Reset's")

        run_all.click()
        assert poll(lambda: sorted(labels()["known"]) == sorted(before["known"])
                    and labels()["unknown"] == 0), (
            f"graph explorer {i}: Run all shows {labels()}, stepping to the end showed {before}")
        assert poll(lambda: not step.is_enabled()), (
            f"graph explorer {i}: Step is still enabled after Run all")


# The finished pass's gradient label of each edge, by edge name (data-edge), as shown.
GRADIENTS_BY_EDGE = """(plot) => Object.fromEntries([...plot.querySelectorAll('svg text.g-grad')]
    .map(t => [t.getAttribute('data-edge').replaceAll('_', ' '), t.textContent.trim()]))"""
# each branch of a fork (a node taking one value twice): "edge>node.slot" -> its gradient
GRADIENTS_BY_BRANCH = """(plot) => Object.fromEntries(
    [...plot.querySelectorAll('svg text.g-branch-grad')]
    .map(t => [t.getAttribute('data-wire').replaceAll('_', ' '), t.textContent.trim()]))"""


def shown_answer(box_label, answers, branches, node=None):
    """What the finished pass shows for one guess box: "dL/dx" reads the line of x,
    "dL/d(w*x+b)" that of w*x+b, and "dL/dx (input 2)" (a node that takes x twice) the
    branch of x into that node's second input.  At a fork, "to x along this edge" (or "to
    x via input 2") reads the branch of x into the node being asked (``node``, the value
    it makes), and "total dL/dx" the line of x: the sum the pass shows there."""
    text = box_label.strip()
    total = re.fullmatch(r"total dL/d\(?(.*?)\)?", text)
    if total:
        return answers[total[1]]
    edge_of_fork = re.fullmatch(r"to (.*) (?:along this edge|via input (\d+))", text)
    if edge_of_fork:
        edge, slot = edge_of_fork[1], edge_of_fork[2]
        found = [shown for wire, shown in branches.items()
                 if wire.startswith(f"{edge}>{node}.")
                 and (slot is None or wire.endswith(f".{int(slot) - 1}"))]
        assert len(found) == 1, f"{box_label} at {node}: branch gradients {branches}"
        return found[0]
    edge = text.removeprefix("dL/d")
    twice = re.fullmatch(r"(.*) \(input (\d+)\)", edge)
    if twice:
        edge = twice[1]
    if edge.startswith("(") and edge.endswith(")"):
        edge = edge[1:-1]
    if not twice:
        return answers[edge]
    slot = int(twice[2]) - 1
    found = [text for wire, text in branches.items()
             if wire.startswith(f"{edge}>") and wire.endswith(f".{slot}")]
    assert len(found) == 1, f"{box_label}: branch gradients {branches}"
    return found[0]


def test_predict_mode_checks_what_the_learner_types(notebook):
    """In predict mode, a wrong guess gets "Not yet" and no step; the gradients the finished
    pass shows, typed in, get "Right", the step is taken and the score counts it."""
    page = notebook.page
    asking = [i for i in range(explorers(page).count())
              if explorers(page).nth(i).locator(".bp-check").count() > 0]
    assert asking, f"{notebook.path} has a Check button (.bp-check) when stored, none on screen"
    for i in asking:
        ex = explorers(page).nth(i)
        plot = plots_of(ex).first
        ex.locator(".bp-run-all").first.click()
        answers = poll(lambda: (lambda g: g if g and "?" not in g.values() else None)(
            plot.evaluate(GRADIENTS_BY_EDGE)))
        assert answers, f"predict explorer {i}: Run all left gradients unknown"
        branches = plot.evaluate(GRADIENTS_BY_BRANCH)
        ex.locator(".bp-reset").first.click()
        score = ex.locator(".bp-score").first
        assert poll(lambda: "nothing checked yet" in score.inner_text()), score.inner_text()
        boxes = ex.locator(".bp-guess")
        assert poll(lambda: boxes.count() > 0), f"predict explorer {i}: no boxes to type in"
        asked = boxes.count()
        for j in range(asked):
            boxes.nth(j).locator("input").fill("12345")
        ex.locator(".bp-check").first.click()
        verdict = ex.locator(".bp-verdict").first
        assert poll(lambda: "Not yet" in verdict.inner_text()), verdict.inner_text()
        assert "0 of" in score.inner_text()
        asked_at = re.search(r"node that makes (.+?) gets",
                             ex.locator(".bp-prompt").first.inner_text())
        for j in range(boxes.count()):
            box_label = boxes.nth(j).locator("label").inner_text()
            boxes.nth(j).locator("input").fill(shown_answer(
                box_label, answers, branches, asked_at[1] if asked_at else None))
        ex.locator(".bp-check").first.click()
        assert poll(lambda: "Right" in verdict.inner_text()), verdict.inner_text()
        assert poll(lambda: f"0 of {asked} right first time" in score.inner_text()), (
            score.inner_text())   # right, but not at the first try
        assert "×" in verdict.inner_text() and "=" in verdict.inner_text()
