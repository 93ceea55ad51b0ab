"""Checks for the exercises of chapter 02, the chain rule.

While a check runs the learner's code, ``layers.numerical_gradient`` is blocked: each
exercise asks for derivatives worked out (or a difference quotient written) by hand.
"""

import contextlib
import inspect

import numpy as np

import layers
from layers import AddLayer, numerical_gradient

from .core import (
    NotAttempted,
    NotYet,
    backward,
    call,
    check,
    close,
    dict_answer,
    floats,
    layer_answers,
    library_unused,
    method,
    mistake,
    shown,
    untouched,
)

_QUOTIENT_POINTS = [(3.0, 0.5), (-1.5, 2.5), (3.0, -1.5)]


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


def _products(func, x, y):
    """The learner's (dz_dx, dz_dy) at (x, y) as two floats, or ``NotYet``."""
    with _by_hand():
        got = call(func, x, y)
    if got is None:
        raise NotYet("your function returns None: return (dz_dx, dz_dy).")
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise NotYet("return the two chain-rule products as a tuple (dz_dx, dz_dy), each "
                     "already multiplied out, not the local derivatives one by one.")
    return tuple(_number(g, name, f"the product at x = {x:g}, y = {y:g}")
                 for g, name in zip(got, ("dz_dx", "dz_dy")))


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


# z = (x + y)**2 at x = 2, y = -0.5: t = 1.5, z = 2.25, 2t = 3.  z feeds L = (z - 3)**2, so
# the backward pass starts from dL/dz = 2(z - 3) = -1.5; the square node sends -1.5 * 3 and
# the add node passes it on times 1: x receives -4.5.
_UPSTREAM_T = 1.5
_TARGET = 3.0


@check
def upstream_dx(my_dx):
    """The chapter's prediction before the upstream slider moves: what x receives in
    z = (x + y)**2 at x = 2, y = -0.5 when z feeds L = (z - 3)**2:
    dL/dz * 2t * 1 = 2(2.25 - 3) * 3 = -4.5."""
    if untouched(my_dx):
        raise NotAttempted("set my_dx to the number you work out on paper.")
    got = _number(my_dx, "my_dx", "what x receives")
    t = _UPSTREAM_T
    z = t * t
    upstream = 2 * (z - _TARGET)
    if not close(got, upstream * 2 * t, tol=1e-9):
        raise NotYet(mistake(got, [
            (2 * t, "that is what x receives when the backward pass starts from 1; with L it "
                    "starts from dL/dz."),
            (upstream, "that is dL/dz, where the backward pass starts; the square node and "
                       "the add node still multiply it by their local derivatives."),
            (-upstream * 2 * t, "the sign: z is below the target, so what is the sign of "
                                "dL/dz?"),
            (2 * (t - _TARGET) * 2 * t, "the loss takes z, not t: work out z = t**2 first."),
            (2 * z * 2 * t, "the target 3 is subtracted before the squaring: differentiate "
                            "(z - 3)**2, not z**2."),
            (upstream / 2 * 2 * t, "a factor 2 is missing: the power rule brings one down in "
                                   "each of the two squarings."),
        ], "work out z at this point and the local derivative of (z - 3)**2 with respect to "
           "z; multiply that upstream by the square node's 2t (t = x + y), then by the add "
           "node's 1.", tol=1e-9))
    return ("-4.5: dL/dz = 2(z - 3) = -1.5 at z = 2.25, times 2t = 3, times 1. Now set the "
            "upstream slider to -1.5.")


# z = t**2, t = x * y: dz/dx = 2t * y = 2xy**2. At (1, 2): 4 * 2 = 8; at (1, -2): (-4) * (-2)
# = 8. Forgetting dt/dx draws slope 2t instead of 2t * y; they are equal where
# 2t(y - 1) = 0: on the line y = 1, and where t = xy = 0 (x = 0 or y = 0), both slopes 0.
_SLOPE_POINTS = {"at (1, 2)": (1.0, 2.0), "at (1, -2)": (1.0, -2.0)}
_HARMLESS = [(-1.5, 1.0), (0.7, 1.0), (0.0, -2.0), (0.0, 0.5), (2.5, 0.0), (-1.0, 0.0)]
_HARMFUL = [(1.0, 2.0), (1.0, -2.0), (-1.5, 0.5), (2.0, -1.0), (0.5, 3.0), (-0.3, 1.5)]


@check
def chain_slopes(predicted, harmless):
    """The chapter's prediction before the chain-rule explorer: dz/dx = 2t * y at (1, 2) and
    (1, -2), both 8; and ``harmless(x, y)``, True exactly where forgetting dt/dx does no
    harm: 2t = 2t * y, so y = 1, or t = 0 (x = 0 or y = 0)."""
    dict_answer(predicted, tuple(_SLOPE_POINTS), "{'at (1, 2)': 5, 'at (1, -2)': 5}",
                "your prediction")
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
    for points, want in ((_HARMLESS, True), (_HARMFUL, False)):
        for x, y in points:
            got = call(harmless, x, y, what=f"harmless({x:g}, {y:g})")
            if not isinstance(got, (bool, np.bool_)):
                raise NotYet(f"harmless({x:g}, {y:g}) should return True or False, "
                             f"got {shown(got)}.")
            if bool(got) != want:
                differ = "agree" if want else "differ"
                raise NotYet(f"harmless({x:g}, {y:g}) returns {bool(got)}, but there the "
                             f"slopes with and without dt/dx {differ}: work out 2t and "
                             "2t * y at that point (t = xy).")
    return ("8 at both points: dz/dx = 2t (dz/dt) * y (dt/dx), and at (1, -2) both factors "
            "are negative, so their product is not; harmless agrees with the two slopes at "
            "every point tried. Now try your points in the explorer.")


# z = 1 / (x + y) through AddLayer, then ReciprocalLayer: the local derivative of u = 1/t is
# -1/t**2 = -u**2, so dz/dx = -u**2 * 1.  At x = 1, y = 3: t = 4, u = 0.25, so -0.0625
# (u is 0.25, -1/t -0.25, -2/t**3 -0.03125: all different).
# The layer alone at x = 2 with dout = 3: forward 0.5, backward 3 * -(0.5**2) = -0.75.
_RECIPROCAL_POINTS = [(2.0, -0.5), (-1.5, 0.5), (0.5, -2.0), (1.2, 0.7)]


@check
def reciprocal_layer(layer_class, by_hand):
    """Exercise 2.1: ``layer_class``, the node u = 1/x with backward(dout) = dout * (-u**2),
    alone and chained after ``AddLayer`` (z = 1/(x + y)) against numerical slopes at
    several points; ``by_hand`` is dz/dx at x = 1, y = 3: -(1/4)**2 = -0.0625."""
    if inspect.isclass(layer_class) and issubclass(layer_class, layers.ReciprocalLayer):
        raise NotYet("that class is (or inherits from) layers.ReciprocalLayer: write "
                     "ReciprocalLayer yourself.")
    x, dout = 2.0, 3.0
    u = 1 / x
    with _by_hand(), library_unused("your ReciprocalLayer runs {name}: write forward and "
                                    "backward yourself, one line each."):
        layer_answers(layer_class, (x,), dout, u, -dout * u * u, names=("x",),
                      wrong_out=[(-u * u, "forward returns the local derivative; it "
                                          "should return 1/x.")],
                      wrong_back=[(-u * u, "backward leaves out dout: multiply the local "
                                           "derivative by the upstream gradient."),
                                  (dout * u * u, "the sign: a larger x makes 1/x smaller."),
                                  (dout * u, "that is dout times the output u; the local "
                                             "derivative of 1/x is not u."),
                                  (-dout * u, "write 1/x as x**-1 and apply the power "
                                              "rule: both the factor and the power change.")])
    for x, y in _RECIPROCAL_POINTS:
        add, node = AddLayer(), call(layer_class, what="creating the layer")
        with _by_hand():
            call(method(node, "forward"), add.forward(x, y), what="forward")
            (dt,) = backward(node, 1.0, 1)
        dx, dy = add.backward(float(dt))
        slope = numerical_gradient(lambda v: 1 / (v + y), x)
        if not (close(dx, slope, tol=1e-6) and close(dy, slope, tol=1e-6)):
            raise NotYet(f"after AddLayer at x = {x:g}, y = {y:g}, x receives {shown(dx)}, "
                         f"but the numerical slope is {shown(slope)}: does backward use "
                         "what its own forward kept?")
    if untouched(by_hand):
        raise NotAttempted("your ReciprocalLayer is right; now set by_hand to the number you "
                           "worked out on paper for x = 1, y = 3.")
    if not close(by_hand, -0.0625):
        raise NotYet(mistake(by_hand, [
            (0.25, "that is u = 1/t itself; you want what x receives."),
            (0.0625, "the sign: a larger x makes 1/(x + y) smaller."),
            (-0.25, "write 1/t as t**-1 and apply the power rule: both the factor and the "
                    "power change."),
        ], "by_hand is not 1 times the reciprocal's local derivative times the add node's 1, "
           "at x = 1, y = 3 (there t = 4)."))
    return ("backward is dout * (-u**2), from the output forward kept, right alone and after "
            "AddLayer at every point; at x = 1, y = 3, x receives 1 * -(1/4)**2 * 1 = -0.0625, "
            "as you worked out. A node may keep its output instead of its input when its "
            "local derivative is easier to write that way.")


def _quotient_wrongs(x, y):
    """The typical wrong (dz_dx, dz_dy) at (x, y), each with its hint; t = x / y.  At the
    points of _QUOTIENT_POINTS no two of them are equal (tests check it)."""
    t = x / y
    product = "is what a product x * y would give; t here is x / y."
    return ([(2 * t * y, f"dz_dx {product}"),
             (1 / y, "dz_dx is dt/dx alone: multiply it by dz/dt."),
             (2 * t, "dz_dx is dz/dt alone: multiply it by dt/dx."),
             (t * t / y, "dz_dx uses z itself where it needs dz/dt, how fast z = t**2 "
                         "changes with t.")],
            [(2 * t * x / y ** 2, "dz_dy has the wrong sign: a larger y makes x / y smaller."),
             (2 * t * x, f"dz_dy {product}"),
             (-2 * t / y ** 2, "dz_dy uses the derivative of 1 / y alone; t = x * y**-1 has "
                               "the factor x too."),
             (-x / y ** 2, "dz_dy is dt/dy alone: multiply it by dz/dt."),
             (2 * t, "dz_dy is dz/dt alone: multiply it by dt/dy.")])


@check
def quotient_chain(func):
    """Exercise 2.2: ``quotient_chain(x, y)`` -> (dz/dx, dz/dy) for z = t**2, t = x / y,
    each the learner's own product of local derivatives: 2t * 1/y and 2t * (-x/y**2).  The
    check only compares them with numerical slopes (and names typical slips)."""
    if untouched(func):
        raise NotAttempted("write quotient_chain(x, y) returning (dz_dx, dz_dy).")
    for x, y in _QUOTIENT_POINTS:
        got = _products(func, x, y)
        want = (numerical_gradient(lambda v: (v / y) ** 2, x),
                numerical_gradient(lambda v: (x / v) ** 2, y))
        for g, w, name, typical in zip(got, want, ("dz_dx", "dz_dy"), _quotient_wrongs(x, y)):
            if not close(g, w, tol=1e-5):
                raise NotYet(mistake(g, typical, f"{name} differs from the numerical slope at "
                                     f"x = {x:g}, y = {y:g} (t = {x / y:g}): multiply the "
                                     "two local derivatives of its chain.", tol=1e-9))
    return ("dz/dx = 2t * (1/y) and dz/dy = 2t * (-x/y**2), sign included: equal to the "
            "numerical slopes at every point tried.")


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
    return ("that is not where the truncation error (your central_error) equals the "
            "rounding error 1e-16 / h: set the two equal and solve for h on paper.")


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
            "2.9e-6. Above that step truncation error dominates, below it rounding error does. "
            "Next: the error at the tiniest step.")


# At h = 1e-12 the rounding error 1e-16 / h is about 1e-4 (measured: 1.3e-4); the truncation
# error 4h**2 = 4e-24 is nothing beside it.  Any estimate within a factor 3 of 1e-4 is right.
_ROUNDING_AT_1E12 = (3e-5, 3e-4)


@check
def rounding_at_tiny_step(my_rounding):
    """Exercise 2.3 (b), predicted before the table: the central difference's error at
    h = 1e-12, about 1e-16 / h = 1e-4 (rounding; 4h**2 = 4e-24 plays no part)."""
    if untouched(my_rounding):
        raise NotAttempted("set my_rounding to the error you work out on paper.")
    got = floats(my_rounding)
    if got is None or got.shape != () or not np.isfinite(got) or float(got) <= 0:
        raise NotYet("give the error as a positive number, such as 0.5.")
    got = float(got)
    low, high = _ROUNDING_AT_1E12
    if low <= got <= high:
        return (f"{got:.2g}: 1e-16 / 1e-12 = 1e-4, while the truncation error 4h**2 is "
                "4e-24. The smallest step is far from the best one; now measure.")
    if 3e-29 <= got <= 3e-28:
        raise NotYet("the rounding error is 1e-16 / h: divide, do not multiply.")
    if got < 1e-20:
        raise NotYet("that is the truncation error (or smaller); at so tiny a step the "
                     "other error, rounding's 1e-16 / h, is the larger one.")
    raise NotYet("work out 1e-16 / h at h = 1e-12 on paper.")


_POWERS = [10.0 ** -k for k in range(1, 13)]
# A learner's error may differ from the check's by how x**4 is rounded (a few per cent for
# v * v * v * v at 1e-5), never by the factor of 8 between neighbouring steps near the minimum.
_TABLE_TOLERANCE = 0.05


def _quartic(v):
    return v ** 4


def _table(errors):
    """The learner's ``errors`` as {step in _POWERS: error}, or ``NotYet`` saying how it
    differs from the check's own table (equal within _TABLE_TOLERANCE, relative)."""
    if not isinstance(errors, dict):
        raise NotYet("errors should be a dict {h: error}, one entry per step h.")
    if all(isinstance(k, int) for k in errors):
        raise NotYet("use the step h itself as the key (0.1, 0.01, ...), not its exponent.")
    table = {}
    for h in _POWERS:
        key = next((k for k in errors if floats(k) is not None and floats(k).shape == ()
                    and _near(k, h, 1e-9)), None)
        if key is None:
            raise NotYet(f"errors has no entry for h = {h:g}: fill it for every step from "
                         "1e-1 to 1e-12.")
        got = _number(errors[key], f"errors[{h:g}]", "the error at that step")
        want = abs(numerical_gradient(_quartic, 1.0, h) - 4.0)
        if abs(got - want) > _TABLE_TOLERANCE * want:
            one_sided = abs((_quartic(1.0 + h) - _quartic(1.0)) / h - 4.0)
            if got < 0:
                why = "is negative: an error here is a size, abs(estimate - 4)."
            elif abs(got - 4.0) < 0.5:
                why = "is about the slope itself: subtract the true slope 4 from the estimate."
            elif _near(got, one_sided, 1e-6):
                why = ("is the one-sided difference's error; use layers.numerical_gradient, "
                       "the central one.")
            else:
                why = "is not abs(layers.numerical_gradient(quartic, 1.0, h) - 4)."
            raise NotYet(f"errors[{h:g}] {why}")
        table[h] = got
    return table


@check
def best_step(errors, best_h, predicted_best):
    """Exercise 2.3 (b): ``errors``, the learner's table {h: |numerical_gradient of x**4 at
    x = 1 with step h - 4|} for h = 1e-1 ... 1e-12, compared with the check's own; then
    ``best_h``, the step with the smallest error in that table, and the crossover
    ``predicted_best`` worked out before (see ``crossover``).  Rounding decides which power
    of ten next to the crossover 2.9e-6 wins (1e-6 here: 5e-11 against 4e-10 at 1e-5; another
    machine's pow may round differently), so best_h is right wherever the learner's table,
    equal to the check's own, is smallest: 1e-5 and 1e-6 alike."""
    if untouched(errors) or (isinstance(errors, dict)
                             and all(untouched(e) for e in errors.values())):
        raise NotAttempted("fill errors with the error at each step h, then set best_h.")
    table = _table(errors)
    if untouched(best_h):
        raise NotAttempted("your errors table is right; now set best_h to the step with the "
                           "smallest error in it.")
    got = floats(best_h)
    if got is None or got.shape != () or not any(_near(got, p, 1e-9) for p in _POWERS):
        raise NotYet("set best_h to one of the steps you tried: 1e-1, 1e-2, ..., 1e-12.")
    got = float(got)
    smallest = min(table, key=table.get)
    if not _near(got, smallest, 1e-9):
        raise NotYet("best_h is not the step with the smallest error in your table: look "
                     "again where the errors stop falling.")
    if untouched(predicted_best):
        raise NotAttempted("best_h is right; now set predicted_best, the step you work out "
                           "on paper (the check above it).")
    if _crossover_hint(predicted_best):
        raise NotYet("best_h is right, but predicted_best is not yet: run its check above.")
    return (f"your table bottoms out at {got:g}, a power of ten next to the step "
            f"{float(predicted_best):.2g} you predicted, where rounding and truncation error "
            f"are equal. Below it rounding error wins: at h = 1e-12 the slope is off by "
            f"{table[1e-12]:.0e}. layers.numerical_gradient keeps h = 1e-4, above the best step "
            "as a margin (rounding grows with the size of the values); even there it is off "
            f"by only {table[1e-4]:.0e}, against {abs(1.0 ** 3 - 4):g} for the wrong derivative "
            "x**3 (the factor 4 dropped).")
