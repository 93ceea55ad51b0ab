"""Three two-layer networks with one bug each: chapter 08's exercise 2.

Each runs without an error and is built square in the exercise (10-10-10), so no shape
complains.  Their code lives here, not in the notebook, so that the learner finds each
bug as one finds a bug in real code: the gradient check says which parameters are wrong,
that pattern says where the bug must sit, and only then is the code read, with
``source(SuspectA)``.
"""

import inspect

import numpy as np

import layers
from network import TwoLayerNet, relative_error

__all__ = ["SuspectA", "SuspectB", "SuspectC", "source", "gradient_errors"]

# the layers every suspect runs: look-alikes of the library's, with the same names, so that
# printing a suspect's layers tells nothing about where its bug sits
Affine, Relu, SoftmaxWithLoss = (type(base.__name__, (base,), {"__module__": __name__})
                                 for base in (layers.Affine, layers.Relu,
                                              layers.SoftmaxWithLoss))


def _dress(net):
    """Give ``net`` look-alike layers (the same arrays as its params)."""
    net.layers["Affine1"] = Affine(net.params["W1"], net.params["b1"])
    net.layers["Relu1"] = Relu()
    net.layers["Affine2"] = Affine(net.params["W2"], net.params["b2"])
    net.last_layer = SoftmaxWithLoss()


def _look_alike(cls, name):
    """Keep the source of a suspect's own layer class, then give it the library's name."""
    _SOURCES[cls] = inspect.getsource(cls)
    cls.__name__ = cls.__qualname__ = name
    for func in vars(cls).values():
        if inspect.isfunction(func):
            func.__qualname__ = f"{name}.{func.__name__}"
    return cls


_SOURCES = {}


def source(obj):
    """Print the source code of a class or method; for a suspect, also that of the layer
    classes of this module it installs (``source(SuspectA)``)."""
    text = _SOURCES.get(obj) or inspect.getsource(obj)
    print(text)
    if inspect.isclass(obj) and issubclass(obj, TwoLayerNet):
        for name in ("_LayerA", "_LayerB"):
            if f"{name}(" in text:
                print(_SOURCES[globals()[name]])


def gradient_errors(net_class):
    """The gradient check of a 10-10-10 network of ``net_class`` (weights at scale 1, seed
    0) on 7 random samples (seed 0): prints each parameter's relative error, returns the
    gradients ``grads, numerical`` (backprop's, the central differences')."""
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((7, 10)), rng.integers(0, 10, size=7)
    net = net_class(10, 10, 10, weight_init_std=1.0, seed=0)
    grads, numerical = net.gradient(x, t), net.numerical_gradient(x, t)
    for name in net.params:
        error = relative_error(grads[name], numerical[name])
        print(f"  {name}: relative error", f"{error:.2f}" if error >= 1e-7 else "below 1e-7")
    return grads, numerical


# the suspects' own layers: private, neutral names, so that tab completion on this module
# does not tell which suspect's bug sits in a layer
class _LayerA(layers.SoftmaxWithLoss):
    def backward(self, dout=1.0):
        return dout * (self.y - self.t)         # y: probabilities, t: one-hot labels


class SuspectA(TwoLayerNet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dress(self)            # layers named like the library's
        self.last_layer = _LayerA()


class _LayerB(layers.Affine):
    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W


class SuspectB(TwoLayerNet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dress(self)            # layers named like the library's
        self.layers["Affine1"] = _LayerB(self.params["W1"], self.params["b1"])
        self.layers["Affine2"] = _LayerB(self.params["W2"], self.params["b2"])


class SuspectC(TwoLayerNet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dress(self)            # layers named like the library's

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last_layer.backward(1.0)
        layers = list(self.layers.values())
        for layer in layers:
            dout = layer.backward(dout)
        first, second = self.layers["Affine1"], self.layers["Affine2"]
        return {"W1": first.dW.copy(), "b1": first.db.copy(),
                "W2": second.dW.copy(), "b2": second.db.copy()}


_look_alike(_LayerA, "SoftmaxWithLoss")
_look_alike(_LayerB, "Affine")
