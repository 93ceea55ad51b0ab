"""The checks of chapter 01 (teaching/checks/ch01.py) accept right answers and reject
typical wrong ones.

Every expected number comes from the math of the chapter's price
(apple * apple_num + orange * orange_num) * tax at 100, 2, 150, 3, 1.1: 715 yen, with the
gradients 2 x 1.1 = 2.2 (worked in the text), 100 x 1.1 = 110, 3 x 1.1 = 3.3, 150 x 1.1 =
165 and 200 + 450 = 650.  With the apple at 120 the tax's gradient is the subtotal 690;
moving apple by da and tax by dt together gives (650 + 2 da)(1.1 + dt) = 715 + 2.2 da +
650 dt + 2 da dt, the extra 2 da dt: 4 for 20 and 0.1 (113 = 44 + 65 + 4), 1 for half the
steps.  The exercise's pass (Problem 1's graph on 3 apples at 120, tax 1.08) reuses one
MulLayer: its second forward leaves it holding (360, 1.08), so backward(1) gives (1.08, 360)
and backward(1.08) gives 1.08 x 1.08 = 1.1664 and 1.08 x 360 = 388.8: d_apple 1.1664,
d_apple_num 388.8, d_tax 360.
"""

import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right

import layers
from layers import AddLayer, MulLayer
from teaching.checks import ch01


def test_checks_put_the_layers_back(capsys):
    forwards = MulLayer.forward, AddLayer.forward
    backwards = MulLayer.backward, AddLayer.backward
    ch01.backward_pass(backward_pass)
    ch01.backward_pass(lambda *nodes: 1 / 0)
    capsys.readouterr()
    assert layers.MulLayer is MulLayer and layers.AddLayer is AddLayer
    assert (MulLayer.forward, AddLayer.forward) == forwards
    assert (MulLayer.backward, AddLayer.backward) == backwards
    assert MulLayer().forward(3, 4) == 12


# with the apple at 120 the tax multiplies the subtotal 2 x 120 + 450 = 690; together the
# moves (20, 0.1) give (690)(1.2) - 715 = 113 = 44 + 65 + 4, the half steps (10, 0.05)
# (670)(1.15) - 715 = 55.5 = 22 + 32.5 + 1
TOGETHER = {"d_tax_at_120": 690, "extra": 4, "extra_halved": 1}


def test_two_moves_right(capsys):
    assert_right(capsys, ch01.two_moves, TOGETHER)
    assert_right(capsys, ch01.two_moves, {"d_tax_at_120": 690.0, "extra": 0.1 * 40,
                                          "extra_halved": 0.05 * 20})
    assert 690 * 1.2 - 715 == pytest.approx(44 + 65 + 4)
    assert 670 * 1.15 - 715 == pytest.approx(22 + 32.5 + 1)


@pytest.mark.parametrize("wrong, hint_part", [
    ({"d_tax_at_120": 650}, "at apple 100"),
    ({"d_tax_at_120": 759}, "before tax"),
    ({"d_tax_at_120": 700}, "What is that subtotal"),
    ({"d_tax_at_120": 240}, "oranges are still in the basket"),
    ({"extra": 0}, "not zero"),
    ({"extra": 113}, "whole rise"),
    ({"extra": 69}, "tax move alone"),
    ({"extra": 40}, "multiplies it by the tax's step"),
    ({"extra": 48}, "apple move alone"),
    ({"extra": 5}, "follow both moves"),
    ({"extra_halved": 2}, "halving one step"),
    ({"extra_halved": 4}, "depends on both"),
    ({"extra_halved": 55.5}, "whole rise"),
    ({"extra_halved": 0.5}, "follow both moves"),
    ({"extra_halved": None}, "replace every None"),
])
def test_two_moves_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch01.two_moves, dict(TOGETHER, **wrong), hint_part)


def test_two_moves_hints_never_name_the_answer():
    for name in TOGETHER:
        for wrong in (0, 1, 2, 4, 40, 48, 69, 113, 240, 650, 759, 55.5, 33.5):
            verdict = ch01.two_moves(dict(TOGETHER, **{name: wrong}))
            if verdict:
                continue
            assert not any(v in verdict.message for v in ("690", "quarter", " 4 ", " 1 ")), \
                verdict.message


# the apple's, 2 x 1.1 = 2.2, is worked in the text (Problem 1) and not asked
BY_HAND = {"apple_num": 100 * 1.1, "orange": 3 * 1.1, "orange_num": 150 * 1.1,
           "tax": 200 + 450}


def test_gradients_by_hand_right(capsys):
    assert_right(capsys, ch01.gradients_by_hand, BY_HAND)
    assert_right(capsys, ch01.gradients_by_hand,
                 {"apple_num": 110, "orange": 3.3, "orange_num": 165, "tax": 650})


def test_gradients_by_hand_are_what_central_differences_measure():
    # the check's table against the graph run by layers.numerical_gradient
    import numpy as np

    def price_of(v):
        return (v[0] * v[1] + v[2] * v[3]) * v[4]
    numeric = layers.numerical_gradient(price_of, np.array([100, 2, 150, 3, 1.1]))
    assert numeric == pytest.approx([2.2, *BY_HAND.values()], rel=1e-6)


def price_of(v):
    return (v[0] * v[1] + v[2] * v[3]) * v[4]


INPUTS = [100, 2, 150, 3, 1.1]


def test_central_differences_right_counts_two_forward_passes_per_input(capsys):
    measured = layers.numerical_gradient(price_of, INPUTS)
    assert_right(capsys, lambda p: ch01.central_differences(p, measured, BY_HAND), price_of)
    message = ch01.central_differences(price_of, measured, BY_HAND).message
    assert "ran your price_of 10 times, two forward passes for each of the 5 inputs" in message


def test_central_differences_refuses_pasted_numbers_and_a_wrong_price(capsys):
    measured = layers.numerical_gradient(price_of, INPUTS)
    # the exact derivatives, typed in: central differences differ from them in the last digits
    assert not all(measured == [2.2, 110, 3.3, 165, 650])
    assert_not_yet(capsys, lambda m: ch01.central_differences(price_of, m, BY_HAND),
                   [2.2, 110, 3.3, 165, 650], "not typed in")

    def only_here(v):          # right at Problem 2's inputs only
        return 715.0 + 2.2 * (v[0] - 100) + 110 * (v[1] - 2) + 3.3 * (v[2] - 150) + \
            165 * (v[3] - 3) + 650 * (v[4] - 1.1)
    assert_not_yet(capsys, lambda p: ch01.central_differences(p, measured, BY_HAND), only_here,
                   "not Problem 2's price on every basket")
    assert_not_yet(capsys, lambda p: ch01.central_differences(p, measured, BY_HAND),
                   lambda v: None, "returns None")
    # measured from another function than the learner's price_of
    other = layers.numerical_gradient(lambda v: price_of(v) * 1.0000001, INPUTS)
    assert_not_yet(capsys, lambda m: ch01.central_differences(price_of, m, BY_HAND), other,
                   "not what numerical_gradient")


def test_central_differences_waits_for_by_hand_and_for_the_templates(capsys):
    measured = layers.numerical_gradient(price_of, INPUTS)
    for by_hand in (None, dict(BY_HAND, tax=715)):
        assert_not_attempted(capsys, lambda b: ch01.central_differences(price_of, measured, b),
                             by_hand)

    def template(inputs):
        raise NotImplementedError("YOUR CODE")
    assert_not_attempted(capsys, lambda p: ch01.central_differences(p, None, BY_HAND), template)
    assert_not_attempted(capsys, lambda m: ch01.central_differences(price_of, m, BY_HAND), None)


def test_central_differences_hints_never_name_the_answer():
    for measured in ([2.2, 110, 3.3, 165, 650], [0, 0, 0, 0, 0], "x"):
        message = ch01.central_differences(price_of, measured, BY_HAND).message
        assert not any(v in message for v in ("2.2", "110", "3.3", "165", "650")), message


@pytest.mark.parametrize("wrong, hint_part", [
    (dict(BY_HAND, orange=3), "tax node too"),                 # forgot the tax
    (dict(BY_HAND, orange=165), "not e times orange"),         # swapped with orange_num
    (dict(BY_HAND, apple_num=2.2), "not e times apple_num"),   # swapped with apple
    (dict(BY_HAND, orange_num=150), "tax node too"),
    (dict(BY_HAND, orange=1), "follow the rise"),
    (dict(BY_HAND, tax=715), "not the price you pay"),         # the price, not the subtotal
    (dict(BY_HAND, tax=1.1), "how many e"),
    (dict(BY_HAND, tax=None), "replace every None"),
    ({"apple_num": 110}, "needs the keys"),
    ([110, 3.3, 165, 650], "give a dict"),
    (dict(BY_HAND, orange="3.3"), "follow the rise"),          # a string is not a number
])
def test_gradients_by_hand_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch01.gradients_by_hand, wrong, hint_part)


def test_gradients_by_hand_hints_never_name_the_answer():
    for name in BY_HAND:
        for wrong in (0, 1, -1, 1.1, 2, 110, 715):
            verdict = ch01.gradients_by_hand(dict(BY_HAND, **{name: wrong}))
            if verdict:
                continue
            assert not any(v in verdict.message for v in ("110", "3.3", "165", "650")), \
                verdict.message


def test_untouched_templates_are_not_attempted(capsys):
    def template(*args):
        raise NotImplementedError("YOUR CODE")
    assert_not_attempted(capsys, ch01.two_moves, dict.fromkeys(TOGETHER))
    assert_not_attempted(capsys, ch01.two_moves, None)
    assert_not_attempted(capsys, ch01.backward_pass, template)
    assert_not_attempted(capsys, ch01.gradients_by_hand, dict.fromkeys(BY_HAND))
    assert_not_attempted(capsys, ch01.gradients_by_hand, None)
    assert_not_attempted(capsys, ch01.reused_outputs, None)
    assert_not_attempted(capsys, ch01.reused_outputs, dict.fromkeys(REUSED))
    # the fix is asked only once the prediction is right: no hint about the fix before
    for predicted in (None, dict.fromkeys(REUSED), dict(REUSED, d_apple=2.2)):
        assert_not_attempted(capsys, lambda p: ch01.fixed_pass(reused_pass, p), predicted)


# --- the exercise: one MulLayer for Problem 1's two nodes, its outputs predicted, then fixed --

def reused_pass(apple, apple_num, tax):
    mul = MulLayer()                    # the chapter's bug: one layer for both × nodes
    apple_price = mul.forward(apple, apple_num)
    mul.forward(apple_price, tax)
    d_apple_price, d_tax = mul.backward(1)
    d_apple, d_apple_num = mul.backward(d_apple_price)
    return d_apple, d_apple_num, d_tax


def fixed(apple, apple_num, tax):
    mul_apple, mul_tax = MulLayer(), MulLayer()
    mul_tax.forward(mul_apple.forward(apple, apple_num), tax)
    d_apple_price, d_tax = mul_tax.backward(1)
    d_apple, d_apple_num = mul_apple.backward(d_apple_price)
    return d_apple, d_apple_num, d_tax


# the single layer holds (200, 1.1) when both backward calls run: (1.1, 200), then
# 1.08 x (1.08, 360) = (1.1664, 388.8), on 3 apples at 120 with tax 1.08
BASKET = (120, 3, 1.08)
REUSED = {"d_apple": 1.1664, "d_apple_num": 388.8, "d_tax": 360}


def test_reused_outputs_right(capsys):
    assert_right(capsys, ch01.reused_outputs, REUSED)
    assert_right(capsys, ch01.reused_outputs, dict(REUSED, d_apple_num=388.80, d_tax=360.0))


def test_reused_outputs_are_what_the_chapters_reused_pass_returns():
    assert [float(g) for g in reused_pass(*BASKET)] == pytest.approx(list(REUSED.values()))


@pytest.mark.parametrize("wrong, hint_part", [
    ({"d_apple": 3 * 1.08}, "one layer per node returns"),      # a right pass: 3.24
    ({"d_apple_num": 120 * 1.08}, "one layer per node returns"),  # and 129.6
    ({"d_tax": 1.08}, "follow mul.x and mul.y"),
    ({"d_apple": 2.2}, "follow mul.x and mul.y"),      # Problem 1's own basket
    ({"d_apple": None}, "replace every None"),
])
def test_reused_outputs_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch01.reused_outputs, dict(REUSED, **wrong), hint_part)


def test_reused_outputs_hints_never_name_the_answer():
    for name in REUSED:
        for wrong in (0, 1, 2.2, 110, 1.1, 1.21, 220, 200, 3.24, 129.6, 1.08):
            verdict = ch01.reused_outputs(dict(REUSED, **{name: wrong}))
            assert not verdict
            assert not any(v in verdict.message for v in ("1.1664", "388.8", "360")), \
                verdict.message


def test_fixed_pass_refuses_the_reused_pass_and_accepts_the_fix(capsys):
    assert_not_yet(capsys, lambda f: ch01.fixed_pass(f, REUSED), reused_pass,
                   "inputs of its own × node")

    def computed(apple, apple_num, tax):     # right numbers, no layers
        return apple_num * tax, apple * tax, apple * apple_num
    assert_not_yet(capsys, lambda f: ch01.fixed_pass(f, REUSED), computed, "run backward as")

    def swapped(apple, apple_num, tax):      # the apple layer holds (apple_num, apple)
        mul_apple, mul_tax = MulLayer(), MulLayer()
        mul_tax.forward(mul_apple.forward(apple_num, apple), tax)
        d_apple_price, d_tax = mul_tax.backward(1)
        d_apple_num, d_apple = mul_apple.backward(d_apple_price)
        return d_apple, d_apple_num, d_tax
    assert_not_yet(capsys, lambda f: ch01.fixed_pass(f, REUSED), swapped,
                   "inputs of its own × node")

    def fed_its_own(apple, apple_num, tax):
        mul_apple, mul_tax = MulLayer(), MulLayer()
        mul_tax.forward(mul_apple.forward(apple, apple_num), tax)
        d_apple_price, d_tax = mul_tax.backward(1)
        d_apple, d_apple_num = mul_apple.backward(tax)
        return d_apple, d_apple_num, d_tax
    assert_not_yet(capsys, lambda f: ch01.fixed_pass(f, REUSED), fed_its_own,
                   "fed what the first returned")

    def pasted(apple, apple_num, tax):
        fixed(apple, apple_num, tax)
        return 3.24, 129.6, 360
    assert_not_yet(capsys, lambda f: ch01.fixed_pass(f, REUSED), pasted, "in the order")
    assert_right(capsys, lambda f: ch01.fixed_pass(f, REUSED), fixed)
    verdict = ch01.fixed_pass(fixed, REUSED)
    assert "One layer per node" in verdict.message and "better fix" not in verdict.message


def test_fixed_pass_accepts_a_forward_run_again_and_says_why_a_layer_per_node_is_better():
    def forward_again(apple, apple_num, tax):
        mul = MulLayer()
        apple_price = mul.forward(apple, apple_num)
        mul.forward(apple_price, tax)
        d_apple_price, d_tax = mul.backward(1)
        mul.forward(apple, apple_num)        # mul holds the apple node's inputs again
        d_apple, d_apple_num = mul.backward(d_apple_price)
        return d_apple, d_apple_num, d_tax
    assert [float(g) for g in forward_again(*BASKET)] == pytest.approx([3 * 1.08, 120 * 1.08, 360])
    verdict = ch01.fixed_pass(forward_again, REUSED)
    assert verdict, verdict.message
    assert "better fix" in verdict.message and "last forward's inputs" in verdict.message


# --- backward_pass: the chapter's four layers run backward ---------------------------------

def backward_pass(mul_apple, mul_orange, add_fruit, mul_tax):
    d_all_price, d_tax = mul_tax.backward(1)
    d_apple_price, d_orange_price = add_fruit.backward(d_all_price)
    d_apple, d_apple_num = mul_apple.backward(d_apple_price)
    d_orange, d_orange_num = mul_orange.backward(d_orange_price)
    return d_apple, d_apple_num, d_orange, d_orange_num, d_tax


def test_backward_pass_right(capsys):
    assert_right(capsys, ch01.backward_pass, backward_pass)
    # the praise shows the learner's own Problem 2 gradients: 2.2, 110, 3.3, 165, 650
    assert ("d_apple 2.2, d_apple_num 110, d_orange 3.3, d_orange_num 165, d_tax 650"
            in ch01.backward_pass(backward_pass).message)


def wrong_dout_to_the_add(mul_apple, mul_orange, add_fruit, mul_tax):
    d_all_price, d_tax = mul_tax.backward(1)
    d_apple_price, d_orange_price = add_fruit.backward(d_tax)   # the wrong output
    return (*mul_apple.backward(d_apple_price), *mul_orange.backward(d_orange_price), d_tax)


def wrong_order(*nodes):
    d_apple, d_apple_num, d_orange, d_orange_num, d_tax = backward_pass(*nodes)
    return d_apple_num, d_apple, d_orange, d_orange_num, d_tax


def runs_forward_again(mul_apple, mul_orange, add_fruit, mul_tax):
    mul_tax.forward(mul_tax.x, mul_tax.y)
    return backward_pass(mul_apple, mul_orange, add_fruit, mul_tax)


def tax_node_twice(mul_apple, mul_orange, add_fruit, mul_tax):
    mul_tax.backward(1)
    return backward_pass(mul_apple, mul_orange, add_fruit, mul_tax)


def starts_at_the_items(mul_apple, mul_orange, add_fruit, mul_tax):
    mul_apple.backward(1)
    return backward_pass(mul_apple, mul_orange, add_fruit, mul_tax)


def from_what_the_layers_kept(mul_apple, mul_orange, add_fruit, mul_tax):
    """backward called, but the gradients computed beside it from layer.x and layer.y."""
    backward_pass(mul_apple, mul_orange, add_fruit, mul_tax)
    tax = mul_tax.y
    return (mul_apple.y * tax, mul_apple.x * tax, mul_orange.y * tax, mul_orange.x * tax,
            mul_tax.x * 1)


@pytest.mark.parametrize("wrong, hint_part", [
    (lambda *nodes: (2.2, 110, 3.3, 165, 650), "no layer ran backward"),   # pasted numbers
    (wrong_dout_to_the_add, "order of its forward's inputs"),
    (wrong_order, "wrong order"),
    (runs_forward_again, "call only their backward"),
    (tax_node_twice, "ran 2 time(s)"),
    (starts_at_the_items, "mul_tax's backward first"),
    (lambda *nodes: backward_pass(*nodes)[:4], "five numbers"),
    (lambda *nodes: None, "returns None"),
    (from_what_the_layers_kept, "not the ones your backward calls returned"),
])
def test_backward_pass_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch01.backward_pass, wrong, hint_part)


def test_backward_pass_hints_never_name_the_answer():
    for wrong in (wrong_dout_to_the_add, wrong_order, lambda *nodes: (0, 0, 0, 0, 0)):
        message = ch01.backward_pass(wrong).message
        assert not any(v in message for v in ("2.2", "110", "3.3", "165", "650")), message


def test_backward_pass_refuses_a_chain_run_only_for_show(capsys):
    def for_show(mul_apple, mul_orange, add_fruit, mul_tax):
        d_all_price, d_tax = mul_tax.backward(1)
        d_apple, d_apple_num = mul_apple.backward(d_all_price)
        d_orange, d_orange_num = mul_orange.backward(d_all_price)
        add_fruit.backward(d_all_price)
        return d_apple, d_apple_num, d_orange, d_orange_num, d_tax

    def not_handed_on(mul_apple, mul_orange, add_fruit, mul_tax):
        d_all_price, d_tax = mul_tax.backward(1)
        add_fruit.backward(d_all_price)
        d_apple, d_apple_num = mul_apple.backward(d_all_price)
        d_orange, d_orange_num = mul_orange.backward(d_all_price)
        return d_apple, d_apple_num, d_orange, d_orange_num, d_tax

    assert_not_yet(capsys, ch01.backward_pass, for_show, "before add_fruit")
    assert_not_yet(capsys, ch01.backward_pass, not_handed_on,
                   "you fed mul_apple the gradient mul_tax sent to all_price")

    def fed_the_apples(mul_apple, mul_orange, add_fruit, mul_tax):
        d_all_price, d_tax = mul_tax.backward(1)
        d_apple_price, d_orange_price = add_fruit.backward(d_all_price)
        d_apple, d_apple_num = mul_apple.backward(d_apple_price)
        d_orange, d_orange_num = mul_orange.backward(d_apple_price)   # the apples' gradient
        return d_apple, d_apple_num, d_orange, d_orange_num, d_tax

    assert_not_yet(capsys, ch01.backward_pass, fed_the_apples,
                   "you fed mul_orange the gradient add_fruit sent to apple_price")

    def own_number(mul_apple, mul_orange, add_fruit, mul_tax):
        d_all_price, d_tax = mul_tax.backward(1)
        d_apple_price, d_orange_price = add_fruit.backward(d_all_price)
        d_apple, d_apple_num = mul_apple.backward(d_apple_price)
        d_orange, d_orange_num = mul_orange.backward(mul_tax.y * 1.0)   # equal, not handed on
        return d_apple, d_apple_num, d_orange, d_orange_num, d_tax

    assert_not_yet(capsys, ch01.backward_pass, own_number, "not the one")
