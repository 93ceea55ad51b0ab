"""Checks for the exercises of chapter 04, simple layers."""

import numpy as np

from .core import NotYet, answer, check, close, layer_answers


@check
def div_layer(layer_class):
    """Exercise 4.1: ``DivLayer`` with forward(x, y) = x / y and backward -> (dx, dy).

    By hand at x = 6, y = 3, dout = 1.5: dx = dout / y = 0.5, dy = -dout * x / y**2 = -1;
    then a gradient check on arrays, with y kept away from 0.
    """
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3))
    y = rng.choice([-1.0, 1.0], size=(2, 3)) * rng.uniform(0.5, 2.0, size=(2, 3))
    layer_answers(
        layer_class, (6.0, 3.0), 1.5, 2.0, (0.5, -1.0),
        wrong_out=[(0.5, "forward computes y / x; the layer is x / y.")],
        wrong_back=[
            ((0.5, 1.0), "dy has the wrong sign: a larger y makes x / y smaller, "
                         "so d(x/y)/dy = -x / y**2."),
            ((0.5, -3.0), "d(x/y)/dy = -x / y**2: y is squared."),
            ((1 / 3, -2 / 3), "those are the local derivatives: multiply both by the "
                              "upstream gradient dout."),
            ((4.5, -1.0), "d(x/y)/dx is 1 / y, not y: x / y is x times 1/y."),
        ],
        check_at=(x, y))
    return "dx = dout / y, dy = -dout * x / y**2, and the gradient check on arrays passes."


def _shopping_math(apple, apple_num, orange, orange_num, tax):
    """Price and its gradients, worked by hand: price = (apple*apple_num + orange*orange_num) * tax."""
    all_price = apple * apple_num + orange * orange_num
    grads = {"apple": apple_num * tax, "apple_num": apple * tax,
             "orange": orange_num * tax, "orange_num": orange * tax, "tax": all_price}
    return all_price * tax, grads


_SHOPPING_CASES = [(100, 2, 150, 3, 1.1), (120, 4, 80, 5, 1.08), (90, 1, 200, 2, 1.0)]


def _value_and_grads(func, args, keys):
    """``func(*args)``, which must return (value, a dict of gradients with ``keys``)."""
    pair = "return a pair: (value, grads)."
    value, grads = answer(func, *args, if_none=pair, pair=pair)
    if value is None:
        raise NotYet("the first item you return is None: return the forward result.")
    if not isinstance(grads, dict):
        raise NotYet("the second item must be a dict of gradients.")
    missing = [k for k in keys if k not in grads]
    if missing:
        raise NotYet(f"the grads dict needs the keys {', '.join(missing)}.")
    return value, grads


@check
def shopping(func):
    """Exercise 4.2: ``shopping(apple, apple_num, orange, orange_num, tax)`` -> (price, grads)."""
    for case in _SHOPPING_CASES:
        apple, apple_num, orange, orange_num, tax = case
        want_price, want = _shopping_math(*case)
        price, grads = _value_and_grads(func, case, want)
        if not close(price, want_price):
            raise NotYet(f"for {case} the price should be {want_price:g}, got {price!r}: "
                         "check the forward pass.")
        wrong = [k for k in want if not close(grads[k], want[k])]
        if not wrong:
            continue
        if close(grads["apple"], apple_num) or close(grads["orange"], orange_num):
            raise NotYet("the item gradients miss the tax factor: an item layer's backward needs "
                         "the gradient from the add layer, which needs the one from the tax layer. "
                         "Call backward in reverse order (tax, add, items), passing each result on.")
        if close(grads["apple"], apple * tax) and close(grads["apple_num"], apple_num * tax):
            raise NotYet("apple and apple_num are swapped: multiply swaps, "
                         "d apple = upstream x apple_num.")
        if close(grads["tax"], want_price):
            raise NotYet("d tax is the other input of the tax node (all_price), not the price.")
        k = wrong[0]
        raise NotYet(f"for {case}, grads['{k}'] should be {want[k]:g}, got {grads[k]!r}.")
    return f"price and all five gradients are right on {len(_SHOPPING_CASES)} shopping lists."


@check
def shared_bill(func):
    """Exercise 4.3: ``shared_bill(..., people)`` -> (share, grads) with share = price / people."""
    for case, people in [(_SHOPPING_CASES[0], 3), (_SHOPPING_CASES[1], 2)]:
        price, g = _shopping_math(*case)
        want_share = price / people
        want = {"apple": g["apple"] / people, "tax": g["tax"] / people,
                "people": -price / people ** 2}
        share, grads = _value_and_grads(func, (*case, people), want)
        if not close(share, want_share):
            raise NotYet(f"for {case} and {people} people the share is {price:g} / {people} = "
                         f"{want_share:g}, got {share!r}.")
        wrong = [k for k in want if not close(grads[k], want[k])]
        if not wrong:
            continue
        if close(grads["people"], -want["people"]):
            raise NotYet("d share / d people must be negative: more people, smaller share "
                         "(-price / people**2).")
        if close(grads["apple"], g["apple"]) or close(grads["tax"], g["tax"]):
            raise NotYet("start the backward pass at the DivLayer (d share = 1); its dx is the "
                         "upstream gradient for the tax layer, not 1.")
        k = wrong[0]
        raise NotYet(f"for {case} and {people} people, grads['{k}'] should be {want[k]:g}, "
                     f"got {grads[k]!r}.")
    return ("each friend's share and its gradients are right; d share/d people = "
            "-price / people**2 is negative, as it should be.")
