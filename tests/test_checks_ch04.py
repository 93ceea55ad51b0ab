"""The checks of chapter 04 (teaching/checks/ch04.py) accept right answers and reject typical wrong ones.

Expected numbers come from the math: the shopping graph (715, d apple = 1.1 x 2 = 2.2,
d tax = 650, ...) and d(x/y)/dx = 1/y, d(x/y)/dy = -x/y**2.  The wrong answers are the
ones learners write: a lost sign, a missing square, backward calls in the wrong order.
"""

import numpy as np
import pytest

from layers import AddLayer, MulLayer
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
    price, grads = ch04._shopping_math(100, 2, 150, 3, 1.1)
    assert price == pytest.approx(715)
    assert grads == pytest.approx({"apple": 2.2, "apple_num": 110, "orange": 3.3,
                                   "orange_num": 165, "tax": 650})


def test_shopping_solution_is_right(capsys):
    assert_right(capsys, ch04.shopping, shopping_right)


def test_shopping_rejects_backward_in_the_wrong_order(capsys):
    assert_not_yet(capsys, ch04.shopping, shopping_wrong_order, "reverse order")


def test_shopping_rejects_hard_coded_book_numbers(capsys):
    def hard_coded(*args):
        return 715.0, {"apple": 2.2, "apple_num": 110, "orange": 3.3, "orange_num": 165, "tax": 650}
    assert_not_yet(capsys, ch04.shopping, hard_coded, "price should be")


def test_shopping_rejects_swapped_multiply_gradients(capsys):
    def swapped(*args):
        price, g = shopping_right(*args)
        g["apple"], g["apple_num"] = g["apple_num"], g["apple"]
        return price, g
    assert_not_yet(capsys, ch04.shopping, swapped, "swapped")


def test_shopping_stub_and_missing_keys(capsys):
    assert_not_yet(capsys, ch04.shopping, lambda *a: (None, {}), "None")
    assert_not_yet(capsys, ch04.shopping,
                   lambda *a: (shopping_right(*a)[0], {"apple": 1.0}), "needs the keys")


def shared_right(apple, apple_num, orange, orange_num, tax, people):
    price, g = shopping_right(apple, apple_num, orange, orange_num, tax)
    return price / people, {"apple": g["apple"] / people, "tax": g["tax"] / people,
                            "people": -price / people ** 2}


def test_shared_bill_solution_is_right(capsys):
    assert_right(capsys, ch04.shared_bill, shared_right)


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
    assert_not_yet(capsys, ch04.shared_bill, wrong_sign, "negative")
    assert_not_yet(capsys, ch04.shared_bill, not_divided, "start the backward pass at the DivLayer")
