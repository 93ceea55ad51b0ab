"""Chapter 03's reveals: each prints or draws the answer to one of the chapter's predictions,
and only once that prediction is written (``teaching.reveal``), so the chapter calls each in
one line."""

import numpy as np

import layers
from teaching.reveal import lecturing, reveal


def sweep_against_numeric(my_sweep, sweep):
    """The debug sweep of f = (x + y) x, once ``my_sweep`` is written: the learner's function
    ``sweep(x, y)`` -> (dx, dy) against central differences at (3, 2), the point of the
    question, then at random points, so a hard-coded dx cannot pass."""

    def numeric(x, y):
        return layers.numerical_gradient(lambda xy: (xy[0] + xy[1]) * xy[0], np.array([x, y]))

    def show():
        points = [(3.0, 2.0)] + [tuple(p) for p in
                                 np.random.default_rng(3).uniform(-4, 4, size=(3, 2))]
        for x, y in points:
            got = np.asarray(sweep(x, y), dtype=float)
            if not np.allclose(got, numeric(x, y), atol=1e-6):
                print(f"at x = {x:.3g}, y = {y:.3g} your sweep returns dx = {got[0]:.4g}, "
                      f"dy = {got[1]:.4g}; central differences: dx = {numeric(x, y)[0]:.4g}, "
                      f"dy = {numeric(x, y)[1]:.4g}. Fix the wrong line, run its cell again, "
                      "then this one")
                if lecturing():     # nobody edits the cell there: show the fixed line instead
                    fixed = np.array(_fixed_sweep(3.0, 2.0))
                    print(f"the fix: `dx, dy = dx + ds, ds` (x's own edge plus its path through "
                          f"s); at (3, 2) it returns dx = {fixed[0]:.4g}, dy = {fixed[1]:.4g}, "
                          f"as central differences: dx = {numeric(3.0, 2.0)[0]:.4g}, "
                          f"dy = {numeric(3.0, 2.0)[1]:.4g}")
                return
        dx, dy = sweep(3.0, 2.0)
        print(f"your sweep agrees with central differences at (3, 2) and {len(points) - 1} "
              f"random points; at (3, 2): dx = {dx:.4g}, dy = {dy:.4g}")
    return reveal(my_sweep, show, name=None)


def _fixed_sweep(x, y):
    """The debug sweep of f = (x + y) x with its wrong line fixed: x's two paths add."""
    mul_f = layers.MulLayer()
    mul_f.forward(x + y, x)
    ds, dx = mul_f.backward(1.0)
    dx, dy = dx + ds, ds
    return dx, dy


def noswap_errors(my_noswap, layer_class, a, b):
    """The gradient check of the multiply that forgets to swap on random a, b and on the
    chapter's three pairs (a equal to b, a = -b, a = 0 with b random), once ``my_noswap`` is
    written."""

    def show():
        pairs = {"random a, b": (a, b), "a equal to b": (a, a.copy()), "a = -b": (-b, b),
                 "a = 0, b random": (np.zeros_like(a), b)}
        for label, inputs in pairs.items():
            error = layers.gradient_check(layer_class(), *inputs)
            print(f"{layer_class.__name__}, {label}: largest relative error {error:.1e}")
    return reveal(my_noswap, show, name=None)


def fanout(my_dx, fan, shares, numeric):
    """The fan-out z = x * x, once ``my_dx`` is written: what each edge brought back, their
    sum against central differences, and the drawn graph ``fan`` with its gradients."""

    def show():
        from IPython.display import SVG

        from teaching.drawing import to_svg
        assert np.isclose(sum(shares), numeric), "the edges' shares do not add up to dx"
        drawn = fan.grads[next(iter(fan.inputs))]     # the drawn x
        assert drawn is not None and np.isclose(drawn, numeric), "run fan.backward() first"
        print(f"the edges bring back {shares[0]:.4g} and {shares[1]:.4g}: dx = "
              f"{sum(shares):.4g}; central differences: {numeric:.4g}")
        return SVG(to_svg(fan))
    return reveal(my_dx, show, name=None)

