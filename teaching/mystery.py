"""Code that chapter 10 runs without showing it: the learner judges it by what it prints.

``Mystery`` is a layer with one of the chapter's bugs; exercise 4 finds which one with a
gradient check alone.  ``losses_with_update(sign, ...)`` trains a small network with
``params -= lr * grad`` (sign +1) or the mistaken ``+=`` (sign -1) for mistake 5's curves;
its loop stays hidden because exercise 3 asks the learner to write one.
"""

import numpy as np

from network import TwoLayerNet

__all__ = ["Mystery", "losses_with_update"]


class Mystery:
    """An elementwise layer, y = tanh(x).  Its source is not part of the chapter: run it."""

    def forward(self, x):
        self.y = np.tanh(x)
        return self.y.copy()

    def backward(self, dout):
        return 1.0 - self.y ** 2     # d tanh(x)/dx = 1 - tanh(x)^2


def losses_with_update(sign, x, t, classes=3, steps=5, learning_rate=0.5):
    """Losses of a seeded TwoLayerNet on the batch (x, t) before and after each of ``steps``
    updates ``params -= sign * learning_rate * grads``: sign +1 is the right step."""
    net = TwoLayerNet(x.shape[1], 8, classes, weight_init_std=0.5, seed=1)
    losses = [net.loss(x, t)]
    for _ in range(steps):
        grads = net.gradient(x, t)
        for k in net.params:
            net.params[k] -= sign * learning_rate * grads[k]
        losses.append(net.loss(x, t))
    return losses
