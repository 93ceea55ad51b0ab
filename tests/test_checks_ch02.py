"""The checks of chapter 02 (teaching/checks/ch02.py) accept right answers and reject typical wrong ones.

Expected values come from the chain rule: for z = t**2 with t = x + y, dz/dx = 2(x + y);
with t = x * y, (dz/dx, dz/dy) = (2ty, 2tx); the central difference of x**3 is 3x**2 + h**2.
"""

import pytest

from teaching.checks import ch02
from verdicts import assert_not_yet, assert_right


def test_dz_dx(capsys):
    def chain_rule(x, y):
        dz_dt = 2 * (x + y)   # t = x + y, z = t**2
        dt_dx = 1.0
        return dz_dt * dt_dx
    assert_right(capsys, ch02.dz_dx, chain_rule)
    assert_not_yet(capsys, ch02.dz_dx, lambda x, y: 2 * x, "not x")
    assert_not_yet(capsys, ch02.dz_dx, lambda x, y: (x + y) ** 2, "z itself")
    assert_not_yet(capsys, ch02.dz_dx, lambda x, y: x + y, "factor 2")
    assert_not_yet(capsys, ch02.dz_dx, lambda x, y: None, "returns None")
    assert_not_yet(capsys, ch02.dz_dx, lambda x, y: 2 * (x - y), "dt/dx = 1")


def test_product_chain(capsys):
    assert_right(capsys, ch02.product_chain,
                 lambda x, y: (2 * (x * y) * y, 2 * (x * y) * x))
    # each input's own value instead of the other one's
    assert_not_yet(capsys, ch02.product_chain,
                   lambda x, y: (2 * (x * y) * x, 2 * (x * y) * y), "the other input")
    assert_not_yet(capsys, ch02.product_chain, lambda x, y: (y, x), "dz/dt = 2t")
    assert_not_yet(capsys, ch02.product_chain, lambda x, y: None, "returns None")
    assert_not_yet(capsys, ch02.product_chain, lambda x, y: 2 * x * y * y, "two numbers")


def test_numerical_slope(capsys):
    central = lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h)  # noqa: E731
    assert_right(capsys, ch02.numerical_slope, central)
    assert_not_yet(capsys, ch02.numerical_slope,
                   lambda f, x, h: (f(x + h) - f(x - h)) / h, "divide by 2 * h")
    assert_not_yet(capsys, ch02.numerical_slope,
                   lambda f, x, h: (f(x + h) - f(x)) / h, "one-sided")
    assert_not_yet(capsys, ch02.numerical_slope, lambda f, x, h: None, "returns None")
    assert_not_yet(capsys, ch02.numerical_slope, lambda f, x, h: 12.0, "12.000001")


def test_numerical_slope_cases_hold_the_math():
    # central difference of x**3 is 3x**2 + h**2 exactly; of x**2 it is 2x exactly
    x, h = 2.0, 1e-3
    assert ((x + h) ** 3 - (x - h) ** 3) / (2 * h) == pytest.approx(3 * x**2 + h**2, abs=1e-9)
