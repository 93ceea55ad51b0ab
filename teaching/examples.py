"""The example graphs of the chapters, built from the real layers, and their figures.

Each function returns a fresh ``Graph`` with its forward pass already run.
Every one is written as a small Python function of layer operations and
traced by ``trace.graph_from``, the way a learner builds their own graph.
"""

from pathlib import Path

from teaching.drawing import to_svg
from teaching.trace import exp, graph_from, relu, sigmoid

__all__ = [
    "apple_graph", "apples_oranges_graph", "chain_rule_graph", "sigmoid_graph",
    "sigmoid_grouped_graph", "relu_graph", "fanout_graph", "save_figures",
]


def apple_graph():
    """Two apples at 100 each, then a 10 % tax: 100 * 2 * 1.1 = 220."""
    def apple_shopping(apple, apple_num, tax):
        apple_price = apple * apple_num
        price = apple_price * tax
        return price
    return graph_from(apple_shopping, "apple shopping", apple=(100, 0, 300, 1),
                      apple_num=(2, 0, 10, 1), tax=(1.1, 0.5, 2.0, 0.01))


def apples_oranges_graph(named=()):
    """(100 * 2 + 150 * 3) * 1.1 = 715; the inner edges in ``named`` are drawn with
    their names beside their values (``all price = 650``)."""
    def apples_and_oranges(apple, apple_num, orange, orange_num, tax):
        apple_price = apple * apple_num
        orange_price = orange * orange_num
        all_price = apple_price + orange_price
        price = all_price * tax
        return price
    g = graph_from(apples_and_oranges, "apples and oranges", apple=(100, 0, 300, 1),
                   apple_num=(2, 0, 10, 1), orange=(150, 0, 300, 1),
                   orange_num=(3, 0, 10, 1), tax=(1.1, 0.5, 2.0, 0.01))
    if named:
        unknown = set(named) - set(g.values)
        if unknown:
            raise ValueError(f"apples_oranges_graph: no edge called {', '.join(sorted(unknown))}; "
                             f"the edges are {', '.join(g.values)}")
        g.named = set(named)
    return g


def chain_rule_graph():
    """z = t ** 2 with t = x + y, so dz/dx = dz/dy = 2 (x + y)."""
    def chain_rule(x, y):
        t = x + y
        z = t ** 2
        return z
    return graph_from(chain_rule, "chain rule", x=(1.0, -3.0, 3.0), y=(2.0, -3.0, 3.0))


SIGMOID_X = 2.0     # at x = 1 the edge -x = -1 would sit beside the constant -1: two equal labels


def sigmoid_graph(x=SIGMOID_X):
    """y = 1 / (1 + exp(-x)) as four nodes: ×(-1), exp, +1, /."""
    def sigmoid_by_nodes(x):
        y = 1 / (1 + exp(-x))
        return y
    return graph_from(sigmoid_by_nodes, "sigmoid, node by node", x=(x, -6.0, 6.0))


def sigmoid_grouped_graph(x=SIGMOID_X):
    """The same function as one "sigmoid" node (layers.Sigmoid)."""
    def sigmoid_one_node(x):
        y = sigmoid(x)
        return y
    return graph_from(sigmoid_one_node, "sigmoid, one node", x=(x, -6.0, 6.0))


def relu_graph():
    """One neuron with a ReLU: y = relu(w * x + b), the ReLU a node like any other.

    At w = 1.5, x = 2, b = -1 the ReLU is open (w*x + b = 2 > 0) and passes the
    gradient on; move b below -3 and it closes: every gradient behind it is 0.
    """
    def relu_neuron(w, x, b):
        y = relu(w * x + b)
        return y
    return graph_from(relu_neuron, "a neuron with a ReLU", w=(1.5, -3.0, 3.0),
                      x=(2.0, -3.0, 3.0), b=(-1.0, -5.0, 5.0))


def fanout_graph():
    """z = x * x: x feeds both inputs of one node, so its gradient is the sum, 2x * dout.

    The upstream gradient starts at 2, not 1: with dout = 1 each branch's
    gradient dout * x would equal the value x, and the drawing could not show
    which number is which.  With x = 3 the labels are x = 3, z = 9, dout = 2,
    6 on each branch and 12 before the fork.
    """
    def fanout(x):
        z = x * x
        return z
    return graph_from(fanout, "fan-out", dout=2.0, x=(3.0, -5.0, 5.0))


def _after_backward(make):
    """The drawing of graph ``make()`` once its backward pass is complete."""
    g = make()
    g.backward()
    return to_svg(g)


def save_figures(folder):
    """Write the graph figures of the series into ``folder``; returns the paths."""
    # forward values only where the chapter has not run the backward pass yet
    chain = chain_rule_graph()
    chain.named = {"t"}     # the chapter's text calls the inner line t
    chain.nodes[-1].op = "square"   # the text's name for it, not the code token **2
    figures = {"apple_forward.svg": to_svg(apple_graph(), grads=False),
               "chain_rule.svg": to_svg(chain, grads=False)}
    chain.backward()        # the same graph once its code has printed 1, 6, 6, 6
    figures["chain_rule_backward.svg"] = to_svg(chain)
    for name, make in [("sigmoid_grouped.svg", sigmoid_grouped_graph)]:
        figures[name] = _after_backward(make)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in figures.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
