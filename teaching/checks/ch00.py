"""The checks of chapter 00, start here: a derivative worked out by hand, and where
gradient steps along it take x; ``explore_steps`` shows the explorer once they are right.

The learner writes ``slope(x)``, the derivative of f(x) = x**3 - 3x (the worked answers
sit in comments, which ``ch00?`` does not show).  Evaluated in float64, any way of writing
the formula is exact to a few 1e-15 (relative), so the check allows 1e-12.  The numerical
slopes a learner reaches for first are farther off: a central difference is off by h**2
plus about 1e-16 |f(x)| / h from rounding (at least about 1e-11 whatever h is), a forward
difference by about 3x h.
Those get a hint that asks for the formula.  The check cannot tell every numerical
method from a formula: a five-point stencil or the complex step is exact for a cubic up to
rounding and passes, and a learner who writes one has done more than the exercise asks.
"""

import numpy as np

from teaching import tangent
from teaching.reveal import answer_button, reveal
from teaching.tangent import FAST_RATE, LEARNING_RATE

from .core import (
    NotYet,
    answer,
    check,
    close,
    dict_answer,
    floats,
    is_placeholder,
    mistake,
    shown,
    untouched,
)

POINTS = (-2.0, -1.3, -0.5, 0.0, 0.7, 1.6, 2.9)
TOLERANCE = 1e-12
# a forward difference with h = 1e-3 is off by up to 2e-3 (relative, at x = -1.3), a
# central one with h = 0.1 by 7e-3 (at x = 0.7): slopes this close get the numerical-slope hint
NUMERICAL = 1e-2


def f(x):
    """The warm-up's function, f(x) = x**3 - 3x (numbers or arrays)."""
    return x ** 3 - 3 * x


def _slope_at(x):
    # its derivative, by the power rule (a comment: ch00?? would show a docstring)
    return 3 * x ** 2 - 3


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
    want = _slope_at(xs)
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


# the prediction made before the explorer: x after one step at rate 0.1 from -0.9;
# g(x), what a step at the larger rate multiplies x - 1 by, as x approaches 1; and the rate
# above which steps that start near 1 stop settling there
WHERE = ("x after one step from -0.9, rate 0.1", -0.9)
FACTOR = ("g(x) as x approaches 1, rate 0.4", 1.0)
LIMIT = ("rate above which steps near 1 stop settling", 1.0)
STEP_TOLERANCE = 1e-3   # three decimals are enough
LIMIT_TOLERANCE = 3.4e-3  # below 1/3: 0.333 or 0.33 pass, 0.3 does not; above, only 5e-4
FAR = 1e6               # past this, x has run off: every later step takes it farther


def _step(x, rate=LEARNING_RATE):
    """One step of the rule: x - rate * f'(x)."""
    return float(x - rate * _slope_at(x))


def _path(x, count, rate=LEARNING_RATE):
    """The x after each of ``count`` steps from x, first to last."""
    visited = []
    for _ in range(count):
        x = _step(x, rate)
        visited.append(x)
    return visited


def _factor(x, rate=FAST_RATE):
    """g(x), what a step at ``rate`` multiplies x - 1 by: f'(x) = 3 (x - 1)(x + 1), so
    _step(x) - 1 = (x - 1)(1 - 3 rate (x + 1))."""
    return 1 - 3 * rate * (x + 1)


def _where_steps_go(x, steps=500, rate=LEARNING_RATE):
    """Where x ends after at most ``steps`` steps: '1', '-1', '-inf', '+inf' (past FAR, it
    only runs farther), or None if it has not settled."""
    for _ in range(steps):
        x = _step(x, rate)
        if abs(x) > FAR:
            return "-inf" if x < 0 else "+inf"
    return next((name for name, end in {"1": 1.0, "-1": -1.0}.items() if abs(x - end) < 1e-9),
                None)


def number(predicted, name):
    """The learner's prediction ``name`` as a float; NotYet if it is not one number."""
    got = floats(predicted[name])
    if got is None or got.shape != () or not np.isfinite(got):
        raise NotYet(f"{name}: {shown(predicted[name])} is not a number.")
    return float(got)


@check
def steps_from(predicted):
    """The three predictions made before the explorer is shown: x after one step from -0.9
    at rate 0.1, g near 1 at rate 0.4, and the rate above which steps near 1 stop settling.
    Each gets hints for typical slips."""
    # Worked (kept out of the docstring, which a learner can open with ?): x after one step
    # is -0.9 - 0.1 (3 * 0.81 - 3) = -0.843.  At rate 0.4, x - 1 becomes
    # (x - 1) - 0.4 * 3 (x - 1)(x + 1) = (x - 1)(1 - 1.2 (x + 1)), so g tends to -1.4.  Near 1
    # g tends to 1 - 6 rate, and x - 1 shrinks while that lies between -1 and 1: below 1/3.
    (where, start), (fast, at), (limit, _) = WHERE, FACTOR, LIMIT
    dict_answer(predicted, (where, fast, limit),
                f"{{'{where}': 0.5, '{fast}': 0.5, '{limit}': 0.5}}", "a number")
    got = number(predicted, where)
    if not close(got, _step(start), STEP_TOLERANCE):
        raise NotYet(f"{where}: " + mistake(got, [
            (start + LEARNING_RATE * _slope_at(start), "a step goes against the slope (mind "
                                                      "the minus sign)."),
            (-LEARNING_RATE * _slope_at(start), "that is the change alone; x itself stays in."),
        ], f"put x = {start:g} in x \u2212 {LEARNING_RATE:g} \u00b7 slope(x), with your slope's "
           "formula.", STEP_TOLERANCE))
    got = number(predicted, fast)
    if not close(got, _factor(at), STEP_TOLERANCE):
        raise NotYet(f"{fast}: " + mistake(got, [
            (_factor(at, LEARNING_RATE), f"that is g at rate {LEARNING_RATE:g}; this one is "
                                        f"at rate {FAST_RATE:g}."),
            (_factor(at) - 1, "x - 1 itself stays in: a step turns x - 1 into "
                             f"(x - 1) \u2212 {FAST_RATE:g} \u00b7 slope(x)."),
            (2 - _factor(at), "a step goes against the slope (mind the minus sign)."),
            (1 - 3 * FAST_RATE, "what is x + 1 for x near 1?"),
        ], f"a step turns x - 1 into (x - 1) \u2212 {FAST_RATE:g} \u00b7 slope(x). Your slope "
           "is zero at x = 1 and at x = -1: write it as a product with x - 1 in it, take "
           "x - 1 out of both terms, then put x = 1 in what multiplies it.", STEP_TOLERANCE))
    got = number(predicted, limit)
    if not -LIMIT_TOLERANCE <= got - _largest_settling_rate() <= 5e-4:   # above 1/3 bounces
        raise NotYet(f"{limit}: " + mistake(got, [
            (_rate_where_g_is(0.0), "at that rate g is 0 near 1: x lands on 1 at once. A larger "
                                   "rate still settles while g stays above -1."),
            (FAST_RATE, f"at rate {FAST_RATE:g} your g says x - 1 grows; steps stop "
                        "settling at a smaller rate."),
        ], "work out g as x approaches 1 at a rate \u03b7 in place of 0.4: x - 1 shrinks while "
           "g stays between -1 and 1.", LIMIT_TOLERANCE))
    return "all three agree with the step rule."


def _rate_where_g_is(g):
    """The rate at which a step multiplies x - 1 by ``g`` as x nears 1: 1 - 6 rate = g."""
    return (1 - g) / 6


def _largest_settling_rate():
    """Steps near 1 settle while g = 1 - 6 rate > -1: below 1/3."""
    return _rate_where_g_is(-1.0)


def explore_steps(predicted, slope):
    """The chapter's step cell in one call: the verdict on ``predicted``, then, once it is
    Right and ``slope`` passes ``warm_up`` (a wrong slope draws no tangent), the explorer
    from -0.9 drawn with the learner's ``slope`` (its readout says what
    a step did, never why) and under it a "Show the answer" button over ``takeaway()``, the
    why of the explorer's tasks.  Until then nothing of the answer; in the lecture view,
    where nobody writes the predictions, the explorer sits behind a "Show the answer"
    button."""
    from IPython.display import Markdown, display

    def shown():
        if not (untouched(slope) or is_placeholder(slope) or warm_up(slope)):
            print("Right your slope first (the warm-up check above).")
            return
        explorer = tangent.tangent_explorer(f, slope, WHERE[1])
        if explorer is not None:
            display(explorer)
            display(answer_button(lambda: Markdown(takeaway())))

    verdict = steps_from(predicted)
    if verdict.message:                 # the lecture view shows an untouched one as nothing
        display(verdict)
    reveal(predicted if verdict else None, shown, name=None)


def bounce(x=1.2, steps=2000):
    """The two x that steps at FAST_RATE from ``x`` end up bouncing between, lower first."""
    for _ in range(steps):
        x = _step(x, FAST_RATE)
    return tuple(sorted((x, _step(x, FAST_RATE))))


def takeaway():
    """Why the explorer's steps do what they do, behind a button under it: the rule that
    carries over, the bounce at FAST_RATE (its numbers from the step rule) and the run-off."""
    low, high = bounce()
    g_low, g_high = _factor(low), _factor(high)
    return _TAKEAWAY.format(low=low, high=high, g_low=g_low, g_high=g_high,
                            product=g_low * g_high)


_TAKEAWAY = (
    "- Near a valley's bottom a step multiplies the distance to it by about $1 - \\eta f''$, "
    "with $f''$ the slope of $f'$. Here $f''(1) = 6$, so near 1 $g$ is $1 - 6\\eta$.\n"
    "- So steps settle while $\\eta < 2 / f''$, here $1/3$ (at $1/3$ itself they creep in, "
    "slowly).\n"
    "- At 0.4, $|x - 1|$ grows until $x$ bounces between {low:.4g} and {high:.4g}. There $g$ is "
    "{g_low:.3g} and {g_high:.3g}: over two steps, $x - 1$ is multiplied by their product, "
    "{product:.3g}.\n"
    "- From $-1.2$, $x$ starts left of the hilltop at $-1$, where the slope is 0 too. "
    "Downhill leads away from 1, to $-\\infty$: this $f$ has no lowest value.\n"
    "- Chapters 6 and 8 meet this on a real loss: a rate too large for its valley makes "
    "the loss bounce instead of fall.")
