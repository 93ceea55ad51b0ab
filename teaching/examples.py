"""The example graphs of the chapters, built from the real layers, and their figures.

Each function returns a fresh ``Graph`` with its forward pass already run.
"""

from pathlib import Path

import layers
from teaching.drawing import to_svg
from teaching.graph import Graph

__all__ = [
    "apple_graph", "apples_oranges_graph", "chain_rule_graph", "sigmoid_graph",
    "sigmoid_grouped_graph", "fanout_graph", "save_figures",
]


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
    """Write the graph figures of the series into ``folder``; returns the paths."""
    figures = {}
    g = apple_graph()
    figures["apple_forward.svg"] = to_svg(g, grads=False)
    g.backward()
    figures["apple_backward.svg"] = to_svg(g)
    g = apples_oranges_graph()
    g.backward()
    figures["apples_oranges_backward.svg"] = to_svg(g)
    g = chain_rule_graph()
    g.backward()
    figures["chain_rule.svg"] = to_svg(g)
    g = sigmoid_graph()
    g.backward()
    figures["sigmoid_graph.svg"] = to_svg(g)
    g.reset_backward()
    while not g.done:
        step = g.step()
        figures[f"sigmoid_step_{step.number}.svg"] = to_svg(g, active=step)
    g = sigmoid_grouped_graph()
    g.backward()
    figures["sigmoid_grouped.svg"] = to_svg(g)
    g = fanout_graph()
    g.backward()
    figures["fanout.svg"] = to_svg(g)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in figures.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
