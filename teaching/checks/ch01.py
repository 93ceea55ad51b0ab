"""Checks for the exercises of chapter 01, computational graphs."""

from .core import NotAttempted, NotYet, answer, check, close, dict_answer, mistake, untouched

# the exercise's basket: 4 apples at 120 yen, 5 oranges at 90 yen, tax 1.08
_SHOPPING_FORWARD = {"apple_price": 480.0, "orange_price": 450.0, "all_price": 930.0,
                     "price": 1004.4}


@check
def shopping_forward(values):
    """Exercise 1.1: the forward value on every edge of the graph of the exercise's basket."""
    dict_answer(values, _SHOPPING_FORWARD, "{'apple_price': 1, ...}",
                "the number that flows along that edge")
    hints = {
        "apple_price": "apple_price leaves the first x node: the apple's price times the count.",
        "orange_price": "orange_price leaves the second x node: the orange's price times "
                        "the count.",
        "all_price": "the + node adds apple_price and orange_price.",
        "price": "the last x node multiplies all_price by the tax factor of this stall.",
    }
    wrong = [name for name, want in _SHOPPING_FORWARD.items() if not close(values[name], want)]
    if wrong == ["price"] and close(values["price"], values["all_price"]):
        raise NotYet("price is still all_price: the tax node multiplies it by the tax factor.")
    if wrong:
        raise NotYet(hints[wrong[0]])
    return "every edge is right: 480 + 450 = 930, and 930 x 1.08 = 1004.4."


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
            (sum(p for p, _ in items) * tax,
             "each item's price must be multiplied by its count first."),
        ], f"for items={items} and tax={tax} the total should be {want:g}, you got {got!r}."))
    return f"total_price is right on all {len(_TOTAL_PRICE_CASES)} shopping lists."


@check
def apple_sensitivity(change):
    """Exercise 1.3: how much the basket's price goes up when one apple costs 1 yen more
    (4 apples at 120 yen, 5 oranges at 90 yen, tax 1.08)."""
    if untouched(change):
        raise NotAttempted("compute the price at apple = 121 and subtract the price at "
                           "apple = 120.")
    if not close(change, 4.32):
        raise NotYet(mistake(change, [
            (4.0, "the extra yen are taxed too: the change passes through the tax node."),
            (1004.4 + 4.32, "that is the new price; give the difference new price - old price."),
            (1.08, "you buy 4 apples, so 1 yen more per apple is 4 yen more before tax."),
        ], "price(apple=121) - price(apple=120), with 4 apples, 5 oranges and tax 1.08."))
    return ("4 apples x 1 yen x tax 1.08 = 4.32 yen. Chapter 3 gets this number "
            "from one backward pass instead of a second forward pass.")
