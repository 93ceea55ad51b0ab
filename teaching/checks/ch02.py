"""Checks for the exercises of chapter 02, the chain rule."""

from layers import numerical_gradient

from .core import NotYet, answer, check, close, mistake

_CHAIN_POINTS = [(1.0, 2.0), (-1.5, 0.5), (3.0, -4.0), (0.25, 0.25)]


@check
def dz_dx(func):
    """Exercise 2.1: ``dz_dx(x, y)`` for z = t**2, t = x + y, compared with 2(x + y)
    and with a central-difference slope at a few points."""
    for x, y in _CHAIN_POINTS:
        got = answer(func, x, y, if_none="dz_dx returns None: return dz/dt * dt/dx.")
        want = 2 * (x + y)
        slope = numerical_gradient(lambda xv: (xv + y) ** 2, x)
        if close(got, want) and close(got, slope, tol=1e-5):
            continue
        raise NotYet(mistake(got, [
            ((x + y) ** 2, "that is z itself; you want its slope dz/dx."),
            (2 * x, "dz/dt = 2t, and t is x + y, not x."),
            (x + y, "the derivative of t**2 is 2t: a factor 2 is missing."),
        ], f"at x={x}, y={y}: dz/dt = 2t = {want:g} and dt/dx = 1."))
    return "dz/dx = 2(x + y) at every point, and it matches the numerical slope."


@check
def product_chain(func):
    """Exercise 2.2: ``product_chain(x, y)`` -> (dz/dx, dz/dy) for z = t**2, t = x * y."""
    for x, y in [(1.0, 2.0), (2.0, 0.5), (-1.0, 3.0), (0.5, -2.0)]:
        got = answer(func, x, y,
                     if_none="product_chain returns None: return the pair (dz_dx, dz_dy).",
                     pair="return two numbers: (dz_dx, dz_dy).")
        t = x * y
        want = (2 * t * y, 2 * t * x)   # dz/dt * dt/dx, dz/dt * dt/dy
        if close(got, want):
            continue
        raise NotYet(mistake(got, [
            ((2 * t * x, 2 * t * y), "dt/dx for t = x * y is y (the other input), not x."),
            ((y, x), "that is only dt/dx and dt/dy: multiply by dz/dt = 2t."),
        ], f"at x={x}, y={y}: t = {t:g}, dz/dt = {2 * t:g}, dt/dx = y, dt/dy = x."))
    return "(2ty, 2tx): both chain-rule products are right."


@check
def numerical_slope(func):
    """Exercise 2.3: ``numerical_slope(f, x, h)``, the central difference (f(x+h) - f(x-h)) / 2h."""
    # (f as text, f, x, h, exact central difference): for x**3 it is 3x**2 + h**2, for x**2 exactly 2x
    cases = [("x**3", lambda v: v ** 3, 2.0, 1e-3, 12.0 + 1e-6),
             ("x**2", lambda v: v ** 2, -1.5, 0.5, -3.0)]
    for name, f, x, h, want in cases:
        got = answer(func, f, x, h,
                     if_none="numerical_slope returns None: return the difference quotient.")
        if close(got, want, tol=1e-9):
            continue
        raise NotYet(mistake(got, [
            (2 * want, "f(x + h) and f(x - h) are 2h apart: divide by 2 * h."),
            ((f(x + h) - f(x)) / h, "that is the one-sided difference; use both sides, x + h and x - h."),
        ], f"for f(x) = {name} at x = {x:g} with h = {h:g} the answer is {want:.8g}, you got {got!r}.",
            tol=1e-9))
    return "your slope is the central difference, accurate to about h**2."
