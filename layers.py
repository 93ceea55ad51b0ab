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
  floats out; arrays keep their float dtype (float32 stays float32, also when
  multiplied by a Python number) and integer arrays are computed in float64.
  Each gradient has the shape and dtype of its own input.
* Nothing given to a layer is ever changed, and nothing a layer returns is an
  array it keeps: editing a result never changes a later ``backward``.
  (``Affine`` keeps the network's own W and b on purpose, reads them and
  never writes them: the network updates them in place between steps.)
* When inputs broadcast (an array times a number), each gradient is summed
  back to the shape of its own input.
* ReLU at exactly x = 0 has no derivative; like the book we use 0 there
  (the mask ``x <= 0`` blocks the gradient).
* A bad input gets an error that names the layer and says what to fix; a
  forward that fails keeps nothing.

Beside the layers: the book's functions ``sigmoid``, ``relu``, ``softmax`` and
``cross_entropy_error`` (in stable forms), and ``numerical_gradient``,
``gradient_check`` and ``relative_error``, which compare any layer (ours or your
own attempt) against central differences.
"""

import numpy as np

__all__ = [
    "MulLayer", "AddLayer", "SquareLayer", "ExpLayer", "ReciprocalLayer",
    "Relu", "Sigmoid", "Affine", "SoftmaxWithLoss",
    "sigmoid", "relu", "softmax", "cross_entropy_error",
    "numerical_gradient", "central_difference", "gradient_check", "relative_error",
]


class MulLayer:
    """out = x * y.   Local derivatives: d out/dx = y, d out/dy = x ("multiply swaps")."""

    def __init__(self):
        self.x = None
        self.y = None

    def forward(self, x, y):
        x, y = two_inputs(self, x, y)
        out = x * y
        self.x, self.y = own(x), own(y)   # our own: the caller may reuse x and y
        return out

    def backward(self, dout):
        dout = checked_dout(self, dout, self.x, self.y)
        dx = dout * self.y   # the other input is the local derivative
        dy = dout * self.x
        return like(dx, self.x), like(dy, self.y)


class AddLayer:
    """out = x + y.  Local derivatives: d out/dx = d out/dy = 1 (add copies dout to both inputs)."""

    def __init__(self):
        self.x = None   # kept for their shapes and dtypes: each gradient is returned like its input
        self.y = None

    def forward(self, x, y):
        x, y = two_inputs(self, x, y)
        out = x + y
        self.x, self.y = own(x), own(y)
        return out

    def backward(self, dout):
        dout = checked_dout(self, dout, self.x, self.y)
        dx = dout * 1        # new arrays: the caller's dout stays theirs alone
        dy = dout * 1
        return like(dx, self.x), like(dy, self.y)


class SquareLayer:
    """out = x ** 2.   Local derivative: d out/dx = 2x."""

    def __init__(self):
        self.x = None

    def forward(self, x):
        x = one_input(self, x)
        out = x ** 2
        self.x = own(x)
        return out

    def backward(self, dout):
        dout = checked_dout(self, dout, self.x)
        dx = dout * 2 * self.x
        return like(dx, self.x)


class ExpLayer:
    """out = exp(x).   Local derivative: d out/dx = exp(x) = out, so we keep out."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        x = one_input(self, x)
        require_exp_fits(self, x)
        out = like(np.exp(x), x)
        self.out = own(out)   # our own: the caller may edit what forward returns
        return out

    def backward(self, dout):
        dout = checked_dout(self, dout, self.out)
        dx = dout * self.out
        return like(dx, self.out)


class ReciprocalLayer:
    """out = 1 / x (the "/" node).   Local derivative: d out/dx = -1/x**2 = -out**2."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        x = one_input(self, x)
        require_nonzero(self, x)
        out = 1 / x
        self.out = own(out)
        return out

    def backward(self, dout):
        dout = checked_dout(self, dout, self.out)
        dx = -dout * self.out ** 2
        return like(dx, self.out)


class Relu:
    """out = max(0, x).   Local derivative: 1 where x > 0, else 0.

    At exactly x = 0 the derivative is taken as 0 (the book's convention):
    the mask ``x <= 0`` marks every place where the gradient is blocked.
    """

    def __init__(self):
        self.mask = None
        self.dtype = None   # dx is given back in x's dtype (float for a Python number)

    def forward(self, x):
        x = one_input(self, x)
        self.mask = x <= 0
        self.dtype = dtype_of(x)
        return like(relu(x), x)   # a new array: the caller's x is untouched

    def backward(self, dout):
        dout = checked_dout(self, dout, self.mask)
        # np.where builds a new array: the book writes zeros into the caller's dout instead
        dx = np.where(self.mask, 0, dout)
        return as_dtype(dx, self.dtype)


class Sigmoid:
    """out = 1 / (1 + exp(-x)).   Local derivative: out * (1 - out).

    As a graph: x -> *(-1) -> exp -> +1 -> 1/t -> out.  Going backward, the
    four local derivatives are -out**2, 1, exp(-x) and -1; their product is
    out**2 * exp(-x) = out * (1 - out).  So backward needs only ``out``.
    The function ``sigmoid`` below computes it without ever overflowing.
    """

    def __init__(self):
        self.out = None

    def forward(self, x):
        x = one_input(self, x)
        out, spare = sigmoid_and_spare(x)
        np.copyto(spare, out)        # our own copy (the caller may edit what forward
        self.out = like(spare, x)    # returns), in an array sigmoid no longer needs
        return like(out, x)

    def backward(self, dout):
        dout = checked_dout(self, dout, self.out)
        dx = 1.0 - self.out   # dx = dout * out * (1 - out), in one new array
        dx *= self.out
        dx *= dout
        return like(dx, self.out)


class Affine:
    """out = x @ W + b, for a batch x of shape (N, D) or one sample (D,).

    W has shape (D, H) and b shape (H,).  Local derivatives, with dout shaped
    like out:  dx = dout @ W.T,  dW = x.T @ dout,  db = dout summed over the
    batch.  Each gradient has the shape of what it is the gradient of; the
    shapes force the transposes.  Like the book's, a batch of images
    (N, C, H, W) is flattened to (N, C*H*W) and dx comes back in its shape.

    W and b are kept, not copied: a network updates them in place between
    steps (W -= lr * dW), and this layer then uses the new values.  The layer
    itself never writes to them.  ``backward`` stores ``self.dW`` and
    ``self.db`` (new arrays each time) and returns dx.
    """

    def __init__(self, W, b):
        self.W, self.b = affine_params(W, b)   # float arrays are kept as they are
        self.x = None          # the input as (N, D) or (D,)
        self.x_shape = None    # the input's own shape: dx is given back in it
        self.dW = None
        self.db = None

    def forward(self, x):
        x = one_input(self, x)
        x2 = flat_samples(self, x)     # (N, D), or (D,) for one sample
        out = x2 @ self.W + self.b
        self.x, self.x_shape = x2.copy(), x.shape   # our own copy: the caller may reuse x
        return out

    def backward(self, dout):
        require_forward_done(self, self.x)
        dout = checked_dout(self, dout, shape=self.x.shape[:-1] + self.b.shape)
        # one sample is a batch of one: the same lines serve both
        x2, dout2 = np.atleast_2d(self.x), np.atleast_2d(dout)
        dx = dout @ self.W.T
        self.dW = (x2.T @ dout2).astype(self.W.dtype, copy=False)
        self.db = dout2.sum(axis=0).astype(self.b.dtype, copy=False)
        return dx.reshape(self.x_shape).astype(self.x.dtype, copy=False)


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
        x = scores_input(self, x)
        labels = class_indices(t, x.shape, "SoftmaxWithLoss.forward: t")
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
        dout = checked_dout(self, dout, self.loss)     # the loss is one number
        N = self.y.shape[0] if self.y.ndim == 2 else 1
        dx = dout * (self.y - self.t) / N
        return dx.astype(self.y.dtype, copy=False)


# --- The book's functions (its common/functions.py), in stable forms -----------------

def sigmoid(x):
    """1 / (1 + exp(-x)), elementwise, for any x: exp never sees a positive number.

    With e = exp(-|x|):  1 / (1 + e) where x >= 0,  e / (1 + e) where x < 0.
    Both equal 1 / (1 + exp(-x)); the second keeps full accuracy far in the left
    tail.
    """
    return sigmoid_and_spare(x)[0]


def sigmoid_and_spare(x):
    """``sigmoid(x)``, and the array that held 1 + e: free once the division is done, so
    ``Sigmoid.forward`` keeps its copy there instead of in a third array (speed)."""
    x = np.asarray(x, dtype=np.result_type(x, 1.0))   # float32 stays float32, ints become float64
    e = np.copysign(x, -1, out=np.empty_like(x))      # -|x|, in an array of our own
    with np.errstate(under="ignore"):                 # exp(-1000) = 0 is the right answer
        np.exp(e, out=e)                              # exp(-|x|), in (0, 1]: never overflows
    denominator = np.add(e, 1, out=np.empty_like(e))  # 1 + e (an array even for one number)
    np.maximum(e, x >= 0, out=e)                      # the numerator: 1 where x >= 0, else e
    e /= denominator
    return e, denominator


def relu(x):
    """max(0, x), elementwise, in x's dtype."""
    return np.maximum(x, 0)


def softmax(x):
    """Probabilities from scores, over the last axis: exp(x_k) / sum_j exp(x_j).

    Subtracting each row's largest score first changes nothing in the result
    (the factor exp(-max) cancels) but keeps exp from overflowing: it only
    ever sees numbers <= 0, so any finite scores work.
    """
    x = scores_input(softmax, x)
    with np.errstate(under="ignore"):   # exp(-1000) = 0 is the right answer
        e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def cross_entropy_error(y, t):
    """Mean over the batch of -log y[label], for probabilities y (N, C) or (C,).

    Labels ``t``: class indices or one-hot rows, as for ``SoftmaxWithLoss``.  The
    book adds 1e-7 inside the log so that log(0) never happens; here a probability
    of 0 is raised to the smallest positive float instead (a loss near 708, not
    the book's 16.1).  From scores, ``SoftmaxWithLoss`` gives the exact loss.
    """
    y = scores_input(cross_entropy_error, y)
    labels = class_indices(t, y.shape, "cross_entropy_error: t").reshape(-1)
    y2 = y.reshape(-1, y.shape[-1])
    at_label = y2[np.arange(len(y2)), labels]
    return float(-np.log(np.maximum(at_label, np.finfo(y.dtype).tiny)).mean())


# --- Checking a backward pass against central differences ---------------------------

def numerical_gradient(f, x, h=1e-4):
    """Central differences (f(x + h) - f(x - h)) / 2h, one element of ``x`` at a time.

    Like the book's, it nudges ``x`` itself: element i is set to x[i] + h, then
    x[i] - h, ``f(x)`` is computed each time, and x[i] is put back exactly (also
    if ``f`` raises).  So ``f`` may use its argument (``lambda v: np.sum(v ** 2)``)
    or read ``x`` some other way (the book's ``lambda W: net.loss(x, t)``, where
    ``x`` is the network's own weight array).  Afterwards ``x`` is bit-for-bit what
    it was.  ``f`` must return one number.  A Python number or a list is copied
    into a new float64 array first (then only ``f``'s argument sees the nudges).
    An integer array is refused: x + h would round back to a whole number.
    Returns float64 gradients shaped like ``x`` (a Python float for a number).
    """
    require_callable(f)
    x, was_number = nudgeable(x)
    grad = np.zeros(x.shape)
    for i in np.ndindex(x.shape):
        grad[i] = central_difference(f, x, i, h)
    return float(grad) if was_number else grad


def central_difference(f, x, i, h):
    """(f(x) with x[i] + h  -  f(x) with x[i] - h) / 2h; x[i] is put back exactly, always."""
    old = x[i]
    require_real_step(x, i, h)
    try:
        x[i] = old + h
        up = loss_value(f(x))
        x[i] = old - h
        down = loss_value(f(x))
    finally:
        x[i] = old
    return (up - down) / (2 * h)


def gradient_check(layer, *inputs, dout=None, h=1e-5, seed=0):
    """Largest relative error between ``layer.backward`` and central differences.

    Runs ``layer.forward(*inputs)``, then ``layer.backward(dout)`` with a
    random upstream gradient (or the one given), and compares each returned
    gradient with the numerical gradient of L = sum(forward(...) * dout).
    The error for one input is ``relative_error(analytic, numeric)``:
    below 1e-7 is right in float64; above 1e-2 is wrong, unless an input sits
    near a kink (see below) or the arrays are float32.  A gradient that is
    None, NaN or inf, or has the wrong shape, scores ``inf``.  Keep inputs
    away from kinks such as ReLU's x = 0, where no derivative exists.

    The numerical side always starts from pristine copies of the inputs.  A
    forward that writes into its inputs (``x /= y``) is itself the mistake:
    it raises a ValueError that says so.
    """
    inputs = [np.array(v, dtype=np.float64) for v in inputs]   # float64 copies
    given = [v.copy() for v in inputs]
    out = np.asarray(layer.forward(*given), dtype=np.float64)
    require_unchanged(layer, given, inputs)
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
            args = [a.copy() for a in inputs[:i]] + [xi.copy()] + [a.copy() for a in inputs[i + 1:]]
            return np.sum(np.asarray(layer.forward(*args), dtype=np.float64) * dout)
        analytic = np.asarray(analytic, dtype=np.float64)   # None becomes NaN
        if analytic.shape != x.shape or not np.all(np.isfinite(analytic)):
            return float("inf")  # the wrong shape, NaN or inf is simply wrong
        worst = max(worst, relative_error(analytic, numerical_gradient(loss, x.copy(), h=h)))
    return worst


def relative_error(a, b):
    """||a - b|| / (||a|| + ||b||): below 1e-7 the two agree to float64 precision.

    Two equal arrays (also two zero arrays) agree exactly: 0.0.  A NaN or inf gives inf.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"relative_error: shapes differ, {a.shape} and {b.shape}")
    diff = np.linalg.norm(a - b)
    if not np.isfinite(diff):
        return float("inf")
    return 0.0 if diff == 0 else float(diff / (np.linalg.norm(a) + np.linalg.norm(b)))


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


def name_of(layer):
    """The name errors use: the class of a layer, or a function's own name."""
    return getattr(layer, "__name__", None) or type(layer).__name__


def one_input(layer, x, name="x"):
    """A Python number as a Python float; anything else as a float array (not copied)."""
    if is_python_number(x):
        return float(x)
    return as_float_array(x, f"{name_of(layer)}.forward: {name}")


def two_inputs(layer, x, y):
    """``one_input`` for x and y, with a clear error if their shapes do not broadcast."""
    x, y = one_input(layer, x, "x"), one_input(layer, y, "y")
    try:
        np.broadcast_shapes(np.shape(x), np.shape(y))
    except ValueError:
        raise ValueError(f"{name_of(layer)}.forward: x has shape {np.shape(x)} and y has shape "
                         f"{np.shape(y)}, which do not broadcast together; give arrays of one "
                         "shape, or where a shape differs let that axis be 1.") from None
    return x, y


def own(value):
    """Our own copy of an input or output a layer keeps (a Python number needs none)."""
    return value.copy() if isinstance(value, np.ndarray) else value


def dtype_of(x):
    """``float`` (the Python type) for a Python number, else the array's dtype."""
    return float if is_python_number(x) else x.dtype


def as_dtype(value, dtype):
    """``value`` as a Python float (``dtype`` float) or as an array of ``dtype``."""
    if dtype is float:
        return float(value)
    return np.asarray(value).astype(dtype, copy=False)


def like(value, x):
    """``value`` shaped and typed like ``x``: a Python float if ``x`` is a number, else
    an array of ``x``'s shape (summed over the axes broadcasting added or stretched) and dtype.

    ``value`` must be new (never an array the caller holds): it may be returned as it is.
    """
    if is_python_number(x):
        return float(np.sum(value))
    return as_dtype(sum_to_shape(np.asarray(value), x.shape), x.dtype)


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


def require_forward_done(layer, kept):
    """A clear error if backward runs before forward (``kept`` is what forward keeps)."""
    if kept is None:
        name = name_of(layer)
        raise RuntimeError(
            f"{name}.backward was called before {name}.forward: "
            "run forward first, then backward with the upstream gradient.")


def checked_dout(layer, dout, *kept, shape=None):
    """``dout`` as a Python float or a float array, with a clear error unless it has the
    forward output's shape: ``shape``, or the shape the ``kept`` values broadcast to."""
    for value in kept:
        require_forward_done(layer, value)
    if shape is None:   # the output's shape: that of the one input, or of the two broadcast
        shape = np.shape(kept[0]) if len(kept) == 1 else np.broadcast_shapes(
            *(np.shape(value) for value in kept))
    name = name_of(layer)
    if is_python_number(dout):
        dout = float(dout)
    else:
        dout = as_float_array(dout, f"{name}.backward: dout")
    if np.shape(dout) != shape:
        raise ValueError(
            f"{name}.backward: dout has shape {np.shape(dout)}, but the forward "
            f"output had shape {shape}; they must match.")
    return dout


def require_exp_fits(layer, x):
    """A clear error if exp(x) would overflow x's float type."""
    limit = np.log(np.finfo(np.result_type(x)).max)
    if np.any(x > limit):
        raise OverflowError(
            f"{name_of(layer)}.forward: exp(x) overflows {np.result_type(x)} for x > {limit:.2f} "
            f"(largest x given: {np.max(x):.6g}). Use smaller inputs, or the fused "
            "Sigmoid layer, which never calls exp on a positive number.")


def require_nonzero(layer, x):
    """A clear error if x holds a zero (1/x is undefined there)."""
    if np.any(np.equal(x, 0)):
        raise ZeroDivisionError(f"{name_of(layer)}.forward: 1/x is undefined at x = 0; "
                                "give inputs that are not zero.")


def affine_params(W, b):
    """W (D, H) and b (H,) as float arrays (float arrays kept, not copied), or a clear error."""
    W, b = as_float_array(W, "Affine: W"), as_float_array(b, "Affine: b")
    if W.ndim != 2:
        raise ValueError(f"Affine: W has shape {W.shape}; it must have two axes "
                         "(D inputs, H outputs), for example np.zeros((D, H)).")
    if b.shape != (W.shape[1],):
        raise ValueError(f"Affine: b has shape {b.shape}, but W has shape {W.shape}: "
                         f"b needs one bias per output column, shape ({W.shape[1]},).")
    return W, b


def flat_samples(layer, x):
    """x as (N, D) (each sample flattened, as the book does for images) or as one sample
    (D,), with a clear error unless D matches the rows of ``layer.W``."""
    D = layer.W.shape[0]
    x2 = np.reshape(x, (len(x), -1)) if np.ndim(x) > 2 and np.size(x) else np.asarray(x)
    if x2.ndim not in (1, 2) or x2.shape[-1] != D:
        raise ValueError(
            f"Affine.forward: x has shape {np.shape(x)}, but W has shape {layer.W.shape}: "
            f"x must be a batch of shape (N, {D}) (or (N, ...) with {D} values per sample) "
            f"or one sample of shape ({D},). Reshape x or build W with {D} rows to match x.")
    return x2


def scores_input(where, x):
    """Scores (or probabilities) x as a float array (N, C) or (C,), finite and not empty."""
    name = name_of(where) + (".forward" if isinstance(where, SoftmaxWithLoss) else "")
    x = as_float_array(x, f"{name}: x")
    if x.ndim == 0 or x.size == 0 or (isinstance(where, SoftmaxWithLoss) and x.ndim > 2):
        raise ValueError(f"{name}: x has shape {x.shape}; give scores shaped (N, C) for a "
                         "batch or (C,) for one sample, N, C >= 1.")
    if not np.isfinite(x).all():
        raise ValueError(f"{name}: the scores contain inf or NaN; give finite scores.")
    return x


def class_indices(t, shape, where):
    """Labels ``t`` (class indices or one-hot rows) for scores of ``shape``, as new class indices.

    The result has shape ``shape[:-1]``, one index per row of scores.  Labels
    that are not valid for ``C = shape[-1]`` classes get a clear error that
    starts with ``where``.
    """
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


def require_callable(f):
    """A clear error unless ``f`` can be called (a function, not its result)."""
    if not callable(f):
        raise TypeError(f"numerical_gradient: f must be a function of x that returns a number, "
                        f"got {type(f).__name__}; pass the function itself, e.g. "
                        "lambda v: np.sum(v ** 2), not its value.")


def nudgeable(x):
    """(x as a float array that ``numerical_gradient`` may nudge, whether x was a number)."""
    if isinstance(x, np.ndarray):
        if x.dtype.kind in "iub":
            raise TypeError(
                f"numerical_gradient: x is an array of {x.dtype}; x + h would round back to a "
                "whole number. Give a float array: x = x.astype(float) (and let f read that).")
        if x.dtype.kind != "f":
            raise TypeError(f"numerical_gradient: x must be a float array, got dtype {x.dtype}.")
        if not x.flags.writeable:
            raise ValueError("numerical_gradient: x is read-only; it is nudged in place "
                             "(and restored): give a writeable float array.")
        return x, False
    return as_float_array(x, "numerical_gradient: x").astype(np.float64), is_python_number(x)


def loss_value(value):
    """What f returned, as a Python float; a clear error unless it is one real number."""
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)) \
            or isinstance(value, (complex, np.complexfloating)):
        shape = f" of shape {value.shape}" if isinstance(value, np.ndarray) else ""
        raise TypeError(
            f"numerical_gradient: f must return one number (the loss), got "
            f"{type(value).__name__}{shape}. Return a number, e.g. np.sum(...) of an array"
            + (", and check that f has a return statement." if value is None else "."))
    return float(value)


def require_real_step(x, i, h):
    """A clear error unless h > 0 changes x[i] both ways (else the gradient is a silent 0)."""
    if not (isinstance(h, (int, float, np.floating)) and not isinstance(h, bool)
            and np.isfinite(h) and h > 0):
        raise ValueError(f"numerical_gradient: h must be a positive number, got {h!r}.")
    old = x[i]
    if x.dtype.type(old + h) == old or x.dtype.type(old - h) == old:
        raise ValueError(
            f"numerical_gradient: h = {h!r} is too small for x{list(i)} = {float(old)!r}: "
            f"x + h rounds back to x in {x.dtype}, so the difference would be 0. Use a larger "
            "h (1e-4 for float64 is the book's).")


def require_unchanged(layer, given, inputs):
    """A clear error if ``layer.forward`` wrote into the arrays it was given."""
    changed = [i for i, (g, v) in enumerate(zip(given, inputs))
               if not np.array_equal(g, v, equal_nan=True)]
    if changed:
        raise ValueError(
            f"gradient_check: {name_of(layer)}.forward changed input {changed[0]} (the "
            "caller's own array). A layer must never write into what it is given: "
            "compute a new array (out = x / y, not x /= y).")
