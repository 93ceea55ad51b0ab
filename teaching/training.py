"""Training a ``network.TwoLayerNet`` on the digits, and watching it learn.

* ``train(net, data, epochs, ...)``: mini-batch gradient descent in the book's
  shape (gradient by backprop, then ``params[key] -= lr * grad[key]`` in
  place), one shuffled pass over the training set per epoch; after each epoch
  it records losses, accuracies, the first layer's weights and the test
  predictions in a ``History``.
* ``curves_figure``, ``weights_figure``, ``mistakes_figure``: the static
  matplotlib pictures of a finished run (stored in the notebook, so a reader
  without a kernel sees them).
* ``tile``, ``weight_images``, ``mistakes``: the pictures' data, shared with
  the live view (``teaching.training_view.TrainingView``), which trains in a
  background thread and redraws these while it trains.
"""

import functools
import time
from dataclasses import dataclass, field, fields, replace

import matplotlib
import numpy as np
from threadpoolctl import threadpool_limits

from layers import SoftmaxWithLoss, softmax
from network import TwoLayerNet
from teaching import style
from teaching.figures import RC, new_figure

__all__ = ["History", "train", "sgd_step", "curves_figure", "weights_figure",
           "mistakes_figure", "examples_figure", "tile", "weight_images", "mistakes",
           "DEFAULTS", "WEIGHT_COLOURS", "INK_COLOURS", "chapter_run", "network_code",
           "time_gradient", "timed", "train_and_look", "mean_loss_val", "validation_run",
           "longer_report", "loss_val_figure"]

# the settings of the chapter's run and the benchmark (see benchmarks/README.md):
# small 8x8 images learn well with a bigger step than the book's 0.1 on MNIST
DEFAULTS = {"hidden_size": 50, "learning_rate": 1.0, "weight_init_std": 0.1,
            "batch_size": 100, "epochs": 100}
SIDE = 8                 # the digits are 8x8
TRAIN_COLOR, TEST_COLOR = style.VALUE, style.INK
MAX_MISTAKES = 20        # wrong test digits shown (two rows of ten)
GAP = 4                  # blank pixels between wrong digits: room for "true->predicted"
# the colour scales of the digit pictures, here and in the live view
WEIGHT_COLOURS = ("#1f5fa8", "#ffffff", style.GRADIENT)   # negative blue, 0 white, positive red
INK_COLOURS = ("#ffffff", style.INK)                       # 0 white, 1 ink


@dataclass
class History:
    """What ``train`` recorded, one entry per epoch (entry 0 is before training)."""
    epoch: list = field(default_factory=list)
    learning_rate: list = field(default_factory=list)
    loss_train: list = field(default_factory=list)
    loss_test: list = field(default_factory=list)
    acc_train: list = field(default_factory=list)
    acc_test: list = field(default_factory=list)
    w1: list = field(default_factory=list)           # copies of W1, shape (64, hidden)
    predicted: list = field(default_factory=list)    # test predictions (class indices)
    seconds: float = 0.0                             # time spent in training steps only
    held_out: str = "test"                           # what loss_test, acc_test were measured on

    def __len__(self):
        return len(self.epoch)

    def upto(self, epochs):
        """The record of epochs 0 to ``epochs`` only (a new History)."""
        return replace(self, **{f.name: getattr(self, f.name)[:epochs + 1] for f in fields(self)
                                if isinstance(getattr(self, f.name), list)})

    @property
    def loss_val(self):
        """``loss_test`` under the name the chapter uses when it holds validation digits."""
        return self.loss_test

    @property
    def acc_val(self):
        """``acc_test`` under the name the chapter uses when it holds validation digits."""
        return self.acc_test

    def record(self, net, data, learning_rate):
        self.epoch.append(len(self.epoch))
        self.held_out = getattr(data, "held_out", "test")
        self.learning_rate.append(float(learning_rate))
        # one forward pass per set gives both its loss and its accuracy; a separate
        # SoftmaxWithLoss leaves the network's own last layer as training left it
        for x, t, losses, accuracies in ((data.x_train, data.t_train, self.loss_train,
                                          self.acc_train),
                                         (data.x_test, data.t_test, self.loss_test,
                                          self.acc_test)):
            scores = net.predict(x)
            losses.append(SoftmaxWithLoss().forward(scores, t))
            accuracies.append(float(np.mean(scores.argmax(axis=1) == t)))
        self.predicted.append(scores.argmax(axis=1))
        self.w1.append(net.params["W1"].copy())


def sgd_step(net, x, t, learning_rate):
    """One step of gradient descent on the batch (x, t); the params change in place
    (``network.sgd_step``, the step a learner reads)."""
    import network  # here: only these two functions may change in this revision
    network.sgd_step(net, x, t, learning_rate)


def train(net, data, epochs, learning_rate=DEFAULTS["learning_rate"],
          batch_size=DEFAULTS["batch_size"], seed=0, history=None, stop=None):
    """Train ``net`` for ``epochs`` shuffled passes over ``data``; return the ``History``.

    ``seed`` (an int or a ``numpy.random.Generator``) fixes the batch order.
    Give ``history`` to continue one; a new one starts with the untrained
    network as epoch 0.  ``stop`` (a ``threading.Event``) ends training after
    the current step; what was learnt is kept and recorded.
    """
    if not isinstance(epochs, int) or epochs < 0:
        raise ValueError(f"train: epochs must be a whole number >= 0, got {epochs!r}")
    if not learning_rate > 0:
        raise ValueError(f"train: learning_rate must be positive, got {learning_rate!r}")
    rng = np.random.default_rng(seed)
    # One BLAS thread: products this small (100 x 64 by 64 x 50) gain nothing from a
    # second one, and on a busy machine its spinning slowed training 8 times
    # (benchmarks/README.md, training speed).  It also makes every run's last bits
    # the same whatever the machine's number of cores.
    with threadpool_limits(limits=1, user_api="blas"):
        if history is None:
            history = History()
            history.record(net, data, learning_rate)
        _epochs(net, data, epochs, learning_rate, batch_size, rng, history, stop)
    return history


def _epochs(net, data, epochs, learning_rate, batch_size, rng, history, stop):
    import network  # here: only these two functions may change in this revision
    for _ in range(epochs):
        start = time.perf_counter()
        finished = network.train_epoch(net, data.x_train, data.t_train, learning_rate,
                                       batch_size, rng, stop)
        history.seconds += time.perf_counter() - start
        history.record(net, data, learning_rate)
        if not finished:
            break


def train_and_look(net, data, epochs, looks, learning_rate=DEFAULTS["learning_rate"],
                   seed=0):
    """``train(net, data, epochs, learning_rate, seed=seed)``, the very same run, stopping to
    look at the held-out digits after each epoch in ``looks``.  Returns the ``History`` and
    {epoch: (each held-out digit's own loss, the indices of the digits it gets wrong)}."""
    rng = np.random.default_rng(seed)       # one generator across the stops: one run
    history, seen, done = None, {}, 0
    for look in sorted(set(looks) | {epochs}):
        history = train(net, data, look - done, learning_rate, seed=rng, history=history)
        done = look
        if look in looks:
            y = softmax(net.predict(data.x_test))
            digit_losses = -np.log(y[np.arange(len(y)), data.t_test])
            seen[look] = (digit_losses, np.flatnonzero(y.argmax(axis=1) != data.t_test))
    return history, seen


@functools.lru_cache(maxsize=1)
def validation_run(epochs=300, looks_until=100):
    """Chapter 08's run on its 1,097 training and 300 validation digits (seed 0, ``DEFAULTS``),
    trained once per session, shared by the chapter and its check: ``train_and_look``'s
    (History, looks), looking after every epoch up to ``looks_until`` and after the last."""
    from teaching import digits  # here, not at the top: only this helper needs scikit-learn
    data = digits.validation_split(digits.load(test_size=400, seed=0), size=300)
    net = TwoLayerNet(data.x_train.shape[1], DEFAULTS["hidden_size"], 10,
                      weight_init_std=DEFAULTS["weight_init_std"], seed=0)
    return train_and_look(net, data, epochs, looks=(*range(1, looks_until + 1), epochs))


def mean_loss_val(history, last=10):
    """{epoch: the mean held-out loss over the ``last`` epochs up to it}, from epoch
    ``last`` on: averages that a single noisy epoch cannot swing."""
    losses = np.asarray(history.loss_test)
    return {epoch: float(losses[epoch - last + 1:epoch + 1].mean())
            for epoch in range(last, len(losses))}


def longer_report(best):
    """What chapter 08's view prints once its run reaches epoch 300 (``validation_run``'s
    numbers, as lines of text): the ten-epoch means of the validation loss every 50 epochs,
    and after epochs ``best``, 100 and 300 the validation digits wrong, with their mean loss
    and the right ones'."""
    history, looks = validation_run()
    means = mean_loss_val(history, last=10)
    lines = ["validation loss, mean of the ten epochs up to epoch " + ", ".join(
        f"{epoch}: {means[epoch]:.3f}" for epoch in range(50, 301, 50))]
    for epoch in (best, 100, 300):
        digit_losses, wrong = looks[epoch]
        lines.append(f"after epoch {epoch:>3}: {len(wrong)} validation digits wrong "
                     f"{wrong.tolist()}, their mean loss {digit_losses[wrong].mean():.2f}; "
                     f"the right ones' {np.delete(digit_losses, wrong).mean():.3f}")
    return "\n".join(lines)


def tile(images, columns, gap=1, fill=0.0):
    """Images (k, 8, 8) side by side in rows of ``columns``, ``gap`` pixels apart."""
    images = np.asarray(images, dtype=np.float64)
    rows = max(1, -(-len(images) // columns))
    cell = SIDE + gap
    out = np.full((rows * cell - gap, columns * cell - gap), fill)
    for i, image in enumerate(images):
        r, c = divmod(i, columns)
        out[r * cell:r * cell + SIDE, c * cell:c * cell + SIDE] = image
    return out


def weight_images(w1):
    """Each hidden unit's 64 incoming weights as an 8x8 image, scaled to [-1, 1]."""
    images = np.asarray(w1).T.reshape(-1, SIDE, SIDE)
    scale = np.abs(images).max(axis=(1, 2), keepdims=True)
    return images / np.where(scale == 0, 1.0, scale)


def mistakes(predicted, data, limit=MAX_MISTAKES):
    """The first ``limit`` test digits ``predicted`` gets wrong: (images, true labels,
    predicted labels, how many are wrong in all)."""
    wrong = np.flatnonzero(predicted != data.t_test)
    shown = wrong[:limit]
    return (data.x_test[shown].reshape(-1, SIDE, SIDE), data.t_test[shown], predicted[shown],
            len(wrong))


# ---------------------------------------------------------------------------
# Static figures (matplotlib, no pyplot)
# ---------------------------------------------------------------------------

_WEIGHT_COLORS = matplotlib.colors.LinearSegmentedColormap.from_list("weights",
                                                                   list(WEIGHT_COLOURS))
_INK_COLORS = matplotlib.colors.LinearSegmentedColormap.from_list("ink", list(INK_COLOURS))


def curves_figure(history):
    """Loss (on a log axis) and accuracy, train and test, per epoch (10 x 3.8 in)."""
    with matplotlib.rc_context(RC):
        fig, (left, right) = new_figure(10, 3.8, 2)
        left.plot(history.epoch, history.loss_train, color=TRAIN_COLOR, label="train")
        left.plot(history.epoch, history.loss_test, color=TEST_COLOR, linestyle="--",
                  label=history.held_out)
        # a log axis: the training loss falls a thousandfold, and on a linear axis the gap
        # between it and a test loss that stays near 0.07 is invisible
        left.set(xlabel="epoch", ylabel="loss (cross-entropy, log scale)", yscale="log",
                 title=f"loss on the training and {history.held_out} digits")
        right.plot(history.epoch, 100 * np.array(history.acc_train), color=TRAIN_COLOR,
                   label="train")
        right.plot(history.epoch, 100 * np.array(history.acc_test), color=TEST_COLOR,
                   linestyle="--", label=history.held_out)
        right.set(xlabel="epoch", ylabel="accuracy (%)", ylim=(0, 100.5),
                  title=f"{history.held_out} accuracy after {history.epoch[-1]} epochs: "
                        f"{100 * history.acc_test[-1]:.1f}%")
        # legends where the curves are not: the losses fall, the accuracies rise
        left.legend(loc="upper right")
        right.legend(loc="lower right")
    return fig


def loss_val_figure(best):
    """The validation loss of ``validation_run`` over all its epochs on a linear axis, epoch
    ``best`` marked, with the ten-epoch means: its late rise of a few hundredths shows
    (10 x 3.2 in)."""
    history, _ = validation_run()
    means = mean_loss_val(history, last=10)
    with matplotlib.rc_context(RC):
        fig, (ax,) = new_figure(10, 3.2, 1)
        ax.plot(history.epoch, history.loss_test, color=TEST_COLOR, linewidth=0.8,
                label="after each epoch")
        ax.plot(list(means), list(means.values()), color=TRAIN_COLOR,
                label="mean of the last ten epochs")
        ax.scatter([best], [history.loss_test[best]], color=TEST_COLOR, zorder=3,
                   label=f"lowest, after epoch {best}")
        top = 1.5 * max(history.loss_test[10:])   # as the view zooms: from 0
        ax.set(xlabel="epoch", ylabel="loss (cross-entropy)", ylim=(0, top),
               title=f"validation loss over {history.epoch[-1]} epochs (linear axis)")
        ax.legend(loc="upper right")
    return fig


def weights_figure(w1, columns=10, title=None):
    """The first layer's weights (or a change of them): one 8x8 image per hidden unit,
    blue < 0 < red, each image scaled to its own largest magnitude."""
    images = weight_images(w1)
    with matplotlib.rc_context(RC):
        rows = -(-len(images) // columns)
        fig, (ax,) = new_figure(8, 0.8 * rows + 0.7, 1)
        ax.imshow(tile(images, columns), cmap=_WEIGHT_COLORS, vmin=-1, vmax=1,
                  interpolation="nearest")
        ax.set_axis_off()
        ax.set_title(title or f"W1: the {len(images)} hidden units' weights as 8x8 images")
    return fig


def mistakes_figure(predicted, data, limit=MAX_MISTAKES):
    """Test digits the network gets wrong, each labelled "true -> predicted"."""
    images, truth, guess, total = mistakes(np.asarray(predicted), data, limit)
    columns = 10
    with matplotlib.rc_context(RC):
        fig, axes = new_figure(8, 1.0 * max(1, -(-len(images) // columns)) + 0.6, 1)
        ax = axes[0]
        ax.set_axis_off()
        held_out = getattr(data, "held_out", "test")
        ax.set_title(f"{total} of {len(data.t_test)} {held_out} digits wrong"
                     + (f" (the first {len(images)})" if total > len(images) else ""))
        if len(images):
            ax.imshow(tile(images, columns, gap=GAP), cmap=_INK_COLORS, vmin=0, vmax=1,
                      interpolation="nearest")
            for i, (t, p) in enumerate(zip(truth, guess)):
                r, c = divmod(i, columns)
                ax.text(c * (SIDE + GAP) + 3.5, r * (SIDE + GAP) + SIDE - 0.2, f"{t}\u2192{p}",
                        ha="center", va="top",
                        fontsize=11, color=style.GRADIENT)
    return fig


def examples_figure(data, count=20):
    """The first ``count`` training digits, each with its label."""
    images = data.x_train[:count].reshape(-1, SIDE, SIDE)
    columns = 10
    with matplotlib.rc_context(RC):
        fig, (ax,) = new_figure(8, 1.0 * -(-count // columns) + 0.6, 1)
        ax.set_axis_off()
        ax.set_title(f"the first {count} of {len(data.x_train)} training digits, with their labels")
        ax.imshow(tile(images, columns, gap=GAP), cmap=_INK_COLORS, vmin=0, vmax=1,
                  interpolation="nearest")
        for i, label in enumerate(data.t_train[:count]):
            r, c = divmod(i, columns)
            ax.text(c * (SIDE + GAP) + 3.5, r * (SIDE + GAP) + SIDE - 0.2, str(label),
                    ha="center", va="top", fontsize=11, color=style.VALUE)
    return fig


def chapter_run(epochs=DEFAULTS["epochs"]):
    """The chapter's seeded run: digits split by seed 0, a 64-50-10 network (seed 0)
    trained with ``DEFAULTS``; returns (data, net, history)."""
    from teaching import digits  # here, not at the top: only this helper needs scikit-learn
    data = digits.load()
    net = TwoLayerNet(data.x_train.shape[1], DEFAULTS["hidden_size"], 10,
                      weight_init_std=DEFAULTS["weight_init_std"], seed=0)
    history = train(net, data, epochs, DEFAULTS["learning_rate"], DEFAULTS["batch_size"], seed=0)
    return data, net, history



def network_code(part):
    """The core of ``TwoLayerNet.__init__`` (``part="init"``: after the checks of its
    arguments), its ``predict`` and ``loss`` (``part="forward"``, without the checks of ``x``
    and ``t``) or its whole ``gradient``
    (``part="gradient"``), without docstrings, as the chapter prints them, one to a cell
    (each fits a slide)."""
    import inspect
    if part == "init":
        # from the first parameter on: the checks and the choice of random generator
        # (``randn``: the book's global one, or one of the network's own for ``seed``) left out
        init = inspect.getsource(TwoLayerNet.__init__).splitlines()
        start = next(i for i, line in enumerate(init) if "self.params = " in line)
        return "\n".join(init[:1] + ["        ..."] + init[start:])
    if part == "forward":
        # ``predict`` and ``loss`` without their one-line docstrings and the checks of x and t
        code = [inspect.getsource(method).splitlines()
                for method in (TwoLayerNet.predict, TwoLayerNet.loss)]
        lines = code[0][:1] + code[0][2:] + [""] + code[1][:1] + code[1][2:]
        return "\n".join(line for line in lines if "self.checked_batch(" not in line).replace(
            "in_order(self.layers)", "list(self.layers.values())").replace(
            "self.checked_labels(t, scores.shape)", "t")
    if part == "gradient":
        grad = inspect.getsource(TwoLayerNet.gradient).splitlines()
        body = next(i for i, line in enumerate(grad) if "self.loss" in line)
        # ``in_order(layers)`` is ``list(layers.values())`` for the book's OrderedDict
        return "\n".join(grad[:1] + grad[body:]).replace(
            "in_order(self.layers)", "list(self.layers.values())")
    raise ValueError(f'part must be "init", "forward" or "gradient", not {part!r}')


def timed(func, *args, repeats=1):
    """``func(*args)`` and the median seconds of ``repeats`` runs on one BLAS thread (as in
    training; one run's time varies a lot), as (result, seconds)."""
    seconds = []
    with threadpool_limits(limits=1, user_api="blas"):
        for _ in range(repeats):
            start = time.perf_counter()
            result = func(*args)
            seconds.append(time.perf_counter() - start)
    return result, float(np.median(seconds))


def time_gradient(net, x, t, repeats=20):
    """Time backprop against a forward pass on the batch ``x, t``, on one BLAS thread (as in
    training): the medians of ``repeats`` runs of ``net.loss`` and ``net.gradient``, taken in
    turn so a busy moment slows both alike.  Prints one line: forward + backward in forward
    passes."""
    loss_times, gradient_times = [], []
    with threadpool_limits(limits=1, user_api="blas"):
        for _ in range(repeats):
            for times, run in ((loss_times, lambda: net.loss(x, t)),
                               (gradient_times, lambda: net.gradient(x, t))):
                start = time.perf_counter()
                run()
                times.append(time.perf_counter() - start)
    print(f"forward + backward, timed: {np.median(gradient_times) / np.median(loss_times):.1f} "
          "forward passes")
