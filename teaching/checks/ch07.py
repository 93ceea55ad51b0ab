"""Checks for the exercises of chapter 07, the Affine and Softmax-with-Loss layers.

Every expected value is the math, computed here with plain numpy.  Affine: dx = dout W^T,
dW = x^T dout, db = dout summed over the batch; the check uses N = D first, where the wrong
product x @ dout has dW's shape, then sizes that all differ, then one sample x (D,), where
dW = outer(x, dout) and db = dout.  It refuses ``layers.Affine``'s
own backward, and switches ``layers.Affine`` off while the learner's layer runs, so a
backward that builds one inside itself and copies its gradients is refused too.
Softmax's Jacobian from y alone: J_ij = y_i (delta_ij - y_j).  Cross-entropy
sends -t / y back, and J^T (-t / y) = y sum(t) - t (y - t for a one-hot t).  The squared
error sends y - t back; the true class c's entry of J^T (y - t) is
y_c (2 y_c - 1 - |y|^2), so cross-entropy's entry over it is about 1 / (2 y_c) when y_c is
tiny and one wrong class has y near 1.
"""

import contextlib
import inspect

import numpy as np

import layers

from .core import NEW_ARRAY, NotYet, answer, call, check, close, floats, method, mistake, shown


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


# --- Exercise 1: the Affine layer's backward ---

# (N, D, H): N = D first (x @ dout has dW's shape, so its hint can show), with D != H;
# then all different; then one sample x (D,) (N None), with D != H and with D = H, where
# x.T @ dout of two 1-D arrays is a number and runs without an error
_AFFINE_SIZES = [(3, 3, 2), (2, 3, 4), (None, 3, 2), (None, 3, 3)]
_SWITCHED_OFF = ("layers.Affine is switched off while your layer runs: write the lines of "
                 "the backward yourself, with numpy alone.")


@contextlib.contextmanager
def _library_affine_off():
    """``layers.Affine`` (creating one, or its backward) raises NotYet inside; restored after."""
    def refuse(*args, **kwargs):
        raise NotYet(_SWITCHED_OFF)
    saved = {name: vars(layers.Affine)[name] for name in ("__init__", "backward")}
    try:
        for name in saved:
            setattr(layers.Affine, name, refuse)
        yield
    finally:
        for name, original in saved.items():
            setattr(layers.Affine, name, original)


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


def _affine_once(layer_class, N, D, H):
    """One run of the learner's layer: a batch x (N, D), or one sample x (D,) if N is None."""
    one = N is None
    rng = np.random.default_rng(10 * (N or 0) + D + H)
    x_shape, out_shape = ((D,), (H,)) if one else ((N, D), (N, H))
    x, W, b, dout = (rng.standard_normal(s) for s in [x_shape, (D, H), (H,), out_shape])
    sizes = (f"with one sample, x of shape (D,) = ({D},) and H = {H}" if one
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
        vector = (" A 1-D array has no second axis, so .T leaves it as it is." if one
                  else "")
        raise NotYet(f"{sizes}: {err}  The shapes: x {x.shape}, W {W.shape}, dout "
                     f"{dout.shape}.{vector} Each gradient has the shape of its own array; "
                     "in a product the inner sizes must meet.") from None
    if not (np.array_equal(W_given, W) and np.array_equal(b_given, b)):
        raise NotYet("backward changed W or b: the network updates them, the layer only "
                     "reads them.")
    dW, db = getattr(layer, "dW", None), getattr(layer, "db", None)
    if dW is None or db is None:
        raise NotYet("backward must store the weight and bias gradients in self.dW and "
                     "self.db, as the book's layer does.")
    x2, dout2 = np.atleast_2d(x), np.atleast_2d(dout)     # one sample: a batch of one
    if not close(dx, dout @ W.T):
        raise NotYet(mistake(dx, [
            ((dout2 @ W.T).T, f"{sizes}: dx is the right numbers transposed: it must have "
                              "the shape of x."),
            (dout2 @ W.T, f"{sizes}: dx has the right numbers but shape (1, {D}): give it "
                          f"x's shape ({D},)."),
        ], f"{sizes}: dx should have x's shape {x.shape} and entry [.., i] = sum over j of "
           f"dout[.., j] W[i, j]; got shape {shown(np.shape(dx))}."))
    if not close(dW, x2.T @ dout2):
        wrong = [((x2.T @ dout2).T, f"{sizes}: dW has shape (H, D), W's shape turned round: "
                                    "you swapped the two operands of the product.")]
        if N == D:
            wrong.append((x @ dout, f"{sizes}: your dW has W's shape (D, H) only because "
                                    "N = D here. Each weight collects one share per sample: "
                                    "in the product, the inner size must be N."))
        one_hint = (" With one sample there is one share: look again at the share of sample "
                    "n in the derivation." if one else "")
        raise NotYet(mistake(dW, wrong, f"{sizes}: dW should have W's shape (D, H) = ({D}, "
                                        f"{H}) and entry [i, j] = sum over the samples of "
                                        f"x[n, i] dout[n, j]; got shape {shown(np.shape(dW))}."
                                        + one_hint))
    if not close(db, dout2.sum(axis=0)):
        raise NotYet(mistake(db, [
            (dout2, "db must have b's shape (H,): b is added to every row (broadcast, chapter "
                    "4), so its gradient is a sum over the rows."),
            (dout2.sum(axis=1), f"{sizes}: db is summed over the wrong axis: sum over the "
                                "samples, keeping one entry per output."),
            (dout.sum(), f"{sizes}: db sums everything into one number: keep one entry per "
                         "output (b's shape (H,))."),
        ], f"{sizes}: db should be dout summed over the batch, shape ({H},)."))


@check
def affine_backward(layer_class):
    """Exercise 7.1: ``MyAffine(W, b)``'s backward(dout) -> dx, storing self.dW and self.db,
    for a batch x (N, D) and for one sample x (D,)."""
    _own_backward(layer_class)
    with _library_affine_off():
        for N, D, H in _AFFINE_SIZES:
            _affine_once(layer_class, N, D, H)
    return ("dx = dout W^T, dW = x^T dout, db = dout summed over the batch: right with N = D, "
            "where x @ dout would have had dW's shape, with N, D, H all different, and for "
            "one sample, where dW is the outer product of x and dout and db is dout itself.")


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


@check
def score_gradient(func, simplified=None):
    """Exercise 7.3: ``score_gradient(a, t)`` -> J^T (-t / y), and ``simplified(y, t)``, the
    same written without J and without 1 / y: y sum(t) - t."""
    for a, t in _PAIRS:
        y = _softmax(a)
        got = _learner_array(func, (a.copy(), t.copy()), a.shape, "score_gradient")
        want = _jacobian_of(y).T @ (-t / y)
        if close(got, want, tol=1e-7):
            continue
        raise NotYet(mistake(got, [
            (-t / y, "that is dL/dy, the gradient for the probabilities: send it on through "
                     "softmax with J.T @ dL_dy."),
            (t / y, "the sign: the loss falls when y_k rises, so dL/dy_k is negative."),
            (y - t, "y - t is the fused layer's shortcut for a one-hot t; here t does not sum "
                    "to 1. Do the two steps: dL/dy from L, then through softmax with J."),
        ], f"for a = {shown(a)} and t = {shown(t)}: differentiate L by each y_k, then send "
           "that through softmax: dL/da_j sums dL/dy_i J_ij over i."))
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

# confident wrong answers: (scores, true class); the ratio is close to 1 / (2 y_c)
_WRONG = [(np.array([0.0, 0.0, 10.0]), 0), (np.array([1.0, -2.0, 9.0, 0.0]), 1),
          (np.array([3.0, 15.0]), 0)]


def _ratio(a, c):
    y, t = _softmax(a), _one_hot(c, len(a))
    return (y - t)[c] / (_jacobian_of(y).T @ (y - t))[c]


@check
def squared_error_score_gradient(func, ratio_for=None):
    """Exercise 7.4: ``squared_error_score_gradient(a, t)`` -> J^T (y - t), and
    ``ratio_for(y_c)``: cross-entropy's entry for the true class over the squared error's,
    as a formula in y_c, for confident wrong answers (within 1 %)."""
    for a, label in zip([np.array([2.0, 1.0, -1.0]), np.array([0.3, -1.2]),
                         np.array([1.5, -0.5, 0.0, 4.0])], [1, 0, 2]):
        t = _one_hot(label, len(a))
        y = _softmax(a)
        got = _learner_array(func, (a.copy(), t.copy()), a.shape,
                             "squared_error_score_gradient")
        want = _jacobian_of(y).T @ (y - t)
        if close(got, want, tol=1e-7):
            continue
        raise NotYet(mistake(got, [
            (y - t, "y - t is the squared error's dL/dy; with a softmax in front it still has "
                    "to pass through the softmax: J.T @ (y - t)."),
            (_jacobian_of(y).T @ (t - y), "the sign: dL/dy_k = y_k - t_k for "
                                          "L = 1/2 sum (y - t)^2."),
        ], f"for a = {shown(a)} and t = {shown(t)}: multiply J.T by this loss's dL/dy."))
    if ratio_for is None or ratio_for is Ellipsis:
        raise NotYet("your function is right; now write ratio_for(y_c), the ratio as a "
                     "formula in y_c.")
    values = []
    for a, c in _WRONG:
        y_c = float(_softmax(a)[c])
        got = answer(ratio_for, y_c, what="ratio_for",
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
            (2 * want, "twice too large: in the squared error's entry, look again at what is "
                       "left of the bracket when y_c is near 0 and sum_k y_k^2 is near 1."),
            (want / 2, "half the ratio: in the squared error's entry, look again at what is "
                       "left of the bracket when y_c is near 0 and sum_k y_k^2 is near 1."),
        ], f"for a = {shown(a)} with true class {c} (y_c = {y_c:.3g}) your formula is off; "
           "compare it with score_gradient(a, t)[c] / squared_error_score_gradient(a, t)[c].",
            tol=0.02))
    return (f"about 1 / (2 y_c): {_ratio(*_WRONG[0]):,.0f} times for a = [0, 0, 10], close to "
            "e^10 / 2. With squared error a confidently wrong softmax barely learns (its entry "
            "carries the tiny factor y_c), while cross-entropy's y_c - 1 stays near -1. Hence "
            "the book's pairs: softmax with cross-entropy, identity with squared error.")
