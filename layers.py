"""The layers of chapter 5: one class per node of a computational graph.

Every layer has the same two methods:

* ``forward(...)`` computes the output and keeps what ``backward`` will need;
* ``backward(dout)`` takes the upstream gradient ``dout`` (dL/d output) and
  returns the gradient of the loss for each forward input, in the same order.

Each ``backward`` is the chain rule in one line: downstream = upstream x local.
Each class holds its whole math; the few input checks they share are small
functions at the bottom of this file, named for what they check.

Conventions, the same for every layer:

* Inputs may be Python numbers or numpy arrays.  Python numbers in give Python
  floats out; arrays keep their float dtype (float32 stays float32) and integer
  arrays are computed in float64.
* Nothing given to a layer is ever changed, and nothing a layer returns is an
  array it keeps: editing a result never changes a later ``backward``.
  (``Affine`` keeps the network's own W and b on purpose, reads them and
  never writes them: the network updates them in place between steps.)
* When inputs broadcast (an array times a number), each gradient is summed
  back to the shape of its own input.
* ReLU at exactly x = 0 has no derivative; like the book we use 0 there
  (the mask ``x <= 0`` blocks the gradient).

``numerical_gradient`` and ``gradient_check`` compare any layer (ours or your
own attempt) against central differences.
"""

import numpy as np

__all__ = [
    "MulLayer", "AddLayer", "SquareLayer", "ExpLayer", "ReciprocalLayer",
    "Relu", "Sigmoid", "softmax", "Affine", "SoftmaxWithLoss",
    "numerical_gradient", "gradient_check",
]


class MulLayer:
    """out = x * y.   Local derivatives: d out/dx = y, d out/dy = x ("multiply swaps")."""

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x_was_number, self.y_was_number = is_python_number(x), is_python_number(y)
        # our own copies: the caller may reuse x and y before calling backward
        self.x = as_float_array(x, "MulLayer.forward: x").copy()
        self.y = as_float_array(y, "MulLayer.forward: y").copy()
        out = self.x * self.y
        return python_float_if(self.x_was_number and self.y_was_number, out)

    def backward(self, dout):
        require_forward_done(self, self.x)
        dout = checked_dout(self, dout, np.broadcast_shapes(self.x.shape, self.y.shape))
        dx = dout * self.y   # the other input is the local derivative
        dy = dout * self.x
        return (like_input(dx, self.x, self.x_was_number),
                like_input(dy, self.y, self.y_was_number))


class AddLayer:
    """out = x + y.   Local derivatives: d out/dx = 1, d out/dy = 1 ("add distributes")."""

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        self.x_was_number, self.y_was_number = is_python_number(x), is_python_number(y)
        # kept for their shapes and dtypes: each gradient is returned like its input
        self.x = as_float_array(x, "AddLayer.forward: x").copy()
        self.y = as_float_array(y, "AddLayer.forward: y").copy()
        out = self.x + self.y
        return python_float_if(self.x_was_number and self.y_was_number, out)

    def backward(self, dout):
        require_forward_done(self, self.x)
        dout = checked_dout(self, dout, np.broadcast_shapes(self.x.shape, self.y.shape))
        dx = dout * 1        # new arrays: the caller's dout stays theirs alone
        dy = dout * 1
        return (like_input(dx, self.x, self.x_was_number),
                like_input(dy, self.y, self.y_was_number))


class SquareLayer:
    """out = x ** 2.   Local derivative: d out/dx = 2x."""

    def __init__(self):
        self.x = None

    def forward(self, x):
        self.x_was_number = is_python_number(x)
        self.x = as_float_array(x, "SquareLayer.forward: x").copy()   # our own copy
        out = self.x ** 2
        return python_float_if(self.x_was_number, out)

    def backward(self, dout):
        require_forward_done(self, self.x)
        dout = checked_dout(self, dout, self.x.shape)
        dx = dout * 2 * self.x
        return like_input(dx, self.x, self.x_was_number)


class ExpLayer:
    """out = exp(x).   Local derivative: d out/dx = exp(x) = out, so we keep out."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.x_was_number = is_python_number(x)
        x = as_float_array(x, "ExpLayer.forward: x")
        limit = np.log(np.finfo(x.dtype).max)
        if np.any(x > limit):
            raise OverflowError(
                f"ExpLayer.forward: exp(x) overflows {x.dtype} for x > {limit:.2f} "
                f"(largest x given: {np.max(x):.6g}). Use smaller inputs, or the fused "
                "Sigmoid layer, which never calls exp on a positive number.")
        self.out = np.exp(x)
        # the caller gets a copy: editing it must not change what backward uses
        return python_float_if(self.x_was_number, self.out.copy())

    def backward(self, dout):
        require_forward_done(self, self.out)
        dout = checked_dout(self, dout, self.out.shape)
        dx = dout * self.out
        return like_input(dx, self.out, self.x_was_number)


class ReciprocalLayer:
    """out = 1 / x (the "/" node).   Local derivative: d out/dx = -1/x**2 = -out**2."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.x_was_number = is_python_number(x)
        x = as_float_array(x, "ReciprocalLayer.forward: x")
        if np.any(x == 0):
            raise ZeroDivisionError("ReciprocalLayer.forward: 1/x is undefined at x = 0; "
                                    "give inputs that are not zero.")
        self.out = 1 / x
        # the caller gets a copy: editing it must not change what backward uses
        return python_float_if(self.x_was_number, self.out.copy())

    def backward(self, dout):
        require_forward_done(self, self.out)
        dout = checked_dout(self, dout, self.out.shape)
        dx = -dout * self.out ** 2
        return like_input(dx, self.out, self.x_was_number)


class Relu:
    """out = max(0, x).   Local derivative: 1 where x > 0, else 0.

    At exactly x = 0 the derivative is taken as 0 (the book's convention):
    the mask ``x <= 0`` marks every place where the gradient is blocked.
    """

    def __init__(self):
        self.mask = None

    def forward(self, x):
        self.x_was_number = is_python_number(x)
        x = as_float_array(x, "Relu.forward: x")
        self.dtype = x.dtype
        self.mask = x <= 0
        out = np.maximum(x, 0)   # a new array in x's dtype; the caller's x is untouched
        return python_float_if(self.x_was_number, out)

    def backward(self, dout):
        require_forward_done(self, self.mask)
        dout = checked_dout(self, dout, self.mask.shape)
        # np.where builds a new array: the book writes zeros into the caller's dout instead
        dx = np.where(self.mask, 0, dout).astype(self.dtype, copy=False)
        return python_float_if(self.x_was_number, dx)


class Sigmoid:
    """out = 1 / (1 + exp(-x)).   Local derivative: out * (1 - out).

    As a graph: x -> *(-1) -> exp -> +1 -> 1/t -> out.  Going backward, the
    four local derivatives are -out**2, 1, exp(-x) and -1; their product is
    out**2 * exp(-x) = out * (1 - out).  So backward needs only ``out``.
    """

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.x_was_number = is_python_number(x)
        x = as_float_array(x, "Sigmoid.forward: x")
        # Stable form: with e = exp(-|x|), which can never overflow,
        #     out = 1 / (1 + e)  where x >= 0,     out = e / (1 + e)  where x < 0.
        # Both equal 1 / (1 + exp(-x)); the second keeps full accuracy far in the
        # left tail.  Computed in place, in two arrays of our own (speed).
        e = np.copysign(x, -1, out=np.empty_like(x))    # -|x|
        with np.errstate(under="ignore"):                # exp(-1000) = 0 is right
            np.exp(e, out=e)                             # e = exp(-|x|), in (0, 1]
            out = np.add(e, 1, out=np.empty_like(x))     # 1 + e
            np.maximum(e, x >= 0, out=e)                 # numerator: 1 where x >= 0, else e
            np.divide(e, out, out=out)                   # numerator / (1 + e)
        # e's array is free again: it keeps our own copy of out, because the
        # caller may edit the array that forward returns
        self.out = e
        np.copyto(self.out, out)
        return python_float_if(self.x_was_number, out)

    def backward(self, dout):
        require_forward_done(self, self.out)
        dout = checked_dout(self, dout, self.out.shape)
        # dx = dout * out * (1 - out), built in one new array
        dx = 1 - self.out
        dx *= self.out
        dx *= dout
        return like_input(dx, self.out, self.x_was_number)


def softmax(x):
    """Probabilities from scores, over the last axis: exp(x_k) / sum_j exp(x_j).

    Subtracting each row's largest score first changes nothing in the result
    (the factor exp(-max) cancels) but keeps exp from overflowing: it only
    ever sees numbers <= 0, so any finite scores work.
    """
    x = as_float_array(x, "softmax: x")
    require_finite(x, "softmax: x")
    with np.errstate(under="ignore"):   # exp(-1000) = 0 is the right answer
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)


class Affine:
    """out = x @ W + b, for a batch x of shape (N, D) or one sample (D,).

    W has shape (D, H) and b shape (H,).  Local derivatives, with dout shaped
    like out:  dx = dout @ W.T,  dW = x.T @ dout,  db = dout summed over the
    batch.  Each gradient has the shape of what it is the gradient of; the
    shapes force the transposes.

    W and b are kept, not copied: a network updates them in place between
    steps (W -= lr * dW), and this layer then uses the new values.  The layer
    itself never writes to them.  ``backward`` stores ``self.dW`` and
    ``self.db`` (new arrays each time) and returns dx.
    """

    def __init__(self, W, b):
        # float arrays are kept as they are (the network owns them); others are converted
        self.W = as_float_array(W, "Affine: W")
        self.b = as_float_array(b, "Affine: b")
        if self.W.ndim != 2:
            raise ValueError(f"Affine: W has shape {self.W.shape}; it must have two axes "
                             "(D inputs, H outputs), for example np.zeros((D, H)).")
        if self.b.shape != (self.W.shape[1],):
            raise ValueError(f"Affine: b has shape {self.b.shape}, but W has shape "
                             f"{self.W.shape}: b needs one bias per output column, "
                             f"shape ({self.W.shape[1]},).")
        self.x = None
        self.dW = None
        self.db = None

    def forward(self, x):
        x = as_float_array(x, "Affine.forward: x")
        D = self.W.shape[0]
        if x.ndim not in (1, 2) or x.shape[-1] != D:
            raise ValueError(
                f"Affine.forward: x has shape {x.shape}, but W has shape {self.W.shape}: "
                f"x must be a batch of shape (N, {D}) or one sample of shape ({D},). "
                f"Reshape x (for images: x.reshape(len(x), -1)) or build W with {D} rows "
                f"to match x.")
        self.x = x.copy()   # our own copy: the caller may reuse x
        return self.x @ self.W + self.b

    def backward(self, dout):
        require_forward_done(self, self.x)
        dout = checked_dout(self, dout, self.x.shape[:-1] + self.b.shape)
        # one sample is a batch of one: the same lines serve both
        x2, dout2 = np.atleast_2d(self.x), np.atleast_2d(dout)
        dx = dout @ self.W.T
        self.dW = (x2.T @ dout2).astype(self.W.dtype, copy=False)
        self.db = dout2.sum(axis=0).astype(self.b.dtype, copy=False)
        return dx.astype(self.x.dtype, copy=False)


class SoftmaxWithLoss:
    """loss = mean over the batch of -log softmax(x)[label].

    For one row of scores x and its label c:  loss = log(sum_j exp(x_j)) - x_c
    (log-sum-exp, so the loss is exact even where a probability rounds to 0).
    Local derivative of the mean loss:  dx = (y - t) / N, with y = softmax(x),
    t the one-hot labels and N the batch size; backward multiplies it by dout.

    Scores x: a batch (N, C) or one sample (C,).  Labels t: class indices
    (shape (N,), or one integer for one sample) or one-hot rows shaped like x.
    Keeps ``self.y`` (the probabilities) and ``self.t`` (the labels as one-hot
    rows), both its own arrays.
    """

    def __init__(self):
        self.y = None
        self.t = None
        self.loss = None

    def forward(self, x, t):
        x = as_float_array(x, "SoftmaxWithLoss.forward: x")
        if x.ndim not in (1, 2) or x.size == 0:
            raise ValueError(f"SoftmaxWithLoss.forward: x has shape {x.shape}; give scores "
                             "shaped (N, C) for a batch or (C,) for one sample, N, C >= 1.")
        require_finite(x, "SoftmaxWithLoss.forward: x")
        labels = class_indices(t, x.shape)
        # one sample is a batch of one: the same lines serve both
        x2, labels = x.reshape(-1, x.shape[-1]), labels.reshape(-1)
        rows = np.arange(len(x2))
        shifted = x2 - x2.max(axis=1, keepdims=True)   # exp only sees numbers <= 0
        with np.errstate(under="ignore"):               # exp(-1000) = 0 is right
            e = np.exp(shifted)
            total = e.sum(axis=1, keepdims=True)       # >= 1: the max contributes exp(0)
            self.y = (e / total).reshape(x.shape)
        t2 = np.zeros_like(x2)
        t2[rows, labels] = 1                           # the labels as one-hot rows
        self.t = t2.reshape(x.shape)
        # -log y_c = log(total) - shifted_c: log softmax at the label, never log(0)
        self.loss = float((np.log(total).sum() - shifted[rows, labels].sum()) / len(x2))
        return self.loss

    def backward(self, dout=1.0):
        require_forward_done(self, self.y)
        dout = checked_dout(self, dout, ())            # the loss is one number
        N = self.y.shape[0] if self.y.ndim == 2 else 1
        dx = dout * (self.y - self.t) / N
        return dx.astype(self.y.dtype, copy=False)


def numerical_gradient(f, x, h=1e-4):
    """Central difference (f(x+h) - f(x-h)) / 2h for each element of ``x``.

    ``f`` maps an array shaped like ``x`` to a number.  ``x`` itself is never
    changed; integer input is computed in float64 (adding h to an int would
    round it away).
    """
    scalar = is_python_number(x)
    x = as_float_array(x, "numerical_gradient: x").astype(np.float64)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[i] = h
        grad[i] = (float(f(x + step)) - float(f(x - step))) / (2 * h)
    return grad.item() if scalar else grad


def gradient_check(layer, *inputs, dout=None, h=1e-5, seed=0):
    """Largest relative error between ``layer.backward`` and central differences.

    Runs ``layer.forward(*inputs)``, then ``layer.backward(dout)`` with a
    random upstream gradient (or the one given), and compares each returned
    gradient with the numerical gradient of L = sum(forward(...) * dout).
    The error for one input is ||analytic - numeric|| / (||analytic|| + ||numeric||):
    below 1e-7 is right, above 1e-2 is certainly wrong.  A gradient that is
    None, NaN or inf, or has the wrong shape, scores ``inf``.  Keep inputs
    away from kinks such as ReLU's x = 0, where no derivative exists.
    """
    inputs = [np.array(v, dtype=np.float64) for v in inputs]  # float64 copies
    out = np.asarray(layer.forward(*inputs), dtype=np.float64)
    if dout is None:
        dout = np.random.default_rng(seed).standard_normal(out.shape)
    dout = np.array(dout, dtype=np.float64)
    grads = layer.backward(dout.copy())
    if not isinstance(grads, (tuple, list)):
        grads = (grads,)
    if len(grads) != len(inputs):
        raise ValueError(f"backward returned {len(grads)} gradients for {len(inputs)} inputs")

    worst = 0.0
    for i, (x, analytic) in enumerate(zip(inputs, grads)):
        def loss(xi, i=i):
            args = [a.copy() for a in inputs[:i]] + [xi] + [a.copy() for a in inputs[i + 1:]]
            return np.sum(np.asarray(layer.forward(*args), dtype=np.float64) * dout)
        analytic = np.asarray(analytic, dtype=np.float64)   # None becomes NaN
        if analytic.shape != x.shape or not np.all(np.isfinite(analytic)):
            return float("inf")  # the wrong shape, NaN or inf is simply wrong
        numeric = numerical_gradient(loss, x, h=h)
        diff = np.linalg.norm(analytic - numeric)
        scale = np.linalg.norm(analytic) + np.linalg.norm(numeric)
        error = 0.0 if diff == 0 else float(diff / scale)
        if not np.isfinite(error):
            return float("inf")  # forward itself gave NaN or inf near x
        worst = max(worst, error)
    return worst


# --- The checks the layers share -----------------------------------------------
# Small on purpose: each does one thing its name says, and is called where you can see it.

def is_python_number(value):
    """True for a plain int or float (not a bool): such inputs get Python floats back."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def as_float_array(value, where):
    """``value`` as a float numpy array; a clear TypeError for anything not a real number.

    A float array comes back as it is (no copy; a layer that keeps an input
    copies it itself); integers become float64, so that nothing is rounded.
    """
    if type(value) is np.ndarray and value.dtype.kind == "f":
        return value                # the usual case, checked first: nothing to convert
    try:
        arr = np.asarray(value)
    except Exception:
        arr = np.asarray(value, dtype=object)  # ragged lists and the like
    if arr.dtype.kind == "f":
        return arr
    if arr.dtype.kind in "iu":      # signed and unsigned integers (bool is kind "b": refused)
        return arr.astype(np.float64)
    raise TypeError(
        f"{where} must be a real number or a numeric array, got "
        f"{type(value).__name__} (dtype {arr.dtype}). Convert it first, "
        "for example with np.asarray(value, dtype=float).")


def python_float_if(was_number, value):
    """``value`` as a Python float when the input was a Python number, else as it is."""
    return value.item() if was_number else value


def require_forward_done(layer, kept):
    """A clear error if backward runs before forward (``kept`` is what forward keeps)."""
    if kept is None:
        name = type(layer).__name__
        raise RuntimeError(
            f"{name}.backward was called before {name}.forward: "
            "run forward first, then backward with the upstream gradient.")


def checked_dout(layer, dout, shape):
    """``dout`` as a float array, with a clear error unless it has the forward output's shape."""
    name = type(layer).__name__
    dout = as_float_array(dout, f"{name}.backward: dout")
    if dout.shape != shape:
        raise ValueError(
            f"{name}.backward: dout has shape {dout.shape}, but the forward "
            f"output had shape {shape}; they must match.")
    return dout


def sum_to_shape(grad, shape):
    """Sum ``grad`` over the axes that broadcasting added or stretched, back to ``shape``.

    An input used at many places of the output receives the sum of their gradients.
    """
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def like_input(grad, x, was_number):
    """The gradient for input ``x``: ``x``'s shape and dtype, a Python float if ``x`` was a number.

    ``grad`` must be a new array (never one the caller holds): it may be returned as it is.
    """
    grad = np.asarray(sum_to_shape(grad, x.shape)).astype(x.dtype, copy=False)
    return python_float_if(was_number, grad)


def require_finite(x, where):
    """A clear error if the scores ``x`` hold inf or NaN."""
    if not np.isfinite(x).all():
        raise ValueError(f"{where}: the scores contain inf or NaN; give finite scores.")


def class_indices(t, shape):
    """Labels ``t`` (class indices or one-hot rows) for scores of ``shape``, as new class indices.

    The result has shape ``shape[:-1]``, one index per row of scores.  Labels
    that are not valid for ``C = shape[-1]`` classes get a clear error.
    """
    where = "SoftmaxWithLoss.forward: t"
    labels = np.asarray(t)
    C = shape[-1]
    if labels.ndim == len(shape) and labels.dtype.kind in "biuf":   # one-hot rows
        if labels.shape != shape:
            raise ValueError(f"{where} has shape {labels.shape} but the scores have shape "
                             f"{shape}: one-hot labels must have the scores' shape.")
        if not (np.all((labels == 0) | (labels == 1)) and np.all(labels.sum(axis=-1) == 1)):
            raise ValueError(f"{where}: each one-hot row must hold a single 1 and zeros "
                             "elsewhere; give class indices or fix the rows.")
        return labels.argmax(axis=-1)                     # where each row's 1 is
    if labels.dtype.kind not in "iu":                     # class indices that are not integers
        if labels.dtype.kind not in "bf":
            raise TypeError(f"{where} must hold class indices or one-hot rows, got "
                            f"{type(t).__name__} (dtype {labels.dtype}).")
        if labels.dtype == bool or np.any(labels != np.round(labels)):
            raise ValueError(f"{where}: class indices must be whole numbers, got {labels!r}.")
    if labels.shape != shape[:-1]:
        if labels.ndim == len(shape) - 1:
            raise ValueError(f"{where}: got {labels.size} labels for {shape[0]} rows of "
                             f"scores; give one label per row.")
        raise ValueError(f"{where} has shape {labels.shape}; for scores of shape {shape} give "
                         f"class indices of shape {shape[:-1]} or one-hot rows of shape {shape}.")
    if labels.min() < 0 or labels.max() >= C:
        raise ValueError(f"{where}: a label is outside [0, {C}) (got {labels!r}); "
                         f"with {C} classes the labels are 0 .. {C - 1}.")
    return labels.astype(np.intp)                         # a new array, never the caller's
