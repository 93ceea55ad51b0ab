"""Checks for the exercises of chapter 06, sigmoid."""

import numpy as np

from .core import NotYet, call, check, close, layer_answers, stable_sigmoid

_X = [[-2.0, 0.0], [0.5, 3.0]]
_DOUT = [[1.0, -2.0], [0.5, 3.0]]


@check
def sigmoid_backward(layer_class):
    """Exercise 6.1: the sigmoid's backward, dout * y * (1 - y), from the stored output only."""
    x, dout = np.array(_X), np.array(_DOUT)
    y = stable_sigmoid(x)
    wrong_back = [
        (dout * y, "the factor (1 - y) is missing: the local derivative is y * (1 - y)."),
        (dout * (1 - y), "the factor y is missing: the local derivative is y * (1 - y)."),
        (y * (1 - y), "that is the local derivative alone: multiply it by the upstream gradient dout."),
        (-dout * y * (1 - y), "the sign is off: the two minus signs (from '/' and from x(-1)) cancel."),
        (dout * y * y, "y**2 alone is step 1 only: with exp(-x) it becomes y * (1 - y)."),
    ]
    layer_answers(layer_class, (x,), dout, y, dout * y * (1 - y), wrong_back=wrong_back,
                  check_at=(np.random.default_rng(0).normal(0, 2, (3, 4)),))
    return "dx = dout * y * (1 - y): the backward pass needs only the output y."


@check
def tanh(layer_class):
    """Exercise 6.2: ``Tanh`` with backward dout * (1 - y**2)."""
    x, dout = np.array(_X), np.array(_DOUT)
    y = np.tanh(x)
    wrong_back = [
        (dout * y * (1 - y), "that is the sigmoid's derivative; for tanh it is 1 - y**2."),
        (dout * (1 - y), "square the output: the local derivative is 1 - y**2."),
        (1 - y ** 2, "that is the local derivative alone: multiply it by dout."),
    ]
    layer_answers(layer_class, (x,), dout, y, dout * (1 - y ** 2), wrong_back=wrong_back,
                  check_at=(np.random.default_rng(0).normal(0, 1.5, (3, 4)),))
    return "dx = dout * (1 - y**2): like the sigmoid, tanh needs only its output."


@check
def sigmoid_steps(func):
    """Exercise 6.3: ``sigmoid_by_steps(x, dout)`` -> (y, dx) through the four-node graph."""
    cases = [(-3.0, 1.0), (0.0, 1.0), (0.5, -2.5), (2.0, 0.75),
             (np.array([-1.0, 0.0, 2.0]), np.array([1.0, 2.0, -1.0]))]
    for x, dout in cases:
        result = call(func, x, dout)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise NotYet("return a pair: (y, dx).")
        y_got, dx = result
        y = stable_sigmoid(x)
        want = dout * y * (1 - y)
        given = f"x = {np.asarray(x).tolist()}, dout = {np.asarray(dout).tolist()}"
        if y_got is None or dx is None:
            raise NotYet("return (y, dx), not None: the forward output and the gradient of x.")
        if not close(y_got, y):
            raise NotYet(f"for {given} the forward output y should be "
                         f"{np.round(y, 4).tolist()}: x -> *(-1) -> exp -> +1 -> 1/t.")
        if close(dx, want):
            continue
        if close(dx, -want):
            raise NotYet("the sign is off: the '/' node gives -y**2 and the x(-1) node gives -1; "
                         "both minus signs are needed.")
        if np.all(np.asarray(dout) != 0) and close(dx, want / dout):
            raise NotYet("start the backward pass with the dout you were given, not with 1.")
        raise NotYet(f"for {given}, dx should be {np.round(want, 4).tolist()}. Call backward in the "
                     "reverse order of forward ('/', +1, exp, x(-1)), each time passing on the "
                     "gradient the previous call returned.")
    return "four layers backward give exactly dout * y * (1 - y)."
