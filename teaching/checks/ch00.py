"""The checks of chapter 00, start here: a derivative worked out by hand, and where
gradient steps along it take x.

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

from teaching.tangent import FAST_RATE, LEARNING_RATE

from .core import (
    NotYet,
    answer,
    check,
    close,
    dict_answer,
    floats,
    mistake,
    shown,
)

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
                "Next: predict what steps along it do.")
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


# the prediction made before the explorer: where one step from -0.9 lands, where repeated
# steps take x from -0.9, whether each step from -1.1 is longer or shorter than the last,
# and g(x), what a step at the larger rate multiplies x - 1 by, as x approaches 1
FIRST_STEP = ("x after one step from -0.9", -0.9)
WHERE = ("from -0.9", -0.9)
LENGTH = ("each step from -1.1, than the one before", -1.1)
FACTOR = ("g(x) as x approaches 1, rate 0.4", 1.0)
LENGTHS = ("longer", "shorter")
PLACES = {"1": ("1", "to 1", "x = 1", "to x = 1"),
          "-1": ("-1", "to -1", "x = -1", "to x = -1"),
          "-inf": tuple(f"{way}{end}" for way in ("", "to ", "off to ", "runs off to ")
                        for end in ("-inf", "-infinity", "-\u221e"))}
PLACE_WORDS = "'to 1', 'to -1' or 'off to -inf'"
STEP_TOLERANCE = 1e-3   # three decimals are enough
FAR = 1e6               # past this, x has run off: every later step takes it farther


def words(said):
    """A learner's words, lower case, single-spaced, with a typed minus sign as '-'; else None."""
    if not isinstance(said, str):
        return None
    return " ".join(said.lower().replace("\u2212", "-").split())


def place(word):
    """The place a learner's word names ('1', '-1', '-inf'), or None; the numbers 1, -1
    and -inf count too."""
    if isinstance(word, (int, float)) and not isinstance(word, bool):
        return {1: "1", -1: "-1", -np.inf: "-inf"}.get(word)
    said = words(word)
    return next((name for name, names in PLACES.items() if said in names), None)


def step(x, rate=LEARNING_RATE):
    """One step of the rule: x - rate * f'(x), f'(x) = 3x**2 - 3."""
    return float(x - rate * (3 * x ** 2 - 3))


def factor(x, rate=FAST_RATE):
    """g(x), what a step at ``rate`` multiplies x - 1 by: f'(x) = 3 (x - 1)(x + 1), so
    step(x) - 1 = (x - 1)(1 - 3 rate (x + 1))."""
    return 1 - 3 * rate * (x + 1)


def where_steps_go(x, steps=500, rate=LEARNING_RATE):
    """Where x ends after at most ``steps`` steps: '1', '-1', '-inf', '+inf' (past FAR, it
    only runs farther), or None if it has not settled."""
    for _ in range(steps):
        x = step(x, rate)
        if abs(x) > FAR:
            return "-inf" if x < 0 else "+inf"
    return next((name for name, end in {"1": 1.0, "-1": -1.0}.items() if abs(x - end) < 1e-9),
                None)


def step_lengths(x, steps=4):
    """'longer' if each of the first ``steps`` steps from x is longer than the one before,
    'shorter' if each is shorter, else None."""
    xs = [x]
    for _ in range(steps + 1):
        xs.append(step(xs[-1]))
    lengths = np.abs(np.diff(xs))
    grows = np.diff(lengths)
    return "longer" if np.all(grows > 0) else "shorter" if np.all(grows < 0) else None


@check
def steps_from(predicted):
    """The prediction made before the explorer is shown: the x one step from -0.9 lands
    on, -0.9 - 0.1 * (3 * 0.81 - 3) = -0.9 + 0.057 = -0.843; where repeated steps take x
    from -0.9: f' < 0 all the way from -0.9 to 1, so x climbs to 1; whether each step
    from -1.1 is longer than the last: f'(-1.1) = 0.63 > 0 and f' grows leftwards, so x
    moves left and each step is longer (x runs off to -inf); and g(x), what a step at rate
    0.4 multiplies x - 1 by, as x nears 1: (x - 1) - 0.4 * 3 (x - 1)(x + 1) = (x - 1)(1 - 1.2
    (x + 1)), so g tends to -1.4.  The place and the length are judged
    together, with one hint whatever was said, so the hint names no answer; the numbers
    get hints for typical slips.  Only once all four are right does the praise say what
    -1.4 does next to 1; the explorer, shown then, shows it and what happens farther off."""
    key, x = FIRST_STEP
    (where, start), (length, length_start), (fast, at) = WHERE, LENGTH, FACTOR
    dict_answer(predicted, (key, where, length, fast),
                f"{{'{key}': 0.5, '{where}': 'to ...', '{length}': '...', '{fast}': 0.5}}",
                f"a number for the first and the last, one of {PLACE_WORDS} for the second, "
                "'longer' or 'shorter' for the third")
    for name in (key, fast):
        got = floats(predicted[name])
        if got is None or got.shape != () or not np.isfinite(got):
            raise NotYet(f"{name}: {shown(predicted[name])} is not a number.")
    got = floats(predicted[key])
    s = 3 * x ** 2 - 3
    if not close(got, step(x), STEP_TOLERANCE):
        raise NotYet(f"{key}: " + mistake(got, [
            (x + LEARNING_RATE * s, "x moved the way the slope points up; a step goes "
                                    "against the slope (mind the minus sign)."),
            (x - s, f"the whole slope was subtracted; a step subtracts {LEARNING_RATE:g} "
                    "times the slope."),
            (x + s, f"a step subtracts {LEARNING_RATE:g} times the slope from x."),
        ], f"work out slope({x:g}) with your formula, then x \u2212 {LEARNING_RATE:g} "
           "\u00b7 slope(x) (three decimals are enough).", STEP_TOLERANCE))
    said = place(predicted[where])
    if said is None:
        raise NotYet(f"{where}: {shown(predicted[where])} is not one of {PLACE_WORDS}.")
    told = words(predicted[length])
    if told not in LENGTHS:
        raise NotYet(f"{length}: {shown(predicted[length])} is not 'longer' or 'shorter'.")
    # one verdict and one hint for both, so neither can be found by trying its few values
    if said != where_steps_go(start) or told != step_lengths(length_start):
        raise NotYet(f"'{where}' and '{length}': not both right yet. From each start, your "
                     "slope's sign says which way the first step goes: does it keep that sign "
                     "as x moves on, and does it grow or shrink? A step is the rate times the "
                     "slope long.")
    got = floats(predicted[fast])
    if not close(got, factor(at), STEP_TOLERANCE):
        raise NotYet(f"{fast}: " + mistake(got, [
            (factor(at, LEARNING_RATE), f"that is g at rate {LEARNING_RATE:g}; this one is "
                                        f"at rate {FAST_RATE:g}."),
            (factor(at) - 1, "x - 1 itself stays in: a step turns x - 1 into "
                             f"(x - 1) \u2212 {FAST_RATE:g} \u00b7 slope(x)."),
            (2 - factor(at), "a step goes against the slope (mind the minus sign)."),
            (factor(1.02), "that is g(1.02); this one is its value as x comes as close to "
                           "1 as you like."),
            (1 - 3 * FAST_RATE, "what is x + 1 for x near 1?"),
        ], f"a step turns x - 1 into (x - 1) \u2212 {FAST_RATE:g} \u00b7 slope(x). Your slope "
           "is zero at x = 1 and at x = -1: write it as a product with x - 1 in it, take "
           "x - 1 out of both terms, then put x = 1 in what multiplies it.", STEP_TOLERANCE))
    return (f"all four agree with the step rule. Next to 1, at rate {FAST_RATE:g}, x crosses 1 "
            f"and lands {-factor(at):g} times as far off each step: the explorer below shows "
            "it, and what comes after.")
