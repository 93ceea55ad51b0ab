"""The checks of chapter 03 (teaching/checks/ch03.py) accept right answers, reject wrong ones.

Expected values come from the shopping graph of exercise 3.1 (d apple = 1.05 x 0.9 x 3,
d tax = 644, ...),
from f = (x + y) * x, where x has two paths: df/dx = (x + y) + x = 2x + y,
df/dy = x, and from max(x, y): the larger input gets dout, the other 0.
"""

import numpy as np
import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right

from layers import AddLayer, MulLayer
from teaching.checks import ch03

# Exercise 3.1's own shop: 3 apples at 120 with a discount factor 0.9, 4 oranges at 80,
# tax 1.05 (apple_price 360, apple_paid 324, all_price 644).  By hand: d all_price = 1.05,
# d tax = 644, d apple_paid = d orange_price = 1.05, d apple_price = 1.05 x 0.9 = 0.945,
# d discount = 1.05 x 360 = 378, d apple = 0.945 x 3, d apple_num = 0.945 x 120,
# d orange = 1.05 x 4, d orange_num = 1.05 x 80.
GRADS_RIGHT = {"price": 1, "all_price": 1.05, "tax": 644, "apple_paid": 1.05,
               "orange_price": 1.05, "apple_price": 0.945, "discount": 378,
               "apple": 2.835, "apple_num": 113.4, "orange": 4.2, "orange_num": 84}


def test_shopping_gradients_accepts_the_math_and_the_layers(capsys):
    assert_right(capsys, ch03.shopping_gradients, GRADS_RIGHT)
    # the same numbers from a real backward pass through the layers
    mul_apple, mul_discount, mul_orange = MulLayer(), MulLayer(), MulLayer()
    add, mul_tax = AddLayer(), MulLayer()
    apple_paid = mul_discount.forward(mul_apple.forward(120, 3), 0.9)
    all_price = add.forward(apple_paid, mul_orange.forward(80, 4))
    mul_tax.forward(all_price, 1.05)
    d_all, d_tax = mul_tax.backward(1.0)
    d_apple_paid, d_orange_price = add.backward(d_all)
    d_apple_price, d_discount = mul_discount.backward(d_apple_paid)
    d_apple, d_apple_num = mul_apple.backward(d_apple_price)
    d_orange, d_orange_num = mul_orange.backward(d_orange_price)
    from_layers = {"price": 1.0, "all_price": d_all, "tax": d_tax, "apple_paid": d_apple_paid,
                   "orange_price": d_orange_price, "apple_price": d_apple_price,
                   "discount": d_discount, "apple": d_apple, "apple_num": d_apple_num,
                   "orange": d_orange, "orange_num": d_orange_num}
    assert_right(capsys, ch03.shopping_gradients, from_layers)


WORKED = dict(GRADS_RIGHT, all_price=1.1, tax=650, apple_paid=1.1, orange_price=1.1,
              apple=2.2, apple_num=110, orange=3.3, orange_num=165)


@pytest.mark.parametrize("wrong, hint_part", [
    # forgot the tax factor on the way back
    (dict(GRADS_RIGHT, apple=2.7, apple_num=108, orange=4, orange_num=80, apple_price=0.9,
          apple_paid=1, orange_price=1, all_price=1, discount=360), "not 1"),
    # skipped the discount node
    (dict(GRADS_RIGHT, apple=3.15, apple_num=126, apple_price=1.05), "discount node"),
    # multiply backward with the own input instead of the other one
    (dict(GRADS_RIGHT, apple=0.945 * 120, apple_num=0.945 * 3), "multiply swaps"),
    (dict(GRADS_RIGHT, tax=1.05, all_price=644), "d tax = dprice x all_price"),
    (dict(GRADS_RIGHT, tax=676.2), "other* input"),
    (dict(GRADS_RIGHT, discount=1.05 * 324), "before the discount"),
    (dict(GRADS_RIGHT, orange_num=4.2), "'orange_num'"),
    (WORKED, "numbers of the worked graph"),     # pasted from the chapter
    (dict(GRADS_RIGHT, price=None), "keep 'price': 1"),
    ({"apple": 2.835}, "needs the keys"),
])
def test_shopping_gradients_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch03.shopping_gradients, wrong, hint_part)


BY_HAND_RIGHT = {"u": 1, "v": 1, "x": 9, "y": 2}   # x = 2, y = 5: dx = y + 2x, dy = x


def test_three_uses_by_hand_accepts_the_math_and_the_layers(capsys):
    assert_right(capsys, ch03.three_uses_by_hand, BY_HAND_RIGHT)
    mul_u, mul_v, add = MulLayer(), MulLayer(), AddLayer()
    add.forward(mul_u.forward(2.0, 5.0), mul_v.forward(2.0, 2.0))
    du, dv = add.backward(1.0)
    dx_u, dy = mul_u.backward(du)
    dx_v1, dx_v2 = mul_v.backward(dv)
    assert_right(capsys, ch03.three_uses_by_hand,
                 {"u": du, "v": dv, "x": dx_u + dx_v1 + dx_v2, "y": dy})


@pytest.mark.parametrize("wrong, hint_part", [
    (dict(BY_HAND_RIGHT, x=5), "only the path through u"),    # forgot v
    (dict(BY_HAND_RIGHT, x=4), "only the two edges into v"),  # forgot u
    (dict(BY_HAND_RIGHT, x=7), "sends dv-times"),             # one edge of v only
    (dict(BY_HAND_RIGHT, x=2), "one edge into v"),
    (dict(BY_HAND_RIGHT, x=14), "f itself"),
    (dict(BY_HAND_RIGHT, x=11), "three times"),
    (dict(BY_HAND_RIGHT, y=5), "multiply swaps"),
    (dict(BY_HAND_RIGHT, y=9), "y is used once"),
    (dict(BY_HAND_RIGHT, u=0), "add node"),
    (dict(BY_HAND_RIGHT, v=2), "add node"),
    ({"x": 9}, "needs the keys"),
])
def test_three_uses_by_hand_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch03.three_uses_by_hand, wrong, hint_part)


class MaxRight:
    """max(x, y) element by element; the gradient goes to the larger input."""

    def forward(self, x, y):
        self.x_wins = np.asarray(x) >= np.asarray(y)
        return np.maximum(x, y)

    def backward(self, dout):
        return np.where(self.x_wins, dout, 0.0), np.where(self.x_wins, 0.0, dout)


class MaxToSmaller(MaxRight):
    def backward(self, dout):
        return np.where(self.x_wins, 0.0, dout), np.where(self.x_wins, dout, 0.0)


class MaxLikeAdd(MaxRight):
    def backward(self, dout):
        return dout * np.ones_like(self.x_wins, dtype=float), dout * np.ones_like(self.x_wins,
                                                                                     dtype=float)


class MaxLocalOnly(MaxRight):
    def backward(self, dout):
        return np.where(self.x_wins, 1.0, 0.0), np.where(self.x_wins, 0.0, 1.0)


class MaxNumbersOnly:
    """Right on numbers; `if` on arrays raises."""

    def forward(self, x, y):
        self.x_wins = x > y
        return x if self.x_wins else y

    def backward(self, dout):
        return (dout, 0.0) if self.x_wins else (0.0, dout)


class MaxTemplate:
    def forward(self, x, y):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


def test_max_layer(capsys):
    assert_right(capsys, ch03.max_layer, MaxRight)
    assert_not_yet(capsys, ch03.max_layer, MaxToSmaller, "smaller input")
    assert_not_yet(capsys, ch03.max_layer, MaxLikeAdd, "add node")
    assert_not_yet(capsys, ch03.max_layer, MaxLocalOnly, "multiply by dout")
    assert_not_yet(capsys, ch03.max_layer, MaxNumbersOnly, "truth value")
    assert_not_attempted(capsys, ch03.max_layer, MaxTemplate)


@pytest.mark.parametrize("template", [dict.fromkeys(GRADS_RIGHT), None,
                                      dict(dict.fromkeys(GRADS_RIGHT), price=1)])
def test_shopping_gradients_untouched_template_is_not_attempted(capsys, template):
    assert_not_attempted(capsys, ch03.shopping_gradients, template)


def test_three_uses_by_hand_untouched_template_is_not_attempted(capsys):
    assert_not_attempted(capsys, ch03.three_uses_by_hand, dict.fromkeys(BY_HAND_RIGHT))
