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


# --- chapter 04: simple layers ---
# (the _c46_ helpers here are shared by the checks of chapters 04-06: they run a
# learner's layer class safely and say precisely what is wrong with it)

def _c46_array(value):
    """``value`` as a float64 array, or None if it is not a real number or array."""
    if value is None or isinstance(value, str):
        return None
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None


def _c46_close(value, want, tol=1e-6):
    """True if ``value`` has the shape of ``want``, is finite, and matches it within ``tol``."""
    got, want = _c46_array(value), np.asarray(want, dtype=np.float64)
    return (got is not None and got.shape == want.shape and bool(np.all(np.isfinite(got)))
            and bool(np.allclose(got, want, rtol=tol, atol=tol)))


def _c46_run(action):
    """(result, None), or (None, hint) if the learner's code raised."""
    try:
        return action(), None
    except Exception as err:  # learner code can fail in any way: report it, never crash the check
        return None, f"your code raised {type(err).__name__}: {err}"


def _c46_backward(layer, dout, n_inputs):
    """Call ``layer.backward`` on a copy-guarded ``dout``: (grads as a tuple, None) or (None, hint).

    Catches the classic in-place bug: ``dout`` is compared before and after.
    """
    before = np.array(dout, dtype=np.float64, copy=True)
    grads, error = _c46_run(lambda: layer.backward(dout))
    if error:
        return None, error
    if not np.array_equal(np.asarray(dout, dtype=np.float64), before):
        return None, ("backward changed the dout it was given (compare dout before and after "
                      "the call). The caller may still need it: build a new array, for example "
                      "with np.where(...) or dout * ..., instead of writing into dout.")
    if n_inputs == 1:
        if grads is None:
            return None, "backward returns None: return the gradient dx."
        if isinstance(grads, tuple):
            return None, "a one-input layer's backward returns dx itself, not a tuple."
        grads = (grads,)
    else:
        if grads is None or not isinstance(grads, (tuple, list)) or len(grads) != n_inputs:
            return None, f"backward must return {n_inputs} gradients, one per forward input."
    for g in grads:
        arr = _c46_array(g)
        if arr is None or arr.shape != np.shape(dout) or not np.all(np.isfinite(arr)):
            return None, ("every gradient must be a finite number (or array) with the shape of "
                          f"dout; got {g!r}.")
    return tuple(grads), None


def _c46_gradient_check(make, *inputs):
    """``layers.gradient_check`` on a fresh layer, after making sure backward gives finite numbers.

    (gradient_check alone would score a NaN gradient as error 0.)
    Returns (relative error, None) or (None, hint).
    """
    layer, error = _c46_run(make)
    if error:
        return None, error
    _, error = _c46_run(lambda: layer.forward(*[np.array(v, dtype=np.float64) for v in inputs]))
    if error:
        return None, "with arrays " + error
    dout = np.random.default_rng(1).standard_normal(np.shape(inputs[0]))
    _, hint = _c46_backward(layer, dout, len(inputs))
    if hint:
        return None, "with arrays: " + hint
    result, error = _c46_run(lambda: gradient_check(make(), *inputs))
    if error:
        return None, "during the gradient check " + error
    if not result < 1e-6:
        return None, (f"the gradient check fails (relative error {result:.1e}; below 1e-7 is "
                      "right): backward does not match the numerical gradient.")
    return result, None


def check_04_div_layer(layer_class):
    """Exercise 4.1: ``DivLayer`` with forward(x, y) = x / y and backward -> (dx, dy)."""
    layer, error = _c46_run(layer_class)
    if error:
        return verdict(False, "", error)
    out, error = _c46_run(lambda: layer.forward(6.0, 3.0))
    if error:
        return verdict(False, "", error)
    if out is None:
        return verdict(False, "", "forward returns None: return x / y (and keep x and y for backward).")
    if not _c46_close(out, 2.0):
        hint = ("forward computes y / x; the layer is x / y." if _c46_close(out, 0.5)
                else f"forward(6, 3) should return 6 / 3 = 2, got {out!r}.")
        return verdict(False, "", hint)
    # x = 6, y = 3, dout = 1.5: dx = dout / y = 0.5, dy = -dout * x / y**2 = -1
    grads, hint = _c46_backward(layer, 1.5, 2)
    if hint:
        return verdict(False, "", hint)
    dx, dy = grads
    if not (_c46_close(dx, 0.5) and _c46_close(dy, -1.0)):
        if _c46_close(dx, 0.5) and _c46_close(dy, 1.0):
            hint = "dy has the wrong sign: a larger y makes x / y smaller, so d(x/y)/dy = -x / y**2."
        elif _c46_close(dx, 0.5) and _c46_close(dy, -3.0):
            hint = "d(x/y)/dy = -x / y**2: y is squared."
        elif _c46_close(dx, 1 / 3) and _c46_close(dy, -2 / 3):
            hint = "those are the local derivatives: multiply both by the upstream gradient dout."
        elif _c46_close(dx, 4.5):
            hint = "d(x/y)/dx is 1 / y, not y: x / y is x times 1/y."
        else:
            hint = (f"with x=6, y=3, dout=1.5 expect (dx, dy) = (0.5, -1.0); got ({dx!r}, {dy!r}). "
                    "Local derivatives: 1/y and -x/y**2.")
        return verdict(False, "", hint)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3))
    y = rng.choice([-1.0, 1.0], size=(2, 3)) * rng.uniform(0.5, 2.0, size=(2, 3))
    error, hint = _c46_gradient_check(layer_class, x, y)
    if hint:
        return verdict(False, "", hint)
    return verdict(True, f"dx = dout / y, dy = -dout * x / y**2; gradient check error {error:.0e}.", "")


def _c04_shopping_math(apple, apple_num, orange, orange_num, tax):
    """Price and its gradients, worked by hand: price = (apple*apple_num + orange*orange_num) * tax."""
    all_price = apple * apple_num + orange * orange_num
    grads = {"apple": apple_num * tax, "apple_num": apple * tax,
             "orange": orange_num * tax, "orange_num": orange * tax, "tax": all_price}
    return all_price * tax, grads


_C04_CASES = [(100, 2, 150, 3, 1.1), (120, 4, 80, 5, 1.08), (90, 1, 200, 2, 1.0)]


def _c04_unpack(result, keys):
    """(value, grads dict) from the learner's return value, or a hint."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return None, None, "return a pair: (value, grads)."
    value, grads = result
    if value is None:
        return None, None, "the first item you return is None: return the forward result."
    if not isinstance(grads, dict):
        return None, None, "the second item must be a dict of gradients."
    missing = [k for k in keys if k not in grads]
    if missing:
        return None, None, f"the grads dict needs the keys {', '.join(missing)}."
    return value, grads, None


def check_04_shopping(shopping):
    """Exercise 4.2: ``shopping(apple, apple_num, orange, orange_num, tax)`` -> (price, grads)."""
    for case in _C04_CASES:
        apple, apple_num, orange, orange_num, tax = case
        want_price, want = _c04_shopping_math(*case)
        result, error = _c46_run(lambda: shopping(*case))
        if error:
            return verdict(False, "", error)
        price, grads, hint = _c04_unpack(result, want)
        if hint:
            return verdict(False, "", hint)
        if not _c46_close(price, want_price):
            return verdict(False, "", f"for {case} the price should be {want_price:g}, got {price!r}: "
                           "check the forward pass.")
        wrong = [k for k in want if not _c46_close(grads[k], want[k])]
        if not wrong:
            continue
        if _c46_close(grads["apple"], apple_num) or _c46_close(grads["orange"], orange_num):
            hint = ("the item gradients miss the tax factor: an item layer's backward needs the "
                    "gradient from the add layer, which needs the one from the tax layer. Call "
                    "backward in reverse order (tax, add, items), passing each result on.")
        elif _c46_close(grads["apple"], apple * tax) and _c46_close(grads["apple_num"], apple_num * tax):
            hint = "apple and apple_num are swapped: multiply swaps, d apple = upstream x apple_num."
        elif _c46_close(grads["tax"], want_price):
            hint = "d tax is the other input of the tax node (all_price), not the price."
        else:
            k = wrong[0]
            hint = f"for {case}, grads['{k}'] should be {want[k]:g}, got {grads[k]!r}."
        return verdict(False, "", hint)
    return verdict(True, f"price and all five gradients are right on {len(_C04_CASES)} shopping lists.", "")


def check_04_shared_bill(shared_bill):
    """Exercise 4.3: ``shared_bill(..., people)`` -> (share, grads) with share = price / people."""
    for case, people in [(_C04_CASES[0], 3), (_C04_CASES[1], 2)]:
        apple, apple_num, orange, orange_num, tax = case
        price, g = _c04_shopping_math(*case)
        want_share = price / people
        want = {"apple": g["apple"] / people, "tax": g["tax"] / people,
                "people": -price / people ** 2}
        result, error = _c46_run(lambda: shared_bill(*case, people))
        if error:
            return verdict(False, "", error)
        share, grads, hint = _c04_unpack(result, want)
        if hint:
            return verdict(False, "", hint)
        if not _c46_close(share, want_share):
            hint = (f"for {case} and {people} people the share is {price:g} / {people} = "
                    f"{want_share:g}, got {share!r}.")
            return verdict(False, "", hint)
        if all(_c46_close(grads[k], want[k]) for k in want):
            continue
        if _c46_close(grads["people"], -want["people"]):
            hint = "d share / d people must be negative: more people, smaller share (-price / people**2)."
        elif _c46_close(grads["apple"], g["apple"]) or _c46_close(grads["tax"], g["tax"]):
            hint = ("start the backward pass at the DivLayer (d share = 1); its dx is the "
                    "upstream gradient for the tax layer, not 1.")
        else:
            k = next(k for k in want if not _c46_close(grads[k], want[k]))
            hint = f"for {case} and {people} people, grads['{k}'] should be {want[k]:g}, got {grads[k]!r}."
        return verdict(False, "", hint)
    return verdict(True, "each friend's share and its gradients are right; d share/d people = "
                   "-price / people**2 is negative, as it should be.", "")
