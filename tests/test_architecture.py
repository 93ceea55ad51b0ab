"""The layout rules that keep the project readable, checked."""

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest

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
    # figures are drawn by code; a markdown image or a fetch pointing at http(s) would break
    # offline use
    remote = re.compile(r"!\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(https?://|<img[^>]+src=['\"]https?://|urlopen|requests\.get")
    for src in SOURCES:
        assert not remote.search(src.read_text()), f"{src.name} loads something from the web"
    for path in sorted((ROOT / "images").glob("*.svg")):
        # namespaces and doctypes name URLs but load nothing; an href would
        assert not re.search(r"href=[\"']https?://", path.read_text()), path.name


# --- nothing private crosses a module boundary ------------------------------------------
# The project's own modules: the root modules, the teaching package, the tools, the
# benchmarks and the chapters' sources.  Tests are left out on purpose: a test may look
# inside the module it tests (its private helpers, a widget's _dom_classes).
PROJECT = sorted([ROOT / "layers.py", ROOT / "network.py",
                  *(ROOT / "teaching").rglob("*.py"), *(ROOT / "tools").rglob("*.py"),
                  *(ROOT / "benchmarks").glob("*.py"), *SOURCES])
PACKAGES = {"layers", "network", "teaching", "tools"}


def is_private(name):
    # _name, not a dunder (__init__) nor a protocol hook that ends in _ (_repr_png_)
    return name.startswith("_") and not name.endswith("_")


def private_names_defined(tree):
    """Underscore names a module defines: top-level, in class bodies, or as self._x."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            names.add(node.attr)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return {n for n in names if is_private(n)}


def test_no_module_uses_another_modules_private_names():
    trees = {path: ast.parse(path.read_text()) for path in PROJECT}
    defined = {path: private_names_defined(tree) for path, tree in trees.items()}
    problems = []
    for path, tree in trees.items():
        where = path.relative_to(ROOT)
        elsewhere = set().union(*(d for p, d in defined.items() if p != path)) - defined[path]
        for node in ast.walk(tree):
            if (isinstance(node, ast.ImportFrom) and node.level == 0
                    and (node.module or "").split(".")[0] in PACKAGES):
                problems += [f"{where}:{node.lineno} imports {node.module}.{a.name}"
                             for a in node.names if is_private(a.name)]
            elif (isinstance(node, ast.Attribute) and node.attr in elsewhere
                    and not (isinstance(node.value, ast.Name)
                             and node.value.id in ("self", "cls"))):
                problems.append(f"{where}:{node.lineno} uses .{node.attr} of another module")
    assert not problems, "private names cross a module boundary:\n" + "\n".join(problems)


# --- no stray binaries -------------------------------------------------------------------
MAX_BYTES = 1_000_000
# Files meant to be larger than MAX_BYTES, each with its reason.  None today: the largest
# tracked files are the stored notebooks (under 0.4 MB each).
LARGE_FILES = {}


def test_no_tracked_file_is_over_a_megabyte():
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout (or no git): cannot list the tracked files")
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                            check=True).stdout.decode().split("\0")
    big = {name: (ROOT / name).stat().st_size for name in listed
           if name and (ROOT / name).is_file() and (ROOT / name).stat().st_size > MAX_BYTES}
    unexpected = {name: size for name, size in big.items() if name not in LARGE_FILES}
    assert not unexpected, (f"tracked files over {MAX_BYTES:,} bytes: {unexpected}; "
                            "remove them (build output belongs in build/, ignored) or list "
                            "them in LARGE_FILES with the reason")


def test_every_figure_in_images_is_shown_somewhere():
    """images/ holds what a chapter, its solutions or a README shows: no stale figures."""
    readers = SOURCES + [ROOT / "README.md", ROOT / "benchmarks" / "README.md"]
    text = "\n".join(path.read_text() for path in readers if path.exists())
    unused = [p.name for p in sorted((ROOT / "images").iterdir()) if p.name not in text]
    assert not unused, f"figures nothing shows: {unused}; remove them and what makes them"
