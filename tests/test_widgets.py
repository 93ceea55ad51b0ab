"""Tests of widgets.py: the live explorers move their slider, the plotted data and
readouts follow the math, everything plotted comes from layers.py, and the
static matplotlib twins are deterministic and leave matplotlib's state alone.

Expected numbers come from the formulas (z = (x + y)^2, relu, 1 / (1 + e^-x)),
computed here with the math module, never from widgets.py itself.
"""

import json
import math
import subprocess
import sys

import numpy as np
import pytest

import layers
from teaching import widgets


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
    ex = widgets.chain_rule_explorer(x=1.0, y=2.0)
    v = ex.values
    # t = 3, z = 9, dz/dt = 2t = 6, dt/dx = 1, dz/dx = 6
    assert (v["t"], v["z"], v["dz_dt"], v["dt_dx"], v["dz_dx"]) == (3.0, 9.0, 6.0, 1.0, 6.0)
    assert v["numeric"] == pytest.approx(6.0, rel=1e-7)
    assert tangent_slope(ex) == pytest.approx(6.0)
    assert list(ex.marks["point"].x) == [1.0] and list(ex.marks["point"].y) == [9.0]
    for text in ("3.0000", "9.0000", "6.0000", "1.0000"):
        assert text in ex.readout.value


@pytest.mark.parametrize("x, y", [(-2.0, 0.5), (0.3, -0.3), (2.5, 3.0), (-3.0, -3.0)])
def test_chain_rule_tangent_slope_is_two_t(x, y):
    ex = widgets.chain_rule_explorer()
    ex.controls["y"].value = y
    ex.controls["x"].value = x
    assert tangent_slope(ex) == pytest.approx(2 * (x + y), abs=1e-9)
    # the tangent touches the curve at the current point
    xs, ys = ex.marks["tangent"].x, ex.marks["tangent"].y
    assert np.interp(x, xs, ys) == pytest.approx((x + y) ** 2)
    assert ex.marks["point"].x[0] == pytest.approx(x)
    assert ex.marks["point"].y[0] == pytest.approx((x + y) ** 2)
    # the curve follows y: z = (x + y)^2 along the whole x axis
    curve = ex.marks["curve"]
    np.testing.assert_allclose(curve.y, (curve.x + y) ** 2, atol=1e-12)
    assert ex.values["numeric"] == pytest.approx(2 * (x + y), abs=1e-6)
    assert f"{2 * (x + y):.4f}".replace("-0.0000", "0.0000") in ex.readout.value
    assert f"y = {y:.1f}" in ex.figures[0].title


def test_chain_rule_slope_comes_from_the_layers(monkeypatch):
    # a wrong local derivative in SquareLayer must show up as a wrong tangent
    monkeypatch.setattr(layers.SquareLayer, "backward", lambda self, dout: 3.0 * dout)
    ex = widgets.chain_rule_explorer(x=1.0, y=2.0)
    assert tangent_slope(ex) == pytest.approx(3.0)
    assert ex.values["dz_dt"] == 3.0


def test_chain_rule_curve_comes_from_the_layers(monkeypatch):
    square = layers.SquareLayer.forward
    monkeypatch.setattr(layers.SquareLayer, "forward", lambda self, x: 0 * square(self, x) + 7.0)
    ex = widgets.chain_rule_explorer()
    np.testing.assert_array_equal(ex.marks["curve"].y, 7.0)


def test_chain_rule_moving_x_leaves_the_curve_alone():
    ex = widgets.chain_rule_explorer()
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
    ex = widgets.relu_explorer()
    ex.controls["dout"].value = dout
    ex.controls["x"].value = x
    want_y = max(x, 0.0)
    want_dx = dout if x > 0 else 0.0      # the book's convention: no gradient at x = 0
    assert ex.values["y"] == pytest.approx(want_y) and ex.values["dx"] == pytest.approx(want_dx)
    assert ex.marks["forward_point"].y[0] == pytest.approx(want_y)
    assert ex.marks["gradient_point"].y[0] == pytest.approx(want_dx)
    assert ex.marks["gradient_point"].x[0] == pytest.approx(x)
    assert f"{want_dx:.4f}".replace("-0.0000", "0.0000") in ex.readout.value
    assert ("blocks" in ex.readout.value) == (x <= 0)


def test_relu_at_zero_reached_by_slider_steps_gives_no_gradient():
    # 0.1 steps carry float noise (e.g. 3 * 0.1 - 0.3 = 5.6e-17); x = 0 must still block
    ex = widgets.relu_explorer(dout=2.0)
    ex.controls["x"].value = 3 * 0.1 - 0.3
    assert ex.values["dx"] == 0.0 and ex.values["y"] == 0.0


def test_relu_curves_follow_dout():
    ex = widgets.relu_explorer(dout=1.0)
    ex.controls["dout"].value = -1.2
    xs = ex.marks["gradient"].x
    np.testing.assert_allclose(ex.marks["gradient"].y, np.where(xs > 0, -1.2, 0.0))
    np.testing.assert_allclose(ex.marks["forward"].y, np.maximum(ex.marks["forward"].x, 0))
    assert 0.0 in xs   # the kink itself is on the grid


def test_relu_gradient_comes_from_the_layer(monkeypatch):
    # a backward that ignores the mask (passes dout everywhere) must be visible
    monkeypatch.setattr(layers.Relu, "backward", lambda self, dout: dout)
    ex = widgets.relu_explorer(x=-1.0, dout=1.0)
    assert ex.values["dx"] == 1.0
    np.testing.assert_array_equal(ex.marks["gradient"].y, 1.0)


def test_relu_moving_x_leaves_the_curves_alone():
    ex = widgets.relu_explorer()
    fwd, grad = count_messages(ex.marks["forward"]), count_messages(ex.marks["gradient"])
    ex.controls["x"].value = -2.0
    assert fwd == [] and grad == []
    ex.controls["dout"].value = 0.5
    assert fwd == [] and len(grad) == 1


# ---------------------------------------------------------------- sigmoid

def test_sigmoid_at_zero_has_the_largest_gradient():
    ex = widgets.sigmoid_explorer(x=0.0)
    v = ex.values
    assert v["y"] == 0.5 and v["fused"] == 0.25 and v["graph"] == pytest.approx(0.25)
    assert ex.marks["gradient_point"].y[0] == 0.25
    assert "0.2500" in ex.readout.value and "0.5000" in ex.readout.value
    assert list(ex.marks["ceiling"].y) == [0.25, 0.25]


@pytest.mark.parametrize("x", [-10.0, -3.7, -0.1, 0.8, 4.2, 10.0])
def test_sigmoid_graph_steps_are_the_book_local_derivatives(x):
    ex = widgets.sigmoid_explorer()
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
    for formula in ("\u2212y\u00b2", "exp(\u2212x)", "y(1 \u2212 y)"):
        assert formula in ex.readout.value


def test_sigmoid_gradient_curve_is_y_times_one_minus_y_of_the_forward_curve():
    ex = widgets.sigmoid_explorer()
    xs, ys = ex.marks["forward"].x, ex.marks["forward"].y
    np.testing.assert_array_equal(ex.marks["gradient"].x, xs)
    np.testing.assert_allclose(ys, [sigmoid(x) for x in xs], rtol=1e-12)
    np.testing.assert_allclose(ex.marks["gradient"].y, ys * (1 - ys), rtol=1e-12)
    assert ex.marks["gradient"].y.max() == 0.25    # reached at x = 0, which is on the grid


def test_sigmoid_plots_come_from_the_layer(monkeypatch):
    monkeypatch.setattr(layers.Sigmoid, "backward", lambda self, dout: dout * self.out)
    ex = widgets.sigmoid_explorer(x=0.0)
    np.testing.assert_allclose(ex.marks["gradient"].y, ex.marks["forward"].y)
    assert ex.values["fused"] == 0.5
    # the step-by-step graph still gives the right answer, so the readout disagrees
    assert ex.values["graph"] == pytest.approx(0.25)


def test_sigmoid_graph_readout_comes_from_the_layers(monkeypatch):
    monkeypatch.setattr(layers.ExpLayer, "backward", lambda self, dout: 2 * dout * self.out)
    ex = widgets.sigmoid_explorer(x=0.0)
    assert ex.values["steps"][2]["local"] == 2.0
    assert ex.values["graph"] == pytest.approx(0.5)


def test_sigmoid_moving_x_only_moves_the_points():
    ex = widgets.sigmoid_explorer()
    curves = [count_messages(ex.marks[n]) for n in ("forward", "gradient", "ceiling")]
    points = [count_messages(ex.marks[n]) for n in ("forward_point", "gradient_point")]
    ex.main.value = 1.3
    assert curves == [[], [], []]
    assert [len(p) for p in points] == [1, 1]


# ---------------------------------------------------------------- common shape

@pytest.mark.parametrize("make, name, controls, n_figures", [
    (widgets.chain_rule_explorer, "Chain rule", {"x", "y"}, 1),
    (widgets.relu_explorer, "ReLU", {"x", "dout"}, 2),
    (widgets.sigmoid_explorer, "Sigmoid", {"x"}, 2),
])
def test_explorer_shape_css_and_repr(make, name, controls, n_figures):
    ex = make()
    assert set(ex.controls) == controls and ex.main is ex.controls["x"]
    assert len(ex.figures) == n_figures
    assert "bp-explorer" in ex.widget._dom_classes
    assert "bp-main" in ex.main._dom_classes
    assert "bp-readout" in ex.readout._dom_classes
    assert all("bp-plot" in f._dom_classes for f in ex.figures)
    bundle = ex._repr_mimebundle_()
    assert bundle["text/plain"] == f"{name} explorer (run the cell in Jupyter to use it)"
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == ex.widget.model_id


@pytest.mark.parametrize("make, slider, value", [
    (widgets.chain_rule_explorer, "x", -1.0), (widgets.chain_rule_explorer, "y", 0.5),
    (widgets.relu_explorer, "x", -1.0), (widgets.relu_explorer, "dout", 0.5),
    (widgets.sigmoid_explorer, "x", 2.0),
])
def test_readout_is_sent_before_the_marks(make, slider, value):
    # measured in the browser: a message queued behind bqplot updates lands a
    # frame later, so the readout goes first (see the comment in widgets.py)
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
    ex = widgets.relu_explorer()
    assert list(ex.marks["forward"].colors) == [style.VALUE]
    assert list(ex.marks["gradient"].colors) == [style.GRADIENT]
    ex = widgets.chain_rule_explorer()
    assert list(ex.marks["curve"].colors) == [style.VALUE]
    assert list(ex.marks["tangent"].colors) == [style.GRADIENT]


def test_fmt_never_prints_negative_zero():
    assert widgets._fmt(-0.0) == "0.0000"
    assert widgets._fmt(-1e-20) == "-1.000e-20"
    assert widgets._fmt(0.25) == "0.2500"


# ---------------------------------------------------------------- static twins

def test_static_figures_show_the_same_math():
    fig = widgets.sigmoid_figure(1.5)
    left, right = fig.axes
    curve = right.lines[-2]    # the gradient curve, drawn before the point
    xs, dys = curve.get_xdata(), curve.get_ydata()
    np.testing.assert_allclose(dys, [sigmoid(x) * (1 - sigmoid(x)) for x in xs], rtol=1e-12)
    point = right.lines[-1]
    assert point.get_ydata()[0] == pytest.approx(sigmoid(1.5) * (1 - sigmoid(1.5)))

    fig = widgets.relu_figure(-0.5, 1.5)
    assert fig.axes[1].lines[-1].get_ydata()[0] == 0.0
    fig = widgets.relu_figure(0.5, 1.5)
    assert fig.axes[1].lines[-1].get_ydata()[0] == 1.5

    fig = widgets.chain_rule_figure(1.0, 2.0)
    tangent = fig.axes[0].lines[1]
    tx, ty = tangent.get_xdata(), tangent.get_ydata()
    assert (ty[-1] - ty[0]) / (tx[-1] - tx[0]) == pytest.approx(6.0)


def test_static_figures_have_fixed_sizes():
    assert tuple(widgets.chain_rule_figure().get_size_inches()) == (7.0, 4.2)
    assert tuple(widgets.relu_figure().get_size_inches()) == (10.0, 3.8)
    assert tuple(widgets.sigmoid_figure().get_size_inches()) == (10.0, 3.8)


def test_save_figures_is_byte_identical(tmp_path):
    first = widgets.save_figures(tmp_path / "a")
    second = widgets.save_figures(tmp_path / "b")
    assert [p.name for p in first] == ["chain_rule_plot.svg", "relu_plot.svg", "sigmoid_plot.svg"]
    for a, b in zip(first, second):
        data = a.read_bytes()
        assert data.startswith(b"<?xml") and b"<dc:date>" not in data
        assert data == b.read_bytes(), a.name
    # and a second run into the same folder overwrites with the same bytes
    again = widgets.save_figures(tmp_path / "a")
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in second]


def test_static_figure_displays_as_png_without_pyplot():
    png = widgets.relu_figure()._repr_png_()
    assert png.startswith(b"\x89PNG") and b"Matplotlib version" not in png
    assert png == widgets.relu_figure()._repr_png_()


def test_module_leaves_matplotlib_state_alone(tmp_path):
    # a fresh interpreter: widgets must not import pyplot, switch backends or
    # change rcParams, however its figures are built, shown and saved.  The
    # rcParams are read raw (dict.items): reading "backend" the normal way
    # resolves it, which itself imports pyplot.
    code = f"""
import json, sys, matplotlib
before = {{k: repr(v) for k, v in dict.items(matplotlib.rcParams)}}
from teaching import widgets
for fig in (widgets.chain_rule_figure(), widgets.relu_figure(), widgets.sigmoid_figure()):
    fig._repr_png_()
widgets.save_figures({str(tmp_path)!r})
after = {{k: repr(v) for k, v in dict.items(matplotlib.rcParams)}}
print(json.dumps({{"pyplot": "matplotlib.pyplot" in sys.modules,
                  "changed": sorted(k for k in before if before[k] != after[k])}}))
"""
    out = subprocess.run([sys.executable, "-W", "error", "-c", code], capture_output=True,
                         text=True, check=True)
    result = json.loads(out.stdout)
    assert result == {"pyplot": False, "changed": []}
