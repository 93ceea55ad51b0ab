"""Chapter 03's reveals: each prints or draws the answer to one of the chapter's predictions,
and only once that prediction is written (``teaching.reveal``), so the chapter calls each in
one line."""

import numpy as np
from IPython.display import SVG

import layers
from teaching.drawing import to_svg
from teaching.reveal import reveal
from teaching.trace import graph_from

_FORK_CODE = """\
mul = MulLayer()
z = mul.forward(x, x)                    # z = x * x: both inputs are the same x
dx_left, dx_right = mul.backward(dout)   # one gradient per edge
dx = 0.0                                 # x is used twice: start at 0 ...
dx += dx_left                            # ... and add what each edge brings back
dx += dx_right"""


def show_fork(my_dx_fan, layer_class):
    """The fan-out z = x * x at x = 5, dout = 1.5, once ``my_dx_fan`` is written: the code
    of the fork rule (not printed: the chapter shows it next), run with the chapter's
    ``layer_class``, its two edge gradients and their sum against central differences, and
    the drawn graph with every gradient."""

    def show():
        def fanout(x):
            z = x * x
            return z
        drawn = graph_from(fanout, "fan-out", dout=1.5, x=(5.0, -5.0, 5.0))
        x, dout = drawn.values["x"], drawn.dout
        run = {"MulLayer": layer_class, "x": x, "dout": dout}
        exec(_FORK_CODE, run)                      # the code the chapter shows after this cell
        numeric = dout * layers.numerical_gradient(lambda v: v * v, x)  # knows nothing of forks
        print(f"At x = {x:.4g}, dout = {dout:.4g}: the edges bring back "
              f"{run['dx_left']:.4g} and {run['dx_right']:.4g}, so dx = {run['dx']:.4g}; "
              f"central differences: {numeric:.4g}")
        drawn.backward()
        return SVG(to_svg(drawn))
    return reveal(my_dx_fan, show, name="my_dx_fan")


def sweep_against_numeric(my_sweep, sweep):
    """The debug sweep of f = (x + y) x, once ``my_sweep`` is written: the learner's function
    ``sweep(x, y)`` -> (dx, dy) against central differences at (3, 2) and at random points,
    so a hard-coded dx cannot pass.  The numbers are shown only once all agree, so they never
    hand out the answer before the fix."""

    def show():
        points = [(3.0, 2.0)] + [tuple(p) for p in
                                 np.random.default_rng(3).uniform(-4, 4, size=(3, 2))]
        for x, y in points:
            numeric = layers.numerical_gradient(lambda xy: (xy[0] + xy[1]) * xy[0],
                                                np.array([x, y]))
            if not np.allclose(np.asarray(sweep(x, y), dtype=float), numeric, atol=1e-6):
                print(f"your sweep disagrees with central differences at x = {x:.3g}, "
                      f"y = {y:.3g}: fix the wrong line, run its cell again, then this one")
                return
        dx, dy = sweep(3.0, 2.0)
        print(f"your sweep agrees with central differences at (3, 2) and {len(points) - 1} "
              f"random points; at (3, 2): dx = {dx:.4g}, dy = {dy:.4g}")
    return reveal(my_sweep, show, name="my_sweep")


def noswap_errors(my_noswap, layer_class, a, b):
    """The gradient check of the multiply that forgets to swap, on a, b and on a equal to b,
    once ``my_noswap`` is written."""

    def show():
        for label, inputs in (("random a, b", (a, b)), ("a equal to b", (a, a.copy()))):
            error = layers.gradient_check(layer_class(), *inputs)
            print(f"{layer_class.__name__}, {label}: largest relative error {error:.1e}")
    return reveal(my_noswap, show, name="my_noswap")
