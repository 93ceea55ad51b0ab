"""Chapter 00's warm-up explorer: a curve, the point at x and the line through it drawn
with the learner's own slope (red).  A right derivative shows as the tangent, a line that
runs along the curve near the point; a wrong one leaves it at once.  **Take a step** moves x
against the learner's slope, x - rate * slope(x): the update a network makes to each
weight, here on one number.  The rate is one of RATES (0.1 to start); the points
the steps visited stay on the curve as a trail (cleared when the slider or the rate moves),
so steps that grow, shrink or swing across a valley show as their spacing.

The learner's ``slope`` runs through ``teaching.checks.core.call``: whatever it does
wrong is named in the readout, never raised out of a slider callback.  The chapter shows
the explorer only once the learner's step
predictions are right (``teaching.checks.ch00.explore_steps``); before ``slope`` is
written, ``tangent_explorer`` asks for it, or in the lecture view, where the template stays
untouched, builds the explorer with a central difference of f as the slope
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

__all__ = ["TangentExplorer", "tangent_explorer", "tangent_figure"]


class Axes:
    x, y, xlabel, ylabel = (-2.2, 2.2), (-5.0, 5.0), "x", "f(x)"


HALF_WIDTH = 0.8     # the line is drawn from x - 0.8 to x + 0.8
LEARNING_RATE = 0.1  # small enough that steps near f's valley settle instead of overshooting
FAST_RATE = 0.4      # too large: near x = 1, x - 1 is multiplied by about 1 - 0.4 * f''(1) = -1.4
# steps settle near a valley while rate < 2 / f'' (here f''(1) = 6): 0.3 settles, 1/3 crawls in
# at the edge, 0.4 bounces; the toggle's labels are the options' first items
RATES = ((f"{LEARNING_RATE:g}", LEARNING_RATE), ("0.3", 0.3), ("1/3", 1 / 3),
         (f"{FAST_RATE:g}", FAST_RATE))


def line_ends(at):
    return np.array([at - HALF_WIDTH, at + HALF_WIDTH])


def near_one(x):
    """x to 4 digits, but within 1e-3 of the valley at 1 as 1 +- the gap: 4 digits would
    round it to 1, where the slope is 0, beside a slope that is not."""
    if 0 < abs(x - 1) < 1e-3:
        sign = "+" if x > 1 else "\u2212"
        return f"1 {sign} {abs(x - 1):.3g}"
    return f"{x:.4g}"


class TangentExplorer(Explorer):
    """A slider for x, a learning rate (RATES) and a *Take a step* button; the curve of
    ``f`` (green), the point (x, f(x)), the line through it with slope ``slope(x)`` (red)
    and the trail of points the steps visited.  ``marks`` holds "curve", "trail", "point"
    and "line"; ``trail`` the x of the visited points, oldest first; ``scales`` the x and y
    scales; ``step_button`` the button.  ``whose`` names the slope in the title and
    readout: "your" for the learner's, "the" for a measured one."""

    def __init__(self, f, slope, x=-2.0, whose="your"):
        self.f, self.slope, self.whose = f, slope, whose
        self.stepped = None       # what the last step did, for the readout
        self.s = None             # the slope at x, when slope gave a number
        self.trail = []           # the x the steps since the last slider move started from
        scales = self.scales = widgets.scales(Axes)
        xs = np.linspace(*Axes.x, 221)
        # no step grid: a step lands between any marks (-0.9 to -0.843, then -0.805...),
        # and a front end must not snap it; three decimals, as the readout line writes it
        controls = {"x": widgets.slider("x", x, Axes.x, step=None)}
        controls["x"].readout_format = ".3f"
        controls["rate"] = ipw.ToggleButtons(options=RATES, value=LEARNING_RATE,
                                             description="rate")
        self.step_button = ipw.Button(description="Take a step", icon="step-forward",
                                      tooltip="x \u2190 x \u2212 rate \u00b7 slope(x)")
        self.step_button.on_click(self.take_step)
        self.marks = {
            "curve": widgets.curve(xs, f(xs), scales, style.VALUE),
            # thin, dotted, in ink: where the steps went, not a value or a gradient
            "trail": widgets.curve([], [], scales, style.INK, marker="circle",
                                   marker_size=40),
            "line": widgets.curve([x, x], [0.0, 0.0], scales, style.GRADIENT),
            "point": widgets.point(x, 0.0, scales, style.VALUE)}
        self.marks["trail"].stroke_width = 1
        title = f"f(x) and the line of {whose} slope"
        figures = [widgets.plot(title, list(self.marks.values()), scales, Axes, width="520px")]
        readout = ipw.HTML()
        super().__init__(title="tangent explorer", controls=controls, main=controls["x"],
                         readout=readout, plots=figures,
                         widget=widgets.container(dict(controls, step=self.step_button),
                                                  figures, readout))
        self.update("x")

    def static(self):
        return png(tangent_figure(self.f, widgets.read(self.controls["x"]), self.s,
                                  trail=self.trail))

    @property
    def rate(self):
        return float(self.controls["rate"].value)

    def take_step(self, _button=None):
        """x moves to x - rate * slope(x), and the x it left joins the trail.  The readout
        writes the step out with its length and, at the larger rates, x - 1 and what the step
        multiplied it by: what happened, never why (the chapter asks why).  A step that
        leaves the view is written out in full with the true x; the slider waits at the
        view's edge and the button is off until the slider is moved, so no later step starts
        from the edge."""
        at = widgets.read(self.controls["x"])
        if self.s is None or self.step_button.disabled:
            return
        rate = self.rate
        went = at - rate * self.s
        to = float(np.clip(went, *Axes.x))
        shown = widgets.gradient(self.s)
        self.trail.append(at)
        self.stepped = (f"step {len(self.trail)}: x = {near_one(at)} \u2212 {rate:.4g} \u00b7 "
                        f"{f'({shown})' if self.s < 0 else shown} = {near_one(went)}, "
                        f"length {abs(went - at):.3g}")
        if rate != LEARNING_RATE and at != 1:
            self.stepped += (f"; x \u2212 1 = {went - 1:.3g}, \u00d7 {(went - 1) / (at - 1):.3g} "
                             "since the last step")
            if len(self.trail) >= 2:    # at 1/3, g swings about -1: over two steps it shows
                self.stepped += (f"; |x \u2212 1| over two steps: {abs(self.trail[-2] - 1):.3g} "
                                 f"\u2192 {abs(went - 1):.3g}")
        if to != went:
            self.stepped += (f": x = {went:.4g} left the view. The slider waits at its edge "
                             "and the button is off: move the slider to start again.")
            self.step_button.disabled = True
        if to == at:
            self.update("step")
        else:
            self.controls["x"].value = to       # runs update("x")

    def update(self, changed):
        at = widgets.read(self.controls["x"])
        fx = float(self.f(at))
        start = f"f({near_one(at)}) = {widgets.value(fx)}"
        stepped, self.stepped = self.stepped, None
        if stepped is None:                     # the learner moved the slider or the rate
            self.step_button.disabled = False
            self.trail = []
        trail = np.array(self.trail + [at] if self.trail else [], dtype=float)
        widgets.set_changed(self.marks["trail"], x=trail, y=self.f(trail))
        widgets.set_changed(self.marks["point"], x=[at], y=[fx])
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
        way = ("flat: the slope points neither way" if s == 0
               else "downhill is to the " + ("left" if s > 0 else "right"))
        self.readout.value = widgets.box(
            (f"{stepped}<br>" if stepped else "")
            + f"{start}, {self.whose} slope = {widgets.gradient(s)}: {way}")
        ends = line_ends(at)
        widgets.set_changed(self.marks["line"], x=ends, y=fx + s * (ends - at))


def tangent_figure(f, at, s=None, trail=()):
    """The explorer's picture (4.6 x 3.8 in): the curve of ``f``, the ``trail`` of visited
    x joined to the point at ``at`` and, when ``s`` is given, the line of slope ``s``
    through it (red).  No slope is written on it."""
    fx = float(f(at))
    xlim, ylim = Axes.x, Axes.y
    with matplotlib.rc_context(RC):
        fig, (ax,) = new_figure(4.6, 3.8, 1)
        xs = np.linspace(*xlim, 221)
        ax.plot(xs, f(xs), color=style.VALUE)
        if len(trail):
            visited = np.array([*trail, at], dtype=float)
            ax.plot(visited, f(visited), "o-", color=style.INK, linewidth=1, markersize=4)
        if s is not None:
            ends = line_ends(at)
            ax.plot(ends, fx + s * (ends - at), color=style.GRADIENT)
        ax.plot([at], [fx], "o", color=style.VALUE, markeredgecolor=style.INK)
        ax.set(xlim=xlim, ylim=ylim, xlabel=Axes.xlabel, ylabel=Axes.ylabel)
    return fig


def measured_slope(f, h=1e-5):
    """The slope of ``f`` as a central difference, for where the learner's is not written:
    off by about h**2 (for a smooth f), far below what the eye sees, and rounded to 8
    places so that it is 0 where f is flat."""
    return lambda x: round((float(f(x + h)) - float(f(x - h))) / (2 * h), 8)


def tangent_explorer(f, slope, x=-2.0):
    """A ``TangentExplorer`` once ``slope`` is written; while it is still the template, a
    line asking for it, or in the lecture view the explorer with a measured slope."""
    if untouched(slope) or is_placeholder(slope):
        if lecturing():
            return TangentExplorer(f, measured_slope(f), x, whose="the")
        print("Write slope above first; then run this cell again.")
        return None
    return TangentExplorer(f, slope, x)

