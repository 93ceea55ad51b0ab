"""Chapter 03's reveals: each prints or draws the answer to one of the chapter's predictions,
and only once that prediction is written (``teaching.reveal``), so the chapter calls each in
one line."""

import numpy as np
from IPython.display import SVG

import layers
from teaching import examples
from teaching.drawing import to_svg
from teaching.reveal import reveal


def show_fork(my_dx_fan, dx_left, dx_right, dx_fan, numeric):
    """The fan-out z = x * x at x = 3, dout = 2: both edges' gradients, their sum and central
    differences, then the graph with every gradient, once ``my_dx_fan`` is written."""

    def show():
        print(f"each edge: {dx_left:.4g} and {dx_right:.4g}; total dx = {dx_fan:.4g}; "
              f"central differences: {numeric:.4g}")
        drawn = examples.fanout_graph()         # the same graph, x = 3 and dout = 2
        drawn.backward()
        return SVG(to_svg(drawn))
    return reveal(my_dx_fan, show, name="my_dx_fan")


def sweep_against_numeric(my_sweep, dx):
    """The debug sweep of f = (x + y) x at x = 3, y = 2: the learner's dx against central
    differences, once ``my_sweep`` is written.  The numerical value is shown only once the
    two agree, so it never hands out the answer before the fix."""

    def show():
        numeric = layers.numerical_gradient(lambda xy: (xy[0] + xy[1]) * xy[0],
                                            np.array([3.0, 2.0]))[0]
        if abs(dx - numeric) < 1e-6:
            print(f"your sweep: dx = {dx:.4g}; central differences: {numeric:.4g}; they agree")
        else:
            print(f"your sweep: dx = {dx:.4g}; central differences disagree: fix the wrong "
                  "line, run its cell again, then this one")
    return reveal(my_sweep, show, name="my_sweep")


def noswap_errors(my_noswap, layer_class, a, b):
    """The gradient check of the multiply that forgets to swap, on a, b and on a equal to b,
    once ``my_noswap`` is written."""

    def show():
        for label, inputs in (("random a, b", (a, b)), ("a equal to b", (a, a.copy()))):
            error = layers.gradient_check(layer_class(), *inputs)
            print(f"{layer_class.__name__}, {label}: largest relative error {error:.1e}")
    return reveal(my_noswap, show, name="my_noswap")
