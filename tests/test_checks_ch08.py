"""The checks of chapter 09 (teaching/checks/ch08.py) accept right networks and reject typical wrong ones.

The wrong answers are the bugs of the chapter's suspects (the loss backward without the division by
N, an Affine backward without the transpose, the layer list walked forward in backward) and the
mistakes of a first three-layer network (TwoLayerNet's gradient kept, a ReLU left out, a shape).
The checks' reference is computed from the math; here it is also compared with central differences,
so the reference itself is tested.
"""

import numpy as np
import pytest

from layers import Affine, Relu, SoftmaxWithLoss
from network import TwoLayerNet, relative_error
from teaching.checks import ch08
from verdicts import assert_not_attempted, assert_not_yet, assert_right, verdict_of


# --- the chapter's suspects and their fixes (as in notebooks/src/08_two_layer_net.py)

class LossWithoutMean(SoftmaxWithLoss):
    def backward(self, dout=1.0):
        return dout * (self.y - self.t)


class AffineWithoutTranspose(Affine):
    def backward(self, dout):
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.W


class SuspectA(TwoLayerNet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_layer = LossWithoutMean()


class SuspectB(TwoLayerNet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.layers[0] = AffineWithoutTranspose(self.params["W1"], self.params["b1"])
        self.layers[2] = AffineWithoutTranspose(self.params["W2"], self.params["b2"])


class SuspectC(TwoLayerNet):
    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last_layer.backward(1.0)
        for layer in self.layers:
            dout = layer.backward(dout)
        return {"W1": self.layers[0].dW, "b1": self.layers[0].db,
                "W2": self.layers[2].dW, "b2": self.layers[2].db}


class FixedA(SuspectA):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.last_layer = SoftmaxWithLoss()


class FixedC(SuspectC):
    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last_layer.backward(1.0)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return {"W1": self.layers[0].dW, "b1": self.layers[0].db,
                "W2": self.layers[2].dW, "b2": self.layers[2].db}


@pytest.mark.parametrize("answer", [TwoLayerNet, FixedA, FixedC])
def test_fixed_network_accepts_right_networks(capsys, answer):
    assert_right(capsys, ch08.fixed_network, answer)


@pytest.mark.parametrize("answer, hint", [
    (SuspectA, "exactly N = 7 times"),
    (SuspectB, "what the Affine layer's backward passes down"),
    (SuspectC, "the order in which gradient() visits"),
])
def test_fixed_network_names_each_suspects_bug(capsys, answer, hint):
    assert_not_yet(capsys, ch08.fixed_network, answer, hint)


def test_fixed_network_rejects_other_mistakes(capsys):
    class WrongSign(TwoLayerNet):
        def gradient(self, x, t):
            return {k: -v for k, v in super().gradient(x, t).items()}

    class WritesIntoX(TwoLayerNet):
        def gradient(self, x, t):
            grads = super().gradient(x, t)
            x *= 0
            return grads

    class NoGradients(TwoLayerNet):
        def gradient(self, x, t):
            return None

    class SquareOnly(SuspectB):   # "fixed" by transposing W itself: runs only while W is square
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.layers[2] = AffineWithoutTranspose(self.params["W2"].T, self.params["b2"])

    assert_not_yet(capsys, ch08.fixed_network, WrongSign, "the gradient check fails for W1, b1, W2, b2")
    assert_not_yet(capsys, ch08.fixed_network, WritesIntoX, "wrote into the x")
    assert_not_yet(capsys, ch08.fixed_network, NoGradients, "should return a dict")
    assert_not_yet(capsys, ch08.fixed_network, SquareOnly, "loss(x, t) gives")


# --- three layers

class ThreeLayerNet(TwoLayerNet):
    def __init__(self, input_size, hidden1, hidden2, output_size, weight_init_std=0.01,
                 seed=None, relus=(True, True)):
        self.input_size, self.output_size = input_size, output_size
        sizes = [input_size, hidden1, hidden2, output_size]
        rng = np.random.default_rng(seed)
        self.params, self.layers = {}, []
        for i in range(1, 4):
            W = weight_init_std * rng.standard_normal((sizes[i - 1], sizes[i]))
            b = weight_init_std * rng.standard_normal(sizes[i])   # not zero: b's role shows
            self.params[f"W{i}"], self.params[f"b{i}"] = W, b
            self.layers.append(Affine(W, b))
            if i < 3 and relus[i - 1]:
                self.layers.append(Relu())
        self.last_layer = SoftmaxWithLoss()

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.last_layer.backward(1.0)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        affines = [layer for layer in self.layers if isinstance(layer, Affine)]
        return {name: value for i, layer in enumerate(affines, start=1)
                for name, value in ((f"W{i}", layer.dW), (f"b{i}", layer.db))}


def test_three_layer_net_accepts_the_solution(capsys):
    assert_right(capsys, ch08.three_layer_net, ThreeLayerNet)


def test_three_layer_net_rejects_typical_mistakes(capsys):
    class KeepsTwoLayerGradient(ThreeLayerNet):
        gradient = TwoLayerNet.gradient

    class MissingRelu(ThreeLayerNet):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, relus=(True, False), **kwargs)

    class ForwardWalk(ThreeLayerNet):
        def gradient(self, x, t):
            self.loss(x, t)
            dout = self.last_layer.backward(1.0)
            for layer in self.layers:
                dout = layer.backward(dout)
            affines = self.layers[::2]
            return {name: value for i, layer in enumerate(affines, start=1)
                    for name, value in ((f"W{i}", layer.dW), (f"b{i}", layer.db))}

    class NoMean(ThreeLayerNet):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.last_layer = LossWithoutMean()

    class SwappedSizes(ThreeLayerNet):
        def __init__(self, input_size, hidden1, hidden2, output_size, **kwargs):
            super().__init__(input_size, hidden2, hidden1, output_size, **kwargs)

    class Stub(ThreeLayerNet):
        def __init__(self, *args, **kwargs):
            pass

    assert_not_yet(capsys, ch08.three_layer_net, KeepsTwoLayerGradient, "keys W1, b1, W2, b2, W3, b3")
    assert_not_yet(capsys, ch08.three_layer_net, MissingRelu, "loss(x, t) gives")
    assert_not_yet(capsys, ch08.three_layer_net, ForwardWalk, "the order in which gradient() visits")
    assert_not_yet(capsys, ch08.three_layer_net, NoMean, "exactly N = 7 times")
    assert_not_yet(capsys, ch08.three_layer_net, SwappedSizes, "params['W1'] should have shape (6, 5)")
    assert_not_yet(capsys, ch08.three_layer_net, Stub, "needs a dict params")
    assert_not_yet(capsys, ch08.three_layer_net, TwoLayerNet, "creating the network")


# --- the reference the checks compare with

@pytest.mark.parametrize("sizes", [(5, 4, 3), (6, 5, 4, 3), (4, 4, 4, 4, 4)])
def test_reference_gradient_matches_central_differences(sizes):
    rng = np.random.default_rng(len(sizes))
    weights = [(rng.standard_normal((a, b)), rng.standard_normal(b))
               for a, b in zip(sizes[:-1], sizes[1:])]
    x, t = ch08._data(sizes, seed=3)
    loss, grads = ch08._reference(weights, x, t)
    # the loss from its definition: -log of the softmax probability of the right class
    h = x
    for i, (W, b) in enumerate(weights):
        h = h @ W + b
        h = np.maximum(h, 0) if i < len(weights) - 1 else h
    p = np.exp(h) / np.exp(h).sum(axis=1, keepdims=True)
    assert loss == pytest.approx(-np.mean(np.log(p[np.arange(len(t)), t])), rel=1e-12)

    def loss_at(arr, value):
        saved = arr.copy()
        arr[...] = value
        try:
            return ch08._reference(weights, x, t)[0]
        finally:
            arr[...] = saved

    from layers import numerical_gradient
    for i, (W, b) in enumerate(weights, start=1):
        for name, arr in ((f"W{i}", W), (f"b{i}", b)):
            numeric = numerical_gradient(lambda v, arr=arr: loss_at(arr, v), arr.copy(), h=1e-5)
            assert relative_error(grads[name], numeric) < 1e-7, name


def test_reference_mistakes_are_what_they_say():
    rng = np.random.default_rng(0)
    weights = [(rng.standard_normal((4, 4)), rng.standard_normal(4)) for _ in range(2)]
    x, t = ch08._data((4, 4, 4), seed=1)
    _, right = ch08._reference(weights, x, t)
    _, no_mean = ch08._reference(weights, x, t, mistake="no_mean")
    for name in right:
        assert np.allclose(no_mean[name], len(x) * right[name])
    _, transposed = ch08._reference(weights, x, t, mistake="transposed")
    assert np.allclose(transposed["W2"], right["W2"]) and not np.allclose(transposed["W1"], right["W1"])


# --- exercise 8.1: the learner's training loop

def epoch_loop(update="in place", order="shuffled", record="after epoch", seeded=True,
               batches="slices"):
    """A training loop with one chosen mistake (the defaults are the right loop)."""
    def my_train(net, x, t, learning_rate, epochs, batch_size, seed):
        rng = np.random.default_rng(seed if seeded else None)
        losses = []
        for _ in range(epochs):
            idx = rng.permutation(len(x)) if order == "shuffled" else np.arange(len(x))
            if order == "once":
                idx = np.random.default_rng(seed).permutation(len(x))
            seen = []
            for first in range(0, len(x), batch_size):
                batch = (idx[first:first + batch_size] if batches == "slices"
                         else rng.choice(len(x), batch_size))        # the book's random draw
                grads = net.gradient(x[batch], t[batch])
                seen.append(net.loss(x[batch], t[batch]))
                for key in net.params:
                    if update == "in place":
                        net.params[key] -= learning_rate * grads[key]
                    elif update == "uphill":
                        net.params[key] += learning_rate * grads[key]
                    elif update == "rebound":
                        net.params[key] = net.params[key] - learning_rate * grads[key]
            losses.append(net.loss(x, t) if record == "after epoch" else float(np.mean(seen)))
        return losses
    return my_train


def test_training_loop_accepts_a_right_loop(capsys):
    ok, out = verdict_of(capsys, ch08.training_loop, epoch_loop())
    assert ok, out
    # the praise reports what the learner's loop reached, from the math: >= 97 %
    accuracy = float(out.split("gets ")[-1].split(" %")[0])
    assert 97.0 <= accuracy <= 100.0


def test_training_loop_untouched_template_is_not_attempted(capsys):
    def my_train(net, x, t, learning_rate, epochs, batch_size, seed):
        raise NotImplementedError("YOUR CODE")
    assert_not_attempted(capsys, ch08.training_loop, my_train)


@pytest.mark.parametrize("mistake, hint", [
    ({"update": "uphill"}, "instead of falling"),
    ({"update": "none"}, "exactly what they were"),
    ({"order": "fixed"}, "same order as in x"),
    ({"order": "once"}, "same order every epoch"),
    ({"record": "batch mean"}, "record that, once per epoch"),
    ({"seeded": False}, "two runs with seed=0 gave different losses"),
    ({"batches": "random draws"}, "used twice and others not at all"),
])
def test_training_loop_names_each_mistake(capsys, mistake, hint):
    assert_not_yet(capsys, ch08.training_loop, epoch_loop(**mistake), hint)


def test_training_loop_catches_a_rebound_parameter_while_layers_keep_the_old_arrays(capsys):
    net = TwoLayerNet(3, 2, 2, seed=0)
    net.params["W1"] = net.params["W1"] - 1.0
    if net.layers[0].W is net.params["W1"]:
        pytest.skip("params assignment writes through to the layers here: rebinding trains")
    assert_not_yet(capsys, ch08.training_loop, epoch_loop(update="rebound"),
                   "layers still compute with the old ones")


def test_training_loop_rejects_loops_of_the_wrong_shape(capsys):
    def full_batch(net, x, t, learning_rate, epochs, batch_size, seed):
        losses = []
        for _ in range(epochs):
            grads = net.gradient(x, t)
            for key in net.params:
                net.params[key] -= learning_rate * grads[key]
            losses.append(net.loss(x, t))
        return losses

    def no_return(net, x, t, learning_rate, epochs, batch_size, seed):
        epoch_loop()(net, x, t, learning_rate, epochs, batch_size, seed)

    def shuffles_x_itself(net, x, t, learning_rate, epochs, batch_size, seed):
        np.random.default_rng(seed).shuffle(x)
        return epoch_loop()(net, x, t, learning_rate, epochs, batch_size, seed)

    assert_not_yet(capsys, ch08.training_loop, full_batch, "take 28 steps; your loop made 2")
    assert_not_yet(capsys, ch08.training_loop, no_return, "returns None")
    assert_not_yet(capsys, ch08.training_loop, shuffles_x_itself, "wrote into the x")
    assert_not_yet(capsys, ch08.training_loop, "my_train", "pass your function itself")


# --- the all-zero start

def test_zero_start_accepts_only_b2_changing(capsys):
    assert_right(capsys, ch08.zero_start, {"W1": False, "b1": False, "W2": False, "b2": True})


def test_zero_start_untouched_is_not_attempted(capsys):
    assert_not_attempted(capsys, ch08.zero_start, {"W1": None, "b1": None, "W2": None, "b2": None})


@pytest.mark.parametrize("answer, hint", [
    ({"W1": True, "b1": True, "W2": True, "b2": True}, "what does a ReLU pass back"),
    ({"W1": False, "b1": False, "W2": True, "b2": True}, "what is h when W1 and b1 are 0"),
    ({"W1": False, "b1": False, "W2": False, "b2": False}, "every class gets the probability 1/10"),
    ({"W1": False, "b1": False, "W2": False}, "give a dict with the keys"),
    ({"W1": 0, "b1": 0, "W2": 0, "b2": 1}, "True or False"),
])
def test_zero_start_names_the_first_wrong_prediction(capsys, answer, hint):
    assert_not_yet(capsys, ch08.zero_start, answer, hint)


def test_zero_start_truth_is_what_training_does():
    # the check derives its answer from one gradient; training 3 epochs agrees with it
    from teaching import digits, training
    data = digits.load(test_size=400, seed=0)
    net = TwoLayerNet(64, 50, 10, weight_init_std=0.1, seed=0)
    for param in net.params.values():
        param[...] = 0.0
    training.train(net, data, epochs=3, learning_rate=1.0, seed=0)
    assert [bool(np.any(net.params[k] != 0)) for k in ("W1", "b1", "W2", "b2")] == [
        False, False, False, True]
