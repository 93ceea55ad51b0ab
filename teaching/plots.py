"""Live plot explorers for the notebooks, and the static figures beside them.

Three explorers, each an ``explorer.Explorer``:

* ``ChainRuleExplorer(x, y)``: z = t**2 with t = x * y.  The curve of z along
  x, the current point and the tangent whose slope is dz/dt * dt/dx (or, with
  "forget dt/dx" ticked, the wrong line of slope dz/dt alone);
* ``ReluExplorer(x, dout)``: y = relu(x) and the gradient dx = Relu.backward(dout);
* ``SigmoidExplorer(x, k)``: the sigmoid, its gradient (never above 0.25), and, on a
  logarithmic axis, the gradient that reaches x through k sigmoids in a row.

Every number they plot or print comes from ``layers.py`` (forward and backward
of the real layer classes, or the example graph built from them), never from a
separate formula here, so a broken layer shows up as a wrong picture.  Each
has a static twin (``chain_rule_figure``, ``relu_figure``, ``sigmoid_figure``)
drawn with matplotlib; a plot's axes (``Axes``) are stated once and used by both.

Live and static
---------------
The live plots are bqplot figures built with the widget kit ``teaching.widgets``
(why bqplot, and the order of updates, are explained there): curves that do not
depend on a slider are computed once, marks are changed in place, never cleared
and redrawn, and the readout is sent before the marks.
``benchmarks/widget_latency.py`` (``make bench``) measures every explorer
against a label-only slider; its figures are in ``benchmarks/README.md``.  The
static twins are matplotlib figures built with ``teaching.figures`` (no pyplot,
byte-identical SVG files).

Colours
-------
One convention everywhere (``style.py``): forward values in ``style.VALUE``
(green), gradients in ``style.GRADIENT`` (red).  Here that means the function
curves and their points are green; the gradient curves, their points and the
tangent (its slope *is* the gradient) are red; guides such as the 0.25 ceiling
are ``style.MUTED``.

Testing
-------
Besides the ``Explorer`` parts, a plot explorer has ``marks`` (name -> bqplot
mark) and ``values`` (the numbers in the readout, refreshed on every slider
change).  Tests set ``explorer.controls["x"].value`` and read the mark data
and the readout.
"""

from dataclasses import dataclass

import ipywidgets as ipw
import matplotlib
import numpy as np

import layers
from teaching import examples, style, widgets
from teaching.explorer import Explorer
from teaching.figures import RC, new_figure, png, set_axes
from teaching.style import fmt
from teaching.widgets import box, bq, container, gradient, hold, read, slider, value

__all__ = [
    "ChainRuleExplorer", "ReluExplorer", "SigmoidExplorer",
    "chain_rule_values", "relu_values", "sigmoid_values",
    "chain_rule_figure", "relu_figure", "sigmoid_figure",
]

# slider ranges; the sigmoid's keeps exp(-x) in the step-by-step graph far from overflow
CHAIN_RANGE = (-2.0, 2.0)
RELU_RANGE = (-3.0, 3.0)
DOUT_RANGE = (-2.0, 2.0)
SIGMOID_RANGE = (-10.0, 10.0)
STACK_RANGE = (1, 10)      # how many sigmoids in a row the explorer's second slider stacks
TANGENT_HALF_WIDTH = 1.0   # the tangent is drawn from x - 1 to x + 1

# the x grids the curves are drawn on; rounding makes 0.0 an exact grid point
CHAIN_XS = np.round(np.linspace(*CHAIN_RANGE, 241), 10)
RELU_XS = np.round(np.linspace(*RELU_RANGE, 601), 10)
SIGMOID_XS = np.round(np.linspace(*SIGMOID_RANGE, 401), 10)


@dataclass(frozen=True)
class Axes:
    """One panel's axis ranges and labels, shared by the live plot and its static twin."""
    x: tuple
    y: tuple
    xlabel: str
    ylabel: str


CHAIN_AXES = Axes(CHAIN_RANGE, (-1.5, 17.0), "x", "z")
RELU_AXES = Axes(RELU_RANGE, (-0.5, 3.2), "x", "y")
RELU_GRAD_AXES = Axes(RELU_RANGE, (-2.2, 2.2), "x", "dx")
SIGMOID_AXES = Axes(SIGMOID_RANGE, (-0.05, 1.05), "x", "y")
SIGMOID_GRAD_AXES = Axes(SIGMOID_RANGE, (-0.01, 0.3), "x", "dy/dx")
CEILING = 0.25             # the sigmoid's largest gradient, at x = 0
# log y: each sigmoid multiplies the gradient by at most 0.25, a constant step down on this
# axis; through 10 sigmoids the smallest value on the x range is 5.6e-11, above the floor
STACK_AXES = Axes(SIGMOID_RANGE, (1e-11, 1.0), "x", "dx through k (log scale)")


# ---------------------------------------------------------------------------
# The math: every number comes from the layers
# ---------------------------------------------------------------------------

def _chain_forward(x, y):
    """z = (x * y)**2 through MulLayer and SquareLayer; x may be an array."""
    return layers.SquareLayer().forward(layers.MulLayer().forward(x, y))


def chain_rule_values(x, y):
    """Forward and backward of z = t**2, t = x * y at one point, from the layers.

    A product inside the square, so that both factors of the chain rule change:
    returns a dict with t, z, dz_dt (SquareLayer's local derivative 2t), dt_dx
    (MulLayer's local derivative y), dz_dx (the backward pass: dz/dt sent through
    MulLayer, i.e. the chain-rule product) and numeric (the central-difference
    slope of z along x).
    """
    x, y = float(x), float(y)
    mul, square = layers.MulLayer(), layers.SquareLayer()
    t = mul.forward(x, y)
    z = square.forward(t)
    dz_dt = square.backward(1.0)      # local derivative of the square node
    dt_dx, _ = mul.backward(1.0)      # local derivative of the multiply node: y
    dz_dx, _ = mul.backward(dz_dt)    # upstream dz/dt times local dt/dx
    numeric = layers.numerical_gradient(lambda xs: _chain_forward(xs, y), x)
    return {"x": x, "y": y, "t": t, "z": z, "dz_dt": dz_dt, "dt_dx": dt_dx,
            "dz_dx": dz_dx, "numeric": numeric}


def _chain_curve(y):
    return _chain_forward(CHAIN_XS, float(y))


def _line_slope(v, forget=False):
    """The red line's slope: the backward pass dz/dx, or dz/dt alone when dt/dx is forgotten."""
    return v["dz_dt"] if forget else v["dz_dx"]


def _tangent(v, forget=False):
    """Two end points of the line through (x, z) with the backward-pass slope (the tangent),
    or with dz/dt alone (``forget``: a line that differs from the tangent, and so cuts
    the curve, unless dt/dx = 1 or t = 0, where both slopes are 0)."""
    xs = np.array([v["x"] - TANGENT_HALF_WIDTH, v["x"] + TANGENT_HALF_WIDTH])
    return xs, v["z"] + _line_slope(v, forget) * (xs - v["x"])


def relu_values(x, dout):
    """y = relu(x) and dx = Relu.backward(dout) at one point."""
    relu = layers.Relu()
    y = relu.forward(float(x))
    dx = relu.backward(float(dout))
    return {"x": float(x), "dout": float(dout), "y": y, "dx": dx}


def _relu_curves(dout):
    relu = layers.Relu()
    ys = relu.forward(RELU_XS)
    dxs = relu.backward(np.full_like(RELU_XS, float(dout)))
    return ys, dxs


def _sigmoid_curves():
    sigmoid = layers.Sigmoid()
    ys = sigmoid.forward(SIGMOID_XS)
    dxs = sigmoid.backward(np.ones_like(SIGMOID_XS))
    return ys, dxs


def _stack_gradient(x, k):
    """dx at x (a number or an array) through k Sigmoid layers in a row, from dout = 1."""
    stack = [layers.Sigmoid() for _ in range(k)]
    h = x
    for sigmoid in stack:
        h = sigmoid.forward(h)
    dout = np.ones_like(h)
    for sigmoid in reversed(stack):
        dout = sigmoid.backward(dout)
    return dout


# How the readout names each node of examples.sigmoid_graph (keyed by the edge it
# makes) and the book's formula for its local derivative.
_SIGMOID_NODES = {
    "y": ("1/t", "\u2212y\u00b2"),
    "1+exp(-x)": ("+1", "1"),
    "exp(-x)": ("exp", "exp(\u2212x)"),
    "-x": ("\u00d7(\u22121)", "\u22121"),
}


def sigmoid_values(x, k=1):
    """The sigmoid at x, its fused gradient, the same gradient node by node, and the
    gradient through k sigmoids in a row (``stack``).

    The node-by-node pass is the backward pass of ``examples.sigmoid_graph``
    from dL/dy = 1.  ``steps`` lists its nodes from the output to x, one dict
    each: the local derivative (the layer's backward of 1), the
    central-difference check of that derivative (a fresh layer of the same
    kind, fed the graph's numbers), and the gradient that leaves the node
    (the layer's backward of the upstream gradient).
    """
    v = _sigmoid_point(float(x), int(k))
    x = v["x"]
    graph = examples.sigmoid_graph()
    graph.forward(x=x)
    graph.backward(1.0)
    nodes = {n.output: n for n in graph.nodes}
    steps = []
    for step in graph.steps:
        node = nodes[step.node]
        # each node has one input that is not a constant: the path back to x
        (slot,) = [i for i, e in enumerate(node.inputs) if e not in graph.constants]

        def f(t, node=node, slot=slot):   # the node alone, as a function of that input
            args = [graph.values[e] for e in node.inputs]
            args[slot] = t
            return type(node.layer)().forward(*args)

        name, formula = _SIGMOID_NODES[step.node]
        steps.append({"node": name, "formula": formula, "local": step.local[slot],
                      "numeric": layers.numerical_gradient(f, graph.values[node.inputs[slot]]),
                      "upstream": step.upstream, "downstream": step.downstream[slot]})
    return {**v, "graph": graph.grads["x"], "steps": steps}


def _sigmoid_point(x, k):
    """What the explorer draws and reads out at x: y, the fused gradient y(1 - y) and the
    gradient through k sigmoids (a few microseconds; the node-by-node pass above traces a
    graph and takes four numerical derivatives, about a millisecond)."""
    sigmoid = layers.Sigmoid()
    y = sigmoid.forward(x)
    fused = sigmoid.backward(1.0)
    return {"x": x, "y": y, "fused": fused, "k": k, "stack": float(_stack_gradient(x, k))}


# ---------------------------------------------------------------------------
# Readouts (HTML)
# ---------------------------------------------------------------------------

def _chain_readout(v, forget=False):
    line = (f"red line: slope dz/dt = {gradient(v['dz_dt'])} alone (dt/dx forgotten)"
            if forget else "red line: the tangent, slope dz/dx")
    return box(
        f"x = {value(v['x'])}, y = {value(v['y'])}: &nbsp;"
        f"t = x \u00b7 y = {value(v['t'])} &nbsp;&nbsp; z = t\u00b2 = {value(v['z'])}<br>"
        f"dz/dt = 2t = {gradient(v['dz_dt'])} &nbsp;\u00d7&nbsp; "
        f"dt/dx = y = {gradient(v['dt_dx'])} &nbsp;=&nbsp; "
        f"dz/dx = {gradient(v['dz_dx'])}<br>"
        f"numerical slope (central difference) = {gradient(v['numeric'])}; &nbsp;"
        f"|dz/dx \u2212 numerical| = {fmt(abs(v['dz_dx'] - v['numeric']))}<br>{line}")


def _relu_readout(v):
    why = ("x &gt; 0: the gradient passes unchanged" if v["x"] > 0 else
           "x \u2264 0: the mask blocks the gradient")
    return box(
        f"x = {value(v['x'])} &nbsp;&nbsp; y = relu(x) = {value(v['y'])}<br>"
        f"dx = Relu.backward(dout = {gradient(v['dout'])}) = {gradient(v['dx'])}"
        f" &nbsp;({why})")


def _stack_title(k):
    return f"through k = {k} sigmoid{'s' if k > 1 else ''} in a row"


def _sigmoid_readout(v):
    # not the gradient node by node: that would answer the predict explorer of the
    # four-node graph that comes after it
    return box(
        f"x = {value(v['x'])}, &nbsp;y = {value(v['y'])}<br>"
        f"one sigmoid: dy/dx = y(1 \u2212 y) = {gradient(v['fused'])}, "
        f"never more than {fmt(CEILING)} (at x = 0)<br>"
        f"k = {v['k']} sigmoids in a row (right, log scale): the gradient reaching x is "
        f"{gradient(v['stack'])}")


# ---------------------------------------------------------------------------
# The live explorers (bqplot)
# ---------------------------------------------------------------------------

def _chain_title(y):
    return f"z = (x \u00b7 y)\u00b2 along x, with y = {fmt(y)}"


class ChainRuleExplorer(Explorer):
    """z = t**2, t = x * y: sliders x and y, the curve of z along x, the tangent.

    The tangent's slope is the backward pass (dz/dt sent through MulLayer), the
    readout shows dz/dt, dt/dx, their product, the numerical slope and how far
    apart the two are.  Moving x moves the point and the tangent; moving y also
    redraws the curve.  The checkbox "forget dt/dx" draws the line of slope
    dz/dt alone instead, the mistake the chain rule prevents: it cuts the curve
    (except at y = 1, or at t = 0 where both slopes are 0).
    """

    def __init__(self, x=1.0, y=2.0, forget=False):
        scales = widgets.scales(CHAIN_AXES)
        controls = {"x": slider("x", x, CHAIN_RANGE), "y": slider("y", y, CHAIN_RANGE),
                    "forget": ipw.Checkbox(value=bool(forget), description="forget dt/dx",
                                           indent=False)}
        v = self.values = chain_rule_values(read(controls["x"]), read(controls["y"]))
        tx, tz = _tangent(v, forget)
        self.marks = {
            "curve": widgets.curve(CHAIN_XS, _chain_curve(v["y"]), scales, style.VALUE),
            "tangent": widgets.curve(tx, tz, scales, style.GRADIENT),
            "point": widgets.point(v["x"], v["z"], scales, style.VALUE),
        }
        figure = widgets.plot(_chain_title(v["y"]), list(self.marks.values()), scales, CHAIN_AXES,
                         width="640px")
        readout = ipw.HTML(_chain_readout(v, forget))
        super().__init__(title="Chain rule explorer", controls=controls, main=controls["x"],
                         readout=readout, plots=[figure],
                         widget=container(controls, [figure], readout))

    @property
    def forget(self):
        return bool(self.controls["forget"].value)

    def static(self):
        return png(chain_rule_figure(self.values["x"], self.values["y"], self.forget))

    def update(self, changed):
        marks, (figure,) = self.marks, self.plots
        v = self.values = chain_rule_values(read(self.controls["x"]), read(self.controls["y"]))
        tx, tz = _tangent(v, self.forget)
        self.readout.value = _chain_readout(v, self.forget)
        if changed == "y":                  # only y changes the curve
            with hold(marks["curve"], figure):
                marks["curve"].y = _chain_curve(v["y"])
                figure.title = _chain_title(v["y"])
        with hold(marks["point"], marks["tangent"]):
            marks["point"].x, marks["point"].y = [v["x"]], [v["z"]]
            marks["tangent"].x, marks["tangent"].y = tx, tz


class ReluExplorer(Explorer):
    """ReLU and its gradient: sliders x and upstream gradient dout, two panels.

    Left: y = relu(x) (precomputed); right: dx = Relu.backward(dout) along x,
    recomputed only when dout moves.  The current point is marked on both.
    """

    def __init__(self, x=1.0, dout=1.0):
        fwd, grad = widgets.scales(RELU_AXES), widgets.scales(RELU_GRAD_AXES)
        controls = {"x": slider("x", x, RELU_RANGE), "dout": slider("dout", dout, DOUT_RANGE)}
        v = self.values = relu_values(read(controls["x"]), read(controls["dout"]))
        ys, dxs = _relu_curves(v["dout"])
        m = self.marks = {
            "forward": widgets.curve(RELU_XS, ys, fwd, style.VALUE),
            "forward_point": widgets.point(v["x"], v["y"], fwd, style.VALUE),
            "gradient": widgets.curve(RELU_XS, dxs, grad, style.GRADIENT),
            "gradient_point": widgets.point(v["x"], v["dx"], grad, style.GRADIENT),
        }
        figures = [
            widgets.plot("forward: y = relu(x)", [m["forward"], m["forward_point"]], fwd,
                         RELU_AXES),
            widgets.plot("backward: dx = Relu.backward(dout)",
                         [m["gradient"], m["gradient_point"]], grad, RELU_GRAD_AXES),
        ]
        readout = ipw.HTML(_relu_readout(v))
        super().__init__(title="ReLU explorer", controls=controls, main=controls["x"],
                         readout=readout, plots=figures,
                         widget=container(controls, figures, readout))

    def static(self):
        return png(relu_figure(self.values["x"], self.values["dout"]))

    def update(self, changed):
        m = self.marks
        v = self.values = relu_values(read(self.controls["x"]), read(self.controls["dout"]))
        self.readout.value = _relu_readout(v)
        if changed == "dout":               # only dout changes the gradient curve
            m["gradient"].y = _relu_curves(v["dout"])[1]
        with hold(m["forward_point"], m["gradient_point"]):
            m["forward_point"].x, m["forward_point"].y = [v["x"]], [v["y"]]
            m["gradient_point"].x, m["gradient_point"].y = [v["x"]], [v["dx"]]


class SigmoidExplorer(Explorer):
    """The sigmoid and its gradient, and the gradient through k sigmoids in a row.

    The sigmoid's two curves are computed once (Sigmoid forward and backward on
    a grid); moving x moves the points and rewrites the readout.  The slider k
    (1 to 10) redraws the third panel, on a logarithmic y axis: the gradient that
    reaches x through k Sigmoid layers stacked, backward from dout = 1 (the
    readout gives its value at x), above the grey curve of one sigmoid.  The dashed
    grey line is the 0.25 ceiling, the dotted one a tenth of it.
    """

    def __init__(self, x=0.0, k=1):
        fwd, grad = widgets.scales(SIGMOID_AXES), widgets.scales(SIGMOID_GRAD_AXES)
        stacked = (bq.LinearScale(min=STACK_AXES.x[0], max=STACK_AXES.x[1]),
                   bq.LogScale(min=STACK_AXES.y[0], max=STACK_AXES.y[1]))
        controls = {"x": slider("x", x, SIGMOID_RANGE),
                    "k": widgets.int_slider("k", k, STACK_RANGE)}
        v = self._shown = _sigmoid_point(read(controls["x"]), controls["k"].value)
        ys, dxs = _sigmoid_curves()
        m = self.marks = {
            "forward": widgets.curve(SIGMOID_XS, ys, fwd, style.VALUE),
            "forward_point": widgets.point(v["x"], v["y"], fwd, style.VALUE),
            "ceiling": widgets.curve(list(SIGMOID_RANGE), [CEILING, CEILING], grad, style.MUTED,
                                     line_style="dashed"),
            "ceiling_label": bq.Label(x=[SIGMOID_RANGE[0] + 0.4], y=[CEILING + 0.015],
                                      text=[f"ceiling {fmt(CEILING)}"],
                                      scales=dict(zip("xy", grad)), colors=[style.MUTED],
                                      default_size=14),
            "tenth": widgets.curve(list(SIGMOID_RANGE), [CEILING / 10] * 2, grad, style.MUTED,
                                   line_style="dotted"),
            "gradient": widgets.curve(SIGMOID_XS, dxs, grad, style.GRADIENT),
            "one": widgets.curve(SIGMOID_XS, dxs, stacked, style.MUTED),   # k = 1, for scale
            "stack": widgets.curve(SIGMOID_XS, _stack_gradient(SIGMOID_XS, v["k"]), stacked,
                                   style.GRADIENT),
            "gradient_point": widgets.point(v["x"], v["fused"], grad, style.GRADIENT),
            "stack_point": widgets.point(v["x"], v["stack"], stacked, style.GRADIENT),
        }
        figures = [
            widgets.plot("forward: y = sigmoid(x)", [m["forward"], m["forward_point"]], fwd,
                         SIGMOID_AXES),
            widgets.plot("backward: dy/dx = Sigmoid.backward(1)",
                         [m["ceiling"], m["ceiling_label"], m["tenth"], m["gradient"],
                          m["gradient_point"]],
                         grad, SIGMOID_GRAD_AXES),
            widgets.plot(_stack_title(v["k"]), [m["one"], m["stack"], m["stack_point"]], stacked,
                         STACK_AXES),
        ]
        figures[2].axes[1].tick_format = ".0e"       # 1e-11 ... 1e+0: powers of ten
        readout = ipw.HTML(_sigmoid_readout(v))
        super().__init__(title="Sigmoid explorer", controls=controls, main=controls["x"],
                         readout=readout, plots=figures,
                         widget=container(controls, figures, readout))

    @property
    def values(self):
        """``sigmoid_values`` at the sliders, the node-by-node pass included.

        Made when asked, not on every slider change: a change draws and reads out only
        the point's numbers, and the node-by-node pass would cost several times the
        rest of the change and delay every message it sends.
        """
        return sigmoid_values(read(self.controls["x"]), self.controls["k"].value)

    def static(self):
        return png(sigmoid_figure(self._shown["x"], self._shown["k"]))

    def update(self, changed):
        m = self.marks
        v = self._shown = _sigmoid_point(read(self.controls["x"]), self.controls["k"].value)
        self.readout.value = _sigmoid_readout(v)
        if changed == "k":                  # only k changes the stacked curve
            m["stack"].y = _stack_gradient(SIGMOID_XS, v["k"])
            self.plots[2].title = _stack_title(v["k"])
        with hold(m["forward_point"], m["gradient_point"], m["stack_point"]):
            m["forward_point"].x, m["forward_point"].y = [v["x"]], [v["y"]]
            m["gradient_point"].x, m["gradient_point"].y = [v["x"]], [v["fused"]]
            m["stack_point"].x, m["stack_point"].y = [v["x"]], [v["stack"]]


# ---------------------------------------------------------------------------
# Static twins (matplotlib, no pyplot)
# ---------------------------------------------------------------------------

def _mark(ax, x, y, color):
    ax.plot([x], [y], "o", color=color, markeredgecolor=style.INK, zorder=3)


def chain_rule_figure(x=1.0, y=2.0, forget=False):
    """Static twin of ``ChainRuleExplorer``: curve, point and tangent (7 x 4.2 in), with the
    line of slope dz/dt alone dashed beside it; with ``forget``, that line alone, solid."""
    v = chain_rule_values(x, y)
    tx, tz = _tangent(v, forget)
    legend = (f"dt/dx forgotten: slope dz/dt = {fmt(v['dz_dt'])}" if forget else
              f"tangent, slope from the backward pass = {fmt(v['dz_dx'])}")
    with matplotlib.rc_context(RC):
        fig, (ax,) = new_figure(7, 4.2, 1)
        ax.plot(CHAIN_XS, _chain_curve(v["y"]), color=style.VALUE, label="z = (x \u00b7 y)\u00b2")
        ax.plot(tx, tz, color=style.GRADIENT, label=legend)
        if not forget:   # the dropped link too, dashed: read without a kernel, both show
            fx, fz = _tangent(v, forget=True)
            ax.plot(fx, fz, color=style.GRADIENT, linestyle="--", linewidth=1.5,
                    label=f"dt/dx forgotten: slope dz/dt = {fmt(v['dz_dt'])}")
        _mark(ax, v["x"], v["z"], style.VALUE)
        set_axes(ax, CHAIN_AXES,
                  f"{_chain_title(v['y'])}; at x = {fmt(v['x'])}: z = {fmt(v['z'])}")
        ax.legend(loc="upper left", fontsize=11)
    return fig


def relu_figure(x=1.0, dout=1.0):
    """Static twin of ``ReluExplorer``: relu(x) and Relu.backward(dout) (10 x 3.8 in)."""
    v = relu_values(x, dout)
    ys, dxs = _relu_curves(v["dout"])
    with matplotlib.rc_context(RC):
        fig, (left, right) = new_figure(10, 3.8, 2)
        left.plot(RELU_XS, ys, color=style.VALUE)
        _mark(left, v["x"], v["y"], style.VALUE)
        set_axes(left, RELU_AXES, f"forward: y = relu(x) = {fmt(v['y'])}")
        right.plot(RELU_XS, dxs, color=style.GRADIENT)
        _mark(right, v["x"], v["dx"], style.GRADIENT)
        set_axes(right, RELU_GRAD_AXES,
                  f"backward: dx = {fmt(v['dx'])} for dout = {fmt(v['dout'])}")
    return fig


def sigmoid_figure(x=0.0, k=1):
    """Static twin of ``SigmoidExplorer``: sigmoid, its gradient, and the gradient through
    k sigmoids on a log axis (15 x 3.8 in)."""
    v = sigmoid_values(x, k)
    ys, dxs = _sigmoid_curves()
    ticks = np.arange(-10, 11, 5)
    with matplotlib.rc_context(RC):
        fig, (left, right, stacked) = new_figure(15, 3.8, 3)
        left.plot(SIGMOID_XS, ys, color=style.VALUE)
        _mark(left, v["x"], v["y"], style.VALUE)
        set_axes(left, SIGMOID_AXES, f"forward: y = sigmoid(x) = {fmt(v['y'])}", xticks=ticks)
        right.axhline(CEILING, color=style.MUTED, linestyle="--", linewidth=1.5)
        right.text(SIGMOID_RANGE[0] + 0.4, CEILING + 0.007, f"ceiling {fmt(CEILING)}",
                   color=style.MUTED, fontsize=12)
        right.axhline(CEILING / 10, color=style.MUTED, linestyle=":", linewidth=1.5)
        right.plot(SIGMOID_XS, dxs, color=style.GRADIENT)
        _mark(right, v["x"], v["fused"], style.GRADIENT)
        set_axes(right, SIGMOID_GRAD_AXES, f"backward: y(1 \u2212 y) = {fmt(v['fused'])}",
                  xticks=ticks)
        stacked.set_yscale("log")
        stacked.plot(SIGMOID_XS, dxs, color=style.MUTED)            # k = 1, for scale
        stacked.plot(SIGMOID_XS, _stack_gradient(SIGMOID_XS, v["k"]), color=style.GRADIENT)
        _mark(stacked, v["x"], v["stack"], style.GRADIENT)
        set_axes(stacked, STACK_AXES, f"{_stack_title(v['k'])}: {fmt(v['stack'])}",
                  xticks=ticks)
    return fig
