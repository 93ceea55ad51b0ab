"""The exercise checks of chapters 01-03 accept right answers and reject typical wrong ones.

Every expected number here comes from the math of the shopping graphs and the
chain rule (200 x 1.1 = 220, d apple = 1.1 x 2 = 2.2, d(x*x)/dx = 2x, ...).
The solutions notebooks prove, through strict nbval, that the worked answers
printed there make the same checks say "Right".
"""

import pytest

from teaching import checks
from verdicts import assert_not_yet, assert_right, verdict_of
from layers import AddLayer, MulLayer


def test_verdict_is_truthy_iff_right_and_shows_only_its_message():
    from IPython.lib.pretty import pretty

    right = checks.verdict(True, "220 yen.", "unused")
    not_yet = checks.verdict(0, "unused", "multiply by 1.1.")
    assert bool(right) is True and right.ok is True and right.message == "Right: 220 yen."
    assert bool(not_yet) is False and not_yet.ok is False
    assert not_yet.message == "Not yet. Hint: multiply by 1.1."
    # a check cell shows its verdict once, as the message alone (no True/False after it)
    for result in (right, not_yet):
        assert repr(result) == str(result) == pretty(result) == result.message


# ---------------------------------------------------------------- chapter 01

FORWARD_RIGHT = {"apple_price": 200, "orange_price": 450, "all_price": 650, "price": 715}


def test_shopping_forward_accepts_the_math_and_float_noise(capsys):
    assert_right(capsys, checks.check_01_shopping_forward, FORWARD_RIGHT)
    # what the float forward pass really gives: 650 * 1.1 = 715.0000000000001
    assert_right(capsys, checks.check_01_shopping_forward, dict(FORWARD_RIGHT, price=650 * 1.1))


@pytest.mark.parametrize("wrong, hint_part", [
    (dict(FORWARD_RIGHT, price=650), "multiplies it by 1.1"),          # forgot the tax
    (dict(FORWARD_RIGHT, orange_price=150), "150 yen times 3"),        # forgot the count
    (dict(FORWARD_RIGHT, all_price=200 * 450), "adds"),                # x instead of +
    (dict.fromkeys(FORWARD_RIGHT), "replace every None"),              # the unsolved stub
    ({"apple_price": 200}, "needs the keys"),
    ([200, 450, 650, 715], "give a dict"),
    (dict(FORWARD_RIGHT, price="715"), "tax factor"),                  # a string is not a number
])
def test_shopping_forward_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, checks.check_01_shopping_forward, wrong, hint_part)


def total_price_with_layers(items, tax):
    """The right answer built the way the notebook asks: one node per operation."""
    total = 0.0
    for unit_price, count in items:
        total = AddLayer().forward(total, MulLayer().forward(unit_price, count))
    return MulLayer().forward(total, tax)


def test_total_price_accepts_a_layer_built_answer(capsys):
    assert_right(capsys, checks.check_01_total_price, total_price_with_layers)


def test_total_price_cases_are_the_hand_worked_totals():
    # the check's own table must hold the math: sum of price x count, times tax
    for items, tax, want in checks._TOTAL_PRICE_CASES:
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
    assert_not_yet(capsys, checks.check_01_total_price, wrong, hint_part)


def test_apple_sensitivity(capsys):
    # the float forward pass gives 222.2 - 220 with rounding noise
    price = lambda apple: apple * 2 * 1.1  # noqa: E731
    assert_right(capsys, checks.check_01_apple_sensitivity, price(101) - price(100))
    assert_not_yet(capsys, checks.check_01_apple_sensitivity, 2.0, "taxed too")
    assert_not_yet(capsys, checks.check_01_apple_sensitivity, 222.2, "difference")
    assert_not_yet(capsys, checks.check_01_apple_sensitivity, 1.1, "2 apples")
    assert_not_yet(capsys, checks.check_01_apple_sensitivity, None, "subtract")
    assert_not_yet(capsys, checks.check_01_apple_sensitivity, [2.2, 2.2], "price(apple=101)")


# ---------------------------------------------------------------- chapter 02

def test_dz_dx(capsys):
    def chain_rule(x, y):
        dz_dt = 2 * (x + y)   # t = x + y, z = t**2
        dt_dx = 1.0
        return dz_dt * dt_dx
    assert_right(capsys, checks.check_02_dz_dx, chain_rule)
    assert_not_yet(capsys, checks.check_02_dz_dx, lambda x, y: 2 * x, "not x")
    assert_not_yet(capsys, checks.check_02_dz_dx, lambda x, y: (x + y) ** 2, "z itself")
    assert_not_yet(capsys, checks.check_02_dz_dx, lambda x, y: x + y, "factor 2")
    assert_not_yet(capsys, checks.check_02_dz_dx, lambda x, y: None, "returns None")
    assert_not_yet(capsys, checks.check_02_dz_dx, lambda x, y: 2 * (x - y), "dt/dx = 1")


def test_product_chain(capsys):
    assert_right(capsys, checks.check_02_product_chain,
                 lambda x, y: (2 * (x * y) * y, 2 * (x * y) * x))
    # each input's own value instead of the other one's
    assert_not_yet(capsys, checks.check_02_product_chain,
                   lambda x, y: (2 * (x * y) * x, 2 * (x * y) * y), "the other input")
    assert_not_yet(capsys, checks.check_02_product_chain, lambda x, y: (y, x), "dz/dt = 2t")
    assert_not_yet(capsys, checks.check_02_product_chain, lambda x, y: None, "returns None")
    assert_not_yet(capsys, checks.check_02_product_chain, lambda x, y: 2 * x * y * y, "two numbers")


def test_numerical_slope(capsys):
    central = lambda f, x, h: (f(x + h) - f(x - h)) / (2 * h)  # noqa: E731
    assert_right(capsys, checks.check_02_numerical_slope, central)
    assert_not_yet(capsys, checks.check_02_numerical_slope,
                   lambda f, x, h: (f(x + h) - f(x - h)) / h, "divide by 2 * h")
    assert_not_yet(capsys, checks.check_02_numerical_slope,
                   lambda f, x, h: (f(x + h) - f(x)) / h, "one-sided")
    assert_not_yet(capsys, checks.check_02_numerical_slope, lambda f, x, h: None, "returns None")
    assert_not_yet(capsys, checks.check_02_numerical_slope, lambda f, x, h: 12.0, "12.000001")


def test_numerical_slope_cases_hold_the_math():
    # central difference of x**3 is 3x**2 + h**2 exactly; of x**2 it is 2x exactly
    x, h = 2.0, 1e-3
    assert ((x + h) ** 3 - (x - h) ** 3) / (2 * h) == pytest.approx(3 * x**2 + h**2, abs=1e-9)


# ---------------------------------------------------------------- chapter 03

GRADS_RIGHT = {"price": 1, "all_price": 1.1, "tax": 650, "apple_price": 1.1,
               "orange_price": 1.1, "apple": 2.2, "apple_num": 110,
               "orange": 3.3, "orange_num": 165}


def test_shopping_gradients_accepts_the_math_and_the_layers(capsys):
    assert_right(capsys, checks.check_03_shopping_gradients, GRADS_RIGHT)
    # the same numbers from a real backward pass through the layers
    mul_apple, mul_orange, add, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    all_price = add.forward(mul_apple.forward(100, 2), mul_orange.forward(150, 3))
    mul_tax.forward(all_price, 1.1)
    d_all, d_tax = mul_tax.backward(1.0)
    d_apple_price, d_orange_price = add.backward(d_all)
    d_apple, d_apple_num = mul_apple.backward(d_apple_price)
    d_orange, d_orange_num = mul_orange.backward(d_orange_price)
    from_layers = {"price": 1.0, "all_price": d_all, "tax": d_tax,
                   "apple_price": d_apple_price, "orange_price": d_orange_price,
                   "apple": d_apple, "apple_num": d_apple_num,
                   "orange": d_orange, "orange_num": d_orange_num}
    assert_right(capsys, checks.check_03_shopping_gradients, from_layers)


@pytest.mark.parametrize("wrong, hint_part", [
    # forgot the tax factor on the way back
    (dict(GRADS_RIGHT, apple=2, apple_num=100, orange=3, orange_num=150,
          apple_price=1, orange_price=1, all_price=1), "multiply by 1.1"),
    # multiply backward with the own input instead of the other one
    (dict(GRADS_RIGHT, apple=110, apple_num=2.2), "multiply swaps"),
    (dict(GRADS_RIGHT, tax=1.1, all_price=650), "d tax = dprice x all_price"),
    (dict(GRADS_RIGHT, tax=715), "other* input"),
    (dict(GRADS_RIGHT, orange_num=3.3), "'orange_num'"),
    (dict.fromkeys(GRADS_RIGHT), "replace every None"),
    ({"apple": 2.2}, "needs the keys"),
    (None, "give a dict"),
])
def test_shopping_gradients_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, checks.check_03_shopping_gradients, wrong, hint_part)


class RightMul:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x


class OwnInputMul(RightMul):
    def backward(self, dout):
        return dout * self.x, dout * self.y   # the typical mistake: no swap


class NoUpstreamMul(RightMul):
    def backward(self, dout):
        return self.y, self.x                 # forgets dout


class StubMul(RightMul):
    def backward(self, dout):
        return None                           # the notebook's unsolved stub


class ListOnlyMul(RightMul):
    def forward(self, x, y):
        self.x, self.y = float(x), float(y)  # breaks on arrays
        return self.x * self.y


class SwapOnScalarsOnly(RightMul):
    """Right on the scalar probe, wrong on arrays: only the gradient check sees it."""
    def backward(self, dout):
        if hasattr(dout, "shape") and dout.shape:
            return dout * self.x, dout * self.y
        return dout * self.y, dout * self.x


def test_mul_layer(capsys):
    assert_right(capsys, checks.check_03_mul_layer, RightMul)
    assert_right(capsys, checks.check_03_mul_layer, MulLayer)
    assert_not_yet(capsys, checks.check_03_mul_layer, OwnInputMul, "multiply swaps")
    assert_not_yet(capsys, checks.check_03_mul_layer, NoUpstreamMul, "upstream gradient dout")
    assert_not_yet(capsys, checks.check_03_mul_layer, StubMul, "returns None")
    assert_not_yet(capsys, checks.check_03_mul_layer, ListOnlyMul, "with arrays your layer raised")
    assert_not_yet(capsys, checks.check_03_mul_layer, SwapOnScalarsOnly, "gradient check")
    assert_not_yet(capsys, checks.check_03_mul_layer, AddLayer, "forward(3, -2)")


def fanout_right(x, dout):
    mul = MulLayer()
    mul.forward(x, x)
    dx_left, dx_right = mul.backward(dout)
    dx = 0.0
    dx += dx_left
    dx += dx_right
    return dx


def fanout_overwrites(x, dout):
    mul = MulLayer()
    mul.forward(x, x)
    dx_left, dx_right = mul.backward(dout)
    dx = dx_left
    dx = dx_right   # "=" instead of "+=": the first branch is lost
    return dx


def test_fanout(capsys):
    assert_right(capsys, checks.check_03_fanout, fanout_right)
    assert_not_yet(capsys, checks.check_03_fanout, fanout_overwrites, "+=")
    assert_not_yet(capsys, checks.check_03_fanout, lambda x, dout: 2 * x, "upstream gradient dout")
    assert_not_yet(capsys, checks.check_03_fanout, lambda x, dout: None, "returns None")
    assert_not_yet(capsys, checks.check_03_fanout, lambda x, dout: x * x * dout, "2 * x * dout")


def test_close_is_strict_about_what_counts_as_a_number():
    near = checks._close
    assert near(2.2000000000000002, 2.2)
    assert not near(2.21, 2.2)
    assert not near(None, 0.0)
    assert not near("2.2", 2.2)
    assert not near([2.2], 2.2)          # one number, not a list
    assert not near(float("nan"), 0.0)
    # arrays: same shape, every element within the tolerance (relative above 1)
    assert near([1.0, 1000.0 + 1e-4], [1.0, 1000.0])
    assert not near([1.0, 1000.1], [1.0, 1000.0])
    assert not near([1.0, 2.0], [[1.0, 2.0]])


# ------------------------------------------- the chapters' "Things to try" claims
# The prose of chapters 01-03 tells learners what they will see when they move a
# slider or press a button.  These tests drive the same explorers the notebooks
# display and hold those sentences to the math.

from teaching import examples, plots  # noqa: E402
from teaching.explorer import GraphExplorer  # noqa: E402


def explorer(make):
    return GraphExplorer(make())


def test_ch01_tax_changes_only_the_last_edge_apple_changes_all():
    ex = explorer(examples.apple_graph)
    before = dict(ex.graph.values)
    ex.controls["tax"].value = 1.5
    changed = {k for k in before if ex.graph.values[k] != before[k]}
    assert changed == {"tax", "price"}
    assert ex.graph.values["price"] == pytest.approx(200 * 1.5)
    ex.controls["apple"].value = 120
    assert ex.graph.values["apple_price"] == pytest.approx(240)
    assert ex.graph.values["price"] == pytest.approx(240 * 1.5)


def test_ch01_all_price_of_1000_is_reachable_and_costs_1100():
    ex = explorer(examples.apples_oranges_graph)
    ex.controls["apple"].value = 200   # 200 x 2 + 200 x 3 = 1000
    ex.controls["orange"].value = 200
    assert ex.graph.values["all_price"] == pytest.approx(1000)
    assert ex.graph.values["price"] == pytest.approx(1100)


def test_ch02_slope_is_zero_where_t_is_zero_and_matches_the_numerical_slope():
    ex = plots.ChainRuleExplorer(x=1.0, y=2.0)
    assert ex.values["dz_dx"] == pytest.approx(6.0)
    ex.controls["x"].value = -2.0      # t = x + y = 0
    assert ex.values["dz_dx"] == pytest.approx(0.0, abs=1e-12)
    for x in (-2.5, 0.3, 1.7):
        ex.controls["x"].value = x
        v = ex.values
        assert v["dz_dx"] == pytest.approx(v["dz_dt"] * v["dt_dx"])
        assert v["dz_dx"] == pytest.approx(2 * (x + 2.0))
        assert v["numeric"] == pytest.approx(v["dz_dx"], abs=1e-6)


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

