"""Checks for the exercises of chapter 04, simple layers."""

import numpy as np

from layers import gradient_check

from .core import (GRADIENT_TOLERANCE, NEW_ARRAY, NotYet, answer, call, check, close,
                   floats, layer_answers, method, mistake, shown)


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


# Exercise 4.2 by hand: x is (3, 2), gamma is (2,); out = x * gamma, dx = dout * gamma and
# dgamma[h] = sum over n of dout[n, h] * x[n, h] (gamma[h] is used once per row).
_SCALE_X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
_SCALE_GAMMA = np.array([2.0, -1.0])
_SCALE_DOUT = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
_SCALE_OUT = np.array([[2.0, -2.0], [6.0, -4.0], [10.0, -6.0]])
_SCALE_DX = np.array([[2.0, 0.0], [0.0, -1.0], [2.0, -1.0]])
_SCALE_DGAMMA = np.array([1.0 + 0.0 + 5.0, 0.0 + 4.0 + 6.0])          # (6, 10)


@check
def scale_layer(layer_class):
    """Exercise 4.2: ``ScaleLayer`` with forward(x, gamma) = x * gamma, x (N, H), gamma (H,);
    backward -> (dx, dgamma) with dgamma summed over the batch axis to gamma's shape."""
    x, gamma, dout = _SCALE_X.copy(), _SCALE_GAMMA.copy(), _SCALE_DOUT.copy()
    layer = call(layer_class, what="creating the layer")
    out = answer(method(layer, "forward"), x, gamma, what="forward", keep={"x": x, "gamma": gamma},
                 fix="compute the output in a new array.",
                 if_none="forward returns None: return x * gamma (and keep what backward needs).")
    if not close(out, _SCALE_OUT):
        raise NotYet(f"forward(x, gamma) should be x * gamma = {shown(_SCALE_OUT)}, got {shown(out)}.")
    pair = "backward returns two gradients: (dx, dgamma)."
    dx, dgamma = answer(method(layer, "backward"), dout, what="backward", keep={"dout": dout},
                        fix=NEW_ARRAY,
                        if_none="backward returns None: return the pair (dx, dgamma).", pair=pair)
    if not close(dx, _SCALE_DX):
        raise NotYet(mistake(dx, [
            (_SCALE_DOUT, "dx = dout * gamma: each x[n, h] was multiplied by gamma[h]."),
            (_SCALE_DOUT * _SCALE_X, "multiply swaps: dx is dout times the other input, gamma."),
        ], f"with the batch of the check, dx should be dout * gamma = {shown(_SCALE_DX)}, "
           f"got {shown(dx)}."))
    got = floats(dgamma)
    if got is not None and got.shape != _SCALE_GAMMA.shape:
        raise NotYet(mistake(dgamma, [
            (_SCALE_DOUT * _SCALE_X, "dgamma has the shape of x, (3, 2), but gamma has shape (2,): "
                                     "gamma[h] is used once in every row, so add up what the rows "
                                     "send back: sum over axis 0."),
            ((_SCALE_DOUT * _SCALE_X).sum(axis=1), "wrong axis: gamma is repeated down the rows, "
                                                   "so sum over axis 0 (the batch), not axis 1."),
            ((_SCALE_DOUT * _SCALE_X).sum(), "sum over axis 0 only: gamma has one number per "
                                             "column, so dgamma does too."),
        ], f"dgamma must have the shape of gamma, (2,); got shape {got.shape}."))
    if not close(dgamma, _SCALE_DGAMMA):
        raise NotYet(mistake(dgamma, [
            (_SCALE_DOUT.sum(axis=0), "that is the bias gradient of an add node; here each use of "
                                      "gamma[h] sends back dout[n, h] * x[n, h] (multiply swaps)."),
            ((_SCALE_DOUT * _SCALE_X).mean(axis=0), "a sum, not a mean: every row's use of "
                                                    "gamma adds its own share to the gradient."),
            ((_SCALE_DOUT * _SCALE_X)[0], "that is only the first row's use of gamma; add all rows."),
        ], f"dgamma should be (dout * x) summed over axis 0 = {shown(_SCALE_DGAMMA)}, "
           f"got {shown(dgamma)}."))
    rng = np.random.default_rng(4)
    for n, h in [(4, 3), (1, 5)]:
        x, gamma = rng.standard_normal((n, h)), rng.standard_normal(h)
        error = call(lambda: gradient_check(layer_class(), x, gamma),
                     what="during the gradient check your code")
        if not error < GRADIENT_TOLERANCE:
            raise NotYet(f"with x of shape {(n, h)} and gamma of shape {(h,)}, the gradient check "
                         f"fails (relative error {error:.1e}): backward does not match the "
                         "numerical gradient there.")
    return ("dx = dout * gamma and dgamma = (dout * x).sum(axis=0): gamma[h] is used once per "
            "row, so its gradient adds up the whole batch. The gradient check agrees.")


# (price, people): slope = -price / people**2 and change = price/(people + 1) - price/people,
# both worked by hand; at 715 and 3: -715/9 = -79.44 and 715/4 - 715/3 = -59.58
_FRIEND_CASES = [(715.0, 3), (600.0, 2), (100.0, 10)]


@check
def one_more_friend(func):
    """Exercise 4.3: ``one_more_friend(price, people)`` -> (slope, change) of share = price / people."""
    for price, people in _FRIEND_CASES:
        pair = "return the pair (slope, change)."
        got = answer(func, price, people, if_none="one_more_friend returns None: " + pair, pair=pair)
        slope, change = -price / people ** 2, price / (people + 1) - price / people
        if not close(got[0], slope):
            raise NotYet(mistake(got[0], [
                (-slope, "more people make the share smaller: the slope must be negative "
                         "(d(x/y)/dy = -x / y**2)."),
                (-price / people, "d(x/y)/dy = -x / y**2: people is squared."),
                (1 / people, "that is d share / d price, the first gradient DivLayer returns; "
                             "you want the second, for people."),
                (change, "that is the change for one more friend; slope is the derivative from "
                         "DivLayer.backward."),
            ], f"at price {price:g} and {people} people the slope is -price / people**2 = "
               f"{slope:.6g}, got {shown(got[0])}."))
        if not close(got[1], change):
            raise NotYet(mistake(got[1], [
                (slope, "that is the slope again: the tangent's estimate. Compute the two shares, "
                        "price / (people + 1) and price / people, and subtract."),
                (-change, "new share minus old share: a smaller share gives a negative change."),
                (price / (people - 1) - price / people, "one more friend means people + 1."),
            ], f"at price {price:g} and {people} people the change is price / {people + 1} - "
               f"price / {people} = {change:.6g}, got {shown(got[1])}."))
    price, people = _FRIEND_CASES[0]
    return (f"the slope says {-price / people ** 2:.1f} per person at 3 people, but a 4th "
            f"friend lowers each share by only {price / people - price / (people + 1):.1f}. "
            "The share price / people bends upward, so the tangent at 3 falls faster than the "
            "curve: the derivative is a local, linear estimate, good for small steps only.")
