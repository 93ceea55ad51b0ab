"""Regenerate every figure in images/ from code:  python tools/make_figures.py [FOLDER]

Graph drawings come from graphs.py (the same SVG the live graph explorer
shows), plots from widgets.py (matplotlib).  Both are deterministic: running
this twice gives byte-identical files, so a diff in images/ is a real change.
"""

import sys
from pathlib import Path

from teaching import graphs
from teaching import shapes
from teaching import softmax_view
from teaching import widgets

ROOT = Path(__file__).resolve().parent.parent


def main(folder):
    folder.mkdir(parents=True, exist_ok=True)
    graphs.save_figures(folder)
    widgets.save_figures(folder)
    shapes.save_figures(folder)
    softmax_view.save_figures(folder)
    for path in sorted(folder.glob("*.svg")):
        print(path.relative_to(folder.parent) if folder.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "images")
