"""Checks for the exercises of chapter 06, sigmoid.

Each exercise asks for a local derivative the chapter did not work out; the
expected values below come from the math, written with numpy and ``stable_sigmoid``:
softplus' = sigma(x); tanh' = 1 - y**2 (from tanh(x) = 2 sigma(2x) - 1);
swish' = sigma(x) + x sigma(x)(1 - sigma(x)); and for the neuron
L = (sigma(w x + b) - t)**2: dL/dw = 2(y - t) y(1 - y) x, dL/db = 2(y - t) y(1 - y).
"""

import numpy as np

from .core import NotYet, answer, check, close, dict_answer, floats, layer_answers, mistake, shown, stable_sigmoid

_X = np.array([[-2.0, 0.0], [0.5, 3.0]])
_DOUT = np.array([[1.0, -2.0], [0.5, 3.0]])


def _random_x(scale):
    return np.random.default_rng(0).normal(0, scale, (3, 4))


@check
def softplus(layer_class):
    """Exercise 6.1: ``Softplus``, y = ln(1 + e**x), whose derivative is sigma(x)."""
    x, dout = _X.copy(), _DOUT.copy()
    sig = stable_sigmoid(x)
    wrong_back = [
        (dout * np.exp(x), "that is the derivative of e**x alone. The chain rule through ln(u) "
                           "also divides by u = 1 + e**x."),
        (dout / (1 + np.exp(x)), "the outer step is right (1/u with u = 1 + e**x), but the inner "
                                 "derivative of 1 + e**x is e**x, not 1."),
        (dout * sig * (1 - sig), "that is the sigmoid's derivative; softplus is one step earlier: "
                                 "its derivative is a function you met in this chapter."),
        (sig, "that is the local derivative alone: multiply it by the upstream gradient dout."),
    ]
    layer_answers(layer_class, (x,), dout, np.log1p(np.exp(x)), dout * sig,
                  wrong_out=[(np.log(np.exp(x)), "forward is ln(1 + e**x): the 1 is missing.")],
                  wrong_back=wrong_back, check_at=(_random_x(2.0),))
    return "d/dx ln(1 + e**x) = e**x / (1 + e**x) = sigma(x): softplus is the sigmoid's antiderivative."


@check
def tanh(layer_class):
    """Exercise 6.2: ``Tanh``, derived from tanh(x) = 2 sigma(2x) - 1; backward from the output only."""
    x, dout = _X.copy(), _DOUT.copy()
    y = np.tanh(x)
    wrong_back = [
        (dout * y * (1 - y), "that is the sigmoid's rule applied to y. tanh(x) = 2 sigma(2x) - 1: "
                             "the chain rule brings in the outer factor 2 and the inner 2, and "
                             "sigma(2x) is not y; solve the identity for sigma(2x) first."),
        (dout * 4 * y * (1 - y), "the factors 2 and 2 are right, but sigma(2x) is not y: "
                                 "solve tanh = 2 sigma(2x) - 1 for sigma(2x) and substitute."),
        (dout * (1 - y), "expand 4 sigma(2x)(1 - sigma(2x)) with sigma(2x) written in terms of y; "
                         "a factor is missing."),
        (dout * 2 * y * (1 - y), "one factor 2 is missing, and sigma(2x) is not y."),
    ]
    local = 1 - y ** 2
    wrong_back.append((local, "that is the local derivative alone: multiply it by dout."))
    layer_answers(layer_class, (x,), dout, y, dout * local, wrong_back=wrong_back,
                  check_at=(_random_x(1.5),))
    return "4 sigma(2x)(1 - sigma(2x)) with sigma(2x) = (1 + y)/2 is (1 + y)(1 - y) = 1 - y**2."


@check
def swish(layer_class):
    """Exercise 6.3: ``Swish``, y = x sigma(x): x is used twice, so two shares add up."""
    x, dout = _X.copy(), _DOUT.copy()
    sig = stable_sigmoid(x)
    y = x * sig
    through_mul = sig                        # x as the multiply node's direct input
    through_sigmoid = x * sig * (1 - sig)    # x through the sigmoid node
    wrong_back = [
        (dout * through_mul, "that is only the share of x's direct use in the product. x also "
                             "reaches y through the sigmoid: add that share too."),
        (dout * through_sigmoid, "that is only the share through the sigmoid. x is also a direct "
                                 "input of the product: add that share too."),
        (dout * y * (1 - y), "y(1 - y) is the sigmoid's rule applied to swish's output; swish is "
                             "not a sigmoid. Differentiate the product x * sigma(x)."),
        (through_mul + through_sigmoid, "that is the local derivative alone: multiply it by dout."),
    ]
    layer_answers(layer_class, (x,), dout, y, dout * (through_mul + through_sigmoid),
                  wrong_out=[(sig, "forward is x * sigma(x), not sigma(x) alone.")],
                  wrong_back=wrong_back, check_at=(_random_x(2.0),))
    return ("dy/dx = sigma(x) + x sigma(x)(1 - sigma(x)): one share per use of x, added; "
            "backward needs x (or sigma(x)) as well as y.")


# the neuron of the capstone, at several points: (w, b, x, t)
_NEURON_POINTS = [(0.5, 1.0, 2.0, 0.0), (-1.5, 0.25, 0.8, 1.0), (2.0, -3.0, -1.0, 0.3)]
# the point the notebook's gradient-check cell uses
NEURON_POINT = _NEURON_POINTS[0]


def _neuron_math(w, b, x, t):
    """L and its gradients from the formulas: returns L, dL/dw, dL/db, dL/dx, dL/dt."""
    y = float(stable_sigmoid(w * x + b))
    dz = 2 * (y - t) * y * (1 - y)
    return (y - t) ** 2, dz * x, dz, dz * w, -2 * (y - t)


@check
def neuron(func):
    """Capstone 6.4: ``neuron(w, b, x, t)`` -> (L, dL/dw, dL/db) for L = (sigma(w x + b) - t)**2."""
    for w, b, x, t in _NEURON_POINTS:
        got = answer(func, w, b, x, t, what="neuron", if_none="neuron returns None.")
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            raise NotYet("return three numbers: (L, dL_dw, dL_db).")
        values = [floats(v) for v in got]
        if any(v is None or v.shape != () for v in values):
            raise NotYet("return three plain numbers (L, dL_dw, dL_db), none of them None.")
        loss, dw, db = (float(v) for v in values)
        want_loss, want_dw, want_db, want_dx, _ = _neuron_math(w, b, x, t)
        y = float(stable_sigmoid(w * x + b))
        at = f"at w = {w:g}, b = {b:g}, x = {x:g}, t = {t:g}"
        if not close(loss, want_loss):
            raise NotYet(mistake(loss, [
                (y - t, "L is the square of y - t: the SquareLayer comes last."),
                (y, "L is (y - t)**2; y alone is the prediction."),
                ((w * x + b - t) ** 2, "the Sigmoid node is missing between w x + b and the loss."),
            ], f"{at} the loss should be {want_loss:.6g}, got {loss:.6g}."))
        if close(dw, want_dw) and close(db, want_db):
            continue
        dz = want_db
        typical = [
            ((want_db, want_db), "dL/dw came out equal to dL/db: the multiply node w * x sends "
                                 "dout times the other input (x) back to w."),
            ((want_dw / 2, want_db / 2), "both are half the right size: the square node's local "
                                         "derivative is 2(y - t), not (y - t)."),
            ((2 * (y - t) * x, 2 * (y - t)), "the sigmoid node's local derivative y(1 - y) is "
                                             "missing."),
            ((-want_dw, -want_db), "the sign is off: feed y + (-t) to the square node, and start "
                                   "the backward pass from dL/dL = 1."),
            ((want_dx, dz), "dL/dw came out as dL/dx: the multiply node sends dout * x to w and "
                            "dout * w to x."),
        ]
        raise NotYet(mistake((dw, db), typical,
                             f"{at}: dL/dw should be {want_dw:.6g} and dL/db {want_db:.6g}, got "
                             f"{shown(dw)} and {shown(db)}. Call backward in the reverse order of "
                             "forward, each time on the gradient the previous call returned."))
    return ("the chain of five layers gives dL/dw = 2(y - t) * y(1 - y) * x and "
            "dL/db = 2(y - t) * y(1 - y).")


@check
def neuron_gradient_check(numeric):
    """Capstone 6.4, second part: numerical dL/dw and dL/db at ``NEURON_POINT``."""
    dict_answer(numeric, ["dL_dw", "dL_db"], '{"dL_dw": 0.37, "dL_db": 0.18}',
                "a slope from layers.numerical_gradient")
    w, b, x, t = NEURON_POINT
    _, want_dw, want_db, want_dx, want_dt = _neuron_math(w, b, x, t)
    slopes = {name: floats(numeric[name]) for name in ("dL_dw", "dL_db")}
    for name, value in slopes.items():
        if value is None or value.size != 1:
            raise NotYet(f"{name} should be one number (a slope), got {numeric[name]!r}.")
    dw, db = float(slopes["dL_dw"]), float(slopes["dL_db"])
    # central differences with h = 1e-4 agree with the exact slopes to about 1e-8 here
    if close(dw, want_dw, tol=1e-6) and close(db, want_db, tol=1e-6):
        return (f"the numerical slopes {dw:.6f} and {db:.6f} agree with backprop's "
                f"2(y - t) y(1 - y) x and 2(y - t) y(1 - y) at w = {w:g}, b = {b:g}.")
    typical = [
        ((dw, db), (want_db, want_dw), "dL_dw and dL_db are swapped."),
        ((dw, db), (want_dx, want_db), "dL_dw is the slope in x: vary w, keep x fixed."),
        ((dw, db), (want_dw, want_dx), "dL_db is the slope in x: vary b, keep x fixed."),
        ((dw, db), (want_dt, want_db), "dL_dw is the slope in t: vary w, keep t fixed."),
        ((dw, db), (want_dw, want_dt), "dL_db is the slope in t: vary b, keep t fixed."),
    ]
    for got, want, hint in typical:
        if close(got, want, tol=1e-6):
            raise NotYet(hint)
    raise NotYet(f"at w = {w:g}, b = {b:g}, x = {x:g}, t = {t:g} these are not the slopes of the "
                 "loss. Give layers.numerical_gradient a function of one number that returns only "
                 "the loss, with everything else held fixed at this point.")
