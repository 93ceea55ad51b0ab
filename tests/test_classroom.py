"""Classroom formats.

* ``tools/build_slides.py`` writes one offline reveal.js deck per chapter notebook;
* ``tools/lecture.py`` serves a chapter through Voila without its code, then stops
  cleanly (server and kernel).
"""

import base64
import html
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from tools import markdown_images, offline, slide_layout
from tools.processes import descendants, free_port, wait_gone

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))




# --- handouts ------------------------------------------------------------------------

def test_network_detector_sees_loads_and_ignores_links():
    network_loads = offline.network_loads
    assert network_loads('<script src="https://example.org/reveal.js"></script>')
    assert network_loads('<link rel="stylesheet" href="//example.org/a.css">')
    assert network_loads("<style>@import 'https://example.org/f.css';</style>")
    assert network_loads("<style>.a { background: url(https://example.org/i.png) }</style>")
    assert network_loads("<script type=module>import m from 'https://example.org/m.mjs'</script>")
    assert not network_loads('<a href="https://example.org/book">the book</a>')
    assert not network_loads("<style>/* see https://example.org */</style><!-- https://x.org -->")
    assert not network_loads('<script src="_assets/reveal.js/dist/reveal.js"></script>')


def test_markdown_images_are_embedded_or_reported(tmp_path):
    embed_images = markdown_images.embed_images
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "dot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    missing = []
    text = embed_images("A ![dot](../images/dot.svg) and ![gone](../images/gone.svg).",
                        tmp_path / "notebooks", missing)
    assert "![dot](data:image/svg+xml;base64," in text
    assert "gone.svg is missing" in text and missing == ["../images/gone.svg"]


@pytest.fixture(scope="module")
def slides(tmp_path_factory):
    if not CHAPTERS:
        pytest.skip("no stored chapter notebooks: run `make notebooks` first")
    out = tmp_path_factory.mktemp("slides")
    run = subprocess.run([sys.executable, str(TOOLS / "build_slides.py"), "--out", str(out)],
                         capture_output=True, text=True, timeout=240, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def test_one_deck_per_chapter_and_an_index(slides):
    decks = sorted(p.stem for p in slides.glob("[0-9]*.html"))
    assert decks == [p.stem for p in CHAPTERS]
    index = (slides / "index.html").read_text(encoding="utf-8")
    # the chapters by the titles of their notebooks, in reading order, and how to move
    links = re.findall(r'<a href="([^"]+)\.html">([^<]+)</a>', index)
    assert [name for name, _ in links] == decks
    for name, title in links:
        nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
        first = next(c.source for c in nb.cells if c.cell_type == "markdown").split("\n")[0]
        assert first.lstrip("# ") == html.unescape(title)
    assert "<style>" in index and "Space</kbd>: next slide" in index and "Esc</kbd>" in index
    assert offline.network_loads(index) == []


def test_internal_comments_are_stripped_and_the_rest_kept():
    strip = slide_layout.strip_internal_comments
    source = ("import mistake_demo  # noqa: E402  (imported here, after the file exists)\n"
              "# NBVAL_IGNORE_OUTPUT\n"
              "show(graph)   # the static twin: visible without a kernel\n"
              "x = 1.0  # -x, the first node\n"
              "colour = '#1a7f37'  # a string with a hash stays\n"
              "# YOUR CODE HERE\n")
    assert strip(source) == ("import mistake_demo\n"
                             "show(graph)\n"
                             "x = 1.0  # -x, the first node\n"
                             "colour = '#1a7f37'  # a string with a hash stays\n"
                             "# YOUR CODE HERE\n")
    assert strip('y = "# noqa"  # pragma: no cover\n') == 'y = "# noqa"\n'   # only comments go
    assert strip('s = """not closed\n') == 's = """not closed\n'   # untokenizable: as it is


def test_long_cells_become_several_slides_that_fit():
    paragraph = "A sentence about gradients that is long enough to wrap on a slide. " * 4
    steps = "\n".join(f"    total = total + {i}" for i in range(40))
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("## Many paragraphs\n\n" + "\n\n".join([paragraph] * 12)),
        nbformat.v4.new_markdown_cell("### A list\n\n"
                                      + "\n".join(f"- item {i}" for i in range(30))),
        nbformat.v4.new_code_cell("total = 0\n\nfor i in range(3):\n" + steps
                                  + "\n\n\nprint(total)"),
    ])
    nb.cells[1].metadata["slideshow"] = {"slide_type": "subslide"}
    out = slide_layout.slide_notebook(nb)
    types = [c.metadata["slideshow"]["slide_type"] for c in out.cells]
    assert set(types) <= {"slide", "-"}, "no vertical sub-slides"
    starts = [i for i, t in enumerate(types) if t == "slide"] + [len(types)]
    slides = [out.cells[a:b] for a, b in zip(starts, starts[1:])]
    assert len(slides) >= 5
    text = [c.source for c in out.cells if c.cell_type == "markdown"]
    assert sum("Many paragraphs, continued" in t for t in text) >= 2
    assert sum(t.count(paragraph.strip()) for t in text) == 12      # nothing lost
    assert sum(t.count("- item ") for t in text) == 30
    code = [c.source for c in out.cells if c.cell_type == "code"]
    assert len(code) >= 2 and all(len(c.split("\n")) <= slide_layout.MAX_CODE_LINES for c in code)
    assert "\n".join(code).replace("\n\n\n", "\n").count("total = total +") == 40
    for cells in slides:   # every slide within the estimate's room
        height = sum(sum(map(slide_layout.block_height, slide_layout.markdown_blocks(c.source)))
                     if c.cell_type == "markdown"
                     else slide_layout.code_height(c.source, c.outputs, slide_layout.LONG_CODE_LINE)
                     for c in cells if "bp-continued" not in c.source)
        assert height <= slide_layout.ROOM, [c.source[:40] for c in cells]


def test_a_picture_only_cell_shows_its_picture_without_code():
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 200" '
           'width="1200" height="200" '
           'font-size="16"><circle class="g-node" r="5"/><text>dx</text></svg>')
    cell = nbformat.v4.new_code_cell("from teaching import examples\n"
                                 "view = show(examples.graph())\nview")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/svg+xml": svg})]
    out = slide_layout.slide_notebook(nbformat.v4.new_notebook(cells=[cell]))
    assert [c.cell_type for c in out.cells] == ["markdown"]
    figure = out.cells[0].source
    assert 'class="bp-figure bp-graph"' in figure and "data:image/svg+xml;base64," in figure
    width = float(re.search(r"width:(\d+)px", figure).group(1))
    src = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', figure).group(1)
    drawn = base64.b64decode(src).decode()
    size = int(re.search(r'<svg[^>]*font-size="(\d+)"', drawn).group(1))
    # a 1200-unit-wide graph: labels enlarged so they are LABEL_PX at the drawn width
    assert size * width / 1200 >= slide_layout.LABEL_PX
    assert out.cells[0].metadata["slideshow"] == {"slide_type": "slide", "data": {"bp": "figure"}}


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_deck_is_offline_and_has_its_slides(slides, notebook):
    network_loads = offline.network_loads
    html = (slides / f"{notebook.stem}.html").read_text(encoding="utf-8")
    assert network_loads(html) == []
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""",
                         re.sub(r'<a\s[^>]*>', "", html)), "an absolute URL outside a plain link"

    # every file the deck loads is there, beside it
    for ref in re.findall(r"""<(?:script|link)\b[^>]*?(?:src|href)="([^"#]+)""", html):
        if not ref.startswith("data:"):
            assert (slides / ref.split("?")[0]).is_file(), ref
    assert '_assets/reveal.js/dist/reveal.js"' in html and "_assets/mathjax/MathJax.js" in html
    images = re.findall(r"""<img\b[^>]*?\bsrc\s*=\s*["']([^"']*)""", html)
    assert all(src.startswith("data:") for src in images), "an image is not embedded"

    # one reveal.js section per slide cell (each slide holds at least one vertical section)
    nb = nbformat.read(notebook, as_version=4)
    slide_cells = sum(c.metadata.get("slideshow", {}).get("slide_type") == "slide"
                  for c in nb.cells)
    assert slide_cells >= 1
    assert html.count("<section") >= slide_cells
    assert "Reveal.initialize" in html

    # a live widget cannot run without a kernel: its view became a note
    views = sum("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                for c in nb.cells for o in c.get("outputs", []))
    assert "application/vnd.jupyter.widget-view+json" not in html
    assert html.count('class="bp-live-note"') == views
    # ... under the picture the explorer stored beside its view
    for c in nb.cells:
        for o in c.get("outputs", []):
            data = o.get("data", {})
            if "application/vnd.jupyter.widget-view+json" in data:
                svg, png = data.get("image/svg+xml"), data.get("image/png")
                if not (svg or png):   # a widget with no picture of itself: the note alone
                    continue
                # both are embedded as base64 images
                encoded = (base64.b64encode(svg.encode()).decode() if svg
                           else png.replace("\n", ""))
                part = encoded[-120:-60]
                assert part in html, part


# --- lecture view --------------------------------------------------------------------

def fetch(url, deadline):
    last = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError) as err:
            last = err
            time.sleep(0.3)
    raise AssertionError(f"no answer from {url}: {last}")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="process checks read Linux /proc")
def test_lecture_view_serves_a_chapter_without_code():
    notebook = ROOT / "notebooks" / "10_common_mistakes.ipynb"
    if not notebook.exists():
        pytest.skip("notebooks/10_common_mistakes.ipynb is not built: run `make notebooks`")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tools.lecture", "10", "--port", str(port), "--no-browser"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    processes = {process.pid}
    try:
        status, page = fetch(f"http://127.0.0.1:{port}/", time.monotonic() + 90)
        # the server runs under lecture.py; the kernel under the server
        processes.update(descendants(process.pid))
        assert status == 200
        # rendered: the markdown as HTML, and the outputs of the executed code
        assert re.search(r"<h1[^>]*>10\. Common mistakes", page)
        assert "Show the answer" in page          # a prediction's answer waits behind its button
        assert "right Relu, an input at 1e-6: 0.04" in page            # a printed output
        # no code: no highlighted code block, and none of the sources in the page's text
        # (code is highlighted token by token, so compare the text without tags)
        assert "hl-ipython3" not in page
        text = html.unescape(re.sub(r"<[^>]+>", "", page))
        for source in ["class MaskRelu", "def error_of_factor(k)",
                       "check.error_of_factor(error_of_factor)", "kink = layers.gradient_check"]:
            assert source not in text
        assert offline.network_loads(page) == []
        assert "bp-lecture/static/lecture.css" in page   # the projector styles are in use
        assert len(processes) >= 3, "expected lecture.py, Voila and a kernel"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate()
    assert f"http://127.0.0.1:{port}/" in output
    assert not wait_gone(processes, timeout=10), "Voila or its kernel outlived the lecture view"


def test_a_table_taller_than_a_slide_goes_on_in_pieces_with_its_header():
    rows = "\n".join(f"| row {i} | {'a cell long enough to wrap on the slide ' * 4}|"
                     for i in range(30))
    table = "| name | what |\n|---|---|\n" + rows
    heights = slide_layout.table_row_heights(table)
    # the header fits one line; each 160-character cell wraps onto two lines at least
    assert len(heights) == 31 and all(h > heights[0] for h in heights[1:])
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("## A long table\n\n"
                                                                       + table)])
    out = slide_layout.slide_notebook(nb)
    pieces = [c.source for c in out.cells if "| name | what |" in c.source]
    assert len(pieces) >= 3
    for piece in pieces:                        # each with the header and its rule again
        block = piece[piece.index("| name"):]
        assert block.split("\n")[1] == "|---|---|"
        assert slide_layout.block_height(block) <= slide_layout.ROOM
    shown = [line for p in pieces for line in p.split("\n") if line.startswith("| row ")]
    assert shown == rows.split("\n")            # every row once, in order
    short = "| a | b |\n|---|---|\n| 1 | 2 |"
    assert slide_layout.split_table(short, 0, 500) == [short]


def test_a_formula_wider_than_a_slide_is_cut_at_its_quads():
    wide = ("$$\\text{apple\\_price} = \\text{apple} \\cdot \\text{apple\\_num}, \\quad "
            "\\text{orange\\_price} = \\text{orange} \\cdot \\text{orange\\_num}, \\quad "
            "\\text{all\\_price} = \\text{apple\\_price} + \\text{orange\\_price}$$")
    fitted = slide_layout.fit_formulas("Before.\n" + wide)
    assert fitted.startswith("Before.\n$$\\begin{gathered}\\text{apple\\_price}")
    assert fitted.count(" \\\\\n") == 2 and "\\quad" not in fitted
    assert slide_layout.block_height(fitted[8:]) > slide_layout.block_height(wide)
    narrow = "$$x = 1, \\quad y = 2$$"
    assert slide_layout.fit_formulas(narrow) == narrow
    braced = "$$\\text{" + "a long text " * 10 + "\\quad more}$$"   # no top-level \quad
    assert slide_layout.fit_formulas(braced) == braced
