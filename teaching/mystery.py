"""Code that chapter 10 runs without showing it: the learner judges it by what it prints.

``A``, ``B``, ``C`` and ``D`` are tanh layers, each with one of the chapter's mistakes 1, 3,
4 and 6 (in some order); exercise 4 finds which with measurements alone.
``losses_with_update(sign, ...)`` trains a small network with ``params -= lr * grad``
(sign +1) or the mistaken ``+=`` (sign -1) for mistake 5's curves; its loop stays hidden
because exercise 3 asks the learner to write one.
"""

import numpy as np

from network import TwoLayerNet

__all__ = ["A", "B", "C", "D", "MISTAKES", "losses_with_update"]


class _Tanh:
    """y = tanh(x), elementwise; backward returns dout * (1 - y^2)."""

    def forward(self, x):
        self.y = np.tanh(x)
        return self.y.copy()

    def backward(self, dout):
        return dout * (1.0 - self.y ** 2)


class A(_Tanh):
    """A tanh layer with one of the chapter's mistakes.  Run it; its source is not the point."""

    def __init__(self):
        self.dx = 0.0                           # the running total starts empty

    def backward(self, dout):
        self.dx += super().backward(dout)      # mistake 6: adds to every earlier pass's dx
        return self.dx.copy()


class B(_Tanh):
    """A tanh layer with one of the chapter's mistakes."""

    def backward(self, dout):
        return 1.0 - self.y ** 2               # mistake 4: dout ignored


class C(_Tanh):
    """A tanh layer with one of the chapter's mistakes."""

    def forward(self, x):
        self.y = np.tanh(x)
        return 1.0 - self.y ** 2               # mistake 1: returns its derivative


class D(_Tanh):
    """A tanh layer with one of the chapter's mistakes."""

    def backward(self, dout):
        return super().backward(dout) / len(self.y)   # mistake 3: 1/N again, N = rows


MISTAKES = {"A": 6, "B": 4, "C": 1, "D": 3}   # for the check of exercise 4


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
