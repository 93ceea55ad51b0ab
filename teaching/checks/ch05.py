"""Checks for the exercises of chapter 05, ReLU.

The convention at the kink is the book's mask ``x <= 0``: the gradient at exactly
x = 0 is 0, as in ``layers.Relu``.  A unit relu(w x + b) is dead on a batch ``xs``
when w x_i + b <= 0 for every sample, that is when b <= -max_i(w x_i).
"""

import numpy as np

from .core import NotYet, answer, check, close, floats, layer_answers, shown

_RELU_X = np.array([[1.0, -0.5], [-2.0, 3.0]])         # the book's mask example
_RELU_DOUT = np.array([[10.0, 20.0], [30.0, 40.0]])    # four different numbers: each traceable
_KINK_X = np.array([0.0, 2.0, -1.0, 0.0])              # exactly at the kink, twice
_KINK_DOUT = np.array([5.0, 6.0, 7.0, 8.0])


def _away_from_kinks(kinks, shape=(3, 4)):
    """Random inputs at least 0.1 away from every kink (a gradient check means nothing there)."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-3.0, 9.0, size=shape)
    for k in kinks:
        near = np.abs(x - k) < 0.1
        x[near] = k + np.where(x[near] >= k, 0.1, -0.1) * 2
    return x


@check
def fixed_relu(layer_class):
    """Exercise 5.1: a ReLU without the two bugs of ``SuspectRelu`` (mask forward, kink passes)."""
    x, dout = _RELU_X.copy(), _RELU_DOUT.copy()
    mask = ("forward returns the mask (1 where x > 0), not the values: where x > 0 a "
            "ReLU passes x itself. A gradient check shows this bug at once.")
    layer_answers(layer_class, (x,), dout, np.maximum(x, 0), np.where(x > 0, dout, 0),
                  wrong_out=[((x > 0) * 1.0, mask)], check_at=(_away_from_kinks([0.0]),))
    # the kink itself: a gradient check cannot see it, so test it directly
    x, dout = _KINK_X.copy(), _KINK_DOUT.copy()
    at_zero = ("at x = 0 exactly, backward passed dout on. This series uses the book's "
               "convention, the mask x <= 0: the gradient at x = 0 is 0. Which comparison "
               "decides what is blocked?")
    layer_answers(layer_class, (x,), dout, np.maximum(x, 0), np.where(x > 0, dout, 0),
                  wrong_back=[(np.where(x >= 0, dout, 0), at_zero)])
    return ("both bugs are gone: forward returns max(0, x), and at x = 0 the gradient is 0, "
            "the book's convention (mask x <= 0), which a gradient check could never tell you.")


@check
def leaky_relu(layer_class):
    """Exercise 5.2: ``LeakyRelu(slope)``: y = x for x > 0, slope * x otherwise."""
    x, dout = _RELU_X.copy(), _RELU_DOUT.copy()
    for slope in (0.1, 0.25):            # two slopes: the slope must not be hard-coded
        wrong_back = [
            (np.where(x > 0, dout, 0),
             "for x <= 0 the local derivative is the slope, not 0: dx = slope * dout there."),
            (np.where(x > 0, dout, slope),
             "for x <= 0, multiply the slope by the upstream gradient dout."),
            (np.where(x > 0, 1, slope), "those are the local derivatives: multiply them by dout."),
        ]
        try:
            layer_answers(
                lambda s=slope: layer_class(slope=s), (x,), dout,
                np.where(x > 0, x, slope * x), np.where(x > 0, dout, slope * dout),
                wrong_out=[(np.maximum(x, 0), "forward is a plain ReLU: for x <= 0 the output is "
                            "slope * x, not 0.")],
                wrong_back=wrong_back, check_at=(_away_from_kinks([0.0]),))
        except NotYet as not_yet:
            raise NotYet(f"(slope = {slope}) {not_yet}") from None
    return ("the gradient is dout where x > 0 and slope * dout elsewhere: never fully blocked, "
            "so a leaky unit can never die.")


# batches and weights the dead-unit check tries: positive, negative and zero weights
_DEAD_CASES = [
    (1.5, np.array([-1.0, 0.5, 2.0, 1.2])),
    (-2.0, np.array([-1.0, 0.5, 2.0, 1.2])),
    (0.5, np.array([-3.0, -0.25, -1.0])),
    (-0.75, np.array([4.0, 1.0, 2.5, -0.5, 3.0])),
    (0.0, np.array([1.0, -2.0])),
]


def _dead_math(w, xs):
    return float(-np.max(w * xs))


@check
def dead_bias(func):
    """Exercise 5.3: ``dead_bias(w, xs)``, the largest b at which relu(w x + b) blocks every x."""
    for w, xs in _DEAD_CASES:
        got = answer(func, w, xs.copy(), what="dead_bias", if_none="dead_bias returns None: "
                     "return one number, the largest dead bias.")
        value = floats(got)
        if value is None or value.shape != ():
            raise NotYet(f"return one number (a bias), got {shown(got)}.")
        want = _dead_math(w, xs)
        if close(value, want, tol=1e-9):
            continue
        at = f"with w = {w:g} and xs = {shown(xs)}"
        typical = [
            (-w * np.max(xs), f"{at} your bias lets a sample through. For a negative w the "
                              "largest w * x comes from the smallest x: look at w * x itself."),
            (-np.min(w * xs), f"{at} that bias blocks only the sample with the smallest w * x; "
                              "a dead unit blocks every sample, so the largest w * x decides."),
            (float(np.max(w * xs)), f"{at} the sign is off: the unit is blocked where "
                                    "w * x + b <= 0, so b must be at most minus something."),
        ]
        for wrong, hint in typical:
            if close(value, wrong, tol=1e-9):
                raise NotYet(hint)
        z = w * xs + float(value)
        passing = int(np.count_nonzero(z > 0))
        if passing:
            raise NotYet(f"{at} the bias {float(value):.6g} lets {passing} sample(s) through "
                         "(w * x + b > 0): that unit is alive.")
        raise NotYet(f"{at} the bias {float(value):.6g} does block every sample, but a larger "
                     "one would too: find the largest.")
    return ("b_dead = -max(w * x) over the batch: at that bias the strongest sample lands exactly "
            "on the kink, where the gradient is 0, so every sample is blocked and dw = db = 0.")


@check
def relu6(layer_class):
    """Exercise 5.4: ``Relu6``: y = min(max(x, 0), 6); gradient passes only where 0 < x < 6."""
    x = np.array([[-1.0, 0.0, 0.5], [3.0, 6.0, 7.5]])       # includes both kinks exactly
    dout = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    inside = (x > 0) & (x < 6)
    wrong_back = [
        (np.where(x > 0, dout, 0),
         "above 6 the output is flat, so the gradient is blocked there too."),
        (np.where((x >= 0) & (x <= 6), dout, 0),
         "at exactly 0 and 6 use the gradient 0: the mask for passing is 0 < x < 6."),
        (inside * 1.0, "multiply the mask by the upstream gradient dout."),
    ]
    layer_answers(layer_class, (x,), dout, np.clip(x, 0, 6), np.where(inside, dout, 0),
                  wrong_out=[(np.maximum(x, 0),
                              "forward does not clip: values above 6 must become 6.")],
                  wrong_back=wrong_back, check_at=(_away_from_kinks([0.0, 6.0]),))
    return "the gradient passes only where 0 < x < 6: two walls instead of one."
