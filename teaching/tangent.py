"""Chapter 00's warm-up explorer: a curve, the point at x, the line through it drawn with
the learner's own slope (red) and, dashed and grey, a line whose slope is nudged away
from it.  A right derivative shows as the tangent: zoomed in on the point, the curve
straightens onto it, while the nudged line keeps its angle to the curve at every zoom.
**Take a step** moves x against the learner's slope, x - LEARNING_RATE * slope(x): the
update a network makes to each weight, here on one number.

The learner's ``slope`` runs through ``teaching.checks.core.call``: whatever it does
wrong is named in the readout, never raised out of a slider callback.  Before ``slope``
is written, ``tangent_explorer`` shows a fixed picture of what the explorer will draw
(``preview_figure``); in the lecture view, where the template stays untouched, it builds
the whole explorer.  Both take the line's slope from a central difference of f
(``measured_slope``), so no formula is on screen.
"""

import ipywidgets as ipw
import matplotlib
import numpy as np

from teaching import style, widgets
from teaching.checks.core import NotAttempted, NotYet, call, floats, is_placeholder, untouched
from teaching.explorer import Explorer
from teaching.figures import RC, new_figure, png
from teaching.reveal import lecturing
from teaching.style import fmt

__all__ = ["TangentExplorer", "tangent_explorer", "tangent_figure", "preview_figure"]


class Axes:
    x, y, xlabel, ylabel = (-2.2, 2.2), (-5.0, 5.0), "x", "f(x)"


HALF_WIDTH = 0.8     # the lines are drawn from x - 0.8 to x + 0.8
NUDGE = 1.0          # the dashed line's slope starts 1 away from the learner's
NUDGES = (-2.0, 2.0)
ZOOMS = (1, 2, 4, 8, 16, 32, 64)   # zoomed in k times, the view is 1/k as wide and as high
LEARNING_RATE = 0.1  # small enough that steps near f's valley settle instead of overshooting
PREVIEW = {"x": 0.5, "zooms": (1, 16)}   # the picture shown before slope is written


def view(at, fx, zoom):
    """The x and y limits: the whole of Axes, or 1/zoom of it centred on (at, fx)."""
    if zoom == 1:
        return Axes.x, Axes.y
    half_x = (Axes.x[1] - Axes.x[0]) / (2 * zoom)
    half_y = (Axes.y[1] - Axes.y[0]) / (2 * zoom)
    return (at - half_x, at + half_x), (fx - half_y, fx + half_y)


def line_ends(at, zoom):
    return np.array([at - HALF_WIDTH / zoom, at + HALF_WIDTH / zoom])


class TangentExplorer(Explorer):
    """Sliders for x, the nudge and the zoom, and a *Take a step* button; the curve of
    ``f`` (green), the point (x, f(x)), the line through it with slope ``slope(x)`` (red)
    and the line with slope ``slope(x) + nudge`` (grey, dashed).  Zoomed in (``zoom`` > 1)
    the view is centred on the point.  ``marks`` holds "curve", "point", "line" and
    "nudged"; ``scales`` the x and y scales; ``step_button`` the button.  ``whose`` names
    the slope in the title and readout: "your" for the learner's, "the" for a measured one."""

    def __init__(self, f, slope, x=-2.0, nudge=NUDGE, whose="your"):
        self.f, self.slope, self.whose = f, slope, whose
        self.stepped = None       # what the last step did, for the readout
        self.s = None             # the slope at x, when slope gave a number
        scales = self.scales = widgets.scales(Axes)
        xs = np.linspace(*Axes.x, 221)
        controls = {"x": widgets.slider("x", x, Axes.x),
                    "nudge": widgets.slider("nudge", nudge, NUDGES),
                    "zoom": ipw.SelectionSlider(
                        options=[(f"{k}x", k) for k in ZOOMS], value=1, description="zoom",
                        continuous_update=True, layout=ipw.Layout(width="300px"))}
        self.step_button = ipw.Button(
            description="Take a step", icon="step-forward",
            tooltip=f"x \u2190 x \u2212 {LEARNING_RATE:g} \u00b7 slope(x)")
        self.step_button.on_click(self.take_step)
        self.marks = {
            "curve": widgets.curve(xs, f(xs), scales, style.VALUE),
            "nudged": widgets.curve([x, x], [0.0, 0.0], scales, style.MUTED,
                                    line_style="dashed"),
            "line": widgets.curve([x, x], [0.0, 0.0], scales, style.GRADIENT),
            "point": widgets.point(x, 0.0, scales, style.VALUE)}
        title = f"f(x), the line of {whose} slope and a nudged one"
        figures = [widgets.plot(title, list(self.marks.values()), scales, Axes, width="520px")]
        readout = ipw.HTML()
        super().__init__(title="tangent explorer", controls=controls, main=controls["x"],
                         readout=readout, plots=figures,
                         widget=widgets.container(dict(controls, step=self.step_button),
                                                  figures, readout))
        self.update("x")

    @property
    def zoom(self):
        return self.controls["zoom"].value

    def static(self):
        at = widgets.read(self.controls["x"])
        if self.s is None:
            return png(tangent_figure(self.f, at, zooms=(self.zoom,)))
        nudged = self.s + widgets.read(self.controls["nudge"])
        return png(tangent_figure(self.f, at, self.s, nudged, zooms=(self.zoom,)))

    def take_step(self, _button=None):
        """x moves to x - LEARNING_RATE * slope(x), kept inside the view."""
        at = widgets.read(self.controls["x"])
        if self.s is None:
            return
        to = float(np.clip(at - LEARNING_RATE * self.s, *Axes.x))
        shown = widgets.gradient(self.s)
        self.stepped = (f"step: x = {at:.4g} \u2212 {LEARNING_RATE:g} \u00b7 "
                        f"{f'({shown})' if self.s < 0 else shown} = {to:.4g}"
                        + (" (stopped at the edge)" if to != at - LEARNING_RATE * self.s
                           else ""))
        if to == at:
            self.update("step")
        else:
            self.controls["x"].value = to       # runs update("x")

    def update(self, changed):
        at = widgets.read(self.controls["x"])
        fx = float(self.f(at))
        start = f"f({at:.4g}) = {widgets.value(fx)}"
        stepped, self.stepped = self.stepped, None
        self.frame(at, fx, self.zoom)
        self.s = None
        try:
            got = floats(call(self.slope, at, what="slope"))
            if got is None or got.shape != () or not np.isfinite(got):
                raise NotYet(f"slope({at:g}) should be one number.")
        except (NotYet, NotAttempted) as err:
            message = str(err) or "slope is not written yet."
            self.readout.value = widgets.box(f"{start}; {widgets.paint(message, style.GRADIENT)}")
            return
        s = self.s = float(got)
        nudged = s + widgets.read(self.controls["nudge"])
        way = ("flat: the slope points neither way" if s == 0
               else "downhill is to the " + ("left" if s > 0 else "right"))
        self.readout.value = widgets.box(
            (f"{stepped}<br>" if stepped else "")
            + f"{start}, {self.whose} slope = {widgets.gradient(s)}: {way}; "
              f"dashed: slope {fmt(nudged)}")
        ends = line_ends(at, self.zoom)
        line, faint = self.marks["line"], self.marks["nudged"]
        with widgets.hold(line, faint):
            widgets.set_changed(line, x=ends, y=fx + s * (ends - at))
            widgets.set_changed(faint, x=ends, y=fx + nudged * (ends - at))

    def frame(self, at, fx, zoom):
        """The view (the whole of Axes, or 1/zoom of it centred on the point), the curve
        drawn across it and the point."""
        xlim, ylim = view(at, fx, zoom)
        xs = np.linspace(*xlim, 221)
        (sx, sy), curve, point = self.scales, self.marks["curve"], self.marks["point"]
        with widgets.hold(sx, sy, curve, point):
            widgets.set_changed(sx, min=float(xlim[0]), max=float(xlim[1]))
            widgets.set_changed(sy, min=float(ylim[0]), max=float(ylim[1]))
            widgets.set_changed(curve, x=xs, y=self.f(xs))
            widgets.set_changed(point, x=[at], y=[fx])


def tangent_figure(f, at, s=None, nudged=None, zooms=(1,)):
    """The explorer's picture, one panel per zoom (4.6 x 3.8 in each): the curve of ``f``,
    the point at ``at`` and, when ``s`` is given, the line of slope ``s`` (red) and the
    one of slope ``nudged`` (grey, dashed).  No slope is written on it."""
    fx = float(f(at))
    with matplotlib.rc_context(RC):
        fig, panels = new_figure(4.6 * len(zooms), 3.8, len(zooms))
        for ax, zoom in zip(panels, zooms):
            xlim, ylim = view(at, fx, zoom)
            xs = np.linspace(*xlim, 221)
            ax.plot(xs, f(xs), color=style.VALUE)
            ends = line_ends(at, zoom)
            if nudged is not None:
                ax.plot(ends, fx + nudged * (ends - at), color=style.MUTED, linestyle="--")
            if s is not None:
                ax.plot(ends, fx + s * (ends - at), color=style.GRADIENT)
            ax.plot([at], [fx], "o", color=style.VALUE, markeredgecolor=style.INK)
            ax.set(xlim=xlim, ylim=ylim, xlabel=Axes.xlabel, ylabel=Axes.ylabel,
                   title=f"zoom {zoom}x")
    return fig


def measured_slope(f, h=1e-5):
    """The slope of ``f`` as a central difference, for where the learner's is not written:
    off by about h**2 (for a smooth f), far below what the eye sees, and rounded to 8
    places so that it is 0 where f is flat."""
    return lambda x: round((float(f(x + h)) - float(f(x - h))) / (2 * h), 8)


def preview_figure(f, at=PREVIEW["x"], zooms=PREVIEW["zooms"]):
    """What the explorer draws once slope is right: the tangent at ``at`` (its slope
    measured, see ``measured_slope``) and the line nudged by NUDGE, at each zoom."""
    s = measured_slope(f)(at)
    return tangent_figure(f, at, s, s + NUDGE, zooms)


class Preview:
    """The preview picture in a notebook: a PNG, and a sentence for renderers of text."""

    def __init__(self, figure):
        self.figure = figure

    def _repr_mimebundle_(self, **kwargs):
        return dict(png(self.figure),
                    **{"text/plain": "the tangent explorer's picture (write slope, then run "
                                     "this cell)"})


def tangent_explorer(f, slope, x=-2.0):
    """A ``TangentExplorer`` once ``slope`` is written.  While it is still the template: a
    line asking for it and the preview picture, or in the lecture view the explorer with a
    measured slope in place of the learner's."""
    if untouched(slope) or is_placeholder(slope):
        if lecturing():
            return TangentExplorer(f, measured_slope(f), x, whose="the")
        zooms = " and ".join(f"{k}x" for k in PREVIEW["zooms"])
        print(f"Write slope above first; then run this cell again. Until then, the picture "
              f"it will draw at x = {PREVIEW['x']:g} once your slope is right, zoomed {zooms} "
              "(red: the tangent, grey: a nudged line):")
        return Preview(preview_figure(f))
    return TangentExplorer(f, slope, x)
