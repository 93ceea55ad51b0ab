"""Checks for the exercises of chapter 01, computational graphs."""

import contextlib

import layers

from .core import (
    NotYet,
    answer,
    check,
    close,
    dict_answer,
    mistake,
)

# Exercise 1's basket: 4 apples at an unknown price, 5 oranges at 90 yen, tax 1.08, paid 1004.4
_UNKNOWN_APPLE = {"all_price": 930.0, "orange_price": 450.0, "apple_price": 480.0, "apple": 120.0}


@check
def unknown_apple(values):
    """Exercise 1.1: the edges of the basket's graph, worked from the price back to the apple."""
    dict_answer(values, _UNKNOWN_APPLE, "{'all_price': 1, ...}",
                "the number that flows along that edge")
    if close(values["all_price"], 1004.4 * 1.08):
        raise NotYet("all_price went through the tax node: to undo a multiply, divide.")
    hints = {
        "all_price": "the tax node multiplied all_price by 1.08 to give 1004.4: undo it.",
        "orange_price": "orange_price leaves the oranges' x node: the price times the count.",
        "apple_price": "the + node added apple_price and orange_price to give all_price: "
                       "undo it.",
        "apple": "apple_price is the apple's price times the count: undo that x node.",
    }
    wrong = [name for name, want in _UNKNOWN_APPLE.items() if not close(values[name], want)]
    if wrong == ["apple"] and close(values["apple"], values["apple_price"]):
        raise NotYet("apple is still apple_price: that is the price of all 4 apples.")
    if wrong:
        raise NotYet(hints[wrong[0]])
    return ("1004.4 / 1.08 = 930, 930 - 450 = 480, 480 / 4 = 120 yen: each node undone "
            "from right to left.")


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
    every call is counted per layer object, however and whenever the object was made.

    Yields {"MulLayer": {id: [layer, calls]}, "AddLayer": {...}}, filled while it is open;
    the layers are kept alive so that no two objects share an id.  Restored afterwards.
    """
    made = {"MulLayer": {}, "AddLayer": {}}
    saved = []

    def watching(cls, forward):
        def watched_forward(self, x, y):
            entry = made[cls.__name__].setdefault(id(self), [self, 0])
            entry[1] += 1
            return forward(self, x, y)
        return watched_forward

    for cls in (layers.MulLayer, layers.AddLayer):
        forward = cls.__dict__["forward"]
        saved.append((cls, forward))
        cls.forward = watching(cls, forward)
    try:
        yield made
    finally:
        for cls, forward in saved:
            cls.forward = forward


@check
def total_price(func):
    """Exercise 1.2: ``total_price(items, tax)`` for any list of (unit price, count) pairs,
    built from layers: a new MulLayer per item and one for the tax, AddLayers for the sum."""
    watched = []   # the numbers first, on every list; then how they were computed
    for items, tax, want in _TOTAL_PRICE_CASES:
        with _watched_layers() as made:
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
        watched.append((items, made))
    for items, made in watched:
        muls = [calls for _, calls in made["MulLayer"].values()]
        adds = [calls for _, calls in made["AddLayer"].values()]
        if any(calls > 1 for calls in muls + adds):
            raise NotYet("one layer object ran forward for several nodes: it keeps only the "
                         "inputs of its last call, so make a new layer for every node.")
        n = len(items)
        if sum(muls) != n + 1:
            raise NotYet(f"the number is right, but for {n} item(s) the graph has {n + 1} x "
                         f"nodes and your code ran MulLayer.forward {sum(muls)} time(s): one "
                         f"MulLayer per item, one for the tax, applied once to the sum.")
        if sum(adds) < n - 1:
            raise NotYet(f"the number is right, but {n} item prices need {n - 1} + node(s) "
                         f"and your code ran AddLayer.forward {sum(adds)} time(s): add the "
                         f"item prices with AddLayers.")
    return (f"total_price is right on all {len(_TOTAL_PRICE_CASES)} shopping lists, "
            "with a new layer for every node and the tax applied once, at the output.")


# Exercise 3's basket: 4 apples, 5 oranges at 90 yen; apple 120 -> 121 yen, tax 1.08 -> 1.09
def _basket(apple, tax):
    return (4 * apple + 5 * 90) * tax


_OLD = (120, 1.08)
_NEW = (121, 1.09)
_PARTS = {"apple_alone": 4 * 1 * 1.08,     # 4.32: the extra 4 yen, taxed at the old factor
          "tax_alone": (4 * 120 + 5 * 90) * 0.01,   # 9.30: the old subtotal at the extra 0.01
          "cross": 4 * 1 * 0.01}          # 0.04: the extra 4 yen at the extra 0.01


@check
def both_change(func, paper):
    """Exercise 1.3: the price change when the apple costs 1 yen more and the tax factor rises
    by 0.01 at once, worked on paper in three parts, then measured with the learner's
    ``basket_price(apple, tax)``, passed as ``func`` (the forward passes run here)."""
    dict_answer(paper, _PARTS, "{'apple_alone': 1, 'tax_alone': 1, 'cross': 1}",
                "a number worked out on paper")
    prices = {}
    for point in [_OLD, _NEW, (100, 1.1), (120, 1.09), (121, 1.08)]:
        got = answer(func, *point,
                     if_none="basket_price returns None: return the price after tax.")
        if not close(got, _basket(*point)):
            raise NotYet(mistake(got, [
                (_basket(*point) / point[1], "that is the price before tax: multiply by tax."),
                ((point[0] + 5 * 90) * point[1], "the basket has 4 apples: count them."),
            ], f"basket_price{point} should be the price of 4 apples at {point[0]} yen and 5 "
               f"oranges at 90 yen, times {point[1]}; you got {got!r}."))
        prices[point] = float(got)
    hints = {
        "apple_alone": mistake(paper["apple_alone"], [
            (4, "the 4 extra yen pass through the tax node too."),
            (1.08, "every one of the 4 apples costs 1 yen more."),
        ], "apple_alone: only the apple moves, by 1 yen; follow the extra yen through the "
           "graph at the old tax factor."),
        "tax_alone": mistake(paper["tax_alone"], [
            (_basket(*_OLD) * 0.01, "the tax factor multiplies the subtotal before tax, not "
                                    "the price you paid."),
        ], "tax_alone: only the tax factor moves, by 0.01: which edge does the tax node "
           "multiply it with?"),
        "cross": mistake(paper["cross"], [
            (0, "the cross term is not zero: after both moves, the extra apple yen are taxed "
                "at the extra 0.01 as well."),
        ], "cross: what both moves add on top of the two parts alone. After both moves, "
           "which extra amount meets which other extra amount at the tax node?"),
    }
    wrong = [name for name, want in _PARTS.items() if not close(paper[name], want)]
    if wrong:
        raise NotYet(hints[wrong[0]])
    measured = prices[_NEW] - prices[_OLD]
    parts = [float(paper[name]) for name in _PARTS]
    return (f"on paper {parts[0]:.2f} + {parts[1]:.2f} + {parts[2]:.2f} = {sum(parts):.2f}; "
            f"two forward passes of your basket_price measure {measured:.2f}. The cross term "
            "is the product of the two steps, so for small steps the changes of single inputs "
            "almost add up (chapter 2).")


@check
def node_runs(func):
    """Exercise 1.4: ``func(k)``, how many node runs (layer forward calls) central differences
    need for every gradient of Exercise 2's graph with k items: 2 k + 1 inputs, two forward
    passes each, and every pass runs all 2 k nodes (k x, k - 1 +, the tax): 4 k (2 k + 1)."""
    for k in (2, 3, 4, 5, 1):
        got = answer(func, k, if_none="your function returns None: return the number of "
                                      "node runs.")
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
            "items and 80,400 for a hundred. One forward and one backward pass run each node "
            "twice, 4k in all: the numerical way costs 2k + 1 times more, and the gap grows "
            "with the graph (chapter 3).")


_SHOPPING_INPUTS = 5   # apple, apple_num, orange, orange_num, tax


@check
def passes_predicted(predicted):
    """The chapter's prediction: the inputs of the apples-and-oranges price (5) and the
    forward passes central differences need for all their gradients (2 each: 10)."""
    dict_answer(predicted, ("inputs", "forward_passes"),
                "{'inputs': 1, 'forward_passes': 1}", "the number you predict")
    inputs, passes = predicted["inputs"], predicted["forward_passes"]
    if not close(inputs, _SHOPPING_INPUTS):
        raise NotYet("inputs: count every number the graph is given from outside, the arrows "
                     "on the left that leave no node; a count is a number too.")
    if not close(passes, 2 * _SHOPPING_INPUTS):
        raise NotYet(mistake(passes, [
            (_SHOPPING_INPUTS, "forward_passes: one central difference runs the graph at "
                               "w + h and at w - h."),
            (2 * _SHOPPING_INPUTS + 1, "forward_passes: a central difference never runs the "
                                       "graph at the unchanged inputs."),
        ], "forward_passes: each input needs its own central difference; how many forward "
           "passes does one run?"))
    return "5 inputs (two prices, two counts, the tax), two forward passes each: 10."
