"""Tests of teaching/softmax_view.py: the bars show softmax, the loss and y - t.

Expected numbers come from the formulas, computed here with the math module:
y_k = e^{a_k} / sum_j e^{a_j}, loss = -log y_label, gradient y - t.
"""

import math

import numpy as np
import pytest

import layers
from teaching import softmax_view
from teaching.style import fmt


def softmax(scores):
    e = [math.exp(a) for a in scores]
    return [v / sum(e) for v in e]


@pytest.mark.parametrize("scores, label", [
    ((2.0, 1.0, -1.0), 1), ((0.0, 0.0, 0.0), 0), ((-5.0, 5.0, 0.3), 0), ((4.9, 4.9, -4.9), 2),
])
def test_bars_and_loss_follow_the_math(scores, label):
    ex = softmax_view.SoftmaxExplorer()
    ex.controls["label"].value = label
    for k, a in enumerate(scores):
        ex.controls[f"a{k}"].value = a
    y = softmax(scores)
    t = [1.0 if k == label else 0.0 for k in range(3)]
    np.testing.assert_allclose(ex.marks["probabilities"].y, y, rtol=1e-12)
    np.testing.assert_allclose(ex.marks["gradient"].y, [p - q for p, q in zip(y, t)],
                               rtol=1e-12, atol=1e-15)
    assert ex.values["loss"] == pytest.approx(-math.log(y[label]), rel=1e-12)
    assert fmt(-math.log(y[label])) in ex.plots[0].title
    assert fmt(-math.log(y[label])) in ex.readout.value
    assert sum(ex.marks["gradient"].y) == pytest.approx(0.0, abs=1e-12)
    assert list(ex.marks["probabilities"].opacities) == [
        1.0 if k == label else softmax_view.FADED for k in range(3)]


def test_equal_scores_give_equal_probabilities_whatever_their_value():
    ex = softmax_view.SoftmaxExplorer(scores=(3.0, 3.0, 3.0), label=0)
    np.testing.assert_allclose(ex.marks["probabilities"].y, [1 / 3] * 3, rtol=1e-12)
    assert ex.values["loss"] == pytest.approx(math.log(3), rel=1e-12)


@pytest.mark.parametrize("m", [-5.0, 2.5, 5.0])
def test_shifting_unequal_scores_changes_nothing_but_the_scores(m):
    ex = softmax_view.SoftmaxExplorer(scores=(2.0, 1.0, -1.0), label=1)
    ex.controls["shift"].value = m
    y = softmax([2.0 + m, 1.0 + m, -1.0 + m])
    np.testing.assert_allclose(ex.marks["probabilities"].y, softmax([2.0, 1.0, -1.0]),
                               rtol=1e-12)
    np.testing.assert_allclose(ex.marks["probabilities"].y, y, rtol=1e-12)
    assert ex.values["loss"] == pytest.approx(-math.log(softmax([2.0, 1.0, -1.0])[1]),
                                              rel=1e-12)
    assert ex.values["scores"] == pytest.approx([2.0 + m, 1.0 + m, -1.0 + m], rel=1e-12)
    assert f"m = {fmt(m)}" in ex.readout.value
    # the unnormalised e^a_k grow by e^m, and e^m is shown as the factor y's division cancels
    assert f"e<sup>a</sup> = [{fmt(math.exp(2.0 + m))}, " in ex.readout.value
    assert f"\u00d7 [{fmt(math.exp(2.0))}, {fmt(math.exp(1.0))}, " in ex.readout.value
    assert f"e<sup>m</sup> = {fmt(math.exp(m))} cancels" in ex.readout.value


def test_the_numbers_come_from_the_layer(monkeypatch):
    # the book's backward ignores dout; a backward that forgets "- t" must show up
    monkeypatch.setattr(layers.SoftmaxWithLoss, "backward", lambda self, dout=1.0: self.y)
    ex = softmax_view.SoftmaxExplorer(scores=(2.0, 1.0, -1.0), label=1)
    np.testing.assert_allclose(ex.marks["gradient"].y, ex.marks["probabilities"].y)


def test_the_book_constant_caps_the_loss():
    # scores [0, 1000], label 0: the true loss is log(1 + e^1000) = 1000 (to 1e-434);
    # -log(0 + 1e-7) = 7 log 10 = 16.118...
    assert softmax_view.book_loss([0.0, 1000.0], 0) == pytest.approx(7 * math.log(10), rel=1e-12)
    fig = softmax_view.log_clip_figure()
    near, far = fig.axes
    exact, clipped = (line.get_ydata() for line in far.get_lines())
    assert exact[-1] == 1000.0
    assert max(clipped) == pytest.approx(7 * math.log(10), rel=1e-6)
    # the close-up ends at s = 40: exact log(1 + e^40) = 40 (to 1e-17), clipped still 16.1
    exact, clipped = (line.get_ydata() for line in near.get_lines())
    assert near.get_xlim() == (0.0, 40.0)
    assert exact[-1] == pytest.approx(40.0, rel=1e-12)
    assert clipped[-1] == pytest.approx(7 * math.log(10), rel=1e-6)


def test_explorer_conventions():
    ex = softmax_view.SoftmaxExplorer()
    assert ex.main is ex.controls["a0"] and set(ex.controls) == {"a0", "a1", "a2", "label",
                                                                   "shift"}
    assert "bp-explorer" in ex.widget._dom_classes and "bp-main" in ex.main._dom_classes
    assert all("bp-plot" in f._dom_classes for f in ex.plots) and len(ex.plots) == 2
    assert ex._repr_mimebundle_()["text/plain"] == \
        "Softmax with loss explorer (run the cell in Jupyter to use it)"
    from teaching import style
    assert list(ex.marks["probabilities"].colors) == [style.VALUE]
    assert list(ex.marks["gradient"].colors) == [style.GRADIENT]
    order = []
    for name, w in [("readout", ex.readout), *ex.marks.items()]:
        original = w.send_state
        w.send_state = lambda key=None, name=name, original=original: (
            order.append(name), original(key))[1]
    ex.main.value = -2.0
    assert order[0] == "readout" and len(order) > 1


def test_static_twin_bars():
    fig = softmax_view.softmax_figure(scores=(2.0, 1.0, -1.0), label=1)
    heights = [p.get_height() for p in fig.axes[0].patches]
    np.testing.assert_allclose(heights, softmax([2.0, 1.0, -1.0]), rtol=1e-12)


def test_explorer_bundle_carries_its_static_twin_as_png():
    import base64
    ex = softmax_view.SoftmaxExplorer(scores=(2.0, 1.0, -1.0), label=1)
    png = base64.b64decode(ex._repr_mimebundle_()["image/png"])
    assert png == softmax_view.softmax_figure((2.0, 1.0, -1.0), 1)._repr_png_()
    ex.controls["label"].value = 0              # the picture follows the controls
    assert base64.b64decode(ex._repr_mimebundle_()["image/png"]) == \
        softmax_view.softmax_figure((2.0, 1.0, -1.0), 0)._repr_png_()
