"""Broadcasting as a picture: a bias used in many places, its gradient summed back up.

``BroadcastExplorer(n, shape)``: a slider for the number of rows N and a toggle for the
shape of the bias, (3,) or (1, 3), and a "show db" button.  The picture (one SVG) shows the
forward pass of ``layers.AddLayer`` on a (N, 3) plus b: b drawn once in full and then, faded,
as if copied down the rows (numpy makes no copy), and out = a + b; below it,
the backward pass: dout (N, 3), which is also dx, drawn once and summed along that axis
into db, which has the shape of b and is what ``AddLayer.backward`` returns.  A 2-D array
is drawn in brackets, a 1-D one as a bare strip, so a (3,) bias and its db look unlike a
(1, 3) one even where the numbers agree.  Every number comes from the layer; nothing is
recomputed here.

Moving N adds a row, one more use of every number of b, so db gains that row of dout
(the bias sum has one term per row); the shape toggle changes whether axis 0 is kept.  A new
shape hides db (drawn as "db = ?", with no cells, arrows or summed axis) until "show db" is
pressed, so each new db can be worked out before it is read; moving N keeps it as it is,
so the sum can be watched as rows join it.

``compare_db(layer_class, x, dout, bias, rate, references)`` prints the db of a layer the
learner wrote (one of another shape with that shape) above the references computed in the
notebook (the numerical gradient's), each with the shape of the step ``bias - rate * db``.

"""

import html

import ipywidgets as ipw
import numpy as np

import layers
from teaching import style
from teaching.explorer import Explorer
from teaching.reveal import lecturing
from teaching.style import fmt

__all__ = ["BroadcastExplorer", "bias_of_shape", "broadcast_values", "broadcast_svg",
           "compare_db"]

H = 3                       # columns: one bias per column
N_RANGE = (1, 6)
# fixed inputs for up to 6 rows (the first four are chapter 04's batch): x with one
# decimal, dout small whole numbers so the column sums can be added in one's head
X_ALL = np.array([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5], [-2.0, 1.0, 1.0],
                  [0.0, 2.5, -1.5], [1.0, -0.5, 0.5], [-1.0, 2.0, 0.0]])
DOUT_ALL = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0], [1.0, 1.0, 0.0],
                     [2.0, 0.0, 1.0], [1.0, 2.0, 1.0], [0.0, 1.0, 2.0]])


# the bias of each shape the toggle offers: three numbers, flat or as a row
SHAPES = ("(3,)", "(1, 3)")
BIAS_ALL = np.array([0.1, -0.2, 0.3, 0.4, -0.5, 0.6])


def bias_of_shape(shape, n):
    """The bias of ``shape`` (one of SHAPES) for N = ``n``."""
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}, got {shape!r}")
    values = BIAS_ALL.copy()
    return {"(3,)": values[:H], "(1, 3)": values[None, :H]}[shape]


def broadcast_values(n, bias):
    """x, b, out, dout, dx, db for N = ``n`` rows, from ``layers.AddLayer``; ``axis`` is the
    axis of out that b is broadcast along (0: down the rows, 1: across the columns)."""
    if not isinstance(n, (int, np.integer)) or not N_RANGE[0] <= n <= N_RANGE[1]:
        raise ValueError(f"n must be a whole number of rows from {N_RANGE[0]} to {N_RANGE[1]}, "
                         f"got {n!r}")
    b = np.array(bias, dtype=np.float64)
    if b.shape not in ((H,), (1, H), (n, 1)):
        raise ValueError(f"bias must hold {H} numbers, one per column (shape ({H},) or "
                         f"(1, {H})), or {n}, one per row (shape ({n}, 1)); got shape {b.shape}")
    x, dout = X_ALL[:n].copy(), DOUT_ALL[:n].copy()
    add = layers.AddLayer()
    out = add.forward(x, b)
    dx, db = add.backward(dout)
    axis = 1 if b.shape[-1] == 1 else 0
    return {"n": n, "x": x, "b": b, "out": out, "dout": dout, "dx": dx, "db": db, "axis": axis}


_CELL_W, _CELL_H = 62, 30


def _grid(parts, x0, y0, array, colour, faded=(), title=""):
    """An array as a grid of cells with its numbers, under its title (a line or a list of
    lines); cells (r, c) in ``faded`` drawn as copies."""
    rows = np.atleast_2d(array)
    lines = [title] if isinstance(title, str) else title     # one line, or several
    for k, line in enumerate(reversed([line for line in lines if line])):
        parts.append(f'<text x="{x0 + rows.shape[1] * _CELL_W / 2:.0f}" y="{y0 - 10 - 20 * k}" '
                     f'text-anchor="middle" fill="{style.INK}">{html.escape(line)}</text>')
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            copy = (r, c) in faded
            x, y = x0 + c * _CELL_W, y0 + r * _CELL_H
            dash = ' stroke-dasharray="4 3"' if copy else ""
            parts.append(f'<rect x="{x}" y="{y}" width="{_CELL_W}" height="{_CELL_H}" '
                         f'fill="{"#f4f4f4" if copy else "#ffffff"}" stroke="{style.INK}"'
                         f'{dash}/>')
            parts.append(f'<text x="{x + _CELL_W / 2:.0f}" y="{y + 21}" text-anchor="middle" '
                         f'fill="{colour}" fill-opacity="{0.55 if copy else 1}">'
                         f'{html.escape(fmt(value))}</text>')


def _brackets(parts, x0, y0, rows, cols):
    """Square brackets around ``rows`` x ``cols`` cells at (x0, y0): the mark of a 2-D array
    (a 1-D one is drawn as a bare strip, as numpy prints [..] against [[..]])."""
    x1, y1 = x0 + cols * _CELL_W, y0 + rows * _CELL_H
    height = y1 - y0 + 6
    for path in (f"M{x0 - 3} {y0 - 3}h-6v{height}h6", f"M{x1 + 3} {y0 - 3}h6v{height}h-6"):
        parts.append(f'<path d="{path}" fill="none" stroke="{style.INK}" stroke-width="2.5"/>')


def _matrix(parts, x0, y0, array, colour, title=""):
    """``array`` as a grid, in brackets if it is 2-D."""
    _grid(parts, x0, y0, array, colour, title=title)
    if np.ndim(array) == 2:
        _brackets(parts, x0, y0, *np.shape(array))


def _arrow(parts, x1, y1, x2, y2):
    """A red arrow from (x1, y1) to (x2, y2), horizontal or vertical."""
    parts.append(f'<path d="M{x1:.0f} {y1:.0f}L{x2:.0f} {y2:.0f}" stroke="{style.GRADIENT}" '
                 'stroke-width="2"/>')
    if x1 == x2:
        tip = f"{x2 - 6:.0f},{y2 - 9:.0f} {x2 + 6:.0f},{y2 - 9:.0f} {x2:.0f},{y2:.0f}"
    else:
        tip = f"{x2 - 9:.0f},{y2 - 6:.0f} {x2 - 9:.0f},{y2 + 6:.0f} {x2:.0f},{y2:.0f}"
    parts.append(f'<polygon points="{tip}" fill="{style.GRADIENT}"/>')


def _shape(shape):
    return f"({shape[0]},)" if len(shape) == 1 else f"({', '.join(map(str, shape))})"


def broadcast_svg(v, show_db=True):
    """The forward pass (x + b, b copied along an axis) above the backward pass: dout, then,
    if ``show_db``, dout summed along that axis into db (else "db = ?": no shape, no sums)."""
    n, b, parts = v["n"], v["b"], []
    across = v["axis"] == 1
    gap = 60
    xs = [20, 20 + H * _CELL_W + gap, 20 + 2 * (H * _CELL_W + gap)]
    top = 62
    _matrix(parts, xs[0], top, v["x"], style.VALUE, title=f"a, shape ({n}, {H})")
    copies = np.broadcast_to(b, (n, H))
    if across:
        faded = {(r, c) for r in range(n) for c in range(1, H)}
        how_used = f"as if copied across {H} columns"
    elif n > 1:
        faded, how_used = {(r, c) for r in range(1, n) for c in range(H)}, \
            f"as if copied down {n} rows"
    else:
        faded, how_used = set(), f"used as shape (1, {H})"
    _grid(parts, xs[1], top, copies, style.VALUE, faded=faded,
          title=[f"b, shape {_shape(b.shape)},", how_used])
    if b.ndim == 2:                         # b's own cells: a row or a column, in brackets
        _brackets(parts, xs[1], top, *b.shape)
    _matrix(parts, xs[2], top, v["out"], style.VALUE, title=f"out = a + b, shape ({n}, {H})")
    mid = top + n * _CELL_H / 2 + 6
    for x, sign in ((xs[1] - gap / 2, "+"), (xs[2] - gap / 2, "=")):
        parts.append(f'<text x="{x:.0f}" y="{mid:.0f}" text-anchor="middle" font-size="26">'
                     f'{sign}</text>')
    low = top + n * _CELL_H + 90
    # dout drawn once, under b: summed along b's axis it is db (and, as it stands, it is dx)
    _matrix(parts, xs[1], low, v["dout"], style.GRADIENT,
            title=["dout (here also dx),", f"shape ({n}, {H})"])
    shapes = f"shape ({n}, {H}) \u2192 {_shape(v['db'].shape)}"
    if b.ndim == 1:
        how = "axis 0 summed away: numpy added it in front of b"
    elif b.shape == (n, H):
        how = "nothing summed: b already has the shape of out"
    else:
        how = f"axis {v['axis']} summed and kept with size 1: b has a 1 there"
    if not show_db:                         # db's shape and its sums are the answer: not drawn
        bottom = low + n * _CELL_H + 40
        parts.append(f'<text x="{xs[1]}" y="{bottom}" fill="{style.GRADIENT}">db = ?  (its '
                     'shape too: press show db)</text>')
    elif across:                            # an arrow along each row into db, on the right
        db_x = xs[1] + H * _CELL_W + 60
        for r in range(n):                  # from outside dout's bracket to outside db's
            cy = low + r * _CELL_H + _CELL_H / 2
            _arrow(parts, xs[1] + H * _CELL_W + 14, cy, db_x - 14, cy)
        _matrix(parts, db_x, low, v["db"], style.GRADIENT,
                title=["db: each row summed", "(axis 1)"])
        bottom = low + n * _CELL_H
    else:                                   # an arrow down each column into db
        db_y = low + n * _CELL_H + 40
        summed = b.shape != (n, H)          # else db is dout itself: no arrow, no sum
        for c in range(H if summed else 0):
            cx = xs[1] + c * _CELL_W + _CELL_W / 2
            _arrow(parts, cx, low + n * _CELL_H + 4, cx, db_y - 4)
        _matrix(parts, xs[1], db_y, v["db"], style.GRADIENT)
        label = "each column summed (axis 0): db" if summed else "db"
        parts.append(f'<text x="{xs[1] - 14}" y="{db_y + 21}" text-anchor="end" '
                     f'fill="{style.INK}">{label}</text>')
        bottom = db_y + _CELL_H
    if show_db:                             # which axis is summed is part of the answer
        parts.append(f'<text x="{xs[0]}" y="{bottom + 28}" fill="{style.INK}">{shapes}: '
                     f'{html.escape(how)}</text>')
    height = bottom + 40
    parts.append(f'<line x1="10" y1="{low - 62}" x2="{xs[2] + H * _CELL_W + 10}" '
                 f'y2="{low - 62}" stroke="{style.MUTED}"/>')
    parts.append(f'<text x="10" y="{top - 42}" fill="{style.INK}" font-weight="bold">'
                 'forward</text>')
    parts.append(f'<text x="10" y="{low - 40}" fill="{style.INK}" font-weight="bold">'
                 'backward</text>')
    width = xs[2] + H * _CELL_W + 20
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 -20 {width} {height + 20}" '
            f'width="{width}" height="{height + 20}" style="max-width:100%;height:auto" '
            f'font-family="{style.FONT_FAMILY}" font-size="{style.FONT_SIZE}" role="img">')
    return (f"{head}\n<title>a bias of shape {_shape(b.shape)} broadcast over ({n}, {H}) and "
            "its gradient summed</title>\n" + "\n".join(parts) + "\n</svg>\n")


def _readout(v, show_db=True):
    if not show_db:
        return (f'<div style="font-size:{style.FONT_SIZE}px;line-height:1.5">'
                f"{len(v['dout'])} rows of dout; db hidden: work out its shape and the cells "
                "each of its numbers collects, then press <b>show db</b>.</div>")
    lines = v["dout"].T if v["axis"] == 0 else v["dout"]
    what = "column" if v["axis"] == 0 else "row"
    sums = ", ".join(" + ".join(fmt(d) for d in line) + f" = {fmt(s)}" if len(line) > 1
                     else fmt(s) for line, s in zip(lines, v["db"].ravel()))
    return (f'<div style="font-size:{style.FONT_SIZE}px;line-height:1.5">'
            f"db from <code>layers.AddLayer.backward</code>, {what} by {what}: "
            f"<b style='color:{style.GRADIENT}'>{html.escape(sums)}</b></div>")


class BroadcastExplorer(Explorer):
    """Slider N (rows), a toggle for the shape of b and a "show db" button; the copies numpy
    reads and the summed gradient, drawn (db hidden until the button is pressed)."""

    def __init__(self, n=4, shape="(3,)", show_db=False):
        bias_of_shape(shape, n)                     # refuses an unknown shape here
        common = {"style": {"description_width": "7em"}, "layout": ipw.Layout(width="26em")}
        controls = {
            "N": ipw.IntSlider(value=n, min=N_RANGE[0], max=N_RANGE[1],
                               description="rows N", **common),
            "shape": ipw.ToggleButtons(options=SHAPES, value=shape, description="shape of b",
                                       style={"description_width": "7em"}),
            "db": ipw.ToggleButton(value=show_db, description="show db",
                                   layout=ipw.Layout(width="8em")),
        }
        self.view = ipw.HTML()
        readout = ipw.HTML()
        super().__init__(title="Broadcasting explorer", controls=controls, main=controls["N"],
                         readout=readout, plots=[self.view],
                         widget=ipw.VBox([*controls.values(), self.view, readout]))
        self.update("N")

    def update(self, changed):
        if changed == "shape" and self.controls["db"].value:
            self.controls["db"].value = False   # a new shape: db hidden, redrawn
            return
        n, show_db = int(self.controls["N"].value), self.controls["db"].value
        bias = bias_of_shape(self.controls["shape"].value, n)
        v = self.values = broadcast_values(n, bias)
        self.readout.value = _readout(v, show_db)
        self.view.value = broadcast_svg(v, show_db)

    def static(self):
        return {"image/svg+xml": self.view.value}


def compare_db(layer_class, x, dout, bias, rate, references):
    """The db of x + ``bias`` from a fresh ``layer_class()``, printed above ``references``
    ({name: db}, computed in the notebook), each with the shape of the step
    ``bias - rate * db``.  A layer that raises is reported, not raised; a db of another
    shape than the bias is printed with its shape.  In the lecture view, where nobody wrote
    the layer, its line shows what a simple add layer hands back: ``dout`` itself."""
    if lecturing():
        yours = np.asarray(dout, dtype=np.float64)
    else:
        try:
            layer = layer_class()
            layer.forward(x, bias)
            yours = np.asarray(layer.backward(dout)[1], dtype=np.float64)
        except NotImplementedError:             # the template, untouched
            yours = "not written yet"
        except Exception as error:              # not working yet
            yours = "not working yet, it raised " + type(error).__name__
    print(f"b has shape {bias.shape}; db from")
    rows = {layer_class.__name__: yours, **references}
    width = max(map(len, rows)) + 1
    for name, db in rows.items():
        if isinstance(db, str):
            print(f"  {name:{width}}", db)
            continue
        db = np.round(db, 6)
        print(f"  {name:{width}}", db.tolist() if db.shape == bias.shape else _unsummed(db))
        print(f"  {'':{width}} b - rate * db has shape {(bias - rate * db).shape}")


def _unsummed(db):
    """A db of another shape than its bias, as its numbers and its shape."""
    return f"{db.tolist()}, shape {db.shape}"
