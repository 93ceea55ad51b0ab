"""The checks of chapter 02 (teaching/checks/ch02.py) accept right answers and reject
typical wrong ones.

Expected values come from the chain rule: for z = t**2 with t = s + y, s = x**2, the
local derivatives are (2t, 1, 2x), product 4x(x**2 + y), 12 at x = 1, y = 2; for
t = x / y they are (2t, 1/y, -x/y**2).  For x**4 at x = 1, (1 ± h)**4 = 1 ± 4h + 6h**2
± 4h**3 + h**4, so the central difference misses 4 by 4h**2, the one-sided one by
6h + 4h**2 + h**3.  Rounding adds about 1e-16 / h, which equals 4h**2 at
h = (1e-16 / 4) ** (1/3), about 2.9e-6.  The chapter's predictions: the tangent of t**2
at t = 3 misses by h**2; for z = (xy)**2, dz/dx = 2t * y = 8 at (1, 2) and at (1, -2), and
dropping dt/dx = y does no harm at y = 1; with upstream -1 at x = 2, y = -0.5 (t = 1.5), x
receives -1 * 2t * 1 = -3.
"""

import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right

import layers
from layers import AddLayer, SquareLayer
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


def test_tangent_miss(capsys):
    # (3 + h)**2 - 9 - 6h = h**2
    assert_right(capsys, ch02.tangent_miss, {"h = 0.1": 0.01, "h = 0.01": 0.0001})
    assert_right(capsys, ch02.tangent_miss, {"h = 0.1": 3.1 ** 2 - 9 - 0.6,
                                             "h = 0.01": 3.01 ** 2 - 9 - 0.06})
    assert_not_yet(capsys, ch02.tangent_miss, {"h = 0.1": 0.6, "h = 0.01": 0.06},
                   "what the tangent predicts")
    assert_not_yet(capsys, ch02.tangent_miss, {"h = 0.1": 0.61, "h = 0.01": 0.0601},
                   "that is the true change")
    assert_not_yet(capsys, ch02.tangent_miss, {"h = 0.1": 0.1, "h = 0.01": 0.01}, "not h")
    assert_not_yet(capsys, ch02.tangent_miss, {"h = 0.1": -0.01, "h = 0.01": -0.0001}, "sign")
    assert_not_yet(capsys, ch02.tangent_miss, {"h = 0.1": 0.01, "h = 0.01": 0.001}, "h = 0.01")
    assert_not_yet(capsys, ch02.tangent_miss, {"h = 0.1": "0.01", "h = 0.01": 0.0001},
                   "give a number")
    assert_not_attempted(capsys, ch02.tangent_miss, {"h = 0.1": None, "h = 0.01": None})
    assert_not_attempted(capsys, ch02.tangent_miss, None)


def test_tangent_miss_hints_never_name_the_answer():
    for wrong in ({"h = 0.1": 0.6, "h = 0.01": 0.06}, {"h = 0.1": 0.3, "h = 0.01": 0.3}):
        hint = ch02.tangent_miss(wrong).message
        assert "0.01" not in hint.replace("h = 0.01", "") and "h**2" not in hint, hint


def test_upstream_dx(capsys):
    # z = (x + y)**2 at (2, -0.5): t = 1.5; upstream -1 -> x receives -1 * 2t * 1 = -3
    assert_right(capsys, ch02.upstream_dx, -3.0)
    assert_right(capsys, ch02.upstream_dx, -1 * 2 * (2 - 0.5) * 1)
    for wrong, hint in [(3.0, "upstream 1"), (-1.0, "upstream gradient itself"),
                        (-1.5, "2t, not t"), (1.5, "2t, not t"), (-6.0, "multiply the upstream"),
                        ("-3", "give a number")]:
        assert_not_yet(capsys, ch02.upstream_dx, wrong, hint)
    assert_not_attempted(capsys, ch02.upstream_dx, None)


def test_upstream_dx_hints_never_name_the_answer():
    for wrong in (3.0, -1.0, -1.5, 1.5, -6.0):
        hint = ch02.upstream_dx(wrong).message
        assert "-3" not in hint and "3." not in hint, hint


def test_the_chapters_layers_give_the_chain_rule_at_several_points():
    # z = (x + y)**2: dz/dx = dz/dy = 2(x + y); the central difference of a quadratic is
    # exact on paper, so it differs from 2(x + y) by rounding only (about 1e-11 at h = 1e-4)
    for x, y in [(1.0, 2.0), (-1.5, 0.5), (3.0, -4.0), (0.0, 0.0), (2.5, 2.5)]:
        add, square = AddLayer(), SquareLayer()
        z = square.forward(add.forward(x, y))
        dx, dy = add.backward(square.backward(1.0))
        assert z == pytest.approx((x + y) ** 2, abs=1e-12)
        assert (dx, dy) == pytest.approx((2 * (x + y), 2 * (x + y)), abs=1e-12)
        numeric = layers.numerical_gradient(lambda v: (v + y) ** 2, x)
        assert abs(numeric - 2 * (x + y)) < 1e-9


SLOPES = {"at (1, 2)": 8.0, "at (1, -2)": 8.0, "harmless y": 1.0}


def test_chain_slopes(capsys):
    assert_right(capsys, ch02.chain_slopes, SLOPES)
    assert_right(capsys, ch02.chain_slopes, {"at (1, 2)": 2 * 2 * 2, "at (1, -2)": 2 * -2 * -2,
                                             "harmless y": 1})
    for key, wrong, hint in [("at (1, 2)", 4.0, "dz/dt alone"),      # forgot dt/dx
                             ("at (1, -2)", -8.0, "the sign"),
                             ("at (1, -2)", -4.0, "dz/dt alone"),
                             ("at (1, -2)", 4.0, "z itself"),
                             ("at (1, 2)", 16.0, "multiply dz/dt"),
                             ("harmless y", 0.0, "For which y"),
                             ("harmless y", "one", "give a number")]:
        assert_not_yet(capsys, ch02.chain_slopes, {**SLOPES, key: wrong}, hint)
    assert_not_yet(capsys, ch02.chain_slopes, {**SLOPES, "harmless y": None}, "replace every")
    assert_not_attempted(capsys, ch02.chain_slopes, dict.fromkeys(SLOPES))
    assert_not_attempted(capsys, ch02.chain_slopes, None)


def test_chain_slopes_hints_never_name_the_answer():
    for key, wrong in [("at (1, 2)", 4.0), ("at (1, -2)", -8.0), ("harmless y", 2.0)]:
        hint = ch02.chain_slopes({**SLOPES, key: wrong}).message
        assert "8" not in hint and "y = 1" not in hint, hint


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
    assert_not_yet(capsys, errors(measured_central, one_sided), None, "nearly equal numbers")
    assert_not_yet(capsys, errors(central, measured_one_sided), None, "nearly equal numbers")


def test_slope_errors_half_simplified_formulas_are_treated_the_same(capsys):
    # exact on paper, but each still subtracts 4 from 4.000...: the central one loses its
    # digits at h = 1e-6, the one-sided one (a larger error) at h = 1e-12; same hint
    def half_central(h):
        return (8 * h + 8 * h ** 3) / (2 * h) - 4

    def half_one_sided(h):
        return (4 * h + 6 * h ** 2 + 4 * h ** 3 + h ** 4) / h - 4
    for c, o in [(half_central, one_sided), (central, half_one_sided)]:
        assert_not_yet(capsys, errors(c, o), None, "still subtracts nearly equal numbers")
    assert_right(capsys, errors(lambda h: (8 * h ** 3) / (2 * h), one_sided), None)


def test_slope_errors_hold_the_math():
    f, x = (lambda v: v ** 4), 1.0
    for h in (0.5, 0.1, 0.01):
        assert (f(x + h) - f(x - h)) / (2 * h) - 4 == pytest.approx(central(h), rel=1e-9)
        assert (f(x + h) - f(x)) / h - 4 == pytest.approx(one_sided(h), rel=1e-9)


def test_slope_errors_say_nothing_of_rounding(capsys):
    # part (a)'s praise and hints must not answer part (b)
    verdicts = [ch02.slope_errors(central, one_sided),
                ch02.slope_errors(lambda h: ((1 + h) ** 4 - (1 - h) ** 4) / (2 * h) - 4,
                                  one_sided)]
    for verdict in verdicts:
        assert not any(w in verdict.message for w in ("round", "1e-16", "crossover"))


def test_crossover(capsys):
    # 4h**2 = 1e-16 / h -> h = (1e-16 / 4)**(1/3) = 2.9e-6; the sum's minimum 2.3e-6 and the
    # crossing with 2.2e-16 (3.8e-6) are derivations too
    for right in ((1e-16 / 4) ** (1 / 3), 2.9e-6, (1e-16 / 8) ** (1 / 3), (2.2e-16 / 4) ** (1 / 3)):
        assert_right(capsys, ch02.crossover, right)
    assert_not_yet(capsys, ch02.crossover, (1e-16 / 4) ** 0.5, "1e-16 / h, not 1e-16")
    assert_not_yet(capsys, ch02.crossover, 1e-16 / 4, "take the root")
    assert_not_yet(capsys, ch02.crossover, 1e-6, "a power of ten")
    assert_not_yet(capsys, ch02.crossover, 1e-5, "a power of ten")
    assert_not_yet(capsys, ch02.crossover, 2e-5, "set the two equal")
    assert_not_yet(capsys, ch02.crossover, -2.9e-6, "positive number")
    assert_not_yet(capsys, ch02.crossover, "small", "positive number")
    assert_not_attempted(capsys, ch02.crossover, None)


def test_crossover_hints_never_name_the_answer():
    for wrong in (5e-9, 2.5e-17, 1e-6, 2e-5):
        hint = ch02.crossover(wrong).message
        assert "2.9" not in hint and "e-6" not in hint and "h**3 =" not in hint, hint


def central_slope(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h)


PREDICTED = (1e-16 / 4) ** (1 / 3)


def best(h, predicted=PREDICTED):
    return lambda _: ch02.best_step(h, predicted)


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
    assert_not_attempted(capsys, best(None), None)
    assert_not_attempted(capsys, best(1e-6, predicted=None), None)
    assert_not_yet(capsys, best(1e-6, predicted=1e-6), None, "predicted_best is not")


def test_best_step_praise_holds_the_prediction_and_the_learners_own_table():
    message = ch02.best_step(1e-6, PREDICTED).message
    assert "1e-06" in message and "2.9e-06" in message
    assert f"{abs(central_slope(lambda v: v ** 4, 1.0, 1e-12) - 4):.0e}" in message


def test_best_step_is_where_the_measured_error_is_smallest():
    # measured in float64: the minimum of |central difference - 4| over 1e-1 ... 1e-12,
    # written out and as layers.numerical_gradient (the learner's table) computes it
    errs = {k: abs(((1 + 10.0 ** -k) ** 4 - (1 - 10.0 ** -k) ** 4) / (2 * 10.0 ** -k) - 4)
            for k in range(1, 13)}
    assert min(errs, key=errs.get) == 6
    ours = {k: abs(layers.numerical_gradient(lambda v: v ** 4, 1.0, 10.0 ** -k) - 4)
            for k in range(1, 13)}
    assert min(ours, key=ours.get) == 6
    assert errs[12] > 1e-5                       # rounding ruins h = 1e-12
    assert (1e-16 / 4) ** (1 / 3) == pytest.approx(2.9e-6, rel=0.05)
    assert 1e-6 < (1e-16 / 4) ** (1 / 3) < 1e-5             # the best power of ten is next to it
