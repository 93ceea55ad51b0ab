"""Why one backward pass is cheap: three ways to get every gradient of a graph, counted.

Every gradient is a sum over paths of products of local derivatives (chapter 03).
Three ways to compute those sums, each written plainly below:

* ``by_paths``: list every path from each input to the output and multiply
  the local derivatives along it;
* ``by_forward_mode``: one forward pass per input, carrying d(value)/d(that input)
  from left to right;
* ``by_backward``: one sweep from right to left; the gradient reaching an edge
  is computed once and reused by everything behind it (reverse accumulation).

All three run on a ``graph.Graph`` of real layers, take each node's local
derivatives from ``layer.backward(1.0)``, and do every chain-rule step through a
``Tally``, which counts the multiplications.  A step across an add node's edge only
copies (its local derivative is 1), so it is no multiplication and not counted: one
convention for every count in chapter 03.  The counts shown there are these tallies,
measured, never a formula (the tests check them against formulas).

``print_tallies``: each method's count on the shop, and how often the sweep reuses the
gradient reaching one edge, computed once;
``diamond_chain(k)``: k diamonds in a row, 2**k paths from x to the output;
``PathCountExplorer``: a slider for k, the chain drawn above a plot of the three methods'
counts per diamond, measured for 1 to k diamonds (the lines grow as the slider moves).
"""

import functools
import html
import math

import ipywidgets as ipw

import layers
from teaching import style
from teaching.explorer import Explorer
from teaching.graph import Graph
from teaching.style import fmt

__all__ = [
    "PathCountExplorer",
    "Tally",
    "by_backward",
    "by_forward_mode",
    "by_paths",
    "chain_svg",
    "counts",
    "diamond_chain",
    "n_paths",
    "paths_of",
    "print_tallies",
]


class Tally:
    """Counts chain-rule multiplications, in total and per edge of the graph; a step across
    one of the edges in ``copies`` (into an add node: local derivative 1) only copies."""

    def __init__(self, copies=()):
        self.count = 0
        self.copies = frozenset(copies)
        self.per_edge = {}      # (node output, input slot) -> how many multiplications used it

    def mul(self, a, b, edge):
        if edge not in self.copies:     # (something) x 1 is a copy, not a multiplication
            self.count += 1
            self.per_edge[edge] = self.per_edge.get(edge, 0) + 1
        return a * b


def _tally(graph):
    """A Tally that treats the edges into add nodes as copies."""
    return Tally((node.output, slot) for node in graph.nodes if node.op == "+"
                 for slot in range(len(node.inputs)))


def _local_derivatives(graph):
    """(node output, slot) -> d node / d input, from each layer's own backward(1.0)."""
    if not graph.values:
        graph.forward()
    local = {}
    for node in graph.nodes:
        grads = node.layer.backward(1.0)
        grads = grads if isinstance(grads, tuple) else (grads,)
        for slot, g in enumerate(grads):
            local[(node.output, slot)] = g
    return local


def paths_of(graph, name):
    """Every path from input ``name`` to the output, each a list of its steps
    (node output, input slot, local derivative), listed from the output back."""
    local = _local_derivatives(graph)

    def paths_from(edge):
        if edge == graph.output:
            yield []
            return
        for use in graph.uses[edge]:
            for rest in paths_from(use[0]):
                yield [use, *rest]

    return [[(out, slot, local[(out, slot)]) for out, slot in reversed(path)]
            for path in paths_from(name)]


def print_tallies(graph, edge, loops=None):
    """How often each method multiplies on ``graph``, and how the sweep reuses the gradient
    that reaches ``edge`` = (from, into): computed once, then read by every multiplication
    behind it (through the copies of + nodes); then the forward pass's count (one per × node)
    and what forward mode (all its passes) and the sweep, each with the forward pass, cost in
    forward passes.  Raises if
    the three methods' gradients differ, or if ``loops`` ({method: (gradients,
    multiplications)}, the chapter's own loops) differ from the method of that name."""
    source, into = edge
    slot = next(node.inputs.index(source) for node in graph.nodes if node.output == into)
    steps = []
    by_backward(graph, steps)
    carries, reads, computed = {source}, 0, None    # edges whose gradient is that one, copied
    for node, i, upstream, local, share in steps:
        if node.op == "+":
            carries |= {node.inputs[i]} if node.output in carries else set()
        elif (node.output, i) == (into, slot):
            computed = share
        elif node.output in carries:
            reads += 1
    print(f"the sweep computes d{source} = {fmt(computed)} once; {reads} multiplications "
          "behind it reuse it")
    c = _agreed_counts(graph)
    loops = loops or {}
    for method, (grads, count) in loops.items():
        want = c["grads"][method]
        if count != c["multiplications"][method] or not all(
                math.isclose(grads[name], want[name]) for name in want):
            raise AssertionError(f"the loop of {method} differs from paths' {method}")
    for method, tally in c["tallies"].items():
        on_edge = tally.per_edge.get((into, slot), 0)
        same = " (the loop above counts the same)" if method in loops else ""
        print(f"{method:15s}: {tally.count:2d} multiplications, {on_edge} of them across "
              f"{source} -> {into}{same}")
    fwd, m = c["forward_products"], c["multiplications"]
    sweep, tangents = m["backward sweep"], m["forward mode"]
    print(f"{'forward pass':15s}: {fwd:2d} multiplications (one per × node)")
    print(f"with the forward pass, in forward passes: forward mode ({fwd} + {tangents}) / {fwd} "
          f"= {(fwd + tangents) / fwd:.2g}; sweep ({fwd} + {sweep}) / {fwd} = "
          f"{(fwd + sweep) / fwd:.2g}, for all gradients")


def _agreed_counts(graph):
    """``counts(graph)``, after checking that the three methods give the same gradients."""
    c = counts(graph)
    want = c["grads"]["backward sweep"]
    if not all(math.isclose(grads[name], want[name]) for grads in c["grads"].values()
               for name in want):
        raise AssertionError("the three methods give different gradients")
    return c


def n_paths(graph, name):
    """How many paths lead from edge ``name`` to the output (counted on the graph, one
    node at a time from the right, so even 2**20 paths take no time)."""
    count = {graph.output: 1}
    for node in reversed(graph.nodes):
        for edge in node.inputs:
            count[edge] = count.get(edge, 0) + count[node.output]
    return count[name]


def by_paths(graph):
    """Gradients of the output with respect to every input, path by path: ({input: grad}, Tally)."""
    tally = _tally(graph)
    grads = {}
    for name in graph.inputs:
        total = 0.0
        for path in paths_of(graph, name):
            product = 1.0
            for out, slot, local in path:   # from the output back to the input
                product = tally.mul(product, local, (out, slot))
            total += product                # paths add (the fork rule)
        grads[name] = total
    return grads, tally


def _forward_pass(graph, name, local, tally):
    """One forward-mode pass for input ``name``: {edge: d(edge)/d(name)}, left to right."""
    tangent = dict.fromkeys(graph.edges, 0.0)
    tangent[name] = 1.0
    for node in graph.nodes:                # a pass visits every edge, zero or not
        tangent[node.output] = sum(tally.mul(local[(node.output, slot)], tangent[edge],
                                             (node.output, slot))
                                   for slot, edge in enumerate(node.inputs))
    return tangent


def by_forward_mode(graph):
    """One pass from left to right per input, carrying d(edge)/d(input): ({input: grad}, Tally)."""
    local, tally = _local_derivatives(graph), _tally(graph)
    grads = {name: _forward_pass(graph, name, local, tally)[graph.output]
             for name in graph.inputs}
    return grads, tally


def by_backward(graph, steps=None):
    """One sweep from right to left (reverse accumulation): ({input: grad}, Tally).  A list
    ``steps`` gets each step: (node, input slot, upstream gradient, local derivative, share)."""
    local, tally = _local_derivatives(graph), _tally(graph)
    grad = dict.fromkeys(graph.edges, 0.0)
    grad[graph.output] = 1.0
    for node in reversed(graph.nodes):      # grad[node.output] is complete here: computed once
        for slot, edge in enumerate(node.inputs):
            d = local[(node.output, slot)]
            share = tally.mul(grad[node.output], d, (node.output, slot))
            grad[edge] += share
            if steps is not None:
                steps.append((node, slot, grad[node.output], d, share))
    return {name: grad[name] for name in graph.inputs}, tally


METHODS = {"listing paths": by_paths, "forward mode": by_forward_mode,
           "backward sweep": by_backward}

P, Q = 0.6, 0.5     # each diamond multiplies x by p + q = 1.1


def diamond_chain(k):
    """k diamonds in a row: x_i = p_i * x_{i-1} + x_{i-1} * q_i, with x_0 = x.

    x reaches the output along 2**k paths; the inputs are x and every p_i, q_i.  The
    upper node takes (p_i, x_{i-1}) and the lower (x_{i-1}, q_i), so the drawing puts
    p_i above the fork and q_i below it, and no line crosses another.
    """
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"diamond_chain needs a whole number k >= 1 of diamonds, got {k!r}")
    g = Graph(f"{k} diamond{'s' if k > 1 else ''} in a row")
    prev = g.input("x", 1.0, -2.0, 2.0)
    for i in range(1, k + 1):
        p, q = g.input(f"p{i}", P, -2.0, 2.0), g.input(f"q{i}", Q, -2.0, 2.0)
        a = g.node("×", layers.MulLayer(), (p, prev), f"a{i}")
        b = g.node("×", layers.MulLayer(), (prev, q), f"b{i}")
        prev = g.node("+", layers.AddLayer(), (a, b), f"x{i}")
    g.forward()
    return g


def counts(graph):
    """The three methods on ``graph``: their multiplication counts and gradients, and the
    numbers of inputs, edges and forward multiplications (one per × node)."""
    found = {name: method(graph) for name, method in METHODS.items()}
    mults = {name: tally.count for name, (_, tally) in found.items()}
    grads = {name: g for name, (g, _) in found.items()}
    return {
        "multiplications": mults,
        "grads": grads,
        "tallies": {name: tally for name, (_, tally) in found.items()},
        "inputs": len(graph.inputs),
        "edges": sum(len(node.inputs) for node in graph.nodes),
        "forward_products": sum(node.op == "×" for node in graph.nodes),
    }


# ---------------------------------------------------------------------------
# The explorer: a slider for k; the chain drawn small above a plot of measured counts
# ---------------------------------------------------------------------------

K_RANGE = (1, 10)
_COLOURS = {"listing paths": "#6a1b9a", "forward mode": "#1565c0",
            "backward sweep": style.GRADIENT}
# the plot's frame: k = 1..10 left to right, 0 to 100 multiplications per diamond bottom to
# top (linear growth is flat), fixed so that moving the slider draws the lines on
_LEFT, _RIGHT, _TOP, _BOTTOM = 110, 640, 190, 470
_PER_K_MAX = 100        # the plot's top: multiplications per diamond


def _at(k, count):
    """(x, y) of a count at k on the plot, which shows count / k on a linear axis (a count
    that grows linearly stays flat); above the top, y is just above it."""
    x = _LEFT + (k - K_RANGE[0]) * (_RIGHT - _LEFT) / (K_RANGE[1] - K_RANGE[0])
    per_k = min(count / k, _PER_K_MAX * 1.04)
    return x, _BOTTOM - per_k / _PER_K_MAX * (_BOTTOM - _TOP)


def chain_svg(k, rows):
    """The chain of k diamonds (drawn small) above a plot of the three methods' counts for the
    numbers of diamonds in ``rows`` ({k: (paths from x, {method: multiplications})}), each
    method's line ending at k with a dot, and its count there in the legend."""
    step = min(120, 820 // k)
    parts = []
    y0 = 88
    xs = [30 + i * step for i in range(k + 1)]
    for i in range(k):                      # one diamond: x_i forks, two × nodes, a + node
        a, b = xs[i], xs[i + 1]
        mid = (a + b) / 2
        for dy in (-22, 22):
            parts.append(f'<path d="M{a} {y0}L{mid:.1f} {y0 + dy}L{b} {y0}" fill="none" '
                         f'stroke="{style.INK}" stroke-width="2"/>')
            stub = y0 + dy + (16 if dy > 0 else -16)    # the node's own input, p_i or q_i
            parts.append(f'<path d="M{mid:.1f} {stub}L{mid:.1f} {y0 + dy}" stroke="{style.MUTED}" '
                         'stroke-width="2"/>')
            parts.append(f'<circle cx="{mid:.1f}" cy="{y0 + dy}" r="6" fill="#ffffff" '
                         f'stroke="{style.INK}" stroke-width="2"/>')
    for i, x in enumerate(xs):
        fill = style.VALUE if i == 0 else "#ffffff"
        parts.append(f'<circle cx="{x}" cy="{y0}" r="7" fill="{fill}" stroke="{style.INK}" '
                     'stroke-width="2"/>')
    # the first diamond labelled in full: its two × nodes with their own inputs p1, q1,
    # and the + node (the dot at its right end) that adds their results into x1
    mid = (xs[0] + xs[1]) / 2
    small = f'font-size="13" text-anchor="middle" fill="{style.INK}"'
    for dy, own in ((-22, "p1"), (22, "q1")):
        parts.append(f'<text x="{mid + 14:.1f}" y="{y0 + dy + 5}" {small}>×</text>')
        parts.append(f'<text x="{mid:.1f}" y="{y0 + dy + (30 if dy > 0 else -20)}" '
                     f'{small}>{own}</text>')
    parts.append(f'<text x="{xs[1]}" y="{y0 - 12}" {small}>+</text>')
    if k > 1:
        parts.append(f'<text x="{xs[1]}" y="{y0 + 44}" text-anchor="middle">x1</text>')
    parts.append(f'<text x="{xs[0]}" y="{y0 + 44}" text-anchor="middle">x</text>')
    parts.append(f'<text x="{xs[-1]}" y="{y0 + 44}" text-anchor="middle">out</text>')
    parts.append(f'<text x="30" y="20">{k} diamond{"s" if k > 1 else ""} in a row</text>')
    return _svg(k, _BOTTOM + 80, parts + _plot(rows))


def _plot(rows):
    """The measured counts divided by k against k (linear growth is flat), each method's
    line up to the last k in ``rows`` (stopped where it leaves the top, with an arrow and
    "off the plot from k = ..."), a dashed line at that k, and a legend
    with the counts there."""
    grid = f'stroke="{style.MUTED}" stroke-width="1"'
    parts = []
    for tick in range(0, _PER_K_MAX + 1, 20):
        _, y = _at(1, tick)
        parts.append(f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_RIGHT}" y2="{y:.1f}" {grid}/>')
        parts.append(f'<text x="{_LEFT - 8}" y="{y + 5:.1f}" text-anchor="end" font-size="13">'
                     f'{tick}</text>')
    for kk in range(K_RANGE[0], K_RANGE[1] + 1):
        x, _ = _at(kk, 1)
        parts.append(f'<text x="{x:.1f}" y="{_BOTTOM + 20}" text-anchor="middle" '
                     f'font-size="13">{kk}</text>')
    parts.append(f'<text x="{(_LEFT + _RIGHT) / 2}" y="{_BOTTOM + 42}" text-anchor="middle">'
                 'diamonds k</text>')
    parts.append(f'<text x="20" y="{_TOP - 30}">chain-rule multiplications per diamond '
                 '(count / k: a count growing linearly in k stays flat)</text>')
    last = max(rows)
    x, _ = _at(last, 1)
    parts.append(f'<line x1="{x:.1f}" y1="{_TOP}" x2="{x:.1f}" y2="{_BOTTOM}" stroke="{style.INK}" '
                 'stroke-dasharray="4 4"/>')
    for n, (method, colour) in enumerate(_COLOURS.items()):
        points = [_at(kk, rows[kk][1][method]) for kk in sorted(rows)]
        off = next((i for i, (_, py) in enumerate(points) if py < _TOP), None)
        if off is not None:                 # the line leaves the plot: stop it there, marked
            points = points[:off + 1]
            px = points[-1][0]
            parts.append(f'<path d="M{px - 7:.1f} {_TOP + 2}L{px:.1f} {_TOP - 10}L{px + 7:.1f} '
                         f'{_TOP + 2}Z" fill="{colour}"/>')
            parts.append(f'<text x="{px + 10:.1f}" y="{_TOP + 16}" fill="{colour}" '
                         f'font-size="13">off the plot from k = {sorted(rows)[off]}</text>')
        line = "L".join(f"{px:.1f} {py:.1f}" for px, py in points)
        parts.append(f'<path d="M{line}" fill="none" stroke="{colour}" stroke-width="3"/>')
        for px, py in points:
            if py < _TOP:                   # cut at the top
                continue
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="{colour}"/>')
        y = _TOP + 30 + 34 * n              # the legend: each method's count at the last k
        parts.append(f'<text x="{_RIGHT + 24}" y="{y}" fill="{colour}" font-weight="bold">'
                     f'{html.escape(method)}</text>')
        parts.append(f'<text x="{_RIGHT + 24}" y="{y + 17}" fill="{colour}" font-size="14">'
                     f'{rows[last][1][method]:,}</text>')
    parts.append(f'<text x="{_RIGHT + 24}" y="{_TOP + 30 + 34 * 3 + 8}" font-size="14">'
                 f'at k = {last}</text>')
    parts.append(f'<text x="20" y="{_BOTTOM + 70}" fill="{style.MUTED}" font-size="13">'
                 "counted as the methods run on the real layers (a + node's copies are not "
                 "counted)</text>")
    return parts


def _svg(k, height, parts):
    width = 880
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" style="max-width:100%;height:auto" '
            f'font-family="{style.FONT_FAMILY}" font-size="{style.FONT_SIZE}" role="img">')
    return (f"{head}\n<title>multiplications needed for 1 to {k} diamond{'s' if k > 1 else ''}"
            "</title>\n"
            + "\n".join(parts) + "\n</svg>\n")


def _readout(k, c):
    m = c["multiplications"]
    g = c["grads"]
    want = g["backward sweep"]
    same = all(abs(grads[name] - want[name]) <= 1e-9 * abs(want[name])
               for grads in g.values() for name in want)
    return (f'<div style="font-size:{style.FONT_SIZE}px;line-height:1.5">'
            f"{k} diamond{'s' if k > 1 else ''}: {c['paths_from_x']:,} paths from x, "
            f"{c['inputs']} inputs, {c['edges']} edges. "
            f"The three methods give the same {c['inputs']} gradients"
            f"{' (they agree)' if same else ' (THEY DISAGREE)'}, d out/dx = "
            f"<b style='color:{style.GRADIENT}'>{fmt(want['x'])}</b>. "
            f"The forward pass made {c['forward_products']} multiplications, the backward sweep "
            f"{m['backward sweep']}.</div>")


# Each k's counts are measured once, the first time they are asked for (all ten take about
# 0.1 s, most of it listing the 28,674 multiplications of k = 10).
@functools.lru_cache(maxsize=None)
def _counts_for(k):
    chain = diamond_chain(k)
    return tuple(dict(counts(chain), paths_from_x=n_paths(chain, "x")).items())


@functools.lru_cache(maxsize=None)
def _shown(k):
    """(readout, picture) for k diamonds: the plot's lines run from 1 to k."""
    rows = {kk: (dict(_counts_for(kk))["paths_from_x"], dict(_counts_for(kk))["multiplications"])
            for kk in range(1, k + 1)}
    return _readout(k, dict(_counts_for(k))), chain_svg(k, rows)


class PathCountExplorer(Explorer):
    """A slider for the number of diamonds k; the chain, and a plot of the three methods'
    measured counts for 1 to k diamonds."""

    def __init__(self, k=1):
        slider = ipw.IntSlider(value=k, min=K_RANGE[0], max=K_RANGE[1], description="diamonds k",
                               style={"description_width": "8em"},
                               layout=ipw.Layout(width="34em"))
        self.view = ipw.HTML()
        readout = ipw.HTML()
        super().__init__(title="Path-count explorer", controls={"k": slider},
                         main=slider, readout=readout, plots=[self.view],
                         widget=ipw.VBox([slider, self.view, readout]))
        self.update("k")

    def update(self, changed):
        k = int(self.controls["k"].value)
        self.values = dict(_counts_for(k))
        self.readout.value, self.view.value = _shown(k)

    def static(self):
        return {"image/svg+xml": self.view.value}
