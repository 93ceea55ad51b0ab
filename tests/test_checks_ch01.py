"""The checks of chapter 01 (teaching/checks/ch01.py) accept right answers and reject
typical wrong ones.

Every expected number comes from the math of the exercises' basket (4 apples, 5 oranges at
90 yen, tax 1.08, paid 1004.4): 1004.4 / 1.08 = 930, 5 x 90 = 450, 930 - 450 = 480,
480 / 4 = 120 yen an apple.  With the apple at 121 yen and the tax at 1.09 the price is
(484 + 450) x 1.09 = 1018.06, 13.66 more; the two changes alone are 4 x 1.08 = 4.32 and
930 x 0.01 = 9.30, which add to 13.62.
"""

import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right

import layers
from layers import AddLayer, MulLayer
from teaching.checks import ch01

EDGES_RIGHT = {"all_price": 1004.4 / 1.08, "orange_price": 5 * 90, "apple_price": 930 - 450,
               "apple": 480 / 4}


def test_unknown_apple_accepts_the_math_and_float_noise(capsys):
    assert_right(capsys, ch01.unknown_apple, EDGES_RIGHT)
    assert_right(capsys, ch01.unknown_apple, dict(EDGES_RIGHT, all_price=930, apple=120))


@pytest.mark.parametrize("wrong, hint_part", [
    (dict(EDGES_RIGHT, all_price=1004.4 * 1.08), "divide"),            # multiplied by the tax
    (dict(EDGES_RIGHT, all_price=1004.4), "undo it"),                  # forgot the tax node
    (dict(EDGES_RIGHT, orange_price=90), "times the count"),           # forgot the count
    (dict(EDGES_RIGHT, apple_price=930 + 450), "+ node"),              # added instead of undoing
    (dict(EDGES_RIGHT, apple=480), "all 4 apples"),                    # forgot the apple count
    (dict(EDGES_RIGHT, apple=480 * 4), "undo that x node"),            # multiplied the count
    ({"apple": 120}, "needs the keys"),
    ([930, 450, 480, 120], "give a dict"),
    (dict(EDGES_RIGHT, apple="120"), "undo that x node"),              # a string is not a number
])
def test_unknown_apple_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch01.unknown_apple, wrong, hint_part)


def test_unknown_apple_hints_never_name_a_right_edge_value():
    for name in EDGES_RIGHT:
        hint = ch01.unknown_apple(dict(EDGES_RIGHT, **{name: -1})).message
        assert not any(f"{v:g}" in hint for v in (930, 450, 480, 120)), hint


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


def one_layer_for_everything(items, tax):
    layer = MulLayer()   # reused for every node: keeps only its last inputs
    add = AddLayer()
    total = 0.0
    for unit_price, count in items:
        total = add.forward(total, layer.forward(unit_price, count))
    return layer.forward(total, tax)


def through_the_module(items, tax):
    total = 0.0
    for unit_price, count in items:
        total = layers.AddLayer().forward(total, layers.MulLayer().forward(unit_price, count))
    return layers.MulLayer().forward(total, tax)


def test_total_price_watches_layers_in_the_module_too(capsys):
    assert_right(capsys, ch01.total_price, through_the_module)


@pytest.mark.parametrize("wrong, hint_part", [
    (lambda items, tax: sum(p * n for p, n in items) * tax, "one MulLayer per item"),   # no layers
    (one_layer_for_everything, "new layer for every node"),
])
def test_total_price_rejects_right_numbers_without_a_layer_per_node(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch01.total_price, wrong, hint_part)


def test_total_price_puts_the_layers_back(capsys):
    ch01.total_price(total_price_with_layers)
    capsys.readouterr()
    assert layers.MulLayer is MulLayer and layers.AddLayer is AddLayer
    assert globals()["MulLayer"] is layers.MulLayer


OLD = (4 * 120 + 5 * 90) * 1.08
NEW = (4 * 121 + 5 * 90) * 1.09


def both_change(pair):
    return ch01.both_change(*pair)


def test_both_change_right(capsys):
    assert_right(capsys, both_change, (13.66, NEW - OLD))
    assert_right(capsys, both_change, (NEW - OLD, 13.66))


@pytest.mark.parametrize("prediction, change, hint_part", [
    (13.66, None, "now measure"),
    (13.66, 4.32, "apple's change alone"),
    (13.66, 9.3, "tax's change alone"),
    (13.66, 13.62, "adds two separate changes"),
    (13.66, NEW, "new price"),
    (13.66, "13.66", "price(apple 121"),
    (13.62, NEW - OLD, "taxed too"),            # the sum of the separate changes
    (4.32, NEW - OLD, "prediction differs"),
    ([13.66, 13.66], NEW - OLD, "one number"),
])
def test_both_change_rejects(capsys, prediction, change, hint_part):
    assert_not_yet(capsys, both_change, (prediction, change), hint_part)


def test_both_change_hints_never_name_the_answer():
    for prediction, change in [(13.66, None), (13.62, NEW - OLD), (1.0, NEW - OLD),
                               (13.66, 1.0), (None, None)]:
        hint = ch01.both_change(prediction, change).message
        assert "13.66" not in hint and "0.04" not in hint, hint


def test_untouched_templates_are_not_attempted(capsys):
    assert_not_attempted(capsys, ch01.unknown_apple, dict.fromkeys(EDGES_RIGHT))
    assert_not_attempted(capsys, both_change, (None, None))
    assert_not_attempted(capsys, both_change, (None, 13.66))
