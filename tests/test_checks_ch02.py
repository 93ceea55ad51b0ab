"""The checks of chapter 02 (teaching/checks/ch02.py) accept right answers and reject
typical wrong ones.

Expected values come from the chain rule: for z = t**2 with t = s + y, s = x**2,
dz/dx = 2t * 1 * 2x = 4x(x**2 + y);
with t = x * y, (dz/dx, dz/dy) = (2ty, 2tx); the central difference of x**3 is 3x**2 + h**2.
"""

import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right

from teaching.checks import ch02


def test_three_links(capsys):
    def chain_rule(x, y):
        s = x ** 2
        t = s + y
        return 2 * t * 1.0 * 2 * x   # dz/dt * dt/ds * ds/dx
    assert_right(capsys, ch02.three_links, chain_rule)
    assert_right(capsys, ch02.three_links, lambda x, y: 4 * x ** 3 + 4 * x * y)   # expanded
    assert_not_yet(capsys, ch02.three_links, lambda x, y: 2 * (x ** 2 + y),
                   "ds/dx = 2x, is missing")
    assert_not_yet(capsys, ch02.three_links, lambda x, y: 2 * (x + y), "not x + y")
    assert_not_yet(capsys, ch02.three_links, lambda x, y: (x ** 2 + y) ** 2, "z itself")
    assert_not_yet(capsys, ch02.three_links, lambda x, y: 2 * x, "only ds/dx")
    assert_not_yet(capsys, ch02.three_links, lambda x, y: 2 * (x ** 2 + y) * x, "not x")
    assert_not_yet(capsys, ch02.three_links, lambda x, y: None, "returns None")
    assert_not_yet(capsys, ch02.three_links, lambda x, y: 4 * x * (x ** 2 - y), "s = 4")


def test_three_links_answer_is_the_derivative():
    # d/dx (x**2 + y)**2 = 4x(x**2 + y): at x = 2, y = -1 that is 4 * 2 * 3 = 24
    assert ch02.three_links(lambda x, y: 24.0 if (x, y) == (2.0, -1.0) else 0.0).ok is False
    assert ch02.three_links(lambda x, y: 4 * x * (x ** 2 + y)).ok is True


def test_quotient_chain(capsys):
    # z = (x / y)**2: dz/dx = 2t / y, dz/dy = -2tx / y**2 with t = x / y
    assert_right(capsys, ch02.quotient_chain,
                 lambda x, y: (2 * (x / y) / y, -2 * (x / y) * x / y ** 2))
    assert_right(capsys, ch02.quotient_chain, lambda x, y: (2 * x / y ** 2, -2 * x ** 2 / y ** 3))
    assert_not_yet(capsys, ch02.quotient_chain,
                   lambda x, y: (2 * (x / y) / y, 2 * (x / y) * x / y ** 2), "sign")
    assert_not_yet(capsys, ch02.quotient_chain,
                   lambda x, y: (2 * (x / y) * y, 2 * (x / y) * x), "product")
    assert_not_yet(capsys, ch02.quotient_chain, lambda x, y: (1 / y, -x / y ** 2), "dz/dt")
    assert_not_yet(capsys, ch02.quotient_chain, lambda x, y: None, "returns None")
    assert_not_yet(capsys, ch02.quotient_chain, lambda x, y: 2 * x / y ** 2, "two numbers")
    assert_not_attempted(capsys, ch02.quotient_chain, None)


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
