"""Graphs and SVG readers shared by the tests of graph.py, drawing.py and explorer.py."""

import xml.etree.ElementTree as ET

import layers
from teaching import examples, style
from teaching.graph import Graph

SVG = "{http://www.w3.org/2000/svg}"
EXAMPLES = [examples.apple_graph, examples.apples_oranges_graph, examples.chain_rule_graph,
            examples.sigmoid_graph, examples.sigmoid_grouped_graph, examples.relu_graph,
            examples.fanout_graph]


def two_uses_graph():
    """x feeds two different nodes, in the same column: s = x * y + exp(x)."""
    g = Graph("two uses")
    g.input("x", 2.0, -5, 5)
    g.input("y", 3.0, -5, 5)
    g.node("×", layers.MulLayer(), ["x", "y"], "p")
    g.node("exp", layers.ExpLayer(), ["x"], "e")
    g.node("+", layers.AddLayer(), ["p", "e"], "s")
    g.forward()
    return g


def skip_graph():
    """e feeds the next node twice and also skips over it to the last node: e*e + e."""
    g = Graph("skip")
    g.input("a", 1.5, -5, 5)
    g.node("exp", layers.ExpLayer(), ["a"], "e")
    g.node("×", layers.MulLayer(), ["e", "e"], "q")
    g.node("+", layers.AddLayer(), ["q", "e"], "out")
    g.forward()
    return g


ALL_GRAPHS = EXAMPLES + [two_uses_graph, skip_graph]


def labels(svg, cls):
    """{edge name: [(text, fill), ...]} for the SVG text elements of one class."""
    found = {}
    for t in ET.fromstring(svg).iter(f"{SVG}text"):
        if t.get("class") == cls:
            found.setdefault(t.get("data-edge"), []).append((t.text, t.get("fill")))
    return found


def lit_nodes(svg):
    """The data-node of every node circle drawn in the highlight colour."""
    return [c.get("data-node") for c in ET.fromstring(svg).iter(f"{SVG}circle")
            if c.get("class") == "g-node" and c.get("fill") == style.ACTIVE]


def curve(d, n=400):
    """n + 1 points along an SVG path "M x y L x y" or "M x y Q cx cy x y"."""
    nums = [float(v) for v in d.replace("M", " ").replace("L", " ").replace("Q", " ").split()]
    a, b = nums[:2], nums[-2:]
    c = nums[2:4] if "Q" in d else b
    return [((1 - t) ** 2 * a[0] + 2 * t * (1 - t) * c[0] + t * t * b[0],
             (1 - t) ** 2 * a[1] + 2 * t * (1 - t) * c[1] + t * t * b[1])
            for t in (i / n for i in range(n + 1))]
