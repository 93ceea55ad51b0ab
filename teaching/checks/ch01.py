"""Checks for the exercises of chapter 01, computational graphs."""

import random

import numpy as np

import layers
from teaching.layer_calls import watched_layers

from .core import (
    NotAttempted,
    NotYet,
    answer,
    call,
    check,
    close,
    dict_answer,
    floats,
    mistake,
    untouched,
)

# Two moves at once, in Problem 2 (2 apples, 3 oranges): the price is (2 apple + 450) tax.
# With the apple at 120 the subtotal, the tax's gradient, is 690. Raising apple by sa and
# tax by st together gives (650 + 2 sa)(1.1 + st) - 715 = 2.2 sa + 650 st + 2 sa st: beyond
# the single rises 2 sa st, 4 for the steps (20, 0.1) and 1 for (10, 0.05).
_STEPS = {"extra": (20, 0.1), "extra_halved": (10, 0.05)}
_TOGETHER = {"d_tax_at_120": 2 * 120 + 450,
             **{name: 2 * sa * st for name, (sa, st) in _STEPS.items()}}


@check
def two_moves(predicted):
    """In the text, on Problem 2: the tax's gradient once apple (one apple's price) stands at
    120; and what moving apple and tax together adds beyond the two single moves, for the
    steps (20, 0.1) and for half of them."""
    dict_answer(predicted, _TOGETHER, "{'d_tax_at_120': 0.0, 'extra': 0.0, 'extra_halved': 0.0}",
                "your answer worked out on paper")
    got = predicted["d_tax_at_120"]
    if not close(got, _TOGETHER["d_tax_at_120"]):
        raise NotYet(mistake(got, [
            (650, "d_tax_at_120: that is its gradient at apple 100; the apple's move changed what "
                  "the tax node multiplies."),
            (690 * 1.1, "d_tax_at_120: the tax node multiplies the subtotal before tax, not the "
                        "price you pay."),
            (2 * 120, "d_tax_at_120: the oranges are still in the basket: the tax node multiplies "
                      "the whole subtotal."),
        ], "d_tax_at_120: raise tax by a tiny e with the apple at 120: the tax node multiplies "
           "e by its other input, the subtotal. What is that subtotal now?"))
    for name, (sa, st) in _STEPS.items():
        got, want = predicted[name], _TOGETHER[name]
        if close(got, want):
            continue
        typical = [
            (0, f"{name}: not zero: the tax move meets a subtotal the apple move has already "
                "raised."),
            ((2 * (100 + sa) + 450) * (1.1 + st) - 715,
             f"{name}: that is the whole rise; take off what each move adds alone."),
            ((2 * (100 + sa) + 450) * st, f"{name}: that is the tax move made after the apple "
                                          "move; take off the tax move alone, at apple 100."),
            (2 * sa, f"{name}: that is what the apple move adds to the subtotal; the tax node "
                     "multiplies it by the tax's step."),
            (2 * sa * (1.1 + st), f"{name}: that is the apple move made after the tax move; "
                                  "take off the apple move alone, at tax 1.1."),
        ]
        if name == "extra_halved":
            typical += [(4 * want, f"{name}: both steps are halved, and the extra depends on "
                                   "both."),
                        (2 * want, f"{name}: halving one step halves the extra; here both "
                                   "steps are halved.")]
        raise NotYet(mistake(got, typical,
                             f"{name}: follow both moves (apple by {sa:g}, tax by {st:g}) to "
                             "the tax node: it multiplies the raised subtotal by the raised "
                             "tax. Take off the two single rises."))
    return ("690 = 240 + 450, the subtotal the tax multiplies at apple 120: a gradient holds "
            "where you stand. The extra is the subtotal the apple move added times the tax's "
            "step, apple_num × step_apple × step_tax: 4 yen, then 1 for half the steps, a "
            "quarter: it shrinks with the product of the steps.")


# The chapter's prediction: the price (apple * apple_num + orange * orange_num) * tax at
# these inputs; each derivative is the product of what the input meets on its way out. The
# apple's, 2 x 1.1, is the chapter's worked example (in Problem 1), so it is not asked.
_INPUTS = {"apple": 100, "apple_num": 2, "orange": 150, "orange_num": 3, "tax": 1.1}
_BY_HAND = {"apple_num": 100 * 1.1, "orange": 3 * 1.1, "orange_num": 150 * 1.1,
            "tax": 100 * 2 + 150 * 3}
# the input each item input is multiplied with at its × node
_PARTNER = {"apple": "apple_num", "apple_num": "apple", "orange": "orange_num",
            "orange_num": "orange"}


@check
def gradients_by_hand(predicted):
    """The chapter's prediction: the price's gradients with respect to Problem 2's inputs
    (all but the apple's, worked in the text), worked out on paper before central
    differences measure them."""
    dict_answer(predicted, _BY_HAND, "{'apple_num': 1, 'orange': 1, ...}",
                "a number worked out on paper")
    for name, want in _BY_HAND.items():
        got = predicted[name]
        if close(got, want):
            continue
        if name == "tax":
            raise NotYet(mistake(got, [
                (want * 1.1, "tax: the tax node multiplies the subtotal before tax, not the "
                             "price you pay; raise tax by a tiny amount and see what it "
                             "multiplies."),
            ], "tax: raise tax by a tiny amount e: the tax node multiplies its other input "
               "by it, so how many e does the price go up?"))
        partner = _PARTNER[name]
        raise NotYet(mistake(got, [
            (want / 1.1, f"{name}: the rise passes through the tax node too."),
            (_INPUTS[name] * 1.1, f"{name}: at its × node, {name} is multiplied by {partner}: "
                                  f"raising {name} by e adds e times {partner} there, not e "
                                  f"times {name}."),
        ], f"{name}: raise {name} by a tiny amount e and follow the rise along the arrows: "
           f"what does its × node make of it, and then the + and tax nodes?"))
    return "all four, each the product of what its input meets on the way to the price."



@check
def central_differences(price_of, measured, by_hand):
    """In the text: ``price_of(inputs)``, Problem 2's price from (apple, apple_num, orange,
    orange_num, tax), right on random baskets, and ``measured``, exactly what
    ``numerical_gradient(price_of, ...)`` returns at Problem 2's inputs (a pasted number differs
    in its last digits); asked only once ``by_hand`` is right."""
    if not gradients_by_hand(by_hand):
        raise NotAttempted("first get by_hand's check Right above, then measure.")
    baskets = [tuple(_INPUTS.values())] + [
        (random.randint(50, 300), random.randint(1, 9), random.randint(50, 300),
         random.randint(1, 9), random.choice([1.05, 1.08, 1.2])) for _ in range(3)]
    for a, an, o, on, t in baskets:
        got = answer(price_of, np.array([a, an, o, on, t], dtype=float), what="price_of",
                     if_none="price_of returns None: return the price.")
        if not close(got, (a * an + o * on) * t):
            raise NotYet("price_of is not Problem 2's price on every basket: follow the graph "
                         "with inputs in the order apple, apple_num, orange, orange_num, tax.")
    if untouched(measured):
        raise NotAttempted("set measured to what numerical_gradient returns.")
    runs = []
    want = call(lambda: layers.numerical_gradient(
        lambda v: runs.append(1) or price_of(v), np.array(list(_INPUTS.values()), dtype=float)),
        what="numerical_gradient on price_of")
    got = floats(measured)
    if got is None or got.shape != want.shape or not np.array_equal(got, want):
        raise NotYet("measured is not what numerical_gradient(price_of, ...) returns at Problem "
                     "2's inputs: take it from that call as it is, not typed in.")
    diff = max(abs(got[0] - 2.2), *(abs(g - by_hand[n]) for g, n in zip(got[1:], _BY_HAND)))
    return (f"numerical_gradient ran your price_of {len(runs)} times, two forward passes for "
            f"each of the {len(_INPUTS)} inputs; its numbers differ from the apple's traced 2.2 "
            f"and your by_hand numbers by at most {diff:.0e}.")


_NODES = ("mul_apple", "mul_orange", "add_fruit", "mul_tax")


@check
def backward_pass(func):
    """In the text: ``func(mul_apple, mul_orange, add_fruit, mul_tax)``, Problem 2's layers
    already run forward, returns (d_apple, d_apple_num, d_orange, d_orange_num, d_tax) as the
    layers' own backward returned them, the tax node's first."""
    first, others = _pass_right(func)
    mine = ", ".join(f"{name} {float(g):.4g}" for name, g in zip(_GRADS, first))
    return (f"your pass gives, on Problem 2, {mine}: the apple's 2.2 traced in the text and "
            f"your four by_hand numbers. Right on {others} other baskets too: four "
            "backward calls, each node after the one its output feeds, each fed the dout that "
            "node returned.")


def _pass_right(func):
    """``func``'s gradients on Problem 2 and the number of other baskets it was right on;
    ``NotYet`` unless it gets them from the layers' backward calls, in the right order."""
    # the chapter's basket first, then baskets drawn afresh: pasted numbers cannot pass
    baskets = [(100, 2, 150, 3, 1.1)] + [
        (random.randint(50, 300), random.randint(1, 9), random.randint(50, 300),
         random.randint(1, 9), random.choice([1.05, 1.08, 1.2])) for _ in range(3)]
    first = None
    for apple, apple_num, orange, orange_num, tax in baskets:
        nodes = [layers.MulLayer(), layers.MulLayer(), layers.AddLayer(), layers.MulLayer()]
        mul_apple, mul_orange, add_fruit, mul_tax = nodes
        subtotal = add_fruit.forward(mul_apple.forward(apple, apple_num),
                                     mul_orange.forward(orange, orange_num))
        mul_tax.forward(subtotal, tax)
        backs = []
        with watched_layers(backs) as calls:
            got = answer(func, *nodes, if_none="backward_pass returns None: return the five "
                                               "gradients.")
        if calls:
            raise NotYet("the layers have run forward already and kept their inputs: call "
                         "only their backward.")
        if not isinstance(got, (tuple, list)) or len(got) != 5:
            raise NotYet("return five numbers: d_apple, d_apple_num, d_orange, d_orange_num, "
                         "d_tax.")
        names = {id(node): name for name, node in zip(_NODES, nodes)}
        ran = [names.get(id(layer)) for layer, *_ in backs]
        if not ran:
            raise NotYet("no layer ran backward: get the gradients from each layer's "
                         "backward(dout), starting where the price comes out.")
        if ran[0] != "mul_tax" or not close(backs[0][1], 1):
            raise NotYet("start where the price comes out: mul_tax's backward first, with "
                         "dout = 1 (the price's gradient with respect to itself).")
        for name in _NODES:
            if ran.count(name) != 1:
                raise NotYet(f"{name}.backward ran {ran.count(name)} time(s): every node runs "
                             "backward once.")
        if ran.index("add_fruit") > min(ran.index("mul_apple"), ran.index("mul_orange")):
            raise NotYet("an item's × node ran backward before add_fruit: a node can run "
                         "backward only once the gradient of its output is known.")
        for layer, dout, _ in backs[1:]:
            if not close(dout, tax):
                raise NotYet(mistake(dout, [(subtotal, "a backward returns its gradients in the "
                                                      "order of its forward's inputs: mul_tax "
                                                      "saw (all_price, tax).")],
                                     f"{names[id(layer)]}.backward got dout = {dout!r}: hand "
                                     "each node the gradient its output got from the node "
                                     "after it."))
        want = [apple_num * tax, apple * tax, orange_num * tax, orange * tax, subtotal]
        if not all(close(g, w) for g, w in zip(got, want)):
            in_order = sorted(want) == sorted(float(g) for g in got if close(g, g))
            raise NotYet("the right gradients in the wrong order: return d_apple, d_apple_num, "
                         "d_orange, d_orange_num, d_tax." if in_order else
                         "return what the layers' backward calls gave, each input's gradient "
                         "in the order d_apple, d_apple_num, d_orange, d_orange_num, d_tax.")
        # each dout the very object the node after it returned: a pass that feeds an item
        # node a number of its own and runs add_fruit only for show does not pass
        fed = {names[id(layer)]: dout for layer, dout, _ in backs}
        outs = {names[id(layer)]: returned for layer, _, returned in backs}
        chain = [("add_fruit", outs["mul_tax"][0]), ("mul_apple", outs["add_fruit"][0]),
                 ("mul_orange", outs["add_fruit"][1])]
        # each gradient a backward returned, by the node that sent it and the edge it went to
        sent = {id(grad): f"the gradient {node} sent to {edge}"
                for node, edges in [("mul_tax", ("all_price", "tax")),
                                    ("add_fruit", ("apple_price", "orange_price"))]
                for grad, edge in zip(outs[node], edges)}
        for name, given in chain:
            if fed[name] is not given:
                raise NotYet(f"you fed {name} {sent[id(fed[name])]}: hand each node the gradient "
                             "its output got." if id(fed[name]) in sent else
                             f"{name}.backward got a dout of the right size, but not the one "
                             "the node after it returned: hand each node the gradient its "
                             "output got, as returned.")
        # the very objects backward returned: numbers computed from layer.x and layer.y
        # beside the backward calls are equal, but not these
        gave = [*outs["mul_apple"], *outs["mul_orange"], outs["mul_tax"][1]]
        if not all(g is r for g, r in zip(got, gave)):
            raise NotYet("the numbers are right, but they are not the ones your backward calls "
                         "returned: return those, as they are, instead of computing them from "
                         "what the layers kept.")
        first = first or got    # the first basket is Problem 2's
    return first, len(baskets) - 1


_GRADS = ("d_apple", "d_apple_num", "d_orange", "d_orange_num", "d_tax")
# The exercise's pass runs Problem 1's graph on this basket (apple, apple_num, tax), not
# Problem 1's own, whose backward picture shows d_tax, on ONE MulLayer for both × nodes. Its
# second forward replaces what the first kept: mul holds (apple_price, tax) = (360, 1.08), so
# backward(1) gives (tax, apple_price), d_tax 360 as it should, and backward(tax) multiplies
# by (360, 1.08) again: d_apple tax x tax = 1.1664 and d_apple_num tax x apple_price = 388.8
# (a right pass: apple_num x tax = 3.24 and apple x tax = 129.6).
COLLEAGUE_BASKET = (120, 3, 1.08)
_APPLE, _APPLE_NUM, _TAX = COLLEAGUE_BASKET
_APPLE_PRICE = _APPLE * _APPLE_NUM
_REUSED = {"d_apple": _TAX * _TAX, "d_apple_num": _TAX * _APPLE_PRICE, "d_tax": _APPLE_PRICE}
_RIGHT = {"d_apple": _APPLE_NUM * _TAX, "d_apple_num": _APPLE * _TAX, "d_tax": _APPLE_PRICE}


@check
def reused_outputs(predicted):
    """The exercise: the three numbers the chapter's reused_pass (one MulLayer for both ×
    nodes of Problem 1's graph) returns on ``COLLEAGUE_BASKET``, worked out from its code
    without running it."""
    dict_answer(predicted, _REUSED, "{'d_apple': 1, 'd_apple_num': 1, 'd_tax': 1}",
                "a number worked out from the code")
    for name, want in _REUSED.items():
        got = predicted[name]
        if close(got, want):
            continue
        if close(got, _RIGHT[name]):
            raise NotYet(f"{name}: that is what a pass with one layer per node returns. Which "
                         "x and y does mul hold when each backward runs?")
        raise NotYet(f"{name}: follow mul.x and mul.y through every call, in order: what does "
                     "each backward multiply its dout by?")
    return (f"a layer keeps only its last forward's inputs: the second forward replaced "
            f"({_APPLE:g}, {_APPLE_NUM:g}) by ({_APPLE_PRICE:g}, {_TAX:g}), so the second "
            "backward multiplied by those. Set them beside central differences below, then "
            "fix reused_pass.")


@check
def fixed_pass(func, predicted):
    """The exercise: ``func(apple, apple_num, tax)``, the chapter's reused_pass once the
    learner fixed it, returns the gradients of Problem 1's graph from its layers' backward
    calls, each backward run on the inputs of its own × node (one layer per node, or a
    forward run again before it); asked only once ``predicted``, its outputs, is right."""
    if not reused_outputs(predicted):
        raise NotAttempted("first predict reused_pass's outputs above, then fix it.")
    baskets = [COLLEAGUE_BASKET] + [(random.randint(50, 300), random.randint(1, 9),
                                  random.choice([1.05, 1.08, 1.2])) for _ in range(3)]
    for apple, apple_num, tax in baskets:
        backs = []
        with watched_layers(backs):
            got = answer(func, apple, apple_num, tax,
                         if_none="reused_pass returns None: return the three gradients.")
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            raise NotYet("return three numbers: d_apple, d_apple_num, d_tax.")
        if (len(backs) != 2 or not close(backs[0][1], 1)
                or backs[1][1] is not backs[0][2][0]):
            raise NotYet("run backward as in backward_pass above: the tax node's layer first, "
                         "with dout = 1, then the apple node's, fed what the first returned.")
        # a × layer's backward returns (dout * y, dout * x) for the x, y it holds: each must
        # hold its own node's inputs, the tax node's (apple_price, tax), then the apple's
        for (_, dout, grads), (x, y) in zip(backs, [(apple * apple_num, tax), (apple, apple_num)]):
            if not (len(grads) == 2 and close(grads[0], dout * y) and close(grads[1], dout * x)):
                raise NotYet("a layer's backward multiplies by the inputs of its last forward: "
                             "each backward must run on the inputs of its own × node.")
        gave = [*backs[1][2], backs[0][2][1]]
        want = [apple_num * tax, apple * tax, apple * apple_num]
        if not all(g is r and close(g, w) for g, r, w in zip(got, gave, want)):
            raise NotYet("return what the backward calls gave, in the order d_apple, "
                         "d_apple_num, d_tax.")
    fixed = (f"fixed: right on this basket and on {len(baskets) - 1} other baskets, each "
             "backward on its own node's inputs.")
    if backs[0][0] is backs[1][0]:
        return (fixed + " Running forward again works here, but one layer per node is the "
                "better fix: a layer keeps only its last forward's inputs, so each node's own "
                "layer holds them after one forward pass, with no node computed twice.")
    return fixed + " One layer per node: each keeps its own inputs for its backward."
