"""Slides that work offline: a local reveal.js and MathJax beside the decks, and the
check that a page fetches nothing from the network (also used for the lecture view)."""

import importlib.util
import re
import shutil
from pathlib import Path

__all__ = ["ASSETS", "copy_assets", "network_loads", "package_dir"]

ASSETS = "_assets"     # the folder beside the decks that holds reveal.js and MathJax


def package_dir(name, need):
    """The installed folder of package ``name`` (found without importing it)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"the Python package {name} is missing; it provides {need}. "
                         "Run `make slides` (it installs requirements.txt) or "
                         "`.venv/bin/python -m pip install -r requirements.txt`.")
    return Path(list(spec.submodule_search_locations)[0])


def copy_assets(out):
    """Copy reveal.js and MathJax beside the decks, once per build."""
    reveal_src = package_dir("sphinx_revealjs", "reveal.js") / "_static" / "revealjs"
    mathjax_src = package_dir("jupyter_server_mathjax", "MathJax") / "static"
    for needed in (reveal_src / "dist" / "reveal.js", mathjax_src / "MathJax.js"):
        if not needed.is_file():
            raise SystemExit(f"{needed} is missing: the installed package no longer ships it "
                             "where this script expects; install the versions in requirements.txt.")
    assets = out / ASSETS
    if assets.exists():
        shutil.rmtree(assets)
    reveal = assets / "reveal.js"
    for part in ["LICENSE", "dist/reveal.js", "dist/reveal.css", "dist/reset.css",
                 "dist/theme/white.css", "dist/theme/fonts/source-sans-pro",
                 "plugin/notes/notes.js"]:
        src, dst = reveal_src / part, reveal / part
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst)
        else:
            shutil.copy2(src, dst)
    shutil.copytree(mathjax_src, assets / "mathjax")


# Anything a browser would fetch by itself: src=/href= of script, link and img tags,
# CSS url(...) and @import, ES module imports.  Plain links (<a href>) are fine.
LOADS = re.compile(r"""<(?:script|link|img|iframe|source|embed)\b[^>]*?"""
                   r"""\b(?:src|href)\s*=\s*["']?\s*(https?:)?//"""
                   r"""|url\(\s*["']?\s*(?:https?:)?//|@import\s+["']\s*(?:https?:)?//"""
                   r"""|\bimport\b[^;'"]*?\bfrom\s*["'](?:https?:)?//""", re.I)
COMMENTS = re.compile(r"/\*.*?\*/|<!--.*?-->", re.S)


def network_loads(html):
    """The places in ``html`` (comments ignored) where a browser would fetch from the network."""
    text = COMMENTS.sub("", html)
    return [text[m.start():m.start() + 120] for m in LOADS.finditer(text)]
