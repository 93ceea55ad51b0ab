"""The checks of chapter 05 (teaching/checks/ch05.py) accept right answers, reject wrong ones.

relu'(x) = [x > 0] (0 at x = 0: the book's mask x <= 0), leaky'(x) = 1 or the slope,
relu6'(x) = [0 < x < 6].  A unit relu(w x + b) is dead on a batch xs when w x_i + b <= 0 for every
i, so the largest dead bias is -max_i(w x_i).  The wrong answers are the ones learners (and
circulating copies of the book's code) really write: a ReLU forward that returns the mask, a
backward that edits dout in place, a mask x < 0 that passes the gradient at the kink.
"""

import numpy as np
import pytest

import layers
from teaching.checks import ch05
from verdicts import assert_not_attempted, assert_not_yet, assert_right, verdict_of


class ReluRight:
    def forward(self, x):
        self.mask = x <= 0
        return np.where(self.mask, 0.0, x)

    def backward(self, dout):
        return np.where(self.mask, 0.0, dout)


class ReluReturnsMask(ReluRight):
    def forward(self, x):
        super().forward(x)
        return (x > 0) * 1


class ReluInPlace(ReluRight):
    def backward(self, dout):
        dout[self.mask] = 0       # the book's defect: right numbers, caller's array overwritten
        return dout


class ReluForwardInPlace(ReluRight):
    def forward(self, x):
        self.mask = x <= 0
        x[self.mask] = 0
        return x


class ReluNoUpstream(ReluRight):
    def backward(self, dout):
        return (~self.mask) * 1.0


class Stub:
    def forward(self, x):
        return None

    def backward(self, dout):
        return None


def test_fixed_relu_accepts_the_fix_and_layers_relu(capsys):
    assert_right(capsys, ch05.fixed_relu, ReluRight)
    assert_right(capsys, ch05.fixed_relu, layers.Relu)


@pytest.mark.parametrize("answer, hint", [
    (ReluReturnsMask, "returns the mask"),
    (ReluInPlace, "changed the dout"),
    (ReluForwardInPlace, "forward wrote into the x"),
    (ReluNoUpstream, "dx should be"),
    (Stub, "forward returns None"),
])
def test_fixed_relu_rejects_typical_mistakes(capsys, answer, hint):
    assert_not_yet(capsys, ch05.fixed_relu, answer, hint)


class ReluPassesAtZero(ReluRight):
    def forward(self, x):
        self.mask = x < 0            # the gradient passes at exactly x = 0
        return np.where(self.mask, 0.0, x)


def test_fixed_relu_tests_the_convention_at_zero(capsys):
    # a gradient check away from the kink cannot see this: the check must test x = 0 itself
    assert layers.gradient_check(ReluPassesAtZero(), ch05._away_from_kinks([0.0])) < 1e-7
    assert_not_yet(capsys, ch05.fixed_relu, ReluPassesAtZero, "at x = 0 exactly")


def test_the_notebooks_suspect_relu_is_rejected(capsys):
    class SuspectRelu:      # as in notebooks/src/05_relu.py: both bugs
        def forward(self, x):
            self.passing = x >= 0
            return (x > 0) * 1

        def backward(self, dout):
            return np.where(self.passing, dout, 0.0)
    assert_not_yet(capsys, ch05.fixed_relu, SuspectRelu, "returns the mask")

    class MaskBugFixed(SuspectRelu):   # only the first bug fixed: the second must still be caught
        def forward(self, x):
            super().forward(x)
            return np.maximum(x, 0.0)
    assert_not_yet(capsys, ch05.fixed_relu, MaskBugFixed, "at x = 0 exactly")


class Untouched:     # the notebook's template
    def __init__(self, slope=0.01):
        pass

    def forward(self, x):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


@pytest.mark.parametrize("exercise", [ch05.fixed_relu, ch05.leaky_relu, ch05.relu6])
def test_untouched_templates_are_not_attempted(capsys, exercise):
    assert_not_attempted(capsys, exercise, Untouched)


def untouched_dead_bias(w, xs):
    raise NotImplementedError("YOUR CODE")


def dead_bias_right(w, xs):
    return -np.max(w * xs)


def test_dead_bias_is_where_every_sample_is_blocked():
    # from the math: at b = -max(w x) the strongest sample sits on the kink (blocked, gradient 0);
    # any larger b lets it through
    rng = np.random.default_rng(3)
    for w in (1.5, -2.0, 0.0, 0.3):
        xs = rng.uniform(-2, 2, size=7)
        b = dead_bias_right(w, xs)
        relu = layers.Relu()
        relu.forward(w * xs + b)
        assert (relu.backward(np.ones(7)) == 0).all()
        relu.forward(w * xs + b + 1e-6)
        assert relu.backward(np.ones(7)).any()
    assert dead_bias_right(-2.0, np.array([-1.0, 0.5, 2.0])) == -2.0     # -max(2, -1, -4)


def test_dead_bias_accepts_the_formula(capsys):
    assert_right(capsys, ch05.dead_bias, dead_bias_right)
    assert_right(capsys, ch05.dead_bias, lambda w, xs: float(-max(w * x for x in xs)))


@pytest.mark.parametrize("answer, hint", [
    (lambda w, xs: -w * np.max(xs), "negative w"),                 # right only for w >= 0
    (lambda w, xs: -np.min(w * xs), "blocks only the sample"),
    (lambda w, xs: np.max(w * xs), "sign is off"),
    (lambda w, xs: -np.max(w * xs) + 0.5, "lets"),
    (lambda w, xs: -np.max(w * xs) - 0.5, "a larger one would too"),
    (lambda w, xs: -2.7078, "lets"),                               # a number pasted from one batch
    (lambda w, xs: None, "returns None"),
    (lambda w, xs: -w * xs, "one number"),
])
def test_dead_bias_rejects_typical_mistakes(capsys, answer, hint):
    assert_not_yet(capsys, ch05.dead_bias, answer, hint)


def test_dead_bias_untouched_is_not_attempted(capsys):
    assert_not_attempted(capsys, ch05.dead_bias, untouched_dead_bias)


class LeakyRight:
    def __init__(self, slope=0.01):
        self.slope = slope

    def forward(self, x):
        self.passing = x > 0
        return np.where(self.passing, x, self.slope * x)

    def backward(self, dout):
        return np.where(self.passing, dout, self.slope * dout)


def leaky_variant(**methods):
    return type("LeakyVariant", (LeakyRight,), methods)


def test_leaky_relu_solution_is_right(capsys):
    assert_right(capsys, ch05.leaky_relu, LeakyRight)


@pytest.mark.parametrize("answer, hint", [
    (leaky_variant(backward=lambda self, d: np.where(self.passing, d, 0.0)), "not 0"),
    (leaky_variant(backward=lambda self, d: np.where(self.passing, d, self.slope)),
     "multiply the slope by"),
    (leaky_variant(forward=lambda self, x: (setattr(self, "passing", x > 0), np.maximum(x, 0))[1]),
     "plain ReLU"),
    (leaky_variant(backward=lambda self, d: np.where(self.passing, d, 0.01 * d)), "slope = 0.1"),
])
def test_leaky_relu_rejects_typical_mistakes(capsys, answer, hint):
    assert_not_yet(capsys, ch05.leaky_relu, answer, hint)


def test_leaky_relu_rejects_in_place_backward(capsys):
    def backward(self, dout):
        dout[~self.passing] *= self.slope
        return dout
    assert_not_yet(capsys, ch05.leaky_relu, leaky_variant(backward=backward), "changed the dout")


class Relu6Right:
    def forward(self, x):
        self.passing = (x > 0) & (x < 6)
        return np.clip(x, 0.0, 6.0)

    def backward(self, dout):
        return np.where(self.passing, dout, 0.0)


def test_relu6_solution_is_right(capsys):
    assert_right(capsys, ch05.relu6, Relu6Right)


def test_relu6_rejects_typical_mistakes(capsys):
    class NoUpperWall(Relu6Right):
        def backward(self, dout):
            return np.where(self.x_positive, dout, 0.0)

        def forward(self, x):
            self.x_positive = x > 0
            return np.clip(x, 0.0, 6.0)

    class NoClip(Relu6Right):
        def forward(self, x):
            super().forward(x)
            return np.maximum(x, 0.0)

    class InclusiveWalls(Relu6Right):
        def forward(self, x):
            out = super().forward(x)
            self.passing = (x >= 0) & (x <= 6)
            return out
    assert_not_yet(capsys, ch05.relu6, NoUpperWall, "above 6")
    assert_not_yet(capsys, ch05.relu6, NoClip, "does not clip")
    assert_not_yet(capsys, ch05.relu6, InclusiveWalls, "exactly 0 and 6")
    assert_not_yet(capsys, ch05.relu6, Stub, "forward returns None")


def test_points_for_gradient_checks_avoid_the_kinks():
    x = ch05._away_from_kinks([0.0, 6.0])
    assert np.min(np.abs(x - 0.0)) >= 0.1 and np.min(np.abs(x - 6.0)) >= 0.1


@pytest.mark.parametrize("answer", [
    None, 3.0, "b", lambda w, xs: "b", lambda w, xs: [1.0, 2.0], lambda w, xs: {"b": 1},
    lambda w, xs: float("nan"), lambda w, xs: 1 / 0, lambda: 0.0,
])
def test_dead_bias_answers_any_input_with_a_verdict(capsys, answer):
    ok, message = verdict_of(capsys, ch05.dead_bias, answer)
    assert not ok and message.startswith(("Not yet. Hint: ", "Not attempted yet: "))
