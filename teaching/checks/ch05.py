"""Checks for the exercises of chapter 05, ReLU.

The convention at the kink is the book's mask ``x <= 0``: the gradient at exactly
x = 0 is 0, as in ``layers.Relu``; a leaky ReLU takes the slope there (the same mask).
The layer checks test the learner's layer: they refuse ``layers.Relu`` itself, a subclass
or factory that hands its work to it, and while they run, ``layers.Relu``'s forward and
backward refuse to run."""

# The checks' worked answers (a comment, so `?` does not show them):
# The convention at the kink is the book's mask ``x <= 0``: the gradient at exactly
# x = 0 is 0, as in ``layers.Relu``; a leaky ReLU takes the slope there (the same mask).
# No gradient check can tell the mask x >= 0 from x <= 0 (away from 0 both pass, at 0 both
# fail), so the layer checks test backward at 0 directly.
# The unit relu(1.5 x - 1) learning relu(0.25 x + 0.25) dies in one step at lr 0.1; the
# one-step edge (``lr_edge``) is the smallest lr whose first step blocks every sample; over 100
# steps the unit still dies at lr 0.09, below it, and learns at 0.06 (``death_step``).
# The layer checks test the learner's layer: they refuse ``layers.Relu`` itself, a subclass
# or factory that hands its work to it, and while they run, ``layers.Relu``'s forward and
# backward refuse to run.

import contextlib

import numpy as np

import layers
from teaching.dead_unit import BATCH, DeadUnitExplorer, gradient_step, runs, runs_figure
from teaching.reveal import lecturing, reveal

from .core import (
    NotAttempted,
    NotYet,
    call,
    check,
    close,
    floats,
    layer_answers,
    mistake,
    shown,
    untouched,
)

_RELU_X = np.array([[1.0, -0.5], [-2.0, 3.0]])         # the book's mask example
_RELU_DOUT = np.array([[10.0, 20.0], [30.0, 40.0]])    # four different numbers: each traceable
_KINK_X = np.array([0.0, 2.0, -1.0, 0.0])              # exactly at the kink, twice
_KINK_DOUT = np.array([5.0, 6.0, 7.0, 8.0])


def _away_from_kinks(kinks, shape=(3, 4)):
    """Random inputs at least 0.1 away from every kink (a gradient check means nothing there)."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-3.0, 9.0, size=shape)
    for k in kinks:
        near = np.abs(x - k) < 0.1
        x[near] = k + np.where(x[near] >= k, 0.1, -0.1) * 2
    return x


def _not_yours(what, name):
    return NotYet(f"{what}.{name} is layers.Relu's own {name}, not yours: write forward and "
                  f"backward in {what} itself.")


def _own_methods(layer_class, what):
    """``NotYet`` if ``layer_class`` takes forward or backward from ``layers.Relu`` (the class
    itself, a subclass that does not define both, or a method copied over)."""
    for name in ("forward", "backward"):
        owner = next((c for c in layer_class.__mro__ if name in vars(c)), None)
        if owner is None:
            continue      # missing: method() names it when the layer runs
        if owner is layers.Relu or vars(owner)[name] is vars(layers.Relu)[name]:
            raise _not_yours(what, name)
        if owner.__name__ == "Relu" and owner.__module__ == "__main__":   # the chapter's own
            raise NotYet(f"{what}.{name} is the chapter's Relu.{name}: write forward and "
                         f"backward in {what} itself.")


@contextlib.contextmanager
def _library_relu_refused(what):
    """While the learner's layer runs, ``layers.Relu``'s forward and backward raise ``NotYet``:
    a layer that hands its work to a ``layers.Relu`` inside is not the learner's own."""
    saved = {name: vars(layers.Relu)[name] for name in ("forward", "backward")}

    def refusing(name):
        def refuse(self, *args, **kwargs):
            raise _not_yours(what, name)
        return refuse
    try:
        for name in saved:
            setattr(layers.Relu, name, refusing(name))
        yield
    finally:
        for name, func in saved.items():
            setattr(layers.Relu, name, func)


def _own_layer(make, what):
    """``make`` (a class or a factory), checked: the object it builds must be the learner's."""
    def build(*args, **kwargs):
        layer = make(*args, **kwargs)
        if layer is not None:
            _own_methods(type(layer), what)
        return layer
    return build


def reveal_once_right(prediction, judge, show, name):
    """``reveal`` for a prediction with a check: once ``prediction`` is written, ``judge``'s
    verdict, then ``show()`` only if it says Right (a wrong guess gets a hint, never an answer
    to copy). In the lecture view nobody writes predictions: ``show()`` waits behind reveal's
    "Show the answer" button, as in every chapter."""
    def verdict_then_answer():
        if lecturing():
            return show()
        verdict = judge(prediction)
        print(verdict)
        return show() if verdict else None
    return reveal(prediction, verdict_then_answer, name=name)


# the chapter's predictions before the exercises, each judged, then revealed by the notebook:
# dx through a skip connection, the difference quotient at h/2
SKIP_X = (1.0, -1.0)                       # y = relu(x) + x with dout = [1, 1]


def _one_prediction(value, name, shape, example):
    """``value`` as floats of ``shape``; NotAttempted while untouched, NotYet if malformed."""
    if untouched(value):
        raise NotAttempted(f"write your prediction into {name}, then run this cell again.")
    got = floats(value)
    if (isinstance(value, (bool, np.bool_)) or got is None or got.shape != shape
            or not np.all(np.isfinite(got))):
        raise NotYet(f"{name} is {example}; got {shown(value)}.")
    return got


# the chapter's neuron: y = relu(w x + b) at w = 1.5, x = 2, dout = 1, at two biases
SWITCH_W, SWITCH_X, SWITCH_BS = 1.5, 2.0, (-3.5, -2.9)


def show_switch(relu_class):
    # The worked answer, out of the docstring that `?` shows:
    # The answer to ``my_switch``, from the chapter's ``relu_class``: its backward of dout = 1
    # at z = w x + b, then z's local derivatives (x for w, w for x, 1 for b).
    """The answer to ``my_switch``, from the chapter's ``relu_class``: its backward of dout = 1
    at z = w x + b, then z's local derivatives."""
    for b in SWITCH_BS:
        relu = relu_class()
        relu.forward(np.array(SWITCH_W * SWITCH_X + b))
        dz = relu.backward(np.array(1.0))
        print(f"b = {b}: (dL/dw, dL/dx, dL/db) = ({dz * SWITCH_X}, {dz * SWITCH_W}, {dz})")


@check
def relu_switch(my_switch):
    # The worked answer, out of the docstring that `?` shows:
    # The gradients (dL/dw, dL/dx, dL/db) of y = relu(w x + b) at w = 1.5, x = 2, dout = 1,
    # for b = -3.5 (z = -0.5 < 0: the switch is closed, all 0) and b = -2.9 (z = 0.1 > 0:
    # open, so (x, w, 1) = (2, 1.5, 1)).
    """The gradients (dL/dw, dL/dx, dL/db) of y = relu(w x + b) at w = 1.5, x = 2, dout = 1,
    for b = -3.5 and b = -2.9."""
    got = _one_prediction(my_switch, "my_switch", (2, 3),
                          "two triples (dL/dw, dL/dx, dL/db), e.g. ((1, 2, 3), (4, 5, 6))")
    w, x = SWITCH_W, SWITCH_X
    want = np.array([[x, w, 1.0] if w * x + b > 0 else [0.0, 0.0, 0.0] for b in SWITCH_BS])
    if not close(got, want, tol=1e-9):
        raise NotYet(mistake(got, [
            (np.array([[x, w, 1.0]] * 2), "at b = -3.5, what is z = w x + b, and which side of "
                                          "0 is it on?"),
            (np.array([[0.0] * 3, [w, x, 1.0]]), "the switch is right; which input of w x does "
                                                 "w's local derivative come from?"),
        ], "is the switch open or closed at each b (z = w x + b)? Open: each input gets dout "
           "times its local derivative.", tol=1e-9))
    return "the switch decides whether anything reaches w, x and b."


@check
def skip_dx(my_dx_skip):
    # The worked answer, out of the docstring that `?` shows:
    # The prediction of ``InPlaceRelu``'s dx for y = relu(x) + x at x = [1, -1], dout = [1, 1]:
    # its backward zeros dout[1] in place and returns dout itself, [1, 0]; ``+ dout`` then adds
    # that same changed array: [2, 0] (the right dx, relu'(x) + 1, is [2, 1]).
    """The prediction of ``InPlaceRelu``'s dx for y = relu(x) + x at x = [1, -1],
    dout = [1, 1]."""
    got = _one_prediction(my_dx_skip, "my_dx_skip", (2,), "two numbers, e.g. [1, 2]")
    x, dout = np.array(SKIP_X), np.ones(2)
    through = np.where(x > 0, dout, 0.0)
    if not close(got, 2 * through, tol=1e-9):
        raise NotYet(mistake(got, [
            (through + dout, "that is the right dx, relu'(x) + 1; but follow InPlaceRelu's "
                             "dout: what does it hold when `+ dout` reads it?"),
            (through, "that is what backward returns; `+ dout` adds dout to it, as dout is "
                      "after backward ran."),
        ], "follow dout line by line: what does backward write into it, what does it return, "
           "and what does `+ dout` then read?", tol=1e-9))
    return "the path around the ReLU read the dout that backward had changed."


def show_skip(skip_class, in_place_class, relu_class):
    """The answer to ``my_dx_skip``: the chapter's ``skip_class`` built on each ReLU class, its
    dx and dout afterwards at ``SKIP_X``, dout = [1, 1], and its gradient check."""
    for make in (in_place_class, relu_class):
        skip, dout, x = skip_class(make), np.ones(2), np.array(SKIP_X)
        skip.forward(x)
        error = layers.gradient_check(skip_class(make), x, dout=np.ones(2))
        print(f"{make.__name__:11s} dx = {skip.backward(dout).tolist()}, dout afterwards = "
              f"{dout.tolist()}, gradient_check(Skip) error {error:.1g}")
    alone = layers.gradient_check(in_place_class(), np.array(SKIP_X))
    print(f"{in_place_class.__name__} raises no exception, yet the gradient check of Skip "
          f"fails.\nA check of the ReLU alone cannot see it (error {alone:.0e}): no second path "
          "reads its dout.")


@check
def quotient_near_0(my_quotient_near_0):
    # The worked answer, out of the docstring that `?` shows:
    # The prediction of the central difference of relu at x = h/2: the sample points are
    # 3h/2 and -h/2, so (relu(3h/2) - relu(-h/2)) / 2h = (3h/2 - 0) / 2h = 0.75, whatever h.
    """The prediction of the central difference of relu at x = h/2."""
    got = _one_prediction(my_quotient_near_0, "my_quotient_near_0", (), "one number")
    if not close(got, 0.75, tol=1e-6):
        raise NotYet(mistake(got, [
            (0.5, "that is the quotient at x = 0 exactly; here x = h/2: where do x + h and "
                  "x - h lie?"),
            (1.0, "that is the slope right of 0 alone, what backward says; x - h lies left of "
                  "the corner."),
            (0.0, "the quotient uses forward alone: what are relu(x + h) and relu(x - h)?"),
        ], "write x + h and x - h at x = h/2, relu of each, then the central difference.",
            tol=1e-6))
    return "3h/2 over 2h, whatever h."


# exercise 5.1: SuspectRelu, read and predicted. Its forward returns
# np.maximum(x > 0, 0.0), the switches as 1.0 and 0.0 where x was meant; its backward returns the
# local derivatives, never multiplied by dout. Its first line, x > 0, is right: where Relu's mask
# x <= 0 is False.
class SuspectRelu:         # printed in the notebook's exercise 1 (a test holds them equal)
    def forward(self, x):
        self.passing = x > 0
        return np.maximum(self.passing, 0.0)

    def backward(self, dout):
        return np.where(self.passing, 1.0, 0.0)


SUSPECT_X = (-1.0, 0.0, 2.0, 3.0)
SUSPECT_DOUT = (4.0, -5.0, 6.0, -7.0)


@check
def suspect_relu(my_suspect):
    # The worked answer, out of the docstring that `?` shows:
    # Exercise 5.1: ``my_suspect`` = (output, dx) of ``SuspectRelu`` (printed in the chapter)
    # at x = [-1, 0, 2, 3], dout = [4, -5, 6, -7], predicted by reading it: both are its switches
    # as numbers, [0, 0, 1, 1]. The hints point at a line to reread, never at the numbers.
    """Exercise 5.1: ``my_suspect`` = (output, dx) of ``SuspectRelu`` (printed in the chapter)
    at x = [-1, 0, 2, 3], dout = [4, -5, 6, -7], predicted by reading it. The hints point at a
    line to reread, never at the numbers."""
    got = _one_prediction(my_suspect, "my_suspect", (2, 4),
                          "two lists of 4 numbers, (output, dx), e.g. ([1, 2, 3, 4], [5, 6, 7, 8])")
    x, dout = np.array(SUSPECT_X), np.array(SUSPECT_DOUT)
    switches = np.where(x > 0, 1.0, 0.0)
    relus = (np.maximum(x, 0.0), np.where(x > 0, dout, 0.0))
    if not close(got, np.array([switches, switches]), tol=1e-9):
        raise NotYet(mistake(got, [
            (np.array(relus), "that is what Relu gives; read SuspectRelu as it is written, not "
                              "as it was meant: what does np.maximum receive, and is dout used "
                              "anywhere?"),
            (np.array([switches, relus[1]]), "the output is right; dx: is dout used anywhere "
                                             "in backward?"),
            (np.array([relus[0], switches]), "dx is right; the output: what does np.maximum "
                                             "receive as its first argument?"),
        ], "go line by line: what does each line compute on these x and dout?", tol=1e-9))
    return "SuspectRelu runs without an error, yet it is no ReLU."


def show_suspect(relu_class):
    """The answer to ``my_suspect``: ``SuspectRelu`` beside the chapter's ``relu_class`` on the
    exercise's x and dout."""
    x, dout = np.array(SUSPECT_X), np.array(SUSPECT_DOUT)
    for layer_class in (SuspectRelu, relu_class):
        layer = layer_class()
        out = layer.forward(x.copy())
        print(f"{layer_class.__name__:11s} output {np.asarray(out, float).tolist()}, "
              f"dx {np.asarray(layer.backward(dout.copy()), float).tolist()}")


_STEP_W, _STEP_B, _STEP_LR, _LEAKY_SLOPE = 1.5, -1.0, 0.1, 0.01


# the chapter's "step from b = -1": relu(1.5 x - 1) learns targets t = relu(0.25 x + 0.25) with
# L = 1/2 sum (y - t)^2, so dout = y - t
_TARGET_W, _TARGET_B = 0.25, 0.25


def _targets():
    """t = relu(0.25 x + 0.25) on the chapter's batch."""
    return np.maximum(_TARGET_W * BATCH + _TARGET_B, 0.0)


def _target_gradients(w=_STEP_W, b=_STEP_B):
    """(dL/dw, dL/db) of L = 1/2 sum (relu(w x + b) - t)^2 on the chapter's batch."""
    z = w * BATCH + b
    dz = np.where(z > 0, np.maximum(z, 0.0) - _targets(), 0.0)
    return float(np.sum(dz * BATCH)), float(np.sum(dz))


@check
def large_step(my_step):
    # The worked answer, out of the docstring that `?` shows:
    # The chapter's "step from b = -1": ``my_step`` = (new w, new b, samples passing) after one
    # step at lr 0.1 on L = 1/2 sum (y - t)^2, from the printed dL/dw = 7.593, dL/db = 4.626:
    # w = 0.741, b = -1.463, and 0.741 * 1.805 - 1.463 < 0, so no sample passes. Within 0.002.
    """The chapter's "step from b = -1": ``my_step`` = (new w, new b, samples passing) after one
    step at lr 0.1 on L = 1/2 sum (y - t)^2, from the printed dL/dw and dL/db.  Within 0.002."""
    if untouched(my_step):
        raise NotAttempted("write your prediction into my_step, then run this cell again.")
    try:
        new_w, new_b, passing = (float(v) for v in my_step)
    except Exception:   # any shape a learner may write: say what the shape is
        raise NotYet("my_step is (new w, new b, samples passing), for example "
                     "(0.5, -0.2, 7).") from None
    dw, db = _target_gradients()
    w, b = _STEP_W - _STEP_LR * dw, _STEP_B - _STEP_LR * db
    if not (close(new_w, w, tol=2e-3) and close(new_b, b, tol=2e-3)):
        raise NotYet("the new w or b is not right yet: a step moves each by -lr times its "
                     "gradient (printed above).")
    if passing != 0:
        raise NotYet("w and b are right; now which sample has the largest w x + b after the "
                     "step, and is it above 0?")
    return "every gradient was right, yet the step blocked every sample."


def _lr_edge():
    """The smallest lr after whose step (from w = 1.5, b = -1, on the target loss) no sample
    passes: the largest x passes last,
    (1.5 - lr dL/dw) x_max - 1 - lr dL/db > 0 for lr < (1.5 x_max - 1) / (dL/dw x_max + dL/db)."""
    x_max = float(BATCH.max())
    dw, db = _target_gradients()
    return (_STEP_W * x_max + _STEP_B) / (dw * x_max + db)


@check
def lr_edge(my_lr_edge):
    # The worked answer, out of the docstring that `?` shows:
    # The edge learning rate, from which on one step from w = 1.5, b = -1 leaves no sample
    # passing, ``_lr_edge()`` = 0.093153, to 4 significant figures 0.09315 (the printed, rounded
    # gradients and x_max give 0.093146). Accepted from 1e-5 below the edge (an answer rounded
    # from it) to 5e-5 above: 0.09315 and 0.0932 pass; 0.093 and 0.0931 (rounded too early,
    # within 5e-4 below the edge) get their own hint.
    """The edge learning rate, from which on one step from w = 1.5, b = -1 leaves no sample
    passing, to 4 significant figures; an answer rounded too early gets its own hint."""
    got = _one_prediction(my_lr_edge, "my_lr_edge", (), "one number")
    want = _lr_edge()
    x_max = float(BATCH.max())
    dw, db = _target_gradients()
    # right: the edge rounded to 4 significant figures (0.09315, a hair below it), 0.093146 from
    # the printed, rounded numbers, or just above the edge
    if want - 5e-4 <= got < want - 1e-5:
        raise NotYet("right formula, but rounded too early: keep more digits until the end, "
                     "then give 4 significant figures.")
    if not want - 1e-5 <= got <= want + 5e-5:
        raise NotYet(mistake(got, [
            ((_STEP_W * x_max + _STEP_B) / db, "that lr moves b alone; the step also moves w "
                                               "by -lr dL/dw."),
            ((_STEP_W * x_max + _STEP_B) / (dw * x_max), "that lr moves w alone; the step also "
                                                         "moves b by -lr dL/db."),
        ], "which sample passes last (the one with the largest w x + b after the step)? Write "
           "its z after the step, (1.5 - lr dL/dw) x + (-1 - lr dL/db), and ask when it is "
           "above 0.", tol=5e-5))
    return "lr = (1.5 x_max - 1) / (dL/dw x_max + dL/db)."


def show_lr_edge():
    """The answer to ``my_lr_edge``: the largest z after one step at the lrs just below and just
    above the edge (3 decimals), from the target loss's gradients on the chapter's batch."""
    dw, db = _target_gradients()
    edge = _lr_edge()
    for lr in (np.floor(edge * 1000) / 1000, np.ceil(edge * 1000) / 1000):
        z = (_STEP_W - lr * dw) * BATCH + (_STEP_B - lr * db)
        print(f"lr {lr:.3f}: after one step the largest z is {z.max():+.4f}, "
              f"{np.count_nonzero(z > 0)} of {BATCH.size} pass")


# the whole run: from w = 1.5, b = -1, RUN_STEPS steps at each lr of RUN_LRS (target loss)
RUN_LRS, RUN_STEPS = (0.09, 0.06), 100


@check
def death_step(steps_to_death):
    # The worked answer, out of the docstring that `?` shows:
    # ``steps_to_death(lr)``: the learner's loop of up to 100 steps with ``gradients`` from
    # w = 1.5, b = -1, returning the number of steps after which no sample passes (None if some
    # still pass after 100). Judged at lr 0.1 (1 step), 0.09 (55) and 0.06 (None) against
    # ``runs``; the hints never name a step.
    """``steps_to_death(lr)``: the learner's loop of up to 100 steps with ``gradients`` from
    w = 1.5, b = -1, returning the number of steps after which no sample passes (None if some
    still pass after 100), judged at three learning rates against ``runs``; the hints never
    name a step."""
    for lr in (_STEP_LR,) + RUN_LRS:
        passing = runs((lr,), RUN_STEPS, (_TARGET_W, _TARGET_B))[lr][1]
        want = passing.index(0) if 0 in passing else None
        got = call(steps_to_death, lr, what="steps_to_death")
        if want is None and got is not None:
            raise NotYet(f"at lr {lr} some sample still passes after {RUN_STEPS} steps: return "
                         "None when the loop ends with the unit alive.")
        if want is not None and (isinstance(got, bool) or not isinstance(got, (int, np.integer))
                                 or got != want):
            raise NotYet(f"at lr {lr} that is not the step yet (got {shown(got)}). Start each run "
                         "at w = 1.5, b = -1; after each step ask gradients(w, b) how many pass at "
                         "the new w, b, and return how many steps you took at the first 0.")
    return (f"the one-step edge is only an upper bound: at lr {RUN_LRS[0]}, below it, the "
            "steps overshoot until one blocks every sample.")


def _first_dead(lr):
    return runs((lr,), RUN_STEPS, (_TARGET_W, _TARGET_B))[lr][1].index(0)


EXPLORE_BEFORE = 5          # the explorer starts this many steps before the lr 0.09 run dies


def reveal_runs(steps_to_death):
    """``death_step``'s verdict, then ``show_runs`` once Right; in the lecture view (nobody
    writes the loop) the figure waits behind the "Show the answer" button."""
    verdict = death_step(steps_to_death)
    if lecturing() and not verdict:
        return reveal_once_right(None, death_step, show_runs, None)
    if not verdict:
        return verdict
    print(verdict)
    return show_runs()


def runs_plot():
    """The loss and the passing samples over 100 steps at lr 0.1, 0.01 and ``RUN_LRS``."""
    return runs_figure((_STEP_LR, 0.01) + RUN_LRS, RUN_STEPS, (_TARGET_W, _TARGET_B))


def show_runs():
    # The worked answer, out of the docstring that `?` shows:
    # After ``death_step``: ``runs_plot``; then the unit live at lr 0.09, ``EXPLORE_BEFORE``
    # steps before that run dies (step 50), to step by hand and watch its switches close.
    """After ``death_step``: ``runs_plot``; then the unit live at lr 0.09, ``EXPLORE_BEFORE``
    steps before that run dies, to step by hand and watch its switches close."""
    from IPython.display import display
    display(runs_plot())
    slow = runs((0.01,), RUN_STEPS, (_TARGET_W, _TARGET_B))[0.01][1][RUN_STEPS]
    print(f"lr 0.01 is slow, not dead: {slow} of 20 samples still pass at step {RUN_STEPS}.")
    lr, target, w, b = RUN_LRS[0], (_TARGET_W, _TARGET_B), _STEP_W, _STEP_B
    for _ in range(_first_dead(lr) - EXPLORE_BEFORE):
        w, b = gradient_step(w, b, lr, target=target)
    return DeadUnitExplorer(w=w, b=b, lr=lr, target=target)


# exercise 5.2: LeakyRelu(0.01) in the unit of the "step from b = -1" (target loss, lr 0.1)
def _leaky_step(w=_STEP_W, b=_STEP_B, s=_LEAKY_SLOPE, lr=_STEP_LR):
    """(w, b) after one step on L = 1/2 sum (y - t)^2 with y = leaky_s(w x + b) on the batch:
    dz = y - t where z > 0, s (y - t) elsewhere."""
    z = w * BATCH + b
    y = np.where(z > 0, z, s * z)
    dz = np.where(z > 0, 1.0, s) * (y - _targets())
    return w - lr * float(np.sum(dz * BATCH)), b - lr * float(np.sum(dz))


def _leaky_db():
    """dL/db after the leaky step, every z <= 0: there a sample's y is s z and its
    dz is s (s z - t), so dL/db = s^2 sum z - s sum t."""
    w, b = _leaky_step()
    z = w * BATCH + b
    assert np.all(z <= 0), "the leaky step was meant to put every z on the negative side"
    s = _LEAKY_SLOPE
    return s * s * float(z.sum()) - s * float(_targets().sum())


@check
def leaky_relu(layer_class):
    """Exercise 5.2, part 1: ``LeakyRelu(slope)``: y = x for x > 0, slope * x otherwise (the
    slope at 0 too, Relu's mask x <= 0), tried at two slopes. The hints ask questions."""
    what = "LeakyRelu"
    if isinstance(layer_class, type):
        _own_methods(layer_class, what)
    make = _own_layer(layer_class, what)
    with _library_relu_refused(what):
        for slope in (0.1, 0.25):            # two slopes: the slope must not be hard-coded
            # the book's example, then inputs exactly at the kink, where the mask says slope
            for x, dout in ((_RELU_X.copy(), _RELU_DOUT.copy()),
                            (_KINK_X.copy(), _KINK_DOUT.copy())):
                _leaky_once(make, slope, x, dout)
    return ("forward and backward pass at two slopes, at x = 0 too: on to part 2, my_leaky "
            "below.")


@check
def leaky_db(my_leaky, layer_class):
    # The worked answer, out of the docstring that `?` shows:
    # Exercise 5.2, part 2: ``my_leaky`` = dL/db after the leaky step, derived by hand from the
    # printed sums: s^2 sum z - s sum t = ``_leaky_db()``, about -0.079; within 5e-4. Asked
    # once ``LeakyRelu`` is right (before that, whatever my_leaky holds, the layer comes first).
    """Exercise 5.2, part 2: ``my_leaky`` = dL/db after the leaky step, derived by hand from the
    printed sums; within 5e-4. Asked once ``LeakyRelu`` is right (before that, whatever
    my_leaky holds, the layer comes first)."""
    if not leaky_relu(layer_class):           # only a right layer prints the sums
        fix = "get LeakyRelu right first; it prints the sums you need."
        raise (NotAttempted if untouched(my_leaky) else NotYet)(fix)
    if untouched(my_leaky):
        raise NotAttempted("write your prediction into my_leaky, then run this cell again.")
    got = _one_prediction(my_leaky, "my_leaky", (), "one number")
    s, z_sum, t_sum = _LEAKY_SLOPE, _leaky_z_sum(), float(_targets().sum())
    want = _leaky_db()
    if not close(got, want, tol=5e-4):
        raise NotYet(mistake(got, [
            (0.0, "that is the plain ReLU's: in a leaky unit, what does a sample with z_i <= 0 "
                  "send back?"),
            (-s * t_sum, "on the negative side a leaky unit's output is not 0: what is y_i, "
                         "and so y_i - t_i?"),
            (s * (z_sum - t_sum), "what is the output y_i where z_i <= 0, in s and z_i?"),
            (s * z_sum - t_sum, "y_i - t_i then goes through the switch's local derivative "
                                "too."),
            (z_sum * s * s + t_sum * s, "mind the sign of t_i in y_i - t_i."),
        ], "write y_i where z_i <= 0, then dz_i = (local derivative) * (y_i - t_i), and "
           "sum over the samples.", tol=5e-4))
    return "dz_i = s (s z_i - t_i) < 0 on every sample, so each step raises b a little."


def _leaky_z_sum():
    """sum of z = w x + b over the batch after the leaky step."""
    w, b = _leaky_step()
    return float(np.sum(w * BATCH + b))


def _leaky_once(make, slope, x, dout):
    wrong_back = [
        (np.where(x > 0, dout, 0),
         "for x <= 0 the local derivative is the slope, not 0: dx = slope * dout there."),
        (np.where(x > 0, dout, slope),
         "for x <= 0, multiply the slope by the upstream gradient dout."),
        (np.where(x > 0, 1, slope), "those are the local derivatives: multiply them by dout."),
        (np.where(x >= 0, dout, slope * dout),
         "at x = 0 exactly, backward passed dout on; the exercise's convention at the corner "
         "is the slope, as for ReLU's mask x <= 0."),
    ]
    try:
        layer_answers(
            lambda: make(slope=slope), (x,), dout,
            np.where(x > 0, x, slope * x), np.where(x > 0, dout, slope * dout),
            wrong_out=[(np.maximum(x, 0), "forward is a plain ReLU: for x <= 0 the output is "
                        "slope * x, not 0.")],
            wrong_back=wrong_back, check_at=(_away_from_kinks([0.0]),))
    except NotYet as not_yet:
        raise NotYet(f"(slope = {slope}) {not_yet}") from None
