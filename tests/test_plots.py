"""Tests of plots.py: the live plot explorers move their slider, the plotted data and
readouts follow the math, everything plotted comes from layers.py, each plot's axes
are the same live and static, and the static matplotlib twins are deterministic and
leave matplotlib's state alone.

Expected numbers come from the formulas (z = (x + y)^2, relu, 1 / (1 + e^-x)),
computed here with the math module, never from plots.py itself; the readout writes
them with style.fmt (tested in test_style.py).
"""

import json
import math
import subprocess
import sys

import numpy as np
import pytest

import layers
from teaching import examples, plots, style
from teaching.style import fmt


def tangent_slope(ex):
    xs, ys = ex.marks["tangent"].x, ex.marks["tangent"].y
    return (ys[-1] - ys[0]) / (xs[-1] - xs[0])


def sigmoid(x):
    return 1 / (1 + math.exp(-x))


def count_messages(mark):
    """Wrap mark.send_state to count the state messages it sends."""
    sent = []
    original = mark.send_state

    def send_state(key=None):
        sent.append(key)
        return original(key)

    mark.send_state = send_state
    return sent


# ---------------------------------------------------------------- chain rule

def test_chain_rule_defaults_match_the_worked_example():
    ex = plots.ChainRuleExplorer(x=1.0, y=2.0)
    v = ex.values
    # t = x y = 2, z = 4, dz/dt = 2t = 4, dt/dx = y = 2, dz/dx = 4 * 2 = 8
    assert (v["t"], v["z"], v["dz_dt"], v["dt_dx"], v["dz_dx"]) == (2.0, 4.0, 4.0, 2.0, 8.0)
    assert v["numeric"] == pytest.approx(8.0, rel=1e-7)
    assert tangent_slope(ex) == pytest.approx(8.0)
    assert list(ex.marks["point"].x) == [1.0] and list(ex.marks["point"].y) == [4.0]
    for number in (2, 4, 8):
        assert f">{number}</b>" in ex.readout.value


@pytest.mark.parametrize("x, y", [(-2.0, 0.5), (0.3, -0.3), (1.5, 2.0), (-2.0, -2.0)])
def test_chain_rule_tangent_slope_is_two_t_times_y(x, y):
    ex = plots.ChainRuleExplorer()
    ex.controls["y"].value = y
    ex.controls["x"].value = x
    # dz/dx = dz/dt * dt/dx = 2t * y with t = x y: both factors move with y
    slope = 2 * (x * y) * y
    assert tangent_slope(ex) == pytest.approx(slope, abs=1e-9)
    assert ex.values["dt_dx"] == pytest.approx(y)
    # the tangent touches the curve at the current point
    xs, ys = ex.marks["tangent"].x, ex.marks["tangent"].y
    assert np.interp(x, xs, ys) == pytest.approx((x * y) ** 2)
    assert ex.marks["point"].x[0] == pytest.approx(x)
    assert ex.marks["point"].y[0] == pytest.approx((x * y) ** 2)
    # the curve follows y: z = (x y)^2 along the whole x axis
    curve = ex.marks["curve"]
    np.testing.assert_allclose(curve.y, (curve.x * y) ** 2, atol=1e-12)
    assert ex.values["numeric"] == pytest.approx(slope, abs=1e-6)
    assert f">{fmt(slope)}</b>" in ex.readout.value
    assert ex.plots[0].title.endswith(f"with y = {fmt(y)}")


def test_chain_rule_readout_shows_how_far_the_numerical_slope_is():
    ex = plots.ChainRuleExplorer(x=-1.0, y=1.5)
    # t = -1.5, dz/dt = -3, dt/dx = 1.5, dz/dx = -4.5; the central difference of a
    # quartic in x misses by rounding plus a term in h**2 (far below 1e-6)
    gap = abs(ex.values["dz_dx"] - ex.values["numeric"])
    assert ex.values["dz_dx"] == -4.5 and gap < 1e-6
    assert f"numerical| = {fmt(gap)}" in ex.readout.value


@pytest.mark.parametrize("x, y", [(-1.0, 1.5), (1.0, 2.0), (0.5, -2.0)])
def test_chain_rule_forgetting_dt_dx_draws_a_line_that_cuts_the_curve(x, y):
    ex = plots.ChainRuleExplorer(x=x, y=y)
    ex.controls["forget"].value = True
    t = x * y
    xs, zs = np.asarray(ex.marks["tangent"].x), np.asarray(ex.marks["tangent"].y)
    assert (zs[-1] - zs[0]) / (xs[-1] - xs[0]) == pytest.approx(2 * t)   # dz/dt alone
    assert np.interp(x, xs, zs) == pytest.approx(t ** 2)                 # still through the point
    # a line touching the curve z = (x y)**2 stays below it; this one goes above on one side
    # (a wrong slope m meets the parabola again at m / y**2 - x, here within the drawn part)
    fine = np.linspace(xs[0], xs[-1], 401)
    assert np.any(np.interp(fine, xs, zs) > (fine * y) ** 2 + 1e-9)
    assert "dt/dx forgotten" in ex.readout.value
    static = plots.chain_rule_figure(x, y, forget=True)
    line = static.axes[0].lines[1]
    assert "forgotten" in line.get_label()
    assert list(line.get_ydata()) == pytest.approx(list(zs))
    import base64
    assert (base64.b64decode(ex._repr_mimebundle_()["image/png"])
            == static._repr_png_())
    ex.controls["forget"].value = False                                  # and back
    assert tangent_slope(ex) == pytest.approx(2 * t * y)
    # the static picture of the unticked explorer shows the dropped link too, dashed
    dashed = plots.chain_rule_figure(x, y).axes[0].lines[2]
    assert "forgotten" in dashed.get_label() and dashed.get_linestyle() == "--"
    assert list(dashed.get_ydata()) == pytest.approx(list(zs))


def test_chain_rule_slope_comes_from_the_layers(monkeypatch):
    # a wrong local derivative in SquareLayer must show up as a wrong tangent
    monkeypatch.setattr(layers.SquareLayer, "backward", lambda self, dout: 3.0 * dout)
    ex = plots.ChainRuleExplorer(x=1.0, y=2.0)
    assert tangent_slope(ex) == pytest.approx(3.0 * 2.0)      # wrong dz/dt times dt/dx = y
    assert ex.values["dz_dt"] == 3.0


def test_chain_rule_curve_comes_from_the_layers(monkeypatch):
    square = layers.SquareLayer.forward
    monkeypatch.setattr(layers.SquareLayer, "forward", lambda self, x: 0 * square(self, x) + 7.0)
    ex = plots.ChainRuleExplorer()
    np.testing.assert_array_equal(ex.marks["curve"].y, 7.0)


def test_chain_rule_moving_x_leaves_the_curve_alone():
    ex = plots.ChainRuleExplorer()
    curve_msgs = count_messages(ex.marks["curve"])
    point_msgs = count_messages(ex.marks["point"])
    ex.controls["x"].value = -1.5
    assert curve_msgs == []
    assert len(point_msgs) == 1      # x and y of the point in one message (hold_sync)
    ex.controls["y"].value = 1.0
    assert len(curve_msgs) == 1


# ---------------------------------------------------------------- ReLU

@pytest.mark.parametrize("x", [-2.0, -0.5, 0.0, 0.5, 2.0])
@pytest.mark.parametrize("dout", [1.0, -1.5, 0.3])
def test_relu_point_and_readout(x, dout):
    ex = plots.ReluExplorer()
    ex.controls["dout"].value = dout
    ex.controls["x"].value = x
    want_y = max(x, 0.0)
    want_dx = dout if x > 0 else 0.0      # the book's convention: no gradient at x = 0
    assert ex.values["y"] == pytest.approx(want_y) and ex.values["dx"] == pytest.approx(want_dx)
    assert ex.marks["forward_point"].y[0] == pytest.approx(want_y)
    assert ex.marks["gradient_point"].y[0] == pytest.approx(want_dx)
    assert ex.marks["gradient_point"].x[0] == pytest.approx(x)
    assert f') = <b style="color:{style.GRADIENT}">{fmt(want_dx)}</b>' in ex.readout.value
    assert ("blocks" in ex.readout.value) == (x <= 0)


def test_relu_at_zero_reached_by_slider_steps_gives_no_gradient():
    # 0.1 steps carry float noise (e.g. 3 * 0.1 - 0.3 = 5.6e-17); x = 0 must still block
    ex = plots.ReluExplorer(dout=2.0)
    ex.controls["x"].value = 3 * 0.1 - 0.3
    assert ex.values["dx"] == 0.0 and ex.values["y"] == 0.0


def test_relu_curves_follow_dout():
    ex = plots.ReluExplorer(dout=1.0)
    ex.controls["dout"].value = -1.2
    xs = ex.marks["gradient"].x
    np.testing.assert_allclose(ex.marks["gradient"].y, np.where(xs > 0, -1.2, 0.0))
    np.testing.assert_allclose(ex.marks["forward"].y, np.maximum(ex.marks["forward"].x, 0))
    assert 0.0 in xs   # the kink itself is on the grid


def test_relu_gradient_comes_from_the_layer(monkeypatch):
    # a backward that ignores the mask (passes dout everywhere) must be visible
    monkeypatch.setattr(layers.Relu, "backward", lambda self, dout: dout)
    ex = plots.ReluExplorer(x=-1.0, dout=1.0)
    assert ex.values["dx"] == 1.0
    np.testing.assert_array_equal(ex.marks["gradient"].y, 1.0)


def test_relu_moving_x_leaves_the_curves_alone():
    ex = plots.ReluExplorer()
    fwd, grad = count_messages(ex.marks["forward"]), count_messages(ex.marks["gradient"])
    ex.controls["x"].value = -2.0
    assert fwd == [] and grad == []
    ex.controls["dout"].value = 0.5
    assert fwd == [] and len(grad) == 1


# ---------------------------------------------------------------- sigmoid

def test_sigmoid_at_zero_has_the_largest_gradient():
    ex = plots.SigmoidExplorer(x=0.0)
    v = ex.values
    assert v["y"] == 0.5 and v["fused"] == 0.25 and v["graph"] == pytest.approx(0.25)
    assert ex.marks["gradient_point"].y[0] == 0.25
    assert ">0.25</b>" in ex.readout.value and ">0.5</b>" in ex.readout.value
    assert list(ex.marks["ceiling"].y) == [0.25, 0.25]


@pytest.mark.parametrize("x", [-10.0, -3.7, -0.1, 0.8, 4.2, 10.0])
def test_sigmoid_graph_steps_are_the_book_local_derivatives(x):
    ex = plots.SigmoidExplorer()
    ex.main.value = x
    y = sigmoid(x)
    steps = ex.values["steps"]
    assert [s["node"] for s in steps] == ["1/t", "+1", "exp", "\u00d7(\u22121)"]
    want_local = [-y * y, 1.0, math.exp(-x), -1.0]
    for step, want in zip(steps, want_local):
        assert step["local"] == pytest.approx(want, rel=1e-12)
        assert step["numeric"] == pytest.approx(want, rel=1e-6)
    # each node passes on upstream x local
    for before, after in zip(steps, steps[1:]):
        assert after["upstream"] == before["downstream"]
    assert ex.values["graph"] == pytest.approx(y * (1 - y), rel=1e-12)
    assert ex.values["fused"] == pytest.approx(y * (1 - y), rel=1e-12)
    assert ex.marks["forward_point"].y[0] == pytest.approx(y, rel=1e-12)
    assert ex.marks["gradient_point"].y[0] == pytest.approx(y * (1 - y), rel=1e-12)
    # the readout shows y, y(1 - y) and the stacked gradient, not the node-by-node
    # gradients: those are what the chapter's predict explorer asks for
    assert "y(1 \u2212 y)" in ex.readout.value and "k = 1 sigmoids" in ex.readout.value
    for formula in ("\u2212y\u00b2", "exp(\u2212x)"):
        assert formula not in ex.readout.value
    for step in steps[:-1]:          # what each node sends back, before the last (= y(1 - y))
        assert fmt(step["downstream"]) not in ex.readout.value


def test_sigmoid_gradient_curve_is_y_times_one_minus_y_of_the_forward_curve():
    ex = plots.SigmoidExplorer()
    xs, ys = ex.marks["forward"].x, ex.marks["forward"].y
    np.testing.assert_array_equal(ex.marks["gradient"].x, xs)
    np.testing.assert_allclose(ys, [sigmoid(x) for x in xs], rtol=1e-12)
    np.testing.assert_allclose(ex.marks["gradient"].y, ys * (1 - ys), rtol=1e-12)
    assert ex.marks["gradient"].y.max() == 0.25    # reached at x = 0, which is on the grid


def test_sigmoid_plots_come_from_the_layer(monkeypatch):
    monkeypatch.setattr(layers.Sigmoid, "backward", lambda self, dout: dout * self.out)
    ex = plots.SigmoidExplorer(x=0.0)
    np.testing.assert_allclose(ex.marks["gradient"].y, ex.marks["forward"].y)
    assert ex.values["fused"] == 0.5
    # the step-by-step graph still gives the right answer, so the readout disagrees
    assert ex.values["graph"] == pytest.approx(0.25)


def test_sigmoid_graph_readout_comes_from_the_layers(monkeypatch):
    monkeypatch.setattr(layers.ExpLayer, "backward", lambda self, dout: 2 * dout * self.out)
    ex = plots.SigmoidExplorer(x=0.0)
    assert ex.values["steps"][2]["local"] == 2.0
    assert ex.values["graph"] == pytest.approx(0.5)


def test_sigmoid_moving_x_only_moves_the_points():
    ex = plots.SigmoidExplorer()
    curves = [count_messages(ex.marks[n]) for n in ("forward", "gradient", "ceiling", "stack",
                                                     "one")]
    points = [count_messages(ex.marks[n]) for n in ("forward_point", "gradient_point",
                                                     "stack_point")]
    ex.main.value = 1.3
    assert curves == [[], [], [], [], []]
    assert [len(p) for p in points] == [1, 1, 1]


def stacked(x, k):
    """The gradient at x through k sigmoids in a row: the product of each one's y(1 - y)."""
    grad = 1.0
    for _ in range(k):
        x = sigmoid(x)
        grad *= x * (1 - x)
    return grad


@pytest.mark.parametrize("x, k", [(0.0, 1), (0.0, 10), (-2.5, 3), (1.7, 6)])
def test_sigmoid_k_slider_shows_the_gradient_through_k_sigmoids(x, k):
    ex = plots.SigmoidExplorer(x=x)
    stack = count_messages(ex.marks["stack"])
    ex.controls["k"].value = k
    assert len(stack) == (k != 1)              # only a change of k redraws the stacked curve
    assert ex.values["stack"] == pytest.approx(stacked(x, k), rel=1e-12)
    xs = ex.marks["stack"].x
    np.testing.assert_allclose(ex.marks["stack"].y, [stacked(v, k) for v in xs], rtol=1e-12)
    assert f"k = {k} sigmoids" in ex.readout.value
    assert fmt(ex.values["stack"]) in ex.readout.value
    assert "0.25\u00b9\u2070" not in ex.readout.value and "0.25**" not in ex.readout.value


def test_sigmoid_stack_is_on_a_log_axis_that_holds_every_value():
    # each sigmoid multiplies by at most 0.25: a constant step down on a log axis; the
    # smallest value, 10 sigmoids at x = 10, is about 5.6e-11, above the axis floor 1e-11
    ex = plots.SigmoidExplorer(x=0.0, k=10)
    scale = ex.marks["stack"].scales["y"]
    assert type(scale).__name__ == "LogScale" and scale.min == plots.STACK_AXES.y[0]
    assert min(ex.marks["stack"].y) > scale.min and max(ex.marks["stack"].y) <= scale.max
    assert "-inf" not in ex.readout.value and "inf" not in ex.plots[2].axes[1].tick_format
    assert ex.plots[2].title == "through k = 10 sigmoids in a row"
    fig = plots.sigmoid_figure(0.0, 10)
    assert fig.axes[2].get_yscale() == "log"


def test_sigmoid_stack_comes_from_the_layer(monkeypatch):
    monkeypatch.setattr(layers.Sigmoid, "backward", lambda self, dout: dout * 0.5)
    ex = plots.SigmoidExplorer(x=0.0, k=3)
    assert ex.values["stack"] == 0.125


# ---------------------------------------------------------------- common shape

@pytest.mark.parametrize("make, name, controls, n_figures", [
    (plots.ChainRuleExplorer, "Chain rule", {"x", "y", "forget"}, 1),
    (plots.ReluExplorer, "ReLU", {"x", "dout"}, 2),
    (plots.SigmoidExplorer, "Sigmoid", {"x", "k"}, 3),
])
def test_explorer_shape_css_and_repr(make, name, controls, n_figures):
    ex = make()
    assert set(ex.controls) == controls and ex.main is ex.controls["x"]
    assert len(ex.plots) == n_figures
    assert "bp-explorer" in ex.widget._dom_classes
    assert "bp-main" in ex.main._dom_classes
    assert "bp-readout" in ex.readout._dom_classes
    assert all("bp-plot" in f._dom_classes for f in ex.plots)
    bundle = ex._repr_mimebundle_()
    assert bundle["text/plain"] == f"{name} explorer (run the cell in Jupyter to use it)"
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == ex.widget.model_id


@pytest.mark.parametrize("make, slider, value", [
    (plots.ChainRuleExplorer, "x", -1.0), (plots.ChainRuleExplorer, "y", 0.5),
    (plots.ReluExplorer, "x", -1.0), (plots.ReluExplorer, "dout", 0.5),
    (plots.SigmoidExplorer, "x", 2.0), (plots.SigmoidExplorer, "k", 4),
])
def test_readout_is_sent_before_the_marks(make, slider, value):
    # measured in the browser: a message queued behind bqplot updates lands a
    # frame later, so the readout goes first (see the comment in plots.py)
    ex = make()
    order = []
    for name, w in [("readout", ex.readout), *ex.marks.items()]:
        original = w.send_state
        w.send_state = lambda key=None, name=name, original=original: (
            order.append(name), original(key))[1]
    ex.controls[slider].value = value
    assert order[0] == "readout" and len(order) >= 2, order


def test_colours_follow_the_convention():
    from teaching import style
    ex = plots.ReluExplorer()
    assert list(ex.marks["forward"].colors) == [style.VALUE]
    assert list(ex.marks["gradient"].colors) == [style.GRADIENT]
    ex = plots.ChainRuleExplorer()
    assert list(ex.marks["curve"].colors) == [style.VALUE]
    assert list(ex.marks["tangent"].colors) == [style.GRADIENT]


# ---------------------------------------------------------------- static twins

def test_static_figures_show_the_same_math():
    fig = plots.sigmoid_figure(1.5)
    left, right, _ = fig.axes
    curve = right.lines[-2]    # the gradient curve, drawn before the point
    xs, dys = curve.get_xdata(), curve.get_ydata()
    np.testing.assert_allclose(dys, [sigmoid(x) * (1 - sigmoid(x)) for x in xs], rtol=1e-12)
    point = right.lines[-1]
    assert point.get_ydata()[0] == pytest.approx(sigmoid(1.5) * (1 - sigmoid(1.5)))

    fig = plots.relu_figure(-0.5, 1.5)
    assert fig.axes[1].lines[-1].get_ydata()[0] == 0.0
    fig = plots.relu_figure(0.5, 1.5)
    assert fig.axes[1].lines[-1].get_ydata()[0] == 1.5

    fig = plots.chain_rule_figure(1.0, 2.0)
    tangent = fig.axes[0].lines[1]
    tx, ty = tangent.get_xdata(), tangent.get_ydata()
    assert (ty[-1] - ty[0]) / (tx[-1] - tx[0]) == pytest.approx(8.0)    # 2t * y = 4 * 2


def test_static_figures_have_fixed_sizes():
    assert tuple(plots.chain_rule_figure().get_size_inches()) == (7.0, 4.2)
    assert tuple(plots.relu_figure().get_size_inches()) == (10.0, 3.8)
    assert tuple(plots.sigmoid_figure().get_size_inches()) == (15.0, 3.8)


def test_static_figure_displays_as_png_without_pyplot():
    png = plots.relu_figure()._repr_png_()
    assert png.startswith(b"\x89PNG") and b"Matplotlib version" not in png
    assert png == plots.relu_figure()._repr_png_()


def test_module_leaves_matplotlib_state_alone(tmp_path):
    # a fresh interpreter: plots must not import pyplot, switch backends or
    # change rcParams, however its figures are built, shown and saved.  The
    # rcParams are read raw (dict.items): reading "backend" the normal way
    # resolves it, which itself imports pyplot.
    code = f"""
import json, sys, matplotlib
before = {{k: repr(v) for k, v in dict.items(matplotlib.rcParams)}}
from teaching import examples, plots, style
from teaching.figures import save_svgs
from teaching.style import fmt
for fig in (plots.chain_rule_figure(), plots.relu_figure(), plots.sigmoid_figure()):
    fig._repr_png_()
save_svgs({str(tmp_path)!r}, [("relu.svg", plots.relu_figure)])
after = {{k: repr(v) for k, v in dict.items(matplotlib.rcParams)}}
print(json.dumps({{"pyplot": "matplotlib.pyplot" in sys.modules,
                  "changed": sorted(k for k in before if before[k] != after[k])}}))
"""
    out = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True,
                         text=True, check=True)
    result = json.loads(out.stdout)
    assert result == {"pyplot": False, "changed": []}


# ---------------------------------------------------------------- one source for both

@pytest.mark.parametrize("make_live, make_static", [
    (plots.ChainRuleExplorer, plots.chain_rule_figure),
    (plots.ReluExplorer, plots.relu_figure),
    (plots.SigmoidExplorer, plots.sigmoid_figure),
])
def test_live_plot_and_static_twin_share_their_axes(make_live, make_static):
    live, static = make_live(), make_static()
    assert len(live.plots) == len(static.axes)
    for figure, ax in zip(live.plots, static.axes):
        x_axis, y_axis = figure.axes
        assert (x_axis.scale.min, x_axis.scale.max) == ax.get_xlim()
        assert (y_axis.scale.min, y_axis.scale.max) == ax.get_ylim()
        assert (x_axis.label, y_axis.label) == (ax.get_xlabel(), ax.get_ylabel())


@pytest.mark.parametrize("x", [-4.0, 0.0, 2.3])
def test_sigmoid_steps_are_the_backward_pass_of_the_sigmoid_graph(x):
    """The readout's table is the example graph's own backward pass, node for node."""
    g = examples.sigmoid_graph()
    g.forward(x=x)
    g.backward(1.0)
    steps = plots.sigmoid_values(x)["steps"]
    assert len(steps) == len(g.nodes)
    for row, step in zip(steps, g.steps):
        assert (row["upstream"], row["local"], row["downstream"]) == (
            step.upstream, step.local[0], step.downstream[0])
    assert plots.sigmoid_values(x)["graph"] == g.grads["x"]


@pytest.mark.parametrize("make, figure, args", [
    (lambda: plots.ChainRuleExplorer(x=0.5, y=-1.0), plots.chain_rule_figure, (0.5, -1.0)),
    (lambda: plots.ReluExplorer(x=-1.0, dout=1.5), plots.relu_figure, (-1.0, 1.5)),
    (lambda: plots.SigmoidExplorer(x=2.0), plots.sigmoid_figure, (2.0,)),
])
def test_explorer_bundle_carries_its_static_twin_as_png(make, figure, args):
    import base64
    ex = make()
    bundle = ex._repr_mimebundle_()
    png = base64.b64decode(bundle["image/png"])
    assert png == figure(*args)._repr_png_() and png.startswith(b"\x89PNG")
    ex.controls["x"].value = 0.0                 # the picture follows the sliders
    moved = base64.b64decode(ex._repr_mimebundle_()["image/png"])
    assert moved == figure(0.0, *args[1:])._repr_png_() and moved != png
