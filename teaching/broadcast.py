"""Broadcasting as a picture: a bias row used in N rows, its gradient summed back up.

``BroadcastExplorer(n, bias)``: sliders for the number of rows N and the three
bias values.  The picture (one SVG) shows the forward pass of
``layers.AddLayer`` on x (N, 3) plus b (3,): b's row drawn once in full and
then, faded, as if copied into the other rows (numpy makes no copy), and
out = x + b; below it, the backward pass: dout (N, 3) drawn once as dx, each
column summed into db (3,), which is what ``AddLayer.backward`` returns.  Every
number comes from the layer; nothing is recomputed here.

Moving a bias slider changes out but never db (an add node's local derivative
is 1, whatever the values); moving N adds a row to every column sum.
"""

import html

import ipywidgets as ipw
import numpy as np

import layers
from teaching import style
from teaching.explorer import Explorer
from teaching.style import fmt

__all__ = ["BroadcastExplorer", "broadcast_values", "broadcast_svg"]

H = 3                       # columns: one bias per column
N_RANGE = (1, 6)
BIAS_RANGE = (-2.0, 2.0)
# fixed inputs for up to 6 rows (the first four are chapter 04's batch): x with one
# decimal, dout small whole numbers so the column sums can be added in one's head
X_ALL = np.array([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5], [-2.0, 1.0, 1.0],
                  [0.0, 2.5, -1.5], [1.0, -0.5, 0.5], [-1.0, 2.0, 0.0]])
DOUT_ALL = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0], [1.0, 1.0, 0.0],
                     [2.0, 0.0, 1.0], [1.0, 2.0, 1.0], [0.0, 1.0, 2.0]])


def broadcast_values(n, bias):
    """x, b, out, dout, dx, db for N = ``n`` rows, from ``layers.AddLayer``."""
    if not isinstance(n, (int, np.integer)) or not N_RANGE[0] <= n <= N_RANGE[1]:
        raise ValueError(f"n must be a whole number of rows from {N_RANGE[0]} to {N_RANGE[1]}, "
                         f"got {n!r}")
    b = np.array(bias, dtype=np.float64)
    if b.shape != (H,):
        raise ValueError(f"bias must hold {H} numbers, one per column, got shape {b.shape}")
    x, dout = X_ALL[:n].copy(), DOUT_ALL[:n].copy()
    add = layers.AddLayer()
    out = add.forward(x, b)
    dx, db = add.backward(dout)
    return {"n": n, "x": x, "b": b, "out": out, "dout": dout, "dx": dx, "db": db}


_CELL_W, _CELL_H = 62, 30


def _grid(parts, x0, y0, array, colour, faded_rows=(), title=""):
    """An array as a grid of cells with its numbers; rows in ``faded_rows`` drawn as copies."""
    rows = np.atleast_2d(array)
    if title:
        parts.append(f'<text x="{x0 + rows.shape[1] * _CELL_W / 2:.0f}" y="{y0 - 10}" '
                     f'text-anchor="middle" fill="{style.INK}">{html.escape(title)}</text>')
    for r, row in enumerate(rows):
        faded = r in faded_rows
        for c, value in enumerate(row):
            x, y = x0 + c * _CELL_W, y0 + r * _CELL_H
            dash = ' stroke-dasharray="4 3"' if faded else ""
            parts.append(f'<rect x="{x}" y="{y}" width="{_CELL_W}" height="{_CELL_H}" '
                         f'fill="{"#f4f4f4" if faded else "#ffffff"}" stroke="{style.INK}"'
                         f'{dash}/>')
            parts.append(f'<text x="{x + _CELL_W / 2:.0f}" y="{y + 21}" text-anchor="middle" '
                         f'fill="{colour}" fill-opacity="{0.55 if faded else 1}">'
                         f'{html.escape(fmt(value))}</text>')


def broadcast_svg(v):
    """The forward pass (x + b, b copied down) above the backward pass (dout summed into db)."""
    n, parts = v["n"], []
    gap = 60
    xs = [20, 20 + H * _CELL_W + gap, 20 + 2 * (H * _CELL_W + gap)]
    top = 62
    _grid(parts, xs[0], top, v["x"], style.VALUE, title=f"x, shape ({n}, {H})")
    copies = np.tile(v["b"], (n, 1))
    _grid(parts, xs[1], top, copies, style.VALUE, faded_rows=range(1, n),
          title=(f"b, shape ({H},), as if copied down {n} rows" if n > 1
                 else f"b, shape ({H},), used as shape (1, {H})"))
    _grid(parts, xs[2], top, v["out"], style.VALUE, title=f"out = x + b, shape ({n}, {H})")
    mid = top + n * _CELL_H / 2 + 6
    for x, sign in ((xs[1] - gap / 2, "+"), (xs[2] - gap / 2, "=")):
        parts.append(f'<text x="{x:.0f}" y="{mid:.0f}" text-anchor="middle" font-size="26">'
                     f'{sign}</text>')
    low = top + n * _CELL_H + 90
    # dout drawn once, under b: it is dx as it stands, and its columns summed are db
    _grid(parts, xs[1], low, v["dx"], style.GRADIENT, title=f"dx = dout, shape ({n}, {H})")
    db_y = low + n * _CELL_H + 40
    for c in range(H):                      # an arrow down each column into db
        cx = xs[1] + c * _CELL_W + _CELL_W / 2
        y_from, y_to = low + n * _CELL_H + 4, db_y - 4
        parts.append(f'<path d="M{cx:.0f} {y_from}L{cx:.0f} {y_to}" stroke="{style.GRADIENT}" '
                     'stroke-width="2"/>')
        parts.append(f'<polygon points="{cx - 6:.0f},{y_to - 9} {cx + 6:.0f},{y_to - 9} '
                     f'{cx:.0f},{y_to}" fill="{style.GRADIENT}"/>')
    _grid(parts, xs[1], db_y, v["db"], style.GRADIENT)
    parts.append(f'<text x="{xs[1] - 10}" y="{db_y + 21}" text-anchor="end" '
                 f'fill="{style.INK}">columns summed: db</text>')
    parts.append(f'<text x="{xs[1] + H * _CELL_W + 10}" y="{db_y + 21}" '
                 f'fill="{style.INK}">shape ({n}, {H}) \u2192 ({H},)</text>')
    parts.append(f'<line x1="10" y1="{low - 62}" x2="{xs[2] + H * _CELL_W + 10}" '
                 f'y2="{low - 62}" stroke="{style.MUTED}"/>')
    parts.append(f'<text x="10" y="{top - 42}" fill="{style.INK}" font-weight="bold">'
                 'forward</text>')
    parts.append(f'<text x="10" y="{low - 40}" fill="{style.INK}" font-weight="bold">'
                 'backward</text>')
    width = xs[2] + H * _CELL_W + 20
    height = db_y + _CELL_H + 16
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 -20 {width} {height + 20}" '
            f'width="{width}" height="{height + 20}" style="max-width:100%;height:auto" '
            f'font-family="{style.FONT_FAMILY}" font-size="{style.FONT_SIZE}" role="img">')
    return (f"{head}\n<title>a bias row broadcast down {n} rows and its gradient summed</title>\n"
            + "\n".join(parts) + "\n</svg>\n")


def _readout(v):
    sums = ", ".join(" + ".join(fmt(d) for d in v["dout"][:, c]) + f" = {fmt(v['db'][c])}"
                     for c in range(H))
    return (f'<div style="font-size:{style.FONT_SIZE}px;line-height:1.5">'
            f"db from <code>AddLayer.backward</code>, column by column: "
            f"<b style='color:{style.GRADIENT}'>{html.escape(sums)}</b></div>")


class BroadcastExplorer(Explorer):
    """Sliders N (rows) and b0, b1, b2; the copied rows and the summed gradient, drawn."""

    def __init__(self, n=3, bias=(0.5, -1.0, 0.2)):
        common = {"style": {"description_width": "5em"}, "layout": ipw.Layout(width="26em")}
        controls = {"N": ipw.IntSlider(value=n, min=N_RANGE[0], max=N_RANGE[1],
                                       description="rows N", **common)}
        for h, value in enumerate(bias):
            controls[f"b{h}"] = ipw.FloatSlider(value=value, min=BIAS_RANGE[0],
                                                max=BIAS_RANGE[1], step=0.1,
                                                readout_format=".1f", description=f"b{h}",
                                                **common)
        self.view = ipw.HTML()
        readout = ipw.HTML()
        sliders = ipw.GridBox(list(controls.values()), layout=ipw.Layout(
            grid_template_columns="auto auto", grid_gap="0 1.5em"))
        super().__init__(title="Broadcasting explorer", controls=controls, main=controls["N"],
                         readout=readout, plots=[self.view],
                         widget=ipw.VBox([sliders, self.view, readout]))
        self.update("N")

    def update(self, changed):
        bias = [round(float(self.controls[f"b{h}"].value), 10) for h in range(H)]
        v = self.values = broadcast_values(int(self.controls["N"].value), bias)
        self.readout.value = _readout(v)
        self.view.value = broadcast_svg(v)

    def static(self):
        return {"image/svg+xml": self.view.value}
