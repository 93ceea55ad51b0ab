"""Code that chapter 10 runs without showing it: the learner judges it by what it prints.

``A``, ``B``, ``C`` and ``D`` are tanh layers, each with a mistake; exercise 3 finds which
with measurements alone, so the chapter asks learners not to read this file.
``losses_with_update(update, ...)`` trains a small network with ``params -= lr * grad``
(update "-=") or ``+=`` (update "+=") for mistake 5's curves. ``buggy_train`` is exercise
2's loop, read from its curve first; ``show_buggy_train()`` prints its code once the
diagnosis is written. ``colleague_gradients()`` is exercise 1's pair of bias gradients,
whose factor is to be measured.
``plot_losses`` draws a right loss curve beside a wrong one (mistake 5, exercise 2).
``two_relu_net`` is mistake 2's small network.
"""

import inspect

import matplotlib.pyplot as plt
import numpy as np

import layers
from network import TwoLayerNet
from teaching import style

__all__ = ["A", "B", "C", "D", "losses_with_update", "buggy_train", "show_buggy_train",
           "colleague_gradients", "plot_losses", "two_relu_net"]


class _Tanh:
    """y = tanh(x), elementwise; backward returns dout * (1 - y^2)."""

    def forward(self, x):
        self.y = np.tanh(x)
        return self.y.copy()

    def backward(self, dout):
        return dout * (1.0 - self.y ** 2)


class A(_Tanh):
    """A tanh layer with one of the chapter's mistakes."""

    def __init__(self):
        self.dx = 0.0

    def backward(self, dout):
        self.dx += super().backward(dout)
        return self.dx.copy()


class B(_Tanh):
    """A tanh layer with one of the chapter's mistakes."""

    def backward(self, dout):
        return 1.0 - self.y ** 2


class C(_Tanh):
    """A tanh layer with one of the chapter's mistakes."""

    def forward(self, x):
        self.y = np.tanh(x)
        return 1.0 - self.y ** 2


class D(_Tanh):
    """A tanh layer with one of the chapter's mistakes."""

    def backward(self, dout):
        return super().backward(dout) / len(self.y)


def losses_with_update(update, x, t, classes=3, steps=5, learning_rate=0.5):
    """Losses of a seeded TwoLayerNet on the batch (x, t) before and after each of ``steps``
    updates ``params[k] -= learning_rate * grads[k]`` (``update="-="``, the right step) or
    ``+=`` (``update="+="``, the mistake)."""
    if update not in ("-=", "+="):
        raise ValueError(f'update must be "-=" or "+=", not {update!r}')
    sign = 1 if update == "-=" else -1
    net = TwoLayerNet(x.shape[1], 8, classes, weight_init_std=0.5, seed=1)
    losses = [net.loss(x, t)]
    for _ in range(steps):
        grads = net.gradient(x, t)
        for k in net.params:
            net.params[k] -= sign * learning_rate * grads[k]
        losses.append(net.loss(x, t))
    return losses


def buggy_train(model, x, t, learning_rate, steps):
    grads = model.gradient(x, t)
    losses = []
    for _ in range(steps):
        for k in model.params:
            model.params[k] -= learning_rate * grads[k]
        losses.append(model.loss(x, t))
    return losses


def show_buggy_train():
    """Print the code of ``buggy_train``."""
    print(inspect.getsource(buggy_train))


def colleague_gradients():
    """Exercise 1's colleague: a stored db ``a`` and the numerical gradient ``n`` it was
    checked against."""
    n = np.random.default_rng(32).standard_normal(10)
    return n / 32, n


def plot_losses(right_losses, right_label, wrong_losses, wrong_label):
    """The loss after each step of a right loop and of a wrong one, on one axis."""
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot(right_losses, "o-", color=style.VALUE, label=right_label)
    ax.plot(wrong_losses, "s--", color=style.GRADIENT, label=wrong_label)
    ax.set(xlabel="step", ylabel="loss on the batch")
    ax.legend()
    plt.show()


def two_relu_net(W1, W2, relu_1, relu_2):
    """Mistake 2's network x -> Affine(W1) -> relu_1 -> Affine(W2) -> relu_2 -> sum (zero
    biases): its forward (x -> a number), its backward (-> dh, dx; h is relu_1's output) and
    its forward from h (h -> a number)."""
    affine_1 = layers.Affine(W1, np.zeros(W1.shape[1]))
    affine_2 = layers.Affine(W2, np.zeros(W2.shape[1]))

    def forward(x):
        return np.sum(relu_2.forward(affine_2.forward(relu_1.forward(affine_1.forward(x)))))

    def backward():
        dh = affine_2.backward(relu_2.backward(np.ones(relu_2.mask.shape)))
        return dh, affine_1.backward(relu_1.backward(dh))

    def forward_from_h(h):
        return np.sum(relu_2.forward(affine_2.forward(h)))

    return forward, backward, forward_from_h
