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


def test_ch01_apple_moves_every_edge_to_its_right_but_not_the_oranges():
    ex = explorer(examples.apples_oranges_graph)
    before = dict(ex.graph.values)
    ex.controls["apple"].value = 120
    changed = {k for k in before if ex.graph.values[k] != before[k]}
    assert changed == {"apple", "apple_price", "all_price", "price"}
    assert ex.graph.values["orange_price"] == 450


def test_ch01_five_apples_at_130_and_no_oranges_pay_the_same_715():
    ex = explorer(examples.apples_oranges_graph)
    ex.controls["apple"].value = 130
    ex.controls["apple_num"].value = 5
    ex.controls["orange_num"].value = 0
    assert ex.graph.values["all_price"] == pytest.approx(650)
    assert ex.graph.values["price"] == pytest.approx(715)


def test_ch01_all_price_of_1000_is_reachable_and_costs_1100():
    ex = explorer(examples.apples_oranges_graph)
    ex.controls["apple"].value = 200   # 200 x 2 + 200 x 3 = 1000
    ex.controls["orange"].value = 200
    assert ex.graph.values["all_price"] == pytest.approx(1000)
    assert ex.graph.values["price"] == pytest.approx(1100)


def test_ch02_moving_x_changes_one_factor_moving_y_both_and_flat_where_x_or_y_is_zero():
    # z = t**2, t = x y: dz/dx = 2t * y; dt/dx = y stays put while x moves
    ex = plots.ChainRuleExplorer(x=1.0, y=2.0)
    for x in (-1.5, 0.3, 1.7):
        ex.controls["x"].value = x
        v = ex.values
        assert v["dt_dx"] == pytest.approx(2.0)
        assert v["dz_dt"] == pytest.approx(2 * x * 2.0)
        assert v["dz_dx"] == pytest.approx(v["dz_dt"] * v["dt_dx"])
        assert v["numeric"] == pytest.approx(v["dz_dx"], abs=1e-6)
    ex.controls["x"].value = 1.0
    ex.controls["y"].value = -2.0           # both factors change sign: 2t = -4, dt/dx = -2
    assert (ex.values["dz_dt"], ex.values["dt_dx"]) == (pytest.approx(-4.0), pytest.approx(-2.0))
    assert ex.values["dz_dx"] == pytest.approx(8.0)
    ex.controls["x"].value = 0.0             # t = 0: the outer factor vanishes
    assert ex.values["dz_dx"] == pytest.approx(0.0, abs=1e-12)
    ex.controls["x"].value = 1.0
    ex.controls["y"].value = 0.0             # y = 0: both factors vanish
    assert ex.values["dz_dt"] == pytest.approx(0.0) and ex.values["dt_dx"] == pytest.approx(0.0)


def test_ch02_graph_steps_square_node_then_add_node():
    ex = explorer(examples.chain_rule_graph)
    ex.step_button.click()
    assert ex.graph.grads["t"] == pytest.approx(6.0)        # 1 x 2t, t = 3
    assert ex.graph.grads["x"] is None                      # not reached yet
    ex.step_button.click()
    assert ex.graph.grads["x"] == pytest.approx(6.0) and ex.graph.grads["y"] == pytest.approx(6.0)


def test_ch03_apple_first_step_swaps_and_tax_one_gives_dapple_equal_apple_num():
    ex = explorer(examples.apple_graph)
    ex.step_button.click()
    assert ex.graph.grads["apple_price"] == pytest.approx(1.1)
    assert ex.graph.grads["tax"] == pytest.approx(200)
    ex.controls["tax"].value = 1.0
    ex.run_button.click()
    assert ex.graph.grads["apple"] == pytest.approx(ex.graph.values["apple_num"])
    ex.controls["dout"].value = 2.0
    ex.run_button.click()
    assert ex.graph.grads["apple"] == pytest.approx(2 * 2.0)       # doubled
    assert ex.graph.grads["apple_num"] == pytest.approx(2 * 100)


def test_ch03_orange_price_changes_only_dorange_num_and_dtax():
    ex = explorer(examples.apples_oranges_graph)
    ex.run_button.click()
    before = dict(ex.graph.grads)
    ex.controls["orange"].value = 200
    ex.run_button.click()
    changed = {k for k in before if ex.graph.grads[k] != pytest.approx(before[k])}
    assert changed == {"orange_num", "tax"}
    assert ex.graph.grads["orange_num"] == pytest.approx(1.1 * 200)
    assert ex.graph.grads["tax"] == pytest.approx(200 + 600)


def test_ch03_zero_apples_make_dapple_zero():
    ex = explorer(examples.apples_oranges_graph)
    ex.controls["apple_num"].value = 0
    ex.run_button.click()
    assert ex.graph.grads["apple"] == 0


def test_ch03_fanout_sum_is_2x_dout_for_any_slider_values():
    ex = explorer(examples.fanout_graph)
    for x, dout in [(3.0, 1.0), (-1.5, 0.5), (2.2, -2.0)]:
        ex.controls["x"].value = x
        ex.controls["dout"].value = dout
        ex.reset_button.click()
        ex.step_button.click()
        assert ex.graph.done
        assert ex.graph.grads["x"] == pytest.approx(2 * x * dout)
