"""Chapter 01's shopping graph: its pictures, and what each of the chapter's predictions
reveals once its check says Right (in the lecture view, behind a "Show the answer" button):
Problem 1 run backward, central differences (in the lecture view only), an explorer
whose readout shows the price's change, the rise the gradient predicts and the extra, and what a
backward pass that reuses one layer for two nodes returns."""

import re

import ipywidgets as ipw
import numpy as np

from layers import AddLayer, MulLayer, numerical_gradient
from teaching import examples, style
from teaching.checks import ch01 as checks
from teaching.drawing import to_svg
from teaching.explorer import GraphExplorer
from teaching.reveal import lecturing, reveal, waiting
from teaching.style import fmt, label

__all__ = ["NAMES", "INPUTS", "picture", "apples_backward", "backward_picture", "explorer",
           "outputs_of", "measure", "ChangeExplorer"]

NAMES = ["apple", "apple_num", "orange", "orange_num", "tax"]
INPUTS = [100, 2, 150, 3, 1.1]


def _once_right(verdict, show, waits_for=None):
    """``show()`` once ``verdict`` (a check's) says Right; before that nothing (the verdict
    above already asks for the answer), or, with ``waits_for``, a line naming the check it
    waits for; in the lecture view a button."""
    if not verdict and waits_for:
        waiting(f"Shown once {waits_for}.")
    return reveal(verdict if verdict else None, show, name=None)


def picture(backward=False, apples_only=False):
    """Problem 2's graph run forward by the layers, values only (Problem 1's, with
    ``apples_only``); with ``backward``, also its backward pass
    (gradients in red below the edges)."""
    from IPython.display import SVG

    graph = (examples.apple_graph() if apples_only   # all_price named, as in the code
             else examples.apples_oranges_graph(named=("all_price",)))
    if backward:
        graph.backward()
    return SVG(to_svg(graph, grads=backward))


def apples_backward(by_hand):
    """Problem 1 run backward, once the check of ``by_hand`` says Right: its picture shows
    the apple count's gradient, which Problem 2's prediction asks for too."""
    return _once_right(checks.gradients_by_hand(by_hand),
                       lambda: picture(backward=True, apples_only=True),
                       "by_hand's check says Right")


def backward_picture(right, func):
    """``picture(backward=True)`` once ``right``, the verdict of the learner's
    ``backward_pass`` check, says Right, below the largest difference between what ``func``
    (that pass) returns on Problem 2's layers and the central differences: the check of a
    backward pass."""
    def show():
        numeric, runs = _central()
        try:    # the learner's code, maybe edited since the check: never a traceback here
            got = np.array([float(g) for g in func(*_problem2_layers())])
        except NotImplementedError:     # the untouched template (lecture view): no pass yet
            _counts(runs)
            return picture(backward=True)
        except Exception as err:
            print(f"{getattr(func, '__name__', 'the pass')} raised {type(err).__name__}: {err}")
            return None
        print(f"largest difference between your pass and central differences: "
              f"{np.max(np.abs(got - numeric)):.1e}")
        _counts(runs)
        return picture(backward=True)
    return _once_right(right, show, "backward_pass's check says Right")


def _counts(runs):
    """Prints the forward passes central differences ran for Problem 2's inputs (``runs``)
    beside backpropagation's one forward and one backward pass."""
    print(f"central differences: {runs // len(NAMES)} forward passes per input, {runs} for these "
          f"{len(NAMES)}.")
    print("backpropagation: one forward and one backward pass.")


def _problem2_layers():
    """Problem 2's four layers, run forward on its inputs (100, 2, 150, 3, 1.1)."""
    mul_apple, mul_orange, add_fruit, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
    mul_tax.forward(add_fruit.forward(mul_apple.forward(100, 2), mul_orange.forward(150, 3)),
                    1.1)
    return mul_apple, mul_orange, add_fruit, mul_tax


def explorer(by_hand, together):
    """The ``ChangeExplorer`` once the chapter's checks say Right to ``by_hand`` and
    ``together``: before that, a move would show the answers asked for."""
    right = checks.gradients_by_hand(by_hand) and checks.two_moves(together)
    return _once_right(right, ChangeExplorer, "the checks of by_hand and together say Right")


def outputs_of(right, func):
    """Once ``right`` (the ``reused_outputs`` verdict) says Right: what ``func`` returns on
    the exercise's basket (``checks.COLLEAGUE_BASKET``), above Problem 1's gradient there by
    central differences: the comparison that shows the pass wrong."""
    def show():
        try:    # the learner's code, maybe edited since the check: never a traceback here
            got = [float(value) for value in func(*checks.COLLEAGUE_BASKET)]
        except Exception as err:
            print(f"{getattr(func, '__name__', 'the pass')} raised {type(err).__name__}: {err}")
            return
        names = ("apple", "apple_num", "tax")
        print(", ".join(f"d_{name} {value:.6g}" for name, value in zip(names, got)))
        numeric = numerical_gradient(lambda v: v[0] * v[1] * v[2],   # Problem 1's price
                                     np.array(checks.COLLEAGUE_BASKET, dtype=float))
        print("central differences:",
              ", ".join(f"d_{name} {value:.6g}" for name, value in zip(names, numeric)))
    return _once_right(right, show)


def measure(right):
    """In the lecture view, where nobody writes price_of: Problem 2's five gradients by
    central differences, with the forward passes they ran, behind a "Show the answer"
    button. Elsewhere nothing: the verdict ``right`` of the learner's own measurement shows it."""
    if right or not lecturing():
        return None

    def show():
        numeric, runs = _central()
        print("central differences:",
              ", ".join(f"{name} {fmt(value)}" for name, value in zip(NAMES, numeric)),
              f"({runs} forward passes)")
    return _once_right(None, show)


def _central():
    """Problem 2's five gradients by central differences, and the forward passes they ran."""
    graph = examples.apples_oranges_graph()
    runs = 0

    def price_of(inputs):
        nonlocal runs
        runs += 1
        return graph.forward(**dict(zip(NAMES, inputs)))

    numeric = numerical_gradient(price_of, np.array(INPUTS, dtype=float))
    return numeric, runs


# a gradient's label in the drawing, and the edge it belongs to
_GRAD_LABEL = re.compile(r'<text [^>]*class="g-grad[^"]*" data-edge="([^"]*)"[^>]*>'
                         r'[^<]*</text>')


class ChangeExplorer(GraphExplorer):
    """Chapter 01's explorer: the graph with its values and, in red, the inputs' gradients
    (the inner edges' come with the backward pass, taught below it), both live; it marks the
    edges and gradients a move changed, says by how much the price moved per unit of the
    last move, and sets the price's change from the start beside the change
    the start's gradients predict (each gradient times its input's step): the difference is
    the extra of moves made together. No dout slider and no step buttons: the backward pass
    stays run (chapter 01 has not taught its steps yet)."""

    def __init__(self, graph=None):
        super().__init__(graph or examples.apples_oranges_graph(), mark_changes=True,
                         mark_grad_changes=True)
        self.graph.backward()
        sliders, buttons = self.widget.children[:2]
        sliders.children = [c for c in sliders.children if c is not self.controls["dout"]]
        back = ipw.Button(description="Back to the start", icon="undo").add_class("bp-reset")
        back.on_click(self.back_to_start)      # one pair of moves at a time, from the start
        buttons.children = [back]
        self._render()
        start = examples.apples_oranges_graph()
        self.start = dict(start.values)
        self.gradients = dict(start.backward())
        # a slider reports its value on release, not at every step of a drag
        for control in self.controls.values():
            control.continuous_update = False

    def back_to_start(self, _button=None):
        """Every slider back to the book's basket, so the next pair's extra is its own."""
        for name, value in self.start.items():
            if name in self.controls:
                self.controls[name].value = value
        self.changed, self.grad_changed = set(), set()   # no move of the learner's to report
        self._render()

    def _render(self):
        self.grad_changed = {k for k in self.grad_changed if k in NAMES}   # the inputs' only
        super()._render()      # its pass is already run: no "Run the backward pass" to ask for
        self.view.value = _GRAD_LABEL.sub(
            lambda m: m[0] if m[1] in NAMES else "", self.view.value)
        self.readout.value = self.readout.value.replace(
            "<br>Run the backward pass, then move a slider: the gradients",
            " The gradients").replace(
            "Backward pass complete:", "Gradient here:")   # backward is taught below it

    def update(self, changed):
        values = self.graph.values
        old_x, old_out = values[changed], values[self.graph.output]
        super().update(changed)
        values = self.graph.values
        dx, dout = values[changed] - old_x, values[self.graph.output] - old_out
        if dx:
            self.readout.value += (
                f'<div style="font-size:{style.FONT_SIZE}px">{label(self.graph.output)} '
                f"changed by {fmt(dout)} for this move of {fmt(dx)}: {fmt(dout / dx)} per "
                f"unit of {label(changed)}.</div>")
        steps = {name: values[name] - self.start[name] for name in NAMES
                 if abs(values[name] - self.start[name]) > 1e-12}
        if not steps:
            return
        terms = " + ".join(f"{fmt(self.gradients[name])} × {fmt(step)}"
                           for name, step in steps.items())
        predicted = sum(self.gradients[name] * step for name, step in steps.items())
        moved = values[self.graph.output] - self.start[self.graph.output]
        extra = round(moved - predicted, 9)     # float noise is no extra
        self.readout.value += (
            f'<div style="font-size:{style.FONT_SIZE}px">From the start, the gradient '
            f"predicts {terms} = {fmt(predicted)}; the price moved {fmt(moved)}: "
            f"<b>extra {fmt(extra)}</b>.</div>")
