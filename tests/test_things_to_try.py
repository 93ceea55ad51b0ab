"""The chapters' "Things to try" claims, held to the math.

The prose of chapters 01-03 tells learners what they will see when they move a
slider or press a button.  These tests drive the same explorers the notebooks
display and check those sentences.
"""

import pytest

from teaching import examples, plots
from teaching.explorer import GraphExplorer


def explorer(make):
    return GraphExplorer(make())


def shopping():
    return GraphExplorer(examples.apples_oranges_graph(), forward_only=True, mark_changes=True)


def test_ch01_apples_change_every_edge_downstream_but_not_the_oranges():
    ex = shopping()
    before = dict(ex.graph.values)
    ex.controls["apple"].value = 120
    changed = {k for k in before if ex.graph.values[k] != before[k]}
    assert changed == ex.changed == {"apple", "apple_price", "all_price", "price"}
    assert ex.graph.values["orange_price"] == pytest.approx(450)
    assert ex.graph.values["price"] == pytest.approx((120 * 2 + 450) * 1.1)
    assert ex.graph.values["price"] == pytest.approx(715 + 20 * 2.2)   # 759: 20 x d price/d apple


def test_ch01_tax_changes_only_the_last_edge():
    ex = shopping()
    before = dict(ex.graph.values)
    ex.controls["tax"].value = 1.5
    changed = {k for k in before if ex.graph.values[k] != before[k]}
    assert changed == ex.changed == {"tax", "price"}
    assert ex.graph.values["price"] == pytest.approx(650 * 1.5)
    assert ex.graph.values["price"] == pytest.approx(715 + 650 * 0.4)  # 650 x the tax's rise


def test_ch01_one_more_apple_adds_the_apple_num_gradient_110():
    ex = shopping()
    ex.controls["apple"].value = 120
    ex.controls["apple"].value = 100           # set back, as the chapter asks
    ex.controls["apple_num"].value = 3
    # 715 + d price / d apple_num = 715 + 100 x 1.1 = 825 (the price is linear in apple_num)
    assert ex.graph.values["price"] == pytest.approx(715 + 110)


def test_ch02_explorer_gives_the_predicted_slopes():
    ex = plots.ChainRuleExplorer(x=-1.0, y=1.5)   # as in the notebook, after the check
    assert (ex.values["x"], ex.values["y"]) == (-1.0, 1.5)   # neither predicted point
    # predicted on paper: at (1, 2) t = 2, dz/dt = 4, dt/dx = 2 -> 8;
    # at (1, -2) t = -2, dz/dt = -4, dt/dx = -2 -> 8 again
    for y, factors in [(2.0, (4.0, 2.0)), (-2.0, (-4.0, -2.0))]:
        ex.controls["y"].value = y
        ex.controls["x"].value = 1.0
        assert (ex.values["dz_dt"], ex.values["dt_dx"]) == pytest.approx(factors)
        assert ex.values["dz_dx"] == pytest.approx(8.0)


def test_ch02_moving_x_changes_only_dz_dt_and_flat_tangents_have_a_zero_factor():
    ex = plots.ChainRuleExplorer(x=-1.0, y=1.5)
    for x in (-1.7, 0.3, 1.2):
        ex.controls["x"].value = x
        assert ex.values["dt_dx"] == pytest.approx(1.5)             # dt/dx = y stays put
        assert ex.values["dz_dt"] == pytest.approx(2 * x * 1.5)     # dz/dt = 2t moves
    ex.controls["x"].value = 0.0                                    # t = 0: dz/dt = 0
    assert ex.values["dz_dt"] == 0 and ex.values["dz_dx"] == 0
    ex.controls["x"].value = 1.0
    ex.controls["y"].value = 0.0                                    # y = 0: both are 0
    assert ex.values["dt_dx"] == 0 and ex.values["dz_dx"] == 0


def test_ch02_forgetting_dt_dx_does_no_harm_at_y_equal_one():
    ex = plots.ChainRuleExplorer(x=-1.0, y=1.5)
    ex.controls["forget"].value = True

    def slope():
        xs, zs = ex.marks["tangent"].x, ex.marks["tangent"].y
        return (zs[-1] - zs[0]) / (xs[-1] - xs[0])
    assert slope() != pytest.approx(ex.values["dz_dx"])
    ex.controls["y"].value = 1.0                                    # dt/dx = y = 1
    assert slope() == pytest.approx(ex.values["dz_dx"])
    for x, y in [(0.0, 1.5), (-1.0, 0.0)]:                          # t = 0: both slopes 0
        ex.controls["y"].value = y
        ex.controls["x"].value = x
        assert slope() == pytest.approx(0.0, abs=1e-12) and ex.values["dz_dx"] == 0


def test_ch02_numerical_slope_agrees_to_about_eleven_digits():
    ex = plots.ChainRuleExplorer(x=-1.0, y=1.5)
    for x, y in [(-1.0, 1.5), (1.0, 2.0), (0.3, -1.7), (2.0, 2.0)]:
        ex.controls["y"].value = y
        ex.controls["x"].value = x
        v = ex.values
        assert abs(v["dz_dx"] - v["numeric"]) < 1e-9 * max(1.0, abs(v["dz_dx"]))


def test_ch03_fanout_sum_is_2x_dout_for_any_slider_values():
    ex = explorer(examples.fanout_graph)
    for x, dout in [(3.0, 1.0), (-1.5, 0.5), (2.2, -2.0)]:
        ex.controls["x"].value = x
        ex.controls["dout"].value = dout
        ex.reset_button.click()
        ex.step_button.click()
        assert ex.graph.done
        assert ex.graph.grads["x"] == pytest.approx(2 * x * dout)
