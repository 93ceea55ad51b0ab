"""A two-layer network built from the layers of chapter 5 (book section 5.7).

    x -> Affine(W1, b1) -> Relu -> Affine(W2, b2) -> SoftmaxWithLoss(t) -> loss

``TwoLayerNet`` keeps its parameters in ``params`` (``W1``, ``b1``, ``W2``,
``b2``) and its layers in a list, in forward order, with the
Softmax-with-Loss layer apart as ``last_layer``:

* the forward pass walks ``layers`` from first to last;
* the backward pass starts at ``last_layer.backward(1.0)`` (dL/dL = 1) and
  walks the *same* list in reverse; each Affine layer keeps its dW and db.

The Affine layers hold the very arrays in ``params``, so a training step that
changes ``params`` in place (``params["W1"] -= lr * grads["W1"]``) changes the
network.  ``numerical_gradient`` gives the same gradients by central
differences, two forward passes per parameter: slow, but it cannot get the
chain rule wrong, so it checks ``gradient``.
"""

import numbers

import numpy as np

import layers
from layers import Affine, Relu, SoftmaxWithLoss

__all__ = ["TwoLayerNet", "relative_error"]


class TwoLayerNet:
    """input_size -> hidden_size (ReLU) -> output_size, with a softmax cross-entropy loss.

    Weights start as ``weight_init_std`` times standard normal numbers drawn
    from ``numpy.random.default_rng(seed)``; biases start at zero.  The same
    seed gives the same network.  Inputs are batches: ``x`` of shape
    (N, input_size); labels ``t`` are class indices of shape (N,) or one-hot
    rows of shape (N, output_size).
    """

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, seed=None):
        for name, size in (("input_size", input_size), ("hidden_size", hidden_size),
                           ("output_size", output_size)):
            if not isinstance(size, numbers.Integral) or isinstance(size, bool) or size < 1:
                raise ValueError(f"TwoLayerNet: {name} must be a positive whole number, "
                                 f"got {size!r}")
        if (not isinstance(weight_init_std, numbers.Real) or isinstance(weight_init_std, bool)
                or not np.isfinite(weight_init_std) or weight_init_std <= 0):
            raise ValueError("TwoLayerNet: weight_init_std must be a positive number, "
                             f"got {weight_init_std!r}")
        self.input_size, self.hidden_size, self.output_size = (
            int(input_size), int(hidden_size), int(output_size))
        rng = np.random.default_rng(seed)
        self.params = {
            "W1": weight_init_std * rng.standard_normal((self.input_size, self.hidden_size)),
            "b1": np.zeros(self.hidden_size),
            "W2": weight_init_std * rng.standard_normal((self.hidden_size, self.output_size)),
            "b2": np.zeros(self.output_size),
        }
        # the Affine layers share the arrays of params: updating params updates them
        self.layers = [
            Affine(self.params["W1"], self.params["b1"]),
            Relu(),
            Affine(self.params["W2"], self.params["b2"]),
        ]
        self.last_layer = SoftmaxWithLoss()

    def __repr__(self):
        return (f"TwoLayerNet({self.input_size}, {self.hidden_size}, {self.output_size}): "
                f"{self.parameter_count():,} parameters")

    def parameter_count(self):
        return sum(p.size for p in self.params.values())

    def predict(self, x):
        """Scores (N, output_size) before the softmax: the forward pass through ``layers``."""
        x = self._check_batch(x)
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        """Mean cross-entropy loss of the batch, a Python float."""
        scores = self.predict(x)
        return self.last_layer.forward(scores, self._check_labels(t, len(scores)))

    def _checked_loss(self, x, t):
        # the loss of inputs that have passed the checks already: numerical_gradient
        # computes it thousands of times for one (x, t)
        for layer in self.layers:
            x = layer.forward(x)
        return self.last_layer.forward(x, t)

    def accuracy(self, x, t):
        """Fraction of the batch whose highest score is the right class (0.0 to 1.0)."""
        scores = self.predict(x)
        t = self._check_labels(t, len(scores))
        labels = t.argmax(axis=1) if t.ndim == 2 else t
        return float(np.mean(scores.argmax(axis=1) == labels))

    def gradient(self, x, t):
        """Gradients of ``loss(x, t)`` for every parameter, by backpropagation.

        One forward pass, then the backward pass: ``last_layer`` first with
        dout = 1, then ``layers`` in reverse order.  Returns a dict with the keys
        of ``params``; each array has its parameter's shape and is a new array.
        """
        self.loss(x, t)
        dout = self.last_layer.backward(1.0)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        first, second = self.layers[0], self.layers[2]
        return {"W1": first.dW.copy(), "b1": first.db.copy(),
                "W2": second.dW.copy(), "b2": second.db.copy()}

    def numerical_gradient(self, x, t, h=1e-5):
        """The same gradients by central differences: two forward passes per parameter.

        Each parameter array is set to the shifted values while the loss is
        computed, and restored afterwards (also if the loss raises).  The step
        h = 1e-5 keeps both the rounding error (about 1e-16 / h) and the
        truncation error (about h**2) far below 1e-7 in float64.
        """
        x = self._check_batch(x)
        t = self._check_labels(t, len(x))
        grads = {}
        for name, param in self.params.items():     # every parameter, however many
            saved = param.copy()

            def loss_at(value, param=param):
                param[...] = value        # in place: the Affine layer sees the same array
                return self._checked_loss(x, t)

            try:
                grads[name] = layers.numerical_gradient(loss_at, saved, h=h)
            finally:
                param[...] = saved
        return grads

    # -- input checks: clear messages instead of a numpy broadcasting error deep inside

    def _check_batch(self, x):
        try:
            arr = np.asarray(x)
        except Exception:
            arr = np.asarray(x, dtype=object)
        if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer)
                                     or np.issubdtype(arr.dtype, np.floating)):
            raise TypeError(f"TwoLayerNet: x must be a numeric array, got {type(x).__name__} "
                            f"(dtype {arr.dtype})")
        if arr.ndim == 1 and arr.shape[0] == self.input_size:
            raise ValueError(
                f"TwoLayerNet: x has shape {arr.shape}, one sample; the network takes a batch "
                f"of shape (N, {self.input_size}). For one sample use x.reshape(1, -1).")
        if arr.ndim != 2 or arr.shape[1] != self.input_size:
            raise ValueError(f"TwoLayerNet: x must have shape (N, {self.input_size}), "
                             f"got {arr.shape}")
        if arr.shape[0] == 0:
            raise ValueError("TwoLayerNet: x is an empty batch (N = 0)")
        if not np.all(np.isfinite(arr)):
            raise ValueError("TwoLayerNet: x contains NaN or infinite values")
        return arr

    def _check_labels(self, t, n):
        t = np.asarray(t)
        classes = self.output_size
        if t.ndim == 1:
            if t.shape[0] != n:
                raise ValueError(f"TwoLayerNet: {n} samples but {t.shape[0]} labels")
            if not np.issubdtype(t.dtype, np.integer):
                if not (np.issubdtype(t.dtype, np.floating) and np.all(t == np.round(t))):
                    raise ValueError("TwoLayerNet: labels of shape (N,) must be class indices "
                                     f"(whole numbers), got dtype {t.dtype}")
                t = t.astype(np.int64)
            if t.size and (t.min() < 0 or t.max() >= classes):
                raise ValueError(f"TwoLayerNet: class indices must lie in 0..{classes - 1}, "
                                 f"got {t.min()}..{t.max()}")
            return t
        if t.ndim == 2:
            if t.shape != (n, classes):
                raise ValueError(f"TwoLayerNet: one-hot labels must have shape ({n}, {classes}), "
                                 f"got {t.shape}")
            if not (np.all((t == 0) | (t == 1)) and np.all(t.sum(axis=1) == 1)):
                raise ValueError("TwoLayerNet: one-hot labels need exactly one 1 per row, "
                                 "zeros elsewhere")
            return t.astype(np.float64)
        raise ValueError(f"TwoLayerNet: labels must have shape (N,) or (N, {classes}), "
                         f"got {t.shape}")


def relative_error(a, b):
    """||a - b|| / (||a|| + ||b||): below 1e-7 the two agree to float64 precision.

    Two zero arrays agree exactly (0.0).  A NaN anywhere gives inf.
    """
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"relative_error: shapes differ, {a.shape} and {b.shape}")
    diff = np.linalg.norm(a - b)
    if not np.isfinite(diff):
        return float("inf")
    return 0.0 if diff == 0 else float(diff / (np.linalg.norm(a) + np.linalg.norm(b)))
