"""The checks of chapter 07 (teaching/checks/ch07.py) accept right answers and reject typical wrong ones.

The right answers are written here from the math, not taken from the check: softmax's
Jacobian is J_ij = y_i (delta_ij - y_j), computed entry by entry below; cross-entropy
sends dL/dy = -t / y back; the squared error 1/2 sum (y - t)^2 sends y - t back; the
score gradient is sum_i dL/dy_i J_ij.  Each wrong answer is one classic mistake.
"""

import math

import numpy as np
import pytest

from teaching.checks import ch07
from verdicts import assert_not_attempted, assert_not_yet, assert_right


def softmax(a):
    e = [math.exp(v - max(a)) for v in a]
    return np.array([v / sum(e) for v in e])


def jacobian(a):
    """J_ij = y_i (delta_ij - y_j), one entry at a time."""
    y = softmax(a)
    C = len(a)
    return np.array([[y[i] * ((1.0 if i == j else 0.0) - y[j]) for j in range(C)]
                     for i in range(C)])


def score_gradient(a, t):
    dL_dy = -t / softmax(a)
    J = jacobian(a)
    return np.array([sum(dL_dy[i] * J[i, j] for i in range(len(a))) for j in range(len(a))])


def squared_error_score_gradient(a, t):
    dL_dy = softmax(a) - t
    J = jacobian(a)
    return np.array([sum(dL_dy[i] * J[i, j] for i in range(len(a))) for j in range(len(a))])


def template(*args):
    raise NotImplementedError("YOUR CODE")


def test_jacobian_of_this_file_is_softmax_slope():
    # the reference itself against central differences
    a, h = np.array([0.5, -1.0, 2.0]), 1e-6
    for j in range(3):
        step = np.zeros(3)
        step[j] = h
        assert np.allclose((softmax(a + step) - softmax(a - step)) / (2 * h), jacobian(a)[:, j],
                           atol=1e-9)


def test_softmax_jacobian(capsys):
    assert_right(capsys, ch07.softmax_jacobian, jacobian)
    assert_not_attempted(capsys, ch07.softmax_jacobian, template)
    y_outer = lambda a: -np.outer(softmax(a), softmax(a))  # noqa: E731
    assert_not_yet(capsys, ch07.softmax_jacobian, y_outer, "diagonal needs its own term")
    diag_only = lambda a: np.diag(softmax(a) * (1 - softmax(a)))  # noqa: E731
    assert_not_yet(capsys, ch07.softmax_jacobian, diag_only, "off the diagonal")
    plus = lambda a: np.diag(softmax(a)) + np.outer(softmax(a), softmax(a))  # noqa: E731
    assert_not_yet(capsys, ch07.softmax_jacobian, plus, "sign")
    assert_not_yet(capsys, ch07.softmax_jacobian, lambda a: softmax(a), "shape")
    assert_not_yet(capsys, ch07.softmax_jacobian, lambda a: None, "returns None")
    assert_not_yet(capsys, ch07.softmax_jacobian, lambda a: 1 / 0, "ZeroDivisionError")


def test_score_gradient_is_y_minus_t(capsys):
    assert_right(capsys, ch07.score_gradient, score_gradient)
    assert_right(capsys, ch07.score_gradient, lambda a, t: softmax(a) - t)
    assert_not_attempted(capsys, ch07.score_gradient, template)
    assert_not_yet(capsys, ch07.score_gradient, lambda a, t: -t / softmax(a), "J.T @ dL_dy")
    assert_not_yet(capsys, ch07.score_gradient, lambda a, t: t - softmax(a), "sign")


def test_squared_error_score_gradient_and_ratio(capsys):
    a, t = [0.0, 0.0, 10.0], np.array([1.0, 0.0, 0.0])
    ratio = score_gradient(a, t)[0] / squared_error_score_gradient(a, t)[0]
    # y_0 = 1 / (2 + e^10): cross-entropy's entry is y_0 - 1; the squared error's is
    # y_0 (v_0 - v.y) with v = y - t
    y0 = 1 / (2 + math.exp(10))
    y2 = math.exp(10) / (2 + math.exp(10))
    v_dot_y = (y0 - 1) * y0 + y0 * y0 + y2 * y2
    assert ratio == pytest.approx((y0 - 1) / (y0 * ((y0 - 1) - v_dot_y)), rel=1e-9)
    assert 1.0e4 < ratio < 1.2e4
    check = ch07.squared_error_score_gradient
    ok = check(squared_error_score_gradient, ratio)
    assert ok, ok.message
    assert_not_yet(capsys, lambda f: check(f, 1 / ratio), squared_error_score_gradient,
                   "other way")
    assert_not_yet(capsys, lambda f: check(f, None), squared_error_score_gradient,
                   "now set ratio")
    assert_not_attempted(capsys, lambda f: check(f, None), template)
    assert_not_yet(capsys, lambda f: check(f, ratio), lambda a, t: softmax(a) - t,
                   "pass through the softmax")
