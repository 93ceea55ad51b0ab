"""Checks for the exercises of chapter 02, the chain rule.

While a check runs the learner's code, ``layers.numerical_gradient`` is blocked: each
exercise asks for derivatives worked out (or a difference quotient written) by hand.
"""

import contextlib

import numpy as np

import layers
from layers import numerical_gradient

from .core import NotAttempted, NotYet, call, check, close, floats, mistake, untouched

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


# f(x) = x**3 at x = 2 with h = 0.1; error = estimate - 3x**2.
# (x + h)**3 - (x - h)**3 = 6x**2 h + 2h**3, so the central error is h**2 = 0.01;
# ((x + h)**3 - x**3) / h = 3x**2 + 3xh + h**2, so the one-sided error is 3xh + h**2 = 0.61.
_X, _H = 2.0, 0.1
_CENTRAL_ERROR = _H ** 2
_ONE_SIDED_ERROR = 3 * _X * _H + _H ** 2


@check
def slope_errors(central_error, one_sided_error):
    """Exercise 2.3 (a): the predicted errors of the central (h**2 = 0.01) and the one-sided
    (3xh + h**2 = 0.61, about 3xh = 0.6) difference of x**3 at x = 2, h = 0.1.
    "About" is accepted: within 5 %; the sign is not asked for."""
    if untouched(central_error) or untouched(one_sided_error):
        raise NotAttempted("set central_error and one_sided_error to your two predictions.")
    numbers = [floats(v) for v in (central_error, one_sided_error)]
    if any(n is None or n.shape != () or not np.isfinite(n) for n in numbers):
        raise NotYet("set both predictions to numbers, such as 0.5.")
    got = tuple(abs(float(n)) for n in numbers)
    near = [abs(g - w) <= 0.05 * w for g, w in zip(got, (_CENTRAL_ERROR, _ONE_SIDED_ERROR))]
    if all(near):
        return (f"central error h**2 = {_CENTRAL_ERROR:.2g}, one-sided 3xh + h**2 = "
                f"{_ONE_SIDED_ERROR:.2g}: sixty times larger, and it shrinks only like h.")
    if close(got, (_ONE_SIDED_ERROR, _CENTRAL_ERROR), tol=0.05):
        raise NotYet("your two predictions are swapped: which difference cancels more?")
    expand = "expand (x + h)**3 = x**3 + 3x**2 h + 3x h**2 + h**3 (and the same for x - h)"
    if not near[0]:
        raise NotYet(mistake(got[0], [(0.0, "the central error is not 0: after dividing by "
                                            "2h one term in h survives; " + expand + ".")],
                             f"central_error: {expand}, subtract, divide by 2h, subtract 12."))
    raise NotYet(f"one_sided_error: {expand}, subtract x**3, divide by h, subtract 12; "
                 "for small h the term linear in h dominates.")


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
