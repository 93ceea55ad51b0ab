"""The warm-up check of chapter 00, start here.

The expected values come from the math: sigma'(x) = s(1 - s) with s = sigma(x), a product
of two numbers that add up to 1, is largest (0.25) where s = 1/2, at x = 0; at x = 6 it is
sigma(6)(1 - sigma(6)), about 0.0025, a hundred times smaller.
"""

import numpy as np

from .core import NotAttempted, NotYet, check, floats, stable_sigmoid, untouched


@check
def warm_up(peak, at_6):
    """The two guesses: the x where the sigmoid's gradient is largest, and its value at 6."""
    if untouched(peak) or untouched(at_6):
        raise NotAttempted("my_peak and my_gradient_at_6 are still None.")
    peak, at_6 = floats(peak), floats(at_6)
    if (peak is None or at_6 is None or peak.shape != () or at_6.shape != ()
            or not np.isfinite(peak + at_6)):
        raise NotYet("write each guess as one number, such as 1.5 or 0.3.")
    s6 = stable_sigmoid(6.0)
    want_at_6 = s6 * (1 - s6)
    if abs(float(peak)) > 0.25:
        raise NotYet("the gradient is σ(1 − σ), a product of two numbers that add up to 1. "
                     "Where is such a product largest, and at which x does σ take that value?")
    if float(at_6) > 2 * want_at_6:
        raise NotYet("too big: at x = 6 the curve is almost flat, so 1 − σ(6) = 1/(1 + e⁶) "
                     "is tiny.")
    if float(at_6) < want_at_6 / 2:
        raise NotYet("too small: σ(6) is close to 1 but not 1, so σ(1 − σ) is small, not zero. "
                     "Estimate 1 − σ(6) = 1/(1 + e⁶).")
    return (f"the gradient is largest, 0.25, at x = 0; at x = 6 it is {want_at_6:.4f}, "
            f"{0.25 / want_at_6:.0f} times smaller. A flat sigmoid passes almost no gradient "
            f"back: that is saturation, chapter 6's subject.")
