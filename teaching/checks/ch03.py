"""Checks for the exercises of chapter 03, backward through add and multiply."""

import numpy as np

from .core import NotYet, answer, check, close, dict_answer, layer_answers, mistake

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


@check
def mul_layer(layer_class):
    """Exercise 3.2: a multiply layer whose backward(dout) returns (dx, dy).

    First by hand at x = 3, y = -2, dout = 1.5 (dx = dout * y = -3, dy = dout * x = 4.5),
    then a gradient check on arrays, which also makes sure dout is left alone.
    """
    rng = np.random.default_rng(0)
    layer_answers(layer_class, (3.0, -2.0), 1.5, -6.0, (-3.0, 4.5),
                  wrong_back=[((4.5, -3.0), "multiply swaps: dx = dout * y (the other input), "
                                            "dy = dout * x."),
                              ((-2.0, 3.0), "multiply the local derivatives by the upstream "
                                            "gradient dout.")],
                  check_at=tuple(rng.standard_normal((2, 2, 3))))
    return "dx = dout * y, dy = dout * x, and the gradient check on arrays passes."


@check
def fanout(func):
    """Exercise 3.3: ``fanout_grad(x, dout)``: d(x * x)/dx times dout, via one MulLayer."""
    for x, dout in [(3.0, 1.0), (-2.0, 0.5), (1.5, 2.0)]:
        got = answer(func, x, dout, if_none="fanout_grad returns None: return the total gradient of x.")
        want = 2 * x * dout   # d(x**2)/dx = 2x
        if close(got, want):
            continue
        raise NotYet(mistake(got, [
            (x * dout, "x feeds both inputs of the node: add the two gradients (+=), don't overwrite (=)."),
            (2 * x, "multiply by the upstream gradient dout."),
        ], f"at x={x}, dout={dout} the total should be 2 * x * dout = {want:g}."))
    return "both branches add up: d(x*x)/dx = x + x = 2x."
