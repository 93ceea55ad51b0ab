"""A learner's own autograd engine (chapter 09) beside the series' layers.

The chapter's learner writes a ``Value`` class: a number that keeps ``data``,
``grad``, its ``parents`` and a ``_backward`` closure, and a ``backward()``
that calls every closure once in reverse topological order.  This module puts
that class next to what the series already trusts:

* ``exp``, ``sigmoid`` and ``relu`` work on three kinds of value, so one Python function
  runs as plain floats (for numerical gradients), as ``teaching.trace`` values
  (a graph of ``layers.py`` layers) and as the learner's ``Value``;
* ``compare(f, Value, **inputs)`` runs ``f`` all three ways and returns a table
  of the output and every input's gradient, with the traced graph to draw, and
  matches the two graphs node by node (value and gradient of every operation);
  ``compare_and_draw`` shows that table and both graphs.
* ``graph(f, **inputs)`` is the traced graph of ``f``, backward done, ready to draw;
* ``draw(f, Value, **inputs)`` is the graph of YOUR Values for ``f``, found through
  ``parents``, each edge's gradient the share your closure sent, drawn by the same code;
* ``closure_order(f, Value, **inputs)`` runs your ``backward()`` (or another) on ``f`` and
  names the Values in the order their closures ran, with the grad each held then.
* ``send_down_counts`` and ``sweep_counts`` print step 4's counts (per path, then your
  ``backward()``); ``xor_run`` trains the chapter's 2-3-1 network on XOR with your ``train``
  (an ``XorRun``, for the plateau figures; ``rises`` says how its loss went up),
  ``neuron_runs`` prints step 7's runs of one neuron with and without zeroing;
  ``xor_training`` and ``xor_scales`` print and draw the chapter's runs of it;
  ``layer_cost`` builds and times a 64 -> 10 layer of your Values (``cost_report`` prints
  it); ``show_when`` shows a
  check's verdict and, once it says Right, the run that follows it.

The learner's code runs only through ``teaching.checks.core.call``: an
untouched template reads "not attempted yet", a mistake reads as its message,
and the other two columns are shown either way.
"""

import timeit
from typing import NamedTuple

import matplotlib
import numpy as np

import layers
from teaching import figures, style, trace
from teaching.checks.core import NotAttempted, NotYet, call, floats
from teaching.graph import Graph
from teaching.style import fmt

__all__ = ["exp", "sigmoid", "relu", "compare", "draw", "Comparison", "operations", "graph",
           "closure_order", "ClosureOrder", "compare_and_draw", "slower_than_affine",
           "per_path_calls", "PathCounts", "plateau_figure", "xor_run", "first_below",
           "layer_cost", "scales_figure", "send_down_counts", "sweep_counts", "rises", "XorRun",
           "show_when",
           "x_over_x_nearby", "xor_training", "xor_scales", "cost_report", "neuron_runs"]

# Lines to draw as arches over a node rather than straight, by the function's name: a
# drawing detail, kept here so the chapter's cells show only the graph.
_ARCHES = {"tangled": {"a>d.1"}}
# Inner lines to name on the drawing (beside their value), by the function's name.
_NAMED = {"tangled": {"c", "d"}}


def _is_number(v):
    return isinstance(v, (int, float, np.floating, np.ndarray)) and not isinstance(v, bool)


def exp(v):
    """e**v: a traced value records an ``ExpLayer`` node, a number is computed with numpy,
    and anything else (your ``Value``) is asked for its own ``v.exp()``."""
    if isinstance(v, trace.Var):
        return trace.exp(v)
    if _is_number(v):
        return np.exp(v)
    return v.exp()


def sigmoid(v):
    """1 / (1 + e**-v) as one node: a traced value records a ``layers.Sigmoid`` node, a
    number is computed by ``layers.Sigmoid`` (stable), your ``Value`` uses ``v.sigmoid()``."""
    if isinstance(v, trace.Var):
        return trace.sigmoid(v)
    if _is_number(v):
        return layers.Sigmoid().forward(v)
    return v.sigmoid()


def relu(v):
    """max(0, v) as one node: a traced value records a ``layers.Relu`` node, a number is
    computed by ``layers.Relu``, your ``Value`` uses ``v.relu()``."""
    if isinstance(v, trace.Var):
        return trace.relu(v)
    if _is_number(v):
        return layers.Relu().forward(v)
    return v.relu()


def operations(out, value_class):
    """The operations that made ``out``: the Values reached through ``parents`` that have
    parents themselves (inputs and constants are not operations), each once."""
    seen, todo, found = set(), [out], []
    while todo:
        v = todo.pop()
        if id(v) in seen:
            continue
        seen.add(id(v))
        parents = [p for p in getattr(v, "parents", ()) if isinstance(p, value_class)]
        if parents:
            found.append(v)
        todo.extend(parents)
    return found


def graph(f, **inputs):
    """The ``teaching.trace`` graph of ``f`` at ``inputs``, backward done, ready to draw."""
    g = trace.graph_from(f, **inputs)
    g.curved = set(_ARCHES.get(f.__name__, ()))
    g.named = set(_NAMED.get(f.__name__, ()))
    g.backward()
    return g


class PathCounts(dict):
    """{name: how often send_down ran for that Value}, with ``grads``: {name: the gradient
    the per-path pass left there}."""

    def __init__(self, calls, grads):
        super().__init__(calls)
        self.grads = grads


def per_path_calls(f, **inputs):
    """A ``PathCounts`` for the graph of ``f``, by a pass that sends every share on the moment
    it arrives (``send_down(v, share)``): once per path from the output down to each Value,
    the share along a path the product of the local derivatives on it (each layer's
    ``backward``)."""
    g = graph(f, **inputs)
    made_by = {node.output: node for node in g.nodes}
    calls, grads = dict.fromkeys(g.uses, 0), dict.fromkeys(g.uses, 0.0)

    def send_down(v, share):
        calls[v] += 1
        grads[v] += share
        node = made_by.get(v)                       # an input was made by no node
        if node is not None:
            for p, down in zip(node.inputs, Graph.grads_of(node, node.layer.backward(share))):
                send_down(p, float(down))
    send_down(g.output, 1.0)
    return PathCounts(calls, grads)


def send_down_counts(tangled, ten_tangled):
    """Chapter 9, step 4: print how often the per-path pass runs on ``tangled`` (per Value,
    with the a.grad it leaves) and on ``ten_tangled`` (for its first a, and in all)."""
    one = per_path_calls(tangled, a=3.0, b=2.0)
    ten = per_path_calls(ten_tangled, a=0.5, b=1.0)
    runs = ", ".join(f"{name} {n}" for name, n in one.items())
    print(f"tangled: send_down ran {runs} times, and left a.grad = {one.grads['a']:g}")
    print(f"ten_tangled: {ten['a']:,} times for the first a, {sum(ten.values()):,} in all")


def sweep_counts(value_class, tangled, ten_tangled):
    """Chapter 9, step 4, once the learner's ``backward`` passed: the a.grad it leaves on
    ``tangled``, and how many closures it runs on ``ten_tangled`` against the per-path calls."""
    a, b = value_class(3.0), value_class(2.0)
    call(lambda: tangled(a, b).backward(), what="backward")
    ran = closure_order(ten_tangled, value_class, a=0.5, b=1.0).ran
    calls = sum(per_path_calls(ten_tangled, a=0.5, b=1.0).values())
    print(f"tangled: backward() left a.grad = {a.grad:g}, as send_down did")
    print(f"ten_tangled: backward() ran the closures of its {len(ran) - 2} operations once each "
          f"(and the 2 inputs' empty ones), against send_down's {calls:,} calls")


class ClosureOrder:
    """The order in which a backward pass ran the closures of a graph of your Values.

    ``ran``: (name, grad the Value held when its closure ran), in running order;
    ``grads``: {input name: its grad afterwards}; ``message``: why nothing ran, else "".
    """

    def __init__(self, title, ran, grads, message=""):
        self.title, self.ran, self.grads, self.message = title, ran, grads, message

    def __repr__(self):
        if self.message:
            return f"{self.title}: {self.message}"
        ran = ", ".join(f"{name} ({fmt(g)})" for name, g in self.ran)
        grads = ", ".join(f"{name}.grad = {fmt(g)}" for name, g in self.grads.items())
        return (f"{self.title}: the closures ran in the order {ran}\n"
                f"(in brackets: the grad each Value held when its closure ran); then {grads}")

    def _repr_pretty_(self, printer, cycle):
        printer.text(repr(self))


def _reachable(out, value_class):
    """Every Value reached from ``out`` through ``parents`` (``out`` included), each once."""
    seen, todo, found = set(), [out], []
    while todo:
        v = todo.pop()
        if id(v) in seen or not isinstance(v, value_class):
            continue
        seen.add(id(v))
        found.append(v)
        todo.extend(getattr(v, "parents", ()))
    return found


def closure_order(f, value_class, backward=None, **inputs):
    """Run ``f`` at ``inputs`` with your ``value_class``, then ``backward(out)`` (your
    ``out.backward()`` if None), watching each Value's closure: a ``ClosureOrder`` naming
    each Value as the traced graph of ``f`` does (inputs by name, operations by the
    variable they were assigned to, matched by value)."""
    g = trace.graph_from(f, **inputs)
    named = [(n.output, g.values[n.output]) for n in g.nodes]

    def run():
        leaves = {name: value_class(value) for name, value in inputs.items()}
        out = f(**leaves)
        label = _labels(out, value_class, leaves, named)
        ran = []
        for v in _reachable(out, value_class):
            def watched(v=v, original=v._backward):
                ran.append((label[id(v)], float(v.grad)))
                original()
            v._backward = watched
        (backward or type(out).backward)(out)
        return ran, {name: float(leaf.grad) for name, leaf in leaves.items()}
    title = f"{backward.__name__ if backward else 'backward'} on {f.__name__}"
    try:
        ran, grads = call(run, what="your Value")
    except NotAttempted as untouched:
        return ClosureOrder(title, [], {}, f"not attempted yet: {untouched}")
    except NotYet as not_yet:
        return ClosureOrder(title, [], {}, f"not yet: {not_yet}")
    return ClosureOrder(title, ran, grads)


def _labels(out, value_class, leaves, named):
    """{id(Value): name}: the inputs by their argument names, the other Values by the name
    of the traced node with the same value (each name used once), else by their value."""
    label = {id(leaf): name for name, leaf in leaves.items()}
    free = list(named)
    for v in reversed(_reachable(out, value_class)):
        if id(v) in label:
            continue
        i = next((i for i, (_, value) in enumerate(free) if _same(v.data, value)), None)
        label[id(v)] = free.pop(i)[0] if i is not None else fmt(v.data)
    return label


# what a closure's maker is called -> the symbol on its node (others show their own name)
_SYMBOLS = {"add": "+", "mul": "×", "power": "**", "pow": "**", "truediv": "/", "div": "/"}


def _symbol(v):
    """The node's label, from the name of the function that made its closure (``add``,
    ``Value.__mul__``, ...)."""
    parts = getattr(getattr(v, "_backward", None), "__qualname__", "").split(".<locals>")
    maker = parts[0].rsplit(".", 1)[-1].strip("_") if len(parts) > 1 else "?"
    return _SYMBOLS.get(maker, maker)


class _Replay:
    """A node of your graph in the shape of a layer, so ``graph.Graph`` can draw it:
    ``forward`` gives your Value's data, ``backward(dout)`` the shares your closure sends
    to its parents when ``out.grad`` is ``dout`` (every grad it touches restored after)."""

    def __init__(self, v):
        self.v = v

    def forward(self, *inputs):
        return self.v.data

    def backward(self, dout):
        v, parents = self.v, tuple(self.v.parents)
        kept = [(p, p.grad) for p in dict.fromkeys(parents + (v,))]
        try:
            for p in parents:
                p.grad = 0.0
            v.grad = float(dout)
            v._backward()
            shares = {id(p): float(p.grad) for p in parents}
        finally:
            for p, grad in kept:
                p.grad = grad
        # a parent used twice (x * x): its total, shared evenly between its slots
        return tuple(shares[id(p)] / parents.count(p) for p in parents)


def draw(f, value_class, **inputs):
    """The graph of YOUR Values for ``f`` at ``inputs``, drawn like every graph of the series:
    found from the output through ``parents``, each node labelled by the function that made
    its closure, each edge's value your ``data`` and its gradient the share your closure sent
    back.  Names as in ``closure_order``.  A ``graph.Graph`` (it draws itself), or a
    ``ClosureOrder`` saying why not."""
    traced = trace.graph_from(f, **inputs)
    named = [(n.output, traced.values[n.output]) for n in traced.nodes]

    def run():
        leaves = {name: value_class(value) for name, value in inputs.items()}
        out = f(**leaves)
        out.backward()
        label = _labels(out, value_class, leaves, named)
        g = Graph(f"{f.__name__}, your Values")
        g.dout = 1.0
        edge, inputs_ = {}, {id(leaf) for leaf in leaves.values()}

        def unique(name):                   # two Values with the same number: two lines
            candidate, k = name, 2
            while candidate in g.uses:
                candidate, k = f"{name} ({k})", k + 1
            return candidate
        for v in _topological(out, value_class):
            if id(v) in inputs_:
                edge[id(v)] = g.input(label[id(v)], v.data, v.data - 1, v.data + 1)
            elif not v.parents:
                edge[id(v)] = g.constant(unique(fmt(v.data)), v.data)
            else:
                edge[id(v)] = g.node(_symbol(v), _Replay(v), [edge[id(p)] for p in v.parents],
                                     unique(label[id(v)]))
        g.forward()
        g.backward()
        branches = {f"{e}>{n}.{slot}" for e, uses in g.uses.items() if len(uses) > 1
                    for n, slot in uses}     # the lines of forks, as the drawing names them
        g.curved = set(_ARCHES.get(f.__name__, ())) & branches
        g.named = set(_NAMED.get(f.__name__, ()))
        return g
    try:
        return call(run, what="your Value")
    except NotAttempted as untouched:
        return ClosureOrder(f"your graph of {f.__name__}", [], {},
                            f"not attempted yet: {untouched}")
    except NotYet as not_yet:
        return ClosureOrder(f"your graph of {f.__name__}", [], {}, f"not yet: {not_yet}")


def _topological(out, value_class):
    """Every Value ``out`` depends on, each after all of its parents (no recursion)."""
    order, seen, todo = [], set(), [(out, False)]
    while todo:
        v, expanded = todo.pop()
        if expanded:
            order.append(v)
        elif id(v) not in seen and isinstance(v, value_class):
            seen.add(id(v))
            todo.append((v, True))
            todo.extend((p, False) for p in reversed(tuple(v.parents)))
    return order


def _same(x, y):
    return abs(x - y) <= 1e-9 * max(1.0, abs(y))


def _matched(yours, traced):
    """How many of the traced nodes' (value, gradient) pairs have a partner among yours,
    each of yours used once: the two graphs agree node by node when all of them do."""
    left, count = list(yours), 0
    for value, grad in traced:
        partner = next((i for i, (v, g) in enumerate(left)
                        if _same(v, value) and _same(g, grad)), None)
        if partner is not None:
            left.pop(partner)
            count += 1
    return count


class Comparison:
    """The output and the input gradients of one function, computed three ways.

    ``rows``: (label, your Value, layers.py, numerical), numbers or None;
    ``graph``: the ``teaching.trace`` graph of the function, backward done;
    ``ops``: (your operations, traced nodes, traced nodes whose value and gradient one of
    your operations has too);
    ``yours_ok``: True when every one of your numbers agrees with layers.py, node by node;
    ``message``: why your column is empty or wrong, else "".
    """

    def __init__(self, title, rows, graph, ops, message):
        self.title, self.rows, self.graph, self.ops, self.message = title, rows, graph, ops, message
        yours_ops, traced_ops, matched = ops
        self.yours_ok = (not message and yours_ops == traced_ops == matched
                         and all(y is not None and _same(y, t) for _, y, t, _ in rows))

    def __repr__(self):
        lines = [self.title,
                 f"{'':12s}{'your Value':>14s}{'layers.py':>14s}{'numerical':>14s}"]
        for name, yours, traced, numeric in self.rows:
            lines.append(f"{name:12s}{fmt(yours) if yours is not None else '-':>14s}"
                         f"{fmt(traced):>14s}{fmt(numeric) if numeric is not None else '':>14s}")
        yours_ops, traced_ops, matched = self.ops
        lines.append(f"{'operations':12s}{yours_ops if yours_ops is not None else '-':>14}"
                     f"{traced_ops:>14}")
        if self.message:
            lines.append(f"your Value: {self.message}")
        elif self.yours_ok:
            lines.append("your Value agrees with layers.py on every number above, and node by "
                         f"node: each of the {traced_ops} traced nodes has an operation of yours "
                         "with the same value and gradient.")
        elif all(y is not None and _same(y, t) for _, y, t, _ in self.rows[1:]) \
                and yours_ops == traced_ops:
            lines.append(f"only {matched} of the {traced_ops} traced nodes have an operation of "
                         "yours with the same value and gradient: compare the drawing with your "
                         "Values.")
        elif all(y is not None and _same(y, t) for _, y, t, _ in self.rows):
            lines.append(f"your Value agrees with layers.py on every number above, with "
                         f"{yours_ops} operations where the layers have {traced_ops} nodes.")
        else:
            lines.append("your Value disagrees with layers.py: look for the first row that "
                         "differs.")
        return "\n".join(lines)

    def _repr_pretty_(self, printer, cycle):
        printer.text(repr(self))


def _run_yours(f, value_class, inputs):
    """(output data, {name: grad}, [(data, grad) of each operation]) from the learner's
    Value, or NotYet / NotAttempted."""
    def run():
        leaves = {name: value_class(value) for name, value in inputs.items()}
        out = f(**leaves)
        out.backward()
        return out, leaves
    out, leaves = call(run, what="your Value")
    got = floats(getattr(out, "data", None))
    if got is None or got.shape != ():
        raise NotYet(f"{f.__name__} should give a Value whose data is one number; got {out!r}.")
    grads = {name: floats(getattr(leaf, "grad", None)) for name, leaf in leaves.items()}
    if any(g is None or g.shape != () for g in grads.values()):
        raise NotYet("after backward() every input Value should hold one number in .grad.")
    nodes = []
    for v in operations(out, value_class):
        pair = floats(getattr(v, "data", None)), floats(getattr(v, "grad", None))
        if any(x is None or x.shape != () for x in pair):
            raise NotYet("every Value an operation made should hold one number in .data and "
                         "one in .grad.")
        nodes.append((float(pair[0]), float(pair[1])))
    return float(got), {n: float(g) for n, g in grads.items()}, nodes


def compare(f, value_class, **inputs):
    """Run ``f`` at ``inputs`` with your ``value_class``, through ``teaching.trace`` (the
    layers of layers.py) and as plain floats (central differences); a ``Comparison``.

    ``f`` may use + - * / ** and this module's ``exp`` and ``sigmoid``: then the same
    function runs all three ways.
    """
    g = trace.graph_from(f, **inputs)
    g.backward()
    numeric = {}
    for name in inputs:
        def along(v, name=name):
            return f(**{**inputs, name: float(v)})
        numeric[name] = layers.numerical_gradient(along, float(inputs[name]))
    message = ""
    try:
        out, grads, nodes = _run_yours(f, value_class, inputs)
    except NotAttempted as untouched:
        out, grads, nodes, message = None, {}, None, f"not attempted yet: {untouched}"
    except NotYet as not_yet:
        out, grads, nodes, message = None, {}, None, f"not yet: {not_yet}"
    traced = [(g.values[n.output], g.grads[n.output]) for n in g.nodes]
    ops = (None, len(traced), 0) if nodes is None else (
        len(nodes), len(traced), _matched(nodes, traced))
    at = ", ".join(f"{name} = {fmt(v)}" for name, v in inputs.items())
    rows = [(g.output, out, g.values[g.output], None)]
    rows += [(f"d {name}", grads.get(name), g.grads[name], numeric[name]) for name in inputs]
    return Comparison(f"{f.__name__} at {at}", rows, g, ops, message)


def compare_and_draw(f, value_class, **inputs):
    """``compare``'s table, then the graph of YOUR Values (``draw``), then the traced graph of
    the layers: displayed one under the other."""
    from IPython.display import display

    compared = compare(f, value_class, **inputs)
    display(compared, draw(f, value_class, **inputs), compared.graph)


def slower_than_affine(with_values, X, W, b):
    """How many times as long ``with_values()`` takes as ``layers.Affine(W, b)``'s forward on
    ``X`` and backward of L = the sum of the outputs, the fastest of a few runs each, to two
    significant figures."""
    def with_affine():
        affine = layers.Affine(W, b)
        affine.forward(X)
        affine.backward(np.ones((len(X), len(b))))     # dL/dout = 1 for L = sum

    ratio = (min(timeit.repeat(with_values, number=1, repeat=3))
             / min(timeit.repeat(with_affine, number=1, repeat=5)))
    return float(f"{ratio:.2g}")


def layer_cost(value_class):
    """Chapter 9's cost section: a layer of 64 inputs to 10 units on a batch of 4 (seed 1,
    biases 0) built with the learner's Values, one node per number (for each example and
    unit: the bias plus the 64 products x_i w_ij one at a time, each unit added into L, the
    sum of the outputs), backward from L.  Returns (the operations it records, how many
    times as long it takes as ``layers.Affine``)."""
    rng = np.random.default_rng(1)
    X, W, b = rng.normal(size=(4, 64)), rng.normal(size=(64, 10)), np.zeros(10)

    def with_values():
        Ws, bs = [[value_class(w) for w in row] for row in W], [value_class(v) for v in b]
        out = value_class(0.0)
        for x in X:
            for j in range(10):
                unit = bs[j]
                for i in range(64):
                    unit = unit + value_class(x[i]) * Ws[i][j]
                out = out + unit                          # L = sum of the outputs
        out.backward()
        return out

    ops = len(operations(call(with_values, what="your Values"), value_class))
    return ops, slower_than_affine(with_values, X, W, b)


class XorRun(NamedTuple):
    """One training run of chapter 9's 2-3-1 network on XOR."""

    losses: list        # the summed loss before each step
    largest: list       # the largest |hidden input| over the four points and three units, likewise
    answers: list       # the four answers at the end
    hidden: list        # the three hidden values of each point at the end


def xor_run(value_class, train, network, network_loss, scale=1.0, lr=2.0, steps=300, seed=0):
    """Chapter 9's 2-3-1 network trained on XOR by the learner's ``train``, one step per
    call: from ``seed`` (``W1`` standard normal times ``scale``, ``W2`` standard normal, biases
    0), ``steps`` steps at rate ``lr``.  An ``XorRun``."""
    rng = np.random.default_rng(seed)
    W1 = [[call(value_class, scale * w, what="Value") for w in row]
          for row in rng.normal(0, 1, (2, 3))]
    W2 = [call(value_class, w, what="Value") for w in rng.normal(0, 1, 3)]
    b1 = [call(value_class, 0.0, what="Value") for _ in range(3)]
    b2 = call(value_class, 0.0, what="Value")
    params = [w for row in W1 for w in row] + b1 + W2 + [b2]
    points = [(0, 0), (0, 1), (1, 0), (1, 1)]

    def hidden_inputs(x1, x2):
        return [x1 * W1[0][j].data + x2 * W1[1][j].data + b1[j].data for j in range(3)]
    losses, largest = [], []
    for _ in range(steps):
        largest.append(max(abs(z) for x in points for z in hidden_inputs(*x)))
        losses += call(train, lambda: network_loss(W1, b1, W2, b2), params, lr, 1, what="train")
    answers = [call(network, x1, x2, W1, b1, W2, b2, what="network").data for x1, x2 in points]
    hidden = [[float(layers.Sigmoid().forward(z)) for z in hidden_inputs(*x)] for x in points]
    return XorRun(losses, largest, answers, hidden)


def first_below(losses, level=0.5):
    """The first step whose loss is below ``level`` (None if none is)."""
    return next((step for step, loss in enumerate(losses) if loss < level), None)


def rises(losses):
    """How often the loss rose from one step to the next, and from where to where the first
    time ("never rose" if it did not)."""
    up = [k for k in range(1, len(losses)) if losses[k] > losses[k - 1]]
    if not up:
        return "never rose"
    return (f"rose in {len(up)} steps, the first time from {losses[up[0] - 1]:.2f} back up to "
            f"{max(losses[up[0]:]):.2f}")


def plateau_figure(result):
    """Chapter 9's 2-3-1 network in training (an ``XorRun`` at rate 2): the summed loss on
    the left, the largest |hidden input| on the right, step by step, as a ``Picture``."""
    with matplotlib.rc_context(figures.RC):
        fig, (left, right) = figures.new_figure(9, 3, 2)
        left.plot(np.arange(len(result.losses)), result.losses, color=style.INK)
        left.set(xlabel="step", ylabel="summed loss", ylim=(0, 1.05 * max(result.losses)),
                 title="near 1 first: one neuron's floor")
        right.plot(np.arange(len(result.largest)), result.largest, color=style.VALUE)
        right.axhline(2.0, color=style.MUTED, linestyle="--")
        right.set(xlabel="step", ylabel="largest |hidden input|", title="the inputs grow")
    return Picture(fig)


class Picture:
    """A figure shown as a base64 PNG bundle: it survives being caught behind the lecture
    view's "Show the answer" button, where raw PNG bytes are lost (``.figure``: the figure)."""

    def __init__(self, figure):
        self.figure = figure

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {**figures.png(self.figure), "text/plain": repr(self.figure)}


def scales_figure(runs):
    """Chapter 9's 2-3-1 network from starts of different sizes: the summed loss of each run
    in ``runs`` ({label: losses}), overlaid, with the line loss = 0.5, as a ``Picture``."""
    with matplotlib.rc_context(figures.RC):
        fig, (ax,) = figures.new_figure(8, 3, 1)
        for (label, losses), shade in zip(runs.items(), np.linspace(0.8, 0.0, len(runs))):
            ax.plot(np.arange(len(losses)), losses, color=str(shade), label=label)
        ax.axhline(0.5, color=style.MUTED, linestyle="--")
        ax.legend(loc="center left", bbox_to_anchor=(1, 0.5))
        top = 1.05 * max(max(losses) for losses in runs.values())
        ax.set(xlabel="step", ylabel="summed loss", ylim=(0, top),
               title="W1 started at different sizes (rate 2)")
    return Picture(fig)


def show_when(verdict, show, *args, needs=(), **kwargs):
    """Display ``verdict``, a check's, and below it ``show(*args, **kwargs)``'s result once it
    and ``needs`` (the verdicts of the learner's code that ``show`` runs) say Right; until
    then nothing more (the verdict says what to do), or a line when only ``needs`` are
    missing.  In the lecture view, where nobody writes, ``show`` runs on the chapter's own
    code: at once after a step's code, behind a "Show the answer" button after a question."""
    from IPython.display import display

    from teaching.checks.ch09 import Shown, standing_in
    from teaching.reveal import answer_button, lecturing

    display(verdict)
    run = standing_in(show, *args, **kwargs)
    if lecturing():
        result = run() if isinstance(verdict, Shown) else answer_button(run)
    elif verdict and all(needs):
        result = run()
    else:
        result = None
        if verdict:
            print("This cell then runs your code of an earlier step, whose check does not "
                  "say Right yet: fix that step, then run this cell again.")
    if result is not None:
        display(result)


def x_over_x_nearby():
    """Exercise 1's reveal: x / x at x = 2.5 and a little further."""
    print("x / x at x = 2.5 and at 2.5 + 1e-6:", 2.5 / 2.5, (2.5 + 1e-6) / (2.5 + 1e-6))


def xor_training(value_class, train, network, network_loss):
    """Step 8's run: seed 0, biases 0, 300 steps of your ``train`` at rate 2; prints the
    final loss and answers and the largest |hidden input| at step 0, its low and step 100,
    and returns the plateau figure."""
    result = xor_run(value_class, train, network, network_loss)
    print(f"loss {result.losses[-1]:.4f} at step 300, {rises(result.losses)}; "
          f"answers {[round(y, 2) for y in result.answers]}")
    low = min(range(100), key=lambda k: result.largest[k])
    print("largest |hidden input|:", ", ".join(f"{result.largest[k]:.2f} at step {k}"
                                             for k in (0, low, 100)))
    return plateau_figure(result)


def xor_scales(value_class, train, network, network_loss, scales=(1, 15), seeds=20):
    """The same run with W1 times each of ``scales``: the first step below 0.5 of each,
    the x 15 run's end (loss, answers, hidden values), how many of ``seeds`` starts each
    scale solves, and the losses side by side."""
    results = {f"W1 x {s:g}": xor_run(value_class, train, network, network_loss, scale=s)
               for s in scales}
    print("first step with the loss below 0.5:", ", ".join(
        f"{k}: {first_below(r.losses) or 'none'}" for k, r in results.items()))
    x15 = results["W1 x 15"]
    print(f"W1 x 15: loss {x15.losses[-1]:.2f} at step 300, answers "
          f"{[round(y, 2) for y in x15.answers]}, hidden values "
          f"{[[round(h, 3) for h in point] for point in x15.hidden]}")
    print(f"solved (all four answers on the right side of 0.5) over seeds 0 to {seeds - 1}:",
          ", ".join(f"W1 x {s:g}: {solved(value_class, train, network, network_loss, s, seeds)}"
                    f" of {seeds}" for s in scales))
    return scales_figure({k: r.losses for k, r in results.items()})


def solved(value_class, train, network, network_loss, scale, seeds):
    """How many of the starts from seeds 0, 1, ... (``xor_run`` with ``scale``) end with all
    four answers on the right side of 0.5."""
    from teaching.checks.ch09 import XOR

    targets = [t for _, t in XOR]
    return sum(all((y > 0.5) == bool(t) for y, t in zip(
        xor_run(value_class, train, network, network_loss, scale=scale, seed=seed).answers,
        targets)) for seed in range(seeds))


def cost_report(value_class):
    """The cost section's printout: the 64 -> 10 layer of your Values, its operations, and
    the closures one sweep runs against forward mode's passes."""
    ops, _ = layer_cost(value_class)
    print(f"the layer of Values: {ops:,} operations, each a Python object with a closure")
    print(f"all 640 weight gradients: one backward sweep runs each of the {ops:,} closures "
          f"once; forward mode (chapter 3), one pass per weight, 640 x {ops:,} = {640 * ops:,}")


def neuron_runs(value_class, train, neuron_loss, steps, zero_grads):
    """Step 7: for each ``zero_grads`` given, train the chapter's neuron afresh with your
    ``train`` (w = 0.5, b = 1, x = 2, t = 0.2, lr = 1) and print its losses, z and grads."""
    for zero in zero_grads:
        w, b = value_class(0.5), value_class(1.0)
        losses = train(lambda: neuron_loss(w, b, 2.0, 0.2), [w, b], 1.0, steps, zero)
        print(f"zero_grads={zero}, loss every 2 steps:", [round(v, 4) for v in losses[::2]])
        print(f"  after {steps} steps: w x + b = {2 * w.data + b.data:.4f}, "
              f"w.grad = {w.grad:.4f}, b.grad = {b.grad:.4f}")
