"""Checks for the exercises of chapter 05, ReLU."""

import numpy as np

from .core import NotYet, check, layer_answers

_RELU_X = np.array([[1.0, -0.5], [-2.0, 3.0]])         # the book's mask example
_RELU_DOUT = np.array([[10.0, 20.0], [30.0, 40.0]])    # four different numbers: each one is traceable


def _away_from_kinks(kinks, shape=(3, 4)):
    """Random inputs at least 0.1 away from every kink (a gradient check is meaningless at a kink)."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-3.0, 9.0, size=shape)
    for k in kinks:
        near = np.abs(x - k) < 0.1
        x[near] = k + np.where(x[near] >= k, 0.1, -0.1) * 2
    return x


@check
def fixed_relu(layer_class):
    """Exercise 5.1: a ReLU without the two bugs of ``SuspectRelu`` (mask forward, in-place backward)."""
    x, dout = _RELU_X.copy(), _RELU_DOUT.copy()
    mask = ("forward returns the mask (1 where x > 0), not the values: where x > 0 a "
            "ReLU passes x itself. A gradient check shows this bug at once.")
    layer_answers(layer_class, (x,), dout, np.maximum(x, 0), np.where(x > 0, dout, 0),
                  wrong_out=[((x > 0) * 1.0, mask)], check_at=(_away_from_kinks([0.0]),))
    return ("both bugs are gone: forward returns max(0, x), backward returns a new "
            "array and the caller's dout is unchanged.")


@check
def leaky_relu(layer_class):
    """Exercise 5.2: ``LeakyRelu(slope)``: y = x for x > 0, slope * x otherwise."""
    x, dout = _RELU_X.copy(), _RELU_DOUT.copy()
    for slope in (0.1, 0.25):            # two slopes: the slope must not be hard-coded
        wrong_back = [
            (np.where(x > 0, dout, 0),
             "for x <= 0 the local derivative is the slope, not 0: dx = slope * dout there."),
            (np.where(x > 0, dout, slope), "for x <= 0, multiply the slope by the upstream gradient dout."),
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
    return "the gradient is dout where x > 0 and slope * dout elsewhere: never fully blocked."


@check
def relu6(layer_class):
    """Exercise 5.3: ``Relu6``: y = min(max(x, 0), 6); gradient passes only where 0 < x < 6."""
    x = np.array([[-1.0, 0.0, 0.5], [3.0, 6.0, 7.5]])       # includes both kinks exactly
    dout = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    inside = (x > 0) & (x < 6)
    wrong_back = [
        (np.where(x > 0, dout, 0), "above 6 the output is flat, so the gradient is blocked there too."),
        (np.where((x >= 0) & (x <= 6), dout, 0),
         "at exactly 0 and 6 use the gradient 0: the mask for passing is 0 < x < 6."),
        (inside * 1.0, "multiply the mask by the upstream gradient dout."),
    ]
    layer_answers(layer_class, (x,), dout, np.clip(x, 0, 6), np.where(inside, dout, 0),
                  wrong_out=[(np.maximum(x, 0), "forward does not clip: values above 6 must become 6.")],
                  wrong_back=wrong_back, check_at=(_away_from_kinks([0.0, 6.0]),))
    return "the gradient passes only where 0 < x < 6: two walls instead of one."
