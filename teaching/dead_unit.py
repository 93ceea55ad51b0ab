"""A ReLU unit on a batch: which samples pass, and the gradient its weight and bias get.

``DeadUnitExplorer(w, b, lr)`` puts one unit relu(w x + b) in front of a fixed batch
of 20 inputs (chapter 05's batch).  The picture is drawn against the input x, in two
panels sharing that axis.  Above: the unit's output relu(w x + b) as a green line, one point
per sample on it (green where the sample passes, z = w x + b > 0; grey where its switch is
closed).  Below, a strip of its own y axis: the gradient dz_i each sample sends back through
its switch, a red triangle at dout where the sample passes and a grey point at 0 where it is
blocked (so the red triangles vanish with the green points); outputs and dz beyond the
drawn ranges sit at the edge.  The readout gives how many pass
and the gradients of w
and b, summed over the batch, for the loss L = dout * (sum of the outputs), with a
**dout** toggle of +1 (every sample asks for a smaller output) or -1 (every sample asks for
a larger one).  Move ``b`` down until the last green point turns grey: both gradients become
exactly 0 and the unit is dead.  The **gradient step** button takes one step
w -= lr dL/dw, b -= lr dL/db; once the unit is dead, every press moves nothing.

``target=(w_t, b_t)`` (opt-in, the mode chapter 05 uses) swaps the loss for
L = 1/2 sum (y - t)^2 with targets t = relu(w_t x + b_t), drawn as a dashed black line (the
outputs then stay below 2, so the y axis stops at 2.5): each passing sample sends back
dz = y - t and the dout toggle goes away.

``runs_figure(lrs, steps, target)`` draws whole runs of that loss from w = 1.5, b = -1: the
loss and the number of passing samples against the step, one line per learning rate.

Every number comes from ``layers.Relu`` (forward, then backward).  The static twin,
``dead_unit_figure``, is drawn with matplotlib, like the explorers of ``plots.py``,
whose helpers this module reuses.
"""

import ipywidgets as ipw
import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg

import layers
from teaching import figures, plots, style, widgets
from teaching.explorer import Explorer
from teaching.style import fmt

__all__ = ["DeadUnitExplorer", "dead_unit_values", "dead_unit_figure", "gradient_step",
           "runs", "runs_figure", "targets", "BATCH", "UPSTREAM"]

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
X_RANGE = (-1.2, 2.2)            # the batch lies in (-1, 2)
Y_RANGE = (-0.5, 6.0)            # outputs above are drawn at the edge
AXES = plots.Axes(X_RANGE, Y_RANGE, "", "output relu(w x + b)")
TARGET_AXES = plots.Axes(X_RANGE, (-0.25, 2.5), "", AXES.ylabel)   # with targets: outputs < 2
DZ_RANGE = (-1.6, 1.6)           # dz is dout (+-1) or 0; a larger y - t is drawn at the edge
GRAD_AXES = plots.Axes(X_RANGE, DZ_RANGE, "input x", "dz")
_XS = np.round(np.linspace(*X_RANGE, 341), 10)


def targets(target, x=BATCH):
    """t = relu(w_t x + b_t) for ``target`` = (w_t, b_t)."""
    return layers.Relu().forward(target[0] * x + target[1])


def dead_unit_values(w, b, dout=DOUT, target=None):
    """The batch through relu(w x + b), forward and backward with ``layers.Relu``: backward on
    ``dout``, or on y - t for L = 1/2 sum (y - t)^2 when ``target`` = (w_t, b_t) is given."""
    z = w * BATCH + b
    relu = layers.Relu()
    y = relu.forward(z)
    dz = relu.backward(dout if target is None else y - targets(target))
    passing = z > 0
    return {"w": w, "b": b, "z": z, "y": y, "dz": dz, "passing": passing,
            "count": int(np.count_nonzero(passing)),
            "dw": float(np.sum(dz * BATCH)), "db": float(np.sum(dz))}


def gradient_step(w, b, lr, dout=1.0, target=None):
    """One step of gradient descent on L = dout * sum of the outputs (``dout`` a number, the
    same for every sample), or on the target loss: (w - lr dL/dw, b - lr dL/db)."""
    v = dead_unit_values(w, b, dout * DOUT, target)
    return w - lr * v["dw"], b - lr * v["db"]


def _axes(target):
    """The output panel's axes: a lower top when targets are drawn."""
    return AXES if target is None else TARGET_AXES


def _output_line(w, b, top=Y_RANGE[1]):
    """The unit's output relu(w x + b) along the drawn inputs (from ``layers.Relu``)."""
    return np.minimum(layers.Relu().forward(w * _XS + b), top)


def _target_line(target):
    """The targets relu(w_t x + b_t) along the drawn inputs."""
    return np.minimum(targets(target, _XS), TARGET_AXES.y[1])


def _shown(v, which, top=Y_RANGE[1]):
    """The points of one group: samples that pass or are blocked at (x, output); in the
    strip, "grad" (the passing samples) and "zero" (the blocked ones) at (x, dz). Outputs
    and dz outside the drawn ranges are drawn at their edges."""
    keep = v["passing"] if which in ("pass", "grad") else ~v["passing"]
    if which in ("grad", "zero"):
        return BATCH[keep], np.clip(v["dz"][keep], *DZ_RANGE)
    return BATCH[keep], np.minimum(v["y"][keep], top)


# the groups of points: (name, colour, marker in bqplot, in matplotlib, in the strip)
_GROUPS = (("pass", style.VALUE, "circle", "o", False),
           ("blocked", style.MUTED, "circle", "o", False),
           ("grad", style.GRADIENT, "triangle-up", "^", True),
           ("zero", style.MUTED, "circle", "o", True))


def _readout(v, dout, last_step="", target=None):
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
        f"dL/db = \u03a3 dz = {widgets.gradient(v['db'])} &nbsp;"
        + (f"(dout = {dout:+g} on every sample)" if target is None else
           "(L = \u00bd \u03a3 (y \u2212 t)\u00b2: dout = y \u2212 t)") + "<br>"
        f"{verdict}{'<br>' + last_step if last_step else ''}")


def _title(v):
    return f"{v['count']} of {len(BATCH)} samples pass"


class DeadUnitExplorer(Explorer):
    """Sliders w, b and lr, a dout toggle (+1 or -1 on every sample); the unit's output along
    x with the batch's samples on it, and below it a strip with each sample's dz; counts and
    gradients; a **gradient step** button (``step()``) that moves w and b by -lr times their
    gradients."""

    def __init__(self, w=1.5, b=-1.0, lr=0.1, dout=1.0, target=None):
        axes = _axes(target)
        self.top = axes.y[1]
        scales = widgets.scales(axes)
        strip = (scales[0], widgets.scales(GRAD_AXES)[1])     # the same x scale
        controls = {"w": widgets.slider("w", w, W_RANGE), "b": widgets.slider("b", b, B_RANGE),
                    "lr": widgets.slider("lr", lr, LR_RANGE, step=0.001)}
        controls["lr"].readout_format = ".3f"     # fine enough to test an lr edge; typed too
        self.target = target
        if target is None:
            controls["dout"] = ipw.ToggleButtons(options=DOUT_SIGNS, value=float(dout),
                                                 description="dout",
                                                 style={"button_width": "48px"})
        self.last_step = ""
        self._stepping = False
        v = self.values = dead_unit_values(widgets.read(controls["w"]),
                                           widgets.read(controls["b"]), dout * DOUT, target)
        self.marks = {"output": widgets.curve(_XS, _output_line(v["w"], v["b"], self.top),
                                              scales, style.VALUE)}
        lines = [self.marks["output"]]
        if target is not None:
            lines.insert(0, widgets.curve(_XS, _target_line(target), scales, style.INK,
                                          line_style="dashed"))
        for which, color, marker, _, in_strip in _GROUPS:
            sx, sy = strip if in_strip else scales
            x, y = _shown(v, which, self.top)
            self.marks[which] = widgets.bq.Scatter(
                x=x, y=y, scales={"x": sx, "y": sy}, colors=[color], stroke=style.INK,
                default_size=110, marker=marker)
        m = self.marks
        self.figure = widgets.plot(_title(v), lines + [m["pass"], m["blocked"]], scales,
                                   axes, width="640px")
        self.strip = widgets.figure(
            "", [m["zero"], m["grad"]], widgets.axes(*strip, GRAD_AXES.xlabel, GRAD_AXES.ylabel,
                                                     tick_size="14px"),
            margin=dict(widgets.MARGIN, top=10), layout=ipw.Layout(width="640px", height="170px"))
        self.figure.fig_margin = dict(widgets.MARGIN, bottom=25)
        self.figure.layout.height = "300px"
        readout = ipw.HTML(_readout(v, dout, target=target))
        self.step_button = ipw.Button(description="gradient step (lr)", icon="step-forward",
                                      tooltip="w -= lr * dL/dw, b -= lr * dL/db")
        self.step_button.on_click(lambda _: self.step())
        widget = widgets.container(controls, [ipw.VBox([self.figure, self.strip])], readout)
        widget.children = widget.children[:2] + (self.step_button,) + widget.children[2:]
        super().__init__(title="Dead-unit explorer", controls=controls, main=controls["b"],
                         readout=readout, plots=[self.figure, self.strip], widget=widget)

    def _dout(self):
        return self.controls["dout"].value if "dout" in self.controls else 1.0

    def step(self):
        """One gradient step from the sliders' w and b; the sliders move to the new values
        (clipped to their ranges, which the readout then says)."""
        w, b = self.values["w"], self.values["b"]
        lr = widgets.read(self.controls["lr"])
        new_w, new_b = gradient_step(w, b, lr, self._dout(), self.target)
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
        return figures.png(dead_unit_figure(self.values["w"], self.values["b"], self._dout(),
                                            self.target))

    def update(self, changed):
        if self._stepping:
            return                      # step() sets w and b, then updates once
        if changed in ("w", "b", "dout"):
            self.last_step = ""         # moved by hand: the last step is history
        dout = self._dout()
        v = self.values = dead_unit_values(widgets.read(self.controls["w"]),
                                           widgets.read(self.controls["b"]), dout * DOUT,
                                           self.target)
        self.readout.value = _readout(v, dout, self.last_step, self.target)
        m = self.marks
        with widgets.hold(*m.values(), self.figure):
            m["output"].y = _output_line(v["w"], v["b"], self.top)
            for which, *_ in _GROUPS:
                m[which].x, m[which].y = _shown(v, which, self.top)
            self.figure.title = _title(v)


def dead_unit_figure(w=1.5, b=-1.0, dout=1.0, target=None):
    """Static twin of ``DeadUnitExplorer`` (7 x 4.8 in): the outputs (and the targets, if
    given), and the dz strip below on its own y axis, sharing x."""
    v = dead_unit_values(w, b, dout * DOUT, target)
    axes = _axes(target)
    with matplotlib.rc_context(figures.RC):
        fig = figures.StaticFigure(figsize=(7, 4.8), dpi=100, layout="constrained")
        FigureCanvasAgg(fig)   # its own canvas, as figures.new_figure gives
        ax, strip = fig.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [3, 1.4]})
        if target is not None:
            ax.plot(_XS, _target_line(target), "--", color=style.INK)
        ax.plot(_XS, _output_line(w, b, axes.y[1]), color=style.VALUE)
        for which, color, _, marker, in_strip in _GROUPS:
            x, y = _shown(v, which, axes.y[1])
            (strip if in_strip else ax).plot(x, y, marker, color=color,
                                             markeredgecolor=style.INK, zorder=3)
        figures.set_axes(ax, axes, _title(v))      # the live figure's title: its gradients
        # are in the live readout only, so the stored picture never states a step's result
        figures.set_axes(strip, GRAD_AXES, "", yticks=[-1, 0, 1])
    return fig


RUN_COLORS = (style.GRADIENT, style.MUTED, style.ACTIVE, style.VALUE)   # one per lr, in order


def runs(lrs, steps, target, w=1.5, b=-1.0):
    """For each lr, the loss L = 1/2 sum (y - t)^2 and the number of passing samples before
    each step and after the last: two lists of ``steps + 1`` numbers, from (``w``, ``b``)."""
    out = {}
    for lr in lrs:
        w_, b_, losses, passing = w, b, [], []
        for _ in range(steps + 1):
            v = dead_unit_values(w_, b_, target=target)
            losses.append(0.5 * float(np.sum((v["y"] - targets(target)) ** 2)))
            passing.append(v["count"])
            w_, b_ = w_ - lr * v["dw"], b_ - lr * v["db"]
        out[lr] = (losses, passing)
    return out


def runs_figure(lrs, steps, target, w=1.5, b=-1.0):
    """``runs`` drawn (10 x 3.6 in): the loss (left) and the passing samples (right) against
    the step, one colour per lr (at most four)."""
    with matplotlib.rc_context(figures.RC):
        fig, (left, right) = figures.new_figure(10, 3.6, 2)
        for (lr, (losses, passing)), color in zip(runs(lrs, steps, target, w, b).items(),
                                                  RUN_COLORS):
            left.plot(losses, color=color, label=f"lr {lr}")
            right.plot(passing, color=color, label=f"lr {lr}")
        left.set(xlabel="step", ylabel="loss L", ylim=(0, None), title="loss")
        right.set(xlabel="step", ylabel="samples passing", ylim=(-0.5, BATCH.size + 0.5),
                  yticks=range(0, BATCH.size + 1, 5), title="samples passing (of 20)")
        right.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig
