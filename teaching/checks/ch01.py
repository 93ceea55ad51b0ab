"""Checks for the exercises of chapter 01, computational graphs."""

import contextlib
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


# Exercise 2's basket: 4 apples, 5 oranges at 90 yen; apple 120 -> 121 yen, tax 1.08 -> 1.09
def _basket(apple, tax):
    return (4 * apple + 5 * 90) * tax


_OLD = (120, 1.08)
_NEW = (121, 1.09)
_APPLE_ALONE = 4 * 1 * 1.08                  # 4.32: the extra 4 yen, taxed at the old factor
_TAX_ALONE = (4 * 120 + 5 * 90) * 0.01       # 9.30: the old subtotal at the extra 0.01
# new price 934 x 1.09 = 1018.06; cross 4 x 0.01 = 0.04, the extra 4 yen at the extra 0.01
_PAPER = {"new_price": (4 * 121 + 5 * 90) * 1.09, "cross": 4 * 1 * 0.01}


@check
def parts_on_paper(changes):
    """Exercise 1.2, on paper: the new price when the apple costs 1 yen more and the tax
    factor rises by 0.01 at once, and the cross term: what the two moves together add on
    top of the changes each makes alone."""
    dict_answer(changes, _PAPER, "{'new_price': 1, 'cross': 1}", "a number worked out on paper")
    if not close(changes["new_price"], _PAPER["new_price"]):
        raise NotYet(mistake(changes["new_price"], [
            (_basket(*_OLD), "new_price: that is the old price; both moves change it."),
            (_basket(121, 1.08), "new_price: the tax factor moves too."),
            (_basket(120, 1.09), "new_price: the apple price moves too."),
        ], "new_price: run the forward pass of the new basket on paper: each item's node, "
           "the + node, then the tax node."))
    cross = changes["cross"]
    if not close(cross, _PAPER["cross"]):
        raise NotYet(mistake(cross, [
            (0, "cross: it is not zero. Work out the new price after each move alone, and "
                "compare their two changes with the change after both moves."),
            (_PAPER["new_price"] - _basket(*_OLD), "cross: that is the whole change; take off "
                                                   "what each move alone changes."),
            (_PAPER["new_price"] - _basket(*_OLD) - _APPLE_ALONE,
             "cross: take off the tax's change alone as well as the apple's."),
            (_PAPER["new_price"] - _basket(*_OLD) - _TAX_ALONE,
             "cross: take off the apple's change alone as well as the tax's."),
            (-_PAPER["cross"], "cross: the sign. You took each move's change after the other "
                               "move; take each at the other input's old value."),
        ], "cross: the change after both moves, minus the sum of the changes each move makes "
           "alone (each from the old basket)."))
    change = _basket(*_NEW) - _basket(*_OLD)
    return (f"{_basket(*_NEW):.2f} - {_basket(*_OLD):.2f} = {change:.2f} = {_APPLE_ALONE:.2f} "
            f"(apple alone) + {_TAX_ALONE:.2f} (tax alone) + {float(cross):.2f}. The cross term "
            "is the 4 extra yen of the apples (4 x 1) meeting the extra 0.01 at the tax node: "
            "the apple count times the two steps. It shrinks with their product, so for "
            "small steps the changes of single inputs almost add up: the linear estimate of "
            "'Why gradients at all?' "
            "(raising w by a tiny e raises L by about the gradient times e).")


@check
def node_runs(func):
    """Exercise 1.3: ``func(k)``, how many node runs (layer forward calls) central differences
    need for every gradient of Exercise 1's graph with k items."""
    # 2k + 1 inputs, two forward passes each, each pass runs the 2k nodes (k x, k - 1 +, tax)
    # 100 and three k drawn afresh each time: a table of small k is not enough
    for k in (2, 3, 4, 5, 1, 100, *random.sample(range(6, 1000), 3)):
        with _watched_layers() as calls:
            got = answer(func, k, if_none="your function returns None: return the number of "
                                          "node runs.")
        if calls:
            raise NotYet("your function ran layers to count: derive the number instead, from "
                         "the graph's inputs, the forward passes each costs and the nodes "
                         "each pass runs.")
        inputs, nodes = 2 * k + 1, 2 * k
        if not close(got, 2 * inputs * nodes):
            raise NotYet(mistake(got, [
                (2 * inputs, "that counts forward passes; every pass runs each node of the "
                             "graph once."),
                (inputs * nodes, "one central difference runs the forward pass twice."),
                (2 * inputs * (nodes + 1), "k item prices need one + node fewer than there "
                                           "are items: a running sum that starts at 0 adds "
                                           "a node the graph does not need."),
                (2 * (2 * k) * nodes, "the tax is an input too."),
                (2 * (k + 1) * nodes, "each item brings two inputs, its price and its "
                                      "count."),
                (2 * inputs * (k + 1), "count the + nodes as well as the x nodes."),
            ], f"for k = {k} item(s) your function gives {got!r}: count the inputs, the "
               f"forward passes each one costs, and the nodes each pass runs."))
    return ("2 (2k + 1) forward passes of 2k nodes each: 4k (2k + 1) node runs, 40 for two "
            "items and 80,400 for a hundred. Now open the box below.")


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


# Basket C (Exercise 2's: 4 apples at 120 yen, 5 oranges at 90, tax 1.08) run backward from
# 1 at the price: the tax node sends 1 x 930 to tax and 1 x 1.08 to all_price, the + node
# copies 1.08 to both item prices, each item node sends 1.08 times its other input
_RED = {"all_price": 1.08, "apple_price": 1.08, "orange_price": 1.08,
        "apple": 1.08 * 4, "apple_num": 1.08 * 120, "orange": 1.08 * 5, "orange_num": 1.08 * 90,
        "tax": 4 * 120 + 5 * 90}
# the node each edge feeds, its other input there, and the edge that node's dout comes from
_FEEDS = {"tax": ("tax", "all_price", "price"), "all_price": ("tax", "tax", "price"),
          "apple_price": ("+", None, "all_price"), "orange_price": ("+", None, "all_price"),
          "apple": ("apple's x", "apple_num", "apple_price"),
          "apple_num": ("apple's x", "apple", "apple_price"),
          "orange": ("orange's x", "orange_num", "orange_price"),
          "orange_num": ("orange's x", "orange", "orange_price")}
_BASKET_C = {"apple": 120, "apple_num": 4, "orange": 90, "orange_num": 5, "tax": 1.08,
             "all_price": 930}


@check
def backward_on_paper(predicted):
    """The chapter's backward pass on paper: every edge's gradient (red number) in basket
    C's graph, 4 apples at 120 yen, 5 oranges at 90 yen, tax 1.08; nothing of it is drawn."""
    dict_answer(predicted, _RED, "{'all_price': 1, 'apple_price': 1, ...}",
                "a number worked out on paper")
    for name in ("tax", "all_price", "apple_price", "orange_price",
                 "apple", "apple_num", "orange", "orange_num"):   # right to left
        got, want = predicted[name], _RED[name]
        if close(got, want):
            continue
        node, other, source = _FEEDS[name]
        if other is None:
            raise NotYet(mistake(got, [
                (1, f"{name}: the + node passes on the dout it gets, and it does not get 1: "
                    f"it gets the gradient of {source}."),
            ], f"{name}: the + node passes on unchanged the dout it gets from {source}."))
        dout = _RED.get(source, 1)
        raise NotYet(mistake(got, [
            (_BASKET_C[name] * dout, f"{name}: a x node sends dout times the OTHER input, "
                                     f"{other} here, not {name} itself."),
            (_BASKET_C[other], f"{name}: the {node} node's dout is the gradient of {source}, "
                               "not 1: multiply the other input by it."),
            (_BASKET_C["all_price"] * 1.08, f"{name}: that is the price; the tax node "
                                            "multiplies the subtotal before tax by tax."),
        ], f"{name}: the {node} node gets dout from {source} and sends {name} dout times "
           f"its local derivative, the other input ({other})."))
    return ("the whole backward pass of basket C: 1.08 from the tax node, copied by the + "
            "node, and each x node's other input times it. Its gradients at the inputs are "
            "what raising each input by a tiny e does to the price, per e.")


# Basket B beside Problem 2's basket A: each node's inputs; same inputs, same work
_NODE_INPUTS = {
    "mul_apple": ((100, 2), (130, 5)),
    "mul_orange": ((150, 3), (150, 0)),
    "add_fruit": ((200, 450), (650, 0)),
    "mul_tax": ((650, 1.1), (650, 1.1)),
}
_SAME_WORK = {name for name, (a, b) in _NODE_INPUTS.items() if a == b}


@check
def same_work(my_same_nodes):
    """Locality: the set of Problem 2's nodes that do the same work (the same inputs) for
    basket B, 5 apples at 130 yen and no oranges, as for basket A."""
    if untouched(my_same_nodes):
        raise NotAttempted("write a set of the table's node names in my_same_nodes, "
                           "in quotes and braces.")
    if not isinstance(my_same_nodes, (set, list, tuple, frozenset)) or not all(
            isinstance(name, str) for name in my_same_nodes):
        raise NotYet("my_same_nodes should be a set of node names in quotes, inside "
                     "braces { }.")
    unknown = sorted(set(my_same_nodes) - set(_NODE_INPUTS))
    if unknown:
        raise NotYet(f"{', '.join(unknown)}: the nodes are called "
                     f"{', '.join(_NODE_INPUTS)} (the table above).")
    wrong = sorted(set(my_same_nodes) ^ _SAME_WORK)
    if wrong:
        name = wrong[0]
        if name == "add_fruit":
            raise NotYet("add_fruit: a node's work is its inputs, not only its output: compare "
                         "the two numbers it adds in each basket.")
        if name in _SAME_WORK:
            raise NotYet(f"{name}: work out the two numbers that reach it in basket B, and "
                         "compare them with the table.")
        raise NotYet(f"{name}: compare the two numbers that reach it in basket B with those "
                     "in the table.")
    return ("only mul_tax: 650 and 1.1 in both baskets, although everything before it "
            "changed.")
