"""The layers of chapter 5: one class per node of a computational graph.

Every layer has the same two methods:

* ``forward(...)`` computes the output and keeps what ``backward`` will need;
* ``backward(dout)`` takes the upstream gradient ``dout`` (dL/d output) and
  returns the gradient of the loss for each forward input, in the same order.

Each ``backward`` is the chain rule in one line: downstream = upstream x local.
Inputs may be Python numbers or numpy arrays.  Python numbers in give Python
floats out; arrays keep their float dtype (float32 stays float32) and integer
arrays are computed in float64.  Nothing given to a layer is ever changed.

``numerical_gradient`` and ``gradient_check`` compare any layer (ours or your
own attempt) against central differences.
"""

import numpy as np

__all__ = [
    "MulLayer", "AddLayer", "SquareLayer", "ExpLayer", "ReciprocalLayer",
    "Relu", "Sigmoid", "softmax", "Affine", "SoftmaxWithLoss",
    "numerical_gradient", "gradient_check",
]


class Layer:
    """What all layers share: input checks and the forward/backward bookkeeping."""

    def __init__(self):
        self._out_shape = None   # set by forward; None means "no forward yet"
        self._scalar_in = None   # which inputs were plain Python numbers

    def _inputs(self, *values, names):
        arrays = [_to_float_array(v, f"{type(self).__name__}.forward: {n}")
                  for v, n in zip(values, names)]
        self._scalar_in = [_is_python_number(v) for v in values]
        return arrays

    def _output(self, out):
        self._out_shape = np.shape(out)
        return out.item() if all(self._scalar_in) else out

    def _upstream(self, dout):
        name = type(self).__name__
        if self._out_shape is None:
            raise RuntimeError(
                f"{name}.backward was called before {name}.forward: "
                "run forward first, then backward with the upstream gradient.")
        dout = _to_float_array(dout, f"{name}.backward: dout")
        if dout.shape != self._out_shape:
            raise ValueError(
                f"{name}.backward: dout has shape {dout.shape}, but the forward "
                f"output had shape {self._out_shape}; they must match.")
        return dout

    def _grad(self, grad, i, like):
        """Gradient for input ``i``: the shape and dtype of that input."""
        grad = _unbroadcast(grad, like.shape).astype(like.dtype, copy=False)
        return grad.item() if self._scalar_in[i] else grad


class MulLayer(Layer):
    """out = x * y.   Local derivatives: d out/dx = y, d out/dy = x ("multiply swaps")."""

    def forward(self, x, y):
        self.x, self.y = self._inputs(x, y, names=("x", "y"))
        return self._output(self.x * self.y)

    def backward(self, dout):
        dout = self._upstream(dout)
        dx = dout * self.y   # the other input is the local derivative
        dy = dout * self.x
        return self._grad(dx, 0, self.x), self._grad(dy, 1, self.y)


class AddLayer(Layer):
    """out = x + y.   Local derivatives: d out/dx = 1, d out/dy = 1 ("add distributes")."""

    def forward(self, x, y):
        self.x, self.y = self._inputs(x, y, names=("x", "y"))
        return self._output(self.x + self.y)

    def backward(self, dout):
        dout = self._upstream(dout)
        # dout * 1 for each input; _grad copies, so the caller's dout stays theirs
        return self._grad(dout, 0, self.x), self._grad(dout, 1, self.y)


class SquareLayer(Layer):
    """out = x ** 2.   Local derivative: d out/dx = 2x."""

    def forward(self, x):
        (self.x,) = self._inputs(x, names=("x",))
        return self._output(self.x ** 2)

    def backward(self, dout):
        dout = self._upstream(dout)
        return self._grad(dout * 2 * self.x, 0, self.x)


class ExpLayer(Layer):
    """out = exp(x).   Local derivative: d out/dx = exp(x) = out, so we keep out."""

    def forward(self, x):
        (x,) = self._inputs(x, names=("x",))
        limit = np.log(np.finfo(x.dtype).max)
        if np.any(x > limit):
            raise OverflowError(
                f"ExpLayer.forward: exp(x) overflows {x.dtype} for x > {limit:.2f} "
                f"(largest x given: {np.max(x):.6g}). Use smaller inputs, or the fused "
                "Sigmoid layer, which never calls exp on a positive number.")
        self.out = np.exp(x)
        return self._output(self.out)

    def backward(self, dout):
        dout = self._upstream(dout)
        return self._grad(dout * self.out, 0, self.out)


class ReciprocalLayer(Layer):
    """out = 1 / x (the "/" node).   Local derivative: d out/dx = -1/x**2 = -out**2."""

    def forward(self, x):
        (x,) = self._inputs(x, names=("x",))
        if np.any(x == 0):
            raise ZeroDivisionError("ReciprocalLayer.forward: 1/x is undefined at x = 0; "
                                    "give inputs that are not zero.")
        self.out = 1 / x
        return self._output(self.out)

    def backward(self, dout):
        dout = self._upstream(dout)
        return self._grad(-dout * self.out ** 2, 0, self.out)


class Relu(Layer):
    """out = max(0, x).   Local derivative: 1 where x > 0, else 0.

    At exactly x = 0 the derivative is taken as 0 (the book's convention):
    the mask ``x <= 0`` marks every place where the gradient is blocked.
    """

    def forward(self, x):
        (x,) = self._inputs(x, names=("x",))
        self.mask = x <= 0
        self.dtype = x.dtype
        return self._output(np.where(self.mask, 0, x).astype(x.dtype))

    def backward(self, dout):
        dout = self._upstream(dout)
        # np.where builds a new array: the caller's dout is never overwritten
        dx = np.where(self.mask, 0, dout).astype(self.dtype)
        return dx.item() if self._scalar_in[0] else dx


class Sigmoid(Layer):
    """out = 1 / (1 + exp(-x)).   Local derivative: out * (1 - out).

    As a graph: x -> *(-1) -> exp -> +1 -> 1/t -> out.  Going backward, the
    four local derivatives are -out**2, 1, exp(-x) and -1; their product is
    out**2 * exp(-x) = out * (1 - out).  So backward needs only ``out``.
    """

    def forward(self, x):
        (x,) = self._inputs(x, names=("x",))
        self.out = _stable_sigmoid(x)
        return self._output(self.out)

    def backward(self, dout):
        dout = self._upstream(dout)
        return self._grad(dout * self.out * (1 - self.out), 0, self.out)


def softmax(x):
    """Probabilities from scores, over the last axis: exp(x_k) / sum_j exp(x_j).

    Subtracting each row's largest score first changes nothing in the result
    (the factor exp(-max) cancels) but keeps exp from overflowing: it only
    ever sees numbers <= 0, so any finite scores work.
    """
    x = _to_float_array(x, "softmax: x")
    _require_finite_scores(x, "softmax")
    with np.errstate(under="ignore"):   # exp(-1000) = 0 is the right answer, not a problem
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
        self.W = _parameter(W, "Affine: W")
        self.b = _parameter(b, "Affine: b")
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
        x = _to_float_array(x, "Affine.forward: x")
        D = self.W.shape[0]
        if x.ndim not in (1, 2) or x.shape[-1] != D:
            raise ValueError(
                f"Affine.forward: x has shape {x.shape}, but W has shape {self.W.shape}: "
                f"x must be a batch of shape (N, {D}) or one sample of shape ({D},). "
                f"Reshape x (for images: x.reshape(len(x), -1)) or build W with {D} rows "
                f"to match x.")
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        if self.x is None:
            raise RuntimeError("Affine.backward was called before Affine.forward: "
                               "run forward first, then backward with the upstream gradient.")
        out_shape = self.x.shape[:-1] + (self.W.shape[1],)
        dout = _to_float_array(dout, "Affine.backward: dout")
        if dout.shape != out_shape:
            raise ValueError(f"Affine.backward: dout has shape {dout.shape}, but the forward "
                             f"output had shape {out_shape}; they must match.")
        # one sample is a batch of one: the same three lines serve both
        x2, dout2 = np.atleast_2d(self.x), np.atleast_2d(dout)
        dx = dout @ self.W.T
        self.dW = (x2.T @ dout2).astype(_float_dtype(self.W))
        self.db = dout2.sum(axis=0).astype(_float_dtype(self.b))
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
    rows), both its own copies.
    """

    def __init__(self):
        self.y = None
        self.t = None
        self.loss = None

    def forward(self, x, t):
        x = _to_float_array(x, "SoftmaxWithLoss.forward: x")
        if x.ndim not in (1, 2) or x.shape[-1] == 0:
            raise ValueError(f"SoftmaxWithLoss.forward: x has shape {x.shape}; give scores "
                             "shaped (N, C) for a batch or (C,) for one sample, C >= 1.")
        _require_finite_scores(x, "SoftmaxWithLoss.forward")
        self.t = _one_hot_labels(t, x.shape, x.dtype)
        N = x.shape[0] if x.ndim == 2 else 1
        shifted = x - x.max(axis=-1, keepdims=True)   # exp only sees numbers <= 0
        with np.errstate(under="ignore"):
            e = np.exp(shifted)
        total = e.sum(axis=-1, keepdims=True)          # >= 1: the max contributes exp(0)
        self.y = e / total
        log_y = shifted - np.log(total)                # log softmax, never log(0)
        self.loss = float(-np.sum(self.t * log_y) / N)
        return self.loss

    def backward(self, dout=1.0):
        if self.y is None:
            raise RuntimeError("SoftmaxWithLoss.backward was called before "
                               "SoftmaxWithLoss.forward: run forward first, then backward.")
        dout = _to_float_array(dout, "SoftmaxWithLoss.backward: dout")
        if dout.shape != ():
            raise ValueError(f"SoftmaxWithLoss.backward: dout has shape {dout.shape}, but the "
                             "loss is one number; give dout as a number (1.0 by default).")
        N = self.y.shape[0] if self.y.ndim == 2 else 1
        dx = dout * (self.y - self.t) / N
        return dx.astype(self.y.dtype, copy=False)


def _stable_sigmoid(x):
    # exp only ever sees -|x| <= 0, so it cannot overflow for any x;
    # x >= 0 uses 1/(1+e^-x), x < 0 the equal form e^x/(1+e^x).
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e)).astype(x.dtype)


def numerical_gradient(f, x, h=1e-4):
    """Central difference (f(x+h) - f(x-h)) / 2h for each element of ``x``.

    ``f`` maps an array shaped like ``x`` to a number.  ``x`` itself is never
    changed; integer input is computed in float64 (adding h to an int would
    round it away).
    """
    scalar = _is_python_number(x)
    x = _to_float_array(x, "numerical_gradient: x").astype(np.float64)
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
    below 1e-7 is right, above 1e-2 is certainly wrong.  Keep inputs away
    from kinks such as ReLU's x = 0, where no derivative exists.
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
        numeric = numerical_gradient(loss, x, h=h)
        analytic = np.asarray(analytic, dtype=np.float64)
        if analytic.shape != x.shape:
            return float("inf")  # a gradient of the wrong shape is simply wrong
        diff = np.linalg.norm(analytic - numeric)
        scale = np.linalg.norm(analytic) + np.linalg.norm(numeric)
        error = 0.0 if diff == 0 else float(diff / scale)
        if not np.isfinite(error):
            return float("inf")  # NaN or inf (e.g. backward returned None) is simply wrong
        worst = max(worst, error)
    return worst


def _is_python_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _to_float_array(value, where):
    """A float copy of ``value``; a clear TypeError for anything not a real number."""
    try:
        arr = np.asarray(value)
    except Exception:
        arr = np.asarray(value, dtype=object)  # ragged lists and the like
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer)
                                 or np.issubdtype(arr.dtype, np.floating)):
        raise TypeError(
            f"{where} must be a real number or a numeric array, got "
            f"{type(value).__name__} (dtype {arr.dtype}). Convert it first, "
            "for example with np.asarray(value, dtype=float).")
    dtype = arr.dtype if np.issubdtype(arr.dtype, np.floating) else np.float64
    return np.array(arr, dtype=dtype, copy=True)


def _unbroadcast(grad, shape):
    """Sum ``grad`` over the axes that broadcasting added, back to ``shape``."""
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, size in enumerate(shape):
        if size == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return np.array(grad, copy=True)


def _parameter(value, where):
    """A numeric numpy array is kept as it is (the network owns it); anything else is converted."""
    if isinstance(value, np.ndarray) and value.dtype != bool and (
            np.issubdtype(value.dtype, np.integer) or np.issubdtype(value.dtype, np.floating)):
        return value
    return _to_float_array(value, where)


def _float_dtype(arr):
    """The dtype a gradient for ``arr`` gets: its own float dtype, float64 for integers."""
    return arr.dtype if np.issubdtype(arr.dtype, np.floating) else np.dtype(np.float64)


def _require_finite_scores(x, where):
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{where}: the scores contain inf or NaN; give finite scores.")


def _one_hot_labels(t, shape, dtype):
    """Labels ``t`` (class indices or one-hot rows) for scores of ``shape``, as one-hot rows."""
    where = "SoftmaxWithLoss.forward: t"
    labels = np.asarray(t)
    if labels.dtype != bool and not (np.issubdtype(labels.dtype, np.integer)
                                     or np.issubdtype(labels.dtype, np.floating)):
        raise TypeError(f"{where} must hold class indices or one-hot rows, got "
                        f"{type(t).__name__} (dtype {labels.dtype}).")
    C = shape[-1]
    if labels.ndim == len(shape):                         # one-hot rows
        if labels.shape != shape:
            raise ValueError(f"{where} has shape {labels.shape} but the scores have shape "
                             f"{shape}: one-hot labels must have the scores' shape.")
        ones = labels.astype(np.float64)
        if not (np.all((ones == 0) | (ones == 1)) and np.all(ones.sum(axis=-1) == 1)):
            raise ValueError(f"{where}: each one-hot row must hold a single 1 and zeros "
                             "elsewhere; give class indices or fix the rows.")
        return np.array(labels, dtype=dtype)                # a copy, never the caller's array
    if labels.ndim == len(shape) - 1:                     # class indices
        if labels.shape != shape[:-1]:
            raise ValueError(f"{where}: got {labels.size} labels for {shape[0]} rows of "
                             f"scores; give one label per row.")
        if labels.dtype == bool or np.any(labels != np.round(labels)):
            raise ValueError(f"{where}: class indices must be whole numbers, got {labels!r}.")
        if np.any((labels < 0) | (labels >= C)):
            raise ValueError(f"{where}: a label is outside [0, {C}) (got {labels!r}); "
                             f"with {C} classes the labels are 0 .. {C - 1}.")
        return np.eye(C, dtype=dtype)[labels.astype(np.intp)]  # fancy indexing: a new array
    raise ValueError(f"{where} has shape {labels.shape}; for scores of shape {shape} give "
                     f"class indices of shape {shape[:-1]} or one-hot rows of shape {shape}.")
