"""Build the notebooks from their text sources and store them executed.

    python tools/build_notebooks.py            # every notebooks/**/src/*.py
    python tools/build_notebooks.py 05_relu    # only sources whose name contains "05_relu"
    python tools/build_notebooks.py --check    # fail if a stored notebook's cells differ from
                                               # its source

A source ``X/src/NAME.py`` (jupytext percent format) becomes ``X/NAME.ipynb``.
Each notebook runs top to bottom in a fresh kernel whose working directory is
the notebook's folder, exactly as nbval and a learner run it.  The build:

* gives every cell a slide type for the handouts: a markdown cell that opens
  with ``#`` or ``##`` starts a slide, ``###`` a sub-slide, any other cell
  continues the current slide (a type set in the source wins);
* refuses to store an error, a traceback or anything written to stderr
  (warnings included);
* renames widget model ids to counters, so rebuilding an unchanged
  notebook gives an identical file and diffs show only real changes;
* joins consecutive prints into one output (the kernel splits them
  differently from run to run);
* drops per-run timing metadata and gives cells ids made from their text.
"""

import argparse
import hashlib
import json
import re
import sys
import time
import uuid
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def sources(patterns):
    found = sorted(NOTEBOOKS.glob("**/src/*.py"))
    if patterns:
        found = [p for p in found if any(pat in p.stem for pat in patterns)]
    return found


def target(src):
    return src.parent.parent / (src.stem + ".ipynb")


def read_source(src):
    nb = jupytext.read(src)
    nb.metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    for cell in nb.cells:
        slide = cell.metadata.setdefault("slideshow", {})
        if "slide_type" not in slide:
            head = cell.source.lstrip()
            if cell.cell_type == "markdown" and re.match(r"#{1,2} ", head):
                slide["slide_type"] = "slide"
            elif cell.cell_type == "markdown" and head.startswith("### "):
                slide["slide_type"] = "subslide"
            else:
                slide["slide_type"] = "-"
    return nb


def check_outputs(nb, name):
    for i, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            bad = out.output_type == "error" or (
                out.output_type == "stream" and out.name == "stderr")
            if bad:
                text = out.get("text") or "\n".join(out.get("traceback", []))
                raise SystemExit(f"{name}: cell {i} wrote an error or to stderr:\n{text}")


def normalise(nb):
    seen = set()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
        # ids from the cell's text, so editing one cell changes only its own id
        base = hashlib.sha1(cell.source.encode()).hexdigest()[:8]
        cell_id, n = base, 1
        while cell_id in seen:
            cell_id, n = f"{base}-{n}", n + 1
        cell.id = cell_id
        seen.add(cell_id)
    text = json.dumps(nb)
    # widget model ids are random per run; number them in order of appearance
    ids = dict.fromkeys(re.findall(r"[0-9a-f]{32}", text))
    for n, old in enumerate(ids, start=1):
        text = text.replace(old, uuid.UUID(int=n).hex)
    nb = nbformat.from_dict(json.loads(text))
    nbformat.validator.normalize(nb)
    return nb


def merge_streams(outputs):
    """One output per run of prints: how the kernel splits them varies between runs."""
    merged = []
    for out in outputs:
        prev = merged[-1] if merged else None
        if (out.output_type == "stream" and prev is not None
                and prev.output_type == "stream" and prev.name == out.name):
            prev.text += out.text
        else:
            merged.append(out)
    return merged


def build(src):
    nb = read_source(src)
    start = time.perf_counter()
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(src.parent.parent)}}).execute()
    seconds = time.perf_counter() - start
    check_outputs(nb, src.name)
    nb = normalise(nb)
    nbformat.write(nb, target(src))
    print(f"built {target(src).relative_to(ROOT)} in {seconds:.1f} s")


def in_sync(src):
    """True if the stored notebook has exactly the source's cells."""
    want = read_source(src)
    have = nbformat.read(target(src), as_version=4)
    pairs = zip(want.cells, have.cells)
    return len(want.cells) == len(have.cells) and all(
        a.cell_type == b.cell_type and a.source == b.source
        and a.metadata == b.metadata for a, b in pairs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*",
                        help="build only sources whose name contains one of these")
    parser.add_argument("--check", action="store_true",
                        help="only check stored notebooks match their sources")
    args = parser.parse_args()
    todo = sources(args.names)
    if not todo:
        raise SystemExit("no notebook sources matched")
    if args.check:
        stale = [s for s in todo if not target(s).exists() or not in_sync(s)]
        for s in stale:
            print(f"{target(s).relative_to(ROOT)} is out of date: run `make notebooks`")
        sys.exit(1 if stale else 0)
    for src in todo:
        build(src)


if __name__ == "__main__":
    main()
