"""Checks for the exercises of chapter 01, computational graphs."""

from .core import NotAttempted, NotYet, answer, check, close, dict_answer, mistake, untouched

_SHOPPING_FORWARD = {"apple_price": 200.0, "orange_price": 450.0, "all_price": 650.0, "price": 715.0}


@check
def shopping_forward(values):
    """Exercise 1.1: the forward value on every edge of the apples-and-oranges graph."""
    dict_answer(values, _SHOPPING_FORWARD, "{'apple_price': 200, ...}",
                "the number that flows along that edge")
    hints = {
        "apple_price": "apple_price leaves the first x node: 100 yen times 2 apples.",
        "orange_price": "orange_price leaves the second x node: 150 yen times 3 oranges.",
        "all_price": "the + node adds apple_price and orange_price.",
        "price": "the last x node multiplies all_price by the tax factor 1.1.",
    }
    wrong = [name for name, want in _SHOPPING_FORWARD.items() if not close(values[name], want)]
    if wrong == ["price"] and close(values["price"], 650.0):
        raise NotYet("price is still all_price: the tax node multiplies it by 1.1.")
    if wrong:
        raise NotYet(hints[wrong[0]])
    return "every edge is right: 200 + 450 = 650, and 650 x 1.1 = 715."


# (items, tax, right total); the totals are worked by hand: sum of price x count, times tax
_TOTAL_PRICE_CASES = [
    ([(100, 2)], 1.1, 220.0),
    ([(100, 2), (150, 3)], 1.1, 715.0),
    ([(80, 5), (120, 1), (30, 10)], 1.08, 885.6),   # (400 + 120 + 300) x 1.08
    ([(100, 2)], 1.0, 200.0),
]


@check
def total_price(func):
    """Exercise 1.2: ``total_price(items, tax)`` for any list of (unit price, count) pairs."""
    for items, tax, want in _TOTAL_PRICE_CASES:
        got = answer(func, list(items), tax,
                     if_none="total_price returns None: return the price after tax.")
        if close(got, want):
            continue
        subtotal = sum(p * n for p, n in items)
        raise NotYet(mistake(got, [
            (subtotal, "that is the price before tax: multiply the sum by tax at the end."),
            (subtotal + tax, "the tax node multiplies (x 1.1), it does not add."),
            (sum(p for p, _ in items) * tax, "each item's price must be multiplied by its count first."),
        ], f"for items={items} and tax={tax} the total should be {want:g}, you got {got!r}."))
    return f"total_price is right on all {len(_TOTAL_PRICE_CASES)} shopping lists."


@check
def apple_sensitivity(change):
    """Exercise 1.3: how much the price goes up when one apple costs 1 yen more."""
    if untouched(change):
        raise NotAttempted("replace None with the change in price, a number.")
    if not close(change, 2.2):
        raise NotYet(mistake(change, [
            (2.0, "the extra 2 yen are taxed too: the change passes through the x 1.1 node."),
            (222.2, "that is the new price; give the difference new price - old price."),
            (1.1, "you buy 2 apples, so 1 yen more per apple is 2 yen more before tax."),
        ], "price(apple=101) - price(apple=100), with 2 apples and tax 1.1."))
    return ("2 apples x 1 yen x tax 1.1 = 2.2 yen. Chapter 3 gets this number "
            "from one backward pass instead of a second forward pass.")
