"""Training a ``network.TwoLayerNet`` on the digits, and watching it learn.

* ``train(net, data, epochs, ...)``: mini-batch gradient descent in the book's
  shape (gradient by backprop, then ``params[key] -= lr * grad[key]`` in
  place), one shuffled pass over the training set per epoch; after each epoch
  it records losses, accuracies, the first layer's weights and the test
  predictions in a ``History``.
* ``curves_figure``, ``weights_figure``, ``mistakes_figure``: the static
  matplotlib pictures of a finished run (stored in the notebook, so a reader
  without a kernel sees them).
* ``TrainingView``: the live view.  Start trains in a background thread, so
  the notebook stays responsive and Stop answers at once; the curves, the
  weights and the test digits it gets wrong are redrawn while it trains
  (bqplot marks changed in place under ``hold_sync``, at most about seven
  times a second).  Stop keeps what was learnt; Start again continues.  The
  epoch slider looks back at any recorded epoch.

Why a thread and not chunks on the kernel's event loop: both keep the kernel
answering widget messages.  A thread is also easy to drive from a plain test
(start, wait, stop, join) without an event loop; numpy's matrix products
release the GIL, and between them Python switches threads every few ms.
"""

import threading
import time
from dataclasses import dataclass, field

import ipywidgets as ipw
import matplotlib
import numpy as np
from threadpoolctl import threadpool_limits

from layers import SoftmaxWithLoss
from network import TwoLayerNet
from teaching import style
from teaching.explorer import Explorer
from teaching.plots import _RC, _figure_layout, _hold, _new_figure, bq, save_svgs

__all__ = ["History", "train", "sgd_step", "curves_figure", "weights_figure",
           "mistakes_figure", "examples_figure", "tile", "TrainingView", "DEFAULTS",
           "chapter_run", "save_figures"]

# the settings of the chapter's run and the benchmark (see benchmarks/README.md):
# small 8x8 images learn well with a bigger step than the book's 0.1 on MNIST
DEFAULTS = {"hidden_size": 50, "learning_rate": 1.0, "weight_init_std": 0.1,
            "batch_size": 100, "epochs": 100}
SIDE = 8                 # the digits are 8x8
TRAIN_COLOR, TEST_COLOR = style.VALUE, style.INK
MAX_MISTAKES = 20        # wrong test digits shown (two rows of ten)
GAP = 4                  # blank pixels between wrong digits: room for "true->predicted"
REDRAW_S = 0.15          # the live view redraws at most this often while training


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

    def __len__(self):
        return len(self.epoch)

    def record(self, net, data, learning_rate):
        self.epoch.append(len(self.epoch))
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
    import network   # here: only these two functions may change in this revision
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
    import network   # here: only these two functions may change in this revision
    for _ in range(epochs):
        start = time.perf_counter()
        finished = network.train_epoch(net, data.x_train, data.t_train, learning_rate,
                                       batch_size, rng, stop)
        history.seconds += time.perf_counter() - start
        history.record(net, data, learning_rate)
        if not finished:
            break


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


def _weight_images(w1):
    """Each hidden unit's 64 incoming weights as an 8x8 image, scaled to [-1, 1]."""
    images = np.asarray(w1).T.reshape(-1, SIDE, SIDE)
    scale = np.abs(images).max(axis=(1, 2), keepdims=True)
    return images / np.where(scale == 0, 1.0, scale)


def _mistakes(predicted, data, limit=MAX_MISTAKES):
    wrong = np.flatnonzero(predicted != data.t_test)
    shown = wrong[:limit]
    return (data.x_test[shown].reshape(-1, SIDE, SIDE), data.t_test[shown], predicted[shown],
            len(wrong))


def _columns(count):
    return 10 if count > 40 else max(1, min(count, 10))


# ---------------------------------------------------------------------------
# Static figures (matplotlib, no pyplot)
# ---------------------------------------------------------------------------

_WEIGHT_COLORS = matplotlib.colors.LinearSegmentedColormap.from_list(
    "weights", ["#1f5fa8", "#ffffff", style.GRADIENT])   # negative blue, 0 white, positive red
_INK_COLORS = matplotlib.colors.LinearSegmentedColormap.from_list("ink", ["#ffffff", style.INK])


def curves_figure(history):
    """Loss and accuracy, train and test, per epoch (10 x 3.8 in)."""
    with matplotlib.rc_context(_RC):
        fig, (left, right) = _new_figure(10, 3.8, 2)
        left.plot(history.epoch, history.loss_train, color=TRAIN_COLOR, label="train")
        left.plot(history.epoch, history.loss_test, color=TEST_COLOR, linestyle="--",
                  label="test")
        left.set(xlabel="epoch", ylabel="loss (cross-entropy)", ylim=(0, None),
                 title=f"loss: {history.loss_test[-1]:.3f} on the test set")
        right.plot(history.epoch, 100 * np.array(history.acc_train), color=TRAIN_COLOR,
                   label="train")
        right.plot(history.epoch, 100 * np.array(history.acc_test), color=TEST_COLOR,
                   linestyle="--", label="test")
        right.set(xlabel="epoch", ylabel="accuracy (%)", ylim=(0, 100.5),
                  title=f"test accuracy after {history.epoch[-1]} epochs: "
                        f"{100 * history.acc_test[-1]:.1f}%")
        for ax in (left, right):
            ax.legend(loc="center right")
    return fig


def weights_figure(w1, columns=10, title=None):
    """The first layer's weights (or a change of them): one 8x8 image per hidden unit,
    blue < 0 < red, each image scaled to its own largest magnitude."""
    images = _weight_images(w1)
    with matplotlib.rc_context(_RC):
        rows = -(-len(images) // columns)
        fig, (ax,) = _new_figure(8, 0.8 * rows + 0.7, 1)
        ax.imshow(tile(images, columns), cmap=_WEIGHT_COLORS, vmin=-1, vmax=1,
                  interpolation="nearest")
        ax.set_axis_off()
        ax.set_title(title or f"W1: the {len(images)} hidden units' weights as 8x8 images")
    return fig


def mistakes_figure(predicted, data, limit=MAX_MISTAKES):
    """Test digits the network gets wrong, each labelled "true -> predicted"."""
    images, truth, guess, total = _mistakes(np.asarray(predicted), data, limit)
    columns = 10
    with matplotlib.rc_context(_RC):
        fig, axes = _new_figure(8, 1.0 * max(1, -(-len(images) // columns)) + 0.6, 1)
        ax = axes[0]
        ax.set_axis_off()
        ax.set_title(f"{total} of {len(data.t_test)} test digits wrong"
                     + (f" (the first {len(images)})" if total > len(images) else ""))
        if len(images):
            ax.imshow(tile(images, columns, gap=GAP), cmap=_INK_COLORS, vmin=0, vmax=1,
                      interpolation="nearest")
            for i, (t, p) in enumerate(zip(truth, guess)):
                r, c = divmod(i, columns)
                ax.text(c * (SIDE + GAP) + 3.5, r * (SIDE + GAP) + SIDE - 0.2, f"{t}\u2192{p}", ha="center", va="top",
                        fontsize=11, color=style.GRADIENT)
    return fig


def examples_figure(data, count=20):
    """The first ``count`` training digits, each with its label."""
    images = data.x_train[:count].reshape(-1, SIDE, SIDE)
    columns = 10
    with matplotlib.rc_context(_RC):
        fig, (ax,) = _new_figure(8, 1.0 * -(-count // columns) + 0.6, 1)
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
    from teaching import digits   # here, not at the top: only this helper needs scikit-learn
    data = digits.load()
    net = TwoLayerNet(data.x_train.shape[1], DEFAULTS["hidden_size"], 10,
                      weight_init_std=DEFAULTS["weight_init_std"], seed=0)
    history = train(net, data, epochs, DEFAULTS["learning_rate"], DEFAULTS["batch_size"], seed=0)
    return data, net, history


def save_figures(folder, history=None, data=None):
    """The figures of a run as SVG (byte-identical for one matplotlib version); without a
    run, the chapter's seeded run (``chapter_run``)."""
    if history is None:
        data, _, history = chapter_run()
    return save_svgs(folder, [
        ("training_examples.svg", lambda: examples_figure(data)),
        ("training_curves.svg", lambda: curves_figure(history)),
        ("training_weights.svg", lambda: weights_figure(history.w1[-1])),
        ("training_mistakes.svg", lambda: mistakes_figure(history.predicted[-1], data))])


# ---------------------------------------------------------------------------
# The live view (bqplot + ipywidgets, training in a background thread)
# ---------------------------------------------------------------------------

def _curve_figure(title, ylabel, sy, marks, sx):
    axes = [bq.Axis(scale=sx, label="epoch", grid_lines="dashed"),
            bq.Axis(scale=sy, label=ylabel, side="left", grid_lines="dashed",
                    label_offset="45px")]
    return bq.Figure(marks=marks, axes=axes, title=title, animation_duration=0,
                     title_style={"font-size": "18px"},
                     fig_margin={"top": 50, "bottom": 55, "left": 70, "right": 20},
                     layout=_figure_layout(None))


IMAGE_WIDTH = 480        # px of each live image panel; its height follows the image's shape
IMAGE_MARGIN = {"top": 55, "bottom": 10, "left": 10, "right": 10}


def _image_figure(title, marks, shape):
    fig = bq.Figure(marks=marks, axes=[], title=title, animation_duration=0,
                    title_style={"font-size": "18px"}, padding_x=0, padding_y=0,
                    fig_margin=IMAGE_MARGIN, layout=ipw.Layout(width=f"{IMAGE_WIDTH}px"))
    fig.add_class("bp-image")     # the lecture view's style keeps its height
    _fit(fig, shape)
    return fig


def _fit(fig, shape):
    """Give ``fig`` the height at which a tiled image of ``shape`` has square pixels."""
    rows, cols = shape
    inner = IMAGE_WIDTH - IMAGE_MARGIN["left"] - IMAGE_MARGIN["right"]
    height = round(inner * rows / cols) + IMAGE_MARGIN["top"] + IMAGE_MARGIN["bottom"]
    fig.layout.height = f"{height}px"


def _mistakes_tile(images):
    # a blank strip below the last row too: every row's labels go in the gap under it
    tiled = tile(images, 10, gap=GAP)
    return np.vstack([tiled, np.zeros((GAP, tiled.shape[1]))])


def _heatmap(color, cmin, cmax, colors):
    rows, cols = color.shape
    return bq.HeatMap(x=np.arange(cols), y=np.arange(rows), color=color,
                      scales={"x": bq.LinearScale(), "y": bq.LinearScale(reverse=True),
                              "color": bq.ColorScale(min=cmin, max=cmax, colors=colors)})


class TrainingView(Explorer):
    """Train a ``TwoLayerNet`` on the digits live: Start, Stop, learning rate, hidden size.

    Give ``net`` and ``history`` to open on a finished run (then Start
    continues it); otherwise a new seeded network of ``hidden_size`` is made.
    Moving the hidden-size slider (when not training) or pressing "New
    network" starts over with a new network.  Attributes beyond ``Explorer``'s:
    ``net``, ``history``, ``data``, ``buttons``, ``progress``, ``running``, and as
    in the plot explorers ``marks`` (name -> bqplot mark), ``figures`` (the four
    bqplot figures, which are also ``plots``) and ``values`` (the readout's numbers).
    """

    def __init__(self, data, net=None, history=None, hidden_size=DEFAULTS["hidden_size"],
                 learning_rate=DEFAULTS["learning_rate"], epochs_per_start=DEFAULTS["epochs"],
                 seed=0):
        self.data = data
        self.seed = seed
        self.epochs_per_start = epochs_per_start
        self._stop = threading.Event()
        self._thread = None
        self._lock = threading.RLock()
        self._last_draw = 0.0
        if net is None:
            net = self._new_net(hidden_size)
        if history is None:
            history = History()
            history.record(net, data, learning_rate)
        self.net, self.history = net, history
        self._rng = np.random.default_rng(seed)

        controls = {
            "epoch": ipw.IntSlider(value=len(history) - 1, min=0, max=len(history) - 1,
                                   description="epoch", continuous_update=True,
                                   layout=ipw.Layout(width="420px")),
            "learning_rate": ipw.FloatLogSlider(value=learning_rate, base=10, min=-2, max=0.5,
                                                step=0.05, description="learning rate",
                                                readout_format=".3f",
                                                style={"description_width": "initial"},
                                                layout=ipw.Layout(width="420px")),
            "hidden_size": ipw.IntSlider(value=net.hidden_size, min=10, max=100, step=10,
                                         description="hidden size",
                                         style={"description_width": "initial"},
                                         continuous_update=False,
                                         layout=ipw.Layout(width="420px")),
        }
        self.buttons = {"start": ipw.Button(description="Start", icon="play",
                                            button_style="success"),
                        "stop": ipw.Button(description="Stop", icon="stop", disabled=True),
                        "new": ipw.Button(description="New network", icon="refresh")}
        self.progress = ipw.IntProgress(value=0, min=0, max=epochs_per_start,
                                        description="idle", layout=ipw.Layout(width="420px"))
        for name, button in self.buttons.items():
            button.add_class(f"bp-{name}")

        sx = bq.LinearScale(min=0)
        s_loss, s_acc = bq.LinearScale(min=0), bq.LinearScale(min=0, max=100)
        marks = {
            "loss_train": bq.Lines(scales={"x": sx, "y": s_loss}, colors=[TRAIN_COLOR],
                                   stroke_width=3, labels=["train"], display_legend=True),
            "loss_test": bq.Lines(scales={"x": sx, "y": s_loss}, colors=[TEST_COLOR],
                                  stroke_width=3, line_style="dashed", labels=["test"],
                                  display_legend=True),
            "loss_at": bq.Lines(scales={"x": sx, "y": s_loss}, colors=[style.MUTED],
                                stroke_width=2),
            "acc_train": bq.Lines(scales={"x": sx, "y": s_acc}, colors=[TRAIN_COLOR],
                                  stroke_width=3, labels=["train"], display_legend=True),
            "acc_test": bq.Lines(scales={"x": sx, "y": s_acc}, colors=[TEST_COLOR],
                                 stroke_width=3, line_style="dashed", labels=["test"],
                                 display_legend=True),
            "acc_at": bq.Lines(scales={"x": sx, "y": s_acc}, colors=[style.MUTED],
                               stroke_width=2),
            "weights": _heatmap(tile(_weight_images(net.params["W1"]), 10), -1, 1,
                                ["#1f5fa8", "#ffffff", style.GRADIENT]),
            "mistakes": _heatmap(_mistakes_tile(np.zeros((MAX_MISTAKES, SIDE, SIDE))), 0, 1,
                                 ["#ffffff", style.INK]),
        }
        marks["mistake_labels"] = bq.Label(x=[], y=[], text=[],
                                           scales={"x": marks["mistakes"].scales["x"],
                                                   "y": marks["mistakes"].scales["y"]},
                                           colors=[style.GRADIENT], default_size=14,
                                           align="middle")
        figures = [
            _curve_figure("loss", "cross-entropy", s_loss,
                          [marks["loss_train"], marks["loss_test"], marks["loss_at"]], sx),
            _curve_figure("accuracy", "accuracy (%)", s_acc,
                          [marks["acc_train"], marks["acc_test"], marks["acc_at"]], sx),
            _image_figure("W1", [marks["weights"]], marks["weights"].color.shape),
            _image_figure("wrong", [marks["mistakes"], marks["mistake_labels"]],
                          marks["mistakes"].color.shape),
        ]
        # legends where the curves are not (loss falls, accuracy rises), in type large
        # enough for a projector: bqplot sizes the legend's box from this style
        for fig, corner in zip(figures[:2], ["top-right", "bottom-right"]):
            fig.legend_location = corner
            fig.legend_text = {"font-size": "22px"}
        readout = ipw.HTML()
        widget = ipw.VBox([
            ipw.HBox(list(self.buttons.values()) + [self.progress],
                     layout=ipw.Layout(flex_flow="row wrap", align_items="center")),
            ipw.HBox([controls["learning_rate"], controls["hidden_size"]],
                     layout=ipw.Layout(flex_flow="row wrap")),
            controls["epoch"],
            ipw.HBox(figures[:2], layout=ipw.Layout(flex_flow="row wrap", width="100%")),
            readout,
            ipw.HBox(figures[2:], layout=ipw.Layout(flex_flow="row wrap", width="100%")),
        ])
        self.marks, self.figures, self.values = marks, figures, {}
        super().__init__("Training view", controls, controls["epoch"], readout, figures, widget)
        self.buttons["start"].on_click(lambda _: self.start())
        self.buttons["stop"].on_click(lambda _: self.stop(wait=False))
        self.buttons["new"].on_click(lambda _: self.new_network())
        self._show(len(history) - 1)

    def update(self, changed):
        """A control moved: the epoch slider shows that epoch; a new hidden size starts
        over (when not training); the learning rate applies from the next epoch on."""
        if changed == "epoch":
            self._show(self.controls["epoch"].value)
        elif changed == "hidden_size":
            self._on_hidden_size(self.controls["hidden_size"].value)

    # -- what the buttons do (also callable from code and tests)

    @property
    def running(self):
        return self._thread is not None and self._thread.is_alive()

    def start(self, epochs=None):
        """Train ``epochs`` more epochs (default ``epochs_per_start``) in a background thread."""
        if self.running:
            return
        epochs = self.epochs_per_start if epochs is None else epochs
        self._stop.clear()
        self._set_running(True, epochs)
        self._thread = threading.Thread(target=self._run, args=(epochs,), daemon=True,
                                        name="TrainingView")
        self._thread.start()

    def stop(self, wait=True, timeout=10.0):
        """Ask training to stop after the current step; the network keeps what it learnt."""
        self._stop.set()
        thread = self._thread
        if wait and thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def new_network(self, hidden_size=None):
        """Start over: a new seeded network (the next seed), an empty history."""
        if self.running:
            return
        self.seed += 1
        self._reset(self._new_net(hidden_size or self.controls["hidden_size"].value))

    # -- the training thread

    def _run(self, epochs):
        try:
            for done in range(1, epochs + 1):
                if self._stop.is_set():
                    break
                train(self.net, self.data, 1, self.controls["learning_rate"].value,
                      seed=self._rng, history=self.history, stop=self._stop)
                self.progress.value = done
                now = time.perf_counter()
                if now - self._last_draw >= REDRAW_S or done == epochs:
                    self._last_draw = now
                    self._follow_latest()
        finally:
            self._follow_latest()
            self._set_running(False)

    def _follow_latest(self):
        latest = len(self.history) - 1
        slider = self.controls["epoch"]
        with self._lock:
            slider.max = latest
            if slider.value == latest:
                self._show(latest)
            else:
                slider.value = latest      # its observer draws

    def _set_running(self, running, epochs=None):
        self.buttons["start"].disabled = running
        self.buttons["stop"].disabled = not running
        self.buttons["new"].disabled = running
        self.controls["hidden_size"].disabled = running
        if running:
            self.progress.max, self.progress.value = epochs, 0
        self.progress.description = "training" if running else "idle"
        self._show(self.controls["epoch"].value)

    # -- new networks

    def _new_net(self, hidden_size):
        return TwoLayerNet(self.data.x_train.shape[1], int(hidden_size), 10,
                           weight_init_std=DEFAULTS["weight_init_std"], seed=self.seed)

    def _on_hidden_size(self, hidden_size):
        if not self.running and hidden_size != self.net.hidden_size:
            self._reset(self._new_net(hidden_size))

    def _reset(self, net):
        with self._lock:
            self.net = net
            self.history = History()
            self.history.record(net, self.data, self.controls["learning_rate"].value)
            self.progress.value = 0
            slider = self.controls["epoch"]
            slider.value = 0
            slider.max = 0
            self._show(0)

    # -- drawing one recorded epoch

    def _show(self, epoch):
        with self._lock:
            h = self.history
            epoch = min(int(epoch), len(h) - 1)
            self.values = {"epoch": epoch, "loss_train": h.loss_train[epoch],
                           "loss_test": h.loss_test[epoch], "acc_train": h.acc_train[epoch],
                           "acc_test": h.acc_test[epoch], "learning_rate": h.learning_rate[epoch],
                           "hidden_size": self.net.hidden_size, "epochs": len(h) - 1}
            images, truth, guess, wrong = _mistakes(h.predicted[epoch], self.data)
            self.values["wrong"] = wrong
            self.readout.value = self._readout_html()
            m = self.marks
            xs = np.array(h.epoch, dtype=float)
            top = max(h.loss_train[0], h.loss_test[0], max(h.loss_test)) * 1.05
            with _hold(m["loss_train"], m["loss_test"], m["loss_at"], m["acc_train"],
                       m["acc_test"], m["acc_at"]):
                m["loss_train"].x, m["loss_train"].y = xs, np.array(h.loss_train)
                m["loss_test"].x, m["loss_test"].y = xs, np.array(h.loss_test)
                m["loss_at"].x, m["loss_at"].y = [epoch, epoch], [0, top]
                m["acc_train"].x, m["acc_train"].y = xs, 100 * np.array(h.acc_train)
                m["acc_test"].x, m["acc_test"].y = xs, 100 * np.array(h.acc_test)
                m["acc_at"].x, m["acc_at"].y = [epoch, epoch], [0, 100]
            weights = tile(_weight_images(h.w1[epoch]), 10)
            rows, cols = weights.shape
            _fit(self.figures[2], weights.shape)   # a new hidden size changes the rows
            with _hold(m["weights"]):
                m["weights"].x, m["weights"].y = np.arange(cols), np.arange(rows)
                m["weights"].color = weights
            placed = np.zeros((MAX_MISTAKES, SIDE, SIDE))
            placed[:len(images)] = images
            labels = m["mistake_labels"]
            with _hold(m["mistakes"], labels):
                m["mistakes"].color = _mistakes_tile(placed)
                labels.x = [(SIDE + GAP) * (i % 10) + 3.5 for i in range(len(images))]
                # a label hangs from its y: just below its digit, in the gap
                labels.y = [(SIDE + GAP) * (i // 10) + SIDE + 0.3 for i in range(len(images))]
                labels.text = [f"{t}\u2192{p}" for t, p in zip(truth, guess)]
            self.figures[2].title = f"W1 after epoch {epoch} (blue < 0 < red)"
            self.figures[3].title = (f"epoch {epoch}: {wrong} of {len(self.data.t_test)} test "
                                     "digits wrong")

    def _readout_html(self):
        v = self.values
        state = ("<b>training</b> (Stop keeps what it has learnt)" if self.running else
                 "idle: Start trains, the epoch slider looks back")
        params = self.net.parameter_count()
        return (f'<div style="font-family:{style.FONT_FAMILY};font-size:{style.FONT_SIZE}px;'
                f'color:{style.INK};line-height:1.6">'
                f"network 64-{v['hidden_size']}-10 ({params:,} parameters), {state}<br>"
                f"epoch {v['epoch']} of {v['epochs']}: loss train {v['loss_train']:.4f}, "
                f"test {v['loss_test']:.4f} &nbsp; accuracy train {100 * v['acc_train']:.1f}%, "
                f"test {100 * v['acc_test']:.1f}% &nbsp; ({v['wrong']} test digits wrong, "
                f"learning rate {v['learning_rate']:.3f})</div>")
