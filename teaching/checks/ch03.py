"""Checks for the exercises of chapter 03, backward through add and multiply."""

import numpy as np

from layers import numerical_gradient

from .core import NotYet, answer, check, close, dict_answer, mistake, shown

_SHOPPING_GRADIENTS = {
    "price": 1.0, "all_price": 1.1, "tax": 650.0,
    "apple_price": 1.1, "orange_price": 1.1,
    "apple": 2.2, "apple_num": 110.0, "orange": 3.3, "orange_num": 165.0,
}


@check
def shopping_gradients(grads):
    """Exercise 3.1: d price / d (every edge) of the apples-and-oranges graph."""
    dict_answer(grads, _SHOPPING_GRADIENTS, "{'apple': ..., 'tax': ...}",
                "the gradient on that edge (dprice = 1)")
    wrong = [n for n, want in _SHOPPING_GRADIENTS.items() if not close(grads[n], want)]
    if not wrong:
        return "all nine gradients are right; d apple = 1.1 x 2 = 2.2."
    if close(grads["apple"], 2.0) or close(grads["orange"], 3.0) or close(grads["apple_num"], 100.0):
        raise NotYet("every path back from price crosses the tax node first: multiply by 1.1.")
    if close(grads["apple"], 110.0) and close(grads["apple_num"], 2.2):
        raise NotYet("multiply swaps: d apple is (upstream) x (apple_num), "
                     "d apple_num is (upstream) x (apple).")
    if close(grads["tax"], 1.1) or close(grads["all_price"], 650.0):
        raise NotYet("at the tax node, d tax = dprice x all_price and d all_price = dprice x tax.")
    if close(grads["tax"], 715.0):
        raise NotYet("d tax is the *other* input of the tax node, all_price = 650, not the output.")
    raise NotYet(f"look again at '{wrong[0]}': multiply the upstream gradient by the local derivative.")


# f = s * x with s = x + y: x reaches f along two paths (directly into the multiply node,
# and through s), so by the multivariable chain rule
#   df/ds = x,   df/dx = s + x = 2x + y,   df/dy = df/ds * 1 = x     (times the upstream dout)
def _two_uses_math(x, y, dout):
    return dout * (2 * x + y), dout * x


_BY_HAND_X, _BY_HAND_Y = 4.0, -1.0


@check
def two_uses_by_hand(grads):
    """Exercise 3.2: the gradients of s, x and y in f = (x + y) * x at x = 4, y = -1, df = 1."""
    x, y = _BY_HAND_X, _BY_HAND_Y
    s = x + y                                              # 3
    dx, dy = _two_uses_math(x, y, 1.0)                     # 7, 4
    want = {"s": x, "x": dx, "y": dy}
    dict_answer(grads, want, "{'s': ..., 'x': ..., 'y': ...}", "the gradient (upstream df = 1)")
    if not close(grads["s"], want["s"]):
        raise NotYet(mistake(grads["s"], [
            (s, "multiply swaps: ds = upstream x (the other input), and the other input is x = 4."),
        ], "s goes into the multiply node together with x: ds = df x (the other input)."))
    if not close(grads["x"], want["x"]):
        raise NotYet(mistake(grads["x"], [
            (s, "that is only the direct path (the multiply node sends df x s = 3 to x); x also "
                "reaches f through s: add the path through the add node, ds x 1."),
            (x, "that is only the path through s; the multiply node also sends df x s = 3 "
                "straight to x. Add both paths."),
            (s * x, "that is f itself; you want its gradient."),
        ], "x has two paths to f: directly into the multiply node, and through s. Add them."))
    if not close(grads["y"], want["y"]):
        raise NotYet(mistake(grads["y"], [
            (dx, "y is used once, only by the add node: dy = ds x 1. The second path belongs to x."),
        ], "the add node passes ds on to y unchanged."))
    return ("ds = 4, dy = 4, and dx = 3 + 4 = 7: the direct path plus the path through s, "
            "which is d/dx of x**2 + xy = 2x + y.")


_TWO_USES_POINTS = [(4.0, -1.0, 1.0), (2.0, 3.0, 0.5), (-1.5, 0.5, 2.0)]


@check
def two_uses(func):
    """Exercise 3.3: ``two_uses_grads(x, y, dout)`` -> (dx, dy) for f = (x + y) * x, built from
    layers; tried on numbers, then on arrays against central differences."""
    pair = "return the pair (dx, dy)."
    for x, y, dout in _TWO_USES_POINTS:
        got = answer(func, x, y, dout, if_none="two_uses_grads returns None: " + pair, pair=pair)
        want = _two_uses_math(x, y, dout)
        if close(got, want):
            continue
        s = x + y
        raise NotYet(mistake(got, [
            ((dout * s, dout * x), "dx misses the path through s: add the dx the add node "
                                   "returns to the one the multiply node returns (+=, not =)."),
            ((dout * x, dout * x), "dx misses the direct path: the multiply node's gradient for "
                                   "x (dout * s) must be added too (+=, not =)."),
            (_two_uses_math(x, y, 1.0), "start the backward pass with the upstream gradient dout, "
                                        "not 1."),
            ((dout * (2 * x + y), dout * s), "dy comes through the add node: it is ds * 1, and ds "
                                             "from the multiply node is dout * x."),
        ], f"at x={x:g}, y={y:g}, dout={dout:g}: (dx, dy) should be "
           f"({want[0]:g}, {want[1]:g}), got {shown(got)}."))
    # on arrays: each element is its own little graph; compare with central differences
    rng = np.random.default_rng(3)
    x, y, dout = rng.standard_normal((3, 2, 3))
    got = answer(func, x, y, dout, if_none="with arrays, two_uses_grads returns None.", pair=pair,
                 what="with arrays, two_uses_grads", keep={"x": x, "y": y, "dout": dout})
    for name, value, g in (("x", x, got[0]), ("y", y, got[1])):
        others = {"x": x, "y": y}

        def loss(v, name=name):
            args = dict(others, **{name: v})
            return np.sum((args["x"] + args["y"]) * args["x"] * dout)
        if not close(g, numerical_gradient(loss, value), tol=1e-6):
            raise NotYet(f"on arrays, d{name} does not match the central differences: use the "
                         "layers (they work element by element) and no Python float().")
    return ("dx = dout * (s + x) = dout * (2x + y): both paths add up; dy = dout * x. "
            "It also matches central differences on arrays.")
