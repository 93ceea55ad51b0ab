"""Chapter 03's reveals: each prints or draws the answer to one of the chapter's predictions,
and only once that prediction is written (``teaching.reveal``), so the chapter calls each in
one line."""

import numpy as np
from IPython.display import SVG

import layers
from teaching import examples
from teaching.drawing import to_svg
from teaching.reveal import reveal


def show_fork(my_dx_fan, dx_left, dx_right, dx):
    """The fan-out z = x * x at x = 3, dout = 2 (``examples.fanout_graph``), once ``my_dx_fan``
    is written: the chapter's two edge gradients and their sum ``dx`` (the fork rule), against
    central differences, and the drawn graph with every gradient."""

    def show():
        drawn = examples.fanout_graph()
        x, dout = drawn.values["x"], drawn.dout
        numeric = dout * layers.numerical_gradient(lambda v: v * v, x)  # knows nothing of forks
        print(f"each edge gets dout x (the other input): {dx_left:.4g} and {dx_right:.4g}; x is "
              f"used twice, so dx = 0, then += each edge: {dx:.4g}.\nThat is 2x dout, dout "
              f"times the derivative of x², as it must be; central differences: {numeric:.4g}")
        drawn.backward()
        return SVG(to_svg(drawn))
    return reveal(my_dx_fan, show, name="my_dx_fan")


def sweep_against_numeric(my_sweep, dx):
    """The debug sweep of f = (x y) x at x = 3, y = 2: the learner's dx against central
    differences, once ``my_sweep`` is written.  The numerical value is shown only once the
    two agree, so it never hands out the answer before the fix."""

    def show():
        numeric = layers.numerical_gradient(lambda xy: xy[0] * xy[1] * xy[0],
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
