"""Chapter 00's machinery: the set-up check and the warm-up's tangent explorer.

``check_set_up()`` must run in a kernel that lacks what it checks for, so this module
imports only the standard library at import time; the explorer imports the widget kit
when it is built.
"""

import importlib
import sys
from importlib.metadata import PackageNotFoundError, version

# What the notebooks import, with the oldest version they are tested with
# (the lower bounds of requirements.txt).  JupyterLab is not here: the kernel never
# imports it, and a notebook may run in classic Notebook, JupyterHub or VS Code.
NEEDED = {"numpy": "2.2", "matplotlib": "3.10", "ipywidgets": "8.1.5", "bqplot": "0.13.1",
          "scikit-learn": "1.5", "threadpoolctl": "3.1"}

WHAT_TO_DO = "see the last section of this notebook, 'If the first cell is not ok'."


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


def repository_status():
    """'ok' if the repository's own modules import and layers.py computes the book's
    apple price (100 yen x 2 apples x 1.1 tax = 220); otherwise what went wrong."""
    try:
        layers = importlib.import_module("layers")
        importlib.import_module("network")
        apple, tax = layers.MulLayer(), layers.MulLayer()
        price = tax.forward(apple.forward(100, 2), 1.1)
    except Exception as err:   # any failure here is what the learner must see
        return f"does not import: {type(err).__name__}: {err}"
    if abs(price - 220) > 1e-9:
        return f"computes the apple price as {price}, not 220"
    return "ok"


def check_set_up():
    """Print the kernel's Python, each needed package's version and the state of
    layers.py and network.py; raise RuntimeError naming what is not ok."""
    print(f"this kernel runs {sys.executable}")
    problems = []
    for package, oldest in NEEDED.items():
        have, status = package_status(package, oldest)
        print(f"{package:<13} version {have:<8} {status}")
        if status != "ok":
            problems.append(package)
    status = repository_status()
    print(f"{'layers.py':<13} {status}")
    if status != "ok":
        problems.append("layers.py")
    if problems:
        raise RuntimeError(f"not ok: {', '.join(problems)}; {WHAT_TO_DO}")


# --- the warm-up's explorer: a curve, the point at x and the tangent drawn with the
# learner's slope ---

X_RANGE = (-2.5, 2.5)
Y_RANGE = (-4.0, 4.0)
HALF_WIDTH = 0.8     # the tangent is drawn from x - 0.8 to x + 0.8


def tangent_parts(f, slope, x=-2.0):
    """A slider for x, the curve of ``f``, the point (x, f(x)) and the line through it
    with slope ``slope(x)``, and a readout saying which way is downhill.

    Returns its parts by name ("widget", the whole explorer; "slider", "line", "dot",
    "readout"), so tests can move the slider and read what changed.
    """
    import ipywidgets as ipw
    import numpy as np

    from teaching import style, widgets
    from teaching.checks.core import NotAttempted, NotYet, call, floats

    class Ranges:
        x, y, xlabel, ylabel = X_RANGE, Y_RANGE, "x", "f(x)"

    scales = widgets.scales(Ranges)
    xs = np.linspace(*X_RANGE, 201)
    x_slider = widgets.slider("x", x, X_RANGE)
    line = widgets.curve([x, x], [0.0, 0.0], scales, style.GRADIENT)
    dot = widgets.point(x, 0.0, scales, style.VALUE)
    marks = [widgets.curve(xs, f(xs), scales, style.VALUE), line, dot]
    figure = widgets.plot("f(x) and the line of your slope", marks, scales, Ranges,
                          width="520px")
    readout = ipw.HTML()

    def update(change=None):
        at = widgets.read(x_slider)
        fx = float(f(at))
        try:
            got = floats(call(slope, at, what="slope"))
            if got is None or got.shape != () or not np.isfinite(got):
                raise NotYet(f"slope({at:g}) should be one number.")
        except (NotYet, NotAttempted) as err:
            message = str(err) or "slope is not written yet."
            readout.value = widgets.box(f"f({at:g}) = {widgets.value(fx)}; "
                                        f"{widgets.paint(message, style.GRADIENT)}")
            return
        s = float(got)
        way = ("flat: neither way is downhill" if s == 0
               else "downhill is to the " + ("left" if s > 0 else "right"))
        readout.value = widgets.box(f"f({at:g}) = {widgets.value(fx)}, your slope = "
                                    f"{widgets.gradient(s)}: {way}")
        ends = np.array([at - HALF_WIDTH, at + HALF_WIDTH])
        with widgets.hold(line, dot):
            widgets.set_changed(line, x=ends, y=fx + s * (ends - at))
            widgets.set_changed(dot, x=[at], y=[fx])

    x_slider.observe(update, names="value")
    update()
    return {"widget": widgets.container({"x": x_slider}, [figure], readout),
            "slider": x_slider, "line": line, "dot": dot, "readout": readout}


def tangent_explorer(f, slope, x=-2.0):
    """The warm-up's explorer (see ``tangent_parts``), ready to display; while ``slope``
    is still the template, only a line asking for it (nothing in the lecture view)."""
    from teaching.checks.core import is_placeholder, untouched
    from teaching.reveal import lecturing

    if untouched(slope) or is_placeholder(slope):
        if not lecturing():
            print("Write slope above first; then run this cell again.")
        return None
    return tangent_parts(f, slope, x)["widget"]
