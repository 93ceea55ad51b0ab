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
* the figures of markdown cells are embedded in the HTML (``tools/markdown_images.py``);
* a live widget cannot run without a kernel, so each widget view is replaced by the
  picture the explorer stored beside it and a short note;
* the build refuses to write a deck that would fetch anything over http(s)
  (``tools/offline.py``).

Slides are cut to fit by ``tools/slide_layout.py``; this module turns widget views
into their pictures, renders each deck with nbconvert and writes the index.
"""

import argparse
import html
import re
import sys
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from traitlets.config import Config

from tools import chapters as chapter_files
from tools.chapters import NOTEBOOKS, ROOT
from tools.markdown_images import embed_images
from tools.offline import ASSETS, copy_assets, network_loads
from tools.slide_layout import PICTURES, SLIDE_H, SLIDE_W, slide_notebook

OUT = ROOT / "build" / "slides"
TEMPLATES = Path(__file__).resolve().parent / "templates"   # holds slides/ (this deck's template)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LIVE_NOTE = ('<p class="bp-live-note">Live explorer: run this notebook in JupyterLab '
             '(<code>make lab</code>) or in the lecture view '
             '(<code>make lecture CHAPTER={chapter}</code>) to use it.</p>')


def widget_views_to_pictures(cell, chapter):
    """Replace each live widget view of ``cell`` by the picture stored with it (an explorer
    keeps one beside its view) and, under it, a short note; a view with no picture becomes
    the note alone. Without a kernel the view would be an empty box."""
    if "outputs" not in cell:
        return
    note = {"output_type": "display_data", "metadata": {},
            "data": {"text/html": LIVE_NOTE.format(chapter=chapter)}}
    outputs = []
    for output in cell.outputs:
        data = output.get("data", {})
        if WIDGET_VIEW in data:
            pictures = {k: v for k, v in data.items() if k in PICTURES}
            if pictures:
                outputs.append(nbformat.from_dict(dict(output, data=pictures)))
            outputs.append(nbformat.from_dict(note))
        else:
            outputs.append(output)
    cell.outputs = outputs


def chapters(patterns=()):
    """The chapter notebooks, or those whose name contains one of ``patterns``."""
    found = chapter_files.chapters()
    if patterns:
        found = [p for p in found if any(pat in p.stem for pat in patterns)]
    return found


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
    c.SlidesExporter.mathjax_url = (f"{ASSETS}/mathjax/MathJax.js"
                                   "?config=TeX-AMS-MML_HTMLorMML-full,Safe")
    c.SlidesExporter.exclude_input_prompt = True  # no "In [3]:" column: more room on a slide
    c.SlidesExporter.exclude_output_prompt = True
    exporter = SlidesExporter(config=c)

    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)   # stored widget state: nothing here can render it
    # widget views become pictures and notes, markdown images data URLs; then the
    # notebook is cut into slides that fit
    missing = []
    for cell in nb.cells:
        widget_views_to_pictures(cell, path.stem.split("_")[0])
        if cell.cell_type == "markdown":
            cell.source = embed_images(cell.source, path.parent, missing)
    nb = slide_notebook(nb)
    body, _ = exporter.from_notebook_node(
        nb, resources={"metadata": {"name": path.stem, "path": str(path.parent)}})
    bad = network_loads(body)
    if bad:
        raise SystemExit(f"{path.name}: the deck would load from the network:\n  "
                         + "\n  ".join(bad))
    target = out / f"{path.stem}.html"
    target.write_text(body, encoding="utf-8")
    for src in missing:
        print(f"warning: {path.name} shows {src}, which does not exist: run `make figures`")
    return target


SERIES = "Backprop notebooks"
NAVIGATION = ("<kbd>\u2192</kbd> (right arrow) or <kbd>Space</kbd>: next slide, "
              "every slide in order. "
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
        f'  <li><a href="{d.name}">'
        f'{html.escape(chapter_title(notebooks / (d.stem + ".ipynb")))}</a></li>'
        for d in sorted(decks))
    (out / "index.html").write_text(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\">\n"
        f"<title>{SERIES}: slides</title>\n"
        f'<link rel="stylesheet" '
        f'href="{ASSETS}/reveal.js/dist/theme/fonts/source-sans-pro/source-sans-pro.css">\n'
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
    parser.add_argument("--out", type=Path, default=OUT,
                        help=f"output folder (default {OUT.relative_to(ROOT)})")
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
