"""Where the chapters are, and which one a learner means by "6", "06" or "sigmoid"."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


def chapters():
    """The stored chapter notebooks, in order (solutions are not chapters)."""
    return sorted(NOTEBOOKS.glob("[0-9]*.ipynb"))


def find_chapter(name):
    """The chapter notebook meant by ``name``: a number (``6``, ``06``) or part of its name."""
    name = str(name).strip().removesuffix(".ipynb")
    found = chapters()
    if name.isdigit():
        matches = [p for p in found if p.stem.split("_")[0] == f"{int(name):02d}"]
    else:
        matches = [p for p in found if name.lower() in p.stem.lower()]
    if len(matches) != 1:
        listing = ", ".join(p.stem for p in found) or "none: run `make notebooks`"
        what = "no chapter" if not matches else "several chapters"
        raise SystemExit(f"{what} match {name!r}. Chapters: {listing}")
    return matches[0]
