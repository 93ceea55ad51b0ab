"""Checks for the exercises of chapter 08, the Affine and Softmax-with-Loss layers.

Every expected number is the math, computed here with plain numpy:
Y = X W + b; dX = dY W^T, dW = X^T dY, db = dY summed over the batch;
loss = mean of log-sum-exp(a) - a_label; d loss/da = dout * (y - t) / N.
"""

import numpy as np

from layers import numerical_gradient

from .core import (GRADIENT_TOLERANCE, NEW_ARRAY, NotYet, answer, call, check, close, floats,
                   method, mistake, shown)


def _data(shape_x, H, seed):
    """x, W, b and an upstream gradient of matching shapes (float64, seeded)."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(shape_x)
    D = int(np.prod(shape_x[1:]))
    return x, rng.standard_normal((D, H)), rng.standard_normal(H), rng.standard_normal((shape_x[0], H))


def _relative_error(analytic, numeric):
    diff = np.linalg.norm(np.asarray(analytic, dtype=np.float64) - numeric)
    return 0.0 if diff == 0 else float(diff / (np.linalg.norm(analytic) + np.linalg.norm(numeric)))


def _affine_answers(layer_class, x, W, b, dout):
    """Forward and backward of the learner's affine layer: (out, dx, dW, db), or NotYet.

    W, b, x and dout must come back unchanged: the layer keeps W and b (a network
    updates them between steps), and the caller still owns x and dout.
    """
    given = {"W": W, "b": b}
    layer = call(layer_class, W, b, what="creating the layer (MyAffine(W, b))", keep=given)
    out = answer(method(layer, "forward"), x, what="forward",
                 keep=dict(given, x=x),
                 if_none="forward returns None: return x @ W + b (and keep x for backward).")
    dx = answer(method(layer, "backward"), dout, what="backward",
                keep=dict(given, dout=dout), fix=NEW_ARRAY,
                if_none="backward returns None: return dx (and store self.dW, self.db).")
    dW, db = (call(getattr, layer, name, None, what=f"reading self.{name}")
              for name in ("dW", "db"))
    if dW is None or db is None:
        raise NotYet("backward must also store the parameter gradients in self.dW and self.db.")
    return out, dx, dW, db


def _affine_problem(layer_class, x, W, b, dout):
    """None if the learner's layer gives the right out, dx, dW and db; else NotYet naming the mistake."""
    N = x.shape[0]
    x2 = x.reshape(N, -1)
    out, dx, dW, db = _affine_answers(layer_class, x, W, b, dout)
    if not close(out, x2 @ W + b):
        raise NotYet(f"forward should give x @ W + b, shape {(N, W.shape[1])}; got {shown(out)}.")
    want_dx = (dout @ W.T).reshape(x.shape)
    if not close(dx, want_dx):
        got = floats(dx)
        if got is not None and got.shape == (N, W.shape[0]) and x.ndim > 2:
            raise NotYet(f"dx has shape {got.shape}, but x had shape {x.shape}: give dx back "
                         "the shape of the x that forward was given (reshape it).")
        raise NotYet(mistake(dx, [
            (dout @ W, "dx = dout @ W.T: the transpose of W is missing (a square W lets the "
                       "shapes fit, but the numbers are wrong)."),
        ], f"dx should be dout @ W.T, shape {want_dx.shape} (the shape of x); got "
           f"{_shape_or_value(dx)}."))
    want_dW = x2.T @ dout
    if not close(dW, want_dW):
        raise NotYet(mistake(dW, [
            (want_dW.T, "dW has its axes swapped: it must have W's shape (D, H), x.T @ dout, "
                        "not dout.T @ x."),
            (want_dW / N, "dW = x.T @ dout, without dividing by N: the loss layer already divides."),
            (np.outer(x2[0], dout[0]), "dW holds only the first sample's share: x.T @ dout adds "
                                       "up the shares of all samples."),
        ], f"dW should be x.T @ dout, shape {want_dW.shape} (the shape of W); got "
           f"{_shape_or_value(dW)}."))
    want_db = dout.sum(axis=0)
    if not close(db, want_db):
        raise NotYet(mistake(db, [
            (dout, "db must have b's shape (H,): b was added to every sample, so its gradient "
                   "sums dout over the batch, dout.sum(axis=0)."),
            (dout.mean(axis=0), "db is the sum of dout over the batch, not the mean."),
            (dout[0], "db holds only the first sample: sum dout over all of them, axis 0."),
            (dout.sum(), "db sums over the batch axis only (axis=0), keeping one number per output."),
            (dout.sum(axis=1), "sum over the batch axis (axis=0), not over the outputs."),
        ], f"db should be dout.sum(axis=0), shape {want_db.shape}; got {_shape_or_value(db)}."))


def _shape_or_value(value):
    arr = floats(value)
    if arr is None:
        return repr(value)
    return f"shape {arr.shape}" if arr.size > 6 else shown(arr)


def _affine_gradient_check(layer_class, x, W, b, dout):
    """Central differences of L = sum(forward(x) * dout) in x, W and b, against backward."""
    def loss(x_=x, W_=W, b_=b):
        layer = layer_class(W_.copy(), b_.copy())
        return float(np.sum(np.asarray(layer.forward(x_.copy()), dtype=np.float64) * dout))

    _, dx, dW, db = _affine_answers(layer_class, x.copy(), W.copy(), b.copy(), dout.copy())
    numeric = call(lambda: {"x": numerical_gradient(lambda v: loss(x_=v), x, h=1e-5),
                            "W": numerical_gradient(lambda v: loss(W_=v), W, h=1e-5),
                            "b": numerical_gradient(lambda v: loss(b_=v), b, h=1e-5)},
                   what="during the gradient check your layer")
    worst = max(_relative_error(g, numeric[n]) for n, g in (("x", dx), ("W", dW), ("b", db)))
    if not worst < GRADIENT_TOLERANCE:
        raise NotYet(f"the gradient check fails (relative error {worst:.1e}): backward does not "
                     "match the numerical gradient of forward.")
    return worst


@check
def affine_backward(layer_class):
    """Exercise 8.1: an affine layer whose backward works for a batch: dx, dW, db."""
    square = _data((2, 3), 3, seed=1)       # W is 3 x 3: a missing transpose still fits
    tall = _data((4, 3), 2, seed=2)         # N, D, H all different: shapes tell
    for data in (square, tall):
        _affine_problem(layer_class, *data)
    _affine_gradient_check(layer_class, *tall)
    # no error value in the praise: its last digits differ between machines, and
    # the stored solutions notebook must show the same line everywhere
    return (f"dx = dout @ W.T, dW = x.T @ dout and db = dout.sum(axis=0); the gradient check "
            f"agrees (relative error below {GRADIENT_TOLERANCE:g}).")


@check
def image_affine(layer_class):
    """Exercise 8.3: an affine layer for images: flattens (N, ...) to (N, D), gives dx back x's shape."""
    images = _data((2, 2, 2, 3), 3, seed=3)     # two 2 x 2 x 3 "images": D = 12
    _affine_problem(layer_class, *images)
    _affine_problem(layer_class, *_data((4, 3), 2, seed=2))   # a flat batch still works
    _affine_gradient_check(layer_class, *images)
    return (f"forward flattens each sample, backward reshapes dx to the input's shape; the "
            f"gradient check agrees (relative error below {GRADIENT_TOLERANCE:g}).")


# --- Softmax-with-Loss ---

def _softmax_math(a, labels):
    """y = softmax(a) per row, one-hot t, and the mean loss by log-sum-exp."""
    shifted = a - a.max(axis=1, keepdims=True)
    log_y = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    t = np.eye(a.shape[1])[labels]
    return np.exp(log_y), t, float(-np.sum(t * log_y) / a.shape[0])


_SCORES = np.array([[2.0, 1.0, -1.0], [0.5, 0.5, 3.0], [-2.0, 4.0, 1.0], [0.0, 0.0, 0.0]])
_LABELS = np.array([1, 2, 0, 2])


@check
def softmax_loss_backward(layer_class):
    """Exercise 8.2: SoftmaxWithLoss.backward(dout=1.0) = dout * (y - t) / N."""
    y, t, loss = _softmax_math(_SCORES, _LABELS)
    N = len(_SCORES)
    returned = {}
    for dout in (2.5, -0.5, 1.0):
        layer = call(layer_class, what="creating the layer")
        scores, labels = _SCORES.copy(), _LABELS.copy()
        got_loss = answer(method(layer, "forward"), scores, labels, what="forward",
                          keep={"x": scores, "t": labels},
                          if_none="forward returns None: keep the forward that was given.")
        if not close(got_loss, loss):
            raise NotYet(f"forward should give the mean loss {loss:.4f}; got {shown(got_loss)}. "
                         "Keep the forward that was given and write only backward.")
        dx = answer(method(layer, "backward"), dout, what=f"backward({dout})",
                    if_none="backward returns None: return dx, shaped like the scores.")
        want = dout * (y - t) / N
        if close(dx, want):
            returned[dout] = dx
            continue
        raise NotYet(mistake(dx, [
            ((y - t) / N, f"with dout = {dout} the gradient must be {dout} times larger: "
                          "multiply by dout (the book's backward ignores it)."),
            (dout * (y - t), "divide by the batch size N: the loss is the mean over the batch."),
            (y - t, "two things are missing: the factor dout and the division by N."),
            (dout * (t - y) / N, "the sign is off: it is y - t (probabilities minus labels)."),
            (dout * y / N, "subtract the one-hot labels t: the gradient is y - t."),
            ((y - t) / N / dout, "multiply by dout, do not divide."),
        ], f"with dout = {dout}, dx should be dout * (y - t) / N, {shown(want)}; got "
           f"{_shape_or_value(dx)}."))
    layer = call(layer_class, what="creating the layer")
    call(method(layer, "forward"), _SCORES.copy(), _LABELS.copy(), what="forward")
    default = ("backward() without an argument should use dout = 1.0 (the loss is the last "
               "layer, so nothing sends it a gradient): give dout the default 1.0.")
    try:
        dx = answer(method(layer, "backward"), what="backward() with no argument",
                    if_none="backward() returns None: return dx.")
    except NotYet as not_yet:
        raise NotYet(default if "required positional argument" in str(not_yet)
                     else str(not_yet)) from None
    if not close(dx, (y - t) / N):
        raise NotYet(default)
    numeric = call(lambda: numerical_gradient(
        lambda a: -0.5 * layer_class().forward(a, _LABELS.copy()), _SCORES, h=1e-5),
        what="during the gradient check your layer")
    error = _relative_error(returned[-0.5], numeric)
    if not error < GRADIENT_TOLERANCE:
        raise NotYet(f"the gradient check fails (relative error {error:.1e}): backward does not "
                     "match the numerical gradient of forward.")
    return (f"dx = dout * (y - t) / N for dout = 1, 2.5 and -0.5; the default dout is 1; "
            f"central differences of -0.5 x the loss agree (relative error below "
            f"{GRADIENT_TOLERANCE:g}).")
