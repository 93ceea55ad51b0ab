"""Chapter 00's warm-up explorer: a curve, the point at x, and the line through it drawn
with the learner's own slope, so a right derivative shows as the tangent and a wrong one
as a line cutting across the curve.  The readout says which way is downhill.

The learner's ``slope`` runs through ``teaching.checks.core.call``: whatever it does
wrong is named in the readout, never raised out of a slider callback.
"""

import ipywidgets as ipw
import numpy as np

from teaching import style, widgets
from teaching.checks.core import NotAttempted, NotYet, call, floats, is_placeholder, untouched
from teaching.explorer import Explorer
from teaching.reveal import lecturing

__all__ = ["TangentExplorer", "tangent_explorer"]


class Axes:
    x, y, xlabel, ylabel = (-2.2, 2.2), (-5.0, 5.0), "x", "f(x)"


HALF_WIDTH = 0.8     # the line is drawn from x - 0.8 to x + 0.8


class TangentExplorer(Explorer):
    """A slider for x; the curve of ``f`` (green), the point (x, f(x)) and the line
    through it with slope ``slope(x)`` (red).  ``marks`` holds "line" and "point"."""

    def __init__(self, f, slope, x=-2.0):
        self.f, self.slope = f, slope
        scales = widgets.scales(Axes)
        xs = np.linspace(*Axes.x, 221)
        controls = {"x": widgets.slider("x", x, Axes.x)}
        m = self.marks = {"curve": widgets.curve(xs, f(xs), scales, style.VALUE),
                          "line": widgets.curve([x, x], [0.0, 0.0], scales, style.GRADIENT),
                          "point": widgets.point(x, 0.0, scales, style.VALUE)}
        figures = [widgets.plot("f(x) and the line of your slope", list(m.values()), scales,
                                Axes, width="520px")]
        readout = ipw.HTML()
        super().__init__(title="tangent explorer", controls=controls, main=controls["x"],
                         readout=readout, plots=figures,
                         widget=widgets.container(controls, figures, readout))
        self.update("x")

    def update(self, changed):
        at = widgets.read(self.controls["x"])
        fx = float(self.f(at))
        start = f"f({at:g}) = {widgets.value(fx)}"
        try:
            got = floats(call(self.slope, at, what="slope"))
            if got is None or got.shape != () or not np.isfinite(got):
                raise NotYet(f"slope({at:g}) should be one number.")
        except (NotYet, NotAttempted) as err:
            message = str(err) or "slope is not written yet."
            self.readout.value = widgets.box(f"{start}; {widgets.paint(message, style.GRADIENT)}")
            return
        s = float(got)
        way = ("flat: the slope points neither way" if s == 0
               else "downhill is to the " + ("left" if s > 0 else "right"))
        self.readout.value = widgets.box(f"{start}, your slope = {widgets.gradient(s)}: {way}")
        ends = np.array([at - HALF_WIDTH, at + HALF_WIDTH])
        line, point = self.marks["line"], self.marks["point"]
        with widgets.hold(line, point):
            widgets.set_changed(line, x=ends, y=fx + s * (ends - at))
            widgets.set_changed(point, x=[at], y=[fx])


def tangent_explorer(f, slope, x=-2.0):
    """A ``TangentExplorer`` once ``slope`` is written; while it is still the template,
    a line asking for it instead (nothing in the lecture view)."""
    if untouched(slope) or is_placeholder(slope):
        if not lecturing():
            print("Write slope above first; then run this cell again.")
        return None
    return TangentExplorer(f, slope, x)
