"""Chapter 01's shopping graph measured: central differences counted, and an explorer
whose readout says how far the price moved for the slider's move."""

import numpy as np

from layers import numerical_gradient
from teaching import examples, style
from teaching.drawing import to_svg
from teaching.explorer import GraphExplorer
from teaching.reveal import reveal
from teaching.style import fmt, label

__all__ = ["NAMES", "INPUTS", "picture", "backward_picture", "measure", "ChangeExplorer"]

NAMES = ["apple", "apple_num", "orange", "orange_num", "tax"]
INPUTS = [100, 2, 150, 3, 1.1]


def picture(backward=False):
    """Problem 2's graph run forward by the layers, its subtotal edge named ``all price``;
    with ``backward``, also its backward pass (gradients in red below the edges)."""
    from IPython.display import SVG

    graph = examples.apples_oranges_graph(named={"all_price"})
    if backward:
        graph.backward()
    return SVG(to_svg(graph, grads=backward))


def backward_picture(right):
    """``picture(backward=True)`` once ``right``, the verdict of the learner's
    ``backward_pass`` check, says Right: the red numbers confirm the pass, they do not
    hand it out (before that, nothing: the verdict above already asks for the code)."""
    return reveal(right if right else None, lambda: picture(backward=True), name=None)


def measure(price_of, right):
    """Once ``right``, the verdict of the learner's ``my_passes`` check, says Right: the
    five gradients of ``price_of`` (one forward pass, inputs in the order of NAMES) by
    central differences, and the number of forward passes they took."""
    def show():
        runs = 0

        def counted(inputs):
            nonlocal runs
            runs += 1
            return price_of(inputs)

        numeric = numerical_gradient(counted, np.array(INPUTS, dtype=float))
        print("central differences:",
              ", ".join(f"{name} {fmt(value)}" for name, value in zip(NAMES, numeric)))
        print(f"forward passes: {runs}")
    return reveal(right if right else None, show, name=None)


class ChangeExplorer(GraphExplorer):
    """Chapter 01's forward-only explorer that marks the edges a move changed and also
    says by how much the output moved and, once ``right`` (the verdict of the learner's
    ``by_hand`` check) says Right, per unit of the input's move: the gradient, measured on
    a large step."""

    def __init__(self, right=False, graph=None):
        self.right = bool(right)
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
                f"{fmt(dout)} for a move of {fmt(dx)}"
                + (f": {fmt(dout)} / {fmt(dx)} = {fmt(dout / dx)} per unit of {label(changed)}"
                   if self.right else "")
                + ".</div>")
