"""The Affine node Y = X W + b drawn as a graph, with the shape of every value and gradient.

One concept: the picture chapter 07 shows *before* it derives the backward pass, so
it labels each gradient with its shape only (dX (N, D), dW (D, H), db (H,)); the
formulas are derived in the chapter and written there once.

* ``affine_node_figure()``: the static matplotlib drawing;
* ``save_figures(folder)``: writes ``affine_node.svg``.
"""

import matplotlib
from matplotlib.patches import Circle

from teaching import style
from teaching.figures import RC, new_figure, save_svgs

__all__ = ["EDGES", "affine_node_figure", "save_figures"]

# (points of the edge, labelled on its first part; value above, gradient below)
EDGES = [
    ([(0.3, 3.9), (3.6, 3.9), (4.75, 2.77)], "X  (N, D)", "dX  (N, D)"),
    ([(0.3, 1.1), (3.6, 1.1), (4.75, 2.23)], "W  (D, H)", "dW  (D, H)"),
    ([(5.36, 2.5), (7.24, 2.5)], "X\u00b7W  (N, H)", "dY  (N, H)"),
    ([(5.2, 0.55), (7.6, 0.55), (7.6, 2.14)], "b  (H,)", "db  (H,)"),
    ([(7.96, 2.5), (10.3, 2.5)], "Y  (N, H)", "dY  (N, H)"),
]


def affine_node_figure():
    """X (N, D) and W (D, H) enter a dot node; its output (N, H) and b (H,) enter a + node,
    which gives Y (N, H).  Above each edge the value and its shape (green), below it the
    gradient that flows back and its shape (red): every gradient has its array's shape."""
    with matplotlib.rc_context(RC):
        fig, (ax,) = new_figure(10, 4.4, 1)
        ax.set(xlim=(0, 10.4), ylim=(0, 4.4), aspect="equal")
        ax.axis("off")
        for x, y, sign in [(5.0, 2.5, "\u00b7"), (7.6, 2.5, "+")]:
            ax.add_patch(Circle((x, y), 0.36, facecolor="white", edgecolor=style.INK,
                                linewidth=2, zorder=2))
            ax.text(x, y, sign, ha="center", va="center", fontsize=22, color=style.INK, zorder=3)
        for points, value, gradient in EDGES:
            xs, ys = zip(*points)
            ax.plot(xs[:-1], ys[:-1], color=style.INK, linewidth=2, solid_capstyle="butt")
            ax.annotate("", xy=points[-1], xytext=points[-2],
                        arrowprops={"arrowstyle": "-|>", "color": style.INK, "lw": 2,
                                    "shrinkA": 0, "shrinkB": 0})
            (x0, y0), (x1, _) = points[0], points[1]
            ax.text((x0 + x1) / 2, y0 + 0.12, value, ha="center", va="bottom",
                    color=style.VALUE, fontsize=13, fontweight="bold")
            ax.text((x0 + x1) / 2, y0 - 0.12, gradient, ha="center", va="top",
                    color=style.GRADIENT, fontsize=13)
        ax.set_title("The Affine node, Y = X\u00b7W + b: a shape on every edge "
                     "(values above, gradients below)")
    return fig


def save_figures(folder):
    """Write affine_node.svg into ``folder``; return the paths written."""
    return save_svgs(folder, [("affine_node.svg", affine_node_figure)])
