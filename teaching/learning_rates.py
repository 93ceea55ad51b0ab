"""What the learning rate and the starting scale do to a two-layer network, side by side.

* ``dead_units(net, x)``: how many hidden ReLUs are off (input <= 0) for every
  row of ``x``.  Such a unit passes back gradient 0 on every sample (its
  switch is closed, chapter 05), so its incoming weights never change and it
  stays off for good.
* ``compare(data, learning_rates, ...)``: one seeded ``TwoLayerNet`` per
  (learning rate, seed), trained with ``teaching.training.train`` one epoch
  at a time; after each epoch a ``Run`` records the training loss, the held-out
  accuracy, the dead hidden units and the size of the gradient that reaches
  the first layer (the norm of dL/dW1 on the whole training set).
* ``figure(runs)``: those per-epoch records, one line per learning rate, in
  one picture of three panels; ``table(runs)``: the last epoch, one row per
  learning rate (ranges over the seeds).
* ``scale_table(runs)``: the same for runs from different starting scales
  (``compare(..., weight_init_std=...)``), with the start and epoch 5 beside the end.
* ``follow_steps(data)``: one fresh network followed step by step at a long learning
  rate (its loss, dead units and smallest bias), the chapter's "how a unit dies".
* ``symmetric_start(data)``: a network whose weights all start equal, trained;
  ``distinct_columns(W)`` counts how many different columns it ends with.
* ``LearningRateExplorer(data)``: the live version for one network: choose the
  learning rate, the starting scale and the seed; the network trains (about a
  third of a second) and the three panels show its run beside the chapter's
  settings (learning rate 1, starting scale 0.1, same seed) in grey.

Nothing is cached: at the chapter's sizes (64-50-10, 1,397 training digits,
30 epochs) one run takes a fraction of a second.
"""

from dataclasses import dataclass, field

import ipywidgets as ipw
import matplotlib
import numpy as np
from threadpoolctl import threadpool_limits

from network import TwoLayerNet, relative_error, sgd_step
from teaching import figures, style, training, widgets
from teaching.explorer import Explorer

__all__ = ["Run", "dead_units", "gradient_size", "compare", "figure", "table", "scale_table",
           "follow_steps", "symmetric_start", "distinct_columns", "gradients_at_scales", "COLORS",
           "LearningRateExplorer", "RATES", "SCALES"]

# one color per learning rate of the chapter's comparison, slow to fast
COLORS = ["#7f7f7f", style.VALUE, "#d98c00", style.GRADIENT]
FLOOR = 1e-8     # a gradient of exactly 0 has no place on a log scale: drawn here instead


def dead_units(net, x):
    """Hidden ReLUs of ``net`` whose input is <= 0 for every row of ``x`` (an int)."""
    a = np.asarray(x, dtype=np.float64) @ net.params["W1"] + net.params["b1"]
    return int(np.sum(np.all(a <= 0, axis=0)))   # the ReLU's mask is x <= 0, as in the book


def gradient_size(net, x, t):
    """The size (Euclidean norm) of dL/dW1, the gradient that reaches the first layer."""
    return float(np.linalg.norm(net.gradient(x, t)["W1"]))


@dataclass
class Run:
    """One network's training, one entry per epoch (entry 0 is before training)."""
    learning_rate: float
    seed: int
    weight_init_std: float = 0.1
    held_out: str = "test"          # the data's held-out digits: "test" or "validation"
    loss_train: list = field(default_factory=list)
    acc_test: list = field(default_factory=list)
    dead: list = field(default_factory=list)
    grad_w1: list = field(default_factory=list)
    w1_moved: list = field(default_factory=list)   # |W1 - W1 at the start| / |W1 at the start|

    @property
    def acc_val(self):
        """``acc_test`` under the name the chapter uses when it holds validation digits."""
        return self.acc_test

    def record(self, net, data, history):
        """The epoch ``training.train`` just recorded in ``history``, and what it does not
        record: the dead units and the gradient reaching W1."""
        self.loss_train.append(history.loss_train[-1])
        self.acc_test.append(history.acc_test[-1])
        self.dead.append(dead_units(net, data.x_train))
        self.grad_w1.append(gradient_size(net, data.x_train, data.t_train))
        if not self.w1_moved:
            self._w1_start = net.params["W1"].copy()
        size = float(np.linalg.norm(self._w1_start))
        moved = float(np.linalg.norm(net.params["W1"] - self._w1_start))
        self.w1_moved.append(moved / size if size else float("nan"))


def compare(data, learning_rates=(0.1, 1.0, 2.0, 3.0), epochs=30, seeds=(0,),
            hidden_size=50, weight_init_std=0.1, batch_size=100):
    """Train one network per (learning rate, seed) for ``epochs`` epochs; a list of ``Run``.

    The seed fixes both the starting weights and the batch order, so every run
    is reproducible and all learning rates start from the same weights.
    """
    if not isinstance(epochs, int) or epochs < 1:
        raise ValueError(f"compare: epochs must be a whole number >= 1, got {epochs!r}")
    runs = []
    # one BLAS thread, as in teaching.training: products this small gain nothing from more,
    # and on a busy machine the spare threads' spinning made this ten times slower
    with threadpool_limits(limits=1, user_api="blas"):
        for learning_rate in learning_rates:
            for seed in seeds:
                runs.append(_run(data, learning_rate, seed, epochs, hidden_size,
                                 weight_init_std, batch_size))
    return runs


def _run(data, learning_rate, seed, epochs, hidden_size, weight_init_std, batch_size):
    net = TwoLayerNet(data.x_train.shape[1], hidden_size, 10,
                      weight_init_std=weight_init_std, seed=seed)
    run = Run(float(learning_rate), int(seed), float(weight_init_std),
              getattr(data, "held_out", "test"))
    batches = np.random.default_rng(seed)        # one batch order across the epochs
    history = training.train(net, data, 0, learning_rate, batch_size)   # records epoch 0
    run.record(net, data, history)
    for _ in range(epochs):
        training.train(net, data, 1, learning_rate, batch_size, seed=batches, history=history)
        run.record(net, data, history)
    return run


def figure(runs, hidden_size=50, labels=None, colors=None):
    """Training loss, dead hidden units and the gradient reaching W1, per epoch, 12 x 3.8 in:
    one line per learning rate (the first seed of each), or, given ``labels``, one line per
    run with its label (and its color from ``colors``)."""
    if labels is None:
        shown = {}
        for run in runs:
            shown.setdefault(run.learning_rate, run)
        runs = list(shown.values())
        labels = [f"learning rate {run.learning_rate:g}" for run in runs]
    colors = colors or COLORS * len(runs)
    with matplotlib.rc_context(figures.RC):
        fig, (loss, dead, grad) = figures.new_figure(12, 3.8, 3)
        for color, label, run in zip(colors, labels, runs):
            epochs = np.arange(len(run.loss_train))
            loss.plot(epochs, run.loss_train, color=color, label=label)
            dead.plot(epochs, run.dead, color=color, label=label)
            grad.plot(epochs, np.maximum(run.grad_w1, FLOOR), color=color, label=label)
        loss.set(xlabel="epoch", ylabel="training loss", ylim=(0, 3), title="training loss")
        loss.axhline(np.log(10), color=style.INK, linestyle=":", linewidth=1.5)
        loss.text(len(run.loss_train) / 2, np.log(10) + 0.08, "log 10 (chance)",
                  ha="center", va="bottom", fontsize=11)
        dead.set(xlabel="epoch", ylabel="units", ylim=(-1, hidden_size + 1),
                 title=f"dead hidden units (of {hidden_size})")
        grad.set(xlabel="epoch", ylabel="|dL/dW1| (0 drawn at 1e-8)", yscale="log",
                 ylim=(FLOOR / 2, 10), title="gradient reaching W1")
        dead.legend(loc="center right", fontsize=11)
    return fig


def _span(values, fmt):
    """``fmt`` of the smallest and largest value, "low-high", or one value if they print alike."""
    low, high = fmt(min(values)), fmt(max(values))
    return low if low == high else f"{low}-{high}"


def _seeds(runs):
    seeds = sorted({run.seed for run in runs})
    return f"seeds {seeds[0]}-{seeds[-1]}" if len(seeds) > 1 else f"seed {seeds[0]}"


def table(runs):
    """The last epoch of each learning rate, one text row each (ranges over the seeds)."""
    rates = sorted({run.learning_rate for run in runs})
    held = f"{runs[0].held_out} accuracy"     # "test accuracy" or "validation accuracy"
    header = (f"{'learning rate':>13}  {'dead units':>10}  {held:>19}  "
              f"{'training loss':>14}  {'|dL/dW1|':>17}")
    lines = [f"after {len(runs[0].loss_train) - 1} epochs, {_seeds(runs)}:", header]
    for rate in rates:
        mine = [run for run in runs if run.learning_rate == rate]
        dead = _span([r.dead[-1] for r in mine], lambda v: f"{v}")
        acc = _span([100 * r.acc_test[-1] for r in mine], lambda v: f"{v:.1f}")
        loss = _span([r.loss_train[-1] for r in mine], lambda v: f"{v:.3f}")
        grad = _span([r.grad_w1[-1] for r in mine], lambda v: f"{v:.1e}")
        lines.append(f"{rate:>13g}  {dead:>10}  {acc + ' %':>19}  {loss:>14}  {grad:>17}")
    return "\n".join(lines)


def report(runs):
    """Print ``table(runs)`` and, per learning rate, the dead units after the first epoch
    of each seed; return ``figure(runs)``.  (Kept here so that the chapter's cell, on screen
    before its prediction is written, does not say what the runs show.)"""
    print(table(runs))
    for rate in sorted({run.learning_rate for run in runs}):
        print(f"learning rate {rate}: hidden units dead after the first epoch:",
              sorted(run.dead[1] for run in runs if run.learning_rate == rate))
    return figure(runs)


def report_steps(data, learning_rate=3.0, steps=14):
    """Print ``follow_steps``, one line per step."""
    rows = follow_steps(data, learning_rate=learning_rate, steps=steps)
    for step, (loss, dead, bias) in enumerate(rows, start=1):
        print(f"step {step:>2}: training loss {loss:5.2f}, dead hidden units {dead:>2}, "
              f"smallest bias in b1 {bias:6.2f}")


def scale_table(runs, early=5):
    """One text row per starting scale (ranges over the seeds): the loss before training,
    the test accuracy after epoch ``early`` and after the last, and the dead units at the
    end.  (No gradient column: chapter 8's exercise 3 asks what the scale does to it.)"""
    scales = sorted({run.weight_init_std for run in runs})
    last = len(runs[0].loss_train) - 1
    held = runs[0].held_out[:4]     # "test" or "vali(dation)"
    lines = [f"learning rate {runs[0].learning_rate:g}, {_seeds(runs)}:",
             f"{'start':>6}  {'loss at start':>13}  "
             f"{f'{held}. acc. epoch {early}':>17}  {f'epoch {last}':>11}  {'dead units':>10}"]
    for scale in scales:
        mine = [run for run in runs if run.weight_init_std == scale]
        loss = _span([r.loss_train[0] for r in mine], lambda v: f"{v:.1f}")
        acc5 = _span([100 * r.acc_test[early] for r in mine], lambda v: f"{v:.1f}")
        acc = _span([100 * r.acc_test[-1] for r in mine], lambda v: f"{v:.1f}")
        dead = _span([r.dead[-1] for r in mine], lambda v: f"{v}")
        lines.append(f"{scale:>6g}  {loss:>13}  {acc5 + ' %':>17}  "
                     f"{acc + ' %':>11}  {dead:>10}")
    return "\n".join(lines)


def follow_steps(data, learning_rate=3.0, steps=14, weight_init_std=0.1, batch_size=100):
    """A fresh chapter network (seed 0) trained ``steps`` steps, step k on one random batch
    drawn with seed k (the chapter's ``train_random_batches(..., steps=1, seed=k)``); after
    each step (training loss, dead hidden units, smallest bias in b1), as a list."""
    net = TwoLayerNet(data.x_train.shape[1], 50, 10, weight_init_std=weight_init_std, seed=0)
    x, t, after = data.x_train, data.t_train, []
    for step in range(1, steps + 1):
        batch = np.random.default_rng(step).choice(len(x), size=batch_size, replace=False)
        sgd_step(net, x[batch], t[batch], learning_rate)
        after.append((net.loss(x, t), dead_units(net, x), float(net.params["b1"].min())))
    return after


def symmetric_start(data, value=0.1, epochs=30, learning_rate=0.1, seed=0):
    """A chapter network whose weights all start at ``value`` (biases at 0), trained
    ``epochs`` epochs; returns (net, history, W1 at the start)."""
    net = TwoLayerNet(data.x_train.shape[1], 50, 10, weight_init_std=0, seed=seed)
    net.params["W1"][...] = value          # writes into the arrays the layers hold
    net.params["W2"][...] = value
    w1_start = net.params["W1"].copy()
    history = training.train(net, data, epochs=epochs, learning_rate=learning_rate, seed=seed)
    return net, history, w1_start


def report_starts(zero, zero_history, data, value=0.1, learning_rate=0.3):
    """Chapter 8's all-zero start, after training (``zero`` and its ``History``): which
    params changed, dead units, validation accuracy against always answering the most common
    class; then ``symmetric_start(data, value, learning_rate=learning_rate)``: how far W1
    moved, how many different columns it has, dead units, validation accuracy."""
    for key, param in zero.params.items():
        print(f"{key}: changed: {bool(np.any(param != 0))}")
    print("dead hidden units:", dead_units(zero, data.x_train))
    guess = np.bincount(data.t_train).argmax()
    print(f"validation accuracy after {zero_history.epoch[-1]} epochs: "
          f"{100 * zero_history.acc_val[-1]:.2f}%; always answering {guess}, the most common "
          f"class in training: {100 * np.mean(data.t_val == guess):.2f}%")
    same, history, w1_start = symmetric_start(data, value=value, learning_rate=learning_rate)
    W1 = same.params["W1"]
    print(f"\nevery weight {value}, every bias 0, {history.epoch[-1]} epochs at learning rate "
          f"{learning_rate}: W1 changed, by up to {np.abs(W1 - w1_start).max():.3f}; different "
          f"columns of W1 (equal to 1e-6 count as one): {distinct_columns(W1, rtol=1e-6)}; "
          f"dead hidden units: {dead_units(same, data.x_train)}; validation accuracy "
          f"{100 * history.acc_val[-1]:.2f}%")
    fast, _, _ = symmetric_start(data, value=value, epochs=1, learning_rate=1.0)
    print(f"the same start at learning rate 1.0: dead hidden units after one epoch: "
          f"{dead_units(fast, data.x_train)}")


def distinct_columns(W, rtol=1e-9):
    """How many different columns ``W`` has, counting columns equal up to rounding (``rtol``
    of its largest entry) as one."""
    atol = rtol * float(np.abs(W).max())
    kept = []
    for j in range(W.shape[1]):
        if not any(np.allclose(W[:, j], W[:, k], rtol=0, atol=atol) for k in kept):
            kept.append(j)
    return len(kept)


def gradients_at_scales(net_class, sizes=(64, 30, 20, 10), scales=(0.1, 0.01), seed=1):
    """Chapter 8's exercise 3, measured: ``net_class(*sizes, weight_init_std=scale, seed=0)``
    at each scale on three random inputs (seeded): prints the size of dL/dW1 and the
    relative error of W1's gradient check, then the ratio of the sizes of dW1 and of db2
    between the two scales.  Returns those two ratios as a dict."""
    rng = np.random.default_rng(seed)
    x, t = rng.uniform(0, 1, size=(3, sizes[0])), rng.integers(0, sizes[-1], size=3)
    size = {}
    for scale in scales:
        net = net_class(*sizes, weight_init_std=scale, seed=0)
        grads, numerical = net.gradient(x, t), net.numerical_gradient(x, t)
        size[scale] = {name: float(np.linalg.norm(grads[name])) for name in ("W1", "b2")}
        error = relative_error(grads["W1"], numerical["W1"])
        print(f"scale {scale}: |dW1| {size[scale]['W1']:.1e}; its gradient check's relative "
              f"error {error:.3e} (the bar: 1e-07)")
    ratios = {name: size[scales[0]][name] / size[scales[1]][name] for name in ("W1", "b2")}
    for name, ratio in ratios.items():
        print(f"|d{name}| at {scales[0]} / |d{name}| at {scales[1]}: {ratio:.0f}")
    return ratios


# ---------------------------------------------------------------------------
# The live explorer
# ---------------------------------------------------------------------------

RATES = (0.1, 0.3, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0)
SCALES = (0.01, 0.1, 1.0)
SEEDS = (0, 4)
REFERENCE = {"learning_rate": 1.0, "weight_init_std": 0.1}   # the chapter's settings
PANELS = (("training loss", "loss_train", (0.0, 4.0), False),
          ("dead hidden units", "dead", (0.0, 51.0), False),
          ("gradient reaching W1", "grad_w1", (FLOOR / 2, 10.0), True))


class LearningRateExplorer(Explorer):
    """Choose a learning rate, a starting scale and a seed; the chapter's network trains for
    ``epochs`` epochs and its training loss, dead hidden units and gradient reaching W1 are
    drawn per epoch (colored) beside the chapter's settings with the same seed (grey).

    The sliders answer when released: a choice met for the first time trains one network
    (a fraction of a second to a second); every run, and the grey reference of each seed,
    is kept in memory, so a choice met before answers at once.  (Training all 120 choices
    up front would take about a minute: too long for building the chapter.)
    """

    def __init__(self, data, learning_rate=3.0, weight_init_std=0.1, seed=0, epochs=30):
        self.data, self.epochs, self._references, self._runs = data, epochs, {}, {}
        controls = {
            "learning_rate": ipw.SelectionSlider(
                options=list(RATES), value=learning_rate, description="learning rate",
                continuous_update=False, layout=ipw.Layout(width="420px"),
                style={"description_width": "initial"}),
            "weight_init_std": ipw.ToggleButtons(
                options=list(SCALES), value=weight_init_std, description="starting scale",
                style={"description_width": "initial", "button_width": "60px"}),
            "seed": ipw.IntSlider(value=seed, min=SEEDS[0], max=SEEDS[1], description="seed",
                                  continuous_update=False),
        }
        self.controls = controls
        self._train()
        epochs_axis = np.arange(epochs + 1)
        self.marks, figures = {}, []
        for title, key, (low, high), log in PANELS:
            sx = widgets.bq.LinearScale(min=0.0, max=float(epochs))
            sy = (widgets.bq.LogScale(min=low, max=high) if log
                  else widgets.bq.LinearScale(min=low, max=high))
            scales = {"x": sx, "y": sy}
            reference = widgets.bq.Lines(x=epochs_axis, y=self._series(self.reference, key),
                                       scales=scales, colors=[style.MUTED], stroke_width=3,
                                       line_style="dashed")
            current = widgets.bq.Lines(x=epochs_axis, y=self._series(self.run, key),
                                     scales=scales, colors=[style.GRADIENT], stroke_width=3)
            self.marks[key] = (reference, current)
            # few ticks, so that the labels never crowd a panel 300 px wide: every 10th
            # epoch, every 2nd power of ten
            y_ticks = (10.0 ** np.arange(np.ceil(np.log10(low)), np.log10(high) + 1, 2) if log
                       else None)
            axes = [widgets.bq.Axis(scale=sx, label="epoch", grid_lines="dashed",
                                    tick_values=np.arange(0, epochs + 1, 10)),
                    widgets.bq.Axis(scale=sy, side="left", grid_lines="dashed",
                                    tick_format=".0e" if log else None, tick_values=y_ticks)]
            figures.append(widgets.bq.Figure(
                marks=[reference, current], axes=axes, title=title, animation_duration=0,
                title_style={"font-size": "18px"}, display_toolbar=False,  # it hid the title
                fig_margin={"top": 50, "bottom": 55, "left": 70, "right": 30},
                layout=ipw.Layout(flex="1 1 320px", min_width="300px", max_width="480px",
                                  height="300px")))
        readout = ipw.HTML(self._readout_html())
        super().__init__(title="Learning rate explorer", controls=controls,
                         main=controls["learning_rate"], readout=readout, plots=figures,
                         widget=widgets.container(controls, figures, readout))

    @property
    def settings(self):
        return {name: self.controls[name].value for name in self.controls}

    def _train(self):
        s = self.settings
        key = (s["learning_rate"], s["weight_init_std"], s["seed"])
        if key not in self._runs:
            (self._runs[key],) = compare(self.data, (s["learning_rate"],), self.epochs,
                                         (s["seed"],), weight_init_std=s["weight_init_std"])
        self.run = self._runs[key]
        if s["seed"] not in self._references:
            self._references[s["seed"]] = compare(
                self.data, (REFERENCE["learning_rate"],), self.epochs, (s["seed"],),
                weight_init_std=REFERENCE["weight_init_std"])[0]
        self.reference = self._references[s["seed"]]
        self.values = dict(s, accuracy=self.run.acc_test[-1], dead=self.run.dead[-1],
                           loss=self.run.loss_train[-1], gradient=self.run.grad_w1[-1],
                           reference_accuracy=self.reference.acc_test[-1])

    @staticmethod
    def _series(run, key):
        values = np.asarray(getattr(run, key), dtype=float)
        return np.maximum(values, FLOOR) if key == "grad_w1" else values

    def update(self, changed):
        self._train()
        self.readout.value = self._readout_html()
        for key, (reference, current) in self.marks.items():
            with widgets.hold(reference, current):
                reference.y = self._series(self.reference, key)
                current.y = self._series(self.run, key)

    def static(self):
        v = self.values
        return figures.png(figure(
            [self.reference, self.run], labels=[
                "chapter's settings",
                f"learning rate {v['learning_rate']:g}, scale {v['weight_init_std']:g}"],
            colors=[style.MUTED, style.GRADIENT]))

    def _readout_html(self):
        v = self.values
        return (f'<div style="font-family:{style.FONT_FAMILY};font-size:{style.FONT_SIZE}px;'
                f'color:{style.INK};line-height:1.6">'
                f"learning rate {v['learning_rate']:g}, starting scale {v['weight_init_std']:g}, "
                f"seed {v['seed']}: after {self.epochs} epochs the {self.run.held_out} accuracy is "
                f"{100 * v['accuracy']:.1f}% (grey, learning rate 1 and scale 0.1: "
                f"{100 * v['reference_accuracy']:.1f}%);<br>{v['dead']} of 50 hidden units dead, "
                f"training loss {v['loss']:.3f}, gradient reaching W1 {v['gradient']:.1e}</div>")
