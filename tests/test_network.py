"""network.TwoLayerNet: backprop against central differences, seeding, labels, the math."""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

import layers
from network import TwoLayerNet, relative_error

KEYS = ("W1", "b1", "W2", "b2")


def batch(net, n, seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, size=(n, net.input_size))
    t = rng.integers(0, net.output_size, size=n)
    return x, t


def hidden_preactivations(net, x):
    return x @ net.params["W1"] + net.params["b1"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 6), st.integers(1, 7), st.integers(2, 5), st.integers(1, 5),
       st.integers(0, 2**31 - 1), st.booleans())
def test_gradient_matches_numerical_for_every_parameter(d, h, c, n, seed, one_hot):
    net = TwoLayerNet(d, h, c, weight_init_std=0.5, seed=seed)
    rng = np.random.default_rng(seed + 1)
    for key in ("b1", "b2"):   # non-zero biases, so their gradients are tested in general
        net.params[key][...] = rng.normal(0, 0.5, size=net.params[key].shape)
    x, t = batch(net, n, seed)
    # the central difference is meaningless across ReLU's kink: keep pre-activations away
    assume(np.min(np.abs(hidden_preactivations(net, x))) > 1e-3)
    labels = np.eye(c)[t] if one_hot else t
    analytic = net.gradient(x, labels)
    numeric = net.numerical_gradient(x, labels)
    assert set(analytic) == set(numeric) == set(net.params)
    for key in KEYS:
        assert analytic[key].shape == net.params[key].shape
        assert analytic[key].dtype == np.float64
        assert relative_error(analytic[key], numeric[key]) < 1e-7, key


def test_gradient_by_hand_on_a_tiny_network():
    # one input, one hidden unit, two classes; every number worked out on paper
    net = TwoLayerNet(1, 1, 2, seed=0)
    net.params["W1"][...] = [[2.0]]
    net.params["b1"][...] = [-1.0]
    net.params["W2"][...] = [[1.0, -1.0]]
    net.params["b2"][...] = [0.0, 0.0]
    x, t = np.array([[1.5]]), np.array([0])
    # hidden a = 2*1.5 - 1 = 2 > 0, so relu passes 2; scores (2, -2)
    assert np.allclose(net.predict(x), [[2.0, -2.0]])
    p0 = 1 / (1 + np.exp(-4.0))            # softmax of (2, -2) for class 0
    assert net.loss(x, t) == pytest.approx(-np.log(p0), rel=1e-12)
    g = net.gradient(x, t)
    ds = np.array([p0 - 1, 1 - p0])         # y - t
    assert np.allclose(g["b2"], ds)
    assert np.allclose(g["W2"], [2.0 * ds])  # hidden output 2 times ds
    dh = ds @ np.array([1.0, -1.0])          # back through W2: 2(p0 - 1)
    assert np.allclose(g["b1"], [dh])
    assert np.allclose(g["W1"], [[1.5 * dh]])


def test_loss_of_an_untrained_network_is_log_of_the_class_count():
    # all-zero weights score every class equally: softmax 1/C, loss log C
    net = TwoLayerNet(4, 3, 10, seed=0)
    net.params["W1"][...] = 0
    net.params["W2"][...] = 0
    x, t = batch(net, 5, 0)
    assert net.loss(x, t) == pytest.approx(np.log(10), rel=1e-12)


def test_same_seed_same_network_and_other_seed_another():
    a, b, c = (TwoLayerNet(5, 4, 3, seed=s) for s in (7, 7, 8))
    for key in KEYS:
        assert np.array_equal(a.params[key], b.params[key])
    assert not np.array_equal(a.params["W1"], c.params["W1"])
    x, _ = batch(a, 3, 0)
    assert np.array_equal(a.predict(x), b.predict(x))


def test_initial_weights_scale_and_zero_biases():
    net = TwoLayerNet(200, 100, 10, weight_init_std=0.01, seed=0)
    assert net.params["W1"].shape == (200, 100) and net.params["W2"].shape == (100, 10)
    assert net.params["W1"].std() == pytest.approx(0.01, rel=0.05)
    assert not net.params["b1"].any() and not net.params["b2"].any()
    assert net.parameter_count() == 200 * 100 + 100 + 100 * 10 + 10


def test_layers_in_order_and_sharing_the_params():
    net = TwoLayerNet(3, 4, 2, seed=0)
    kinds = [type(layer).__name__ for layer in net.layers]
    assert kinds == ["Affine", "Relu", "Affine"]
    assert type(net.last_layer).__name__ == "SoftmaxWithLoss"
    assert net.layers[0].W is net.params["W1"] and net.layers[0].b is net.params["b1"]
    assert net.layers[2].W is net.params["W2"] and net.layers[2].b is net.params["b2"]


def test_a_step_in_place_lowers_the_loss():
    net = TwoLayerNet(6, 5, 3, weight_init_std=0.5, seed=1)
    x, t = batch(net, 8, 1)
    before = net.loss(x, t)
    grads = net.gradient(x, t)
    for key in KEYS:
        net.params[key] -= 0.1 * grads[key]   # in place: the layers see the new values
    assert net.loss(x, t) < before


def test_accuracy_with_indices_and_one_hot():
    net = TwoLayerNet(2, 2, 3, seed=0)
    net.params["W1"][...] = np.eye(2)
    net.params["W2"][...] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]
    net.params["b2"][...] = [0.0, 0.0, 0.5]
    x = np.array([[2.0, 0.0], [0.0, 2.0], [0.1, 0.1], [3.0, 1.0]])
    # scores: class 0 wins, class 1 wins, class 2 wins (0.5 > 0.1), class 0 wins
    t = np.array([0, 1, 2, 1])                 # the last is wrong: 3 of 4 right
    assert net.accuracy(x, t) == 0.75
    assert net.accuracy(x, np.eye(3)[t]) == 0.75
    assert net.accuracy(x, np.array([0, 1, 2, 0])) == 1.0


def test_gradient_returns_new_arrays():
    net = TwoLayerNet(3, 4, 2, seed=0)
    x, t = batch(net, 4, 0)
    g = net.gradient(x, t)
    for key, layer, attr in [("W1", 0, "dW"), ("b1", 0, "db"), ("W2", 2, "dW"), ("b2", 2, "db")]:
        assert np.array_equal(g[key], getattr(net.layers[layer], attr))
        assert not np.shares_memory(g[key], getattr(net.layers[layer], attr))
        assert not np.shares_memory(g[key], net.params[key])


def test_numerical_gradient_restores_the_params_and_leaves_x_alone():
    net = TwoLayerNet(3, 4, 2, seed=0)
    before = {k: v.copy() for k, v in net.params.items()}
    arrays = {k: v for k, v in net.params.items()}
    x, t = batch(net, 4, 0)
    x_before = x.copy()
    net.numerical_gradient(x, t)
    for key in KEYS:
        assert net.params[key] is arrays[key]
        assert np.array_equal(net.params[key], before[key])
    assert np.array_equal(x, x_before)


def test_numerical_gradient_costs_two_forward_passes_per_parameter():
    net = TwoLayerNet(3, 4, 2, seed=0)
    calls = []
    original = net.last_layer.forward      # every forward pass ends in the loss layer
    net.last_layer.forward = lambda x, t: (calls.append(1), original(x, t))[1]
    x, t = batch(net, 4, 0)
    net.numerical_gradient(x, t)
    assert len(calls) == 2 * net.parameter_count()


@pytest.mark.parametrize("args, message", [
    ((0, 3, 2), "input_size"), ((3, -1, 2), "hidden_size"), ((3, 3, 2.5), "output_size"),
    ((3, True, 2), "hidden_size"), ((3, 3, 2, 0.0), "weight_init_std"),
    ((3, 3, 2, float("nan")), "weight_init_std"),
])
def test_bad_sizes_are_named(args, message):
    with pytest.raises(ValueError, match=message):
        TwoLayerNet(*args)


def test_one_sample_instead_of_a_batch_says_how_to_fix_it():
    net = TwoLayerNet(4, 3, 2, seed=0)
    with pytest.raises(ValueError, match=r"one sample.*reshape\(1, -1\)"):
        net.predict(np.ones(4))
    assert net.predict(np.ones(4).reshape(1, -1)).shape == (1, 2)


@pytest.mark.parametrize("x, error, message", [
    (np.ones((2, 5)), ValueError, r"shape \(N, 4\)"),
    (np.ones((2, 4, 1)), ValueError, r"shape \(N, 4\)"),
    (np.ones((0, 4)), ValueError, "empty"),
    (np.full((2, 4), np.nan), ValueError, "NaN"),
    (np.array([["a"] * 4]), TypeError, "numeric"),
    (np.ones((2, 4), dtype=bool), TypeError, "numeric"),
])
def test_bad_batches_are_named(x, error, message):
    with pytest.raises(error, match=message):
        TwoLayerNet(4, 3, 2, seed=0).predict(x)


@pytest.mark.parametrize("t, message", [
    (np.array([0, 1]), "3 samples but 2 labels"),
    (np.array([0, 1, 2]), r"0\.\.1"),
    (np.array([0, 1, -1]), r"0\.\.1"),
    (np.array([0.5, 1, 0]), "whole numbers"),
    (np.ones((3, 2)), "exactly one 1"),
    (np.eye(3), r"shape \(3, 2\)"),
    (np.zeros((3, 2, 1)), r"shape \(N,\) or \(N, 2\)"),
])
def test_bad_labels_are_named(t, message):
    net = TwoLayerNet(4, 3, 2, seed=0)
    with pytest.raises(ValueError, match=message):
        net.loss(np.ones((3, 4)), t)


def test_relative_error():
    a = np.array([3.0, 4.0])
    assert relative_error(a, a) == 0.0
    assert relative_error(np.zeros(2), np.zeros(2)) == 0.0
    assert relative_error(a, -a) == pytest.approx(1.0)         # ||2a|| / 2||a||
    assert relative_error(a, np.array([3.0, 4.0 + 1e-6])) == pytest.approx(1e-6 / 10)
    assert relative_error(a, np.array([np.nan, 4.0])) == float("inf")
    with pytest.raises(ValueError, match="shapes differ"):
        relative_error(a, np.ones(3))


def test_layers_numerical_gradient_is_what_it_reuses():
    # the network's check is the chapter-5 helper applied to each parameter array
    net = TwoLayerNet(2, 3, 2, seed=3)
    x, t = batch(net, 3, 3)
    w = net.params["b2"]
    saved = w.copy()

    def loss_at(v):
        w[...] = v
        return net.loss(x, t)

    direct = layers.numerical_gradient(loss_at, saved, h=1e-5)
    w[...] = saved
    assert np.array_equal(direct, net.numerical_gradient(x, t)["b2"])
