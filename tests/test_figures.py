"""images/ is exactly what the drawing code makes today, and making it is repeatable."""

import filecmp
import re
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest

ROOT = Path(__file__).resolve().parent.parent
IMAGES = sorted((ROOT / "images").glob("*.svg"))


def make(folder):
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_figures.py"), str(folder)],
                   check=True, capture_output=True)
    return sorted(p.name for p in folder.glob("*.svg"))


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    folder = tmp_path_factory.mktemp("figures")
    make(folder)
    return folder


def test_making_figures_is_deterministic(fresh, tmp_path):
    names = sorted(p.name for p in fresh.glob("*.svg"))
    assert names, "make_figures wrote no figure"
    assert make(tmp_path) == names
    for name in names:
        assert filecmp.cmp(fresh / name, tmp_path / name, shallow=False), \
            f"{name} differs between runs"


def test_images_holds_exactly_the_figures_the_code_makes(fresh):
    assert [p.name for p in IMAGES] == sorted(p.name for p in fresh.glob("*.svg")), (
        "images/ holds figures the code no longer makes (or misses some): run `make figures`")


@pytest.mark.parametrize("stored", IMAGES, ids=lambda p: p.name)
def test_stored_figure_is_current(stored, fresh):
    made_with = re.search(r"Matplotlib v([\w.+-]+)", stored.read_text())
    if made_with and made_with.group(1) != matplotlib.__version__:
        pytest.skip(f"{stored.name} was drawn by matplotlib {made_with.group(1)}, this is "
                    f"{matplotlib.__version__}, whose SVG differs in detail; compared only there")
    assert filecmp.cmp(fresh / stored.name, stored, shallow=False), (
        f"images/{stored.name} is stale: run `make figures`")
