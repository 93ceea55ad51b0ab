"""Softmax with cross-entropy loss, live and static: probabilities, loss, gradient.

One concept: for scores ``a`` and a true label ``c``, softmax turns the
scores into probabilities y, the loss is -log y_c, and the gradient that
goes back to the scores is y - t (t the one-hot label), divided by the batch
size N (here N = 1).

* ``softmax_values(scores, label)``: probabilities (``layers.softmax``), loss
  and gradient (``layers.SoftmaxWithLoss`` forward, then backward(1.0)).
* ``SoftmaxExplorer(scores, label)``: one slider per score (the first is the
  main one), one for the label, and one that shifts all scores by the same m
  (the bars do not move: every e^a_k grows by the factor e^m, shown in the readout, and
  the division by their sum cancels it); bqplot bars of y
  (green) and of y - t (red), changed in place; the loss in the readout and
  in a title.
* ``softmax_figure(...)``: the static matplotlib twin.
* ``log_clip_figure()``: the loss for scores [0, s] with label 0, exact
  (log-sum-exp, ``layers.SoftmaxWithLoss``) against the book's
  -log(y + 1e-7), which stops near 16.1 however wrong the scores are.

Every number comes from ``layers.py``; the explorer is an
``explorer.Explorer`` built from the widget kit ``teaching.widgets``
(bqplot marks changed in place, the readout sent first).
"""


import ipywidgets as ipw
import matplotlib
import numpy as np

import layers
from teaching import style, widgets
from teaching.explorer import Explorer
from teaching.figures import RC, new_figure, png
from teaching.style import fmt
from teaching.widgets import box, bq, container, gradient, hold, read, slider, value

__all__ = ["SCORE_RANGE", "BOOK_EPS", "softmax_values", "SoftmaxExplorer", "softmax_figure",
           "book_loss", "log_clip_figure"]

SCORE_RANGE = (-5.0, 5.0)
BOOK_EPS = 1e-7                 # the book's constant inside the log
FADED = 0.45                    # opacity of the bars of the wrong classes


def softmax_values(scores, label):
    """Probabilities, loss and gradient for one sample, all from layers.py.

    Returns a dict: scores (list), label, y (softmax of the scores), t (the
    one-hot label), loss (SoftmaxWithLoss.forward), grad (its backward with
    dout = 1, which for one sample is y - t).
    """
    scores = np.array(scores, dtype=np.float64)
    label = int(label)
    loss_layer = layers.SoftmaxWithLoss()
    loss = loss_layer.forward(scores, label)
    grad = loss_layer.backward(1.0)
    t = np.zeros_like(scores)
    t[label] = 1.0
    return {"scores": scores.tolist(), "label": label, "y": layers.softmax(scores), "t": t,
            "loss": loss, "grad": np.asarray(grad)}


def book_loss(scores, label, eps=BOOK_EPS):
    """The book's way: probabilities first, then -log(y_label + eps)."""
    return float(-np.log(layers.softmax(np.asarray(scores, dtype=np.float64))[label] + eps))


def _classes(n):
    return [f"class {k}" for k in range(n)]


def _opacities(n, label):
    return [1.0 if k == label else FADED for k in range(n)]


def _title(v):
    return f"forward: y = softmax(a), loss = \u2212log y{v['label']} = {fmt(v['loss'])}"


def _exponentials(v, shift):
    """The unnormalised e^a_k, and with a shift m, the factor e^m that y's division cancels."""
    e = np.exp(np.asarray(v["scores"]))
    line = f"e<sup>a</sup> = [{', '.join(fmt(x) for x in e)}], sum {fmt(e.sum())}"
    if shift:
        line += (f" = e<sup>m</sup> \u00d7 [{', '.join(fmt(x) for x in e / np.exp(shift))}], "
                 f"sum {fmt(e.sum() / np.exp(shift))}: e<sup>m</sup> = {fmt(np.exp(shift))} "
                 "cancels in y = e<sup>a</sup> / sum")
    return line + "<br>"


def _readout(v, shift=0.0):
    c = v["label"]
    probs = ", ".join(value(p) for p in v["y"])
    grads = ", ".join(gradient(g) for g in v["grad"])
    shifted = f" (the sliders' scores + m, m = {fmt(shift)})" if shift else ""
    return box(
        f"scores a = [{', '.join(fmt(a) for a in v['scores'])}]{shifted}, true label {c}<br>"
        + _exponentials(v, shift) +
        f"y = softmax(a) = [{probs}] &nbsp;(sum 1)<br>"
        f"loss = \u2212log y{c} = \u2212log {value(v['y'][c])} = {value(v['loss'])}<br>"
        f"gradient y \u2212 t = [{grads}] &nbsp;(sum {fmt(round(sum(v['grad']), 12) + 0.0)}): "
        f"class {c} gets y{c} \u2212 1 = {gradient(v['grad'][c])}; raising its score "
        f"lowers the loss")


def _bar_figure(title, mark, sx, sy, ylabel):
    return widgets.figure(title, [mark],
                          widgets.axes(sx, sy, ylabel=ylabel, tick_size="14px", x_grid=False),
                          margin={"top": 50, "bottom": 40, "left": 70, "right": 20},
                          layout=widgets.figure_layout(height="360px"))


class SoftmaxExplorer(Explorer):
    """Sliders for the scores (the first is the main one), the label and a common shift m
    added to every score; two bar charts.

    ``values`` is ``softmax_values`` of the current controls; ``marks`` holds
    the bars ``probabilities`` (y, green) and ``gradient`` (y - t, red); the
    true class is drawn in full colour, the others faded.
    """

    def __init__(self, scores=(2.0, 1.0, -1.0), label=1):
        self.n = n = len(scores)
        controls = {f"a{k}": slider(f"score a{k}", float(a), SCORE_RANGE)
                    for k, a in enumerate(scores)}
        controls["label"] = widgets.int_slider("label", int(label), (0, n - 1))
        controls["shift"] = slider("shift all by m", 0.0, SCORE_RANGE)
        v = self.values = softmax_values(scores, label)
        sx = bq.OrdinalScale(domain=_classes(n))
        sy, sg = bq.LinearScale(min=0.0, max=1.0), bq.LinearScale(min=-1.0, max=1.0)
        m = self.marks = {
            "probabilities": bq.Bars(x=_classes(n), y=v["y"], scales={"x": sx, "y": sy},
                                     colors=[style.VALUE], opacities=_opacities(n, v["label"]),
                                     padding=0.3),
            "gradient": bq.Bars(x=_classes(n), y=v["grad"], scales={"x": sx, "y": sg},
                                colors=[style.GRADIENT], opacities=_opacities(n, v["label"]),
                                padding=0.3),
        }
        figures = [_bar_figure(_title(v), m["probabilities"], sx, sy, "y"),
                   _bar_figure("backward: dL/da = y \u2212 t", m["gradient"], sx, sg,
                               "y \u2212 t")]
        readout = ipw.HTML(_readout(v))
        super().__init__(title="Softmax with loss explorer", controls=controls,
                         main=controls["a0"], readout=readout, plots=figures,
                         widget=container(controls, figures, readout))

    def static(self):
        return png(softmax_figure(tuple(self.values["scores"]), self.values["label"]))

    def update(self, changed):
        m, c = self.marks, self.controls
        shift = read(c["shift"])
        v = self.values = softmax_values([read(c[f"a{k}"]) + shift for k in range(self.n)],
                                         c["label"].value)
        self.readout.value = _readout(v, shift)
        with hold(m["probabilities"], m["gradient"], self.plots[0]):
            m["probabilities"].y = v["y"]
            m["gradient"].y = v["grad"]
            if changed == "label":
                m["probabilities"].opacities = _opacities(self.n, v["label"])
                m["gradient"].opacities = _opacities(self.n, v["label"])
            self.plots[0].title = _title(v)


def softmax_figure(scores=(2.0, 1.0, -1.0), label=1):
    """Static twin of ``SoftmaxExplorer``: bars of y and of y - t (10 x 3.8 in)."""
    v = softmax_values(scores, label)
    n = len(v["scores"])
    with matplotlib.rc_context(RC):
        fig, (left, right) = new_figure(10, 3.8, 2)
        for ax, ys, colour in [(left, v["y"], style.VALUE), (right, v["grad"], style.GRADIENT)]:
            bars = ax.bar(_classes(n), ys, color=colour, width=0.6)
            for k, bar in enumerate(bars):
                bar.set_alpha(1.0 if k == v["label"] else FADED)
            ax.axhline(0, color=style.INK, linewidth=1)
        left.set(ylim=(0, 1), ylabel="y", title=_title(v))
        right.set(ylim=(-1, 1), ylabel="y \u2212 t", title="backward: dL/da = y \u2212 t")
    return fig


def log_clip_figure():
    """Loss for scores [0, s], label 0, against s: exact vs the book's -log(y + 1e-7).

    Left s from 0 to 40, where the two part near s = 16; right s up to 1000, where the
    exact loss reaches 1000 and the clipped one levels off.
    """
    with matplotlib.rc_context(RC):
        fig, axes = new_figure(10, 4.4, 2)
        for ax, top in zip(axes, (40.0, 1000.0)):
            gaps = np.linspace(0.0, top, 401)
            exact = [layers.SoftmaxWithLoss().forward(np.array([0.0, s]), 0) for s in gaps]
            clipped = [book_loss([0.0, s], 0) for s in gaps]
            ax.plot(gaps, exact, color=style.VALUE,
                    label="from the scores (log-sum-exp): log(1 + e\u02e2)")
            ax.plot(gaps, clipped, color=style.INK, linestyle="--",
                    label="from the probabilities: \u2212log(y\u2080 + 1e\u22127)")
            ax.set(xlim=(0, top), ylim=(0, 1.05 * top), xlabel="s (scores [0, s], true label 0)",
                   ylabel="loss", title=f"s from 0 to {top:.0f}")
        fig.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=2,
                   fontsize=10)
        fig.suptitle("Cross-entropy when the wrong class wins by s")
    return fig

