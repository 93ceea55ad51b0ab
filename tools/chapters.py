"""Where the chapters are, which one a learner means by "6", "06" or "sigmoid", and which
chapters were renamed (a learner's copy under an old name follows its chapter)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
SOLUTIONS = NOTEBOOKS / "solutions"

# Chapters renamed or renumbered since an earlier edition: old stem -> new stem.  The
# solutions notebooks follow (``<old>_solutions`` -> ``<new>_solutions``).  `make lab`
# moves a learner's copy under an old name to the new one (tools/lab.py, move_renamed).
RENAMED = {
    "07_common_mistakes": "10_common_mistakes",
    "08_affine_softmax": "07_affine_softmax",
    "09_two_layer_net": "08_two_layer_net",
}


def renames(renamed=RENAMED):
    """Every rename of a notebook, chapters and their solutions: {old stem: new stem}."""
    both = dict(renamed)
    both.update({f"{old}_solutions": f"{new}_solutions" for old, new in renamed.items()})
    return both


def chapters(notebooks=NOTEBOOKS):
    """The stored chapter notebooks, in order (solutions are not chapters)."""
    return sorted(Path(notebooks).glob("[0-9]*.ipynb"))


def solutions(notebooks=NOTEBOOKS):
    """The stored solutions notebooks, in order."""
    return sorted((Path(notebooks) / "solutions").glob("[0-9]*.ipynb"))


def find_chapter(name, notebooks=NOTEBOOKS):
    """The chapter notebook meant by ``name``: a number (``6``, ``06``) or part of its name."""
    name = str(name).strip().removesuffix(".ipynb")
    found = chapters(notebooks)
    if not name or any(c.isspace() or c in ",;" for c in name):
        raise SystemExit(f"one chapter at a time, e.g. `make fresh CHAPTER=05` (got {name!r}). "
                         f"Chapters: {', '.join(p.stem for p in found)}")
    if name.isdigit():
        matches = [p for p in found if p.stem.split("_")[0] == f"{int(name):02d}"]
    else:
        matches = [p for p in found if name.lower() in p.stem.lower()]
    if len(matches) != 1:
        listing = ", ".join(p.stem for p in found) or "none: run `make notebooks`"
        what = "no chapter" if not matches else "several chapters"
        raise SystemExit(f"{what} match {name!r}. Chapters: {listing}")
    return matches[0]
