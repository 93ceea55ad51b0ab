"""One visual convention for every figure and widget in the series, and one way to write numbers.

Forward values are drawn in VALUE colour above an edge, gradients in
GRADIENT colour below it (the CS231n convention: green values, red gradients).
Every number on a drawing, in a readout or in a plot title is written by ``fmt``.
"""

VALUE = "#1a7f37"      # forward values: green
GRADIENT = "#c62828"   # gradients: red
ACTIVE = "#f9a825"     # the node being processed in a step-by-step backward pass
INK = "#222222"        # nodes, axes, text
MUTED = "#9e9e9e"      # not yet computed ("?"), guides, grid

FONT_SIZE = 16         # readable when projected
FONT_FAMILY = "DejaVu Sans, Arial, sans-serif"


def fmt(x):
    """A number as a short label: 4 significant digits, no float noise, no "-0".

    220.00000000000003 -> "220", 0.19661193 -> "0.1966", 1234567 -> "1.235e6";
    None (a gradient not known yet) -> "?".
    """
    if x is None:
        return "?"
    x = float(x)
    if x == 0:
        return "0"
    text = f"{x:.4g}"
    if "e" in text:                      # 1.235e+06 -> 1.235e6
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text


def label(name):
    """An edge name as text on a figure: apple_num -> "apple num"."""
    return name.replace("_", " ")
