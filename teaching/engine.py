"""A learner's own autograd engine (chapter 09) beside the series' layers.

The chapter's learner writes a ``Value`` class: a number that keeps ``data``,
``grad``, its ``parents`` and a ``_backward`` closure, and a ``backward()``
that calls every closure once in reverse topological order.  This module puts
that class next to what the series already trusts:

* ``exp`` and ``sigmoid`` work on three kinds of value, so one Python function
  runs as plain floats (for numerical gradients), as ``teaching.trace`` values
  (a graph of ``layers.py`` layers) and as the learner's ``Value``;
* ``compare(f, Value, **inputs)`` runs ``f`` all three ways and returns a table
  of the output and every input's gradient, with the traced graph to draw.

The learner's code runs only through ``teaching.checks.core.call``: an
untouched template reads "not attempted yet", a mistake reads as its message,
and the other two columns are shown either way.
"""

import numpy as np

import layers
from teaching import trace
from teaching.checks.core import NotAttempted, NotYet, call, floats
from teaching.style import fmt

__all__ = ["exp", "sigmoid", "compare", "Comparison", "operations"]


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


def operations(out, value_class):
    """How many operations made ``out``: the Values reached through ``parents`` that have
    parents themselves (inputs and constants are not operations).  Each counted once."""
    seen, todo, count = set(), [out], 0
    while todo:
        v = todo.pop()
        if id(v) in seen:
            continue
        seen.add(id(v))
        parents = [p for p in getattr(v, "parents", ()) if isinstance(p, value_class)]
        count += bool(parents)
        todo.extend(parents)
    return count


class Comparison:
    """The output and the input gradients of one function, computed three ways.

    ``rows``: (label, your Value, layers.py, numerical), numbers or None;
    ``graph``: the ``teaching.trace`` graph of the function, backward done;
    ``yours_ok``: True when every one of your numbers agrees with layers.py;
    ``message``: why your column is empty or wrong, else "".
    """

    def __init__(self, title, rows, graph, ops, message):
        self.title, self.rows, self.graph, self.ops, self.message = title, rows, graph, ops, message
        self.yours_ok = not message and all(
            y is not None and abs(y - t) <= 1e-9 * max(1.0, abs(t)) for _, y, t, _ in rows)

    def __repr__(self):
        lines = [self.title,
                 f"{'':12s}{'your Value':>14s}{'layers.py':>14s}{'numerical':>14s}"]
        for name, yours, traced, numeric in self.rows:
            lines.append(f"{name:12s}{fmt(yours) if yours is not None else '-':>14s}"
                         f"{fmt(traced):>14s}{fmt(numeric) if numeric is not None else '':>14s}")
        yours_ops, traced_ops = self.ops
        lines.append(f"{'operations':12s}{yours_ops if yours_ops is not None else '-':>14}"
                     f"{traced_ops:>14}")
        if self.message:
            lines.append(f"your Value: {self.message}")
        elif self.yours_ok:
            lines.append("your Value agrees with layers.py on every number above.")
        else:
            lines.append("your Value disagrees with layers.py: look for the first row that "
                         "differs.")
        return "\n".join(lines)

    def _repr_pretty_(self, printer, cycle):
        printer.text(repr(self))


def _run_yours(f, value_class, inputs):
    """(output data, {name: grad}, operations) from the learner's Value, or NotYet/NotAttempted."""
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
    return float(got), {n: float(g) for n, g in grads.items()}, operations(out, value_class)


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
        out, grads, ops = _run_yours(f, value_class, inputs)
    except NotAttempted as untouched:
        out, grads, ops, message = None, {}, None, f"not attempted yet: {untouched}"
    except NotYet as not_yet:
        out, grads, ops, message = None, {}, None, f"not yet: {not_yet}"
    at = ", ".join(f"{name} = {fmt(v)}" for name, v in inputs.items())
    rows = [(g.output, out, g.values[g.output], None)]
    rows += [(f"d {name}", grads.get(name), g.grads[name], numeric[name]) for name in inputs]
    return Comparison(f"{f.__name__} at {at}", rows, g, (ops, len(g.nodes)), message)
