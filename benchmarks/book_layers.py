"""Reference layers in the book's code shape, for the benchmarks to measure ours against.

Each keeps what backward needs and nothing more: no checks and no copies.  They keep
the arrays they are given, return what they keep, and the ReLU writes zeros into the
caller's ``dout``.  That is the floor the safe layers of ``layers.py`` are held to.
Written here, plainly; the arithmetic is the book's.
"""

import numpy as np


class Sigmoid:
    """The textbook form: fast, but exp(-x) overflows for x < -709 and out is shared."""

    def forward(self, x):
        out = 1 / (1 + np.exp(-x))
        self.out = out
        return out

    def backward(self, dout):
        return dout * (1.0 - self.out) * self.out


class Relu:
    """The textbook form: the mask writes zeros into out and into the caller's dout."""

    def forward(self, x):
        self.mask = x <= 0
        out = x.copy()
        out[self.mask] = 0
        return out

    def backward(self, dout):
        dout[self.mask] = 0
        return dout


class Affine:
    def __init__(self, W, b):
        self.W, self.b = W, b

    def forward(self, x):
        self.x = x
        return x @ self.W + self.b

    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W.T


class SoftmaxWithLoss:
    def forward(self, x, t):
        self.t = t
        e = np.exp(x - x.max(axis=1, keepdims=True))
        self.y = e / e.sum(axis=1, keepdims=True)
        rows = np.arange(len(t))
        return -np.sum(np.log(self.y[rows, t] + 1e-7)) / len(t)   # cross-entropy

    def backward(self, dout=1.0):
        n = len(self.t)
        dx = self.y.copy()
        dx[np.arange(n), self.t] -= 1         # y - t for index labels
        return dout * dx / n
