"""teaching/shopping.py: chapter 01's measurement counts the forward passes central
differences run, and its explorer's readout divides the price's change by the move.

Expected numbers from the math of (apple * apple_num + orange * orange_num) * tax at
100, 2, 150, 3, 1.1: price 715; gradients 2.2, 110, 3.3, 165 and 650; two passes per input.
The measurement waits for the my_passes check, the red picture for the backward_pass check.
"""

import re

from layers import AddLayer, MulLayer
from teaching.checks.ch01 import backward_pass, gradients_by_hand, passes
from teaching.shopping import ChangeExplorer, backward_picture, measure, picture

BY_HAND = {"apple": 2.2, "apple_num": 110, "orange": 3.3, "orange_num": 165, "tax": 650}


def price_of(inputs):
    apple, apple_num, orange, orange_num, tax = inputs
    return MulLayer().forward(AddLayer().forward(MulLayer().forward(apple, apple_num),
                                                 MulLayer().forward(orange, orange_num)), tax)


def test_measure_counts_two_forward_passes_per_input(capsys):
    measure(price_of, passes(10))
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["central differences: apple 2.2, apple_num 110, orange 3.3, "
                     "orange_num 165, tax 650", "forward passes: 10"]


def test_measure_and_picture_wait_for_the_verdict_of_the_real_check(capsys):
    # a wrong or missing prediction is not enough: the check must say Right; until then
    # nothing is printed (the check's verdict right above asks for the prediction)
    for verdict in (passes(None), passes(5)):
        assert not verdict
        assert measure(price_of, verdict) is None
    for verdict in (backward_pass(None), backward_pass(lambda *nodes: (0, 0, 0, 0, 0))):
        assert not verdict
        assert backward_picture(verdict) is None
    assert capsys.readouterr().out == ""


def test_explorer_readout_hides_the_ratio_until_by_hand_is_right():
    explorer = ChangeExplorer(gradients_by_hand(dict.fromkeys(BY_HAND, 0)))
    explorer.controls["tax"].value = 1.2
    assert "price changed by 65 for a move of 0.1." in explorer.readout.value
    assert "per unit" not in explorer.readout.value and "650" not in explorer.readout.value


def test_explorer_readout_divides_the_change_by_the_move():
    explorer = ChangeExplorer(gradients_by_hand(BY_HAND))
    explorer.controls["tax"].value = 1.2          # 650 x 0.1 = 65 more: 780
    assert "price changed by 65 for a move of 0.1" in explorer.readout.value
    assert "= 650 per unit of tax" in explorer.readout.value
    explorer.controls["tax"].value = 1.1
    explorer.controls["apple"].value = 120        # 2 x 20 x 1.1 = 44 more: 759
    assert "44 / 20 = 2.2 per unit of apple" in explorer.readout.value
    assert abs(explorer.graph.values["price"] - 759) < 1e-9


def test_explorer_sliders_report_a_drag_once_on_release():
    # dragged continuously, the readout would divide only the drag's last step
    explorer = ChangeExplorer()
    assert explorer.controls
    assert not any(control.continuous_update for control in explorer.controls.values())


def labels(svg):
    return re.findall(r">([^<]+)</text>", svg.data)


def test_picture_draws_gradients_only_when_asked():
    forward, backward = labels(picture()), labels(picture(backward=True))
    assert "all price = 650" in forward and "165" not in forward   # orange_num's gradient
    # 1 at the price; the tax node's 1.1 to all price, copied by + to both item prices
    assert {"1", "165", "2.2"} <= set(backward) and backward.count("1.1") == 4


def test_backward_picture_shows_the_pass_once_backward_pass_is_right():
    def right(mul_apple, mul_orange, add_fruit, mul_tax):
        d_all_price, d_tax = mul_tax.backward(1)
        d_apple_price, d_orange_price = add_fruit.backward(d_all_price)
        return (*mul_apple.backward(d_apple_price), *mul_orange.backward(d_orange_price),
                d_tax)
    verdict = backward_pass(right)
    assert verdict
    assert labels(backward_picture(verdict)) == labels(picture(backward=True))
