"""The training view: train a ``network.TwoLayerNet`` on the digits live, and watch it.

Start trains in a background thread, so the notebook stays responsive and Stop
answers at once; the curves, the weights and the test digits it gets wrong are
redrawn while it trains (the curves as bqplot marks changed in place under
``hold_sync``, the two image panels each as one SVG picture made once per epoch;
at most about seven times a second).  Stop keeps what was learnt; Start again
continues.  A network and history given to the view are copied first, so training in
the view never changes the notebook's own ``net``.  The epoch slider looks back at any
recorded epoch.  The loss is drawn on a log scale: late in training it is a few
thousandths, and only a log axis shows how it still moves.  The training
loop and the pictures' data are ``teaching.training``'s.

Why a thread and not chunks on the kernel's event loop: both keep the kernel
answering widget messages.  A thread is also easy to drive from a plain test
(start, wait, stop, join) without an event loop; numpy's matrix products
release the GIL, and between them Python switches threads every few ms.
"""

import copy
import threading
import time

import ipywidgets as ipw
import numpy as np

from network import TwoLayerNet
from teaching import style, widgets
from teaching.explorer import Explorer
from teaching.reveal import as_output
from teaching.training import (
    DEFAULTS,
    GAP,
    INK_COLOURS,
    MAX_MISTAKES,
    SIDE,
    TEST_COLOR,
    TRAIN_COLOR,
    WEIGHT_COLOURS,
    History,
    mistakes,
    tile,
    train,
    weight_images,
)
from teaching.widgets import bq, hold, set_changed

__all__ = ["TrainingView", "continued"]

REDRAW_S = 0.15          # the view redraws at most this often while training
# The image panels' titles do not name the epoch (the readout above them does): a title
# that changed with the slider would be two more messages, and redraws, per step.
W1_TITLE = "W1 at that epoch (blue < 0 < red)"
WRONG_TITLE = "wrong {} digits (true\u2192predicted)"


def _curve_figure(title, ylabel, sy, marks, sx):
    # room on the right for the last epoch's tick label ("100" is centred on the edge); no
    # toolbar, which would cover the title
    return widgets.figure(title, marks, widgets.axes(sx, sy, "epoch", ylabel),
                          margin=dict(widgets.MARGIN, right=40), display_toolbar=False)


IMAGE_WIDTH = 480        # px of each image panel; its height follows the image's shape
IMAGE_MARGIN = {"top": 40, "bottom": 6, "left": 10, "right": 10}
TITLE_SIZE = 16          # px; the lecture view draws these pictures 1.5 times larger (24 px)
LABEL_SIZE = 15          # px of a wrong digit's "true->predicted" (22.5 px in the lecture view)


def _image_svg(title, image, colours, low, high, labels=()):
    """A tiled image as one SVG string: its title, the image as one PNG whose pixels are
    square (low .. high spread over ``colours``), and ``labels`` (column, row, text), each
    centred on ``column`` with its top at ``row`` (image pixels), below a digit.

    One string per picture: a step of the epoch slider is one message and one redraw
    (a bqplot HeatMap painted its canvas and encoded it again on every change).
    """
    rows, cols = image.shape
    inner = IMAGE_WIDTH - IMAGE_MARGIN["left"] - IMAGE_MARGIN["right"]
    scale = inner / cols                     # px per image pixel, the same along x and y
    left, top = IMAGE_MARGIN["left"], IMAGE_MARGIN["top"]
    png = widgets.png_bytes(widgets.colour_map(image, colours, low, high))
    parts = [widgets.svg_text(IMAGE_WIDTH / 2, 26, title, size=TITLE_SIZE, cls="t-title"),
             widgets.svg_image(left, top, inner, rows * scale, png, cls="t-image")]
    parts += [widgets.svg_text(left + x * scale, top + y * scale + 0.8 * LABEL_SIZE, text,
                               size=LABEL_SIZE, fill=style.GRADIENT, cls="t-label")
              for x, y, text in labels]
    height = top + rows * scale + IMAGE_MARGIN["bottom"]
    return widgets.svg(IMAGE_WIDTH, height, parts, title)


def _mistakes_tile(images):
    # a blank strip below the last row too: every row's labels go in the gap under it
    tiled = tile(images, 10, gap=GAP)
    return np.vstack([tiled, np.zeros((GAP, tiled.shape[1]))])


class TrainingView(Explorer):
    """Train a ``TwoLayerNet`` on the digits live: Start, Stop, learning rate, hidden size.

    Give ``net`` and ``history`` to open on a finished run (then Start continues a
    copy of it: the caller's ``net`` and ``history`` stay as they were); otherwise a
    new seeded network of ``hidden_size`` is made.  ``seed`` may be a
    ``numpy.random.Generator``: Start then continues its batch order.  ``settings=False``
    leaves out the learning-rate and hidden-size sliders and "New network" (a view that
    only trains the run it was given on, answering no question the chapter asks later).
    Moving the hidden-size slider (when not training) or pressing "New
    network" starts over with a new network.  Attributes beyond ``Explorer``'s:
    ``net``, ``history``, ``data``, ``buttons``, ``progress``, ``running``, and as
    in the plot explorers ``marks`` (name -> bqplot mark of the curves), ``images``
    (the weights and the wrong digits, each an ``ipywidgets.HTML`` holding one SVG
    picture), ``figures`` (the two bqplot figures and the two images, which are also
    ``plots``) and ``values`` (the readout's numbers).
    """

    def __init__(self, data, net=None, history=None, hidden_size=DEFAULTS["hidden_size"],
                 learning_rate=DEFAULTS["learning_rate"], epochs_per_start=DEFAULTS["epochs"],
                 seed=0, settings=True):
        self.data = data
        self.held_out = getattr(data, "held_out", "test")   # "test" or "validation" digits
        self.seed = seed
        self.epochs_per_start = epochs_per_start
        self._stop = threading.Event()
        self._thread = None
        self._lock = threading.RLock()
        self._last_draw = 0.0
        self._drawn, self._drawn_epochs = None, 0   # the history the curves show, its length
        self._cache = {}         # epoch -> its pictures (see _pictures); emptied by _reset
        if net is None:
            net = self._new_net(hidden_size)
        else:
            # one deepcopy of both: the copied layers keep sharing the copied params
            net, history = copy.deepcopy((net, history))
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
        # loss on a log scale: equal heights are equal factors, so a loss of 0.003 still moves
        s_loss, s_acc = bq.LogScale(), bq.LinearScale(min=0, max=100)
        marks = {
            "loss_train": bq.Lines(scales={"x": sx, "y": s_loss}, colors=[TRAIN_COLOR],
                                   stroke_width=3, labels=["train"]),
            "loss_test": bq.Lines(scales={"x": sx, "y": s_loss}, colors=[TEST_COLOR],
                                  stroke_width=3, line_style="dashed", labels=[self.held_out]),
            "acc_train": bq.Lines(scales={"x": sx, "y": s_acc}, colors=[TRAIN_COLOR],
                                  stroke_width=3, labels=["train"]),
            "acc_test": bq.Lines(scales={"x": sx, "y": s_acc}, colors=[TEST_COLOR],
                                 stroke_width=3, line_style="dashed", labels=[self.held_out]),
        }
        # One epoch marker, drawn in both plots: on a scale of its own from 0 to 1 it spans
        # each plot's height, so a step of the epoch slider moves it with one message.
        marks["loss_at"] = marks["acc_at"] = bq.Lines(
            scales={"x": sx, "y": bq.LinearScale(min=0, max=1)}, colors=[style.MUTED],
            stroke_width=2)
        # the weights and the wrong digits: each one picture, made once per epoch
        self.images = {name: ipw.HTML(layout=ipw.Layout(width="auto"))
                       for name in ("weights", "mistakes")}
        figures = [
            _curve_figure("loss", "cross-entropy (log scale)", s_loss,
                          [marks["loss_train"], marks["loss_test"], marks["loss_at"]], sx),
            _curve_figure("accuracy", "accuracy (%)", s_acc,
                          [marks["acc_train"], marks["acc_test"], marks["acc_at"]], sx),
            self.images["weights"],
            self.images["mistakes"],
        ]
        # the key is a line of text above the curves, not bqplot's legend: bqplot sizes its
        # legend box for its own small type, and projector-sized type spilled out of it
        key = ipw.HTML(f'<span class="bp-key"><b style="color:{TRAIN_COLOR}">━━ train</b>'
                       f' &nbsp; <b style="color:{TEST_COLOR}">╍╍ {self.held_out}</b></span>')
        readout = ipw.HTML()
        shown = list(self.buttons.values()) if settings else [self.buttons["start"],
                                                                self.buttons["stop"]]
        rows = [ipw.HBox(shown + [self.progress],
                         layout=ipw.Layout(flex_flow="row wrap", align_items="center"))]
        if settings:
            rows.append(ipw.HBox([controls["learning_rate"], controls["hidden_size"]],
                                 layout=ipw.Layout(flex_flow="row wrap")))
        widget = ipw.VBox(rows + [
            controls["epoch"],
            key,
            ipw.HBox(figures[:2], layout=ipw.Layout(flex_flow="row wrap", width="100%")),
            readout,
            ipw.HBox(figures[2:], layout=ipw.Layout(flex_flow="row wrap", width="100%")),
        ])
        self.marks, self.figures, self.values = marks, figures, {}
        super().__init__(title="Training view", controls=controls, main=controls["epoch"],
                         readout=readout, plots=figures, widget=widget)
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
            self._cache = {}
            self.history = History()
            self.history.record(net, self.data, self.controls["learning_rate"].value)
            self.progress.value = 0
            slider = self.controls["epoch"]
            slider.value = 0
            slider.max = 0
            self._show(0)

    # -- drawing one recorded epoch

    def _show(self, epoch):
        """Draw recorded ``epoch``, sending only what changed: the readout first, then
        the curves (only when the history grew or was replaced), the epoch marker and
        the two pictures."""
        with self._lock:
            h = self.history
            epoch = min(int(epoch), len(h) - 1)
            self.values = {"epoch": epoch, "loss_train": h.loss_train[epoch],
                           "loss_test": h.loss_test[epoch], "acc_train": h.acc_train[epoch],
                           "acc_test": h.acc_test[epoch], "learning_rate": h.learning_rate[epoch],
                           "hidden_size": self.net.hidden_size, "epochs": len(h) - 1}
            weights, wrong_digits, wrong = self._pictures(epoch)
            self.values["wrong"] = wrong
            self.readout.value = self._readout_html()
            m = self.marks
            if self._drawn is not h or self._drawn_epochs != len(h):
                self._drawn, self._drawn_epochs = h, len(h)
                self._draw_curves(h)
            with hold(m["loss_at"]):
                set_changed(m["loss_at"], x=[epoch, epoch], y=[0, 1])
            # a string equal to the one shown is not sent: often the same wrong digits
            self.images["weights"].value = weights
            self.images["mistakes"].value = wrong_digits

    def _pictures(self, epoch):
        """The two pictures of recorded ``epoch`` (SVG strings: the weights, the wrong
        digits with their labels) and how many test digits are wrong.  Kept once made: a
        recorded epoch never changes, and the slider comes back to the same ones."""
        if epoch not in self._cache:
            h = self.history
            images, truth, guess, wrong = mistakes(h.predicted[epoch], self.data)
            placed = np.zeros((MAX_MISTAKES, SIDE, SIDE))
            placed[:len(images)] = images
            # each label centred under its digit, in the gap below it
            labels = [((SIDE + GAP) * (i % 10) + SIDE / 2, (SIDE + GAP) * (i // 10) + SIDE,
                       f"{t}\u2192{p}") for i, (t, p) in enumerate(zip(truth, guess))]
            self._cache[epoch] = (
                _image_svg(W1_TITLE, tile(weight_images(h.w1[epoch]), 10), WEIGHT_COLOURS,
                           -1, 1),
                _image_svg(WRONG_TITLE.format(self.held_out), _mistakes_tile(placed), INK_COLOURS,
                           0, 1, labels),
                wrong)
        return self._cache[epoch]

    def _draw_curves(self, h):
        """Loss and accuracy of every recorded epoch (they change only as training goes)."""
        m = self.marks
        xs = np.array(h.epoch, dtype=float)
        # room above the highest loss and below the lowest (a log scale: factors)
        losses = np.concatenate([h.loss_train, h.loss_test])
        losses = losses[np.isfinite(losses) & (losses > 0)]
        scale = m["loss_train"].scales["y"]
        if len(losses):
            scale.min, scale.max = float(losses.min()) / 1.5, float(losses.max()) * 1.5
        with hold(m["loss_train"], m["loss_test"], m["acc_train"], m["acc_test"]):
            m["loss_train"].x, m["loss_train"].y = xs, np.array(h.loss_train)
            m["loss_test"].x, m["loss_test"].y = xs, np.array(h.loss_test)
            m["acc_train"].x, m["acc_train"].y = xs, 100 * np.array(h.acc_train)
            m["acc_test"].x, m["acc_test"].y = xs, 100 * np.array(h.acc_test)

    def _readout_html(self):
        v = self.values
        state = ("<b>training</b> (Stop keeps what it has learnt)" if self.running else
                 "idle: Start trains, the epoch slider looks back")
        params = self.net.parameter_count()
        return widgets.box(
            f"network 64-{v['hidden_size']}-10 ({params:,} parameters), {state}<br>"
            f"epoch {v['epoch']} of {v['epochs']}: loss train {v['loss_train']:.4f}, "
            f"{self.held_out} {v['loss_test']:.4f} &nbsp; accuracy train "
            f"{100 * v['acc_train']:.1f}%, {self.held_out} {100 * v['acc_test']:.1f}% &nbsp; "
            f"({v['wrong']} {self.held_out} digits wrong, "
            f"learning rate {v['learning_rate']:.3f})")


def continued(data, epochs, more, learning_rate=DEFAULTS["learning_rate"], seed=0,
              hidden_size=DEFAULTS["hidden_size"], report=None):
    """``train``'s seeded run of ``epochs`` epochs, in a view without settings whose Start
    trains it ``more`` epochs on, with the batch order of one longer run: epoch for epoch
    the same as ``train(..., epochs + more, seed=seed)``.  ``report``: a function returning a
    list of what to show below the view once its run has reached epoch ``epochs + more`` (each
    a string, shown as printed, or anything ``display`` shows), in ``view.report``, an
    ``ipywidgets.Output`` empty until then."""
    net = TwoLayerNet(data.x_train.shape[1], hidden_size, 10,
                      weight_init_std=DEFAULTS["weight_init_std"], seed=seed)
    batches = np.random.default_rng(seed)
    history = train(net, data, epochs, learning_rate, seed=batches)
    return _ZoomedView(data, net=net, history=history, learning_rate=learning_rate,
                       epochs_per_start=more, seed=batches, settings=False,
                       report=report, report_at=epochs + more)


class _ZoomedView(TrainingView):
    """The view of ``continued``: its loss panel has a linear axis zoomed on the held-out
    loss (from 0 to 1.5 times its highest value after epoch 10), with the epoch of its
    lowest value marked, so a late rise of a few hundredths shows; below it, what ``report()``
    returns, once a run has reached epoch ``report_at``."""

    def __init__(self, *args, report=None, report_at=None, **kwargs):
        self._zoom = bq.LinearScale(min=0, max=1)
        self._lowest = None
        self._report, self._report_at = report, report_at
        self.report = ipw.Output()
        super().__init__(*args, **kwargs)
        self.widget.children += (self.report,)

    def _set_running(self, running, epochs=None):
        super()._set_running(running, epochs)
        if not running and self._report is not None and not self.report.outputs \
                and len(self.history) - 1 >= self._report_at:
            # outputs handed to the widget as its state: no output is caught from this thread
            self.report.outputs = tuple(as_output(item) for item in self._report())

    def _draw_curves(self, h):
        m = self.marks
        if self._lowest is None:
            figure = self.figures[0]
            for name in ("loss_train", "loss_test"):
                m[name].scales = {"x": m[name].scales["x"], "y": self._zoom}
            self._lowest = bq.Scatter(scales={"x": m["loss_test"].scales["x"], "y": self._zoom},
                                      colors=[TEST_COLOR], default_size=80)
            figure.marks = list(figure.marks) + [self._lowest]
            figure.axes[1].scale = self._zoom
            figure.axes[1].label = "cross-entropy (linear, zoomed)"
        super()._draw_curves(h)
        held_out = np.asarray(h.loss_test, dtype=float)
        late = held_out[10:] if len(held_out) > 10 else held_out
        self._zoom.min, self._zoom.max = 0.0, float(np.nanmax(late)) * 1.5
        lowest = int(np.nanargmin(held_out))
        self._lowest.x, self._lowest.y = [lowest], [float(held_out[lowest])]

