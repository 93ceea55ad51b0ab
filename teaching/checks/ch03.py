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

# The chapter's prediction: the apples-and-oranges graph of book 5.3 with changed numbers, so
# that neither the apple figure nor chapter 01's gradients answer it: 2 apples at 100, 4
# oranges at 150, tax 1.25; all_price = 200 + 600 = 800.  Right to left: the tax node swaps
# (d tax = 1 x all_price = 800, d all_price = 1 x tax = 1.25); the add node copies 1.25 to
# orange_price; the orange node swaps (d orange_num = 1.25 x orange = 187.5).
SHOP = {"apple": 100, "apple_num": 2, "orange": 150, "orange_num": 4, "tax": 1.25}
_SHOP_WANT = {"tax": 100 * 2 + 150 * 4, "orange_price": 1.25, "orange_num": 1.25 * 150}
_SHOP_HINTS = {
    "tax": ([(1.25, "that is what the tax node sends all_price; tax gets dprice times the "
                    "*other* input."),
             (1000.0, "that is the price itself; tax gets dprice times the tax node's *other* "
                      "input."),
             (650.0, "that is the book's all_price; this shop buys 4 oranges."),
             (600.0, "that is orange_price alone: the tax node's other input is all_price.")],
            "start at price with 1 and cross the tax node: multiply swaps."),
    "orange_price": ([(0.625, "an add node does not split the gradient: both its local "
                              "derivatives are 1."),
                      (1.0, "the add node passes on what reaches all_price, and that is not 1."),
                      (1.1, "1.1 was the book's tax factor; this shop's is 1.25."),
                      (187.5, "that is further left: stop at the add node's input.")],
                     "what does an add node hand each input, given what reaches all_price?"),
    "orange_num": ([(150.0, "what reaches orange_price is not 1: the tax node's gradient comes "
                            "through the add node."),
                    (5.0, "that is d orange: multiply swaps, so orange_num gets the upstream "
                          "gradient times the *other* input."),
                    (165.0, "that uses the book's tax factor, 1.1; this shop's is 1.25."),
                    (1.25, "cross the orange node too: multiply swaps.")],
                   "cross the orange node: multiply swaps."),
}


@check
def shop_prediction(prediction):
    """The prediction in the chapter: d price / d tax, orange_price and orange_num in the
    apples-and-oranges graph with 2 apples at 100, 4 oranges at 150 and tax 1.25."""
    dict_answer(prediction, _SHOP_WANT, "{'tax': ..., 'orange_price': ..., ...}",
                "your prediction of that gradient")
    for name, want in _SHOP_WANT.items():
        if not close(prediction[name], want):
            typical, otherwise = _SHOP_HINTS[name]
            raise NotYet(f"'{name}': " + mistake(prediction[name], typical, otherwise))
    return ("the tax node swaps (tax gets all_price = 800, all_price gets 1.25), the add node "
            "copies 1.25 to orange_price, and the orange node swaps again: 1.25 x 150.")


# The chapter's fan-out: z = x * x at x = 3 with dout = 2 arriving at z.  Each of the node's
# two edges brings back dout x the other input = 2 x 3 = 6; x feeds both, so they add: 12
# (= d(2 x**2)/dx = 4x).
_FANOUT_DX = 12.0


@check
def fanout_dx(my_dx):
    """The chapter's fan-out prediction: dL/dx for z = x * x at x = 3, dout = 2 reaching z."""
    if untouched(my_dx):
        raise NotAttempted("write your prediction of dL/dx in my_dx, one number.")
    if floats(my_dx) is None or floats(my_dx).shape != ():
        raise NotYet("my_dx should be one number.")
    if close(my_dx, _FANOUT_DX):
        return "each edge brings back dout x the other input, 2 x 3 = 6, and the fork adds: 12."
    raise NotYet(mistake(my_dx, [
        (6.0, "that is what one edge brings back; x reaches the node along two edges."),
        (9.0, "that is z, the value; the question is its gradient."),
        (18.0, "that is dout x z; a multiply node sends each input dout x the *other* input."),
        (36.0, "the two edges' shares do not multiply: each is a separate way x moves L."),
        (3.0, "that is x itself; each edge brings back dout x the other input."),
    ], "a multiply node sends each input dout x the *other* input; here x arrives along "
       "both of its edges."))


# The loop of the chapter's backward sweep makes one multiplication per edge into a × node
# (edges into + only copy); a two-input × node has two such edges, and the forward pass makes
# one multiplication per × node.  Forward pass plus sweep: (1 + 2) / 1 = 3 forward passes, for
# every gradient (on the book's shop: (3 + 6) / 3).
_WORTH = 3.0


@check
def sweep_worth(my_worth):
    """The chapter's prediction: forward pass plus backward sweep, in forward passes, counted
    in multiplications on a graph of two-input × and + nodes."""
    if untouched(my_worth):
        raise NotAttempted("write your prediction in my_worth, one number.")
    if floats(my_worth) is None or floats(my_worth).shape != ():
        raise NotYet("my_worth should be one number.")
    if close(my_worth, _WORTH):
        return ("the sweep multiplies once per edge into a × node, two per × node where the "
                "forward pass multiplies once: 1 + 2 = 3 forward passes, for every gradient.")
    raise NotYet(mistake(my_worth, [
        (2.0, "that is the sweep alone; add the forward pass itself."),
        (2.5, "count again what the loop does per × node: one multiplication per input edge."),
        (4.0, "edges into a + node only copy: the loop does not count them."),
        (5.0, "that is the number of the shop's inputs: one sweep gives all their gradients."),
        (6.0, "that is the sweep's count on the shop; compare it with the forward pass's 3 "
              "multiplications there, and add the forward pass."),
        (1.0, "the loop multiplies on each edge into a × node: how many edges has a × node?"),
    ], "the forward pass multiplies once per × node; count the loop's multiplications per × "
       "node, and add the forward pass."))


# The chapter's debug cell: f = s * x with s = x + y, at x = 3, y = 2 (s = 5).
# mul_f.backward(1.0) gives ds = x = 3 and x's own edge s = 5; the planted bug,
# `dx, dy = ds, ds` (the add node copies), then overwrites dx with the path through s: 3.
# The right gradient adds both paths: 5 + 3 = 8 = 2x + y.  No hint names 8.
_SWEEP = {"dx should be": 8.0, "wrong line": "dx, dy = ds, ds"}
_SWEEP_LINES = {    # each line of the chapter's sweep without spaces or comment -> its verdict
    "mul_f=MulLayer()": "that line only makes the node.",
    "s=x+y": "that is the forward add node, and it adds as it should.",
    "mul_f.forward(s,x)": "that is the forward multiply, f = s x, as the comment says.",
    "ds,dx=mul_f.backward(1.0)": "that line is right: multiply swaps (ds gets x, dx gets s). "
                                 "Follow dx through the lines after it.",
    "returndx,dy": "return hands back what dx and dy hold: which earlier line put the wrong "
                   "number there?",
}


def _code_line(text):
    """A line of code without its comment and without any spaces, for comparing."""
    return "".join(text.split("#")[0].split())


@check
def buggy_sweep(my_sweep):
    """The chapter's debug cell: the dx the sweep should end with, and its wrong line."""
    dict_answer(my_sweep, _SWEEP, "{'dx should be': 8.5, 'wrong line': 's = x + y'}",
                "your answer")
    if floats(my_sweep["dx should be"]) is None or floats(my_sweep["dx should be"]).shape != ():
        raise NotYet("'dx should be': write one number.")
    if not close(my_sweep["dx should be"], _SWEEP["dx should be"]):
        raise NotYet("'dx should be': " + mistake(my_sweep["dx should be"], [
            (5.0, "that is one path of x, its own edge into the f node; x also feeds the add "
                  "node. A fork adds its paths."),
            (3.0, "that is one path of x, through s; x also feeds the f node directly. A fork "
                  "adds its paths."),
            (2.0, "that is the other input y; what does the f node send each of its inputs?"),
        ], "x is used twice, by the add node and by the f node: find what each path brings "
           "back, then add."))
    if not isinstance(my_sweep["wrong line"], str):
        raise NotYet("'wrong line': copy the line as a string in quotes, such as 's = x + y'.")
    line = _code_line(my_sweep["wrong line"])
    if line != _code_line(_SWEEP["wrong line"]):
        raise NotYet("'wrong line': " + _SWEEP_LINES.get(
            line, "that is not a line of `sweep`: copy one line as it stands."))
    return ("dx should be 5 + 3 = 8 (x's own edge plus the path through s), and that line "
            "throws away x's own edge. Fix it, run its cell again, then the comparison below.")


# The chapter's gradient check of NoSwapMulLayer (backward returns dout * a for a, dout * b
# for b; a multiply should give a dout * b and b dout * a).  The two agree only where a = b:
# with a = -b each gradient has the wrong sign (relative error 1), with a = 0 the layer gives
# a 0 instead of dout * b and b dout * b instead of 0 (relative error 1).  So only a equal to
# b passes: check at random points.
_NOSWAP = {"a equal to b": True, "a = -b": False, "a = 0, b random": False}
_NOSWAP_HINTS = {
    "a equal to b": "when a and b hold the same numbers, what does swapping them change?",
    "a = -b": "what does a get from NoSwapMulLayer, and what should it get from a multiply "
              "node? Compare the two when a = -b.",
    "a = 0, b random": "look at both inputs' gradients: what does each get, and what should "
                       "it get, when a = 0?",
}


@check
def noswap_prediction(prediction):
    """Does ``NoSwapMulLayer`` pass the gradient check (relative error below 1e-7) with a
    equal to b, with a = -b, and with a = 0 and b random?  Each True (passes) or False."""
    dict_answer(prediction, _NOSWAP, "{'a equal to b': ..., 'a = -b': ..., ...}",
                "True (passes) or False (fails)")
    for key in _NOSWAP:
        if not isinstance(prediction[key], (bool, np.bool_)):
            raise NotYet(f"'{key}': write True (passes) or False (fails).")
    for key, want in _NOSWAP.items():
        if bool(prediction[key]) != want:
            raise NotYet(f"'{key}': " + _NOSWAP_HINTS[key])
    return ("only a equal to b passes: there swapping changes nothing. With a = -b every "
            "gradient has the wrong sign, with a = 0 each input gets the other's gradient. "
            "Check gradients at random points.")


# A chain of k diamonds (teaching/paths.py): x_i = p_i x_{i-1} + x_{i-1} q_i.  The edges into
# a + node only copy (local 1): no multiplication, the convention of the whole chapter.  A
# diamond has 4 edges into its two x nodes.  A path from x picks one of two branches in every
# diamond: 2**k paths, each with one x edge per diamond.  p_i (and q_i) crosses the x edge
# into its node, then has 2**(k - i) paths of k - i x edges more.  Listing paths:
# k 2**k + 2 sum_i 2**(k - i) (1 + k - i), which sums to (3k - 2) 2**k + 2.  One backward
# sweep makes 4k multiplications; forward mode one pass per input (x and every p_i, q_i:
# 2k + 1) over every edge: (2k + 1) 4k.  tests/test_paths.py checks that paths.counts
# measures exactly these.  The chapter asks for k = 1 and k = 2 and the order of growth:
# paths 2, 4; sweep 4, 8; forward mode 12, 40.  Listing paths (4, 18) is not asked: the
# explorer revealed after the check measures it.
_DIAMOND_COUNTS = {"paths from x": lambda k: 2 ** k,
                   "backward sweep": lambda k: 4 * k,
                   "forward mode": lambda k: (2 * k + 1) * 4 * k}
_GROWTH = {"paths from x": "exponential", "backward sweep": "linear", "forward mode": "quadratic"}
# wrong counts at (k = 1, k = 2) a learner is likely to give, and what to look at
_DIAMOND_HINTS = {
    "paths from x": [((2, 3), "a path picks one of two branches in *every* diamond: each "
                              "diamond multiplies the count, it does not add to it.")],
    "backward sweep": [((6, 12), "the + node's two edges only copy (upstream x 1): no "
                                 "multiplication there."),
                       ((2, 4), "one multiplication per edge into a × node, not per node.")],
    "forward mode": [((4, 8), "that is one pass; forward mode makes one pass per input."),
                     ((4, 16), "count the inputs again: x, and in each diamond its own "
                               "p_i and q_i."),
                     ((8, 32), "count the inputs again: x is an input too."),
                     ((18, 60), "the + node's edges only copy: count the edges into × nodes.")],
}


@check
def diamond_counts(prediction):
    """The chapter's prediction: for k = 1 and k = 2 diamonds in a row, the number of paths
    from x and the multiplications of the backward sweep and of forward mode (the + nodes'
    copies are no multiplications), each with how it grows with k."""
    dict_answer(prediction, _DIAMOND_COUNTS,
                "{'paths from x': (count at k = 1, count at k = 2, 'linear'), ...}",
                "(count at k = 1, count at k = 2, growth)")
    for key, formula in _DIAMOND_COUNTS.items():
        entry = prediction[key]
        if not isinstance(entry, (tuple, list)) or len(entry) != 3:
            raise NotYet(f"'{key}': give three things, (count at k = 1, count at k = 2, "
                         "'linear', 'quadratic' or 'exponential').")
        if any(isinstance(count, str) for count in entry[:2]):
            raise NotYet(f"'{key}': write the two counts as numbers, not strings.")
        want = (formula(1), formula(2))
        if not close(entry[:2], want):
            raise NotYet(f"'{key}': " + mistake(entry[:2], _DIAMOND_HINTS[key],
                                                 "count it on the picture for k = 1, "
                                                 "then chain a second diamond after it."))
        growth = entry[2].strip().lower() if isinstance(entry[2], str) else ""
        if growth not in ("linear", "quadratic", "exponential"):
            raise NotYet(f"'{key}': write its growth as 'linear', 'quadratic' or "
                         "'exponential'.")
        if growth != _GROWTH[key]:
            raise NotYet(f"'{key}': your counts are right; now how does a third diamond "
                         "change them, and a tenth?")
    return ("2, 4 paths (2**k); the sweep 4, 8 (4 per diamond); forward mode 12, 40 (one "
            "pass per input, 2k + 1 of them, each 4k).")


# Exercise 1's shop taxes the oranges twice (an import duty at the border, then the tax at
# the till): price = (apple apple_num + orange orange_num tax) tax, drawn at 4 apples at 90,
# 5 oranges at 60, tax 1.08.  Right to left: the last tax node sends tax its other input,
# all_price = apple apple_num + orange orange_num tax, and all_price gets tax; the add node
# copies tax to orange_taxed, whose tax node sends tax (upstream) x orange_price.  The fork
# adds both: d tax = apple apple_num + 2 orange orange_num tax (at the drawn shop 360 + 648 =
# 1008).
TAX = 1.08
_SHOPS = [(90, 4, 60, 5, TAX), (100, 2, 150, 3, 1.1), (7.5, 3, 2.25, 8, 1.3), (40, 1, 15, 6, 0.9)]


# Exercise 1 asks for each path's term on its own: a central difference of the price gives only
# their sum, so it cannot stand in for the derivation.
_PATHS = {
    "through last tax": lambda a, an, o, on, t: a * an + o * on * t,     # all_price
    "through orange tax": lambda a, an, o, on, t: t * o * on,           # tax x orange_price
}
_BOTH = ("that is both paths added (what central differences of the price give); write "
         "only what this path brings back.")
_PATH_MISTAKES = {
    "through last tax": [
        (lambda a, an, o, on, t: a * an + 2 * o * on * t, _BOTH),
        (lambda a, an, o, on, t: a * an + o * on,
         "that is all_price of the chapter's shop, which taxes once; here the oranges in "
         "all_price are taxed already."),
        (lambda a, an, o, on, t: (a * an + o * on * t) * t,
         "that is the price: a tax node sends tax (upstream) x its *other* input."),
        (lambda a, an, o, on, t: t + 0 * a, "that is what all_price gets; multiply swaps."),
        (lambda a, an, o, on, t: t * o * on, "that is the other path, through the orange tax."),
    ],
    "through orange tax": [
        (lambda a, an, o, on, t: a * an + 2 * o * on * t, _BOTH),
        (lambda a, an, o, on, t: o * on,
         "what reaches orange_taxed is not 1: the last tax node and the add node pass on "
         "something else."),
        (lambda a, an, o, on, t: a * an + o * on * t,
         "that is the other path, through the last tax."),
        (lambda a, an, o, on, t: o * on * t * t,
         "the orange tax node sends tax (upstream) x its *other* input, orange_price."),
    ],
}


def exercise_shop():
    """Exercise 1's graph, run by the real layers (forward done, no gradients yet)."""
    from teaching.trace import graph_from

    def oranges_taxed_twice(apple, apple_num, orange, orange_num, tax):
        apple_price = apple * apple_num
        orange_price = orange * orange_num
        orange_taxed = orange_price * tax
        all_price = apple_price + orange_taxed
        price = all_price * tax
        return price
    graph = graph_from(oranges_taxed_twice, "oranges taxed twice", apple=(90, 0, 300, 1),
                       apple_num=(4, 0, 10, 1), orange=(60, 0, 300, 1),
                       orange_num=(5, 0, 10, 1), tax=(TAX, 0.5, 2.0, 0.01))
    graph.named = {"orange_taxed", "all_price"}    # label the inner edges
    return graph


@check
def tax_used_twice(my_dtax):
    """Exercise 1: what each path of tax brings back in a shop that taxes the oranges twice,
    each a function of (apple, apple_num, orange, orange_num, tax), tried on several shops."""
    dict_answer(my_dtax, _PATHS, "{'through last tax': lambda apple, ...: ..., ...}",
                "a function of the five inputs")
    for key, want in _PATHS.items():
        got = [call(my_dtax[key], *shop, what=f"your '{key}'") for shop in _SHOPS]
        if any(value is None or floats(value) is None or floats(value).shape != ()
               for value in got):
            raise NotYet(f"'{key}': your function should return one number for a shop.")
        if not close(got, [want(*shop) for shop in _SHOPS]):
            raise NotYet(f"'{key}': " + next(
                (hint for wrong, hint in _PATH_MISTAKES[key]
                 if close(got, [wrong(*shop) for shop in _SHOPS])),
                "start at price with 1 and go right to left along this path alone: what "
                "does its tax node send tax?"))
    return ("the last tax node sends tax all_price, the orange tax node sends it tax x "
            "orange_price, and the fork adds them: apple apple_num + 2 orange orange_num "
            "tax. The 2 is d(tax²)/d tax: the oranges' part of the price is orange "
            "orange_num tax², and its two paths are the two factors of tax².")


def _max_answers(layer_class, add_like, tilde):
    """max_layer's two pairs of numbers, each with the typical wrong answers."""
    layer_answers(layer_class, (-1.0, 4.0), 2.5, 4.0, (0.0, 2.5),
                  wrong_out=[(-1.0, "forward returns the smaller input; max keeps the larger.")],
                  wrong_back=[((2.5, 0.0), "the gradient went to the smaller input; it belongs "
                                           "to the one that won, the larger."),
                              ((0.0, 1.0), "that is the local derivative: multiply by dout."),
                              ((2.5, 2.5), add_like), ((1.25, 1.25), "do not split dout: the "
                                                         "larger input gets all of it."),
                              ((0.0, -2.5), tilde)])
    layer_answers(layer_class, (7.0, -2.0), 1.5, 7.0, (1.5, 0.0),
                  wrong_back=[((0.0, 1.5), "this time x is the larger input: it gets dout."),
                              ((1.5, 1.5), add_like), ((1.5, -3.0), tilde)])


@check
def max_layer(layer_class):
    """Exercise 2: ``MaxLayer`` with forward(x, y) and backward(dout) -> (dx, dy), tried
    on two pairs of numbers and then gradient-checked on arrays."""
    # By hand at x = -1, y = 4, dout = 2.5: out = 4, (dx, dy) = (0, 2.5); at x = 7, y = -2,
    # dout = 1.5: out = 7, (dx, dy) = (1.5, 0); then a gradient check on arrays whose
    # entries are never tied (at a tie max has no derivative).
    add_like = "that is an add node: max sends dout only to the input that won."
    # dout * (~mask) with mask a Python bool: ~False is -1, ~True is -2
    tilde = ("dy has the wrong sign: ~ on a Python bool gives -1 or -2, not the opposite "
             "bool; use 1 - mask or np.logical_not(mask).")
    try:
        _max_answers(layer_class, add_like, tilde)
    except NotYet as not_yet:       # Python 3.12+ warns on ~ of a bool before any number
        if "Bitwise inversion" in str(not_yet):
            raise NotYet(tilde) from None
        raise
    rng = np.random.default_rng(5)
    x = rng.standard_normal((3, 4))
    gap = rng.choice([-1.0, 1.0], size=(3, 4)) * rng.uniform(0.2, 1.0, size=(3, 4))
    try:
        gradient_checked(layer_class, x, x + gap)
    except NotYet as not_yet:
        if "truth value" not in str(not_yet):
            raise
        raise NotYet(f"{str(not_yet).rstrip('.')}. An `if` (or Python's max) decides once for "
                     "the whole array; NumPy works element by element: np.maximum(x, y), and "
                     "np.where(condition, a, b) picks from a or b.") from None
    return "max routes: the larger input gets dout, the other 0."

