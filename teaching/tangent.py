"""Chapter 00's warm-up explorer: a curve, the point at x, the line through it drawn with
the learner's own slope (red) and, dashed and faint, a line whose slope is nudged away
from it.  A right derivative shows as the tangent: zoomed in on the point, the curve
straightens onto it, while the nudged line keeps its angle to the curve at every zoom.
The readout says which way is downhill.

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
ZOOMS = (1, 2, 4, 8, 16, 32, 64)   # zoomed in k times, the view is 1/k as wide and as high


class TangentExplorer(Explorer):
    """Sliders for x, the nudge and the zoom; the curve of ``f`` (green), the point
    (x, f(x)), the line through it with slope ``slope(x)`` (red) and the line with slope
    ``slope(x) + nudge`` (faint, dashed).  Zoomed in (``zoom`` > 1) the view is centred
    on the point.  ``marks`` holds "curve", "point", "line" and "nudged"; ``scales`` the
    x and y scales.  With ``slope=None`` only the curve, the point and the x slider are
    there."""

    def __init__(self, f, slope, x=-2.0, nudge=NUDGE):
        self.f, self.slope = f, slope
        scales = self.scales = widgets.scales(Axes)
        xs = np.linspace(*Axes.x, 221)
        controls = {"x": widgets.slider("x", x, Axes.x)}
        m = self.marks = {"curve": widgets.curve(xs, f(xs), scales, style.VALUE)}
        if slope is not None:
            controls["nudge"] = widgets.slider("nudge", nudge, NUDGES)
            controls["zoom"] = ipw.SelectionSlider(
                options=[(f"{k}x", k) for k in ZOOMS], value=1, description="zoom",
                continuous_update=True, layout=ipw.Layout(width="300px"))
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
        zoom = self.controls["zoom"].value if "zoom" in self.controls else 1
        self.frame(at, fx, zoom)
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
        ends = np.array([at - HALF_WIDTH / zoom, at + HALF_WIDTH / zoom])
        line, faint = self.marks["line"], self.marks["nudged"]
        with widgets.hold(line, faint):
            widgets.set_changed(line, x=ends, y=fx + s * (ends - at))
            widgets.set_changed(faint, x=ends, y=fx + nudged * (ends - at))

    def frame(self, at, fx, zoom):
        """The view (the whole of Axes, or 1/zoom of it centred on the point), the curve
        drawn across it and the point."""
        if zoom == 1:
            xlim, ylim = Axes.x, Axes.y
        else:
            half_x = (Axes.x[1] - Axes.x[0]) / (2 * zoom)
            half_y = (Axes.y[1] - Axes.y[0]) / (2 * zoom)
            xlim, ylim = (at - half_x, at + half_x), (fx - half_y, fx + half_y)
        xs = np.linspace(*xlim, 221)
        (sx, sy), curve, point = self.scales, self.marks["curve"], self.marks["point"]
        with widgets.hold(sx, sy, curve, point):
            widgets.set_changed(sx, min=float(xlim[0]), max=float(xlim[1]))
            widgets.set_changed(sy, min=float(ylim[0]), max=float(ylim[1]))
            widgets.set_changed(curve, x=xs, y=self.f(xs))
            widgets.set_changed(point, x=[at], y=[fx])


def tangent_explorer(f, slope, x=-2.0):
    """A ``TangentExplorer`` once ``slope`` is written.  While it is still the template: a
    line asking for it, or in the lecture view the curve of ``f`` alone."""
    if untouched(slope) or is_placeholder(slope):
        if lecturing():
            return TangentExplorer(f, None, x)
        print("Write slope above first; then run this cell again.")
        return None
    return TangentExplorer(f, slope, x)
