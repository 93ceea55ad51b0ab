"""The Affine layer's shapes: boxes drawn to scale, live and static.

One concept: for ``Y = X @ W + b`` with X (N, D), W (D, H), b (H,), every
array of the forward and the backward pass has a shape, and the three
gradient formulas are the only products whose shapes fit:

    dX = dY @ W.T   (N, H) @ (H, D) -> (N, D), the shape of X
    dW = X.T @ dY   (D, N) @ (N, H) -> (D, H), the shape of W
    db = dY summed over the N rows -> (H,),     the shape of b

* ``affine_shapes(N, D, H, product)`` runs ``layers.Affine`` forward and
  backward on arrays of those shapes and returns the shape of everything it
  was given and gave back; then it tries ``product``, one of ``PRODUCTS``, as
  dW: the right X^T dY, or a wrong one (dY^T X, X dY), and says whether numpy
  could multiply, whether the result has W's shape, whether the update
  ``W -= lr * dW`` runs, and whether the numbers are right.
* ``ShapeExplorer(N, D, H)``: sliders N (the main one), D, H and a toggle
  for the product used as dW; two pictures, forward and backward, each one SVG
  string (``panel_svg``), with one box per array, one cell per number, so a box
  is as big as its array; a readout with the shapes and products, numpy's error,
  or, when a wrong product has W's shape (two sizes equal), its numbers beside
  the right ones.
* ``shape_figure(...)``: the static matplotlib twin (the Affine node itself is drawn by
  ``affine_node``).

Every shape shown comes from the arrays ``layers.Affine`` returned (or from
the inputs it was given, for the product tried as dW), never from a formula
here: a layer that returned a gradient of the wrong shape would show up as a
box of the wrong size.
The explorer is an ``explorer.Explorer`` built from the widget kit
``teaching.widgets`` (the readout sent first, then each panel redrawn whole as one
string: one message and one redraw per panel, which keeps a slider step near the
bare round trip; bqplot marks redrawn one by one did not, see benchmarks/README.md).
"""

import html

import ipywidgets as ipw
import matplotlib
import numpy as np
from matplotlib.patches import Rectangle

import layers
from teaching import style, widgets
from teaching.explorer import Explorer
from teaching.figures import RC, new_figure, png
from teaching.widgets import box, container, paint

__all__ = ["PRODUCTS", "SIZE_RANGE", "affine_shapes", "ShapeExplorer", "shape_figure"]

SIZE_RANGE = (1, 6)        # N, D and H sliders
RIGHT = "X\u1d40\u00b7dY"     # the products tried as dW, as the toggle names them
SWAPPED = "dY\u1d40\u00b7X"
UNTURNED = "X\u00b7dY"
PRODUCTS = (RIGHT, SWAPPED, UNTURNED)
# each product: its two operands as (name, function of X and dY); numpy multiplies them
_OPERANDS = {RIGHT: (("X\u1d40", lambda x, dy: x.T), ("dY", lambda x, dy: dy)),
             SWAPPED: (("dY\u1d40", lambda x, dy: dy.T), ("X", lambda x, dy: x)),
             UNTURNED: (("X", lambda x, dy: x), ("dY", lambda x, dy: dy))}

UNIT = 16                  # pixels per cell in the live pictures, the same along x and y
GAP = 2.6                  # room between two boxes for an operator sign, in cells
LABEL = 1.6                # room above a box for its name and shape, in cells
MARGIN = {"top": 44, "bottom": 6, "left": 8, "right": 8}


# ---------------------------------------------------------------------------
# The math: shapes from the layer
# ---------------------------------------------------------------------------

def affine_shapes(N, D, H, product=RIGHT, seed=0):
    """Run layers.Affine on random arrays of the given sizes; try ``product`` as dW.

    Returns a dict: N, D, H, product; ``shapes`` (name -> shape tuple) for X,
    W, b (the arrays given to the layer), Y, dY, dX, db (the arrays it returned
    or stored) and dW, the result of ``product`` (missing if numpy could not
    multiply); ``operands``, the two factors' names and shapes; ``error``,
    numpy's ValueError text, or None; ``update_error``, the text of the error
    ``W -= 0.1 * dW`` raised, or None; ``silent``, True when a wrong product
    ran, has W's shape and so passes every shape test; ``dW`` (the product's
    numbers) and ``right`` (the layer's own dW).
    """
    N, D, H = int(N), int(D), int(H)
    if product not in PRODUCTS:
        raise ValueError(f"product must be one of {PRODUCTS}, got {product!r}")
    rng = np.random.default_rng(seed)
    x, W, b = rng.standard_normal((N, D)), rng.standard_normal((D, H)), rng.standard_normal(H)
    affine = layers.Affine(W, b)
    y = affine.forward(x)
    dy = rng.standard_normal(np.shape(y))
    dx = affine.backward(dy)
    shapes = {"X": x.shape, "W": W.shape, "b": b.shape, "Y": np.shape(y), "dY": dy.shape,
              "dX": np.shape(dx), "db": np.shape(affine.db)}
    factors = [(name, make(x, dy)) for name, make in _OPERANDS[product]]
    error = update_error = got = None
    try:
        got = factors[0][1] @ factors[1][1]
    except ValueError as err:        # numpy's own words, shown as they are
        error = str(err)
    if got is not None:
        shapes["dW"] = got.shape
        try:
            W_updated = W.copy()
            W_updated -= 0.1 * got
        except ValueError as err:
            update_error = str(err)
    fits = got is not None and got.shape == W.shape
    return {"N": N, "D": D, "H": H, "product": product, "shapes": shapes,
            "operands": [(name, f.shape) for name, f in factors], "error": error,
            "update_error": update_error, "dW": got, "right": affine.dW,
            "silent": product != RIGHT and fits}


def _rows_cols(shape):
    """A 1-D array (H,) is drawn as one row of H cells."""
    return (1, shape[0]) if len(shape) == 1 else shape


def _shape_text(shape):
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


# ---------------------------------------------------------------------------
# Layout: boxes and signs in cell units (x to the right, y up; rows go down)
# ---------------------------------------------------------------------------

def _row(items, top):
    """Boxes and signs from left to right, tops aligned at ``top``.

    ``items``: ("box", name, shape, kind) or ("sign", text).  Returns
    (boxes, signs): a box is a dict name, label, x, y (its top-left), w, h,
    kind; a sign is (x, y, text) placed in the gap before the next box.
    """
    boxes, signs, x = [], [], 0.0
    for item in items:
        if item[0] == "sign":
            signs.append((x + GAP / 2, top - 0.9, item[1]))
            x += GAP
            continue
        _, name, shape, kind = item
        rows, cols = _rows_cols(shape)
        boxes.append({"name": name, "label": f"{name} {_shape_text(shape)}", "x": x, "y": top,
                      "w": cols, "h": rows, "kind": kind})
        x += cols
    return boxes, signs


# the largest a panel can get with every size at SIZE_RANGE[1]: fixed, so cells stay one size
_BIG = SIZE_RANGE[1]
FORWARD_BOUNDS = (-0.5, 4 * _BIG + 3 * GAP + 0.5, -_BIG - 0.5, LABEL + 0.3)
BACKWARD_ROWS = [-LABEL, -(2 * LABEL + _BIG + 0.8), -(3 * LABEL + 2 * _BIG + 1.6)]
BACKWARD_BOUNDS = (-0.5, 3 * _BIG + 2 * GAP + 0.5, BACKWARD_ROWS[2] - _BIG - 0.5, 0.3)


def forward_layout(v):
    """X . W + b = Y in one row."""
    s = v["shapes"]
    return _row([("box", "X", s["X"], "value"), ("sign", "\u00b7"),
                 ("box", "W", s["W"], "value"), ("sign", "+"),
                 ("box", "b", s["b"], "value"), ("sign", "="),
                 ("box", "Y", s["Y"], "value")], top=0.0)


def backward_layout(v):
    """Three rows, one per gradient: dY.W^T = dX, the product tried as dW, dY summed = db.

    A dW that numpy could not compute is a missing box of W's shape; one with
    the wrong numbers (a wrong product that fits) is drawn in the warning colour.
    """
    s, N, D, H = v["shapes"], v["N"], v["D"], v["H"]
    kind = "gradient"
    wt = s["W"][::-1]
    (first, first_shape), (second, second_shape) = v["operands"]
    dW_kind = "missing" if v["error"] else "wrong" if v["product"] != RIGHT else kind
    rows = [
        [("box", "dY", s.get("dY", (N, H)), kind), ("sign", "\u00b7"),
         ("box", "W\u1d40", wt, "value"), ("sign", "="),
         ("box", "dX", s.get("dX", (N, D)), kind)],
        [("box", first, first_shape, "value" if first.startswith("X") else kind),
         ("sign", "\u00b7"),
         ("box", second, second_shape, "value" if second.startswith("X") else kind),
         ("sign", "="), ("box", "dW", s.get("dW", (D, H)), dW_kind)],
        [("box", "dY", s.get("dY", (N, H)), kind), ("sign", "\u03a3"),
         ("box", "db", s.get("db", (H,)), kind)],
    ]
    boxes, signs = [], []
    for items, top in zip(rows, BACKWARD_ROWS):
        b, g = _row(items, top)
        boxes += b
        signs += g
    return boxes, signs


_FILL = {"value": style.VALUE, "gradient": style.GRADIENT, "missing": style.MUTED,
         "wrong": style.ACTIVE}


def _outline(box):
    x0, y0, w, h = box["x"], box["y"], box["w"], box["h"]
    return [x0, x0 + w, x0 + w, x0, x0], [y0, y0, y0 - h, y0 - h, y0]


def _cell_lines(boxes):
    """One short segment per inner cell border, so every number has its own cell."""
    xs, ys = [], []
    for b in boxes:
        x0, y0, w, h = b["x"], b["y"], b["w"], b["h"]
        for i in range(1, w):
            xs.append([x0 + i, x0 + i])
            ys.append([y0, y0 - h])
        for j in range(1, h):
            xs.append([x0, x0 + w])
            ys.append([y0 - j, y0 - j])
    return xs, ys


def _labels(boxes, signs):
    xs = [b["x"] + b["w"] / 2 for b in boxes] + [s[0] for s in signs]
    ys = [b["y"] + 0.35 for b in boxes] + [s[1] for s in signs]
    texts = [b["label"] for b in boxes] + [s[2] for s in signs]
    return xs, ys, texts


# ---------------------------------------------------------------------------
# Readout
# ---------------------------------------------------------------------------

def _table(arr, colour):
    """A small array as an HTML table, two decimals, in ``colour``."""
    rows = "".join("<tr>" + "".join(f'<td style="padding:0 6px;text-align:right">{x:.2f}</td>'
                                    for x in row) + "</tr>" for row in arr)
    return f'<table style="display:inline-table;color:{colour};margin:4px 12px">{rows}</table>'


def _dW_line(v):
    """What happened to the product tried as dW, in one or two sentences."""
    s, t = v["shapes"], _shape_text
    (first, first_shape), (second, second_shape) = v["operands"]
    name = f"dW = {v['product']}"
    factors = f"{t(first_shape)}\u00b7{t(second_shape)}"
    if v["error"]:
        return (f"{paint(name, style.GRADIENT)}: &nbsp;{factors}: numpy raised "
                f"<b>ValueError</b>: <code>{html.escape(v['error'])}</code>")
    line = f"{paint(name, style.GRADIENT)}: &nbsp;{factors} \u2192 {t(s['dW'])}"
    if v["product"] == RIGHT:
        return line + f", the shape of W: a sum over the {s['X'][0]} samples"
    if v["update_error"]:
        return (line + f", not W's shape {t(s['W'])}: the update W -= lr\u00b7dW raises "
                f"<b>ValueError</b>: <code>{html.escape(v['update_error'])}</code>")
    return (line + ", W's shape, so no error anywhere, yet the numbers are wrong:<br>"
            f"this dW {_table(v['dW'], style.ACTIVE)} the right X\u1d40\u00b7dY "
            f"{_table(v['right'], style.GRADIENT)}")


def _readout(v):
    s = v["shapes"]
    t = _shape_text
    rows = [
        ("Y = X\u00b7W + b", f"{t(s['X'])}\u00b7{t(s['W'])} \u2192 {t(s['Y'])}, "
                            f"b {t(s['b'])} added to each of the {s['Y'][0]} rows", style.VALUE),
        ("dX = dY\u00b7W\u1d40", f"{t(s['dY'])}\u00b7{t(s['W'][::-1])} \u2192 {t(s['dX'])}, "
                                f"the shape of X", style.GRADIENT),
        ("db = \u03a3 dY", f"{t(s['dY'])} summed over its {s['dY'][0]} rows \u2192 {t(s['db'])}, "
                           f"the shape of b", style.GRADIENT),
    ]
    body = "<br>".join(f"{paint(name, colour)}: &nbsp;{html.escape(text)}"
                       for name, text, colour in rows)
    return box(body + "<br>" + _dW_line(v))


# ---------------------------------------------------------------------------
# The live explorer
# ---------------------------------------------------------------------------

LABEL_SIZE = 15            # px, bold: 22.5 px in the lecture view, which draws it 1.5x
TITLE_SIZE = 16            # px: 24 px in the lecture view


def panel_svg(title, bounds, boxes, signs):
    """One panel as one SVG string: every box (filled by kind, outlined), one white
    line per inner cell border, a label above each box and the signs between them.

    Drawn whole on every change: a picture that is one string is one message and one
    redraw in the browser, where bqplot marks were redrawn one by one (benchmarks/README.md).
    Boxes carry ``class="s-box"`` and ``data-name``; the cell borders are the one
    ``s-cells`` path; labels and signs are ``s-label`` texts (tests read them).
    """
    x0, x1, y0, y1 = bounds
    width = (x1 - x0) * UNIT + MARGIN["left"] + MARGIN["right"]
    height = (y1 - y0) * UNIT + MARGIN["top"] + MARGIN["bottom"]

    def px(x):
        return MARGIN["left"] + (x - x0) * UNIT

    def py(y):
        return MARGIN["top"] + (y1 - y) * UNIT

    num = widgets.svg_number
    parts = [widgets.svg_text(width / 2, 26, title, size=TITLE_SIZE, cls="s-title")]
    for b in boxes:
        parts.append(f'<rect class="s-box" data-name="{html.escape(b["name"])}" '
                     f'x="{num(px(b["x"]))}" y="{num(py(b["y"]))}" width="{num(b["w"] * UNIT)}" '
                     f'height="{num(b["h"] * UNIT)}" fill="{_FILL[b["kind"]]}" '
                     f'fill-opacity="0.35" stroke="{style.INK}" stroke-width="2"/>')
    path = "".join(f"M{num(px(xs[0]))} {num(py(ys[0]))}L{num(px(xs[1]))} {num(py(ys[1]))}"
                   for xs, ys in zip(*_cell_lines(boxes)))
    if path:
        parts.append(f'<path class="s-cells" d="{path}" stroke="white" stroke-width="1"/>')
    for x, y, text in zip(*_labels(boxes, signs)):
        # a label wider than a narrow box at the panel's edge moves inward, not off it
        half = 0.33 * LABEL_SIZE * len(text) + 2       # about half a bold label's width
        x = min(max(px(x), half), width - half)
        parts.append(widgets.svg_text(x, py(y), text, size=LABEL_SIZE, bold=True,
                                      cls="s-label"))
    return widgets.svg(width, height, parts, title)


FORWARD_TITLE = "forward: Y = X\u00b7W + b"
BACKWARD_SHAPES_TITLE = "backward: dX, dW, db, each its array's shape"


def backward_title(product=RIGHT):
    """The backward panel's title, with the product the toggle tries as dW."""
    return f"backward: dX = dY\u00b7W\u1d40, dW = {product}, db = \u03a3 dY"


class ShapeExplorer(Explorer):
    """Sliders N (main), D and H, a toggle for the product used as dW; forward and
    backward boxes to scale.

    ``values`` is ``affine_shapes`` of the current controls; ``panels`` holds the
    two ``ipywidgets.HTML`` pictures (``"forward"``, ``"backward"``), each one SVG
    string made by ``panel_svg`` (also the explorer's ``plots``).
    """

    def __init__(self, N=2, D=3, H=4):
        def size(name, value):
            return widgets.int_slider(name, value, SIZE_RANGE)

        controls = {"N": size("N", N), "D": size("D", D), "H": size("H", H),
                        "dW": ipw.ToggleButtons(options=PRODUCTS, value=RIGHT,
                                            description="dW as")}
        self.panels = {name: ipw.HTML(layout=ipw.Layout(width="auto"))   # side by side
                       for name in ("forward", "backward")}
        self.values = affine_shapes(N, D, H, RIGHT)
        self._moved = False     # formulas in the title only once a control has changed
        self._draw()
        readout = ipw.HTML(_readout(self.values))
        plots = list(self.panels.values())
        super().__init__(title="Affine shapes explorer", controls=controls, main=controls["N"],
                         readout=readout, plots=plots,
                         widget=container(controls, plots, readout))

    def static(self):
        # no stored picture until a control moves: it would show the backward products
        # before the chapter's exercise on them has been worked
        v = self.values
        return png(shape_figure(v["N"], v["D"], v["H"], v["product"])) if self._moved else {}

    def _draw(self):
        v = self.values
        self.panels["forward"].value = panel_svg(FORWARD_TITLE, FORWARD_BOUNDS,
                                                 *forward_layout(v))
        title = backward_title(v["product"]) if self._moved else BACKWARD_SHAPES_TITLE
        self.panels["backward"].value = panel_svg(title, BACKWARD_BOUNDS, *backward_layout(v))

    def update(self, changed):
        c = self.controls
        self.values = affine_shapes(c["N"].value, c["D"].value, c["H"].value, c["dW"].value)
        self._moved = True
        self.readout.value = _readout(self.values)      # the readout first, then the picture
        self._draw()


# ---------------------------------------------------------------------------
# Static twins (matplotlib, no pyplot)
# ---------------------------------------------------------------------------

def _draw_panel(ax, title, bounds, boxes, signs):
    for b in boxes:
        corner = (b["x"], b["y"] - b["h"])
        ax.add_patch(Rectangle(corner, b["w"], b["h"], facecolor=_FILL[b["kind"]], alpha=0.35,
                               edgecolor="none"))
        ax.add_patch(Rectangle(corner, b["w"], b["h"], facecolor="none", edgecolor=style.INK,
                               linewidth=1.5))
    for xs, ys in zip(*_cell_lines(boxes)):
        ax.plot(xs, ys, color="white", linewidth=0.8)
    names = {b["label"] for b in boxes}
    for x, y, text in zip(*_labels(boxes, signs)):
        if text in names:           # name over shape: side by side they ran into each other
            text = text.replace(" ", "\n", 1)
        ax.text(x, y, text, ha="center", va="bottom", fontsize=10, fontweight="bold",
                color=style.INK, linespacing=1.1)
    ax.set(xlim=bounds[:2], ylim=(bounds[2], bounds[3] + 1), aspect="equal", title=title)
    ax.axis("off")


def shape_figure(N=2, D=3, H=4, product=RIGHT):
    """Static twin of ``ShapeExplorer``: forward and backward boxes, what went wrong if any."""
    v = affine_shapes(N, D, H, product)
    with matplotlib.rc_context(RC):
        fig, (left, right) = new_figure(11, 4.2, 2)
        fig.axes[0].get_subplotspec().get_gridspec().set_width_ratios(
            [FORWARD_BOUNDS[1] - FORWARD_BOUNDS[0], BACKWARD_BOUNDS[1] - BACKWARD_BOUNDS[0]])
        _draw_panel(left, FORWARD_TITLE, FORWARD_BOUNDS, *forward_layout(v))
        _draw_panel(right, backward_title(product), BACKWARD_BOUNDS, *backward_layout(v))
        if v["error"] or v["update_error"]:
            fig.suptitle(f"dW = {product}: ValueError", color=style.GRADIENT, fontsize=12)
        elif v["silent"]:
            fig.suptitle(f"dW = {product}: W's shape, wrong numbers", color=style.GRADIENT,
                         fontsize=12)
    return fig
