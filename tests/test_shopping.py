"""teaching/shopping.py: chapter 01's reveals wait for a Right verdict, its explorer's readout
divides the price's change by the move, and its measurement counts what it says.

Expected numbers from the math of (apple * apple_num + orange * orange_num) * tax at
100, 2, 150, 3, 1.1: price 715; gradients 2.2, 110, 3.3, 165 and 650; three × nodes: 3
products forward, 6 backward, 9 = three forward passes; two central-difference passes per
input, 10.  tax 1.1 -> 1.2: the item gradients 2 x 1.2 = 2.4, 100 x 1.2 = 120, 3 x 1.2 =
3.6, 150 x 1.2 = 180; d_tax stays the subtotal 650.
"""

import re

from teaching.checks.ch01 import (
    backward_pass,
    cost,
    gradients_by_hand,
    new_tax_gradients,
    two_moves,
)
from teaching.shopping import (
    ChangeExplorer,
    backward_picture,
    explorer,
    gradient_changes,
    measure,
    picture,
)

BY_HAND = {"apple_num": 110, "orange": 3.3, "orange_num": 165, "tax": 650}
# apple at 120: the tax multiplies 240 + 450 = 690; the extra of the moves (20, 0.1) is
# 2 x 20 x 0.1 = 4, of (10, 0.05) 1
TOGETHER = {"tax_rate": 690, "extra": 4, "extra_halved": 1}


def right_backward(mul_apple, mul_orange, add_fruit, mul_tax):
    d_all_price, d_tax = mul_tax.backward(1)
    d_apple_price, d_orange_price = add_fruit.backward(d_all_price)
    return (*mul_apple.backward(d_apple_price), *mul_orange.backward(d_orange_price), d_tax)


NEW_TAX = {"d_apple": 2.4, "d_apple_num": 120, "d_orange": 3.6, "d_orange_num": 180,
           "d_tax": 650}


def test_measure_counts_products_and_two_forward_passes_per_input(capsys):
    measure(cost(lambda k: (2 * k + 2, 3, 4 * k + 2)))
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["products made by the layers: forward 3, backward 6, together 9 = 3 "
                     "forward passes",
                     "central differences: apple 2.2, apple_num 110, orange 3.3, "
                     "orange_num 165, tax 650", "forward passes: 10"]


def test_gradient_changes_prints_the_layers_gradients_before_and_after(capsys):
    gradient_changes(new_tax_gradients(NEW_TAX), tax=1.2)
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "tax 1.1 -> 1.2:"
    assert re.search(r"d_apple\s+2.2 -> 2.4\n", out) and re.search(r"d_tax\s+650 -> 650", out)
    assert re.search(r"d_orange_num\s+165 -> 180\n", out)


def test_reveals_wait_for_the_verdict_of_the_real_check(capsys):
    # a wrong or missing answer is not enough: the check must say Right; until then
    # nothing is shown (the check's verdict right above asks for the answer)
    for verdict in (cost(None), cost(lambda k: (0, 0, 0))):
        assert not verdict
        assert measure(verdict) is None
    for verdict in (backward_pass(None), backward_pass(lambda *nodes: (0, 0, 0, 0, 0))):
        assert not verdict
        assert backward_picture(verdict) is None
    for by_hand, together in ((None, None), (dict.fromkeys(BY_HAND, 0), TOGETHER),
                              (BY_HAND, None), (BY_HAND, dict(TOGETHER, extra_halved=2))):
        assert not (gradients_by_hand(by_hand) and two_moves(together))
        assert explorer(by_hand, together) is None
    for verdict in (new_tax_gradients(None), new_tax_gradients(dict(NEW_TAX, d_tax=780))):
        assert not verdict
        assert gradient_changes(verdict, tax=1.2) is None
    assert capsys.readouterr().out == ""


def test_explorer_opens_once_by_hand_and_together_are_right():
    assert isinstance(explorer(BY_HAND, TOGETHER), ChangeExplorer)


def test_explorer_readout_divides_the_change_by_the_move():
    ex = ChangeExplorer()
    ex.controls["tax"].value = 1.2          # 650 x 0.1 = 65 more: 780
    assert "price changed by 65 for a move of 0.1: 65 / 0.1 = 650 per unit of tax" in \
        ex.readout.value
    ex.controls["tax"].value = 1.1
    ex.controls["apple"].value = 120        # 2 x 20 x 1.1 = 44 more: 759
    assert "44 / 20 = 2.2 per unit of apple" in ex.readout.value
    assert abs(ex.graph.values["price"] - 759) < 1e-9
    ex.controls["apple"].value = 100
    ex.controls["apple_num"].value = 3      # 100 x 1.1 = 110 more
    assert "110 / 1 = 110 per unit of apple num" in ex.readout.value


def test_explorer_tax_rate_changes_once_apple_stands_at_120():
    # the chapter: with apple left at 120, tax 1.1 -> 1.2 no longer gives 650 per unit:
    # the subtotal is now 240 + 450 = 690, and 690 x 0.1 = 69
    ex = ChangeExplorer()
    ex.controls["apple"].value = 120
    ex.controls["tax"].value = 1.2
    assert "69 / 0.1 = 690 per unit of tax" in ex.readout.value


def test_explorer_sliders_report_a_drag_once_on_release():
    # dragged continuously, the readout would divide only the drag's last step
    ex = ChangeExplorer()
    assert ex.controls
    assert not any(control.continuous_update for control in ex.controls.values())


def labels(svg):
    return re.findall(r">([^<]+)</text>", svg.data)


def test_picture_draws_gradients_only_when_asked():
    forward, backward = labels(picture()), labels(picture(backward=True))
    assert "all price = 650" in forward and "165" not in forward   # orange_num's gradient
    # 1 at the price; the tax node's 1.1 to all price, copied by + to both item prices
    assert {"1", "165", "2.2"} <= set(backward) and backward.count("1.1") == 4
    # Problem 1 backward: 1 at the price, 1.1 to the 200 edge, 200 to the tax, then
    # 1.1 x 2 = 2.2 to the apple price and 1.1 x 100 = 110 to the count
    apples = labels(picture(backward=True, apples_only=True))
    assert {"1", "200", "2.2", "110"} <= set(apples) and "650" not in apples


def test_backward_picture_shows_the_pass_once_backward_pass_is_right():
    verdict = backward_pass(right_backward)
    assert verdict
    assert labels(backward_picture(verdict)) == labels(picture(backward=True))
