"""The checks of chapter 04 (teaching/checks/ch04.py) accept right answers and reject typical wrong ones.

Expected numbers come from the math: d(x/y)/dx = 1/y, d(x/y)/dy = -x/y**2; for
out = x * gamma with gamma broadcast down the rows, dgamma = (dout * x).sum(axis=0); and
the shared bill 715 / people.  The wrong answers are the ones learners write: a lost sign,
a missing square, a gradient not summed (or summed over the wrong axis).
"""

import numpy as np
import pytest

from teaching.checks import ch04
from verdicts import assert_not_yet, assert_right


class DivLayer:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x / y

    def backward(self, dout):
        return dout / self.y, -dout * self.x / self.y ** 2


class DivStub:       # the notebook's unsolved stub
    def forward(self, x, y):
        return None

    def backward(self, dout):
        return None, None


def div_variant(backward):
    """A DivLayer whose backward is ``backward(self, dout)``."""
    return type("DivVariant", (DivLayer,), {"backward": backward})


def test_div_layer_solution_is_right(capsys):
    assert_right(capsys, ch04.div_layer, DivLayer)


def test_div_layer_stub_is_not_yet(capsys):
    assert_not_yet(capsys, ch04.div_layer, DivStub, "forward returns None")


@pytest.mark.parametrize("backward, hint", [
    (lambda self, d: (d / self.y, d * self.x / self.y ** 2), "wrong sign"),
    (lambda self, d: (d / self.y, -d * self.x / self.y), "y is squared"),
    (lambda self, d: (1 / self.y, -self.x / self.y ** 2), "multiply both by the upstream gradient"),
    (lambda self, d: (d * self.y, -d * self.x / self.y ** 2), "1 / y, not y"),
    (lambda self, d: (np.nan, np.nan), "finite"),
])
def test_div_layer_rejects_typical_mistakes(capsys, backward, hint):
    assert_not_yet(capsys, ch04.div_layer, div_variant(backward), hint)


def test_div_layer_rejects_in_place_backward(capsys):
    def backward(self, dout):
        dx = dout / self.y
        dy = -dout * self.x / self.y ** 2
        if isinstance(dout, np.ndarray):
            dout *= 0       # scribbles over the caller's array after using it
        return dx, dy
    assert_not_yet(capsys, ch04.div_layer, div_variant(backward), "changed the dout")


def test_div_layer_reports_a_crash_instead_of_raising(capsys):
    def backward(self, dout):
        raise KeyError("oops")
    assert_not_yet(capsys, ch04.div_layer, div_variant(backward), "raised KeyError")


def test_div_layer_names_a_nan_gradient_that_shows_only_on_arrays(capsys):
    # right on the scalar probe; NaN on arrays, where the gradient check would only
    # report an infinite error: the hint says what is wrong with the gradient instead
    def backward(self, dout):
        if isinstance(dout, np.ndarray):
            return np.full_like(dout, np.nan), np.full_like(dout, np.nan)
        return dout / self.y, -dout * self.x / self.y ** 2
    assert_not_yet(capsys, ch04.div_layer, div_variant(backward), "with arrays: every gradient must be a finite")


class ScaleLayer:
    def forward(self, x, gamma):
        self.x, self.gamma = x, gamma
        return x * gamma

    def backward(self, dout):
        return dout * self.gamma, np.sum(dout * self.x, axis=0)


def scale_variant(backward):
    """A ScaleLayer whose backward is ``backward(self, dout)``."""
    return type("ScaleVariant", (ScaleLayer,), {"backward": backward})


def test_scale_layer_by_hand_numbers():
    # x = [[1, 2], [3, 4], [5, 6]], gamma = [2, -1], dout = [[1, 0], [0, 1], [1, 1]]:
    # dgamma = (1*1 + 0*3 + 1*5, 0*2 + 1*4 + 1*6) = (6, 10), worked by hand
    layer = ScaleLayer()
    layer.forward(ch04._SCALE_X, ch04._SCALE_GAMMA)
    dx, dgamma = layer.backward(ch04._SCALE_DOUT)
    assert np.array_equal(dgamma, [6.0, 10.0])
    assert np.array_equal(dx, [[2.0, 0.0], [0.0, -1.0], [2.0, -1.0]])


def test_scale_layer_solution_is_right(capsys):
    assert_right(capsys, ch04.scale_layer, ScaleLayer)


def test_scale_layer_stub_is_not_yet(capsys):
    stub = type("Stub", (), {"forward": lambda self, x, g: None,
                             "backward": lambda self, d: (None, None)})
    assert_not_yet(capsys, ch04.scale_layer, stub, "forward returns None")


@pytest.mark.parametrize("backward, hint", [
    (lambda self, d: (d * self.gamma, d * self.x), "sum over axis 0"),           # not summed
    (lambda self, d: (d * self.gamma, np.sum(d * self.x, axis=1)), "wrong axis"),
    (lambda self, d: (d * self.gamma, np.sum(d * self.x)), "one number per column"),
    (lambda self, d: (d * self.gamma, np.sum(d, axis=0)), "bias gradient"),       # forgot x
    (lambda self, d: (d * self.gamma, np.mean(d * self.x, axis=0)), "a sum, not a mean"),
    (lambda self, d: (d * self.gamma, (d * self.x)[0]), "only the first row"),
    (lambda self, d: (d, np.sum(d * self.x, axis=0)), "dx = dout * gamma"),
    (lambda self, d: (d * self.x, np.sum(d * self.x, axis=0)), "multiply swaps"),
    (lambda self, d: None, "returns None"),
    (lambda self, d: d * self.gamma, "two gradients"),
])
def test_scale_layer_rejects_typical_mistakes(capsys, backward, hint):
    assert_not_yet(capsys, ch04.scale_layer, scale_variant(backward), hint)


def test_scale_layer_rejects_in_place_backward(capsys):
    def backward(self, dout):
        dgamma = np.sum(dout * self.x, axis=0)
        dout *= self.gamma           # dx computed in the caller's array
        return dout, dgamma
    assert_not_yet(capsys, ch04.scale_layer, scale_variant(backward), "wrote into the dout")


def test_scale_layer_gradient_check_sees_a_mistake_the_probe_misses(capsys):
    def backward(self, dout):        # right when N = 3, summed over the wrong axis otherwise
        axis = 0 if dout.shape[0] == 3 else -1
        dgamma = np.sum(dout * self.x, axis=axis)
        return dout * self.gamma, dgamma
    assert_not_yet(capsys, ch04.scale_layer, scale_variant(backward), "gradient check fails")


def one_more_friend_right(price, people):
    div = DivLayer()
    div.forward(price, people)
    _, slope = div.backward(1.0)
    change = price / (people + 1) - price / people
    return slope, change


def test_one_more_friend_known_numbers():
    # -715 / 9 and 715/4 - 715/3 = -715/12, worked by hand
    slope, change = one_more_friend_right(715.0, 3)
    assert slope == pytest.approx(-715 / 9) and change == pytest.approx(-715 / 12)
    assert abs(slope) > abs(change)   # the tangent overshoots: 715/p bends upward


def test_one_more_friend_solution_is_right(capsys):
    assert_right(capsys, ch04.one_more_friend, one_more_friend_right)


@pytest.mark.parametrize("answer, hint", [
    (lambda p, n: (p / n ** 2, p / (n + 1) - p / n), "must be negative"),
    (lambda p, n: (-p / n, p / (n + 1) - p / n), "people is squared"),
    (lambda p, n: (1 / n, p / (n + 1) - p / n), "d share / d price"),
    (lambda p, n: (-p / n ** 2, -p / n ** 2), "the slope again"),          # slope taken as the change
    (lambda p, n: (-p / n ** 2, p / n - p / (n + 1)), "negative change"),  # a saving, not a change
    (lambda p, n: (-p / n ** 2, p / (n - 1) - p / n), "people + 1"),
    (lambda p, n: (p / (n + 1) - p / n, p / (n + 1) - p / n), "change for one more friend"),
    (lambda p, n: None, "returns None"),
    (lambda p, n: -p / n ** 2, "the pair"),
    (lambda p, n: (-79.44444444444444, -59.58333333333334), "600 and 2 people"),  # hard-coded
])
def test_one_more_friend_rejects(capsys, answer, hint):
    assert_not_yet(capsys, ch04.one_more_friend, answer, hint)


def test_div_layer_that_divides_into_the_callers_x_is_refused(capsys):
    """x /= y changes the caller's array: right by hand on numbers, wrong on arrays (issue 18)."""
    class DividesInPlace:
        def forward(self, x, y):
            self.y = y
            x /= y
            self.out = x
            return x

        def backward(self, dout):
            return dout / self.y, -dout * self.out / self.y

    assert_not_yet(capsys, ch04.div_layer, DividesInPlace, "forward wrote into the x it was given")
