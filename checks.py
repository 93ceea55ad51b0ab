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


def _c13_call(func, *args):
    """Run the learner's function: (result, None), or (None, a hint about what went wrong)."""
    if not callable(func):
        return None, f"pass your function itself, not its result (got {type(func).__name__})."
    try:
        return func(*args), None
    except Exception as err:  # learner code can fail in any way: report it, never crash the check
        return None, f"your code raised {type(err).__name__}: {err}"


def _c13_near(value, expected, tol=1e-6):
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


_C01_FORWARD = {"apple_price": 200.0, "orange_price": 450.0, "all_price": 650.0, "price": 715.0}


def check_01_shopping_forward(values):
    """Exercise 1.1: the forward value on every edge of the apples-and-oranges graph."""
    if not isinstance(values, dict):
        return verdict(False, "", "give a dict such as {'apple_price': 200, ...}.")
    missing = [name for name in _C01_FORWARD if name not in values]
    if missing:
        return verdict(False, "", f"the dict needs the keys {', '.join(missing)}.")
    if any(values[name] is None for name in _C01_FORWARD):
        return verdict(False, "", "replace every None with the number that flows along that edge.")
    hints = {
        "apple_price": "apple_price leaves the first x node: 100 yen times 2 apples.",
        "orange_price": "orange_price leaves the second x node: 150 yen times 3 oranges.",
        "all_price": "the + node adds apple_price and orange_price.",
        "price": "the last x node multiplies all_price by the tax factor 1.1.",
    }
    wrong = [name for name, want in _C01_FORWARD.items() if not _c13_near(values[name], want)]
    if not wrong:
        return verdict(True, "every edge is right: 200 + 450 = 650, and 650 x 1.1 = 715.", "")
    if wrong == ["price"] and _c13_near(values["price"], 650.0):
        return verdict(False, "", "price is still all_price: the tax node multiplies it by 1.1.")
    return verdict(False, "", hints[wrong[0]])


# (items, tax, right total); the totals are worked by hand: sum of price x count, times tax
_C01_CASES = [
    ([(100, 2)], 1.1, 220.0),
    ([(100, 2), (150, 3)], 1.1, 715.0),
    ([(80, 5), (120, 1), (30, 10)], 1.08, 885.6),   # (400 + 120 + 300) x 1.08
    ([(100, 2)], 1.0, 200.0),
]


def check_01_total_price(total_price):
    """Exercise 1.2: ``total_price(items, tax)`` for any list of (unit price, count) pairs."""
    for items, tax, want in _C01_CASES:
        got, error = _c13_call(total_price, list(items), tax)
        if error:
            return verdict(False, "", error)
        if got is None:
            return verdict(False, "", "total_price returns None: return the price after tax.")
        if _c13_near(got, want):
            continue
        subtotal = sum(p * n for p, n in items)
        if _c13_near(got, subtotal):
            hint = "that is the price before tax: multiply the sum by tax at the end."
        elif _c13_near(got, subtotal + tax):
            hint = "the tax node multiplies (x 1.1), it does not add."
        elif _c13_near(got, sum(p for p, _ in items) * tax):
            hint = "each item's price must be multiplied by its count first."
        else:
            hint = f"for items={items} and tax={tax} the total should be {want:g}, you got {got!r}."
        return verdict(False, "", hint)
    return verdict(True, f"total_price is right on all {len(_C01_CASES)} shopping lists.", "")


def check_01_apple_sensitivity(change):
    """Exercise 1.3: how much the price goes up when one apple costs 1 yen more."""
    if change is None:
        return verdict(False, "", "compute the price at apple = 101 and subtract the price at apple = 100.")
    if _c13_near(change, 2.2):
        return verdict(True, "2 apples x 1 yen x tax 1.1 = 2.2 yen. Chapter 3 gets this number "
                       "from one backward pass instead of a second forward pass.", "")
    if _c13_near(change, 2.0):
        hint = "the extra 2 yen are taxed too: the change passes through the x 1.1 node."
    elif _c13_near(change, 222.2):
        hint = "that is the new price; give the difference new price - old price."
    elif _c13_near(change, 1.1):
        hint = "you buy 2 apples, so 1 yen more per apple is 2 yen more before tax."
    else:
        hint = "price(apple=101) - price(apple=100), with 2 apples and tax 1.1."
    return verdict(False, "", hint)


# --- chapter 02: the chain rule ---

_C02_POINTS = [(1.0, 2.0), (-1.5, 0.5), (3.0, -4.0), (0.25, 0.25)]


def check_02_dz_dx(dz_dx):
    """Exercise 2.1: ``dz_dx(x, y)`` for z = t**2, t = x + y, compared with 2(x + y)
    and with a central-difference slope at a few points."""
    for x, y in _C02_POINTS:
        got, error = _c13_call(dz_dx, x, y)
        if error:
            return verdict(False, "", error)
        if got is None:
            return verdict(False, "", "dz_dx returns None: return dz/dt * dt/dx.")
        want = 2 * (x + y)
        slope = numerical_gradient(lambda xv: (xv + y) ** 2, x)
        if _c13_near(got, want) and _c13_near(got, slope, tol=1e-5):
            continue
        if _c13_near(got, (x + y) ** 2):
            hint = "that is z itself; you want its slope dz/dx."
        elif _c13_near(got, 2 * x):
            hint = "dz/dt = 2t, and t is x + y, not x."
        elif _c13_near(got, x + y):
            hint = "the derivative of t**2 is 2t: a factor 2 is missing."
        else:
            hint = f"at x={x}, y={y}: dz/dt = 2t = {want:g} and dt/dx = 1."
        return verdict(False, "", hint)
    return verdict(True, "dz/dx = 2(x + y) at every point, and it matches the numerical slope.", "")


def check_02_product_chain(product_chain):
    """Exercise 2.2: ``product_chain(x, y)`` -> (dz/dx, dz/dy) for z = t**2, t = x * y."""
    for x, y in [(1.0, 2.0), (2.0, 0.5), (-1.0, 3.0), (0.5, -2.0)]:
        got, error = _c13_call(product_chain, x, y)
        if error:
            return verdict(False, "", error)
        if got is None:
            return verdict(False, "", "product_chain returns None: return the pair (dz_dx, dz_dy).")
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            return verdict(False, "", "return two numbers: (dz_dx, dz_dy).")
        t = x * y
        want = (2 * t * y, 2 * t * x)   # dz/dt * dt/dx, dz/dt * dt/dy
        if _c13_near(got[0], want[0]) and _c13_near(got[1], want[1]):
            continue
        if _c13_near(got[0], 2 * t * x) and _c13_near(got[1], 2 * t * y):
            hint = "dt/dx for t = x * y is y (the other input), not x."
        elif _c13_near(got[0], y) and _c13_near(got[1], x):
            hint = "that is only dt/dx and dt/dy: multiply by dz/dt = 2t."
        else:
            hint = f"at x={x}, y={y}: t = {t:g}, dz/dt = {2 * t:g}, dt/dx = y, dt/dy = x."
        return verdict(False, "", hint)
    return verdict(True, "(2ty, 2tx): both chain-rule products are right.", "")


def check_02_numerical_slope(numerical_slope):
    """Exercise 2.3: ``numerical_slope(f, x, h)``, the central difference (f(x+h) - f(x-h)) / 2h."""
    # (f, x, h, exact central difference): for x**3 it is 3x**2 + h**2, for x**2 exactly 2x
    cases = [(lambda v: v ** 3, 2.0, 1e-3, 12.0 + 1e-6),
             (lambda v: v ** 2, -1.5, 0.5, -3.0)]
    for f, x, h, want in cases:
        got, error = _c13_call(numerical_slope, f, x, h)
        if error:
            return verdict(False, "", error)
        if got is None:
            return verdict(False, "", "numerical_slope returns None: return the difference quotient.")
        if _c13_near(got, want, tol=1e-9):
            continue
        if _c13_near(got, 2 * want, tol=1e-9):
            hint = "f(x + h) and f(x - h) are 2h apart: divide by 2 * h."
        elif _c13_near(got, (f(x + h) - f(x)) / h, tol=1e-9):
            hint = "that is the one-sided difference; use both sides, x + h and x - h."
        else:
            hint = f"for f(x) = x**3 at x = 2 with h = 0.001 the answer is about 12.000001, you got {got!r}."
        return verdict(False, "", hint)
    return verdict(True, "your slope is the central difference, accurate to about h**2.", "")


# --- chapter 03: backward through add and multiply ---

_C03_GRADIENTS = {
    "price": 1.0, "all_price": 1.1, "tax": 650.0,
    "apple_price": 1.1, "orange_price": 1.1,
    "apple": 2.2, "apple_num": 110.0, "orange": 3.3, "orange_num": 165.0,
}


def check_03_shopping_gradients(grads):
    """Exercise 3.1: d price / d (every edge) of the apples-and-oranges graph."""
    if not isinstance(grads, dict):
        return verdict(False, "", "give a dict such as {'apple': ..., 'tax': ...}.")
    missing = [name for name in _C03_GRADIENTS if name not in grads]
    if missing:
        return verdict(False, "", f"the dict needs the keys {', '.join(missing)}.")
    if any(grads[name] is None for name in _C03_GRADIENTS):
        return verdict(False, "", "replace every None with the gradient on that edge (dprice = 1).")
    wrong = [n for n, want in _C03_GRADIENTS.items() if not _c13_near(grads[n], want)]
    if not wrong:
        return verdict(True, "all nine gradients are right; d apple = 1.1 x 2 = 2.2.", "")
    if _c13_near(grads["apple"], 2.0) or _c13_near(grads["orange"], 3.0) or _c13_near(grads["apple_num"], 100.0):
        hint = "every path back from price crosses the tax node first: multiply by 1.1."
    elif _c13_near(grads["apple"], 110.0) and _c13_near(grads["apple_num"], 2.2):
        hint = "multiply swaps: d apple is (upstream) x (apple_num), d apple_num is (upstream) x (apple)."
    elif _c13_near(grads["tax"], 1.1) or _c13_near(grads["all_price"], 650.0):
        hint = "at the tax node, d tax = dprice x all_price and d all_price = dprice x tax."
    elif _c13_near(grads["tax"], 715.0):
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
    if not _c13_near(out, -6.0):
        return verdict(False, "", "forward(3, -2) should return 3 x (-2) = -6.")
    if result is None:
        return verdict(False, "", "backward returns None: return the pair (dx, dy).")
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return verdict(False, "", "backward must return two gradients: (dx, dy).")
    dx, dy = result
    # x = 3, y = -2, dout = 1.5: dx = dout * y = -3, dy = dout * x = 4.5
    if not (_c13_near(dx, -3.0) and _c13_near(dy, 4.5)):
        if _c13_near(dx, 4.5) and _c13_near(dy, -3.0):
            hint = "multiply swaps: dx = dout * y (the other input), dy = dout * x."
        elif _c13_near(dx, -2.0) and _c13_near(dy, 3.0):
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
    return verdict(True, "dx = dout * y, dy = dout * x; the gradient check error is below 1e-7.", "")


def check_03_fanout(fanout_grad):
    """Exercise 3.3: ``fanout_grad(x, dout)``: d(x * x)/dx times dout, via one MulLayer."""
    for x, dout in [(3.0, 1.0), (-2.0, 0.5), (1.5, 2.0)]:
        got, error = _c13_call(fanout_grad, x, dout)
        if error:
            return verdict(False, "", error)
        if got is None:
            return verdict(False, "", "fanout_grad returns None: return the total gradient of x.")
        want = 2 * x * dout   # d(x**2)/dx = 2x
        if _c13_near(got, want):
            continue
        if _c13_near(got, x * dout):
            hint = "x feeds both inputs of the node: add the two gradients (+=), don't overwrite (=)."
        elif _c13_near(got, 2 * x):
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
        return None, (f"the gradient check fails (relative error {result:.1e}; a right backward "
                      "stays far below 1e-6): backward does not match the numerical gradient.")
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
    _, hint = _c46_gradient_check(layer_class, x, y)
    if hint:
        return verdict(False, "", hint)
    return verdict(True, "dx = dout / y, dy = -dout * x / y**2, and the gradient check on "
                   "arrays passes.", "")


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


# --- chapter 05: ReLU ---
# (uses the _c46_ helpers of chapter 04)

_C05_X = [[1.0, -0.5], [-2.0, 3.0]]         # the book's mask example
_C05_DOUT = [[10.0, 20.0], [30.0, 40.0]]    # four different numbers: each one is traceable


def _c05_away_from_kinks(kinks, shape=(3, 4)):
    """Random inputs at least 0.1 away from every kink (a gradient check is meaningless at a kink)."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-3.0, 9.0, size=shape)
    for k in kinks:
        near = np.abs(x - k) < 0.1
        x[near] = k + np.where(x[near] >= k, 0.1, -0.1) * 2
    return x


def _c05_elementwise_layer(make, x, dout, want_out, want_dx, diagnose):
    """Shared core of the chapter 05-06 layer checks. Returns None if right, else a hint.

    ``diagnose(out, dx)`` names typical wrong answers; it returns a hint or None.
    Catches: errors, None, wrong values, changing the caller's x or dout.
    """
    layer, error = _c46_run(make)
    if error:
        return error
    x = np.array(x, dtype=np.float64)
    x_before = x.copy()
    out, error = _c46_run(lambda: layer.forward(x))
    if error:
        return error
    if out is None:
        return "forward returns None: return the output (and keep what backward needs)."
    if not np.array_equal(x, x_before):
        return "forward changed the x it was given: compute the output in a new array."
    if not _c46_close(out, want_out):
        return diagnose(out, None) or (f"forward({x.tolist()}) should give "
                                        f"{np.round(want_out, 4).tolist()}, got {out!r}.")
    grads, hint = _c46_backward(layer, np.array(dout, dtype=np.float64), 1)
    if hint:
        return hint
    (dx,) = grads
    if not _c46_close(dx, want_dx):
        return diagnose(out, dx) or (f"with x = {x.tolist()} and dout = {np.asarray(dout).tolist()}, "
                                     f"dx should be {np.round(want_dx, 4).tolist()}, got "
                                     f"{np.round(_c46_array(dx), 4).tolist()}.")
    return None


def _c05_relu_problem(make):
    x, dout = np.array(_C05_X), np.array(_C05_DOUT)

    def diagnose(out, dx):
        if dx is None and _c46_close(out, (x > 0) * 1):
            return ("forward returns the mask (1 where x > 0), not the values: where x > 0 a "
                    "ReLU passes x itself. A gradient check shows this bug at once.")
        return None

    hint = _c05_elementwise_layer(make, x, dout, np.maximum(x, 0), np.where(x > 0, dout, 0), diagnose)
    if hint:
        return hint
    _, hint = _c46_gradient_check(make, _c05_away_from_kinks([0.0]))
    return hint


def check_05_fixed_relu(layer_class):
    """Exercise 5.1: a ReLU without the two bugs of ``SuspectRelu`` (mask forward, in-place backward)."""
    hint = _c05_relu_problem(layer_class)
    if hint:
        return verdict(False, "", hint)
    return verdict(True, "both bugs are gone: forward returns max(0, x), backward returns a new "
                   "array and the caller's dout is unchanged.", "")


def check_05_leaky_relu(layer_class):
    """Exercise 5.2: ``LeakyRelu(slope)``: y = x for x > 0, slope * x otherwise."""
    x, dout = np.array(_C05_X), np.array(_C05_DOUT)
    for slope in (0.1, 0.25):            # two slopes: the slope must not be hard-coded
        def diagnose(out, dx, slope=slope):
            if dx is None:
                if _c46_close(out, np.maximum(x, 0)):
                    return "forward is a plain ReLU: for x <= 0 the output is slope * x, not 0."
                return None
            if _c46_close(dx, np.where(x > 0, dout, 0)):
                return "for x <= 0 the local derivative is the slope, not 0: dx = slope * dout there."
            if _c46_close(dx, np.where(x > 0, dout, slope)):
                return "for x <= 0, multiply the slope by the upstream gradient dout."
            if _c46_close(dx, np.where(x > 0, 1, slope)):
                return "those are the local derivatives: multiply them by dout."
            return None

        hint = _c05_elementwise_layer(lambda s=slope: layer_class(slope=s), x, dout,
                                      np.where(x > 0, x, slope * x),
                                      np.where(x > 0, dout, slope * dout), diagnose)
        if hint:
            return verdict(False, "", f"(slope = {slope}) {hint}")
    _, hint = _c46_gradient_check(lambda: layer_class(slope=0.1), _c05_away_from_kinks([0.0]))
    if hint:
        return verdict(False, "", hint)
    return verdict(True, "the gradient is dout where x > 0 and slope * dout elsewhere: never "
                   "fully blocked.", "")


def check_05_relu6(layer_class):
    """Exercise 5.3: ``Relu6``: y = min(max(x, 0), 6); gradient passes only where 0 < x < 6."""
    x = np.array([[-1.0, 0.0, 0.5], [3.0, 6.0, 7.5]])       # includes both kinks exactly
    dout = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    inside = (x > 0) & (x < 6)

    def diagnose(out, dx):
        if dx is None:
            if _c46_close(out, np.maximum(x, 0)):
                return "forward does not clip: values above 6 must become 6."
            return None
        if _c46_close(dx, np.where(x > 0, dout, 0)):
            return "above 6 the output is flat, so the gradient is blocked there too."
        if _c46_close(dx, np.where((x >= 0) & (x <= 6), dout, 0)):
            return "at exactly 0 and 6 use the gradient 0: the mask for passing is 0 < x < 6."
        if _c46_close(dx, inside * 1.0):
            return "multiply the mask by the upstream gradient dout."
        return None

    hint = _c05_elementwise_layer(layer_class, x, dout, np.clip(x, 0, 6),
                                  np.where(inside, dout, 0), diagnose)
    if not hint:
        _, hint = _c46_gradient_check(layer_class, _c05_away_from_kinks([0.0, 6.0]))
    if hint:
        return verdict(False, "", hint)
    return verdict(True, "the gradient passes only where 0 < x < 6: two walls instead of one.", "")


# --- chapter 06: sigmoid ---
# (uses the _c46_ helpers of chapter 04 and _c05_elementwise_layer of chapter 05)

_C06_X = [[-2.0, 0.0], [0.5, 3.0]]
_C06_DOUT = [[1.0, -2.0], [0.5, 3.0]]


def _c06_sigmoid(x):
    return 1 / (1 + np.exp(-np.asarray(x, dtype=np.float64)))


def check_06_sigmoid_backward(layer_class):
    """Exercise 6.1: the sigmoid's backward, dout * y * (1 - y), from the stored output only."""
    x, dout = np.array(_C06_X), np.array(_C06_DOUT)
    y = _c06_sigmoid(x)

    def diagnose(out, dx):
        if dx is None:
            return None
        if _c46_close(dx, dout * y):
            return "the factor (1 - y) is missing: the local derivative is y * (1 - y)."
        if _c46_close(dx, dout * (1 - y)):
            return "the factor y is missing: the local derivative is y * (1 - y)."
        if _c46_close(dx, y * (1 - y)):
            return "that is the local derivative alone: multiply it by the upstream gradient dout."
        if _c46_close(dx, -dout * y * (1 - y)):
            return "the sign is off: the two minus signs (from '/' and from x(-1)) cancel."
        if _c46_close(dx, dout * y * y):
            return "y**2 alone is step 1 only: with exp(-x) it becomes y * (1 - y)."
        return None

    hint = _c05_elementwise_layer(layer_class, x, dout, y, dout * y * (1 - y), diagnose)
    if not hint:
        _, hint = _c46_gradient_check(layer_class, np.random.default_rng(0).normal(0, 2, (3, 4)))
    if hint:
        return verdict(False, "", hint)
    return verdict(True, "dx = dout * y * (1 - y): the backward pass needs only the output y.", "")


def check_06_tanh(layer_class):
    """Exercise 6.2: ``Tanh`` with backward dout * (1 - y**2)."""
    x, dout = np.array(_C06_X), np.array(_C06_DOUT)
    y = np.tanh(x)

    def diagnose(out, dx):
        if dx is None:
            return None
        if _c46_close(dx, dout * y * (1 - y)):
            return "that is the sigmoid's derivative; for tanh it is 1 - y**2."
        if _c46_close(dx, dout * (1 - y)):
            return "square the output: the local derivative is 1 - y**2."
        if _c46_close(dx, 1 - y ** 2):
            return "that is the local derivative alone: multiply it by dout."
        return None

    hint = _c05_elementwise_layer(layer_class, x, dout, y, dout * (1 - y ** 2), diagnose)
    if not hint:
        _, hint = _c46_gradient_check(layer_class, np.random.default_rng(0).normal(0, 1.5, (3, 4)))
    if hint:
        return verdict(False, "", hint)
    return verdict(True, "dx = dout * (1 - y**2): like the sigmoid, tanh needs only its output.", "")


def check_06_sigmoid_steps(sigmoid_by_steps):
    """Exercise 6.3: ``sigmoid_by_steps(x, dout)`` -> (y, dx) through the four-node graph."""
    cases = [(-3.0, 1.0), (0.0, 1.0), (0.5, -2.5), (2.0, 0.75),
             (np.array([-1.0, 0.0, 2.0]), np.array([1.0, 2.0, -1.0]))]
    for x, dout in cases:
        result, error = _c46_run(lambda: sigmoid_by_steps(x, dout))
        if error:
            return verdict(False, "", error)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            return verdict(False, "", "return a pair: (y, dx).")
        y_got, dx = result
        y = _c06_sigmoid(x)
        want = dout * y * (1 - y)
        shown = f"x = {np.asarray(x).tolist()}, dout = {np.asarray(dout).tolist()}"
        if y_got is None or dx is None:
            return verdict(False, "", "return (y, dx), not None: the forward output and the gradient of x.")
        if not _c46_close(y_got, y):
            return verdict(False, "", f"for {shown} the forward output y should be "
                           f"{np.round(y, 4).tolist()}: x -> *(-1) -> exp -> +1 -> 1/t.")
        if _c46_close(dx, want):
            continue
        if _c46_close(dx, -want):
            hint = ("the sign is off: the '/' node gives -y**2 and the x(-1) node gives -1; "
                    "both minus signs are needed.")
        elif np.all(np.asarray(dout) != 0) and _c46_close(dx, want / dout):
            hint = "start the backward pass with the dout you were given, not with 1."
        else:
            hint = (f"for {shown}, dx should be {np.round(want, 4).tolist()}. Call backward in the "
                    "reverse order of forward ('/', +1, exp, x(-1)), each time passing on the "
                    "gradient the previous call returned.")
        return verdict(False, "", hint)
    return verdict(True, "four layers backward give exactly dout * y * (1 - y).", "")


# --- chapter 07: common mistakes ---
# Each check runs the learner's code on inputs chosen so that one classic mistake
# shows, and names that mistake in its hint.

import inspect  # noqa: E402
import types  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from layers import gradient_check, numerical_gradient  # noqa: E402,F811


def _07_run(what, func, *args):
    """Run learner code with numpy overflow and every warning turned into errors.

    Returns (result, None), or (None, a hint naming what went wrong).
    """
    try:
        with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
            warnings.simplefilter("error")
            return func(*args), None
    except Exception as err:  # learner code can fail in any way: report it, never crash
        return None, f"{what} raised {type(err).__name__}: {err}"


def _07_floats(value):
    """``value`` as a float64 array, or None if it is not numeric."""
    if value is None:
        return None
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return arr


def check_07_relu_layer(layer_class):
    """A ReLU layer class: right values, right gradients, and nobody's arrays changed.

    Catches the two ReLU mistakes: a forward that returns the mask instead of the
    values, and a backward that writes zeros into the caller's ``dout``.
    """
    x = np.array([[1.0, -0.5], [-2.0, 3.0]])   # the book's example
    x_given = x.copy()
    try:
        layer = layer_class()
    except Exception as err:  # noqa: BLE001  (learner code)
        return verdict(False, "", f"{layer_class!r}() raised {type(err).__name__}: {err}")
    out, error = _07_run("forward", layer.forward, x)
    if error:
        return verdict(False, "", error)
    out = _07_floats(out)
    if out is None:
        return verdict(False, "", "forward returned None (or no numbers): return max(0, x) elementwise.")
    if not np.array_equal(x, x_given):
        return verdict(False, "", "forward changed the x it was given; build a new array instead.")
    if out.shape != x.shape or not np.array_equal(out, [[1.0, 0.0], [0.0, 3.0]]):
        if np.array_equal(out, x > 0) or np.array_equal(out, x <= 0):
            hint = ("forward returned the mask, not the values: for x = 3 it gave "
                    f"{out[1, 1]:g} instead of 3. Return x where x > 0 and 0 elsewhere.")
        else:
            hint = f"forward({x.tolist()}) should be [[1.0, 0.0], [0.0, 3.0]]; got {out.tolist()}."
        return verdict(False, "", hint)

    dout = np.array([[1.0, 2.0], [3.0, 4.0]])
    dout_given = dout.copy()
    dx, error = _07_run("backward", layer.backward, dout)
    if error:
        return verdict(False, "", error)
    if not np.array_equal(dout, dout_given):
        return verdict(False, "", (
            f"backward wrote into the dout it was given: the caller's {dout_given.tolist()} "
            f"is now {dout.tolist()}. Build a new array, e.g. np.where(self.mask, 0, dout)."))
    dx_arr = _07_floats(dx)
    if dx_arr is None:
        return verdict(False, "", "backward returned None (or no numbers): return dx, shaped like dout.")
    if dx_arr.shape != x.shape or not np.array_equal(dx_arr, [[1.0, 0.0], [0.0, 4.0]]):
        if np.array_equal(dx_arr, dout_given):
            hint = "backward passed dout through everywhere: block it (0) where x <= 0."
        else:
            hint = f"with dout = {dout_given.tolist()} expect dx = [[1.0, 0.0], [0.0, 4.0]]; got {dx_arr.tolist()}."
        return verdict(False, "", hint)

    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4))
    x[np.abs(x) < 0.1] = 0.5   # keep away from the kink at 0, where no derivative exists
    try:
        worst = gradient_check(layer_class(), x)
    except Exception as err:  # noqa: BLE001  (learner code)
        return verdict(False, "", f"on a 3x4 array your layer raised {type(err).__name__}: {err}")
    if not worst < 1e-7:
        return verdict(False, "", f"the gradient check on a 3x4 array fails (relative error {worst:.1e}).")
    return verdict(True, "forward keeps the values, backward blocks the gradient where x <= 0, "
                   f"no array given to it changes, and the gradient check error is {worst:.0e}.", "")


def check_07_fork_backward(grads):
    """``grads(x, y)`` -> (dL/dx, dL/dy) for L = x*y + x, where x forks into two nodes."""
    for x, y in [(3.0, 4.0), (-1.5, 2.0), (0.5, -3.0)]:
        got, error = _07_run("your function", grads, x, y)
        if error:
            return verdict(False, "", error)
        if got is None:
            return verdict(False, "", "your function returns None: return the pair (dx, dy).")
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            return verdict(False, "", "return two gradients: (dx, dy).")
        dx, dy = (_07_floats(g) for g in got)
        if dx is None or dy is None or dx.shape != () or dy.shape != ():
            return verdict(False, "", "return two numbers: (dx, dy).")
        want_dx, want_dy = y + 1.0, x   # d(xy + x)/dx = y + 1, d(xy + x)/dy = x
        if abs(dx - want_dx) < 1e-9 and abs(dy - want_dy) < 1e-9:
            continue
        if abs(dx - y) < 1e-9:
            hint = ("dx holds only the multiply node's share (y). x also feeds the add node, "
                    "which sends back 1: add the two (+=), don't overwrite (=).")
        elif abs(dx - 1.0) < 1e-9:
            hint = ("dx holds only the add node's share (1): the multiply node's y was "
                    "overwritten. Where x forks, add the gradients (+=).")
        else:
            hint = f"at x={x}, y={y}: dL/dx = y + 1 = {want_dx:g}, dL/dy = x = {want_dy:g}."
        return verdict(False, "", hint)
    slope = numerical_gradient(lambda v: v * 4.0 + v, 3.0)
    return verdict(True, f"dx = y + 1, the sum of both branches; the numerical slope at "
                   f"x=3, y=4 agrees ({slope:.4f}).", "")


def _07_sigmoid_exact(x):
    """sigma(x) from the two exact forms, chosen so that exp never sees a positive number."""
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def check_07_sigmoid(sigmoid):
    """``sigmoid(x)`` for a float array: right everywhere, no overflow warning, full
    relative accuracy in the far tails."""
    x = np.array([-1000.0, -700.0, -40.0, -np.log(3.0), 0.0, np.log(3.0), 40.0, 1000.0])
    with np.errstate(under="ignore"):
        want = _07_sigmoid_exact(x)
    got, error = _07_run("sigmoid", sigmoid, x.copy())
    if error:
        if "overflow" in error:
            error += (". exp must only ever see numbers <= 0. (np.where(...) evaluates both of its "
                      "branches for every element: compute e = np.exp(-np.abs(x)) once and build "
                      "both forms from e.)")
        return verdict(False, "", error)
    got = _07_floats(got)
    if got is None:
        return verdict(False, "", "sigmoid returned None (or no numbers): return an array shaped like x.")
    if got.shape != x.shape:
        return verdict(False, "", f"for an array of shape {x.shape} return the same shape, not {got.shape}.")
    # sigma(+-ln 3) = 3/4 and 1/4, sigma(0) = 1/2 exactly; the tails compared relatively
    close = np.abs(got - want) <= 1e-12 * np.abs(want) + 1e-300
    if not close.all():
        i = int(np.argmin(close))
        hint = f"sigmoid({x[i]:.4g}) should be {want[i]:.6g}; you got {got[i]:.6g}."
        if x[i] < -10 and got[i] == 0:
            hint += " 1 + (a number close to -1) cancels to 0: use e**x / (1 + e**x) for x < 0."
        return verdict(False, "", hint)
    return verdict(True, "no overflow anywhere, sigmoid(-40) keeps its 4.2e-18, and "
                   "sigmoid(+-ln 3) = 0.75 and 0.25 exactly.", "")


def check_07_numerical_gradient(num_grad):
    """``num_grad(f, x)``: central differences that work for integer arrays too and leave x alone."""
    cases = [
        # (x, f, exact gradient): d/dx sum(x**2) = 2x; d/dx sum(x**3) = 3x**2
        (np.array([1, 2]), lambda v: np.sum(v ** 2), np.array([2.0, 4.0])),
        (np.array([[0.5, -1.0], [2.0, 3.0]]), lambda v: np.sum(v ** 3),
         np.array([[0.75, 3.0], [12.0, 27.0]])),
    ]
    for x, f, want in cases:
        x_given = x.copy()
        got, error = _07_run("your numerical gradient", num_grad, f, x)
        if error:
            return verdict(False, "", error)
        if not (np.array_equal(x, x_given) and x.dtype == x_given.dtype):
            return verdict(False, "", f"your function changed the x it was given ({x_given.tolist()} "
                           f"became {x.tolist()}): work on a float copy.")
        got = _07_floats(got)
        if got is None:
            return verdict(False, "", "your function returned None: return the gradient, shaped like x.")
        if got.shape == want.shape and np.allclose(got, want, rtol=1e-6, atol=1e-6):
            continue
        if np.issubdtype(x.dtype, np.integer):
            hint = (f"for the integer array {x.tolist()} the gradient of sum(x**2) is {want.tolist()}, "
                    f"you got {got.tolist()}: x + 1e-4 stored in an integer array rounds the step "
                    "away. Convert first: x = np.array(x, dtype=float).")
        else:
            hint = f"for x = {x.tolist()} and f = sum(x**3) expect {want.tolist()}, got {got.tolist()}."
        return verdict(False, "", hint)
    return verdict(True, "right on integer and float arrays, and x is left as it was.", "")


def _07_code_objects(code):
    """Every function body compiled from ``code``, by qualified name."""
    found, todo = {}, [code]
    while todo:
        for const in todo.pop().co_consts:
            if isinstance(const, types.CodeType):
                if const.co_flags & inspect.CO_OPTIMIZED:   # a function, not a class body
                    found[getattr(const, "co_qualname", const.co_name)] = const
                todo.append(const)
    return found


def _07_behaviour(code):
    """What a code object does, without where it came from: tools such as IPython's
    autoreload compile single functions, so line and column numbers may differ."""
    consts = tuple(_07_behaviour(c) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return (code.co_code, consts, code.co_names, code.co_varnames, code.co_freevars,
            code.co_cellvars, code.co_argcount, code.co_posonlyargcount,
            code.co_kwonlyargcount, code.co_flags)


def _07_functions(module):
    """The functions and methods defined in ``module`` as loaded in memory, by qualified name."""
    found = {}
    for obj in vars(module).values():
        members = vars(obj).values() if inspect.isclass(obj) else [obj]
        for member in members:
            member = getattr(member, "__func__", member)   # staticmethod / classmethod
            # functions written in this file (a decorator's wrapper comes from another file)
            if (inspect.isfunction(member) and member.__module__ == module.__name__
                    and Path(member.__code__.co_filename) == Path(module.__file__)):
                code = member.__code__
                found[getattr(code, "co_qualname", code.co_name)] = code
    return found


def check_07_module_fresh(module):
    """True if the functions of ``module`` in memory are the ones in its file on disk.

    Compiles the file as it is now and compares every function's code with the
    code the running notebook uses; a stale import shows as a difference.
    """
    path = getattr(module, "__file__", None)
    if not isinstance(module, types.ModuleType) or not path or not path.endswith(".py"):
        return verdict(False, "", "pass an imported module of your own, e.g. check_07_module_fresh(layers).")
    on_disk = _07_code_objects(compile(Path(path).read_text(encoding="utf-8"), path, "exec"))
    in_memory = _07_functions(module)
    changed = [name for name, code in in_memory.items()
               if name in on_disk and _07_behaviour(on_disk[name]) != _07_behaviour(code)]
    new = [name for name in on_disk if "<" not in name and name not in in_memory]
    if changed or new:
        what = ", ".join(sorted(changed + new)[:4])
        verb = "differs" if len(changed + new) == 1 else "differ"
        return verdict(False, "", (
            f"{module.__name__} is stale: {what} in memory {verb} from {Path(path).name} on disk. "
            f"Run importlib.reload({module.__name__}), restart the kernel, or use %autoreload 2."))
    return verdict(True, f"{module.__name__} in memory matches {Path(path).name} on disk.", "")
