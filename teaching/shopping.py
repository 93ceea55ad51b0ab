"""Chapter 01's shopping graph: its pictures, and what each of the chapter's predictions
reveals once its check says Right (in the lecture view, behind a "Show the answer" button):
an explorer whose readout divides the price's move by the input's, the products the layers
make and central differences counted, and the gradients before and after a move."""

import numpy as np

from layers import MulLayer, numerical_gradient
from teaching import examples, style
from teaching.checks import ch01 as checks
from teaching.drawing import to_svg
from teaching.explorer import GraphExplorer
from teaching.layer_calls import watched_layers
from teaching.reveal import reveal
from teaching.style import fmt, label

__all__ = ["NAMES", "INPUTS", "picture", "backward_picture", "explorer", "gradient_changes",
           "measure", "ChangeExplorer"]

NAMES = ["apple", "apple_num", "orange", "orange_num", "tax"]
INPUTS = [100, 2, 150, 3, 1.1]


def _once_right(verdict, show):
    """``show()`` once ``verdict`` (a check's) says Right; before that nothing (the verdict
    above already asks for the answer), and in the lecture view a button."""
    return reveal(verdict if verdict else None, show, name=None)


def picture(backward=False, apples_only=False):
    """Problem 2's graph run forward by the layers, its subtotal edge named ``all price``
    (Problem 1's, with ``apples_only``); with ``backward``, also its backward pass
    (gradients in red below the edges)."""
    from IPython.display import SVG

    graph = (examples.apple_graph() if apples_only
             else examples.apples_oranges_graph(named={"all_price"}))
    if backward:
        graph.backward()
    return SVG(to_svg(graph, grads=backward))


def backward_picture(right):
    """``picture(backward=True)`` once ``right``, the verdict of the learner's
    ``backward_pass`` check, says Right: the red numbers confirm the pass."""
    return _once_right(right, lambda: picture(backward=True))


def explorer(by_hand, together):
    """The ``ChangeExplorer`` once the chapter's checks say Right to both of the learner's
    predictions, ``by_hand`` and ``together``: before that, a move would show the numbers
    asked for."""
    right = checks.gradients_by_hand(by_hand) and checks.two_moves(together)
    return _once_right(right, ChangeExplorer)


def gradient_changes(right, **moved):
    """Once ``right`` (the ``new_tax_gradients`` verdict) says Right: Problem 2's five input
    gradients, from its layers' backward pass, before and after the inputs ``moved``."""
    def show():
        graph = examples.apples_oranges_graph()
        before = dict(graph.backward())
        graph.forward(**moved)
        after = graph.backward()
        moves = ", ".join(f"{name} {fmt(graph.inputs[name].value)} -> {fmt(value)}"
                          for name, value in moved.items())
        print(f"{moves}:")
        for name in NAMES:
            print(f"  d_{name:10s} {fmt(before[name]):>5} -> {fmt(after[name])}")
    return _once_right(right, show)


def measure(right):
    """Once ``right``, the verdict of the learner's ``cost`` check, says Right: the products
    Problem 2's layers make in one forward and one backward pass, counted on the layers' own
    calls, and its five gradients by central differences with the forward passes they ran."""
    def show():
        graph = examples.apples_oranges_graph()
        backs = []
        with watched_layers(backs) as forwards:
            graph.forward()
            graph.backward()
        # MulLayer.forward makes x * y; MulLayer.backward one product per gradient it returns.
        # AddLayer multiplies by exactly 1: free. The graph calls each backward a second time,
        # with dout 1, to draw local derivatives: that probe is not part of the pass.
        forward = sum(kind == "MulLayer" for kind, *_ in forwards)
        first = {}
        for layer, _, grads in backs:
            first.setdefault(id(layer), (layer, grads))
        backward = sum(len(grads) for layer, grads in first.values()
                       if isinstance(layer, MulLayer))
        print(f"products made by the layers: forward {forward}, backward {backward}, together "
              f"{forward + backward} = {(forward + backward) / forward:g} forward passes")
        runs = 0

        def price_of(inputs):
            nonlocal runs
            runs += 1
            return graph.forward(**dict(zip(NAMES, inputs)))

        numeric = numerical_gradient(price_of, np.array(INPUTS, dtype=float))
        print("central differences:",
              ", ".join(f"{name} {fmt(value)}" for name, value in zip(NAMES, numeric)))
        print(f"forward passes: {runs}")
    return _once_right(right, show)


class ChangeExplorer(GraphExplorer):
    """Chapter 01's forward-only explorer that marks the edges a move changed and says by
    how much the output moved, per unit of the input's move: the gradient, measured on a
    large step."""

    def __init__(self, graph=None):
        super().__init__(graph or examples.apples_oranges_graph(), forward_only=True,
                         mark_changes=True)
        # a slider reports its value on release, not at every step of a drag: the readout
        # then divides the whole drag's change (100 -> 120, say) by the whole move
        for control in self.controls.values():
            control.continuous_update = False

    def update(self, changed):
        g = self.graph
        old_x, old_out = g.values[changed], g.values[g.output]
        super().update(changed)
        dx, dout = g.values[changed] - old_x, g.values[g.output] - old_out
        if dx:
            self.readout.value += (
                f'<div style="font-size:{style.FONT_SIZE}px">{label(g.output)} changed by '
                f"{fmt(dout)} for a move of {fmt(dx)}: {fmt(dout)} / {fmt(dx)} = "
                f"{fmt(dout / dx)} per unit of {label(changed)}.</div>")
