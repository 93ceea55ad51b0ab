"""Self-checks for the exercises at the end of each chapter notebook.

Each ``check_*`` function takes the learner's answer, prints "Right" or
"Not yet" with a hint, and returns True or False.  The solutions live in
``notebooks/solutions/``; ``tests/test_exercises.py`` proves that every check
accepts the solution and rejects at least one typical wrong answer.
"""

from layers import gradient_check  # noqa: F401  (the checks for layers use it)


def verdict(ok, praise, hint):
    """Print the learner's result and return it as a bool."""
    print(f"Right: {praise}" if ok else f"Not yet. Hint: {hint}")
    return bool(ok)

# Checks are grouped by chapter below; keep each chapter's checks together.


# --- chapter 01: computational graphs ---
# (the two small helpers here are shared by the checks of chapters 01-03)

import math  # noqa: E402  (imports kept inside this section so sections stay independent)

import numpy as np  # noqa: E402

from layers import numerical_gradient  # noqa: E402


def _learner_call(func, *args):
    """Run the learner's function: (result, None), or (None, a hint about what went wrong)."""
    if not callable(func):
        return None, f"pass your function itself, not its result (got {type(func).__name__})."
    try:
        return func(*args), None
    except Exception as err:  # learner code can fail in any way: report it, never crash the check
        return None, f"your code raised {type(err).__name__}: {err}"


def _near(value, expected, tol=1e-6):
    """True if ``value`` is one real number within ``tol`` (relative; absolute near 0) of ``expected``."""
    if value is None or isinstance(value, str):
        return False
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return False
    if arr.shape != ():
        return False
    number = float(arr)
    return math.isfinite(number) and abs(number - expected) <= tol * max(1.0, abs(expected))


SHOPPING_FORWARD = {"apple_price": 200.0, "orange_price": 450.0, "all_price": 650.0, "price": 715.0}


def check_01_shopping_forward(values):
    """Exercise 1.1: the forward value on every edge of the apples-and-oranges graph."""
    if not isinstance(values, dict):
        return verdict(False, "", "give a dict such as {'apple_price': 200, ...}.")
    missing = [name for name in SHOPPING_FORWARD if name not in values]
    if missing:
        return verdict(False, "", f"the dict needs the keys {', '.join(missing)}.")
    if any(values[name] is None for name in SHOPPING_FORWARD):
        return verdict(False, "", "replace every None with the number that flows along that edge.")
    hints = {
        "apple_price": "apple_price leaves the first x node: 100 yen times 2 apples.",
        "orange_price": "orange_price leaves the second x node: 150 yen times 3 oranges.",
        "all_price": "the + node adds apple_price and orange_price.",
        "price": "the last x node multiplies all_price by the tax factor 1.1.",
    }
    wrong = [name for name, want in SHOPPING_FORWARD.items() if not _near(values[name], want)]
    if not wrong:
        return verdict(True, "every edge is right: 200 + 450 = 650, and 650 x 1.1 = 715.", "")
    if wrong == ["price"] and _near(values["price"], 650.0):
        return verdict(False, "", "price is still all_price: the tax node multiplies it by 1.1.")
    return verdict(False, "", hints[wrong[0]])


# (items, tax, right total); the totals are worked by hand: sum of price x count, times tax
SHOPPING_CASES = [
    ([(100, 2)], 1.1, 220.0),
    ([(100, 2), (150, 3)], 1.1, 715.0),
    ([(80, 5), (120, 1), (30, 10)], 1.08, 885.6),   # (400 + 120 + 300) x 1.08
    ([(100, 2)], 1.0, 200.0),
]


def check_01_total_price(total_price):
    """Exercise 1.2: ``total_price(items, tax)`` for any list of (unit price, count) pairs."""
    for items, tax, want in SHOPPING_CASES:
        got, error = _learner_call(total_price, list(items), tax)
        if error:
            return verdict(False, "", error)
        if got is None:
            return verdict(False, "", "total_price returns None: return the price after tax.")
        if _near(got, want):
            continue
        subtotal = sum(p * n for p, n in items)
        if _near(got, subtotal):
            hint = "that is the price before tax: multiply the sum by tax at the end."
        elif _near(got, subtotal + tax):
            hint = "the tax node multiplies (x 1.1), it does not add."
        elif _near(got, sum(p for p, _ in items) * tax):
            hint = "each item's price must be multiplied by its count first."
        else:
            hint = f"for items={items} and tax={tax} the total should be {want:g}, you got {got!r}."
        return verdict(False, "", hint)
    return verdict(True, f"total_price is right on all {len(SHOPPING_CASES)} shopping lists.", "")


def check_01_apple_sensitivity(change):
    """Exercise 1.3: how much the price goes up when one apple costs 1 yen more."""
    if change is None:
        return verdict(False, "", "compute the price at apple = 101 and subtract the price at apple = 100.")
    if _near(change, 2.2):
        return verdict(True, "2 apples x 1 yen x tax 1.1 = 2.2 yen. Chapter 3 gets this number "
                       "from one backward pass instead of a second forward pass.", "")
    if _near(change, 2.0):
        hint = "the extra 2 yen are taxed too: the change passes through the x 1.1 node."
    elif _near(change, 222.2):
        hint = "that is the new price; give the difference new price - old price."
    elif _near(change, 1.1):
        hint = "you buy 2 apples, so 1 yen more per apple is 2 yen more before tax."
    else:
        hint = "price(apple=101) - price(apple=100), with 2 apples and tax 1.1."
    return verdict(False, "", hint)


# --- chapter 02: the chain rule ---

CHAIN_POINTS = [(1.0, 2.0), (-1.5, 0.5), (3.0, -4.0), (0.25, 0.25)]


def check_02_dz_dx(dz_dx):
    """Exercise 2.1: ``dz_dx(x, y)`` for z = t**2, t = x + y, compared with 2(x + y)
    and with a central-difference slope at a few points."""
    for x, y in CHAIN_POINTS:
        got, error = _learner_call(dz_dx, x, y)
        if error:
            return verdict(False, "", error)
        if got is None:
            return verdict(False, "", "dz_dx returns None: return dz/dt * dt/dx.")
        want = 2 * (x + y)
        slope = numerical_gradient(lambda xv: (xv + y) ** 2, x)
        if _near(got, want) and _near(got, slope, tol=1e-5):
            continue
        if _near(got, (x + y) ** 2):
            hint = "that is z itself; you want its slope dz/dx."
        elif _near(got, 2 * x):
            hint = "dz/dt = 2t, and t is x + y, not x."
        elif _near(got, x + y):
            hint = "the derivative of t**2 is 2t: a factor 2 is missing."
        else:
            hint = f"at x={x}, y={y}: dz/dt = 2t = {want:g} and dt/dx = 1."
        return verdict(False, "", hint)
    return verdict(True, "dz/dx = 2(x + y) at every point, and it matches the numerical slope.", "")


def check_02_product_chain(grads):
    """Exercise 2.2: ``grads(x, y)`` -> (dz/dx, dz/dy) for z = t**2, t = x * y."""
    for x, y in [(1.0, 2.0), (2.0, 0.5), (-1.0, 3.0), (0.5, -2.0)]:
        got, error = _learner_call(grads, x, y)
        if error:
            return verdict(False, "", error)
        if got is None:
            return verdict(False, "", "grads returns None: return the pair (dz_dx, dz_dy).")
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            return verdict(False, "", "return two numbers: (dz_dx, dz_dy).")
        t = x * y
        want = (2 * t * y, 2 * t * x)   # dz/dt * dt/dx, dz/dt * dt/dy
        if _near(got[0], want[0]) and _near(got[1], want[1]):
            continue
        if _near(got[0], 2 * t * x) and _near(got[1], 2 * t * y):
            hint = "dt/dx for t = x * y is y (the other input), not x."
        elif _near(got[0], y) and _near(got[1], x):
            hint = "that is only dt/dx and dt/dy: multiply by dz/dt = 2t."
        else:
            hint = f"at x={x}, y={y}: t = {t:g}, dz/dt = {2 * t:g}, dt/dx = y, dt/dy = x."
        return verdict(False, "", hint)
    return verdict(True, "(2ty, 2tx): both chain-rule products are right.", "")


def check_02_numerical_slope(slope):
    """Exercise 2.3: ``slope(f, x, h)``, the central difference (f(x+h) - f(x-h)) / 2h."""
    # (f, x, h, exact central difference): for x**3 it is 3x**2 + h**2, for x**2 exactly 2x
    cases = [(lambda v: v ** 3, 2.0, 1e-3, 12.0 + 1e-6),
             (lambda v: v ** 2, -1.5, 0.5, -3.0)]
    for f, x, h, want in cases:
        got, error = _learner_call(slope, f, x, h)
        if error:
            return verdict(False, "", error)
        if got is None:
            return verdict(False, "", "slope returns None: return the difference quotient.")
        if _near(got, want, tol=1e-9):
            continue
        if _near(got, 2 * want, tol=1e-9):
            hint = "f(x + h) and f(x - h) are 2h apart: divide by 2 * h."
        elif _near(got, (f(x + h) - f(x)) / h, tol=1e-9):
            hint = "that is the one-sided difference; use both sides, x + h and x - h."
        else:
            hint = f"for f(x) = x**3 at x = 2 with h = 0.001 the answer is about 12.000001, you got {got!r}."
        return verdict(False, "", hint)
    return verdict(True, "your slope is the central difference, accurate to about h**2.", "")


# --- chapter 03: backward through add and multiply ---

SHOPPING_GRADIENTS = {
    "price": 1.0, "all_price": 1.1, "tax": 650.0,
    "apple_price": 1.1, "orange_price": 1.1,
    "apple": 2.2, "apple_num": 110.0, "orange": 3.3, "orange_num": 165.0,
}


def check_03_shopping_gradients(grads):
    """Exercise 3.1: d price / d (every edge) of the apples-and-oranges graph."""
    if not isinstance(grads, dict):
        return verdict(False, "", "give a dict such as {'apple': ..., 'tax': ...}.")
    missing = [name for name in SHOPPING_GRADIENTS if name not in grads]
    if missing:
        return verdict(False, "", f"the dict needs the keys {', '.join(missing)}.")
    if any(grads[name] is None for name in SHOPPING_GRADIENTS):
        return verdict(False, "", "replace every None with the gradient on that edge (dprice = 1).")
    wrong = [n for n, want in SHOPPING_GRADIENTS.items() if not _near(grads[n], want)]
    if not wrong:
        return verdict(True, "all nine gradients are right; d apple = 1.1 x 2 = 2.2.", "")
    if _near(grads["apple"], 2.0) or _near(grads["orange"], 3.0) or _near(grads["apple_num"], 100.0):
        hint = "every path back from price crosses the tax node first: multiply by 1.1."
    elif _near(grads["apple"], 110.0) and _near(grads["apple_num"], 2.2):
        hint = "multiply swaps: d apple is (upstream) x (apple_num), d apple_num is (upstream) x (apple)."
    elif _near(grads["tax"], 1.1) or _near(grads["all_price"], 650.0):
        hint = "at the tax node, d tax = dprice x all_price and d all_price = dprice x tax."
    elif _near(grads["tax"], 715.0):
        hint = "d tax is the *other* input of the tax node, all_price = 650, not the output."
    else:
        name = wrong[0]
        hint = f"look again at '{name}': multiply the upstream gradient by the local derivative."
    return verdict(False, "", hint)


def check_03_mul_layer(layer_class):
    """Exercise 3.2: a multiply layer whose backward(dout) returns (dx, dy)."""
    try:
        layer = layer_class()
        out = layer.forward(3.0, -2.0)
        result = layer.backward(1.5)
    except Exception as err:  # the learner's class may fail anywhere: report, never crash
        return verdict(False, "", f"your layer raised {type(err).__name__}: {err}")
    if not _near(out, -6.0):
        return verdict(False, "", "forward(3, -2) should return 3 x (-2) = -6.")
    if result is None:
        return verdict(False, "", "backward returns None: return the pair (dx, dy).")
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return verdict(False, "", "backward must return two gradients: (dx, dy).")
    dx, dy = result
    # x = 3, y = -2, dout = 1.5: dx = dout * y = -3, dy = dout * x = 4.5
    if not (_near(dx, -3.0) and _near(dy, 4.5)):
        if _near(dx, 4.5) and _near(dy, -3.0):
            hint = "multiply swaps: dx = dout * y (the other input), dy = dout * x."
        elif _near(dx, -2.0) and _near(dy, 3.0):
            hint = "multiply the local derivatives by the upstream gradient dout."
        else:
            hint = f"with x=3, y=-2, dout=1.5 expect (dx, dy) = (-3, 4.5); got ({dx!r}, {dy!r})."
        return verdict(False, "", hint)
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((2, 2, 3))
    try:
        error = gradient_check(layer_class(), x, y)
    except Exception as err:  # noqa: BLE001  (same reason as above)
        return verdict(False, "", f"with arrays your layer raised {type(err).__name__}: {err}")
    if not error < 1e-7:
        return verdict(False, "", f"the gradient check on arrays fails (relative error {error:.1e}).")
    return verdict(True, f"dx = dout * y, dy = dout * x; gradient check error {error:.0e}.", "")


def check_03_fanout(fanout_grad):
    """Exercise 3.3: ``fanout_grad(x, dout)``: d(x * x)/dx times dout, via one MulLayer."""
    for x, dout in [(3.0, 1.0), (-2.0, 0.5), (1.5, 2.0)]:
        got, error = _learner_call(fanout_grad, x, dout)
        if error:
            return verdict(False, "", error)
        if got is None:
            return verdict(False, "", "fanout_grad returns None: return the total gradient of x.")
        want = 2 * x * dout   # d(x**2)/dx = 2x
        if _near(got, want):
            continue
        if _near(got, x * dout):
            hint = "x feeds both inputs of the node: add the two gradients (+=), don't overwrite (=)."
        elif _near(got, 2 * x):
            hint = "multiply by the upstream gradient dout."
        else:
            hint = f"at x={x}, dout={dout} the total should be 2 * x * dout = {want:g}."
        return verdict(False, "", hint)
    return verdict(True, "both branches add up: d(x*x)/dx = x + x = 2x.", "")
