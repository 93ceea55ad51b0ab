"""The lecture view (tools/lecture.py): no exercises, and text large enough for a room.

The unit tests check which cells the lecture copy keeps.  The browser test serves
chapter 06 through Voila, as ``make lecture CHAPTER=06`` does, and measures the text
as drawn on a 1920 x 1080 screen: graph labels and plot text at least 22 px.
(Starting and stopping the server cleanly is tested in test_classroom.py.)
"""

import importlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-dev-shm-usage"]
SMALLEST = 22      # px on screen: body text is 24 px


@pytest.fixture()
def lecture(monkeypatch):
    monkeypatch.syspath_prepend(str(TOOLS))      # lecture.py imports build_slides beside it
    return importlib.import_module("lecture")


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
    # an exercise's unanswered check prints "Not yet ..."; chapter 07 shows such
    # verdicts on purpose in its main text (the checks catching each mistake)
    if not notebook.name.startswith("07_"):
        assert "Not yet" not in "".join(str(c.get("outputs", "")) for c in copy.cells)


# --- in a browser ------------------------------------------------------------------------
MEASURE = """() => {
  const sizes = {graph: [], plot: [], figure: []};
  const shown = el => el.getBoundingClientRect().width > 0 && el.textContent.trim() &&
                      getComputedStyle(el).visibility !== 'hidden';
  const onScreen = el => {           // font size times the scale the SVG is drawn at
    const m = el.getScreenCTM();
    return parseFloat(getComputedStyle(el).fontSize) * Math.hypot(m.a, m.b);
  };
  document.querySelectorAll('.bp-plot.widget-html svg text').forEach(t => {
    if (shown(t)) sizes.graph.push([onScreen(t), t.textContent]); });
  document.querySelectorAll('.bp-plot.bqplot svg text').forEach(t => {
    if (shown(t)) sizes.plot.push([onScreen(t), t.textContent]); });
  // graph figures shown as images (markdown and printed SVG): their text is 16 px at
  // their own width, so on screen it is 16 times the drawn width over that width
  document.querySelectorAll('.jp-RenderedMarkdown img, .jp-RenderedSVG img').forEach(i => {
    if (i.naturalWidth) sizes.figure.push([16 * i.getBoundingClientRect().width / i.naturalWidth, i.alt]); });
  const headings = [...document.querySelectorAll('.jp-RenderedMarkdown h2, .jp-RenderedMarkdown h3')]
                   .map(h => h.textContent);
  return {sizes, headings, text: document.body.innerText,
          overflow: document.documentElement.scrollWidth - window.innerWidth};
}"""


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, deadline):
    while True:
        try:
            with urllib.request.urlopen(url, timeout=60):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is missing: no browser to measure with")
def test_lecture_view_text_is_large_and_exercises_are_gone():
    sync_api = pytest.importorskip("playwright.sync_api", reason="Python Playwright is not installed")
    notebook = ROOT / "notebooks" / "06_sigmoid.ipynb"
    if not notebook.exists():
        pytest.skip("notebooks/06_sigmoid.ipynb is not built: run `make notebooks`")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(TOOLS / "lecture.py"), "6", "--port", str(port), "--no-browser"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/", time.monotonic() + 120)
        with sync_api.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport={"width": 1920, "height": 1080})
                page.goto(f"http://127.0.0.1:{port}/", timeout=120_000)
                page.wait_for_selector(".bp-plot.bqplot svg .tick text", timeout=120_000)
                page.wait_for_selector(".bp-plot.widget-html svg text", timeout=120_000)
                found = page.evaluate(MEASURE)
            finally:
                browser.close()
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    sizes = found["sizes"]
    assert sizes["graph"] and sizes["plot"] and sizes["figure"]
    for kind, measured in sizes.items():
        small = [(round(size, 1), text) for size, text in measured if size < SMALLEST - 0.05]
        assert not small, f"{kind} text below {SMALLEST} px: {small[:5]}"
    assert found["overflow"] <= 0, "the page scrolls sideways"
    assert any(h.startswith("Summary") for h in found["headings"])
    assert not [h for h in found["headings"] if h.startswith("Exercise")]
    assert "Not yet" not in found["text"]
