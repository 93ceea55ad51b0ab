"""Checks for the exercises of chapter 01, computational graphs."""

import contextlib
import dis
import random

import layers

from .core import (
    NotAttempted,
    NotYet,
    answer,
    check,
    close,
    dict_answer,
    mistake,
    untouched,
)

# (items, tax, right total); the totals are worked by hand: sum of price x count, times tax
_TOTAL_PRICE_CASES = [
    ([(100, 2)], 1.1, 220.0),
    ([(100, 2), (150, 3)], 1.1, 715.0),
    ([(80, 5), (120, 1), (30, 10)], 1.08, 885.6),   # (400 + 120 + 300) x 1.08
    ([(100, 2)], 1.0, 200.0),
]


@contextlib.contextmanager
def _watched_layers():
    """MulLayer.forward and AddLayer.forward wrapped, on the classes themselves, so that
    every call is seen, however and whenever the layer object was made.

    Yields a list, filled while it is open, of (kind, layer, x, y, out) for every call in
    the order they ran; the layers are kept alive so that no two objects share an id.
    Restored afterwards.
    """
    calls = []
    saved = []

    def watching(cls, forward):
        def watched_forward(self, x, y):
            out = forward(self, x, y)
            calls.append((cls.__name__, self, x, y, out))
            return out
        return watched_forward

    for cls in (layers.MulLayer, layers.AddLayer):
        forward = cls.__dict__["forward"]
        saved.append((cls, forward))
        cls.forward = watching(cls, forward)
    try:
        yield calls
    finally:
        for cls, forward in saved:
            cls.forward = forward


def _take(pool, value):
    """Remove a number close to ``value`` from ``pool``; False if there is none."""
    for i, made in enumerate(pool):
        if close(value, made):
            del pool[i]
            return True
    return False


def _flow_problem(calls, items, tax):
    """None if the layer calls form the shopping graph, else the hint: one x node per
    item, + nodes fed only by item prices and earlier + nodes (or a running sum's 0), and
    the tax x node, last, fed the one number left: the sum of every item price."""
    objects = [id(layer) for _, layer, *_ in calls]
    if len(set(objects)) < len(objects):
        return ("one layer object ran forward for several nodes: it keeps only the inputs of "
                "its last call, so make a new layer for every node.")
    n = len(items)
    muls = [call for call in calls if call[0] == "MulLayer"]
    if len(muls) != n + 1:
        return (f"the number is right, but for {n} item(s) the graph has {n + 1} x nodes and "
                f"your code ran MulLayer.forward {len(muls)} time(s): one MulLayer per item, "
                "one for the tax, applied once to the sum.")
    made = []   # numbers made by nodes and not yet fed into another node
    for kind, _, x, y, out in calls[:-1] if calls[-1] is muls[-1] else calls:
        if kind == "AddLayer":
            for value in (x, y):
                if not _take(made, value) and not close(value, 0):
                    return ("a + node was given a number that no node of your graph made: "
                            "feed the item prices, and each + node's output, into the "
                            "+ nodes.")
        made.append(out)
    _, _, x, y, _ = muls[-1]
    if calls[-1] is not muls[-1] or not (close(x, tax) or close(y, tax)):
        return ("the last node must be the tax's MulLayer: multiply the sum of the item "
                "prices by tax, once, at the end.")
    other = x if close(y, tax) else y
    if not _take(made, other) or made:
        return ("the numbers are right, but they do not flow through your graph: the + nodes "
                "must add up every item price, and the tax node must multiply the output of "
                "the last + node (Python's sum() is not a node).")
    return None


@check
def total_price(func):
    """Exercise 1.1: ``total_price(items, tax)`` for any list of (unit price, count) pairs,
    built from layers: a new MulLayer per item and one for the tax, AddLayers for the sum."""
    watched = []   # the numbers first, on every list; then how they were computed
    for items, tax, want in _TOTAL_PRICE_CASES:
        with _watched_layers() as calls:
            got = answer(func, list(items), tax,
                         if_none="total_price returns None: return the price after tax.")
        if not close(got, want):
            subtotal = sum(p * n for p, n in items)
            raise NotYet(mistake(got, [
                (subtotal, "that is the price before tax: multiply the sum by tax at the end."),
                (subtotal + tax, "the tax node multiplies (x 1.1), it does not add."),
                (sum(p for p, _ in items) * tax,
                 "each item's price must be multiplied by its count first."),
            ], f"for items={items} and tax={tax} the total should be {want:g}, "
               f"you got {got!r}."))
        watched.append((items, tax, calls))
    extra_add = False   # a running sum from 0: more + nodes than the k - 1 the graph needs
    for items, tax, calls in watched:
        problem = _flow_problem(calls, items, tax)
        if problem:
            raise NotYet(problem)
        extra_add |= sum(call[0] == "AddLayer" for call in calls) > max(len(items) - 1, 0)
    return (f"total_price is right on all {len(_TOTAL_PRICE_CASES)} shopping lists, and the "
            "numbers flow through a new layer for every node: item prices into the + nodes, "
            "their sum into the tax node."
            + (" It passes, but one + node is unnecessary: your sum starts at 0, and k item "
               "prices need only k - 1 + nodes." if extra_add else ""))


# Exercise 2: Problem 2's basket, price (apple * 2 + 450) * tax at apple 100, tax 1.1. Raising
# apple by da and tax by dt at once gives (200 + 2 da + 450)(1.1 + dt) - 715 =
# 2.2 da + 650 dt + 2 da dt: the two single rises and the cross term 2 da dt.
def _price(apple, tax):
    return (apple * 2 + 150 * 3) * tax


def _cross(d_apple, d_tax):
    return 2 * d_apple * d_tax


def _calls(func):
    """True if ``func``'s code (or code nested in it) calls a function: a price function
    re-evaluated at the moved inputs, say, instead of the extra derived from the graph."""
    todo = [getattr(func, "__code__", None)]
    while todo:
        code = todo.pop()
        if code is None:
            continue
        if any(op.opname.startswith("CALL") for op in dis.get_instructions(code)):
            return True
        todo += [c for c in code.co_consts if hasattr(c, "co_code")]
    return False


_DERIVE_CROSS = ("your function runs layers or calls a function (a price, say): derive the "
                 "extra from the graph instead, as arithmetic on d_apple and d_tax, by "
                 "following both moves to the tax node.")


@check
def cross(func):
    """Exercise 1.2: ``func(d_apple, d_tax)``, what raising apple by d_apple and tax by d_tax
    at once adds to Problem 2's price on top of the two rises each makes alone."""
    # the explorer's 20 and 0.1 first, then steps drawn afresh each time, some negative
    steps = [(20, 0.1), (1, 0.01), (0, 0.3), (-10, 0.05)] + [
        (random.uniform(-50, 50), random.uniform(-0.5, 0.5)) for _ in range(3)]
    for d_apple, d_tax in steps:
        with _watched_layers() as calls:
            got = answer(func, d_apple, d_tax, if_none="cross returns None: return the extra "
                                                       "rise, a number.")
        if calls:
            raise NotYet(_DERIVE_CROSS)
        want = _cross(d_apple, d_tax)
        if close(got, want):
            continue
        both = _price(100 + d_apple, 1.1 + d_tax) - _price(100, 1.1)
        raise NotYet(mistake(got, [
            (0, "it is not zero (unless a step is 0): on the explorer, raise apple by 20 and "
                "then tax by 0.1 without setting apple back, and compare with 44 + 65."),
            (both, "that is the whole rise; take off what each move makes alone."),
            (d_apple * d_tax, "the apple's step reaches the tax node as a change of the "
                              "subtotal: how many yen does it add there?"),
            (2.2 * d_apple * d_tax, "the tax node multiplies its two inputs once: the extra "
                                    "subtotal times the extra tax, nothing more."),
            (-want, "the sign: take each move's rise from the old basket."),
        ], f"for d_apple = {d_apple:g} and d_tax = {d_tax:g} your function gives {got!r}: "
           "follow both moves to the tax node, which multiplies the (changed) subtotal by the "
           "(changed) tax, and take off the two single rises."))
    if _calls(func):   # right on every step, but by re-evaluating a price
        raise NotYet(_DERIVE_CROSS)
    return ("the extra is 2 x d_apple x d_tax: the 2 d_apple extra yen of the subtotal meet "
            "the extra d_tax at the tax node. 4 for the explorer's moves (113 = 44 + 65 + 4). "
            "It shrinks with the product of the steps (halve both and it falls to a quarter), "
            "so for tiny steps the single rises add up: the gradients predict small moves.")


@check
def numeric_products(func):
    """Exercise 1.3: ``func(k)``, how many multiplications central differences need for
    every gradient of Exercise 1's graph with k items."""
    # 2k + 1 inputs, two forward passes each, each pass making k + 1 products (k items, tax)
    # 100 and three k drawn afresh each time: a table of small k is not enough
    # k = 3 first: there every wrong answer below differs from the others
    for k in (3, 2, 4, 5, 1, 100, *random.sample(range(6, 1000), 3)):
        with _watched_layers() as calls:
            got = answer(func, k, if_none="your function returns None: return the number of "
                                          "multiplications.")
        if calls:
            raise NotYet("your function ran layers to count: derive the number instead, from "
                         "the graph's inputs, the forward passes each costs and the products "
                         "each pass makes.")
        inputs, products = 2 * k + 1, k + 1
        if not close(got, 2 * inputs * products):
            wrong = [
                (2 * inputs, "that counts forward passes; every pass makes the products of "
                             "all the x nodes."),
                (inputs * products, "one central difference runs the forward pass twice."),
                (2 * inputs * 2 * k, "a + node adds: it makes no product."),
                (2 * inputs * (2 * k + 1), "a + node adds: it makes no product."),
                (2 * inputs * k, "the tax node multiplies too."),
                (2 * (2 * k) * products, "the tax is an input too."),
                (2 * (k + 1) * products, "each item brings two inputs, its price and its "
                                         "count."),
                (3 * inputs, "count the products of the forward passes only (not the 2h); "
                             "every pass makes the products of all the x nodes."),
                (2 * inputs * products + inputs, "count the products of the forward passes "
                                                 "only, not the 2h of each difference."),
            ]
            # a hint only where its wrong answer is the only one with that value (at k = 2,
            # 2k = k + 2 makes some coincide): elsewhere the generic message
            values = [value for value, _ in wrong] + [2 * inputs * products]
            wrong = [(value, hint) for value, hint in wrong if values.count(value) == 1]
            raise NotYet(mistake(got, wrong, f"for k = {k} item(s) your function gives "
                                 f"{got!r}: count the inputs, the forward passes each one "
                                 "costs, and the products each pass makes."))
    return ("2 (2k + 1) forward passes of k + 1 products each: 2 (2k + 1)(k + 1), 30 for two "
            "items and 40,602 for a hundred. Now open the box below.")


# The chapter's prediction: the price (apple * apple_num + orange * orange_num) * tax at
# these inputs; each derivative is the product of what the input meets on its way out
_INPUTS = {"apple": 100, "apple_num": 2, "orange": 150, "orange_num": 3, "tax": 1.1}
_BY_HAND = {"apple": 2 * 1.1, "apple_num": 100 * 1.1, "orange": 3 * 1.1,
            "orange_num": 150 * 1.1, "tax": 100 * 2 + 150 * 3}
# the input each item input is multiplied with at its x node
_PARTNER = {"apple": "apple_num", "apple_num": "apple", "orange": "orange_num",
            "orange_num": "orange"}


@check
def gradients_by_hand(predicted):
    """The chapter's prediction: the price's five gradients at the shopping graph's inputs,
    worked out on paper before central differences measure them."""
    dict_answer(predicted, _BY_HAND, "{'apple': 1, 'apple_num': 1, ...}",
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
            (want / 1.1, f"{name}: the extra passes through the tax node too."),
            (_INPUTS[name] * 1.1, f"{name}: at its x node, {name} is multiplied by {partner}: "
                                  f"raising {name} by e adds e times {partner} there, not e "
                                  f"times {name}."),
        ], f"{name}: raise {name} by a tiny amount e and follow the extra along the arrows: "
           f"what does its x node make of it, and then the + and tax nodes?"))
    return "all five. Now try them on the explorer below."


# k items: k x nodes for the items, the + nodes that sum them and one x node for the tax.
# Backward, a x node sends dout times one number to each of its two inputs; a + node copies.
def _backward_products(k):
    return 2 * (k + 1)


@check
def backward_products(func):
    """The chapter's prediction: ``func(k)``, the multiplications of one backward pass of a
    shopping graph with k items (their prices summed by + nodes, taxed once). A product of
    dout with a number counts whatever dout's value; passing dout on unchanged is a copy."""
    # k drawn afresh each time as well: a table of small k is not enough
    for k in (7, 2, 1, 100, *random.sample(range(8, 1000), 3)):
        got = answer(func, k, if_none="your function returns None: return the number of "
                                      "multiplications.")
        if not close(got, _backward_products(k)):
            raise NotYet(mistake(got, [
                (k + 1, "that is the forward pass's products, one per x node; backward, a x "
                        "node sends a gradient to each of its inputs."),
                (2 * k, "the tax's x node works backward too, and its products with the "
                        "first 1 count."),
                (4 * k, "a + node passes dout on unchanged: a copy, not a product."),
                (3 * k + 1, "a + node passes dout on unchanged: a copy, not a product."),
                (k + 2, "a x node sends a product to each of its two inputs, the item "
                        "nodes too."),
            ], f"for k = {k} item(s) your function gives {got!r}: count the x nodes of the "
               f"graph and the products each makes backward (the red numbers above show "
               f"what each node sends)."))
    return ("two products at each of the k + 1 x nodes, none at the + nodes: 6 for "
            "Problem 2, against 3 forward.")


# Problem 2's nodes and the inputs and nodes each one reads; orange_num 3 -> 4 changes what
# mul_orange reads, so it runs again, and then every node that reads a rerun node's output
_READS = {"mul_apple": {"apple", "apple_num"}, "mul_orange": {"orange", "orange_num"},
          "add_fruit": {"mul_apple", "mul_orange"}, "mul_tax": {"add_fruit", "tax"}}
_RERUN = {"mul_orange", "add_fruit", "mul_tax"}


@check
def rerun_nodes(my_rerun_nodes):
    """Locality: the set of Problem 2's nodes that must run again when orange_num changes
    from 3 to 4; the others keep their results."""
    if untouched(my_rerun_nodes):
        raise NotAttempted("write a set of the table's node names in my_rerun_nodes, "
                           "in quotes and braces.")
    if not isinstance(my_rerun_nodes, (set, list, tuple, frozenset)) or not all(
            isinstance(name, str) for name in my_rerun_nodes):
        raise NotYet("my_rerun_nodes should be a set of node names in quotes, inside "
                     "braces { }.")
    unknown = sorted(set(my_rerun_nodes) - set(_READS))
    if unknown:
        raise NotYet(f"{', '.join(unknown)}: the nodes are called "
                     f"{', '.join(_READS)} (the table above).")
    wrong = sorted(set(my_rerun_nodes) ^ _RERUN)
    if wrong:
        name = wrong[0]
        reads = " and ".join(sorted(_READS[name]))
        if name in _RERUN:
            raise NotYet(f"{name}: it reads {reads}; does one of them change when orange_num "
                         "does?")
        raise NotYet(f"{name}: it reads {reads}; neither changes, so it would do the same "
                     "work again.")
    return ("mul_orange, then add_fruit and mul_tax, which read its output; mul_apple keeps "
            "its 200, since a node computes only from its own inputs. On the explorer, the "
            "edges a move highlights are the moved input's edge and the outputs of exactly "
            "these nodes.")
