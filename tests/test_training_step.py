"""teaching.training trains through network.sgd_step and network.train_epoch, and gets
bit for bit what the loop it replaced got: a plain loop, written out here."""

import numpy as np
from threadpoolctl import threadpool_limits

from network import TwoLayerNet
from teaching import training


def reference_run(data, epochs):
    """The chapter's run the long way: shuffle with the seeded generator, then one
    in-place gradient step per mini-batch, exactly as training did before."""
    D = training.DEFAULTS
    net = TwoLayerNet(64, D["hidden_size"], 10, weight_init_std=D["weight_init_std"], seed=0)
    rng = np.random.default_rng(0)
    accuracies = []
    with threadpool_limits(limits=1, user_api="blas"):
        for _ in range(epochs):
            order = rng.permutation(len(data.x_train))
            for first in range(0, len(order), D["batch_size"]):
                batch = order[first:first + D["batch_size"]]
                grads = net.gradient(data.x_train[batch], data.t_train[batch])
                for key in ("W1", "b1", "W2", "b2"):
                    net.params[key] -= D["learning_rate"] * grads[key]
            scores = net.predict(data.x_test)
            accuracies.append(float(np.mean(scores.argmax(axis=1) == data.t_test)))
    return net, accuracies


def test_the_chapter_run_is_the_plain_loop_bit_for_bit():
    data, net, history = training.chapter_run()
    want_net, want_acc = reference_run(data, training.DEFAULTS["epochs"])
    for key in net.params:
        assert np.array_equal(net.params[key], want_net.params[key]), key
    assert history.acc_test[1:] == want_acc
    assert np.array_equal(history.w1[-1], want_net.params["W1"])
    assert history.acc_test[-1] == 0.9775          # the chapter's figure: 391 of 400 right
