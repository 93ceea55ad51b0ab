"""The checks of chapter 05 (teaching/checks/ch05.py) accept right answers, reject wrong ones.

relu'(x) = [x > 0] (0 at x = 0: the book's mask x <= 0), leaky'(x) = 1 or the slope,
the slope at x = 0 too).  A unit relu(w x + b) is dead on a batch xs when w x_i + b <= 0 for
every i, so the largest dead bias is -max_i(w x_i); a hidden unit is dead on a batch X when its
column of X W + b has no entry above 0.  The wrong answers are the ones learners (and
circulating copies of the book's code) really write: a ReLU forward that returns the mask, a
backward that edits dout in place, a mask x < 0 that passes the gradient at the kink.
"""

import functools
from pathlib import Path

import numpy as np
import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right, verdict_of

import layers
from teaching.checks import ch05


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


def test_fixed_relu_accepts_the_fix(capsys):
    assert_right(capsys, ch05.fixed_relu, ReluRight)


class ReluInherited(layers.Relu):
    pass


class ReluHalfInherited(layers.Relu):
    def forward(self, x):
        return super().forward(x)


class ReluCopied:
    forward = layers.Relu.forward
    backward = layers.Relu.backward

    def __init__(self):
        layers.Relu.__init__(self)


@pytest.mark.parametrize("answer", [layers.Relu, ReluInherited, ReluHalfInherited, ReluCopied])
@pytest.mark.parametrize("exercise", [ch05.fixed_relu, ch05.leaky_relu])
def test_layer_checks_refuse_the_librarys_relu(capsys, exercise, answer):
    # right numbers, but not the learner's work: the chapter imported layers.Relu
    assert_not_yet(capsys, exercise, answer, "not yours")


def test_a_relu_subclass_with_its_own_methods_is_judged_on_them(capsys):
    class OwnMethods(layers.Relu):
        def forward(self, x):
            self.blocked = x <= 0
            return np.where(self.blocked, 0.0, x)

        def backward(self, dout):
            return np.where(self.blocked, 0.0, dout)
    assert_right(capsys, ch05.fixed_relu, OwnMethods)


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


@pytest.mark.parametrize("exercise", [ch05.fixed_relu, ch05.leaky_relu])
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


def test_leaky_relu_tests_x_equal_0(capsys):
    # mask x >= 0: right everywhere except at 0, where the formula's second case gives the slope
    def forward(self, x):
        self.passing = x >= 0
        return np.where(self.passing, x, self.slope * x)
    answer = leaky_variant(forward=forward)
    assert layers.gradient_check(answer(0.1), ch05._away_from_kinks([0.0])) < 1e-7
    assert_not_yet(capsys, ch05.leaky_relu, answer, "which case")


def test_leaky_relu_rejects_in_place_backward(capsys):
    def backward(self, dout):
        dout[~self.passing] *= self.slope
        return dout
    assert_not_yet(capsys, ch05.leaky_relu, leaky_variant(backward=backward), "changed the dout")


def dead_units_right(X, W, b):
    return ((X @ W + b) <= 0).all(axis=0)


def untouched_dead_units(X, W, b):
    raise NotImplementedError("YOUR CODE")


def test_the_notebooks_layer_has_units_1_and_2_dead():
    # from the math: z = X W + b, one column per unit (see the comment in ch05)
    z = ch05.DEAD_X @ ch05.DEAD_W + ch05.DEAD_B
    assert z.T.tolist() == [[0.0, 1.0, -1.0], [-4.5, -1.0, -0.5], [-2.0, 0.0, -4.0],
                            [0.5, -2.75, -2.5]]
    assert dead_units_right(ch05.DEAD_X, ch05.DEAD_W, ch05.DEAD_B).tolist() == [
        False, True, True, False]


def test_the_notebook_shows_the_checks_layer():
    # the learner predicts on the X, W, b the notebook prints; the check compares with ch05's
    src = (Path(__file__).resolve().parent.parent / "notebooks" / "src" / "05_relu.py").read_text()
    cell = next(c for c in src.split("# %%") if "predicted_dead = None" in c)
    shown = {"np": np}
    exec(cell.split("predicted_dead")[0], shown)
    for name, value in (("X", ch05.DEAD_X), ("W", ch05.DEAD_W), ("b", ch05.DEAD_B)):
        assert np.array_equal(shown[name], value), name


def test_dead_units_accepts_the_prediction_and_the_function(capsys):
    assert_right(capsys, functools.partial(ch05.dead_units, predicted=[1, 2]), dead_units_right)
    assert_right(capsys, functools.partial(ch05.dead_units, predicted=(2, 1)),
                 lambda X, W, b: [bool(np.max(X @ W[:, j] + b[j]) <= 0) for j in range(len(b))])


@pytest.mark.parametrize("predicted, hint", [
    ([0, 1, 2, 3], "on some samples"),
    ([1], "lets z = 0 through"),
    ([2], "not right yet"),
    ([1, 2, 3], "not right yet"),
    ("1, 2", "list of unit numbers"),
])
def test_dead_units_rejects_wrong_predictions(capsys, predicted, hint):
    assert_not_yet(capsys, functools.partial(ch05.dead_units, predicted=predicted),
                   dead_units_right, hint)


@pytest.mark.parametrize("answer, hint", [
    (lambda X, W, b: ((X @ W + b) <= 0).any(axis=0), "some samples"),
    (lambda X, W, b: ((X @ W + b) < 0).all(axis=0), "at z = 0 exactly"),
    (lambda X, W, b: ((X @ W) <= 0).all(axis=0), "the bias"),
    (lambda X, W, b: ((X @ W + b) <= 0).all(axis=1), "one True/False per hidden unit"),
    (lambda X, W, b: np.array([False, True, True, False]), "one True/False"),  # pasted
    (lambda X, W, b: None, "returns None"),
])
def test_dead_units_rejects_typical_mistakes(capsys, answer, hint):
    assert_not_yet(capsys, functools.partial(ch05.dead_units, predicted=[1, 2]), answer, hint)


def test_dead_units_untouched_is_not_attempted(capsys):
    assert_not_attempted(capsys, functools.partial(ch05.dead_units, predicted=None),
                         untouched_dead_units)
    assert_not_attempted(capsys, functools.partial(ch05.dead_units, predicted=None),
                         dead_units_right)


def test_dead_units_answers_any_input_with_a_verdict(capsys):
    for answer in (None, "f", lambda X, W, b: 1 / 0, lambda: 0):
        ok, message = verdict_of(capsys, functools.partial(ch05.dead_units, predicted=[1, 2]),
                                 answer)
        assert not ok and message.startswith(("Not yet. Hint: ", "Not attempted yet: "))


def test_points_for_gradient_checks_avoid_the_kinks():
    x = ch05._away_from_kinks([0.0])
    assert np.min(np.abs(x - 0.0)) >= 0.1


@pytest.mark.parametrize("answer", [
    None, 3.0, "b", lambda w, xs: "b", lambda w, xs: [1.0, 2.0], lambda w, xs: {"b": 1},
    lambda w, xs: float("nan"), lambda w, xs: 1 / 0, lambda: 0.0,
])
def test_dead_bias_answers_any_input_with_a_verdict(capsys, answer):
    ok, message = verdict_of(capsys, ch05.dead_bias, answer)
    assert not ok and message.startswith(("Not yet. Hint: ", "Not attempted yet: "))
