"""Three two-layer networks with one bug each: chapter 08's exercise 2.

Each runs without an error and is built square in the exercise (10-10-10), so no shape
complains.  Their code lives here, not in the notebook, so that the learner finds each
bug as one finds a bug in real code: the gradient check says which parameters are wrong,
that pattern says where the bug must sit, and only then is the code read, with
``source(SuspectA)``.
"""

import inspect

from layers import Affine, SoftmaxWithLoss
from network import TwoLayerNet

__all__ = ["LossA", "SuspectA", "AffineB", "SuspectB", "SuspectC", "source"]


def source(obj):
    """Print the source code of a class or method; for a suspect, also that of the layer
    classes of this module it installs (``source(SuspectA)``)."""
    print(inspect.getsource(obj))
    if inspect.isclass(obj) and issubclass(obj, TwoLayerNet):
        text = inspect.getsource(obj)
        for name in __all__:
            part = globals()[name]
            if inspect.isclass(part) and not issubclass(part, TwoLayerNet) \
                    and f"{name}(" in text:
                print(inspect.getsource(part))


class LossA(SoftmaxWithLoss):
    def backward(self, dout=1.0):
        return dout * (self.y - self.t)         # y: probabilities, t: one-hot labels


class SuspectA(TwoLayerNet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_layer = LossA()


class AffineB(Affine):
    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W


class SuspectB(TwoLayerNet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.layers["Affine1"] = AffineB(self.params["W1"], self.params["b1"])
        self.layers["Affine2"] = AffineB(self.params["W2"], self.params["b2"])


class SuspectC(TwoLayerNet):
    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last_layer.backward(1.0)
        layers = list(self.layers.values())
        for layer in layers:
            dout = layer.backward(dout)
        first, second = self.layers["Affine1"], self.layers["Affine2"]
        return {"W1": first.dW, "b1": first.db, "W2": second.dW, "b2": second.db}
