"""The one convention every exercise check follows, and the helpers the checks share.

A check is a function decorated with ``@check``.  Its body tries the learner's
answer and either returns its praise (one sentence: what is right) or raises
``NotYet(hint)`` (one sentence: what to look at next).  ``@check`` turns either
into a ``Verdict``, shown as "Right: <praise>" or "Not yet. Hint: <hint>"::

    @check
    def double(func):
        got = answer(func, 3.0, if_none="double returns None: return 2 * x.")
        if not close(got, 6.0):
            raise NotYet(mistake(got, [(9.0, "that is x squared.")], "double(3) is 6."))
        return "double(3) = 6."

The learner's code runs only through ``call`` (or the helpers built on it:
``answer``, ``backward``, ``gradient_checked``, ``layer_answers``), and the
learner's methods are looked up only through ``method``.  ``call`` turns
whatever that code does wrong (raise, warn when strict, write into an array it
was given, call ``sys.exit()`` or ``exit()``) into ``NotYet`` naming the mistake;
``method`` does the same for a missing or misspelt method and for None where an
object was expected.  So no learner mistake can crash a check (or end the
kernel), while a bug in a check itself still raises as usual.

An untouched template (a body that is still ``raise NotImplementedError``, a
value still None) becomes ``NotAttempted``: the verdict says only that it is
not attempted yet, with no hint.
"""

import contextlib
import difflib
import dis
import functools
import inspect
import sys
import warnings
from pathlib import Path

import numpy as np

import layers
from layers import gradient_check
from teaching.reveal import lecturing

# A right backward in float64 stays orders of magnitude below this; any real mistake
# (a missing factor, a wrong sign) is far above it.
GRADIENT_TOLERANCE = 1e-7

NEW_ARRAY = ("build a new array, for example with np.where(...) or dout * ..., "
             "instead of writing into dout.")


# --- the convention ---

class Verdict:
    """The result of a check: true iff the answer is right; displayed as its message."""

    __slots__ = ("ok", "message")

    def __init__(self, ok, message):
        self.ok = bool(ok)
        self.message = message

    @classmethod
    def right(cls, praise):
        return cls(True, f"Right: {praise}")

    @classmethod
    def not_yet(cls, hint):
        return cls(False, f"Not yet. Hint: {hint}")

    @classmethod
    def not_attempted(cls, todo):
        # in the lecture view nobody answers: an untouched exercise shows nothing there
        return cls(False, "" if lecturing() else f"Not attempted yet: {todo}")

    def __bool__(self):
        return self.ok

    def __repr__(self):
        # the message alone, so a check as a cell's last expression shows just that line
        return self.message

    __str__ = __repr__

    def _repr_pretty_(self, printer, cycle):
        printer.text(self.message)


class NotYet(Exception):
    """Raised inside a check: the answer is not right yet.  Its message is the hint."""


class NotAttempted(Exception):
    """Raised inside a check: the template is still untouched.  Its message says what to
    fill in, never a hint about the answer (a hint comes only after a real attempt)."""


# What an untouched template does: a function or method whose body is still
# ``raise NotImplementedError(...)``, or a value still ``None`` (or ``...``).
TEMPLATE = "fill in the lines marked YOUR CODE, then run this cell again."


def check(body):
    """Make ``body`` a check: its returned praise or its ``NotYet`` hint becomes a ``Verdict``."""
    @functools.wraps(body)
    def run(*args, **kwargs):
        try:
            praise = body(*args, **kwargs)
        except NotAttempted as untouched:
            return Verdict.not_attempted(str(untouched) or TEMPLATE)
        except NotYet as not_yet:
            return Verdict.not_yet(str(not_yet))
        if not isinstance(praise, str) or not praise:
            raise TypeError(f"the check {body.__name__} must return its praise (a sentence) "
                            f"or raise NotYet; it returned {praise!r}")
        return Verdict.right(praise)
    return run


# --- comparing numbers ---

def floats(value):
    """``value`` as a float64 array, or None if it is not a real number or an array of them."""
    if value is None or isinstance(value, str):
        return None
    try:
        return np.asarray(value, dtype=np.float64)
    except Exception:   # ragged lists, layers, objects whose __float__ raises: not numbers
        return None


def close(value, want, tol=1e-6):
    """True if ``value`` is finite, has the shape of ``want`` (a number is shape ()), and
    every element is within ``tol`` of ``want`` (relative; absolute where |want| < 1)."""
    got, want = floats(value), np.asarray(want, dtype=np.float64)
    return (got is not None and got.shape == want.shape and bool(np.all(np.isfinite(got)))
            and bool(np.all(np.abs(got - want) <= tol * np.maximum(1.0, np.abs(want)))))


def mistake(got, typical, otherwise, tol=1e-6):
    """The hint of the first ``typical`` wrong answer, a (value, hint) pair, that ``got``
    matches; ``otherwise`` if it matches none."""
    return next((hint for wrong, hint in typical if close(got, wrong, tol)), otherwise)


def shown(value):
    """``value`` as a learner would write it: 3 for 3.0, arrays as lists rounded to 4 places."""
    if isinstance(value, tuple):     # (2,) keeps its comma, as Python writes a 1-tuple
        return "(" + ", ".join(shown(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    arr = floats(value)
    if arr is None:
        try:
            return repr(value)
        except Exception:   # a learner's object whose __repr__ fails
            return f"a {type(value).__name__}"
    if arr.shape == ():
        return f"{float(arr):.6g}"
    return str(np.round(arr, 4).tolist())


def sigmoid_reference(x):
    """sigma(x) = 1 / (1 + e**-x) = exp(-ln(1 + e**-x)), with ln(1 + e**-x) from
    ``np.logaddexp(0, -x)``, which never overflows: the values the sigmoid checks compare
    with (relative error about 1e-14 even at x = -700; exp underflows only below -745).
    Not the exercise's answer: that one builds sigma from its two exp forms."""
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(under="ignore"):
        return np.exp(-np.logaddexp(0.0, -x))


# the name chapter 06's checks import (same values)
stable_sigmoid = sigmoid_reference

# --- running the learner's code ---

@contextlib.contextmanager
def warnings_as_errors():
    """Numpy overflow, invalid and divide-by-zero, and every Python warning, raise."""
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        yield


@contextlib.contextmanager
def left_alone(given, what, fix):
    """Raise ``NotYet`` if the code run inside changes one of ``given`` ({name: array}).

    The caller may still need what it passed in (the classic case: a backward that
    zeroes entries of ``dout`` in place); ``fix`` says what to do instead.
    """
    before = {name: np.array(value, copy=True) for name, value in given.items()}
    yield
    for name, value in given.items():
        now = np.asarray(value)
        if now.dtype != before[name].dtype or not np.array_equal(now, before[name]):
            # small arrays are shown, so the learner sees exactly what changed
            change = (f" from {before[name].tolist()} to {now.tolist()}"
                      if before[name].size <= 8 else "")
            raise NotYet(f"{what} wrote into the {name} it was given: that changed the {name} "
                         f"of the caller{change}. The caller may still need it: {fix}")


def _shell():
    """The running IPython shell, or None (plain Python, pytest)."""
    ipython = sys.modules.get("IPython")
    return ipython.get_ipython() if ipython is not None else None


class _ExitCalled(SystemExit):
    """What ``exit()`` raises while a check runs learner code in a notebook."""


@contextlib.contextmanager
def kernel_kept():
    """In a notebook, ``exit()``/``quit()`` do not raise: they ask the kernel to shut down
    after the cell.  While learner code runs, that request raises ``SystemExit`` instead,
    which ``call`` turns into a hint, so the kernel (and the learner's work) stays."""
    shell = _shell()
    if shell is None:
        yield
        return
    saved = vars(shell).get("ask_exit")

    def refuse(*args, **kwargs):
        raise _ExitCalled("exit()")
    shell.ask_exit = refuse   # an instance attribute hides the method while the code runs
    try:
        yield
    finally:
        if saved is None:
            vars(shell).pop("ask_exit", None)
        else:
            shell.ask_exit = saved


EXIT_HINT = ("called sys.exit() or exit(), which would stop the kernel: return the "
             "answer (or raise an error) instead.")

# a body that only returns None (or a tuple of Nones), or only says pass
_NOTHING = {"RESUME", "NOP", "CACHE", "RETURN_VALUE", "RETURN_CONST", "LOAD_CONST"}


def does_nothing(func):
    """True if ``func`` is a plain function whose body does nothing but return None (or a
    tuple of Nones): ``pass`` or ``return None`` under a comment.  Templates are written
    ``raise NotImplementedError``; this is for class templates left at ``pass``."""
    code = getattr(getattr(func, "__func__", func), "__code__", None)
    if code is None or not inspect.iscode(code):
        return False
    for ins in dis.get_instructions(code):
        if ins.opname not in _NOTHING:
            return False
        if ins.opname in ("LOAD_CONST", "RETURN_CONST"):
            value = ins.argval
            if not (value is None or (isinstance(value, tuple)
                                      and all(v is None for v in value))):
                return False
    return True


_PLACEHOLDER = _NOTHING | {"LOAD_GLOBAL", "PUSH_NULL", "PRECALL", "CALL", "KW_NAMES",
                           "RAISE_VARARGS", "LOAD_NAME",
                           "CALL_FUNCTION", "CALL_FUNCTION_KW"}   # Python 3.10's calls


def is_placeholder(func):
    """True if ``func``'s body is only ``raise NotImplementedError(...)`` (a template), or
    does nothing (see ``does_nothing``)."""
    code = getattr(getattr(func, "__func__", func), "__code__", None)
    if code is None or not inspect.iscode(code):
        return False
    return does_nothing(func) or (
        code.co_names == ("NotImplementedError",)
        and all(ins.opname in _PLACEHOLDER for ins in dis.get_instructions(code)))


def untouched(answer):
    """True if ``answer`` is still a template value: None or ``...``."""
    return answer is None or answer is Ellipsis


def method(obj, name, what=None):
    """``obj.name``, a method the learner wrote, or ``NotYet`` saying what is wrong:
    ``obj`` is None (a factory that returns nothing), the method is missing or misspelt
    (close names are shown), looking it up raised, or it is not callable."""
    owner = what or type(obj).__name__
    if obj is None:
        raise NotYet(f"got None where an object with a {name} method was expected: pass the "
                     "class itself, or a function that returns a new object.")
    try:
        with kernel_kept():
            found = getattr(obj, name)
    except AttributeError:
        try:
            near = difflib.get_close_matches(name, [n for n in dir(obj) if not n.startswith("__")])
        except Exception:
            near = []
        also = f" (it has {', '.join(near)}: check the spelling)" if near else ""
        raise NotYet(f"{owner} has no method {name}{also}: define {name} in the class.") from None
    except (NotYet, NotAttempted):
        raise
    except (Exception, SystemExit) as err:
        if isinstance(err, SystemExit):
            raise NotYet(f"looking up {owner}.{name} {EXIT_HINT}") from None
        raise NotYet(f"looking up {owner}.{name} raised {type(err).__name__}: {err}") from None
    if not callable(found):
        raise NotYet(f"{owner}.{name} should be a method, got {type(found).__name__}.")
    return found


def call(func, *args, what="your code", strict=False, keep=None,
         fix="build a new array instead of writing into it."):
    """The learner's ``func(*args)``, or ``NotYet`` naming what went wrong.

    Wrong: ``func`` is not callable; it raised (``what`` names it in the hint); it
    wrote into one of the arrays in ``keep`` ({name: array}; see ``left_alone``); it
    called ``sys.exit()`` or ``exit()``.  With ``strict``, numpy overflow and every
    warning count as errors too: chapter 10 hunts for them.  A template left untouched
    (``func`` is None, or raises ``NotImplementedError``) is ``NotAttempted``.
    """
    if untouched(func):
        raise NotAttempted(TEMPLATE)
    if not callable(func):
        raise NotYet(f"pass your function itself, not its result (got {type(func).__name__}).")
    with left_alone(keep or {}, what, fix):
        try:
            with kernel_kept(), warnings_as_errors() if strict else contextlib.nullcontext():
                return func(*args)
        except (NotYet, NotAttempted):
            raise   # from a helper the learner's code was wrapped in: already a verdict
        except NotImplementedError:
            raise NotAttempted(TEMPLATE) from None   # the template's own placeholder
        except SystemExit:   # never let learner code end the kernel; Ctrl-C still stops
            raise NotYet(f"{what} {EXIT_HINT}") from None
        except Exception as err:  # learner code can fail in any way: name it, never crash
            raise NotYet(f"{what} raised {type(err).__name__}: {err}") from None


def answer(func, *args, if_none, pair=None, **options):
    """``call``, insisting on an answer: ``if_none`` is the hint when ``func`` returns None;
    with ``pair`` (its hint), the result must also be a pair such as (dx, dy)."""
    result = call(func, *args, **options)
    if result is None:
        raise NotYet(if_none)
    if pair and (not isinstance(result, (tuple, list)) or len(result) != 2):
        raise NotYet(pair)
    return result


def dict_answer(given, names, example, fill):
    """``NotYet`` unless ``given`` is a dict with a value (not None) for each of ``names``."""
    if given is None or given is Ellipsis:
        raise NotAttempted(f"give a dict such as {example}.")
    if not isinstance(given, dict):
        raise NotYet(f"give a dict such as {example}.")
    missing = [name for name in names if name not in given]
    if missing:
        raise NotYet(f"the dict needs the keys {', '.join(missing)}.")
    if all(given[name] is None or given[name] is Ellipsis for name in names):
        raise NotAttempted(f"replace every None with {fill}.")
    if any(given[name] is None for name in names):
        raise NotYet(f"replace every None with {fill}.")


# --- running a learner's layer ---

def backward(layer, dout, n_inputs, strict=False):
    """``layer.backward(dout)`` as a tuple of ``n_inputs`` gradients, or ``NotYet``.

    Catches the classic in-place bug (``dout`` is compared before and after), None,
    a wrong number of gradients, and gradients that are not finite or not shaped
    like ``dout``.
    """
    grads = call(method(layer, "backward"), dout, what="backward", strict=strict,
                 keep={"dout": dout}, fix=NEW_ARRAY)
    if grads is None:
        wanted = {1: "the gradient dx", 2: "the pair (dx, dy)"}.get(
            n_inputs, f"the {n_inputs} gradients, one per forward input")
        raise NotYet(f"backward returns None: return {wanted}.")
    if n_inputs == 1:
        if isinstance(grads, tuple):
            raise NotYet("a one-input layer's backward returns dx itself, not a tuple.")
        grads = (grads,)
    elif not isinstance(grads, (tuple, list)) or len(grads) != n_inputs:
        raise NotYet(f"backward must return {n_inputs} gradients, one per forward input.")
    for g in grads:
        arr = floats(g)
        if arr is None or arr.shape != np.shape(dout) or not np.all(np.isfinite(arr)):
            raise NotYet("every gradient must be a finite number (or array) with the shape of "
                         f"dout; got {g!r}.")
    return tuple(grads)


def gradient_checked(make, *inputs):
    """``layers.gradient_check`` on a fresh layer from ``make()``; its error, or ``NotYet``.

    Backward runs once on arrays first, through ``backward``: a gradient check only
    measures a disagreement (an in-place write into a copy of ``dout`` goes unseen, and
    None, NaN or a wrong shape all score inf), while ``backward`` names the mistake.
    """
    arrays = [np.array(v, dtype=np.float64) for v in inputs]
    layer = call(make, what="creating the layer")
    call(method(layer, "forward"), *arrays, what="with arrays, forward",
         keep=dict(zip(("x", "y", "z"), arrays)), fix="compute the output in a new array.")
    dout = np.random.default_rng(1).standard_normal(np.shape(arrays[0]))
    try:
        backward(layer, dout, len(arrays))
    except NotYet as not_yet:
        raise NotYet(f"with arrays: {not_yet}") from None
    error = call(lambda: gradient_check(make(), *arrays),
                 what="during the gradient check your code")
    if not error < GRADIENT_TOLERANCE:
        raise NotYet(f"the gradient check fails (relative error {error:.1e}; a right backward "
                     f"stays far below {GRADIENT_TOLERANCE:g}): backward does not match the "
                     "numerical gradient.")
    return error


def layer_answers(make, inputs, dout, want_out, want_back, *, names=("x", "y"), wrong_out=(),
                  wrong_back=(), check_at=None, strict=False):
    """Run a fresh layer from ``make()`` forward on ``inputs`` and backward on ``dout``.

    ``want_back`` is what backward should return: dx for a one-input layer, (dx, dy)
    for two.  ``wrong_out`` and ``wrong_back`` list typical wrong answers as (value,
    hint) pairs, so the hint can name the mistake.  Also catches errors, None, other
    wrong values, and writing into the caller's inputs or dout.  If the values are
    right and ``check_at`` (a tuple of inputs) is given, a gradient check follows.
    ``strict`` is passed on to ``call``.
    """
    names = names[:len(inputs)]
    layer = call(make, what="creating the layer")
    out = answer(method(layer, "forward"), *inputs, what="forward", strict=strict,
                 keep=dict(zip(names, inputs)), fix="compute the output in a new array.",
                 if_none="forward returns None: return the output (and keep what backward needs).")
    if not close(out, want_out):
        args = ", ".join(shown(v) for v in inputs)
        raise NotYet(mistake(out, wrong_out, f"forward({args}) should give {shown(want_out)}, "
                                             f"got {shown(out)}."))
    grads = backward(layer, dout, len(inputs), strict=strict)
    got = grads[0] if len(grads) == 1 else grads
    if not close(got, want_back):
        given = " and ".join([", ".join(f"{n} = {shown(v)}" for n, v in zip(names, inputs)),
                              f"dout = {shown(dout)}"])
        grad_names = [f"d{n}" for n in names]
        what = grad_names[0] if len(grads) == 1 else f"({', '.join(grad_names)})"
        raise NotYet(mistake(got, wrong_back, f"with {given}, {what} should be "
                                              f"{shown(want_back)}, got {shown(got)}."))
    if check_at is not None:
        gradient_checked(make, *check_at)


# the files of layers.py (as imported, and resolved): a frame running their code is the library's
LIBRARY_FILES = {layers.__file__, str(Path(layers.__file__).resolve())}


def frame_owner(frame):
    """The class whose method ``frame`` runs, else the function's name (co_qualname says it
    directly, but only from Python 3.11)."""
    qualname = getattr(frame.f_code, "co_qualname", None)
    if qualname:
        return qualname.split(".")[0]
    this = frame.f_locals.get("self")
    if this is None:
        return frame.f_code.co_name
    # the class that defines the running method, not the object's own class (which may
    # only inherit it): the first class on the MRO holding a function with this code
    for cls in type(this).__mro__:
        if any(getattr(v, "__code__", None) is frame.f_code for v in vars(cls).values()):
            return cls.__name__
    return type(this).__name__


@contextlib.contextmanager
def profiled(watch):
    """Run the block with ``watch`` as the interpreter's profile hook (``sys.setprofile``:
    called at every Python call and return), then put back the hook that was there."""
    before = sys.getprofile()
    sys.setprofile(watch)
    try:
        yield
    finally:
        sys.setprofile(before)


@contextlib.contextmanager
def library_unused(refusal):
    """Raise ``NotYet(refusal.format(name=...))`` if code run inside called into layers.py.

    Every function and class of ``layers`` counts, whatever it is called where the
    learner imported it: a profile hook watches for a frame of layers.py's code.
    """
    called = []

    def watch(frame, event, arg):
        if event == "call" and not called and frame.f_code.co_filename in LIBRARY_FILES:
            called.append(frame_owner(frame))

    with profiled(watch):
        yield
    if called:
        raise NotYet(refusal.format(name=f"layers.{called[0]}"))
