"""Computational graphs that run the real layers, drawn as SVG, with a live explorer.

A ``Graph`` is a list of nodes joined by named edges.  Each node wraps one
layer from ``layers.py``: ``forward`` calls every layer's forward from left to
right, ``backward`` calls every layer's backward from right to left, and
``step`` does the backward pass one node at a time, so a learner can watch
"upstream x local = downstream" happen.  Every number on a drawing comes from
the layers; nothing is worked out here by a formula.

Design choices
--------------
* **Our own SVG.**  The drawing is one string written by ``Graph.to_svg``: no
  graphviz program to install, and the same graph with the same inputs gives
  byte-identical output (the layout depends only on the order the graph was
  built in; coordinates are rounded).  A slider change replaces that one
  string in one widget: one message to the browser, no image to encode.
* **Layout, left to right.**  A node's column is one more than the column of
  its deepest input.  Rows follow the inputs in the order a walk back from the
  output meets them, and each node sits at the mean height of its inputs, like
  a family tree lying on its side.  Constants (the -1 and 1 of the sigmoid
  graph) come in from below their node and have no slider.
* **Labels.**  The forward value sits above each edge (``style.VALUE``), the
  gradient below it (``style.GRADIENT``).  A gradient not yet computed shows
  "?" (``style.MUTED``).  One helper, ``fmt``, formats every number with four
  significant digits, which hides float noise (220.00000000000003 -> "220").
* **Fan-out.**  When one value feeds several places, its edge splits at a dot
  into one branch per use.  Each branch shows the value it carries above it
  and the gradient its path sends back below it; the edge before the dot
  shows the value and the sum of those gradients, because gradients from all
  paths add up.  That sum shows "?"
  until every path has reported back.  A line that would cross a node bends
  around it.
"""

import math
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import layers
from teaching import style

__all__ = [
    "Graph", "Step", "GraphExplorer", "fmt",
    "apple_graph", "apples_oranges_graph", "chain_rule_graph", "sigmoid_graph",
    "sigmoid_grouped_graph", "fanout_graph", "save_figures",
]


def fmt(x):
    """A number as a short label: 4 significant digits, no float noise, no "-0"."""
    if x is None:
        return "?"
    x = float(x)
    if x == 0:
        return "0"
    text = f"{x:.4g}"
    if "e" in text:                      # 1.235e+06 -> 1.235e6
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


def _label(name):
    return name.replace("_", " ")


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
    """One operation: ``output = layer.forward(*inputs)``.  Named after its output edge."""
    op: str
    layer: object
    inputs: tuple
    output: str

    @property
    def name(self):
        return self.output


@dataclass(frozen=True)
class Step:
    """What one backward step did at one node (tuples follow ``inputs``)."""
    number: int          # 1 for the first step
    node: str            # the node's name (= its output edge)
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
        self.branch_grads = {}   # (node name, input slot) -> gradient that path sent
        self.steps = []          # the steps of the current backward pass
        self._uses = {}          # edge -> [(node name, slot), ...]
        self._partial = {}       # running sums while the paths of a fork report back
        self._arrived = {}

    # --- building -----------------------------------------------------------
    def _new_edge(self, name):
        if name in self._uses:
            raise ValueError(f"edge name {name!r} is used twice")
        self._uses[name] = []

    def input(self, name, value, low, high, step=0.1):
        """An input variable with a slider from ``low`` to ``high``."""
        if not name.isidentifier():
            raise ValueError(f"input name {name!r} must be a Python identifier")
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
        inputs = tuple(inputs)
        for edge in inputs:
            if edge not in self._uses:
                raise ValueError(f"node {op!r}: unknown input edge {edge!r} (add it first)")
        if all(edge in self.constants for edge in inputs):
            raise ValueError(f"node {op!r} needs at least one input that is not a constant")
        self._new_edge(output)
        for slot, edge in enumerate(inputs):
            self._uses[edge].append((output, slot))
        self.nodes.append(Node(op, layer, inputs, output))
        return output

    @property
    def output(self):
        """The edge leaving the last node: the graph's result."""
        return self.nodes[-1].output

    @property
    def edges(self):
        return list(self._uses)

    # --- forward ------------------------------------------------------------
    def forward(self, **values):
        """Run every layer's forward; ``values`` set inputs (others keep their value)."""
        for name in values:
            if name not in self.inputs:
                raise ValueError(f"{name!r} is not an input of this graph "
                                 f"(inputs: {', '.join(self.inputs)})")
        unused = [n.output for n in self.nodes[:-1] if not self._uses[n.output]]
        if unused:
            raise ValueError(f"node outputs {unused} feed nothing; only the last node may")
        current = {name: self.values.get(name, inp.value) for name, inp in self.inputs.items()}
        current.update({name: float(v) for name, v in values.items()})
        self.values = {**current, **self.constants}
        for node in self.nodes:
            self.values[node.output] = node.layer.forward(*(self.values[e] for e in node.inputs))
        self.reset_backward()
        return self.values[self.output]

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
            raise RuntimeError("the backward pass is complete; call reset_backward() to start again")
        node = self.nodes[len(self.nodes) - 1 - len(self.steps)]
        # Complete: every node using this output came later in the build order,
        # so it has already been stepped.
        upstream = self.grads[node.output]
        downstream = _as_tuple(node.layer.backward(upstream))
        local = _as_tuple(node.layer.backward(1.0))   # upstream 1 gives the local derivatives
        for slot, (edge, grad) in enumerate(zip(node.inputs, downstream)):
            self.branch_grads[(node.name, slot)] = grad
            self._partial[edge] += grad       # gradients from every path add up at a fork
            self._arrived[edge] += 1
            if self._arrived[edge] == len(self._uses[edge]):
                self.grads[edge] = self._partial[edge]
        step = Step(len(self.steps) + 1, node.name, node.op, node.inputs,
                    upstream, local, downstream)
        self.steps.append(step)
        return step

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
                f"{_label(step.node)} (upstream × local = downstream)")
        parts = []
        for edge, local, down in zip(step.inputs, step.local, step.downstream):
            if edge in self.constants:
                continue                    # a constant's gradient is never needed
            text = f"to {_label(edge)}: {fmt(step.upstream)} × {fmt(local)} = {fmt(down)}"
            parts.append(text)
        for edge in dict.fromkeys(step.inputs):
            uses = self._uses[edge]
            if len(uses) > 1 and self.grads[edge] is not None and edge not in self.constants:
                paths = " + ".join(fmt(self.branch_grads[u]) for u in uses)
                parts.append(f"paths add: d{_label(edge)} = {paths} = {fmt(self.grads[edge])}")
        return head, ";  ".join(parts)

    def __repr__(self):
        value = fmt(self.values.get(self.output)) if self.nodes else "?"
        return f"<Graph {self.title!r}: {len(self.nodes)} nodes, {self.output} = {value}>"

    def _repr_svg_(self):
        return self.to_svg()

    # --- drawing ------------------------------------------------------------
    def _layout(self):
        """Node centres and radii, from the build order only (deterministic)."""
        column = {}
        for node in self.nodes:
            column[node.name] = 1 + max(column.get(e, 0) for e in node.inputs
                                        if e not in self.constants)
        row = {}
        by_name = {n.name: n for n in self.nodes}

        def place(edge):       # a walk back from the output: leaves get rows in order met
            if edge not in row:
                if edge in self.inputs:                 # the next free row
                    row[edge] = sum(e in self.inputs for e in row)
                else:
                    node = by_name[edge]
                    ys = [place(e) for e in node.inputs if e not in self.constants]
                    row[edge] = sum(ys) / len(ys)
            return row[edge]

        place(self.output)
        start_col = {name: min(column[n] for n, _ in self._uses[name]) - 1 for name in self.inputs}
        # Column by column: each node moves to the mean of its inputs' final rows,
        # then down as far as needed to keep a row's distance from what is already there.
        for c in sorted(set(column.values())):
            taken = [row[name] for name in self.inputs if start_col[name] == c]
            todo = [n for n in self.nodes if column[n.name] == c]
            for n in todo:
                ys = [row[e] for e in n.inputs if e not in self.constants]
                row[n.name] = sum(ys) / len(ys)
            for n in sorted(todo, key=lambda n: row[n.name]):   # stable: ties keep build order
                while any(abs(row[n.name] - y) < 1 for y in taken):
                    row[n.name] = max(y for y in taken if abs(row[n.name] - y) < 1) + 1
                taken.append(row[n.name])
        centre = {n.name: (column[n.name] * _COL, row[n.name] * _ROW) for n in self.nodes}
        radius = {n.name: max(_R, _width(n.op, _OP_FONT) / 2 + 10) for n in self.nodes}
        start = {name: (start_col[name] * _COL, row[name] * _ROW) for name in self.inputs}
        return centre, radius, start

    def _wires(self):
        """Node centres and radii, every line to draw (``_Wire``), fork dots, name labels."""
        centre, radius, start = self._layout()
        wires, dots, names = [], [], []
        for edge in list(self.inputs) + [n.name for n in self.nodes]:
            if edge in self.inputs:
                source, r_src = start[edge], 0
                names.append((source[0] - 10, source[1], _label(edge), "end"))
            else:
                source, r_src = centre[edge], radius[edge]
            uses = self._uses[edge]
            if not uses:                         # the output edge
                a = (source[0] + r_src, source[1])
                b = (a[0] + _OUT_LEN, a[1])
                wires.append(_Wire(edge, a, b, None, ("edge", edge)))
                names.append((b[0] + 10, b[1], _label(edge), "start"))
            elif len(uses) == 1:
                wires.append(self._line(edge, source, r_src, uses[0][0], ("edge", edge),
                                        centre, radius))
            else:                                # a fork: trunk, dot, one branch per use
                a = (source[0] + r_src, source[1])
                near = min(centre[n][0] - radius[n] for n, _ in uses)
                fork = (a[0] + 0.45 * (near - a[0]), a[1])
                wires.append(_Wire(edge, a, fork, None, ("edge", edge), arrow=False))
                dots.append(fork)
                for name in dict.fromkeys(n for n, _ in uses):
                    slots = [s for n, s in uses if n == name]
                    target = centre[name]
                    for k, slot in enumerate(slots):
                        key = ("branch", (name, slot))
                        if len(slots) == 1:
                            wires.append(self._line(edge, fork, 0, name, key, centre, radius))
                        else:                    # several uses by one node: bend apart
                            bend = (k - (len(slots) - 1) / 2) * _BEND
                            ctrl = ((fork[0] + target[0]) / 2, fork[1] + bend)
                            b = _toward(target, ctrl, radius[name])
                            wires.append(_Wire(edge, fork, b, ctrl, key))
        for node in self.nodes:                 # constants come in from below
            for edge in node.inputs:
                if edge in self.constants:
                    x, y = centre[node.name]
                    a = (x, y + radius[node.name] + _CONST_LEN)
                    wires.append(_Wire(edge, a, (x, y + radius[node.name]), None, None))
        return centre, radius, wires, dots, names

    @staticmethod
    def _line(edge, source, r_src, target, key, centre, radius):
        """A straight wire from source to a node, or a curve around any node in its way."""
        end = centre[target]
        others = [(centre[n], radius[n]) for n in centre if centre[n] not in (source, end)]
        for bend in (0, -1.6 * _ROW, 1.6 * _ROW):
            ctrl = ((source[0] + end[0]) / 2, (source[1] + end[1]) / 2 + bend)
            a = _toward(source, ctrl if bend else end, r_src)
            b = _toward(end, ctrl if bend else source, radius[target])
            if not any(_near(a, ctrl if bend else b, b, c, r + 14) for c, r in others):
                break
        return _Wire(edge, a, b, ctrl if bend else None, key)

    def to_svg(self, active=None, values=True, grads=True, caption=True):
        """The graph as an SVG string.

        ``active``: a ``Step`` whose node is highlighted and, if ``caption``,
        explained in two lines below the graph.  ``values`` / ``grads``: draw
        the labels above / below the edges.
        """
        centre, radius, wires, dots, names = self._wires()
        svg = _Canvas()
        for w in wires:
            svg.wire(w)
        for x, y in dots:
            svg.circle(x, y, 5, fill=style.INK, stroke=style.INK)
        for node in self.nodes:
            x, y = centre[node.name]
            lit = active is not None and active.node == node.name
            svg.circle(x, y, radius[node.name], fill=style.ACTIVE if lit else "#ffffff",
                       stroke=style.INK, width=3 if lit else 2, cls="g-node", data=node.name)
            svg.text(x, y + 0.35 * _OP_FONT, node.op, size=_OP_FONT, fill=style.INK)
        for w in wires:
            mx, my, _ = w.label_point()
            if w.grad is None:                  # a constant: its value under its line
                if values:
                    svg.text(w.a[0], w.a[1] + _FONT + 2, fmt(self.values.get(w.edge)),
                             fill=style.VALUE, cls="g-value", data=w.edge, wire=w.key)
                continue
            branch = w.grad[0] == "branch"
            # Every line, each branch of a fork included, has its value above and its
            # gradient below.  On a curved branch "above" and "below" are taken at the
            # top (or bottom) of the curve, where its tangent is the chord's slope.
            if values:                          # a branch carries the value of its trunk
                text = fmt(self.values.get(w.edge))
                top, _ = w.y_range(mx, _width(text, _FONT))
                svg.text(mx, top - 7, text, fill=style.VALUE,
                         cls="g-branch-value" if branch else "g-value", data=w.edge, wire=w.key)
            if grads:
                g = self.branch_grads.get(w.grad[1]) if branch else self.grads.get(w.edge)
                text = fmt(g)
                _, bottom = w.y_range(mx, _width(text, _FONT))
                svg.text(mx, bottom + 7 + 0.75 * _FONT, text,
                         fill=style.MUTED if g is None else style.GRADIENT,
                         cls="g-branch-grad" if branch else "g-grad", data=w.edge, wire=w.key)
        for x, y, text, anchor in names:
            svg.text(x, y + 0.35 * _FONT, text, fill=style.INK, anchor=anchor, cls="g-name")
        if active is not None and caption:
            svg.caption(self.describe(active))
        return svg.render(self.title)


# --- drawing helpers ---------------------------------------------------------
_FONT = style.FONT_SIZE          # edge labels and names
_OP_FONT = style.FONT_SIZE + 4   # operation inside a node
_COL, _ROW = 200, 110            # distance between columns / rows
_R = 28                          # smallest node radius
_OUT_LEN = 120                   # the output edge
_CONST_LEN = 60                  # a constant's edge, from below
_BEND = 190                      # how far two uses of one value by one node bend apart


def _width(text, size):
    return 0.62 * size * len(text)   # a fair estimate for DejaVu Sans / Arial


def _toward(p, q, d):
    """The point at distance ``d`` from ``p`` toward ``q``."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = math.hypot(dx, dy)
    return (p[0] + dx * d / length, p[1] + dy * d / length)


def _near(a, ctrl, b, c, d):
    """Does the quadratic curve a-ctrl-b (a straight line if ctrl is b) pass within d of c?"""
    for i in range(21):
        t = i / 20
        x = (1 - t) ** 2 * a[0] + 2 * t * (1 - t) * ctrl[0] + t * t * b[0]
        y = (1 - t) ** 2 * a[1] + 2 * t * (1 - t) * ctrl[1] + t * t * b[1]
        if math.hypot(x - c[0], y - c[1]) < d:
            return True
    return False


def _num(v):
    """A coordinate with one decimal, so the text is the same on every machine."""
    text = f"{v:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _as_tuple(grads):
    return grads if isinstance(grads, tuple) else (grads,)


@dataclass
class _Wire:
    edge: str
    a: tuple
    b: tuple
    ctrl: tuple
    grad: tuple          # ("edge", name), ("branch", (node, slot)) or None for constants
    arrow: bool = True

    @property
    def key(self):
        """Names the line in the SVG (``data-wire``), so its labels can be matched to it:
        the edge name, or "edge>node.slot" for one branch of a fork."""
        if self.grad is not None and self.grad[0] == "branch":
            node, slot = self.grad[1]
            return f"{self.edge}>{node}.{slot}"
        return self.edge

    def label_point(self):
        """Where the labels go (the middle of the line) and the line's slope there."""
        (ax, ay), (bx, by) = self.a, self.b
        slope = (by - ay) / (bx - ax) if bx != ax else 0.0
        if self.ctrl is None:   # sloped lines converge on a node: label them where they are apart
            t = 0.5 if slope == 0 or self.grad[0] == "branch" else 0.4
            return ax + t * (bx - ax), ay + t * (by - ay), slope
        cx, cy = self.ctrl                  # a quadratic curve at t = 1/2
        return (ax + 2 * cx + bx) / 4, (ay + 2 * cy + by) / 4, slope


    def y_range(self, x, width):
        """The highest and lowest y of the line under a label ``width`` wide centred at ``x``.

        A straight line: its slope times half the width either side of its middle.
        A curve: sampled, because under a wide label an arch falls away on both sides,
        so a label on its inner side must sit lower (or higher) than the top.
        """
        mx, my, slope = self.label_point()
        if self.ctrl is None:
            return my - abs(slope) * width / 2, my + abs(slope) * width / 2
        ys = [my]
        for i in range(101):
            t = i / 100
            px = (1 - t) ** 2 * self.a[0] + 2 * t * (1 - t) * self.ctrl[0] + t * t * self.b[0]
            if abs(px - x) <= width / 2:
                ys.append((1 - t) ** 2 * self.a[1] + 2 * t * (1 - t) * self.ctrl[1]
                          + t * t * self.b[1])
        return min(ys), max(ys)


class _Canvas:
    """Collects SVG elements and the box they cover."""

    def __init__(self):
        self.parts = []
        self.box = [math.inf, math.inf, -math.inf, -math.inf]

    def _see(self, x0, y0, x1, y1):
        b = self.box
        self.box = [min(b[0], x0), min(b[1], y0), max(b[2], x1), max(b[3], y1)]

    def wire(self, w):
        (ax, ay), (bx, by) = w.a, w.b
        if w.ctrl is None:
            d = f"M{_num(ax)} {_num(ay)}L{_num(bx)} {_num(by)}"
            fx, fy = ax, ay
        else:
            fx, fy = w.ctrl
            d = f"M{_num(ax)} {_num(ay)}Q{_num(fx)} {_num(fy)} {_num(bx)} {_num(by)}"
        self.parts.append(f'<path d="{d}" fill="none" stroke="{style.INK}" stroke-width="2" '
                          f'data-wire={quoteattr(w.key)}/>')
        self._see(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
        if w.arrow:                         # a filled triangle with its tip at b
            ux, uy = _toward((bx, by), (fx, fy), 1)
            ux, uy = ux - bx, uy - by
            base = (bx + 12 * ux, by + 12 * uy)
            corners = [(bx, by), (base[0] - 6 * uy, base[1] + 6 * ux),
                       (base[0] + 6 * uy, base[1] - 6 * ux)]
            pts = " ".join(f"{_num(x)},{_num(y)}" for x, y in corners)
            self.parts.append(f'<polygon points="{pts}" fill="{style.INK}"/>')

    def circle(self, x, y, r, fill, stroke, width=2, cls=None, data=None):
        extra = (f' class="{cls}"' if cls else "") + (f" data-node={quoteattr(data)}" if data else "")
        self.parts.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}" fill="{fill}" '
                          f'stroke="{stroke}" stroke-width="{width}"{extra}/>')
        self._see(x - r, y - r, x + r, y + r)

    def text(self, x, y, text, fill, size=_FONT, anchor="middle", cls=None, data=None, wire=None):
        extra = (f' class="{cls}"' if cls else "") + (f" data-edge={quoteattr(data)}" if data else "")
        extra += f" data-wire={quoteattr(wire)}" if wire else ""
        size_attr = "" if size == _FONT else f' font-size="{size}"'
        self.parts.append(f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" '
                          f'fill="{fill}"{size_attr}{extra}>{escape(text)}</text>')
        w = _width(text, size)
        x0 = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
        self._see(x0, y - 0.8 * size, x0 + w, y + 0.25 * size)

    def caption(self, lines):
        x, y = self.box[0], self.box[3] + 1.6 * _FONT
        for line in lines:
            self.text(x, y, line, fill=style.INK, anchor="start", cls="g-caption")
            y += 1.4 * _FONT

    def render(self, title):
        pad = 12
        x0, y0 = math.floor(self.box[0] - pad), math.floor(self.box[1] - pad)
        w, h = math.ceil(self.box[2] + pad) - x0, math.ceil(self.box[3] + pad) - y0
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x0} {y0} {w} {h}" '
                f'width="{w}" height="{h}" style="max-width:100%;height:auto" '
                f'font-family="{style.FONT_FAMILY}" font-size="{_FONT}" role="img">')
        body = "\n".join(self.parts)
        return f"{head}\n<title>{escape(title)}</title>\n{body}\n</svg>\n"


# --- the live explorer -------------------------------------------------------
class GraphExplorer:
    """Sliders for the inputs and ``dout``, Step / Reset / Run all, and the live graph.

    Display it as the last expression of a cell.  ``controls`` maps input
    names (and "dout") to sliders; ``view`` holds the SVG; ``readout`` says
    what the last step did.
    """

    def __init__(self, graph):
        import ipywidgets as w   # here, so drawing figures needs no widget library
        self.graph = graph
        if not graph.values:
            graph.forward()
        wide = {"style": {"description_width": "11em"}, "layout": w.Layout(width="34em")}
        self.controls = {}
        for name, inp in graph.inputs.items():
            decimals = max(0, -math.floor(math.log10(inp.step))) if inp.step < 1 else 0
            self.controls[name] = w.FloatSlider(
                value=graph.values[name], min=inp.low, max=inp.high, step=inp.step,
                description=_label(name), readout_format=f".{decimals}f", **wide)
        self.controls["dout"] = w.FloatSlider(
            value=graph.dout, min=-3.0, max=3.0, step=0.1, readout_format=".1f",
            description=f"upstream dL/d{_label(graph.output)}", **wide)
        self.main = next(iter(self.controls.values())).add_class("bp-main")
        self.step_button = w.Button(description="Step", icon="step-backward").add_class("bp-step")
        self.reset_button = w.Button(description="Reset").add_class("bp-reset")
        self.run_button = w.Button(description="Run all").add_class("bp-run-all")
        self.view = w.HTML().add_class("bp-plot")
        self.readout = w.HTML().add_class("bp-readout")
        self.widget = w.VBox([
            w.VBox(list(self.controls.values())),
            w.HBox([self.step_button, self.reset_button, self.run_button]),
            self.view, self.readout,
        ]).add_class("bp-explorer")
        self.active = None          # the step shown highlighted, if any
        for name, slider in self.controls.items():
            slider.observe(lambda change, name=name: self._on_slider(name, change["new"]),
                           names="value")
        self.step_button.on_click(self._on_step)
        self.reset_button.on_click(self._on_reset)
        self.run_button.on_click(self._on_run_all)
        self._render()

    def _on_slider(self, name, value):
        g = self.graph
        was_done = g.done
        if name == "dout":
            g.dout = float(value)
            g.reset_backward()
        else:
            g.forward(**{name: value})      # also resets the backward pass
        if was_done:                        # keep a finished pass finished, with new numbers
            g.backward()
            self.active = g.steps[-1] if self.active is not None else None
        else:                               # mid-way: old gradients are stale, start over
            self.active = None
        self._render()

    def _on_step(self, _button=None):
        if not self.graph.done:
            self.active = self.graph.step()
            self._render()

    def _on_reset(self, _button=None):
        self.graph.reset_backward()
        self.active = None
        self._render()

    def _on_run_all(self, _button=None):
        self.graph.backward()
        self.active = None
        self._render()

    def _render(self):
        g = self.graph
        # one assignment, one message; the step is explained in the readout below
        self.view.value = g.to_svg(active=self.active, caption=False)
        lines = [f"Forward pass: {_label(g.output)} = {fmt(g.values[g.output])}."]
        if self.active is not None:
            lines.extend(g.describe(self.active))
        if g.done:
            found = ", ".join(f"dL/d{_label(n)} = {fmt(g.grads[n])}" for n in g.inputs)
            lines.append(f"Backward pass complete: {found}.")
        elif not g.steps:
            lines.append("Press Step to send the gradient back one node at a time, or Run all.")
        self.readout.value = (f'<div style="font-size:{_FONT}px;line-height:1.45">'
                              + "<br>".join(escape(line) for line in lines) + "</div>")
        self.step_button.disabled = g.done

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        # a fixed text, so stored notebooks compare equal under strict nbval
        bundle["text/plain"] = (f"Graph explorer: {self.graph.title} "
                                "(run the cell in Jupyter to use it)")
        return bundle


# --- the graphs of the chapter -------------------------------------------------
def apple_graph():
    """Two apples at 100 each, then a 10 % tax: 100 * 2 * 1.1 = 220."""
    g = Graph("apple shopping")
    g.input("apple", 100, 0, 300, 1)
    g.input("apple_num", 2, 0, 10, 1)
    g.input("tax", 1.1, 0.5, 2.0, 0.01)
    g.node("×", layers.MulLayer(), ["apple", "apple_num"], "apple_price")
    g.node("×", layers.MulLayer(), ["apple_price", "tax"], "price")
    g.forward()
    return g


def apples_oranges_graph():
    """(100 * 2 + 150 * 3) * 1.1 = 715."""
    g = Graph("apples and oranges")
    g.input("apple", 100, 0, 300, 1)
    g.input("apple_num", 2, 0, 10, 1)
    g.input("orange", 150, 0, 300, 1)
    g.input("orange_num", 3, 0, 10, 1)
    g.input("tax", 1.1, 0.5, 2.0, 0.01)
    g.node("×", layers.MulLayer(), ["apple", "apple_num"], "apple_price")
    g.node("×", layers.MulLayer(), ["orange", "orange_num"], "orange_price")
    g.node("+", layers.AddLayer(), ["apple_price", "orange_price"], "all_price")
    g.node("×", layers.MulLayer(), ["all_price", "tax"], "price")
    g.forward()
    return g


def chain_rule_graph():
    """z = t ** 2 with t = x + y, so dz/dx = dz/dy = 2 (x + y)."""
    g = Graph("chain rule")
    g.input("x", 1.0, -3.0, 3.0, 0.1)
    g.input("y", 2.0, -3.0, 3.0, 0.1)
    g.node("+", layers.AddLayer(), ["x", "y"], "t")
    g.node("**2", layers.SquareLayer(), ["t"], "z")
    g.forward()
    return g


def sigmoid_graph():
    """y = 1 / (1 + exp(-x)) as four nodes: ×(-1), exp, +1, /."""
    g = Graph("sigmoid, node by node")
    g.input("x", 1.0, -6.0, 6.0, 0.1)
    g.constant("minus_one", -1)
    g.constant("one", 1)
    g.node("×", layers.MulLayer(), ["x", "minus_one"], "-x")
    g.node("exp", layers.ExpLayer(), ["-x"], "exp(-x)")
    g.node("+", layers.AddLayer(), ["exp(-x)", "one"], "1+exp(-x)")
    g.node("/", layers.ReciprocalLayer(), ["1+exp(-x)"], "y")
    g.forward()
    return g


def sigmoid_grouped_graph():
    """The same function as one "sigmoid" node (layers.Sigmoid)."""
    g = Graph("sigmoid, one node")
    g.input("x", 1.0, -6.0, 6.0, 0.1)
    g.node("sigmoid", layers.Sigmoid(), ["x"], "y")
    g.forward()
    return g


def fanout_graph():
    """z = x * x: x feeds both inputs of one node, so its gradient is the sum, 2x * dout.

    The upstream gradient starts at 2, not 1: with dout = 1 each branch's
    gradient dout * x would equal the value x, and the drawing could not show
    which number is which.  With x = 3 the labels are x = 3, z = 9, dout = 2,
    6 on each branch and 12 before the fork.
    """
    g = Graph("fan-out")
    g.dout = 2.0
    g.input("x", 3.0, -5.0, 5.0, 0.1)
    g.node("×", layers.MulLayer(), ["x", "x"], "z")
    g.forward()
    return g


def save_figures(folder):
    """Write the static figures of the series into ``folder``; returns the paths."""
    figures = {}
    g = apple_graph()
    figures["apple_forward.svg"] = g.to_svg(grads=False)
    g.backward()
    figures["apple_backward.svg"] = g.to_svg()
    g = apples_oranges_graph()
    g.backward()
    figures["apples_oranges_backward.svg"] = g.to_svg()
    g = chain_rule_graph()
    g.backward()
    figures["chain_rule.svg"] = g.to_svg()
    g = sigmoid_graph()
    g.backward()
    figures["sigmoid_graph.svg"] = g.to_svg()
    g.reset_backward()
    while not g.done:
        step = g.step()
        figures[f"sigmoid_step_{step.number}.svg"] = g.to_svg(active=step)
    g = sigmoid_grouped_graph()
    g.backward()
    figures["sigmoid_grouped.svg"] = g.to_svg()
    g = fanout_graph()
    g.backward()
    figures["fanout.svg"] = g.to_svg()
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in figures.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
