"""Checks for the exercises of chapter 03, backward through add and multiply."""

import numpy as np

from .core import (
    NotAttempted,
    NotYet,
    call,
    check,
    close,
    dict_answer,
    floats,
    gradient_checked,
    layer_answers,
    mistake,
    untouched,
)

# The chapter's apples-and-oranges graph (book 5.3): 2 apples at 100, 3 oranges at 150, tax
# 1.1, so all_price = 200 + 450 = 650.  Chapter 01 found the five input gradients by nudging;
# the prediction here asks for the inner edges.  The tax node swaps: d all_price = 1 x tax
# = 1.1; the add node copies that 1.1 to apple_price and to orange_price.
_SHOP_WANT = {"all_price": 1.1, "apple_price": 1.1, "orange_price": 1.1}


@check
def shop_prediction(prediction):
    """The prediction in the chapter: the gradients reaching all_price, apple_price and
    orange_price in the apples-and-oranges graph."""
    dict_answer(prediction, _SHOP_WANT, "{'all_price': ..., 'apple_price': ..., ...}",
                "your prediction of that gradient")
    if not close(prediction["all_price"], _SHOP_WANT["all_price"]):
        raise NotYet(mistake(prediction["all_price"], [
            (1.0, "all_price reaches price through the tax node, a multiply node: what does "
                  "it send back to each input?"),
            (650.0, "that is all_price's value; its gradient is dprice times the tax node's "
                    "*other* input."),
            (715.0, "that is the price itself; the gradient is dprice times the tax node's "
                    "*other* input."),
        ], "start at price with 1 and cross the tax node: multiply swaps."))
    for name in ("apple_price", "orange_price"):
        if not close(prediction[name], _SHOP_WANT[name]):
            raise NotYet(f"'{name}': " + mistake(prediction[name], [
                (_SHOP_WANT["all_price"] / 2, "an add node does not split the gradient: "
                                              "both its local derivatives are 1."),
                (1.0, "the add node passes on what reaches all_price, and that is not 1."),
                (2.2, "that is d apple, further left: stop at the add node's inputs."),
                (3.3, "that is d orange, further left: stop at the add node's inputs."),
            ], "what does an add node hand each input, given what reaches all_price?"))
    return ("the tax node sends all_price 1 x 1.1, and the add node copies that 1.1 to both "
            "fruit prices: add distributes, multiply swaps.")


# The chapter's debug cell: f = s * x with s = x + y, at x = 3, y = 2 (s = 5).
# mul.backward(1.0) gives ds = x = 3 and x's own edge s = 5; the planted bug,
# `dx, dy = add.backward(ds)`, then overwrites dx with the path through s alone: 3.
# The right gradient adds both paths: 5 + 3 = 8 = 2x + y.
_BUGGY_DX, _RIGHT_DX = 3.0, 8.0


@check
def buggy_sweep(my_dx):
    """The chapter's debug cell: the dx that the sweep, as written, ends with."""
    if untouched(my_dx):
        raise NotAttempted("write in my_dx the number you expect the code to leave in dx.")
    if floats(my_dx) is None or floats(my_dx).shape != ():
        raise NotYet("my_dx should be one number.")
    if close(my_dx, _BUGGY_DX):
        return ("as written, the sweep ends with dx = 3: the path through s alone. The last "
                "line overwrote the 5 of x's own edge into the multiply node; a value used "
                "twice must add its paths. Fix that line and run the cell again.")
    raise NotYet(mistake(my_dx, [
        (_RIGHT_DX, "8 is what dx should be. Follow the code line by line: what is in dx "
                    "after each line?"),
        (5.0, "that is dx after the first backward line. Does the next line leave it alone?"),
    ], "follow the code line by line: what is in dx after each line?"))


# A chain of k diamonds (teaching/paths.py): x_i = p_i x_{i-1} + x_{i-1} q_i.  A path from x
# picks one of two branches in every diamond: 2**k paths, each crossing 2 edges per diamond.
# p_i (and q_i) crosses the edge into its x node and into x_i, then has 2**(k - i) paths of
# 2 (k - i) edges more.  Listing paths: 2k 2**k + 2 sum_i 2**(k - i) (2 + 2 (k - i)), which
# sums to (6k - 4) 2**k + 4.  A diamond has two x nodes (two edges each) and a + node (two
# edges): 6 edges, so one backward sweep makes 6k products.  Forward mode makes one pass per
# input (x and every p_i, q_i: 2k + 1) over every edge: (2k + 1) 6k products.
# tests/test_paths.py checks that paths.counts measures exactly these.
_DIAMOND_KS = (1, 2, 3, 5, 8)
_DIAMOND_COUNTS = {"paths from x": lambda k: 2 ** k,
                   "sum over paths": lambda k: (6 * k - 4) * 2 ** k + 4,
                   "backward sweep": lambda k: 6 * k,
                   "forward mode": lambda k: (2 * k + 1) * 6 * k}


@check
def diamond_counts(prediction):
    """The chapter's prediction: for k diamonds in a row, the number of paths from x, and the
    products of listing paths, of one backward sweep and of forward mode, as functions of k."""
    dict_answer(prediction, _DIAMOND_COUNTS, "{'paths from x': lambda k: ..., ...}",
                "a function of k, such as lambda k: 3 * k")
    hints = {
        "paths from x": [
            (lambda k: 2 * k, "a path picks one of two branches in *every* diamond: each "
                              "diamond multiplies the count, it does not add to it."),
            (lambda k: k + 1, "a path picks one of two branches in every diamond."),
        ],
        "sum over paths": [
            (lambda k: 2 * k * 2 ** k, "those are the products for x's paths alone: every p_i "
                                       "and q_i has paths to the output too."),
            (lambda k: 3 * 2 ** k - 2, "that counts paths; each path costs one product per "
                                       "edge on it."),
            (lambda k: k * 2 ** k + 2 * sum(2 ** (k - i) * (1 + k - i) for i in range(1, k + 1)),
             "a path crosses two edges in every diamond: into a × node, then into the + node."),
        ],
        "backward sweep": [
            (lambda k: 4 * k, "count the + node's two edges too: the sweep makes one product "
                              "per edge, 'upstream x 1' included."),
            (lambda k: 3 * k, "one product per edge (per arrow into a node), not per node."),
            (lambda k: 2 ** k, "the sweep crosses each edge once, however many paths use it."),
        ],
        "forward mode": [
            (lambda k: 6 * k, "that is one pass; forward mode makes one pass per input."),
            (lambda k: 6 * k * k, "count the inputs again: x, and in each diamond its own "
                                  "p_i and q_i."),
            (lambda k: 12 * k * k, "count the inputs again: x is an input too."),
        ],
    }
    for key, formula in _DIAMOND_COUNTS.items():
        got = [call(prediction[key], k, what=f"your function for '{key}'") for k in _DIAMOND_KS]
        want = [formula(k) for k in _DIAMOND_KS]
        if not close(got, want):
            raise NotYet(f"'{key}': " + next(
                (hint for wrong, hint in hints[key]
                 if close(got, [wrong(k) for k in _DIAMOND_KS])),
                "count it for k = 1 (the picture) and for k = 2 first, then see how it grows "
                "with k."))
    return ("2**k paths, (6k - 4) 2**k + 4 products to list them (like k 2**k), 6k for the "
            "sweep, (2k + 1) 6k for forward mode (like k**2).")


# Exercise 1's shop taxes the apples and the oranges separately, so tax is used twice:
# 4 apples at 90, 5 oranges at 60, tax 1.08.  apple_price = 360, orange_price = 300,
# apple_taxed = 388.8, orange_taxed = 324, price = 712.8.  By hand, right to left: the add
# node copies 1 to apple_taxed and orange_taxed; each tax node swaps (d apple_price = 1.08,
# d orange_price = 1.08) and sends tax the other input; tax collects both paths:
# d tax = 360 + 300 = 660.  The fruit nodes swap: d apple = 1.08 x 4, d apple_num = 1.08 x 90,
# d orange = 1.08 x 5, d orange_num = 1.08 x 60.
TAX = 1.08
_SHOPPING_GRADIENTS = {
    "price": 1.0, "apple_taxed": 1.0, "orange_taxed": 1.0,
    "apple_price": TAX, "orange_price": TAX, "tax": 360.0 + 300.0,
    "apple": TAX * 4, "apple_num": TAX * 90, "orange": TAX * 5, "orange_num": TAX * 60,
}


def exercise_shop():
    """Exercise 1's graph, run by the real layers (forward done, no gradients yet)."""
    from teaching.trace import graph_from

    def taxed_separately(apple, apple_num, orange, orange_num, tax):
        apple_price = apple * apple_num
        apple_taxed = apple_price * tax
        orange_price = orange * orange_num
        orange_taxed = orange_price * tax
        price = apple_taxed + orange_taxed
        return price
    return graph_from(taxed_separately, "taxed separately", apple=(90, 0, 300, 1),
                      apple_num=(4, 0, 10, 1), orange=(60, 0, 300, 1),
                      orange_num=(5, 0, 10, 1), tax=(TAX, 0.5, 2.0, 0.01))


@check
def shopping_gradients(grads):
    """Exercise 1: d price / d (every value) of a shop that taxes apples and oranges
    separately (4 apples at 90, 5 oranges at 60, tax 1.08), worked out by hand."""
    # "price": 1 comes filled in, so the template counts as untouched while the rest is None
    dict_answer(grads, [n for n in _SHOPPING_GRADIENTS if n != "price"],
                "{'apple': ..., 'tax': ...}", "the gradient of that value (dprice = 1)")
    if grads.get("price") is None:
        raise NotYet("keep 'price': 1, the gradient the backward pass starts from.")
    wrong = [n for n, want in _SHOPPING_GRADIENTS.items() if not close(grads[n], want)]
    if not wrong:
        return ("all ten are right: the add node copies 1, each multiply node swaps, and tax, "
                "used by two nodes, collects both paths: 360 + 300 = 660.")
    if close(grads["tax"], 360.0) or close(grads["tax"], 300.0):
        raise NotYet("tax goes into two multiply nodes: it reaches price along two paths, and "
                     "its gradient is the sum of both.")
    if close(grads["tax"], 712.8):
        raise NotYet("each tax node sends tax its *other* input, the untaxed fruit price.")
    if close(grads["tax"], 2 * TAX) or close(grads["tax"], TAX):
        raise NotYet("multiply swaps: the tax node sends tax (upstream) x (its other input).")
    if close(grads["apple"], TAX * 90) or close(grads["orange"], TAX * 60):
        raise NotYet("multiply swaps: d apple is (upstream) x (apple_num), not x (apple).")
    if any(close(grads[n], v) for n, v in (("apple", 4.0), ("orange", 5.0),
                                           ("apple_price", 1.0), ("orange_price", 1.0))):
        raise NotYet("the fruit prices reach price through a tax node: what does it send back?")
    if close(grads["apple_taxed"], TAX) or close(grads["orange_taxed"], TAX):
        raise NotYet("apple_taxed and orange_taxed go straight into the add node: what does "
                     "an add node pass to each input?")
    raise NotYet(f"look again at '{wrong[0]}': multiply the upstream gradient by the local "
                 "derivative.")


# f = max(x, y) * x: x is used twice, by the max node and by the multiply node.  With
# m = max(x, y): dm = df * x (multiply swaps), x's own edge into the multiply node gets
# df * m; max routes dm to the larger input.  At x = 2, y = 5: m = 5, dm = 2, so dy = 2 and
# dx = 5 + 0 = 5.  At x = 6, y = 5: m = 6, dm = 6, dy = 0 and dx = 6 + 6 = 12.
_MAX_TIMES_X = {"dx at (2, 5)": 5.0, "dy at (2, 5)": 2.0,
                "dx at (6, 5)": 12.0, "dy at (6, 5)": 0.0}


@check
def max_times_x(predicted):
    """Exercise 2: dx and dy of f = max(x, y) * x at (x, y) = (2, 5) and (6, 5), df = 1."""
    dict_answer(predicted, _MAX_TIMES_X, "{'dx at (2, 5)': ..., ...}",
                "the gradient (upstream df = 1)")
    typical = {
        "dx at (2, 5)": [(7.0, "max routes: at (2, 5) y wins, so the path from x through the "
                               "max node carries 0."),
                         (2.0, "x's own edge into the multiply node gets df times the *other* "
                               "input, m = max(x, y).")],
        "dy at (2, 5)": [(0.0, "at (2, 5), which input wins the max?"),
                         (5.0, "multiply swaps: the max node receives df times the multiply "
                               "node's *other* input.")],
        "dx at (6, 5)": [(6.0, "x is used twice, and at (6, 5) it wins the max: both of its "
                               "paths carry a gradient. Add them."),
                         (11.0, "the max node receives df times the multiply node's other "
                                "input, then routes all of it to the winner.")],
        "dy at (6, 5)": [(6.0, "at (6, 5) x wins the max: what does the loser get?")],
    }
    for key, want in _MAX_TIMES_X.items():
        if not close(predicted[key], want):
            raise NotYet(f"'{key}': " + mistake(predicted[key], typical[key],
                                                "name m = max(x, y), go right to left, and "
                                                "add the gradients of x's two paths."))
    return ("max routes, multiply swaps, forks add: at (2, 5) the max path of x carries 0 "
            "(dx = m = 5, dy = 2); at (6, 5) both paths carry 6 (dx = 12, dy = 0).")


@check
def max_layer(layer_class):
    """Exercise 3: ``MaxLayer`` with forward(x, y) and backward(dout) -> (dx, dy), tried
    on two pairs of numbers and then gradient-checked on arrays."""
    # By hand at x = 3, y = 5, dout = 2: out = 5, (dx, dy) = (0, 2); at x = 7, y = -2,
    # dout = 1.5: out = 7, (dx, dy) = (1.5, 0); then a gradient check on arrays whose
    # entries are never tied (at a tie max has no derivative).
    add_like = "that is an add node: max sends dout only to the input that won."
    layer_answers(layer_class, (3.0, 5.0), 2.0, 5.0, (0.0, 2.0),
                  wrong_out=[(3.0, "forward returns the smaller input; max keeps the larger.")],
                  wrong_back=[((2.0, 0.0), "the gradient went to the smaller input; it belongs "
                                           "to the one that won, the larger."),
                              ((0.0, 1.0), "that is the local derivative: multiply by dout."),
                              ((2.0, 2.0), add_like), ((1.0, 1.0), "do not split dout: the "
                                                       "larger input gets all of it.")])
    layer_answers(layer_class, (7.0, -2.0), 1.5, 7.0, (1.5, 0.0),
                  wrong_back=[((0.0, 1.5), "this time x is the larger input: it gets dout."),
                              ((1.5, 1.5), add_like)])
    rng = np.random.default_rng(5)
    x = rng.standard_normal((3, 4))
    gap = rng.choice([-1.0, 1.0], size=(3, 4)) * rng.uniform(0.2, 1.0, size=(3, 4))
    try:
        gradient_checked(layer_class, x, x + gap)
    except NotYet as not_yet:
        if "truth value" not in str(not_yet):
            raise
        raise NotYet(f"{str(not_yet).rstrip('.')}. An `if` decides once for the whole array; "
                     "np.where(condition, a, b) picks from a or b element by element.") from None
    return ("max routes: the larger input gets dout, the other 0. ReLU (chapter 5) is this "
            "gate with one input fixed at 0.")
