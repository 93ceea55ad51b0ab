"""The checks of chapter 06 (teaching/checks/ch06.py) accept right answers and reject typical wrong ones.

The expected values come from the math: softplus' = sigma(x), tanh' = 1 - tanh**2
(derived from tanh(x) = 2 sigma(2x) - 1), swish' = sigma + x sigma(1 - sigma), and for the
neuron L = (sigma(w x + b) - t)**2 the gradients 2(y - t) y(1 - y) x and 2(y - t) y(1 - y).
The wrong answers drop a factor, a share of a fork, a sign, or the upstream gradient.
"""

import numpy as np
import pytest

import layers
from layers import AddLayer, MulLayer, Sigmoid, SquareLayer
from teaching.checks import ch06
from verdicts import assert_not_attempted, assert_not_yet, assert_right


def sigma(x):
    return 1 / (1 + np.exp(-x))


def variant(base, backward):
    return type(f"{base.__name__}Variant", (base,), {"backward": backward})


class Stub:          # the notebook's unsolved stub
    def forward(self, x):
        return None

    def backward(self, dout):
        return None


@pytest.mark.parametrize("exercise", [ch06.softplus, ch06.tanh, ch06.swish])
def test_each_layer_exercise_rejects_the_stub(capsys, exercise):
    assert_not_yet(capsys, exercise, Stub, "forward returns None")


# ---------------------------------------------------------------- softplus

class SoftplusRight:
    def forward(self, x):
        self.x = np.array(x, dtype=float)
        return np.log1p(np.exp(x))

    def backward(self, dout):
        return dout * sigma(self.x)


def test_softplus_derivative_is_the_sigmoid():
    # d/dx ln(1 + e^x) = e^x / (1 + e^x) = sigma(x); at 0 that is 1/2
    x = np.array([-2.0, 0.0, 1.5])
    numeric = np.array([layers.numerical_gradient(lambda v: np.log1p(np.exp(v)), v) for v in x])
    np.testing.assert_allclose(numeric, sigma(x), rtol=1e-8)
    assert sigma(0.0) == 0.5


def test_softplus_solution_is_right(capsys):
    assert_right(capsys, ch06.softplus, SoftplusRight)


@pytest.mark.parametrize("backward, hint", [
    (lambda self, d: d * np.exp(self.x), "divides by u"),
    (lambda self, d: d / (1 + np.exp(self.x)), "inner derivative"),
    (lambda self, d: d * sigma(self.x) * (1 - sigma(self.x)), "sigmoid's derivative"),
    (lambda self, d: sigma(self.x), "multiply it by the upstream gradient"),
])
def test_softplus_rejects_typical_mistakes(capsys, backward, hint):
    assert_not_yet(capsys, ch06.softplus, variant(SoftplusRight, backward), hint)


def test_softplus_rejects_a_forward_without_the_one(capsys):
    answer = type("NoOne", (SoftplusRight,), {"forward": lambda self, x: np.log(np.exp(x))})
    assert_not_yet(capsys, ch06.softplus, answer, "the 1 is missing")


# ---------------------------------------------------------------- tanh

class TanhRight:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1 - self.out ** 2)


def test_tanh_is_a_stretched_sigmoid_and_its_slope_is_one_minus_y_squared():
    x = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(np.tanh(x), 2 * sigma(2 * x) - 1, atol=1e-15)
    s = sigma(2 * x)
    np.testing.assert_allclose(4 * s * (1 - s), 1 - np.tanh(x) ** 2, atol=1e-15)


def test_tanh_solution_is_right(capsys):
    assert_right(capsys, ch06.tanh, TanhRight)


@pytest.mark.parametrize("backward, hint", [
    (lambda self, d: d * self.out * (1 - self.out), "sigmoid's rule applied to y"),
    (lambda self, d: d * 4 * self.out * (1 - self.out), "sigma(2x) is not y"),
    (lambda self, d: d * (1 - self.out), "a factor is missing"),
    (lambda self, d: 1 - self.out ** 2, "multiply it by dout"),
])
def test_tanh_rejects_typical_mistakes_without_giving_the_formula(capsys, backward, hint):
    answer = variant(TanhRight, backward)
    assert_not_yet(capsys, ch06.tanh, answer, hint)
    assert "1 - y**2" not in ch06.tanh(answer).message     # the hint leads there, it does not tell


# ---------------------------------------------------------------- swish

class SwishRight:
    def forward(self, x):
        self.x = np.array(x, dtype=float)
        return self.x * sigma(self.x)

    def backward(self, dout):
        s = sigma(self.x)
        return dout * (s + self.x * s * (1 - s))


def test_swish_slope_is_the_sum_of_both_uses_of_x():
    x = np.array([-2.0, -0.3, 0.0, 1.7])
    numeric = np.array([layers.numerical_gradient(lambda v: v * sigma(v), v) for v in x])
    s = sigma(x)
    np.testing.assert_allclose(numeric, s + x * s * (1 - s), rtol=1e-7, atol=1e-10)


def test_swish_solution_is_right(capsys):
    assert_right(capsys, ch06.swish, SwishRight)


@pytest.mark.parametrize("backward, hint", [
    (lambda self, d: d * sigma(self.x), "direct use"),
    (lambda self, d: d * self.x * sigma(self.x) * (1 - sigma(self.x)), "only the share through the sigmoid"),
    (lambda self, d: d * (self.x * sigma(self.x)) * (1 - self.x * sigma(self.x)), "swish is not a sigmoid"),
])
def test_swish_rejects_one_share_only_and_the_sigmoid_rule(capsys, backward, hint):
    assert_not_yet(capsys, ch06.swish, variant(SwishRight, backward), hint)


# ---------------------------------------------------------------- the neuron

def neuron_right(w, b, x, t):
    mul, add_b, sig, minus_t, square = MulLayer(), AddLayer(), Sigmoid(), AddLayer(), SquareLayer()
    loss = square.forward(minus_t.forward(sig.forward(add_b.forward(mul.forward(w, x), b)), -t))
    dy, _ = minus_t.backward(square.backward(1.0))
    d_wx, db = add_b.backward(sig.backward(dy))
    dw, _ = mul.backward(d_wx)
    return loss, dw, db


def neuron_numeric(w, b, x, t):
    return {"dL_dw": layers.numerical_gradient(lambda v: neuron_right(v, b, x, t)[0], w),
            "dL_db": layers.numerical_gradient(lambda v: neuron_right(w, v, x, t)[0], b)}


def test_neuron_known_values():
    # w x + b = 0 gives y = 1/2 and sigma' = 1/4; with t = 1: L = 1/4, dL/dy = -1,
    # so dL/db = -1/4 and dL/dw = -1/4 * x
    loss, dw, db = neuron_right(0.5, -1.0, 2.0, 1.0)
    assert loss == pytest.approx(0.25) and db == pytest.approx(-0.25) and dw == pytest.approx(-0.5)


def test_neuron_solution_is_right(capsys):
    assert_right(capsys, ch06.neuron, neuron_right)


def scaled(scale_w, scale_b):
    def wrong(w, b, x, t):
        loss, dw, db = neuron_right(w, b, x, t)
        return loss, scale_w(dw, db, w, b, x, t), scale_b(dw, db, w, b, x, t)
    return wrong


@pytest.mark.parametrize("answer, hint", [
    (scaled(lambda dw, db, *_: db, lambda dw, db, *_: db), "sends dout times the other input"),
    (scaled(lambda dw, db, *_: dw / 2, lambda dw, db, *_: db / 2), "2(y - t)"),
    (scaled(lambda dw, db, *_: -dw, lambda dw, db, *_: -db), "sign is off"),
    (scaled(lambda dw, db, w, b, x, t: db * w, lambda dw, db, *_: db), "dL/dx"),
    (lambda w, b, x, t: (neuron_right(w, b, x, t)[0],
                         2 * (sigma(w * x + b) - t) * x, 2 * (sigma(w * x + b) - t)), "y(1 - y)"),
    (lambda w, b, x, t: (sigma(w * x + b) - t, 0.0, 0.0), "square of y - t"),
    (lambda w, b, x, t: ((w * x + b - t) ** 2, 0.0, 0.0), "Sigmoid node is missing"),
    (lambda w, b, x, t: (None, None, None), "none of them None"),
    (lambda w, b, x, t: None, "returns None"),
])
def test_neuron_rejects_typical_mistakes(capsys, answer, hint):
    assert_not_yet(capsys, ch06.neuron, answer, hint)


def test_neuron_gradient_check_accepts_numerical_slopes_at_the_notebook_point(capsys):
    assert ch06.NEURON_POINT == (0.5, 1.0, 2.0, 0.0)     # the point the notebook's cell uses
    assert_right(capsys, ch06.neuron_gradient_check, neuron_numeric(*ch06.NEURON_POINT))


def test_neuron_gradient_check_rejects_swapped_wrong_variable_and_stub(capsys):
    w, b, x, t = ch06.NEURON_POINT
    right = neuron_numeric(w, b, x, t)
    swapped = {"dL_dw": right["dL_db"], "dL_db": right["dL_dw"]}
    in_x = {"dL_dw": layers.numerical_gradient(lambda v: neuron_right(w, b, v, t)[0], x),
            "dL_db": right["dL_db"]}
    elsewhere = neuron_numeric(w + 1.0, b, x, t)
    assert_not_yet(capsys, ch06.neuron_gradient_check, swapped, "swapped")
    assert_not_yet(capsys, ch06.neuron_gradient_check, in_x, "slope in x")
    assert_not_yet(capsys, ch06.neuron_gradient_check, elsewhere, "not the slopes")
    assert_not_yet(capsys, ch06.neuron_gradient_check, [0.37, 0.18], "give a dict")


def test_neuron_gradient_check_untouched_template_is_not_attempted(capsys):
    assert_not_attempted(capsys, ch06.neuron_gradient_check, {"dL_dw": None, "dL_db": None})
