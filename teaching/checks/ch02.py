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
# (1 + h)**4 - (1 - h)**4 = 8h + 8h**3, so the central error is 4h**2;
# ((1 + h)**4 - 1) / h = 4 + 6h + 4h**2 + h**3, so the one-sided error is 6h + 4h**2 + h**3.
# At h = 1e-6 a formula is exact to ~1e-16 relative, while a difference quotient run in
# floats is off by ~1e-10 (rounding, divided by h): that tells a derivation from a measurement.
_STEPS = (0.5, 0.1, 0.01, 1e-6)
_WANT = {"central_error": lambda h: 4 * h ** 2,
         "one_sided_error": lambda h: 6 * h + 4 * h ** 2 + h ** 3}


def _near(got, want, tol):
    """Relative closeness, even for tiny ``want`` (errors at h = 1e-6 are 4e-12)."""
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
        if h < 1e-3:   # right at every larger step: a quotient computed in floats
            return (f"{name} is right for large h but off at h = {h:g}: it still computes "
                    "the difference quotient, which fails at tiny h (part (b) shows why). "
                    "Cancel the terms by hand until a short polynomial in h is left.")
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
    return ("central 4h**2, one-sided 6h + 4h**2 + h**3: in (1 + h)**4 - (1 - h)**4 the "
            "even powers of h cancel, so the central error has no term in h; the one-sided "
            "error keeps one.")


# the errors' ratio from h = 0.1 to h = 0.01: central 4h**2 gives exactly 100; one-sided
# (0.6 + 0.04 + 0.001) / (0.06 + 0.0004 + 0.000001) = 0.641 / 0.060401 = 10.61, "about 10"
# from its leading term 6h
_CENTRAL_RATIO = 100.0
_ONE_SIDED_RATIO = (9.9, 0.641 / 0.060401 + 0.01)


@check
def error_ratios(predicted):
    """Exercise 2.3 (a), predicted: how many times smaller each error gets from h = 0.1 to
    h = 0.01: the central 100, the one-sided about 10 (10.61 exactly)."""
    dict_answer(predicted, ("central", "one_sided"), "{'central': 1, 'one_sided': 1}",
                "the ratio you predict")
    for name in ("central", "one_sided"):
        got = floats(predicted[name])
        if got is None or got.shape != () or not np.isfinite(got):
            raise NotYet(f"{name}: give a number, the error at h = 0.1 divided by the error "
                         "at h = 0.01.")
        if float(got) <= 1:
            raise NotYet(f"{name}: the error at h = 0.1 divided by the error at h = 0.01 is "
                         "more than 1: the smaller step gives the smaller error.")
    if not close(predicted["central"], _CENTRAL_RATIO):
        raise NotYet("central: work out your central_error formula at h = 0.1 and at "
                     "h = 0.01, on paper, and divide.")
    low, high = _ONE_SIDED_RATIO
    if not low <= float(predicted["one_sided"]) <= high:
        raise NotYet("one_sided: work out your one_sided_error formula at h = 0.1 and at "
                     "h = 0.01 and divide; its largest term alone gives a close enough "
                     "estimate.")
    return ("central exactly 100 (it goes like h**2); one-sided about 10, 10.61 exactly (its "
            "leading term 6h goes like h). Each tenfold smaller step buys the central "
            "difference two more correct digits, the one-sided one only one.")


_POWERS = [10.0 ** -k for k in range(1, 13)]


@check
def best_step(func, best_h):
    """Exercise 2.3 (b): ``best_h``, the step among 1e-1 ... 1e-12 where the learner's own
    ``numerical_slope`` (``func``) of x**4 at x = 1 misses 4 least.  The truncation error
    4h**2 falls as h shrinks; rounding, about 1e-16 / h, grows: they meet between 1e-6 and 1e-5 (the
    cube root of 1e-16 / 8 is 2.3e-6); the measured minimum lies at 1e-5 or 1e-6."""
    if untouched(best_h):
        raise NotAttempted("set best_h to the step with the smallest error in your table.")
    errors = {}
    for h in _POWERS:
        with _by_hand():
            got = floats(call(func, lambda v: v ** 4, 1.0, h, what="numerical_slope"))
        if got is None or got.shape != () or not np.isfinite(got):
            raise NotYet("numerical_slope should return a number: get its check right first.")
        errors[h] = abs(float(got) - 4.0)
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
    return ("between h = 1e-6 and 1e-5 the truncation error 4h**2 meets the rounding "
            "error, about 1e-16 / h; below it rounding wins, and at h = 1e-12 the slope "
            "is off by about 1e-4. h = 1e-4 keeps both small for most functions.")


class _Recorder:
    """``f`` that remembers where it was called."""

    def __init__(self, f):
        self.f, self.calls = f, []

    def __call__(self, v):
        self.calls.append(float(v))
        return self.f(v)


@check
def numerical_slope(func):
    """Exercise 2.3 (b): ``numerical_slope(f, x, h)``, the central difference
    (f(x+h) - f(x-h)) / 2h, calling f exactly at x + h and x - h."""
    # (f as text, f, x, h, exact central difference): for x**3 it is 3x**2 + h**2,
    # for x**2 exactly 2x; h is large so that only the central formula gives these
    cases = [("x**3", lambda v: v ** 3, 2.0, 0.5, 12.25),
             ("x**2", lambda v: v ** 2, -1.5, 0.5, -3.0)]
    for name, f, x, h, want in cases:
        f_counted = _Recorder(f)
        with _by_hand():
            got = call(func, f_counted, x, h)
        if got is None:
            raise NotYet("numerical_slope returns None: return the difference quotient.")
        calls = sorted(f_counted.calls)
        steps = sorted({round(c - x, 12) for c in calls})
        if len(calls) == 2 and steps == [-h, h] and close(got, want, tol=1e-9):
            continue
        where = f"for f(x) = {name} at x = {x:g} with h = {h:g}"
        if 0.0 in steps:
            hint = "you evaluated f at x itself: that is the one-sided difference; use both " \
                   "sides, x + h and x - h."
        elif len(steps) == 2 and steps[0] == -steps[1] and steps[1] != h:
            hint = (f"f was called at x \u00b1 {steps[1]:g}, but h = {h:g} was given: use the "
                    "step h you are passed, not a number of your own.")
        elif len(calls) != 2 or steps != [-h, h]:
            hint = (f"call f exactly twice, at x + h and at x - h ({where} it was called at "
                    f"{', '.join(f'{c:g}' for c in calls) or 'no point'}).")
        else:
            hint = mistake(got, [(2 * want, "f(x + h) and f(x - h) are 2h apart: divide by "
                                            "2 * h.")],
                           f"{where} the answer is {want:.8g}, you got {got!r}.", tol=1e-9)
        raise NotYet(hint)
    return "your slope is the central difference: f at x + h and x - h, divided by 2h."
