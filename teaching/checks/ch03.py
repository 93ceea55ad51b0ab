"""Checks for the exercises of chapter 03, backward through add and multiply."""

import numpy as np

from .core import NotYet, check, close, dict_answer, gradient_checked, layer_answers, mistake

# Exercise 3.1 uses its own shop, and a shape the worked graphs do not have: the apples
# pass through a discount node before the add node.  3 apples at 120, discount 0.9,
# 4 oranges at 80, tax 1.05.  apple_price = 360, apple_paid = 324, orange_price = 320,
# all_price = 644, price = 676.2.  By hand, right to left: the tax node swaps
# (d all_price = 1.05, d tax = 644), the add node copies 1.05 to apple_paid and
# orange_price, the discount node swaps (d apple_price = 1.05 x 0.9, d discount = 1.05 x 360),
# each fruit node swaps again.
_SHOPPING_GRADIENTS = {
    "price": 1.0, "all_price": 1.05, "tax": 644.0,
    "apple_paid": 1.05, "orange_price": 1.05,
    "apple_price": 1.05 * 0.9, "discount": 1.05 * 360,
    "apple": 1.05 * 0.9 * 3, "apple_num": 1.05 * 0.9 * 120,
    "orange": 1.05 * 4, "orange_num": 1.05 * 80,
}


@check
def shopping_gradients(grads):
    """Exercise 3.1: d price / d (every edge) of a shop with a discount on the apples
    (3 apples at 120, discount 0.9, 4 oranges at 80, tax 1.05), worked out by hand."""
    # "price": 1 comes filled in, so the template counts as untouched while the rest is None
    dict_answer(grads, [n for n in _SHOPPING_GRADIENTS if n != "price"],
                "{'apple': ..., 'tax': ...}", "the gradient on that edge (dprice = 1)")
    if grads.get("price") is None:
        raise NotYet("keep 'price': 1, the gradient the backward pass starts from.")
    wrong = [n for n, want in _SHOPPING_GRADIENTS.items() if not close(grads[n], want)]
    if not wrong:
        return ("all eleven gradients are right: the 1.05 reaching all_price goes unchanged "
                "through the add node, and each multiply node (tax, discount, fruit) swaps.")
    if any(close(grads[n], v) for n, v in (("apple", 0.9 * 3), ("orange", 4.0),
                                           ("apple_price", 0.9), ("orange_num", 80.0))):
        raise NotYet("every path back from price crosses the tax node first: the gradient "
                     "reaching all_price is not 1.")
    if close(grads["apple"], 1.05 * 3) or close(grads["apple_num"], 1.05 * 120) \
            or close(grads["apple_price"], 1.05):
        raise NotYet("the apples' path back also crosses the discount node, a multiply node "
                     "of its own: what does it send to apple_price?")
    if close(grads["apple"], 1.05 * 0.9 * 120) and close(grads["apple_num"], 1.05 * 0.9 * 3):
        raise NotYet("multiply swaps: d apple is (upstream) x (apple_num), "
                     "d apple_num is (upstream) x (apple).")
    if close(grads["tax"], 1.05) or close(grads["all_price"], 644.0):
        raise NotYet("at the tax node, d tax = dprice x all_price and d all_price = dprice x tax.")
    if close(grads["tax"], 676.2):
        raise NotYet("d tax is the *other* input of the tax node (all_price), not its output.")
    if close(grads["discount"], 1.05 * 324) or close(grads["discount"], 360.0):
        raise NotYet("at the discount node, d discount = (upstream) x (its other input), "
                     "apple_price before the discount.")
    if close(grads["tax"], 650.0) or close(grads["apple"], 2.2):
        raise NotYet("those are the numbers of the worked graph above; this shop has its own "
                     "prices, counts, discount and tax.")
    raise NotYet(f"look again at '{wrong[0]}': multiply the upstream gradient by the local "
                 "derivative.")


# f = u + v with u = x * y and v = x * x: x is used three times (once by u, twice by v),
# so it reaches f along three paths.  The add node copies the upstream df to u and v; the
# multiply nodes swap:  du = dv = df,  dy = du x,  dx = du y + dv x + dv x = df (y + 2x).
# At x = 2, y = 5, df = 1: du = dv = 1, dy = 2, dx = 5 + 2 + 2 = 9.
_BY_HAND_X, _BY_HAND_Y = 2.0, 5.0


@check
def three_uses_by_hand(grads):
    """Exercise 3.2: the gradients of u, v, x and y in f = x*y + x*x at x = 2, y = 5, df = 1."""
    x, y = _BY_HAND_X, _BY_HAND_Y
    want = {"u": 1.0, "v": 1.0, "x": y + 2 * x, "y": x}
    dict_answer(grads, want, "{'u': ..., 'v': ..., 'x': ..., 'y': ...}",
                "the gradient (upstream df = 1)")
    for name in ("u", "v"):
        if not close(grads[name], want[name]):
            raise NotYet(f"{name} goes into the add node that makes f: what does an add node "
                         "pass to each input?")
    if not close(grads["y"], want["y"]):
        raise NotYet(mistake(grads["y"], [
            (y, "multiply swaps: dy = du times the *other* input of u's node."),
            (want["x"], "y is used once, only by u's node; the extra paths belong to x."),
        ], "y goes only into u = x*y: dy = du times the other input."))
    if not close(grads["x"], want["x"]):
        raise NotYet(mistake(grads["x"], [
            (y, "that is only the path through u = x*y; x also goes into v = x*x, twice."),
            (2 * x, "those are only the two edges into v = x*x; x also reaches f through u."),
            (y + x, "v = x*x sends dv-times-the-other-input back along *each* of its two "
                    "edges, and both lead to x: count both."),
            (x, "that is one edge into v; x has more paths to f than that."),
            (x * y + x * x, "that is f itself; you want its gradient."),
        ], "x is used three times (once by u, twice by v): add the gradient of every path."))
    return ("du = dv = 1 (add copies), dy = x = 2, and dx = 5 + 2 + 2 = 9: one path through u, "
            "two through v, which is d/dx of xy + x**2 = y + 2x.")


@check
def max_layer(layer_class):
    """Exercise 3.3: ``MaxLayer`` with forward(x, y) and backward(dout) -> (dx, dy), tried
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
    gradient_checked(layer_class, x, x + gap)
    return ("max routes: the larger input gets dout, the other 0. ReLU (chapter 5) is this "
            "gate with one input fixed at 0.")
