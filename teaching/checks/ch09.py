"""Checks for chapter 9, an autograd of your own.

Every check builds fresh ``Value`` objects with the learner's own class, at
inputs the notebook never shows, and compares what their closures and their
``backward()`` do with the math (and, for whole graphs, with central
differences of the same function on plain floats).  The typical mistakes each
get their hint: ``=`` instead of ``+=`` where a value is used twice, a
multiply that does not swap, a closure that forgets ``out.grad``, a pass that
never seeds dL/dL = 1, closures called in the wrong order or more than once,
and gradients left to pile up across training steps.
"""

import functools
import inspect
import math
import re
import sys
import textwrap

import numpy as np

import layers

from .core import (
    NotAttempted,
    NotYet,
    call,
    check,
    close,
    dict_answer,
    floats,
    mistake,
    stable_sigmoid,
)

# --- running the learner's Value -------------------------------------------------------


def _needs(value_class, *names):
    """``NotYet`` if the class lacks a method a step adds (e.g. after step 1 ran again)."""
    if not isinstance(value_class, type):
        raise NotYet(f"pass your class itself (Value), not {type(value_class).__name__}.")
    missing = [n for n in names if not callable(getattr(value_class, n, None))]
    if missing:
        raise NotYet(f"your class has no {', '.join(missing)}: run the cell that defines it "
                     "(running step 1 again makes a new class without the later steps' methods; "
                     "run those cells again too).")


def _values(value_class, *numbers):
    """Fresh Values of the learner's class, made through ``call``."""
    made = tuple(call(value_class, n, what=f"Value({n:g})") for n in numbers)
    return made if len(made) > 1 else made[0]


def _number(v, what):
    got = floats(v)
    if got is None or got.shape != ():
        raise NotYet(f"{what} should be one number, got {v!r}.")
    return float(got)


def _data(v, what):
    if not hasattr(v, "data"):
        raise NotYet(f"{what} should be a Value with .data, got {v!r}: return out.")
    return _number(v.data, f"{what}.data")


def _grad(v, what):
    if not hasattr(v, "grad"):
        raise NotYet(f"{what} has no .grad: set self.grad = 0.0 in __init__.")
    return _number(v.grad, f"{what}.grad")


def _local_backward(out, what):
    """Call ``out._backward()`` (its upstream ``out.grad`` set by the caller)."""
    closure = getattr(out, "_backward", None)
    if not callable(closure):
        raise NotYet(f"{what} has no _backward function: set out._backward = _backward.")
    call(closure, what=f"the _backward of {what}")


def _parents_are(out, expected, what):
    parents = getattr(out, "parents", None)
    if parents is None or len(parents) != len(expected) or any(
            p is not e for p, e in zip(parents, expected)):
        names = " and ".join("self" if i == 0 else "other" for i in range(len(expected)))
        raise NotYet(f"{what}: out.parents should be ({names}), the Values it was computed "
                     "from, in that order.")


def _accumulates(make_out, inputs, upstream, want, what):
    """Run a closure with the inputs' grads already holding 0.5 (as if another use of the
    value had sent it): each grad must become 0.5 + its share, not its share alone."""
    for v in inputs:
        v.grad = 0.5
    out = make_out()
    out.grad = upstream
    _local_backward(out, what)
    got = [_grad(v, what) for v in inputs]
    if close(got, want) and not close(got, [w + 0.5 for w in want]):
        raise NotYet(f"{what}: a parent's grad already held 0.5 from another use of that value "
                     "and your closure replaced it. Where a value is used twice the gradients "
                     "add up (the fork of chapter 3): use += on the parents' grads.")
    return got


# --- step 1: the value ------------------------------------------------------------------

@check
def value(value_class):
    """Step 1: ``Value(data, parents=())`` keeps data, grad = 0, parents, and a no-op _backward."""
    _needs(value_class)
    v = call(value_class, 3, what="Value(3)")

    def field(obj, name, shown_as):
        # a learner's property may raise anything: reading it is learner code too
        return call(lambda: getattr(obj, name, None), what=f"reading {shown_as}.{name}")

    data, grad, parents = (field(v, name, "Value(3)") for name in ("data", "grad", "parents"))
    if type(data) is not float or data != 3.0:
        raise NotYet(f"Value(3).data should be the float 3.0, got {data!r}: keep float(data).")
    if grad != 0.0:
        raise NotYet(f"a new Value's grad should start at 0.0, got {grad!r}: "
                     "nothing has been sent back to it yet.")
    if not isinstance(parents, (tuple, list)) or len(parents) != 0:
        raise NotYet("Value(3) was computed from nothing: its parents should be the empty "
                     "tuple ().")
    a, b = _values(value_class, 1.0, 2.0)
    c = call(value_class, 3.0, [a, b], what="Value(3.0, [a, b])")
    c_parents = field(c, "parents", "Value(3.0, [a, b])")
    if not isinstance(c_parents, tuple) or len(c_parents) != 2 \
            or c_parents[0] is not a or c_parents[1] is not b:
        raise NotYet("Value(3.0, [a, b]).parents should be the tuple (a, b): the very objects "
                     "given (tuple(parents)), in order.")
    backward_fn = field(v, "_backward", "Value(3)")
    if not callable(backward_fn):
        raise NotYet("a new Value needs a _backward that does nothing (lambda: None): "
                     "an input has no parents to send its gradient to.")
    call(backward_fn, what="an input's _backward")
    if field(v, "grad", "Value(3)") != 0.0:
        raise NotYet("an input's _backward should do nothing; it changed grad.")
    return "a Value keeps its number, a gradient of 0 to fill in, its parents and a closure."


# --- step 2: add ----------------------------------------------------------------------------

@check
def add(value_class):
    # The worked answer, out of the docstring that `?` shows:
    # Step 2: ``a + b`` records its parents and its closure sends out.grad to both.
    """Step 2: ``a + b`` records its parents, and its closure sends each of them its share of
    out.grad."""
    _needs(value_class, "__add__")
    a, b = _values(value_class, 2.0, -3.5)
    out = call(lambda: a + b, what="a + b")
    if not close(_data(out, "a + b"), -1.5):
        raise NotYet(f"(2) + (-3.5) should give data -1.5, got {out.data!r}.")
    _parents_are(out, (a, b), "a + b")
    out.grad = 2.0                      # dL/d out, as if it came from the rest of the graph
    _local_backward(out, "a + b")
    got = [_grad(a, "a"), _grad(b, "b")]
    if not close(got, [2.0, 2.0]):
        raise NotYet(mistake(got, [
            ([1.0, 1.0], "with out.grad = 2 each parent got 1: the local derivative 1 multiplies "
                         "the upstream gradient out.grad, it does not replace it."),
            ([0.0, 0.0], "the closure changed neither parent's grad: it should add to "
                         "self.grad and other.grad."),
            ([2.0, 0.0], "only self got its gradient: other is a parent too."),
            ([0.0, 2.0], "only other got its gradient: self is a parent too."),
        ], f"with out.grad = 2, a + b should send 2 to each parent (add passes the gradient on "
           f"unchanged); a.grad and b.grad are {got}."))
    a, b = _values(value_class, 1.0, 4.0)
    _accumulates(lambda: a + b, [a, b], 2.0, [2.0, 2.0], "a + b")
    x = _values(value_class, 3.0)
    twice = call(lambda: x + x, what="x + x")
    twice.grad = 1.0
    _local_backward(twice, "x + x")
    if not close(_grad(x, "x"), 2.0):
        raise NotYet(f"for x + x with out.grad = 1, x.grad should be 2 (once per use), got "
                     f"{x.grad!r}: use += so the second share adds to the first.")
    return "+ passes out.grad to both parents, adding to what they already hold."


# --- step 3: multiply -----------------------------------------------------------------------

@check
def mul(value_class):
    # The worked answer, out of the docstring that `?` shows:
    # Step 3: ``a * b``: each parent gets out.grad times the other parent's data.
    """Step 3: ``a * b`` records its parents, and its closure sends each of them its share of
    out.grad."""
    _needs(value_class, "__add__", "__mul__")
    a, b = _values(value_class, 3.0, -4.0)
    out = call(lambda: a * b, what="a * b")
    if not close(_data(out, "a * b"), -12.0):
        raise NotYet(f"(3) * (-4) should give data -12, got {out.data!r}.")
    _parents_are(out, (a, b), "a * b")
    out.grad = 0.5
    _local_backward(out, "a * b")
    got = [_grad(a, "a"), _grad(b, "b")]
    if not close(got, [-2.0, 1.5]):
        raise NotYet(mistake(got, [
            ([1.5, -2.0], "each parent got out.grad times its own data: multiply swaps, a's "
                          "local derivative is the other input's data."),
            ([-4.0, 3.0], "the local derivatives are right, but they must multiply the upstream "
                          "gradient out.grad."),
            ([0.5, 0.5], "that is what + sends back; * sends out.grad times the other input."),
            ([0.0, 0.0], "the closure changed neither parent's grad."),
        ], f"at a = 3, b = -4 with out.grad = 0.5 the gradients should follow 'multiply swaps'; "
           f"a.grad and b.grad are {got}."))
    c = _values(value_class, 3.0)
    d = call(lambda: c * 2, what="a Value times the number 2")
    if not close(_data(d, "c * 2"), 6.0):
        raise NotYet("c * 2 should work: wrap a plain number as a Value first, as add does.")
    a, b = _values(value_class, 2.0, 5.0)
    _accumulates(lambda: a * b, [a, b], 1.0, [5.0, 2.0], "a * b")
    x = _values(value_class, 3.0)
    square = call(lambda: x * x, what="x * x")
    square.grad = 2.0
    _local_backward(square, "x * x")
    if not close(_grad(x, "x"), 12.0):
        raise NotYet(f"for x * x at x = 3 with out.grad = 2 (chapter 3's fork) x.grad should "
                     f"collect both shares, got {x.grad!r}: use += on both parents' grads.")
    return "* sends out.grad times the other input to each parent, and shares add up at a fork."


# --- step 4: backward -----------------------------------------------------------------------

def _nodes(out, value_class):
    """Every Value ``out`` depends on, each once, by a walk through ``parents``."""
    seen, order, todo = set(), [], [out]
    while todo:
        v = todo.pop()
        if id(v) not in seen and isinstance(v, value_class):
            seen.add(id(v))
            order.append(v)
            todo.extend(getattr(v, "parents", ()))
    return order


def _watched_backward(out, value_class):
    """``out.backward()`` with every operation's closure wrapped to record when it ran."""
    calls = []
    nodes = [v for v in _nodes(out, value_class) if getattr(v, "parents", ())]
    for v in nodes:
        original = getattr(v, "_backward", None)
        if not callable(original):
            raise NotYet("a Value made by an operation has no _backward function: set "
                         "out._backward = _backward before returning out.")

        def watched(v=v, original=original):
            calls.append(v)
            return original()
        v._backward = watched
    call(lambda: out.backward(), what="backward()")
    return nodes, calls


_WALK = ("one depth-first walk: visit(v): if v is not in seen, add it to seen, visit each of "
         "its parents, then append v to the list; start with visit(self).")


def _check_order(out, nodes, calls):
    counts = {id(v): sum(c is v for c in calls) for v in nodes}
    if getattr(out, "grad", None) == 0.0:
        raise NotYet("after backward() the output's own grad is still 0, so every closure "
                     "sent 0 back. The pass starts from dL/dL: set it on the output first.")
    if any(counts[id(v)] == 0 for v in nodes):
        raise NotYet("some operation's _backward never ran: the order must hold every Value "
                     "the output was computed from, found by following parents all the way "
                     f"back. {_WALK}")
    if any(counts[id(v)] > 1 for v in nodes):
        worst = max(counts.values())
        raise NotYet(f"one operation's _backward ran {worst} times, so its share was sent "
                     f"{worst} times. Put each Value in the order once: remember the ones "
                     "already visited in a set.")
    position = {id(v): i for i, v in enumerate(calls)}
    parents_first = all(position[id(p)] < position[id(v)] for v in nodes
                        for p in getattr(v, "parents", ()) if id(p) in position)
    if calls and calls[-1] is out and len(calls) > 1:
        if parents_first:
            raise NotYet("the output's _backward ran last: you walked the order from the "
                         "inputs to the output. Walk it reversed, from the output back.")
        raise NotYet("the output's _backward ran last, and some Values ran before their own "
                     "parents: your list is not topological. In visit, append v only after "
                     f"visiting all its parents, not before: {_WALK}")
    for v in nodes:
        for parent in getattr(v, "parents", ()):
            if id(parent) in position and position[id(parent)] < position[id(v)]:
                raise NotYet("a Value's _backward ran before every Value that uses it had sent "
                             "its share, so it passed on an incomplete grad. Call the closures "
                             "in reverse topological order: each Value after all its users.")


def _tangled(a, b):
    """a and c used twice, paths of different lengths: c = b a, d = c + a, e = c d (b first,
    as the chapter writes it, so that its drawing has no crossing lines)."""
    c = b * a
    d = c + a
    return c * d


def _tangled_grads(a, b):
    c, d = a * b, a * b + a
    return (b + 1) * c + d * b, a * c + d * a       # de/da, de/db by the product rule


@check
def backward(value_class):
    """Step 4: ``backward()`` seeds 1 and runs each closure once, in reverse topological order."""
    _needs(value_class, "__add__", "__mul__", "backward")
    for a_, b_ in [(1.5, -2.0), (-0.5, 3.0)]:
        a, b = _values(value_class, a_, b_)
        out = call(lambda: _tangled(a, b), what="building a graph with your + and *")
        nodes, calls = _watched_backward(out, value_class)
        _check_order(out, nodes, calls)
        if not close(_grad(out, "the output"), 1.0):
            raise NotYet("after backward() the output's grad should be dL/dL = 1, got "
                         f"{out.grad!r}.")
        got = [_grad(a, "a"), _grad(b, "b")]
        want = _tangled_grads(a_, b_)
        numeric = [layers.numerical_gradient(lambda v: _tangled(v, b_), a_),
                   layers.numerical_gradient(lambda v: _tangled(a_, v), b_)]
        assert close(numeric, want, tol=1e-6)     # the math, confirmed by central differences
        if not close(got, want):
            raise NotYet(f"for e = (a b + a)(a b) at a = {a_:g}, b = {b_:g} the gradients should "
                         f"be {want[0]:.6g} and {want[1]:.6g}, got {got}.")
    # the shopping graph at prices the notebook never uses
    price = dict(apple=120.0, apple_num=4.0, orange=90.0, orange_num=1.0, tax=1.08)
    leaves = {k: _values(value_class, v) for k, v in price.items()}
    total = call(lambda: (leaves["apple"] * leaves["apple_num"]
                          + leaves["orange"] * leaves["orange_num"]) * leaves["tax"],
                 what="the shopping graph")
    call(lambda: total.backward(), what="backward()")
    want = [price["apple_num"] * price["tax"], price["apple"] * price["tax"],
            price["orange_num"] * price["tax"], price["orange"] * price["tax"],
            price["apple"] * price["apple_num"] + price["orange"] * price["orange_num"]]
    got = [_grad(leaves[k], k) for k in price]
    if not close(got, want):
        raise NotYet(f"on a shopping graph the five gradients should be {want}, got {got}.")
    # an output that already holds a gradient (from an earlier pass) must still start at 1,
    # and an input that already holds one keeps it: backward() resets only the output's grad
    x, y = _values(value_class, 2.0, -3.0)
    out = call(lambda: x * y, what="x * y")
    out.grad, x.grad = 5.0, 0.5
    call(lambda: out.backward(), what="backward()")
    if _grad(out, "the output") != 1.0:
        raise NotYet(f"when the output's grad already held 5.0 (left by an earlier pass), "
                     f"backward() left it at {out.grad!r}: dL/dL is 1 whatever it held, so set "
                     "it (=), do not add to it.")
    got = [_grad(x, "x"), _grad(y, "y")]
    if close(got, [-3.0, 2.0]):
        raise NotYet("x.grad held 0.5 before backward() and only its share of x * y after: "
                     "your backward() resets grads other than the output's. Leave them to the "
                     "closures' +=: a value may already hold a share from elsewhere.")
    if not close(got, [0.5 - 3.0, 2.0]):
        raise NotYet(f"for out = x * y at x = 2, y = -3, with x.grad already 0.5, backward() "
                     f"should leave x.grad = 0.5 + its share and y.grad = its share; got {got}.")
    return ("backward() seeds dL/dL = 1 and runs every closure once, each after all its users: "
            "the gradients match the math and central differences.")


@check
def per_path(a_calls):
    # The worked answer, out of the docstring that `?` shows:
    # Step 4, before the count: how often send_down runs for the first a of ten tangled
    # graphs in a row (each one's e is the next one's a) when every share is sent on at once:
    # once per path from the last e down to it.
    """Step 4, before the count: how often send_down runs for the first a of ten tangled
    graphs in a row (each one's e is the next one's a) when every share is sent on at once."""
    if a_calls is None:
        raise NotAttempted("replace None with a number.")
    calls = _number(a_calls, "a_calls")
    per_graph, graphs = 3, 10      # in each graph: e -> c -> a, e -> d -> c -> a, e -> d -> a
    paths = per_graph ** graphs    # a path through ten graphs picks one of them in each
    if calls != paths:
        raise NotYet(mistake(calls, [
            (1.0, "in this pass nobody waits: every share sent down a line calls send_down "
                  "for the Value at its end again."),
            (float(per_graph), "that is the paths through one graph. The first graph's e is "
                               "the second graph's a: how many ways are there from the last "
                               "e down to the first a?"),
            (float(per_graph * graphs), "the paths do not add up graph by graph: each way of "
                                        "reaching the second graph's a goes on down to the "
                                        "first a by every way through the first graph."),
            (2.0 ** graphs, "a is used twice in each graph, but d reaches a by more than one "
                            "route: count the paths through one graph on the drawing first."),
        ], "count the paths from e down to a through one tangled graph on the drawing, every "
           "way the lines go; then work out how paths through ten graphs in a row combine."))
    return (f"{paths:,} = 3^10: three paths through each graph (e -> c -> a, e -> d -> c -> a, "
            "e -> d -> a), and a path from the last e picks one of the three in every graph. "
            "Below, the pass counts them.")


# --- step 5: power and exp --------------------------------------------------------------------

@check
def pow_exp(value_class):
    """Step 5: ``v ** k`` for a number k and ``v.exp()``, then a sigmoid made of them end to end."""
    _needs(value_class, "__add__", "__mul__", "backward", "__pow__", "exp")
    for base, k, up in [(1.5, 3, 2.0), (2.0, -1, 1.0), (-0.7, 2, 0.5)]:
        a = _values(value_class, base)
        out = call(lambda: a ** k, what=f"a ** {k}")
        if not close(_data(out, f"a ** {k}"), base ** k):
            raise NotYet(f"({base:g}) ** {k} should give data {base ** k:.6g}, got {out.data!r}.")
        _parents_are(out, (a,), f"a ** {k}")
        out.grad = up
        _local_backward(out, f"a ** {k}")
        want = up * k * base ** (k - 1)
        got = _grad(a, "a")
        if not close(got, want):
            raise NotYet(mistake(got, [
                (up * k * base ** k, f"the power of a in the local derivative is not k: "
                                     f"differentiate a**2 and a**3 by hand and compare "
                                     f"(at a = {base:g}, k = {k})."),
                (k * base ** (k - 1), "the local derivative is right but must multiply out.grad."),
                (up * base ** (k - 1), "the factor k in front is missing."),
            ], f"at a = {base:g}, k = {k}, out.grad = {up:g}: a.grad should be {want:.6g}, "
               f"got {got:.6g}."))
    a = _values(value_class, 1.5)
    _accumulates(lambda: a ** 2, [a], 1.0, [3.0], "a ** 2")
    for x, up in [(0.7, 2.0), (-1.2, -1.0)]:
        a = _values(value_class, x)
        out = call(lambda: a.exp(), what="a.exp()")
        if not close(_data(out, "a.exp()"), np.exp(x)):
            raise NotYet(f"exp({x:g}) should be {np.exp(x):.6g}, got {out.data!r}.")
        _parents_are(out, (a,), "a.exp()")
        out.grad = up
        _local_backward(out, "a.exp()")
        want, got = up * np.exp(x), _grad(a, "a")
        if not close(got, want):
            raise NotYet(mistake(got, [
                (np.exp(x), "the local derivative e**a is right but must multiply out.grad."),
                (up * x, "exp is its own derivative: the local derivative is e**a (out.data), "
                         "not a."),
                (up, "that is what + sends back; exp multiplies out.grad by its own output."),
            ], f"at a = {x:g} with out.grad = {up:g}, a.grad should be {want:.6g}, got {got:.6g}."))
    _needs(value_class, "__neg__", "__radd__", "__sub__", "__truediv__", "__rtruediv__")
    for x in [2.0, -0.8]:
        v = _values(value_class, x)
        y = call(lambda: (1 + (-v).exp()) ** -1, what="(1 + (-x).exp()) ** -1")
        call(lambda: y.backward(), what="backward()")
        s = layers.Sigmoid()
        want_y = s.forward(x)
        want = s.backward(1.0)
        if not (close(_data(y, "y"), want_y) and close(_grad(v, "x"), want)):
            raise NotYet(f"(1 + exp(-x)) ** -1 at x = {x:g} should match layers.Sigmoid: "
                         f"y = {want_y:.6g}, dx = {want:.6g}; got {y.data!r} and {v.grad!r}.")
    return ("** and exp carry their local derivatives k a**(k-1) and e**a, and a sigmoid "
            "made of them matches layers.Sigmoid.")


@check
def sigmoid_nodes(sigmoid_ops):
    # The worked answer, out of the docstring that `?` shows:
    # Step 5, before the run: how many operations 1 / (1 + exp(-x)) records on a Value
    # (x * -1, exp, 1 + ., ** -1 and * 1, as step 5 defines - and 1 / .).
    """Step 5, before the run: how many operations 1 / (1 + exp(-x)) records on a Value,
    with the operations step 5 defines."""
    if sigmoid_ops is None:
        raise NotAttempted("replace None with a number.")
    ops = _number(sigmoid_ops, "sigmoid_ops")
    want_ops = 5      # -x is x * -1, then exp, then 1 + ..., then 1 / a is a ** -1 * 1
    inputs = ("the plain numbers -1 and 1 become Values with no parents: inputs, not "
              "operations.")
    if ops != want_ops:
        raise NotYet(mistake(ops, [
            (4.0, "look again at how step 5 defines - and 1 / a: each line may record more "
                  "than one operation."),
            (3.0, "look again at how step 5 defines -x and 1 / a: each is made of operations."),
            (6.0, inputs), (7.0, inputs), (8.0, inputs),
            (9.0, "you counted x and the constants too: they have no parents, and their "
                  "closures do nothing. Count only the Values with parents."),
        ], "count the operations of 1 / (1 + exp(-x)) as step 5 defines - and /: each makes one "
           "Value with parents, whose closure does something; an input's closure does nothing."))
    return (f"{want_ops} operations (x * -1, exp, 1 + ., then 1 / a as a ** -1 and * 1), each "
            "running its own closure: the layers of layers.py make 1 / a one node, and step 6's "
            "sigmoid gets there in one. Below: your 5 operations, then the layers' 4 nodes.")


# --- step 6: one sigmoid node -----------------------------------------------------------------

@check
def sigmoid(value_class):
    # The worked answer, out of the docstring that `?` shows:
    # Step 6: ``v.sigmoid()`` as one node whose closure uses only its output: y(1 - y).
    """Step 6: ``v.sigmoid()`` as one node whose closure uses only its output."""
    _needs(value_class, "sigmoid")
    for x, up in [(2.0, 1.5), (-3.0, 1.0), (0.0, -2.0)]:
        a = _values(value_class, x)
        out = call(lambda: a.sigmoid(), what="a.sigmoid()")
        y = float(stable_sigmoid(x))
        if not close(_data(out, "a.sigmoid()"), y):
            raise NotYet(f"sigmoid({x:g}) should be {y:.6g}, got {out.data!r}.")
        _parents_are(out, (a,), "a.sigmoid()")
        out.grad = up
        _local_backward(out, "a.sigmoid()")
        s = layers.Sigmoid()
        s.forward(x)
        want, got = s.backward(up), _grad(a, "a")
        if not close(got, want):
            raise NotYet(mistake(got, [
                (want / up, "the local derivative is right but must multiply out.grad."),
                (up * x * (1 - x), "chapter 6's rule y(1 - y) uses the node's output y "
                                   "(out.data), not its input."),
                (up * y, "a factor is missing from chapter 6's rule."),
            ], f"at a = {x:g} with out.grad = {up:g}, a.grad should match layers.Sigmoid: "
               f"{want:.6g}; got {got:.6g}."))
    a = _values(value_class, 0.5)
    _accumulates(lambda: a.sigmoid(), [a], 1.0, [float(layers.Sigmoid().forward(0.5)
                                            * (1 - layers.Sigmoid().forward(0.5)))],
                 "a.sigmoid()")
    return "one sigmoid node with local derivative y(1 - y) agrees with layers.Sigmoid."


# --- step 7: training ------------------------------------------------------------------------

def _neuron_steps(w, b, x, t, lr, steps, keep=(False, False)):
    """The losses before each step, and the final w, b, of gradient descent on
    L = (sigma(w x + b) - t)**2, from the formulas of chapter 6.  ``keep`` says, for w and
    for b, whether its gradient is never zeroed, so each step uses the sum of all so far."""
    losses, gw, gb = [], 0.0, 0.0
    for _ in range(steps):
        y = float(stable_sigmoid(w * x + b))
        losses.append((y - t) ** 2)
        dz = 2 * (y - t) * y * (1 - y)
        gw, gb = (gw if keep[0] else 0.0) + dz * x, (gb if keep[1] else 0.0) + dz
        w, b = w - lr * gw, b - lr * gb
    return losses, w, b


def _losses(losses, steps):
    """The learner's list of losses as floats, or ``NotYet``/``NotAttempted``."""
    if losses is None:
        raise NotAttempted("fill in the lines marked YOUR CODE, then run this cell again.")
    try:
        got = [float(v) for v in losses]
    except (TypeError, ValueError):
        raise NotYet("train should return the list of losses, one plain number per step "
                     "(loss.data).") from None
    if len(got) != steps:
        raise NotYet(f"with steps = {steps} train should return {steps} losses, got {len(got)}.")
    return got


def _first_difference(got, want):
    i = next((i for i in range(len(want)) if not close(got[i], want[i])), None)
    if i is None:
        return ""
    return f"the loss before step {i + 1} should be {want[i]:.8g}, got {got[i]:.8g}"


@check
def training(train, value_class):
    """Step 7: ``train(loss_of, params, lr, steps)`` updates the Values in ``params`` in place
    and returns the loss before each step."""
    _needs(value_class, "__add__", "__mul__", "backward", "__pow__", "sigmoid", "__sub__")
    start, x, t, lr, steps = (-0.3, 0.8), 1.5, 0.0, 0.5, 6
    w, b = _values(value_class, start[0], start[1])

    def loss_of():
        return ((w * x + b).sigmoid() - t) ** 2
    got = _losses(call(train, loss_of, [w, b], lr, steps, what="train"), steps)
    want, want_w, want_b = _neuron_steps(*start, x, t, lr, steps)
    final = [_data(w, "w"), _data(b, "b")]
    if close(got, want) and close(final, [want_w, want_b]):
        return (f"{steps} steps take the loss from {want[0]:.4f} to {want[-1]:.4f}; w and b "
                "moved in place, with their grads zeroed before each backward pass.")
    piled, _, _ = _neuron_steps(*start, x, t, lr, steps, keep=(True, True))
    if close(got, piled):
        raise NotYet("the first step is right, then the steps grow: the parameters' grads still "
                     "hold the gradients of the earlier steps, and backward() adds to them. "
                     "Set them to 0 before each backward pass.")
    for keep, name in [((True, False), "the first"), ((False, True), "the second")]:
        if close(got, _neuron_steps(*start, x, t, lr, steps, keep=keep)[0]):
            raise NotYet(f"{name} parameter's grad is never zeroed, so it piles up across the "
                         "steps: zero the grad of every parameter in params.")
    up, _, _ = _neuron_steps(*start, x, t, -lr, steps)
    if close(got, up):
        raise NotYet("the loss grows: a step goes against the gradient, p.data -= lr * p.grad.")
    stuck = close(got, [got[0]] * steps)
    if close(got[:1], want[:1]) and not close(final, [want_w, want_b]) and stuck:
        raise NotYet("the loss never changes: update p.data of the Values in params "
                     "themselves, not a copy.")
    if close(got, want):
        raise NotYet(f"the losses are right but w and b end at {final}: update the Values in "
                     "params, the ones that were passed in.")
    raise NotYet(f"from w = {start[0]}, b = {start[1]} at x = {x}, t = {t}, lr = {lr}, "
                 f"{_first_difference(got, want)}: each step builds the loss with loss_of(), "
                 "zeroes the parameters' grads, calls backward() and moves each parameter "
                 "against its gradient.")


@check
def no_zeroing(train, value_class):
    """Step 7: the learner's ``train`` with ``zero_grads=False``, on a neuron of the check's
    own: every step must use the sum of all the gradients so far."""
    _needs(value_class, "__add__", "__mul__", "backward", "__pow__", "sigmoid", "__sub__")
    start, x, t, lr, steps = (0.4, -0.6), 1.2, 0.9, 0.5, 6
    w, b = _values(value_class, start[0], start[1])

    def loss_of():
        return ((w * x + b).sigmoid() - t) ** 2
    got = _losses(call(train, loss_of, [w, b], lr, steps, False,
                       what="train with zero_grads=False"), steps)
    want, want_w, want_b = _neuron_steps(*start, x, t, lr, steps, keep=(True, True))
    if close(got, want) and close([_data(w, "w"), _data(b, "b")], [want_w, want_b]):
        return (f"{steps} steps agree with gradient descent whose grads are never zeroed: from "
                "step 2 on, each step uses the sum of all the gradients so far.")
    if close(got, _neuron_steps(*start, x, t, lr, steps)[0]):
        raise NotYet("with zero_grads=False your train still zeroes the grads: do item 2 only "
                     "if zero_grads, and everything else as before.")
    raise NotYet(f"{_first_difference(got, want) or 'the losses are right but w and b are not'}"
                 ": with zero_grads=False, train must do all the rest as before (build the "
                 "loss, backward, step, record loss.data) and leave out only the zeroing.")


def _neuron_z(steps, keep=(False, False)):
    """z = w x + b of the chapter's neuron (from w = 0.5, b = 1; x = 2, t = 0.2, lr = 1)
    after ``steps`` steps."""
    _, w, b = _neuron_steps(0.5, 1.0, 2.0, 0.2, 1.0, steps, keep)
    return 2.0 * w + b


@check
def piled_up(z20):
    """Step 7, after 10 steps without zeroing (t = 0.2 from chapter 6's point, lr = 1):
    w x + b after step 20, predicted from w x + b, w.grad and b.grad after step 10."""
    if z20 is None:
        raise NotAttempted("replace None with a number.")
    z20 = _number(z20, "z20")
    # the run itself, from the formulas of chapter 6: w x + b after step 10, 19 and 20
    zs = {n: _neuron_z(n, keep=(True, True)) for n in (10, 19, 20)}
    if not close(z20, zs[20], tol=1e-3):
        if close(z20, zs[10], tol=1e-2):
            raise NotYet("the loss stops changing, but does w x + b? Each step still moves w "
                         "by -w.grad and b by -b.grad.")
        raise NotYet("how far does one step at lr = 1 move w and b, given the grads they "
                     "hold? And on the flat side, how much does a new step add to those "
                     "piled-up grads?")
    per_step = zs[20] - zs[19]
    return (f"w x + b keeps falling by {-per_step:.2f} every step: the piled-up sum no "
            "longer changes, so every step is the same size. The run below shows step 20.")


@check
def stall(stall_loss):
    # The worked answer, out of the docstring that `?` shows:
    # Step 8, before the one neuron trains: the loss where it stalls on XOR (its floor,
    # 1.0: answering 1/2 for all four points, or three points right and one fully wrong).
    """Step 8, before the one neuron trains: the loss where it stalls on XOR."""
    if stall_loss is None:
        raise NotAttempted("replace None with a number.")
    loss = _number(stall_loss, "stall_loss")
    # one answer y for all four points costs 2 y^2 + 2 (1 - y)^2, smallest at y = 1/2; three
    # answers right and the fourth fully wrong cost 1 x 1^2: both reach the same floor
    floor = 4 * 0.5 ** 2
    if not close(loss, floor, tol=1e-2):
        raise NotYet("one neuron can settle two ways: the same y at all four points (which y "
                     "is best, for two targets 0 and two targets 1?), or three points right "
                     "and the fourth fully wrong. Work out the summed squared loss of each.")
    return (f"{floor:.1f}, one neuron's floor on XOR: answering 0.5 everywhere costs 4 x 0.25, "
            "and so does getting three points right and one fully wrong, 1 x 1. From the "
            "cell's start the neuron ends at 0.5 for all four points, where their pulls on "
            "w1, w2 and b cancel; from an OR-like start, w = (2, 2), b = -1, it would creep "
            "towards 1.0 the other way. The run below shows it.")


# --- step 8: a small network -------------------------------------------------------------------

XOR = [((0.0, 0.0), 0.0), ((0.0, 1.0), 1.0), ((1.0, 0.0), 1.0), ((1.0, 1.0), 0.0)]


def _network_steps(W1, b1, W2, b2, lr, steps):
    """The same network with layers.Affine and layers.Sigmoid on the batch of four points:
    the losses before each step, the gradients of the last step and the final parameters,
    each flattened in the order W1 (row by row), b1, W2, b2."""
    X = np.array([x for x, _ in XOR])
    T = np.array([[t] for _, t in XOR])
    W1, b1 = np.array(W1, dtype=float), np.array(b1, dtype=float)
    W2, b2 = np.array(W2, dtype=float).reshape(3, 1), np.array([b2], dtype=float)
    losses = []
    for _ in range(steps):
        affine1, sig1, affine2, sig2 = (layers.Affine(W1, b1), layers.Sigmoid(),
                                        layers.Affine(W2, b2), layers.Sigmoid())
        y = sig2.forward(affine2.forward(sig1.forward(affine1.forward(X))))
        losses.append(float(np.sum((y - T) ** 2)))
        affine1.backward(sig1.backward(affine2.backward(sig2.backward(2 * (y - T)))))
        grads = np.concatenate([affine1.dW.ravel(), affine1.db, affine2.dW.ravel(), affine2.db])
        W1, b1 = W1 - lr * affine1.dW, b1 - lr * affine1.db
        W2, b2 = W2 - lr * affine2.dW, b2 - lr * affine2.db
    final = np.concatenate([W1.ravel(), b1, W2.ravel(), b2])
    return losses, grads, final


@check
def network(train, value_class, network_loss):
    """Step 8: the learner's ``train`` on ``network_loss(W1, b1, W2, b2)``, the chapter's
    2-3-1 network on the four XOR points (hidden h_j = sigma(x1 W1[0][j] + x2 W1[1][j] +
    b1[j]), output y = sigma(h . W2 + b2), loss = the sum of (y - t)^2), from parameters of
    the check's own, step by step against the same network built from layers.Affine and
    layers.Sigmoid."""
    _needs(value_class, "__add__", "__mul__", "backward", "__pow__", "sigmoid", "__sub__")
    rng = np.random.default_rng(9)
    W1, W2 = rng.normal(0, 1, (2, 3)), rng.normal(0, 1, 3)
    b1, b2, lr, steps = rng.normal(0, 0.5, 3), 0.3, 2.0, 4
    W1v = [[_values(value_class, w) for w in row] for row in W1]
    b1v = [_values(value_class, v) for v in b1]
    W2v = [_values(value_class, w) for w in W2]
    b2v = _values(value_class, b2)
    params = [w for row in W1v for w in row] + b1v + W2v + [b2v]
    got = _losses(call(train, lambda: network_loss(W1v, b1v, W2v, b2v), params, lr, steps,
                       what="train"), steps)
    want, want_grads, want_final = _network_steps(W1, b1, W2, b2, lr, steps)
    grads = [_grad(p, "a parameter") for p in params]
    final = [_data(p, "a parameter") for p in params]
    if not close(got[:1], want[:1]):
        raise NotYet(f"{_first_difference(got, want)}, before any update: in x @ W1 + b1 the "
                     "row index of W1 goes with the input, its column and b1's index with the "
                     "hidden unit (the output layer likewise); and train returns loss.data "
                     "before each update.")
    if close(got, want) and close(grads, want_grads) and close(final, want_final):
        return (f"{steps} steps of your loop on 13 parameters agree with layers.Affine and "
                "layers.Sigmoid: every loss, every gradient of the last step, every parameter.")
    if close(got[:1], want[:1]) and not close(got, want):
        raise NotYet(f"the first loss is right, then {_first_difference(got, want)}: does "
                     "your loop zero the grad of every parameter in params, and move every one?")
    where = _first_difference(got, want) or "the losses are right but the parameters are not"
    raise NotYet(f"{where}: your train should work for any list of parameters, as it did for "
                 "[w, b].")



def _scaled_losses(scale):
    """The losses of the chapter's 2-3-1 network (seed 0, W1 times ``scale``, biases 0,
    rate 2, 300 steps), built from layers.Affine and layers.Sigmoid."""
    rng = np.random.default_rng(0)
    W1, W2 = rng.normal(0, 1, (2, 3)), rng.normal(0, 1, 3)
    losses, _, _ = _network_steps(scale * W1, np.zeros(3), W2, 0.0, 2.0, 300)
    return losses


@check
def saturated(end_loss):
    # The worked answer, out of the docstring that `?` shows:
    # Step 8, after the run from seed 0: with W1 fifteen times larger, the hidden values of
    # (0, 1), (1, 0) and (1, 1) stuck nearly equal, where does the loss end (one answer for
    # targets 1, 1, 0 costs at best 2 (1/3)^2 + (2/3)^2 = 2/3)?
    # Measured on the same network built from layers.Affine and layers.Sigmoid.
    """Step 8, after the run from seed 0: with W1 fifteen times larger, where does the loss
    end?  Measured on the same network built from layers.Affine and layers.Sigmoid."""
    if end_loss is None:
        raise NotAttempted("replace None with a number.")
    end = _number(end_loss, "end_loss")
    losses = _scaled_losses(15.0)
    best = 2 * (1 / 3) ** 2 + (2 / 3) ** 2       # one answer y = 2/3 for targets 1, 1, 0
    assert min(losses) > 0.5 and abs(losses[-1] - best) < 0.01, (min(losses), losses[-1])
    if not close(end, best, tol=0.02):
        raise NotYet(mistake(end, [
            (1.0, "that is one neuron's floor; here (0, 0) keeps hidden values of its own, so "
                  "the output can fit it alone. What is left is the three points that share "
                  "one answer."),
            (0.5, "that would be answering 1/2 for the three; is 1/2 the best single answer "
                  "for targets 1, 1 and 0?"),
            (0.0, "the three points give the output one input, so it can give them only one "
                  "answer, and their targets differ."),
        ], "the output layer gives (0, 1), (1, 0) and (1, 1) one answer y: which y makes "
           "(y - 1)^2 + (y - 1)^2 + (y - 0)^2 smallest, and what is it there?", tol=0.02))
    return (f"{best:.3f}: the best single answer is 2/3, costing 2 (1/3)^2 + (2/3)^2, and "
            "to the output layer the three points look alike. The run below shows it beside the "
            "start of step 8.")


@check
def forward_passes(weight_passes):
    # The worked answer, out of the docstring that `?` shows:
    # The cost section, before the run: how many forward-mode passes (chapter 3: one
    # input's derivative carried forward per pass) the 64 -> 10 layer needs for all its
    # weights' gradients, where one backward sweep gives them all: 64 x 10 = 640.
    """The cost section, before the run: how many forward-mode passes (chapter 3: one
    input's derivative carried forward per pass) the 64 -> 10 layer needs for all its
    weights' gradients."""
    if weight_passes is None:
        raise NotAttempted("replace None with a number.")
    passes = _number(weight_passes, "weight_passes")
    want = 64 * 10
    if passes != want:
        raise NotYet(mistake(passes, [
            (1.0, "one pass carries the derivative of every Value with respect to ONE "
                  "input; the backward sweep is the one that gives them all at once."),
            (64.0, "that counts the inputs of one unit; every unit has weights of its own."),
            (10.0, "that counts the units; every unit has a weight for each input."),
            (650.0, "the biases are parameters too, but the question asks for the weights."),
            (4.0 * 640, "one pass runs the whole batch: it carries one weight's derivative "
                        "through all four examples at once."),
        ], "one pass per weight: how many weights does the layer have?"))
    return (f"{want}: forward mode needs one pass per weight, each about as many operations as "
            f"the one backward sweep that gives all {want}. Below: the counts.")


@check
def x_over_x(x_over_x_grad):
    # The worked answer, out of the docstring that `?` shows:
    # Exercise 1, before the division check: the gradient x / x sends back to x (0: x / x
    # is 1 whatever x is).
    """Exercise 1, before the division check: the gradient x / x sends back to x."""
    if x_over_x_grad is None:
        raise NotAttempted("replace None with a number.")
    grad = _number(x_over_x_grad, "x_over_x_grad")
    if not close(grad, 0.0):
        raise NotYet(mistake(grad, [
            (1.0, "that is the value of x / x; the gradient asks how it changes as x moves."),
        ], "let x grow a little: how much does x / x change?"))
    return "0: x / x is 1 for every x, so moving x moves nothing. Your node must agree."


@check
def divide(value_class):
    """Exercise 1: ``a / b`` as ONE node with its own two local derivatives."""
    _needs(value_class, "__truediv__")
    for a_, b_, up in [(3.0, -2.0, 2.0), (-1.5, 0.5, 1.0)]:
        a, b = _values(value_class, a_, b_)
        out = call(lambda: a / b, what="a / b")
        if not close(_data(out, "a / b"), a_ / b_):
            raise NotYet(f"({a_:g}) / ({b_:g}) should give data {a_ / b_:.6g}, got {out.data!r}.")
        parents = getattr(out, "parents", ())
        if len(parents) != 2 or parents[0] is not a or parents[1] is not b:
            raise NotYet("out.parents should be (self, other): one node with both inputs as "
                         "parents. a * b ** -1 makes two nodes; derive the two local derivatives "
                         "of a / b itself.")
        out.grad = up
        _local_backward(out, "a / b")
        got = [_grad(a, "a"), _grad(b, "b")]
        want = [up / b_, -up * a_ / b_ ** 2]
        if not close(got, want):
            raise NotYet(mistake(got, [
                ([want[0], -want[1]], "the gradient to b has the wrong sign: a larger divisor "
                                      "makes a positive a / b smaller."),
                ([want[0], -up / b_ ** 2], "d/db (a / b) is a times the derivative of 1/b: "
                                           "a factor is missing."),
                ([1 / b_, -a_ / b_ ** 2], "the local derivatives must multiply out.grad."),
                ([up * b_, up * a_], "that is multiply's rule; a / b is a times 1/b."),
            ], f"at a = {a_:g}, b = {b_:g}, out.grad = {up:g} the gradients are not right yet: "
               f"got {got}."))
    x = _values(value_class, 2.5)
    one = call(lambda: x / x, what="x / x")
    one.grad = 1.0
    _local_backward(one, "x / x")
    if not close(_grad(x, "x"), 0.0):
        raise NotYet(f"x / x sent x the gradient {x.grad!r}, not what you predicted in "
                     "x_over_x_grad: x is both parents, so both shares must add up (+=).")
    return "d(a/b)/da = 1/b and d(a/b)/db = -a/b**2, one node, and x / x gets gradient 0."


@check
def predict_twice(prediction):
    """The solutions' extra: x.grad after one and after two calls of y.backward() on
    y = x * x + x."""
    dict_answer(prediction, ["first", "second"], '{"first": 1.0, "second": 1.0}',
                "your predicted x.grad")
    first = _number(prediction["first"], "first")
    second = _number(prediction["second"], "second")
    x = 2.0
    want_first = 2 * x + 1                     # dy/dx of x**2 + x
    # second pass: y.grad is set to 1 again; the + node adds 1 more to (x*x).grad (now 2)
    # and to x.grad; then x*x sends 2 * x * 2 on top: 5 + 1 + 8
    want_second = want_first + 1 + 2 * x * 2
    if not close(first, want_first):
        raise NotYet("first: y = x*x + x, so dy/dx = 2x + 1; work it out at x = 2.")
    if close(second, want_second):
        return (f"{want_second:g}, not {2 * want_first:g}: the intermediate x*x kept its grad too, "
                "so a second pass on the same graph needs every grad zeroed. Step 7 builds a new "
                "graph each step, whose intermediate Values start at 0: there only the "
                "parameters carry old grads.")
    raise NotYet(mistake(second, [
        (2 * want_first, "nothing resets x.grad, right; but x.grad is not the only grad that "
                         "kept its old value. Follow the second pass node by node: what does "
                         "the * node find in its own out.grad?"),
        (want_first, "backward() does not reset the grads: the second pass adds to what the "
                     "first left behind."),
    ], "follow the second pass node by node: y.grad is set to 1 again, and every closure adds "
       "to the grads the first pass left behind."))


@check
def breadth_first(prediction):
    """Exercise 2: the order a breadth-first backward visits the Values of e = c d at a = 1,
    b = 2 (c = b a, d = c + a; a point the drawing does not show), what c.grad holds when c's
    closure runs, and a.grad, b.grad."""
    dict_answer(prediction, ["order", "c_holds", "a", "b"],
                '{"order": "x, y, z", "c_holds": 1.0, "a": 1.0, "b": 1.0}', "your prediction")
    order = prediction["order"]
    names = (re.findall(r"[a-z]+", order.lower()) if isinstance(order, str)
             else [str(n).strip().lower() for n in order] if isinstance(order, (list, tuple))
             else None)
    if names is None or sorted(names) != ["a", "b", "c", "d", "e"]:
        raise NotYet('order should name each of a, b, c, d, e once, as a string such as '
                     '"x, y, z".')
    if names != ["e", "c", "d", "b", "a"]:
        raise NotYet("order: the queue is first in, first out. Start with [e]; each visit "
                     "appends the Value's parents, in the order of its parents tuple, to the end.")
    holds = _number(prediction["c_holds"], "c_holds")
    got = [_number(prediction["a"], "a"), _number(prediction["b"], "b")]
    a, b = 1.0, 2.0
    c, d = a * b, a * b + a
    # order e, c, d: c's closure runs holding only the share straight from e (d), so
    # a gets b d through c and 1 * c through d; b gets a d; c's share through d is lost
    if not close(holds, d):
        raise NotYet(mistake(holds, [
            (c + d, "that is c's whole gradient, which it has only once d has sent its share. "
                    "In this order, has d's closure run before c's?"),
            (c, "that is d's share, which d sends when its closure runs. Which closures have "
                "run before c's, and what did they send to c?"),
        ], "when c's closure runs, only the closures before it in the order have sent "
           "anything: add up what they sent to c."))
    want = [b * d + c, a * d]
    right = list(_tangled_grads(a, b))
    if close(got, want):
        return (f"order e, c, d, b, a; c ran holding only {d:g} of its {c + d:g}, so a.grad = "
                f"{want[0]:g} and b.grad = {want[1]:g}: the share through d never reached a and b.")
    raise NotYet(mistake(got, [
        (right, "those are the right gradients, which a topological order gives. c passed on "
                "only what it held when its closure ran."),
        ([b * c + c, a * c], "you sent on c's share through d only; in breadth-first order e's "
                             "closure runs first and gives c its share straight from e."),
    ], "run each closure by hand in the order you found, keeping every grad as it is at that "
       "moment; a and b (inputs) do nothing."))


# --- the lecture view: the chapter's own code, shown and run ------------------------------------

class _Value:
    """The chapter's own Value, every step written as the chapter writes it: what the lecture
    view shows under each step's check and runs in place of the class nobody writes there."""

    def __init__(self, data, parents=()):
        self.data = float(data)
        self.grad = 0.0                    # nothing sent back yet
        self.parents = tuple(parents)      # the Values this one was computed from
        self._backward = lambda: None      # an input has nobody to send its gradient to

    def __add__(self, other):
        other = other if isinstance(other, _Value) else _Value(other)
        out = _Value(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad          # d out/d self = 1
            other.grad += out.grad         # d out/d other = 1

        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, _Value) else _Value(other)
        out = _Value(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad     # d out/d self = other
            other.grad += self.data * out.grad     # d out/d other = self

        out._backward = _backward
        return out

    def backward(self):
        order, seen = [], set()

        def visit(v):
            if v not in seen:
                seen.add(v)
                for parent in v.parents:
                    visit(parent)
                order.append(v)            # after all of its parents: topological
        visit(self)
        self.grad = 1.0                    # dL/dL
        for v in reversed(order):          # every Value before its parents
            v._backward()

    def __pow__(self, k):
        out = _Value(self.data ** k, (self,))

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad

        out._backward = _backward
        return out

    def exp(self):
        out = _Value(math.exp(self.data), (self,))

        def _backward():
            self.grad += out.data * out.grad       # d e^x/dx = e^x, the output

        out._backward = _backward
        return out

    def sigmoid(self):
        out = _Value(1 / (1 + math.exp(-self.data)), (self,))

        def _backward():
            self.grad += out.data * (1 - out.data) * out.grad   # y (1 - y)

        out._backward = _backward
        return out

    __radd__ = __add__
    __rmul__ = __mul__

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def __truediv__(self, other):
        return self * other ** -1

    def __rtruediv__(self, other):
        return self ** -1 * other


def _train(loss_of, params, lr, steps, zero_grads=True):
    losses = []
    for _ in range(steps):
        loss = loss_of()                   # 1. a new graph
        if zero_grads:
            for p in params:               # 2. the parameters outlive the step
                p.grad = 0.0
        loss.backward()                    # 3.
        for p in params:                   # 4. a step against the gradient
            p.data -= lr * p.grad
        losses.append(loss.data)
    return losses


def _network(x1, x2, W1, b1, W2, b2):
    h = [(x1 * W1[0][j] + x2 * W1[1][j] + b1[j]).sigmoid() for j in range(3)]
    return (h[0] * W2[0] + h[1] * W2[1] + h[2] * W2[2] + b2).sigmoid()


# what the lecture view shows under each step's check: (stand-in, the name the chapter uses)
_SHOWN = {
    "value": [(_Value.__init__, None)],
    "add": [(_Value.__add__, "add")],
    "mul": [(_Value.__mul__, "mul")],
    "backward": [(_Value.backward, None)],
    "pow_exp": [(_Value.__pow__, "power"), (_Value.exp, None)],
    "sigmoid": [(_Value.sigmoid, None)],
    "training": [(_train, "train")],
    "network": [(_network, "network")],
}


def _source(func, name):
    """``func``'s source as the chapter writes it: dedented, under the chapter's names."""
    text = textwrap.dedent(inspect.getsource(func))
    if name:
        text = re.sub(r"def \w+\(", f"def {name}(", text, count=1)
    return text.replace("_Value", "Value")


class Shown:
    """The chapter's own code for a step, shown in the lecture view in place of the step's
    check (nobody writes the step there).  False: no learner's code was checked."""

    def __init__(self, step):
        self.code = "\n\n".join(_source(f, name) for f, name in _SHOWN[step])

    def __bool__(self):
        return False

    def __repr__(self):
        return self.code

    def _repr_html_(self):
        from IPython.display import Code
        return Code(self.code, language="python")._repr_html_()


def _shown_when_lecturing(run):
    """In the lecture view, a check returns the step's code (``Shown``) instead of a verdict."""
    @functools.wraps(run)
    def shown_or_run(*args, **kwargs):
        from teaching.reveal import lecturing
        return Shown(run.__name__) if lecturing() else run(*args, **kwargs)
    return shown_or_run


for _step in _SHOWN:
    globals()[_step] = _shown_when_lecturing(globals()[_step])


def _stand_ins():
    """What the lecture view runs in place of what nobody writes there."""
    return {"Value": _Value, "train": _train, "network": _network}


def standing_in(show, *args, **kwargs):
    """``show(*args, **kwargs)`` as a call of no arguments, except in the lecture view: there
    it runs with the chapter's own solutions in place of the learner's unwritten code (in the
    notebook's namespace, restored after, and among ``args``), so a "Show the answer" button
    shows the answer and not an empty box."""
    from teaching.reveal import lecturing

    if not lecturing():
        return lambda: show(*args, **kwargs)
    # the namespace of the first function given that is not the chapter's machinery
    theirs = [f for f in (show, *args, *kwargs.values()) if hasattr(f, "__globals__")
              and not str(getattr(f, "__module__", "")).startswith("teaching")]
    names = theirs[0].__globals__ if theirs else sys.modules["__main__"].__dict__

    def swapped(arg, kept):
        name = getattr(arg, "__name__", None)
        return _stand_ins()[name] if name in kept and kept[name] is arg else arg

    def shown():
        kept = {name: names[name] for name in _stand_ins() if name in names}
        names.update(_stand_ins())
        try:
            return show(*[swapped(arg, kept) for arg in args],
                        **{key: swapped(arg, kept) for key, arg in kwargs.items()})
        finally:
            for name in _stand_ins():
                names.pop(name, None)
            names.update(kept)
    return shown
