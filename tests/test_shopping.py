"""teaching/shopping.py: chapter 01's reveals wait for a Right verdict, its explorer's readout
sets the price's change beside the gradients' prediction, and its measurement counts what it
says.

Expected numbers from the math of (apple * apple_num + orange * orange_num) * tax at
100, 2, 150, 3, 1.1: price 715; gradients 2.2, 110, 3.3, 165 and 650; two central-difference
passes per input, 10; four layers, four backward calls.  Apple +20 and tax +0.1 together:
690 x 1.2 - 715 = 113 = 2.2 x 20 + 650 x 0.1 + 4.  The reused pass (Problem 1's graph on
3 apples at 120, tax 1.08, one MulLayer left holding (360, 1.08)): d_tax 360,
d_apple 1.08 x 1.08 = 1.1664, d_apple_num 1.08 x 360 = 388.8.
"""

import re

from layers import MulLayer
from teaching import reveal
from teaching.checks.ch01 import (
    backward_pass,
    gradients_by_hand,
    reused_outputs,
    two_moves,
)
from teaching.shopping import (
    ChangeExplorer,
    apples_backward,
    backward_picture,
    explorer,
    measure,
    outputs_of,
    picture,
)

BY_HAND = {"apple_num": 110, "orange": 3.3, "orange_num": 165, "tax": 650}
# apple at 120: the tax multiplies 240 + 450 = 690; the extra of the moves (20, 0.1) is
# 2 x 20 x 0.1 = 4, of (10, 0.05) 1
TOGETHER = {"d_tax_at_120": 690, "extra": 4, "extra_halved": 1}


def right_backward(mul_apple, mul_orange, add_fruit, mul_tax):
    d_all_price, d_tax = mul_tax.backward(1)
    d_apple_price, d_orange_price = add_fruit.backward(d_all_price)
    return (*mul_apple.backward(d_apple_price), *mul_orange.backward(d_orange_price), d_tax)


REUSED = {"d_apple": 1.1664, "d_apple_num": 388.8, "d_tax": 360}


def reused(apple, apple_num, tax):
    mul = MulLayer()
    mul.forward(mul.forward(apple, apple_num), tax)
    d_apple_price, d_tax = mul.backward(1)
    return (*mul.backward(d_apple_price), d_tax)


def test_measure_shows_central_differences_only_in_the_lecture_view(capsys, monkeypatch):
    # in a notebook the learner measures: nothing added, right or not
    assert measure(gradients_by_hand(BY_HAND)) is None and measure(None) is None
    assert capsys.readouterr().out == ""
    # in the lecture view nobody writes price_of: the numbers behind a button
    monkeypatch.setenv(reveal.LECTURE, "1")
    shows = []
    monkeypatch.setattr(reveal, "answer_button", lambda show: shows.append(show) or "")
    measure(None)
    capsys.readouterr()
    shows[0]()
    assert capsys.readouterr().out == ("central differences: apple 2.2, apple_num 110, "
                                       "orange 3.3, orange_num 165, tax 650 "
                                       "(10 forward passes)\n")


def test_outputs_of_runs_the_pass_on_the_exercises_basket_once_the_prediction_is_right(capsys):
    outputs_of(reused_outputs(REUSED), reused)
    # below them Problem 1's gradient there by central differences: 3 x 1.08, 120 x 1.08, 360
    assert capsys.readouterr().out == ("d_apple 1.1664, d_apple_num 388.8, d_tax 360\n"
                                       "central differences: d_apple 3.24, d_apple_num 129.6, "
                                       "d_tax 360\n")


def test_reveals_wait_for_the_verdict_of_the_real_check(capsys):
    # a wrong or missing answer is not enough: the check must say Right; until then
    # nothing of the answer is shown, at most a line naming the check it waits for
    for verdict in (backward_pass(None), backward_pass(lambda *nodes: (0, 0, 0, 0, 0))):
        assert not verdict
        assert backward_picture(verdict, right_backward) is None
        assert capsys.readouterr().out == "Shown once backward_pass's check says Right.\n"
    for by_hand, together in (
            (BY_HAND, dict(TOGETHER, extra=5)), (None, None),
            (dict.fromkeys(BY_HAND, 0), TOGETHER), (BY_HAND, None),
            (BY_HAND, dict(TOGETHER, extra_halved=2))):
        assert not (gradients_by_hand(by_hand) and two_moves(together))
        assert explorer(by_hand, together) is None
        assert capsys.readouterr().out == (
            "Shown once the checks of by_hand and together say Right.\n")
    for by_hand in (None, dict(BY_HAND, tax=715)):
        assert apples_backward(by_hand) is None
        assert capsys.readouterr().out == "Shown once by_hand's check says Right.\n"
        assert measure(gradients_by_hand(by_hand)) is None
    for verdict in (reused_outputs(None), reused_outputs(dict(REUSED, d_apple=3.24))):
        assert not verdict
        assert outputs_of(verdict, reused) is None
    assert capsys.readouterr().out == ""


def test_explorer_opens_once_by_hand_and_together_are_right():
    assert isinstance(explorer(BY_HAND, TOGETHER), ChangeExplorer)


def grad_labels(ex):
    return dict(re.findall(r'class="g-grad[^"]*" data-edge="([^"]*)"[^>]*>([^<]*)<', ex.view.value))


def test_explorer_draws_only_the_inputs_gradients():
    # the inner edges' gradients come with the backward pass, taught after the explorer
    ex = ChangeExplorer()
    assert grad_labels(ex) == {"apple": "2.2", "apple_num": "110", "orange": "3.3",
                               "orange_num": "165", "tax": "650"}
    ex.controls["tax"].value = 1.2     # also changes all price's gradient, not drawn or listed
    # 2 x 1.2 = 2.4, 100 x 1.2 = 120, 3 x 1.2 = 3.6, 150 x 1.2 = 180; the subtotal still 650
    assert grad_labels(ex) == {"apple": "2.4", "apple_num": "120", "orange": "3.6",
                               "orange_num": "180", "tax": "650"}
    assert ex.grad_changed == {"apple", "apple_num", "orange", "orange_num"}
    assert ("(bold): dL/dapple, dL/dapple num, dL/dorange, dL/dorange num." in
            ex.readout.value)


def test_explorer_readout_sets_the_change_beside_the_gradients_prediction():
    ex = ChangeExplorer()
    ex.controls["apple"].value = 120        # 2 x 20 x 1.1 = 44 more: 759, no extra
    assert "predicts 2.2 × 20 = 44; the price moved 44: <b>extra 0</b>" in ex.readout.value
    assert abs(ex.graph.values["price"] - 759) < 1e-9
    assert "price changed by 44 for this move of 20: 2.2 per unit of apple" in ex.readout.value
    # the gradients stay live: at apple 120 the tax multiplies 2 x 120 + 450 = 690, the
    # count 120 x 1.1 = 132 (was 650 and 110); both drawn in bold
    assert "dL/dapple num = 132" in ex.readout.value and "dL/dtax = 690" in ex.readout.value
    assert "(bold): dL/dapple num, dL/dtax." in ex.readout.value
    assert ex.controls["dout"] not in ex.widget.children[0].children   # no dout slider shown
    ex.controls["tax"].value = 1.2          # 690 x 1.2 = 828 = 715 + 44 + 65 + 4
    # at apple 120 the tax multiplies the subtotal 240 + 450 = 690: 69 for 0.1
    assert "changed by 69 for this move of 0.1: 690 per unit of tax" in ex.readout.value
    assert "predicts 2.2 × 20 + 650 × 0.1 = 109; the price moved 113: <b>extra 4</b>" in \
        ex.readout.value
    ex.controls["tax"].value = 1.1
    ex.controls["orange"].value = 200       # apple and orange meet only at +: no extra
    assert "2.2 × 20 + 3.3 × 50 = 209; the price moved 209: <b>extra 0</b>" in ex.readout.value
    ex.controls["apple"].value = 100
    ex.controls["orange"].value = 150
    ex.controls["apple_num"].value = 3      # one move back at the start alone: no readout
    ex.controls["apple_num"].value = 2
    assert "predict" not in ex.readout.value


def test_explorer_sliders_report_a_drag_once_on_release():
    # dragged continuously, the readout would divide only the drag's last step
    ex = ChangeExplorer()
    assert ex.controls
    assert not any(control.continuous_update for control in ex.controls.values())


def labels(svg):
    return re.findall(r">([^<]+)</text>", svg.data)


def test_picture_draws_gradients_only_when_asked():
    forward, backward = labels(picture()), labels(picture(backward=True))
    # the subtotal, named as in the code, not orange_num's gradient
    assert "all price = 650" in forward and "165" not in forward
    assert "all price = 650" in backward and backward.count("650") == 1   # tax's red 650
    # 1 at the price; the tax node's 1.1 to all price, copied by + to both item prices
    assert {"1", "165", "2.2"} <= set(backward) and backward.count("1.1") == 4
    # Problem 1 backward: 1 at the price, 1.1 to the 200 edge, 200 to the tax, then
    # 1.1 x 2 = 2.2 to the apple price and 1.1 x 100 = 110 to the count
    apples = labels(picture(backward=True, apples_only=True))
    assert {"1", "200", "2.2", "110"} <= set(apples) and "650" not in apples


def test_apples_backward_shows_problem_1_once_by_hand_is_right():
    assert labels(apples_backward(BY_HAND)) == labels(picture(backward=True, apples_only=True))


def test_backward_picture_shows_the_pass_once_backward_pass_is_right(capsys):
    verdict = backward_pass(right_backward)
    assert verdict
    assert labels(backward_picture(verdict, right_backward)) == labels(picture(backward=True))
    out = capsys.readouterr().out
    prefix = "largest difference between your pass and central differences: "
    first, *counts = out.splitlines()
    assert first.startswith(prefix) and float(first[len(prefix):]) < 1e-7, out
    # two forward passes per input, for this graph's five inputs only
    assert counts == ["central differences: 2 forward passes per input, 10 for these 5.",
                      "backpropagation: one forward and one backward pass."], out


def test_outputs_of_reports_a_pass_that_raises_without_a_traceback(capsys):
    def crashes(*nodes):
        return 1 / 0
    outputs_of(reused_outputs(REUSED), crashes)
    assert capsys.readouterr().out == "crashes raised ZeroDivisionError: division by zero\n"


def test_backward_picture_behind_the_lecture_button_needs_no_pass(capsys):
    def template(*nodes):
        raise NotImplementedError("YOUR CODE")
    # the lecture view computes the answer from the untouched template: the picture alone
    assert labels(backward_picture(backward_pass(right_backward), template)) == \
        labels(picture(backward=True))
    assert "raised" not in capsys.readouterr().out


def test_back_to_the_start_restores_the_books_basket_and_no_step_buttons_are_shown():
    ex = ChangeExplorer()
    shown = [b.description for b in ex.widget.children[1].children]
    assert shown == ["Back to the start"]          # no Step, Reset or Run all of the pass
    ex.controls["apple"].value = 120
    ex.controls["tax"].value = 1.2
    ex.back_to_start()
    assert {k: ex.controls[k].value for k in ("apple", "apple_num", "orange", "orange_num",
                                               "tax")} == {"apple": 100, "apple_num": 2,
                                                           "orange": 150, "orange_num": 3,
                                                           "tax": 1.1}
    assert abs(ex.graph.values["price"] - 715) < 1e-9   # 1.1 x (2 x 100 + 3 x 150)
    assert "dL/dtax = 650" in ex.readout.value
    # the readout is the start's, not the last slider the reset moved
    assert "Move a slider" in ex.readout.value and "changed by" not in ex.readout.value
