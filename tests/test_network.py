"""network.TwoLayerNet: backprop against central differences, seeding, labels, the math."""

import inspect
import threading
from collections import OrderedDict

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

import layers
import network
from network import TwoLayerNet, relative_error, sgd_step, train_epoch

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


def test_layers_named_in_order_as_the_book_names_them_and_sharing_the_params():
    net = TwoLayerNet(3, 4, 2, seed=0)
    assert isinstance(net.layers, OrderedDict)
    assert list(net.layers) == ["Affine1", "Relu1", "Affine2"]
    kinds = [type(layer).__name__ for layer in net.layers.values()]
    assert kinds == ["Affine", "Relu", "Affine"]
    assert type(net.last_layer).__name__ == "SoftmaxWithLoss"
    assert net.lastLayer is net.last_layer          # the book's name, the same layer
    replacement = layers.SoftmaxWithLoss()
    net.lastLayer = replacement
    assert net.last_layer is replacement
    first, second = net.layers["Affine1"], net.layers["Affine2"]
    assert first.W is net.params["W1"] and first.b is net.params["b1"]
    # code written for a list gets a hint, and adds no layer named 0
    for position in (0, 2):
        with pytest.raises(KeyError, match=r"named as in the book.*layers\['Affine1'\]"):
            net.layers[position]
        with pytest.raises(KeyError, match="not numbered"):
            net.layers[position] = layers.Affine(net.params["W1"], net.params["b1"])
    assert list(net.layers) == ["Affine1", "Relu1", "Affine2"]
    assert second.W is net.params["W2"] and second.b is net.params["b2"]


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
    for key, layer, attr in [("W1", "Affine1", "dW"), ("b1", "Affine1", "db"),
                             ("W2", "Affine2", "dW"), ("b2", "Affine2", "db")]:
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
    # one pass at the point itself (where each ReLU input lies), then two per parameter
    assert len(calls) == 1 + 2 * net.parameter_count()


@pytest.mark.parametrize("args, message", [
    ((0, 3, 2), "input_size"), ((3, -1, 2), "hidden_size"), ((3, 3, 2.5), "output_size"),
    ((3, True, 2), "hidden_size"), ((3, 3, 2, -0.1), "weight_init_std"),
    ((3, 3, 2, float("nan")), "weight_init_std"), ((3, 3, 2, "0.1"), "weight_init_std"),
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
    (np.ones((2, 5, 1)), ValueError, r"shape \(N, 4\)"),
    (np.ones(3), ValueError, r"shape \(N, 4\)"),
    (np.ones((0, 4)), ValueError, "empty"),
    (np.full((2, 4), np.nan), ValueError, "NaN"),
    (np.array([["a"] * 4]), TypeError, "numeric"),
    (np.ones((2, 4), dtype=bool), TypeError, "numeric"),
    (np.ones((2, 2, 2), dtype=complex), TypeError, "numeric"),
])
def test_bad_batches_are_named(x, error, message):
    with pytest.raises(error, match=message):
        TwoLayerNet(4, 3, 2, seed=0).predict(x)


@pytest.mark.parametrize("t, message", [
    (np.array([0, 1]), "2 labels for 3 rows"),
    (np.array([0, 1, 2]), r"outside \[0, 2\)"),
    (np.array([0, 1, -1]), r"outside \[0, 2\)"),
    (np.array([0.5, 1, 0]), "whole numbers"),
    (np.ones((3, 2)), "single 1"),
    (np.eye(3), r"shape \(3, 3\).*\(3, 2\)"),
    (np.zeros((3, 2, 1)), r"shape \(3, 2, 1\)"),
])
def test_bad_labels_are_named(t, message):
    net = TwoLayerNet(4, 3, 2, seed=0)
    with pytest.raises(ValueError, match=message) as err:
        net.loss(np.ones((3, 4)), t)
    assert str(err.value).startswith("TwoLayerNet: t")     # the network's own name


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
    # the network's check is the chapter-5 helper applied to each parameter array, in
    # place; the book's closure, which ignores its argument, gives the same numbers
    net = TwoLayerNet(2, 3, 2, seed=3)
    x, t = batch(net, 3, 3)
    assume_far_from_kinks = np.min(np.abs(hidden_preactivations(net, x))) > 1e-3
    assert assume_far_from_kinks
    for key in KEYS:
        direct = layers.numerical_gradient(lambda W: net.loss(x, t), net.params[key], h=1e-5)
        assert np.array_equal(direct, net.numerical_gradient(x, t)[key]), key


def test_network_uses_the_helpers_of_layers():
    # one relative_error, one label check, one array conversion: those of layers.py
    assert network.relative_error is layers.relative_error
    source = inspect.getsource(network)
    for own_copy in ("def relative_error", "np.linalg.norm", "np.round", "np.asarray("):
        assert own_copy not in source, own_copy
    with pytest.raises(TypeError, match="real number or a numeric array"):
        TwoLayerNet(4, 3, 2, seed=0).predict([["a"] * 4])


# --- seeds: the book's draws, or a generator of the network's own -----------------------

@pytest.mark.parametrize("n", [0, 1, 42])
def test_without_seed_the_weights_are_the_books_draws(n):
    # the book: W1 = std * np.random.randn(input, hidden), then W2 = std * randn(hidden, output)
    np.random.seed(n)
    net = TwoLayerNet(6, 5, 3)
    np.random.seed(n)
    W1 = 0.01 * np.random.randn(6, 5)
    W2 = 0.01 * np.random.randn(5, 3)
    assert np.array_equal(net.params["W1"], W1) and np.array_equal(net.params["W2"], W2)
    assert not net.params["b1"].any() and not net.params["b2"].any()
    np.random.seed(n)
    again = TwoLayerNet(6, 5, 3)
    assert all(np.array_equal(net.params[k], again.params[k]) for k in KEYS)


def test_a_seed_gives_a_network_of_its_own_drawn_as_before():
    # seed= draws from default_rng(seed): std * standard_normal((in, hidden)), then (hidden, out)
    rng = np.random.default_rng(0)
    W1, W2 = 0.1 * rng.standard_normal((64, 50)), 0.1 * rng.standard_normal((50, 10))
    np.random.seed(123)                               # the global generator plays no part
    state = np.random.get_state()[1].copy()
    net = TwoLayerNet(64, 50, 10, weight_init_std=0.1, seed=0)
    assert np.array_equal(net.params["W1"], W1) and np.array_equal(net.params["W2"], W2)
    assert np.array_equal(np.random.get_state()[1], state)


def test_weight_init_std_zero_keeps_every_hidden_unit_identical():
    net = TwoLayerNet(5, 4, 3, weight_init_std=0)
    assert not any(net.params[k].any() for k in KEYS)
    x, t = batch(net, 20, 0)
    for _ in range(30):
        sgd_step(net, x, t, 0.5)
    # all pre-activations start at 0, where ReLU passes no gradient: W1 never moves
    assert not net.params["W1"].any() and not net.params["b1"].any()
    W2 = net.params["W2"]
    assert np.array_equal(W2, np.repeat(W2[:1], len(W2), axis=0))   # identical rows
    assert net.params["b2"].any()                     # only the output bias learns


# --- rebinding a parameter must not silently stop learning -------------------------------

def test_an_update_written_either_way_trains_the_network_alike():
    nets = [TwoLayerNet(6, 5, 3, weight_init_std=0.5, seed=1) for _ in range(2)]
    x, t = batch(nets[0], 8, 1)
    before = nets[0].loss(x, t)
    for _ in range(5):
        grads = [net.gradient(x, t) for net in nets]
        for key in KEYS:
            nets[0].params[key] -= 0.1 * grads[0][key]                        # the book's way
            nets[1].params[key] = nets[1].params[key] - 0.1 * grads[1][key]   # rebinding
    assert nets[1].loss(x, t) < before
    for key in KEYS:
        assert np.array_equal(nets[0].params[key], nets[1].params[key]), key
    # the layers still hold the params' arrays, so numerical gradients are not zeros
    assert nets[1].layers["Affine1"].W is nets[1].params["W1"]
    numeric = nets[1].numerical_gradient(x, t)
    analytic = nets[1].gradient(x, t)
    assert all(relative_error(analytic[k], numeric[k]) < 1e-7 for k in KEYS)


def test_assigning_a_parameter_of_another_shape_says_how_to_update():
    net = TwoLayerNet(3, 4, 2, seed=0)
    with pytest.raises(ValueError, match=r"\(3, 4\).*\(4, 3\).*-= learning_rate"):
        net.params["W1"] = np.zeros((4, 3))
    with pytest.raises(TypeError, match="params\\['b1'\\]"):
        net.params["b1"] = "zero"
    net.params.update(b1=np.ones(4))                  # update() writes into the array too
    assert net.layers["Affine1"].b is net.params["b1"] and net.params["b1"].sum() == 4


# --- the gradient check at the book's starting scale --------------------------------------

def test_gradient_check_passes_at_the_default_starting_scale():
    # weight_init_std = 0.01 puts some ReLU inputs within h of 0 (here one at 4.5e-6);
    # the network's numerical gradient takes smaller steps there, so a right backward
    # stays far below 1e-7, as the rule says
    from teaching import digits
    data = digits.load()
    x, t = data.x_train[:3], data.t_train[:3]
    net = TwoLayerNet(64, 50, 10, seed=0)
    assert np.min(np.abs(hidden_preactivations(net, x))) < 1e-5     # the case in question
    analytic, numeric = net.gradient(x, t), net.numerical_gradient(x, t)
    errors = {k: relative_error(analytic[k], numeric[k]) for k in KEYS}
    assert max(errors.values()) < 1e-8, errors
    for n in range(3):                      # the book's own draws, a few seeds
        np.random.seed(n)
        net = TwoLayerNet(64, 50, 10)
        analytic, numeric = net.gradient(x, t), net.numerical_gradient(x, t)
        assert max(relative_error(analytic[k], numeric[k]) for k in KEYS) < 1e-7, n


def test_a_relu_input_on_the_kink_is_named():
    net = TwoLayerNet(2, 3, 2, weight_init_std=0.5, seed=0)
    x = np.array([[1.0, 2.0], [0.5, -1.0]])
    net.params["b1"][1] = -(x[1] @ net.params["W1"][:, 1])     # sample 1, unit 1 at 0
    a = hidden_preactivations(net, x)
    assert abs(a[1, 1]) < 1e-15
    before = {k: v.copy() for k, v in net.params.items()}
    with pytest.raises(ValueError, match=r"Relu1 for sample 1, unit 1.*kink"):
        net.numerical_gradient(x, np.array([0, 1]))
    assert all(np.array_equal(net.params[k], before[k]) for k in KEYS)   # all restored
    with pytest.raises(ValueError, match="kink"):
        TwoLayerNet(2, 3, 2, weight_init_std=0).numerical_gradient(x, np.array([0, 1]))


def test_images_are_flattened_like_the_books_affine():
    net = TwoLayerNet(64, 10, 3, seed=0)
    images = np.random.default_rng(0).uniform(0, 1, (5, 1, 8, 8))
    assert np.array_equal(net.predict(images), net.predict(images.reshape(5, 64)))
    grads = net.gradient(images, np.array([0, 1, 2, 0, 1]))
    assert grads["W1"].shape == (64, 10)


# --- the training step and loop --------------------------------------------------------

def test_sgd_step_is_one_gradient_step_in_place():
    net, copy = (TwoLayerNet(4, 3, 2, weight_init_std=0.5, seed=2) for _ in range(2))
    x, t = batch(net, 6, 2)
    arrays = {k: net.params[k] for k in KEYS}
    grads = copy.gradient(x, t)
    sgd_step(net, x, t, 0.25)
    for key in KEYS:
        assert net.params[key] is arrays[key]                      # in place
        assert np.array_equal(net.params[key], copy.params[key] - 0.25 * grads[key])


def test_train_epoch_visits_every_sample_once_in_the_rngs_order():
    net = TwoLayerNet(4, 3, 2, seed=0)
    x, t = batch(net, 10, 0)
    seen = []
    original = net.gradient
    net.gradient = lambda xb, tb: (seen.append(xb.copy()), original(xb, tb))[1]
    assert train_epoch(net, x, t, 0.1, 4, np.random.default_rng(5)) is True
    assert [len(b) for b in seen] == [4, 4, 2]
    order = np.random.default_rng(5).permutation(10)
    assert np.array_equal(np.concatenate(seen), x[order])


def test_train_epoch_stops_before_the_next_step():
    net = TwoLayerNet(4, 3, 2, seed=0)
    x, t = batch(net, 10, 0)
    before = {k: net.params[k].copy() for k in KEYS}
    stop = threading.Event()
    stop.set()
    assert train_epoch(net, x, t, 0.1, 4, np.random.default_rng(0), stop) is False
    assert all(np.array_equal(net.params[k], before[k]) for k in KEYS)
