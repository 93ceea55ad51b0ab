"""Classroom formats and the chapter 07 checks.

* the checks of chapter 07 accept right answers and name each classic mistake;
* ``tools/build_slides.py`` writes one offline reveal.js deck per chapter notebook;
* ``tools/lecture.py`` serves a chapter through Voila without its code, then stops
  cleanly (server and kernel).
"""

import html
import importlib
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
import numpy as np
import pytest

from teaching import checks
import layers
from tools import build_slides
from tools.processes import descendants, free_port, wait_gone
from verdicts import verdict_of

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"
CHAPTERS = sorted((ROOT / "notebooks").glob("[0-9]*.ipynb"))


# --- chapter 07 checks -------------------------------------------------------------

class GoodRelu:
    def forward(self, x):
        self.mask = x <= 0
        return np.where(self.mask, 0.0, x)

    def backward(self, dout):
        return np.where(self.mask, 0.0, dout)


class InPlaceRelu(GoodRelu):
    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class MaskRelu(GoodRelu):
    def forward(self, x):
        self.mask = x <= 0
        return (x > 0) * 1


class LeakyBackwardRelu(GoodRelu):
    def backward(self, dout):
        return dout.copy()      # forgets to block the gradient


class StubRelu:
    def forward(self, x):
        return None

    def backward(self, dout):
        return None


@pytest.mark.parametrize("answer", [layers.Relu, GoodRelu])
def test_relu_check_accepts_right_layers(answer, capsys):
    ok, out = verdict_of(capsys, checks.check_07_relu_layer, answer)
    assert ok is True and out.startswith("Right")


@pytest.mark.parametrize("answer, words", [
    (InPlaceRelu, "wrote into the dout"),
    (MaskRelu, "returned the mask"),
    (LeakyBackwardRelu, "block it"),
    (StubRelu, "returns None"),
])
def test_relu_check_names_the_mistake(answer, words, capsys):
    ok, out = verdict_of(capsys, checks.check_07_relu_layer, answer)
    assert ok is False and out.startswith("Not yet. Hint:") and words in out


def fork_right(x, y):
    mul, add = layers.MulLayer(), layers.AddLayer()
    add.forward(mul.forward(x, y), x)
    dt, dx_add = add.backward(1.0)
    dx_mul, dy = mul.backward(dt)
    return dx_add + dx_mul, dy


def fork_keeps_mul_share(x, y):
    mul, add = layers.MulLayer(), layers.AddLayer()
    add.forward(mul.forward(x, y), x)
    dt, dx = add.backward(1.0)
    dx, dy = mul.backward(dt)       # = instead of +=
    return dx, dy


def fork_keeps_add_share(x, y):
    mul, add = layers.MulLayer(), layers.AddLayer()
    add.forward(mul.forward(x, y), x)
    dt, _ = add.backward(1.0)
    dx, dy = mul.backward(dt)
    _, dx = add.backward(1.0)       # overwritten the other way round
    return dx, dy


def test_fork_check_accepts_the_sum(capsys):
    # L = x*y + x: dL/dx = y + 1 = 5 and dL/dy = x = 3 at (3, 4)
    assert fork_right(3.0, 4.0) == (5.0, 3.0)
    ok, out = verdict_of(capsys, checks.check_07_fork_backward, fork_right)
    assert ok is True and out.startswith("Right")


@pytest.mark.parametrize("answer, words", [
    (fork_keeps_mul_share, ["only the multiply node's share", "+="]),
    (fork_keeps_add_share, ["only the add node's share", "+="]),
    (lambda x, y: None, ["returns None"]),
])
def test_fork_check_names_the_missing_branch(answer, words, capsys):
    ok, out = verdict_of(capsys, checks.check_07_fork_backward, answer)
    assert ok is False and out.startswith("Not yet. Hint:")
    assert all(word in out for word in words)


def stable_sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def test_sigmoid_check_accepts_the_stable_forms(capsys):
    # sigma(ln 3) = 1 / (1 + 1/3) = 0.75 exactly in real arithmetic
    assert abs(stable_sigmoid(np.array([np.log(3.0)]))[0] - 0.75) < 1e-15
    for answer in (stable_sigmoid, lambda x: layers.Sigmoid().forward(x)):
        ok, out = verdict_of(capsys, checks.check_07_sigmoid, answer)
        assert ok is True and out.startswith("Right")


@pytest.mark.parametrize("answer, words", [
    (lambda x: 1 / (1 + np.exp(-x)), "overflow"),                          # the naive formula
    (lambda x: np.where(x >= 0, 1 / (1 + np.exp(-x)), np.exp(x) / (1 + np.exp(x))),
     "both of its"),                                                         # where() computes both
    (lambda x: 0.5 * (1 + np.tanh(x / 2)), "sigmoid(-40)"),                 # tail lost to rounding
    (lambda x: None, "returned None"),
])
def test_sigmoid_check_names_the_mistake(answer, words, capsys):
    # the check turns the overflow into an error itself: nothing may leak as a warning
    ok, out = verdict_of(capsys, checks.check_07_sigmoid, answer)
    assert ok is False and words in out


def numerical_gradient_in_place(f, x, h=1e-4):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        keep = x[i]
        x[i] = keep + h
        f_plus = f(x)
        x[i] = keep - h
        f_minus = f(x)
        grad[i] = (f_plus - f_minus) / (2 * h)
        x[i] = keep
    return grad


def numerical_gradient_forgets_to_restore(f, x, h=1e-4):
    x = np.asarray(x)
    if x.dtype.kind == "f":
        x += 0.5                 # changes the caller's float array
    return layers.numerical_gradient(f, x, h)


def test_numerical_gradient_check(capsys):
    # sum(x**2) at the integer point [1, 2]: the in-place version gets (5-4)/2h = 5000 and
    # (5-2)/2h = 15000 instead of 2x = [2, 4]
    assert numerical_gradient_in_place(lambda v: np.sum(v ** 2), np.array([1, 2])).tolist() == [5000, 15000]
    ok, out = verdict_of(capsys, checks.check_07_numerical_gradient, layers.numerical_gradient)
    assert ok is True and out.startswith("Right")
    ok, out = verdict_of(capsys, checks.check_07_numerical_gradient, numerical_gradient_in_place)
    assert ok is False and "integer" in out and "5000" in out
    ok, out = verdict_of(capsys, checks.check_07_numerical_gradient, numerical_gradient_forgets_to_restore)
    assert ok is False and "changed the x" in out


def test_module_fresh_check(tmp_path, monkeypatch, capsys):
    path = tmp_path / "fresh_demo_07.py"
    path.write_text("def f(x):\n    return x + 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = importlib.import_module("fresh_demo_07")
    try:
        ok, out = verdict_of(capsys, checks.check_07_module_fresh, module)
        assert ok is True and "matches" in out

        path.write_text("def f(x):\n    return x + 2  # edited\n", encoding="utf-8")
        assert module.f(1) == 2                    # still the old code
        ok, out = verdict_of(capsys, checks.check_07_module_fresh, module)
        assert ok is False and "stale" in out and "f" in out

        path.write_text("def f(x):\n    return x + 2\n\n\ndef g(x):\n    return 0\n", encoding="utf-8")
        importlib.reload(module)
        assert module.f(1) == 3
        ok, out = verdict_of(capsys, checks.check_07_module_fresh, module)
        assert ok is True

        # a function compiled alone at another line and column (as autoreload does) is
        # still the same code: the check compares behaviour, not positions
        namespace = {}
        exec(compile("\n\nif True:\n    def f(x):\n        return x + 2\n", str(path), "exec"), namespace)
        module.f.__code__ = namespace["f"].__code__
        ok, out = verdict_of(capsys, checks.check_07_module_fresh, module)
        assert ok is True
    finally:
        sys.modules.pop("fresh_demo_07", None)

    ok, out = verdict_of(capsys, checks.check_07_module_fresh, "layers")
    assert ok is False and "pass an imported module" in out
    ok, out = verdict_of(capsys, checks.check_07_module_fresh, layers)
    assert ok is True


# --- handouts ------------------------------------------------------------------------

def test_network_detector_sees_loads_and_ignores_links():
    network_loads = build_slides.network_loads
    assert network_loads('<script src="https://example.org/reveal.js"></script>')
    assert network_loads('<link rel="stylesheet" href="//example.org/a.css">')
    assert network_loads("<style>@import 'https://example.org/f.css';</style>")
    assert network_loads("<style>.a { background: url(https://example.org/i.png) }</style>")
    assert network_loads("<script type=module>import m from 'https://example.org/m.mjs'</script>")
    assert not network_loads('<a href="https://example.org/book">the book</a>')
    assert not network_loads("<style>/* see https://example.org */</style><!-- https://x.org -->")
    assert not network_loads('<script src="_assets/reveal.js/dist/reveal.js"></script>')


def test_markdown_images_are_embedded_or_reported(tmp_path):
    embed_images = build_slides.embed_images
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
    assert all(f'href="{name}.html"' in index for name in decks)


@pytest.mark.parametrize("notebook", CHAPTERS, ids=[p.stem for p in CHAPTERS])
def test_deck_is_offline_and_has_its_slides(slides, notebook):
    network_loads = build_slides.network_loads
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
    slide_cells = sum(c.metadata.get("slideshow", {}).get("slide_type") == "slide" for c in nb.cells)
    assert slide_cells >= 1
    assert html.count("<section") >= slide_cells
    assert "Reveal.initialize" in html

    # a live widget cannot run without a kernel: its view became a note
    views = sum("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                for c in nb.cells for o in c.get("outputs", []))
    assert "application/vnd.jupyter.widget-view+json" not in html
    assert html.count('class="bp-live-note"') == views


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
    notebook = ROOT / "notebooks" / "07_common_mistakes.ipynb"
    if not notebook.exists():
        pytest.skip("notebooks/07_common_mistakes.ipynb is not built: run `make notebooks`")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tools.lecture", "7", "--port", str(port), "--no-browser"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    processes = {process.pid}
    try:
        status, page = fetch(f"http://127.0.0.1:{port}/", time.monotonic() + 90)
        # the server runs under lecture.py; the kernel under the server
        processes.update(descendants(process.pid))
        assert status == 200
        # rendered: the markdown as HTML, and the outputs of the executed code
        assert re.search(r"<h1[^>]*>7\. Common mistakes", page)
        assert "backward wrote into the dout it was given" in page
        assert "overflow encountered in exp" in page
        # no code: no highlighted code block, and none of the sources in the page's text
        # (code is highlighted token by token, so compare the text without tags)
        assert "hl-ipython3" not in page
        text = html.unescape(re.sub(r"<[^>]+>", "", page))
        for source in ["class InPlaceRelu", "def naive_sigmoid(x)", "checks.check_07_relu_layer(InPlaceRelu)",
                       "numerical_gradient_in_place(sum_of_squares"]:
            assert source not in text
        assert build_slides.network_loads(page) == []
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
