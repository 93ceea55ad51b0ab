"""The labels of a graph written as expressions instead of numbers.

The book draws the sigmoid's backward pass with formulas on its edges:
dL/dy, then -dL/dy·y², then -dL/dy·y²·exp(-x), and so on.  ``labels(graph)``
gives those texts for any ``graph.Graph``, as far as its backward pass has
gone: each gradient is the gradient above it times the node's local
derivative, written from the node's layer (``MulLayer``: the other input;
``ExpLayer``: its output; ``ReciprocalLayer``: minus its output squared; ...).
A sign is carried in front, a factor 1 is left out, and at a fork the paths'
expressions are added.  Values are the edge names (a traced graph names its
edges by the expressions that made them); the output's value is its formula.
"""

import layers
from teaching.style import fmt, label

__all__ = ["labels"]


def _bracket(text):
    """``text`` in brackets if it is more than one factor (an operator outside brackets)."""
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and i > 0 and ch in "+-*/· ":
            return f"({text})"
    return text


class _Expr:
    """sign · factor · factor ...  (an empty product is 1)."""

    def __init__(self, sign=1, factors=()):
        self.sign, self.factors = sign, tuple(factors)

    def times(self, sign, *factors):
        return _Expr(self.sign * sign, self.factors + factors)

    def text(self):
        body = "·".join(self.factors) or "1"
        return ("-" if self.sign < 0 else "") + body


def _name(graph, edge):
    """How an edge appears inside a formula: a constant by its value, else its name."""
    if edge in graph.constants:
        return fmt(graph.constants[edge])
    return label(edge)


def _local(graph, node, slot):
    """(sign, factors) of d output / d input ``slot`` for the node's layer."""
    layer, ins, out = node.layer, node.inputs, label(node.output)
    x = _bracket(_name(graph, ins[slot]))
    if isinstance(layer, layers.MulLayer):
        other = ins[1 - slot]
        if other in graph.constants:
            c = graph.constants[other]
            sign = -1 if c < 0 else 1
            return sign, (() if abs(c) == 1 else (fmt(abs(c)),))
        return 1, (_bracket(label(other)),)
    if isinstance(layer, layers.AddLayer):
        return 1, ()
    if isinstance(layer, layers.ExpLayer):
        return 1, (_bracket(out),)
    if isinstance(layer, layers.ReciprocalLayer):
        return -1, (f"{_bracket(out)}²",)
    if isinstance(layer, layers.SquareLayer):
        return 1, ("2", x)
    if isinstance(layer, layers.Sigmoid):
        return 1, (f"{_bracket(out)}(1-{_bracket(out)})",)
    if isinstance(layer, layers.Relu):
        return 1, (f"[{x}>0]",)
    return 1, (f"d{_bracket(out)}/d{x}",)


def _formula(graph, node):
    """The node's output as a formula of its inputs' names, e.g. 1/(1+exp(-x))."""
    layer = node.layer
    a = [_bracket(_name(graph, e)) for e in node.inputs]
    if isinstance(layer, layers.MulLayer):
        if node.inputs[1] in graph.constants and graph.constants[node.inputs[1]] == -1:
            return f"-{a[0]}"
        return f"{a[0]}·{a[1]}"
    if isinstance(layer, layers.AddLayer):
        return f"{_name(graph, node.inputs[0])}+{_name(graph, node.inputs[1])}"
    simple = {layers.ExpLayer: "exp({})", layers.ReciprocalLayer: "1/{}",
              layers.SquareLayer: "{}²", layers.Sigmoid: "σ({})", layers.Relu: "relu({})"}
    for kind, pattern in simple.items():
        if isinstance(layer, kind):
            inner = _name(graph, node.inputs[0]) if "(" in pattern else a[0]
            return pattern.format(inner)
    return f"{node.op}({', '.join(a)})"


def labels(graph):
    """Expression texts: (values, grads, branch_grads), keyed like the graph's own dicts.

    A gradient the backward pass has not reached yet is None, as in ``graph.grads``.
    """
    values = {e: _name(graph, e) for e in graph.edges}
    values[graph.output] = _formula(graph, graph.nodes[-1])
    grads = dict.fromkeys(graph.edges)
    exprs = {graph.output: _Expr(1, (f"dL/d{_bracket(label(graph.output))}",))}
    grads[graph.output] = exprs[graph.output].text()
    branches = {}
    by_output = {n.output: n for n in graph.nodes}
    for step in graph.steps:
        node = by_output[step.node]
        for slot in range(len(node.inputs)):
            sign, factors = _local(graph, node, slot)
            branches[(node.output, slot)] = exprs[node.output].times(sign, *factors)
        for slot, edge in enumerate(node.inputs):
            branch = branches[(node.output, slot)]
            uses = graph.uses[edge]
            if graph.grads.get(edge) is None or edge in graph.constants:
                continue
            if len(uses) == 1:
                exprs[edge] = branch
            else:                        # a fork: the paths add up
                total = " + ".join(branches[u].text() for u in uses)
                exprs[edge] = _Expr(1, (f"({total})",))
            grads[edge] = exprs[edge].text() if len(uses) == 1 else total
    return values, grads, {k: v.text() for k, v in branches.items()}
