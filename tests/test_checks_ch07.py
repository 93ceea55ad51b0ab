"""The checks of chapter 08 (teaching/checks/ch07.py) accept right answers and reject typical wrong ones.

The right answers here are written from the math of section 5.6, not taken from
layers.py or from the check: dx = dout W^T, dW = x^T dout, db = dout summed over
the batch; the softmax loss gradient is dout (y - t) / N.  Each wrong answer is
one classic mistake, and the check must name it.
"""

import numpy as np
import pytest

from teaching.checks import ch07
from verdicts import assert_not_yet, assert_right


class Affine:
    """A right batch affine layer (the worked answer of exercise 8.1)."""

    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W.T


def affine_with(dx=None, dW=None, db=None):
    """Affine whose backward makes one mistake: each argument replaces one formula."""
    class Wrong(Affine):
        def backward(self, dout):
            right_dx = Affine.backward(self, dout)
            if dW:
                self.dW = dW(self.x, dout, self.W)
            if db:
                self.db = db(dout)
            return dx(dout, self.W) if dx else right_dx
    return Wrong


def test_affine_backward_accepts_the_math(capsys):
    assert_right(capsys, ch07.affine_backward, Affine)


@pytest.mark.parametrize("wrong, hint_part", [
    (affine_with(dx=lambda dout, W: dout @ W), "transpose of W is missing"),
    (affine_with(dW=lambda x, dout, W: dout.T @ x), "axes swapped"),
    (affine_with(dW=lambda x, dout, W: x.T @ dout / len(x)), "without dividing by N"),
    (affine_with(dW=lambda x, dout, W: np.outer(x[0], dout[0])), "first sample"),
    (affine_with(db=lambda dout: dout), "sums dout over the batch"),
    (affine_with(db=lambda dout: dout.mean(axis=0)), "not the mean"),
    (affine_with(db=lambda dout: dout.sum()), "batch axis only"),
    (affine_with(db=lambda dout: dout.sum(axis=1)), "not over the outputs"),
])
def test_affine_backward_names_the_mistake(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch07.affine_backward, wrong, hint_part)


class NoParameterGradients(Affine):
    def backward(self, dout):
        return dout @ self.W.T


class WritesIntoW(Affine):
    def backward(self, dout):
        self.W -= 0.1 * (self.x.T @ dout)     # an update step inside backward
        return Affine.backward(self, dout)


class Stub:
    def __init__(self, W, b):
        pass

    def forward(self, x):
        return None

    def backward(self, dout):
        return None


@pytest.mark.parametrize("wrong, hint_part", [
    (NoParameterGradients, "self.dW and self.db"),
    (WritesIntoW, "wrote into the W"),
    (Stub, "forward returns None"),
    (Affine(np.eye(2), np.zeros(2)), "pass your function itself"),
])
def test_affine_backward_rejects_broken_layers(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch07.affine_backward, wrong, hint_part)


class FlattenAffine(Affine):
    """The worked answer of exercise 8.3: flatten each sample, give dx back its shape."""

    def forward(self, x):
        self.x_shape = x.shape
        return Affine.forward(self, x.reshape(len(x), -1))

    def backward(self, dout):
        return Affine.backward(self, dout).reshape(self.x_shape)


class FlattenForgetsShape(FlattenAffine):
    def backward(self, dout):
        return Affine.backward(self, dout)


def test_image_affine(capsys):
    assert_right(capsys, ch07.image_affine, FlattenAffine)
    assert_not_yet(capsys, ch07.image_affine, FlattenForgetsShape, "shape of the x")
    # the plain layer cannot take images at all
    assert_not_yet(capsys, ch07.image_affine, Affine, "raised ValueError")


def softmax_rows(a):
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


class SoftmaxWithLoss:
    """Forward as given in the notebook; backward = dout * (y - t) / N (exercise 8.2)."""

    def forward(self, x, t):
        self.N = len(x)
        self.y = softmax_rows(x)
        self.t = np.eye(x.shape[1])[t]
        log_y = x - x.max(axis=1, keepdims=True)
        log_y = log_y - np.log(np.exp(log_y).sum(axis=1, keepdims=True))
        return float(-np.sum(self.t * log_y) / self.N)

    def backward(self, dout=1.0):
        return dout * (self.y - self.t) / self.N


def loss_with(backward):
    return type("Wrong", (SoftmaxWithLoss,), {"backward": backward})


def test_softmax_loss_backward_accepts_the_math(capsys):
    assert_right(capsys, ch07.softmax_loss_backward, SoftmaxWithLoss)


@pytest.mark.parametrize("wrong, hint_part", [
    (loss_with(lambda self, dout=1.0: (self.y - self.t) / self.N), "multiply by dout"),
    (loss_with(lambda self, dout=1.0: dout * (self.y - self.t)), "divide by the batch size"),
    (loss_with(lambda self, dout=1.0: self.y - self.t), "two things are missing"),
    (loss_with(lambda self, dout=1.0: dout * (self.t - self.y) / self.N), "sign is off"),
    (loss_with(lambda self, dout=1.0: dout * self.y / self.N), "subtract the one-hot"),
    (loss_with(lambda self, dout=1.0: (self.y - self.t) / self.N / dout), "do not divide"),
    (loss_with(lambda self, dout: dout * (self.y - self.t) / self.N), "default 1.0"),
    (loss_with(lambda self, dout=1.0: None), "returns None"),
])
def test_softmax_loss_backward_names_the_mistake(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch07.softmax_loss_backward, wrong, hint_part)


def test_softmax_loss_backward_rejects_a_changed_forward(capsys):
    clipped = loss_with(SoftmaxWithLoss.backward)
    clipped.forward = lambda self, x, t: (SoftmaxWithLoss.forward(self, x, t), 0.0)[1]
    assert_not_yet(capsys, ch07.softmax_loss_backward, clipped, "Keep the forward")
