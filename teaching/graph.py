"""Computational graphs that run the real layers: build, forward, backward, step by step.

A ``Graph`` is a list of nodes joined by named edges.  Each node wraps one
layer from ``layers.py``: ``forward`` calls every layer's forward from left to
right, ``backward`` calls every layer's backward from right to left, and
``step`` does the backward pass one node at a time, so a learner can watch
"upstream x local = downstream" happen.  Every number comes from the layers;
nothing is worked out here by a formula.

When one value feeds several places (a fork), the gradients its paths send
back add up; the edge's gradient stays unknown (None, drawn "?") until every
path has reported.  ``branch_grads`` keeps what each path sent.

This module is the model only.  ``drawing.py`` draws a graph as SVG,
``explorer.py`` puts it under sliders, ``examples.py`` holds the chapters' graphs.
"""

from dataclasses import dataclass

from teaching.style import fmt, label

__all__ = ["Graph", "Input", "Node", "Step"]


@dataclass
class Input:
    """An input variable: its default value and the range of its slider."""
    name: str
    value: float
    low: float
    high: float
    step: float


@dataclass
class Node:
    """One operation: ``output = layer.forward(*inputs)``, drawn as a circle labelled ``op``.

    A node is known by its output edge: ``Step.node`` and the keys of
    ``Graph.branch_grads`` name it that way.
    """
    op: str
    layer: object
    inputs: tuple
    output: str


@dataclass(frozen=True)
class Step:
    """What one backward step did at one node (tuples follow ``inputs``)."""
    number: int          # 1 for the first step
    node: str            # the node's output edge
    op: str
    inputs: tuple        # edge names the gradients went to
    upstream: float      # dL/d output, arriving from the right
    local: tuple         # d output / d input, from layer.backward(1.0)
    downstream: tuple    # dL/d input = upstream x local, from layer.backward(upstream)


class Graph:
    """A computational graph of layers, with forward, backward and step-by-step backward.

    Build it with ``input``, ``constant`` and ``node`` (inputs of a node must
    exist before it, so the build order is a topological order), then call
    ``forward()``.  After that, ``values`` and ``grads`` map edge names to
    numbers; a gradient is None until every path has sent it back.
    """

    def __init__(self, title):
        self.title = title
        self.inputs = {}       # name -> Input (each gets a slider)
        self.constants = {}    # name -> value (drawn, but no slider)
        self.nodes = []        # in build order: a topological order
        self.dout = 1.0        # the upstream gradient dL/d output fed in at the right
        self.values = {}
        self.grads = {}
        self.branch_grads = {}   # (node output, input slot) -> gradient that path sent
        self.steps = []          # the steps of the current backward pass
        self.uses = {}           # edge -> [(node output, slot), ...]: where each value goes
        self._partial = {}       # running sums while the paths of a fork report back
        self._arrived = {}

    # --- building -----------------------------------------------------------
    def _new_edge(self, name):
        if not isinstance(name, str) or not name:
            raise ValueError(f"an edge name must be a non-empty string, not {name!r}")
        if name in self.uses:
            raise ValueError(f"edge name {name!r} is used twice")
        self.uses[name] = []
        # the graph changed: numbers computed before no longer cover it
        self.values, self.grads, self.branch_grads, self.steps = {}, {}, {}, []

    def input(self, name, value, low, high, step=0.1):
        """An input variable with a slider from ``low`` to ``high`` in steps of ``step``."""
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"input name {name!r} must be a Python identifier")
        if not low < high:
            raise ValueError(f"input {name!r}: its range needs low < high, got {low} and {high}")
        if not low <= value <= high:
            raise ValueError(f"input {name!r}: value {value} is outside its range [{low}, {high}]")
        if not step > 0:
            raise ValueError(f"input {name!r}: the slider step must be positive, got {step}")
        self._new_edge(name)
        self.inputs[name] = Input(name, float(value), low, high, step)
        return name

    def constant(self, name, value):
        """A fixed number fed into a node, such as the -1 in x * (-1)."""
        self._new_edge(name)
        self.constants[name] = float(value)
        return name

    def node(self, op, layer, inputs, output):
        """Add ``output = layer.forward(*inputs)``, drawn as a circle labelled ``op``."""
        if isinstance(layer, type):
            raise TypeError(f"node {op!r}: pass a layer object such as {layer.__name__}(), "
                            f"not the class {layer.__name__}")
        for method in ("forward", "backward"):
            if not callable(getattr(layer, method, None)):
                raise TypeError(f"node {op!r}: {type(layer).__name__} has no {method}() method; "
                                "pass a layer such as layers.MulLayer()")
        inputs = tuple(inputs)
        for edge in inputs:
            if edge not in self.uses:
                raise ValueError(f"node {op!r}: unknown input edge {edge!r} (add it first)")
        if all(edge in self.constants for edge in inputs):
            raise ValueError(f"node {op!r} needs at least one input that is not a constant")
        self._new_edge(output)
        for slot, edge in enumerate(inputs):
            self.uses[edge].append((output, slot))
        self.nodes.append(Node(op, layer, inputs, output))
        return output

    @property
    def output(self):
        """The edge leaving the last node: the graph's result."""
        if not self.nodes:
            raise ValueError(f"graph {self.title!r} has no nodes yet; add one with node()")
        return self.nodes[-1].output

    @property
    def edges(self):
        return list(self.uses)

    # --- forward ------------------------------------------------------------
    def forward(self, **values):
        """Run every layer's forward; ``values`` set inputs (others keep their value)."""
        for name in values:
            if name not in self.inputs:
                raise ValueError(f"{name!r} is not an input of this graph "
                                 f"(inputs: {', '.join(self.inputs)})")
        output = self.output
        unused = [n.output for n in self.nodes[:-1] if not self.uses[n.output]]
        if unused:
            raise ValueError(f"node outputs {unused} feed nothing; only the last node may")
        current = {name: self.values.get(name, inp.value) for name, inp in self.inputs.items()}
        current.update({name: float(v) for name, v in values.items()})
        self.values = {**current, **self.constants}
        for node in self.nodes:
            self.values[node.output] = node.layer.forward(*(self.values[e] for e in node.inputs))
        self.reset_backward()
        return self.values[output]

    # --- backward -----------------------------------------------------------
    def reset_backward(self):
        """Forget all gradients except the upstream gradient ``dout`` at the output."""
        self.grads = dict.fromkeys(self.edges)     # None means "?": not known yet
        self.grads[self.output] = self.dout
        self.branch_grads = {}
        self.steps = []
        self._partial = dict.fromkeys(self.edges, 0.0)
        self._arrived = dict.fromkeys(self.edges, 0)

    @property
    def done(self):
        return len(self.steps) == len(self.nodes)

    def step(self):
        """Run backward at the next node (right to left) and return a ``Step``."""
        if not self.values:
            raise RuntimeError("run forward() before the backward pass")
        if self.done:
            raise RuntimeError("the backward pass is complete; call reset_backward() to start "
                               "again")
        node = self.nodes[len(self.nodes) - 1 - len(self.steps)]
        # Complete: every node using this output came later in the build order,
        # so it has already been stepped.
        upstream = self.grads[node.output]
        downstream = self.grads_of(node, node.layer.backward(upstream))
        local = self.grads_of(node, node.layer.backward(1.0))   # upstream 1: the local derivatives
        for slot, (edge, grad) in enumerate(zip(node.inputs, downstream)):
            self.branch_grads[(node.output, slot)] = grad
            self._partial[edge] += grad       # gradients from every path add up at a fork
            self._arrived[edge] += 1
            if self._arrived[edge] == len(self.uses[edge]):
                self.grads[edge] = self._partial[edge]
        step = Step(len(self.steps) + 1, node.output, node.op, node.inputs,
                    upstream, local, downstream)
        self.steps.append(step)
        return step

    @staticmethod
    def grads_of(node, grads):
        """What ``node``'s layer returned from backward (``grads``) as a tuple with one
        gradient per input of the node; an error if the count does not match."""
        grads = grads if isinstance(grads, tuple) else (grads,)
        if len(grads) != len(node.inputs):
            raise ValueError(f"node {node.op!r} ({node.output}): {type(node.layer).__name__}."
                             f"backward returned {len(grads)} gradient(s) for "
                             f"{len(node.inputs)} input(s)")
        return grads

    def backward(self, dout=None):
        """The whole backward pass at once; returns ``grads``."""
        if dout is not None:
            self.dout = float(dout)
        self.reset_backward()
        while not self.done:
            self.step()
        return self.grads

    def describe(self, step):
        """Two lines of text for the step just taken: which node, then
        upstream x local = downstream for each input (constants left out)."""
        head = (f"Step {step.number} of {len(self.nodes)}: the {step.op} node that makes "
                f"{label(step.node)} (upstream × local = downstream)")
        parts = []
        for edge, local, down in zip(step.inputs, step.local, step.downstream):
            if edge in self.constants:
                continue                    # a constant's gradient is never needed
            parts.append(f"to {label(edge)}: {fmt(step.upstream)} × {fmt(local)} = {fmt(down)}")
        for edge in dict.fromkeys(step.inputs):
            uses = self.uses[edge]
            if len(uses) > 1 and self.grads[edge] is not None and edge not in self.constants:
                paths = " + ".join(fmt(self.branch_grads[u]) for u in uses)
                parts.append(f"paths add: d{label(edge)} = {paths} = {fmt(self.grads[edge])}")
        return head, ";  ".join(parts)

    def __repr__(self):
        if not self.nodes:
            return f"<Graph {self.title!r}: no nodes>"
        value = fmt(self.values.get(self.output))
        return f"<Graph {self.title!r}: {len(self.nodes)} nodes, {self.output} = {value}>"

    def _repr_svg_(self):
        # displayed on its own, a graph shows its drawing; imported here so the
        # model does not depend on the drawing code
        from teaching.drawing import to_svg
        return to_svg(self)
