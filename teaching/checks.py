"""Self-checks for the exercises at the end of each chapter notebook.

Each ``check_NN_*`` function takes the learner's answer and returns a ``Verdict``:
true if the answer is right, and shown in a notebook as one line, "Right: ..." or
"Not yet. Hint: ...".  Put the call last in a cell to see that line.

The worked answers live in ``notebooks/solutions/``.  The tests that prove every
check accepts right answers and names typical wrong ones are
``tests/test_exercises_01_03.py``, ``tests/test_exercises_04_06.py`` and the
chapter 07 part of ``tests/test_classroom.py``.

Layout: the verdict, then the private helpers shared by every chapter (compare
numbers, run learner code safely, run a layer forward, backward and through a
gradient check), then the checks, one section per chapter.  Private names start
with ``_`` and say what they hold (``_SHOPPING_CASES``, ``_layer_problem``); only
``check_NN_*``, ``verdict`` and ``Verdict`` are public.
"""

import contextlib
import inspect
import types
import warnings
from pathlib import Path

import numpy as np

from layers import gradient_check, numerical_gradient


class Verdict:
    """The result of a check: true iff the answer is right; displayed as its message."""

    __slots__ = ("ok", "message")

    def __init__(self, ok, message):
        self.ok = bool(ok)
        self.message = message

    def __bool__(self):
        return self.ok

    def __repr__(self):
        # the message alone, so a check as a cell's last expression shows just that line
        return self.message

    __str__ = __repr__

    def _repr_pretty_(self, printer, cycle):
        printer.text(self.message)


def verdict(ok, praise, hint):
    """A ``Verdict``: "Right: <praise>" if ``ok``, else "Not yet. Hint: <hint>"."""
    ok = bool(ok)
    return Verdict(ok, f"Right: {praise}" if ok else f"Not yet. Hint: {hint}")


def _right(praise):
    return verdict(True, praise, "")


def _not_yet(hint):
    return verdict(False, "", hint)


# --- helpers shared by every chapter ---

def _floats(value):
    """``value`` as a float64 array, or None if it is not a real number or an array of them."""
    if value is None or isinstance(value, str):
        return None
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None


def _close(value, want, tol=1e-6):
    """True if ``value`` is finite, has the shape of ``want`` (a number is shape ()), and
    every element is within ``tol`` of ``want`` (relative; absolute where |want| < 1)."""
    got, want = _floats(value), np.asarray(want, dtype=np.float64)
    return (got is not None and got.shape == want.shape and bool(np.all(np.isfinite(got)))
            and bool(np.all(np.abs(got - want) <= tol * np.maximum(1.0, np.abs(want)))))


def _mistake(got, typical, otherwise, tol=1e-6):
    """The hint of the first ``typical`` wrong answer, a (value, hint) pair, that ``got``
    matches; ``otherwise`` if it matches none."""
    return next((hint for wrong, hint in typical if _close(got, wrong, tol)), otherwise)


@contextlib.contextmanager
def _warnings_as_errors():
    """Numpy overflow, invalid and divide-by-zero, and every Python warning, raise."""
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        yield


def _call(func, *args, what="your code", strict=False, keep=None,
          fix="build a new array instead of writing into it."):
    """Run the learner's ``func(*args)`` so that no mistake in it can crash the check.

    Returns (result, None), or (None, a hint naming what went wrong): ``func`` is not
    callable, it raised (``what`` names it in the hint), or it wrote into one of the
    arrays in ``keep`` ({name: array}), which the caller may still need (``fix`` says
    what to do instead).  With ``strict``, numpy overflow and every warning count as
    errors too: chapter 07 hunts for them.
    """
    if not callable(func):
        return None, f"pass your function itself, not its result (got {type(func).__name__})."
    keep = keep or {}
    before = {name: np.array(given, copy=True) for name, given in keep.items()}
    try:
        with _warnings_as_errors() if strict else contextlib.nullcontext():
            result = func(*args)
    except Exception as err:  # learner code can fail in any way: report it, never crash the check
        return None, f"{what} raised {type(err).__name__}: {err}"
    for name, given in keep.items():
        now = np.asarray(given)
        if now.dtype != before[name].dtype or not np.array_equal(now, before[name]):
            # small arrays are shown, so the learner sees exactly what changed
            change = (f" from {before[name].tolist()} to {now.tolist()}"
                      if before[name].size <= 8 else "")
            return None, (f"{what} wrote into the {name} it was given: that changed the {name} "
                          f"of the caller{change}. The caller may still need it: {fix}")
    return result, None


def _answer(func, *args, if_none, pair=None, **options):
    """``_call``, then insist on an answer: (result, None) or (None, hint).

    ``if_none`` is the hint when ``func`` returns None; with ``pair`` (its hint),
    the result must also be a pair such as (dx, dy).
    """
    result, hint = _call(func, *args, **options)
    if hint:
        return None, hint
    if result is None:
        return None, if_none
    if pair and (not isinstance(result, (tuple, list)) or len(result) != 2):
        return None, pair
    return result, None


def _dict_problem(answer, names, example, fill):
    """A hint if ``answer`` is not a dict with a value (not None) for each of ``names``, else None."""
    if not isinstance(answer, dict):
        return f"give a dict such as {example}."
    missing = [name for name in names if name not in answer]
    if missing:
        return f"the dict needs the keys {', '.join(missing)}."
    if any(answer[name] is None for name in names):
        return f"replace every None with {fill}."
    return None


_NEW_ARRAY = ("build a new array, for example with np.where(...) or dout * ..., "
              "instead of writing into dout.")


def _backward(layer, dout, n_inputs, strict=False):
    """Call ``layer.backward(dout)``: (the gradients as a tuple, None) or (None, hint).

    Catches the classic in-place bug (``dout`` is compared before and after), a wrong
    number of gradients, and gradients that are not finite or not shaped like ``dout``.
    """
    grads, hint = _call(layer.backward, dout, what="backward", strict=strict,
                        keep={"dout": dout}, fix=_NEW_ARRAY)
    if hint:
        return None, hint
    if n_inputs == 1:
        if grads is None:
            return None, "backward returns None: return the gradient dx."
        if isinstance(grads, tuple):
            return None, "a one-input layer's backward returns dx itself, not a tuple."
        grads = (grads,)
    elif grads is None or not isinstance(grads, (tuple, list)) or len(grads) != n_inputs:
        return None, f"backward must return {n_inputs} gradients, one per forward input."
    for g in grads:
        arr = _floats(g)
        if arr is None or arr.shape != np.shape(dout) or not np.all(np.isfinite(arr)):
            return None, ("every gradient must be a finite number (or array) with the shape of "
                          f"dout; got {g!r}.")
    return tuple(grads), None


def _gradient_check(make, *inputs):
    """``layers.gradient_check`` on a fresh layer, after making sure backward gives finite numbers.

    (gradient_check alone would score a NaN gradient as error 0.)
    Returns (relative error, None) or (None, hint).
    """
    layer, hint = _call(make)
    if hint:
        return None, hint
    _, hint = _call(layer.forward, *[np.array(v, dtype=np.float64) for v in inputs],
                    what="with arrays forward")
    if hint:
        return None, hint
    dout = np.random.default_rng(1).standard_normal(np.shape(inputs[0]))
    _, hint = _backward(layer, dout, len(inputs))
    if hint:
        return None, "with arrays: " + hint
    result, hint = _call(lambda: gradient_check(make(), *inputs), what="during the gradient check your code")
    if hint:
        return None, hint
    if not result < 1e-6:
        return None, (f"the gradient check fails (relative error {result:.1e}; a right backward "
                      "stays far below 1e-6): backward does not match the numerical gradient.")
    return result, None


def _layer_problem(make, x, dout, want_out, want_dx, wrong_out=(), wrong_dx=(), check_at=None,
                   strict=False):
    """Run a one-input layer forward on ``x`` and backward on ``dout``. None if right, else a hint.

    ``wrong_out`` and ``wrong_dx`` list typical wrong answers as (value, hint) pairs, so
    the hint can name the mistake.  Also catches errors, None, other wrong values, and
    writing into the caller's x or dout.  If the values are right and ``check_at`` is
    given, a gradient check on a fresh layer at those inputs follows.  ``strict`` is
    passed on to ``_call``.
    """
    layer, hint = _call(make)
    if hint:
        return hint
    x = np.array(x, dtype=np.float64)
    out, hint = _call(layer.forward, x, what="forward", strict=strict, keep={"x": x},
                      fix="compute the output in a new array.")
    if hint:
        return hint
    if out is None:
        return "forward returns None: return the output (and keep what backward needs)."
    if not _close(out, want_out):
        return _mistake(out, wrong_out, f"forward({x.tolist()}) should give "
                                        f"{np.round(want_out, 4).tolist()}, got {out!r}.")
    grads, hint = _backward(layer, np.array(dout, dtype=np.float64), 1, strict=strict)
    if hint:
        return hint
    (dx,) = grads
    if not _close(dx, want_dx):
        return _mistake(dx, wrong_dx, f"with x = {x.tolist()} and dout = {np.asarray(dout).tolist()}, "
                                      f"dx should be {np.round(want_dx, 4).tolist()}, got "
                                      f"{np.round(_floats(dx), 4).tolist()}.")
    if check_at is not None:
        _, hint = _gradient_check(make, check_at)
        return hint
    return None


def _away_from_kinks(kinks, shape=(3, 4)):
    """Random inputs at least 0.1 away from every kink (a gradient check is meaningless at a kink)."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-3.0, 9.0, size=shape)
    for k in kinks:
        near = np.abs(x - k) < 0.1
        x[near] = k + np.where(x[near] >= k, 0.1, -0.1) * 2
    return x


def _sigmoid(x):
    """sigma(x) from its two exact forms, chosen so that exp never sees a positive number."""
    e = np.exp(-np.abs(np.asarray(x, dtype=np.float64)))
    return np.where(np.asarray(x) >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


# --- the checks, one section per chapter; keep each chapter's checks together ---


# --- chapter 01: computational graphs ---

_SHOPPING_FORWARD = {"apple_price": 200.0, "orange_price": 450.0, "all_price": 650.0, "price": 715.0}


def check_01_shopping_forward(values):
    """Exercise 1.1: the forward value on every edge of the apples-and-oranges graph."""
    hint = _dict_problem(values, _SHOPPING_FORWARD, "{'apple_price': 200, ...}",
                         "the number that flows along that edge")
    if hint:
        return _not_yet(hint)
    hints = {
        "apple_price": "apple_price leaves the first x node: 100 yen times 2 apples.",
        "orange_price": "orange_price leaves the second x node: 150 yen times 3 oranges.",
        "all_price": "the + node adds apple_price and orange_price.",
        "price": "the last x node multiplies all_price by the tax factor 1.1.",
    }
    wrong = [name for name, want in _SHOPPING_FORWARD.items() if not _close(values[name], want)]
    if not wrong:
        return _right("every edge is right: 200 + 450 = 650, and 650 x 1.1 = 715.")
    if wrong == ["price"] and _close(values["price"], 650.0):
        return _not_yet("price is still all_price: the tax node multiplies it by 1.1.")
    return _not_yet(hints[wrong[0]])


# (items, tax, right total); the totals are worked by hand: sum of price x count, times tax
_TOTAL_PRICE_CASES = [
    ([(100, 2)], 1.1, 220.0),
    ([(100, 2), (150, 3)], 1.1, 715.0),
    ([(80, 5), (120, 1), (30, 10)], 1.08, 885.6),   # (400 + 120 + 300) x 1.08
    ([(100, 2)], 1.0, 200.0),
]


def check_01_total_price(total_price):
    """Exercise 1.2: ``total_price(items, tax)`` for any list of (unit price, count) pairs."""
    for items, tax, want in _TOTAL_PRICE_CASES:
        got, hint = _answer(total_price, list(items), tax,
                            if_none="total_price returns None: return the price after tax.")
        if hint:
            return _not_yet(hint)
        if _close(got, want):
            continue
        subtotal = sum(p * n for p, n in items)
        return _not_yet(_mistake(got, [
            (subtotal, "that is the price before tax: multiply the sum by tax at the end."),
            (subtotal + tax, "the tax node multiplies (x 1.1), it does not add."),
            (sum(p for p, _ in items) * tax, "each item's price must be multiplied by its count first."),
        ], f"for items={items} and tax={tax} the total should be {want:g}, you got {got!r}."))
    return _right(f"total_price is right on all {len(_TOTAL_PRICE_CASES)} shopping lists.")


def check_01_apple_sensitivity(change):
    """Exercise 1.3: how much the price goes up when one apple costs 1 yen more."""
    if change is None:
        return _not_yet("compute the price at apple = 101 and subtract the price at apple = 100.")
    if _close(change, 2.2):
        return _right("2 apples x 1 yen x tax 1.1 = 2.2 yen. Chapter 3 gets this number "
                      "from one backward pass instead of a second forward pass.")
    return _not_yet(_mistake(change, [
        (2.0, "the extra 2 yen are taxed too: the change passes through the x 1.1 node."),
        (222.2, "that is the new price; give the difference new price - old price."),
        (1.1, "you buy 2 apples, so 1 yen more per apple is 2 yen more before tax."),
    ], "price(apple=101) - price(apple=100), with 2 apples and tax 1.1."))


# --- chapter 02: the chain rule ---

_CHAIN_POINTS = [(1.0, 2.0), (-1.5, 0.5), (3.0, -4.0), (0.25, 0.25)]


def check_02_dz_dx(dz_dx):
    """Exercise 2.1: ``dz_dx(x, y)`` for z = t**2, t = x + y, compared with 2(x + y)
    and with a central-difference slope at a few points."""
    for x, y in _CHAIN_POINTS:
        got, hint = _answer(dz_dx, x, y, if_none="dz_dx returns None: return dz/dt * dt/dx.")
        if hint:
            return _not_yet(hint)
        want = 2 * (x + y)
        slope = numerical_gradient(lambda xv: (xv + y) ** 2, x)
        if _close(got, want) and _close(got, slope, tol=1e-5):
            continue
        return _not_yet(_mistake(got, [
            ((x + y) ** 2, "that is z itself; you want its slope dz/dx."),
            (2 * x, "dz/dt = 2t, and t is x + y, not x."),
            (x + y, "the derivative of t**2 is 2t: a factor 2 is missing."),
        ], f"at x={x}, y={y}: dz/dt = 2t = {want:g} and dt/dx = 1."))
    return _right("dz/dx = 2(x + y) at every point, and it matches the numerical slope.")


def check_02_product_chain(product_chain):
    """Exercise 2.2: ``product_chain(x, y)`` -> (dz/dx, dz/dy) for z = t**2, t = x * y."""
    for x, y in [(1.0, 2.0), (2.0, 0.5), (-1.0, 3.0), (0.5, -2.0)]:
        got, hint = _answer(product_chain, x, y,
                            if_none="product_chain returns None: return the pair (dz_dx, dz_dy).",
                            pair="return two numbers: (dz_dx, dz_dy).")
        if hint:
            return _not_yet(hint)
        t = x * y
        want = (2 * t * y, 2 * t * x)   # dz/dt * dt/dx, dz/dt * dt/dy
        if _close(got, want):
            continue
        return _not_yet(_mistake(got, [
            ((2 * t * x, 2 * t * y), "dt/dx for t = x * y is y (the other input), not x."),
            ((y, x), "that is only dt/dx and dt/dy: multiply by dz/dt = 2t."),
        ], f"at x={x}, y={y}: t = {t:g}, dz/dt = {2 * t:g}, dt/dx = y, dt/dy = x."))
    return _right("(2ty, 2tx): both chain-rule products are right.")


def check_02_numerical_slope(numerical_slope):
    """Exercise 2.3: ``numerical_slope(f, x, h)``, the central difference (f(x+h) - f(x-h)) / 2h."""
    # (f, x, h, exact central difference): for x**3 it is 3x**2 + h**2, for x**2 exactly 2x
    cases = [(lambda v: v ** 3, 2.0, 1e-3, 12.0 + 1e-6),
             (lambda v: v ** 2, -1.5, 0.5, -3.0)]
    for f, x, h, want in cases:
        got, hint = _answer(numerical_slope, f, x, h,
                            if_none="numerical_slope returns None: return the difference quotient.")
        if hint:
            return _not_yet(hint)
        if _close(got, want, tol=1e-9):
            continue
        return _not_yet(_mistake(got, [
            (2 * want, "f(x + h) and f(x - h) are 2h apart: divide by 2 * h."),
            ((f(x + h) - f(x)) / h, "that is the one-sided difference; use both sides, x + h and x - h."),
        ], f"for f(x) = x**3 at x = 2 with h = 0.001 the answer is about 12.000001, you got {got!r}.",
            tol=1e-9))
    return _right("your slope is the central difference, accurate to about h**2.")


# --- chapter 03: backward through add and multiply ---

_SHOPPING_GRADIENTS = {
    "price": 1.0, "all_price": 1.1, "tax": 650.0,
    "apple_price": 1.1, "orange_price": 1.1,
    "apple": 2.2, "apple_num": 110.0, "orange": 3.3, "orange_num": 165.0,
}


def check_03_shopping_gradients(grads):
    """Exercise 3.1: d price / d (every edge) of the apples-and-oranges graph."""
    hint = _dict_problem(grads, _SHOPPING_GRADIENTS, "{'apple': ..., 'tax': ...}",
                         "the gradient on that edge (dprice = 1)")
    if hint:
        return _not_yet(hint)
    wrong = [n for n, want in _SHOPPING_GRADIENTS.items() if not _close(grads[n], want)]
    if not wrong:
        return _right("all nine gradients are right; d apple = 1.1 x 2 = 2.2.")
    if _close(grads["apple"], 2.0) or _close(grads["orange"], 3.0) or _close(grads["apple_num"], 100.0):
        hint = "every path back from price crosses the tax node first: multiply by 1.1."
    elif _close(grads["apple"], 110.0) and _close(grads["apple_num"], 2.2):
        hint = "multiply swaps: d apple is (upstream) x (apple_num), d apple_num is (upstream) x (apple)."
    elif _close(grads["tax"], 1.1) or _close(grads["all_price"], 650.0):
        hint = "at the tax node, d tax = dprice x all_price and d all_price = dprice x tax."
    elif _close(grads["tax"], 715.0):
        hint = "d tax is the *other* input of the tax node, all_price = 650, not the output."
    else:
        name = wrong[0]
        hint = f"look again at '{name}': multiply the upstream gradient by the local derivative."
    return _not_yet(hint)


def check_03_mul_layer(layer_class):
    """Exercise 3.2: a multiply layer whose backward(dout) returns (dx, dy)."""
    def forward_and_backward():
        layer = layer_class()
        return layer.forward(3.0, -2.0), layer.backward(1.5)

    results, error = _call(forward_and_backward, what="your layer")
    if error:
        return _not_yet(error)
    out, result = results
    if not _close(out, -6.0):
        return _not_yet("forward(3, -2) should return 3 x (-2) = -6.")
    if result is None:
        return _not_yet("backward returns None: return the pair (dx, dy).")
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return _not_yet("backward must return two gradients: (dx, dy).")
    dx, dy = result
    # x = 3, y = -2, dout = 1.5: dx = dout * y = -3, dy = dout * x = 4.5
    if not (_close(dx, -3.0) and _close(dy, 4.5)):
        return _not_yet(_mistake((dx, dy), [
            ((4.5, -3.0), "multiply swaps: dx = dout * y (the other input), dy = dout * x."),
            ((-2.0, 3.0), "multiply the local derivatives by the upstream gradient dout."),
        ], f"with x=3, y=-2, dout=1.5 expect (dx, dy) = (-3, 4.5); got ({dx!r}, {dy!r})."))
    rng = np.random.default_rng(0)
    x, y = rng.standard_normal((2, 2, 3))
    worst, error = _call(lambda: gradient_check(layer_class(), x, y), what="with arrays your layer")
    if error:
        return _not_yet(error)
    if not worst < 1e-7:
        return _not_yet(f"the gradient check on arrays fails (relative error {worst:.1e}).")
    return _right("dx = dout * y, dy = dout * x; the gradient check error is below 1e-7.")


def check_03_fanout(fanout_grad):
    """Exercise 3.3: ``fanout_grad(x, dout)``: d(x * x)/dx times dout, via one MulLayer."""
    for x, dout in [(3.0, 1.0), (-2.0, 0.5), (1.5, 2.0)]:
        got, hint = _answer(fanout_grad, x, dout,
                            if_none="fanout_grad returns None: return the total gradient of x.")
        if hint:
            return _not_yet(hint)
        want = 2 * x * dout   # d(x**2)/dx = 2x
        if _close(got, want):
            continue
        return _not_yet(_mistake(got, [
            (x * dout, "x feeds both inputs of the node: add the two gradients (+=), don't overwrite (=)."),
            (2 * x, "multiply by the upstream gradient dout."),
        ], f"at x={x}, dout={dout} the total should be 2 * x * dout = {want:g}."))
    return _right("both branches add up: d(x*x)/dx = x + x = 2x.")


# --- chapter 04: simple layers ---

def check_04_div_layer(layer_class):
    """Exercise 4.1: ``DivLayer`` with forward(x, y) = x / y and backward -> (dx, dy)."""
    layer, error = _call(layer_class)
    if error:
        return _not_yet(error)
    out, hint = _answer(layer.forward, 6.0, 3.0, what="forward",
                        if_none="forward returns None: return x / y (and keep x and y for backward).")
    if hint:
        return _not_yet(hint)
    if not _close(out, 2.0):
        hint = ("forward computes y / x; the layer is x / y." if _close(out, 0.5)
                else f"forward(6, 3) should return 6 / 3 = 2, got {out!r}.")
        return _not_yet(hint)
    # x = 6, y = 3, dout = 1.5: dx = dout / y = 0.5, dy = -dout * x / y**2 = -1
    grads, hint = _backward(layer, 1.5, 2)
    if hint:
        return _not_yet(hint)
    dx, dy = grads
    if not (_close(dx, 0.5) and _close(dy, -1.0)):
        if _close(dx, 0.5) and _close(dy, 1.0):
            hint = "dy has the wrong sign: a larger y makes x / y smaller, so d(x/y)/dy = -x / y**2."
        elif _close(dx, 0.5) and _close(dy, -3.0):
            hint = "d(x/y)/dy = -x / y**2: y is squared."
        elif _close(dx, 1 / 3) and _close(dy, -2 / 3):
            hint = "those are the local derivatives: multiply both by the upstream gradient dout."
        elif _close(dx, 4.5):
            hint = "d(x/y)/dx is 1 / y, not y: x / y is x times 1/y."
        else:
            hint = (f"with x=6, y=3, dout=1.5 expect (dx, dy) = (0.5, -1.0); got ({dx!r}, {dy!r}). "
                    "Local derivatives: 1/y and -x/y**2.")
        return _not_yet(hint)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3))
    y = rng.choice([-1.0, 1.0], size=(2, 3)) * rng.uniform(0.5, 2.0, size=(2, 3))
    _, hint = _gradient_check(layer_class, x, y)
    if hint:
        return _not_yet(hint)
    return _right("dx = dout / y, dy = -dout * x / y**2, and the gradient check on "
                  "arrays passes.")


def _shopping_math(apple, apple_num, orange, orange_num, tax):
    """Price and its gradients, worked by hand: price = (apple*apple_num + orange*orange_num) * tax."""
    all_price = apple * apple_num + orange * orange_num
    grads = {"apple": apple_num * tax, "apple_num": apple * tax,
             "orange": orange_num * tax, "orange_num": orange * tax, "tax": all_price}
    return all_price * tax, grads


_SHOPPING_CASES = [(100, 2, 150, 3, 1.1), (120, 4, 80, 5, 1.08), (90, 1, 200, 2, 1.0)]


def _value_and_grads(func, args, keys):
    """Run ``func(*args)``, which returns (value, grads dict with ``keys``).

    Returns (value, grads, None), or (None, None, hint).
    """
    pair = "return a pair: (value, grads)."
    result, hint = _answer(func, *args, if_none=pair, pair=pair)
    if hint:
        return None, None, hint
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
    for case in _SHOPPING_CASES:
        apple, apple_num, orange, orange_num, tax = case
        want_price, want = _shopping_math(*case)
        price, grads, hint = _value_and_grads(shopping, case, want)
        if hint:
            return _not_yet(hint)
        if not _close(price, want_price):
            return _not_yet(f"for {case} the price should be {want_price:g}, got {price!r}: "
                            "check the forward pass.")
        wrong = [k for k in want if not _close(grads[k], want[k])]
        if not wrong:
            continue
        if _close(grads["apple"], apple_num) or _close(grads["orange"], orange_num):
            hint = ("the item gradients miss the tax factor: an item layer's backward needs the "
                    "gradient from the add layer, which needs the one from the tax layer. Call "
                    "backward in reverse order (tax, add, items), passing each result on.")
        elif _close(grads["apple"], apple * tax) and _close(grads["apple_num"], apple_num * tax):
            hint = "apple and apple_num are swapped: multiply swaps, d apple = upstream x apple_num."
        elif _close(grads["tax"], want_price):
            hint = "d tax is the other input of the tax node (all_price), not the price."
        else:
            k = wrong[0]
            hint = f"for {case}, grads['{k}'] should be {want[k]:g}, got {grads[k]!r}."
        return _not_yet(hint)
    return _right(f"price and all five gradients are right on {len(_SHOPPING_CASES)} shopping lists.")


def check_04_shared_bill(shared_bill):
    """Exercise 4.3: ``shared_bill(..., people)`` -> (share, grads) with share = price / people."""
    for case, people in [(_SHOPPING_CASES[0], 3), (_SHOPPING_CASES[1], 2)]:
        apple, apple_num, orange, orange_num, tax = case
        price, g = _shopping_math(*case)
        want_share = price / people
        want = {"apple": g["apple"] / people, "tax": g["tax"] / people,
                "people": -price / people ** 2}
        share, grads, hint = _value_and_grads(shared_bill, (*case, people), want)
        if hint:
            return _not_yet(hint)
        if not _close(share, want_share):
            hint = (f"for {case} and {people} people the share is {price:g} / {people} = "
                    f"{want_share:g}, got {share!r}.")
            return _not_yet(hint)
        if all(_close(grads[k], want[k]) for k in want):
            continue
        if _close(grads["people"], -want["people"]):
            hint = "d share / d people must be negative: more people, smaller share (-price / people**2)."
        elif _close(grads["apple"], g["apple"]) or _close(grads["tax"], g["tax"]):
            hint = ("start the backward pass at the DivLayer (d share = 1); its dx is the "
                    "upstream gradient for the tax layer, not 1.")
        else:
            k = next(k for k in want if not _close(grads[k], want[k]))
            hint = f"for {case} and {people} people, grads['{k}'] should be {want[k]:g}, got {grads[k]!r}."
        return _not_yet(hint)
    return _right("each friend's share and its gradients are right; d share/d people = "
                  "-price / people**2 is negative, as it should be.")


# --- chapter 05: ReLU ---

_RELU_X = [[1.0, -0.5], [-2.0, 3.0]]         # the book's mask example
_RELU_DOUT = [[10.0, 20.0], [30.0, 40.0]]    # four different numbers: each one is traceable


def check_05_fixed_relu(layer_class):
    """Exercise 5.1: a ReLU without the two bugs of ``SuspectRelu`` (mask forward, in-place backward)."""
    x, dout = np.array(_RELU_X), np.array(_RELU_DOUT)
    mask = ("forward returns the mask (1 where x > 0), not the values: where x > 0 a "
            "ReLU passes x itself. A gradient check shows this bug at once.")
    hint = _layer_problem(layer_class, x, dout, np.maximum(x, 0), np.where(x > 0, dout, 0),
                          wrong_out=[((x > 0) * 1.0, mask)], check_at=_away_from_kinks([0.0]))
    if hint:
        return _not_yet(hint)
    return _right("both bugs are gone: forward returns max(0, x), backward returns a new "
                  "array and the caller's dout is unchanged.")


def check_05_leaky_relu(layer_class):
    """Exercise 5.2: ``LeakyRelu(slope)``: y = x for x > 0, slope * x otherwise."""
    x, dout = np.array(_RELU_X), np.array(_RELU_DOUT)
    for slope in (0.1, 0.25):            # two slopes: the slope must not be hard-coded
        wrong_dx = [
            (np.where(x > 0, dout, 0),
             "for x <= 0 the local derivative is the slope, not 0: dx = slope * dout there."),
            (np.where(x > 0, dout, slope), "for x <= 0, multiply the slope by the upstream gradient dout."),
            (np.where(x > 0, 1, slope), "those are the local derivatives: multiply them by dout."),
        ]
        hint = _layer_problem(
            lambda s=slope: layer_class(slope=s), x, dout,
            np.where(x > 0, x, slope * x), np.where(x > 0, dout, slope * dout),
            wrong_out=[(np.maximum(x, 0), "forward is a plain ReLU: for x <= 0 the output is "
                        "slope * x, not 0.")],
            wrong_dx=wrong_dx, check_at=_away_from_kinks([0.0]))
        if hint:
            return _not_yet(f"(slope = {slope}) {hint}")
    return _right("the gradient is dout where x > 0 and slope * dout elsewhere: never "
                  "fully blocked.")


def check_05_relu6(layer_class):
    """Exercise 5.3: ``Relu6``: y = min(max(x, 0), 6); gradient passes only where 0 < x < 6."""
    x = np.array([[-1.0, 0.0, 0.5], [3.0, 6.0, 7.5]])       # includes both kinks exactly
    dout = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    inside = (x > 0) & (x < 6)
    wrong_dx = [
        (np.where(x > 0, dout, 0), "above 6 the output is flat, so the gradient is blocked there too."),
        (np.where((x >= 0) & (x <= 6), dout, 0),
         "at exactly 0 and 6 use the gradient 0: the mask for passing is 0 < x < 6."),
        (inside * 1.0, "multiply the mask by the upstream gradient dout."),
    ]
    hint = _layer_problem(layer_class, x, dout, np.clip(x, 0, 6), np.where(inside, dout, 0),
                          wrong_out=[(np.maximum(x, 0), "forward does not clip: values above 6 "
                                      "must become 6.")],
                          wrong_dx=wrong_dx, check_at=_away_from_kinks([0.0, 6.0]))
    if hint:
        return _not_yet(hint)
    return _right("the gradient passes only where 0 < x < 6: two walls instead of one.")


# --- chapter 06: sigmoid ---

_SIGMOID_X = [[-2.0, 0.0], [0.5, 3.0]]
_SIGMOID_DOUT = [[1.0, -2.0], [0.5, 3.0]]


def check_06_sigmoid_backward(layer_class):
    """Exercise 6.1: the sigmoid's backward, dout * y * (1 - y), from the stored output only."""
    x, dout = np.array(_SIGMOID_X), np.array(_SIGMOID_DOUT)
    y = _sigmoid(x)
    wrong_dx = [
        (dout * y, "the factor (1 - y) is missing: the local derivative is y * (1 - y)."),
        (dout * (1 - y), "the factor y is missing: the local derivative is y * (1 - y)."),
        (y * (1 - y), "that is the local derivative alone: multiply it by the upstream gradient dout."),
        (-dout * y * (1 - y), "the sign is off: the two minus signs (from '/' and from x(-1)) cancel."),
        (dout * y * y, "y**2 alone is step 1 only: with exp(-x) it becomes y * (1 - y)."),
    ]
    hint = _layer_problem(layer_class, x, dout, y, dout * y * (1 - y), wrong_dx=wrong_dx,
                          check_at=np.random.default_rng(0).normal(0, 2, (3, 4)))
    if hint:
        return _not_yet(hint)
    return _right("dx = dout * y * (1 - y): the backward pass needs only the output y.")


def check_06_tanh(layer_class):
    """Exercise 6.2: ``Tanh`` with backward dout * (1 - y**2)."""
    x, dout = np.array(_SIGMOID_X), np.array(_SIGMOID_DOUT)
    y = np.tanh(x)
    wrong_dx = [
        (dout * y * (1 - y), "that is the sigmoid's derivative; for tanh it is 1 - y**2."),
        (dout * (1 - y), "square the output: the local derivative is 1 - y**2."),
        (1 - y ** 2, "that is the local derivative alone: multiply it by dout."),
    ]
    hint = _layer_problem(layer_class, x, dout, y, dout * (1 - y ** 2), wrong_dx=wrong_dx,
                          check_at=np.random.default_rng(0).normal(0, 1.5, (3, 4)))
    if hint:
        return _not_yet(hint)
    return _right("dx = dout * (1 - y**2): like the sigmoid, tanh needs only its output.")


def check_06_sigmoid_steps(sigmoid_by_steps):
    """Exercise 6.3: ``sigmoid_by_steps(x, dout)`` -> (y, dx) through the four-node graph."""
    cases = [(-3.0, 1.0), (0.0, 1.0), (0.5, -2.5), (2.0, 0.75),
             (np.array([-1.0, 0.0, 2.0]), np.array([1.0, 2.0, -1.0]))]
    for x, dout in cases:
        result, error = _call(sigmoid_by_steps, x, dout)
        if error:
            return _not_yet(error)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            return _not_yet("return a pair: (y, dx).")
        y_got, dx = result
        y = _sigmoid(x)
        want = dout * y * (1 - y)
        shown = f"x = {np.asarray(x).tolist()}, dout = {np.asarray(dout).tolist()}"
        if y_got is None or dx is None:
            return _not_yet("return (y, dx), not None: the forward output and the gradient of x.")
        if not _close(y_got, y):
            return _not_yet(f"for {shown} the forward output y should be "
                            f"{np.round(y, 4).tolist()}: x -> *(-1) -> exp -> +1 -> 1/t.")
        if _close(dx, want):
            continue
        if _close(dx, -want):
            hint = ("the sign is off: the '/' node gives -y**2 and the x(-1) node gives -1; "
                    "both minus signs are needed.")
        elif np.all(np.asarray(dout) != 0) and _close(dx, want / dout):
            hint = "start the backward pass with the dout you were given, not with 1."
        else:
            hint = (f"for {shown}, dx should be {np.round(want, 4).tolist()}. Call backward in the "
                    "reverse order of forward ('/', +1, exp, x(-1)), each time passing on the "
                    "gradient the previous call returned.")
        return _not_yet(hint)
    return _right("four layers backward give exactly dout * y * (1 - y).")


# --- chapter 07: common mistakes ---
# Each check runs the learner's code on inputs chosen so that one classic mistake
# shows, and names that mistake in its hint.  Learner code runs with strict=True here:
# an overflow or a warning is itself one of the mistakes.

def check_07_relu_layer(layer_class):
    """A ReLU layer class: right values, right gradients, and nobody's arrays changed.

    Catches the two ReLU mistakes: a forward that returns the mask instead of the
    values, and a backward that writes zeros into the caller's ``dout``.
    """
    x = np.array([[1.0, -0.5], [-2.0, 3.0]])   # the book's example
    dout = np.array([[1.0, 2.0], [3.0, 4.0]])
    masks = [((x > 0) * 1.0, 1), ((x <= 0) * 1.0, 0)]   # (mask, its value at x = 3)
    wrong_out = [(mask, f"forward returned the mask, not the values: for x = 3 it gave {at_3} "
                        "instead of 3. Return x where x > 0 and 0 elsewhere.") for mask, at_3 in masks]
    rng = np.random.default_rng(0)
    check_at = rng.standard_normal((3, 4))
    check_at[np.abs(check_at) < 0.1] = 0.5   # keep away from the kink at 0, where no derivative exists
    hint = _layer_problem(layer_class, x, dout, [[1.0, 0.0], [0.0, 3.0]], [[1.0, 0.0], [0.0, 4.0]],
                          wrong_out=wrong_out,
                          wrong_dx=[(dout, "backward passed dout through everywhere: block it (0) "
                                           "where x <= 0.")],
                          check_at=check_at, strict=True)
    if hint:
        return _not_yet(hint)
    return _right("forward keeps the values, backward blocks the gradient where x <= 0, "
                  "no array given to it changes, and the gradient check passes.")


def check_07_fork_backward(grads):
    """``grads(x, y)`` -> (dL/dx, dL/dy) for L = x*y + x, where x forks into two nodes."""
    for x, y in [(3.0, 4.0), (-1.5, 2.0), (0.5, -3.0)]:
        got, hint = _answer(grads, x, y, what="your function", strict=True,
                            if_none="your function returns None: return the pair (dx, dy).",
                            pair="return two gradients: (dx, dy).")
        if hint:
            return _not_yet(hint)
        dx, dy = (_floats(g) for g in got)
        if dx is None or dy is None or dx.shape != () or dy.shape != ():
            return _not_yet("return two numbers: (dx, dy).")
        want_dx, want_dy = y + 1.0, x   # d(xy + x)/dx = y + 1, d(xy + x)/dy = x
        if _close(dx, want_dx, tol=1e-9) and _close(dy, want_dy, tol=1e-9):
            continue
        return _not_yet(_mistake(dx, [
            (y, "dx holds only the multiply node's share (y). x also feeds the add node, "
                "which sends back 1: add the two (+=), don't overwrite (=)."),
            (1.0, "dx holds only the add node's share (1): the multiply node's y was "
                  "overwritten. Where x forks, add the gradients (+=)."),
        ], f"at x={x}, y={y}: dL/dx = y + 1 = {want_dx:g}, dL/dy = x = {want_dy:g}.", tol=1e-9))
    slope = numerical_gradient(lambda v: v * 4.0 + v, 3.0)
    return _right(f"dx = y + 1, the sum of both branches; the numerical slope at "
                  f"x=3, y=4 agrees ({slope:.4f}).")


def check_07_sigmoid(sigmoid):
    """``sigmoid(x)`` for a float array: right everywhere, no overflow warning, full
    relative accuracy in the far tails."""
    x = np.array([-1000.0, -700.0, -40.0, -np.log(3.0), 0.0, np.log(3.0), 40.0, 1000.0])
    with np.errstate(under="ignore"):
        want = _sigmoid(x)
    got, error = _call(sigmoid, x.copy(), what="sigmoid", strict=True)
    if error:
        if "overflow" in error:
            error += (". exp must only ever see numbers <= 0. (np.where(...) evaluates both of its "
                      "branches for every element: compute e = np.exp(-np.abs(x)) once and build "
                      "both forms from e.)")
        return _not_yet(error)
    got = _floats(got)
    if got is None:
        return _not_yet("sigmoid returned None (or no numbers): return an array shaped like x.")
    if got.shape != x.shape:
        return _not_yet(f"for an array of shape {x.shape} return the same shape, not {got.shape}.")
    # sigma(+-ln 3) = 3/4 and 1/4, sigma(0) = 1/2 exactly; the tails compared relatively
    close = np.abs(got - want) <= 1e-12 * np.abs(want) + 1e-300
    if not close.all():
        i = int(np.argmin(close))
        hint = f"sigmoid({x[i]:.4g}) should be {want[i]:.6g}; you got {got[i]:.6g}."
        if x[i] < -10 and got[i] == 0:
            hint += " 1 + (a number close to -1) cancels to 0: use e**x / (1 + e**x) for x < 0."
        return _not_yet(hint)
    return _right("no overflow anywhere, sigmoid(-40) keeps its 4.2e-18, and "
                  "sigmoid(+-ln 3) = 0.75 and 0.25 exactly.")


def check_07_numerical_gradient(num_grad):
    """``num_grad(f, x)``: central differences that work for integer arrays too and leave x alone."""
    cases = [
        # (x, f, exact gradient): d/dx sum(x**2) = 2x; d/dx sum(x**3) = 3x**2
        (np.array([1, 2]), lambda v: np.sum(v ** 2), np.array([2.0, 4.0])),
        (np.array([[0.5, -1.0], [2.0, 3.0]]), lambda v: np.sum(v ** 3),
         np.array([[0.75, 3.0], [12.0, 27.0]])),
    ]
    for x, f, want in cases:
        got, error = _call(num_grad, f, x, what="your numerical gradient", strict=True,
                           keep={"x": x}, fix="work on a float copy.")
        if error:
            return _not_yet(error)
        got = _floats(got)
        if got is None:
            return _not_yet("your function returned None: return the gradient, shaped like x.")
        if _close(got, want):
            continue
        if np.issubdtype(x.dtype, np.integer):
            hint = (f"for the integer array {x.tolist()} the gradient of sum(x**2) is {want.tolist()}, "
                    f"you got {got.tolist()}: x + 1e-4 stored in an integer array rounds the step "
                    "away. Convert first: x = np.array(x, dtype=float).")
        else:
            hint = f"for x = {x.tolist()} and f = sum(x**3) expect {want.tolist()}, got {got.tolist()}."
        return _not_yet(hint)
    return _right("right on integer and float arrays, and x is left as it was.")


def _code_objects(code):
    """Every function body compiled from ``code``, by qualified name."""
    found, todo = {}, [code]
    while todo:
        for const in todo.pop().co_consts:
            if isinstance(const, types.CodeType):
                if const.co_flags & inspect.CO_OPTIMIZED:   # a function, not a class body
                    found[getattr(const, "co_qualname", const.co_name)] = const
                todo.append(const)
    return found


def _behaviour(code):
    """What a code object does, without where it came from: tools such as IPython's
    autoreload compile single functions, so line and column numbers may differ."""
    consts = tuple(_behaviour(c) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return (code.co_code, consts, code.co_names, code.co_varnames, code.co_freevars,
            code.co_cellvars, code.co_argcount, code.co_posonlyargcount,
            code.co_kwonlyargcount, code.co_flags)


def _functions_in_memory(module):
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
        return _not_yet("pass an imported module of your own, e.g. check_07_module_fresh(layers).")
    on_disk = _code_objects(compile(Path(path).read_text(encoding="utf-8"), path, "exec"))
    in_memory = _functions_in_memory(module)
    changed = [name for name, code in in_memory.items()
               if name in on_disk and _behaviour(on_disk[name]) != _behaviour(code)]
    new = [name for name in on_disk if "<" not in name and name not in in_memory]
    if changed or new:
        what = ", ".join(sorted(changed + new)[:4])
        verb = "differs" if len(changed + new) == 1 else "differ"
        return _not_yet(f"{module.__name__} is stale: {what} in memory {verb} from "
                        f"{Path(path).name} on disk. Run importlib.reload({module.__name__}), "
                        "restart the kernel, or use %autoreload 2.")
    return _right(f"{module.__name__} in memory matches {Path(path).name} on disk.")
