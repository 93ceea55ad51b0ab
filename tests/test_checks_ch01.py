"""The checks of chapter 01 (teaching/checks/ch01.py) accept right answers and reject
typical wrong ones.

Every expected number comes from the math of the chapter's price
(apple * apple_num + orange * orange_num) * tax at 100, 2, 150, 3, 1.1: 715 yen, with the
gradients 2 x 1.1 = 2.2, 100 x 1.1 = 110, 3 x 1.1 = 3.3, 150 x 1.1 = 165 and 200 + 450 = 650.
Raising apple by da and tax by dt at once gives (650 + 2 da)(1.1 + dt) =
715 + 2.2 da + 650 dt + 2 da dt: the cross term of exercise 2 is 2 da dt (4 for the
explorer's 20 and 0.1: 113 = 44 + 65 + 4).  Central differences on k items (2k + 1 inputs)
take 2 (2k + 1) forward passes, each making the k + 1 products of the x nodes (k items, one
tax): 2 (2k + 1)(k + 1) multiplications.
"""

import numpy as np
import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right, verdict_of

import layers
from layers import AddLayer, MulLayer, numerical_gradient
from teaching.checks import ch01


def total_price_with_layers(items, tax):
    """The right answer built the way the notebook asks: one node per operation."""
    prices = [MulLayer().forward(unit_price, count) for unit_price, count in items]
    total = prices[0]
    for price in prices[1:]:
        total = AddLayer().forward(total, price)
    return MulLayer().forward(total, tax)


def running_sum_from_zero(items, tax):
    """One + node more than needed (0 + the first price): still a graph the numbers flow
    through, so Exercise 1 accepts it, and notes the extra node)."""
    total = 0.0
    for unit_price, count in items:
        total = AddLayer().forward(total, MulLayer().forward(unit_price, count))
    return MulLayer().forward(tax, total)


def tree_of_adds(items, tax):
    """The item prices added pairwise, as a tree, all x nodes first."""
    prices = [MulLayer().forward(unit_price, count) for unit_price, count in items]
    while len(prices) > 1:
        prices = [AddLayer().forward(*prices[i:i + 2]) if i + 1 < len(prices) else prices[i]
                  for i in range(0, len(prices), 2)]
    return MulLayer().forward(prices[0], tax)


@pytest.mark.parametrize("right", [total_price_with_layers, running_sum_from_zero,
                                   tree_of_adds])
def test_total_price_accepts_a_layer_built_answer(capsys, right):
    assert_right(capsys, ch01.total_price, right)


def python_sum_and_idle_adds(items, tax):
    """The right number from Python's sum(), with the adds run on dummy numbers."""
    prices = [MulLayer().forward(unit_price, count) for unit_price, count in items]
    for _ in prices[1:]:
        AddLayer().forward(0, 0)
    return MulLayer().forward(sum(prices), tax)


def adds_skip_an_item(items, tax):
    """Adds that see only some item prices; the rest added in Python before the tax."""
    prices = [MulLayer().forward(unit_price, count) for unit_price, count in items]
    total = prices[0]
    for price in prices[1:-1]:
        total = AddLayer().forward(total, price)
    if len(prices) > 1:
        total = AddLayer().forward(total, 0) + prices[-1]
    return MulLayer().forward(total, tax)


def tax_node_first(items, tax):
    """The tax node run on the first item price, the rest taxed in Python."""
    prices = [MulLayer().forward(unit_price, count) for unit_price, count in items]
    taxed = MulLayer().forward(prices[0], tax)
    for price in prices[1:]:
        taxed = AddLayer().forward(taxed, price * tax)
    return taxed


@pytest.mark.parametrize("cheat, hint_part", [
    (python_sum_and_idle_adds, "do not flow through your graph"),
    (adds_skip_an_item, "do not flow through your graph"),
    (tax_node_first, "no node of your graph made"),
])
def test_total_price_follows_the_numbers_not_the_calls(capsys, cheat, hint_part):
    assert_not_yet(capsys, ch01.total_price, cheat, hint_part)


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
    (lambda items, tax: MulLayer().forward(tax, sum(MulLayer().forward(p, n) for p, n in items)),
     "do not flow through your graph"),                    # x nodes, but Python adds
    (one_layer_for_everything, "new layer for every node"),
])
def test_total_price_rejects_right_numbers_without_a_layer_per_node(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch01.total_price, wrong, hint_part)


def tax_on_each_item(items, tax):
    total = 0.0
    for unit_price, count in items:
        item = MulLayer().forward(MulLayer().forward(unit_price, count), tax)
        total = AddLayer().forward(total, item)
    return total


def test_total_price_wants_the_tax_once_at_the_output(capsys):
    assert_not_yet(capsys, ch01.total_price, tax_on_each_item, "once, at the end")


MUL_BUILT_BEFORE, ADD_BUILT_BEFORE = MulLayer(), AddLayer()


def layers_built_before_the_check(items, tax):
    """Two layers made once, outside the function, and reused for every node."""
    total = 0.0
    for unit_price, count in items:
        total = ADD_BUILT_BEFORE.forward(total, MUL_BUILT_BEFORE.forward(unit_price, count))
    return MUL_BUILT_BEFORE.forward(total, tax)


def test_total_price_sees_layers_built_before_the_check(capsys):
    assert_not_yet(capsys, ch01.total_price, layers_built_before_the_check,
                   "new layer for every node")


def test_total_price_puts_the_layers_back(capsys):
    forwards = MulLayer.forward, AddLayer.forward
    ch01.total_price(total_price_with_layers)
    ch01.total_price(lambda items, tax: 1 / 0)
    capsys.readouterr()
    assert layers.MulLayer is MulLayer and layers.AddLayer is AddLayer
    assert (MulLayer.forward, AddLayer.forward) == forwards
    assert MulLayer().forward(3, 4) == 12


def test_cross_right(capsys):
    assert_right(capsys, ch01.cross, lambda da, dt: 2 * da * dt)
    # the whole rise minus the two single rises, worked with plain numbers: also derived
    assert_right(capsys, ch01.cross,
                 lambda da, dt: (650 + 2 * da) * (1.1 + dt) - 715 - 2.2 * da - 650 * dt)


def test_cross_is_what_the_explorer_shows():
    # 113 = 44 + 65 + 4: apple 100 -> 120 and tax 1.1 -> 1.2 at once
    assert (240 + 450) * 1.2 - 715 == pytest.approx(44 + 65 + 2 * 20 * 0.1)


@pytest.mark.parametrize("wrong, hint_part", [
    (lambda da, dt: 0, "it is not zero"),
    (lambda da, dt: (650 + 2 * da) * (1.1 + dt) - 715, "whole rise"),
    (lambda da, dt: da * dt, "how many yen"),
    (lambda da, dt: 2.2 * da * dt, "multiplies its two inputs once"),
    (lambda da, dt: -2 * da * dt, "the sign"),
    (lambda da, dt: 4, "for d_apple = 1"),           # the explorer's case, pasted
    (lambda da, dt: 2 * abs(da) * dt, "the sign"),           # wrong for negative steps only
    (lambda da, dt: None, "returns None"),
    (4, "pass your function itself"),
])
def test_cross_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch01.cross, wrong, hint_part)


def test_cross_refuses_running_layers(capsys):
    def by_layers(da, dt):
        def price(apple, tax):
            return MulLayer().forward(AddLayer().forward(MulLayer().forward(apple, 2), 450), tax)
        return price(100 + da, 1.1 + dt) - price(100 + da, 1.1) - price(100, 1.1 + dt) \
            + price(100, 1.1)
    assert by_layers(20, 0.1) == pytest.approx(4)   # right...
    assert_not_yet(capsys, ch01.cross, by_layers, "derive the extra")


def test_cross_refuses_re_evaluating_a_plain_price(capsys):
    def by_prices(da, dt):
        def p(apple, tax):
            return (apple * 2 + 450) * tax
        return p(100 + da, 1.1 + dt) - p(100 + da, 1.1) - p(100, 1.1 + dt) + p(100, 1.1)
    assert by_prices(20, 0.1) == pytest.approx(4)   # right...
    assert_not_yet(capsys, ch01.cross, by_prices, "calls a function")

    def price(apple, tax):
        return (apple * 2 + 450) * tax
    assert_not_yet(capsys, ch01.cross, lambda da, dt: price(100 + da, 1.1 + dt)
                   - price(100 + da, 1.1) - price(100, 1.1 + dt) + price(100, 1.1),
                   "calls a function")


def test_cross_hints_never_name_the_answer():
    for wrong in (lambda da, dt: 0, lambda da, dt: da * dt, lambda da, dt: 1):
        hint = ch01.cross(wrong).message
        assert not any(a in hint for a in ("2 x d_apple", "2 da", "113", "= 4")), hint


def test_numeric_products_against_backpropagation_as_the_box_says():
    # backpropagation: k + 1 products forward, 2 (k + 1) backward; the box says "about 134"
    k = 100
    assert 2 * (2 * k + 1) * (k + 1) / (3 * (k + 1)) == pytest.approx(134)


def test_numeric_products_right(capsys):
    assert_right(capsys, ch01.numeric_products, lambda k: 2 * (2 * k + 1) * (k + 1))
    assert_right(capsys, ch01.numeric_products, lambda k: 4.0 * k ** 2 + 6 * k + 2)


@pytest.mark.parametrize("wrong, hint_part", [
    (lambda k: 2 * (2 * k + 1), "counts forward passes"),
    (lambda k: (2 * k + 1) * (k + 1), "twice"),
    (lambda k: 2 * (2 * k + 1) * 2 * k, "no product"),           # nodes, not products
    (lambda k: 2 * (2 * k + 1) * k, "tax node multiplies"),
    (lambda k: 2 * 2 * k * (k + 1), "tax is an input"),
    (lambda k: 2 * (k + 1) * (k + 1), "two inputs"),
    (lambda k: 3 * (2 * k + 1), "not the 2h"),                  # passes and the 2h
    (lambda k: 2 * (2 * k + 1) * (k + 1) + 2 * k + 1, "not the 2h"),
    (lambda k: 30, "count the inputs"),            # right for two items only, pasted
    # right for k = 1..5 only: a table of the small cases, not the formula (k = 100: 40,602)
    (lambda k: {1: 12, 2: 30, 3: 56, 4: 90, 5: 132}.get(k, 0), "for k = 100"),
    (lambda k: None, "returns None"),
    (30, "pass your function itself"),
])
def test_numeric_products_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch01.numeric_products, wrong, hint_part)


def _counted_by_running(k):
    """Builds the k-item graph from layers, runs central differences on it and counts the
    MulLayer forward calls: right, but counted, not derived."""
    runs = 0

    def count(layer):
        def forward(x, y):
            nonlocal runs
            runs += 1
            return layer.forward(x, y)
        return forward

    def price(inputs):
        *pairs, tax = inputs
        prices = [count(MulLayer())(pairs[2 * i], pairs[2 * i + 1]) for i in range(k)]
        total = prices[0]
        for p in prices[1:]:
            total = AddLayer().forward(total, p)
        return count(MulLayer())(total, tax)

    numerical_gradient(price, np.ones(2 * k + 1))
    return runs


def test_numeric_products_refuses_a_count_made_by_running_the_layers(capsys):
    assert _counted_by_running(2) == 30 and _counted_by_running(100) == 40_602   # right...
    assert_not_yet(capsys, ch01.numeric_products, _counted_by_running, "derive the number")
    assert (MulLayer.forward, AddLayer.forward) == (MulLayer.__dict__["forward"],
                                                   AddLayer.__dict__["forward"])


def test_numeric_products_hints_never_name_the_answer():
    for wrong in (lambda k: 2 * (2 * k + 1), lambda k: 0, lambda k: 4 * k):
        hint = ch01.numeric_products(wrong).message
        assert "30" not in hint and "(k + 1)" not in hint and "(2k + 1)" not in hint, hint


BY_HAND = {"apple": 2 * 1.1, "apple_num": 100 * 1.1, "orange": 3 * 1.1,
           "orange_num": 150 * 1.1, "tax": 200 + 450}


def test_gradients_by_hand_right(capsys):
    assert_right(capsys, ch01.gradients_by_hand, BY_HAND)
    assert_right(capsys, ch01.gradients_by_hand,
                 {"apple": 2.2, "apple_num": 110, "orange": 3.3, "orange_num": 165, "tax": 650})


def test_gradients_by_hand_are_what_central_differences_measure():
    # the check's table against the graph run by layers.numerical_gradient
    import numpy as np

    def price_of(v):
        return (v[0] * v[1] + v[2] * v[3]) * v[4]
    numeric = layers.numerical_gradient(price_of, np.array([100, 2, 150, 3, 1.1]))
    assert numeric == pytest.approx(list(BY_HAND.values()), rel=1e-6)


@pytest.mark.parametrize("wrong, hint_part", [
    (dict(BY_HAND, apple=2), "tax node too"),                  # forgot the tax
    (dict(BY_HAND, apple=110), "not e times apple"),           # swapped with apple_num
    (dict(BY_HAND, apple_num=2.2), "not e times apple_num"),   # swapped with apple
    (dict(BY_HAND, orange_num=150), "tax node too"),
    (dict(BY_HAND, orange=1), "follow the extra"),
    (dict(BY_HAND, tax=715), "not the price you pay"),         # the price, not the subtotal
    (dict(BY_HAND, tax=1.1), "how many e"),
    (dict(BY_HAND, tax=None), "replace every None"),
    ({"apple": 2.2}, "needs the keys"),
    ([2.2, 110, 3.3, 165, 650], "give a dict"),
    (dict(BY_HAND, apple="2.2"), "follow the extra"),           # a string is not a number
])
def test_gradients_by_hand_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch01.gradients_by_hand, wrong, hint_part)


def test_gradients_by_hand_hints_never_name_the_answer():
    for name in BY_HAND:
        for wrong in (0, 1, -1, 1.1, 2, 110, 715):
            verdict = ch01.gradients_by_hand(dict(BY_HAND, **{name: wrong}))
            if verdict:
                continue
            assert not any(v in verdict.message for v in ("2.2", "110", "3.3", "165", "650")), \
                verdict.message


def test_untouched_templates_are_not_attempted(capsys):
    def template(*args):
        raise NotImplementedError("YOUR CODE")
    assert_not_attempted(capsys, ch01.cross, template)
    assert_not_attempted(capsys, ch01.rerun_nodes, None)
    assert_not_attempted(capsys, ch01.backward_products, template)
    assert_not_attempted(capsys, ch01.numeric_products, template)
    assert_not_attempted(capsys, ch01.gradients_by_hand, dict.fromkeys(BY_HAND))
    assert_not_attempted(capsys, ch01.gradients_by_hand, None)
    assert_not_attempted(capsys, ch01.total_price, template)


def test_backward_products_right(capsys):
    # k + 1 x nodes (k items, the tax), each dout times the other input for each of its two
    # inputs; the k - 1 + nodes copy: 2 (k + 1), 6 for Problem 2's two items
    assert_right(capsys, ch01.backward_products, lambda k: 2 * (k + 1))
    assert_right(capsys, ch01.backward_products, lambda k: 2.0 * k + 2)


@pytest.mark.parametrize("wrong, hint_part", [
    (lambda k: k + 1, "forward pass's products"),
    (lambda k: 2 * k, "tax's x node"),
    (lambda k: 4 * k, "a copy"),                  # + nodes counted as two products
    (lambda k: 3 * k + 1, "a copy"),              # + nodes counted as one product
    (lambda k: k + 2, "each of its two inputs"),
    (lambda k: 6, "for k = 7"),                   # Problem 2's count, pasted
    (lambda k: {1: 4, 2: 6, 7: 16}.get(k, 0), "for k = 100"),   # a table of small k
    (lambda k: None, "returns None"),
    (6, "pass your function itself"),
])
def test_backward_products_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch01.backward_products, wrong, hint_part)


def test_backward_products_hints_never_name_the_answer():
    for wrong in (lambda k: k + 1, lambda k: 2 * k, lambda k: 4 * k, lambda k: 0):
        message = ch01.backward_products(wrong).message
        assert not any(a in message for a in ("8", "2(k", "2 (k", "two products")), message


def test_rerun_nodes_right(capsys):
    # orange_num feeds mul_orange (450 -> 600), whose output feeds add_fruit (650 -> 800),
    # whose output feeds mul_tax; mul_apple reads apple and apple_num only
    assert_right(capsys, ch01.rerun_nodes, {"mul_orange", "add_fruit", "mul_tax"})
    assert_right(capsys, ch01.rerun_nodes, ["mul_tax", "add_fruit", "mul_orange"])


@pytest.mark.parametrize("wrong, hint_part", [
    ({"mul_orange"}, "add_fruit: it reads mul_apple and mul_orange; does one"),
    ({"mul_orange", "add_fruit"}, "mul_tax: it reads"),
    ({"add_fruit", "mul_tax"}, "mul_orange: it reads orange and orange_num"),
    ({"mul_apple", "mul_orange", "add_fruit", "mul_tax"}, "neither changes"),
    ({"orange_num"}, "the nodes are called"),
    ("mul_tax", "set of node names"),
    ({1}, "set of node names"),
])
def test_rerun_nodes_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch01.rerun_nodes, wrong, hint_part)


@pytest.mark.parametrize("right, says", [(running_sum_from_zero, True),
                                         (total_price_with_layers, False), (tree_of_adds, False)])
def test_total_price_notes_an_unneeded_add_node(capsys, right, says):
    ok, out = verdict_of(capsys, ch01.total_price, right)
    assert ok is True, out
    assert ("one + node is unnecessary" in out) is says
