"""Checks for the exercises of chapter 02, the chain rule.

While a check runs the learner's code, ``layers.numerical_gradient`` is blocked: each
exercise asks for derivatives worked out (or a difference quotient written) by hand.
"""

import contextlib

import numpy as np

import layers
from layers import numerical_gradient

from .core import (
    NotAttempted,
    NotYet,
    call,
    check,
    close,
    dict_answer,
    floats,
    mistake,
    shown,
    untouched,
)

# no x in {0, 0.5, 1}: there 2x or x**2 equals 1 or x, and a typical mistake would pass
_THREE_LINK_POINTS = [(2.0, -1.0), (-1.5, 0.5), (-0.5, -2.0), (3.0, 1.0)]
_QUOTIENT_POINTS = [(1.0, 2.0), (3.0, 0.5), (-1.0, 4.0), (0.5, -2.0)]


@contextlib.contextmanager
def _by_hand():
    """Make ``layers.numerical_gradient`` refuse while the learner's code runs."""
    def refuse(*args, **kwargs):
        raise NotYet("your code called layers.numerical_gradient: this exercise asks for the "
                     "derivatives worked out by hand (the check compares them with it).")
    saved = layers.numerical_gradient
    layers.numerical_gradient = refuse
    try:
        yield
    finally:
        layers.numerical_gradient = saved


def _factors(func, x, y, names):
    """The learner's tuple of local derivatives at (x, y), one per name in ``names``."""
    with _by_hand():
        got = call(func, x, y)
    if got is None:
        raise NotYet(f"your function returns None: return ({', '.join(names)}).")
    if not isinstance(got, (tuple, list)) or len(got) != len(names):
        raise NotYet(f"return the {len(names)} local derivatives as a tuple "
                     f"({', '.join(names)}), each on its own, not their product.")
    return got


def _first_wrong(got, want, hints, where):
    """Raise NotYet for the first factor of ``got`` that differs from ``want``."""
    for name, g, w in zip(hints, got, want):
        if not close(g, w):
            typical, otherwise = hints[name]
            raise NotYet(f"{name} " + mistake(g, typical, f"{otherwise} ({where})."))


def _number(value, name, what):
    """``value`` as a float, or ``NotYet`` saying that ``name`` should be a number."""
    got = floats(value)
    if got is None or got.shape != () or not np.isfinite(got):
        raise NotYet(f"{name}: give a number, {what}.")
    return float(got)


# z = t**2 at t = 3: the tangent predicts 6h, the true change is (3 + h)**2 - 9 = 6h + h**2,
# so the tangent misses by h**2: 0.01 at h = 0.1, 0.0001 at h = 0.01
_MISS_STEPS = {"h = 0.1": 0.1, "h = 0.01": 0.01}


@check
def tangent_miss(predicted):
    """The chapter's prediction before the tangent table: the miss (true change - 6h) of
    z = t**2 at t = 3, at h = 0.1 and h = 0.01; h**2, i.e. 0.01 and 0.0001."""
    dict_answer(predicted, tuple(_MISS_STEPS), "{'h = 0.1': 0.5, 'h = 0.01': 0.5}",
                "the miss you work out on paper")
    for key, h in _MISS_STEPS.items():
        got = _number(predicted[key], key, "the true change minus 6h")
        if not close(got, h ** 2, tol=1e-9):
            raise NotYet(f"{key}: " + mistake(got, [
                (6 * h, "that is what the tangent predicts; the miss is the true change "
                        "minus it."),
                (6 * h + h ** 2, "that is the true change; subtract the tangent's 6h."),
                (-(h ** 2), "the sign: take the true change minus the tangent's 6h."),
                (h, "expand (3 + h)**2 and subtract 9 + 6h: what is left is not h."),
            ], "expand (3 + h)**2, subtract z = 9 and the tangent's 6h.", tol=1e-9))
    return ("the miss is h**2: 0.01, then 0.0001. A ten times smaller step makes it a hundred "
            "times smaller; the table below shows the same.")


# z = (x + y)**2 at x = 2, y = -0.5: t = 1.5, 2t = 3.  With dL/dz = -1 the square node
# sends -1 * 3 and the add node passes it on times 1: x receives -3.
_UPSTREAM_T = 1.5


@check
def upstream_dx(my_dx):
    """The chapter's prediction before the upstream slider moves: what x receives in
    z = (x + y)**2 at x = 2, y = -0.5 when dL/dz = -1: -1 * 2t * 1 = -3."""
    if untouched(my_dx):
        raise NotAttempted("set my_dx to the number you work out on paper.")
    got = _number(my_dx, "my_dx", "what x receives")
    t = _UPSTREAM_T
    if not close(got, -2 * t, tol=1e-9):
        raise NotYet(mistake(got, [
            (2 * t, "that is what x receives with upstream 1; the gradient fed in at the "
                    "right end has changed."),
            (-1.0, "that is the upstream gradient itself; the square node and the add node "
                   "still multiply it by their local derivatives."),
            (-t, "the square node's local derivative is 2t, not t."),
            (t, "the square node's local derivative is 2t, not t; and mind the upstream sign."),
        ], "multiply the upstream gradient by the square node's 2t (t = x + y here), then by "
           "the add node's 1.", tol=1e-9))
    return ("-3: the upstream -1 times 2t = 3 times 1. Every red number is the upstream "
            "gradient times the same local factors, so all of them flip sign.")


# z = t**2, t = x * y: dz/dx = 2t * y = 2xy**2. At (1, 2): 4 * 2 = 8; at (1, -2): (-4) * (-2)
# = 8. Forgetting dt/dx draws slope 2t instead of 2t * y: the same when y = 1 (or t = 0).
_SLOPE_POINTS = {"at (1, 2)": (1.0, 2.0), "at (1, -2)": (1.0, -2.0)}


@check
def chain_slopes(predicted):
    """The chapter's prediction before the chain-rule explorer: dz/dx = 2t * y at (1, 2) and
    (1, -2), both 8, and the y where forgetting dt/dx does no harm: 1."""
    dict_answer(predicted, (*_SLOPE_POINTS, "harmless y"),
                "{'at (1, 2)': 5, 'at (1, -2)': 5, 'harmless y': 5}", "your prediction")
    for key, (x, y) in _SLOPE_POINTS.items():
        got = _number(predicted[key], key, "the slope dz/dx")
        t = x * y
        if not close(got, 2 * t * y, tol=1e-9):
            raise NotYet(f"{key}: " + mistake(got, [
                (2 * t, f"{shown(2 * t)} is dz/dt alone (and z is {shown(t * t)}); multiply "
                        "by the second link dt/dx."),
                (-2 * t * y, "the sign: work out the sign of each factor, dz/dt = 2t with "
                             "t = xy, and dt/dx."),
                (t * t, "that is z itself; you want its slope along x."),
            ], f"multiply dz/dt = 2t by dt/dx, with t = xy = {shown(t)}.", tol=1e-9))
    got = _number(predicted["harmless y"], "harmless y", "a value of y")
    if not close(got, 1.0, tol=1e-9):
        raise NotYet("harmless y: forgetting draws the slope dz/dt instead of dz/dt * dt/dx. "
                     "For which y are the two equal when t is not 0?")
    return ("8 at both points: at (1, -2) both factors are negative, so their product is "
            "not. Forgetting dt/dx = y changes nothing only at y = 1. Now check both in the "
            "explorer.")


@check
def three_links(func, by_hand):
    """Exercise 2.1: ``three_links(x, y)`` -> (dz/dt, dt/ds, ds/dx) for z = t**2, t = s + y,
    s = x**2, i.e. (2t, 1, 2x); ``by_hand`` is their product at x = 1, y = 2: 6 * 1 * 2 = 12."""
    for x, y in _THREE_LINK_POINTS:
        got = _factors(func, x, y, ("dz_dt", "dt_ds", "ds_dx"))
        s, t = x ** 2, x ** 2 + y
        _first_wrong(got, (2 * t, 1.0, 2 * x), {
            "dz_dt": ([(t ** 2, "is z itself; you want how fast z = t**2 changes with t."),
                       (2 * (x + y), "uses t = x + y, but t is s + y with s = x**2."),
                       (4 * x * t, "is already the whole product dz/dx; return the links.")],
                      "is the local derivative of z = t**2, at t = s + y"),
            "dt_ds": ([], "is how much t = s + y moves per unit of s"),
            "ds_dx": ([(x, "for s = x**2 is not x: how fast does a square grow?")],
                      "is the local derivative of s = x**2 at x"),
        }, f"at x={x:g}, y={y:g}: s = {s:g}, t = {t:g}")
        product = got[0] * got[1] * got[2]
        if not close(product, numerical_gradient(lambda v: (v ** 2 + y) ** 2, x), tol=1e-5):
            raise NotYet("the product of your three factors differs from the numerical slope.")
    if untouched(by_hand):
        raise NotAttempted("your three_links is right; now set by_hand to the number you "
                           "worked out on paper for x = 1, y = 2.")
    if not close(by_hand, 12.0):
        raise NotYet(mistake(by_hand, [
            (6.0, "6 is dz/dt alone; multiply by dt/ds and ds/dx too."),
            (9.0, "9 is z itself; you want its slope."),
        ], "by_hand is not the product of the three local derivatives at x = 1, y = 2 "
           "(there s = 1 and t = 3)."))
    return ("dz/dx = 2t * 1 * 2x: each link right at every point, their product equals the "
            "numerical slope, and your hand value 12 at x = 1, y = 2.")


@check
def quotient_chain(func):
    """Exercise 2.2: ``quotient_chain(x, y)`` -> (dz/dt, dt/dx, dt/dy) for z = t**2,
    t = x / y: (2t, 1/y, -x/y**2); the products 2t/y and -2tx/y**2 are compared with
    numerical slopes."""
    if untouched(func):
        raise NotAttempted("write quotient_chain(x, y) returning (dz_dt, dt_dx, dt_dy).")
    for x, y in _QUOTIENT_POINTS:
        got = _factors(func, x, y, ("dz_dt", "dt_dx", "dt_dy"))
        t = x / y
        _first_wrong(got, (2 * t, 1 / y, -x / y ** 2), {
            "dz_dt": ([(t ** 2, "is z itself; you want how fast z = t**2 changes with t.")],
                      "is the local derivative of z = t**2 at t = x / y"),
            "dt_dx": ([(y, "is the local derivative of a product x * y; t here is x / y.")],
                      "is how much t = x / y moves per unit of x, y fixed"),
            "dt_dy": ([(x / y ** 2, "has the wrong sign: a larger y makes x / y smaller."),
                       (x, "is the local derivative of a product x * y; t here is x / y."),
                       (-1 / y ** 2, "is the derivative of 1 / y alone; t = x * y**-1 has "
                                     "the factor x too.")],
                      "is the derivative of x * y**-1 with respect to y, x fixed"),
        }, f"at x={x:g}, y={y:g}: t = {t:g}")
        dz_dx, dz_dy = got[0] * got[1], got[0] * got[2]
        if not (close(dz_dx, numerical_gradient(lambda v: (v / y) ** 2, x), tol=1e-5) and
                close(dz_dy, numerical_gradient(lambda v: (x / v) ** 2, y), tol=1e-5)):
            raise NotYet("the products of your factors differ from the numerical slopes.")
    return ("(2t, 1/y, -x/y**2), sign included; the chain rule makes them dz/dx = 2t/y and "
            "dz/dy = -2tx/y**2, equal to the numerical slopes.")


# f(x) = x**4 at x = 1, slope 4x**3 = 4; an error is estimate - 4, as a function of h.
# (1 + h)**4 - (1 - h)**4 = 8h + 8h**3, so the central error is 4h**2, order 2;
# ((1 + h)**4 - 1) / h = 4 + 6h + 4h**2 + h**3, so the one-sided error is 6h + 4h**2 + h**3,
# order 1 (its lowest power of h decides for small h).
# At h = 1e-12 a formula is exact to ~1e-16 relative, while one that still subtracts nearly
# equal numbers (a difference quotient, or a polynomial that ends in - 4) loses digits:
# (8h + 8h**3) / 2h - 4 at h = 1e-6, 4 + 6h + ... - 4 only at h = 1e-12.  Both are caught
# the same way.
_STEPS = (0.5, 0.1, 0.01, 1e-6, 1e-12)
_WANT = {"central_error": lambda h: 4 * h ** 2,
         "one_sided_error": lambda h: 6 * h + 4 * h ** 2 + h ** 3}


def _near(got, want, tol):
    """Relative closeness, even for tiny ``want`` (errors at h = 1e-12 are 4e-24)."""
    return abs(float(got) - want) <= tol * abs(want)


def _error_hint(name, func, want):
    """None if ``func(h)`` equals ``want(h)`` at every step in _STEPS, else the hint."""
    expand = "expand (1 \u00b1 h)**4 with the coefficients 1 4 6 4 1"
    for h in _STEPS:
        got = floats(call(func, h, what=name))
        if got is None or got.shape != () or not np.isfinite(got):
            return f"{name}(h) should return a number for a number h (at h = {h:g})."
        if _near(got, want(h), 1e-9):
            continue
        if _near(-got, want(h), 1e-9):
            return f"{name}: the sign; return the estimate minus the true slope 4."
        if h < 1e-3:   # right at every larger step: floats lose the digits of a subtraction
            return (f"{name} is right for large h but off at h = {h:g}: your formula still "
                    "subtracts nearly equal numbers, and floats lose the digits that "
                    "differ. Cancel on paper, the 4 too, until only terms in h are left.")
        if name == "central_error" and close(got, 0.0, tol=1e-12):
            return f"{name} is not 0: one term survives the cancelling; {expand}."
        return f"{name}({h:g}) is not the error of that difference: {expand}, subtract, " \
               "divide, then subtract 4."
    return None


@check
def slope_errors(central_error, one_sided_error):
    """Exercise 2.3 (a): the errors of the central and one-sided differences of x**4 at
    x = 1 as functions of h, 4h**2 and 6h + 4h**2 + h**3, tested at several h."""
    for name, func in (("central_error", central_error), ("one_sided_error", one_sided_error)):
        if untouched(func):
            raise NotAttempted(f"write {name}(h), the error as a formula in h.")
    errors = {"central_error": central_error, "one_sided_error": one_sided_error}
    hints = {name: _error_hint(name, func, _WANT[name]) for name, func in errors.items()}
    if hints["central_error"] and hints["one_sided_error"] and not (
            _error_hint("central_error", one_sided_error, _WANT["central_error"]) or
            _error_hint("one_sided_error", central_error, _WANT["one_sided_error"])):
        raise NotYet("your two formulas are swapped: which difference cancels more terms?")
    for hint in hints.values():
        if hint:
            raise NotYet(hint)
    return ("central 4h**2, one-sided 6h + 4h**2 + h**3. For small h the lowest power "
            "decides: the central error goes like h**2, the one-sided like h**1, so a ten times "
            "smaller step cuts the first a hundred times, the second only ten. In "
            "(1 + h)**4 - (1 - h)**4 the even powers of h cancel, so the central error keeps no "
            "term in h.")


# Rounding: f(1 +- h) ~ 1 are each stored with an error near 1e-16, and the quotient divides
# their difference by 2h: about 1e-16 / h.  It equals the truncation error 4h**2 where
# h**3 = 1e-16 / 4, h = 2.9e-6; the sum 4h**2 + 1e-16 / h is least at (1e-16 / 8)**(1/3) =
# 2.3e-6; with 2.2e-16 (the float spacing at 1) the crossing is 3.8e-6.  Any of these is a
# right derivation.
_CROSSOVER = (1.5e-6, 5e-6)


def _crossover_hint(predicted):
    """None if ``predicted`` solves 4h**2 = 1e-16 / h (within _CROSSOVER), else the hint."""
    got = floats(predicted)
    if got is None or got.shape != () or not np.isfinite(got) or float(got) <= 0:
        return "give the step h as a positive number, such as 0.5."
    got = float(got)
    low, high = _CROSSOVER
    if low <= got <= high:
        return None
    if 1e-9 <= got <= 1e-8:
        return ("the rounding error is 1e-16 / h, not 1e-16: multiply both sides of the "
                "equation by h before you solve for h.")
    if got < 1e-12:
        return "that looks like h**3 (or h**2): take the root to get h itself."
    if any(_near(got, 10.0 ** -k, 1e-9) for k in range(1, 13)):
        return ("solve the equation for h itself, on paper; a power of ten from a table "
                "is a measurement, not the prediction.")
    return ("that is not where your central_error equals 1e-16 / h: set the two equal and "
            "solve for h on paper.")


@check
def crossover(my_step):
    """Exercise 2.3 (b), predicted before the table: the step where the truncation error
    4h**2 equals the rounding error 1e-16 / h, h = (1e-16 / 4)**(1/3) = 2.9e-6 (2.3e-6, the
    minimum of their sum, and 3.8e-6, with 2.2e-16, are accepted too)."""
    if untouched(my_step):
        raise NotAttempted("set predicted_best to the step you work out on paper.")
    hint = _crossover_hint(my_step)
    if hint:
        raise NotYet(hint)
    return (f"{float(my_step):.2g}; 4h**2 and 1e-16 / h meet where h**3 = 1e-16 / 4, at "
            "2.9e-6. Above it truncation dominates, below it rounding does. Now measure.")


_POWERS = [10.0 ** -k for k in range(1, 13)]


@check
def best_step(best_h, predicted_best):
    """Exercise 2.3 (b): ``best_h``, the step among 1e-1 ... 1e-12 where
    ``layers.numerical_gradient`` of x**4 at x = 1 misses 4 least, compared with the
    crossover ``predicted_best`` worked out before (see ``crossover``).  The measured
    minimum lies at 1e-6 (or 1e-5: both are next to the crossover 2.9e-6)."""
    if untouched(best_h):
        raise NotAttempted("set best_h to the step with the smallest error in your table.")
    errors = {h: abs(numerical_gradient(lambda v: v ** 4, 1.0, h) - 4.0) for h in _POWERS}
    smallest = min(errors, key=errors.get)
    got = floats(best_h)
    if got is None or got.shape != () or not any(_near(got, p, 1e-9) for p in _POWERS):
        raise NotYet("set best_h to one of the steps you tried: 1e-1, 1e-2, ..., 1e-12.")
    if float(got) > smallest * 2:
        raise NotYet("a smaller step still helps there: the error 4h**2 keeps shrinking. "
                     "Look further down your table.")
    if float(got) < smallest / 2:
        raise NotYet("that step is too small: look where the errors in your table stop "
                     "shrinking and grow. What does 1e-16 / h come to there?")
    if untouched(predicted_best):
        raise NotAttempted("best_h is right; now set predicted_best, the step you work out "
                           "on paper (the check above it).")
    if _crossover_hint(predicted_best):
        raise NotYet("best_h is right, but predicted_best is not yet: run its check above.")
    return (f"your table bottoms out at {float(got):g}, a power of ten next to the "
            f"crossover {float(predicted_best):.2g} you predicted. Below it rounding wins: at "
            f"h = 1e-12 the slope is off by {errors[1e-12]:.0e}.")
