"""The checks of chapter 06 (teaching/checks/ch06.py) accept right answers and reject typical wrong ones.

sigmoid' = y(1 - y) and tanh' = 1 - y**2, from the output y alone; the four-node sigmoid graph
gives the same dx.  The wrong answers drop a factor, a sign, or the upstream gradient.
"""

import numpy as np
import pytest

import layers
from layers import AddLayer, ExpLayer, MulLayer, ReciprocalLayer
from teaching.checks import ch06
from verdicts import assert_not_yet, assert_right


class SigmoidRight:
    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * self.out * (1 - self.out)


def sigmoid_variant(backward):
    return type("SigmoidVariant", (SigmoidRight,), {"backward": backward})


def test_sigmoid_backward_solution_and_layers_sigmoid_are_right(capsys):
    assert_right(capsys, ch06.sigmoid_backward, SigmoidRight)
    assert_right(capsys, ch06.sigmoid_backward, layers.Sigmoid)


@pytest.mark.parametrize("backward, hint", [
    (lambda self, d: d * self.out, "(1 - y) is missing"),
    (lambda self, d: d * (1 - self.out), "factor y is missing"),
    (lambda self, d: self.out * (1 - self.out), "multiply it by the upstream gradient"),
    (lambda self, d: -d * self.out * (1 - self.out), "sign"),
    (lambda self, d: d * self.out ** 2, "y**2 alone"),
    (lambda self, d: None, "returns None"),
])
def test_sigmoid_backward_rejects_typical_mistakes(capsys, backward, hint):
    assert_not_yet(capsys, ch06.sigmoid_backward, sigmoid_variant(backward), hint)


def test_sigmoid_backward_rejects_a_nan_gradient(capsys):
    nan_sigmoid = sigmoid_variant(lambda self, d: d * np.nan)
    assert_not_yet(capsys, ch06.sigmoid_backward, nan_sigmoid, "finite")


def test_sigmoid_backward_rejects_in_place(capsys):
    def backward(self, dout):
        dout *= self.out * (1 - self.out)
        return dout
    assert_not_yet(capsys, ch06.sigmoid_backward, sigmoid_variant(backward), "changed the dout")


class TanhRight:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1 - self.out ** 2)


def test_tanh_solution_is_right(capsys):
    assert_right(capsys, ch06.tanh, TanhRight)


@pytest.mark.parametrize("backward, hint", [
    (lambda self, d: d * self.out * (1 - self.out), "sigmoid's derivative"),
    (lambda self, d: d * (1 - self.out), "square the output"),
    (lambda self, d: 1 - self.out ** 2, "multiply it by dout"),
])
def test_tanh_rejects_typical_mistakes(capsys, backward, hint):
    answer = type("TanhVariant", (TanhRight,), {"backward": backward})
    assert_not_yet(capsys, ch06.tanh, answer, hint)


class Stub:          # the notebook's unsolved stub
    def forward(self, x):
        return None

    def backward(self, dout):
        return None


def test_tanh_rejects_the_stub(capsys):
    assert_not_yet(capsys, ch06.tanh, Stub, "forward returns None")


def steps_right(x, dout):
    neg, exp, plus, recip = MulLayer(), ExpLayer(), AddLayer(), ReciprocalLayer()
    y = recip.forward(plus.forward(exp.forward(neg.forward(x, -1.0)), 1.0))
    db, _ = plus.backward(recip.backward(dout))
    dx, _ = neg.backward(exp.backward(db))
    return y, dx


def test_sigmoid_steps_known_values():
    # at x = 0: y = 1/2, dy/dx = 1/4 (the maximum); at x = 1: y(1 - y) with y = 1/(1 + e^-1)
    y, dx = steps_right(0.0, 1.0)
    assert y == pytest.approx(0.5) and dx == pytest.approx(0.25)
    y1 = 1 / (1 + np.exp(-1.0))
    assert steps_right(1.0, 2.0)[1] == pytest.approx(2 * y1 * (1 - y1))


def test_sigmoid_steps_solution_is_right(capsys):
    assert_right(capsys, ch06.sigmoid_steps, steps_right)


def test_sigmoid_steps_rejects_a_skipped_node_a_lost_sign_and_a_lost_dout(capsys):
    def skipped_exp(x, dout):
        """The exp layer's backward is never called: its local derivative exp(-x) is lost."""
        neg, exp, plus, recip = MulLayer(), ExpLayer(), AddLayer(), ReciprocalLayer()
        y = recip.forward(plus.forward(exp.forward(neg.forward(x, -1.0)), 1.0))
        db, _ = plus.backward(recip.backward(dout))
        dx, _ = neg.backward(db)
        return y, dx

    def lost_sign(x, dout):
        y, dx = steps_right(x, dout)
        return y, -dx

    def started_from_one(x, dout):
        return steps_right(x, np.ones_like(np.asarray(dout, dtype=float)) if np.ndim(dout) else 1.0)
    assert_not_yet(capsys, ch06.sigmoid_steps, skipped_exp, "reverse order")
    assert_not_yet(capsys, ch06.sigmoid_steps, lost_sign, "sign")
    assert_not_yet(capsys, ch06.sigmoid_steps, started_from_one, "not with 1")
    assert_not_yet(capsys, ch06.sigmoid_steps, lambda x, d: (None, None), "not None")
