"""teaching/shopping.py: chapter 01's measurement counts the forward passes central
differences run, and its explorer's readout divides the price's change by the move.

Expected numbers from the math of (apple * apple_num + orange * orange_num) * tax at
100, 2, 150, 3, 1.1: price 715; gradients 2.2, 110, 3.3, 165 and 650; two passes per input.
"""

import re

from layers import AddLayer, MulLayer
from teaching.checks.ch01 import gradients_by_hand
from teaching.reveal import PLEASE
from teaching.shopping import WAITING, ChangeExplorer, backward_picture, measure, picture

BY_HAND = {"apple": 2.2, "apple_num": 110, "orange": 3.3, "orange_num": 165, "tax": 650}


def price_of(inputs):
    apple, apple_num, orange, orange_num, tax = inputs
    return MulLayer().forward(AddLayer().forward(MulLayer().forward(apple, apple_num),
                                                 MulLayer().forward(orange, orange_num)), tax)


def test_measure_counts_two_forward_passes_per_input(capsys):
    measure(price_of, BY_HAND, True)
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == "forward passes: 10"
    assert lines[0].split() == ["d", "price", "/", "d", "apple", "=", "2.2", "(yours:", "2.2)"]
    assert lines[4].split()[6] == "650"


def test_measure_waits_for_a_right_prediction(capsys):
    # any numbers (zeros too) are not enough: the check of by_hand must say Right
    for by_hand, right in [(dict(BY_HAND, tax=None), False), (dict.fromkeys(BY_HAND, 0), False)]:
        assert measure(price_of, by_hand, right) is None
        assert capsys.readouterr().out.strip() == PLEASE.format(name=WAITING)


def test_measure_and_picture_wait_for_the_verdict_of_the_real_check(capsys):
    zeros = dict.fromkeys(BY_HAND, 0)
    verdict = gradients_by_hand(zeros)
    assert not verdict
    assert backward_picture(zeros, verdict) is None
    assert gradients_by_hand(BY_HAND)


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


def test_backward_picture_waits_for_a_right_prediction(capsys):
    # its red numbers at the inputs are the gradients by_hand asks for
    assert backward_picture(dict(BY_HAND, tax=None), False) is None
    assert backward_picture(BY_HAND, False) is None
    assert capsys.readouterr().out.split("\n")[:2] == [PLEASE.format(name=WAITING)] * 2
    assert labels(backward_picture(BY_HAND, True)) == labels(picture(backward=True))


def test_please_asks_for_by_hand():
    from teaching import shopping
    assert "by_hand (its check must say Right)" in shopping.PLEASE
