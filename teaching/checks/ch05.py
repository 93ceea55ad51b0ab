"""Checks for the exercises of chapter 05, ReLU.

The convention at the kink is the book's mask ``x <= 0``: the gradient at exactly
x = 0 is 0, as in ``layers.Relu``.  A unit relu(w x + b) is dead on a batch ``xs``
when w x_i + b <= 0 for every sample, that is when b <= -max_i(w x_i); a hidden unit of a
layer is dead on a batch X when its whole column of z = X W + b is <= 0.  The layer checks
refuse ``layers.Relu``'s own forward and backward: they test the learner's layer.
"""

import numpy as np

import layers

from .core import (
    NotAttempted,
    NotYet,
    answer,
    check,
    close,
    floats,
    layer_answers,
    mistake,
    shown,
    untouched,
)

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


def _own_methods(layer_class, what):
    """``NotYet`` if ``layer_class`` takes forward or backward from ``layers.Relu`` (the class
    itself, a subclass that does not define both, or a method copied over): the check must
    test the learner's own layer, not the library's."""
    if not isinstance(layer_class, type):
        return       # a factory function: its layer's methods are looked at when it runs
    for name in ("forward", "backward"):
        owner = next((c for c in layer_class.__mro__ if name in vars(c)), None)
        if owner is None:
            continue      # missing: method() names it when the layer runs
        if owner is layers.Relu or vars(owner)[name] is vars(layers.Relu)[name]:
            raise NotYet(f"{what}.{name} is layers.Relu's own {name}, not yours: write forward "
                         f"and backward in {what} itself.")


@check
def fixed_relu(layer_class):
    """Exercise 5.1: a ReLU without the two bugs of ``SuspectRelu`` (mask forward, kink passes)."""
    _own_methods(layer_class, "FixedRelu")
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
    """Exercise 5.2: ``LeakyRelu(slope)``: y = x for x > 0, slope * x otherwise (also at 0)."""
    _own_methods(layer_class, "LeakyRelu")
    for slope in (0.1, 0.25):            # two slopes: the slope must not be hard-coded
        # the book's example, then inputs exactly at the kink, where the formula says slope
        for x, dout in ((_RELU_X.copy(), _RELU_DOUT.copy()), (_KINK_X.copy(), _KINK_DOUT.copy())):
            _leaky_once(layer_class, slope, x, dout)
    return ("the gradient is dout where x > 0 and slope * dout elsewhere, x = 0 included: never "
            "fully blocked.")


def _leaky_once(layer_class, slope, x, dout):
    wrong_back = [
        (np.where(x > 0, dout, 0),
         "for x <= 0 the local derivative is the slope, not 0: dx = slope * dout there."),
        (np.where(x > 0, dout, slope),
         "for x <= 0, multiply the slope by the upstream gradient dout."),
        (np.where(x > 0, 1, slope), "those are the local derivatives: multiply them by dout."),
        (np.where(x >= 0, dout, slope * dout),
         "at x = 0 exactly, backward passed dout on. Read the formula again: which case "
         "does x = 0 belong to?"),
    ]
    try:
        layer_answers(
            lambda: layer_class(slope=slope), (x,), dout,
            np.where(x > 0, x, slope * x), np.where(x > 0, dout, slope * dout),
            wrong_out=[(np.maximum(x, 0), "forward is a plain ReLU: for x <= 0 the output is "
                        "slope * x, not 0.")],
            wrong_back=wrong_back, check_at=(_away_from_kinks([0.0]),))
    except NotYet as not_yet:
        raise NotYet(f"(slope = {slope}) {not_yet}") from None


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


# exercise 5.4's layer: 3 samples, 2 inputs, 4 hidden units.  z = X W + b per unit:
# unit 0 [0, 1, -1] alive, unit 1 [-4.5, -1, -0.5] dead, unit 2 [-2, 0, -4] dead (0 is blocked),
# unit 3 [0.5, -2.75, -2.5] alive on one sample
DEAD_X = np.array([[1.0, -2.0], [0.5, 1.0], [-1.0, 0.0]])
DEAD_W = np.array([[1.0, -1.0, 2.0, 0.5], [0.5, 1.0, 1.0, -1.0]])
DEAD_B = np.array([0.0, -1.5, -2.0, -2.0])


def _dead_units_math(X, W, b):
    return np.all(X @ W + b <= 0, axis=0)


def _dead_layer_cases():
    """The notebook's layer, then layers it has not seen, with z exactly 0 in some places."""
    yield DEAD_X, DEAD_W, DEAD_B
    rng = np.random.default_rng(5)
    for n, d, h in ((5, 3, 6), (4, 1, 3), (6, 2, 5)):
        X = rng.integers(-3, 4, size=(n, d)).astype(float)
        W = rng.integers(-2, 3, size=(d, h)).astype(float)
        b = -np.max(X @ W, axis=0) + rng.integers(-1, 2, size=h)  # around each unit's edge
        yield X, W, b


def _indices(mask):
    return sorted(int(i) for i in np.flatnonzero(mask))


@check
def dead_units(func, predicted):
    """Exercise 5.4: ``predicted``, the dead units of the notebook's layer found by hand, and
    ``dead_units(X, W, b)``, a boolean per unit: blocked (z <= 0) on every sample."""
    if untouched(predicted):
        raise NotAttempted("write your prediction into predicted_dead, and fill in the lines "
                           "marked YOUR CODE, then run this cell again.")
    want = _indices(_dead_units_math(DEAD_X, DEAD_W, DEAD_B))
    try:
        given = sorted(int(i) for i in predicted)
    except Exception:   # not a list of numbers
        raise NotYet(f"predicted_dead should be a list of unit numbers such as [0, 3], got "
                     f"{shown(predicted)}.") from None
    if given != want:
        z = DEAD_X @ DEAD_W + DEAD_B
        if given == _indices(np.any(z <= 0, axis=0)):
            raise NotYet("your prediction counts a unit dead when it is blocked on some "
                         "samples; the others still send it gradient. Dead means every sample.")
        if given == _indices(np.all(z < 0, axis=0)):
            raise NotYet("your prediction lets z = 0 through; at z = 0 exactly the gradient is 0 "
                         "(the mask x <= 0), so a sample at 0 is blocked.")
        raise NotYet("your prediction is not right yet: write out z = X W + b, one column per "
                     "unit, and look for the columns with no positive entry.")
    for X, W, b in _dead_layer_cases():
        got = answer(func, X.copy(), W.copy(), b.copy(), what="dead_units",
                     keep={"X": X, "W": W, "b": b}, fix="compute z in a new array.",
                     if_none="dead_units returns None: return one True/False per unit.")
        value = floats(got)
        truth = _dead_units_math(X, W, b)
        at = f"for X = {shown(X)}, W = {shown(W)}, b = {shown(b)}"
        if value is None or value.shape != truth.shape:
            raise NotYet(f"{at} return one True/False per hidden unit (shape {truth.shape}), "
                         f"got {shown(got)}.")
        if close(value, truth * 1.0):
            continue
        z = X @ W + b
        typical = [
            (np.any(z <= 0, axis=0), "a unit blocked on only some samples still learns "
                                     "from the others: dead means blocked on every sample."),
            (np.all(z < 0, axis=0), "at z = 0 exactly the gradient is 0 too (the mask x <= 0)."),
            (np.all(X @ W <= 0, axis=0), "the bias is part of z = X W + b."),
        ]
        raise NotYet(mistake(value, [(w * 1.0, f"{at}: {h}") for w, h in typical],
                             f"{at} the dead units are not these: a unit is dead when its "
                             "column of z has no entry above 0."))
    return ("a unit is dead when its whole column of z = X W + b is <= 0: no sample passes, so "
            "its column of dW and its entry of db are exactly 0.")
