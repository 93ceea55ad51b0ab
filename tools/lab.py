"""`make lab`: JupyterLab on the series, the way a learner uses it.

    python -m tools.lab                  # what `make lab` runs
    python -m tools.lab --fresh 05       # what `make fresh CHAPTER=05` runs
    python -m tools.lab -- --ip=0.0.0.0  # anything after -- goes to JupyterLab

* The server's root is the repository, so every notebook's ``../images/`` figures
  and its ``../layers.py`` link work, and ``layers.py`` is in the file browser.
* Learners work in their own copies: on first use each chapter
  (``notebooks/NN_name.ipynb``) is copied into ``my-notebooks/`` (ignored by git),
  never over a copy that exists.  The stored notebooks stay the course, so a
  learner's answers neither turn ``make test`` red nor block ``git pull``.
  ``--fresh 05`` puts a fresh copy of one chapter there and keeps the old one
  beside it under another name.  Each copy records the hash of the chapter it came
  from, so a later start can say which chapters changed since.
* Settings come from ``tools/jupyterlab/`` (Ctrl-C stops at once, root allowed,
  no start-up noise; see the comments there), put on ``JUPYTER_CONFIG_PATH``.
  The browser tests start JupyterLab through this same module.
* A server already running on this repository is reused: its address is printed
  and opened, and no second server (with second kernels) is started.

The series' own notebooks are trusted (as ``jupyter trust`` does), so JupyterLab
shows their stored SVG figures before any cell is run.
"""

import argparse
import hashlib
import json
import os
import sys
import time
import webbrowser
from contextlib import contextmanager
from pathlib import Path

from tools.chapters import NOTEBOOKS, ROOT, chapters, find_chapter

CONFIG = Path(__file__).resolve().parent / "jupyterlab"
COPIES = ROOT / "my-notebooks"     # beside notebooks/: "../images/x.svg" works from both
START = "00_start_here.ipynb"
MARK = "backprop_notebooks"        # notebook metadata key of a learner's copy


# ------------------------------------------------------------------ working copy
def digest(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@contextmanager
def notary():
    """Jupyter's notary, which trusts notebooks (its database is closed after use)."""
    from nbformat.sign import NotebookNotary
    signer = NotebookNotary()
    try:
        yield signer
    finally:
        signer.store.close()


def write_copy(chapter, copy, signer):
    """Copy one chapter notebook for the learner: trusted, and marked with its source's hash."""
    import nbformat

    nb = nbformat.read(chapter, as_version=4)
    nb.metadata[MARK] = {"copied_from": chapter.relative_to(ROOT).as_posix(),
                         "sha256": digest(chapter)}
    signer.sign(nb)
    copy.parent.mkdir(exist_ok=True)
    nbformat.write(nb, copy)


def copy_new_chapters(copies=COPIES):
    """Copy every chapter that has no copy in ``copies`` yet; return the new copies."""
    made = []
    with notary() as signer:
        for chapter in chapters():
            copy = copies / chapter.name
            if not copy.exists():
                write_copy(chapter, copy, signer)
                made.append(copy)
    return made


def changed_since_copied(copies=COPIES):
    """Chapters whose stored notebook changed since the learner's copy was made."""
    changed = []
    for chapter in chapters():
        copy = copies / chapter.name
        try:
            mark = json.loads(copy.read_text()).get("metadata", {}).get(MARK, {})
        except (OSError, ValueError):
            continue
        if mark.get("sha256") and mark["sha256"] != digest(chapter):
            changed.append(chapter)
    return changed


def fresh(name, copies=COPIES, now=None):
    """A fresh copy of one chapter; the learner's old copy is renamed, never deleted.

    Returns (new copy, kept old copy or None)."""
    chapter = find_chapter(name)
    copy = copies / chapter.name
    kept = None
    if copy.exists():
        stamp = time.strftime("%Y-%m-%d_%H-%M-%S", time.localtime(now))
        kept = copy.with_name(f"{chapter.stem}.kept-{stamp}.ipynb")
        copy.rename(kept)
    with notary() as signer:
        write_copy(chapter, copy, signer)
    return copy, kept


def trust_stored_notebooks():
    """Trust the series' own notebooks (not the learner's: JupyterLab signs those on save)."""
    import nbformat

    with notary() as signer:
        for path in sorted(NOTEBOOKS.glob("*.ipynb")) + sorted(NOTEBOOKS.glob("solutions/*.ipynb")):
            # read without schema validation (the tests validate them): seconds faster a start
            nb = nbformat.from_dict(json.loads(path.read_text()))
            if not signer.check_signature(nb):
                signer.sign(nb)


# ------------------------------------------------------------------ the server
def running_server(root=ROOT):
    """The info of a Jupyter server already serving ``root`` (from Jupyter's runtime
    folder), or None."""
    from jupyter_server.serverapp import list_running_servers
    for info in list_running_servers():
        if Path(info.get("root_dir", "")).resolve() == Path(root).resolve():
            return info
    return None


def address(info, path):
    """The browser address of ``path`` (relative to the root) on a running server."""
    url = f"{info['url'].rstrip('/')}/lab/tree/{path}"
    return f"{url}?token={info['token']}" if info.get("token") else url


def environment(base=None):
    """The environment of the server: our config folder after the learner's own."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(
        filter(None, [env.get("JUPYTER_CONFIG_PATH"), str(CONFIG)]))
    return env


def command(start, open_browser=True, extra=(), root=ROOT):
    """The JupyterLab command line: ``root`` (the repository) served, ``start`` opened first."""
    cmd = [sys.executable, "-m", "jupyterlab",
           f"--ServerApp.root_dir={root}",
           # the page the browser opens (and where "/" leads): the start notebook
           f"--LabApp.default_url=/lab/tree/{start}"]
    if not open_browser:
        cmd.append("--no-browser")
    return cmd + list(extra)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", metavar="CHAPTER",
                        help="put a fresh copy of one chapter in my-notebooks/ "
                             "(the old one is kept)")
    parser.add_argument("--no-browser", action="store_true", help="only print the address")
    parser.add_argument("--no-copy", action="store_true",
                        help="open the stored notebooks, not my-notebooks/ (the browser tests do)")
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="serve this folder instead of the repository (the latency benchmark "
                             "serves its throw-away notebook)")
    parser.add_argument("jupyterlab_args", nargs="*", metavar="-- JUPYTERLAB_ARGS",
                        help="passed on to JupyterLab, e.g. -- --port=9000")
    args = parser.parse_args(argv)

    if args.fresh:
        copy, kept = fresh(args.fresh)
        where = copy.relative_to(ROOT)
        print(f"{where}: a fresh copy of the chapter"
              + (f"; your previous copy is now {kept.relative_to(ROOT)}" if kept else ""))
        return 0

    if args.no_copy:
        start = f"notebooks/{START}"
    else:
        made = copy_new_chapters()
        if made:
            names = ", ".join(p.stem.split("_")[0] for p in made)
            print(f"Your own copies of chapters {names} are in {COPIES.name}/: "
                  "change and save them freely.")
        for chapter in changed_since_copied():
            number = chapter.stem.split("_")[0]
            print(f"note: chapter {chapter.stem} has changed since you copied it; "
                  f"`make fresh CHAPTER={number}` gets the new one (yours is kept)")
        start = f"{COPIES.name}/{START}"

    info = running_server(args.root)
    if info:
        url = address(info, start)
        print(f"JupyterLab is already running on this folder (process {info['pid']}):\n    {url}\n"
              "Ctrl-C in the terminal where it started stops it.")
        if not args.no_browser:
            webbrowser.open(url)
        return 0

    trust_stored_notebooks()
    print("Starting JupyterLab on this folder; Ctrl-C stops it.", flush=True)
    cmd = command(start, not args.no_browser, args.jupyterlab_args, args.root.resolve())
    # the server takes this process's place: Ctrl-C and signals reach it directly
    os.execve(cmd[0], cmd, environment())


if __name__ == "__main__":
    sys.exit(main())
