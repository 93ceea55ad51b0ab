"""A two-layer network built from the layers of chapter 5 (book section 5.7), and its training step.

    x -> Affine1(W1, b1) -> Relu1 -> Affine2(W2, b2) -> SoftmaxWithLoss(t) -> loss

``TwoLayerNet`` keeps its parameters in ``params`` (``W1``, ``b1``, ``W2``,
``b2``) and its layers, as the book does, in an OrderedDict by name
(``'Affine1'``, ``'Relu1'``, ``'Affine2'``), with the Softmax-with-Loss layer
apart as ``last_layer`` (the book's ``lastLayer`` is the same layer):

* the forward pass walks ``layers.values()`` from first to last;
* the backward pass starts at ``last_layer.backward(1.0)`` (dL/dL = 1) and
  walks the *same* layers in reverse; each Affine layer keeps its dW and db.

The Affine layers hold the very arrays in ``params``.  A training step may
write ``params["W1"] -= lr * grads["W1"]`` (in place, as the book does) or
``params["W1"] = params["W1"] - lr * grads["W1"]``: assigning to ``params``
writes the new values into the array the layer holds, so both train.

``numerical_gradient`` gives the same gradients by central differences, two
forward passes per parameter: slow, but it cannot get the chain rule wrong, so
it checks ``gradient``.  ``sgd_step`` and ``train_epoch`` are the training loop.
"""

import math
import numbers
from collections import OrderedDict

import numpy as np

from layers import (
    Affine,
    Relu,
    SoftmaxWithLoss,
    as_float_array,
    central_difference,
    class_indices,
    relative_error,
)

__all__ = ["TwoLayerNet", "Params", "Layers", "relative_error", "sgd_step", "train_epoch"]


class TwoLayerNet:
    """input_size -> hidden_size (ReLU) -> output_size, with a softmax cross-entropy loss.

    Weights start as ``weight_init_std`` times standard normal numbers, biases
    at zero.  Without ``seed`` they are drawn as the book draws them, from
    numpy's global generator (``np.random.randn``): ``np.random.seed(n)`` first
    gives the book's starting weights.  With ``seed`` the network draws from
    its own ``numpy.random.default_rng(seed)``: the same seed, the same network.
    ``weight_init_std=0`` is allowed: every hidden unit then starts, and stays,
    identical.  Inputs are batches: ``x`` of shape (N, input_size) (or
    (N, ...) with input_size values per sample); labels ``t`` are class indices
    of shape (N,) or one-hot rows of shape (N, output_size).
    """

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01, seed=None):
        for name, size in (("input_size", input_size), ("hidden_size", hidden_size),
                           ("output_size", output_size)):
            if not isinstance(size, numbers.Integral) or isinstance(size, bool) or size < 1:
                raise ValueError(f"TwoLayerNet: {name} must be a positive whole number, "
                                 f"got {size!r}")
        if (not isinstance(weight_init_std, numbers.Real) or isinstance(weight_init_std, bool)
                or not np.isfinite(weight_init_std) or weight_init_std < 0):
            raise ValueError("TwoLayerNet: weight_init_std must be a number >= 0, "
                             f"got {weight_init_std!r}")
        self.input_size, self.hidden_size, self.output_size = (
            int(input_size), int(hidden_size), int(output_size))
        if seed is None:
            randn = np.random.randn                 # the book's draws: numpy's global generator
        else:
            rng = np.random.default_rng(seed)       # a generator of the network's own

            def randn(*shape):
                return rng.standard_normal(shape)
        self.params = Params()
        self.params["W1"] = weight_init_std * randn(self.input_size, self.hidden_size)
        self.params["b1"] = np.zeros(self.hidden_size)
        self.params["W2"] = weight_init_std * randn(self.hidden_size, self.output_size)
        self.params["b2"] = np.zeros(self.output_size)

        # the Affine layers share the arrays of params: updating params updates them
        self.layers = Layers()
        self.layers["Affine1"] = Affine(self.params["W1"], self.params["b1"])
        self.layers["Relu1"] = Relu()
        self.layers["Affine2"] = Affine(self.params["W2"], self.params["b2"])
        self.last_layer = SoftmaxWithLoss()

    @property
    def lastLayer(self):  # noqa: N802 (the book's name)
        """The book's name for ``last_layer``: the same layer."""
        return self.last_layer

    @lastLayer.setter
    def lastLayer(self, layer):  # noqa: N802
        self.last_layer = layer

    def __repr__(self):
        return (f"TwoLayerNet({self.input_size}, {self.hidden_size}, {self.output_size}): "
                f"{self.parameter_count():,} parameters")

    def parameter_count(self):
        return sum(p.size for p in self.params.values())

    def predict(self, x):
        """Scores (N, output_size) before the softmax: the forward pass through ``layers``."""
        x = self.checked_batch(x)
        for layer in in_order(self.layers):
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        """Mean cross-entropy loss of the batch, a Python float."""
        scores = self.predict(x)
        return self.last_layer.forward(scores, self.checked_labels(t, scores.shape))

    def accuracy(self, x, t):
        """Fraction of the batch whose highest score is the right class (0.0 to 1.0)."""
        scores = self.predict(x)
        labels = self.checked_labels(t, scores.shape)
        return float(np.mean(scores.argmax(axis=1) == labels))

    def gradient(self, x, t):
        """Gradients of ``loss(x, t)`` for every parameter, by backpropagation.

        One forward pass, then the backward pass: ``last_layer`` first with
        dout = 1, then ``layers`` in reverse order.  Returns a dict with the keys
        of ``params``; each array has its parameter's shape and is a new array.
        """
        self.loss(x, t)
        dout = self.last_layer.backward(1.0)
        for layer in reversed(in_order(self.layers)):
            dout = layer.backward(dout)
        first, second = self.layers["Affine1"], self.layers["Affine2"]
        return {"W1": first.dW.copy(), "b1": first.db.copy(),
                "W2": second.dW.copy(), "b2": second.db.copy()}

    def numerical_gradient(self, x, t, h=1e-5):
        """The same gradients by central differences: two forward passes per parameter.

        Each element of each parameter array is nudged by +h and -h in place (the
        layers hold these arrays) and put back exactly, as ``layers.numerical_gradient``
        does.  The step h = 1e-5 keeps both the rounding error (about 1e-16 / h) and the
        truncation error (about h**2) far below 1e-7 in float64.

        ReLU has no derivative at 0, and a step that carries a ReLU's input across 0
        averages two slopes.  Small starting weights put some inputs within h of 0,
        so each step is checked: if a ReLU input changed sign, that element is done
        again with a step 10 and 100 times smaller.  An input that still changes sign
        sits on the kink (within about h/100 of 0): a ValueError names the layer, the
        sample and the unit.
        """
        x = self.checked_batch(x)
        t = self.checked_labels(t, x.shape[:1] + (self.output_size,))
        relus = [(name, layer) for name, layer in named(self.layers) if isinstance(layer, Relu)]
        self.checked_loss(x, t)
        masks = [layer.mask.copy() for _, layer in relus]   # where each ReLU input is <= 0

        def loss_on_the_same_side(_):
            loss = self.checked_loss(x, t)
            for (name, layer), mask in zip(relus, masks):
                if not np.array_equal(layer.mask, mask):
                    raise KinkCrossed(name, np.argwhere(layer.mask != mask)[0])
            return loss

        grads = {}
        for name, param in self.params.items():     # every parameter, however many
            grads[name] = np.zeros(param.shape)
            for i in np.ndindex(param.shape):
                for step in (h, h / 10, h / 100):
                    try:
                        grads[name][i] = central_difference(loss_on_the_same_side, param, i, step)
                        break
                    except KinkCrossed as crossed:
                        kink = crossed
                else:
                    raise ValueError(self.on_kink_message(kink, name, i, x, h / 100))
        return grads

    def checked_loss(self, x, t):
        """The loss of inputs that have passed the checks already (``numerical_gradient``
        computes it thousands of times for one (x, t))."""
        for layer in in_order(self.layers):
            x = layer.forward(x)
        return self.last_layer.forward(x, t)

    def on_kink_message(self, kink, name, i, x, step):
        layer_name, (n, unit) = kink.args[0], kink.args[1][:2]
        value = self.layer_input(layer_name, x)[n, unit]
        return (f"TwoLayerNet.numerical_gradient: the input of {layer_name} for sample {n}, "
                f"unit {unit} is {value:.3g}, on ReLU's kink at 0 (a step of {step:g} in "
                f"{name}{list(i)} changes its sign). ReLU has no derivative there, so no "
                "central difference can check it; check another batch, or weights that do "
                "not put inputs at exactly 0 (weight_init_std > 0).")

    def layer_input(self, layer_name, x):
        """What ``layers[layer_name]`` receives in a forward pass of ``x``."""
        for name, layer in named(self.layers):
            if name == layer_name:
                return x
            x = layer.forward(x)
        raise KeyError(layer_name)

    # -- input checks: clear messages instead of a numpy broadcasting error deep inside

    def checked_batch(self, x):
        x = as_float_array(x, "TwoLayerNet: x")
        if x.ndim == 1 and x.shape[0] == self.input_size:
            raise ValueError(
                f"TwoLayerNet: x has shape {x.shape}, one sample; the network takes a batch "
                f"of shape (N, {self.input_size}). For one sample use x.reshape(1, -1).")
        if x.ndim < 2 or math.prod(x.shape[1:]) != self.input_size:
            raise ValueError(f"TwoLayerNet: x must have shape (N, {self.input_size}) (or "
                             f"(N, ...) with {self.input_size} values per sample), "
                             f"got {x.shape}")
        if x.shape[0] == 0:
            raise ValueError("TwoLayerNet: x is an empty batch (N = 0)")
        if not np.all(np.isfinite(x)):
            raise ValueError("TwoLayerNet: x contains NaN or infinite values")
        return x

    def checked_labels(self, t, scores_shape):
        """Labels as class indices (N,), checked by ``layers.class_indices``."""
        return class_indices(t, scores_shape, "TwoLayerNet: t")


class Params(dict):
    """The network's parameters by name: a dict whose assignment writes into the arrays.

    The Affine layers hold the arrays in here.  So that
    ``params["W1"] = params["W1"] - lr * grads["W1"]`` trains like the in-place
    ``params["W1"] -= lr * grads["W1"]``, assigning to a name that exists copies the
    new values into its array (same shape required, or a clear error).  A new name
    stores the array given.
    """

    def __setitem__(self, name, value):
        if name not in self:
            super().__setitem__(name, as_float_array(value, f"params[{name!r}]"))
            return
        param = self[name]
        if value is param:          # params[name] -= ... already changed it in place
            return
        value = as_float_array(value, f"params[{name!r}]")
        if value.shape != param.shape:
            raise ValueError(
                f"params[{name!r}] has shape {param.shape}; the new value has shape "
                f"{value.shape}. The layers hold this array, so a new value must have its "
                f"shape (update it with params[{name!r}] -= learning_rate * grads[{name!r}]).")
        param[...] = value          # into the array the layer holds

    def update(self, *args, **kwargs):
        for name, value in dict(*args, **kwargs).items():
            self[name] = value


class Layers(OrderedDict):
    """The book's OrderedDict of layers by name, with a clear error for a position.

    ``layers["Affine1"]`` is the first Affine layer; ``layers[0]`` (code written for a
    list) is refused with a hint instead of adding a layer named 0 to the network.
    """

    def __getitem__(self, name):
        return super().__getitem__(self.checked(name))

    def __setitem__(self, name, layer):
        super().__setitem__(self.checked(name), layer)

    def checked(self, name):
        if isinstance(name, (int, slice)):
            raise KeyError(f"layers are named as in the book ({', '.join(map(repr, self))}), "
                           f"not numbered: use layers['Affine1'], not layers[{name!r}]; "
                           "walk them with layers.values().")
        return name


class KinkCrossed(Exception):
    """A step of the numerical gradient moved a ReLU input across 0 (args: layer, index)."""


def in_order(layers):
    """The layers in forward order, from the book's OrderedDict (or from a plain list)."""
    return list(layers.values()) if hasattr(layers, "values") else list(layers)


def named(layers):
    """(name, layer) pairs in forward order; a list's layers are named by their position."""
    return list(layers.items()) if hasattr(layers, "items") else list(enumerate(layers))


def sgd_step(net, x, t, learning_rate):
    """One step of gradient descent on the batch (x, t): every parameter moves against
    its gradient, in place (the layers hold the same arrays)."""
    grads = net.gradient(x, t)
    for key in net.params:
        net.params[key] -= learning_rate * grads[key]


def train_epoch(net, x_train, t_train, learning_rate, batch_size, rng, stop=None):
    """One shuffled pass over the training set in mini-batches of ``batch_size``.

    ``rng`` (a ``numpy.random.Generator``) orders the samples.  ``stop`` (a
    ``threading.Event``, optional) ends the pass before the next step when set.
    Returns True if the pass ran to its end, False if ``stop`` ended it.
    """
    order = rng.permutation(len(x_train))
    for first in range(0, len(x_train), batch_size):
        if stop is not None and stop.is_set():
            return False
        batch = order[first:first + batch_size]
        sgd_step(net, x_train[batch], t_train[batch], learning_rate)
    return True
