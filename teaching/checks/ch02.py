"""Checks for the exercises of chapter 02, the chain rule."""

from layers import numerical_gradient

from .core import NotAttempted, NotYet, answer, check, close, mistake

# no x in {0, 0.5, 1}: there 2x or x**2 equals 1 or x, and a typical mistake would pass
_THREE_LINK_POINTS = [(2.0, -1.0), (-1.5, 0.5), (-0.5, -2.0), (3.0, 1.0)]


@check
def three_links(func):
    """Exercise 2.1: ``three_links(x, y)`` -> dz/dx for z = t**2, t = s + y, s = x**2,
    which is 2t * 1 * 2x = 4x(x**2 + y); compared with that and with a central-difference slope."""
    for x, y in _THREE_LINK_POINTS:
        got = answer(func, x, y, if_none="three_links returns None: return dz/dt * dt/ds * ds/dx.")
        t = x ** 2 + y
        want = 2 * t * 1 * 2 * x   # dz/dt * dt/ds * ds/dx
        slope = numerical_gradient(lambda xv: (xv ** 2 + y) ** 2, x)
        if close(got, want) and close(got, slope, tol=1e-5):
            continue
        raise NotYet(mistake(got, [
            (2 * t, "that is dz/dt * dt/ds: the third link, ds/dx = 2x, is missing."),
            (2 * (x + y), "t is s + y with s = x**2, not x + y: the square inside matters."),
            (t ** 2, "that is z itself; you want its slope dz/dx."),
            (2 * x, "that is only ds/dx: multiply by dz/dt = 2t and dt/ds = 1 as well."),
            (2 * t * x, "ds/dx for s = x**2 is 2x, not x."),
        ], f"at x={x:g}, y={y:g}: s = {x ** 2:g}, t = {t:g}; multiply dz/dt = 2t, dt/ds = 1 and "
           "ds/dx = 2x."))
    return "dz/dx = 2t * 1 * 2x = 4x(x**2 + y) at every point, equal to the numerical slope."


@check
def quotient_chain(func):
    """Exercise 2.2: ``quotient_chain(x, y)`` -> (dz/dx, dz/dy) for z = t**2, t = x / y:
    dt/dx = 1/y and dt/dy = -x/y**2, so the pair is (2t/y, -2tx/y**2)."""
    if func is None or func is Ellipsis:
        raise NotAttempted("write quotient_chain(x, y) returning (dz_dx, dz_dy).")
    for x, y in [(1.0, 2.0), (3.0, 0.5), (-1.0, 4.0), (0.5, -2.0)]:
        got = answer(func, x, y,
                     if_none="quotient_chain returns None: return the pair (dz_dx, dz_dy).",
                     pair="return two numbers: (dz_dx, dz_dy).")
        t = x / y
        want = (2 * t / y, -2 * t * x / y ** 2)   # dz/dt * dt/dx, dz/dt * dt/dy
        if close(got, want):
            continue
        raise NotYet(mistake(got, [
            ((2 * t / y, 2 * t * x / y ** 2), "check the sign of dt/dy: a larger y makes "
                                              "x / y smaller."),
            ((2 * t * y, 2 * t * x), "those are the local derivatives of a product x * y; "
                                     "t here is x / y."),
            ((1 / y, -x / y ** 2), "that is only dt/dx and dt/dy: multiply each by dz/dt."),
            ((2 * t / y, -2 * t / y ** 2), "dt/dy for t = x * y**-1 is x times the derivative "
                                           "of y**-1."),
        ], f"at x={x:g}, y={y:g}: t = {t:g}; multiply dz/dt by dt/dx and by dt/dy."))
    return "(2t/y, -2tx/y**2): both chain-rule products are right, including the sign."


@check
def numerical_slope(func):
    """Exercise 2.3: ``numerical_slope(f, x, h)``, the central difference
    (f(x+h) - f(x-h)) / 2h."""
    # (f as text, f, x, h, exact central difference): for x**3 it is 3x**2 + h**2,
    # for x**2 exactly 2x
    cases = [("x**3", lambda v: v ** 3, 2.0, 1e-3, 12.0 + 1e-6),
             ("x**2", lambda v: v ** 2, -1.5, 0.5, -3.0)]
    for name, f, x, h, want in cases:
        got = answer(func, f, x, h,
                     if_none="numerical_slope returns None: return the difference quotient.")
        if close(got, want, tol=1e-9):
            continue
        raise NotYet(mistake(got, [
            (2 * want, "f(x + h) and f(x - h) are 2h apart: divide by 2 * h."),
            ((f(x + h) - f(x)) / h,
             "that is the one-sided difference; use both sides, x + h and x - h."),
        ], f"for f(x) = {name} at x = {x:g} with h = {h:g} the answer is {want:.8g}, "
           f"you got {got!r}.",
            tol=1e-9))
    return "your slope is the central difference, accurate to about h**2."
