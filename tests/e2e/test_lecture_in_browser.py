"""The lecture view as a projector shows it: text large enough for a room, no exercises.

Serves chapter 06 through Voila, as ``make lecture CHAPTER=06`` does, and measures
the text as drawn on a 1920 x 1080 screen: graph labels and plot text at least 22 px.
Uses the session's headless Chromium (conftest.py), which skips with the reason
when /usr/bin/chromium is missing.
"""

import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tools import processes
from tools.chapters import ROOT

SMALLEST = 22      # px on screen: body text is 24 px


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
def test_lecture_view_text_is_large_and_exercises_are_gone(browser):
    notebook = ROOT / "notebooks" / "06_sigmoid.ipynb"
    if not notebook.exists():
        pytest.skip("notebooks/06_sigmoid.ipynb is not built: run `make notebooks`")
    port = processes.free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tools.lecture", "6", "--port", str(port), "--no-browser"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{port}/", time.monotonic() + 120)
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        try:
            page.goto(f"http://127.0.0.1:{port}/", timeout=120_000)
            page.wait_for_selector(".bp-plot.bqplot svg .tick text", timeout=120_000)
            page.wait_for_selector(".bp-plot.widget-html svg text", timeout=120_000)
            found = page.evaluate(MEASURE)
            # one picture per explorer: the live graph, not also the picture stored beside it
            found["graph_titles"] = page.evaluate(
                "() => [...document.querySelectorAll('svg title')].filter(t => "
                "t.textContent === 'sigmoid, node by node').map(t => !!t.closest('.bp-explorer'))")
        finally:
            page.close()
    finally:
        processes.stop(server, timeout=30)
    sizes = found["sizes"]
    assert sizes["graph"] and sizes["plot"] and sizes["figure"]
    for kind, measured in sizes.items():
        small = [(round(size, 1), text) for size, text in measured if size < SMALLEST - 0.05]
        assert not small, f"{kind} text below {SMALLEST} px: {small[:5]}"
    assert found["overflow"] <= 0, "the page scrolls sideways"
    assert any(h.startswith("Summary") for h in found["headings"])
    assert not [h for h in found["headings"] if h.startswith("Exercise")]
    assert "Not yet" not in found["text"]
    assert found["graph_titles"] == [True], (
        f"the sigmoid graph should show once, live: {found['graph_titles']}")
