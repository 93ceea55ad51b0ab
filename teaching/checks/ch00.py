"""The warm-up check of chapter 00, start here: a derivative worked out by hand.

The learner writes ``slope(x)``, the derivative of f(x) = x**3 - 3x.  By the power rule
it is 3x**2 - 3; evaluated in float64, any way of writing that formula is exact to a few
1e-15 (relative), so the check allows 1e-12.  A numerical slope cannot get that close:
the central difference of a cubic with step h is off by h**2 (the truncation error), plus
about 1e-16 |f(x)| / h from rounding, and the sum is at least about 1e-11 whatever h is.
So a numerical slope is told apart from a formula, and the hint says why.
"""

import numpy as np

from .core import NotYet, answer, check, close, floats, mistake

POINTS = (-2.0, -1.3, -0.5, 0.0, 0.7, 1.6, 2.9)
TOLERANCE = 1e-12
NUMERICAL = 1e-3   # a numerical slope with any sensible step is closer than this


def f(x):
    """The warm-up's function, f(x) = x**3 - 3x (numbers or arrays)."""
    return x ** 3 - 3 * x


@check
def warm_up(func):
    """The learner's ``slope``: must be f'(x) at every point of POINTS, to 1e-12."""
    got = []
    for x in POINTS:
        y = floats(answer(func, x, what="slope", if_none=f"slope({x:g}) returns None: "
                          "return the slope as a number."))
        if y is None or y.shape != () or not np.isfinite(y):
            raise NotYet(f"slope({x:g}) should return one finite number.")
        got.append(float(y))
    got, xs = np.array(got), np.array(POINTS)
    want = 3 * xs ** 2 - 3
    if close(got, want, TOLERANCE):
        return (f"slope(x) is the derivative at all {len(POINTS)} points from x = -2 to 2.9. "
                "Now run the next cell and move the slider.")
    error = float(np.max(np.abs(got - want) / np.maximum(1.0, np.abs(want))))
    if error < NUMERICAL:
        raise NotYet(f"your slopes are within {error:.0e} of the exact ones: close, as a "
                     "numerical slope is, but a formula worked out by hand is exact to about "
                     "1e-15 in float64 (the check allows 1e-12). Find the formula.")
    i = int(np.argmax(~np.isclose(got, want, rtol=TOLERANCE, atol=TOLERANCE)))
    x, h = POINTS[i], 1e-3
    rise = f(x + h) - f(x - h)
    measured = (f"at x = {x:g} your slope is {got[i]:.6g}, but f changes by {rise:.6f} between "
                f"x = {x - h:g} and {x + h:g}, a slope of about {rise / (2 * h):.3f}.")
    raise NotYet(mistake(got, [
        (f(xs), f"slope returns f(x) itself; {measured}"),
        (-want, f"the sign is flipped: {measured}"),
    ], f"{measured} Take each term of f on its own, then add their slopes.", TOLERANCE))
