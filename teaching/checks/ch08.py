"""Checks for the exercises of chapter 08, the two-layer network.

The learner's network class is built with seeded random sizes and weights, and
its ``loss`` and ``gradient`` are compared with the math, computed here from
the network's own ``params``:

    h_0 = x,  a_i = h_{i-1} W_i + b_i,  h_i = relu(a_i) (not after the last),
    L = mean over the batch of -log softmax(a_last)[t],
    dL/da_last = (softmax(a_last) - onehot(t)) / N,
    dW_i = h_{i-1}^T da_i,  db_i = sum over the batch of da_i,
    dh_{i-1} = da_i W_i^T,  da_{i-1} = dh_{i-1} * [a_{i-1} > 0].

The typical wrong gradients (no division by N, dx = dout W without the
transpose, the layer list walked forward in backward) are computed the same
way, so a hint can name the mistake.  Square sizes come first: there these
mistakes raise nothing and only the numbers show them.
"""

import contextlib
import difflib
import inspect
import re
import sys
from pathlib import Path

import numpy as np

import layers
import network

from .core import (
    TEMPLATE,
    NotAttempted,
    NotYet,
    call,
    check,
    does_nothing,
    floats,
    is_placeholder,
    library_unused,
    method,
    untouched,
)

_BATCH = 7          # not 1, and not a size of any layer: "N times too large" is unambiguous
_TOLERANCE = 1e-7   # relative error between the learner's gradient and the math


def _relative_error(a, b):
    diff = np.linalg.norm(a - b)
    return 0.0 if diff == 0 else float(diff / (np.linalg.norm(a) + np.linalg.norm(b)))


def _data(sizes, seed):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((_BATCH, sizes[0])), rng.integers(0, sizes[-1], size=_BATCH)


def _reference(weights, x, t, mistake=None):
    """Loss and gradients {W1, b1, ...} of the network with these [(W, b), ...].

    ``mistake`` computes a typical wrong gradient instead: "no_mean" (no division
    by N), "transposed" (dx = dout W), "forward_walk" (the backward pass hands
    dout to the layers in forward order; square layers only).
    """
    hs, pre = [x], []
    for i, (W, b) in enumerate(weights):
        a = hs[-1] @ W + b
        pre.append(a)
        hs.append(np.maximum(a, 0.0) if i < len(weights) - 1 else a)
    scores = hs[-1]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_y = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = len(x)
    loss = float(-log_y[np.arange(n), t].mean())
    onehot = np.eye(scores.shape[1])[t]
    da = (np.exp(log_y) - onehot) / (1 if mistake == "no_mean" else n)
    grads = {}
    order = range(len(weights)) if mistake == "forward_walk" else reversed(range(len(weights)))
    for step, i in enumerate(order):
        W, _ = weights[i]
        # what reaches layer i: its own input and mask in the right order; in a forward
        # walk, layer i gets the dout meant for the layer that comes before it in reverse
        grads[f"W{i + 1}"] = hs[i].T @ da
        grads[f"b{i + 1}"] = da.sum(axis=0)
        dh = da @ (W if mistake == "transposed" else W.T)
        if step == len(weights) - 1:
            break
        below = i + 1 if mistake == "forward_walk" else i - 1
        # the ReLU between the two Affine layers: the forward walk passes through it too
        relu_at = pre[min(i, below)]
        da = dh * (relu_at > 0)
    return loss, grads


def _network(net_class, sizes, names):
    """A network of ``net_class`` at ``sizes`` and its weights [(W1, b1), ...] as float
    arrays, or ``NotYet`` saying what is missing or malformed."""
    if untouched(net_class) or (inspect.isclass(net_class)
                                and does_nothing(vars(net_class).get("__init__"))):
        raise NotAttempted(TEMPLATE)
    if not callable(net_class):
        raise NotYet(f"pass your class itself, not {type(net_class).__name__}.")
    net = call(lambda: net_class(*sizes, weight_init_std=1.0, seed=0),
               what=f"creating the network {tuple(sizes)}")
    params = call(getattr, net, "params", None, what="reading params")
    if not isinstance(params, dict):
        raise NotYet("the network needs a dict params (W1, b1, ...), as TwoLayerNet has.")
    missing = [name for name in names if name not in params]
    if missing:
        raise NotYet(f"params needs the keys {', '.join(missing)}.")
    arrays = {}
    for i in range(len(sizes) - 1):
        want = {f"W{i + 1}": (sizes[i], sizes[i + 1]), f"b{i + 1}": (sizes[i + 1],)}
        for name, shape in want.items():
            arrays[name] = floats(params[name])
            if arrays[name] is None:
                raise NotYet(f"params['{name}'] should be an array of numbers, got "
                             f"{_kind(params[name])}.")
            if arrays[name].shape != shape:
                raise NotYet(f"with sizes {tuple(sizes)}, params['{name}'] should have shape "
                             f"{shape}, got {arrays[name].shape}.")
    weights = [(arrays[f"W{i}"].copy(), arrays[f"b{i}"].copy()) for i in range(1, len(sizes))]
    return net, weights


def _kind(value):
    """What a learner's value is, in a few words, for a hint."""
    arr = floats(value)
    if arr is not None:
        return f"an array of shape {arr.shape}"
    if hasattr(type(value), "backward"):
        return f"the layer itself (a {type(value).__name__}): give its .dW or .db"
    return f"a {type(value).__name__}"


def _layer_objects(net):
    """(name, layer) for every layer of ``net``: a list or dict ``layers``, then
    ``last_layer`` (``lastLayer``, the book's name, also counts)."""
    found = call(getattr, net, "layers", None, what="reading layers")
    pairs = (list(found.items()) if isinstance(found, dict)
             else list(enumerate(found)) if isinstance(found, (list, tuple)) else [])
    named = [(f"layers[{key!r}]", layer) for key, layer in pairs]
    for attribute in ("last_layer", "lastLayer"):
        last = call(getattr, net, attribute, None, what=f"reading {attribute}")
        if last is not None:
            named.append((attribute, last))
            break
    return named


def _forward_counts(net):
    """Make every layer of ``net`` count its forward calls; returns the {layer: count} dict
    the counts go to.  Backprop needs one forward pass per gradient; the numerical gradient
    needs two per parameter."""
    counts = {}
    for name, layer in _layer_objects(net):
        forward = getattr(type(layer), "forward", None)
        if not callable(forward):
            continue

        def counted(*args, _name=name, _layer=layer, _forward=forward, **kwargs):
            counts[_name] = counts.get(_name, 0) + 1
            return _forward(_layer, *args, **kwargs)
        try:
            layer.forward = counted
        except (AttributeError, TypeError):   # __slots__: that layer is not counted
            pass
    return counts


def _compare(net_class, sizes, typical, praise_sizes):
    """The learner's loss and gradient against the math at ``sizes``; ``NotYet`` names the
    first disagreement, and the mistake if it matches one in ``typical`` ({name: hint})."""
    n_layers = len(sizes) - 1
    names = [f"{p}{i}" for i in range(1, n_layers + 1) for p in "Wb"]
    net, weights = _network(net_class, sizes, names)
    x, t = _data(sizes, seed=sum(sizes))
    loss, want = _reference(weights, x, t)
    where = f"with sizes {tuple(sizes)}"
    got_loss = call(method(net, "loss"), x.copy(), t.copy(), what="loss")
    number = floats(got_loss)
    if number is None or number.size != 1:
        raise NotYet(f"loss(x, t) should return a number, got {_kind(got_loss)}.")
    got_loss = float(number.reshape(()))
    if not abs(got_loss - loss) <= 1e-9 * max(1.0, abs(loss)):
        raise NotYet(f"{where}, loss(x, t) gives {got_loss:.6g}, the mean cross-entropy is "
                     f"{loss:.6g}: check the forward pass (every layer, in order).")
    counts = _forward_counts(net)
    grads = call(method(net, "gradient"), x, t, what="gradient", keep={"x": x, "t": t},
                 fix="compute with new arrays.")
    if not isinstance(grads, dict) or any(name not in grads for name in names):
        raise NotYet(f"gradient(x, t) should return a dict with the keys {', '.join(names)}.")
    got = {}
    for name in names:
        got[name] = floats(grads[name])
        if (got[name] is None or got[name].shape != want[name].shape
                or not np.all(np.isfinite(got[name]))):
            raise NotYet(f"{where}, the gradient of {name} should be a finite array of shape "
                         f"{want[name].shape}, got {_kind(grads[name])}.")
    wrong = [name for name in names if _relative_error(got[name], want[name]) > _TOLERANCE]
    if wrong:
        for kind, hint in typical.items():
            try:
                _, bad = _reference(weights, x, t, mistake=kind)
            except ValueError:   # this mistake cannot happen at these (non-square) sizes
                continue
            if all(_relative_error(got[n], bad[n]) < 1e-6 for n in names):
                raise NotYet(f"{where}: {hint}")
        errors = ", ".join(f"{name} {_relative_error(got[name], want[name]):.1e}" for name in wrong)
        raise NotYet(f"{where}, the gradient check fails for {', '.join(wrong)} (relative "
                     f"errors {errors}); the parameters that agree tell you which layers are "
                     "right.")
    passes = max(counts.values(), default=0)
    if passes > 2:
        raise NotYet(f"the gradients are right, but gradient(x, t) ran the forward pass {passes} "
                     "times for one gradient: that is the numerical gradient (two forward passes "
                     "per parameter). Backprop needs one forward pass, then one backward pass.")
    return praise_sizes


_TYPICAL = {
    "no_mean": ("every gradient is exactly N = 7 times the right one, for a batch of N = 7 "
                "samples: look at what the loss layer's backward does with the batch size."),
    "transposed": ("the last layer's dW and db are right, the ones before it are wrong: look at "
                   "what the Affine layer's backward passes down (what shape must dx have?)."),
    "forward_walk": ("every gradient is wrong, and the first Affine layer gets the gradient "
                     "meant for the last one: look at the order in which gradient() visits "
                     "the layers."),
}


# Words that name each bug, for ``fixed_network(..., bug=...)``: a bug is named when the
# learner's words contain one of its stems and none of another bug's. Each stem names a cause:
# "the batch" or "the loop" alone says where, not what went wrong.
_BUG_WORDS = {
    "no_mean": (r"divid", r"divis", r"\bmean\b", r"averag", r"\bby n\b", r"/ ?n\b",
                r"\bn times", r"\b7 times", r"\bseven times", r"len\(", r"\bfactor",
                r"\bscal", r"number of (samples|digits|examples|rows)", r"\b\d+ ?x\b", r"normali",
                r"too (large|big)", r"/ ?batch",
                r"(missing|forg[eo]t\w*|without|lacks?|no)\b.{0,12}batch.?size"),
    "transposed": (r"transpos", r"ᵀ", r"\bw ?\. ?t\b", r"w ?\^ ?t\b", r"(^|[\s(])\.t\b", r"\bswap"),
    "forward_walk": (r"revers", r"backwards? through", r"\border\b", r"last to first",
                     r"first to last", r"\[::-1\]", r"direction", r"wrong way", r"back to front",
                     r"forwards?\b.*\bbackwards?\b", r"backwards?\b.*\bforwards?\b",
                     r"instead of affine ?2", r"affine ?1 first", r"first instead",
                     r"first layer", r"\bthe last\b", r"last layer", r"sequen", r"\bbefore\b",
                     r"\bfront", r"input to (the )?output", r"output to (the )?input"),
}
# Stems that name a bug only when no other bug's stem is there too ("wrong order of the
# shapes" with "W^T" names the transpose; "the wrong order" alone names the walk).
_WEAK_WORDS = {"no_mean": (r"\bfactor", r"\bscal", r"too (large|big)"),
               "transposed": (r"\bswap",),
               "forward_walk": (r"\border\b", r"direction",
                                # places, not causes: "the first layer's gradients are wrong"
                                # names where another bug shows, so they never outvote it
                                r"first layer", r"\bthe last\b", r"last layer",
                                r"\bbefore\b", r"\bfront")}
_BUG_NAMES = {"no_mean": "the gradient was not divided by the batch size N",
              "transposed": "dx = dout W lacked the transpose of W",
              "forward_walk": "gradient() walked the layers in forward order"}
_SMALL_EDIT = 3          # lines of a suspect's method a fix may change
_LIBRARY = {Path(module.__file__).resolve() for module in (layers, network)}


def _from_library(func):
    return Path(func.__code__.co_filename).resolve() in _LIBRARY


def _code_roles(net):
    """{role: function} for the code ``net`` runs: its methods (``gradient``, ``loss``,
    ``__init__``, ...) and ``forward``/``backward`` of each of its layers."""
    roles = {}
    for name in dir(net):
        if name.startswith("__") and name != "__init__":
            continue
        found = inspect.getattr_static(net, name, None)
        found = getattr(found, "__func__", found)      # bound, static or class method
        if inspect.isfunction(found):
            roles[name] = found
    for where, layer in _layer_objects(net):
        for name in ("forward", "backward"):
            found = inspect.getattr_static(layer, name, None)
            found = getattr(found, "__func__", found)
            if inspect.isfunction(found):
                roles[f"{where}.{name}"] = found
    return roles


def _lines(func):
    """The source lines of ``func`` without comments, blank lines and spacing, or None."""
    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        return None
    lines = (line.split("#", 1)[0].split() for line in source.splitlines())
    return [" ".join(words) for words in lines if words]


def _edit_size(mine, theirs):
    """How many lines differ between two functions (None if a source is not available)."""
    a, b = _lines(mine), _lines(theirs)
    if a is None or b is None:
        return None
    blocks = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in blocks if tag != "equal")


def _same(mine, theirs):
    if mine is theirs or mine.__code__ is theirs.__code__:
        return True
    size = _edit_size(mine, theirs)
    if size is not None:
        return size == 0
    return (mine.__code__.co_code, mine.__code__.co_names) == (theirs.__code__.co_code,
                                                              theirs.__code__.co_names)


def _suspect_of(fixed, suspect):
    if suspect is not None:
        if not inspect.isclass(suspect):
            raise NotYet(f"pass the suspect class itself as the second argument, not "
                         f"{type(suspect).__name__}.")
        return suspect
    for base in fixed.__mro__[1:]:
        if base is not object and not any(_from_library(f) for f in vars(base).values()
                                          if inspect.isfunction(f)):
            return base
    raise NotYet(f"name the suspect {fixed.__name__} fixes: "
                 f"check.fixed_network({fixed.__name__}, SuspectA, bug=...).")


def _bug_of(suspect_net, weights):
    """Which typical bug a suspect network has (a key of ``_TYPICAL``), or None."""
    x, t = _data((10, 10, 10), seed=30)
    try:
        grads = call(method(suspect_net, "gradient"), x, t, what="the suspect's gradient")
        got = {name: floats(grads[name]) for name in ("W1", "b1", "W2", "b2")}
    except (NotYet, NotAttempted, KeyError, TypeError):
        return None
    for kind in _TYPICAL:
        _, bad = _reference(weights, x, t, mistake=kind)
        if all(got[n] is not None and got[n].shape == bad[n].shape
               and _relative_error(got[n], bad[n]) < 1e-6 for n in bad):
            return kind
    return None


def _named(bug, kind):
    """None if ``bug`` names the bug ``kind``; else the hint (never the bug's name)."""
    if untouched(bug):
        return ("the network is fixed. Now name the bug: pass bug='...', a few words on what "
                "the suspect's code did wrong.")
    if not isinstance(bug, str):
        raise NotYet(f"bug should be a few words in quotes, not {type(bug).__name__}.")
    words = " ".join(bug.lower().split())
    fits = [k for k, stems in _BUG_WORDS.items() if any(re.search(stem, words) for stem in stems)]
    strong = [k for k in fits if any(re.search(stem, words) for stem in _BUG_WORDS[k]
                                     if stem not in _WEAK_WORDS[k])]
    if len(fits) > 1 and len(strong) == 1:
        fits = strong
    if kind in fits and len(fits) == 1:
        return None
    if len(fits) > 1:
        return ("the network is fixed, but bug names more than one mistake: say what was wrong "
                "in this suspect only.")
    return ("the network is fixed, but bug does not say what went wrong: in a few words, what "
            "did the suspect's code do that your fix undoes? Say what it did, not only where.")


@check
def fixed_network(fixed, suspect=None, bug=None):
    """Exercise 8.2: ``check.fixed_network(FixedA, SuspectA, bug="...")``.

    ``fixed`` is the learner's class; ``suspect`` the class it fixes (if left out, the
    nearest base class of ``fixed`` that is not the library's); ``bug`` a few words
    naming the bug (a string).  Right when:

    * the fix is in the suspect's own code: every method the suspect wrote itself
      (``gradient``, or ``backward`` of a layer class it installs; not ``__init__``) is
      still the learner's code, not network.py's or layers.py's, and each changed one
      differs from the suspect's by a small edit (at most 3 lines);
    * loss and gradient match the math for 10-10-10 and 6-5-4 networks, with one forward
      pass per gradient (backprop, not the numerical gradient);
    * ``bug`` names the bug the suspect has (its words are checked against stems of each
      bug's name; no hint tells the words).

    A class left as the template (nothing changed) is "Not attempted yet": no hint names
    the bug before the learner has changed the suspect's code.
    """
    if untouched(fixed):
        raise NotAttempted(TEMPLATE)
    if not inspect.isclass(fixed):
        raise NotYet(f"pass your class itself (FixedA), not {type(fixed).__name__}.")
    suspect = _suspect_of(fixed, suspect)
    sizes = (10, 10, 10)
    suspect_net, suspect_weights = _network(suspect, sizes, ["W1", "b1", "W2", "b2"])
    fixed_net, fixed_weights = _network(fixed, sizes, ["W1", "b1", "W2", "b2"])
    theirs, mine = _code_roles(suspect_net), _code_roles(fixed_net)
    own = {role: func for role, func in theirs.items()
           if role != "__init__" and not _from_library(func)}
    if not own:
        raise NotYet(f"{suspect.__name__} runs only the library's code: pass the suspect "
                     "class the exercise gives as the second argument.")
    if (all(mine.get(role) is func for role, func in theirs.items())
            or any(is_placeholder(func) for role, func in mine.items()
                   if theirs.get(role) is not func)):
        raise NotAttempted(TEMPLATE)
    for role, func in own.items():
        now = mine.get(role)
        if now is None or _from_library(now):
            instead = (f"network.py's or layers.py's {now.__qualname__}" if now is not None
                       else "nothing")
            raise NotYet(f"{fixed.__name__}'s {role} is {instead}, where {suspect.__name__} "
                         f"runs its own {func.__qualname__}: fix the bug in the suspect's own "
                         "code (a subclass whose method is the suspect's with the bug fixed), "
                         "do not swap in the library's.")
    edited = [role for role, func in own.items() if not _same(mine[role], func)]
    if not edited:
        raise NotYet(f"{fixed.__name__} still runs all of {suspect.__name__}'s own code "
                     "unchanged, so its bug is still there: find it with the gradient check, "
                     "then fix the method that holds it.")
    kind = _bug_of(suspect_net, suspect_weights)
    if kind is not None and _bug_of(fixed_net, fixed_weights) == kind:
        # an edit that changes no number (1.0 * dout @ self.W): say only that, so that no
        # hint tells where the bug is or what it does before the learner has found it
        raise NotYet(f"{fixed.__name__}'s gradients are exactly {suspect.__name__}'s: your "
                     "edit changes nothing in the numbers, so the bug is still there. Let the "
                     "gradient check lead you to it.")
    for sizes_now in [(10, 10, 10), (6, 5, 4)]:   # square first: there the bugs raise nothing
        _compare(fixed, sizes_now, _TYPICAL, None)
    for role in edited:
        size = _edit_size(mine[role], own[role])
        if size is not None and size > _SMALL_EDIT:
            raise NotYet(f"the numbers are right, but {fixed.__name__}'s {role} differs from "
                         f"{suspect.__name__}'s in {size} lines: the exercise is to find the "
                         "bug in the suspect's code and fix it there. Start from a copy of the "
                         f"suspect's {role.rsplit('.', 1)[-1]} and change only what is wrong.")
    if kind is None:   # a suspect this check does not know: any words will do
        if untouched(bug) or not isinstance(bug, str) or not bug.strip():
            raise NotYet(_named(None, None))
        return (f"{fixed.__name__} fixes {suspect.__name__}'s own code; loss and all four "
                "gradients match the math for 10-10-10 and 6-5-4.")
    problem = _named(bug, kind)
    if problem:
        raise NotYet(problem)
    return (f"{fixed.__name__} fixes {suspect.__name__}'s own {', '.join(edited)} with a small "
            f"edit; loss and all four gradients match the math for 10-10-10 and 6-5-4; and the "
            f"bug is named: {_BUG_NAMES[kind]}.")


@check
def three_layer_net(net_class):
    """Exercise 8.3: ``ThreeLayerNet(input, hidden1, hidden2, output, weight_init_std, seed)``."""
    if not untouched(net_class) and not callable(net_class):
        raise NotYet("pass your class itself, ThreeLayerNet.")
    for sizes in [(6, 6, 6, 6), (6, 5, 4, 3)]:
        _compare(net_class, sizes, _TYPICAL, None)
    return ("loss and all six gradients match the math (6-6-6-6 and 6-5-4-3): the same "
            "backward loop works for any number of layers.")


# --- exercise 8.3, then: how much smaller dW1 starts at the book's scale ------------------

_FACTOR_SIZES = (64, 30, 20, 10)   # the exercise's network, checked on three random inputs
_FACTOR_TOLERANCE = 0.15           # a predicted factor within 15 % of the measured one


def _gradient_size(scale, name="W1"):
    """|dL/d name| of the 64-30-20-10 network started at ``scale`` (weights from seed 0,
    biases 0) on three random inputs in [0, 1) (seed 1), from the math."""
    rng = np.random.default_rng(0)
    sizes = _FACTOR_SIZES
    weights = [(scale * rng.standard_normal((a, b)), np.zeros(b))
               for a, b in zip(sizes[:-1], sizes[1:])]
    inputs = np.random.default_rng(1)
    x, t = inputs.uniform(0, 1, size=(3, sizes[0])), inputs.integers(0, sizes[-1], size=3)
    return float(np.linalg.norm(_reference(weights, x, t)[1][name]))


_FACTOR_NAMES = ("W1", "b2")


@check
def gradient_factor(my_factor):
    """Prediction: how many times larger are dL/dW1 and dL/db2 of a 64-30-20-10 three-layer
    network at starting scale 0.1 than at 0.01 (right within 15 %)?  Measured here, from
    the math."""
    names = " and ".join(_FACTOR_NAMES)
    if untouched(my_factor) or (isinstance(my_factor, dict)
                                and all(untouched(my_factor.get(n)) for n in _FACTOR_NAMES)):
        raise NotAttempted(f"replace each None with a number: the size of the gradient at 0.1 "
                           f"divided by its size at 0.01, for {names}.")
    if not isinstance(my_factor, dict) or any(n not in my_factor for n in _FACTOR_NAMES):
        raise NotYet(f"give a dict with the keys {names}, as in the template.")
    given = {}
    for name in _FACTOR_NAMES:
        value = floats(my_factor[name])
        if isinstance(my_factor[name], bool) or value is None or value.size != 1 \
                or not np.isfinite(value).all() or float(value.reshape(())) <= 0:
            raise NotYet(f"my_factor[{name!r}] should be one positive number: how many times "
                         "larger that gradient is at 0.1 than at 0.01.")
        given[name] = float(value.reshape(()))
    truth = {n: _gradient_size(0.1, n) / _gradient_size(0.01, n) for n in _FACTOR_NAMES}
    if any(abs(given[n] / truth[n] - 1) > _FACTOR_TOLERANCE for n in _FACTOR_NAMES):
        # one hint for any wrong number: it names no factor and says not which is wrong
        raise NotYet("follow the gradient from the loss down: dW1 = x^T da1, db2 = the batch "
                     "sum of da2, and each da comes through dh = da W^T of the layers above "
                     "it (chapter 07). Which weight matrices does each pass through, and what "
                     "does each one ten times smaller do? (With biases 0, scaling the weights "
                     "moves no ReLU input across 0, and at both scales the ten probabilities "
                     "start near 1/10.)")
    return (f"about {truth['W1']:.0f} times for W1 and {truth['b2']:.0f} times for b2. "
            "Measure them with your class below.")


# --- exercise 8.1: the learner's own training loop ---------------------------------------
#
# The learner writes my_train(net, x, t, x_val, t_val, learning_rate, epochs, batch_size,
# seed): each epoch one seeded shuffle of the training set, taken batch_size samples at a
# time; per step the gradient by backprop and the update params[k] -= learning_rate *
# grads[k]; after each epoch net.loss(x, t) on the whole set is recorded, and the loss on
# (x_val, t_val); it returns the list of training losses and the epoch (from 1) with the
# lowest validation loss.  The check watches the loop through a network that notes every
# batch its gradient is asked for and its validation loss at the end of every epoch, then
# trains a fresh chapter network with the loop, and makes one short run at other settings.

_LOOP_RATE, _LOOP_BATCH = 1.0, 100
# the chapter's settings: 100 epochs at learning rate 1, on the chapter's validation split.
# Eight right loops with different shuffles ended between 97.0 % and 97.7 % of the 300
# validation digits, so the bar sits a point below the lowest
_LOOP_EPOCHS = 100
_LOOP_TARGET = 0.96
_WATCHED_EPOCHS = 2    # watched step by step; lowest_val_epoch is judged on the payoff run
# one short extra run at other settings: a loop must use the rate and batch size it is given
_OTHER_RATE, _OTHER_BATCH = 0.5, 64


def _chapter_data():
    """The chapter's digits: 1,097 to train on and 300 validation digits (x_test, t_test)."""
    from teaching import digits
    return digits.validation_split(digits.load(test_size=400, seed=0), size=300)


def _rows(x):
    """The rows of ``x`` as a multiset: a batch's samples, whatever their order."""
    from collections import Counter
    return Counter(map(bytes, np.ascontiguousarray(x, dtype=np.float64)))


def _watched(data, keep_batches=True, batch_size=_LOOP_BATCH):
    """A chapter network that notes the inputs of every gradient it is asked for (unless
    ``keep_batches`` is False) and, at the end of every epoch (every ``steps`` gradients;
    the last one by ``finish()``), its loss on the validation digits, computed from its
    params. Its params before its first two gradients, with the first batch, are in ``starts``."""
    from network import TwoLayerNet
    steps = -(-len(data.x_train) // batch_size)

    class Watched(TwoLayerNet):
        def gradient(self, x, t):
            if sys._getframe(1).f_code in _LIBRARY_STEPS:   # sgd_step imported by name
                _library_loop()
            if self.calls and self.calls % steps == 0:
                self.finish()
            self.calls += 1
            if keep_batches:
                self.batches.append(np.array(x, dtype=np.float64))
            if len(self.starts) < 2:
                self.starts.append(({k: np.array(v, dtype=np.float64)
                                     for k, v in self.params.items()}, np.array(x), np.array(t)))
            return super().gradient(x, t)

        def finish(self):
            self.test_losses.append(_forward_loss(self, data.x_test, data.t_test))

    net = _loop_net(Watched)
    net.batches, net.test_losses, net.calls, net.starts = [], [], 0, []
    return net


def _loop_net(cls=None):
    from network import TwoLayerNet
    # the chapter's network: 64-50-10, starting scale 0.1, seed 0; its params in the book's
    # plain dict, holding the arrays the layers hold, so that an update which puts a new
    # array in the dict (params[k] = params[k] - ...) leaves the layers on the old one, as
    # in the book (network.Params would copy it in and hide the mistake)
    net = (cls or TwoLayerNet)(64, 50, 10, weight_init_std=0.1, seed=0)
    net.params = dict(net.params)
    return net


def _library_loop(*args, **kwargs):
    raise RuntimeError("network.train_epoch and network.sgd_step are the chapter's loop; "
                       "exercise 8.1 asks for yours: write the steps yourself, with "
                       "net.gradient and the update of net.params")


_LIBRARY_STEPS = {network.sgd_step.__code__, network.train_epoch.__code__}


@contextlib.contextmanager
def _without_library_loop():
    """network.train_epoch and network.sgd_step raise while the learner's loop runs."""
    saved = network.train_epoch, network.sgd_step
    network.train_epoch = network.sgd_step = _library_loop
    try:
        yield
    finally:
        network.train_epoch, network.sgd_step = saved


def _run_loop(train, net, data, epochs, seed=0, rate=_LOOP_RATE, batch_size=_LOOP_BATCH):
    """The learner's (losses, lowest validation epoch), checked for form; the net has noted the
    validation loss after every epoch."""
    from threadpoolctl import threadpool_limits  # one BLAS thread: small products run faster
    x, t = data.x_train.copy(), data.t_train.copy()
    x_val, t_val = data.x_test.copy(), data.t_test.copy()
    # a loop that climbs overflows: the check says so itself, numpy need not warn
    with threadpool_limits(limits=1, user_api="blas"), \
            np.errstate(over="ignore", invalid="ignore"), _without_library_loop():
        result = call(lambda: train(net, x, t, x_val, t_val, learning_rate=rate,
                                    epochs=epochs, batch_size=batch_size, seed=seed),
                      what="my_train", keep={"x": x, "t": t, "x_val": x_val, "t_val": t_val},
                      fix="take the batches with indexing, x[batch], which copies.")
    net.finish()
    if result is None:
        raise NotYet("my_train returns None: return the list of recorded training losses and "
                     "the lowest validation epoch, return losses, lowest_val_epoch.")
    if not isinstance(result, tuple) or len(result) != 2:
        raise NotYet("my_train should return two things: return losses, lowest_val_epoch.")
    losses, best = result
    try:
        losses = [float(v) for v in losses]
    except (TypeError, ValueError):
        raise NotYet(f"my_train's losses should be a list of numbers, got {losses!r:.60}.") \
            from None
    if len(losses) != epochs:
        raise NotYet(f"with epochs={epochs}, my_train returned {len(losses)} losses: record one "
                     "after each epoch.")
    if isinstance(best, bool) or not isinstance(best, (int, np.integer)) \
            or not 1 <= best <= epochs:
        raise NotYet(f"lowest_val_epoch should be a whole number from 1 to epochs={epochs} (the "
                     f"first epoch is epoch 1), got {best!r:.40}.")
    return losses, int(best)


def _lowest_val_epoch(net, losses, best):
    """``NotYet`` unless ``best`` is an epoch whose validation loss (noted by the net) is the
    run's lowest."""
    test = np.array(net.test_losses)
    lowest = test.min()
    if test[best - 1] <= lowest * (1 + 1e-9):
        return
    if best < len(test) and test[best] <= lowest * (1 + 1e-9):
        raise NotYet("lowest_val_epoch is one too early: the loss you record after the first "
                     "epoch belongs to epoch 1.")
    if best == int(np.argmin(losses)) + 1:
        raise NotYet(f"epoch {best} has the lowest training loss; lowest_val_epoch is the "
                     "epoch with the lowest loss on x_val, t_val.")
    raise NotYet(f"after epoch {best} the loss on the validation digits was "
                 f"{test[best - 1]:.4f}, not the lowest of the run: record "
                 "net.loss(x_val, t_val) after each epoch.")


def _first_step_follows(net, rate, batch_size):
    """``NotYet`` unless the first step of ``net``'s run took a batch of ``batch_size``
    and moved every parameter by -``rate`` times its gradient on that batch."""
    if len(net.starts) < 2:
        raise NotYet("my_train made fewer than two steps in an epoch.")
    (before, x, t), (after, _, _) = net.starts
    if len(x) != batch_size:
        raise NotYet(f"called with batch_size={batch_size}, your loop's first mini-batch held "
                     f"{len(x)} samples: use the batch_size it is given.")
    _, grads = _reference([(before["W1"], before["b1"]), (before["W2"], before["b2"])], x, t)
    if not all(np.allclose(after[k], before[k] - rate * grads[k], rtol=1e-7, atol=1e-12)
               for k in grads):
        raise NotYet(f"called with learning_rate={rate:g}, your loop's first step did not move "
                     "the parameters by that rate times the gradient: use the learning_rate "
                     "it is given.")


def _forward_loss(net, x, t):
    """The loss computed from ``net.params`` themselves, not through the net's layers."""
    weights = [(net.params["W1"], net.params["b1"]), (net.params["W2"], net.params["b2"])]
    return _reference(weights, x, t)[0]


def _steps_per_epoch(net, data, epochs):
    n, steps = len(data.x_train), -(-len(data.x_train) // _LOOP_BATCH)
    batches = net.batches
    if not batches:
        raise NotYet("my_train never asked the network for a gradient (net.gradient).")
    if len(batches) != epochs * steps:
        raise NotYet(f"{epochs} epochs over {n:,} samples in batches of {_LOOP_BATCH} take "
                     f"{epochs * steps} steps; your loop made {len(batches)}.")
    everything = _rows(data.x_train)
    orders = []
    for epoch in range(epochs):
        mine = batches[epoch * steps:(epoch + 1) * steps]
        if max(len(b) for b in mine) > _LOOP_BATCH:
            raise NotYet(f"a step used {max(len(b) for b in mine)} samples; a mini-batch holds "
                         f"at most batch_size = {_LOOP_BATCH}.")
        seen = _rows(np.concatenate(mine))
        if seen != everything:
            raise NotYet(f"in epoch {epoch + 1} some training samples were used twice and others "
                         "not at all: one epoch visits every sample exactly once.")
        orders.append(np.concatenate(mine))
    if np.array_equal(orders[0], data.x_train) or np.array_equal(orders[0], orders[1]):
        raise NotYet("the samples come in the same order "
                     + ("as in x" if np.array_equal(orders[0], data.x_train) else "every epoch")
                     + ": shuffle them at the start of each epoch (with the seed).")


@check
def training_loop(train):
    """Exercise 8.1: ``my_train(net, x, t, x_val, t_val, learning_rate, epochs, batch_size,
    seed)`` returns (training losses, the epoch with the lowest validation loss)."""
    data = _chapter_data()
    if not callable(train):
        raise NotYet("pass your function itself, my_train.")

    # two epochs on a network that notes its batches
    net = _watched(data)
    before = {k: v.copy() for k, v in net.params.items()}
    start = _forward_loss(net, data.x_train, data.t_train)
    losses, best = _run_loop(train, net, data, epochs=_WATCHED_EPOCHS)
    _steps_per_epoch(net, data, epochs=_WATCHED_EPOCHS)
    if all(np.array_equal(before[k], net.params[k]) for k in before):
        raise NotYet(f"after {_WATCHED_EPOCHS} epochs the weights are exactly what they were: "
                     "each step must change every parameter.")
    through_layers = call(lambda: net.loss(data.x_train, data.t_train), what="net.loss")
    from_params = _forward_loss(net, data.x_train, data.t_train)
    if (np.isfinite(through_layers) and np.isfinite(from_params)
            and not np.isclose(through_layers, from_params, rtol=1e-9)):
        raise NotYet("net.params (here the book's plain dict) now holds new arrays, but the "
                     "network's layers still compute with the old ones (its loss is still "
                     f"{through_layers:.4f}): change each array itself, in place (`-=`). "
                     "net.params in the chapter is a Params, which copies an assigned array "
                     "into the layer's and so hides this mistake.")
    if not np.isfinite(from_params) or from_params >= start:
        raise NotYet(f"the training loss went from {start:.4f} to {from_params:.4g} in "
                     f"{_WATCHED_EPOCHS} epochs instead of falling: which way does a step have "
                     "to go to lower the loss?")
    if not np.isclose(losses[-1], from_params, rtol=1e-9):
        raise NotYet(f"the last loss you recorded is {losses[-1]:.6g}, but the network's loss on "
                     f"all of x after the last epoch is {from_params:.6g}: record that, once per "
                     "epoch.")
    again = _watched(data)
    if _run_loop(train, again, data, epochs=_WATCHED_EPOCHS) != (losses, best):
        raise NotYet("two runs with seed=0 gave different losses: draw every shuffle from a "
                     "generator made from the seed.")

    # the payoff: a fresh chapter network, trained by the learner's loop
    net = _watched(data, keep_batches=False)
    losses, best = _run_loop(train, net, data, epochs=_LOOP_EPOCHS)
    _lowest_val_epoch(net, losses, best)
    accuracy = net.accuracy(data.x_test, data.t_test)
    if accuracy < _LOOP_TARGET:
        raise NotYet(f"after {_LOOP_EPOCHS} epochs at learning rate {_LOOP_RATE:g}, your loop's "
                     f"network gets {100 * accuracy:.2f} % of the validation digits right; a "
                     f"right loop gets {100 * _LOOP_TARGET:.0f} % or more.")
    other = _watched(data, keep_batches=False, batch_size=_OTHER_BATCH)
    _run_loop(train, other, data, epochs=1, rate=_OTHER_RATE, batch_size=_OTHER_BATCH)
    _first_step_follows(other, _OTHER_RATE, _OTHER_BATCH)
    return (f"your loop visits every sample once per epoch in shuffled mini-batches, steps "
            f"downhill, records the losses and repeats with its seed; in {_LOOP_EPOCHS} epochs it "
            f"took the loss from {start:.3f} to {losses[-1]:.4f}, the validation loss was lowest "
            f"after epoch {best}, and the network gets {100 * accuracy:.2f} % of the "
            f"{len(data.t_test)} validation digits right.")


# --- the chapter's predictions explained, once the learner has predicted -----------------

_WHY = {
    "rates": r"**Why.** At 0.1 the loss falls steadily but slowly; at 1 it falls fast (the "
             r"chapter's choice). At 2 and 3 the network learns (almost) nothing: the training "
             r"loss jumps about and settles near $\log 10$, the validation accuracy near "
             r"guessing, about 1 in 10. The middle panel (seed 0) says why: hidden units die. "
             r"The lines under the table count them for every seed: after the first epoch 12 "
             r"to 41 of the 50 at rates 2 and 3; the table: 48 to 50 after 30 epochs. "
             r"(A **dead unit**, chapter 05, is a ReLU that is off for every training digit: "
             r"it passes back gradient 0 on every batch, so its weights never change and it "
             r"stays dead.) The "
             r"right panel shows the consequence: the gradient reaching $W_1$ collapses by "
             r"orders of magnitude, flares up "
             r"while the last live units move, and is exactly 0 once every unit is dead." "\n\n"
             r"How does a long step kill a unit? The lines below follow a fresh network "
             r"through 11 steps (about one epoch) at learning rate 3, with the loop you read "
             r"above (random batches of its own, not the plotted runs' batches).",
    "steps": r"Two units are dead from the start; more die from the third step on, while "
             r"the loss is still near $\log 10$. Why does one step switch a unit off for "
             r"**every** digit, not only for those in its batch?" "\n\n"
             r"Write $\delta_{nj}$ for the gradient reaching unit $j$'s input from batch digit "
             r"$x_n$. The step changes the unit's weights by $-3\sum_n \delta_{nj}\,x_n$ and its "
             r"bias by $-3\sum_n \delta_{nj}$, so the input of *any* digit $x'$ changes by "
             r"$-3\sum_n \delta_{nj}\,(x'\cdot x_n + 1)$. Pixels are never negative, so"
             "\n\n"
             r"$$x'\cdot x_n + 1 > 0 \quad\text{for every } x' \text{ and } x_n.$$" "\n\n"
             r"When the batch's $\delta_{nj}$ are all positive (" '"this unit fires for the '
             r'wrong classes"' r"), or the weighted sum is positive for every training digit, "
             r"the step lowers the unit's input for all digits at once; "
             r"a step three times longer lowers it three times as far, below 0 for every "
             r"training digit (the smallest bias falls from $-0.03$ to $-2.95$ within the "
             r"epoch). No later step can revive a dead unit: the middle panel never goes down."
             "\n\n"
             r"Meanwhile the long steps overshoot: the loss shoots up (14.50 at step 10), the "
             r"gradients grow, the steps get longer still, and more units die. With all units "
             r"dead the scores are $b_2$ whatever the image, and the best the network can learn "
             r"is how common each class is: a loss of about $\log 10$.",
    "scales": r"**Why.** At 0.01 $W_2$ is ten times smaller, so the gradient reaching $W_1$ "
              r"is too (your factor); $h$ shrinks with $W_1$, so $\mathrm{d}W_2 = h^\top"
              r"\mathrm{dout}$ is ten times smaller as well (only $\mathrm{d}b_2$ is not). The "
              r"weights do move (relative to their size, farther than at 0.1); what lags is the "
              r"scores $x W_1 W_2$, a product of two small matrices: after epoch 1 the loss is "
              r"still near $\log 10$, and after epoch 5 the accuracy lags. At 1.0 "
              r"the scores are huge from the start (loss 16 to 36), the first steps are long "
              r"and leave 11 to 20 hidden units dead for good (the dead units of *What the "
              r"learning rate does*): fewer units learn, and it ends lower.",
    "longer": r"**Why.** The validation loss rises steadily: each ten-epoch average of the "
              r"validation loss, in the first line above, is higher than the one before. The "
              r"accuracy does not move: 8 validation digits wrong at each look, seven of them the "
              r"same ones since epoch 33. What moves is how sure the network is. To lower the "
              r"training loss further it makes every score more extreme: the right validation "
              r"digits' loss falls, the wrong ones' climbs, and the loss punishes a confident "
              r"mistake far more than it rewards a little more confidence in a right answer. A "
              r"training loss that keeps falling while the validation loss climbs is "
              r"**overfitting**: what the network still learns fits its 1,097 training digits, not"
              r" digits in general.",
    "zero": r"**Why.** Every hidden input is exactly 0, so $h = 0$ and "
            r"$\mathrm{d}W_2 = h^\top\mathrm{dout} = 0$. Nothing reaches the first layer "
            r"either, for two reasons at once: what the second layer passes back, "
            r"$\mathrm{d}h = \mathrm{dout}\,W_2^\top$, is 0 because $W_2 = 0$; and the ReLU's "
            r"switch is closed at input 0 as well. (So a leaky ReLU, open at 0, would not help: "
            r"it would pass back its slope times 0.) Only "
            r"$b_2$ learns, and the network answers the most common class." "\n\n"
            r"The second run starts every weight at 0.1 instead: now $W_1$ learns, but its "
            r"columns stay equal. Identical hidden units compute the same output and get the "
            r"same gradient, so after each update they are identical again: fifty units act "
            r"as one, none of them dead (at learning rate 1.0 they all die together, in the "
            r"first epoch: hence 0.3), and the network reaches only 27.67 %: one feature is "
            r"all fifty units can learn. This is **symmetry**, and the all-zero start is one "
            r"case of it. Random starting weights break it: each unit starts different, gets "
            r"its own gradient and can learn its own feature.",
}


def explain(name):
    """The explanation of one of the chapter's predictions, as Markdown. The chapter returns
    it from the function it gives ``reveal``, so it appears once the prediction is written."""
    from IPython.display import Markdown
    return Markdown(_WHY[name])


# --- the all-zero start: which parameters can change? ------------------------------------

# one hint for any wrong answer: it names no parameter, so trying answers learns nothing
_ZERO_HINT = ("follow one backward pass at the all-zero start, in backward order. "
              "What are the probabilities y, so what does the loss layer pass back (chapter 07), "
              "and db2, its sum over the batch? What is the hidden output h, so dW2 = h^T dout? "
              "What is dh = dout W2^T, and what does the ReLU pass back at input 0 (chapter 05) "
              "to W1 and b1? A parameter whose gradient is 0 at every step never changes.")


_DB2_HINT = ("at the all-zero start every score is 0. What probabilities y does the softmax "
             "give ten equal scores? What does Softmax-with-Loss pass back for a batch of N "
             "(chapter 07), and what does db2 add up? Work it out class by class from the "
             "labels.")

# label sets my_db2 is tried on (seeded): the chapter's first five, then others of other sizes
_DB2_LABELS = [np.array([5, 7, 2, 2, 8])] + [np.random.default_rng(n).integers(0, 10, size=n)
                                             for n in (1, 8, 13, 40)]


@check
def zero_start(changes, db2_func=None):
    """Prediction: with every weight and bias at 0, which of W1, b1, W2, b2 change in training?
    And ``db2_func(labels)``: db2 at that start on a batch with those labels, worked out from
    the labels alone (no code of layers.py may run), right within 1e-6 on several seeded
    label sets."""
    # from the math: the mean over the batch of 1/10 - t, t one-hot
    from network import TwoLayerNet
    names = ["W1", "b1", "W2", "b2"]
    _dict_of_bools(changes, names)
    if untouched(db2_func) or is_placeholder(db2_func):
        raise NotYet("write my_db2 too: db2 at the all-zero start, for a batch with the "
                     "given labels.")
    # the truth, from the network itself: at an all-zero start a parameter can change only if
    # its gradient on the training digits is not 0 (and a parameter whose gradient is 0 at
    # every step keeps its value; the demonstration after the check trains to show it)
    data = _chapter_data()
    net = TwoLayerNet(64, 50, 10, weight_init_std=0, seed=0)
    grads = net.gradient(data.x_train, data.t_train)
    truth = {name: bool(np.any(grads[name] != 0)) for name in names}
    if any(bool(changes[name]) != truth[name] for name in names):
        raise NotYet(_ZERO_HINT)
    for labels in _DB2_LABELS:
        given = labels.copy()
        with library_unused("my_db2 ran {name}: work db2 out from the labels, with numpy "
                            "alone, not with a network or a layer."):
            got = call(db2_func, given, what="my_db2", keep={"labels": given})
        db2 = floats(got)
        if isinstance(got, bool) or db2 is None or db2.shape != (10,) \
                or not np.isfinite(db2).all():
            raise NotYet(f"my_db2({labels.tolist()}) should return ten numbers, one per class, "
                         "like a list or an array.")
        db2_truth = 0.1 - np.bincount(labels, minlength=10) / len(labels)
        if np.allclose(db2, db2_truth, rtol=0, atol=1e-6):
            continue
        if np.allclose(db2, -db2_truth, rtol=0, atol=1e-6):
            raise NotYet("the sizes fit, the signs do not: which way round does "
                         "Softmax-with-Loss's backward subtract?")
        if np.allclose(db2, len(labels) * db2_truth, rtol=0, atol=1e-5):
            raise NotYet("the pattern fits, the size does not: the loss is the mean over the "
                         "batch, not its sum.")
        raise NotYet(f"my_db2({labels.tolist()}) is not db2 for these labels: "
                     + _DB2_HINT)
    return ("only b2 changes; W1, b1 and W2 stay exactly 0. db2 is 1/10 minus each class's "
            "share of the batch: the first step moves b2 toward the classes the batch holds "
            "most often. The run below shows the rest.")


def _dict_of_bools(given, names):
    if untouched(given) or (isinstance(given, dict) and names
                            and all(untouched(given.get(n)) for n in names)):
        raise NotAttempted("replace every None with True (it changes) or False (it stays).")
    if not isinstance(given, dict) or any(n not in given for n in names):
        raise NotYet(f"give a dict with the keys {', '.join(names)}.")
    if any(not isinstance(given[n], (bool, np.bool_)) for n in names):
        raise NotYet("give True or False for each parameter.")


# --- exercise 8.2, step 1: where the bug sits, from measured evidence -------------------

_PARAMETERS = ("W1", "b1", "W2", "b2")


_LOCATIONS = ("loss layer", "Affine layer", "ReLU layer", "gradient method")


def _locations(net):
    """Where the code of its own (not the library's) that ``net`` runs sits: a set of
    ``_LOCATIONS``."""
    found = set()
    for role, func in _code_roles(net).items():
        if role == "__init__" or _from_library(func):
            continue
        if role == "gradient":
            found.add("gradient method")
            continue
        where, _, _ = role.rpartition(".")
        layer = dict(_layer_objects(net)).get(where)
        for kind, location in ((layers.SoftmaxWithLoss, "loss layer"),
                               (layers.Affine, "Affine layer"), (layers.Relu, "ReLU layer")):
            if isinstance(layer, kind):
                found.add(location)
    return found


_EVIDENCE = ("failing", "W2 ratio")


def _evidence(net, weights):
    """What the learner measures before placing a bug, measured here on ``net``: the set of
    parameters whose gradient check fails, backprop / math for the clear entries of W2
    (one number if it is the same for all of them, else "none").  The data are those of
    ``gradient_errors``."""
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((7, 10)), rng.integers(0, 10, size=7)
    grads = call(method(net, "gradient"), x, t, what="the suspect's gradient")
    if not isinstance(grads, dict) or any(floats(grads.get(n)) is None for n in _PARAMETERS):
        raise NotYet("its gradient does not return the four gradients: pass one of the "
                     "exercise's suspects.")
    _, right = _reference(weights, x, t)
    failing = {n for n in _PARAMETERS
               if floats(grads[n]).shape != right[n].shape
               or _relative_error(floats(grads[n]), right[n]) >= _TOLERANCE}
    ratio = "none"
    if floats(grads["W2"]).shape == right["W2"].shape:
        clear = np.abs(right["W2"]) > 1e-3 * np.abs(right["W2"]).max()
        ratios = floats(grads["W2"])[clear] / right["W2"][clear]
        if np.ptp(ratios) <= 0.01 * abs(np.median(ratios)):
            ratio = float(np.median(ratios))
    return {"failing": failing, "W2 ratio": ratio}


def _evidence_matches(key, given, truth):
    if key == "failing":
        if isinstance(given, str) or not isinstance(given, (set, frozenset, list, tuple)):
            return False
        canonical = {name.lower(): name for name in _PARAMETERS}
        names = {canonical.get(str(n).strip().lower()) for n in given}
        return names == truth
    # "W2 ratio"
    if isinstance(truth, str) or isinstance(given, str):
        return isinstance(given, str) and isinstance(truth, str) \
            and given.strip().lower() == truth
    value = floats(given)
    return not isinstance(given, bool) and value is not None and value.size == 1 \
        and abs(float(value.reshape(())) / truth - 1) <= 0.02


@check
def bug_location(location, suspect, evidence=None):
    """Exercise 8.2, step 1: ``check.bug_location((where_a, where_b, where_c), (SuspectA,
    SuspectB, SuspectC), (evidence_a, evidence_b, evidence_c))``, or one suspect alone.

    ``location`` is one of ``_LOCATIONS``: where the learner, from the evidence, puts the
    suspect's bug before reading its code. ``evidence`` is a dict of ``_EVIDENCE``: the
    failing parameters, W2's backprop / numerical ratio (a number, or "none" when the
    entries share no factor); each is measured here on the suspect and must match before
    the places are judged. The true place is read off the suspect itself: the one part whose
    code is its own rather than the library's. Several suspects' places are judged
    together, with one hint, so guessing three of four places takes up to 64 tries, not 4.
    """
    many = isinstance(suspect, (tuple, list))
    suspects = list(suspect) if many else [suspect]
    places = list(location) if many and isinstance(location, (tuple, list)) else [location]
    proofs = list(evidence) if many and isinstance(evidence, (tuple, list)) else [evidence]
    values = [v for proof in proofs
              for v in (proof.values() if isinstance(proof, dict) else [proof])]
    choices = ", ".join(map(repr, _LOCATIONS))
    if all(untouched(p) for p in places) and all(untouched(v) for v in values):
        raise NotAttempted(f"replace each where_... None with one of: {choices}, and fill in "
                           "the evidence.")
    if len(places) != len(suspects) or len(proofs) != len(suspects):
        raise NotYet("pass one place and one evidence dict per suspect, in the suspects' order.")
    truths = []
    for one, proof in zip(suspects, proofs):
        if not inspect.isclass(one):
            raise NotYet("pass the suspect class itself as the second argument (SuspectA, ...).")
        if not isinstance(proof, dict) or any(k not in proof for k in _EVIDENCE):
            raise NotYet("pass the evidence as a dict with the keys "
                         f"{', '.join(map(repr, _EVIDENCE))}.")
        net, weights = _network(one, (10, 10, 10), list(_PARAMETERS))
        truth = _locations(net)
        if not truth:
            raise NotYet(f"{one.__name__} runs only the library's code: pass one of the "
                         "exercise's suspects.")
        measured = _evidence(net, weights)
        if not all(_evidence_matches(k, proof[k], measured[k]) for k in _EVIDENCE):
            # one hint, naming no entry: a hint that said which entries are wrong would let
            # flipping True and False find them, and the place would follow from them
            raise NotYet(f"some of the evidence on {one.__name__} is not what the check "
                         "measures; measure each entry again: 'failing' is the set of "
                         "parameters whose relative error is not 'below 1e-7'; 'W2 ratio' is "
                         "grads['W2'] / numerical['W2'] where numerical is clearly not 0, one "
                         "number if every entry gives it, else \"none\".")
        truths.append(truth)
    if any(untouched(p) for p in places):
        raise NotYet(f"the evidence is right; now write each where_... as one of: {choices}.")
    guesses = []
    for place in places:
        words = " ".join(place.lower().split()) if isinstance(place, str) else None
        guess = next((c for c in _LOCATIONS if c.lower() == words), None)
        if guess is None:
            raise NotYet(f"write each place as one of: {choices}.")
        guesses.append(guess)
    if any(guess not in truth for guess, truth in zip(guesses, truths)):
        # one hint, whatever the guesses and however many are wrong: naming a wrong place
        # would let trying decide
        raise NotYet("test each layer alone, on inputs of your own: a layer that gives the "
                     "wrong result holds the bug; where every layer alone is right, ask what "
                     "else the backward pass runs.")
    if not many:
        return (f"the bug of {suspect.__name__} sits in its {guesses[0]}. Now read the code: "
                f"source({suspect.__name__}).")
    found = ", ".join(f"{one.__name__}'s {guess}" for one, guess in zip(suspects, guesses))
    return f"the bugs sit in {found}. Now read the code: source(SuspectA), ..."



# --- prediction: a learning rate of 3 ------------------------------

_RATE_CHOICES = ("three times as fast", "as well", "worse", "not at all")
_LOSS_TOLERANCE = 0.25   # a predicted loss within this of the run's counts as right


def _choice(given, choices, variable):
    if untouched(given):
        raise NotAttempted(f"replace None with one of: {', '.join(map(repr, choices))}.")
    words = " ".join(given.lower().split()) if isinstance(given, str) else None
    if words not in choices:
        raise NotYet(f"write {variable} as one of: {', '.join(map(repr, choices))}.")
    return words


@check
def rate_prediction(rate_guess, loss_guess=None):
    """Prediction: trained 30 epochs at learning rate 3, does the chapter's network learn three
    times as fast as at 1, as well, worse, or not at all; and what is its training loss after
    epoch 30 (``loss_guess``, right within 0.25)?  Measured here: both runs (seed 0)."""
    from teaching import learning_rates
    if untouched(rate_guess) and untouched(loss_guess):
        raise NotAttempted(f"replace my_guess with one of: {', '.join(map(repr, _RATE_CHOICES))}"
                           "; my_loss with a number.")
    guess = _choice(rate_guess, _RATE_CHOICES, "my_guess")
    loss = floats(loss_guess)
    if isinstance(loss_guess, bool) or loss is None or loss.size != 1 \
            or not np.isfinite(loss).all():
        raise NotYet("my_loss should be a number: the training loss you expect after epoch 30.")
    loss = float(loss.reshape(()))
    data = _chapter_data()
    one, three = learning_rates.compare(data, learning_rates=(1.0, 3.0), epochs=30)
    if three.loss_train[30] > 0.9 * np.log(10):            # no better than class frequencies
        truth = "not at all"
    elif three.acc_test[30] < one.acc_test[30] - 0.005:
        truth = "worse"
    elif three.loss_train[10] <= one.loss_train[30]:
        truth = "three times as fast"
    else:
        truth = "as well"
    if guess != truth or abs(loss - three.loss_train[30]) > _LOSS_TOLERANCE:
        # one hint, whichever part is wrong: trying answers tells nothing
        raise NotYet("a step is learning rate times gradient. What can a step three "
                     "times longer do to the loss, and to a ReLU unit's input (pixels are never "
                     "negative)? And what loss does a network end at that has learnt what it "
                     "could from such steps? Both parts must fit the run.")
    return (f"{truth}: at learning rate 3 the training loss ends at {three.loss_train[30]:.2f} "
            f"(log 10 = {np.log(10):.2f}); at 1 it ends at {one.loss_train[30]:.3f}. The runs "
            "below show why.")


# --- prediction: the starting scale 0.01 -------------------------------------------------

_SCALE_TOLERANCE = 0.15    # the factor, within 15 % (seeds 0, 1, 2 give 10.4, 11.2, 9.5)
_DB2_TOLERANCE = 0.4       # db2's factor, within 0.4 (seeds 0, 1, 2 give 1.2, 1.5, 0.8)


def _scale_truth():
    """The chapter's network (seed 0) at scale 0.01: its loss on the training digits, and
    |dW1| and |db2| at 0.1 over the same at 0.01, on the chapter's batch of the first 100
    training digits."""
    data = _chapter_data()
    xb, tb = data.x_train[:100], data.t_train[:100]
    small, large = (network.TwoLayerNet(64, 50, 10, weight_init_std=scale, seed=0)
                    for scale in (0.01, 0.1))
    grads_small, grads_large = small.gradient(xb, tb), large.gradient(xb, tb)
    factor, factor_b2 = (np.linalg.norm(grads_large[key]) / np.linalg.norm(grads_small[key])
                         for key in ("W1", "b2"))
    return float(small.loss(data.x_train, data.t_train)), float(factor), float(factor_b2)


@check
def scale_prediction(factor_guess, db2_guess=None):
    """Prediction: how many times larger dW1 and db2 of the first batch are at starting scale
    0.1 than at 0.01 (dW1 within 15 %, db2 within 0.4).  Measured on the chapter's network."""
    # dW1 = x^T da1, da1 = (dy W2^T) * mask, W2 ten times larger, dy and the mask nearly
    # alike: about 10; db2 sums dy, which passes through no weight matrix: about 1
    if untouched(factor_guess) and untouched(db2_guess):
        raise NotAttempted("replace both Nones with a number: the factors.")
    numbers = [floats(guess) for guess in (factor_guess, db2_guess)]
    for name, guess, number in zip(("my_factor", "my_factor_b2"), (factor_guess, db2_guess),
                                   numbers):
        if isinstance(guess, bool) or number is None or number.size != 1 \
                or not np.isfinite(number).all():
            raise NotYet(f"write {name} as one number.")
    _, factor, factor_b2 = _scale_truth()
    guess, guess_b2 = (float(number.reshape(())) for number in numbers)
    if abs(guess / factor - 1) > _SCALE_TOLERANCE or abs(guess_b2 - factor_b2) > _DB2_TOLERANCE:
        # one hint, whichever part is wrong: trying answers tells nothing
        raise NotYet("follow each gradient down from the loss (chapter 07): which weight "
                     "matrices does it pass through on the way, and which of the factors in "
                     "it change with the scale? Both parts must fit.")
    return (f"dW1 is {factor:.1f} times larger at 0.1, db2 {factor_b2:.1f} times. The runs "
            "below show what that does.")


# --- prediction: validation accuracy and loss at epoch 300 against epoch 100 -------------

_LONGER_CHOICES = ("above", "the same", "below")


def _longer_truth():
    """Where the 300-epoch run's validation accuracy and loss (ten-epoch mean) stand at epoch
    300 against epoch 100: one of ``_LONGER_CHOICES`` each (the chapter's own run)."""
    from teaching import training
    history = training.validation_run()[0]
    means = training.mean_loss_val(history, last=10)

    def where(later, earlier, same):
        return "the same" if abs(later - earlier) <= same else (
            "above" if later > earlier else "below")
    # the same: within half a digit of the 300 validation digits; within 2 % for the loss
    return (where(history.acc_val[300], history.acc_val[100], 0.5 / 300),
            where(means[300], means[100], 0.02 * means[100]))


@check
def longer_prediction(accuracy_guess, loss_guess=None):
    """Prediction: the chapter's run (learning rate 1, seed 0) trained on to epoch 300: is its
    validation accuracy, and its validation loss (mean of ten epochs), at epoch 300 above,
    the same as, or below epoch 100?  Both must match the run."""
    if untouched(accuracy_guess) and untouched(loss_guess):
        raise NotAttempted("replace both Nones with one of: "
                           f"{', '.join(map(repr, _LONGER_CHOICES))}.")
    guesses = (_choice(accuracy_guess, _LONGER_CHOICES, "my_accuracy"),
               _choice(loss_guess, _LONGER_CHOICES, "my_val_loss"))
    if guesses != _longer_truth():
        # one hint, whichever part is wrong: trying answers tells nothing
        raise NotYet("the accuracy counts only which class scores highest; the loss also "
                     "weighs how sure the network is of each answer. While the training loss keeps "
                     "falling, what happens to how sure it is? Both parts must fit the run.")
    return (f"accuracy {guesses[0]}, loss {guesses[1]}. The view below trains on to 300 "
            "(Start), then shows it, and where the change comes from.")


# --- prediction: how many digits do 11 random batches miss? -------------------------------

_DIGITS, _BATCH_SIZE, _STEPS = 1097, 100, 11   # the chapter's training set, batch, one epoch


@check
def missed_prediction(missed_guess):
    """Prediction: 11 random batches of 100 from the 1,097 training digits (each batch
    without repeats): how many digits are never drawn?  Right within 10 % of the expected
    number."""
    # from the math: each batch misses a given digit with probability 1 - 100/1097
    if untouched(missed_guess):
        raise NotAttempted(f"replace None with a whole number from 0 to {_DIGITS}.")
    if isinstance(missed_guess, bool) or not isinstance(missed_guess, (int, np.integer)) \
            or not 0 <= missed_guess <= _DIGITS:
        raise NotYet(f"write my_missed as a whole number from 0 to {_DIGITS}.")
    expected = _DIGITS * (1 - _BATCH_SIZE / _DIGITS) ** _STEPS
    if abs(missed_guess - expected) > 0.1 * expected:
        raise NotYet(f"take one digit. What is the chance that one batch of 100 leaves it "
                     f"out? That all {_STEPS} batches, drawn independently, leave it out? How "
                     f"many of the {_DIGITS:,} digits is that?")
    return (f"about {expected:.0f} are expected to be missed, over a third; the seeded draw "
            "below shows one such count.")
