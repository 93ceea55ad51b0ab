"""The layout rules that keep the project readable, checked."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "notebooks").glob("**/src/*.py"))


def imported_modules(path):
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add((node.module or "").split(".")[0])
    return names


def test_layers_is_pure_numpy():
    # learners read layers.py beside the book: no plotting or widget code in it
    assert imported_modules(ROOT / "layers.py") == {"numpy"}


def test_notebooks_import_layers_without_path_tricks():
    assert SOURCES
    for src in SOURCES:
        for line in src.read_text().splitlines():
            if re.search(r"sys\.path\.(insert|append)", line):
                # chapter 07 imports a throwaway module from a temp folder to show a
                # stale import; it says so beside the line. Nothing else may.
                assert "only for this demo" in line and "10_common_mistakes" in src.name, (
                    f"{src.name} edits sys.path; the editable install makes it unneeded")


def test_nothing_is_fetched_from_the_web():
    # figures are drawn by code; a markdown image or a fetch pointing at http(s) would break offline use
    remote = re.compile(r"!\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(https?://|<img[^>]+src=['\"]https?://|urlopen|requests\.get")
    for src in SOURCES:
        assert not remote.search(src.read_text()), f"{src.name} loads something from the web"
    for path in sorted((ROOT / "images").glob("*.svg")):
        # namespaces and doctypes name URLs but load nothing; an href would
        assert not re.search(r"href=[\"']https?://", path.read_text()), path.name
