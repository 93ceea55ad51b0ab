"""The checks of chapter 01 (teaching/checks/ch01.py) accept right answers and reject
typical wrong ones.

Every expected number comes from the math of the chapter's price
(apple * apple_num + orange * orange_num) * tax at 100, 2, 150, 3, 1.1: 715 yen, with the
gradients 2 x 1.1 = 2.2, 100 x 1.1 = 110, 3 x 1.1 = 3.3, 150 x 1.1 = 165 and 200 + 450 = 650.
Raising apple by da and tax by dt at once gives (650 + 2 da)(1.1 + dt) =
715 + 2.2 da + 650 dt + 2 da dt: the cross term of exercise 2 is 2 da dt (4 for the
explorer's 20 and 0.1: 113 = 44 + 65 + 4); with n apples, (100 n + 450 + n da)(1.1 + dt)
has the cross term n da dt.  Central differences run two forward passes per input: 10 for
the five inputs.  orange_num 3 -> 4 changes d_orange = orange_num x 1.1 and d_tax = the
subtotal, nothing else.  For any shopping list the price's gradients
are: d unit_price = count x tax, d count = unit_price x tax, d tax = the subtotal.
"""

import numpy as np
import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right, verdict_of

import layers
from layers import AddLayer, MulLayer
from teaching.checks import ch01


def shop_of(priced):
    """A shopping function for check.shop from one that returns only the price, run
    backward by the layers its forward made: the tax node (the last one) gets 1, and every
    other node gets tax, since the + nodes pass dout on unchanged to every item."""
    if not callable(priced):
        return priced

    def shop(items, tax):
        with ch01._watched_layers() as calls:
            price = priced(items, tax)
        if price is None or not calls:
            return price if price is None else (price, [(c * tax, p * tax) for p, c in items],
                                                sum(p * c for p, c in items))
        *rest, (_, tax_node, x, y, _) = calls
        d_x, d_y = tax_node.backward(1)
        d_tax = d_y if y == tax else d_x
        d_items = [layer.backward(tax) for kind, layer, *_ in rest if kind == "MulLayer"]
        for kind, layer, *_ in rest:
            if kind == "AddLayer":
                layer.backward(tax)
        return price, d_items, d_tax
    return shop


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
    assert_right(capsys, ch01.shop, shop_of(right))


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
    assert_not_yet(capsys, ch01.shop, shop_of(cheat), hint_part)


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
    assert_not_yet(capsys, ch01.shop, shop_of(wrong), hint_part)


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
    assert_right(capsys, ch01.shop, shop_of(through_the_module))


@pytest.mark.parametrize("wrong, hint_part", [
    (lambda items, tax: sum(p * n for p, n in items) * tax, "one MulLayer per item"),   # no layers
    (lambda items, tax: MulLayer().forward(tax, sum(MulLayer().forward(p, n) for p, n in items)),
     "do not flow through your graph"),                    # x nodes, but Python adds
    (one_layer_for_everything, "new layer for every node"),
])
def test_total_price_rejects_right_numbers_without_a_layer_per_node(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch01.shop, shop_of(wrong), hint_part)


def tax_on_each_item(items, tax):
    total = 0.0
    for unit_price, count in items:
        item = MulLayer().forward(MulLayer().forward(unit_price, count), tax)
        total = AddLayer().forward(total, item)
    return total


def test_total_price_wants_the_tax_once_at_the_output(capsys):
    assert_not_yet(capsys, ch01.shop, shop_of(tax_on_each_item), "once, at the end")


MUL_BUILT_BEFORE, ADD_BUILT_BEFORE = MulLayer(), AddLayer()


def layers_built_before_the_check(items, tax):
    """Two layers made once, outside the function, and reused for every node."""
    total = 0.0
    for unit_price, count in items:
        total = ADD_BUILT_BEFORE.forward(total, MUL_BUILT_BEFORE.forward(unit_price, count))
    return MUL_BUILT_BEFORE.forward(total, tax)


def test_total_price_sees_layers_built_before_the_check(capsys):
    assert_not_yet(capsys, ch01.shop, shop_of(layers_built_before_the_check),
                   "new layer for every node")


def test_total_price_puts_the_layers_back(capsys):
    forwards = MulLayer.forward, AddLayer.forward
    backwards = MulLayer.backward, AddLayer.backward
    ch01.shop(shop_of(total_price_with_layers))
    ch01.shop(lambda items, tax: 1 / 0)
    capsys.readouterr()
    assert layers.MulLayer is MulLayer and layers.AddLayer is AddLayer
    assert (MulLayer.forward, AddLayer.forward) == forwards
    assert (MulLayer.backward, AddLayer.backward) == backwards
    assert MulLayer().forward(3, 4) == 12


def test_cross_right(capsys):
    assert_right(capsys, ch01.cross, lambda sa, st, n: n * sa * st)
    # the whole rise minus the two single rises, written out in n: also derived
    assert_right(capsys, ch01.cross,
                 lambda sa, st, n: (100 * n + 450 + n * sa) * (1.1 + st) - (100 * n + 450) * 1.1
                 - 1.1 * n * sa - (100 * n + 450) * st)


def test_cross_accepts_number_builtins(capsys):
    # float(...) and abs(...) re-evaluate no price: honest derivations, not refused
    assert_right(capsys, ch01.cross, lambda sa, st, n: float(n * sa * st))
    assert_right(capsys, ch01.cross, lambda sa, st, n: n * float(sa) * float(st) + abs(0))

    def with_a_global(sa, st, n):
        return round(n * sa * st, 12)
    assert_right(capsys, ch01.cross, with_a_global)
    assert_right(capsys, ch01.cross, lambda sa, st, n: np.float64(n) * sa * st)
    # a module of the course, though, can hold a price: refused like any price function
    price = ch01._price
    assert_not_yet(capsys, ch01.cross, lambda sa, st, n: ch01._price(100 + sa, 1.1 + st, n)
                   - price(100 + sa, 1.1, n) - price(100, 1.1 + st, n) + price(100, 1.1, n),
                   "calls a function")


def test_cross_is_what_the_explorer_shows():
    # 113 = 44 + 65 + 4: apple 100 -> 120 and tax 1.1 -> 1.2 at once
    assert (240 + 450) * 1.2 - 715 == pytest.approx(44 + 65 + 2 * 20 * 0.1)


def pasted_from_the_screen(sa, st, n):
    """The whole rise with the 2-apple numbers of the screen (650, 715, 2.2), the single
    rises taken off: right for n = 2 only."""
    return (650 + 2 * sa) * (1.1 + st) - 715 - 2.2 * sa - 650 * st


@pytest.mark.parametrize("wrong, hint_part", [
    (lambda sa, st, n: 0, "it is not zero"),
    (lambda sa, st, n: (100 * n + 450 + n * sa) * (1.1 + st) - (100 * n + 450) * 1.1,
     "whole rise"),
    (lambda sa, st, n: sa * st, "how many yen"),
    (lambda sa, st, n: 2 * sa * st, "2 apples only"),
    (pasted_from_the_screen, "2 apples only"),
    (lambda sa, st, n: 1.1 * n * sa * st, "multiplies its two inputs once"),
    (lambda sa, st, n: -n * sa * st, "the sign"),
    (lambda sa, st, n: 4, "for step_apple = 1"),           # the explorer's case, pasted
    (lambda sa, st, n: n * abs(sa) * st, "the sign"),      # wrong for negative steps only
    (lambda sa, st, n: None, "returns None"),
    (4, "pass your function itself"),
])
def test_cross_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch01.cross, wrong, hint_part)


def test_cross_refuses_running_layers(capsys):
    def by_layers(sa, st, n):
        def price(apple, tax):
            return MulLayer().forward(AddLayer().forward(MulLayer().forward(apple, n), 450), tax)
        return price(100 + sa, 1.1 + st) - price(100 + sa, 1.1) - price(100, 1.1 + st) \
            + price(100, 1.1)
    assert by_layers(20, 0.1, 2) == pytest.approx(4)   # right...
    assert_not_yet(capsys, ch01.cross, by_layers, "derive the extra")


def test_cross_refuses_re_evaluating_a_plain_price(capsys):
    def by_prices(sa, st, n):
        def p(apple, tax):
            return (apple * n + 450) * tax
        return p(100 + sa, 1.1 + st) - p(100 + sa, 1.1) - p(100, 1.1 + st) + p(100, 1.1)
    assert by_prices(20, 0.1, 2) == pytest.approx(4)   # right...
    assert_not_yet(capsys, ch01.cross, by_prices, "calls a function")

    def price(apple, tax, n):
        return (apple * n + 450) * tax
    assert_not_yet(capsys, ch01.cross, lambda sa, st, n: price(100 + sa, 1.1 + st, n)
                   - price(100 + sa, 1.1, n) - price(100, 1.1 + st, n) + price(100, 1.1, n),
                   "calls a function")


def test_cross_hints_never_name_the_answer():
    for wrong in (lambda sa, st, n: 0, lambda sa, st, n: sa * st, lambda sa, st, n: 1,
                  lambda sa, st, n: 2 * sa * st):
        hint = ch01.cross(wrong).message
        assert not any(a in hint for a in ("apple_num x step", "n sa", "113", "= 4")), hint


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
    assert_not_attempted(capsys, ch01.changed_gradients, None)
    assert_not_attempted(capsys, ch01.passes, None)
    assert_not_attempted(capsys, ch01.backward_products, template)
    assert_not_attempted(capsys, ch01.backward_pass, template)
    assert_not_attempted(capsys, ch01.gradients_by_hand, dict.fromkeys(BY_HAND))
    assert_not_attempted(capsys, ch01.gradients_by_hand, None)
    assert_not_attempted(capsys, ch01.shop, shop_of(template))


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


def test_changed_gradients_right(capsys):
    # orange_num 3 -> 4: d_orange = 4 x 1.1 (was 3.3), d_tax = 200 + 600 (was 650);
    # d_apple = 2 x 1.1, d_apple_num = 100 x 1.1, d_orange_num = 150 x 1.1 stay
    assert_right(capsys, ch01.changed_gradients, {"d_orange", "d_tax"})
    assert_right(capsys, ch01.changed_gradients, ["d_tax", "d_orange"])


@pytest.mark.parametrize("wrong, hint_part", [
    ({"d_orange"}, "d_tax: its node's backward multiplies"),
    ({"d_tax"}, "d_orange: its node's backward"),
    ({"d_orange", "d_orange_num", "d_tax"}, "d_orange_num: its node's backward"),
    ({"d_apple", "d_apple_num", "d_orange", "d_orange_num", "d_tax"}, "d_apple: "),
    ({"orange_num"}, "the gradients are called"),
    ("d_tax", "set of gradient names"),
    ({1}, "set of gradient names"),
])
def test_changed_gradients_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch01.changed_gradients, wrong, hint_part)


def test_changed_gradients_hints_never_name_the_answer():
    for wrong in ({"d_orange"}, {"d_apple"}, {"d_orange_num", "d_tax", "d_orange"}):
        message = ch01.changed_gradients(wrong).message
        assert not any(v in message for v in ("4.4", "800", "changes", "stays the same")), \
            message


def test_passes_right(capsys):
    # (L(w + h) - L(w - h)) / 2h: two forward passes per input, five inputs
    assert_right(capsys, ch01.passes, 10)
    assert_right(capsys, ch01.passes, 10.0)


@pytest.mark.parametrize("wrong, hint_part", [
    (5, "count the L(...)"),
    (11, "no run at w itself"),
    (2, "five inputs"),
    (20, "your 20"),
    ("10", "whole number"),
    (True, "whole number"),
])
def test_passes_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch01.passes, wrong, hint_part)


def test_passes_hints_never_name_the_answer():
    for wrong in (5, 11, 2, 20):
        assert "10" not in ch01.passes(wrong).message


@pytest.mark.parametrize("right, says", [(running_sum_from_zero, True),
                                         (total_price_with_layers, False), (tree_of_adds, False)])
def test_total_price_notes_an_unneeded_add_node(capsys, right, says):
    ok, out = verdict_of(capsys, ch01.shop, shop_of(right))
    assert ok is True, out
    assert ("one + node is unnecessary" in out.lower()) is says


# --- shop: backward with the layers -------------------------------------------------------

def test_shop_right_with_a_loop_backward(capsys):
    def shop(items, tax):   # the running sum's + nodes run backward, last first
        item_nodes = [MulLayer() for _ in items]
        adds = [AddLayer() for _ in items[1:]]
        tax_node = MulLayer()
        total = item_nodes[0].forward(*items[0])
        for add, node, item in zip(adds, item_nodes[1:], items[1:]):
            total = add.forward(total, node.forward(*item))
        price = tax_node.forward(total, tax)
        d_total, d_tax = tax_node.backward(1)
        d_prices = []
        for add in reversed(adds):
            d_total, d_item = add.backward(d_total)
            d_prices.append(d_item)
        d_prices.append(d_total)
        return price, [n.backward(d) for n, d in zip(item_nodes, reversed(d_prices))], d_tax
    assert np.ravel(shop([(100, 2), (150, 3)], 1.1)[1]) == pytest.approx([2.2, 110, 3.3, 165])
    assert_right(capsys, ch01.shop, shop)


def formula_gradients(items, tax):
    """The right price through the layers, and the right gradients by formula."""
    price = total_price_with_layers(items, tax)
    return price, [(n * tax, p * tax) for p, n in items], sum(p * n for p, n in items)


@pytest.mark.parametrize("wrong, hint_part", [
    (formula_gradients, "no layer ran backward"),
    (lambda items, tax: total_price_with_layers(items, tax), "return three things"),
    (lambda items, tax: (shop_of(total_price_with_layers)(items, tax)[0],
                         [(n, p) for p, n in items], sum(p * n for p, n in items)),
     "miss the tax node"),
    (lambda items, tax: (shop_of(total_price_with_layers)(items, tax)[0],
                         [(p * tax, n * tax) for p, n in items], sum(p * n for p, n in items)),
     "the *other* input"),
    (lambda items, tax: (shop_of(total_price_with_layers)(items, tax)[0],
                         [(n * tax, p * tax) for p, n in items],
                         sum(p * n for p, n in items) * tax), "not the price you pay"),
    (lambda items, tax: (shop_of(total_price_with_layers)(items, tax)[0], [], 0),
     "one (d_unit_price, d_count) pair per item"),
])
def test_shop_rejects_wrong_gradients(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch01.shop, wrong, hint_part)


def test_shop_wants_the_tax_node_backward_first(capsys):
    def items_first(items, tax):
        price, d_items, d_tax = shop_of(total_price_with_layers)(items, tax)
        return price, d_items, d_tax
    assert_right(capsys, ch01.shop, items_first)   # the helper runs the tax node first

    def forgot_the_adds(items, tax):
        with ch01._watched_layers() as calls:
            price = total_price_with_layers(items, tax)
        muls = [layer for kind, layer, *_ in calls if kind == "MulLayer"]
        d_total, d_tax = muls[-1].backward(1)
        return price, [layer.backward(d_total) for layer in muls[:-1]], d_tax
    assert_not_yet(capsys, ch01.shop, forgot_the_adds, "every node's backward once")


# --- backward_pass: the chapter's four layers run backward ---------------------------------

def backward_pass(mul_apple, mul_orange, add_fruit, mul_tax):
    d_all_price, d_tax = mul_tax.backward(1)
    d_apple_price, d_orange_price = add_fruit.backward(d_all_price)
    d_apple, d_apple_num = mul_apple.backward(d_apple_price)
    d_orange, d_orange_num = mul_orange.backward(d_orange_price)
    return d_apple, d_apple_num, d_orange, d_orange_num, d_tax


def test_backward_pass_right(capsys):
    assert_right(capsys, ch01.backward_pass, backward_pass)


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
