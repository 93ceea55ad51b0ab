"""The checks of chapter 03 (teaching/checks/ch03.py) accept right answers and reject typical wrong ones.

Expected values come from the shopping graph (d apple = 1.1 x 2 = 2.2, d tax = 650, ...)
and from f = (x + y) * x, where x has two paths: df/dx = (x + y) + x = 2x + y, df/dy = x.
"""

import pytest

from layers import AddLayer, MulLayer
from teaching.checks import ch03
from verdicts import assert_not_attempted, assert_not_yet, assert_right


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
    ({"apple": 2.2}, "needs the keys"),
])
def test_shopping_gradients_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch03.shopping_gradients, wrong, hint_part)


BY_HAND_RIGHT = {"s": 4, "x": 7, "y": 4}   # x = 4, y = -1: ds = x, dx = s + x, dy = ds


def test_two_uses_by_hand_accepts_the_math_and_the_layers(capsys):
    assert_right(capsys, ch03.two_uses_by_hand, BY_HAND_RIGHT)
    add, mul = AddLayer(), MulLayer()
    mul.forward(add.forward(4.0, -1.0), 4.0)
    ds, dx_direct = mul.backward(1.0)
    dx_via_s, dy = add.backward(ds)
    assert_right(capsys, ch03.two_uses_by_hand, {"s": ds, "x": dx_direct + dx_via_s, "y": dy})


@pytest.mark.parametrize("wrong, hint_part", [
    (dict(BY_HAND_RIGHT, x=3), "only the direct path"),        # forgot the path through s
    (dict(BY_HAND_RIGHT, x=4), "only the path through s"),     # forgot the direct path
    (dict(BY_HAND_RIGHT, s=3, y=3), "multiply swaps"),         # own input instead of the other
    (dict(BY_HAND_RIGHT, y=7), "y is used once"),
    (dict(BY_HAND_RIGHT, x=12), "f itself"),
    (dict(BY_HAND_RIGHT, x=8), "two paths"),
    ({"x": 7}, "needs the keys"),
])
def test_two_uses_by_hand_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch03.two_uses_by_hand, wrong, hint_part)


def two_uses_right(x, y, dout):
    add, mul = AddLayer(), MulLayer()
    s = add.forward(x, y)
    mul.forward(s, x)
    ds, dx = mul.backward(dout)
    dx_via_s, dy = add.backward(ds)
    dx += dx_via_s           # x is used twice: both paths add
    return dx, dy


def two_uses_overwrites(x, y, dout):
    add, mul = AddLayer(), MulLayer()
    mul.forward(add.forward(x, y), x)
    ds, dx = mul.backward(dout)
    dx, dy = add.backward(ds)    # "=" where "+=" belongs: the direct path is lost
    return dx, dy


def two_uses_direct_only(x, y, dout):
    add, mul = AddLayer(), MulLayer()
    mul.forward(add.forward(x, y), x)
    ds, dx = mul.backward(dout)
    _, dy = add.backward(ds)
    return dx, dy


def two_uses_scalars_only(x, y, dout):
    """Right on numbers, but float() breaks it on arrays."""
    return float(dout) * (2 * float(x) + float(y)), float(dout) * float(x)


def two_uses_in_place(x, y, dout):
    """Right values, but it scales the caller's dout in place on arrays."""
    dx, dy = two_uses_right(x, y, dout)
    if hasattr(dout, "shape"):
        dout *= 0
    return dx, dy


def test_two_uses(capsys):
    assert_right(capsys, ch03.two_uses, two_uses_right)
    assert_not_yet(capsys, ch03.two_uses, two_uses_overwrites, "misses the direct path")
    assert_not_yet(capsys, ch03.two_uses, two_uses_direct_only, "misses the path through s")
    assert_not_yet(capsys, ch03.two_uses,
                   lambda x, y, dout: two_uses_right(x, y, 1.0), "not 1")
    assert_not_yet(capsys, ch03.two_uses,
                   lambda x, y, dout: (dout * (2 * x + y), dout * (x + y)), "dy comes through")
    assert_not_yet(capsys, ch03.two_uses, lambda x, y, dout: None, "returns None")
    assert_not_yet(capsys, ch03.two_uses, lambda x, y, dout: dout * (2 * x + y), "the pair")
    assert_not_yet(capsys, ch03.two_uses, two_uses_scalars_only, "with arrays, two_uses_grads raised")
    assert_not_yet(capsys, ch03.two_uses, two_uses_in_place, "wrote into the dout")
    # the book's numbers at the first point, hard-coded: right there, wrong at the next point
    assert_not_yet(capsys, ch03.two_uses, lambda x, y, dout: (7.0, 4.0), "should be (3.5, 1)")


def test_two_uses_arrays_are_checked_against_central_differences(capsys):
    def wrong_on_arrays(x, y, dout):
        dx, dy = two_uses_right(x, y, dout)
        return (dx, dy) if not hasattr(dx, "shape") else (dx, dy + 0.01)
    assert_not_yet(capsys, ch03.two_uses, wrong_on_arrays, "dy does not match the central differences")


@pytest.mark.parametrize("template", [dict.fromkeys(GRADS_RIGHT), None])
def test_shopping_gradients_untouched_template_is_not_attempted(capsys, template):
    assert_not_attempted(capsys, ch03.shopping_gradients, template)


def test_two_uses_by_hand_untouched_template_is_not_attempted(capsys):
    assert_not_attempted(capsys, ch03.two_uses_by_hand, dict.fromkeys(BY_HAND_RIGHT))
