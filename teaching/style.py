"""One visual convention for every figure and widget in the series.

Forward values are drawn in VALUE colour above an edge, gradients in
GRADIENT colour below it (the CS231n convention: green values, red gradients).
"""

VALUE = "#1a7f37"      # forward values: green
GRADIENT = "#c62828"   # gradients: red
ACTIVE = "#f9a825"     # the node being processed in a step-by-step backward pass
INK = "#222222"        # nodes, axes, text
MUTED = "#9e9e9e"      # not yet computed ("?"), guides, grid

FONT_SIZE = 16         # readable when projected
FONT_FAMILY = "DejaVu Sans, Arial, sans-serif"
