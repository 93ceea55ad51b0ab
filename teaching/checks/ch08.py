"""Checks for the exercises of chapter 09, the two-layer network.

The learner's network class is built with seeded random sizes and weights, and
its ``loss`` and ``gradient`` are compared with the math, computed here from
the network's own ``params``:

    h_0 = x,  a_i = h_{i-1} W_i + b_i,  h_i = relu(a_i) (not after the last),
    L = mean over the batch of -log softmax(a_last)[t],
    dL/da_last = (softmax(a_last) - onehot(t)) / N,
    dW_i = h_{i-1}^T da_i,  db_i = sum over the batch of da_i,
    dh_{i-1} = da_i W_i^T,  da_{i-1} = dh_{i-1} * [a_{i-1} > 0].

The typical wrong gradients (no division by N, dx = dout W without the
transpose, the layer list walked forward in backward) are computed the same
way, so a hint can name the mistake.  Square sizes come first: there these
mistakes raise nothing and only the numbers show them.
"""

import numpy as np

from .core import NotYet, call, check

_BATCH = 7          # not 1, and not a size of any layer: "N times too large" is unambiguous
_TOLERANCE = 1e-7   # relative error between the learner's gradient and the math


def _relative_error(a, b):
    diff = np.linalg.norm(a - b)
    return 0.0 if diff == 0 else float(diff / (np.linalg.norm(a) + np.linalg.norm(b)))


def _data(sizes, seed):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((_BATCH, sizes[0])), rng.integers(0, sizes[-1], size=_BATCH)


def _reference(weights, x, t, mistake=None):
    """Loss and gradients {W1, b1, ...} of the network with these [(W, b), ...].

    ``mistake`` computes a typical wrong gradient instead: "no_mean" (no division
    by N), "transposed" (dx = dout W), "forward_walk" (the backward pass hands
    dout to the layers in forward order; square layers only).
    """
    hs, pre = [x], []
    for i, (W, b) in enumerate(weights):
        a = hs[-1] @ W + b
        pre.append(a)
        hs.append(np.maximum(a, 0.0) if i < len(weights) - 1 else a)
    scores = hs[-1]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_y = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = len(x)
    loss = float(-log_y[np.arange(n), t].mean())
    onehot = np.eye(scores.shape[1])[t]
    da = (np.exp(log_y) - onehot) / (1 if mistake == "no_mean" else n)
    grads = {}
    order = range(len(weights)) if mistake == "forward_walk" else reversed(range(len(weights)))
    for step, i in enumerate(order):
        W, _ = weights[i]
        # what reaches layer i: its own input and mask in the right order; in a forward
        # walk, layer i gets the dout meant for the layer that comes before it in reverse
        grads[f"W{i + 1}"] = hs[i].T @ da
        grads[f"b{i + 1}"] = da.sum(axis=0)
        dh = da @ (W if mistake == "transposed" else W.T)
        if step == len(weights) - 1:
            break
        below = i + 1 if mistake == "forward_walk" else i - 1
        # the ReLU between the two Affine layers: the forward walk passes through it too
        relu_at = pre[min(i, below)]
        da = dh * (relu_at > 0)
    return loss, grads


def _network(net_class, sizes, names):
    net = call(lambda: net_class(*sizes, weight_init_std=1.0, seed=0),
               what=f"creating the network {tuple(sizes)}")
    params = getattr(net, "params", None)
    if not isinstance(params, dict):
        raise NotYet("the network needs a dict params (W1, b1, ...), as TwoLayerNet has.")
    missing = [name for name in names if name not in params]
    if missing:
        raise NotYet(f"params needs the keys {', '.join(missing)}.")
    for i in range(len(sizes) - 1):
        want = {f"W{i + 1}": (sizes[i], sizes[i + 1]), f"b{i + 1}": (sizes[i + 1],)}
        for name, shape in want.items():
            got = np.shape(params[name])
            if got != shape:
                raise NotYet(f"with sizes {tuple(sizes)}, params['{name}'] should have shape "
                             f"{shape}, got {got}.")
    return net


def _compare(net_class, sizes, typical, praise_sizes):
    """The learner's loss and gradient against the math at ``sizes``; ``NotYet`` names the
    first disagreement, and the mistake if it matches one in ``typical`` ({name: hint})."""
    n_layers = len(sizes) - 1
    names = [f"{p}{i}" for i in range(1, n_layers + 1) for p in "Wb"]
    net = _network(net_class, sizes, names)
    weights = [(np.array(net.params[f"W{i}"], dtype=float), np.array(net.params[f"b{i}"], dtype=float))
               for i in range(1, n_layers + 1)]
    x, t = _data(sizes, seed=sum(sizes))
    loss, want = _reference(weights, x, t)
    where = f"with sizes {tuple(sizes)}"
    got_loss = call(lambda: net.loss(x.copy(), t.copy()), what="loss")
    try:
        got_loss = float(got_loss)
    except (TypeError, ValueError):
        raise NotYet(f"loss(x, t) should return a number, got {got_loss!r}.") from None
    if not abs(got_loss - loss) <= 1e-9 * max(1.0, abs(loss)):
        raise NotYet(f"{where}, loss(x, t) gives {got_loss:.6g}, the mean cross-entropy is "
                     f"{loss:.6g}: check the forward pass (every layer, in order).")
    grads = call(net.gradient, x, t, what="gradient", keep={"x": x, "t": t},
                 fix="compute with new arrays.")
    if not isinstance(grads, dict) or any(name not in grads for name in names):
        raise NotYet(f"gradient(x, t) should return a dict with the keys {', '.join(names)}.")
    for name in names:
        g = np.asarray(grads[name], dtype=float) if grads[name] is not None else None
        if g is None or g.shape != want[name].shape or not np.all(np.isfinite(g)):
            raise NotYet(f"{where}, the gradient of {name} should be a finite array of shape "
                         f"{want[name].shape}, got {grads[name]!r:.60}.")
    wrong = [name for name in names
             if _relative_error(np.asarray(grads[name], dtype=float), want[name]) > _TOLERANCE]
    if wrong:
        got = {name: np.asarray(grads[name], dtype=float) for name in names}
        for kind, hint in typical.items():
            _, bad = _reference(weights, x, t, mistake=kind)
            if all(_relative_error(got[n], bad[n]) < 1e-6 for n in names):
                raise NotYet(f"{where}: {hint}")
        errors = ", ".join(f"{name} {_relative_error(got[name], want[name]):.1e}" for name in wrong)
        raise NotYet(f"{where}, the gradient check fails for {', '.join(wrong)} (relative "
                     f"errors {errors}); the parameters that agree tell you which layers are "
                     "right.")
    return praise_sizes


_TYPICAL = {
    "no_mean": ("every gradient is exactly N = 7 times the right one, for a batch of N = 7 "
                "samples: look at what the loss layer's backward does with the batch size."),
    "transposed": ("the last layer's dW and db are right, the ones before it are wrong: look at "
                   "what the Affine layer's backward passes down (what shape must dx have?)."),
    "forward_walk": ("every gradient is wrong, and the first Affine layer gets the gradient "
                     "meant for the last one: look at the order in which gradient() visits "
                     "the layers."),
}


@check
def fixed_network(net_class):
    """Exercise 9.1: a two-layer network class whose loss and gradient match the math."""
    for sizes in [(10, 10, 10), (6, 5, 4)]:   # square first: there the bugs raise nothing
        _compare(net_class, sizes, _TYPICAL, None)
    return ("loss and all four gradients match the math, for square layers (10-10-10) and "
            "for 6-5-4.")


@check
def three_layer_net(net_class):
    """Exercise 9.2: ``ThreeLayerNet(input, hidden1, hidden2, output, weight_init_std, seed)``."""
    if not callable(net_class):
        raise NotYet("pass your class itself, ThreeLayerNet.")
    for sizes in [(6, 6, 6, 6), (6, 5, 4, 3)]:
        _compare(net_class, sizes, _TYPICAL, None)
    return ("loss and all six gradients match the math (6-6-6-6 and 6-5-4-3): the same "
            "backward loop works for any number of layers.")


# --- exercise 8.1: the learner's own training loop ---------------------------------------
#
# The learner writes my_train(net, x, t, learning_rate, epochs, batch_size, seed): each
# epoch one seeded shuffle of the training set, taken batch_size samples at a time; per
# step the gradient by backprop and the update params[k] -= learning_rate * grads[k]; after
# each epoch net.loss(x, t) on the whole set is recorded; the list of those losses is
# returned.  The check watches the loop through a network that notes every batch its
# gradient is asked for, then trains a fresh chapter network with the loop.

_LOOP_RATE, _LOOP_BATCH = 1.0, 100
_LOOP_EPOCHS = 30       # at learning rate 1, 30 epochs reach 97 % or more on the chapter's split
_LOOP_TARGET = 0.97


def _rows(x):
    """The rows of ``x`` as a multiset: a batch's samples, whatever their order."""
    from collections import Counter
    return Counter(map(bytes, np.ascontiguousarray(x, dtype=np.float64)))


def _watched():
    """A chapter network that notes the inputs of every gradient it is asked for."""
    from network import TwoLayerNet

    class Watched(TwoLayerNet):
        def gradient(self, x, t):
            self.batches.append(np.array(x, dtype=np.float64))
            return super().gradient(x, t)

    net = _loop_net(Watched)
    net.batches = []
    return net


def _loop_net(cls=None):
    from network import TwoLayerNet
    # the chapter's network: 64-50-10, starting scale 0.1, seed 0
    return (cls or TwoLayerNet)(64, 50, 10, weight_init_std=0.1, seed=0)


def _run_loop(train, net, data, epochs, seed=0):
    from threadpoolctl import threadpool_limits   # one BLAS thread: small products run faster
    x, t = data.x_train.copy(), data.t_train.copy()
    # a loop that climbs overflows: the check says so itself, numpy need not warn
    with threadpool_limits(limits=1, user_api="blas"), np.errstate(over="ignore", invalid="ignore"):
        losses = call(lambda: train(net, x, t, learning_rate=_LOOP_RATE, epochs=epochs,
                                    batch_size=_LOOP_BATCH, seed=seed),
                      what="my_train", keep={"x": x, "t": t},
                      fix="take the batches with indexing, x[batch], which copies.")
    if losses is None:
        raise NotYet("my_train returns None: return the list of recorded losses, one per epoch.")
    try:
        losses = [float(v) for v in losses]
    except (TypeError, ValueError):
        raise NotYet(f"my_train should return a list of numbers, got {losses!r:.60}.") from None
    if len(losses) != epochs:
        raise NotYet(f"with epochs={epochs}, my_train returned {len(losses)} losses: record one "
                     "after each epoch.")
    return losses


def _forward_loss(net, x, t):
    """The loss computed from ``net.params`` themselves, not through the net's layers."""
    weights = [(net.params["W1"], net.params["b1"]), (net.params["W2"], net.params["b2"])]
    return _reference(weights, x, t)[0]


def _steps_per_epoch(net, data, epochs):
    n, steps = len(data.x_train), -(-len(data.x_train) // _LOOP_BATCH)
    batches = net.batches
    if not batches:
        raise NotYet("my_train never asked the network for a gradient (net.gradient).")
    if len(batches) != epochs * steps:
        raise NotYet(f"{epochs} epochs over {n:,} samples in batches of {_LOOP_BATCH} take "
                     f"{epochs * steps} steps; your loop made {len(batches)}.")
    everything = _rows(data.x_train)
    orders = []
    for epoch in range(epochs):
        mine = batches[epoch * steps:(epoch + 1) * steps]
        if max(len(b) for b in mine) > _LOOP_BATCH:
            raise NotYet(f"a step used {max(len(b) for b in mine)} samples; a mini-batch holds "
                         f"at most batch_size = {_LOOP_BATCH}.")
        seen = _rows(np.concatenate(mine))
        if seen != everything:
            raise NotYet(f"in epoch {epoch + 1} some training samples were used twice and others "
                         "not at all: one epoch visits every sample exactly once.")
        orders.append(np.concatenate(mine))
    if np.array_equal(orders[0], data.x_train) or np.array_equal(orders[0], orders[1]):
        raise NotYet("the samples come in the same order "
                     + ("as in x" if np.array_equal(orders[0], data.x_train) else "every epoch")
                     + ": shuffle them at the start of each epoch (with the seed).")


@check
def training_loop(train):
    """Exercise 8.1: ``my_train(net, x, t, learning_rate, epochs, batch_size, seed)``."""
    from teaching import digits     # here: only this check needs the data
    data = digits.load(test_size=400, seed=0)
    if not callable(train):
        raise NotYet("pass your function itself, my_train.")

    # two epochs on a network that notes its batches
    net = _watched()
    before = {k: v.copy() for k, v in net.params.items()}
    start = _forward_loss(net, data.x_train, data.t_train)
    losses = _run_loop(train, net, data, epochs=2)
    _steps_per_epoch(net, data, epochs=2)
    if all(np.array_equal(before[k], net.params[k]) for k in before):
        raise NotYet("after two epochs the weights are exactly what they were: each step must "
                     "change every parameter.")
    through_layers = call(lambda: net.loss(data.x_train, data.t_train), what="net.loss")
    from_params = _forward_loss(net, data.x_train, data.t_train)
    if (np.isfinite(through_layers) and np.isfinite(from_params)
            and not np.isclose(through_layers, from_params, rtol=1e-9)):
        raise NotYet("net.params now holds new arrays, but the network's layers still compute "
                     "with the old ones (its loss is still "
                     f"{through_layers:.4f}): change each array itself, in place.")
    if not np.isfinite(from_params) or from_params >= start:
        raise NotYet(f"the training loss went from {start:.4f} to {from_params:.4g} in two epochs "
                     "instead of falling: which way does a step have to go to lower the loss?")
    if not np.isclose(losses[-1], from_params, rtol=1e-9):
        raise NotYet(f"the last loss you recorded is {losses[-1]:.6g}, but the network's loss on "
                     f"all of x after the last epoch is {from_params:.6g}: record that, once per "
                     "epoch.")
    again = _watched()
    if _run_loop(train, again, data, epochs=2) != losses:
        raise NotYet("two runs with seed=0 gave different losses: draw every shuffle from a "
                     "generator made from the seed.")

    # the payoff: a fresh chapter network, trained by the learner's loop
    net = _loop_net()
    losses = _run_loop(train, net, data, epochs=_LOOP_EPOCHS)
    accuracy = net.accuracy(data.x_test, data.t_test)
    if accuracy < _LOOP_TARGET:
        raise NotYet(f"after {_LOOP_EPOCHS} epochs at learning rate {_LOOP_RATE:g}, your loop's "
                     f"network gets {100 * accuracy:.2f} % of the test digits right; a right loop "
                     f"gets {100 * _LOOP_TARGET:.0f} % or more.")
    return (f"your loop visits every sample once per epoch in shuffled mini-batches, steps "
            f"downhill, records the loss and repeats with its seed; in {_LOOP_EPOCHS} epochs it "
            f"took the loss from {start:.3f} to {losses[-1]:.4f} and the network gets "
            f"{100 * accuracy:.2f} % of the 400 test digits right.")


# --- the all-zero start: which parameters can change? ------------------------------------

_ZERO_HINTS = {
    "W1": ("every hidden unit's input is exactly 0 at the start: what does a ReLU pass back "
           "where its input is 0 (chapter 05)?"),
    "b1": ("every hidden unit's input is exactly 0 at the start: what does a ReLU pass back "
           "where its input is 0 (chapter 05)?"),
    "W2": ("the gradient of W2 is h^T dout, with h the hidden layer's output: what is h when "
           "W1 and b1 are 0?"),
    "b2": ("the gradient of b2 is dout summed over the batch, and dout = (y - t) / N: is that "
           "0 when every class gets the probability 1/10?"),
}


@check
def zero_start(changes):
    """Prediction: with every weight and bias at 0, which of W1, b1, W2, b2 change in training?"""
    from network import TwoLayerNet
    from teaching import digits
    names = ["W1", "b1", "W2", "b2"]
    _dict_of_bools(changes, names)
    # the truth, from the network itself: at an all-zero start a parameter can change only if
    # its gradient on the training digits is not 0 (and a parameter whose gradient is 0 at
    # every step keeps its value; the demonstration after the check trains to show it)
    data = digits.load(test_size=400, seed=0)
    net = TwoLayerNet(64, 50, 10, weight_init_std=0.1, seed=0)
    for param in net.params.values():
        param[...] = 0.0
    grads = net.gradient(data.x_train, data.t_train)
    truth = {name: bool(np.any(grads[name] != 0)) for name in names}
    wrong = [name for name in names if bool(changes[name]) != truth[name]]
    if wrong:
        raise NotYet(f"not {wrong[0]}: {_ZERO_HINTS[wrong[0]]}")
    return ("only b2 changes: the hidden inputs are all 0, where the ReLU's switch is closed, so "
            "nothing reaches W1 and b1, and h = 0 leaves W2 nothing to learn from; b2 learns how "
            "common each class is.")


def _dict_of_bools(given, names):
    from .core import NotAttempted
    if isinstance(given, dict) and names and all(given.get(n) is None for n in names):
        raise NotAttempted("replace every None with True (it changes) or False (it stays).")
    if not isinstance(given, dict) or any(n not in given for n in names):
        raise NotYet(f"give a dict with the keys {', '.join(names)}.")
    if any(not isinstance(given[n], (bool, np.bool_)) for n in names):
        raise NotYet("give True or False for each parameter.")
