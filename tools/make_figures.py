"""Regenerate every figure in images/ from code:  python tools/make_figures.py [FOLDER]

Graph drawings come from teaching/examples.py (the same SVG the live graph
explorer shows); diagrams (matplotlib, through teaching/figures.py) from
teaching/affine_node.py.  Explorers' pictures, chapter 07's loss figure and chapter 08's
training figures are drawn in the notebooks themselves.  Both kinds are deterministic:
running this twice gives byte-identical files, so a diff in images/ is a real change.
"""

import sys
from pathlib import Path

from teaching import affine_node, examples
from tools.chapters import ROOT


def main(folder):
    folder.mkdir(parents=True, exist_ok=True)
    examples.save_figures(folder)
    affine_node.save_figures(folder)
    for path in sorted(folder.glob("*.svg")):
        print(path.relative_to(folder.parent) if folder.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "images")
