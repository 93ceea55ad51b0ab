"""The exercise checks of chapters 04-06 accept right answers and reject typical wrong ones.

Expected numbers come from the math: the shopping graph (715, d apple = 1.1 x 2 = 2.2,
d tax = 650, ...), d(x/y)/dy = -x/y**2, relu'(x) = [x > 0], sigmoid' = y(1 - y),
tanh' = 1 - y**2.  The wrong answers are the ones learners (and circulating copies
of the book's code) really write: a ReLU forward that returns the mask, a backward
that edits dout in place, a sigmoid backward without the (1 - y) factor, backward
calls in the wrong order.  The solutions notebooks prove, through strict nbval, that
the worked answers make the same checks say "Right".
"""

import numpy as np
import pytest

from teaching import checks
from verdicts import assert_not_yet, assert_right, verdict_of
import layers
from layers import AddLayer, ExpLayer, MulLayer, ReciprocalLayer


# ---------------------------------------------------------------- chapter 04

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
    assert_right(capsys, checks.check_04_div_layer, DivLayer)


def test_div_layer_stub_is_not_yet(capsys):
    assert_not_yet(capsys, checks.check_04_div_layer, DivStub, "forward returns None")


@pytest.mark.parametrize("backward, hint", [
    (lambda self, d: (d / self.y, d * self.x / self.y ** 2), "wrong sign"),
    (lambda self, d: (d / self.y, -d * self.x / self.y), "y is squared"),
    (lambda self, d: (1 / self.y, -self.x / self.y ** 2), "multiply both by the upstream gradient"),
    (lambda self, d: (d * self.y, -d * self.x / self.y ** 2), "1 / y, not y"),
    (lambda self, d: (np.nan, np.nan), "finite"),
])
def test_div_layer_rejects_typical_mistakes(capsys, backward, hint):
    assert_not_yet(capsys, checks.check_04_div_layer, div_variant(backward), hint)


def test_div_layer_rejects_in_place_backward(capsys):
    def backward(self, dout):
        dx = dout / self.y
        dy = -dout * self.x / self.y ** 2
        if isinstance(dout, np.ndarray):
            dout *= 0       # scribbles over the caller's array after using it
        return dx, dy
    assert_not_yet(capsys, checks.check_04_div_layer, div_variant(backward), "changed the dout")


def test_div_layer_reports_a_crash_instead_of_raising(capsys):
    def backward(self, dout):
        raise KeyError("oops")
    assert_not_yet(capsys, checks.check_04_div_layer, div_variant(backward), "raised KeyError")


def test_checks_reject_nan_gradients_that_gradient_check_alone_scores_as_zero(capsys):
    # layers.gradient_check takes max(0.0, nan) == 0.0, so a NaN gradient looks perfect
    # to it; _gradient_check therefore looks for finite gradients first.
    class NanGrad:
        def forward(self, x):
            return 2 * x

        def backward(self, dout):
            return np.full_like(dout, np.nan)
    error, hint = checks._gradient_check(NanGrad, np.array([1.0, 2.0]))
    assert error is None and "finite" in hint
    nan_sigmoid = type("NanSigmoid", (SigmoidRight,), {"backward": lambda self, d: d * np.nan})
    assert_not_yet(capsys, checks.check_06_sigmoid_backward, nan_sigmoid, "finite")


def shopping_right(apple, apple_num, orange, orange_num, tax):
    mul_apple, mul_orange, add, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    all_price = add.forward(mul_apple.forward(apple, apple_num), mul_orange.forward(orange, orange_num))
    price = mul_tax.forward(all_price, tax)
    dall, dtax = mul_tax.backward(1.0)
    dap, dop = add.backward(dall)
    da, dan = mul_apple.backward(dap)
    do, don = mul_orange.backward(dop)
    return price, {"apple": da, "apple_num": dan, "orange": do, "orange_num": don, "tax": dtax}


def shopping_wrong_order(apple, apple_num, orange, orange_num, tax):
    """The item layers run backward first, so they get dprice = 1 instead of 1.1."""
    mul_apple, mul_orange, add, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    all_price = add.forward(mul_apple.forward(apple, apple_num), mul_orange.forward(orange, orange_num))
    price = mul_tax.forward(all_price, tax)
    da, dan = mul_apple.backward(1.0)
    do, don = mul_orange.backward(1.0)
    _, dtax = mul_tax.backward(1.0)
    return price, {"apple": da, "apple_num": dan, "orange": do, "orange_num": don, "tax": dtax}


def test_shopping_math_matches_the_book():
    price, grads = checks._shopping_math(100, 2, 150, 3, 1.1)
    assert price == pytest.approx(715)
    assert grads == pytest.approx({"apple": 2.2, "apple_num": 110, "orange": 3.3,
                                   "orange_num": 165, "tax": 650})


def test_shopping_solution_is_right(capsys):
    assert_right(capsys, checks.check_04_shopping, shopping_right)


def test_shopping_rejects_backward_in_the_wrong_order(capsys):
    assert_not_yet(capsys, checks.check_04_shopping, shopping_wrong_order, "reverse order")


def test_shopping_rejects_hard_coded_book_numbers(capsys):
    def hard_coded(*args):
        return 715.0, {"apple": 2.2, "apple_num": 110, "orange": 3.3, "orange_num": 165, "tax": 650}
    assert_not_yet(capsys, checks.check_04_shopping, hard_coded, "price should be")


def test_shopping_rejects_swapped_multiply_gradients(capsys):
    def swapped(*args):
        price, g = shopping_right(*args)
        g["apple"], g["apple_num"] = g["apple_num"], g["apple"]
        return price, g
    assert_not_yet(capsys, checks.check_04_shopping, swapped, "swapped")


def test_shopping_stub_and_missing_keys(capsys):
    assert_not_yet(capsys, checks.check_04_shopping, lambda *a: (None, {}), "None")
    assert_not_yet(capsys, checks.check_04_shopping,
                   lambda *a: (shopping_right(*a)[0], {"apple": 1.0}), "needs the keys")


def shared_right(apple, apple_num, orange, orange_num, tax, people):
    price, g = shopping_right(apple, apple_num, orange, orange_num, tax)
    return price / people, {"apple": g["apple"] / people, "tax": g["tax"] / people,
                            "people": -price / people ** 2}


def test_shared_bill_solution_is_right(capsys):
    assert_right(capsys, checks.check_04_shared_bill, shared_right)


def test_shared_bill_known_numbers():
    # 715 / 3, 2.2 / 3, 650 / 3, -715 / 9: worked by hand
    share, g = shared_right(100, 2, 150, 3, 1.1, 3)
    assert share == pytest.approx(715 / 3)
    assert g == pytest.approx({"apple": 2.2 / 3, "tax": 650 / 3, "people": -715 / 9})


def test_shared_bill_rejects_wrong_sign_and_missing_division(capsys):
    def wrong_sign(*args):
        share, g = shared_right(*args)
        return share, dict(g, people=-g["people"])

    def not_divided(*args):
        share, g = shared_right(*args)
        _, shop = shopping_right(*args[:5])
        return share, dict(g, apple=shop["apple"], tax=shop["tax"])
    assert_not_yet(capsys, checks.check_04_shared_bill, wrong_sign, "negative")
    assert_not_yet(capsys, checks.check_04_shared_bill, not_divided, "start the backward pass at the DivLayer")


# ---------------------------------------------------------------- chapter 05

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
    assert_right(capsys, checks.check_05_fixed_relu, ReluRight)
    assert_right(capsys, checks.check_05_fixed_relu, layers.Relu)


@pytest.mark.parametrize("answer, hint", [
    (ReluReturnsMask, "returns the mask"),
    (ReluInPlace, "changed the dout"),
    (ReluForwardInPlace, "forward wrote into the x"),
    (ReluNoUpstream, "dx should be"),
    (Stub, "forward returns None"),
])
def test_fixed_relu_rejects_typical_mistakes(capsys, answer, hint):
    assert_not_yet(capsys, checks.check_05_fixed_relu, answer, hint)


def test_the_notebooks_suspect_relu_is_rejected(capsys):
    class SuspectRelu:      # as in notebooks/src/05_relu.py: both bugs
        def forward(self, x):
            self.blocked = x <= 0
            return (x > 0) * 1

        def backward(self, dout):
            dout *= ~self.blocked
            return dout
    assert_not_yet(capsys, checks.check_05_fixed_relu, SuspectRelu, "returns the mask")

    class MaskBugFixed(SuspectRelu):   # only the first bug fixed: the second must still be caught
        def forward(self, x):
            super().forward(x)
            return np.maximum(x, 0.0)
    assert_not_yet(capsys, checks.check_05_fixed_relu, MaskBugFixed, "changed the dout")


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
    assert_right(capsys, checks.check_05_leaky_relu, LeakyRight)


@pytest.mark.parametrize("answer, hint", [
    (leaky_variant(backward=lambda self, d: np.where(self.passing, d, 0.0)), "not 0"),
    (leaky_variant(backward=lambda self, d: np.where(self.passing, d, self.slope)), "multiply the slope by"),
    (leaky_variant(forward=lambda self, x: (setattr(self, "passing", x > 0), np.maximum(x, 0))[1]),
     "plain ReLU"),
    (leaky_variant(backward=lambda self, d: np.where(self.passing, d, 0.01 * d)), "slope = 0.1"),
])
def test_leaky_relu_rejects_typical_mistakes(capsys, answer, hint):
    assert_not_yet(capsys, checks.check_05_leaky_relu, answer, hint)


def test_leaky_relu_rejects_in_place_backward(capsys):
    def backward(self, dout):
        dout[~self.passing] *= self.slope
        return dout
    assert_not_yet(capsys, checks.check_05_leaky_relu, leaky_variant(backward=backward), "changed the dout")


class Relu6Right:
    def forward(self, x):
        self.passing = (x > 0) & (x < 6)
        return np.clip(x, 0.0, 6.0)

    def backward(self, dout):
        return np.where(self.passing, dout, 0.0)


def test_relu6_solution_is_right(capsys):
    assert_right(capsys, checks.check_05_relu6, Relu6Right)


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
    assert_not_yet(capsys, checks.check_05_relu6, NoUpperWall, "above 6")
    assert_not_yet(capsys, checks.check_05_relu6, NoClip, "does not clip")
    assert_not_yet(capsys, checks.check_05_relu6, InclusiveWalls, "exactly 0 and 6")
    assert_not_yet(capsys, checks.check_05_relu6, Stub, "forward returns None")


def test_points_for_gradient_checks_avoid_the_kinks():
    x = checks._away_from_kinks([0.0, 6.0])
    assert np.min(np.abs(x - 0.0)) >= 0.1 and np.min(np.abs(x - 6.0)) >= 0.1


# ---------------------------------------------------------------- chapter 06

class SigmoidRight:
    def forward(self, x):
        self.out = 1 / (1 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return dout * self.out * (1 - self.out)


def sigmoid_variant(backward):
    return type("SigmoidVariant", (SigmoidRight,), {"backward": backward})


def test_sigmoid_backward_solution_and_layers_sigmoid_are_right(capsys):
    assert_right(capsys, checks.check_06_sigmoid_backward, SigmoidRight)
    assert_right(capsys, checks.check_06_sigmoid_backward, layers.Sigmoid)


@pytest.mark.parametrize("backward, hint", [
    (lambda self, d: d * self.out, "(1 - y) is missing"),
    (lambda self, d: d * (1 - self.out), "factor y is missing"),
    (lambda self, d: self.out * (1 - self.out), "multiply it by the upstream gradient"),
    (lambda self, d: -d * self.out * (1 - self.out), "sign"),
    (lambda self, d: d * self.out ** 2, "y**2 alone"),
    (lambda self, d: None, "returns None"),
])
def test_sigmoid_backward_rejects_typical_mistakes(capsys, backward, hint):
    assert_not_yet(capsys, checks.check_06_sigmoid_backward, sigmoid_variant(backward), hint)


def test_sigmoid_backward_rejects_in_place(capsys):
    def backward(self, dout):
        dout *= self.out * (1 - self.out)
        return dout
    assert_not_yet(capsys, checks.check_06_sigmoid_backward, sigmoid_variant(backward), "changed the dout")


class TanhRight:
    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1 - self.out ** 2)


def test_tanh_solution_is_right(capsys):
    assert_right(capsys, checks.check_06_tanh, TanhRight)


@pytest.mark.parametrize("backward, hint", [
    (lambda self, d: d * self.out * (1 - self.out), "sigmoid's derivative"),
    (lambda self, d: d * (1 - self.out), "square the output"),
    (lambda self, d: 1 - self.out ** 2, "multiply it by dout"),
])
def test_tanh_rejects_typical_mistakes(capsys, backward, hint):
    answer = type("TanhVariant", (TanhRight,), {"backward": backward})
    assert_not_yet(capsys, checks.check_06_tanh, answer, hint)
    assert_not_yet(capsys, checks.check_06_tanh, Stub, "forward returns None")


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
    assert_right(capsys, checks.check_06_sigmoid_steps, steps_right)


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
    assert_not_yet(capsys, checks.check_06_sigmoid_steps, skipped_exp, "reverse order")
    assert_not_yet(capsys, checks.check_06_sigmoid_steps, lost_sign, "sign")
    assert_not_yet(capsys, checks.check_06_sigmoid_steps, started_from_one, "not with 1")
    assert_not_yet(capsys, checks.check_06_sigmoid_steps, lambda x, d: (None, None), "not None")
