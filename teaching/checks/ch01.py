"""Checks for the exercises of chapter 01, computational graphs."""

import contextlib

import layers

from .core import (
    NotAttempted,
    NotYet,
    answer,
    check,
    close,
    dict_answer,
    floats,
    mistake,
    untouched,
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
def _watched_layers(func):
    """MulLayer and AddLayer replaced, in ``layers`` and in the learner's globals, by
    subclasses that record each object made and how often its forward runs.

    Yields {"MulLayer": [calls of each object], "AddLayer": [...]}, filled while it is open.
    """
    made = {"MulLayer": [], "AddLayer": []}

    def watching(cls):
        def __init__(self):
            cls.__init__(self)
            self._slot = len(made[cls.__name__])
            made[cls.__name__].append(0)

        def forward(self, x, y):
            made[cls.__name__][self._slot] += 1
            return cls.forward(self, x, y)
        return type(cls.__name__, (cls,), {"__init__": __init__, "forward": forward,
                                           "__module__": cls.__module__})

    spies = {cls: watching(cls) for cls in (layers.MulLayer, layers.AddLayer)}
    namespaces = [vars(layers)]
    learner = getattr(func, "__globals__", None)
    if isinstance(learner, dict) and learner is not vars(layers):
        namespaces.append(learner)
    saved = []
    for ns in namespaces:
        for key, value in list(ns.items()):
            if isinstance(value, type) and value in spies:
                saved.append((ns, key, value))
                ns[key] = spies[value]
    try:
        yield made
    finally:
        for ns, key, value in saved:
            ns[key] = value


@check
def total_price(func):
    """Exercise 1.2: ``total_price(items, tax)`` for any list of (unit price, count) pairs,
    built from layers: a new MulLayer per item and for the tax, AddLayers for the sum."""
    watched = []   # the numbers first, on every list; then how they were computed
    for items, tax, want in _TOTAL_PRICE_CASES:
        with _watched_layers(func) as made:
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
        muls, adds = made["MulLayer"], made["AddLayer"]
        if sum(muls) < len(items) + 1:
            raise NotYet(f"the number is right, but for {len(items)} item(s) the graph has "
                         f"{len(items) + 1} x nodes and your code ran MulLayer.forward "
                         f"{sum(muls)} time(s): one MulLayer per item, one for the tax.")
        if sum(adds) < len(items) - 1:
            raise NotYet(f"the number is right, but {len(items)} item prices need "
                         f"{len(items) - 1} + node(s) and your code ran AddLayer.forward "
                         f"{sum(adds)} time(s): add the item prices with AddLayers.")
        if any(calls > 1 for calls in muls + adds):
            raise NotYet("one layer object ran forward for several nodes: it keeps only the "
                         "inputs of its last call, so make a new layer for every node.")
    return (f"total_price is right on all {len(_TOTAL_PRICE_CASES)} shopping lists, "
            "with a new layer for every node.")


# Exercise 3's basket before and after: apple 120 -> 121 yen, tax 1.08 -> 1.09
_OLD_PRICE = (4 * 120 + 5 * 90) * 1.08   # 1004.4
_BOTH_CHANGE = (4 * 121 + 5 * 90) * 1.09 - _OLD_PRICE   # 1018.06 - 1004.4 = 13.66
_APPLE_ALONE = 4 * 1 * 1.08                # 4.32
_TAX_ALONE = (4 * 120 + 5 * 90) * 0.01     # 9.30


@check
def both_change(predicted_change, change):
    """Exercise 1.3: the price change when the apple costs 1 yen more and the tax factor
    rises by 0.01 at once: the learner's prediction, then the measured change."""
    if untouched(predicted_change):
        raise NotAttempted("write your prediction first, a number worked out on paper.")
    if floats(predicted_change) is None or floats(predicted_change).shape != ():
        raise NotYet("the prediction should be one number.")
    if untouched(change):
        raise NotYet("now measure: the price with the new inputs minus the price with the "
                     "old ones, each from a forward pass.")
    if not close(change, _BOTH_CHANGE):
        raise NotYet(mistake(change, [
            (_APPLE_ALONE, "that is the apple's change alone: raise the tax to 1.09 as well."),
            (_TAX_ALONE, "that is the tax's change alone: raise the apple to 121 as well."),
            (_APPLE_ALONE + _TAX_ALONE, "that adds two separate changes; measure instead: "
                                        "one forward pass with both new inputs."),
            (_OLD_PRICE + _BOTH_CHANGE, "that is the new price; give new price - old price."),
        ], "change should be price(apple 121, tax 1.09) - price(apple 120, tax 1.08), "
           "with 4 apples and 5 oranges at 90 yen."))
    if close(predicted_change, _APPLE_ALONE + _TAX_ALONE):
        raise NotYet("your measured change is right, but your prediction adds the two "
                     "separate changes and misses a little: the 4 extra yen are taxed too, "
                     "and at the new tax factor. Fix the prediction on paper.")
    if not close(predicted_change, change):
        raise NotYet("your measured change is right and your prediction differs from it: "
                     "work out the new price on paper and subtract the old one.")
    return ("4.32 + 9.30 = 13.62 for the two changes alone, plus 4 yen x 0.01 = 0.04 because "
            "both moved: 13.66. For small steps the changes almost add up (chapter 2).")
