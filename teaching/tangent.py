"""Chapter 00's warm-up explorer: a curve, the point at x, the line through it drawn with
the learner's own slope (red) and, dashed and faint, a line whose slope is nudged away
from it.  A right derivative shows as the tangent, which hugs the curve near the point,
while the nudged line leaves the curve at an angle.  The readout says which way is
downhill.

The learner's ``slope`` runs through ``teaching.checks.core.call``: whatever it does
wrong is named in the readout, never raised out of a slider callback.  Without a slope
(the lecture view, where the template stays untouched) the explorer shows the curve and
the point alone.
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


HALF_WIDTH = 0.8     # the lines are drawn from x - 0.8 to x + 0.8
NUDGE = 1.0          # the dashed line's slope starts 1 away from the learner's
NUDGES = (-2.0, 2.0)


class TangentExplorer(Explorer):
    """Sliders for x and the nudge; the curve of ``f`` (green), the point (x, f(x)), the
    line through it with slope ``slope(x)`` (red) and the line with slope ``slope(x) +
    nudge`` (faint, dashed).  ``marks`` holds "curve", "point", "line" and "nudged".
    With ``slope=None`` only the curve, the point and the x slider are there."""

    def __init__(self, f, slope, x=-2.0, nudge=NUDGE):
        self.f, self.slope = f, slope
        scales = widgets.scales(Axes)
        xs = np.linspace(*Axes.x, 221)
        controls = {"x": widgets.slider("x", x, Axes.x)}
        m = self.marks = {"curve": widgets.curve(xs, f(xs), scales, style.VALUE)}
        if slope is not None:
            controls["nudge"] = widgets.slider("nudge", nudge, NUDGES)
            m["nudged"] = widgets.curve([x, x], [0.0, 0.0], scales, style.GRADIENT,
                                        opacities=[0.45], line_style="dashed")
            m["line"] = widgets.curve([x, x], [0.0, 0.0], scales, style.GRADIENT)
        m["point"] = widgets.point(x, 0.0, scales, style.VALUE)
        title = "f(x)" if slope is None else "f(x), the line of your slope and a nudged one"
        figures = [widgets.plot(title, list(m.values()), scales, Axes, width="520px")]
        readout = ipw.HTML()
        super().__init__(title="tangent explorer", controls=controls, main=controls["x"],
                         readout=readout, plots=figures,
                         widget=widgets.container(controls, figures, readout))
        self.update("x")

    def update(self, changed):
        at = widgets.read(self.controls["x"])
        fx = float(self.f(at))
        start = f"f({at:g}) = {widgets.value(fx)}"
        point = self.marks["point"]
        with widgets.hold(point):
            widgets.set_changed(point, x=[at], y=[fx])
        if self.slope is None:
            self.readout.value = widgets.box(start)
            return
        try:
            got = floats(call(self.slope, at, what="slope"))
            if got is None or got.shape != () or not np.isfinite(got):
                raise NotYet(f"slope({at:g}) should be one number.")
        except (NotYet, NotAttempted) as err:
            message = str(err) or "slope is not written yet."
            self.readout.value = widgets.box(f"{start}; {widgets.paint(message, style.GRADIENT)}")
            return
        s = float(got)
        nudged = s + widgets.read(self.controls["nudge"])
        way = ("flat: the slope points neither way" if s == 0
               else "downhill is to the " + ("left" if s > 0 else "right"))
        self.readout.value = widgets.box(
            f"{start}, your slope = {widgets.gradient(s)}: {way}; dashed: slope "
            f"{widgets.gradient(nudged)}")
        ends = np.array([at - HALF_WIDTH, at + HALF_WIDTH])
        line, faint = self.marks["line"], self.marks["nudged"]
        with widgets.hold(line, faint):
            widgets.set_changed(line, x=ends, y=fx + s * (ends - at))
            widgets.set_changed(faint, x=ends, y=fx + nudged * (ends - at))


def tangent_explorer(f, slope, x=-2.0):
    """A ``TangentExplorer`` once ``slope`` is written.  While it is still the template: a
    line asking for it, or in the lecture view the curve of ``f`` alone."""
    if untouched(slope) or is_placeholder(slope):
        if lecturing():
            return TangentExplorer(f, None, x)
        print("Write slope above first; then run this cell again.")
        return None
    return TangentExplorer(f, slope, x)
