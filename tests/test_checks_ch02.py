"""The checks of chapter 02 (teaching/checks/ch02.py) accept right answers and reject
typical wrong ones.

Expected values come from the chain rule: for z = t**2 with t = s + y, s = x**2, the
local derivatives are (2t, 1, 2x), product 4x(x**2 + y), 12 at x = 1, y = 2; for
t = x / y they are (2t, 1/y, -x/y**2).  For x**4 at x = 1, (1 ± h)**4 = 1 ± 4h + 6h**2
± 4h**3 + h**4, so the central difference misses 4 by 4h**2, the one-sided one by
6h + 4h**2 + h**3; for x**3 at x = 2 with h = 0.5 the central difference is
3x**2 + h**2 = 12.25.  Rounding adds about 1e-16 / h, so the best step is near
(1e-16 / 8) ** (1/3), about 2.3e-6.
"""

import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right

import layers
from teaching.checks import ch02


def links(x, y):
    s = x ** 2
    t = s + y
    return 2 * t, 1.0, 2 * x


def three(by_hand):
    return lambda func: ch02.three_links(func, by_hand)


def test_three_links(capsys):
    assert_right(capsys, three(12.0), links)
    assert_right(capsys, three(12), lambda x, y: [2 * (x ** 2 + y), 1, 2 * x])
    assert_not_yet(capsys, three(12.0), lambda x, y: 4 * x * (x ** 2 + y), "not their product")
    assert_not_yet(capsys, three(12.0), lambda x, y: ((x ** 2 + y) ** 2, 1.0, 2 * x), "z itself")
    assert_not_yet(capsys, three(12.0), lambda x, y: (2 * (x + y), 1.0, 2 * x), "t = x + y")
    assert_not_yet(capsys, three(12.0), lambda x, y: (2 * (x ** 2 + y), 0.0, 2 * x),
                   "dt_ds is how much")
    assert_not_yet(capsys, three(12.0), lambda x, y: (2 * (x ** 2 + y), 1.0, x), "not x")
    assert_not_yet(capsys, three(12.0), lambda x, y: None, "returns None")
    # the whole derivative from the numerical slope, as one factor: caught twice over
    assert_not_yet(capsys, three(12.0), lambda x, y: (
        layers.numerical_gradient(lambda v: (v ** 2 + y) ** 2, x), 1.0, 1.0), "by hand")
    assert_not_attempted(capsys, three(12.0), None)


def test_three_links_by_hand(capsys):
    assert_not_attempted(capsys, three(None), links)
    assert_not_yet(capsys, three(6.0), links, "dz/dt alone")
    assert_not_yet(capsys, three(9.0), links, "z itself")
    assert_not_yet(capsys, three(24.0), links, "s = 1 and t = 3")
    assert_not_yet(capsys, three("twelve"), links, "not the product")


def test_numerical_gradient_is_given_back_after_a_check():
    before = layers.numerical_gradient
    ch02.three_links(lambda x, y: layers.numerical_gradient(lambda v: v, x), 12.0)
    assert layers.numerical_gradient is before


def test_quotient_chain(capsys):
    assert_right(capsys, ch02.quotient_chain, lambda x, y: (2 * x / y, 1 / y, -x / y ** 2))
    assert_not_yet(capsys, ch02.quotient_chain,
                   lambda x, y: (2 * x / y, 1 / y, x / y ** 2), "sign")
    assert_not_yet(capsys, ch02.quotient_chain, lambda x, y: (2 * x / y, y, x), "product")
    assert_not_yet(capsys, ch02.quotient_chain,
                   lambda x, y: (2 * x / y, 1 / y, -1 / y ** 2), "factor x")
    assert_not_yet(capsys, ch02.quotient_chain,
                   lambda x, y: ((x / y) ** 2, 1 / y, -x / y ** 2), "z itself")
    assert_not_yet(capsys, ch02.quotient_chain, lambda x, y: None, "returns None")
    assert_not_yet(capsys, ch02.quotient_chain,
                   lambda x, y: (2 * x / y ** 2, -2 * x ** 2 / y ** 3), "3 local derivatives")
    assert_not_attempted(capsys, ch02.quotient_chain, None)


def errors(central, one_sided):
    return lambda _: ch02.slope_errors(central, one_sided)


def central(h):
    return 4 * h ** 2


def one_sided(h):
    return 6 * h + 4 * h ** 2 + h ** 3


def test_slope_errors(capsys):
    assert_right(capsys, errors(central, one_sided), None)
    assert_right(capsys, errors(lambda h: 4 * h * h, lambda h: h * (6 + h * (4 + h))), None)
    assert_not_yet(capsys, errors(one_sided, central), None, "swapped")
    assert_not_yet(capsys, errors(lambda h: 0.0, one_sided), None, "not 0")
    assert_not_yet(capsys, errors(lambda h: h ** 2, one_sided), None, "central_error(0.5)")
    assert_not_yet(capsys, errors(central, lambda h: 6 * h), None, "one_sided_error(0.5)")
    assert_not_yet(capsys, errors(lambda h: -4 * h ** 2, one_sided), None, "sign")
    assert_not_yet(capsys, errors(central, lambda h: "big"), None, "a number")
    assert_not_attempted(capsys, errors(None, one_sided), None)
    assert_not_attempted(capsys, errors(None, None), None)

    def template(h):
        raise NotImplementedError("YOUR CODE")
    assert_not_attempted(capsys, errors(template, template), None)
    assert_not_attempted(capsys, errors(central, template), None)


def test_slope_errors_measured_by_running_the_difference_are_caught(capsys):
    # right for large h, swamped by rounding at h = 1e-6: a measurement, not a formula
    def measured_central(h):
        return ((1 + h) ** 4 - (1 - h) ** 4) / (2 * h) - 4

    def measured_one_sided(h):
        return ((1 + h) ** 4 - 1) / h - 4
    assert_not_yet(capsys, errors(measured_central, one_sided), None, "part (b) shows why")
    assert_not_yet(capsys, errors(central, measured_one_sided), None, "part (b) shows why")
    assert_not_yet(capsys, errors(lambda h: (8 * h + 8 * h ** 3) / (2 * h) - 4, one_sided),
                   None, "short polynomial")


def test_slope_errors_hold_the_math():
    f, x = (lambda v: v ** 4), 1.0
    for h in (0.5, 0.1, 0.01):
        assert (f(x + h) - f(x - h)) / (2 * h) - 4 == pytest.approx(central(h), rel=1e-9)
        assert (f(x + h) - f(x)) / h - 4 == pytest.approx(one_sided(h), rel=1e-9)


def test_slope_errors_say_nothing_of_the_ratios_or_of_rounding(capsys):
    # part (a)'s praise and hints must not answer the ratio prediction or part (b)
    verdicts = [ch02.slope_errors(central, one_sided),
                ch02.slope_errors(lambda h: ((1 + h) ** 4 - (1 - h) ** 4) / (2 * h) - 4,
                                  one_sided)]
    for verdict in verdicts:
        assert not any(w in verdict.message for w in ("100", "10 times", "round", "1e-16"))


def test_error_ratios_right(capsys):
    # from h = 0.1 to 0.01: central 4h**2 -> 100; one-sided 0.641 / 0.060401 = 10.61
    assert_right(capsys, ch02.error_ratios, {"central": 100, "one_sided": 10})
    assert_right(capsys, ch02.error_ratios, {"central": 100.0, "one_sided": 0.641 / 0.060401})
    assert_right(capsys, ch02.error_ratios, {"central": 4 * 0.1 ** 2 / (4 * 0.01 ** 2),
                                             "one_sided": one_sided(0.1) / one_sided(0.01)})


@pytest.mark.parametrize("wrong, hint_part", [
    ({"central": 10, "one_sided": 10}, "central: work out"),      # as if it went like h
    ({"central": 1000, "one_sided": 10}, "central: work out"),
    ({"central": 100, "one_sided": 100}, "one_sided: work out"),  # as if it went like h**2
    ({"central": 100, "one_sided": 6}, "one_sided: work out"),
    ({"central": 0.01, "one_sided": 0.1}, "more than 1"),         # the ratio upside down
    ({"central": "100", "one_sided": 10}, "give a number"),
    ({"central": 100, "one_sided": None}, "replace every None"),
    ({"central": 100}, "needs the keys"),
    ([100, 10], "give a dict"),
])
def test_error_ratios_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch02.error_ratios, wrong, hint_part)


def test_error_ratios_hints_never_name_the_answer():
    for wrong in ({"central": 10, "one_sided": 10}, {"central": 100, "one_sided": 100},
                  {"central": 2, "one_sided": 2}):
        hint = ch02.error_ratios(wrong).message
        assert "100" not in hint and "10.6" not in hint and "h**2" not in hint, hint


def test_error_ratios_untouched(capsys):
    assert_not_attempted(capsys, ch02.error_ratios, {"central": None, "one_sided": None})
    assert_not_attempted(capsys, ch02.error_ratios, None)


def central_slope(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


def best(h, slope=central_slope):
    return lambda _: ch02.best_step(slope, h)


def test_best_step(capsys):
    # float64 puts the smallest error of this central difference at h = 1e-6 (5e-11, against
    # 4e-10 at 1e-5): see the test below
    assert_right(capsys, best(1e-6), None)
    assert_not_yet(capsys, best(1e-5), None, "smaller step still helps")
    assert_not_yet(capsys, best(1e-4), None, "smaller step still helps")
    assert_not_yet(capsys, best(1e-12), None, "too small")
    assert_not_yet(capsys, best(1e-8), None, "too small")
    assert_not_yet(capsys, best(3e-6), None, "one of the steps")
    assert_not_yet(capsys, best("small"), None, "one of the steps")
    assert_not_yet(capsys, best(1e-6, lambda f, x, h: None), None, "numerical_slope")
    assert_not_attempted(capsys, best(None), None)
    assert_not_attempted(capsys, best(1e-6, None), None)


def test_best_step_is_where_the_measured_error_is_smallest():
    # measured in float64: the minimum of |central difference - 4| over 1e-1 ... 1e-12
    errs = {k: abs(((1 + 10.0 ** -k) ** 4 - (1 - 10.0 ** -k) ** 4) / (2 * 10.0 ** -k) - 4)
            for k in range(1, 13)}
    assert min(errs, key=errs.get) == 6
    assert errs[12] > 1e-5                       # rounding ruins h = 1e-12
    assert (1e-16 / 8) ** (1 / 3) == pytest.approx(2.3e-6, rel=0.05)


def test_numerical_slope(capsys):
    assert_right(capsys, ch02.numerical_slope, lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h))
    assert_right(capsys, ch02.numerical_slope, lambda f, x, h: (f(x + h) - f(x - h)) / h / 2)
    assert_not_yet(capsys, ch02.numerical_slope,
                   lambda f, x, h: (f(x + h) - f(x - h)) / h, "divide by 2 * h")
    assert_not_yet(capsys, ch02.numerical_slope,
                   lambda f, x, h: (f(x + h) - f(x)) / h, "one-sided")
    assert_not_yet(capsys, ch02.numerical_slope,   # h ignored: a fixed step of its own
                   lambda f, x, h: (f(x + 1e-4) - f(x - 1e-4)) / 2e-4, "h = 0.5 was given")
    assert_not_yet(capsys, ch02.numerical_slope,
                   lambda f, x, h: layers.numerical_gradient(f, x), "by hand")
    assert_not_yet(capsys, ch02.numerical_slope, lambda f, x, h: 12.25, "no point")
    assert_not_yet(capsys, ch02.numerical_slope,
                   lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h) + 0 * f(x + h), "exactly twice")
    assert_not_yet(capsys, ch02.numerical_slope, lambda f, x, h: None, "returns None")
    assert_not_attempted(capsys, ch02.numerical_slope, None)


def test_numerical_slope_cases_hold_the_math():
    # central difference of x**3 is 3x**2 + h**2 exactly; of x**2 it is 2x exactly
    x, h = 2.0, 0.5
    assert ((x + h) ** 3 - (x - h) ** 3) / (2 * h) == pytest.approx(3 * x ** 2 + h ** 2)
    assert ((-1.5 + h) ** 2 - (-1.5 - h) ** 2) / (2 * h) == pytest.approx(-3.0)
