"""The handout decks (``make slides``) as a projector shows them: 1280 x 720.

Builds every deck with tools/build_slides.py, opens it from disk in headless
Chromium and walks it with the right arrow from the first slide to the last
(then once more with the space bar).  Each slide must be reached, in order, and
its content must fit the slide; a graph's labels must be at least 18 px on the
screen.  Needs no JupyterLab server; skips with the reason when /usr/bin/chromium
or Playwright is missing.
"""

import subprocess
import sys

import pytest

from tools.chapters import ROOT, chapters

VIEWPORT = {"width": 1280, "height": 720}
SMALLEST_LABEL = 18      # px on screen

# The slide on screen now: where it is, whether its content fits, and the smallest
# text of each graph on it.  A graph is an <img> of an SVG: its text is measured in
# the SVG's own units (font-size on the element or inherited), and drawn at the
# image's on-screen width over the SVG's viewBox width.
MEASURE = """async () => {
  if (window.MathJax && MathJax.Hub) await new Promise(done => MathJax.Hub.Queue(done));
  const slide = Reveal.getCurrentSlide();
  const box = slide.getBoundingClientRect();
  const labels = [];
  for (const img of slide.querySelectorAll('figure.bp-graph img')) {
    const svg = new DOMParser().parseFromString(atob(img.src.split(',')[1]), 'image/svg+xml');
    const root = svg.documentElement;
    const units = root.viewBox.baseVal.width;
    let smallest = Infinity;
    for (const text of root.querySelectorAll('text')) {
      if (!text.textContent.trim()) continue;
      let el = text, size = null;
      while (el && el.getAttribute && size === null) {
        size = el.getAttribute('font-size'); el = el.parentNode; }
      smallest = Math.min(smallest, parseFloat(size || 16));
    }
    labels.push(smallest * img.getBoundingClientRect().width / units);
  }
  // content cut off inside a box of the slide (MathJax's 1 px copy for screen readers aside)
  const clipped = [...slide.querySelectorAll('*')].filter(el => {
    const style = getComputedStyle(el), r = el.getBoundingClientRect();
    return /auto|scroll|hidden/.test(style.overflowX + style.overflowY) &&
           r.width > 2 && r.height > 2 && !el.closest('.MJX_Assistive_MathML') &&
           (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
  }).map(el => el.className || el.tagName);
  return {indices: Reveal.getIndices(), scale: Reveal.getScale(),
          height: Reveal.getConfig().height, width: Reveal.getConfig().width,
          scrollHeight: slide.scrollHeight, clientHeight: slide.clientHeight,
          scrollWidth: slide.scrollWidth, clientWidth: slide.clientWidth,
          box: [box.left, box.top, box.right, box.bottom], labels, clipped,
          text: slide.innerText.slice(0, 60)};
}"""


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    if not chapters():
        pytest.skip("no stored chapter notebooks: run `make notebooks` first")
    out = tmp_path_factory.mktemp("slides")
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "build_slides.py"),
                          "--out", str(out)],
                         capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    return out


@pytest.fixture(scope="module")
def page(browser):
    # the session's Chromium (tests/e2e/conftest.py): one pytest process cannot run two
    # sync Playwright sessions, and the notebook tests hold one
    context = browser.new_context(viewport=VIEWPORT)
    loads = []
    # a deck is opened from disk: anything else it asks for is a network load
    context.route("**/*", lambda route: (loads.append(route.request.url), route.abort())
                  if not route.request.url.startswith(("file:", "data:")) else route.continue_())
    tab = context.new_page()
    tab.network_loads = loads
    yield tab
    context.close()


def open_deck(page, path):
    page.network_loads.clear()
    page.goto(path.as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    page.keyboard.press("Home")
    return page.evaluate("document.querySelectorAll('.reveal .slides > section').length")


def walk(page, key):
    """Every slide met pressing ``key`` from the first until the last, measured."""
    seen = [page.evaluate(MEASURE)]
    while not page.evaluate("Reveal.isLastSlide()") and len(seen) < 1000:
        page.keyboard.press(key)
        seen.append(page.evaluate(MEASURE))
    return seen


@pytest.mark.browser
@pytest.mark.parametrize("notebook", chapters(), ids=[p.stem for p in chapters()])
def test_right_arrow_walks_every_slide_and_each_fits(decks, page, notebook):
    sections = open_deck(page, decks / f"{notebook.stem}.html")
    assert page.evaluate("Reveal.getTotalSlides()") == sections
    seen = walk(page, "ArrowRight")
    # every slide, in order, one after the other: no vertical slide is skipped
    assert [s["indices"]["h"] for s in seen] == list(range(sections))
    assert all(s["indices"]["v"] == 0 for s in seen)
    assert abs(seen[0]["scale"] - 1) < 0.01, "a 1280 x 720 slide on a 1280 x 720 screen"
    for number, s in enumerate(seen, 1):
        where = f"slide {number} of {sections} ({s['text']!r})"
        assert s["scrollHeight"] <= s["clientHeight"] + 1 and s["clientHeight"] <= s["height"], \
            f"{where} is {s['scrollHeight']} px tall, the slide {s['clientHeight']} px"
        assert s["scrollWidth"] <= s["clientWidth"] + 1, f"{where} is too wide"
        left, top, right, bottom = s["box"]
        assert left >= -1 and top >= -1 and right <= VIEWPORT["width"] + 1 \
            and bottom <= VIEWPORT["height"] + 1, f"{where} lies outside the screen: {s['box']}"
        assert not s["clipped"], f"{where}: content cut off inside {s['clipped']}"
        small = [round(px, 1) for px in s["labels"] if px < SMALLEST_LABEL]
        assert not small, f"{where}: graph labels of {small} px"
    assert page.network_loads == []


@pytest.mark.browser
def test_space_bar_walks_the_same_slides(decks, page):
    notebook = next((p for p in chapters() if p.stem.startswith("06")), chapters()[-1])
    sections = open_deck(page, decks / f"{notebook.stem}.html")
    seen = walk(page, " ")
    assert [s["indices"]["h"] for s in seen] == list(range(sections))


@pytest.mark.browser
def test_graphs_are_on_slides_and_their_labels_measured(decks, page):
    """The label check above only means something if graphs are found on the slides."""
    measured = []
    for notebook in chapters():
        open_deck(page, decks / f"{notebook.stem}.html")
        graphs = page.evaluate("""[...document.querySelectorAll('.reveal .slides > section')]
            .flatMap((s, i) => s.querySelector('figure.bp-graph') ? [i] : [])""")
        for index in graphs:
            page.evaluate(f"Reveal.slide({index})")
            measured += page.evaluate(MEASURE)["labels"]
    assert len(measured) >= 5
    assert min(measured) >= SMALLEST_LABEL
