"""Live function explorers for the notebooks, and the static figures beside them.

Three explorers, each built by one function that returns an ``Explorer``:

* ``chain_rule_explorer(x, y)``: z = t**2 with t = x + y.  The curve of z along
  x, the current point and the tangent whose slope is dz/dt * dt/dx;
* ``relu_explorer(x, dout)``: y = relu(x) and the gradient dx = Relu.backward(dout);
* ``sigmoid_explorer(x)``: the sigmoid, its gradient (never above 0.25), and the
  backward pass through the four-node graph next to the fused y * (1 - y).

Every number they plot or print comes from ``layers.py`` (forward and backward
of the real layer classes), never from a separate formula here, so a broken
layer shows up as a wrong picture.

Why bqplot for the live plots
-----------------------------
A slider must answer while it is dragged.  Measured in JupyterLab (headless
Chromium, localhost), key press on a slider to new pixels, for a two-panel
sigmoid explorer:

==========================================  ==========
a slider that only updates a text label      25-37 ms   (the widget round trip)
bqplot marks updated inside ``hold_sync``    38 ms
plotly FigureWidget, ``batch_update``        61 ms
ipympl with ``set_data`` and a redraw        105-185 ms
``interact`` with inline matplotlib          112 ms
==========================================  ==========

The target is a median within 1.5x of the bare round trip and a 95th
percentile under 80 ms.  Only bqplot meets it: its marks are ipywidgets drawn by
d3 in the browser, so a slider change sends a few numbers (the new point, the
tangent's two ends, the readout) instead of a picture.  The curves that do not
depend on a slider are computed once; each mark's changes are sent as one
message (``hold_sync``), and nothing flickers: marks are changed in place,
never cleared and redrawn.  The readout is sent before the marks (see
``_hold``).  The Python side of one slider change costs well under a
millisecond (median of 50, in a kernel: 0.4-0.7 ms), so the widget round trip
sets the pace: measured for these three explorers on a shared 2-core machine,
key press to new pixels took a median of 18-40 ms against 16-37 ms for the
bare label slider in the same runs, 95th percentile 62-68 ms.

matplotlib stays the library of the static figures: ``images/`` and the
printed figure beside each explorer, so a notebook opened without a kernel
still shows its plots.  ``chain_rule_figure``, ``relu_figure`` and
``sigmoid_figure`` return a ``matplotlib.figure.Figure`` built without pyplot
(a ``StaticFigure``, which displays as PNG in a notebook even if pyplot was
never imported): nothing is registered with pyplot, so there is no figure to
close and no "too many open figures" warning, and no global matplotlib
setting changes.
Each has a fixed size, and ``save_figures`` writes byte-identical SVG files on
every run of one matplotlib version (fixed ``svg.hashsalt``, no date; the
version is written into the file, since other versions draw slightly differently).

Colours
-------
One convention everywhere (``style.py``): forward values in ``style.VALUE``
(green), gradients in ``style.GRADIENT`` (red).  Here that means the function
curves and their points are green; the gradient curves, their points and the
tangent (its slope *is* the gradient) are red; guides such as the 0.25 ceiling
are ``style.MUTED``.

Testing and the browser
-----------------------
An ``Explorer`` exposes ``controls`` (name -> slider), ``main`` (the main
slider), ``readout`` (an HTML widget), ``figures`` (bqplot Figures), ``marks``
(name -> bqplot mark), ``values`` (the numbers in the readout) and ``widget``
(the container).  Tests set ``explorer.controls["x"].value`` and read the mark
data and the readout.  CSS classes for browser tests: ``bp-explorer`` on the
container, ``bp-main`` on the main slider, ``bp-readout`` on the readout and
``bp-plot`` on each figure.  In a notebook the explorer's text/plain is a
fixed sentence, so strict nbval can compare that cell.
"""

import contextlib
import html
import io
import warnings
from pathlib import Path

import ipywidgets as ipw
import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

import layers
from teaching import style

with warnings.catch_warnings():
    # bqscales (imported by bqplot 0.13) passes trait metadata the pre-4.1
    # traitlets way and gets a DeprecationWarning at import time; harmless,
    # but it would fail every test run with warnings as errors.
    warnings.filterwarnings("ignore", message="metadata .* was set from the constructor",
                            category=DeprecationWarning)
    import bqplot as bq

__all__ = [
    "Explorer", "chain_rule_explorer", "relu_explorer", "sigmoid_explorer",
    "chain_rule_values", "relu_values", "sigmoid_values",
    "chain_rule_figure", "relu_figure", "sigmoid_figure", "save_figures", "StaticFigure",
]

# slider ranges; the sigmoid's keeps exp(-x) in the step-by-step graph far from overflow
CHAIN_RANGE = (-3.0, 3.0)
RELU_RANGE = (-3.0, 3.0)
DOUT_RANGE = (-2.0, 2.0)
SIGMOID_RANGE = (-10.0, 10.0)
STEP = 0.1
TANGENT_HALF_WIDTH = 1.0   # the tangent is drawn from x - 1 to x + 1

# the x grids the curves are drawn on; rounding makes 0.0 an exact grid point
CHAIN_XS = np.round(np.linspace(*CHAIN_RANGE, 241), 10)
RELU_XS = np.round(np.linspace(*RELU_RANGE, 601), 10)
SIGMOID_XS = np.round(np.linspace(*SIGMOID_RANGE, 401), 10)


# ---------------------------------------------------------------------------
# The math: every number comes from the layers
# ---------------------------------------------------------------------------

def _chain_forward(x, y):
    """z = (x + y)**2 through AddLayer and SquareLayer; x may be an array."""
    return layers.SquareLayer().forward(layers.AddLayer().forward(x, y))


def chain_rule_values(x, y):
    """Forward and backward of z = t**2, t = x + y at one point, from the layers.

    Returns a dict with t, z, dz_dt (SquareLayer's local derivative 2t),
    dt_dx (AddLayer's local derivative 1), dz_dx (the backward pass: dz/dt
    sent through AddLayer, i.e. the chain-rule product) and numeric (the
    central-difference slope of z along x).
    """
    x, y = float(x), float(y)
    add, square = layers.AddLayer(), layers.SquareLayer()
    t = add.forward(x, y)
    z = square.forward(t)
    dz_dt = square.backward(1.0)      # local derivative of the square node
    dt_dx, _ = add.backward(1.0)      # local derivative of the add node
    dz_dx, _ = add.backward(dz_dt)    # upstream dz/dt times local dt/dx
    numeric = layers.numerical_gradient(lambda xs: _chain_forward(xs, y), x)
    return {"x": x, "y": y, "t": t, "z": z, "dz_dt": dz_dt, "dt_dx": dt_dx,
            "dz_dx": dz_dx, "numeric": numeric}


def _chain_curve(y):
    return _chain_forward(CHAIN_XS, float(y))


def _tangent(v):
    """Two end points of the tangent at (x, z) with the backward-pass slope."""
    xs = np.array([v["x"] - TANGENT_HALF_WIDTH, v["x"] + TANGENT_HALF_WIDTH])
    return xs, v["z"] + v["dz_dx"] * (xs - v["x"])


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


def sigmoid_values(x):
    """The sigmoid at x, its fused gradient, and the same gradient node by node.

    ``steps`` lists the graph x -> *(-1) -> exp -> +1 -> 1/t -> y backward from
    dL/dy = 1, one dict per node: its local derivative (the layer's backward
    of 1), the central-difference check of that derivative, and the gradient
    that leaves the node (the layer's backward of the upstream gradient).
    """
    x = float(x)
    sigmoid = layers.Sigmoid()
    y = sigmoid.forward(x)
    fused = sigmoid.backward(1.0)

    mul, exp, add, rec = (layers.MulLayer(), layers.ExpLayer(),
                          layers.AddLayer(), layers.ReciprocalLayer())
    a = mul.forward(x, -1.0)
    b = exp.forward(a)
    c = add.forward(b, 1.0)
    y_graph = rec.forward(c)

    def first(grads):   # two-input layers return (d first input, d second input)
        return grads[0] if isinstance(grads, tuple) else grads

    nodes = [  # backward order: from the output to x
        ("1/t", "\u2212y\u00b2", rec, c, lambda t: layers.ReciprocalLayer().forward(t)),
        ("+1", "1", add, b, lambda t: layers.AddLayer().forward(t, 1.0)),
        ("exp", "exp(\u2212x)", exp, a, lambda t: layers.ExpLayer().forward(t)),
        ("\u00d7(\u22121)", "\u22121", mul, x, lambda t: layers.MulLayer().forward(t, -1.0)),
    ]
    steps, upstream = [], 1.0
    for node, formula, layer, node_input, f in nodes:
        local = first(layer.backward(1.0))
        downstream = first(layer.backward(upstream))
        numeric = layers.numerical_gradient(f, node_input)
        steps.append({"node": node, "formula": formula, "local": local,
                      "numeric": numeric, "upstream": upstream, "downstream": downstream})
        upstream = downstream
    return {"x": x, "y": y, "y_graph": y_graph, "fused": fused, "graph": upstream,
            "exp_neg_x": b, "steps": steps}


# ---------------------------------------------------------------------------
# Readouts (HTML), shared by the three explorers
# ---------------------------------------------------------------------------

def _fmt(v):
    """4 decimals; tiny numbers in scientific notation; never '-0.0000'."""
    v = float(v)
    if v != 0 and abs(v) < 1e-3:
        return f"{v:.3e}"
    text = f"{v:.4f}"
    return "0.0000" if text == "-0.0000" else text


def _val(text):
    return f'<b style="color:{style.VALUE}">{html.escape(text)}</b>'


def _grad(text):
    return f'<b style="color:{style.GRADIENT}">{html.escape(text)}</b>'


def _box(body):
    return (f'<div style="font-family:{style.FONT_FAMILY};font-size:{style.FONT_SIZE}px;'
            f'color:{style.INK};line-height:1.6">{body}</div>')


def _chain_readout(v):
    return _box(
        f"x = {_val(_fmt(v['x']))}, y = {_val(_fmt(v['y']))}: &nbsp;"
        f"t = x + y = {_val(_fmt(v['t']))} &nbsp;&nbsp; z = t\u00b2 = {_val(_fmt(v['z']))}<br>"
        f"dz/dt = 2t = {_grad(_fmt(v['dz_dt']))} &nbsp;\u00d7&nbsp; "
        f"dt/dx = {_grad(_fmt(v['dt_dx']))} &nbsp;=&nbsp; "
        f"dz/dx = {_grad(_fmt(v['dz_dx']))} &nbsp;(slope of the tangent)<br>"
        f"numerical slope (central difference) = {_grad(_fmt(v['numeric']))}")


def _relu_readout(v):
    why = ("x &gt; 0: the gradient passes unchanged" if v["x"] > 0 else
           "x \u2264 0: the mask blocks the gradient")
    return _box(
        f"x = {_val(_fmt(v['x']))} &nbsp;&nbsp; y = relu(x) = {_val(_fmt(v['y']))}<br>"
        f"dx = Relu.backward(dout = {_grad(_fmt(v['dout']))}) = {_grad(_fmt(v['dx']))}"
        f" &nbsp;({why})")


def _sigmoid_readout(v):
    cell = 'style="padding:2px 10px;text-align:right"'
    head = "".join(f"<th {cell}>{h}</th>" for h in
                   ("node", "local derivative", "its value", "numerical check",
                    "gradient out = upstream × local"))
    rows = "".join(
        f"<tr><td {cell}>{html.escape(s['node'])}</td><td {cell}>{html.escape(s['formula'])}</td>"
        f"<td {cell}>{_grad(_fmt(s['local']))}</td><td {cell}>{_fmt(s['numeric'])}</td>"
        f"<td {cell}>{_grad(_fmt(s['downstream']))}</td></tr>"
        for s in v["steps"])
    graph = (f"<div><b>Step by step through the graph</b> (from dL/dy = 1)"
             f"<table style=\"border-collapse:collapse\"><tr>{head}</tr>{rows}</table>"
             f"product of the local derivatives = {_grad(_fmt(v['graph']))}</div>")
    diff = abs(v["graph"] - v["fused"])
    fused = (f"<div><b>Fused sigmoid node</b><br>"
             f"x = {_val(_fmt(v['x']))}, &nbsp;y = {_val(_fmt(v['y']))}<br>"
             f"y(1 \u2212 y) = {_grad(_fmt(v['fused']))}<br>"
             f"graph \u2212 fused: |difference| = {diff:.1e}<br>"
             f"largest possible gradient: 0.25 (at x = 0)</div>")
    return _box(f'<div style="display:flex;flex-wrap:wrap;gap:40px">{graph}{fused}</div>')


# ---------------------------------------------------------------------------
# The live explorers (bqplot)
# ---------------------------------------------------------------------------

class Explorer:
    """One live explorer: sliders, bqplot figures and a readout in one container.

    Attributes: ``controls`` (name -> slider), ``main`` (the main slider),
    ``readout`` (ipywidgets.HTML), ``figures`` (list of bqplot Figures),
    ``marks`` (name -> bqplot mark), ``values`` (the numbers shown in the
    readout, refreshed on every slider change) and ``widget`` (the container
    to display).  Displaying the explorer displays ``widget``; its text/plain
    is a fixed sentence so that a stored notebook compares equal under nbval.
    """

    def __init__(self, name, controls, main, readout, figures, marks, widget):
        self.name = name
        self.controls = controls
        self.main = main
        self.readout = readout
        self.figures = figures
        self.marks = marks
        self.widget = widget
        self.values = {}
        widget.add_class("bp-explorer")
        main.add_class("bp-main")
        readout.add_class("bp-readout")
        for fig in figures:
            fig.add_class("bp-plot")

    @property
    def text(self):
        return f"{self.name} explorer (run the cell in Jupyter to use it)"

    def __repr__(self):
        return self.text

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        data, meta = bundle if isinstance(bundle, tuple) else (bundle, None)
        data = dict(data, **{"text/plain": self.text})
        return data if meta is None else (data, meta)


def _slider(name, value, bounds):
    return ipw.FloatSlider(value=value, min=bounds[0], max=bounds[1], step=STEP,
                           description=name, readout_format=".1f", continuous_update=True,
                           layout=ipw.Layout(width="420px"))


def _read(slider):
    # slider steps of 0.1 arrive with float noise (1e-17 for 0); ReLU at 0 must see 0
    return round(float(slider.value), 10)


def _figure(title, marks, xscale, yscale, xlabel, ylabel, width=None):
    axes = [bq.Axis(scale=xscale, label=xlabel, tick_style={"font-size": "14px"},
                    grid_lines="dashed"),
            bq.Axis(scale=yscale, label=ylabel, side="left", tick_style={"font-size": "14px"},
                    grid_lines="dashed", label_offset="45px")]
    return bq.Figure(marks=marks, axes=axes, title=title, animation_duration=0,
                     title_style={"font-size": "20px"},
                     fig_margin={"top": 50, "bottom": 55, "left": 70, "right": 20},
                     layout=_figure_layout(width))


def _figure_layout(width):
    # two panels share the row and wrap below each other only on a narrow screen
    if width:
        return ipw.Layout(width=width, height="380px")
    return ipw.Layout(flex="1 1 420px", min_width="340px", max_width="640px", height="380px")


def _curve(xs, ys, sx, sy, color, **kw):
    return bq.Lines(x=xs, y=ys, scales={"x": sx, "y": sy}, colors=[color],
                    stroke_width=3, **kw)


def _point(x, y, sx, sy, color):
    return bq.Scatter(x=[x], y=[y], scales={"x": sx, "y": sy}, colors=[color],
                      stroke=style.INK, default_size=140)


# Update order on a slider change: the readout first, then the marks.  Measured
# in JupyterLab, a message queued behind bqplot mark updates was applied about
# 20-30 ms later (the sigmoid explorer took 1.8x the bare round trip); with the
# readout sent first, readout and marks land in the same frame (about 1.1x).


def _hold(*widgets):
    """Batch each widget's changes into one message (no half-updated frame)."""
    stack = contextlib.ExitStack()
    for w in widgets:
        stack.enter_context(w.hold_sync())
    return stack


# Large print for projection.  Sent once per explorer in its own HTML widget:
# a <style> inside the readout would be parsed again on every slider change.
_CSS = f"""<style>
.bp-explorer .bp-plot .tick text {{ font-size: 16px !important; }}
.bp-explorer .bp-plot .axislabel {{ font-size: 17px !important; }}
.bp-explorer .widget-slider .widget-label,
.bp-explorer .widget-slider .widget-readout {{ font-size: {style.FONT_SIZE}px; }}
</style>"""


def _container(sliders, figures, readout):
    return ipw.VBox([ipw.HTML(_CSS),
                     ipw.HBox(sliders, layout=ipw.Layout(flex_flow="row wrap")),
                     ipw.HBox(figures, layout=ipw.Layout(flex_flow="row wrap", width="100%")),
                     readout])


def _chain_title(y):
    return f"z = (x + y)\u00b2 along x, with y = {y:.1f}"


def chain_rule_explorer(x=1.0, y=2.0):
    """z = t**2, t = x + y: sliders x and y, the curve of z along x, the tangent.

    The tangent's slope is the backward pass (dz/dt through AddLayer), the
    readout shows dz/dt, dt/dx, their product and the numerical slope.
    Moving x moves the point and the tangent; moving y also redraws the curve.
    """
    sx, sy = bq.LinearScale(min=CHAIN_RANGE[0], max=CHAIN_RANGE[1]), bq.LinearScale(min=-4, max=38)
    controls = {"x": _slider("x", x, CHAIN_RANGE), "y": _slider("y", y, CHAIN_RANGE)}
    v = chain_rule_values(_read(controls["x"]), _read(controls["y"]))
    tx, tz = _tangent(v)
    marks = {
        "curve": _curve(CHAIN_XS, _chain_curve(v["y"]), sx, sy, style.VALUE),
        "tangent": _curve(tx, tz, sx, sy, style.GRADIENT),
        "point": _point(v["x"], v["z"], sx, sy, style.VALUE),
    }
    fig = _figure(_chain_title(v["y"]), [marks["curve"], marks["tangent"], marks["point"]],
                  sx, sy, "x", "z", width="640px")
    readout = ipw.HTML(_chain_readout(v))
    ex = Explorer("Chain rule", controls, controls["x"], readout, [fig], marks,
                  _container(list(controls.values()), [fig], readout))
    ex.values = v

    def update(change):
        v = ex.values = chain_rule_values(_read(controls["x"]), _read(controls["y"]))
        tx, tz = _tangent(v)
        readout.value = _chain_readout(v)
        if change["owner"] is controls["y"]:   # only y changes the curve
            with _hold(marks["curve"], fig):
                marks["curve"].y = _chain_curve(v["y"])
                fig.title = _chain_title(v["y"])
        with _hold(marks["point"], marks["tangent"]):
            marks["point"].x, marks["point"].y = [v["x"]], [v["z"]]
            marks["tangent"].x, marks["tangent"].y = tx, tz

    controls["x"].observe(update, names="value")
    controls["y"].observe(update, names="value")
    return ex


def relu_explorer(x=1.0, dout=1.0):
    """ReLU and its gradient: sliders x and upstream gradient dout, two panels.

    Left: y = relu(x) (precomputed); right: dx = Relu.backward(dout) along x,
    recomputed only when dout moves.  The current point is marked on both.
    """
    sx = bq.LinearScale(min=RELU_RANGE[0], max=RELU_RANGE[1])
    sy, sg = bq.LinearScale(min=-0.5, max=3.2), bq.LinearScale(min=-2.2, max=2.2)
    controls = {"x": _slider("x", x, RELU_RANGE), "dout": _slider("dout", dout, DOUT_RANGE)}
    v = relu_values(_read(controls["x"]), _read(controls["dout"]))
    ys, dxs = _relu_curves(v["dout"])
    marks = {
        "forward": _curve(RELU_XS, ys, sx, sy, style.VALUE),
        "forward_point": _point(v["x"], v["y"], sx, sy, style.VALUE),
        "gradient": _curve(RELU_XS, dxs, sx, sg, style.GRADIENT),
        "gradient_point": _point(v["x"], v["dx"], sx, sg, style.GRADIENT),
    }
    figures = [
        _figure("forward: y = relu(x)", [marks["forward"], marks["forward_point"]],
                sx, sy, "x", "y"),
        _figure("backward: dx = Relu.backward(dout)", [marks["gradient"], marks["gradient_point"]],
                sx, sg, "x", "dx"),
    ]
    readout = ipw.HTML(_relu_readout(v))
    ex = Explorer("ReLU", controls, controls["x"], readout, figures, marks,
                  _container(list(controls.values()), figures, readout))
    ex.values = v

    def update(change):
        v = ex.values = relu_values(_read(controls["x"]), _read(controls["dout"]))
        readout.value = _relu_readout(v)
        if change["owner"] is controls["dout"]:   # only dout changes the gradient curve
            marks["gradient"].y = _relu_curves(v["dout"])[1]
        with _hold(marks["forward_point"], marks["gradient_point"]):
            marks["forward_point"].x, marks["forward_point"].y = [v["x"]], [v["y"]]
            marks["gradient_point"].x, marks["gradient_point"].y = [v["x"]], [v["dx"]]

    controls["x"].observe(update, names="value")
    controls["dout"].observe(update, names="value")
    return ex


def sigmoid_explorer(x=0.0):
    """The sigmoid and its gradient, with the graph's backward pass beside the fused one.

    Both curves are computed once (Sigmoid forward and backward on a grid);
    a slider change moves the two points and rewrites the readout, which
    lists the four nodes' local derivatives with numerical checks and shows
    that their product equals y(1 - y).  The dashed line is the 0.25 ceiling.
    """
    sx = bq.LinearScale(min=SIGMOID_RANGE[0], max=SIGMOID_RANGE[1])
    sy, sg = bq.LinearScale(min=-0.05, max=1.05), bq.LinearScale(min=-0.01, max=0.3)
    controls = {"x": _slider("x", x, SIGMOID_RANGE)}
    v = sigmoid_values(_read(controls["x"]))
    ys, dxs = _sigmoid_curves()
    marks = {
        "forward": _curve(SIGMOID_XS, ys, sx, sy, style.VALUE),
        "forward_point": _point(v["x"], v["y"], sx, sy, style.VALUE),
        "ceiling": _curve(list(SIGMOID_RANGE), [0.25, 0.25], sx, sg, style.MUTED,
                          line_style="dashed"),
        "ceiling_label": bq.Label(x=[SIGMOID_RANGE[0] + 0.4], y=[0.265], text=["ceiling 0.25"],
                                  scales={"x": sx, "y": sg}, colors=[style.MUTED],
                                  default_size=14),
        "gradient": _curve(SIGMOID_XS, dxs, sx, sg, style.GRADIENT),
        "gradient_point": _point(v["x"], v["fused"], sx, sg, style.GRADIENT),
    }
    figures = [
        _figure("forward: y = sigmoid(x)", [marks["forward"], marks["forward_point"]],
                sx, sy, "x", "y"),
        _figure("backward: dy/dx = Sigmoid.backward(1)",
                [marks["ceiling"], marks["ceiling_label"], marks["gradient"],
                 marks["gradient_point"]], sx, sg, "x", "dy/dx"),
    ]
    readout = ipw.HTML(_sigmoid_readout(v))
    ex = Explorer("Sigmoid", controls, controls["x"], readout, figures, marks,
                  _container(list(controls.values()), figures, readout))
    ex.values = v

    def update(change):
        v = ex.values = sigmoid_values(_read(controls["x"]))
        readout.value = _sigmoid_readout(v)
        with _hold(marks["forward_point"], marks["gradient_point"]):
            marks["forward_point"].x, marks["forward_point"].y = [v["x"]], [v["y"]]
            marks["gradient_point"].x, marks["gradient_point"].y = [v["x"]], [v["fused"]]

    controls["x"].observe(update, names="value")
    return ex


# ---------------------------------------------------------------------------
# Static twins (matplotlib, no pyplot)
# ---------------------------------------------------------------------------

# applied only while a figure is built or saved (matplotlib.rc_context), so the
# caller's matplotlib settings are never changed
_RC = {
    "font.size": 13, "axes.titlesize": 14, "axes.labelsize": 14,
    "axes.edgecolor": style.INK, "axes.labelcolor": style.INK, "text.color": style.INK,
    "xtick.color": style.INK, "ytick.color": style.INK,
    "axes.grid": True, "grid.color": style.MUTED, "grid.alpha": 0.4, "grid.linestyle": "--",
    "lines.linewidth": 2.5, "lines.markersize": 10,
    "svg.hashsalt": "backprop-notebooks", "svg.fonttype": "path",
}
# the matplotlib version stays in the file: its SVG output differs between versions
_SVG_METADATA = {"Date": None,
                 "Creator": f"backprop-notebooks widgets.py, Matplotlib v{matplotlib.__version__}"}


class StaticFigure(Figure):
    """A matplotlib Figure that shows itself as a PNG in a notebook.

    A bare ``Figure`` built without pyplot shows only its text
    ("<Figure size ...>") unless the notebook happens to have imported
    pyplot, which registers the inline display.  This one always brings its
    own PNG (no version stamp, so rebuilt notebooks stay identical); with the
    inline backend active, IPython's formatter is used instead and the
    picture is the same.
    """

    def _repr_png_(self):
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()


def _new_figure(width, height, ncols):
    fig = StaticFigure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)   # its own Agg canvas: no pyplot, no backend switch
    return fig, fig.subplots(1, ncols, squeeze=False)[0]


def _mark(ax, x, y, color):
    ax.plot([x], [y], "o", color=color, markeredgecolor=style.INK, zorder=3)


def chain_rule_figure(x=1.0, y=2.0):
    """Static twin of ``chain_rule_explorer``: curve, point and tangent (7 x 4.2 in)."""
    v = chain_rule_values(x, y)
    tx, tz = _tangent(v)
    with matplotlib.rc_context(_RC):
        fig, (ax,) = _new_figure(7, 4.2, 1)
        ax.plot(CHAIN_XS, _chain_curve(v["y"]), color=style.VALUE, label="z = (x + y)\u00b2")
        ax.plot(tx, tz, color=style.GRADIENT,
                label=f"tangent, slope dz/dt \u00b7 dt/dx = {_fmt(v['dz_dt'])} \u00b7 "
                      f"{_fmt(v['dt_dx'])} = {_fmt(v['dz_dx'])}")
        _mark(ax, v["x"], v["z"], style.VALUE)
        ax.set(xlim=CHAIN_RANGE, ylim=(-4, 38), xlabel="x", ylabel="z",
               title=f"{_chain_title(v['y'])}; at x = {v['x']:.1f}: z = {_fmt(v['z'])}")
        ax.legend(loc="upper left", fontsize=11)
    return fig


def relu_figure(x=1.0, dout=1.0):
    """Static twin of ``relu_explorer``: relu(x) and Relu.backward(dout) (10 x 3.8 in)."""
    v = relu_values(x, dout)
    ys, dxs = _relu_curves(v["dout"])
    with matplotlib.rc_context(_RC):
        fig, (left, right) = _new_figure(10, 3.8, 2)
        left.plot(RELU_XS, ys, color=style.VALUE)
        _mark(left, v["x"], v["y"], style.VALUE)
        left.set(xlim=RELU_RANGE, ylim=(-0.5, 3.2), xlabel="x", ylabel="y",
                 title=f"forward: y = relu(x) = {_fmt(v['y'])}")
        right.plot(RELU_XS, dxs, color=style.GRADIENT)
        _mark(right, v["x"], v["dx"], style.GRADIENT)
        right.set(xlim=RELU_RANGE, ylim=(-2.2, 2.2), xlabel="x", ylabel="dx",
                  title=f"backward: dx = {_fmt(v['dx'])} for dout = {_fmt(v['dout'])}")
    return fig


def sigmoid_figure(x=0.0):
    """Static twin of ``sigmoid_explorer``: sigmoid and its gradient (10 x 3.8 in)."""
    v = sigmoid_values(x)
    ys, dxs = _sigmoid_curves()
    with matplotlib.rc_context(_RC):
        fig, (left, right) = _new_figure(10, 3.8, 2)
        left.plot(SIGMOID_XS, ys, color=style.VALUE)
        _mark(left, v["x"], v["y"], style.VALUE)
        left.set(xlim=SIGMOID_RANGE, ylim=(-0.05, 1.05), xlabel="x", ylabel="y",
                 xticks=np.arange(-10, 11, 5),
                 title=f"forward: y = sigmoid(x) = {_fmt(v['y'])}")
        right.axhline(0.25, color=style.MUTED, linestyle="--", linewidth=1.5)
        right.text(SIGMOID_RANGE[0] + 0.4, 0.257, "ceiling 0.25", color=style.MUTED, fontsize=12)
        right.plot(SIGMOID_XS, dxs, color=style.GRADIENT)
        _mark(right, v["x"], v["fused"], style.GRADIENT)
        right.set(xlim=SIGMOID_RANGE, ylim=(-0.01, 0.3), xlabel="x", ylabel="dy/dx",
                  xticks=np.arange(-10, 11, 5),
                  title=f"backward: y(1 \u2212 y) = {_fmt(v['fused'])}")
    return fig


def save_figures(folder):
    """Write chain_rule_plot.svg, relu_plot.svg, sigmoid_plot.svg into ``folder``.

    The files are byte-identical from run to run.  Returns the paths written.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in [("chain_rule_plot.svg", chain_rule_figure),
                       ("relu_plot.svg", relu_figure),
                       ("sigmoid_plot.svg", sigmoid_figure)]:
        path = folder / name
        with matplotlib.rc_context(_RC):
            make().savefig(path, format="svg", metadata=_SVG_METADATA)
        paths.append(path)
    return paths
