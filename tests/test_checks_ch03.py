"""The checks of chapter 03 (teaching/checks/ch03.py) accept right answers and reject typical wrong ones.

Expected values come from the shopping graph (d apple = 1.1 x 2 = 2.2, d tax = 650, ...),
from the multiply node (dx = dout * y, dy = dout * x) and from d(x*x)/dx = 2x.
"""

import pytest

from layers import AddLayer, MulLayer
from teaching.checks import ch03
from verdicts import assert_not_yet, assert_right


GRADS_RIGHT = {"price": 1, "all_price": 1.1, "tax": 650, "apple_price": 1.1,
               "orange_price": 1.1, "apple": 2.2, "apple_num": 110,
               "orange": 3.3, "orange_num": 165}


def test_shopping_gradients_accepts_the_math_and_the_layers(capsys):
    assert_right(capsys, ch03.shopping_gradients, GRADS_RIGHT)
    # the same numbers from a real backward pass through the layers
    mul_apple, mul_orange, add, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    all_price = add.forward(mul_apple.forward(100, 2), mul_orange.forward(150, 3))
    mul_tax.forward(all_price, 1.1)
    d_all, d_tax = mul_tax.backward(1.0)
    d_apple_price, d_orange_price = add.backward(d_all)
    d_apple, d_apple_num = mul_apple.backward(d_apple_price)
    d_orange, d_orange_num = mul_orange.backward(d_orange_price)
    from_layers = {"price": 1.0, "all_price": d_all, "tax": d_tax,
                   "apple_price": d_apple_price, "orange_price": d_orange_price,
                   "apple": d_apple, "apple_num": d_apple_num,
                   "orange": d_orange, "orange_num": d_orange_num}
    assert_right(capsys, ch03.shopping_gradients, from_layers)


@pytest.mark.parametrize("wrong, hint_part", [
    # forgot the tax factor on the way back
    (dict(GRADS_RIGHT, apple=2, apple_num=100, orange=3, orange_num=150,
          apple_price=1, orange_price=1, all_price=1), "multiply by 1.1"),
    # multiply backward with the own input instead of the other one
    (dict(GRADS_RIGHT, apple=110, apple_num=2.2), "multiply swaps"),
    (dict(GRADS_RIGHT, tax=1.1, all_price=650), "d tax = dprice x all_price"),
    (dict(GRADS_RIGHT, tax=715), "other* input"),
    (dict(GRADS_RIGHT, orange_num=3.3), "'orange_num'"),
    (dict.fromkeys(GRADS_RIGHT), "replace every None"),
    ({"apple": 2.2}, "needs the keys"),
    (None, "give a dict"),
])
def test_shopping_gradients_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch03.shopping_gradients, wrong, hint_part)


class RightMul:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x


class OwnInputMul(RightMul):
    def backward(self, dout):
        return dout * self.x, dout * self.y   # the typical mistake: no swap


class NoUpstreamMul(RightMul):
    def backward(self, dout):
        return self.y, self.x                 # forgets dout


class StubMul(RightMul):
    def backward(self, dout):
        return None                           # the notebook's unsolved stub


class ListOnlyMul(RightMul):
    def forward(self, x, y):
        self.x, self.y = float(x), float(y)  # breaks on arrays
        return self.x * self.y


class SwapOnScalarsOnly(RightMul):
    """Right on the scalar probe, wrong on arrays: only the gradient check sees it."""
    def backward(self, dout):
        if hasattr(dout, "shape") and dout.shape:
            return dout * self.x, dout * self.y
        return dout * self.y, dout * self.x


class InPlaceMul(RightMul):
    """Right values everywhere, but dx is computed in the caller's dout."""
    def backward(self, dout):
        dy = dout * self.x
        dout *= self.y        # on arrays this overwrites the caller's dout
        return dout, dy


def test_mul_layer(capsys):
    assert_right(capsys, ch03.mul_layer, RightMul)
    assert_right(capsys, ch03.mul_layer, MulLayer)
    assert_not_yet(capsys, ch03.mul_layer, OwnInputMul, "multiply swaps")
    assert_not_yet(capsys, ch03.mul_layer, NoUpstreamMul, "upstream gradient dout")
    assert_not_yet(capsys, ch03.mul_layer, StubMul, "returns None")
    assert_not_yet(capsys, ch03.mul_layer, ListOnlyMul, "with arrays, forward raised TypeError")
    assert_not_yet(capsys, ch03.mul_layer, SwapOnScalarsOnly, "gradient check")
    assert_not_yet(capsys, ch03.mul_layer, AddLayer, "forward(3, -2)")
    # layers.gradient_check hands backward a copy of dout, so only the check's own
    # before-and-after comparison sees this one
    assert_not_yet(capsys, ch03.mul_layer, InPlaceMul, "backward wrote into the dout")


def fanout_right(x, dout):
    mul = MulLayer()
    mul.forward(x, x)
    dx_left, dx_right = mul.backward(dout)
    dx = 0.0
    dx += dx_left
    dx += dx_right
    return dx


def fanout_overwrites(x, dout):
    mul = MulLayer()
    mul.forward(x, x)
    dx_left, dx_right = mul.backward(dout)
    dx = dx_left
    dx = dx_right   # "=" instead of "+=": the first branch is lost
    return dx


def test_fanout(capsys):
    assert_right(capsys, ch03.fanout, fanout_right)
    assert_not_yet(capsys, ch03.fanout, fanout_overwrites, "+=")
    assert_not_yet(capsys, ch03.fanout, lambda x, dout: 2 * x, "upstream gradient dout")
    assert_not_yet(capsys, ch03.fanout, lambda x, dout: None, "returns None")
    assert_not_yet(capsys, ch03.fanout, lambda x, dout: x * x * dout, "2 * x * dout")
