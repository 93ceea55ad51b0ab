"""Checks for the exercises of chapter 02, the chain rule.

While a check runs the learner's code, ``layers.numerical_gradient`` is blocked: each
exercise asks for derivatives worked out by hand.
A prediction's check shows the evidence (the layers run, the explorer) under its Right
verdict; in the lecture view, where nobody writes predictions, behind a "Show the answer" button.
"""

import contextlib
import functools
import inspect
import io
import textwrap

import numpy as np

import layers
from layers import AddLayer, MulLayer, SquareLayer, numerical_gradient

from ..reveal import answer_button, lecturing, unwritten
from .core import (
    NotAttempted,
    NotYet,
    answer,
    backward,
    call,
    check,
    close,
    dict_answer,
    floats,
    layer_answers,
    library_unused,
    method,
    mistake,
    shown,
    untouched,
)


def _shown_in_lecture(*right):
    """Decorate a check of a prediction: in the lecture view, where nobody writes it, a
    "Show the answer" button over what the check says to the right answer ``right``."""
    def wrap(verdict_of):
        @functools.wraps(verdict_of)
        def run(*args, **kwargs):
            if lecturing() and unwritten(args[0] if args else None):
                from IPython.display import display
                display(answer_button(lambda: print(verdict_of(*right))))
            return verdict_of(*args, **kwargs)
        return run
    return wrap


def _printed(show):
    """What ``show()`` prints, to follow a check's praise: evidence shown only under Right."""
    text = io.StringIO()
    with contextlib.redirect_stdout(text):
        show()
    return "\n" + text.getvalue().rstrip()


@contextlib.contextmanager
def _by_hand():
    """Make ``layers.numerical_gradient`` refuse while the learner's code runs."""
    def refuse(*args, **kwargs):
        raise NotYet("your code called layers.numerical_gradient: this exercise asks for the "
                     "derivatives worked out by hand (the check compares them with it).")
    saved = layers.numerical_gradient
    layers.numerical_gradient = refuse
    try:
        yield
    finally:
        layers.numerical_gradient = saved


def _number(value, name, what):
    """``value`` as a float, or ``NotYet`` saying that ``name`` should be a number."""
    got = floats(value)
    if got is None or got.shape != () or not np.isfinite(got):
        raise NotYet(f"{name}: give a number, {what}.")
    return float(got)


# z = (x + y)**2 at x = 2, y = -0.5: t = 1.5, z = 2.25, 2t = 3.  z feeds L = (z - 3)**2, so
# the backward pass starts from dL/dz = 2(z - 3) = -1.5; the square node sends -1.5 * 3 and
# the add node passes it on times 1: x receives -4.5.
_UPSTREAM_T = 1.5
_TARGET = 3.0


def loss_backward():
    """The chapter's layers at x = 2, y = -0.5, their backward pass started from dL/dz, and
    the numerical slope of L along x."""
    add, square = AddLayer(), SquareLayer()
    z = square.forward(add.forward(2.0, -0.5))
    dx, dy = add.backward(square.backward(2 * (z - _TARGET)))   # dL/dz = 2(z - 3)
    slope = numerical_gradient(
        lambda v: (SquareLayer().forward(AddLayer().forward(v, -0.5)) - _TARGET) ** 2, 2.0)
    print(f"the layers from dL/dz: dL/dx = {dx:.4g}, dL/dy = {dy:.4g}; "
          f"numerical slope of L along x: {slope:.4g}")


@_shown_in_lecture(2 * (_UPSTREAM_T ** 2 - _TARGET) * 2 * _UPSTREAM_T)
@check
def upstream_dx(my_dx):
    """The chapter's prediction: what x receives in z = (x + y)**2 at x = 2, y = -0.5 when
    z feeds L = (z - 3)**2."""
    if untouched(my_dx):
        raise NotAttempted("set my_dx to the number you work out on paper.")
    got = _number(my_dx, "my_dx", "what x receives")
    t = _UPSTREAM_T
    z = t * t
    upstream = 2 * (z - _TARGET)
    if not close(got, upstream * 2 * t, tol=1e-9):
        raise NotYet(mistake(got, [
            (2 * t, "that is what x receives when the backward pass starts from 1; with L it "
                    "starts from dL/dz."),
            (upstream, "that is dL/dz, where the backward pass starts; the square node and "
                       "the add node still multiply it by their local derivatives."),
            (-upstream * 2 * t, "the sign: z is below the target, so what is the sign of "
                                "dL/dz?"),
            (2 * (t - _TARGET) * 2 * t, "the loss takes z, not t: work out z = t**2 first."),
            (2 * z * 2 * t, "the target 3 is subtracted before the squaring: differentiate "
                            "(z - 3)**2, not z**2."),
            (upstream / 2 * 2 * t, "a factor 2 is missing: the power rule brings one down in "
                                   "each of the two squarings."),
        ], "work out z at this point and the local derivative of (z - 3)**2 with respect to "
           "z; multiply that upstream by the square node's 2t (t = x + y), then by the add "
           "node's 1.", tol=1e-9))
    return ("-4.5: the pass starts from dL/dz = 2(z - 3) = -1.5 instead of 1; the square node "
            "and the add node multiply it exactly as before." + _printed(loss_backward))


# z = t**2, t = x * y: dz/dx = 2t * y = 2xy**2. At (1, 2): 4 * 2 = 8; at (1, -2): (-4) * (-2)
# = 8. Forgetting dt/dx draws slope 2t instead of 2t * y; they are equal where
# 2t(y - 1) = 0: on the line y = 1, and where t = xy = 0, the lines x = 0 and y = 0.
_SLOPE_POINTS = {"at (1, 2)": (1.0, 2.0), "at (1, -2)": (1.0, -2.0)}
_LINES = {"x =": {0.0}, "y =": {0.0, 1.0}}


def _line_values(given, key):
    """The learner's list of c for the lines ``key`` c, as a set of floats, or ``NotYet``."""
    values = given[key]
    if not isinstance(values, (list, tuple, set)):
        raise NotYet(f"harmless_lines[{key!r}] should be a list of numbers c (the lines "
                     f"{key} c), empty [] if there is none.")
    got = set()
    for value in values:
        got.add(_number(value, f"each entry of harmless_lines[{key!r}]", "a value c"))
    return got


def explorer_slope():
    """The red line's slope at (1, 2), from the layers the explorer runs: MulLayer makes
    t = x * y, SquareLayer z = t**2, and the backward pass multiplies the two links."""
    mul, square = MulLayer(), SquareLayer()
    z = square.forward(mul.forward(1.0, 2.0))    # t = x * y = 2, z = t**2
    dx, dy = mul.backward(square.backward(1.0))  # dz/dt = 2t, times dt/dx = y
    print(f"at (1, 2): z = {z:g}, dz/dx = {dx:g}")


def _listed(show):
    """``show``'s body as code, then what it prints: the evidence with the code behind it."""
    body = inspect.getsource(show).split('"""')[-1]
    return "\n" + textwrap.dedent(body).strip() + _printed(show)


def chain_explorer():
    """Display the chain-rule explorer: the chapter shows it once its prediction is right."""
    from IPython.display import display

    from teaching.plots import ChainRuleExplorer
    display(ChainRuleExplorer(x=-1.0, y=1.5))


@_shown_in_lecture({"at (1, 2)": 8.0, "at (1, -2)": 8.0}, {"x =": [0.0], "y =": [0.0, 1.0]})
@check
def chain_slopes(predicted, harmless_lines):
    """The chapter's prediction before the chain-rule explorer: dz/dx of z = (xy)**2 at
    (1, 2) and (1, -2), and ``harmless_lines``, {"x =": [...], "y =": [...]}: the lines
    x = c and y = c where forgetting dt/dx does no harm (data, so that no code can find
    them by comparing the two slopes)."""
    dict_answer(predicted, tuple(_SLOPE_POINTS), "{'at (1, 2)': 5, 'at (1, -2)': -1}",
                "your prediction")
    for key, (x, y) in _SLOPE_POINTS.items():
        got = _number(predicted[key], key, "the slope dz/dx")
        t = x * y
        if not close(got, 2 * t * y, tol=1e-9):
            raise NotYet(f"{key}: " + mistake(got, [
                (2 * t, f"{shown(2 * t)} is dz/dt alone (and z is {shown(t * t)}); multiply "
                        "by the second link dt/dx."),
                (-2 * t * y, "the sign: work out the sign of each factor, dz/dt = 2t with "
                             "t = xy, and dt/dx."),
                (t * t, "that is z itself; you want its slope along x."),
            ], f"multiply dz/dt = 2t by dt/dx, with t = xy = {shown(t)}.", tol=1e-9))
    if callable(harmless_lines):
        raise NotYet("give harmless_lines as data, a dict of two lists, not as code.")
    dict_answer(harmless_lines, tuple(_LINES), "{'x =': [2.5], 'y =': []}",
                "a list of the values c")
    got = {key: _line_values(harmless_lines, key) for key in _LINES}
    for key, want in _LINES.items():
        extra = sorted(c for c in got[key] if not any(close(c, w, tol=1e-9) for w in want))
        if extra:
            raise NotYet(f"on the line {key} {extra[0]:g} the two slopes 2t and 2t * y differ "
                         "at most points: work out both there.")
    missing = {key: [w for w in want if not any(close(c, w, tol=1e-9) for c in got[key])]
               for key, want in _LINES.items()}
    if missing["y ="] == [0.0] and not missing["x ="]:
        raise NotYet("one line is missing: where is t = xy zero?")
    if any(missing.values()):
        raise NotYet("a line is missing: set 2t equal to 2t * y and find every (x, y) that "
                     "solves it; the factor t = xy can be zero too.")
    chain_explorer()
    return ("8 at both points: dz/dx = 2t (dz/dt) * y (dt/dx), and at (1, -2) both factors "
            "are negative, so their product is not. Your three lines solve 2t(y - 1) = 0: a "
            "gradient check made only there would pass the wrong formula. The explorer above "
            "draws its red line with these layers' backward pass; try your points in it:\n"
            + _listed(explorer_slope))


# z = sqrt(x**2 + y**2) through two SquareLayers, AddLayer, then SqrtLayer: the local
# derivative of u = sqrt(t) is 1 / (2 sqrt(t)) = 1 / (2u), so dz/dx = 1 / (2u) * 1 * 2x = x / u.
# At x = 3, y = 4: t = 25, u = 5, so 1 / 10 * 1 * 6 = 0.6 (the usual slips give 5, -0.6, 0.1,
# 0.3, 1.2, 0.12, 0.8, 6: all different).
# The layer alone at x = 4 with dout = 3: forward 2, backward 3 / (2 * 2) = 0.75.
_SQRT_POINTS = [(2.0, -0.5), (1.5, 0.5), (-0.5, 2.0), (1.2, 0.7)]
_KEEPS_ONLY_OUTPUT = ("backward used something besides the output: after forward the check "
                      "sets every attribute that does not hold u to None. Write the local "
                      "derivative with u.")


def _only_output_kept(layer, out):
    """Set every attribute of ``layer`` that does not hold ``out`` to None; ``NotYet`` if
    none holds it (backward may then use nothing but the output forward kept)."""
    kept = vars(layer) if hasattr(layer, "__dict__") else {}
    holds = {name for name, value in kept.items()
             if floats(value) is not None and floats(value).shape == np.shape(out)
             and close(value, out, tol=1e-12)}
    if not holds:
        raise NotYet("forward keeps no copy of its output u (self.out = ...): backward needs "
                     "it.")
    for name in set(kept) - holds:
        setattr(layer, name, None)


# A derived backward is exact to rounding (1e-15 relative); one that measures its slope with
# small steps (central differences by hand) misses by about 1e-9 relative or more: h**2
# truncation against 1e-16 / h rounding.  So derived gradients are compared within 1e-12.
_EXACT = 1e-12
_MEASURED = ("close to the slope but not exact: it looks measured with small steps, not "
             "derived. Write the local derivative as a formula.")


def _measured(got, want):
    """True if ``got`` is within 1e-4 of ``want`` (relative) but not exact: a measured slope."""
    return abs(float(got) - want) < 1e-4 * abs(want)


def _sqrt_backward(node, x, dout):
    """Forward through the learner's ``node`` at ``x``, wipe all but the output, then its
    backward(dout); the output and dx, or ``NotYet``."""
    out = answer(method(node, "forward"), x, what="forward",
                 if_none="forward returns None: return sqrt(x) (and keep it).")
    if not close(out, np.sqrt(x)):
        raise NotYet(mistake(out, [(0.5 / np.sqrt(x), "forward returns the local "
                                    "derivative; it should return sqrt(x).")],
                             f"forward({shown(x)}) should give sqrt({shown(x)})."))
    _only_output_kept(node, out)
    try:
        (dx,) = backward(node, dout, 1)
    except NotYet as not_yet:
        if "raised" in str(not_yet):
            raise NotYet(_KEEPS_ONLY_OUTPUT) from None
        raise
    return out, float(dx)


@check
def sqrt_layer(layer_class):
    """Exercise 1: ``layer_class``, the node u = sqrt(x) whose backward uses the kept
    output alone (every other attribute is set to None before backward), alone and chained
    after two ``SquareLayer`` and an ``AddLayer`` (z = sqrt(x**2 + y**2)), exact within
    _EXACT."""
    x, dout = 4.0, 3.0
    refusal = "your SqrtLayer runs {name}: write forward and backward yourself, one line each."
    with _by_hand(), library_unused(refusal):
        node = call(layer_class, what="creating the layer")
        _, dx = _sqrt_backward(node, x, dout)
    u = 2.0
    if not close(dx, dout / (2 * u)):
        raise NotYet(mistake(dx, [
            (1 / (2 * u), "backward leaves out dout: multiply the local derivative by the "
                          "upstream gradient."),
            (-dout / (2 * u), "the sign: a larger x makes sqrt(x) larger."),
            (dout * u, "that is dout times the output u; the local derivative of sqrt(x) is "
                       "not u."),
            (dout / u, "write sqrt(x) as x**0.5 and apply the power rule: the factor 0.5 "
                       "comes down."),
            (dout * 2 * u, "write sqrt(x) as x**0.5 and apply the power rule: the power "
                           "drops by one, so u ends up below the fraction bar."),
        ], f"with x = 4 and dout = 3, dx should be {shown(dout / (2 * u))}, got {shown(dx)}."))
    for x, y in _SQRT_POINTS:
        square_x, square_y, add = SquareLayer(), SquareLayer(), AddLayer()
        t = add.forward(square_x.forward(x), square_y.forward(y))
        with _by_hand(), library_unused(refusal):
            node = call(layer_class, what="creating the layer")
            _, dt = _sqrt_backward(node, t, 1.0)
        da, db = add.backward(dt)
        dx, dy = square_x.backward(da), square_y.backward(db)
        r = np.sqrt(x * x + y * y)
        where = f"chained as sqrt(x**2 + y**2) at x = {x:g}, y = {y:g}"
        for got, want, name, at, other in ((dx, x / r, "x", x, y), (dy, y / r, "y", y, x)):
            if abs(got - want) <= _EXACT * abs(want):
                continue
            if _measured(got, want):
                raise NotYet(f"{where}, d{name} is {_MEASURED}")
            slope = numerical_gradient(lambda v: np.sqrt(v * v + other * other), at)
            raise NotYet(f"{where}, {name} receives {shown(got)}, but the numerical slope is "
                         f"{shown(slope)}: does backward use what its own forward kept?")
    return ("backward is dout / (2u), exact with nothing but the output kept, alone and "
            "chained as sqrt(x**2 + y**2) at every point. A node may keep its output instead "
            "of its input when its local derivative is easier to write that way.")


_BY_HAND = 0.6   # dz/dx of sqrt(x**2 + y**2) at (3, 4): 1 / (2 * 5) * 1 * (2 * 3)


@_shown_in_lecture(_BY_HAND)
@check
def sqrt_by_hand(by_hand):
    """Exercise 1, before the layer is written: dz/dx of z = sqrt(x**2 + y**2), chained
    from two squares, an add and the square root, at x = 3, y = 4."""
    if untouched(by_hand):
        raise NotAttempted("set by_hand to the number you work out on paper for x = 3, y = 4.")
    by_hand = _number(by_hand, "by_hand", "what x receives")
    if not close(by_hand, _BY_HAND, tol=_EXACT) and _measured(by_hand, _BY_HAND):
        raise NotYet(_MEASURED)
    if not close(by_hand, _BY_HAND, tol=_EXACT):
        raise NotYet(mistake(by_hand, [
            (5.0, "that is z = u itself; you want what x receives."),
            (-_BY_HAND, "the sign: a larger x makes x**2 + y**2, and so z, larger here."),
            (0.1, "that stops at the add node: x also passes through the square node x**2, "
                  "whose local derivative is a third factor."),
            (0.3, "the square node's local derivative is 2x, not x."),
            (1.2, "write sqrt(t) as t**0.5 and apply the power rule: the factor 0.5 comes "
                  "down."),
            (0.12, "the square root's local derivative is 1 / (2u) with u = sqrt(t), not t."),
            (0.8, "that is what y receives: the square node on x's path has 2x."),
            (6.0, "that is the square node's factor alone; the square root's local "
                  "derivative multiplies it."),
        ], "multiply, along x's path, the local derivatives of the square root (at t = 25), "
           "the add node and the square node (at x = 3)."))
    return ("0.6 = 1 / (2 * 5) * 1 * (2 * 3): the square root's 1 / (2u) at u = 5, the add "
            "node's 1, the square node's 2x at x = 3; two of the three factors change with x.")


# t = x / y: dt/dx = 1/y, dt/dy = x * (-y**-2) = -x/y**2.  Alone at x = 3, y = 0.5 with
# dout = 2: (4, -24).  Compared within _EXACT at several points.
_DIV_POINTS = [(-1.5, 2.5), (3.0, -1.5), (0.7, 0.3), (2.0, 4.0)]


@_shown_in_lecture((4.0, -24.0))
@check
def div_by_hand(my_div_grads):
    """Exercise 2, before the layer is written: (dx, dy) of t = x / y at x = 3, y = 0.5
    with dout = 2."""
    if untouched(my_div_grads):
        raise NotAttempted("set my_div_grads to the pair (dx, dy) you work out on paper.")
    got = floats(my_div_grads)
    if got is None or got.shape != (2,) or not np.all(np.isfinite(got)):
        raise NotYet("my_div_grads: give a pair of numbers, (dx, dy).")
    x, y, dout = 3.0, 0.5, 2.0
    want = (dout / y, -dout * x / y ** 2)
    if close(got[0], want[0], tol=_EXACT) and close(got[1], want[1], tol=_EXACT):
        return "(4, -24): dout / y, and dout times x * (-y**-2)."
    if all(close(g, w, tol=_EXACT) or _measured(g, w) for g, w in zip(got, want)):
        raise NotYet(_MEASURED)
    if not close(got[0], want[0]):
        raise NotYet(mistake(got[0], [
            (dout * y, "dx: dout * y is the slope of x * y along x; here y divides."),
            (1 / y, "dx leaves out dout: multiply the local derivative by the upstream 2."),
        ], "dx is not dout times the derivative of x / y by x, at y = 0.5."))
    raise NotYet(mistake(got[1], [
        (-want[1], "dy: the sign. A larger y makes x / y smaller."),
        (-dout / y ** 2, "dy uses the derivative of 1 / y alone; x / y = x * y**-1 has the "
                         "factor x too."),
        (-x / y ** 2, "dy leaves out dout: multiply the local derivative by the upstream 2."),
        (dout * x, "dy: dout * x is the slope of x * y along y; here y divides, so "
                   "differentiate x * y**-1 by y with the power rule."),
    ], "dy is not dout times the derivative of x * y**-1 by y, at x = 3, y = 0.5."))


@check
def div_layer(layer_class):
    """Exercise 2: ``layer_class``, the node t = x / y: forward keeps what backward needs,
    backward returns (dx, dy), derived, so exact at several points (a measured slope misses
    by 1e-9 or more).  Tried first at a point other than ``div_by_hand``'s, so that no hint
    shows that prediction's answer."""
    x, y, dout = 1.5, 0.25, 3.0
    refusal = "your DivLayer runs {name}: write forward and backward yourself."
    with _by_hand(), library_unused(refusal):
        layer_answers(layer_class, (x, y), dout, x / y, (dout / y, -dout * x / y ** 2),
                      wrong_out=[(y / x, "forward divides the wrong way round: x / y.")],
                      wrong_back=[((dout * y, dout * x), "those are the slopes of x * y; "
                                   "the local derivatives of x / y differ."),
                                  ((dout / y, dout * x / y ** 2), "dy has the wrong sign: a "
                                   "larger y makes x / y smaller."),
                                  ((dout / y, -dout / y ** 2), "dy uses the derivative of "
                                   "1 / y alone; x / y = x * y**-1 has the factor x too."),
                                  ((1 / y, -x / y ** 2), "backward leaves out dout: multiply "
                                   "each local derivative by the upstream gradient.")])
    for x, y in _DIV_POINTS:
        with _by_hand(), library_unused(refusal):
            node = call(layer_class, what="creating the layer")
            call(method(node, "forward"), x, y, what="forward")
            dx, dy = backward(node, 1.0, 2)
        for got, want, name in ((dx, 1 / y, "dx"), (dy, -x / y ** 2, "dy")):
            if abs(float(got) - want) > _EXACT * abs(want):
                raise NotYet(f"at x = {x:g}, y = {y:g}, {name} is " + (
                    _MEASURED if _measured(got, want) else
                    "not the local derivative times dout: differentiate x * y**-1 by x, "
                    "then by y."))
    return ("dx = dout / y and dy = -dout * x / y**2, exact at every point tried: the power "
            "rule on x * y**-1, sign included.")

