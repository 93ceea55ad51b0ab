"""The book's chapter-5 scripts, used as the book documents them, on our modules.

No book code is copied here: each test writes its own small equivalent of how a
script uses the layers (the shopping examples, a network written in the book's
style with closures ``lambda W: self.loss(x, t)``, the gradient check of 5.7.3 and
the training loop of 5.7.4), on scikit-learn's bundled 8x8 digits instead of
MNIST.  The expected numbers are the book's (see the shopping facts of 5.4).
"""

from collections import OrderedDict

import numpy as np
import pytest

import layers
from layers import AddLayer, Affine, MulLayer, Relu, SoftmaxWithLoss
from network import TwoLayerNet


@pytest.fixture(scope="module")
def digits():
    from sklearn.datasets import load_digits
    bunch = load_digits()
    x = bunch.data / 16.0                        # scaled to [0, 1], as the book normalizes
    t = np.eye(10)[bunch.target]                 # one-hot labels, as the book's scripts ask
    return (x[:1397], t[:1397]), (x[1397:], t[1397:])


def test_buying_apples_prints_the_books_numbers(capsys):
    apple, apple_num, tax = 100, 2, 1.1
    mul_apple_layer, mul_tax_layer = MulLayer(), MulLayer()
    apple_price = mul_apple_layer.forward(apple, apple_num)
    price = mul_tax_layer.forward(apple_price, tax)
    dapple_price, dtax = mul_tax_layer.backward(1)
    dapple, dapple_num = mul_apple_layer.backward(dapple_price)
    print("price:", int(price))
    print("dApple:", dapple)
    print("dApple_num:", int(dapple_num))
    print("dTax:", dtax)
    # the book prints dTax: 200 (its naive layers keep Python ints); ours are floats
    assert capsys.readouterr().out.split("\n") == [
        "price: 220", "dApple: 2.2", "dApple_num: 110", "dTax: 200.0", ""]


def test_buying_apples_and_oranges_prints_the_books_numbers(capsys):
    apple, apple_num, orange, orange_num, tax = 100, 2, 150, 3, 1.1
    mul_apple, mul_orange, mul_tax = MulLayer(), MulLayer(), MulLayer()
    add_apple_orange = AddLayer()
    all_price = add_apple_orange.forward(mul_apple.forward(apple, apple_num),
                                         mul_orange.forward(orange, orange_num))
    price = mul_tax.forward(all_price, tax)
    dall_price, dtax = mul_tax.backward(1)
    dapple_price, dorange_price = add_apple_orange.backward(dall_price)
    dorange, dorange_num = mul_orange.backward(dorange_price)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    print("price:", int(price))
    print("dApple:", dapple)
    print("dApple_num:", int(dapple_num))
    print("dOrange:", dorange)
    print("dOrange_num:", int(dorange_num))
    print("dTax:", dtax)
    assert capsys.readouterr().out.split("\n") == [
        "price: 715", "dApple: 2.2", "dApple_num: 110", "dOrange: 3.3000000000000003",
        "dOrange_num: 165", "dTax: 650.0", ""]


class BookStyleNet:
    """A two-layer network written the way the book writes it, on ``from layers import``:
    global-generator weights, an OrderedDict of named layers, ``lastLayer``, and a
    numerical gradient through closures that ignore their argument."""

    def __init__(self, input_size, hidden_size, output_size, weight_init_std=0.01):
        self.params = {"W1": weight_init_std * np.random.randn(input_size, hidden_size),
                       "b1": np.zeros(hidden_size),
                       "W2": weight_init_std * np.random.randn(hidden_size, output_size),
                       "b2": np.zeros(output_size)}
        self.layers = OrderedDict()
        self.layers["Affine1"] = Affine(self.params["W1"], self.params["b1"])
        self.layers["Relu1"] = Relu()
        self.layers["Affine2"] = Affine(self.params["W2"], self.params["b2"])
        self.lastLayer = SoftmaxWithLoss()

    def predict(self, x):
        for layer in self.layers.values():
            x = layer.forward(x)
        return x

    def loss(self, x, t):
        return self.lastLayer.forward(self.predict(x), t)

    def numerical_gradient(self, x, t):
        loss_W = lambda W: self.loss(x, t)   # noqa: E731 (the book's pattern, on purpose)
        return {key: layers.numerical_gradient(loss_W, self.params[key]) for key in self.params}

    def gradient(self, x, t):
        self.loss(x, t)
        dout = self.lastLayer.backward(1)
        for layer in reversed(list(self.layers.values())):
            dout = layer.backward(dout)
        return {"W1": self.layers["Affine1"].dW, "b1": self.layers["Affine1"].db,
                "W2": self.layers["Affine2"].dW, "b2": self.layers["Affine2"].db}


@pytest.mark.parametrize("net_class", [BookStyleNet, TwoLayerNet], ids=["book-style", "ours"])
def test_the_gradient_check_of_5_7_3_passes(digits, net_class):
    (x_train, t_train), _ = digits
    np.random.seed(0)
    net = net_class(input_size=64, hidden_size=50, output_size=10)
    x_batch, t_batch = x_train[:3], t_train[:3]
    params_before = {k: v.copy() for k, v in net.params.items()}
    grad_numerical = net.numerical_gradient(x_batch, t_batch)
    grad_backprop = net.gradient(x_batch, t_batch)
    for key in ("W1", "b1", "W2", "b2"):
        diff = np.average(np.abs(grad_backprop[key] - grad_numerical[key]))
        assert diff < 1e-6, key                      # the book prints 1e-10 .. 1e-7
        assert np.abs(grad_numerical[key]).max() > 0, key   # not the silent zeros
        assert np.array_equal(net.params[key], params_before[key])


def test_the_training_loop_of_5_7_4_learns(digits):
    (x_train, t_train), (x_test, t_test) = digits
    np.random.seed(0)
    network = TwoLayerNet(input_size=64, hidden_size=50, output_size=10)
    train_size, batch_size, learning_rate = x_train.shape[0], 100, 0.1
    first_acc = network.accuracy(x_test, t_test)
    losses = []
    for _ in range(3000):
        batch_mask = np.random.choice(train_size, batch_size)
        x_batch, t_batch = x_train[batch_mask], t_train[batch_mask]
        grad = network.gradient(x_batch, t_batch)
        for key in ("W1", "b1", "W2", "b2"):
            network.params[key] -= learning_rate * grad[key]
        losses.append(network.loss(x_batch, t_batch))
    assert first_acc < 0.3 and network.accuracy(x_test, t_test) > 0.9
    assert np.mean(losses[-100:]) < np.mean(losses[:100]) / 5
