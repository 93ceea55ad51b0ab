"""Chapter 00's set-up check: does this kernel have what the notebooks import?

``check_set_up()`` must run in a kernel that lacks what it checks for, so this module
imports only the standard library.
"""

import importlib
import os
import platform
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

# What the notebooks import, with the oldest version they are tested with
# (the lower bounds of requirements.txt).  JupyterLab is not here: the kernel never
# imports it, and a notebook may run in classic Notebook, JupyterHub or VS Code.
NEEDED = {"numpy": "2.2", "matplotlib": "3.10", "ipywidgets": "8.1.5", "bqplot": "0.13.1",
          "scikit-learn": "1.5", "threadpoolctl": "3.1"}

WHAT_TO_DO = "see the last section of this notebook, 'If the first cell is not ok'."
COPIES = Path(__file__).resolve().parents[1] / "my-notebooks"   # made by make lab


def as_tuple(text):
    """'8.1.5' -> (8, 1, 5); parts that are not plain numbers ('0rc1') are dropped."""
    return tuple(int(part) for part in text.split(".")[:3] if part.isdigit())


def package_status(package, oldest):
    """(installed version or '-', 'ok' / 'missing' / 'too old, needs >= ...')."""
    try:
        have = version(package)
    except PackageNotFoundError:
        return "-", "missing"
    if as_tuple(have) < as_tuple(oldest):
        return have, f"too old, needs >= {oldest}"
    return have, "ok"


def imported(name):
    """The module ``name`` imported, or an error message saying why it does not import."""
    try:
        return importlib.import_module(name)
    except Exception as err:   # any failure here is what the learner must see
        return f"does not import: {type(err).__name__}: {err}"


def repository_status():
    """{'layers.py': ..., 'network.py': ...}: 'ok' if the module imports (and layers.py
    computes the book's apple price, 100 yen x 2 apples x 1.1 tax = 220), otherwise what
    went wrong."""
    layers, network = imported("layers"), imported("network")
    status = {"layers.py": layers if isinstance(layers, str) else "ok",
              "network.py": network if isinstance(network, str) else "ok"}
    if status["layers.py"] == "ok":
        try:
            apple, tax = layers.MulLayer(), layers.MulLayer()
            price = tax.forward(apple.forward(100, 2), 1.1)
            if abs(price - 220) > 1e-9:
                status["layers.py"] = f"computes the apple price as {price}, not 220"
        except Exception as err:   # a broken MulLayer: say so, do not stop here
            status["layers.py"] = f"MulLayer fails: {type(err).__name__}: {err}"
    return status


def folder_note():
    """None, or a line saying that this notebook is not the learner's copy: the Jupyter
    server names the kernel's notebook in JPY_SESSION_NAME, and ``make lab`` made
    my-notebooks/ but the notebook is elsewhere (the stored one in notebooks/ opens
    read-only).  No server (nbval) or no my-notebooks/ (Binder, JupyterHub): None."""
    session = os.environ.get("JPY_SESSION_NAME")
    if not session or not COPIES.is_dir() or Path(session).parent.name == COPIES.name:
        return None
    return (f"this notebook is open from {Path(session).parent.name}/, not from "
            f"my-notebooks/: your answers are saved only in my-notebooks/{Path(session).name}; "
            "open that one.")


def check_set_up():
    """All well: print one line, the kernel's Python version and that everything needed is
    ok (nothing of the machine, such as a path, so a stored output reads the same
    everywhere).  Otherwise print the kernel's Python, each needed package's version and
    the state of layers.py and network.py, one a line, and raise RuntimeError naming what
    is not ok."""
    lines, problems = [], []
    for package, oldest in NEEDED.items():
        have, status = package_status(package, oldest)
        lines.append(f"{package:<13} version {have:<8} {status}")
        if status != "ok":
            problems.append(package)
    modules = repository_status()
    for module, status in modules.items():
        lines.append(f"{module:<13} {status}")
        if status != "ok":
            problems.append(module)
    note = folder_note()
    if note:
        print(note)
    if not problems:
        needed = [*NEEDED, *modules]
        print(f"Python {platform.python_version()}: {', '.join(needed[:-1])} and "
              f"{needed[-1]} all ok")
        return
    print(f"this kernel runs {sys.executable} (Python {platform.python_version()})")
    print("\n".join(lines))
    raise RuntimeError(f"not ok: {', '.join(problems)}; {WHAT_TO_DO}")
