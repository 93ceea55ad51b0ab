"""Checks for the exercises of chapter 06, sigmoid, and the runs the chapter shows once a
check says Right (a check shows its own run, so no plumbing sits in the projected cells).
"""

# The expected values below come from the math, written with numpy and ``stable_sigmoid``:
# the four nodes' local derivatives multiply to y**2 exp(-x) = y(1 - y) (exp(-x) = 1/y - 1);
# tanh' = 4 s(1 - s) with s = sigma(2x) (from tanh(x) = 2 sigma(2x) - 1), which is 1 - y**2 with
# s = (1 + y)/2; through k sigmoids in a row the gradient is the product of the k local
# derivatives y_i(1 - y_i), at most 0.25**k, and through k units y <- sigma(w y) at most
# (|w| / 4)**k. For the neuron L = (sigma(w x + b) - t)**2: dL/dw = 2(y - t) y(1 - y) x,
# dL/db = 2(y - t) y(1 - y), and one gradient step gives (w - lr dL/dw, b - lr dL/db). A step
# changes z = w x + b by -lr (dL/dw x + dL/db) = -lr dL/dz (x**2 + 1) (at lr = 20, from 2 to
# about -10.2, where y and y(1 - y) are near 4e-5, so the loss stays near t**2 = 0.09).
# Saturation: sigma' = y(1 - y) = 1/4 - (y - 1/2)**2 peaks at 1/4; it is 0.025, a tenth of
# the peak, at y = (1 - sqrt(0.9)) / 2, that is |x| = ln((1 - y) / y). At x = -1000, float64
# rounds y to 0 and exp(1000) overflows to inf: y**2 exp(-x) is nan, y(1 - y) is 0;
# layers.Sigmoid forms e**x / (1 + e**x) there, and e**-1000 underflows quietly to 0.

import contextlib
import functools

import numpy as np

import layers

from .core import (
    NotAttempted,
    NotYet,
    Verdict,
    answer,
    backward,
    call,
    check,
    close,
    floats,
    gradient_checked,
    layer_answers,
    library_unused,
    method,
    mistake,
    shown,
    stable_sigmoid,
    untouched,
)

_X = np.array([[-2.0, 0.0], [0.5, 3.0]])
_DOUT = np.array([[1.0, -2.0], [0.5, 3.0]])


def _random_x(scale):
    return np.random.default_rng(0).normal(0, scale, (3, 4))


# ------------------------------------------------- a check that shows its run once Right

class _ThenShown(Verdict):
    """A verdict whose cell shows, with it, what ``show()`` prints (appended to the verdict's
    text, so the cell still shows one verdict) or displays (a picture or widget, above it)."""

    __slots__ = ("show",)

    def __init__(self, verdict, show):
        super().__init__(verdict.ok, verdict.message)
        self.show = show

    def _repr_mimebundle_(self, include=None, exclude=None):
        from IPython.display import display

        from teaching.reveal import captured

        lines = [self.message] if self.message else []
        for output in captured(self.show) if self.show is not None else []:
            if output["output_type"] == "stream":
                lines.append(output["text"].rstrip("\n"))
            else:
                display(output["data"], raw=True, metadata=output["metadata"])
        return {"text/plain": "\n".join(lines)}


def _then(run):
    """Decorate a check: once it says Right, its cell shows ``run(*answers)`` below the
    verdict; a wrong answer gets the hint, never a run to copy. In the lecture view, where
    nobody answers, ``run(*answers)`` waits behind reveal's "Show the answer" button."""
    def decorate(checked):
        @functools.wraps(checked)
        def with_run(*answers):
            from teaching.reveal import answer_button, lecturing

            verdict = checked(*answers)
            if lecturing():
                from IPython.display import display
                return _ThenShown(verdict, lambda: display(answer_button(lambda: run(*answers))))
            return _ThenShown(verdict, (lambda: run(*answers)) if verdict else None)
        return with_run
    return decorate


# ------------------------------------------------------------------- the grouped node

class _Grouped:
    """The grouped node as the chapter asks for it: where the learner has not written it
    (the lecture view), the runs use this one."""

    def forward(self, x):
        out = 1 / (1 + np.exp(-x))
        self.out = out.copy()
        return out

    def backward(self, dout):
        return dout * self.out * (1 - self.out)


def _four_nodes_dx(x, dout=1.0):
    """dx from layers.py's four layers chained, x -> *(-1) -> exp -> +1 -> 1/c."""
    neg, exp, plus, recip = (layers.MulLayer(), layers.ExpLayer(), layers.AddLayer(),
                             layers.ReciprocalLayer())
    recip.forward(plus.forward(exp.forward(neg.forward(x, -1.0)), 1.0))
    de, _ = plus.backward(recip.backward(dout))
    dx, _ = neg.backward(exp.backward(de))
    return float(dx)


def _compared(layer_class):
    """dx at x = 2 and -1 from the four nodes, from ``layer_class`` and from central
    differences. (Not at 0: the saturation section asks for the peak.)"""
    for x in (2.0, -1.0):
        layer = layer_class()
        y = layer.forward(x)
        numeric = layers.numerical_gradient(lambda u: 1 / (1 + np.exp(-u)), x)
        print(f"x = {x:g}: y = {float(y):.6f}, dx from the four nodes {_four_nodes_dx(x):.6f}, "
              f"grouped {float(layer.backward(1.0)):.6f}, central difference {numeric:.6f}")


def _compared_run(layer_class):
    """The comparison under a Right verdict; in the lecture view, on the chapter's own node."""
    from teaching.reveal import lecturing

    _compared(_Grouped if lecturing() else layer_class)


@_then(_compared_run)
@check
def grouped_sigmoid(layer_class):
    """Checks GroupedSigmoid, the learner's layer class; once Right, shows a comparison."""
    # backward, from the kept output y alone, is the four nodes' product
    # -y**2 * 1 * exp(-x) * -1 = y**2 exp(-x) = y(1 - y) (exp(-x) = 1/y - 1), also at y = 0,
    # where no 1/y may be formed. Once Right: the four nodes and central differences at 2, -1.
    if isinstance(layer_class, type) and issubclass(layer_class, layers.Sigmoid):
        raise NotYet("that class is (or inherits from) layers.Sigmoid: write backward yourself.")
    x, dout = _X.copy(), _DOUT.copy()
    y = stable_sigmoid(x)
    with np.errstate(over="ignore"):
        exp_x = np.exp(-x)
    wrong_back = [
        (dout * y * (1 - y) * -1, "the sign: the x(-1) node and the / node each bring a minus, "
                                  "and two minuses cancel."),
        (y * (1 - y), "that is the local derivative alone: multiply it by dout."),
        (dout * y ** 2, "the exp node's factor exp(-x) is missing: write it with y, from "
                        "y = 1 / (1 + exp(-x))."),
        (dout * y ** 2 * np.exp(-y), "x is not y: write exp(-x) with y first, from "
                                     "y = 1 / (1 + exp(-x))."),
        (dout * (1 - y), "that is only part of the product: count the factors of y the / node "
                         "brings in."),
        (dout * (1 / y - 1), "that is dout times exp(-x) alone: the / node's factor is missing."),
        (dout * exp_x, "backward may use only the kept output y: write exp(-x) with y."),
    ]
    with library_unused("GroupedSigmoid runs {name}: write backward yourself, with self.out."):
        layer_answers(layer_class, (x,), dout, y, dout * y * (1 - y), wrong_back=wrong_back)
    gradient_checked(layer_class, _random_x(2.0))
    _keeps_only_the_output(layer_class, x, y)
    edges = np.array([-1000.0, 40.0])        # far in the tails: y rounds to 0 and to 1
    layer = call(layer_class, what="creating the layer")
    with np.errstate(over="ignore"):         # exp(1000) overflows: the far-tail question
        call(method(layer, "forward"), edges.copy(), what="forward")
    try:
        at_edges = backward(layer, np.ones(2), 1, strict=True)[0]
    except NotYet:                           # 1/y at y = 0 raises here: division by zero
        at_edges = None
    if at_edges is None or not close(at_edges, [0.0, 0.0]):
        raise NotYet("right for 0 < y < 1, but not at y = 0, where 1/y divides by zero. "
                     "Simplify your formula until no 1/y is left.")
    return ("the four factors -y**2, 1, exp(-x), -1 multiply to y**2 exp(-x), and "
            "exp(-x) = 1/y - 1 makes it y(1 - y): dx = dout * y * (1 - y), from the output "
            "alone. At x = 2 and -1, your layer against the four nodes and central differences:")


FAR_NAMES = ("plain", "grouped")
FAR_TINY = 1e-300          # float64 rounds e**-1000 (about 1e-434) to 0: anything below counts


def _far_value(v):
    """One predicted y or dx as a float (nan and inf allowed), or None if it is not one
    number."""
    got = floats(v)
    if got is None or got.shape != ():
        return None
    return float(got)


def _far_tail_run(my_far, layer_class, x=-1000.0):
    """y and dx at ``x`` from the plain formula y**2 exp(-x), from the learner's grouped node
    (once check.grouped_sigmoid says Right; in the lecture view the chapter's own) and from
    layers.Sigmoid, each line with the warnings numpy raises while computing it; the last
    line shows the form layers.Sigmoid uses for x < 0, e**x / (1 + e**x)."""
    from teaching.reveal import lecturing

    def warn(err, flag):
        print(f"[numpy warns: {err}] ", end="")

    if lecturing():
        grouped = _Grouped
    else:
        grouped = layer_class if grouped_sigmoid.__wrapped__(layer_class) else None
    runs = [("plain, y**2 exp(-x)", "plain"), ("grouped, your GroupedSigmoid", grouped),
            ("stable, layers.Sigmoid", layers.Sigmoid)]
    with np.errstate(over="call", invalid="call", call=warn):
        for name, cls in runs:
            print(f"{name}: ", end="")
            if cls is None:
                print("runs once check.grouped_sigmoid says Right")
            elif cls == "plain":
                y = 1 / (1 + np.exp(-x))
                print(f"y = {y}, dx = {y ** 2 * np.exp(-x)}")
            elif cls is layers.Sigmoid:
                e = np.exp(x)              # x < 0: e**x underflows to 0, nothing overflows
                layer = cls()
                y = layer.forward(x)
                print(f"y = e**x / (1 + e**x) = {e} / {1 + e} = {y}, dx = {layer.backward(1.0)}")
            else:
                layer = cls()
                y = layer.forward(x)
                print(f"y = {y}, dx = {layer.backward(1.0)}")


@_then(_far_tail_run)
@check
def far_tail(my_far, layer_class):
    """Checks my_far: three floats, and GroupedSigmoid; once Right, shows the runs."""
    # at x = -1000, float64 rounds y = 1 / (1 + e**1000) to 0 in both forwards; plain's dx is
    # 0 * exp(1000) = 0 * inf = nan; grouped computes y(1 - y) = 0. Once Right, both run (the
    # grouped one once its own check is Right), and layers.Sigmoid beside them.
    if untouched(my_far):
        raise NotAttempted("set my_far: three numbers, (y, plain's dx, grouped's dx).")
    values = [_far_value(v) for v in my_far] if isinstance(my_far, (tuple, list)) else []
    if len(values) != 3 or any(v is None for v in values):
        raise NotYet(f"my_far should be three numbers, (y, plain's dx, grouped's dx), "
                     f"got {shown(my_far)}.")
    y, plain, grouped = values
    if np.isnan(y) or abs(y) > FAR_TINY:
        raise NotYet("not that y. How large is 1 + exp(1000) in float64 (its largest number "
                     "is about 1.8e308), and what does float64 store for 1 over it?")
    if np.isinf(plain):
        raise NotYet("not plain's dx. exp(1000) is inf indeed, but plain multiplies it by "
                     "y**2: what does float64 make of 0 * inf?")
    if not np.isnan(plain):
        raise NotYet("not plain's dx. It computes y**2 * exp(-x) at x = -1000: what is each "
                     "factor in float64, and what is their product?")
    if np.isnan(grouped) or abs(grouped) > FAR_TINY:
        raise NotYet("not grouped's dx. Your backward multiplies dout and the kept y only: "
                     "what is that product at this y?")
    return ("exp(1000) is inf in float64, so y = 1/inf = 0 in both, and y(1 - y) = 0 is the "
            "float nearest the true slope e**-1000. Only y**2 exp(-x) breaks: 0 * inf is nan. "
            "Both forwards warn as they form that inf; layers.Sigmoid, last, never forms it:")


# sigma'(x) = y(1 - y) = 0.025 (a tenth of the peak) at y = (1 - sqrt(0.9)) / 2,
# that is at |x| = ln((1 - y) / y)
_TENTH_Y = (1 - np.sqrt(0.9)) / 2
_TENTH_X = float(np.log((1 - _TENTH_Y) / _TENTH_Y))      # about 3.64
TENTH_TOL = 0.02           # absolute: solved on paper to two decimals
K3_TOL = 0.01              # relative


def _through_sigmoids(x, k):
    """The gradient at x through k sigmoids in a row, backward from dout = 1."""
    return _stack_math(x, k, 1.0)


def _saturation_explorer(*answers):
    """The saturation explorer, opened at x = 0 with k = 3 sigmoids in a row."""
    from IPython.display import display

    from teaching import plots

    display(plots.SigmoidExplorer(x=0.0, k=3))


@_then(_saturation_explorer)
@check
def saturation(my_peak, my_tenth_x, my_k3_grad):
    """Checks my_peak, my_tenth_x, my_k3_grad: three floats; once Right, shows the explorer."""
    # the peak: y(1 - y) = 1/4 - (y - 1/2)**2, at most 1/4; the |x| from which sigma' < 0.025
    # (_TENTH_X, about 3.64, from y(1 - y) = 0.025); the gradient at x = 0 through three
    # sigmoids, 0.25 * sigma'(1/2) * sigma'(sigma(1/2)), about 0.0134.
    if untouched(my_peak) or untouched(my_tenth_x) or untouched(my_k3_grad):
        raise NotAttempted("set all three, my_peak, my_tenth_x and my_k3_grad.")
    peak, tenth, k3 = floats(my_peak), floats(my_tenth_x), floats(my_k3_grad)
    for name, v, given in (("my_peak", peak, my_peak), ("my_tenth_x", tenth, my_tenth_x),
                           ("my_k3_grad", k3, my_k3_grad)):
        if v is None or v.shape != () or not np.isfinite(v):
            raise NotYet(f"{name} should be one number, got {given!r}.")
    if abs(float(peak) - 0.25) > 1e-3:
        raise NotYet("not the peak. y(1 - y) is a parabola in y: where between 0 and 1 is it "
                     "largest, and what is its value there?")
    tenth, k3 = abs(float(tenth)), float(k3)
    if abs(tenth - _TENTH_X) > TENTH_TOL:
        y01 = (1 - np.sqrt(1 - 0.4)) / 2          # y(1 - y) = 0.1: a tenth read as 0.1
        typical = [
            (float(np.log((1 - y01) / y01)), "that is where y(1 - y) = 0.1. The peak is 0.25: "
                                             "a tenth of it is 0.025."),
            (_TENTH_Y, "that is y, the sigmoid's output there: now solve sigma(x) = y for x."),
            (1 - _TENTH_Y, "that is y, the sigmoid's output there: now solve sigma(x) = y for x."),
        ]
        hint = next((h for v, h in typical if abs(tenth - v) <= TENTH_TOL), None)
        raise NotYet(hint or "not that |x|. y(1 - y) = 0.025 is a quadratic in y; then "
                             "sigma(x) = y gives exp(-x) = 1/y - 1.")
    want = float(_through_sigmoids(0.0, 3))
    if abs(k3 - want) > K3_TOL * want:
        if abs(k3 - 0.25 ** 3) <= K3_TOL * 0.25 ** 3:
            hint = ("0.25**3 puts every layer at the peak, but only the first sees 0: the "
                    "second's input is sigma(0) = 0.5.")
        else:
            hint = ("run the three layers forward from 0 first (0, then sigma(0), then "
                    "sigma(sigma(0))); the gradient is the product of y(1 - y) at each output.")
        raise NotYet(hint)
    return (f"y(1 - y) = 1/4 - (y - 1/2)**2 peaks at 1/4, at y = 1/2, x = 0; "
            f"sigma' < 0.025, a tenth of it, for |x| > {_TENTH_X:.2f}. Through three layers "
            f"at x = 0: 0.25 * {want / 0.25:.4f} = {want:.4f}, below 0.25**3 = 0.0156, since "
            "only the first layer sits at its peak.")


_S = np.array([0.1, 0.3, 0.5, 0.8, 0.95])      # values of s = sigma(2x)


@check
def tanh_slope(func):
    """Checks tanh_slope(s): a function of s = sigma(2x), for arrays of s."""
    # dy/dx of tanh(x) = 2 sigma(2x) - 1 with s = sigma(2x): the outer 2, sigma' = s(1 - s),
    # the inner 2: 4 s(1 - s).
    s = _S.copy()
    got = floats(answer(func, s.copy(), what="tanh_slope",
                        if_none="tanh_slope returns None: return the slope."))
    if got is None or got.shape not in ((), s.shape):
        raise NotYet("return the slope as a number for each s (plain arithmetic on s does that).")
    want = 4 * s * (1 - s)
    if close(got, want):
        return ("2 (outer) times sigma'(2x) = s(1 - s) times 2 (inner): 4 s(1 - s). Now write it "
                "with the output y alone for the Tanh layer.")
    typical = [
        (s * (1 - s), "that is the sigmoid's own slope at 2x. tanh(x) = 2 sigma(2x) - 1 brings in "
                      "two more factors: the 2 in front of sigma, and the derivative of 2x."),
        (2 * s * (1 - s), "one factor 2 is missing: there is the 2 in front of sigma and the "
                          "derivative of the inner 2x."),
        (2 * s - 1, "that is tanh(x) itself, 2s - 1; the exercise asks for its slope."),
        (1 - s ** 2, "s = sigma(2x) is not tanh(x): start from 2 sigma(2x) - 1 and the chain "
                     "rule."),
    ]
    raise NotYet(mistake(got, typical, "not yet the slope of 2 sigma(2x) - 1. Differentiate it "
                                       "with the chain rule: outer factor, sigma' = s(1 - s) at "
                                       "2x, inner derivative of 2x."))


@check
def tanh(layer_class):
    """Checks Tanh, the learner's layer class."""
    # derived from tanh(x) = 2 sigma(2x) - 1; backward from y alone: 1 - y**2.
    x, dout = _X.copy(), _DOUT.copy()
    y = np.tanh(x)
    wrong_back = [
        (dout * y * (1 - y), "that is the sigmoid's rule applied to y. tanh(x) = 2 sigma(2x) - 1: "
                             "the chain rule brings in the outer factor 2 and the inner 2, and "
                             "sigma(2x) is not y; solve the identity for sigma(2x) first."),
        (dout * 4 * y * (1 - y), "the factors 2 and 2 are right, but sigma(2x) is not y: "
                                 "solve tanh = 2 sigma(2x) - 1 for sigma(2x) and substitute."),
        (dout * (1 - y), "expand 4 sigma(2x)(1 - sigma(2x)) with sigma(2x) written in terms of y; "
                         "a factor is missing."),
        (dout * 2 * y * (1 - y), "one factor 2 is missing, and sigma(2x) is not y."),
    ]
    local = 1 - y ** 2
    wrong_back.append((local, "that is the local derivative alone: multiply it by dout."))
    layer_answers(layer_class, (x,), dout, y, dout * local, wrong_back=wrong_back,
                  check_at=(_random_x(1.5),))
    _keeps_only_the_output(layer_class, x, y)
    return "4 sigma(2x)(1 - sigma(2x)) with sigma(2x) = (1 + y)/2 is (1 + y)(1 - y) = 1 - y**2."


def _keeps_only_the_output(layer_class, x, y):
    """After ``forward(x)``, every array the layer keeps with x's shape must be the output y.

    Keeping x (or anything else made from it, such as sigma(2x)) would let backward
    recompute tanh from x instead of using y, which is what the exercise asks.
    """
    layer = call(layer_class, what="creating the layer")
    call(method(layer, "forward"), x.copy(), what="forward")
    for name, kept in sorted(getattr(layer, "__dict__", {}).items()):
        kept_array = floats(kept)
        if kept_array is None or kept_array.shape != x.shape or close(kept_array, y):
            continue
        what = "that is x itself" if close(kept_array, x) else "not the output"
        raise NotYet(f"the numbers are right, but forward keeps self.{name} ({what}). Keep only "
                     "the output y, and write backward with y alone.")


def _stack_math(x, k, w=1.0):
    """dy_k/dx at x through k units y <- sigma(w y), dout = 1: the product of w y_i(1 - y_i)."""
    h, grad = np.asarray(x, dtype=np.float64), 1.0
    for _ in range(k):
        h = stable_sigmoid(w * h)
        grad = grad * w * h * (1 - h)
    return grad


def _stack_without_w_back(x, k, w):
    """The usual slip: w multiplies on the way forward, but not on the way back."""
    return _stack_math(x, k, w) / w ** k


# (x, k, w), no w = 1: the saturation explorer has shown that case already
_STACK_CASES = [(2.0, 3, 0.5), (0.0, 1, 2.0), (-3.0, 10, 1.5), (0.5, 4, 2.0), (-1.25, 2, -1.5)]
# (k, w) for the bound: negative weights, odd and even k, |w| on both sides of 4
_BOUND_CASES = [(10, 1.0), (3, 2.0), (5, -1.5), (1, 4.0), (4, -0.5), (2, 8.0), (7, -6.0)]


def _bound_math(k, w):
    """Through k units y <- sigma(w y), dy_k/dx is a product of k factors w * sigma'(z_i),
    each at most |w| / 4 in size: the bound is (|w| / 4)**k."""
    return (abs(w) / 4) ** k


@check
def sigmoid_stack(func, bound):
    """Checks stack_gradient(x, k, w) and gradient_bound(k, w): two functions."""
    # the gradient through k units y <- sigma(w y), from k Sigmoid layers' backward, and the
    # learner's derived bound on |dy/dx| through them: (|w| / 4)**k.
    too_few = None          # (calls, k) of a right number that did not come from k layers
    for x, k, w in _STACK_CASES:
        with _watched_layers(func) as counts:
            got = answer(func, x, k, w, what="stack_gradient",
                         if_none="stack_gradient returns None: return dx, the gradient at x.")
        want = _stack_math(x, k, w)
        if close(got, want, tol=1e-9):
            if counts["Sigmoid"] < k and too_few is None:
                too_few = (counts["Sigmoid"], k)
            continue
        single = stable_sigmoid(w * x) * (1 - stable_sigmoid(w * x))
        h = np.asarray(x, dtype=np.float64)
        for _ in range(k):
            h = stable_sigmoid(w * h)
        typical = [
            ((w * single) ** k, "every sigmoid's local derivative is taken at x itself, but the "
                                "second unit's input is the first one's output, and so on: run "
                                "forward through the stack first."),
            (h, "that is the stack's output y, the forward value; return the gradient from "
                "backward(1.0)."),
            (h * (1 - h), "that is only the last sigmoid's local derivative: pass each "
                          "backward's result to the next unit back."),
            (_stack_math(x, k), "w is missing: each unit multiplies its input by w before its "
                                "sigmoid."),
            (_stack_without_w_back(x, k, w), "the forward pass is right, but on the way back each "
                                             "unit's multiply node passes w times what reaches "
                                             "it."),
        ]
        raise NotYet(mistake(got, typical, f"at x = {shown(x)}, k = {k}, w = {w:g} the gradient "
                                           f"should be {shown(want)}, got {shown(got)}. Keep the "
                                           "k layers, call backward in reverse order, each on "
                                           "the last result.", tol=1e-9))
    if too_few is not None:
        raise NotYet(f"the numbers are right, but only {too_few[0]} Sigmoid backward calls "
                     f"ran for k = {too_few[1]}: build the stack from k Sigmoid layers and "
                     "call each one's backward.")
    for k, w in _BOUND_CASES:
        got = answer(bound, k, w, what="gradient_bound",
                     if_none="gradient_bound returns None: return the bound, one number.")
        value = floats(got)
        if value is None or value.shape != ():
            raise NotYet(f"gradient_bound(k, w) returns one number; got {shown(got)}.")
        want = _bound_math(k, w)
        if close(value, want, tol=1e-9):
            continue
        at = f"for k = {k}, w = {w:g}"
        typical = [
            ((w / 4) ** k, f"{at} your bound is negative: a bound on the size of the gradient "
                           "uses the size of each factor."),
            (0.25 ** k, f"{at} the weights are missing: on the way back, each multiply node "
                        "w * y passes w times what reaches it."),
            (abs(w) * 0.25 ** k, f"{at} one w is counted, but each of the k units has its "
                                 "multiply node."),
            (k * abs(w) / 4, f"{at} the factors of a chain multiply; they do not add up."),
            ((abs(w) / 2) ** k, f"{at} what is the sigmoid's largest slope, y(1 - y) at its "
                                "best y?"),
        ]
        raise NotYet(mistake(value, typical, f"{at} the bound is not right yet. Write dy_k/dx "
                             "as a product over the units: what does each unit's multiply node "
                             "contribute, and how large can its sigmoid's contribute?", tol=1e-9))
    return ("each unit contributes w * sigma'(z) and sigma' <= 1/4, so |dy/dx| <= (|w|/4)**k: "
            f"with w = 2 and k = 10, 0.5**10 = {_bound_math(10, 2.0):.3g}.")


# the neuron of the capstone, at several points: (w, b, x, t)
_NEURON_POINTS = [(0.5, 1.0, 2.0, 0.3), (-1.5, 0.25, 0.8, 1.0), (2.0, -3.0, -1.0, 0.0)]
# the capstone's starting point (w, b) and its fixed input and target (x, t)
CAPSTONE = _NEURON_POINTS[0]


def _neuron_math(w, b, x, t):
    """L and its gradients from the formulas: returns L, dL/dw, dL/db, dL/dx, dL/dt."""
    y = float(stable_sigmoid(w * x + b))
    dz = 2 * (y - t) * y * (1 - y)
    return (y - t) ** 2, dz * x, dz, dz * w, -2 * (y - t)


# the layers the neuron is built from, and how many backward calls each needs in one pass
_NEURON_LAYERS = {"MulLayer": 1, "AddLayer": 2, "Sigmoid": 1, "SquareLayer": 1}


@contextlib.contextmanager
def _watched_layers(func):
    """While the learner's ``func`` runs, its layer classes count their ``backward`` calls.

    Each class in ``_NEURON_LAYERS`` is replaced by a subclass of the same name that counts,
    both in the ``layers`` module (``layers.MulLayer()``) and wherever ``func``'s module
    holds it under any name (``from layers import MulLayer``); a layer class the learner wrote
    (their ``GroupedSigmoid``) counts as the Sigmoid node. Everything is put back after.
    Yields the counts, {class name: backward calls}.
    """
    counts = dict.fromkeys(_NEURON_LAYERS, 0)
    originals = {name: getattr(layers, name) for name in _NEURON_LAYERS}

    def counting(name, cls):
        def backward(self, dout):
            counts[name] += 1
            return cls.backward(self, dout)
        return type(name, (cls,), {"backward": backward, "__module__": cls.__module__})

    spies = {cls: counting(name, cls) for name, cls in originals.items()}
    namespaces = [vars(layers)]
    learner = getattr(func, "__globals__", None)
    if isinstance(learner, dict) and learner is not vars(layers):
        namespaces.append(learner)
        for value in list(learner.values()):
            if (isinstance(value, type) and value not in spies and callable(
                    getattr(value, "backward", None)) and value.__module__ == func.__module__):
                spies[value] = counting("Sigmoid", value)
    saved = []
    for ns in namespaces:
        for key, value in list(ns.items()):
            if isinstance(value, type) and value in spies:
                saved.append((ns, key, value))
                ns[key] = spies[value]
    try:
        yield counts
    finally:
        for ns, key, value in saved:
            ns[key] = value


def _buggy_found():
    """The buggy neuron's numbers at the capstone's start, from the math: the answer that
    ``buggy_gradient`` asks for."""
    w, b, x, t = CAPSTONE
    _, dw, db, bug_dw, _ = _neuron_math(w, b, x, t)
    print(f"dL_dw: buggy {bug_dw:.6f}, right {dw:.6f}, relative error "
          f"{layers.relative_error(dw, bug_dw):.2f}; dL_db agrees. Ratio {bug_dw / dw:g} "
          f"= w / x: the multiply node sent back w = {w:g} in place of x = {x:g}.")


@check
def neuron(func):
    """Checks neuron(w, b, x, t): a function returning (L, dL_dw, dL_db)."""
    # L = (sigma(w x + b) - t)**2. The learner's layers are watched (_watched_layers): the
    # numbers must come from the five layers' backward calls, not from the closed form.
    for w, b, x, t in _NEURON_POINTS:
        with _watched_layers(func) as counts:
            got = answer(func, w, b, x, t, what="neuron", if_none="neuron returns None.")
        if not isinstance(got, (tuple, list)) or len(got) != 3:
            raise NotYet("return three numbers: (L, dL_dw, dL_db).")
        values = [floats(v) for v in got]
        if any(v is None or v.shape != () for v in values):
            raise NotYet("return three plain numbers (L, dL_dw, dL_db), none of them None.")
        loss, dw, db = (float(v) for v in values)
        want_loss, want_dw, want_db, want_dx, _ = _neuron_math(w, b, x, t)
        y = float(stable_sigmoid(w * x + b))
        at = f"at w = {w:g}, b = {b:g}, x = {x:g}, t = {t:g}"
        if not close(loss, want_loss):
            raise NotYet(mistake(loss, [
                (y - t, "L is the square of y - t: the SquareLayer comes last."),
                (y, "L is (y - t)**2; y alone is the prediction."),
                ((w * x + b - t) ** 2, "the Sigmoid node is missing between w x + b and the loss."),
            ], f"{at} the loss should be {want_loss:.6g}, got {loss:.6g}."))
        if close(dw, want_dw) and close(db, want_db):
            missing = [f"{name} ({need - counts[name]} more)" for name, need in
                       _NEURON_LAYERS.items() if counts[name] < need]
            if missing:
                raise NotYet("the numbers are right, but they do not come from the layers' "
                             "backward calls: build the graph from layer objects, one per node, "
                             "and call each one's backward. Not called (enough): "
                             + ", ".join(missing) + ".")
            continue
        dz = want_db
        typical = [
            ((want_db, want_db), "dL/dw came out equal to dL/db: the multiply node w * x sends "
                                 "dout times the other input (x) back to w."),
            ((want_dw / 2, want_db / 2), "both are half the right size: the square node's local "
                                         "derivative is 2(y - t), not (y - t)."),
            ((2 * (y - t) * x, 2 * (y - t)), "the sigmoid node's local derivative y(1 - y) is "
                                             "missing."),
            ((-want_dw, -want_db), "the sign is off: feed y + (-t) to the square node, and start "
                                   "the backward pass from dL/dL = 1."),
            ((want_dx, dz), "dL/dw came out as dL/dx: the multiply node sends dout * x to w and "
                            "dout * w to x."),
        ]
        raise NotYet(mistake((dw, db), typical,
                             f"{at}: dL/dw should be {want_dw:.6g} and dL/db {want_db:.6g}, got "
                             f"{shown(dw)} and {shown(db)}. Call backward in the reverse order of "
                             "forward, each time on the gradient the previous call returned."))
    return ("the chain of five layers gives dL/dw = 2(y - t) * y(1 - y) * x and "
            "dL/db = 2(y - t) * y(1 - y).")


BUGGY_TOL = 0.02          # relative: the wrong gradient's relative error, two digits
BUGGY_AGREE = 1e-6        # what central differences with h = 1e-4 reach on a right gradient


def _someones_neuron(parts):
    def buggy_neuron(w, b, x, t):
        """Someone's neuron: (L, dL_dw, dL_db) with the forward right and one slip in
        backward, for the learner to find with central differences."""
        found = _neuron_math(w, b, x, t)
        return tuple(found[i] for i in parts)
    return buggy_neuron


buggy_neuron = _someones_neuron((0, 3, 2))


BUG_NODES = ("multiply", "add", "sigmoid", "square")
BUG_LOCAL_TOL = 0.02      # relative: the value read off a ratio to two digits


@_then(lambda *answers: _buggy_found())
@check
def buggy_gradient(my_buggy, my_bug_node, my_bug_local):
    """Checks my_buggy: two floats, my_bug_node: a node name, my_bug_local: a float."""
    # the relative errors (dL_dw, dL_db) of buggy_neuron's gradients against central
    # differences of its loss at the start (dL/dw's error is 0.6, dL/db's about 1e-11), then
    # the node with the slip and the value it sent back in place of its local derivative
    # toward w: the multiply node used w = 0.5 where its local derivative is x = 2 (the wrong
    # dL/dw over the right one is w / x = 0.25). Node and value are judged together, so a
    # wrong pair gets one hint that names neither.
    if untouched(my_buggy) or untouched(my_bug_node) or untouched(my_bug_local):
        raise NotAttempted("set all three, my_buggy, my_bug_node and my_bug_local.")
    value = floats(my_buggy) if isinstance(my_buggy, (tuple, list)) else None
    if value is None or value.shape != (2,) or not np.all(np.isfinite(value)):
        raise NotYet(f"my_buggy should be two numbers, (error of dL_dw, error of dL_db), got "
                     f"{my_buggy!r}.")
    w, b, x, t = CAPSTONE
    _, want_dw, db, dx, _ = _neuron_math(w, b, x, t)
    want = float(layers.relative_error(want_dw, dx))
    err_w, err_b = (abs(float(v)) for v in value)
    if not (abs(err_w - want) <= BUGGY_TOL * want and err_b < BUGGY_AGREE):
        if err_w < BUGGY_AGREE and err_b < BUGGY_AGREE:
            hint = ("both agree: compare check.buggy_neuron(w, b, x, t)[1:], not your own "
                    "neuron, with your central_differences_wb of its loss, "
                    "check.buggy_neuron(w, b, x, t)[0].")
        else:
            hint = ("at w, b = 0.5, 1: n = your central_differences_wb(f, w, b) with "
                    "f = lambda w, b: check.buggy_neuron(w, b, x, t)[0], "
                    "p = check.buggy_neuron(w, b, x, t)[1:]; layers.relative_error(n[0], p[0]), "
                    "then the same for [1].")
        raise NotYet(hint)
    if my_bug_node not in BUG_NODES:
        raise NotYet(f"my_bug_node should be one of {BUG_NODES}, got {my_bug_node!r}.")
    local = floats(my_bug_local)
    if local is None or local.shape != () or not np.isfinite(local):
        raise NotYet(f"my_bug_local should be one number, got {my_bug_local!r}.")
    if my_bug_node != "multiply" or abs(float(local) - w) > BUG_LOCAL_TOL * w:
        raise NotYet("not that pair yet. Divide its wrong dL_dw by your central difference of "
                     "it: that ratio is the wrong local derivative over the right one. List the "
                     "nodes on w's path but not on b's; for each, its right local derivative "
                     "toward w, times the ratio, gives the value it used: which node saw that "
                     "value in its forward?")
    return "found: only w's path carries the slip, and it starts at the multiply node."


def _test_function(w, b):
    """A function with slopes known exactly: df/dw = 3 w**2 - 2 b, df/db = b - 2 w."""
    return w ** 3 - 2 * w * b + 0.5 * b ** 2


@check
def neuron_gradient_check(loss, central_differences_wb, neuron):
    """Checks loss(w, b), central_differences_wb(f, w, b, h) and neuron: three functions."""
    # Both new functions are tried on points and functions the notebook does not show, so
    # only working functions pass: the loss against the formula, the central differences
    # against this check's own central differences of a test function; then the learner's
    # central differences of the learner's loss against the learner's own backprop, neuron.
    _, _, x, t = CAPSTONE
    for w, b in [(0.5, 1.0), (-1.0, 0.25), (2.0, -3.0)]:
        got = answer(loss, w, b, what="loss", if_none="loss returns None: return the loss.")
        if isinstance(got, (tuple, list)):
            raise NotYet("loss returns several values: return only the loss, the first value "
                         "neuron gives.")
        want = _neuron_math(w, b, x, t)[0]
        if not close(got, want, tol=1e-9):
            raise NotYet(f"loss({w:g}, {b:g}) should be the neuron's loss at x = {x:g}, "
                         f"t = {t:g}: {want:.6g}, got {shown(got)}.")
    f = _test_function
    for w, b, h in [(1.0, -2.0, 1e-4), (-0.5, 1.5, 1e-3)]:
        got = answer(central_differences_wb, f, w, b, h, what="central_differences_wb",
                     if_none="central_differences_wb returns None: return (df_dw, df_db).",
                     pair="return the pair (df_dw, df_db).")
        want = ((f(w + h, b) - f(w - h, b)) / (2 * h), (f(w, b + h) - f(w, b - h)) / (2 * h))
        if close(tuple(got), want, tol=1e-8):
            continue
        one_sided = ((f(w + h, b) - f(w, b)) / h, (f(w, b + h) - f(w, b)) / h)
        typical = [
            ((want[1], want[0]), "the two slopes are swapped: return (df_dw, df_db)."),
            ((2 * want[0], 2 * want[1]), "both are twice too large: the two points are 2h apart."),
            ((want[0] / 2, want[1] / 2), "both are half the right size: divide by 2h, the "
                                         "distance between the two points."),
            (one_sided, "that is a one-sided difference (f(w + h) - f(w)) / h: its error shrinks "
                        "only like h. Step to both sides of the point."),
        ]
        raise NotYet(mistake(tuple(got), typical,
                             f"on f(w, b) = w**3 - 2 w b + b**2 / 2 at w = {w:g}, b = {b:g}, "
                             f"h = {h:g} the central differences are ({want[0]:.8g}, "
                             f"{want[1]:.8g}), got {shown(tuple(got))}. Nudge one variable at a "
                             "time, by h each way, with the other held fixed.", tol=1e-8))
    worst = 0.0
    for w, b in [(CAPSTONE[0], CAPSTONE[1]), (-1.0, 0.25)]:
        numeric = answer(central_differences_wb, loss, w, b, what="central_differences_wb",
                         if_none="central_differences_wb returns None.", pair="return a pair.")
        got = answer(neuron, w, b, x, t, what="neuron", if_none="neuron returns None.")
        values = [floats(v) for v in got] if isinstance(got, (tuple, list)) else []
        if len(values) != 3 or any(v is None or v.shape != () for v in values):
            raise NotYet("neuron should return three numbers (L, dL_dw, dL_db), its "
                         "gradients from the layers' backward.")
        backprop = (float(values[1]), float(values[2]))
        exact = _neuron_math(w, b, x, t)[1:3]
        if not close(tuple(numeric), exact, tol=1e-6):
            raise NotYet(f"on your loss at w = {w:g}, b = {b:g} your central differences give "
                         f"{shown(tuple(numeric))}, far from the true slopes: is the default h "
                         "reasonable (about 1e-4)?")
        error = layers.relative_error([float(v) for v in numeric], backprop)
        if error > 1e-7:
            raise NotYet(f"at w = {w:g}, b = {b:g} your central differences give "
                         f"{shown(tuple(numeric))} and your neuron's backprop "
                         f"{shown(backprop)}: they disagree, and the central differences are "
                         "the ones to trust. Find the node whose backward is wrong in neuron.")
        worst = max(worst, error)
    return (f"your central differences of your loss agree with your neuron's backprop "
            f"(layers.relative_error at most {worst:.0e}, below 1e-7): your backward pass is "
            "trusted now.")


@check
def gradient_step(step):
    """Checks step(w, b, lr): a function returning the new (w, b)."""
    # w - lr dL/dw, b - lr dL/db at the capstone's x, t. The gradients must come from
    # backprop: the layers are watched as in neuron, and a step whose right numbers come with
    # no Sigmoid backward call (the closed form typed in) does not pass.
    _, _, x, t = CAPSTONE
    for w, b, lr in [(0.5, 1.0, 1.0), (-1.0, 0.25, 0.5), (2.0, -3.0, 4.0)]:
        with _watched_layers(step) as counts:
            got = answer(step, w, b, lr, what="step", if_none="step returns None: return the "
                         "new (w, b).", pair="return the pair (new w, new b).")
        values = [floats(v) for v in got]
        if any(v is None or v.shape != () for v in values):
            raise NotYet(f"return two numbers, the new w and b; got {shown(tuple(got))}.")
        new_w, new_b = (float(v) for v in values)
        _, dw, db, _, _ = _neuron_math(w, b, x, t)
        want = (w - lr * dw, b - lr * db)
        if close((new_w, new_b), want, tol=1e-9):
            if counts["Sigmoid"] == 0:
                raise NotYet("the numbers are right, but no layer's backward ran: take the "
                             "gradients from your neuron, which runs the layers backward.")
            continue
        typical = [
            ((w + lr * dw, b + lr * db), "that step goes uphill: the gradient points where the "
                                         "loss grows, so step against it."),
            ((w - dw, b - db), "the step ignores lr: scale the gradient by the learning rate."),
            ((dw, db), "those are the gradients; return the new w and b."),
            ((w - lr * db, b - lr * dw), "w moves by its own gradient dL/dw, b by dL/db."),
        ]
        raise NotYet(mistake((new_w, new_b), typical,
                             f"from w = {w:g}, b = {b:g} with lr = {lr:g} the step should land "
                             f"at ({want[0]:.6g}, {want[1]:.6g}), got ({new_w:.6g}, "
                             f"{new_b:.6g}).", tol=1e-9))
    return "w - lr * dL/dw and b - lr * dL/db: one step against the gradient."


def _capstone_path(lr, steps=8):
    """The capstone's (w, b) from (0.5, 1) at learning rate lr, from the formulas: entry 0
    before any step, entry i after step i."""
    w, b, x, t = CAPSTONE
    path = [(w, b)]
    for _ in range(steps):
        _, dw, db, _, _ = _neuron_math(w, b, x, t)
        w, b = w - lr * dw, b - lr * db
        path.append((w, b))
    return path


def _capstone_run(lr, steps=8):
    """The capstone's losses along ``_capstone_path``."""
    _, _, x, t = CAPSTONE
    return [_neuron_math(w, b, x, t)[0] for w, b in _capstone_path(lr, steps)]


def _z_after(lr):
    """z = w x + b after one step at learning rate lr from the capstone's start."""
    w, b, x, t = CAPSTONE
    _, dw, db, _, _ = _neuron_math(w, b, x, t)
    return (w - lr * dw) * x + (b - lr * db)


def _runs(train, z20, lr20_loss, lr8_rise=None):
    """Eight steps at lr = 2, 8 and 20: the loss and y = sigma(w x + b) before the first step
    and after each, the losses from the learner's ``train`` (in the lecture view, where nobody
    writes it, from the math), once the lr = 20 predictions' check said Right."""
    from teaching.reveal import lecturing

    if not (lecturing() or learning_rates(z20, lr20_loss)):
        print("Make check.learning_rates say Right first (above); then run this cell again.")
        return
    w, b, x, t = CAPSTONE
    for lr in LRS:
        losses = _capstone_run(lr) if lecturing() else train(lr, 8)
        ys = [stable_sigmoid(w_i * x + b_i) for w_i, b_i in _capstone_path(lr)]
        print(f"lr = {lr:2g}: loss " + " ".join(f"{float(v):.4f}" for v in losses))
        print(f"{'':9}y    " + " ".join(f"{float(v):.4f}" for v in ys))
    if lecturing():                # nobody answered lr8_rise: its Right message goes here
        print(_overshoot()[1])
    _runs_figure()


def _runs_figure():
    """The loss against the step at the three rates (from the math), on a log axis."""
    import matplotlib
    from IPython.display import display

    from teaching import figures

    with matplotlib.rc_context(figures.RC):
        fig, (ax,) = figures.new_figure(6.5, 3.4, 1)
        for lr in LRS:
            ax.plot(range(9), _capstone_run(lr), marker="o", label=f"lr = {lr:g}")
        ax.set(yscale="log", xlabel="step", ylabel="loss", title="eight steps at three rates")
        ax.legend()
        display(fig)


@_then(_runs)
@check
def training_loop(train, z20, lr20_loss, lr8_rise):
    """Checks train(lr, steps): a function, z20, lr20_loss: two floats, lr8_rise: an int."""
    # train gives the losses from (w, b) = (0.5, 1): before the first step, then after each
    # step taken with the learner's step; lr8_rise, found with it: the first step at which
    # lr = 8 raises the loss (step 4). Once Right, the runs at lr = 2, 8 and 20 are shown, if
    # the lr = 20 predictions were Right too.
    for lr, steps in [(1.0, 3), (8.0, 8), (0.5, 5)]:
        with _watched_layers(train) as counts:
            got = answer(train, lr, steps, what="train",
                         if_none="train returns None: return the list of losses.")
        values = floats(got)
        want = _capstone_run(lr, steps)
        if close(values, want[1:], tol=1e-9):
            raise NotYet("the loss before the first step is missing: start the list with it.")
        if values is None or values.shape != (steps + 1,):
            raise NotYet(f"train({lr:g}, {steps}) should return {steps + 1} losses: the one "
                         f"before the first step, then one after each step; got {shown(got)}.")
        if close(values, want, tol=1e-9):
            if counts["Sigmoid"] < steps:
                raise NotYet("the losses are right, but your layers did not run at each step: "
                             "take every step with your step.")
            continue
        raise NotYet(f"train({lr:g}, {steps}) should start at w = 0.5, b = 1 and step from "
                     "there at that lr; compare your losses with loss(w, b) after each step.")
    if untouched(lr8_rise):
        raise NotAttempted("set lr8_rise: the first step at which train(8.0) raises the loss.")
    rise, note = _overshoot()
    if lr8_rise != rise:
        raise NotYet(f"lr8_rise should be a step number, 1 to 8, got {shown(lr8_rise)}: compare "
                     "each loss of train(8.0) with the one before it.")
    return "a training loop: step, measure the loss, repeat. " + note


def _overshoot():
    """The first step at which lr = 8 raises the loss, and a sentence on why."""
    run = _capstone_run(8.0)
    rise = next(i for i in range(1, len(run)) if run[i] > run[i - 1])
    w, b, x, t = CAPSTONE
    y = [float(stable_sigmoid(w_i * x + b_i)) for w_i, b_i in _capstone_path(8.0)]
    return rise, (f"At lr = 8, step {rise} carries y from {y[rise - 1]:.3f} past t = {t:g} to "
                  f"{y[rise]:.3f}, farther from t ({abs(y[rise] - t):.3f}) than before "
                  f"({abs(y[rise - 1] - t):.3f}): the loss rose.")


Z20_TOL = 0.01             # relative: z after lr = 20's first step, two decimals
LOSS20_TOL = 0.001         # absolute: the loss after eight steps at lr = 20, three decimals


def _z20_shown(*answers):
    """z after lr = 20's first step, and sigma' there, from the math."""
    z = _z_after(20.0)
    y = float(stable_sigmoid(z))
    print(f"z after the first step at lr = 20: {z:.2f}; sigma' = y(1 - y) there: "
          f"{y * (1 - y):.1e}.\nEvery later gradient carries that factor, so z and y hardly "
          f"move: the loss stays at {_capstone_run(20.0)[8]:.4f}, near t**2. Learning stalls.")


@_then(_z20_shown)
@check
def learning_rates(z20, lr20_loss):
    """Checks z20 and lr20_loss: two floats; once Right, shows z and sigma' there."""
    # z20: z = w x + b after the first step at lr = 20 (_z_after(20), about -10.2: a step moves
    # z by -lr dL/dz (x**2 + 1)); lr20_loss: the loss after eight steps, to LOSS20_TOL (at that
    # z, y(1 - y) is about 4e-5, so seven more steps move z by about 0.02 and the loss stays
    # near t**2 = 0.09).
    if untouched(z20) or untouched(lr20_loss):
        raise NotAttempted("set both, z20 and lr20_loss.")
    w, b, x, t = CAPSTONE
    want_z = _z_after(20.0)
    got = floats(z20)
    if got is None or got.shape != () or not np.isfinite(got):
        raise NotYet(f"z20 should be one number, got {z20!r}.")
    if abs(float(got) - want_z) > Z20_TOL * abs(want_z):
        _, dw, db, _, _ = _neuron_math(w, b, x, t)
        typical = [
            ((w - 20 * dw) * x + b, "only w moved: b takes its step too."),
            (w * x + b - 20 * db, "only b moved: w takes its step too, and z has it times x."),
            ((w + 20 * dw) * x + b + 20 * db, "that step goes uphill: subtract lr times the "
                                              "gradient."),
            ((w - dw) * x + b - db, "that is a step at lr = 1: this one is at lr = 20."),
        ]
        raise NotYet(mistake(float(got), typical, "move w and b once by -20 times your "
                             "neuron's gradients at w = 0.5, b = 1; then z = w x + b with "
                             f"x = {x:g}.", tol=1e-3))
    loss = floats(lr20_loss)
    if loss is None or loss.shape != () or not np.isfinite(loss):
        raise NotYet(f"lr20_loss should be one number, got {lr20_loss!r}.")
    if abs(float(loss) - _capstone_run(20.0)[8]) > LOSS20_TOL:
        raise NotYet("not that loss. What is y(1 - y) at your z? Every later gradient carries "
                     "that factor: how far can seven more steps move z, and y with it? Then "
                     "L = (y - t)**2 with that y.")
    return f"the first step moves z = w x + b by -20 (x dL/dw + dL/db), from {w * x + b:g}:"


LRS = (2.0, 8.0, 20.0)    # one rate that learns, one whose loss rises, one that stalls
