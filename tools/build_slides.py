"""Build reveal.js handout slides of every chapter notebook, for use offline.

    python tools/build_slides.py              # every notebooks/[0-9]*.ipynb -> build/slides/
    python tools/build_slides.py 05 sigmoid   # only notebooks whose name contains one of these
    make slides                               # the same as the first line

Each stored (executed) notebook becomes ``build/slides/NAME.html``, with an
``index.html`` listing them.  Slides follow the cells' ``slideshow`` metadata
(``tools/build_notebooks.py`` assigns it: ``#``/``##`` headings start a slide,
``###`` a sub-slide).  Press ``S`` in a deck for the speaker view, ``Esc`` for an overview.

Nothing is loaded from the network when the slides are shown:

* reveal.js 5 is copied from the ``sphinx-revealjs`` package, and MathJax 2.7
  (with its STIX fonts) from ``jupyter-server-mathjax``; both are Python packages
  in requirements.txt, copied into ``build/slides/_assets/``;
* the figures of markdown cells are embedded in the HTML;
* a live widget cannot run without a kernel, so each widget view is replaced by the
  picture the explorer stored beside it and a short note;
* the build refuses to write a deck that would fetch anything over http(s).
"""

import argparse
import base64
import html
import importlib.util
import math
import mimetypes
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from nbconvert.preprocessors import Preprocessor
from traitlets.config import Config

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "build" / "slides"
TEMPLATES = Path(__file__).resolve().parent / "lecture"   # holds slides/ (this deck's template)
ASSETS = "_assets"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LIVE_NOTE = ('<p class="bp-live-note">Live explorer: run this notebook in JupyterLab '
             '(<code>make lab</code>) or in the lecture view (<code>make lecture CHAPTER={chapter}</code>) '
             'to use it.</p>')


PICTURES = ("image/svg+xml", "image/png")


class WidgetViewToNote(Preprocessor):
    """Replace each live widget view by the picture stored with it (an explorer keeps one
    beside its view) and, under it, a short note; a view with no picture becomes the note
    alone. Without a kernel the view would be an empty box."""

    chapter = ""

    def preprocess_cell(self, cell, resources, index):
        note = {"output_type": "display_data", "metadata": {},
                "data": {"text/html": LIVE_NOTE.format(chapter=self.chapter)}}
        outputs = []
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if WIDGET_VIEW in data:
                pictures = {k: v for k, v in data.items() if k in PICTURES}
                if pictures:
                    outputs.append(nbformat.from_dict(dict(output, data=pictures)))
                outputs.append(nbformat.from_dict(note))
            else:
                outputs.append(output)
        if "outputs" in cell:
            cell.outputs = outputs
        return cell, resources


# alt text may hold one level of brackets: ![loss for scores [0, s]](...)
IMAGE = re.compile(r"(!\[(?:[^\[\]]|\[[^\[\]]*\])*\]\()([^)\s]+)(\s+\"[^\"]*\")?\)")


def embed_images(markdown, folder, missing):
    """``markdown`` with each image file (``![alt](../images/x.svg)``, relative to
    ``folder``) put inside it as a data URL; names of missing files go to ``missing``.
    (nbconvert's own ``embed_images`` only reads files below the notebook's folder.)
    """
    def embed(match):
        src = match.group(2)
        if re.match(r"[a-z]+:", src):   # data:, or a link to elsewhere: left to the network check
            return match.group(0)
        path = (folder / src).resolve()
        if not path.is_file():   # say so on the page and in the build's output
            missing.append(src)
            return f"*[figure {src} is missing: run `make figures`]*"
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"{match.group(1)}data:{mime};base64,{data}{match.group(3) or ''})"

    return IMAGE.sub(embed, markdown)


class EmbedImages(Preprocessor):
    """Markdown images inside the HTML (see ``embed_images``)."""

    folder = None
    missing = ()

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "markdown":
            cell.source = embed_images(cell.source, self.folder, self.missing)
        return cell, resources


# --- fitting a slide --------------------------------------------------------------------
# A deck is drawn on a 1280 x 720 slide (reveal.js scales it to the screen).  The build
# cuts the notebook into slides that fit, from an estimate of each part's height at the
# sizes set in slides/index.html.j2; tests/e2e/test_slides_in_browser.py measures the
# result in a browser at 1280 x 720.  Headings start a slide; text that would not fit goes
# on to a slide headed "..., continued"; a picture gets a slide of its own, as large as
# the slide allows; code too long for a slide is cut at blank lines.

SLIDE_W, SLIDE_H = 1280, 720
PAD = 24                   # px around a slide's content (slides/index.html.j2: --bp-pad)
ROOM = 640                 # px of estimated height one slide may hold: some margin below 672
TEXT_LINE = 33             # body text: 24 px, line height 1.35
TEXT_CHARS = 96            # characters on a line of body text (about 100 fit; wrapping wastes some)
CODE_LINE = 24             # code and printed output: 18 px monospace, line height 1.3
LONG_CODE_LINE = 21        # code alone on its slide: 16 px
CODE_CHARS = 110           # monospace characters on a line
MAX_CODE_LINES = 26        # more lines than this are cut at blank lines onto several slides
CELL_GAP = 16              # around each block or cell
HEADING = {1: 46, 2: 38, 3: 32, 4: 28}   # px font sizes of the headings
LIST_ITEM = re.compile(r"(?:[-*+]|\d+[.)])\s")
FIGURE_BOX = (SLIDE_W - 2 * PAD, SLIDE_H - 2 * PAD - 56)   # a picture's room: a caption line below
LABEL_PX = 18.5            # smallest graph label on the slide, in slide pixels
INTERNAL = re.compile(r"#\s*(?:noqa\b|type:\s*ignore|pragma\b|nbval|fmt:|pylint:|isort:|jupytext\b)"
                      r"|\b(?:static twin|without a kernel|the (?:build|kernel)|slides?\b|nbval)", re.I)


def strip_internal_comments(source):
    """``source`` without the comments that talk to tools or about how the notebook is
    built (``# noqa: E402``, ``# NBVAL_...``, ``# the static twin: ...``): they are
    noise on a slide.  A comment line of that kind goes; a trailing one is cut off.
    Code that Python cannot tokenize (an IPython magic) is returned as it is.
    """
    import io
    import tokenize
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)
                  if t.type == tokenize.COMMENT and INTERNAL.search(t.string)]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return source
    lines = source.split("\n")
    drop = set()
    for token in tokens:
        row, col = token.start
        before = lines[row - 1][:col].rstrip()
        if before:
            lines[row - 1] = before
        else:
            drop.add(row - 1)
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)


def markdown_blocks(source):
    """``source`` cut into blocks: headings, paragraphs, list items, tables, fenced code
    and display math, each kept whole."""
    blocks, current, fence, math = [], [], False, False

    def close():
        if current:
            blocks.append("\n".join(current))
            current.clear()

    for line in source.split("\n"):
        stripped = line.strip()
        if fence or math:
            current.append(line)
            if fence and stripped.startswith("```"):
                fence = False
            elif math and stripped.count("$$") % 2:
                math = False
            continue
        if stripped.startswith("```"):
            close()
            current.append(line)
            fence = True
        elif re.match(r"#{1,6} ", stripped):
            close()
            blocks.append(stripped)
        elif not stripped:
            close()
        elif LIST_ITEM.match(line) and current and not current[0].startswith("|"):
            close()               # a new top-level list item: a block of its own
            current.append(line)
        else:
            if stripped.startswith("$$") and stripped.count("$$") % 2 and not current:
                math = True
            current.append(line)
    close()
    return [b for b in blocks if b.strip()]


def visible_text(markdown):
    """Roughly the characters a reader sees: no link targets, tags or markup."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[*_`#>\[\]]|\\[a-zA-Z]+", "", text)


def block_height(block):
    """Estimated height (slide px) of one markdown block."""
    first = block.lstrip()
    heading = re.match(r"(#{1,6}) ", first)
    if heading:
        size = HEADING.get(len(heading.group(1)), 24)
        lines = -(-len(visible_text(first)) // int(SLIDE_W / (0.5 * size)))
        return round(lines * 1.2 * size + 0.35 * size) + CELL_GAP
    lines = block.split("\n")
    if first.startswith("```"):
        return len(lines) * CODE_LINE + 2 * CELL_GAP
    if first.startswith("$$"):
        body = block.replace("\n", " ")
        rows = 1 + body.count("\\\\")
        return rows * (70 if "\\frac" in body else 48) + CELL_GAP
    if first.startswith("|"):
        rows = [line for line in lines if not re.match(r"\|?\s*:?-", line.strip())]
        return len(rows) * 44 + CELL_GAP
    indent = 6 if LIST_ITEM.match(first) or first.startswith(">") else 0
    chars = TEXT_CHARS - indent
    height = sum(max(1, -(-len(visible_text(line)) // chars)) for line in " ".join(lines).split("<br>"))
    mathy = 1.15 if "$" in block else 1.0     # inline formulas make lines a little taller
    return round(height * TEXT_LINE * mathy) + CELL_GAP


def code_height(source, outputs, line=CODE_LINE):
    """Estimated height (slide px) of a code cell and its text outputs."""
    rows = sum(max(1, -(-len(text) // CODE_CHARS)) for text in source.split("\n")) if source else 0
    height = rows * line + 2 * CELL_GAP if source else 0
    for output in outputs:
        text = output.get("text") or output.get("data", {}).get("text/plain", "")
        if output.get("output_type") == "error":
            text = "\n".join(output.get("traceback", []))
        if "text/html" in output.get("data", {}):
            height += 2 * TEXT_LINE
        elif text:
            text = "".join(text) if isinstance(text, list) else text
            height += sum(max(1, -(-len(t) // CODE_CHARS)) for t in text.rstrip("\n").split("\n")) * CODE_LINE
            height += CELL_GAP
    return height


def split_code(source, most=MAX_CODE_LINES):
    """``source`` in pieces of at most ``most`` lines, cut at blank lines between
    top-level statements where possible."""
    lines = source.split("\n")
    pieces = []
    while len(lines) > most:
        cuts = [i for i in range(1, most + 1)
                if not lines[i - 1].strip() and (i >= len(lines) or not lines[i][:1].isspace())]
        cut = cuts[-1] if cuts else most
        pieces.append("\n".join(lines[:cut]).strip("\n"))
        lines = lines[cut:]
    pieces.append("\n".join(lines).strip("\n"))
    return [p for p in pieces if p]


def display_only(source):
    """True if ``source`` only imports and shows something: no code worth a slide."""
    import ast
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return False
    shown = {n.value.id for n in body if isinstance(n, ast.Expr) and isinstance(n.value, ast.Name)}
    for node in body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.Expr):
            call = node.value
            if isinstance(call, ast.Name) or isinstance(call, ast.Call):
                continue
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name) and node.targets[0].id in shown):
            continue
        return False
    return bool(body)


def picture_size(mime, data):
    """(width, height) in CSS px of an SVG (text) or PNG (base64) picture, and for an SVG
    the width of its drawing in its own units (its viewBox)."""
    if mime == "image/png":
        import struct
        raw = base64.b64decode(data[:64])
        width, height = struct.unpack(">II", raw[16:24])
        return width, height, width
    root = re.search(r"<svg\b[^>]*>", data).group(0)

    def length(name):
        m = re.search(rf'\b{name}="([\d.]+)(pt|px)?"', root)
        return float(m.group(1)) * (4 / 3 if m.group(2) == "pt" else 1) if m else None

    box = re.search(r'viewBox="([^"]+)"', root)
    units = [float(v) for v in box.group(1).replace(",", " ").split()] if box else None
    width = length("width") or (units[2] if units else 800)
    height = length("height") or (units[3] if units else 600)
    return width, height, units[2] if units else width


def is_graph(mime, data):
    """A computational graph drawn by teaching.graphs (it marks its nodes)."""
    return mime == "image/svg+xml" and 'class="g-node"' in data


def readable_graph(svg, width):
    """A graph drawn ``width`` px wide, its default (edge label) font enlarged if the
    labels would otherwise be smaller than LABEL_PX on the slide."""
    _, _, units = picture_size("image/svg+xml", svg)
    root = re.search(r"<svg\b[^>]*>", svg).group(0)
    size = re.search(r'font-size="(\d+)"', root)
    if not size:
        return svg
    need = math.ceil(LABEL_PX * units / width)
    if need <= int(size.group(1)):
        return svg
    bigger = root.replace(size.group(0), f'font-size="{need}"')
    return svg.replace(root, bigger, 1)


def figure_html(mime, data, width, caption="", note=""):
    """A picture drawn ``width`` px wide, as an embedded <img>, with its caption and note."""
    graph = is_graph(mime, data)
    if mime == "image/svg+xml":
        if graph:
            data = readable_graph(data, width)
        data = base64.b64encode(data.encode("utf-8")).decode("ascii")
    src = f"data:{mime};base64,{''.join(data.split())}"
    alt = html.escape(caption or "figure", quote=True)
    kind = " bp-graph" if graph else ""
    text = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (f'<figure class="bp-figure{kind}"><img src="{src}" alt="{alt}" '
            f'style="width:{width:.0f}px">{text}</figure>{note}')


def smallest_width(mime, data):
    """The narrowest a picture may be drawn: a graph so that its labels stay LABEL_PX,
    any other picture no smaller than its own size (or the slide's width)."""
    width, _, units = picture_size(mime, data)
    if is_graph(mime, data):
        root = re.search(r"<svg\b[^>]*>", data).group(0)
        size = re.search(r'font-size="(\d+)"', root)
        return min(FIGURE_BOX[0], units * LABEL_PX / int(size.group(1) if size else 16))
    return min(FIGURE_BOX[0], width)


class Slide:
    """Cells on one slide, and the height they are estimated to take."""

    def __init__(self, kind="text", title="", continued=False):
        self.kind, self.title, self.cells, self.used, self.source = kind, title, [], 0, None
        if continued and title:
            self.cells.append(nbformat.v4.new_markdown_cell(
                f'<p class="bp-continued">{html.escape(title)}, continued</p>'))
            self.used = CONTINUED

    def empty(self):
        return all("bp-continued" in c.source for c in self.cells if c.cell_type == "markdown") \
            and not any(c.cell_type == "code" for c in self.cells)

    def add_markdown(self, block, height, source):
        """Blocks of one markdown cell that share a slide stay one cell (one list, not several)."""
        last = self.cells[-1] if self.cells else None
        if last is not None and self.source is source and last.cell_type == "markdown":
            items = LIST_ITEM.match(block) and LIST_ITEM.match(last.source.split("\n\n")[-1])
            last.source += ("\n" if items else "\n\n") + block
        else:
            self.cells.append(nbformat.v4.new_markdown_cell(block))
        self.used += height
        self.source = source

    def add_cell(self, cell, height):
        self.cells.append(cell)
        self.used += height
        self.source = None


CONTINUED = 44             # the "..., continued" line


def slide_notebook(nb):
    """``nb`` cut into slides that fit (see the comment above SLIDE_W): a new notebook
    whose cells carry nbconvert's slide types; a slide that is one picture has
    ``data-bp="figure"``, one long piece of code ``data-bp="code"``."""
    slides = [Slide()]
    title = ""

    def start(kind="text", continued=True):
        slides.append(Slide(kind, title, continued and not slides[-1].empty()))
        return slides[-1]

    def room(height):
        """The slide to add ``height`` px to: the current one, or a new one."""
        current = slides[-1]
        if current.kind != "text" or current.used + height > ROOM:
            current = start()
        return current

    def figure(mime, data, caption="", note=""):
        width, height, _ = picture_size(mime, data)
        extra = (CONTINUED if caption else 0) + (2 * TEXT_LINE if note else 0) + CELL_GAP
        current = slides[-1]
        free = ROOM - current.used - extra
        narrowest = smallest_width(mime, data)
        if current.kind == "text" and not current.empty() and free * width / height >= narrowest:
            shown = min(FIGURE_BOX[0], free * width / height)
            current.add_cell(nbformat.v4.new_markdown_cell(
                figure_html(mime, data, shown, caption, note)), shown * height / width + extra)
            return
        alone = start("figure", continued=False)
        room_h = FIGURE_BOX[1] - (2 * TEXT_LINE if note else 0)
        shown = min(FIGURE_BOX[0], room_h * width / height)
        alone.add_cell(nbformat.v4.new_markdown_cell(figure_html(mime, data, shown, caption, note)),
                       ROOM)
        start("text")

    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for block in markdown_blocks(cell.source):
                heading = re.match(r"(#{1,6}) (.*)", block)
                if heading:
                    title = heading.group(2).strip()
                    start(continued=False).add_markdown(block, block_height(block), cell)
                    continue
                images = list(IMAGE.finditer(block))
                rest = IMAGE.sub("", block).strip() if images else block
                if rest:
                    height = block_height(rest)
                    room(height).add_markdown(rest, height, cell)
                for image in images:
                    src = image.group(2)
                    if src.startswith("data:image/"):
                        mime, data = src[5:].split(";base64,")
                        if mime == "image/svg+xml":
                            data = base64.b64decode(data).decode("utf-8")
                        alt = image.group(0)[2:image.group(0).index("](")]
                        figure(mime, data, caption=alt)
        elif cell.cell_type == "code":
            source = strip_internal_comments(cell.source)
            pictures, notes, texts = [], [], []
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                kind = next((k for k in PICTURES if k in data), None)
                if kind:
                    pictures.append((kind, data[kind]))
                elif "bp-live-note" in data.get("text/html", ""):
                    notes.append(data["text/html"])
                else:
                    texts.append(output)
            if pictures and not texts and display_only(source):
                source = ""          # only shows a picture: the picture is enough
            if source or texts:
                pieces = split_code(source) if source else [""]
                long = len(pieces) > 1 or code_height(source, texts) > ROOM - CONTINUED
                if long:             # each piece on a slide of its own, the output after the last
                    fits = code_height(pieces[-1], texts, LONG_CODE_LINE) <= ROOM - CONTINUED
                    for i, piece in enumerate(pieces):
                        last = i == len(pieces) - 1
                        part = nbformat.v4.new_code_cell(piece, outputs=texts if last and fits else [])
                        start("code").add_cell(part, ROOM)
                    start("text")
                    if texts and not fits:
                        source, pieces = "", [""]
                if not long or (texts and not fits):
                    part = nbformat.v4.new_code_cell(pieces[0], outputs=texts)
                    if not source:
                        part.metadata["transient"] = {"remove_source": True}
                    height = code_height(pieces[0], texts)
                    room(height).add_cell(part, height)
            paired = len(notes) == len(pictures)
            for i, (mime, data) in enumerate(pictures):
                figure(mime, data, note=notes[i] if paired else "")
            if not paired:
                for note in notes:   # a view with no picture: its note alone
                    room(2 * TEXT_LINE).add_cell(nbformat.v4.new_markdown_cell(note), 2 * TEXT_LINE)

    out = nbformat.v4.new_notebook(metadata=nb.metadata)
    for slide in slides:
        if slide.empty():
            continue
        for i, c in enumerate(slide.cells):
            c.metadata["slideshow"] = {"slide_type": "slide" if i == 0 else "-"}
            if i == 0 and slide.kind != "text":
                c.metadata["slideshow"]["data"] = {"bp": slide.kind}
        out.cells.extend(slide.cells)
    return out


def chapters(patterns=()):
    found = sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))
    if patterns:
        found = [p for p in found if any(pat in p.stem for pat in patterns)]
    return found


def package_dir(name, need):
    """The installed folder of package ``name`` (found without importing it)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"the Python package {name} is missing; it provides {need}. "
                         "Run `make slides` (it installs requirements.txt) or "
                         "`.venv/bin/python -m pip install -r requirements.txt`.")
    return Path(list(spec.submodule_search_locations)[0])


def copy_assets(out):
    """Copy reveal.js and MathJax beside the decks, once per build."""
    reveal_src = package_dir("sphinx_revealjs", "reveal.js") / "_static" / "revealjs"
    mathjax_src = package_dir("jupyter_server_mathjax", "MathJax") / "static"
    for needed in (reveal_src / "dist" / "reveal.js", mathjax_src / "MathJax.js"):
        if not needed.is_file():
            raise SystemExit(f"{needed} is missing: the installed package no longer ships it "
                             "where this script expects; install the versions in requirements.txt.")
    assets = out / ASSETS
    if assets.exists():
        shutil.rmtree(assets)
    reveal = assets / "reveal.js"
    for part in ["LICENSE", "dist/reveal.js", "dist/reveal.css", "dist/reset.css",
                 "dist/theme/white.css", "dist/theme/fonts/source-sans-pro",
                 "plugin/notes/notes.js"]:
        src, dst = reveal_src / part, reveal / part
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            shutil.copy2(src, dst)
    shutil.copytree(mathjax_src, assets / "mathjax")


# Anything a browser would fetch by itself: src=/href= of script, link and img tags,
# CSS url(...) and @import, ES module imports.  Plain links (<a href>) are fine.
LOADS = re.compile(r"""<(?:script|link|img|iframe|source|embed)\b[^>]*?\b(?:src|href)\s*=\s*["']?\s*(https?:)?//"""
                   r"""|url\(\s*["']?\s*(?:https?:)?//|@import\s+["']\s*(?:https?:)?//"""
                   r"""|\bimport\b[^;'"]*?\bfrom\s*["'](?:https?:)?//""", re.I)
COMMENTS = re.compile(r"/\*.*?\*/|<!--.*?-->", re.S)


def network_loads(html):
    """The places in ``html`` (comments ignored) where a browser would fetch from the network."""
    text = COMMENTS.sub("", html)
    return [text[m.start():m.start() + 120] for m in LOADS.finditer(text)]


def build(path, out):
    c = Config()
    c.SlidesExporter.extra_template_basedirs = [str(TEMPLATES)]
    c.SlidesExporter.template_name = "slides"
    c.SlidesExporter.reveal_url_prefix = f"{ASSETS}/reveal.js"
    c.SlidesExporter.reveal_theme = "white"
    c.SlidesExporter.reveal_transition = "none"
    c.SlidesExporter.reveal_number = "c/t"
    c.SlidesExporter.reveal_width = str(SLIDE_W)
    c.SlidesExporter.reveal_height = str(SLIDE_H)
    c.SlidesExporter.mathjax_url = f"{ASSETS}/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
    c.SlidesExporter.exclude_input_prompt = True  # no "In [3]:" column: more room on a slide
    c.SlidesExporter.exclude_output_prompt = True
    exporter = SlidesExporter(config=c)

    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)   # stored widget state: nothing here can render it
    # widget views become pictures and notes, markdown images data URLs; then the
    # notebook is cut into slides that fit
    notes = WidgetViewToNote()
    notes.chapter = path.stem.split("_")[0]
    images = EmbedImages()
    images.folder, images.missing = path.parent, []
    for i, cell in enumerate(nb.cells):
        notes.preprocess_cell(cell, {}, i)
        images.preprocess_cell(cell, {}, i)
    nb = slide_notebook(nb)
    body, _ = exporter.from_notebook_node(
        nb, resources={"metadata": {"name": path.stem, "path": str(path.parent)}})
    bad = network_loads(body)
    if bad:
        raise SystemExit(f"{path.name}: the deck would load from the network:\n  " + "\n  ".join(bad))
    target = out / f"{path.stem}.html"
    target.write_text(body, encoding="utf-8")
    for src in images.missing:
        print(f"warning: {path.name} shows {src}, which does not exist: run `make figures`")
    return target


SERIES = "Backprop notebooks"
NAVIGATION = ("<kbd>\u2192</kbd> (right arrow) or <kbd>Space</kbd>: next slide, every slide in order. "
              "<kbd>\u2190</kbd>: back. <kbd>Esc</kbd>: overview of every slide. "
              "<kbd>S</kbd>: speaker view. <kbd>F</kbd>: full screen.")
INDEX_STYLE = """
body { font-family: "Source Sans Pro", Helvetica, Arial, sans-serif; font-size: 22px;
       line-height: 1.45; color: #222222; max-width: 46em; margin: 2.5em auto; padding: 0 1.2em; }
h1 { font-size: 2.1em; margin: 0 0 0.1em; }
.subtitle { color: #555555; margin: 0 0 1.4em; }
ol { padding-left: 0; list-style: none; }
li { margin: 0.35em 0; }
a { color: #1a5fb4; text-decoration: none; }
a:hover, a:focus { text-decoration: underline; }
.how { background: #f4f4f4; border-left: 4px solid #9e9e9e; padding: 0.5em 0.9em; }
kbd { font-family: "DejaVu Sans Mono", monospace; font-size: 0.85em; border: 1px solid #bbbbbb;
      border-radius: 3px; padding: 0 0.3em; background: #ffffff; }
"""


def chapter_title(path):
    """The chapter's title: the first heading of its notebook (``# 6. The sigmoid layer``)."""
    if not path.is_file():
        return path.stem
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type == "markdown":
            for line in cell.source.split("\n"):
                heading = re.match(r"#{1,6}\s+(.*)", line.strip())
                if heading:
                    return heading.group(1).strip()
    return path.stem


def write_index(decks, out, notebooks=NOTEBOOKS):
    """``index.html``: the chapters by title, in reading order, and how to move in a deck."""
    items = "\n".join(
        f'  <li><a href="{d.name}">{html.escape(chapter_title(notebooks / (d.stem + ".ipynb")))}</a></li>'
        for d in sorted(decks))
    (out / "index.html").write_text(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\n"
        f"<title>{SERIES}: slides</title>\n"
        f'<link rel="stylesheet" href="{ASSETS}/reveal.js/dist/theme/fonts/source-sans-pro/source-sans-pro.css">\n'
        f"<style>{INDEX_STYLE}</style>\n</head>\n<body>\n"
        f"<h1>{SERIES}</h1>\n"
        "<p class=\"subtitle\">Backpropagation, built by hand: slides of every chapter "
        "(they work offline).</p>\n"
        f"<ol>\n{items}\n</ol>\n"
        f'<p class="how">{NAVIGATION}</p>\n'
        "</body>\n</html>\n", encoding="utf-8")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only notebooks whose name contains one of these")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT.relative_to(ROOT)})")
    args = parser.parse_args(argv)
    todo = chapters(args.names)
    if not todo:
        raise SystemExit("no notebooks matched: run `make notebooks` first")
    args.out.mkdir(parents=True, exist_ok=True)
    copy_assets(args.out)
    decks = [build(path, args.out) for path in todo]
    if not args.names:   # a full build: drop decks of notebooks that no longer exist
        for old in set(args.out.glob("[0-9]*.html")) - set(decks):
            old.unlink()
    write_index(sorted(args.out.glob("[0-9]*.html")), args.out)
    for deck in decks:
        print(f"wrote {deck}")
    print(f"open {args.out / 'index.html'} in a browser (works offline)")


if __name__ == "__main__":
    sys.exit(main())
