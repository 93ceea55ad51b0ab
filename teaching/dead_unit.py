"""A ReLU unit on a batch: which samples pass, and the gradient its weight and bias get.

``DeadUnitExplorer(w, b, lr)`` puts one unit relu(w x + b) in front of a fixed batch
of 20 inputs (chapter 05's batch).  The picture is the ReLU curve with one point per
sample at its pre-activation z = w x + b: green where the sample passes (z > 0),
grey where it is blocked.  The readout gives how many pass and the gradients of w
and b, summed over the batch, for the loss L = dout * (sum of the outputs), with a
**dout** toggle of +1 (every sample asks for a smaller output, as in the chapter's "one
large step") or -1 (every sample asks for a larger one).  Move ``b`` down until the last
green point turns grey: both gradients become exactly 0 and the unit is dead.  The
**gradient step** button takes one step w -= lr dL/dw, b -= lr dL/db: from b = -1 at
lr = 0.1 with dout = +1 the unit jumps into the dead zone, and every press after that,
with either dout, moves nothing.

Every number comes from ``layers.Relu`` (forward, then backward).  The static twin,
``dead_unit_figure``, is drawn with matplotlib, like the explorers of ``plots.py``,
whose helpers this module reuses.
"""

import ipywidgets as ipw
import matplotlib
import numpy as np

import layers
from teaching import figures, plots, style, widgets
from teaching.explorer import Explorer
from teaching.style import fmt

__all__ = ["DeadUnitExplorer", "dead_unit_values", "dead_unit_figure", "gradient_step",
           "BATCH", "UPSTREAM"]

# chapter 05's batch and upstream gradient: rng = default_rng(0), 20 inputs, then 20 normals
_rng = np.random.default_rng(0)
BATCH = _rng.uniform(-1.0, 2.0, size=20)
UPSTREAM = _rng.normal(size=20)
del _rng
DOUT = np.ones_like(BATCH)       # L = sum of the outputs: every sample asks for a smaller one
DOUT_SIGNS = (("+1", 1.0), ("-1", -1.0))    # the toggle: L = dout * sum of the outputs

W_RANGE = (-5.0, 5.0)
B_RANGE = (-8.0, 8.0)
LR_RANGE = (0.01, 0.3)
Z_RANGE = (-8.0, 8.0)            # pre-activations beyond are drawn at the edge
AXES = plots.Axes(Z_RANGE, (-0.6, 8.0), "z = w x + b", "relu(z)")
_ZS = np.round(np.linspace(*Z_RANGE, 321), 10)


def dead_unit_values(w, b, dout=DOUT):
    """The batch through relu(w x + b), forward and backward (on ``dout``) with ``layers.Relu``."""
    z = w * BATCH + b
    relu = layers.Relu()
    y = relu.forward(z)
    dz = relu.backward(dout)
    passing = z > 0
    return {"w": w, "b": b, "z": z, "y": y, "passing": passing,
            "count": int(np.count_nonzero(passing)),
            "dw": float(np.sum(dz * BATCH)), "db": float(np.sum(dz))}


def gradient_step(w, b, lr, dout=1.0):
    """One step of gradient descent on L = dout * sum of the outputs (``dout`` a number, the
    same for every sample): (w - lr dL/dw, b - lr dL/db)."""
    v = dead_unit_values(w, b, dout * DOUT)
    return w - lr * v["dw"], b - lr * v["db"]


def _shown_z(v, which):
    """The points of one group, (z, relu(z)), with z clipped to the drawn range."""
    keep = v["passing"] if which == "pass" else ~v["passing"]
    z = np.clip(v["z"][keep], *Z_RANGE)
    return z, np.maximum(z, 0.0)


def _readout(v, dout, last_step=""):
    n = len(BATCH)
    if v["count"] == 0:
        verdict = (f'<b style="color:{style.GRADIENT}">dead</b>: every sample is blocked and '
                   "both gradients are exactly 0; press gradient step and see what moves")
    elif v["count"] == n:
        verdict = "every sample passes: the unit is as linear as it gets"
    else:
        verdict = "alive: the passing samples carry the gradient"
    return widgets.box(
        f"w = {widgets.value(v['w'])}, b = {widgets.value(v['b'])}: "
        f"{v['count']} of {n} samples pass (z &gt; 0)<br>"
        f"dL/dw = \u03a3 dz\u00b7x = {widgets.gradient(v['dw'])} &nbsp;&nbsp; "
        f"dL/db = \u03a3 dz = {widgets.gradient(v['db'])} &nbsp;(dout = {dout:+g} on every "
        f"sample)<br>"
        f"{verdict}{'<br>' + last_step if last_step else ''}")


def _title(v):
    return f"{v['count']} of {len(BATCH)} samples pass"


class DeadUnitExplorer(Explorer):
    """Sliders w, b and lr, a dout toggle (+1 or -1 on every sample); the batch's samples on
    the ReLU curve; counts and gradients; a **gradient step** button (``step()``) that moves
    w and b by -lr times their gradients."""

    def __init__(self, w=1.5, b=-1.0, lr=0.1, dout=1.0):
        scales = widgets.scales(AXES)
        controls = {"w": widgets.slider("w", w, W_RANGE), "b": widgets.slider("b", b, B_RANGE),
                    "lr": widgets.slider("lr", lr, LR_RANGE, step=0.01)}
        controls["lr"].readout_format = ".2f"
        controls["dout"] = ipw.ToggleButtons(options=DOUT_SIGNS, value=float(dout),
                                             description="dout",
                                             style={"button_width": "48px"})
        self.last_step = ""
        self._stepping = False
        v = self.values = dead_unit_values(widgets.read(controls["w"]),
                                           widgets.read(controls["b"]), dout * DOUT)
        sx, sy = scales
        self.marks = {
            "relu": widgets.curve(_ZS, np.maximum(_ZS, 0.0), scales, style.MUTED),
            "pass": widgets.bq.Scatter(x=_shown_z(v, "pass")[0], y=_shown_z(v, "pass")[1],
                                     scales={"x": sx, "y": sy}, colors=[style.VALUE],
                                     stroke=style.INK, default_size=110),
            "blocked": widgets.bq.Scatter(x=_shown_z(v, "blocked")[0],
                                        y=_shown_z(v, "blocked")[1],
                                        scales={"x": sx, "y": sy}, colors=[style.MUTED],
                                        stroke=style.INK, default_size=110),
        }
        self.figure = widgets.plot(_title(v), list(self.marks.values()), scales, AXES,
                                    width="640px")
        readout = ipw.HTML(_readout(v, dout))
        self.step_button = ipw.Button(description="gradient step (lr)", icon="step-forward",
                                      tooltip="w -= lr * dL/dw, b -= lr * dL/db")
        self.step_button.on_click(lambda _: self.step())
        widget = widgets.container(controls, [self.figure], readout)
        widget.children = widget.children[:2] + (self.step_button,) + widget.children[2:]
        super().__init__(title="Dead-unit explorer", controls=controls, main=controls["b"],
                         readout=readout, plots=[self.figure], widget=widget)

    def step(self):
        """One gradient step from the sliders' w and b; the sliders move to the new values
        (clipped to their ranges, which the readout then says)."""
        w, b = self.values["w"], self.values["b"]
        lr = widgets.read(self.controls["lr"])
        new_w, new_b = gradient_step(w, b, lr, self.controls["dout"].value)
        shown_w, shown_b = (float(np.clip(new_w, *W_RANGE)), float(np.clip(new_b, *B_RANGE)))
        if (new_w, new_b) == (w, b):
            self.last_step = "the step moved nothing: both gradients are 0"
        else:
            self.last_step = (f"step: w {fmt(w)} \u2192 {fmt(new_w)}, b {fmt(b)} \u2192 "
                              f"{fmt(new_b)}" + ("" if (shown_w, shown_b) == (new_w, new_b)
                                                 else " (held at the slider's end)"))
        self._stepping = True
        try:
            self.controls["w"].value, self.controls["b"].value = shown_w, shown_b
        finally:
            self._stepping = False
        self.update("step")

    def static(self):
        return figures.png(dead_unit_figure(self.values["w"], self.values["b"],
                                            self.controls["dout"].value))

    def update(self, changed):
        if self._stepping:
            return                      # step() sets w and b, then updates once
        if changed in ("w", "b", "dout"):
            self.last_step = ""         # moved by hand: the last step is history
        dout = self.controls["dout"].value
        v = self.values = dead_unit_values(widgets.read(self.controls["w"]),
                                           widgets.read(self.controls["b"]), dout * DOUT)
        self.readout.value = _readout(v, dout, self.last_step)
        m = self.marks
        with widgets.hold(m["pass"], m["blocked"], self.figure):
            m["pass"].x, m["pass"].y = _shown_z(v, "pass")
            m["blocked"].x, m["blocked"].y = _shown_z(v, "blocked")
            self.figure.title = _title(v)


def dead_unit_figure(w=1.5, b=-1.0, dout=1.0):
    """Static twin of ``DeadUnitExplorer`` (7 x 3.8 in)."""
    v = dead_unit_values(w, b, dout * DOUT)
    with matplotlib.rc_context(figures.RC):
        fig, (ax,) = figures.new_figure(7, 3.8, 1)
        ax.plot(_ZS, np.maximum(_ZS, 0.0), color=style.MUTED)
        for which, color in (("pass", style.VALUE), ("blocked", style.MUTED)):
            z, y = _shown_z(v, which)
            ax.plot(z, y, "o", color=color, markeredgecolor=style.INK, zorder=3)
        figures.set_axes(ax, AXES, f"{_title(v)}: dL/dw = {fmt(v['dw'])}, dL/db = {fmt(v['db'])}")
    return fig
