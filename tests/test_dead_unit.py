"""The dead-unit explorer of chapter 05 (teaching/dead_unit.py) shows what its caption says.

A unit relu(w x + b) on a batch passes sample i when w x_i + b > 0 (0 at the kink: the book's
mask z <= 0); its gradients are dL/dw = sum_i dz_i x_i and dL/db = sum_i dz_i with dz_i = dout_i
where the sample passes and 0 elsewhere.  So it is dead, both gradients exactly 0, as soon as
b <= -max_i(w x_i).  The explorer's loss is L = sum_i y_i (dout = 1): one step at lr 0.1 from
w = 1.5, b = -1 (ten samples pass, those with x > 2/3) gives b = -1 - 0.1 * 10 = -2 and
w < 1.5 - 0.1 * 10 * 2/3 = 0.83, so w x - 2 < 0 for every x < 2: dead, and a step moves nothing.
"""

import numpy as np
import pytest

from teaching import dead_unit, style
from teaching.dead_unit import (
    BATCH,
    UPSTREAM,
    DeadUnitExplorer,
    dead_unit_figure,
    dead_unit_values,
    gradient_step,
)


def test_batch_is_the_chapters():
    rng = np.random.default_rng(0)          # the cell in notebooks/src/05_relu.py draws the same
    assert (BATCH == rng.uniform(-1.0, 2.0, size=20)).all()
    assert (UPSTREAM == rng.normal(size=20)).all()


@pytest.mark.parametrize("w, b", [(1.5, -1.0), (-2.0, 0.5), (0.7, 1.3), (3.0, -5.0)])
def test_values_follow_the_math(w, b):
    v = dead_unit_values(w, b, dout=UPSTREAM)
    z = w * BATCH + b
    dz = np.where(z > 0, UPSTREAM, 0.0)
    assert dead_unit_values(w, b)["db"] == np.count_nonzero(z > 0)    # dout = 1: db counts
    assert v["count"] == np.count_nonzero(z > 0)
    assert v["dw"] == pytest.approx(np.sum(dz * BATCH), abs=1e-12)
    assert v["db"] == pytest.approx(np.sum(dz), abs=1e-12)


def test_the_unit_dies_exactly_at_minus_the_largest_w_x():
    for w in (1.5, -2.0, 0.5):
        edge = -np.max(w * BATCH)
        dead = dead_unit_values(w, edge)
        assert dead["count"] == 0 and dead["dw"] == 0.0 and dead["db"] == 0.0
        alive = dead_unit_values(w, edge + 1e-6)
        assert alive["count"] == 1 and alive["db"] != 0.0


def test_things_to_try_lowering_b_turns_the_points_grey_and_the_readout_says_dead():
    ex = DeadUnitExplorer(w=1.5, b=-1.0)
    assert ex.values["count"] == 10                   # "half the samples pass" at b = -1
    assert "alive" in ex.readout.value
    counts = []
    for b in np.round(np.arange(-1.0, -5.01, -0.1), 10):
        ex.controls["b"].value = b
        counts.append(ex.values["count"])
        assert len(ex.marks["pass"].x) == ex.values["count"]
        assert len(ex.marks["blocked"].x) == 20 - ex.values["count"]
    assert counts == sorted(counts, reverse=True) and counts[-1] == 0
    assert "dead" in ex.readout.value and ex.values["dw"] == ex.values["db"] == 0.0
    assert ex.figure.title == "0 of 20 samples pass"


def test_things_to_try_negative_w_lets_the_small_x_pass():
    ex = DeadUnitExplorer(w=1.5, b=-1.0)
    ex.controls["w"].value = -1.5
    passing = BATCH[ex.values["passing"]]
    blocked = BATCH[~ex.values["passing"]]
    assert passing.max() < blocked.min()              # the small x pass now


def test_points_beyond_the_range_are_drawn_at_its_edge():
    ex = DeadUnitExplorer(w=3.0, b=5.0)               # outputs up to 11, drawn at 6
    assert max(ex.marks["pass"].y) == dead_unit.Y_RANGE[1]
    assert max(ex.marks["output"].y) == dead_unit.Y_RANGE[1]


def test_the_picture_shows_each_samples_output_and_the_gradient_it_sends_back():
    # along x: the output relu(w x + b); a passing sample at (x, w x + b) with dz = dout in
    # red; a blocked one at (x, 0) and no red point: when the unit dies, the red points vanish
    ex = DeadUnitExplorer(w=1.5, b=-1.0, dout=-1.0)
    passing = BATCH > 2 / 3
    np.testing.assert_allclose(sorted(ex.marks["pass"].x), np.sort(BATCH[passing]))
    np.testing.assert_allclose(sorted(ex.marks["pass"].y), np.sort(1.5 * BATCH[passing] - 1.0))
    assert list(ex.marks["blocked"].y) == [0.0] * 10
    assert sorted(ex.marks["grad"].x) == sorted(BATCH[passing])
    assert list(ex.marks["grad"].y) == [-1.0] * 10
    xs = np.asarray(ex.marks["output"].x)
    np.testing.assert_allclose(ex.marks["output"].y, np.minimum(np.maximum(1.5 * xs - 1.0, 0),
                                                                dead_unit.Y_RANGE[1]))
    ex.controls["b"].value = -3.0
    assert len(ex.marks["grad"].x) == 0 and len(ex.marks["pass"].x) == 0
    assert max(ex.marks["output"].y[(xs > -1) & (xs < 2)]) == 0.0


def test_static_picture_is_a_png_and_the_text_names_the_explorer():
    ex = DeadUnitExplorer()
    assert set(ex.static()) == {"image/png"}
    assert "Dead-unit explorer" in repr(ex)
    assert dead_unit_figure(1.5, -4.0).axes[0].get_title().startswith("0 of 20 samples pass")


def test_one_gradient_step_kills_the_unit_and_the_next_moves_nothing():
    ex = DeadUnitExplorer(w=1.5, b=-1.0, lr=0.1)
    assert ex.values["count"] == 10 and ex.values["db"] == 10.0
    ex.step_button.click()
    passing = BATCH[BATCH > 2 / 3]                     # the ten samples that passed
    assert ex.values["b"] == pytest.approx(-2.0)
    assert ex.values["w"] == pytest.approx(1.5 - 0.1 * passing.sum())
    assert ex.values["w"] < 1.5 - 0.1 * 10 * 2 / 3
    assert ex.values["count"] == 0 and "dead" in ex.readout.value
    assert ex.controls["b"].value == pytest.approx(-2.0)       # the slider followed the step
    before = (ex.values["w"], ex.values["b"])
    ex.step_button.click()
    assert (ex.values["w"], ex.values["b"]) == before
    assert "moved nothing" in ex.readout.value
    ex.controls["b"].value = 1.0                       # a hand move clears the step's line
    assert "step" not in ex.readout.value.split("<br>")[-1]


def test_a_step_leaving_the_sliders_range_says_so():
    w, b = gradient_step(-5.0, 8.0, 0.3)
    assert w < dead_unit.W_RANGE[0]
    ex = DeadUnitExplorer(w=-5.0, b=8.0, lr=0.3)
    ex.step()
    assert ex.values["w"] == dead_unit.W_RANGE[0] and "slider's end" in ex.readout.value


def test_things_to_try_the_last_point_turns_grey_with_the_largest_x_on_the_kink():
    edge = -np.max(1.5 * BATCH)                        # b at which w max(x) + b = 0
    assert -2.8 < edge < -2.7                          # the slider's 0.1 steps bracket it
    assert dead_unit_values(1.5, -2.7)["count"] == 1
    assert dead_unit_values(1.5, -2.8)["count"] == 0


def test_things_to_try_dout_minus_one_from_the_start_raises_w_and_b_and_wakes_the_small_x():
    # dout = -1 from w = 1.5, b = -1: the passing samples send back -1, so a step adds
    # 0.1 * (their count) to b and 0.1 * (their sum) to w. Step 1: b = 0 and w > 0, so exactly
    # the positive x pass. Step 2: b = 1.3 (13 passed), and x passes iff x > -1.3 / w; w grows
    # with b, so the samples near -1 stay blocked
    ex = DeadUnitExplorer(w=1.5, b=-1.0, lr=0.1, dout=-1.0)
    w1 = 1.5 + 0.1 * BATCH[BATCH > 2 / 3].sum()
    ex.step()
    assert (ex.values["w"], ex.values["b"]) == pytest.approx((w1, 0.0))
    assert ex.values["count"] == np.count_nonzero(BATCH > 0) == 13
    w2 = w1 + 0.1 * BATCH[BATCH > 0].sum()
    ex.step()
    assert (ex.values["w"], ex.values["b"]) == pytest.approx((w2, 1.3))
    assert ex.values["count"] == np.count_nonzero(BATCH > -1.3 / w2) == 15
    assert -0.4 < -1.3 / w2 and np.count_nonzero(BATCH < -0.4) == 5


def test_things_to_try_dout_minus_one_moves_an_alive_unit_up_and_a_dead_one_not_at_all():
    # dout = -1: L = -sum y, so dL/db = -(number passing) and a step raises b by lr * count
    ex = DeadUnitExplorer(w=1.5, b=-1.0, lr=0.1, dout=-1.0)
    assert ex.values["db"] == -10.0 and "dout = -1" in ex.readout.value
    ex.step()
    assert ex.values["b"] == pytest.approx(-1.0 + 0.1 * 10)
    # the chapter's large step with dout = +1 kills the unit; then dout = -1 moves nothing
    ex = DeadUnitExplorer(w=1.5, b=-1.0, lr=0.1)
    ex.step()
    assert ex.values["count"] == 0
    dead = (ex.values["w"], ex.values["b"])
    ex.controls["dout"].value = -1.0
    assert "\u2192" not in ex.readout.value           # toggling clears the step's line
    ex.step()
    assert (ex.values["w"], ex.values["b"]) == dead and "moved nothing" in ex.readout.value
    assert gradient_step(*dead, 0.1, dout=-1.0) == dead


def test_the_static_picture_follows_the_dout_toggle_and_states_no_gradient():
    # dout = -1: each of the ten passing samples sends back dz = -1 (red triangles, in the
    # strip below); the title gives the count only, so the stored picture never shows dL/dw
    top, strip = dead_unit_figure(1.5, -1.0, dout=-1.0).axes
    red = [line for line in strip.get_lines() if line.get_marker() == "^"]
    assert len(red) == 1 and list(red[0].get_ydata()) == [-1.0] * 10
    assert top.get_title() == "10 of 20 samples pass"


def test_dz_has_a_strip_of_its_own_below_the_outputs_sharing_x():
    # the outputs (0 or w x + b >= 0) and dz (dout or 0) are different quantities: no red
    # point is drawn on the outputs' y axis, and the strip shares the x axis
    top, strip = dead_unit_figure(1.5, -1.0).axes
    assert not [line for line in top.get_lines() if line.get_marker() == "^"]
    assert strip.get_shared_x_axes().joined(top, strip)
    assert strip.get_ylim() == dead_unit.GRAD_AXES.y and top.get_ylim() == dead_unit.Y_RANGE
    assert top.get_position().y0 > strip.get_position().y1               # the strip is below
    grey = [line for line in strip.get_lines() if line.get_marker() == "o"]
    assert len(grey) == 1 and list(grey[0].get_ydata()) == [0.0] * 10   # blocked: dz = 0
    ex = DeadUnitExplorer(w=1.5, b=-1.0)
    figure_of = {id(mark): fig for fig in ex.plots for mark in fig.marks}
    assert figure_of[id(ex.marks["grad"])] is ex.strip is figure_of[id(ex.marks["zero"])]
    assert figure_of[id(ex.marks["pass"])] is ex.figure
    assert ex.marks["grad"].scales["x"] is ex.marks["pass"].scales["x"]
    assert ex.marks["grad"].scales["y"] is not ex.marks["pass"].scales["y"]
    assert list(ex.marks["zero"].y) == [0.0] * 10 and list(ex.marks["grad"].y) == [1.0] * 10
    ex.controls["b"].value = -3.0                       # dead: every sample at dz = 0, grey
    assert len(ex.marks["grad"].x) == 0 and list(ex.marks["zero"].y) == [0.0] * 20


def test_the_largest_lr_that_survives_the_first_step():
    # one step with dout = 1 from w = 1.5, b = -1 (ten samples pass, sum S of their x): w falls
    # to 1.5 - lr S, b to -1 - 10 lr; with w > 0 the largest x stays open longest, while
    # (1.5 - lr S) x_max - 1 - 10 lr > 0, i.e. lr < (1.5 x_max - 1) / (S x_max + 10)
    passing = BATCH[1.5 * BATCH - 1 > 0]
    assert passing.size == 10
    bound = (1.5 * BATCH.max() - 1) / (passing.sum() * BATCH.max() + 10)
    assert 0.04 < bound < 0.05                         # the slider's 0.01 steps bracket it
    for lr, survives in ((0.04, True), (0.05, False)):
        ex = DeadUnitExplorer(w=1.5, b=-1.0, lr=lr)
        ex.step_button.click()
        assert ex.values["w"] > 0 and (ex.values["count"] > 0) == survives


def test_target_option_swaps_the_loss_for_half_the_squared_error():
    # target (w_t, b_t): t = relu(w_t x + b_t), L = 1/2 sum (y - t)^2, so dz = y - t where the
    # sample passes and 0 where it is blocked; dL/dw = sum dz x, dL/db = sum dz
    w, b, target = 1.5, -1.0, (0.25, 0.25)
    t = np.maximum(0.25 * BATCH + 0.25, 0.0)
    y = np.maximum(w * BATCH + b, 0.0)
    dz = np.where(w * BATCH + b > 0, y - t, 0.0)
    v = dead_unit_values(w, b, target=target)
    np.testing.assert_allclose(v["dz"], dz, rtol=0, atol=1e-12)
    assert v["dw"] == pytest.approx(np.sum(dz * BATCH)) and v["db"] == pytest.approx(dz.sum())
    assert dead_unit_values(w, b)["db"] == 10.0        # the default loss is unchanged
    ex = DeadUnitExplorer(w=w, b=b, target=target)
    assert "dout" not in ex.controls and "y \u2212 t" in ex.readout.value
    assert dead_unit.targets(target).tolist() == t.tolist()


def test_target_option_lr_0_1_kills_the_unit_and_lr_0_01_keeps_it_alive():
    # the chapter's caption: from w = 1.5, b = -1 one step at lr 0.1 moves w and b by -0.1 times
    # their gradients, past every sample (w x + b < 0 for the largest x); then nothing moves.
    # At lr 0.01 the unit keeps passing samples step after step.
    target = (0.25, 0.25)
    v = dead_unit_values(1.5, -1.0, target=target)
    ex = DeadUnitExplorer(w=1.5, b=-1.0, lr=0.1, target=target)
    ex.step()
    w, b = 1.5 - 0.1 * v["dw"], -1.0 - 0.1 * v["db"]
    assert ex.values["w"] == pytest.approx(w) and ex.values["b"] == pytest.approx(b)
    assert w * BATCH.max() + b < 0 and ex.values["count"] == 0
    ex.step()
    assert "moved nothing" in ex.readout.value
    ex = DeadUnitExplorer(w=1.5, b=-1.0, lr=0.01, target=target)
    for _ in range(50):
        ex.step()
        assert ex.values["count"] > 0
    top, _ = dead_unit_figure(1.5, -1.0, target=target).axes
    assert len(top.lines) == 1 + 1 + 2                 # target line, output line, two groups


def test_the_chapters_lr_edge_shows_in_one_step():
    # chapter 5 tests my_lr_edge (about 0.0932) here: one step at lr 0.09 leaves the last
    # samples passing, one at lr 0.1 blocks them all
    for lr, alive in ((0.09, True), (0.1, False)):
        ex = DeadUnitExplorer(w=1.5, b=-1.0, lr=lr, target=(0.25, 0.25))
        ex.step()
        assert (ex.values["count"] > 0) == alive


def test_the_lr_slider_brackets_the_chapters_lr_edge_with_the_target_loss():
    # from w = 1.5, b = -1 on the target loss the largest x passes last after one step while
    # (1.5 - lr dL/dw) x_max - 1 - lr dL/db > 0: lr < (1.5 x_max - 1) / (dL/dw x_max + dL/db)
    target = (0.25, 0.25)
    v = dead_unit_values(1.5, -1.0, target=target)
    edge = (1.5 * BATCH.max() - 1) / (v["dw"] * BATCH.max() + v["db"])
    assert 0.093 < edge < 0.094                        # the slider's 0.001 steps bracket it
    for lr, passing in ((0.093, 1), (0.094, 0)):
        ex = DeadUnitExplorer(w=1.5, b=-1.0, lr=0.05, target=target)
        ex.controls["lr"].value = lr                   # as typed into the slider's box
        assert ex.controls["lr"].value == lr and ex.controls["lr"].readout_format == ".3f"
        ex.step_button.click()
        assert ex.values["count"] == passing


def test_a_dz_beyond_the_strip_is_drawn_at_its_edge():
    # with the target loss, dz = y - t = (3 x - 1) - (0.25 x + 0.25) at w = 3, b = -1 reaches
    # 2.75 * 1.805 - 1.25 = 3.71 at the largest x: off the strip, so drawn at its edge
    target = (0.25, 0.25)
    v = dead_unit.dead_unit_values(3.0, -1.0, target=target)
    assert v["dz"].max() == pytest.approx(2.75 * dead_unit.BATCH.max() - 1.25)
    low, high = dead_unit.DZ_RANGE
    for ys in (DeadUnitExplorer(w=3.0, b=-1.0, target=target).marks["grad"].y,
               [y for line in dead_unit_figure(3.0, -1.0, target=target).axes[1].get_lines()
                if line.get_marker() == "^" for y in line.get_ydata()]):
        assert max(ys) == high and min(ys) >= low


def test_just_below_the_lr_edge_the_one_surviving_sample_brings_the_unit_back():
    # chapter 05's explorer task: from w = 1.5, b = -1 with the targets relu(0.25 x + 0.25),
    # one step at lr 0.093 leaves only the largest x passing; its output lies below its target
    # (dz = y - t < 0), so the next steps raise w and b and more samples pass: 1, 4, 8 (the
    # unit dies later all the same: see the next test)
    ex = DeadUnitExplorer(w=1.5, b=-1.0, lr=0.05, target=(0.25, 0.25))
    ex.controls["lr"].value = 0.093
    counts = []
    for _ in range(3):
        ex.step()
        counts.append(ex.values["count"])
        if counts == [1]:
            assert ex.values["passing"].tolist() == (dead_unit.BATCH == dead_unit.BATCH.max()
                                                      ).tolist()
            assert ex.values["db"] < 0 and ex.values["dw"] < 0
    assert counts == [1, 4, 8]


def test_just_below_the_lr_edge_each_step_overshoots():
    # chapter 05's explorer task: at lr 0.09 (below the one-step edge 0.0932) from w = 1.5,
    # b = -1 with the targets relu(0.25 x + 0.25), w goes up and down by turns from the third
    # press on, and the run dies (the chapter prints the step: 55)
    ex = DeadUnitExplorer(w=1.5, b=-1.0, lr=0.09, target=(0.25, 0.25))
    ws = [ex.values["w"]]
    for _ in range(12):
        ex.step_button.click()
        ws.append(ex.values["w"])
        assert ex.values["count"] > 0
    moves = np.sign(np.diff(ws))[2:]                  # from the third press on
    assert (moves[1:] == -moves[:-1]).all()
    w, b, step = 1.5, -1.0, 0
    while np.any(w * BATCH + b > 0):
        w, b, step = *gradient_step(w, b, 0.09, target=(0.25, 0.25)), step + 1
    assert step == 55


def test_with_targets_the_outputs_get_a_lower_y_axis_and_the_targets_a_dashed_line():
    # the outputs on the chapter's path stay below 2: the axis stops at 2.5, not 6; the target
    # line is dashed and black, apart from the grey blocked points
    top, _ = dead_unit_figure(1.5, -1.0, target=(0.25, 0.25)).axes
    assert top.get_ylim() == dead_unit.TARGET_AXES.y and dead_unit.TARGET_AXES.y[1] == 2.5
    assert top.get_lines()[0].get_linestyle() == "--"
    ex = DeadUnitExplorer(w=1.5, b=-1.0, lr=0.09, target=(0.25, 0.25))
    target_line = ex.figure.marks[0]
    assert target_line.line_style == "dashed" and target_line.colors != [style.MUTED]
    assert ex.figure.axes[1].scale.max == 2.5
    assert max(ex.marks["output"].y) == 1.5 * 2.2 - 1.0 < 2.5


def test_the_chapters_dead_bias_gives_zero_gradients():
    # chapter 05 prints dL/dw = dL/db = 0 at w = 1.5, b = -4: below every sample
    # (1.5 x - 4 < 0 for x < 2), so every dz is 0 whatever the target
    v = dead_unit_values(1.5, -4.0, target=(0.25, 0.25))
    assert v["count"] == 0 and v["dw"] == 0.0 and v["db"] == 0.0
