"""The checks of chapter 00, start here: a derivative worked out by hand, and what its
flat points are.

The learner writes ``slope(x)``, the derivative of f(x) = x**3 - 3x.  By the power rule
it is 3x**2 - 3; evaluated in float64, any way of writing that formula is exact to a few
1e-15 (relative), so the check allows 1e-12.  The numerical slopes a learner reaches for
first are farther off: a central difference is off by h**2 plus about 1e-16 |f(x)| / h
from rounding (at least about 1e-11 whatever h is), a forward difference by about 3x h.
Those get a hint that asks for the formula.  The check cannot tell every numerical
method from a formula: a five-point stencil or the complex step is exact for a cubic up to
rounding and passes, and a learner who writes one has done more than the exercise asks.
"""

import numpy as np

from .core import NotYet, answer, check, close, dict_answer, floats, mistake

POINTS = (-2.0, -1.3, -0.5, 0.0, 0.7, 1.6, 2.9)
TOLERANCE = 1e-12
# a forward difference with h = 1e-3 is off by up to 2e-3 (relative, at x = -1.3), a
# central one with h = 0.1 by 7e-3 (at x = 0.7): slopes this close get the numerical-slope hint
NUMERICAL = 1e-2


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


# what a flat point can be, with the words a learner may use for each
KINDS = {"valley": ("valley", "bottom", "valley bottom", "minimum", "min"),
         "hilltop": ("hilltop", "hill", "top", "hill top", "peak", "maximum", "max"),
         "neither": ("neither", "none")}
WORDS = "'valley', 'hilltop' or 'neither'"


def kind(word):
    """The kind a learner's word names ('valley', 'hilltop', 'neither'), or None."""
    if not isinstance(word, str):
        return None
    said = " ".join(word.lower().replace("-", " ").replace("_", " ").split())
    return next((name for name, words in KINDS.items() if said in words), None)


@check
def flat_points(findings):
    """What the two flat points of f are.  f'(x) = 3x**2 - 3 is zero at x = -1 and x = 1;
    f''(x) = 6x is -6 at x = -1 (a hilltop, f = 2) and 6 at x = 1 (a valley, f = -2)."""
    dict_answer(findings, ("left", "right"), "{'left': '...', 'right': '...'}", WORDS)
    want = {"left": "hilltop", "right": "valley"}
    for side in ("left", "right"):
        said = kind(findings[side])
        if said is None:
            raise NotYet(f"{side}: answer with one of the words {WORDS}.")
        if said != want[side]:
            raise NotYet(f"{side}: put the point a little to each side of that flat point and "
                         "read f in the readout. At a valley's bottom f is higher on both sides, "
                         "at a hilltop lower on both sides, at neither higher on one side and "
                         "lower on the other.")
    return ("at x = -1 (f = 2) the flat point is a hilltop, at x = 1 (f = -2) a valley: a "
            "zero slope alone does not tell the two apart.")
