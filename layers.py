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
    "Relu", "Sigmoid", "numerical_gradient", "gradient_check",
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
