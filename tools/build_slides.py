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
import importlib.util
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
    c.SlidesExporter.reveal_width = "1200"
    c.SlidesExporter.reveal_height = "800"
    c.SlidesExporter.mathjax_url = f"{ASSETS}/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
    c.SlidesExporter.exclude_input_prompt = True  # no "In [3]:" column: more room on a slide
    c.SlidesExporter.exclude_output_prompt = True
    exporter = SlidesExporter(config=c)
    notes = WidgetViewToNote()
    notes.chapter = path.stem.split("_")[0]
    exporter.register_preprocessor(notes, enabled=True)
    images = EmbedImages()
    images.folder, images.missing = path.parent, []
    exporter.register_preprocessor(images, enabled=True)

    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)   # stored widget state: nothing here can render it
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


def write_index(decks, out):
    items = "\n".join(f'  <li><a href="{d.name}">{d.stem}</a></li>' for d in decks)
    (out / "index.html").write_text(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">"
        "<title>Backprop notebooks: slides</title></head>\n<body>\n"
        "<h1>Backprop notebooks: slides</h1>\n<ul>\n" + items + "\n</ul>\n"
        "<p>Arrow keys move between slides, S opens the speaker view, Esc the overview.</p>\n"
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
