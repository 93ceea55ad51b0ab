"""The checks of chapter 01 (teaching/checks/ch01.py) accept right answers and reject
typical wrong ones.

Every expected number comes from the math of the exercise's basket (4 apples at 120 yen,
5 oranges at 90 yen, tax 1.08): 4 x 120 = 480, 5 x 90 = 450, 480 + 450 = 930,
930 x 1.08 = 1004.4, and one dearer apple costs 4 x 1.08 = 4.32 more.
"""

import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right

from layers import AddLayer, MulLayer
from teaching.checks import ch01

FORWARD_RIGHT = {"apple_price": 4 * 120, "orange_price": 5 * 90, "all_price": 480 + 450,
                 "price": 930 * 1.08}


def test_shopping_forward_accepts_the_math_and_float_noise(capsys):
    assert_right(capsys, ch01.shopping_forward, FORWARD_RIGHT)
    # the decimal value, and what the float forward pass really gives
    assert_right(capsys, ch01.shopping_forward, dict(FORWARD_RIGHT, price=1004.4))
    assert_right(capsys, ch01.shopping_forward, dict(FORWARD_RIGHT, price=930.0 * 1.08))


@pytest.mark.parametrize("wrong, hint_part", [
    (dict(FORWARD_RIGHT, price=930), "multiplies it by the tax"),      # forgot the tax
    (dict(FORWARD_RIGHT, orange_price=90), "times the count"),         # forgot the count
    (dict(FORWARD_RIGHT, all_price=480 * 450), "adds"),                # x instead of +
    (dict(FORWARD_RIGHT, apple_price=200, all_price=650, price=715),   # the worked example's
     "apple's price times the count"),                                 # numbers, not the basket's
    ({"apple_price": 480}, "needs the keys"),
    ([480, 450, 930, 1004.4], "give a dict"),
    (dict(FORWARD_RIGHT, price="1004.4"), "tax factor"),               # a string is not a number
])
def test_shopping_forward_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch01.shopping_forward, wrong, hint_part)


def total_price_with_layers(items, tax):
    """The right answer built the way the notebook asks: one node per operation."""
    total = 0.0
    for unit_price, count in items:
        total = AddLayer().forward(total, MulLayer().forward(unit_price, count))
    return MulLayer().forward(total, tax)


def test_total_price_accepts_a_layer_built_answer(capsys):
    assert_right(capsys, ch01.total_price, total_price_with_layers)


def test_total_price_cases_are_the_hand_worked_totals():
    # the check's own table must hold the math: sum of price x count, times tax
    for items, tax, want in ch01._TOTAL_PRICE_CASES:
        assert sum(p * n for p, n in items) * tax == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("wrong, hint_part", [
    (lambda items, tax: sum(p * n for p, n in items), "before tax"),          # forgot the tax
    (lambda items, tax: sum(p * n for p, n in items) + tax, "does not add"),  # + instead of x
    (lambda items, tax: sum(p for p, _ in items) * tax, "by its count"),      # forgot the counts
    (lambda items, tax: None, "returns None"),                                # the unsolved stub
    (lambda items, tax: items[0][0] * items[0][1] * tax, "should be 715"),    # only the first item
    (lambda items, tax: 1 / 0, "ZeroDivisionError"),                          # crashes
    (715, "pass your function itself"),
])
def test_total_price_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch01.total_price, wrong, hint_part)


def test_apple_sensitivity(capsys):
    # the float forward pass gives the difference with rounding noise
    price = lambda apple: (apple * 4 + 90 * 5) * 1.08  # noqa: E731
    assert_right(capsys, ch01.apple_sensitivity, price(121) - price(120))
    assert_right(capsys, ch01.apple_sensitivity, 4.32)
    assert_not_yet(capsys, ch01.apple_sensitivity, 4.0, "taxed too")
    assert_not_yet(capsys, ch01.apple_sensitivity, price(121), "difference")
    assert_not_yet(capsys, ch01.apple_sensitivity, 1.08, "4 apples")
    assert_not_yet(capsys, ch01.apple_sensitivity, 2.2, "price(apple=121)")   # the worked example's
    assert_not_yet(capsys, ch01.apple_sensitivity, [4.32, 4.32], "price(apple=121)")
    assert_not_attempted(capsys, ch01.apple_sensitivity, None)


def test_shopping_forward_untouched_template_is_not_attempted(capsys):
    assert_not_attempted(capsys, ch01.shopping_forward, dict.fromkeys(FORWARD_RIGHT))
