"""images/ is exactly what the drawing code makes today, and making it is repeatable."""

import filecmp
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make(folder):
    subprocess.run([sys.executable, str(ROOT / "tools" / "make_figures.py"), str(folder)],
                   check=True, capture_output=True)
    return sorted(p.name for p in folder.glob("*.svg"))


def test_images_are_current_and_deterministic(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    names = make(first)
    assert names, "make_figures wrote no figure"
    assert make(second) == names
    for name in names:
        assert filecmp.cmp(first / name, second / name, shallow=False), f"{name} differs between runs"
        assert filecmp.cmp(first / name, ROOT / "images" / name, shallow=False), (
            f"images/{name} is stale: run `make figures`")
    assert sorted(p.name for p in (ROOT / "images").glob("*.svg")) == names, (
        "images/ holds figures the code no longer makes (or misses some): run `make figures`")
