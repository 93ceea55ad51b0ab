"""Checks for chapter 10, common mistakes: the demonstrations' checks and the exercises.

Each check runs the learner's code on inputs chosen so that one classic mistake
shows, and names that mistake in its hint.  Learner code runs with strict=True
here: an overflow or a warning is itself one of the mistakes.
"""

import contextlib

import numpy as np

import layers

from ..reveal import answer_button, lecturing, reveal
from .core import (
    NotAttempted,
    NotYet,
    answer,
    call,
    check,
    close,
    dict_answer,
    floats,
    layer_answers,
    mistake,
    shown,
    untouched,
)


@check
def relu_layer(layer_class):
    """A ReLU layer class: right values, right gradients, and nobody's arrays changed.

    Catches the two ReLU mistakes: a forward that returns the mask instead of the
    values, and a backward that writes zeros into the caller's ``dout``.
    """
    x = np.array([[1.0, -0.5], [-2.0, 3.0]])   # the book's example
    dout = np.array([[1.0, 2.0], [3.0, 4.0]])
    masks = [((x > 0) * 1.0, 1), ((x <= 0) * 1.0, 0)]   # (mask, its value at x = 3)
    wrong_out = [(mask, f"forward returned the mask, not the values: for x = 3 it gave {at_3} "
                        "instead of 3. Return x where x > 0 and 0 elsewhere.")
                 for mask, at_3 in masks]
    check_at = np.random.default_rng(0).standard_normal((3, 4))
    # keep away from the kink at 0, where no derivative exists
    check_at[np.abs(check_at) < 0.1] = 0.5
    layer_answers(layer_class, (x,), dout, [[1.0, 0.0], [0.0, 3.0]], [[1.0, 0.0], [0.0, 4.0]],
                  wrong_out=wrong_out,
                  wrong_back=[(dout, "backward passed dout through everywhere: block it (0) "
                                     "where x <= 0.")],
                  check_at=(check_at,), strict=True)
    return ("forward keeps the values, backward blocks the gradient where x <= 0, "
            "no array given to it changes, and the gradient check passes.")


@check
def numerical_gradient(func):
    """``num_grad(f, x)``: central differences that work for integer arrays too and leave
    x alone."""
    cases = [
        # (x, f, exact gradient): d/dx sum(x**2) = 2x; d/dx sum(x**3) = 3x**2
        (np.array([1, 2]), lambda v: np.sum(v ** 2), np.array([2.0, 4.0])),
        (np.array([[0.5, -1.0], [2.0, 3.0]]), lambda v: np.sum(v ** 3),
         np.array([[0.75, 3.0], [12.0, 27.0]])),
    ]
    for x, f, want in cases:
        got = floats(call(func, f, x, what="your numerical gradient", strict=True,
                          keep={"x": x}, fix="work on a float copy."))
        if got is None:
            raise NotYet("your function returned None: return the gradient, shaped like x.")
        if close(got, want):
            continue
        if np.issubdtype(x.dtype, np.integer):
            raise NotYet(f"for the integer array {x.tolist()} the gradient of sum(x**2) is "
                         f"{want.tolist()}, and you got {shown(got)}. Convert to float first.")
        raise NotYet(f"for x = {x.tolist()} and f = sum(x**3) expect {want.tolist()}, "
                     f"got {got.tolist()}.")
    return "right on integer and float arrays, and x is left as it was."


# --- the exercises of chapter 10 ---

@contextlib.contextmanager
def _formula_only(func):
    """While ``func`` runs, ``relative_error`` (also under the learner's own name for it)
    and ``np.linalg.norm`` refuse to run: the answer must be a formula in k, not a
    measurement on arrays."""
    def refuse(*args, **kwargs):
        raise NotYet("error_of_factor measures on arrays: write the error as a formula in k "
                     "alone, without relative_error or norms.")
    names = getattr(func, "__globals__", {})
    own = [name for name, value in names.items() if value is layers.relative_error]
    saved = layers.relative_error, np.linalg.norm
    layers.relative_error, np.linalg.norm = refuse, refuse
    for name in own:
        names[name] = refuse
    try:
        yield
    finally:
        layers.relative_error, np.linalg.norm = saved
        for name in own:
            names[name] = saved[0]


@check
def error_of_factor(func, error_for_negative=None):
    """The toolbox's exercise: ``error_of_factor(k)``, the relative error of k g against g for
    k > 0, as a formula in k: ||kg - g|| / (||kg|| + ||g||) = |k - 1| / (k + 1); and
    ``error_for_negative``, the error of every k < 0: |k - 1| = |k| + 1, exactly 1.  In the
    lecture view, where nobody writes it, a button shows the derivation."""
    _lecture_answer("factor")
    for k in (5.0, 2.0, 0.5, 1.0, 1 / 32, 10.0):
        want = abs(k - 1) / (k + 1)
        with _formula_only(func):
            got = floats(answer(func, k, what="error_of_factor",
                                if_none="error_of_factor returns None: return the error."))
        if got is None or got.shape != ():
            raise NotYet(f"for k = {k:.4g} return one number, the relative error.")
        if close(got, want, tol=1e-9):
            continue
        if close(got, (k - 1) / (k + 1), tol=1e-9):
            raise NotYet(f"for k = {k:.4g} you got {float(got):.4g}: an error is a ratio of "
                         "norms, never negative. What is ||kg - g|| when k < 1?")
        raise NotYet(f"for k = {k:.4g} you got {float(got):.4g}: write ||kg - g|| and "
                     "||kg|| + ||g|| as multiples of ||g||; the ||g|| cancels.")
    if untouched(error_for_negative):
        raise NotYet("error_of_factor is right; now error_for_negative, the error of k g for "
                     "k < 0.")
    neg = floats(error_for_negative)
    if neg is None or neg.shape != () or not close(neg, 1.0, tol=1e-9):
        raise NotYet("error_for_negative should be one number: write |k - 1| and ||kg|| for a "
                     "negative k as multiples of |k| and ||g||.")
    return ("||kg - g|| = |k - 1| ||g|| and ||kg|| + ||g|| = (|k| + 1) ||g||: the error is "
            "|k - 1| / (k + 1) for k > 0, whatever g is, and exactly 1 for every k < 0 (there "
            "|k - 1| = |k| + 1): a gradient pointing the wrong way scores 1, whatever its size.")


@check
def factors_for_error(func, factor_of=None, k_seen=None, my_bugs=None, colleague_bug=None):
    """Exercise 10.1: ``factors_for_error(e)``, the two factors k > 0 whose gradient k g
    scores a relative error e (0 < e < 1); ``my_bugs``: the bug behind each factor of 0.9394
    on a batch of 32, smaller first (1/32: the 1/N applied twice, 'a'; 32: the 1/N
    forgotten, 'c'); ``factor_of(a, n)``: the measurement that tells them apart,
    k = ||a|| / ||n|| for a = k n; ``k_seen``: the colleague's factor (1/32).  The batch
    size is named only once factors_for_error is right."""
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
                         "the other side of 1 (the error cannot tell too large from too small).")
        raise NotYet(f"for e = {e:.4g} your factors give {shown(got)}: solve the toolbox's "
                     "|k - 1| / (k + 1) = e once for k < 1 (where |k - 1| = 1 - k) and once "
                     "for k > 1.")
    if untouched(my_bugs):
        raise NotYet("factors_for_error is right. Now my_bugs: which bug makes each factor "
                     "that 0.9394 allows, for which batch size N?")
    bugs = my_bugs if isinstance(my_bugs, (tuple, list)) else ()
    bugs = tuple(b.strip().strip("()").lower() if isinstance(b, str) else "" for b in bugs)
    if len(bugs) != 2 or not all(b in ("a", "b", "c", "d") for b in bugs):
        raise NotYet("my_bugs should hold two letters, 'a' to 'd', as a tuple: the bug of the "
                     "smaller factor, then of the larger.")
    if bugs == ("c", "a"):
        raise NotYet("right bugs, other order: which of the two makes dW too small?")
    if bugs != ("a", "c"):
        raise NotYet("factors_for_error(0.9394) gives the two factors: for each, which bug "
                     "multiplies dW by exactly that number on a batch of 32?")
    g = np.random.default_rng(1).standard_normal(6)
    for k in (0.5, 3.0, 1 / 32, 32.0):
        got = floats(answer(factor_of, k * g, g.copy(), what="factor_of",
                            if_none="factor_of returns None: return the factor k."))
        if got is None or got.shape != ():
            raise NotYet("factor_of(a, n) should return one number, the factor k in a = k n.")
        if close(got, 1 / k, tol=1e-9):
            raise NotYet(f"for a = {k:.4g} n your factor_of gives {1 / k:.4g}, the reciprocal: "
                         "which of the two norms is k times the other?")
        if not close(got, k, tol=1e-9):
            raise NotYet(f"for a = {k:.4g} n your factor_of gives {float(got):.4g}: compare "
                         "the sizes of a and n, not their difference.")
    if untouched(k_seen):
        raise NotYet("factor_of is right; now set k_seen by measuring the colleague's pair.")
    from teaching import mystery
    a_seen, n_seen = mystery.colleague_gradients()
    measured = floats(answer(factor_of, a_seen, n_seen, what="factor_of",
                             if_none="factor_of returns None: return the factor k."))
    if close(k_seen, 1 / measured, tol=2e-3 / measured):
        raise NotYet("that is the factor of n against a: the stored gradient is a.")
    # 3 significant figures are enough
    if not close(k_seen, measured, tol=2e-3 * measured):
        raise NotYet("call your factor_of on the colleague's a_seen and n_seen.")
    if untouched(colleague_bug):
        raise NotYet("k_seen is your factor_of's. Now colleague_bug: which of the two bugs "
                     "does the colleague's dW have?")
    if _letter(colleague_bug, "colleague_bug", "abcd") != "a":
        raise NotYet("is the colleague's stored dW larger or smaller than the numerical one? "
                     "Which of your two bugs makes it so?")
    return ("|k - 1| / (k + 1) = e gives k = (1 - e)/(1 + e) or (1 + e)/(1 - e), and only "
            "||a|| / ||n|| tells which: here 1/32, the loss's 1/N applied a second time on a "
            "batch of 32 (mistake 3); 32 would have been a forgotten 1/N.")


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


def _bools(given, name):
    answers = _predicted(given, name, 2, "answers, True or False")
    if not all(isinstance(a, (bool, np.bool_)) for a in answers):
        raise NotYet(f"{name} should hold two answers, each True or False.")
    return tuple(bool(a) for a in answers)


@check
def mask_prediction(my_mask_errors):
    """Mistake 1: gradient_check's error for MaskRelu with dout = 1 and with a random dout.
    Its forward is flat away from 0, so the numerical gradient is 0 and backward's is not:
    one side 0 gives exactly 1, whatever dout."""
    got = floats(_predicted(my_mask_errors, "my_mask_errors", 2, "numbers"))
    if got is None or got.shape != (2,):
        raise NotYet("my_mask_errors should hold two numbers, the errors with dout = 1 and "
                     "with a random dout.")
    if np.all(np.abs(got - 1) < 0.005):
        return ("the mask is flat, so the numerical gradient is 0 and backward's is not: "
                "exactly 1, whatever dout.")
    raise NotYet("away from 0, what is the numerical gradient of a forward that returns 0s "
                 "and 1s, and what does backward return? Put both into the toolbox's formula.")


@check
def divides_again_prediction(my_divides_again):
    """Mistake 3: two errors of an Affine whose backward divides dW by N again: its
    gradient_check's, below 1e-7, since dx, the gradient backward returns and the check
    compares, is right; and its dW's on a batch of 8: k = 1/8, |1/8 - 1| / (1/8 + 1) = 7/9."""
    got = floats(_predicted(my_divides_again, "my_divides_again", 2, "numbers"))
    if got is None or got.shape != (2,):
        raise NotYet("my_divides_again should hold two numbers, gradient_check's error and "
                     "dW's error.")
    if got[0] > 0.005:
        raise NotYet("gradient_check checks the gradient backward returns: which one is that, "
                     "and is it wrong here?")
    if abs(got[1] - 1 / 8) < 0.005 or abs(got[1] - 8) < 0.005:
        raise NotYet(f"{got[1]:.4g} is a factor between the two dW, not their error: put it "
                     "into your error_of_factor.")
    if abs(got[1] - 7 / 9) > 0.005:
        raise NotYet("dW is the right one times which k on a batch of 8? Then its error, "
                     "with your error_of_factor.")
    return ("only a check of dW sees it, at 7/9 (k = 1/8): backward returns dx, computed "
            "before the division and right, so gradient_check passes.")


@check
def dout_prediction(my_dout_errors):
    """Mistake 4: gradient_check's error for a loss layer that ignores dout, with dout = 1 and
    0.5.  With 1 the forgotten factor is 1: right, below 1e-7.  With 0.5 the true gradient is
    0.5 (y - t) / N and this one (y - t) / N: k = 2, |2 - 1| / (2 + 1) = 1/3."""
    got = floats(_predicted(my_dout_errors, "my_dout_errors", 2, "numbers"))
    if got is None or got.shape != (2,):
        raise NotYet("my_dout_errors should hold two numbers, the errors with dout = 1 and "
                     "with dout = 0.5.")
    if got[0] > 0.005:
        raise NotYet("with dout = 1, which gradient does the check expect, and which one does "
                     "this backward return? Do they differ?")
    if abs(got[1] - 2) < 0.005 or abs(got[1] - 0.5) < 0.005:
        raise NotYet(f"{got[1]:.4g} is the factor k between the two gradients, not the error: "
                     "put it into your error_of_factor.")
    if abs(got[1] - 1 / 3) > 0.005:
        raise NotYet("with dout = 0.5, write the true gradient and this backward's as multiples "
                     "of (y - t) / N: which k, and then which error?")
    return ("with dout = 1 the factor it forgets is 1, so the check passes; with 0.5 the true "
            "gradient halves and this one does not: k = 2, error 1/3.")


@check
def pile_up_prediction(my_pile_up):
    """Mistake 6: AccumulatingAffine's dW error after pass 1 (nothing to add to yet: right,
    below 1e-7) and after pass 3 on the same batch (dW = 3 g: k = 3, error 2/4 = 1/2)."""
    got = floats(_predicted(my_pile_up, "my_pile_up", 2, "numbers"))
    if got is None or got.shape != (2,):
        raise NotYet("my_pile_up should hold two numbers, the errors after pass 1 and after "
                     "pass 3.")
    if got[0] > 0.005:
        raise NotYet("on pass 1, what is there to add to, and is that dW right?")
    if abs(got[1] - 3) < 0.005:
        raise NotYet("3 is the factor k of dW after pass 3, not its error: put it into your "
                     "error_of_factor.")
    if abs(got[1] - 0.5) > 0.005:
        raise NotYet("after pass 3, dW is which multiple of the right one? Then its error, "
                     "with your error_of_factor.")
    return ("pass 1 has nothing to add to, so it is right; pass 3 holds the gradient three "
            "times, k = 3, error 1/2.")


@check
def int_gradient_prediction(my_int_gradient):
    """Mistake 7: the in-place numerical gradient of sum(x**2) at the integer [1, 2] with
    h = 1e-4: 1 + h is stored as 1 and 1 - h as 0, so f goes from 4 to 5 (first entry);
    2 + h as 2 and 2 - h as 1, so f goes from 2 to 5 (second); divided by 2h = 2e-4:
    [5000, 15000], whole numbers, stored in an integer grad."""
    got = floats(_predicted(my_int_gradient, "my_int_gradient", 2, "numbers"))
    if got is None or got.shape != (2,):
        raise NotYet("my_int_gradient should hold two numbers, the two entries returned.")
    if np.all(np.abs(got - [5000, 15000]) <= 1):
        return ("1 + h is stored as 1 and 1 - h as 0: f changes by 1 over 2h = 2e-4, 5000; "
                "for 2, f changes by 5 - 2 = 3: 15000.")
    if np.all(np.abs(got - [2, 4]) < 0.01):
        raise NotYet("that is the true gradient. Which values does x hold while f is "
                     "evaluated at 1 + h and 1 - h?")
    raise NotYet("write the two values stored for 1 + h and 1 - h (as the probe shows), the "
                 "two values of f, and divide their difference by 2h = 2e-4; then for 2.")


@check
def shared_relu_prediction(my_shared_passes):
    """Mistake 2: one Relu() object at both ReLU nodes.  Does gradient_check pass for that
    object alone (yes: one forward, then its backward, reads its own mask), and does the
    network's dx pass a numerical check (no: the first node's backward reads the mask the
    second node's forward stored last)?"""
    alone, network = _bools(my_shared_passes, "my_shared_passes")
    if not alone:
        raise NotYet("gradient_check runs the object's forward once, then its backward: which "
                     "mask does that backward read, and is it the right one?")
    if network:
        raise NotYet("in the network both forwards run before the first backward: which "
                     "forward wrote the mask that the first node's backward reads?")
    return ("the object alone passes: one forward, then its backward, with its own mask. In "
            "the network the first node's backward reads the second node's mask, of the same "
            "shape, so dx is wrong and nothing raises.")


@check
def one_sample_prediction(my_one_sample_loss):
    """Mistake 8: batch_cross_entropy on one sample of shape (4,) instead of a batch of one:
    len(y) is the number of classes, 4, so the loss is -log y_0 / 4, a quarter of the batch's
    -log y_0 for scores [2, 1, 0.1, -1] and label 0."""
    if untouched(my_one_sample_loss):
        raise NotAttempted("write your prediction into my_one_sample_loss, then run this cell "
                           "again.")
    got = floats(my_one_sample_loss)
    if got is None or got.shape != () or isinstance(my_one_sample_loss, (bool, np.bool_)):
        raise NotYet("my_one_sample_loss should be one number, a loss.")
    scores = np.array([2.0, 1.0, 0.1, -1.0])
    batch = float(np.log(np.sum(np.exp(scores))) - scores[0])     # -log softmax(scores)_0
    if abs(got - batch / 4) < 5e-4:
        return ("for shape (4,) len(y) is the number of classes, 4: the same sum divided by 4 "
                "instead of 1, a quarter of the right loss.")
    if abs(got - batch) < 5e-4:
        raise NotYet("that is the batch's loss. The sum is the same; what does len(y) give for "
                     "y of shape (4,)?")
    raise NotYet("the sum over the entries is the same as for the batch of one; what does "
                 "len(y) give for y of shape (4,), and what does the loss divide by?")


@check
def first_step_prediction(my_first_step, learning_rate, grad_norm2):
    """Mistake 5: the change of the loss in the first step of ``params -= lr * grad`` and of
    ``params += lr * grad``.  To first order a change d of the parameters changes the loss
    by g . d; with d = -lr g that is -lr ||g||^2, and +lr ||g||^2 with d = +lr g.  The
    true changes differ by the curvature's terms in lr^2 (about 5% in the chapter), so an
    answer within 10% of the first-order one is accepted."""
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
        return ("a step d changes the loss by about g . d: -lr ||g||^2 against the gradient "
                "and +lr ||g||^2 along it, the same amount each way.")
    if np.all(np.abs(got + want) < 0.1 * scale):
        raise NotYet("right size, wrong signs: does a step along the gradient (+=) climb or "
                     "descend?")
    if np.all(np.abs(np.abs(got) - scale) < 0.1 * scale):
        raise NotYet("right size: now the signs. Which way does each step go, along the "
                     "gradient or against it?")
    raise NotYet("write the step d that -= takes (a multiple of g) and put it into g . d, "
                 "summed over every entry of every parameter; then the same for +=.")


class _Markdown(str):
    """Text that a notebook shows as Markdown when a cell returns it."""

    def _repr_markdown_(self):
        return str(self)


_WHY = {
    "mask": "**Why.** Away from 0 the mask is flat: its numerical gradient is 0 in every "
            "entry while `backward` passes `dout` where $x > 0$, so one side is 0 and the "
            "error is exactly 1, whatever `dout`. A wrong forward that is not flat, such as "
            "`SquareRelu`'s, has a slope of its own, unrelated to what `backward` returns: an "
            "error that changes with the values and `dout` (here 0.36 to 0.48). **Caught by** "
            "comparing forward with a reference, "
            "first; a gradient check fails too.",
    "divides_again": "**Why.** The loss $L = \\frac1N\\sum_n L_n$ contributes its "
                     "$\\frac1N$ once, at the end of the graph; the chain rule carries it into "
                     "every gradient behind. A second $\\frac1N$ makes `dW` the factor "
                     "$k = \\frac18$ of the right one: $|k - 1|/(k + 1) = 7/9$ for every "
                     "weight and any batch, and an error that does not depend on the values "
                     "points straight at a constant factor. Training does not crash: this "
                     "layer's weights move with an effective learning rate of "
                     "`learning_rate` / $N$, easy to blame on the learning rate. **Caught by** "
                     "a numerical check of `dW` (with any `dout`). `gradient_check` misses it: "
                     "`dx`, the gradient it checks, is right.",
    "shared_relu": "**Why.** `gradient_check` runs one forward, then one backward, so the "
                   "object alone reads its own mask and passes, as every layer does. In the "
                   "network the second node's forward overwrites the mask (the one chapter 5's "
                   "ReLU keeps) before the first node's backward reads it, and it has the same "
                   "shape: nothing raises. **Caught by** a numerical gradient of the whole "
                   "network only; it nudges the buggy network's own forward, so no correct "
                   "copy is needed.",
    "one_sample": "**Why.** For one sample of shape $(4,)$, `len(y)` is the number of "
                  "classes, 4, not the batch size 1: the same sum divided by 4, a loss four "
                  "times too small. Every operation is legal, so nothing raises. **Caught "
                  "by** a small case by hand: for a batch of one the loss is $-\\log y_0$. "
                  "**Prevented by** a guard in the function: the book's `cross_entropy_error` "
                  "reshapes one sample into a batch of one, and `TwoLayerNet` refuses a "
                  "$(D,)$ input with a `ValueError` that says to use `x.reshape(1, -1)`.",
    "dout": "**Why.** Ignoring `dout` is right only while the loss is used exactly as it is, "
            "where the upstream gradient is 1, so a gradient check that only ever feeds 1 "
            "passes. Scale the loss by 0.5 and the true gradient halves while this one does "
            "not: it is twice too large, $k = 2$, error 1/3. **Caught by** a gradient check "
            "with an upstream gradient other than 1; `layers.SoftmaxWithLoss` multiplies by "
            "`dout`. (The book's own `SoftmaxWithLoss.backward` takes a `dout` "
            "and never uses it: fine for the book's network, where nothing scales the loss, "
            "and exactly this bug as soon as something does.)",
    "curves": "**Why.** A step $d$ changes the loss by about $g \\cdot d$. With "
              "$d = -\\eta g$ ($\\eta$ the learning rate) that is $-\\eta\\lVert g\\rVert^2$, "
              "never positive: the gradient points **uphill**, and `-=` walks down. With `+=` "
              "the loss goes up by as much, to first order. The measured changes differ a "
              "little from $\\mp\\eta\\lVert g\\rVert^2$: the curvature adds terms in "
              "$\\eta^2$, which is why a large learning rate can overshoot. "
              "**Caught by** the loss curve only: on a fixed batch and a small learning rate "
              "the first steps must lower the loss. If they raise it, look at the sign "
              "before anything else.",
    "pile_up": "**Why.** On the first pass there is nothing to add to, so the check passes. "
               "On the same batch again the stored `dW` is the right one twice, then three "
               "times: $k = 3$, error 1/2. Nothing warns: the shapes are right, the loss may "
               "even fall for a while, and a gradient check, which runs backward "
               "once, passes. **Caught by** running backward twice on the same input: the two "
               "must match.",
    "integer": "**Why.** Every value stored into an integer array is cut toward zero: "
               "$1 \\pm h$ becomes 1 and 0, so $f$ jumps by a whole step, and dividing by "
               "$2h$ gives thousands. Nothing raises. **Caught by** a known gradient on an "
               "integer input: `check.numerical_gradient` expects $[2, 4]$ for $\\sum x^2$ at "
               "$[1, 2]$. **The fix:** work on a float copy (`x.astype(float)`), or refuse "
               "integers as `layers.numerical_gradient` does.",
}


_LECTURE_ANSWERS = {
    "factor": "$\\lVert kg - g\\rVert = |k - 1|\\,\\lVert g\\rVert$ and "
              "$\\lVert kg\\rVert + \\lVert g\\rVert = (|k| + 1)\\,\\lVert g\\rVert$: "
              "the $\\lVert g\\rVert$ cancels, so the error is $|k - 1|/(k + 1)$ for "
              "$k > 0$ (4/6 = 0.6667 for $k = 5$), whatever $g$ is, and exactly 1 for every "
              "$k < 0$, where $|k - 1| = |k| + 1$.",
    "diagnosis": "**(c).** The curve falls for a few steps, then climbs, while the right loop "
                 "with the same learning rate keeps falling: every step goes the same way, "
                 "past the low point. Not the sign (that climbs from the first step), not the "
                 "learning rate (the right loop uses the same one), not a loss recorded before "
                 "the step (that shifts the curve by one step but cannot turn it).",
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
    if name == "mask":   # gradient checks with dout 1 and a random one: MaskRelu, SquareRelu
        flat_1, flat_random, square_1, square_random = measured
        ok = flat_1 == 1 and flat_random == 1 and min(square_1, square_random) > 0.1 \
            and abs(square_1 - square_random) > 0.05
    elif name == "divides_again":   # dW of Affine, then of the copy, on two batches each;
        *right, dx = measured            # then the copy's gradient_check
        ok = len(right) == 4 and max(right[:2]) < 1e-7 and dx < 1e-7 and all(
            abs(twice - 7 / 9) < 1e-6 for twice in right[2:])
    elif name == "shared_relu":   # the Relu() alone; the network's dx, shared and one each
        ok = measured[0] < 1e-7 and measured[1] > 1e-2 and measured[2] < 1e-7
    elif name == "one_sample":  # the loss of one sample (4,) and of the batch of one
        ok = abs(4 * measured[0] - measured[1]) < 1e-12
    elif name == "dout":     # LossIgnoringDout's gradient check with dout 1, then 0.5
        ok = measured[0] < 1e-7 and abs(measured[1] - 1 / 3) < 1e-6
    elif name == "curves":     # the losses of -= and of +=, and lr ||g||^2
        down, up, first_order = measured
        ok = _falls(down) and _falls(up[::-1]) and all(
            abs(change - want) < 0.1 * first_order
            for change, want in [(down[1] - down[0], -first_order), (up[1] - up[0], first_order)])
    elif name == "pile_up":    # dW's error after passes 1 to 3 on the same batch
        ok = len(measured) == 3 and measured[0] < 1e-7 and abs(measured[1] - 1 / 3) < 1e-6 \
            and abs(measured[2] - 1 / 2) < 1e-6
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
def loop_diagnosis(my_diagnosis):
    """Exercise 10.2's first part: buggy_train's curve falls for a few steps, then climbs,
    while the right loop with the same learning rate keeps falling: (c) every step takes the
    same direction, a gradient that no longer follows the parameters.  In the lecture view a
    button shows the reasoning."""
    _lecture_answer("diagnosis")
    if untouched(my_diagnosis):
        raise NotAttempted("write a letter into my_diagnosis, then run this cell again.")
    letter = my_diagnosis.strip().strip("()").lower() if isinstance(my_diagnosis, str) else ""
    if letter not in ("a", "b", "c", "d"):
        raise NotYet("my_diagnosis should be one letter: 'a', 'b', 'c' or 'd'.")
    if letter != "c":
        raise NotYet("not that one: for each letter, draw the curve it would give (from the "
                     "first step on, and beside the right loop at the same learning rate) and "
                     "compare it with this one.")
    return ("each step moves the same way, so the loss falls until the steps have passed the "
            "low point and then climbs: the gradient is not recomputed. Now find it in the "
            "code, and a second bug the curve does not show.")


# --- exercise 3: the mystery layers ---

# which mistake each of teaching.mystery's layers has: kept here, out of the learner's
# namespace, since finding it is the exercise
_MYSTERY_MISTAKES = {"A": 6, "B": 4, "C": 1, "D": 3}

class _RightTanh:
    """y = tanh(x), with the right backward dout * (1 - y^2): the measurements' baseline."""

    def forward(self, x):
        self.y = np.tanh(x)
        return self.y.copy()

    def backward(self, dout):
        return dout * (1.0 - self.y ** 2)


class _PilingTanh(_RightTanh):
    """A tanh layer that piles up dx and ignores dout: the check's own second pile-up."""

    def backward(self, dout):
        self.dx = getattr(self, "dx", 0.0) + (1.0 - self.y ** 2)
        return self.dx.copy()


def _measures(make, x):
    """The check's own signature of a layer: gradient check with dout = 1, with gradient_check's
    random dout, forward against tanh (each on a fresh layer); and its pile-up."""
    layer = make()
    layer.forward(x)
    first = np.array(layer.backward(np.ones_like(x)))
    layer.forward(x)
    piles = not np.allclose(layer.backward(np.ones_like(x)), first)
    return (layers.gradient_check(make(), x, dout=1.0), layers.gradient_check(make(), x),
            layers.relative_error(make().forward(x), np.tanh(x)), piles)


_SIGNATURE_PARTS = ("the gradient check's error with dout = 1, on a fresh layer",
                    "the gradient check's error with a random dout, on a fresh layer",
                    "the relative error of forward against np.tanh, on a fresh layer",
                    "True exactly when backward, run twice on the same object and input, "
                    "returns two different gradients")


@check
def mystery_layers(signature, found=None):
    """Exercise 10.3: ``signature(make_layer, x)`` -> (gradient check with dout = 1, with a
    random dout, forward against tanh, piles up) checked against the check's own measures on
    layers of its own and the four mystery layers; then ``found``: which of mistakes 1, 3, 4,
    6 each of ``teaching.mystery.A`` to ``D`` has."""
    from teaching import mystery
    x = np.array([[0.5, -1.0, 2.0], [0.1, -0.3, 1.5], [-0.8, 1.2, 0.3]])   # 3 rows, not 4
    cases = [("a right tanh layer", _RightTanh), ("a pile-up of the check's own", _PilingTanh)]
    cases += [("one of the mystery layers", getattr(mystery, letter)) for letter in "ABCD"]
    for name, make in cases:
        got = answer(signature, make, x.copy(), what="signature",
                     if_none="signature returns None: return its four measurements.")
        if not isinstance(got, (tuple, list)) or len(got) != 4:
            raise NotYet("signature should return four things, as a tuple: "
                         + "; ".join(_SIGNATURE_PARTS) + ".")
        want = _measures(make, x.copy())
        for part, (g, w) in enumerate(zip(got, want)):
            number = floats(g) if np.shape(g) == () and not isinstance(g, bool) else None
            if part == 3:
                ok = isinstance(g, (bool, np.bool_)) and bool(g) == w
            elif number is None:
                ok = False
            elif part == 1:     # any random dout will do: right or wrong is what counts
                ok = (number < 1e-7) == (w < 1e-7)
            else:
                ok = max(number, w) < 1e-7 or close(number, w)
            if not ok:
                raise NotYet(f"the part {part + 1} of your signature is off for {name} (on an "
                             f"x of the check's own): it should be {_SIGNATURE_PARTS[part]}.")
    if untouched(found) or (isinstance(found, dict)
                            and all(untouched(v) for v in found.values())):
        raise NotYet("signature is right: measure A to D on x_mystery and fill in found.")
    dict_answer(found, _MYSTERY_MISTAKES, "{'A': 1, ...}", "a mistake number")
    for letter in _MYSTERY_MISTAKES:
        got = found[letter]
        if isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer)):
            raise NotYet(f"give {letter}'s mistake as its number: 1, 3, 4 or 6.")
    if any(found[letter] != want for letter, want in _MYSTERY_MISTAKES.items()):
        raise NotYet("not all four are right. For each of mistakes 1, 3, 4 and 6, write down "
                     "which measurement it changes, and how; then measure until each layer "
                     "matches exactly one.")
    return ("A passes once and fails the second time: it piles up (6); B passes only with "
            "dout = 1 (4); C's forward is not tanh (1); D fails "
            "by the same error whatever dout: a stray constant factor, 1/N (3).")


class _Bowl:
    """A model with the interface a training loop needs: L = 1/2 ||W - t||^2 + 1/2 ||b||^2,
    so dL/dW = W - t and dL/db = b (x is unused); its minimum is W = t, b = 0."""

    def __init__(self):
        self.params = {"W": np.array([[2.0, -1.0], [0.5, 3.0]]), "b": np.array([1.0, -2.0])}

    def gradient(self, x, t):
        return {"W": self.params["W"] - t, "b": self.params["b"].copy()}

    def loss(self, x, t):
        return float(0.5 * np.sum((self.params["W"] - t) ** 2)
                     + 0.5 * np.sum(self.params["b"] ** 2))


def _bowl_path(learning_rate, steps, fresh=True, keys=("W", "b")):
    """The losses of the bowl when each step takes a ``fresh`` gradient (or reuses the
    first) and steps the parameters in ``keys``: the right loop and the buggy ones."""
    model, t = _Bowl(), np.array([[0.5, 0.5], [-1.0, 1.0]])
    grads = model.gradient(None, t)
    losses = []
    for _ in range(steps):
        if fresh:
            grads = model.gradient(None, t)
        for k in keys:
            model.params[k] = model.params[k] - learning_rate * grads[k]
        losses.append(model.loss(None, t))
    return losses


@check
def fixed_train(func):
    """Exercise 10.2: ``fixed_train(model, x, t, learning_rate, steps)`` -> the losses after
    each step of plain gradient descent (a fresh gradient per step, every parameter)."""
    model, t = _Bowl(), np.array([[0.5, 0.5], [-1.0, 1.0]])
    learning_rate, steps = 0.3, 6
    got = answer(func, model, np.zeros((2, 2)), t, learning_rate, steps, what="fixed_train",
                 if_none="fixed_train returns None: return the list of losses.")
    losses = floats(got)
    want = _bowl_path(learning_rate, steps)
    if losses is None or losses.shape != (steps,):
        raise NotYet(f"return one loss per step: a list of {steps} numbers.")
    if not close(losses, want, tol=1e-9):
        raise NotYet(mistake(losses, [
            (_bowl_path(learning_rate, steps, fresh=False, keys=("W",)), "both bugs are still "
             "there: when is the gradient computed, and which parameters take a step?"),
            (_bowl_path(learning_rate, steps, fresh=False), "every step reuses the first "
             "gradient: a gradient belongs to the parameters it was computed at."),
            (_bowl_path(learning_rate, steps, keys=("W",)), "the biases never move: every "
             "parameter takes its step."),
            ([_Bowl().loss(None, t)] + want[:-1], "these are the losses before each step: "
             "record the loss after each step."),
        ], "each step: a fresh gradient at the current parameters, params[k] -= "
           "learning_rate * grads[k] for every k, then record the loss."))
    return ("the loss falls at every step: a fresh gradient at the current parameters, "
            "and every parameter, biases too, takes its step.")
