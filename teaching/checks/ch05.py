"""Checks for the exercises of chapter 05, ReLU.

The convention at the kink is the book's mask ``x <= 0``: the gradient at exactly
x = 0 is 0, as in ``layers.Relu``; a leaky ReLU takes the slope there (the same mask).
No gradient check can tell the mask x >= 0 from x <= 0: away from 0 both pass, on inputs
that contain 0 both fail; exercise 1 asks for the second as evidence, and recomputes it.
A unit relu(w x + b) is dead on a batch ``xs`` when w x_i + b <= 0 for every sample,
that is when b <= -max_i(w x_i); a hidden unit of a layer is dead on a batch X when its
whole column of z = X W + b is <= 0, and then its column of dW and its entry of db are 0.
The layer checks test the learner's layer: they refuse ``layers.Relu`` itself, a subclass
or factory that hands its work to it, and while they run, ``layers.Relu``'s forward and
backward refuse to run.
"""

import contextlib

import numpy as np

import layers
from teaching.dead_unit import BATCH

from .core import (
    NotAttempted,
    NotYet,
    answer,
    call,
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


def _not_yours(what, name):
    return NotYet(f"{what}.{name} is layers.Relu's own {name}, not yours: write forward and "
                  f"backward in {what} itself.")


def _own_methods(layer_class, what):
    """``NotYet`` if ``layer_class`` takes forward or backward from ``layers.Relu`` (the class
    itself, a subclass that does not define both, or a method copied over)."""
    for name in ("forward", "backward"):
        owner = next((c for c in layer_class.__mro__ if name in vars(c)), None)
        if owner is None:
            continue      # missing: method() names it when the layer runs
        if owner is layers.Relu or vars(owner)[name] is vars(layers.Relu)[name]:
            raise _not_yours(what, name)
        if owner.__name__ == "Relu" and owner.__module__ == "__main__":   # the chapter's own
            raise NotYet(f"{what}.{name} is the chapter's Relu.{name}: write forward and "
                         f"backward in {what} itself.")


@contextlib.contextmanager
def _library_relu_refused(what):
    """While the learner's layer runs, ``layers.Relu``'s forward and backward raise ``NotYet``:
    a layer that hands its work to a ``layers.Relu`` inside is not the learner's own."""
    saved = {name: vars(layers.Relu)[name] for name in ("forward", "backward")}

    def refusing(name):
        def refuse(self, *args, **kwargs):
            raise _not_yours(what, name)
        return refuse
    try:
        for name in saved:
            setattr(layers.Relu, name, refusing(name))
        yield
    finally:
        for name, func in saved.items():
            setattr(layers.Relu, name, func)


def _own_layer(make, what):
    """``make`` (a class or a factory), checked: the object it builds must be the learner's."""
    def build(*args, **kwargs):
        layer = make(*args, **kwargs)
        if layer is not None:
            _own_methods(type(layer), what)
        return layer
    return build


# the inputs of the chapter's gradient check: rng = default_rng(0), at least 0.1 from the kink
_rng = np.random.default_rng(0)
X_FAR = _rng.choice([-1.0, 1.0], size=(3, 4)) * _rng.uniform(0.1, 2.0, size=(3, 4))
del _rng


# exercise 1's evidence: a gradient check on the chapter's x_kink, which contains the kink itself
KINK_X = np.array([0.0, -1.0, 1.0])


@check
def fixed_relu(layer_class, bug_class, kink_errors):
    """Exercise 5.1: ``FixedRelu``, a ReLU without the two bugs of ``SuspectRelu`` (mask
    forward, gradient passed at x = 0); ``bug_class``, that layer with only the second bug
    put back; and ``kink_errors``, what ``layers.gradient_check`` gave for each of the two on
    ``KINK_X`` (which contains 0), recomputed here with the learner's classes: both fail, so a
    gradient check at the kink cannot tell the right layer from the wrong one."""
    what = "FixedRelu"
    if isinstance(layer_class, type):
        _own_methods(layer_class, what)
    make = _own_layer(layer_class, what)
    with _library_relu_refused(what):
        x, dout = _RELU_X.copy(), _RELU_DOUT.copy()
        mask = ("forward returns the mask (1 where x > 0), not the values: where x > 0 a "
                "ReLU passes x itself.")
        layer_answers(make, (x,), dout, np.maximum(x, 0), np.where(x > 0, dout, 0),
                      wrong_out=[((x > 0) * 1.0, mask)], check_at=(_away_from_kinks([0.0]),))
        # the kink itself: a gradient check cannot judge it, so test it directly
        x, dout = _KINK_X.copy(), _KINK_DOUT.copy()
        at_zero = ("at x = 0 exactly, backward passed dout on. This series uses the book's "
                   "convention, the mask x <= 0: the gradient at x = 0 is 0.")
        layer_answers(make, (x,), dout, np.maximum(x, 0), np.where(x > 0, dout, 0),
                      wrong_back=[(np.where(x >= 0, dout, 0), at_zero)])
    bug = "OnlyConventionBug"
    if untouched(kink_errors) or (isinstance(kink_errors, (tuple, list))
                                  and any(untouched(v) for v in kink_errors)):
        raise NotAttempted(f"write {bug} and compute kink_errors, then run this cell again.")
    # the layer with only the convention bug: right forward, dout passed on at 0 as well
    x, dout = _KINK_X.copy(), _KINK_DOUT.copy()
    other = (f"{bug} should have only the bug that breaks the convention; its forward "
             "output is wrong, which is the other bug.")
    layer_answers(bug_class, (x,), dout, np.maximum(x, 0), np.where(x >= 0, dout, 0),
                  wrong_out=[((x > 0) * 1.0, other)],
                  wrong_back=[(np.where(x > 0, dout, 0),
                               f"{bug} behaves like FixedRelu: put the second bug back in.")])
    value = floats(kink_errors)
    if value is None or value.shape != (2,):
        raise NotYet(f"kink_errors is two numbers, what layers.gradient_check returned for "
                     f"FixedRelu and for {bug}; got {shown(kink_errors)}.")
    pairs = ((make, what), (bug_class, bug))
    want = [call(lambda m=m: layers.gradient_check(m(), KINK_X.copy()),
                 what=f"the gradient check of {name}") for m, name in pairs]
    far = [call(lambda m=m: layers.gradient_check(m(), X_FAR.copy()),
                what=f"the gradient check of {name}") for m, name in pairs]
    typical = [
        (want[::-1], f"the two are swapped: FixedRelu's error first, then {bug}'s."),
        (far, "those are the errors on x_far, which never comes near 0: run the gradient check "
              "on x_kink, the inputs of the gradient-check cell that contain 0."),
    ]
    if not close(value, want, tol=1e-6):
        raise NotYet(mistake(value, typical, f"kink_errors should be what layers.gradient_check"
                             f"(FixedRelu(), x_kink) and layers.gradient_check({bug}(), x_kink) "
                             f"return, in that order; got {shown(kink_errors)}.", tol=1e-6))
    return (f"both bugs are gone, and the evidence is in. On x_kink both layers fail the "
            f"gradient check, the right one ({want[0]:.2g}) as clearly as the wrong one "
            f"({want[1]:.2g}): at 0 the central difference gives 0.5, which is neither 0 nor 1. "
            f"Away from 0 (x_far) both pass ({far[0]:.0e} and {far[1]:.0e}). No gradient check "
            "tells the two apart: only a direct test of backward at 0 does.")


# the unit of the chapter's "one large step": relu(1.5 x - 1) on the batch of teaching.dead_unit,
# one step with dout = 1, then _BACK_STEPS steps with dout = -1, learning rate 0.1
_STEP_W, _STEP_B, _STEP_LR, _BACK_STEPS, _LEAKY_SLOPE = 1.5, -1.0, 0.1, 50, 0.01


def _unit_math(slope, w=_STEP_W, b=_STEP_B, lr=_STEP_LR, back_steps=_BACK_STEPS):
    """(w, b) of relu_slope(w x + b) on the chapter's batch after one step with dout = 1 and
    ``back_steps`` steps with dout = -1: dz = dout where z > 0, slope * dout elsewhere."""
    for dout in [1.0] + [-1.0] * back_steps:
        z = w * BATCH + b
        dz = np.where(z > 0, dout, slope * dout)
        w, b = w - lr * float(np.sum(dz * BATCH)), b - lr * float(np.sum(dz))
    return w, b


def _unit_with(make, w=_STEP_W, b=_STEP_B, lr=_STEP_LR, back_steps=_BACK_STEPS):
    """The same steps, with a new layer from the learner's ``make()`` for each step."""
    for dout in [1.0] + [-1.0] * back_steps:
        layer = call(make, what="creating LeakyRelu(0.01)")
        call(layer.forward, w * BATCH + b, what="LeakyRelu.forward")
        dz = floats(call(layer.backward, np.full(BATCH.shape, dout), what="LeakyRelu.backward"))
        w, b = w - lr * float(np.sum(dz * BATCH)), b - lr * float(np.sum(dz))
    return w, b


@check
def leaky_relu(layer_class, leaky_after, predicted):
    """Exercise 5.2: ``LeakyRelu(slope)``: y = x for x > 0, slope * x otherwise (the slope at
    0 too, the mask x <= 0); ``predicted``, the learner's guess (True or False) whether any
    sample passes after the steps; and ``leaky_after``, (w, b) of the chapter's "one large
    step" unit with ``LeakyRelu(0.01)``, after one step with dout = 1 and 50 with dout = -1,
    recomputed here with the learner's own class."""
    what = "LeakyRelu"
    if isinstance(layer_class, type):
        _own_methods(layer_class, what)
    make = _own_layer(layer_class, what)
    with _library_relu_refused(what):
        for slope in (0.1, 0.25):            # two slopes: the slope must not be hard-coded
            # the book's example, then inputs exactly at the kink, where the convention says slope
            for x, dout in ((_RELU_X.copy(), _RELU_DOUT.copy()),
                            (_KINK_X.copy(), _KINK_DOUT.copy())):
                _leaky_once(make, slope, x, dout)
    if untouched(predicted):
        raise NotAttempted("write your prediction into my_leaky_passes first, then compute "
                           "leaky_w and leaky_b and run this cell again.")
    if not isinstance(predicted, (bool, np.bool_)):
        raise NotYet(f"my_leaky_passes is True or False; got {shown(predicted)}.")
    if untouched(leaky_after) or (isinstance(leaky_after, (tuple, list))
                                  and any(untouched(v) for v in leaky_after)):
        raise NotAttempted("compute leaky_w and leaky_b, then run this cell again.")
    value = floats(leaky_after)
    if value is None or value.shape != (2,):
        raise NotYet(f"leaky_w and leaky_b are two numbers; got {shown(leaky_after)}.")
    with _library_relu_refused(what):
        want = _unit_with(lambda: make(slope=_LEAKY_SLOPE))
    if not close(value, want, tol=1e-9):
        typical = [
            (_unit_math(0.0), "that is where the plain ReLU leaves the unit: put your "
                              "LeakyRelu(0.01) in place of Relu."),
            (_unit_math(_LEAKY_SLOPE, back_steps=0), "that is the unit after the first step: "
                                                     "take the 50 steps with dout = -1 after it."),
            (_unit_math(_LEAKY_SLOPE, back_steps=3), "that is after 3 steps back, as in the "
                                                     "chapter's cell: take 50."),
        ]
        raise NotYet(mistake(value, typical, "start at w = 1.5, b = -1 with lr = 0.1; each step "
                             "runs z = w * xs + b through a new LeakyRelu(0.01), backward on "
                             "dout, then w -= lr * sum(dz * xs) and b -= lr * sum(dz).", tol=1e-9))
    w, b = want
    passing = int(np.count_nonzero(w * BATCH + b > 0))
    verdict = ("as you predicted" if bool(predicted) == (passing > 0) else
               "not what you predicted")
    return (f"{passing} of 20 pass after the 50 steps, {verdict}; b = {b:.2f}. The gradient "
            "is dout where x > 0 and slope * dout elsewhere. After the large step every sample "
            "is blocked, yet each still sends back 0.01 * dout: b climbs by 0.1 * 0.01 * 20 = "
            "0.02 a step, a sample passes again after about 40 steps, and then the unit "
            "recovers fast. A leaky unit cannot die; the plain ReLU stays at b = -2 for ever.")


def _leaky_once(make, slope, x, dout):
    wrong_back = [
        (np.where(x > 0, dout, 0),
         "for x <= 0 the local derivative is the slope, not 0: dx = slope * dout there."),
        (np.where(x > 0, dout, slope),
         "for x <= 0, multiply the slope by the upstream gradient dout."),
        (np.where(x > 0, 1, slope), "those are the local derivatives: multiply them by dout."),
        (np.where(x >= 0, dout, slope * dout),
         "at x = 0 exactly, backward passed dout on; the exercise's convention at the corner "
         "is the slope, as for ReLU's mask x <= 0."),
    ]
    try:
        layer_answers(
            lambda: make(slope=slope), (x,), dout,
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


def _layer_grads_math(X, W, b, dout, passes=lambda z: z > 0):
    """dW[i, j] = sum_n X[n, i] dz[n, j] and db[j] = sum_n dz[n, j], dz = dout where z passes."""
    dz = np.where(passes(X @ W + b), dout, 0.0)
    return X.T @ dz, dz.sum(axis=0)


def _dead_layer_cases():
    """The notebook's layer, then layers it has not seen, with z exactly 0 in some places;
    each with an upstream gradient that has no zeros."""
    rng = np.random.default_rng(5)
    yield DEAD_X, DEAD_W, DEAD_B, 1.0 + rng.integers(0, 4, size=(3, 4))
    for n, d, h in ((5, 3, 6), (4, 1, 3), (6, 2, 5)):
        X = rng.integers(-3, 4, size=(n, d)).astype(float)
        W = rng.integers(-2, 3, size=(d, h)).astype(float)
        b = -np.max(X @ W, axis=0) + rng.integers(-1, 2, size=h)  # around each unit's edge
        yield X, W, b, rng.choice([-1.0, 1.0], size=(n, h)) * rng.uniform(0.5, 2.0, size=(n, h))


def _indices(mask):
    return sorted(int(i) for i in np.flatnonzero(mask))


@check
def dead_units(func, predicted):
    """Exercise 5.4: ``predicted``, the dead units of the notebook's layer found by hand, and
    ``layer_grads(X, W, b, dout)``, the gradients (dW, db) of relu(X W + b)."""
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
    for X, W, b, dout in _dead_layer_cases():
        at = f"for X = {shown(X)}, W = {shown(W)}, b = {shown(b)}, dout = {shown(dout)}"
        args = {"X": X.copy(), "W": W.copy(), "b": b.copy(), "dout": dout.copy()}
        got = answer(func, *args.values(), what="layer_grads", keep=args,
                     fix="compute in new arrays.",
                     if_none="layer_grads returns None: return the pair (dW, db).",
                     pair="layer_grads returns the pair (dW, db).")
        dW, db = (floats(g) for g in got)
        want_dW, want_db = _layer_grads_math(X, W, b, dout)
        if dW is None or dW.shape != W.shape:
            raise NotYet(f"{at}: dW has the shape of W, {W.shape}; got {shown(got[0])}.")
        if db is None or db.shape != b.shape:
            raise NotYet(f"{at}: db has one entry per unit, like b, shape {b.shape}: b is added "
                         f"to every sample, so its gradient sums over them (chapter 4's bias); "
                         f"got {shown(got[1])}.")
        if close(dW, want_dW) and close(db, want_db):
            continue
        no_relu = _layer_grads_math(X, W, b, dout, passes=lambda z: np.ones_like(z, bool))
        at_zero = _layer_grads_math(X, W, b, dout, passes=lambda z: z >= 0)
        if close(dW, no_relu[0]) and close(db, no_relu[1]):
            raise NotYet(f"{at}: the gradient reaches W and b only through the ReLU: take "
                         "dz = its backward of dout first.")
        if close(dW, at_zero[0]) and close(db, at_zero[1]):
            raise NotYet(f"{at}: at z = 0 exactly the gradient is 0 too (the mask x <= 0).")
        part = "dW" if not close(dW, want_dW) else "db"
        raise NotYet(f"{at}: {part} is not right yet. W[i, j] multiplies X[n, i] in z[n, j], "
                     "and b[j] is added to z[n, j], for every sample n, so the gradients sum "
                     "over the samples: dW[i, j] = sum_n X[n, i] dz[n, j] and "
                     "db[j] = sum_n dz[n, j].")
    return ("units 1 and 2 are dead: every entry of their columns of z is <= 0, so dz is 0 "
            "there, and their columns of dW and entries of db are exactly 0, whatever dout is.")
