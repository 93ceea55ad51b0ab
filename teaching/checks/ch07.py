"""Checks for the exercises of chapter 07, the Affine and Softmax-with-Loss layers.

Every expected value is the math, computed here with plain numpy.  The Affine check
refuses ``layers.Affine``'s own backward and switches ``layers.Affine`` and
``layers.numerical_gradient`` off while the learner's layer runs.  The learner's score
gradient gets the Jacobian as a function and is also run with a made-up one, so only a
real product passes.  The chapter's predictions are checked here too, each against the
math of the chapter's own numbers."""

# The checks' worked answers (a comment, so `?` does not show them):
# Every expected value is the math, computed here with plain numpy.  Affine: dx = dout W^T,
# dW = x^T dout, db = dout summed over the batch; the check uses N = D first, where the wrong
# product x @ dout has dW's shape, then sizes that all differ, then a batch of sequences
# x (N, T, D), where dW and db sum the shares of every (n, t).  It refuses ``layers.Affine``'s
# own backward, and switches ``layers.Affine`` and ``layers.numerical_gradient`` off while
# the learner's layer runs, so a backward that copies a library layer's gradients, or takes
# central differences instead of the derivation, is refused too.  The
# chapter's own MyAffine (a batch x (N, D)) is also compared with central differences
# (relative error below 1e-7).
# Softmax's Jacobian from y alone: J_ij = y_i (delta_ij - y_j).  Cross-entropy
# sends -t / y back, and J^T (-t / y) = y sum(t) - t (y - t for a one-hot t); the learner's
# score gradient gets the Jacobian as a function and is also run with a made-up one that is
# not symmetric, so only a real product J^T dL/dy passes (not a pasted closed form, not
# J dL/dy).  The squared error sends y - t back; the true class c's entry of J^T (y - t) is
# y_c (2 y_c - 1 - |y|^2), so cross-entropy's entry over it is 2 / (3 y_c (1 - y_c)) when
# two wrong classes share the rest equally (|y|^2 = y_c^2 + (1 - y_c)^2 / 2).  The
# chapter's predictions are checked here too, each against the math of the chapter's own
# numbers (db and a row of dX; the gradient of a batch's mean loss for two rows of scores;
# what the wrong products X @ dY and dY^T X give as dW at N = D = 3, H = 2; softmax's
# gradient bars and loss for scores [20, 1, -1]; the book's capped loss for scores [0, 1000];
# descent on the scores with either loss).

import contextlib
import inspect

import numpy as np

import layers

from .core import (
    NEW_ARRAY,
    NotAttempted,
    NotYet,
    answer,
    call,
    check,
    close,
    dict_answer,
    floats,
    method,
    mistake,
    shown,
    untouched,
)


def _softmax(a):
    e = np.exp(a - a.max())
    return e / e.sum()


def _jacobian_of(y):
    return np.diag(y) - np.outer(y, y)        # y_i delta_ij - y_i y_j


def _one_hot(label, classes):
    t = np.zeros(classes)
    t[label] = 1.0
    return t


def _learner_array(func, args, shape, name, **options):
    """``func(*args)`` as a float array of ``shape``, or NotYet naming what is off."""
    got = answer(func, *args, what=name, if_none=f"{name} returns None: return the array.",
                 **options)
    arr = floats(got)
    if arr is None or arr.shape != shape:
        raise NotYet(f"{name} must return an array of shape {shape}; got {shown(got)}.")
    return arr


# --- The chapter's predictions ---

def _number(value, name, what):
    """``value`` as one float, NotAttempted while it is None, NotYet if it is not a number."""
    if untouched(value):
        raise NotAttempted(f"write your prediction into {name}, then run this cell again.")
    got = floats(value)
    if got is None or got.shape != ():
        raise NotYet(f"{name} should be {what}, got {shown(value)}.")
    return float(got)


def _numbers(value, name, count, example):
    """``value`` as ``count`` floats (a tuple or list), or NotAttempted / NotYet."""
    if untouched(value) or (isinstance(value, (tuple, list))
                            and all(untouched(v) for v in value)):
        raise NotAttempted(f"write your prediction into {name}, then run this cell again.")
    got = floats(value)
    if got is None or got.shape != (count,):
        raise NotYet(f"{name} should be {count} numbers such as {example}, got {shown(value)}.")
    return got


# the chapter's numbers for db and dX[1]: X, W and dY as printed in the chapter
_X = np.array([[1.0, 2.0], [3.0, -1.0]])
_W = np.array([[0.5, -1.0], [2.0, 1.0]])
_DY = np.array([[1.0, 2.0], [-2.0, 3.0]])


def reveal_when_right(check_fn, prediction, show, name):
    """``teaching.reveal.reveal`` of ``show()``, gated by the check: once ``prediction`` is
    written, the verdict of ``check_fn(prediction)``, then ``show()`` only if it says Right,
    so a wrong prediction gets its hint, not the answer.  (In the lecture view nobody
    predicts: the answer button holds ``show()`` alone, no verdict.)"""
    from IPython.display import display

    from teaching.reveal import lecturing, reveal

    def shown():
        if lecturing():
            return show()
        verdict = check_fn(prediction)
        display(verdict)
        return show() if verdict else None
    return reveal(prediction, shown, name=name)


_ENTRIES = ("db", "dX[1]")


def _two_numbers(got, name, variable="my_entries"):
    """``got`` as two floats, or NotYet naming the entry of ``variable`` that is not two."""
    value = floats(got)
    if value is None or value.shape != (2,):
        raise NotYet(f'{variable}["{name}"] should be two numbers, such as [1, 2], got '
                     f"{shown(got)}.")
    return value


@check
def predicted_entries(my_entries):
    # The worked answer, out of the docstring that `?` shows:
    # The learner's db = dy_0j + dy_1j (each bias collects one share per sample) and
    # dX[1] = row 1 of dY times W^T (dx_1i = dy_10 w_i0 + dy_11 w_i1) for the chapter's
    # numbers.
    """The learner's db and dX[1] for the chapter's numbers."""
    dict_answer(my_entries, _ENTRIES, '{"db": [.., ..], "dX[1]": [.., ..]}', "two numbers")
    db, dx1 = (_two_numbers(my_entries[name], name) for name in _ENTRIES)
    if not close(db, _DY.sum(axis=0)):
        raise NotYet(mistake(db, [
            (_DY.sum(axis=1), "db: you added each sample's two outputs. b_j is shared by the "
                              "samples: which outputs does b_j reach?"),
            (_DY[0], "db is sample 0's share alone: b_j is used by both samples, so sample 1 "
                     "adds its share too."),
            (_DY[1], "db is sample 1's share alone: b_j is used by both samples, so sample 0 "
                     "adds its share too."),
        ], "db: b_j appears in y_0j and y_1j, with the factor 1 in each: add their dY "
           "entries."))
    terms = _DY[1][None, :] * _W          # [i, j]: dy_1j w_ij
    if not close(dx1, terms.sum(axis=1)):
        raise NotYet(mistake(dx1, [
            ((_DY @ _W)[1], "dX[1]: you used the columns of W. In y_1j, x_1i multiplies w_ij: "
                            "which weights are those for x_10, and for x_11?"),
            ((_DY @ _W.T)[0], "that is dX[0]: the first index is the sample."),
            (terms[:, 0], "dX[1]: each x_1i reaches both outputs of sample 1, y_10 and y_11: "
                          "add both terms."),
            (terms[:, 1], "dX[1]: each x_1i reaches both outputs of sample 1, y_10 and y_11: "
                          "add both terms."),
        ], "dX[1]: x_1i reaches y_10 and y_11. Which weight multiplies it in each?"))
    return "both: b_j collects one share per sample, and row 1 of dY meets the rows of W."


_PRODUCTS = ("X @ dY", "dY.T @ X")
_VERDICTS = ("error", "wrong shape", "wrong numbers", "right")


@check
def predicted_candidates(my_candidates):
    # The worked answer, out of the docstring that `?` shows:
    # The learner's verdict on two wrong products for dW at N = D = 3, H = 2: X @ dY is
    # (3, 3)(3, 2) = (3, 2), W's shape, with the wrong numbers (entry [i, j] sums x_in dy_nj
    # over n, where w_ij's shares are x_ni dy_nj); dY^T X is (2, 3)(3, 3) = (2, 3), the wrong
    # shape.
    """The learner's prediction for two products at N = D = 3, H = 2: X @ dY and dY^T X."""
    dict_answer(my_candidates, _PRODUCTS, '{"X @ dY": "...", "dY.T @ X": "..."}', "your word")
    said = {}
    for name in _PRODUCTS:
        said[name] = str(my_candidates[name]).strip().lower()
        if said[name] not in _VERDICTS:
            raise NotYet(f"for {name} write one of {', '.join(map(repr, _VERDICTS))}; got "
                         f"{shown(my_candidates[name])}.")
    hints = {
        "error": "{name}: X is (3, 3) and dY is (3, 2); do the inner sizes of {name} meet?",
        "wrong shape": "{name}: work out the shape of the product and compare it with W's "
                       "(D, H) = (3, 2).",
        "right": "{name}: its entry [i, j] is a sum over n of x_in dy_nj. In the derivation, "
                 "which index of x is the sample, in the shares of w_ij?",
    }
    if said["X @ dY"] != "wrong numbers":
        raise NotYet(hints.get(said["X @ dY"], hints["wrong shape"]).format(name="X @ dY"))
    if said["dY.T @ X"] != "wrong shape":
        raise NotYet(hints["wrong shape" if said["dY.T @ X"] != "error" else "error"]
                     .format(name="dY.T @ X"))
    return ("X @ dY has W's shape only because N = D, with the wrong numbers; dY.T @ X has "
            "the wrong shape. So the check of your backward below compares values.")


_ROWS_SCORES, _ROWS_LABELS = np.array([[1.0, 2.0, -0.5], [0.5, 0.5, 3.0]]), [1, 0]


@check
def predicted_rows(my_rows):
    # The worked answer, out of the docstring that `?` shows:
    # The learner's (y - t)/N for the chapter's two rows of scores: row 0's true-class entry
    # (y_01 - 1)/2, within 0.01, and the sums of rows 0 and 1, both 0 (y and t each add up
    # to 1).
    """The learner's (y - t)/N for the chapter's two rows of scores: row 0's true-class entry
    (within 0.01) and the sums of rows 0 and 1."""
    got = _numbers(my_rows, "my_rows", 3, "(0.5, 1, 1)")
    y = _softmax(_ROWS_SCORES[0])
    want = (y[_ROWS_LABELS[0]] - 1) / 2
    if abs(got[0] - want) > 0.01:
        raise NotYet(mistake(got[0], [
            (2 * want, "that is y_c - 1 for one sample; the batch's loss is the mean of 2."),
            (-want, "the sign: the entry is (y_c - t_c)/N with t_c = 1."),
            (y[_ROWS_LABELS[0]] / 2, "the true class has t_c = 1: subtract it."),
            ((y[0] - 1) / 2, "row 0's label is 1, not 0: the true class is the second score."),
        ], "row 0's true-class entry is (y_c - t_c)/N: compute y_c from row 0's three "
           "scores.", tol=0.01))
    if not close(got[1:], [0.0, 0.0], tol=1e-3):
        raise NotYet("the row sums: what does each row of y add up to, and each row of t?")
    return "y - t loses from the true class what the other classes gain, so each row adds to 0."


_BARS_SCORES, _BARS_LABEL = np.array([20.0, 1.0, -1.0]), 1


@check
def predicted_bars(my_bars):
    # The worked answer, out of the docstring that `?` shows:
    # The learner's gradient bars y - t of classes 0 and 1 for scores [20, 1, -1] and label 1
    # (within 0.05 of 1 and -1), and the loss, -1 + log(e^20 + e + e^-1), about 19 (within
    # 0.3).
    """The learner's gradient bars y - t of classes 0 and 1 for scores [20, 1, -1] and label 1
    (within 0.05), and the loss (within 0.3)."""
    got = _numbers(my_bars, "my_bars", 3, "(0.5, 0.5, 2)")
    y = _softmax(_BARS_SCORES)
    loss = float(-np.log(y[_BARS_LABEL]))
    if not close(got[:2], [1.0, -1.0], tol=0.05):
        raise NotYet(mistake(got[:2], [
            ([-1.0, 1.0], "the signs: the bar of a class is y_k - t_k; which of the two is the "
                          "true class?"),
            ([1.0, 0.0], "class 1 is the true class: its bar is y_1 - 1. Where is y_1 when "
                         "class 0 has nearly all the probability?"),
            ([0.0, -1.0], "class 0's bar is y_0 - 0: how much probability does class 0 get "
                          "when it leads by 19?"),
        ], "the bars are y - t with t = [0, 1, 0]: about what are y_0 and y_1 here?",
            tol=0.05))
    if abs(got[2] - loss) > 0.3:
        raise NotYet(mistake(got[2], [
            (20.0, "that is log-sum-exp alone; the loss is -a_1 + log-sum-exp."),
            (0.0, "the true class is losing, so the loss is large: -a_1 + log-sum-exp."),
        ], "the loss is -a_1 + log(e^a_0 + e^a_1 + e^a_2), and the log-sum-exp is close to "
           "the largest score.", tol=0.02))
    return ("the bars are at their limits, +1 and -1, and the loss is about the lead of the "
            "wrong class, a_0 - a_1: it keeps growing, the gradient does not.")


_BOOK_SCORES, _BOOK_LABEL = np.array([0.0, 1000.0]), 0


@check
def predicted_book_loss(my_book_loss):
    # The worked answer, out of the docstring that `?` shows:
    # The learner's value of the book's loss -log(y_c + 1e-7) for scores [0, 1000] and
    # true class 0: y_c = 1 / (1 + e^1000), about 1e-434, is far below 1e-7 (even exactly), so
    # the constant alone is left: -log(1e-7) = 7 ln 10.
    """The learner's value of the book's loss -log(y_c + 1e-7) for scores [0, 1000] and
    true class 0."""
    got = _number(my_book_loss, "my_book_loss", "one number, a loss")
    y_c = _softmax(_BOOK_SCORES)[_BOOK_LABEL]
    want = float(-np.log(y_c + 1e-7))
    if abs(got - want) > 0.2:
        raise NotYet(mistake(got, [
            (1000.0, "1000 is the right loss; the book's formula starts from y_c. How big "
                     "is y_c = e^0 / (e^0 + e^1000) beside the constant 1e-7?"),
            (7.0, "numpy's log is the natural logarithm, not log base 10."),
            (0.0, "the true class lost by 1000: is that a small loss?"),
        ], "start from y_c = e^0 / (e^0 + e^1000) = 1 / (1 + e^1000): how big is it beside "
           "1e-7? Then take -log(y_c + 1e-7).", tol=0.01))
    return (f"{want:.2f} = -log(1e-7) = 7 ln 10: y_c << 1e-7 leaves the constant alone. So "
            "the book's loss has a ceiling: however wrong the scores, it reports no more.")


def _descent(gradient, steps=20):
    """y_0 after ``steps`` steps of gradient descent, learning rate 1, on the scores
    a = [0, 0, 5] with true class 0; ``gradient(y, t)`` is the loss's gradient for a."""
    a, t = np.array([0.0, 0.0, 5.0]), _one_hot(0, 3)
    for _ in range(steps):
        a = a - gradient(_softmax(a), t)
    return float(_softmax(a)[0])


_SQUARED_TOL = 0.15   # relative: y_0 moves from 0.0066 to 0.0126, so "it stays" must fail


def _held_descent():
    """y_0 after 20 steps that all use the first step's squared-error gradient at
    a = [0, 0, 5]: the estimate the chapter asks for (the real run's steps grow)."""
    a, t = np.array([0.0, 0.0, 5.0]), _one_hot(0, 3)
    y = _softmax(a)
    return float(_softmax(a - 20 * _jacobian_of(y).T @ (y - t))[0])


def _steps_past_half(gradient):
    """How many steps of _descent's gradient descent until y_0 > 0.5."""
    steps = 0
    while _descent(gradient, steps) <= 0.5:
        steps += 1
    return steps


@check
def predicted_descent(my_y0):
    """From a = [0, 0, 5] (class 0): the learner's number of cross-entropy steps (gradient
    y - t) until y_0 > 0.5, within one step (the Right message gives the exact count), and
    y_0 after 20 squared-error steps (J^T (y - t)) that all keep the first step's size,
    within 15 %."""
    got = _numbers(my_y0, "my_y0", 2, "(10, 0.5)")
    start = _descent(None, steps=0)
    cross_steps = _steps_past_half(lambda y, t: y - t)
    want = [_descent(lambda y, t: y - t, cross_steps),
            _held_descent()]
    if abs(got[0] - cross_steps) > 1:
        raise NotYet("cross-entropy first: its gradient for a_0 is y_0 - 1, near -1 while y_0 "
                     "is small, and for a_2 it is y_2, near 1. By about how much does the gap "
                     "of 5 between a_2 and a_0 close each step, and after how many steps has "
                     "a_0 overtaken a_2?")
    if abs(got[1] - want[1]) > _SQUARED_TOL * want[1]:
        raise NotYet(mistake(got[1], [
            (start, f"the squared error: y_0 = {start:.4f} is where it starts; its gradient is "
                    "small, not 0. How far does it move a_0 and a_2 in 20 steps?"),
        ], "the squared error, within 15 %: read its first-step entries for a_0 and a_2 at "
           "s = 5 off the table. If they kept that size, how much of the gap of 5 would "
           "close in 20 steps, and by what factor would y_0 grow for that?", tol=1e-3))
    steps = (f"it takes {cross_steps} steps" if got[0] == cross_steps
             else f"close: it is {cross_steps} steps")
    return (f"{steps}, and the held estimate: the squared error learns slowest exactly when "
            "it is most wrong.")


# --- Exercise 1: the Affine layer's backward, on a batch of sequences ---

# (N, T, D, H), T None for a plain batch x (N, D): N = D first (x @ dout has dW's shape, so
# its hint can show), then all different; then batches of sequences x (N, T, D), where every
# weight and bias is used at every sample n and every step t, so dW and db sum over both axes
_AFFINE_SIZES = [(3, None, 3, 2), (2, None, 3, 4), (2, 3, 4, 5), (4, 2, 3, 3)]
_SWITCHED_OFF = ("layers.Affine and layers.numerical_gradient are switched off while your "
                 "layer runs: write the lines of the backward yourself, with numpy alone.")
# the check's own central differences, kept while layers.numerical_gradient is switched off
_numerical_gradient = layers.numerical_gradient


@contextlib.contextmanager
def _library_affine_off():
    """``layers.Affine`` (creating one, or its backward) and ``layers.numerical_gradient``
    raise NotYet inside; restored after."""
    def refuse(*args, **kwargs):
        raise NotYet(_SWITCHED_OFF)
    saved = {name: vars(layers.Affine)[name] for name in ("__init__", "backward")}
    saved_gradient = layers.numerical_gradient
    try:
        for name in saved:
            setattr(layers.Affine, name, refuse)
        layers.numerical_gradient = refuse
        yield
    finally:
        for name, original in saved.items():
            setattr(layers.Affine, name, original)
        layers.numerical_gradient = saved_gradient


def _own_backward(layer_class):
    """NotYet if ``layer_class`` is, or borrows its backward from, ``layers.Affine``."""
    if not inspect.isclass(layer_class):
        return
    if issubclass(layer_class, layers.Affine):
        raise NotYet("that class is (or inherits from) layers.Affine: write the backward of "
                     "MyAffine yourself, with numpy alone.")
    owner = next((c for c in layer_class.__mro__ if "backward" in vars(c)), None)
    if owner is not None and vars(owner)["backward"] is vars(layers.Affine)["backward"]:
        raise NotYet("MyAffine.backward is layers.Affine's own backward: write its lines "
                     "yourself.")


def _affine_once(layer_class, N, T, D, H):
    """One run of the learner's layer: a batch x (N, D), or sequences x (N, T, D)."""
    seq = T is not None
    rng = np.random.default_rng(10 * N + (T or 0) + D + H)
    lead = (N, T) if seq else (N,)
    x, W, b, dout = (rng.standard_normal(s) for s in [lead + (D,), (D, H), (H,), lead + (H,)])
    sizes = (f"with sequences, x of shape (N, T, D) = ({N}, {T}, {D}) and H = {H}" if seq
             else f"with N = {N}, D = {D}, H = {H}")
    W_given, b_given = W.copy(), b.copy()
    layer = call(layer_class, W_given, b_given, what="creating the layer")
    out = answer(method(layer, "forward"), x.copy(), what="forward",
                 if_none="forward returns None: return x @ W + b (it was given).")
    if not close(out, x @ W + b):
        raise NotYet(f"{sizes}, forward no longer gives x @ W + b: keep the forward you were "
                     "given.")
    try:
        dx = answer(method(layer, "backward"), dout, what="backward", keep={"dout": dout},
                    fix=NEW_ARRAY, if_none="backward returns None: return dx (and store "
                                           "self.dW and self.db).")
    except NotYet as err:
        if "matmul" not in str(err):
            raise
        axes = (" On a 3-D array, .T reverses all three axes." if seq else "")
        raise NotYet(f"{sizes}: {err}  The shapes: x {x.shape}, W {W.shape}, dout "
                     f"{dout.shape}.{axes} Each gradient has the shape of its own array; "
                     "in a product the inner sizes must meet.") from None
    if not (np.array_equal(W_given, W) and np.array_equal(b_given, b)):
        raise NotYet("backward changed W or b: the network updates them, the layer only "
                     "reads them.")
    dW, db = getattr(layer, "dW", None), getattr(layer, "db", None)
    if dW is None or db is None:
        raise NotYet("backward must store the weight and bias gradients in self.dW and "
                     "self.db, as the book's layer does.")
    rows_x, rows_dout = x.reshape(-1, D), dout.reshape(-1, H)   # one row per (n, t)
    if not close(dx, dout @ W.T):
        raise NotYet(mistake(dx, [
            (np.swapaxes(dout @ W.T, -1, -2), f"{sizes}: dx is the right numbers with its "
                                              "last two axes swapped: give it x's shape."),
        ], f"{sizes}: dx should have x's shape {x.shape}, with entry [.., i] = sum over j "
           f"of dout[.., j] W[i, j]; got shape {shown(np.shape(dx))}."))
    if not close(dW, rows_x.T @ rows_dout):
        wrong = [((rows_x.T @ rows_dout).T, f"{sizes}: dW has shape (H, D), W's shape turned "
                                            "round: you swapped the two operands.")]
        if not seq and N == D:
            wrong.append((x @ dout, f"{sizes}: your dW has W's shape (D, H) only because "
                                    "N = D here. Each weight collects one share per sample: "
                                    "in the product, the inner size must be N."))
        if seq:
            wrong.append((x[:, -1].T @ dout[:, -1], f"{sizes}: dW holds the last step's "
                                                    "shares only: W is used at every step."))
            wrong.append((x[0].T @ dout[0], f"{sizes}: dW holds the first sequence's shares "
                                            "only: W is used by every sequence."))
        seq_hint = (" W is used at every sample n and every step t: how many shares does "
                    "each weight collect?" if seq else "")
        raise NotYet(mistake(dW, wrong, f"{sizes}: dW should have W's shape (D, H) = ({D}, "
                                        f"{H}), one share from every use of the weight; got "
                                        f"shape {shown(np.shape(dW))}." + seq_hint))
    if not close(db, rows_dout.sum(axis=0)):
        raise NotYet(mistake(db, [
            (dout, "db must have b's shape (H,): b is added to every row (broadcast, chapter "
                   "4), so its gradient is a sum over the rows."),
            (dout.sum(axis=0), f"{sizes}: db has shape {shown(np.shape(dout.sum(axis=0)))}, "
                               "not b's (H,): b is added at every step too, so sum over "
                               "every axis but the last."),
            (dout.sum(axis=-1), f"{sizes}: db is summed over the wrong axis: keep one entry "
                                "per output."),
            (dout.sum(), f"{sizes}: db sums everything into one number: keep one entry per "
                         "output (b's shape (H,))."),
            (rows_dout.mean(axis=0), f"{sizes}: db averages the shares; each row's share "
                                     "counts fully: sum, not average."),
        ], f"{sizes}: db has b's shape ({H},) but other numbers: b_j collects one share from "
           "every use of b_j." if getattr(floats(db), "shape", None) == (H,) else
           f"{sizes}: db should have b's shape ({H},), one share from every use of b."))
    return max(layers.relative_error(got, numeric)
               for got, numeric in zip((dx, dW, db), _central_differences(x, W, b, dout)))


def _central_differences(x, W, b, dout):
    """Central differences of L = sum((x W + b) * dout), whose gradient for the output is
    dout: the gradients for x, W and b, computed without any layer."""
    def loss(x=x, W=W, b=b):
        return float(np.sum((x @ W + b) * dout))
    x, W, b = x.copy(), W.copy(), b.copy()
    return (_numerical_gradient(lambda v: loss(x=v), x, h=1e-5),
            _numerical_gradient(lambda v: loss(W=v), W, h=1e-5),
            _numerical_gradient(lambda v: loss(b=v), b, h=1e-5))


@check
def affine_batch_backward(layer_class):
    """The chapter's MyAffine(W, b): backward(dout) -> dx, storing self.dW and self.db, for a
    batch x (N, D), with layers.Affine and layers.numerical_gradient switched off; the three
    gradients are compared with the derivation and with central differences (relative error
    below 1e-7)."""
    _own_backward(layer_class)
    with _library_affine_off():
        errors = [_affine_once(layer_class, N, T, D, H)
                  for N, T, D, H in _AFFINE_SIZES if T is None]
    if max(errors) >= 1e-7:
        raise NotYet("your gradients are close to the right ones but not within a relative "
                     "error of 1e-7 of central differences: compute them in float64, from the "
                     "three sums of the derivation.")
    return ("dx = dout W^T, dW = x^T dout and db = dout summed over the batch agree with "
            "central differences (relative error below 1e-7), at N = D as well.")


@check
def affine_backward(layer_class):
    """Exercise 7.1: ``MyAffine(W, b)``'s backward(dout) -> dx, storing self.dW and self.db,
    for a batch x (N, D) and for a batch of sequences x (N, T, D)."""
    _own_backward(layer_class)
    with _library_affine_off():
        for N, T, D, H in _AFFINE_SIZES:
            _affine_once(layer_class, N, T, D, H)
    return ("dx = dout W^T, and dW and db add one share for every use of W and b: for a "
            "batch, over the samples, and for sequences, over the samples and the steps.")


# --- Exercise 2: softmax's Jacobian, from y alone ---

# probability vectors as a backward pass has them (cached by forward): 2 to 4 classes,
# and one saturated softmax whose probabilities rounded to exactly 1 and 0
_Y = [_softmax(np.array([2.0, 1.0, -1.0])), np.array([0.7, 0.3]),
      _softmax(np.array([1.5, -0.5, 0.0, 4.0])), np.array([1.0, 0.0, 0.0])]


@check
def softmax_jacobian_from_y(func):
    """Exercise 7.2: ``softmax_jacobian_from_y(y)`` -> J with J[i, j] = dy_i / da_j."""
    for y in _Y:
        C = len(y)
        got = _learner_array(func, (y.copy(),), (C, C), "softmax_jacobian_from_y", strict=True)
        want = _jacobian_of(y)
        if close(got, want, tol=1e-9):
            continue
        raise NotYet(mistake(got, [
            (np.diag(y), "that is only the diagonal's first term: y_i also depends on every "
                         "other score through the sum below."),
            (-np.outer(y, y), "the diagonal needs its own term: for i = j the numerator "
                              "e^(a_i) depends on a_j too."),
            (np.diag(y * (1 - y)), "the entries off the diagonal are not 0: raising one score "
                                   "lowers every other probability."),
            (np.diag(y) + np.outer(y, y), "check the sign of the y_i y_j term: raising a_j "
                                          "makes y_i (i != j) smaller."),
            (_jacobian_of(_softmax(y)), "you took the softmax of y: y is already the "
                                        "probabilities; write J with y itself."),
        ], f"for y = {shown(y)} your J differs from the derivative; derive dy_i/da_j for "
           "i = j and for i != j with the quotient rule, then write each case with y alone."))
    return ("J = diag(y) - y y^T, that is J_ij = y_i (delta_ij - y_j): each probability "
            "rises with its own score and falls with every other one; for a saturated "
            "y = [1, 0, 0] every entry is 0.")


# --- Exercise 3: through the two layers one at a time ---

# scores and targets whose entries do not add up to 1 (a sample counted twice; two right
# classes at full weight; weights 0.5): then the answer is y sum(t) - t, not y - t
_PAIRS = [(np.array([2.0, 1.0, -1.0]), np.array([0.0, 2.0, 0.0])),
          (np.array([0.3, -1.2]), np.array([1.0, 1.0])),
          (np.array([1.5, -0.5, 0.0, 4.0]), np.array([0.5, 0.0, 0.0, 0.0]))]
# probabilities for the simplified formula: the last has entries that rounded to 0
_Y_SIMPLIFIED = [(_softmax(a), t) for a, t in _PAIRS] + [
    (np.array([0.0, 0.25, 0.75]), np.array([0.0, 2.0, 0.0]))]


def _quiet(func):
    """``func`` with numpy's divide and invalid warnings off: a 0 / 0 shows up as NaN."""
    if not callable(func):
        return func

    def run(*args):
        with np.errstate(divide="ignore", invalid="ignore"):
            return func(*args)
    return run


def _probe(C):
    """A strict upper triangle of 0.3s, (C, C): added to softmax's Jacobian, it makes the
    made-up one that is not symmetric.  A backward that really multiplies by the J it is
    given follows it."""
    return np.triu(np.full((C, C), 0.3), 1)


def _through_jacobian(func, name, a, t, dL_dy, closed_form):
    """NotYet unless ``func(a, t, jacobian)`` sends ``dL_dy`` back through the Jacobian it
    is handed: run with a made-up, non-symmetric one, it must give J_made_up^T dL_dy."""
    y = _softmax(a)
    seen = []

    def made_up(probs):
        seen.append(1)
        arr = floats(probs)
        C = len(arr) if arr is not None and arr.ndim == 1 else len(a)
        return _jacobian_of(y) + _probe(C)

    got = _learner_array(func, (a.copy(), t.copy(), made_up), a.shape, name)
    J = _jacobian_of(y) + _probe(len(a))
    if close(got, J.T @ dL_dy, tol=1e-7):
        return
    if not seen:
        raise NotYet(f"{name} never calls the jacobian it is given: the exercise is the chain "
                     "rule through the softmax node. Compute dL/dy, then send it through "
                     "J = jacobian(y).")
    raise NotYet(mistake(got, [
        (J @ dL_dy, "J @ dL_dy gives the right numbers only for a symmetric J, and the "
                    "check's made-up Jacobian is not symmetric. a_j reaches every output y_i "
                    "with the factor J_ij, down column j of J: which product sums those?"),
        (closed_form, f"{name} gives the simplified result without going through the J it "
                      "is handed: compute dL/dy, then multiply by J = jacobian(y)."),
    ], f"with the check's made-up Jacobian (not symmetric), {name} does not give "
       "the chain rule's sum: compute dL/dy, then send it through J = jacobian(y)."))


@check
def score_gradient(func, simplified=None):
    # The worked answer, out of the docstring that `?` shows:
    # Exercise 7.3: ``score_gradient(a, t, jacobian)`` -> J^T (-t / y) with J = jacobian(y),
    # and ``simplified(y, t)``, the same written without J and without 1 / y: y sum(t) - t.
    # A run with a made-up, non-symmetric Jacobian makes sure the product is really taken.
    """Exercise 7.3: ``score_gradient(a, t, jacobian)``, dL/da through the J it is given,
    and ``simplified(y, t)``, the same written without J and without 1 / y."""
    for a, t in _PAIRS:
        y = _softmax(a)
        got = _learner_array(func, (a.copy(), t.copy(), _jacobian_of), a.shape,
                             "score_gradient")
        want = _jacobian_of(y).T @ (-t / y)
        if close(got, want, tol=1e-7):
            continue
        raise NotYet(mistake(got, [
            (-t / y, "that is dL/dy, the gradient for the probabilities: send it on through "
                     "the softmax node: which outputs y_i does a_j reach, with which entry of J?"),
            (t / y, "the sign: the loss falls when y_k rises, so dL/dy_k is negative."),
            (y - t, "y - t is the fused layer's shortcut for a one-hot t; here t does not sum "
                    "to 1. Do the two steps: dL/dy from L, then through softmax with J."),
        ], f"for a = {shown(a)} and t = {shown(t)}: differentiate L by each y_k, then send "
           "that through softmax: a_j reaches every y_i; add one term per y_i."))
    a, t = _PAIRS[0]
    y = _softmax(a)
    _through_jacobian(func, "score_gradient", a, t, -t / y, y * t.sum() - t)
    if simplified is None or simplified is Ellipsis:
        raise NotYet("score_gradient is right; now write simplified(y, t), your result of "
                     "the sum on paper, with neither J nor 1 / y.")
    for y, t in _Y_SIMPLIFIED:
        got = _learner_array(_quiet(simplified), (y.copy(), t.copy()), y.shape, "simplified")
        want = y * t.sum() - t
        if close(got, want, tol=1e-9):
            continue
        zero = "" if np.all(y > 0) else " (some y here rounded to exactly 0)"
        raise NotYet(mistake(got, [
            (y - t, f"for t = {shown(t)}: y - t holds only when the entries of t add up to "
                    "1. Redo the sum on paper and keep sum_i t_i as it is."),
            (t - y * t.sum(), "the sign: the true classes must get a negative entry."),
        ], f"for y = {shown(y)}{zero} and t = {shown(t)} your formula gives {shown(got)}: "
           "simplify sum_i (-t_i / y_i) y_i (delta_ij - y_j) on paper until no 1 / y is "
           "left."))
    return ("J^T (-t / y) = y sum(t) - t, so y - t for a one-hot t: the 1 / y of the loss "
            "cancels against the y in softmax's Jacobian, so the fused layer never divides "
            "by a probability, even one that rounded to 0.")


# --- Exercise 4: softmax with the squared error ---

# confident wrong answers, two wrong classes tied: (scores, true class); the ratio is
# 2 / (3 y_c (1 - y_c)) when they share all the rest, so close to 2 / (3 y_c) here (and
# not the 1 / (2 y_c) of one wrong winner, which the chapter's a = [0, 0, s] would fit)
_WRONG = [(np.array([0.0, 10.0, 10.0]), 0), (np.array([9.0, 1.0, 9.0, -3.0]), 1),
          (np.array([3.0, 15.0, 15.0]), 0)]


def _ratio(a, c):
    y, t = _softmax(a), _one_hot(c, len(a))
    return (y - t)[c] / (_jacobian_of(y).T @ (y - t))[c]


@check
def squared_error_ratio(func):
    """Exercise 7.4, on paper: ``ratio_for(y_c)``, cross-entropy's entry for the true class
    over the squared error's (J^T (y - t)), as a formula in y_c, for confident wrong answers
    whose two wrong classes tie (within 1 %)."""
    values = []
    for a, c in _WRONG:
        y_c = float(_softmax(a)[c])
        got = answer(func, y_c, what="ratio_for",
                     if_none="ratio_for returns None: return the ratio, a number.")
        value, want = floats(got), _ratio(a, c)
        values.append(value)
        if value is not None and value.shape == () and abs(value - want) <= 0.01 * abs(want):
            continue
        if len(values) > 1 and close(values[-1], values[0]):
            raise NotYet("ratio_for gives the same number for every y_c: write it as a "
                         "formula in y_c.")
        raise NotYet(mistake(got, [
            (1 / want, "that is the squared error's entry over cross-entropy's: the other way "
                       "round."),
            (0.75 * want, "that fits one wrong class near 1; here two wrong classes share "
                          "the rest: what is sum_k y_k^2 then?"),
            (1.5 * want, "too large: in the squared error's entry, look again at what is "
                         "left of the bracket when y_c is near 0."),
        ], f"for a = {shown(a)} with true class {c} (y_c = {y_c:.3g}) your formula is off. "
           "Write the squared error's true-class entry (its dL/dy through J, as in exercise "
           "3) with y alone; then let y_c go to 0 with two wrong classes tied.", tol=0.02))
    return (f"about 2 / (3 y_c): {_ratio(*_WRONG[0]):,.0f} for a = [0, 10, 10]. The squared "
            "error's entry keeps the Jacobian's factor y_c and vanishes as softmax saturates; "
            "cross-entropy's 1 / y cancels it (exercise 3).")
