"""Lecture view: one chapter as a page of text, figures and live widgets, without code.

    python -m tools.lecture 06              # also: 6, sigmoid, 06_sigmoid
    make lecture CHAPTER=06                 # the same
    python -m tools.lecture 06 --port 9000 --no-browser

Runs Voila on ``notebooks/NN_name.ipynb`` on this machine only (127.0.0.1): it
executes the notebook in a fresh kernel, hides every code cell and serves the
rest, sliders and buttons live, with large type and wide figures for a projector
(``tools/templates/voila/templates/bp-lecture``).  The exercises are left out: they
are for learners working alone.  Voila cannot serve the notebooks' ``../images/``
figures, so it is given a copy in ``build/lecture/`` with the figures embedded.
Nothing is fetched from the network.  It prints the address and opens it in the
default browser (unless ``--no-browser``); Ctrl-C stops the server and its kernel.
"""

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat

from teaching.reveal import LECTURE, PLEASE
from tools import processes
from tools.chapters import ROOT, chapters, find_chapter
from tools.markdown_images import embed_images

DATA = Path(__file__).resolve().parent / "templates"   # holds voila/templates/bp-lecture
COPIES = ROOT / "build" / "lecture"   # beside notebooks/, so "../" means the same folder
TEMPLATE = "bp-lecture"
HOST = "127.0.0.1"
FIRST_PORT = 8866   # Voila's usual port


def port_is_free(port):
    return processes.port_is_free(port, HOST)


def free_port(start=FIRST_PORT):
    try:
        return processes.free_port(start, HOST)
    except OSError as err:
        raise SystemExit(f"{err}: pass --port") from None


def heading(cell):
    """(level, title) of a markdown cell that starts with a heading, else None."""
    if cell.cell_type != "markdown":
        return None
    match = re.match(r"(#{1,6})\s+(.*)", cell.source.lstrip())
    return (len(match.group(1)), match.group(2).strip()) if match else None


def without_exercises(cells):
    """``cells`` without the exercises: from an "Exercises" heading up to the next
    heading of the same or a higher level that is not an exercise (or the end).

    Exercises are for learners at their own pace; in front of a room their empty
    answers would only print "Not yet ... False".
    """
    kept, level = [], None          # level: of the "Exercises" heading being skipped
    for cell in cells:
        found = heading(cell)
        if found and (level is None or found[0] <= level):
            is_exercise = re.match(r"exercises?\b", found[1], re.IGNORECASE)
            level = found[0] if is_exercise else None
        if level is None:
            kept.append(cell)
    return kept


# the fixed part of teaching.reveal's request for a prediction
WAITING = PLEASE.split("{name}")[1].strip()


def awaits_the_learner(cell):
    """True for a code cell whose stored output waits for the learner: a check's "Not
    attempted yet", or a prediction still to be written (teaching.reveal's request)."""
    if cell.cell_type != "code":
        return False
    for output in cell.get("outputs", []):
        text = output.get("text") or output.get("data", {}).get("text/plain", "")
        text = "".join(text)
        if text.startswith("Not attempted yet") or WAITING in text:
            return True
    return False


def lecture_copy(notebook):
    """A copy of ``notebook`` in build/lecture/, without its exercises, with its figures
    inside the markdown.

    Voila looks markdown images up from its root folder and cannot serve
    ``../images/``; embedded, they need no serving at all.  Voila runs the copy's
    code again, so dropping the exercise cells also drops their checks; a check of a
    step the learner builds in the main text (its stored verdict says "Not attempted
    yet"), or a cell that waits for a prediction (teaching.reveal), keeps its code (later
    cells may need it) but not its stored output: Voila runs the copy with ``LECTURE`` set,
    where a check prints nothing and a prediction's cell shows a "Show the answer" button.
    """
    nb = nbformat.read(notebook, as_version=4)
    nb.cells = without_exercises(nb.cells)
    for cell in nb.cells:
        if awaits_the_learner(cell):
            cell.outputs = []   # kept, since later cells may need its code; Voila runs it
            #                     in lecture mode (LECTURE below)
    missing = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = embed_images(cell.source, notebook.parent, missing)
    for src in missing:
        print(f"warning: {notebook.name} shows {src}, which does not exist: run `make figures`")
    COPIES.mkdir(parents=True, exist_ok=True)
    copy = COPIES / notebook.name
    nbformat.write(nb, copy)
    return copy


def voila_command(notebook, port, open_browser):
    command = [sys.executable, "-m", "voila", notebook.name,
               f"--port={port}", "--Voila.port_retries=0", f"--Voila.ip={HOST}",
               f"--template={TEMPLATE}", "--theme=light", "--strip_sources=True",
               "--VoilaConfiguration.show_tracebacks=True"]
    if not open_browser:
        command.append("--no-browser")
    return command


def voila_env():
    """The environment for Voila: our template folder first on JUPYTER_PATH."""
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(DATA), env.get("JUPYTER_PATH")]))
    env[LECTURE] = "1"       # nobody types predictions on a projector: answers on a click
    return env


def wait_until_listening(port, process, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(0.5)
            if sock.connect_ex((HOST, port)) == 0:
                return True
        time.sleep(0.2)
    return False


def stop(process, timeout=15.0):
    """Ask Voila to stop (on SIGTERM it shuts its kernels down), then make sure they are gone."""
    processes.stop(process, signal.SIGTERM, timeout)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapter", nargs="?",
                        help="chapter number (6 or 06) or part of its name (sigmoid)")
    parser.add_argument("--port", type=int,
                        help=f"port on {HOST} (default: {FIRST_PORT} or the next free one)")
    parser.add_argument("--no-browser", action="store_true", help="only print the address")
    args = parser.parse_args(argv)

    if not args.chapter:
        listing = ", ".join(p.stem for p in chapters())
        raise SystemExit(f"which chapter? e.g. `make lecture CHAPTER=06` or "
                         f"`python -m tools.lecture 06`. Chapters: {listing}")
    notebook = find_chapter(args.chapter)
    port = args.port or free_port()
    if not port_is_free(port):
        raise SystemExit(f"port {port} is in use: choose another with --port")
    url = f"http://{HOST}:{port}/"
    print(f"Starting the lecture view of {notebook.name} ...", flush=True)
    copy = lecture_copy(notebook)
    process = subprocess.Popen(voila_command(copy, port, not args.no_browser),
                               cwd=copy.parent, env=voila_env())
    # a polite stop from outside (e.g. a test, or `kill`) also stops Voila and its kernel
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        if not wait_until_listening(port, process):
            raise SystemExit("Voila did not start; see its messages above.")
        print(f"Lecture view of {notebook.stem}: {url}  (Ctrl-C to stop; Ctrl +/- in the browser "
              "to zoom)", flush=True)
        return process.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        stop(process)


if __name__ == "__main__":
    sys.exit(main())
