"""The checks of chapter 03 (teaching/checks/ch03.py) accept right answers, reject wrong ones.

Expected values come from the math: the apples-and-oranges graph (the tax node sends
all_price 1 x tax = 1.1, the add node copies it to both fruit prices); k diamonds (2**k
paths from x of 2k edges, 6k edges, 2k + 1 inputs); the shop of exercise 1, where tax is
used twice (d tax = 360 + 300); f = max(x, y) * x, where x has two paths; and max(x, y):
the larger input gets dout, the other 0.
"""

import numpy as np
import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right

from layers import AddLayer, MulLayer
from teaching import paths
from teaching.checks import ch03


def test_shop_prediction(capsys):
    right = {"all_price": 1.1, "apple_price": 1.1, "orange_price": 1.1}
    assert_right(capsys, ch03.shop_prediction, right)
    # the real layers agree with the math
    mul_apple, mul_orange, add, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    mul_tax.forward(add.forward(mul_apple.forward(100, 2), mul_orange.forward(150, 3)), 1.1)
    d_all_price, _ = mul_tax.backward(1.0)
    d_apple_price, d_orange_price = add.backward(d_all_price)
    assert_right(capsys, ch03.shop_prediction, {"all_price": d_all_price,
                                                "apple_price": d_apple_price,
                                                "orange_price": d_orange_price})
    for wrong, hint_part in [(dict(right, all_price=1), "a multiply node"),
                             (dict(right, all_price=650), "*other* input"),
                             (dict(right, all_price=715), "the price itself"),
                             (dict(right, all_price=2), "multiply swaps"),
                             (dict(right, apple_price=0.55), "does not split"),
                             (dict(right, orange_price=1), "not 1"),
                             (dict(right, apple_price=2.2), "d apple"),
                             (dict(right, orange_price=3.3), "d orange"),
                             (dict(right, orange_price=7), "'orange_price': what does an add"),
                             ({"all_price": 1.1}, "needs the keys")]:
        assert_not_yet(capsys, ch03.shop_prediction, wrong, hint_part)
    for template in (None, dict.fromkeys(right)):
        assert_not_attempted(capsys, ch03.shop_prediction, template)


def listing_products(k):
    """x: 2**k paths of 2k edges; p_i and q_i: 2**(k - i) paths of 2 + 2 (k - i) edges."""
    return 2 ** k * 2 * k + 2 * sum(2 ** (k - i) * (2 + 2 * (k - i)) for i in range(1, k + 1))


DIAMONDS_RIGHT = {"paths from x": lambda k: 2 ** k, "sum over paths": listing_products,
                  "backward sweep": lambda k: 6 * k, "forward mode": lambda k: (2 * k + 1) * 6 * k}


@pytest.mark.parametrize("k", [1, 2, 4, 8])
def test_diamond_formulas_are_what_paths_measures(k):
    graph = paths.diamond_chain(k)
    mults = paths.counts(graph)["multiplications"]
    assert paths.n_paths(graph, "x") == DIAMONDS_RIGHT["paths from x"](k)
    listed = DIAMONDS_RIGHT["sum over paths"](k)
    assert mults["sum over paths"] == listed == (6 * k - 4) * 2 ** k + 4   # its closed form
    assert mults["one backward sweep"] == DIAMONDS_RIGHT["backward sweep"](k)
    assert mults["forward mode"] == DIAMONDS_RIGHT["forward mode"](k)


def test_diamond_counts(capsys):
    assert_right(capsys, ch03.diamond_counts, DIAMONDS_RIGHT)
    for key, wrong, hint_part in [
            ("paths from x", lambda k: 2 * k, "multiplies the count"),
            ("paths from x", lambda k: 3 ** k, "for k = 1 (the picture)"),
            ("sum over paths", lambda k: 2 * k * 2 ** k, "x's paths alone"),
            ("sum over paths", lambda k: 3 * 2 ** k - 2, "that counts paths"),
            ("sum over paths", lambda k: listing_products(k) // 2, "two edges in every diamond"),
            ("sum over paths", lambda k: 6 * k * 2 ** k, "for k = 1 (the picture)"),
            ("backward sweep", lambda k: 4 * k, "+ node's two edges"),
            ("backward sweep", lambda k: 3 * k, "not per node"),
            ("forward mode", lambda k: 6 * k, "one pass per input"),
            ("forward mode", lambda k: 6 * k * k, "own p_i and q_i"),
            ("forward mode", lambda k: 12 * k * k, "x is an input too"),
            ("forward mode", lambda k: 1 / 0, "ZeroDivisionError"),
            ("forward mode", 54, "not its result")]:
        assert_not_yet(capsys, ch03.diamond_counts, dict(DIAMONDS_RIGHT, **{key: wrong}),
                       hint_part)
    assert_not_attempted(capsys, ch03.diamond_counts, dict.fromkeys(DIAMONDS_RIGHT))
    assert_not_attempted(capsys, ch03.diamond_counts, None)


# Exercise 1's shop: 4 apples at 90, 5 oranges at 60, tax 1.08 on each fruit.  By hand:
# the add node copies 1; each tax node swaps (d apple_price = d orange_price = 1.08);
# tax collects both paths, 360 + 300 = 660; the fruit nodes swap: 1.08 x 4, 1.08 x 90,
# 1.08 x 5, 1.08 x 60.
GRADS_RIGHT = {"price": 1, "apple_taxed": 1, "orange_taxed": 1, "apple_price": 1.08,
               "orange_price": 1.08, "tax": 660, "apple": 4.32, "apple_num": 97.2,
               "orange": 5.4, "orange_num": 64.8}


def test_shopping_gradients_accepts_the_math_and_the_layers(capsys):
    assert_right(capsys, ch03.shopping_gradients, GRADS_RIGHT)
    mul_apple, mul_orange, tax_apple, tax_orange, add = (MulLayer(), MulLayer(), MulLayer(),
                                                         MulLayer(), AddLayer())
    add.forward(tax_apple.forward(mul_apple.forward(90, 4), 1.08),
                tax_orange.forward(mul_orange.forward(60, 5), 1.08))
    d_apple_taxed, d_orange_taxed = add.backward(1.0)
    d_apple_price, d_tax_a = tax_apple.backward(d_apple_taxed)
    d_orange_price, d_tax_o = tax_orange.backward(d_orange_taxed)
    d_apple, d_apple_num = mul_apple.backward(d_apple_price)
    d_orange, d_orange_num = mul_orange.backward(d_orange_price)
    from_layers = {"price": 1.0, "apple_taxed": d_apple_taxed, "orange_taxed": d_orange_taxed,
                   "apple_price": d_apple_price, "orange_price": d_orange_price,
                   "tax": d_tax_a + d_tax_o, "apple": d_apple, "apple_num": d_apple_num,
                   "orange": d_orange, "orange_num": d_orange_num}
    assert_right(capsys, ch03.shopping_gradients, from_layers)
    graph = ch03.exercise_shop()
    assert graph.backward(1.0) == pytest.approx(GRADS_RIGHT)


@pytest.mark.parametrize("wrong, hint_part", [
    (dict(GRADS_RIGHT, tax=360), "two paths"),               # one path of tax only
    (dict(GRADS_RIGHT, tax=300), "two paths"),
    (dict(GRADS_RIGHT, tax=712.8), "untaxed fruit price"),   # the output, not the other input
    (dict(GRADS_RIGHT, tax=2.16), "multiply swaps"),
    (dict(GRADS_RIGHT, apple=1.08 * 90, apple_num=1.08 * 4), "not x (apple)"),
    (dict(GRADS_RIGHT, apple=4, apple_num=90, apple_price=1), "through a tax node"),
    (dict(GRADS_RIGHT, apple_taxed=1.08), "add node"),
    (dict(GRADS_RIGHT, orange_num=5.4), "'orange_num'"),
    (dict(GRADS_RIGHT, price=None), "keep 'price': 1"),
    ({"apple": 4.32}, "needs the keys"),
])
def test_shopping_gradients_rejects(capsys, wrong, hint_part):
    assert_not_yet(capsys, ch03.shopping_gradients, wrong, hint_part)


# f = max(x, y) * x: dm = x, x's own edge gets m, max routes dm to the winner.
MAX_TIMES_X_RIGHT = {"dx at (2, 5)": 5, "dy at (2, 5)": 2, "dx at (6, 5)": 12, "dy at (6, 5)": 0}


def test_max_times_x_accepts_the_math_and_central_differences(capsys):
    assert_right(capsys, ch03.max_times_x, MAX_TIMES_X_RIGHT)
    import layers

    def slopes(x, y):
        return layers.numerical_gradient(lambda v: max(v[0], v[1]) * v[0], np.array([x, y]))

    (dx1, dy1), (dx2, dy2) = slopes(2.0, 5.0), slopes(6.0, 5.0)
    assert_right(capsys, ch03.max_times_x, {"dx at (2, 5)": dx1, "dy at (2, 5)": dy1,
                                            "dx at (6, 5)": dx2, "dy at (6, 5)": dy2})


@pytest.mark.parametrize("key, wrong, hint_part", [
    ("dx at (2, 5)", 7, "carries 0"),
    ("dx at (2, 5)", 2, "*other*"),
    ("dy at (2, 5)", 0, "which input wins"),
    ("dy at (2, 5)", 5, "multiply swaps"),
    ("dx at (6, 5)", 6, "both of its paths"),
    ("dx at (6, 5)", 11, "routes all of it"),
    ("dy at (6, 5)", 6, "the loser"),
    ("dy at (6, 5)", 1, "add the gradients"),
])
def test_max_times_x_rejects(capsys, key, wrong, hint_part):
    assert_not_yet(capsys, ch03.max_times_x, dict(MAX_TIMES_X_RIGHT, **{key: wrong}), hint_part)


def test_max_times_x_untouched_template_is_not_attempted(capsys):
    assert_not_attempted(capsys, ch03.max_times_x, dict.fromkeys(MAX_TIMES_X_RIGHT))


class MaxRight:
    """max(x, y) element by element; the gradient goes to the larger input."""

    def forward(self, x, y):
        self.x_wins = np.asarray(x) >= np.asarray(y)
        return np.maximum(x, y)

    def backward(self, dout):
        return np.where(self.x_wins, dout, 0.0), np.where(self.x_wins, 0.0, dout)


class MaxToSmaller(MaxRight):
    def backward(self, dout):
        return np.where(self.x_wins, 0.0, dout), np.where(self.x_wins, dout, 0.0)


class MaxLikeAdd(MaxRight):
    def backward(self, dout):
        return dout * np.ones_like(self.x_wins, dtype=float), dout * np.ones_like(self.x_wins,
                                                                                     dtype=float)


class MaxLocalOnly(MaxRight):
    def backward(self, dout):
        return np.where(self.x_wins, 1.0, 0.0), np.where(self.x_wins, 0.0, 1.0)


class MaxNumbersOnly:
    """Right on numbers; `if` on arrays raises."""

    def forward(self, x, y):
        self.x_wins = x > y
        return x if self.x_wins else y

    def backward(self, dout):
        return (dout, 0.0) if self.x_wins else (0.0, dout)


class MaxTemplate:
    def forward(self, x, y):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


def test_max_layer(capsys):
    assert_right(capsys, ch03.max_layer, MaxRight)
    assert_not_yet(capsys, ch03.max_layer, MaxToSmaller, "smaller input")
    assert_not_yet(capsys, ch03.max_layer, MaxLikeAdd, "add node")
    assert_not_yet(capsys, ch03.max_layer, MaxLocalOnly, "multiply by dout")
    assert_not_yet(capsys, ch03.max_layer, MaxNumbersOnly, "truth value")
    assert_not_yet(capsys, ch03.max_layer, MaxNumbersOnly, "np.where")
    assert_not_attempted(capsys, ch03.max_layer, MaxTemplate)


@pytest.mark.parametrize("template", [dict.fromkeys(GRADS_RIGHT), None,
                                      dict(dict.fromkeys(GRADS_RIGHT), price=1)])
def test_shopping_gradients_untouched_template_is_not_attempted(capsys, template):
    assert_not_attempted(capsys, ch03.shopping_gradients, template)


def test_buggy_sweep(capsys):
    # f = (x + y) x at x = 3, y = 2: the planted overwrite leaves dx = ds = x = 3 (the
    # path through s), the right dx is 2x + y = 8
    assert_right(capsys, ch03.buggy_sweep, 3)
    assert_not_yet(capsys, ch03.buggy_sweep, 8, "what dx should be")
    assert_not_yet(capsys, ch03.buggy_sweep, 5, "after the first backward line")
    assert_not_yet(capsys, ch03.buggy_sweep, 2, "line by line")
    assert_not_yet(capsys, ch03.buggy_sweep, [3, 3], "one number")
    assert_not_yet(capsys, ch03.buggy_sweep, "3", "one number")
    assert_not_attempted(capsys, ch03.buggy_sweep, None)
