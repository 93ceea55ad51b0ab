"""Checks for the exercises of chapter 03, backward through add and multiply."""

import numpy as np

from teaching import paths

from .core import NotYet, check, close, dict_answer, gradient_checked, layer_answers, mistake

# Exercise 3.1 uses its own shop, so no number of the worked graph answers it:
# 3 apples at 120, 4 oranges at 80, tax 1.05.  all_price = 360 + 320 = 680, price = 714.
# By hand, right to left: the tax node swaps (d all_price = 1.05, d tax = 680), the add
# node copies 1.05 to both fruit prices, each fruit node swaps again.
_SHOP = {"apple": 120.0, "apple_num": 3.0, "orange": 80.0, "orange_num": 4.0, "tax": 1.05}
_SHOPPING_GRADIENTS = {
    "price": 1.0, "all_price": 1.05, "tax": 680.0,
    "apple_price": 1.05, "orange_price": 1.05,
    "apple": 1.05 * 3, "apple_num": 1.05 * 120, "orange": 1.05 * 4, "orange_num": 1.05 * 80,
}


@check
def shopping_gradients(grads):
    """Exercise 3.1: d price / d (every edge) of a new shopping graph (3 apples at 120,
    4 oranges at 80, tax 1.05), worked out by hand."""
    # "price": 1 comes filled in, so the template counts as untouched while the rest is None
    dict_answer(grads, [n for n in _SHOPPING_GRADIENTS if n != "price"],
                "{'apple': ..., 'tax': ...}", "the gradient on that edge (dprice = 1)")
    if grads.get("price") is None:
        raise NotYet("keep 'price': 1, the gradient the backward pass starts from.")
    wrong = [n for n, want in _SHOPPING_GRADIENTS.items() if not close(grads[n], want)]
    if not wrong:
        return ("all nine gradients are right: the 1.05 reaching all_price goes unchanged "
                "through the add node, and each multiply node swaps.")
    if any(close(grads[n], v) for n, v in (("apple", 3.0), ("orange", 4.0), ("apple_num", 120.0))):
        raise NotYet("every path back from price crosses the tax node first: the gradient "
                     "reaching all_price is not 1.")
    if close(grads["apple"], 1.05 * 120) and close(grads["apple_num"], 1.05 * 3):
        raise NotYet("multiply swaps: d apple is (upstream) x (apple_num), "
                     "d apple_num is (upstream) x (apple).")
    if close(grads["tax"], 1.05) or close(grads["all_price"], 680.0):
        raise NotYet("at the tax node, d tax = dprice x all_price and d all_price = dprice x tax.")
    if close(grads["tax"], 714.0):
        raise NotYet("d tax is the *other* input of the tax node (all_price), not its output.")
    if close(grads["tax"], 1.1 * 650) or close(grads["apple"], 2.2) or close(grads["tax"], 650.0):
        raise NotYet("those are the numbers of the worked graph above; this shop has its own "
                     "prices, counts and tax.")
    raise NotYet(f"look again at '{wrong[0]}': multiply the upstream gradient by the local "
                 "derivative.")


# f = s * x with s = x + y: x reaches f along two paths (directly into the multiply node,
# and through s), so by the multivariable chain rule
#   df/ds = x,   df/dx = s + x = 2x + y,   df/dy = df/ds * 1 = x     (times the upstream dout)
def _two_uses_math(x, y, dout):
    return dout * (2 * x + y), dout * x


_BY_HAND_X, _BY_HAND_Y = 4.0, -1.0


@check
def two_uses_by_hand(grads):
    """Exercise 3.2: the gradients of s, x and y in f = (x + y) * x at x = 4, y = -1, df = 1."""
    x, y = _BY_HAND_X, _BY_HAND_Y
    s = x + y                                              # 3
    dx, dy = _two_uses_math(x, y, 1.0)                     # 7, 4
    want = {"s": x, "x": dx, "y": dy}
    dict_answer(grads, want, "{'s': ..., 'x': ..., 'y': ...}", "the gradient (upstream df = 1)")
    if not close(grads["s"], want["s"]):
        raise NotYet(mistake(grads["s"], [
            (s, "multiply swaps: ds = upstream x (the other input), and the other input is x = 4."),
        ], "s goes into the multiply node together with x: ds = df x (the other input)."))
    if not close(grads["x"], want["x"]):
        raise NotYet(mistake(grads["x"], [
            (s, "that is only the direct path (the multiply node sends df x s = 3 to x); x also "
                "reaches f through s: add the path through the add node, ds x 1."),
            (x, "that is only the path through s; the multiply node also sends df x s = 3 "
                "straight to x. Add both paths."),
            (s * x, "that is f itself; you want its gradient."),
        ], "x has two paths to f: directly into the multiply node, and through s. Add them."))
    if not close(grads["y"], want["y"]):
        raise NotYet(mistake(grads["y"], [
            (dx, "y is used once, only by the add node: dy = ds x 1. The second path belongs "
                 "to x."),
        ], "the add node passes ds on to y unchanged."))
    return ("ds = 4, dy = 4, and dx = 3 + 4 = 7: the direct path plus the path through s, "
            "which is d/dx of x**2 + xy = 2x + y.")


@check
def max_layer(layer_class):
    """Exercise 3.3: ``MaxLayer`` with forward(x, y) = max(x, y) (element by element) and
    backward(dout) -> (dx, dy): the whole of dout goes to the larger input, 0 to the other.

    By hand at x = 3, y = 5, dout = 2: out = 5, (dx, dy) = (0, 2); at x = 7, y = -2,
    dout = 1.5: out = 7, (dx, dy) = (1.5, 0); then a gradient check on arrays whose
    entries are never tied (at a tie max has no derivative).
    """
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


_DIAMONDS = 20


@check
def diamond_costs(predicted):
    """Exercise 3.4: for 20 diamonds, the paths from x, and the products of one backward
    sweep and of forward mode.  By the math: 2**20 paths; 6 edges per diamond, so 120
    products backward; 41 inputs (x, and p_i, q_i per diamond), one pass each over the
    120 edges, so 4920 forward.  Compared with the counts measured by teaching.paths."""
    dict_answer(predicted, ("paths_from_x", "backward", "forward_mode"),
                "{'paths_from_x': ..., 'backward': ..., 'forward_mode': ...}", "a count")
    k = _DIAMONDS
    graph = paths.diamond_chain(k)
    measured = {"paths_from_x": paths.n_paths(graph, "x"),
                "backward": paths.by_backward(graph)[1].count,
                "forward_mode": paths.by_forward_mode(graph)[1].count}
    edges, inputs = 6 * k, 2 * k + 1
    if not close(predicted["paths_from_x"], measured["paths_from_x"], tol=0):
        raise NotYet(mistake(predicted["paths_from_x"], [
            (2 * k, "each diamond *doubles* the paths: a path that reaches diamond i can take "
                    "either branch, and so can every path after it."),
            (2 ** (k + 1), "count the paths from x only: one choice of branch per diamond."),
        ], "each diamond gives every path two ways on: how many ways through all of them?"))
    if not close(predicted["backward"], measured["backward"], tol=0):
        raise NotYet(mistake(predicted["backward"], [
            (4 * k, "the count includes the add nodes' products with their local 1: one "
                    "product per edge, and a diamond has six edges (x twice, p, q, a, b)."),
            (2 * k, "one product per edge, and a diamond has six edges."),
            (3 * k, "that is the number of nodes; the sweep makes one product per edge."),
        ], "the sweep crosses every edge once, one product each: count the edges of one "
           "diamond."))
    if not close(predicted["forward_mode"], measured["forward_mode"], tol=0):
        raise NotYet(mistake(predicted["forward_mode"], [
            (edges, "that is one pass; forward mode makes one pass per input."),
            (2 * k * edges, "x is an input too."),
            ((k + 1) * edges, "every diamond brings two inputs, p and q."),
        ], "one pass per input, every pass crossing every edge: inputs x edges."))
    return (f"{2 ** k:,} paths, but one sweep makes only {edges} products and forward mode "
            f"{inputs} x {edges} = {inputs * edges:,}: the sweep grows with the edges, "
            "never with the paths or the inputs.")
