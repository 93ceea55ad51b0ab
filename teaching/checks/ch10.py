"""Checks for chapter 10, common mistakes: the demonstrations' checks and the exercises.

Each check runs the learner's code on inputs chosen so that one classic mistake
shows, and names that mistake in its hint.  Learner code runs with strict=True
here: an overflow or a warning is itself one of the mistakes.
"""


import numpy as np

from ..reveal import answer_button, lecturing, reveal
from .core import (
    NotAttempted,
    NotYet,
    answer,
    check,
    close,
    dict_answer,
    floats,
    shown,
    untouched,
)

# --- the exercises of chapter 10 ---

def _formula(func, value, name):
    """``func(value)`` for one number, as one float, or NotYet."""
    got = floats(answer(func, value, what=name,
                        if_none=f"{name} returns None: return the error."))
    if got is None or got.shape != ():
        raise NotYet(f"for {value:g} {name} should return one number, the relative error.")
    return got


@check
def error_of_factor(func):
    # The worked answer, out of the docstring that `?` shows:
    # The toolbox's exercise: ``error_of_factor(k)``, the relative error of k g against g
    # for every k != 0, checked at many k, negative ones too: ||kg - g|| / (||kg|| + ||g||)
    # = |k - 1| / (|k| + 1), exactly 1 for every k < 0.  In the lecture view, where nobody
    # writes it, a button shows the derivation.
    """The toolbox's exercise: ``error_of_factor(k)``, the relative error of k g against g
    for every k != 0, checked at many k, negative ones too.  In the lecture view, where
    nobody writes it, a button shows the derivation."""
    _lecture_answer("factor")
    for k in (5.0, 2.0, 0.5, 1.0, 1 / 32, 10.0, -0.5, -1.0, -3.0, -40.0):
        got = _formula(func, k, "error_of_factor")
        if close(got, abs(k - 1) / (abs(k) + 1), tol=1e-9):
            continue
        if k > 0 and close(got, (k - 1) / (k + 1), tol=1e-9):
            raise NotYet(f"for k = {k:.4g} you got {float(got):.4g}: an error is a ratio of "
                         "norms, never negative. What is ||kg - g|| when k < 1?")
        if k < 0:
            raise NotYet(f"for k = {k:.4g} you got {float(got):.4g}: what are ||kg|| and "
                         "|k - 1| when k is negative?")
        raise NotYet(f"for k = {k:.4g} you got {float(got):.4g}: write ||kg - g|| and "
                     "||kg|| + ||g|| as multiples of ||g||; the ||g|| cancels.")
    return ("||kg - g|| = |k - 1| ||g|| and ||kg|| + ||g|| = (|k| + 1) ||g||: the error is "
            "|k - 1| / (|k| + 1), whatever g is; for every k < 0, |k - 1| = |k| + 1, so a "
            "gradient pointing the wrong way scores exactly 1, whatever its size.")


@check
def factors_for_error(func, colleague_N=None):
    # The worked answer, out of the docstring that `?` shows:
    # Exercise 10.1, first part: ``factors_for_error(e)``, the two factors k > 0 whose
    # gradient k g scores a relative error e (0 < e < 1), the smaller first; and
    # ``colleague_N``: 0.9394 = 31/33 allows k = 1/32 or 32, a batch of 32.
    """Exercise 10.1, first part: ``factors_for_error(e)``, the two factors k > 0 whose
    gradient k g scores a relative error e (0 < e < 1), the smaller first; and
    ``colleague_N``, the batch size the colleague's error points to."""
    _lecture_answer("batch")
    # ||kg - g|| / (||kg|| + ||g||) = |k - 1| / (k + 1) = e for k > 0:
    # k = (1 - e) / (1 + e) below 1 and (1 + e) / (1 - e) above, reciprocals of each other
    for e in (1 / 3, 0.5, 7 / 9, 0.1, 0.9):
        want = np.array([(1 - e) / (1 + e), (1 + e) / (1 - e)])
        got = floats(answer(func, e, what="factors_for_error",
                            if_none="factors_for_error returns None: return the two factors."))
        if got is None or got.shape != (2,):
            raise NotYet(f"for e = {e:.4g} return two numbers, the two factors k > 0 that "
                         "give this error.")
        if close(got, want[::-1], tol=1e-9):
            raise NotYet(f"for e = {e:.4g} your two factors are right but in the other order: "
                         "return the smaller first.")
        if close(got, want, tol=1e-9):
            continue
        if any(close(g, w, tol=1e-9) for g in got for w in want):
            raise NotYet(f"for e = {e:.4g} one of your two factors is right: the other lies on "
                         "the other side of 1.")
        raise NotYet(f"for e = {e:.4g} your factors give {shown(got)}: solve "
                     "error_of_factor(k) = e once for k < 1 and once for k > 1.")
    if untouched(colleague_N):
        raise NotYet("factors_for_error is right. Now colleague_N: what are your factors of "
                     "0.9394, and which batch size do they point at?")
    n = floats(colleague_N)
    if n is None or n.shape != () or not close(n, 32.0, tol=1e-9):
        raise NotYet("print factors_for_error(0.9394): which batch size N makes a gradient "
                     "N times too large or too small?")
    return "0.9394 allows k = 1/32 or 32: a constant factor of a batch of 32."


@check
def colleague_bug(factor_of, colleague_bug=None):
    # The worked answer, out of the docstring that `?` shows:
    # Exercise 10.1, second part: ``factor_of(a, n)``, the measurement the error cannot
    # make, k = a . n / (n . n) for a = k n (the sign kept); applied to the colleague's pair
    # it gives 1/32, the
    # bias's gradient taken as a mean ('a'); 32 would be the loss's 1/N forgotten ('c').
    """Exercise 10.1, second part: ``factor_of(a, n)``, the measurement the error cannot
    make: the factor k (sign kept) with a = k n; then the letter of the colleague's bug."""
    _lecture_answer("colleague")
    g = np.random.default_rng(1).standard_normal(6)
    for k in (0.5, 3.0, 1 / 32, 32.0, -2.0):
        got = floats(answer(factor_of, k * g, g.copy(), what="factor_of",
                            if_none="factor_of returns None: return the factor k."))
        if got is None or got.shape != ():
            raise NotYet("factor_of(a, n) should return one number, the factor k in a = k n.")
        if close(got, 1 / k, tol=1e-9):
            raise NotYet(f"for a = {k:.4g} n your factor_of gives {1 / k:.4g}, the reciprocal: "
                         "which of the two norms is k times the other?")
        if k < 0 and close(got, -k, tol=1e-9):
            raise NotYet("for a = -2 n your factor_of gives 2: a norm loses the sign, and a "
                         "negative k means a gradient pointing the wrong way. Keep it.")
        if not close(got, k, tol=1e-9):
            raise NotYet(f"for a = {k:.4g} n your factor_of gives {float(got):.4g}: compare "
                         "the sizes of a and n, not their difference.")
    if untouched(colleague_bug):
        raise NotYet("factor_of is right. Now colleague_bug: what does factor_of say of the "
                     "colleague's a_seen and n_seen?")
    if _letter(colleague_bug, "colleague_bug", "abcd") != "a":
        raise NotYet("which bugs multiply db by a factor tied to N, and which way does "
                     "factor_of(a_seen, n_seen) say this one goes?")
    from teaching import mystery
    k_seen = float(floats(answer(factor_of, *mystery.colleague_gradients(), what="factor_of",
                                 if_none="factor_of returns None: return the factor k.")))
    return (f"factor_of says {k_seen:.4g}: db is 32 times too small, the mean where the sum "
            "belongs.")


def _diagnosis_is_right(my_diagnosis, buggy):
    """(letter, step): 'c' and the index of ``buggy``'s lowest loss."""
    if not isinstance(my_diagnosis, (tuple, list)) or len(my_diagnosis) != 2:
        return False
    letter, step = my_diagnosis
    losses = floats(buggy)
    return (isinstance(letter, str) and letter.strip().strip("()").lower() == "c"
            and losses is not None and losses.ndim == 1 and len(losses) > 0
            and isinstance(step, (int, np.integer)) and not isinstance(step, bool)
            and step == int(np.argmin(losses)))


def show_buggy_train_once_right(my_diagnosis, buggy=None):
    """Exercise 10.2's answer, ``buggy_train``'s code: printed only once ``my_diagnosis``
    is right (a wrong guess shows nothing); in the lecture view, behind a button."""
    from teaching import mystery
    right = _diagnosis_is_right(my_diagnosis, buggy)
    return reveal(my_diagnosis if right else None, mystery.show_buggy_train, name=None)


# --- the chapter's predictions: the truth comes from the math, never from the demo ---

def _predicted(given, name, count, kind):
    """``given`` as a tuple of ``count`` answers, NotAttempted while it is still None."""
    if untouched(given):
        raise NotAttempted(f"write your prediction into {name}, then run this cell again.")
    if isinstance(given, np.ndarray) and given.ndim == 1:
        given = given.tolist()
    if not isinstance(given, (tuple, list)) or len(given) != count:
        raise NotYet(f"{name} should hold {count} {kind}, in the order asked, as a tuple.")
    return tuple(given)


def _letter(given, name, letters="abc"):
    """``given`` as one lower-case letter of ``letters``; NotAttempted while it is None."""
    if untouched(given):
        raise NotAttempted(f"write a letter into {name}, then run this cell again.")
    letter = given.strip().strip("()").lower() if isinstance(given, str) else ""
    if len(letter) != 1 or letter not in letters:
        raise NotYet(f"{name} should be one letter: " + ", ".join(f"'{c}'" for c in letters)
                     + ".")
    return letter


@check
def mask_prediction(my_mask_errors):
    # The worked answer, out of the docstring that `?` shows:
    # Mistake 1: gradient_check's error for MaskRelu with dout = 1 and with a random dout.
    # Its forward is flat away from 0, so the numerical gradient is 0 and backward's is not:
    # one side 0 gives exactly 1, whatever dout.
    """Mistake 1: gradient_check's error for MaskRelu with dout = 1 and with a random dout."""
    got = floats(_predicted(my_mask_errors, "my_mask_errors", 2, "numbers"))
    if got is None or got.shape != (2,):
        raise NotYet("my_mask_errors should hold two numbers, the errors with dout = 1 and "
                     "with a random dout.")
    if np.all(np.abs(got - 1) < 0.005):
        return "1 and 1: a flat forward's numerical gradient is 0."
    raise NotYet("away from 0, what is the numerical gradient of a forward that returns 0s "
                 "and 1s, and what does backward return? Put both into the toolbox's formula.")


@check
def mean_bias_prediction(my_mean_bias):
    # The worked answer, out of the docstring that `?` shows:
    # Mistake 3: two errors of an Affine whose backward takes db as the mean of dout over the
    # batch: its gradient_check's, below 1e-7, since dx, the gradient backward returns and the
    # check compares, is right; and its db's on a batch of 8: the right db is the sum, so
    # k = 1/8 and |1/8 - 1| / (1/8 + 1) = 7/9.
    """Mistake 3: two errors of an Affine whose backward takes db as the mean of dout over the
    batch: its gradient_check's, and its db's on a batch of 8."""
    got = floats(_predicted(my_mean_bias, "my_mean_bias", 2, "numbers"))
    if got is None or got.shape != (2,):
        raise NotYet("my_mean_bias should hold two numbers, gradient_check's error and "
                     "db's error.")
    if np.any(got < 0):
        raise NotYet("a relative error is a ratio of norms: it is never negative.")
    if got[0] >= 1e-6:
        raise NotYet("gradient_check checks the gradient backward returns: which one is that, "
                     "and is it wrong here?")
    if abs(got[1] - 1 / 8) < 0.005 or abs(got[1] - 8) < 0.005:
        raise NotYet(f"{got[1]:.4g} is a factor between the two db, not their error: put it "
                     "into your error_of_factor.")
    if abs(got[1] - 7 / 9) > 0.005:
        raise NotYet("b is added to each of the 8 rows: what is the right db, and which "
                     "multiple of it is the mean? Then its error, with your error_of_factor.")
    return "below 1e-7 (dx is right) and 7/9 (k = 1/8)."


@check
def dout_prediction(my_dout_error):
    # The worked answer, out of the docstring that `?` shows:
    # Mistake 4: gradient_check's error, as a function of d, for a loss layer that ignores
    # dout.  The true gradient is d (y - t) / N and this one (y - t) / N, k = 1/d: the error is
    # |1/d - 1| / (|1/d| + 1) = |1 - d| / (1 + |d|), 0 at d = 1, 1/3 at d = 0.5 and at d = 2,
    # and 1 for every d < 0.
    """Mistake 4: gradient_check's error, as a function of d, for a loss layer that ignores
    dout."""
    if untouched(my_dout_error):
        raise NotAttempted("write your prediction into my_dout_error, then run this cell "
                           "again.")
    if not callable(my_dout_error):
        raise NotYet("my_dout_error should be a function of d, such as a def or a lambda.")
    for d in (1.0, 0.5, 2.0, 0.1, -0.25, -1.0):
        want = abs(1 - d) / (1 + abs(d))
        got = _formula(my_dout_error, d, "my_dout_error")
        if close(got, want, tol=1e-6):
            continue
        if d == 1.0:
            raise NotYet("with d = 1, which gradient does the check expect, and which one does "
                         "this backward return? Do they differ?")
        if d < 0:
            raise NotYet(f"for d = {d:g} you got {float(got):.4g}: the true gradient points the "
                         "other way. What did the toolbox say of a negative k?")
        raise NotYet(f"for d = {d:g} you got {float(got):.4g}: write the true gradient and "
                     "this backward's as multiples of (y - t) / N; which k is that, as a "
                     "function of d? Then use your error_of_factor.")
    return "k = 1/d: |1 - d| / (1 + |d|), zero only at d = 1."


@check
def int_gradient_prediction(my_int_gradient):
    # The worked answer, out of the docstring that `?` shows:
    # Mistake 7: the in-place numerical gradient of sum(x**2) at the integer [1, 2] with
    # h = 1e-4: 1 + h is stored as 1 and 1 - h as 0, so f goes from 4 to 5 (first entry);
    # 2 + h as 2 and 2 - h as 1, so f goes from 2 to 5 (second); divided by 2h = 2e-4:
    # [5000, 15000], whole numbers, stored in an integer grad.
    """Mistake 7: the in-place numerical gradient of sum(x**2) at the integer [1, 2] with
    h = 1e-4."""
    got = floats(_predicted(my_int_gradient, "my_int_gradient", 2, "numbers"))
    if got is None or got.shape != (2,):
        raise NotYet("my_int_gradient should hold two numbers, the two entries returned.")
    if np.all(np.abs(got - [5000, 15000]) <= 1):
        return "[5000, 15000]: f jumps by 1 and by 3 over 2h = 2e-4."
    if np.all(np.abs(got - [2, 4]) < 0.01):
        raise NotYet("that is the true gradient. Which values does x hold while f is "
                     "evaluated at 1 + h and 1 - h?")
    raise NotYet("write the two values an integer array stores for 1 + h and 1 - h (try it "
                 "in a cell), the two values of f, and divide their difference by 2h = 2e-4; "
                 "then for 2.")


@check
def shared_relu_prediction(my_mask_readers):
    # The worked answer, out of the docstring that `?` shows:
    # Mistake 2: one Relu() object at both ReLU nodes.  Whose forward stored the mask that
    # each node's backward reads, the first node's first (1 for the first node's forward, 2
    # for the second's)?  Both forwards run before any backward, so both read the second
    # forward's mask: (2, 2).  Hence dh passes and dx fails.
    """Mistake 2: one Relu() object at both ReLU nodes.  Whose forward stored the mask that
    each node's backward reads, the first node's first (1 for the first node's forward, 2
    for the second's)?"""
    got = floats(_predicted(my_mask_readers, "my_mask_readers", 2, "numbers, 1 or 2"))
    if got is None or got.shape != (2,) or not np.all(np.isin(got, (1, 2))):
        raise NotYet("my_mask_readers should hold two numbers, each 1 or 2.")
    if got[1] != 2:
        raise NotYet("the second node's backward runs first: which forward wrote the object's "
                     "mask last?")
    if got[0] != 2:
        raise NotYet("both forwards run before the first backward: does the second node's "
                     "backward change the mask the object keeps?")
    return "(2, 2): so dh is right and dx is not."


@check
def first_step_prediction(my_first_step, learning_rate, grad_norm2):
    # The worked answer, out of the docstring that `?` shows:
    # Mistake 5: the change of the loss in the first step of ``params -= lr * grad`` and of
    # ``params += lr * grad``.  To first order a change d of the parameters changes the loss
    # by g . d; with d = -lr g that is -lr ||g||^2, and +lr ||g||^2 with d = +lr g.  The
    # true changes differ by the curvature's terms in lr^2 (about 2% in the chapter), so an
    # answer within 10% of the first-order one is accepted.
    """Mistake 5: the change of the loss in the first step of ``params -= lr * grad`` and of
    ``params += lr * grad``, each within 10%."""
    got = floats(_predicted(my_first_step, "my_first_step", 2, "numbers"))
    if got is None or got.shape != (2,):
        raise NotYet("my_first_step should hold two numbers, the change of the loss with -= "
                     "and with +=.")
    rate, norm2 = floats(learning_rate), floats(grad_norm2)
    if rate is None or norm2 is None or rate.shape != () or norm2.shape != () or not (
            rate > 0 and norm2 > 0):
        raise NotYet("call this check as the cell does: with the learning rate and ||g||^2.")
    scale = float(rate * norm2)
    want = scale * np.array([-1.0, 1.0])
    if np.all(np.abs(got - want) < 0.1 * scale):
        return "-lr ||g||^2 and +lr ||g||^2, from g · Δθ."
    if np.all(np.abs(got + want) < 0.1 * scale):
        raise NotYet("right size, wrong signs: does a step along the gradient (+=) climb or "
                     "descend?")
    if np.all(np.abs(np.abs(got) - scale) < 0.1 * scale):
        raise NotYet("right size: now the signs. Which way does each step go, along the "
                     "gradient or against it?")
    raise NotYet("write the step Δθ that -= takes (a multiple of g) and put it into g · Δθ, "
                 "summed over every entry of every parameter; then the same for +=.")


@check
def pile_up_prediction(my_pile_up):
    # The worked answer, out of the docstring that `?` shows:
    # Mistake 6: the error of dW on the m-th check of one PilingAffine object, with the
    # same x and dout: it holds m g, so k = m and the error is (m - 1) / (m + 1).
    """Mistake 6: the error of dW on the m-th check of one PilingAffine object, with the
    same x and dout."""
    if untouched(my_pile_up):
        raise NotAttempted("write your prediction into my_pile_up, then run this cell again.")
    if not callable(my_pile_up):
        raise NotYet("my_pile_up should be a function of m, such as lambda m: ...")
    for m in range(1, 8):
        got = floats(answer(my_pile_up, m, what="my_pile_up",
                            if_none="my_pile_up returns None: return the error."))
        if got is None or got.shape != () or abs(got - (m - 1) / (m + 1)) > 1e-6:
            raise NotYet(f"not for m = {m}: what does self.dW hold after m backward passes, "
                         "as a multiple of the right gradient? Then error_of_factor.")
    return "(m - 1)/(m + 1): after m passes dW holds m g, k = m."


@check
def one_sample_prediction(my_one_sample_loss):
    # The worked answer, out of the docstring that `?` shows:
    # Mistake 8: BatchLoss's forward for one sample of three equal scores, given as shape
    # (3,): the right loss is -log(1/3) = log 3, but len(y) is 3, the number of classes, so
    # the code returns log 3 / 3 = 0.3662.
    """Mistake 8: BatchLoss's forward for one sample of three equal scores, given as shape
    (3,)."""
    if untouched(my_one_sample_loss):
        raise NotAttempted("write your prediction into my_one_sample_loss, then run this "
                           "cell again.")
    got = floats(my_one_sample_loss)
    if got is None or got.shape != ():
        raise NotYet("my_one_sample_loss should be one number, the loss forward returns.")
    if abs(got - np.log(3) / 3) < 0.001:
        return "log(3) / 3: len(y) counts the 3 classes, not 1 sample."
    if abs(got - np.log(3)) < 0.001:
        raise NotYet("that is the right loss. Which number does the code divide by, for an "
                     "array of shape (3,)?")
    raise NotYet("first the right loss by hand: softmax of three equal scores, then "
                 "-log of the true class's probability. Then read what forward divides by.")


class _Markdown(str):
    """Text that a notebook shows as Markdown when a cell returns it."""

    def _repr_markdown_(self):
        return str(self)


_WHY = {
    "mask": "**Why it matters.** The gradient check flags the mismatch, but an error of "
            "exactly 1 says only that one side is 0 or points the wrong way, not which side "
            "is wrong. Comparing forward with a reference, as the last line does, says "
            "it is forward.",
    "shared_relu": "**Why.** A layer object keeps only its latest forward's inputs, here "
                   "ReLU's mask. In the network the second node's forward overwrites it before "
                   "the first node's backward reads it, and the two masks have the same shape: "
                   "nothing raises. **Caught by** a numerical gradient of the whole network, "
                   "not by any single layer's check; it nudges the buggy network's own "
                   "forward, so no correct copy is needed. **The fix:** one object per node "
                   "(chapter 4).",
    "mean_bias": "**Why.** `layers.gradient_check` compares only the gradients backward "
                 "returns, here the right `dx`. $b$ is added to every row, so `db` sums `dout` "
                 "over the batch "
                 "(chapter 7); the loss's $\\frac1N$ is already inside `dout`, and the mean "
                 "applies it again. The error is the same on both batches, to every digit "
                 "printed: an error that does not change with the data points at a constant "
                 "factor. "
                 "Training runs on, with biases that learn $N$ times more slowly than they "
                 "should. **Caught by** a check of every kept gradient, `db` and `dW` too.",
    "dout": "**Why.** Ignoring `dout` is right only where the upstream gradient is 1, at the "
            "end of an unscaled loss, so a check that only ever feeds 1 passes. **Caught by** "
            "a gradient check "
            "with `dout` $\\ne 1$: `layers.gradient_check` draws a random one unless told. "
            "(The book's own `SoftmaxWithLoss.backward` takes a `dout` and never uses it: "
            "fine for the book's network, where nothing scales the loss.)",
    "curves": "**Why.** The gradient points **uphill**, so `-=` walks down and `+=` up. The "
              "measured changes differ a little from $\\mp\\eta\\lVert g\\rVert^2$ ($\\eta$ "
              "the learning rate): the curvature adds terms in $\\eta^2$. **Caught by** the "
              "loss curve only: on a fixed batch with a small learning rate the first steps "
              "must lower the loss. If they raise it, look at the sign before anything else.",
    "pile_up": "**Why.** The first check runs on a fresh object and passes; after the "
               "$m$-th backward `dW` holds $m$ passes' gradients, $mg$. "
               "Nothing raises, and a layer checked once looks right. Adding up is right "
               "*within* one pass, where a parameter used at two nodes (a fan-out) collects "
               "both gradients; *across* passes it is the bug. **Caught by** running forward "
               "and backward twice. **The fix:** assign `self.dW = ...`, or reset it to 0 "
               "before each pass.",
    "one_sample": "**Why.** For shape $(C,)$, `len(y)` counts the classes, not the samples, "
                  "so the loss is divided by $C$; backward divides by the same wrong number, so "
                  "forward and backward agree and the gradient check passes. A case by hand "
                  "shows it, or a reference batch of one, as the shape (1, 3) number does. "
                  "**The fix:** reshape one sample to a batch of one, $(1, C)$. The book's "
                  "`cross_entropy_error` does, but its `SoftmaxWithLoss.backward` divides by "
                  "`t.shape[0]`, here $C$: the book's own layer has this mistake in backward.",
    "integer": "**Why.** An integer array cuts each $x_i \\pm h$ toward zero, as `int()` "
               "does: 1 + h is stored as 1, 1 - h as 0. Nothing raises, and the result has "
               "the right shape. **Caught by** a "
               "known gradient on an integer input, such as "
               "$2x$ for $\\sum x^2$. **The fix:** work on a float copy "
               "(`x.astype(float)`), or refuse integers as `layers.numerical_gradient` does.",
}


_LECTURE_ANSWERS = {
    "factor": "$\\lVert kg - g\\rVert = |k - 1|\\,\\lVert g\\rVert$ and "
    "$\\lVert kg\\rVert + \\lVert g\\rVert = (|k| + 1)\\,\\lVert g\\rVert$: "
              "the $\\lVert g\\rVert$ cancels, so the error is $|k - 1|/(|k| + 1)$ "
              "(4/6 = 0.6667 for $k = 5$), whatever $g$ is, and exactly 1 for every "
              "$k < 0$, where $|k - 1| = |k| + 1$.",
    "batch": "Solving $|k - 1|/(k + 1) = e$ gives $k = (1 - e)/(1 + e)$ and "
             "$(1 + e)/(1 - e)$, reciprocals; for 0.9394 about 1/32 and 32: **N = 32**.",
    "colleague": "$k = a\\cdot n / (n\\cdot n)$; for the colleague's pair it is "
                 "1/32: `db` is 32 times too small, **(a)**, the mean where the sum belongs "
                 "((c) would make it 32 times too large).",
    "mystery": "A passes a first check and fails a second on the same object: it piles up "
               "(**6**); B passes only with `dout` = 1 (**4**); C's forward is not tanh "
               "(**1**); D fails by the same error whatever `dout`, a stray constant factor "
               "(**3**).",
    "fixed": "Move `grads = model.gradient(x, t)` into the loop, before the update: each "
             "step then follows the gradient at the current parameters.",
    "diagnosis": "**(c).** The curve falls, flattens, then slowly climbs, while the right loop "
                 "with the same learning rate keeps falling: every step goes the same way, "
                 "past the low point. Not the sign (that climbs from the first step), not the "
                 "learning rate (the right loop uses the same one), not a loss recorded before "
                 "the step (that shifts the curve by one step but cannot turn it). It falls "
                 "faster than the right loop at first: it keeps taking the start's steps, "
                 "larger than those of the right loop's shrinking gradient.",
}


def _lecture_answer(name):
    """In the lecture view, where nobody writes the exercise, a button over its answer."""
    if lecturing():
        from IPython.display import display
        display(answer_button(lambda: _Markdown(_LECTURE_ANSWERS[name])))


def explain(name):
    """The explanation of one of the chapter's demonstrations, shown as Markdown: the
    chapter shows it through ``reveal``, once the learner's prediction is written."""
    return _Markdown(_WHY[name])


def _falls(values):
    return all(b < a for a, b in zip(values, values[1:]))


def guard(name, *measured):
    """Raises AssertionError unless a demonstration's measured numbers agree with the math
    (the truths the predictions are checked against); shows nothing, so a stored notebook
    can guard its numbers without printing the answer of a prediction."""
    if name == "mask":   # MaskRelu's gradient checks with dout 1 and a random one
        ok = list(measured) == [1, 1]
    elif name == "mean_bias":   # db of Affine, then of the copy, on two batches each;
        *right, dx = measured        # then the copy's gradient_check
        ok = len(right) == 4 and max(right[:2]) < 1e-7 and dx < 1e-7 and all(
            abs(mean - 7 / 9) < 1e-6 for mean in right[2:])
    elif name == "shared_relu":   # the shared-Relu network's dh and dx
        ok = measured[0] < 1e-7 and measured[1] > 1e-2
    elif name == "dout":     # LossIgnoringDout's gradient check with dout 1, 0.5, 2 and -1
        ok = len(measured) == 4 and measured[0] < 1e-7 and all(
            abs(error - want) < 1e-6 for error, want in zip(measured[1:], (1 / 3, 1 / 3, 1)))
    elif name == "curves":     # the losses of -= and of +=, and lr ||g||^2
        down, up, first_order = measured
        ok = _falls(down) and _falls(up[::-1]) and all(
            abs(change - want) < 0.1 * first_order
            for change, want in [(down[1] - down[0], -first_order), (up[1] - up[0], first_order)])
    elif name == "integer":    # numerical_gradient_in_place of sum(x**2) at [1, 2]
        ok = list(measured) == [5000, 15000]
    elif name == "loop":       # buggy_train's losses and the right loop's: U-shaped, falling
        buggy, right = measured
        turn = int(np.argmin(buggy))
        ok = 0 < turn < len(buggy) - 1 and _falls(buggy[:turn + 1]) \
            and _falls(buggy[turn:][::-1]) and _falls(right)
    else:
        raise KeyError(name)
    if not ok:
        raise AssertionError(f"the {name} demonstration no longer shows what the text says")


def report(labels, measured):
    """Prints one measured relative error per line; errors below 1e-7 print as such."""
    for label, error in zip(labels, measured):
        shown = "below 1e-7" if error < 1e-7 else f"{error:.4f}"
        print(f"{label:36s}: relative error {shown}")


def demo(name, prediction, show):
    """A demonstration's cell in one call: once ``prediction`` is written, runs ``show``
    (which prints what was measured) and returns the explanation; until then, nothing (the
    prediction's check just above says what to write).  tests/test_checks_ch10.py guards the
    measured numbers with ``guard``."""
    def shown():
        show()
        return explain(name)
    return reveal(prediction, shown, name=None)


@check
def loop_diagnosis(my_diagnosis, buggy=None):
    # The worked answer, out of the docstring that `?` shows:
    # Exercise 10.2: buggy_train's curve falls, flattens, then slowly climbs, while the right
    # loop with the same learning rate keeps falling: (c) where the gradient is computed (once,
    # before the loop, so it no longer follows the parameters).  In the lecture view a button
    # shows the reasoning.
    """Exercise 10.2: ``my_diagnosis`` = (the letter of what buggy_train gets wrong, the step
    of its lowest loss).  In the lecture view a button shows the reasoning."""
    _lecture_answer("diagnosis")
    if untouched(my_diagnosis):
        raise NotAttempted("write a letter and a step into my_diagnosis, then run this cell "
                           "again.")
    if not isinstance(my_diagnosis, (tuple, list)) or len(my_diagnosis) != 2:
        raise NotYet("my_diagnosis should hold two things: a letter and a step, as a tuple.")
    letter, step = my_diagnosis
    letter = letter.strip().strip("()").lower() if isinstance(letter, str) else ""
    if letter not in ("a", "b", "c", "d"):
        raise NotYet("my_diagnosis's letter should be one of 'a', 'b', 'c' or 'd'.")
    losses = floats(buggy)
    if losses is None or losses.ndim != 1 or len(losses) == 0:
        raise NotYet("call this check as the cell does: with buggy, the losses plotted.")
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)) \
            or step != int(np.argmin(losses)):
        raise NotYet("the step should be the index in buggy of its lowest loss, a whole "
                     "number: read it off the losses, not the picture.")
    if letter != "c":
        raise NotYet("not that one: for each letter, draw the curve it would give (from the "
                     "first step on, and beside the right loop at the same learning rate) and "
                     "compare it with this one.")
    return ("(c): now find, in the code below, the line that causes it. At first it falls "
            "faster than the right loop: it keeps taking the start's steps, larger than those "
            "of the right loop's shrinking gradient.")


@check
def fixed_loop(fixed_train):
    # The worked answer, out of the docstring that `?` shows:
    # Exercise 10.2, second part: ``fixed_train(model, x, t, learning_rate, steps)``,
    # buggy_train with its bug fixed.  Run on a fresh seeded network and a batch of the check's
    # own, its losses must be the right loop's (a gradient at the current parameters in every
    # step), not buggy_train's.
    """Exercise 10.2, second part: ``fixed_train(model, x, t, learning_rate, steps)``,
    buggy_train with its bug fixed.  Run on a fresh seeded network and a batch of the check's
    own, its losses must be the right loop's, not buggy_train's."""
    from network import TwoLayerNet
    from teaching import mystery
    rng = np.random.default_rng(5)
    x, t = rng.standard_normal((12, 5)), rng.integers(0, 3, 12)

    def fresh():   # the network losses_with_update builds
        return TwoLayerNet(5, 8, 3, weight_init_std=0.5, seed=1)
    want = mystery.losses_with_update("-=", x, t, steps=10, learning_rate=0.3)[1:]
    model = fresh()
    start = {key: value.copy() for key, value in model.params.items()}
    got = floats(answer(fixed_train, model, x, t, 0.3, 10, what="fixed_train",
                        if_none="fixed_train returns None: return the loss after each step."))
    if got is None or got.shape != (10,):
        raise NotYet("fixed_train should return a list of the losses after each step, one "
                     "per step, as buggy_train does.")
    if close(got, mystery.buggy_train(fresh(), x, t, 0.3, 10), tol=1e-9):
        raise NotYet("these are buggy_train's losses: which line must move, and where to?")
    if not close(got, want, tol=1e-9):
        raise NotYet("your losses differ from the right loop's: in each step, the gradient at "
                     "the current parameters, a step against it, then the loss.")
    if all(np.array_equal(start[key], value) for key, value in model.params.items()):
        raise NotYet("the model given to fixed_train is unchanged: train that model, in place, "
                     "as buggy_train does.")
    return "the gradient is computed anew in each step: the right loop's losses, to the digit."


# --- exercise 3: the mystery layers ---

# which mistake each of teaching.mystery's layers has: kept here, out of the learner's
# namespace, since finding it is the exercise
_MYSTERY_MISTAKES = {"A": 6, "B": 4, "C": 1, "D": 3}


class _RightTanh:
    """y = tanh(x), with the right backward dout * (1 - y^2)."""

    def forward(self, x):
        self.y = np.tanh(x)
        return self.y.copy()

    def backward(self, dout):
        return dout * (1.0 - self.y ** 2)


class _OtherRightTanh:
    """Another right tanh, computed another way: a fingerprint must not tell it from the
    first."""

    def forward(self, x):
        self.x = np.array(x, dtype=float)
        return 1.0 - 2.0 / (np.exp(2.0 * self.x) + 1.0)

    def backward(self, dout):
        return dout / np.cosh(self.x) ** 2


class _StepTanh(_RightTanh):
    """Mistake 1's kind: a wrong forward (here the sign of tanh), a right backward."""

    def forward(self, x):
        super().forward(x)
        return np.sign(self.y)


class _ThirdTanh(_RightTanh):
    """Mistake 3's kind: a stray constant factor (1/3) in the gradient returned."""

    def backward(self, dout):
        return super().backward(dout) / 3.0


class _BlindTanh(_RightTanh):
    """Mistake 4's kind: backward ignores dout."""

    def backward(self, dout):
        return 1.0 - self.y ** 2


class _PilingTanh(_RightTanh):
    """Mistake 6's kind: each backward adds its gradient to the previous ones."""

    def backward(self, dout):
        self.dx = getattr(self, "dx", 0.0) + super().backward(dout)
        return self.dx.copy()


_OWN_LAYERS = [("a right tanh", _RightTanh), ("a tanh with a wrong forward", _StepTanh),
               ("a tanh with a stray factor in dx", _ThirdTanh),
               ("a tanh whose backward ignores dout", _BlindTanh),
               ("a tanh whose gradient piles up", _PilingTanh)]


def _fingerprint_of(fingerprint, make, x, dout):
    """The learner's fingerprint of one layer class, as a float array, or NotYet."""
    got = answer(fingerprint, make, x.copy(), dout.copy(), what="fingerprint",
                 if_none="fingerprint returns None: return your measurements, as a tuple.")
    if not isinstance(got, (tuple, list)) or len(got) == 0:
        raise NotYet("fingerprint should return your measurements as a tuple of numbers.")
    values = [floats(g) for g in got]
    if any(v is None or v.shape != () or not np.isfinite(v) for v in values):
        raise NotYet("each measurement in your fingerprint should be one finite number (True "
                     "and False count).")
    return np.array(values, dtype=float)


def _same(a, b):
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-3, atol=1e-6))


@check
def mystery_layers(fingerprint, found=None):
    """Exercise 10.3: ``fingerprint(make_layer, x, dout)`` -> measurements of the learner's
    choosing that tell apart the check's own right tanh and its tanh layers with mistakes 1,
    3, 4 and 6 (and give two right layers, computed differently, the same); then ``found``:
    which of mistakes 1, 3, 4, 6 each of ``teaching.mystery.A`` to ``D`` has."""
    _lecture_answer("mystery")
    from teaching import mystery
    x = np.array([[0.5, -1.0, 2.0], [0.1, -0.3, 1.5], [-0.8, 1.2, 0.3]])   # 3 rows, not 4
    dout = np.random.default_rng(7).standard_normal(x.shape)
    right = _fingerprint_of(fingerprint, _RightTanh, x, dout)
    if not _same(right, _fingerprint_of(fingerprint, _RightTanh, x, dout)):
        raise NotYet("your fingerprint of one right layer changes from call to call: measure "
                     "with the x and dout given, not a fresh random dout.")
    if not _same(right, _fingerprint_of(fingerprint, _OtherRightTanh, x, dout)):
        raise NotYet("your fingerprint tells apart two right tanh layers, computed two ways: "
                     "measure what a layer does, right or wrong, not how it is written.")
    prints = [right] + [_fingerprint_of(fingerprint, make, x, dout)
                        for _, make in _OWN_LAYERS[1:]]
    for i in range(len(prints)):
        for j in range(i + 1, len(prints)):
            if _same(prints[i], prints[j]):
                raise NotYet(f"your fingerprint gives the same for {_OWN_LAYERS[i][0]} and "
                             f"{_OWN_LAYERS[j][0]} (the check's own): which measurement would "
                             "tell those two apart?")
    for letter in "ABCD":
        _fingerprint_of(fingerprint, getattr(mystery, letter), x, dout)
    if untouched(found) or (isinstance(found, dict)
                            and all(untouched(v) for v in found.values())):
        raise NotYet("your fingerprint tells the check's five layers apart: now take the "
                     "fingerprints of A to D on x_mystery and dout_mystery and fill in found.")
    dict_answer(found, _MYSTERY_MISTAKES, "{'A': 1, ...}", "a mistake number")
    for letter in _MYSTERY_MISTAKES:
        got = found[letter]
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer)):
            raise NotYet(f"give {letter}'s mistake as its number: 1, 3, 4 or 6.")
    if any(found[letter] != want for letter, want in _MYSTERY_MISTAKES.items()):
        raise NotYet("not all four are right. For each of mistakes 1, 3, 4 and 6, write down "
                     "what it does to each of your measurements; then match each layer to "
                     "exactly one.")
    return ("A passes once and then fails: it piles up (6); B passes only with dout = 1 (4); "
            "C's forward is not tanh (1); D fails by the same error whatever dout: a stray "
            "constant factor (3).")
