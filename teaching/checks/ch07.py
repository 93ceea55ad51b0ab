"""Checks for the exercises of chapter 07, the Affine and Softmax-with-Loss layers.

The exercises take the backward pass through softmax and the loss one layer at a time.
Every expected value is the math, computed here with plain numpy:
softmax's Jacobian J_ij = y_i (delta_ij - y_j); cross-entropy sends -t / y back, and
J^T (-t / y) = y - t; the squared error sends y - t back, and J^T (y - t) = y * (v - v.y)
with v = y - t.
"""

import numpy as np

from .core import NotYet, answer, check, close, floats, mistake, shown

# score vectors with 2 to 4 classes, none with ties, one with a large spread
_SCORES = [np.array([2.0, 1.0, -1.0]), np.array([0.3, -1.2]), np.array([1.5, -0.5, 0.0, 4.0]),
           np.array([-3.0, 2.0, 2.5])]


def _softmax(a):
    e = np.exp(a - a.max())
    return e / e.sum()


def _jacobian(a):
    y = _softmax(a)
    return np.diag(y) - np.outer(y, y)        # y_i delta_ij - y_i y_j


def _central_jacobian(a, h=1e-6):
    """Column j: the central difference of softmax along score j."""
    columns = []
    for j in range(len(a)):
        step = np.zeros_like(a)
        step[j] = h
        columns.append((_softmax(a + step) - _softmax(a - step)) / (2 * h))
    return np.stack(columns, axis=1)


def _one_hot(label, classes):
    t = np.zeros(classes)
    t[label] = 1.0
    return t


def _learner_array(func, args, shape, name):
    """``func(*args)`` as a float array of ``shape``, or NotYet naming what is off."""
    got = answer(func, *args, what=name,
                 if_none=f"{name} returns None: return the array.")
    arr = floats(got)
    if arr is None or arr.shape != shape:
        raise NotYet(f"{name} must return an array of shape {shape}; got {shown(got)}.")
    return arr


@check
def softmax_jacobian(func):
    """Exercise 7.1: ``softmax_jacobian(a)`` -> J with J[i, j] = dy_i / da_j."""
    for a in _SCORES:
        C = len(a)
        got = _learner_array(func, (a.copy(),), (C, C), "softmax_jacobian")
        want = _jacobian(a)
        assert np.allclose(want, _central_jacobian(a), atol=1e-8)   # the check's own math
        if close(got, want, tol=1e-7):
            continue
        y = _softmax(a)
        raise NotYet(mistake(got, [
            (np.diag(y), "that is only the diagonal's first term: y_i also "
                                      "depends on every other score through the sum below."),
            (-np.outer(y, y), "the diagonal needs its own term: for i = j the numerator "
                              "e^(a_i) depends on a_j too."),
            (np.diag(y * (1 - y)), "the entries off the diagonal are not 0: raising one score "
                                   "lowers every other probability."),
            (np.diag(y) + np.outer(y, y), "check the sign of the y_i y_j term: raising a_j "
                                          "makes y_i (i != j) smaller."),
        ], f"for a = {shown(a)} the central differences give a different J; derive "
           "dy_i/da_j for i = j and for i != j with the quotient rule."))
    return ("J = diag(y) - y y^T, that is J_ij = y_i (delta_ij - y_j): each probability "
            "rises with its own score and falls with every other one.")


@check
def score_gradient(func):
    """Exercise 7.2: ``score_gradient(a, t)`` -> J^T (-t / y), which is y - t."""
    for a, label in zip(_SCORES, [1, 0, 2, 0]):
        t = _one_hot(label, len(a))
        y = _softmax(a)
        got = _learner_array(func, (a.copy(), t.copy()), a.shape, "score_gradient")
        want = y - t
        assert np.allclose(_jacobian(a).T @ (-t / y), want)   # the identity the exercise shows
        if close(got, want, tol=1e-7):
            continue
        raise NotYet(mistake(got, [
            (-t / y, "that is dL/dy, the gradient for the probabilities: send it on through "
                     "softmax with J.T @ dL_dy."),
            (t - y, "the sign: dL/dy = -t / y, because the loss falls when y of the true class "
                    "rises."),
            (_jacobian(a) @ (-t / y), "J_ij = dy_i/da_j, so the sum over i is J.T @ dL_dy "
                                      "(J is symmetric here, so look at dL_dy itself)."),
        ], f"for a = {shown(a)} and t = {shown(t)} the gradient should come out as y - t."))
    return ("J^T (-t / y) = y - t on every sample: the 1/y of the loss cancels against the y "
            "in softmax's Jacobian, which is why the two layers are fused into one.")


@check
def squared_error_score_gradient(func, ratio=None):
    """Exercise 7.3: ``squared_error_score_gradient(a, t)`` -> J^T (y - t), and ``ratio``:
    the true class's entry with cross-entropy divided by the one with squared error, for
    a = [0, 0, 10] and true class 0."""
    for a, label in zip(_SCORES, [1, 0, 2, 0]):
        t = _one_hot(label, len(a))
        y = _softmax(a)
        got = _learner_array(func, (a.copy(), t.copy()), a.shape,
                             "squared_error_score_gradient")
        want = _jacobian(a).T @ (y - t)
        if close(got, want, tol=1e-7):
            continue
        raise NotYet(mistake(got, [
            (y - t, "y - t is the squared error's dL/dy; with a softmax in front it still has "
                    "to pass through the softmax: J.T @ (y - t)."),
            (_jacobian(a).T @ (t - y), "the sign: dL/dy_k = y_k - t_k for L = 1/2 sum (y - t)^2."),
        ], f"for a = {shown(a)} and t = {shown(t)}: multiply J.T by this loss's dL/dy."))
    if ratio is None or ratio is Ellipsis:
        raise NotYet("your function is right; now set ratio to cross-entropy's entry "
                           "divided by the squared error's, for the true class.")
    a, t = np.array([0.0, 0.0, 10.0]), _one_hot(0, 3)
    y = _softmax(a)
    cross_entropy, squared = (y - t)[0], (_jacobian(a).T @ (y - t))[0]
    want = cross_entropy / squared
    if not close(ratio, want, tol=1e-3):
        raise NotYet(mistake(ratio, [
            (1 / want, "that is the squared error's entry over cross-entropy's: the other way "
                       "round."),
            (1.0, "compute both entries with your two functions: they are far from equal."),
        ], "compute score_gradient(a, t)[0] and squared_error_score_gradient(a, t)[0] for "
           "a = [0, 0, 10], t = [1, 0, 0], and divide."))
    return (f"about {want:,.0f} times: with squared error a confidently wrong softmax "
            "barely learns (the gradient carries an extra factor y of the true class, here "
            "about 5e-5), while cross-entropy's y - t stays near -1. Hence the book's pairs: "
            "softmax with cross-entropy, identity with squared error.")
