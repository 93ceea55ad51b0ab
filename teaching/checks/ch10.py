"""Checks for chapter 07, common mistakes.

Each check runs the learner's code on inputs chosen so that one classic mistake
shows, and names that mistake in its hint.  Learner code runs with strict=True
here: an overflow or a warning is itself one of the mistakes.
"""

import ast
import inspect
import types
from pathlib import Path

import numpy as np

import layers

from .core import (NotAttempted, NotYet, answer, call, check, close, floats, layer_answers,
                   mistake, sigmoid_reference)


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
                        "instead of 3. Return x where x > 0 and 0 elsewhere.") for mask, at_3 in masks]
    check_at = np.random.default_rng(0).standard_normal((3, 4))
    check_at[np.abs(check_at) < 0.1] = 0.5   # keep away from the kink at 0, where no derivative exists
    layer_answers(layer_class, (x,), dout, [[1.0, 0.0], [0.0, 3.0]], [[1.0, 0.0], [0.0, 4.0]],
                  wrong_out=wrong_out,
                  wrong_back=[(dout, "backward passed dout through everywhere: block it (0) "
                                     "where x <= 0.")],
                  check_at=(check_at,), strict=True)
    return ("forward keeps the values, backward blocks the gradient where x <= 0, "
            "no array given to it changes, and the gradient check passes.")


class _KeepsDout:
    """A right ReLU: backward builds a new array."""

    def forward(self, x):
        self.mask = x <= 0
        return np.where(self.mask, 0.0, x)

    def backward(self, dout):
        return np.where(self.mask, 0.0, dout)


class _WritesDout(_KeepsDout):
    """Mistake 1: zeros written into dout, and dout returned."""

    def backward(self, dout):
        dout[self.mask] = 0.0
        return dout


class _WritesDoutReturnsCopy(_KeepsDout):
    """Writes into dout, then returns a copy: ``dx is dout`` is False, yet dout changed."""

    def backward(self, dout):
        dout[self.mask] = 0.0
        return dout.copy()


class _PassesDoutOn:
    """An identity layer that returns the very dout it was given, unchanged: no write."""

    def forward(self, x):
        return x.copy()

    def backward(self, dout):
        return dout


# (layer, right answer, hint if the detector gets it wrong)
_DETECTOR_CASES = [
    (_WritesDout, True, "a ReLU that writes zeros into dout got False. Did you keep dout's "
                        "values from before backward? before = dout gives the same array a "
                        "second name; it changes together with dout."),
    (_KeepsDout, False, "a ReLU that builds a new array got True, but dout was left alone. "
                        "Compare dout's values before and after backward, not dx with dout."),
    (_WritesDoutReturnsCopy, True, "a ReLU that writes zeros into dout and then returns a copy "
                                   "got False: dx is not dout, yet dout changed. Compare values, "
                                   "not identity."),
    (_PassesDoutOn, False, "a layer that returns the very dout it was given, unchanged, got "
                           "True: dx is dout, yet nothing was written. Compare values, not "
                           "identity."),
]


@check
def in_place_detector(func):
    """Exercise 7.1: ``writes_into_dout(layer, x, dout)`` -> True iff backward changed dout's values."""
    x = np.array([[1.0, -0.5], [-2.0, 3.0]])   # two entries blocked: a writing ReLU changes dout
    for layer_class, want, hint in _DETECTOR_CASES:
        got = answer(func, layer_class(), x.copy(), np.array([[1.0, 2.0], [3.0, 4.0]]),
                     what="writes_into_dout", strict=True,
                     if_none="writes_into_dout returns None: return True or False.")
        if not isinstance(got, (bool, np.bool_)):
            raise NotYet(f"return True or False, not {type(got).__name__}.")
        if bool(got) != want:
            raise NotYet(hint)
    return ("it tells a write into dout from a new array, whether backward returns dout "
            "itself or a copy: only the values count.")


@check
def fork_backward(func):
    """``grads(x, y)`` -> (dL/dx, dL/dy) for L = x*y + x, where x forks into two nodes."""
    for x, y in [(3.0, 4.0), (-1.5, 2.0), (0.5, -3.0)]:
        got = answer(func, x, y, what="your function", strict=True,
                     if_none="your function returns None: return the pair (dx, dy).",
                     pair="return two gradients: (dx, dy).")
        dx, dy = (floats(g) for g in got)
        if dx is None or dy is None or dx.shape != () or dy.shape != ():
            raise NotYet("return two numbers: (dx, dy).")
        want_dx, want_dy = y + 1.0, x   # d(xy + x)/dx = y + 1, d(xy + x)/dy = x
        if close(dx, want_dx, tol=1e-9) and close(dy, want_dy, tol=1e-9):
            continue
        raise NotYet(mistake(dx, [
            (y, "dx holds only the multiply node's share (y). x also feeds the add node, "
                "which sends back 1: add the two (+=), don't overwrite (=)."),
            (1.0, "dx holds only the add node's share (1): the multiply node's y was "
                  "overwritten. Where x forks, add the gradients (+=)."),
        ], f"at x={x}, y={y}: dL/dx = y + 1 = {want_dx:g}, dL/dy = x = {want_dy:g}.", tol=1e-9))
    slope = layers.numerical_gradient(lambda v: v * 4.0 + v, 3.0)
    return (f"dx = y + 1, the sum of both branches; the numerical slope at "
            f"x=3, y=4 agrees ({slope:.4f}).")


@check
def fork_product(func):
    """Exercise 7.3: ``grads(x, y)`` -> (dL/dx, dL/dy) for L = (x + y) * x: x feeds both nodes."""
    for x, y in [(3.0, 4.0), (-1.5, 2.0), (0.5, -3.0)]:
        got = answer(func, x, y, what="your function", strict=True,
                     if_none="your function returns None: return the pair (dx, dy).",
                     pair="return two gradients: (dx, dy).")
        dx, dy = (floats(g) for g in got)
        if dx is None or dy is None or dx.shape != () or dy.shape != ():
            raise NotYet("return two numbers: (dx, dy).")
        # L = x**2 + x y: dL/dx = 2x + y (x + y through the product, x through the sum), dL/dy = x
        want_dx, want_dy = 2 * x + y, x
        if close(dx, want_dx, tol=1e-9) and close(dy, want_dy, tol=1e-9):
            continue
        if close(dx, want_dx, tol=1e-9):
            raise NotYet(f"dx is right; at x={x}, y={y} dy should be {want_dy:g}, got {float(dy):g}: "
                         "y reaches L only through the add node.")
        raise NotYet(mistake(dx, [
            (x + y, "dx holds only the multiply node's direct share (the other input, x + y). "
                    "x also reaches the product through the add node: add that share too."),
            (x, "dx holds only the share that goes through the add node. x is also a direct "
                "input of the product: add that share too."),
            (y + 1.0, "that is the gradient of mistake 3's L = x y + x; here L = (x + y) x."),
        ], f"at x={x}, y={y}: dL/dx should be {want_dx:g}, got {float(dx):g}. Backward runs "
           "from the product to the sum, and each share of x is added.", tol=1e-9))
    return "dL/dx = (x + y) + x = 2x + y: one share per path from x to L, added; dL/dy = x."


@check
def sigmoid(func):
    """``sigmoid(x)`` for a float array: right and finite everywhere, x left as it was, no
    overflow warning, full relative accuracy in the far tails.

    The values decide, not only the warnings: a naive 1 / (1 + exp(-x)) whose overflow is
    silenced (``np.errstate``) still gives 0 at x = -720, where sigma is e**-720 =
    2.0e-313, a number float64 holds; exp(720) became inf on the way.
    """
    x = np.array([-1000.0, -720.0, -700.0, -40.0, -np.log(3.0), 0.0, np.log(3.0), 40.0, 1000.0])
    want = sigmoid_reference(x)
    given = x.copy()
    try:
        got = floats(call(func, given, what="sigmoid", strict=True, keep={"x": given},
                          fix="compute in new arrays (np.exp(x) gives one), so the caller's x "
                              "stays as it was."))
    except NotYet as not_yet:
        if "overflow" not in str(not_yet):
            raise
        raise NotYet(f"{not_yet}. exp must only ever see numbers <= 0. np.where(...) evaluates "
                     "both of its branches for every element, so the form meant for x < 0 also "
                     "runs on the large positive x: make what you give exp <= 0 for every "
                     "element, in both forms.") from None
    if got is None:
        raise NotYet("sigmoid returned None (or no numbers): return an array shaped like x.")
    if got.shape != x.shape:
        raise NotYet(f"for an array of shape {x.shape} return the same shape, not {got.shape}.")
    if not np.all(np.isfinite(got)):
        i = int(np.argmin(np.isfinite(got)))
        raise NotYet(f"sigmoid({x[i]:.4g}) gave {got[i]}, not a number between 0 and 1: an "
                     "inf met another inf on the way (inf / inf is nan). exp must only ever see "
                     "numbers <= 0.")
    # sigma(+-ln 3) = 3/4 and 1/4, sigma(0) = 1/2 exactly; the tails compared relatively,
    # down to the smallest float64 numbers (the 1e-322 allows a few of their last steps)
    near = np.abs(got - want) <= 1e-12 * np.abs(want) + 1e-322
    if not near.all():
        wrong = np.flatnonzero(~near)
        i = int(wrong[np.argmin(np.abs(x[wrong]))])   # the wrong point nearest 0 says most
        hint = f"sigmoid({x[i]:.4g}) should be {want[i]:.6g}; you got {got[i]:.6g}."
        if x[i] < -709 and got[i] == 0:
            hint += (" That tiny number fits in a float64, but exp(-x) overflowed to inf on the "
                     "way, even if no warning showed: exp must only ever see numbers <= 0.")
        elif x[i] < -10 and got[i] == 0:
            hint += " 1 + (a number close to -1) cancels to 0: use e**x / (1 + e**x) for x < 0."
        raise NotYet(hint)
    return ("no overflow anywhere, sigmoid(-40) keeps its 4.2e-18, sigmoid(-720) its "
            "2.0e-313, sigmoid(+-ln 3) = 0.75 and 0.25 exactly, and x is left as it was.")


@check
def numerical_gradient(func):
    """``num_grad(f, x)``: central differences that work for integer arrays too and leave x alone."""
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
                         f"{want.tolist()}, you got {got.tolist()}: x + 1e-4 stored in an integer "
                         "array rounds the step away. Convert first: x = np.array(x, dtype=float).")
        raise NotYet(f"for x = {x.tolist()} and f = sum(x**3) expect {want.tolist()}, got {got.tolist()}.")
    return "right on integer and float arrays, and x is left as it was."


def _code_objects(code):
    """Every function body compiled from ``code``, by qualified name.

    The names are built while walking down (``Class.method``, ``f.<locals>.g``), as
    Python names functions; ``co_qualname`` would do it, but only from Python 3.11.
    """
    found, todo = {}, [(code, "")]
    while todo:
        parent, prefix = todo.pop()
        for const in parent.co_consts:
            if isinstance(const, types.CodeType):
                name = prefix + const.co_name
                if const.co_flags & inspect.CO_OPTIMIZED:   # a function, not a class body
                    found[name] = const
                    todo.append((const, name + ".<locals>."))
                else:
                    todo.append((const, name + "."))
    return found


def _behaviour(code):
    """What a code object does, without where it came from: tools such as IPython's
    autoreload compile single functions, so line and column numbers may differ."""
    consts = tuple(_behaviour(c) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return (code.co_code, consts, code.co_names, code.co_varnames, code.co_freevars,
            code.co_cellvars, code.co_argcount, code.co_posonlyargcount,
            code.co_kwonlyargcount, code.co_flags)


def _functions_in_memory(module):
    """The functions and methods of ``module`` as loaded in memory, by qualified name.

    Only code compiled from the module's own file counts.  A decorated function is
    found through what its decorator kept of it (``__wrapped__``, or the closure of the
    wrapper), so a decorator written in the same file does not hide it.
    """
    here = Path(module.__file__)
    found, todo, seen = {}, [], set()
    for obj in vars(module).values():
        todo.extend(vars(obj).values() if inspect.isclass(obj) else [obj])
    while todo:
        member = todo.pop()
        member = getattr(member, "__func__", member)   # staticmethod / classmethod
        if isinstance(member, property):
            todo.extend(f for f in (member.fget, member.fset, member.fdel) if f is not None)
            continue
        if not inspect.isfunction(member) or id(member) in seen:
            continue
        seen.add(id(member))
        code = member.__code__
        if Path(code.co_filename) == here:
            # the code's own qualified name (Python 3.11+), else the function's if it is
            # the code's (functools.wraps gives a wrapper the name of what it wraps)
            name = getattr(code, "co_qualname", None)
            if name is None and member.__qualname__.rsplit(".", 1)[-1] == code.co_name:
                name = member.__qualname__
            if name is not None and "<lambda>" not in name:   # lambdas share one name
                found[name] = code
        todo.extend(cell.cell_contents for cell in member.__closure__ or ()
                    if _cell_filled(cell))
        wrapped = vars(member).get("__wrapped__")
        if wrapped is not None:
            todo.append(wrapped)
    return found


def _cell_filled(cell):
    try:
        cell.cell_contents
    except ValueError:   # a closure variable not assigned yet
        return False
    return True


def _always_defined(tree):
    """Qualified names of the functions a file defines whenever it is imported: at the top
    level or in a top-level class, not under ``if`` (``if __name__ == "__main__":``),
    ``try`` or a function."""
    names, todo = [], [(tree.body, "")]
    while todo:
        body, prefix = todo.pop()
        for node in body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                names.append(prefix + node.name)
            elif isinstance(node, ast.ClassDef):
                todo.append((node.body, prefix + node.name + "."))
    return names


def _has(module, qualname):
    """True if ``module`` in memory has something at ``qualname`` (``f``, ``Class.method``)."""
    where = module
    for part in qualname.split("."):
        space = vars(where) if inspect.isclass(where) or inspect.ismodule(where) else {}
        if part not in space:
            return False
        where = space[part]
    return True


@check
def module_fresh(module):
    """Right if the functions of ``module`` in memory are the ones in its file on disk.

    Compiles the file as it is now and compares every function's code with the
    code the running notebook uses; a stale import shows as a difference.  A file
    being edited (a syntax error), deleted or unreadable gets a hint, not a traceback.
    """
    path = getattr(module, "__file__", None) if isinstance(module, types.ModuleType) else None
    if not isinstance(path, str) or not path.endswith(".py"):
        raise NotYet("pass an imported module of your own, e.g. check.module_fresh(layers).")
    name = Path(path).name
    try:
        source = Path(path).read_bytes()
    except OSError as err:
        raise NotYet(f"{name} cannot be read ({type(err).__name__}: {err.strerror or err}): "
                     "was it moved or deleted? Save it again where it was.") from None
    try:
        # bytes, so that a "# coding: latin-1" line is honoured, as import does
        on_disk = _code_objects(compile(source, path, "exec"))
        always = _always_defined(ast.parse(source, path))
    except (SyntaxError, ValueError) as err:
        where = f" (line {err.lineno})" if getattr(err, "lineno", None) else ""
        raise NotYet(f"{name} on disk does not compile{where}: {getattr(err, 'msg', err)}. "
                     "Finish the edit (or undo it), save, and run this cell again.") from None
    in_memory = _functions_in_memory(module)
    changed = [qual for qual, code in in_memory.items()
               if qual in on_disk and _behaviour(on_disk[qual]) != _behaviour(code)]
    new = [qual for qual in always if qual in on_disk and not _has(module, qual)]
    if changed or new:
        what = ", ".join(sorted(changed + new)[:4])
        verb = "differs" if len(changed + new) == 1 else "differ"
        raise NotYet(f"{module.__name__} is stale: {what} in memory {verb} from "
                     f"{name} on disk. Run importlib.reload({module.__name__}), "
                     "restart the kernel, or use %autoreload 2.")
    return f"{module.__name__} in memory matches {name} on disk."


# --- the exercises of chapter 10 ---

@check
def error_for_factor(func, k_seen=None):
    """Exercise 10.1: ``error_for_factor(k)`` -> |k - 1| / (k + 1), the relative error of a
    gradient k times the right one; ``k_seen``: the k behind an error of 31/33 (batch of 32)."""
    for k in (2.0, 0.5, 1.0, 1 / 8, 3.0, 10.0):
        got = answer(func, k, what="error_for_factor",
                     if_none="error_for_factor returns None: return the relative error.")
        want = abs(k - 1) / (k + 1)
        if not close(got, want, tol=1e-9):
            raise NotYet(mistake(got, [
                (abs(k - 1), "that is ||kg - g|| / ||g||: the relative error divides by "
                             "||kg|| + ||g||, the sum of both sizes."),
                (abs(k - 1) / k, "divide by the sum of both sizes, ||kg|| + ||g|| = (k + 1) ||g||."),
            ], f"for k = {k:g}: ||kg - g|| = |k - 1| ||g|| and ||kg|| + ||g|| = (k + 1) ||g||."))
    if k_seen is None or k_seen is Ellipsis:
        raise NotYet("your function is right; now set k_seen to the factor behind 0.9394.")
    if close(k_seen, 32.0, tol=1e-3):
        raise NotYet("k = 32 gives the same error, but a batch of 32 and a factor of 32 the "
                     "other way round: which mistake makes a gradient N times too small?")
    if not close(k_seen, 1 / 32, tol=1e-3):
        raise NotYet("solve |k - 1| / (k + 1) = 0.9394 for k < 1; the batch size is a clue.")
    return ("|k - 1| / (k + 1), and 31/33 = 0.9394 is k = 1/32: every gradient 32 times too "
            "small on a batch of 32, the loss's 1/N applied a second time (mistake 3).")


@check
def reused_layer(dapple):
    """Exercise 10.2: what one MulLayer for both fruits gives as d apple (4 apples at 120 yen,
    5 oranges at 90 yen, tax 1.08): the stored inputs are the orange's, so tax x 5."""
    if dapple is None or dapple is Ellipsis:
        raise NotAttempted("put your prediction for dapple into dapple_buggy.")
    want = 1.08 * 5
    if not close(dapple, want):
        raise NotYet(mistake(dapple, [
            (1.08 * 4, "that is the right d apple; the buggy layer no longer holds the "
                       "apple's inputs when backward runs."),
            (1.08 * 90, "that is the gradient for the count: backward returns (dout * y, "
                        "dout * x) of the inputs it stored, in that order."),
            (5.0, "the upstream gradient reaching that node is the tax, not 1."),
        ], "which inputs does the shared MulLayer hold when backward runs, and what does a "
           "multiply node send to its first input?"))
    return ("1.08 x 5 = 5.4: backward used the orange count 5 that the second forward "
            "stored, where the right answer is 1.08 x 4 = 4.32.")


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


def _bowl_path(learning_rate, steps, sign=-1.0, pile_up=False):
    """The losses of the bowl under an update with ``sign`` and, if ``pile_up``, a running
    total of gradients: the right loop, and the three wrong ones, for the hints."""
    model, t = _Bowl(), np.array([[0.5, 0.5], [-1.0, 1.0]])
    total = {k: np.zeros_like(v) for k, v in model.params.items()}
    losses = []
    for _ in range(steps):
        grads = model.gradient(None, t)
        for k in model.params:
            total[k] = total[k] + grads[k] if pile_up else grads[k]
            model.params[k] = model.params[k] + sign * learning_rate * total[k]
        losses.append(model.loss(None, t))
    return losses


@check
def fixed_train(func):
    """Exercise 10.3: ``fixed_train(model, x, t, learning_rate, steps)`` -> the losses after
    each step of plain gradient descent (minus sign, one fresh gradient per step)."""
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
            (_bowl_path(learning_rate, steps, sign=+1.0, pile_up=True), "both bugs are still "
             "there: look at the sign of the step and at what is added to total."),
            (_bowl_path(learning_rate, steps, sign=+1.0), "the loss rises: the step goes "
             "uphill. Which way does a gradient point?"),
            (_bowl_path(learning_rate, steps, pile_up=True), "the first step is right, later "
             "ones too long: each step must use only its own gradient."),
        ], "each step: one fresh gradient, params[k] -= learning_rate * grads[k], then "
           "record the loss."))
    return ("the loss falls at every step: one fresh gradient per step, and the step goes "
            "downhill (params -= learning_rate * grads).")
