"""A computational graph (``graph.Graph``) drawn as one SVG string.

Design choices
--------------
* **Our own SVG.**  No graphviz program to install, and the same graph with
  the same numbers gives byte-identical output (the layout depends only on the
  order the graph was built in; coordinates are rounded).  A slider change
  replaces that one string in one widget: one message to the browser, no image
  to encode.
* **Layout, left to right.**  A node's column is one more than the column of
  its deepest input.  Rows follow the inputs in the order a walk back from the
  output meets them, and each node sits at the mean height of its inputs, like
  a family tree lying on its side.  Constants (the -1 and 1 of the sigmoid
  graph) come in from below their node and have no slider.
* **Labels.**  The forward value sits above each line (``style.VALUE``), the
  gradient below it (``style.GRADIENT``).  A gradient not yet computed shows
  "?" (``style.MUTED``).  Every number is written by ``style.fmt``.
* **Fan-out.**  When one value feeds several places, its edge splits at a dot
  into one branch per use.  Each branch shows the value it carries above it
  and the gradient its path sends back below it; the line before the dot
  shows the value and the sum of those gradients ("?" until every path has
  reported back).  A line that would cross a node bends around it; so does a
  line named in ``graph.curved`` (a set of wire keys, see ``_Wire.key``) whose
  labels would otherwise sit against a node it passes close to.  An inner line
  whose edge is in ``graph.named`` shows its name beside its value (``c = 6``).
* **Changes.**  ``changed`` (a set of edges, for an explorer that marks what
  the last slider move reached) draws those lines in ``style.ACTIVE``, thicker,
  with their values in bold and the class ``g-changed``.

Browser tests and the figure tests find things by their attributes:
``g-node`` circles carry ``data-node`` (the node's output edge); every line
carries ``data-wire`` (``_Wire.key``), and its labels the same ``data-wire``
plus ``data-edge`` and a class (``g-value``, ``g-grad``, ``g-branch-value``,
``g-branch-grad``); ``g-name`` and ``g-caption`` mark names and captions.
"""

import math
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from teaching import expressions, style
from teaching.style import fmt, label

__all__ = ["to_svg"]

_FONT = style.FONT_SIZE          # edge labels and names
_OP_FONT = style.FONT_SIZE + 4   # operation inside a node
_COL, _ROW = 200, 110            # distance between columns / rows
_R = 28                          # smallest node radius
_OUT_LEN = 120                   # the output edge
_CONST_LEN = 60                  # a constant's edge, from below
_BEND = 190                      # how far two uses of one value by one node bend apart


def to_svg(graph, active=None, values=True, grads=True, caption=True, labels="numbers",
           changed=(), changed_grads=()):
    """The graph as an SVG string.

    ``active``: a ``Step`` whose node is highlighted and, if ``caption``,
    explained in two lines below the graph (or the output edge of a node to
    highlight, with no caption).  ``values`` / ``grads``: draw the labels
    above / below the lines.  ``labels``: "numbers", or "expressions" for
    the formulas of ``expressions.labels`` (dL/dy, -dL/dy·y², ...).
    ``changed``: edges whose lines and values are marked as changed.
    ``changed_grads``: edges (and fork branches, by their ``branch_grads`` key) whose
    gradient labels are marked as changed.
    """
    if labels not in ("numbers", "expressions"):
        raise ValueError(f'labels must be "numbers" or "expressions", not {labels!r}')
    if labels == "expressions":
        value_text, grad_text, branch_text = expressions.labels(graph)
    else:
        value_text = {e: fmt(v) for e, v in graph.values.items()}
        grad_text = {e: fmt(g) for e, g in graph.grads.items()}
        branch_text = {k: fmt(g) for k, g in graph.branch_grads.items()}
    lit_node = active if isinstance(active, str) else getattr(active, "node", None)
    centre, radius, wires, dots, names = _wires(graph)
    named = set(getattr(graph, "named", ()))   # inner lines to name beside their value
    svg = _Canvas()
    for w in wires:
        svg.wire(w, marked=w.edge in changed)
    for x, y in dots:
        svg.circle(x, y, 5, fill=style.INK, stroke=style.INK)
    for node in graph.nodes:
        x, y = centre[node.output]
        lit = lit_node == node.output
        svg.circle(x, y, radius[node.output], fill=style.ACTIVE if lit else "#ffffff",
                   stroke=style.INK, width=3 if lit else 2, cls="g-node", data=node.output)
        svg.text(x, y + 0.35 * _OP_FONT, node.op, size=_OP_FONT, fill=style.INK)
    for w in wires:
        mx, my, _ = w.label_point()
        if w.constant:                      # a constant: its value under its line
            if values:
                svg.text(w.a[0], w.a[1] + _FONT + 2, value_text.get(w.edge, "?"),
                         fill=style.VALUE, cls="g-value", data=w.edge, wire=w.key)
            continue
        branch = w.branch is not None
        # Every line, each branch of a fork included, has its value above and its
        # gradient below.  On a curved branch "above" and "below" are taken at the
        # top (or bottom) of the curve, where its tangent is the chord's slope.
        if values:                          # a branch carries the value of its trunk
            text = value_text.get(w.edge, "?")
            if w.edge in named and not branch:      # an inner line named on request
                text = f"{label(w.edge)} = {text}"
            top, _ = w.y_range(mx, _width(text, _FONT))
            cls = "g-branch-value" if branch else "g-value"
            svg.text(mx, top - 7, text, fill=style.VALUE, data=w.edge, wire=w.key,
                     cls=cls + " g-changed" if w.edge in changed else cls,
                     bold=w.edge in changed)
        if grads:
            g = graph.branch_grads.get(w.branch) if branch else graph.grads.get(w.edge)
            text = "?" if g is None else (branch_text[w.branch] if branch else grad_text[w.edge])
            _, bottom = w.y_range(mx, _width(text, _FONT))
            moved = (w.branch if branch else w.edge) in changed_grads
            cls = "g-branch-grad" if branch else "g-grad"
            svg.text(mx, bottom + 7 + 0.75 * _FONT, text,
                     fill=style.MUTED if g is None else style.GRADIENT,
                     cls=cls + " g-changed" if moved else cls, data=w.edge, wire=w.key,
                     bold=moved)
    for x, y, text, anchor in names:
        svg.text(x, y + 0.35 * _FONT, text, fill=style.INK, anchor=anchor, cls="g-name")
    if active is not None and not isinstance(active, str) and caption:
        svg.caption(graph.describe(active))
    return svg.render(graph.title)


# --- layout ---------------------------------------------------------------------
def _layout(graph):
    """Node centres and radii, and where each input's line starts, from the build order only."""
    column = {}
    for node in graph.nodes:
        column[node.output] = 1 + max(column.get(e, 0) for e in node.inputs
                                      if e not in graph.constants)
    row = {}
    by_output = {n.output: n for n in graph.nodes}

    def place(edge):       # a walk back from the output: leaves get rows in order met
        if edge not in row:
            if edge in graph.inputs:                 # the next free row
                row[edge] = sum(e in graph.inputs for e in row)
            else:
                node = by_output[edge]
                ys = [place(e) for e in node.inputs if e not in graph.constants]
                row[edge] = sum(ys) / len(ys)
        return row[edge]

    place(graph.output)
    start_col = {name: min(column[n] for n, _ in graph.uses[name]) - 1 for name in graph.inputs}
    # Column by column: each node moves to the mean of its inputs' final rows,
    # then down as far as needed to keep a row's distance from what is already there.
    for c in sorted(set(column.values())):
        taken = [row[name] for name in graph.inputs if start_col[name] == c]
        todo = [n for n in graph.nodes if column[n.output] == c]
        for n in todo:
            ys = [row[e] for e in n.inputs if e not in graph.constants]
            row[n.output] = sum(ys) / len(ys)
        for n in sorted(todo, key=lambda n: row[n.output]):   # stable: ties keep build order
            while any(abs(row[n.output] - y) < 1 for y in taken):
                row[n.output] = max(y for y in taken if abs(row[n.output] - y) < 1) + 1
            taken.append(row[n.output])
    centre = {n.output: (column[n.output] * _COL, row[n.output] * _ROW) for n in graph.nodes}
    radius = {n.output: max(_R, _width(n.op, _OP_FONT) / 2 + 10) for n in graph.nodes}
    start = {name: (start_col[name] * _COL, row[name] * _ROW) for name in graph.inputs}
    return centre, radius, start


@dataclass
class _Wire:
    """One line of the drawing, from ``a`` to ``b`` (a quadratic curve if ``ctrl`` is set).

    ``branch`` is (node output, input slot) for one branch of a fork, None for a
    whole edge; ``constant`` marks a constant's short line (a value, no gradient).
    """
    edge: str
    a: tuple
    b: tuple
    ctrl: tuple = None
    branch: tuple = None
    constant: bool = False
    arrow: bool = True

    @property
    def key(self):
        """Names the line in the SVG (``data-wire``), so its labels can be matched to it:
        the edge name, or "edge>node.slot" for one branch of a fork."""
        if self.branch is not None:
            node, slot = self.branch
            return f"{self.edge}>{node}.{slot}"
        return self.edge

    def label_point(self):
        """Where the labels go (the middle of the line) and the line's slope there."""
        (ax, ay), (bx, by) = self.a, self.b
        slope = (by - ay) / (bx - ax) if bx != ax else 0.0
        if self.ctrl is None:   # sloped lines converge on a node: label them where they are apart
            t = 0.5 if slope == 0 or self.branch is not None else 0.4
            return ax + t * (bx - ax), ay + t * (by - ay), slope
        return (*_bezier(self.a, self.ctrl, self.b, 0.5), slope)   # the curve's middle

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
            px, py = _bezier(self.a, self.ctrl, self.b, i / 100)
            if abs(px - x) <= width / 2:
                ys.append(py)
        return min(ys), max(ys)


def _wires(graph):
    """Node centres and radii, every line to draw (``_Wire``), fork dots, name labels."""
    centre, radius, start = _layout(graph)
    wires, dots, names = [], [], []
    curved = getattr(graph, "curved", set())

    def line(edge, source, r_src, target, branch):
        key = _Wire(edge, None, None, branch=branch).key
        return _line(edge, source, r_src, target, branch, centre, radius, key in curved)
    for edge in list(graph.inputs) + [n.output for n in graph.nodes]:
        if edge in graph.inputs:
            source, r_src = start[edge], 0
            names.append((source[0] - 10, source[1], label(edge), "end"))
        else:
            source, r_src = centre[edge], radius[edge]
        uses = graph.uses[edge]
        if not uses:                         # the output edge
            a = (source[0] + r_src, source[1])
            b = (a[0] + _OUT_LEN, a[1])
            wires.append(_Wire(edge, a, b))
            names.append((b[0] + 10, b[1], label(edge), "start"))
        elif len(uses) == 1:
            wires.append(line(edge, source, r_src, uses[0][0], None))
        else:                                # a fork: trunk, dot, one branch per use
            a = (source[0] + r_src, source[1])
            near = min(centre[n][0] - radius[n] for n, _ in uses)
            fork = (a[0] + 0.45 * (near - a[0]), a[1])
            wires.append(_Wire(edge, a, fork, arrow=False))
            dots.append(fork)
            for name in dict.fromkeys(n for n, _ in uses):
                slots = [s for n, s in uses if n == name]
                target = centre[name]
                for k, slot in enumerate(slots):
                    if len(slots) == 1:
                        wires.append(line(edge, fork, 0, name, (name, slot)))
                    else:                    # several uses by one node: bend apart
                        bend = (k - (len(slots) - 1) / 2) * _BEND
                        ctrl = ((fork[0] + target[0]) / 2, fork[1] + bend)
                        b = _toward(target, ctrl, radius[name])
                        wires.append(_Wire(edge, fork, b, ctrl, branch=(name, slot)))
    for node in graph.nodes:                 # constants come in from below
        for edge in node.inputs:
            if edge in graph.constants:
                x, y = centre[node.output]
                a = (x, y + radius[node.output] + _CONST_LEN)
                wires.append(_Wire(edge, a, (x, y + radius[node.output]), constant=True))
    unknown = set(curved) - {w.key for w in wires}
    if unknown:
        raise ValueError(f"graph.curved names no line of this graph: {sorted(unknown)}; its "
                         f"lines are {sorted(w.key for w in wires)}.")
    return centre, radius, wires, dots, names


def _line(edge, source, r_src, target, branch, centre, radius, curved=False):
    """A straight wire from source to a node, or a curve around any node in its way
    (``curved``: a curve even if the straight line would miss every node)."""
    end = centre[target]
    others = [(centre[n], radius[n]) for n in centre if centre[n] not in (source, end)]
    for bend in (-1.6 * _ROW, 1.6 * _ROW) if curved else (0, -1.6 * _ROW, 1.6 * _ROW):
        ctrl = ((source[0] + end[0]) / 2, (source[1] + end[1]) / 2 + bend)
        a = _toward(source, ctrl if bend else end, r_src)
        b = _toward(end, ctrl if bend else source, radius[target])
        if not any(_near(a, ctrl if bend else b, b, c, r + 14) for c, r in others):
            break
    return _Wire(edge, a, b, ctrl if bend else None, branch=branch)


# --- geometry -----------------------------------------------------------------------
def _width(text, size):
    return 0.62 * size * len(text)   # a fair estimate for DejaVu Sans / Arial


def _toward(p, q, d):
    """The point at distance ``d`` from ``p`` toward ``q``."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = math.hypot(dx, dy)
    return (p[0] + dx * d / length, p[1] + dy * d / length)


def _bezier(a, ctrl, b, t):
    """The point at ``t`` (0 to 1) on the quadratic curve a-ctrl-b (a straight line
    if ctrl is b)."""
    return ((1 - t) ** 2 * a[0] + 2 * t * (1 - t) * ctrl[0] + t * t * b[0],
            (1 - t) ** 2 * a[1] + 2 * t * (1 - t) * ctrl[1] + t * t * b[1])


def _near(a, ctrl, b, c, d):
    """Does the quadratic curve a-ctrl-b pass within ``d`` of the point ``c``?"""
    for i in range(21):
        x, y = _bezier(a, ctrl, b, i / 20)
        if math.hypot(x - c[0], y - c[1]) < d:
            return True
    return False


def _num(v):
    """A coordinate with one decimal, so the text is the same on every machine."""
    text = f"{v:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Canvas:
    """Collects SVG elements and the box they cover."""

    def __init__(self):
        self.parts = []
        self.box = [math.inf, math.inf, -math.inf, -math.inf]

    def _see(self, x0, y0, x1, y1):
        b = self.box
        self.box = [min(b[0], x0), min(b[1], y0), max(b[2], x1), max(b[3], y1)]

    def wire(self, w, marked=False):
        (ax, ay), (bx, by) = w.a, w.b
        ink, width = (style.ACTIVE, 4) if marked else (style.INK, 2)
        if w.ctrl is None:
            d = f"M{_num(ax)} {_num(ay)}L{_num(bx)} {_num(by)}"
            fx, fy = ax, ay
        else:
            fx, fy = w.ctrl
            d = f"M{_num(ax)} {_num(ay)}Q{_num(fx)} {_num(fy)} {_num(bx)} {_num(by)}"
        self.parts.append(f'<path d="{d}" fill="none" stroke="{ink}" stroke-width="{width}" '
                          f'data-wire={quoteattr(w.key)}/>')
        self._see(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
        if w.arrow:                         # a filled triangle with its tip at b
            ux, uy = _toward((bx, by), (fx, fy), 1)
            ux, uy = ux - bx, uy - by
            base = (bx + 12 * ux, by + 12 * uy)
            corners = [(bx, by), (base[0] - 6 * uy, base[1] + 6 * ux),
                       (base[0] + 6 * uy, base[1] - 6 * ux)]
            pts = " ".join(f"{_num(x)},{_num(y)}" for x, y in corners)
            self.parts.append(f'<polygon points="{pts}" fill="{ink}"/>')

    def circle(self, x, y, r, fill, stroke, width=2, cls=None, data=None):
        extra = (f' class="{cls}"' if cls else "")
        extra += f" data-node={quoteattr(data)}" if data else ""
        self.parts.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}" fill="{fill}" '
                          f'stroke="{stroke}" stroke-width="{width}"{extra}/>')
        self._see(x - r, y - r, x + r, y + r)

    def text(self, x, y, text, fill, size=_FONT, anchor="middle", cls=None, data=None, wire=None,
             bold=False):
        extra = (f' class="{cls}"' if cls else "")
        extra += f" data-edge={quoteattr(data)}" if data else ""
        extra += f" data-wire={quoteattr(wire)}" if wire else ""
        size_attr = "" if size == _FONT else f' font-size="{size}"'
        size_attr += ' font-weight="bold"' if bold else ""
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
