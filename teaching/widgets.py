"""The live widget kit every explorer is built from: bqplot figures, sliders, readouts.

Why bqplot: a slider must answer while it is dragged.  bqplot marks are
ipywidgets drawn by d3 in the browser, so a slider change sends a few numbers
(the new point, the readout) instead of a picture; of the libraries tried
(plotly FigureWidget, ipympl, ``interact`` with inline matplotlib) only bqplot
kept up with a slider that merely updates a text label.

How an explorer uses the kit (``plots.py``, ``shapes.py``, ``softmax_view.py``,
``training_view.py``):

* ``slider`` / ``int_slider`` make the controls, ``read`` reads a float slider;
* ``axes`` and ``figure`` build a bqplot figure, ``figure_layout`` sizes it;
* ``box``, ``paint``, ``value``, ``gradient`` write the HTML readout in the
  series' colours (``style.VALUE`` for values, ``style.GRADIENT`` for gradients);
* ``container`` lays controls, figures and readout out in one widget;
* ``hold`` batches each widget's changes into one message, ``set_changed`` sends
  only the traits whose values changed;
* ``svg``, ``svg_text``, ``svg_image``, ``png_bytes`` and ``colour_map`` draw a
  whole picture as one SVG string for an ``ipywidgets.HTML`` (``shapes.py``, the
  image panels of ``training_view.py``): one message and one redraw per change,
  where a bqplot figure redraws each of its marks (benchmarks/README.md).

Update order on a slider change: the readout first, then the marks.  Measured
in JupyterLab, a message queued behind bqplot mark updates was applied about
20-30 ms later (the sigmoid explorer took 1.8x the bare round trip); with the
readout sent first, readout and marks land in the same frame (about 1.1x).
Only what changed is sent: a traitlet set to an array is sent even when equal.

``bq`` is bqplot itself, imported here once with its import-time warning
filtered (see below), so explorers write ``from teaching.widgets import bq``.
"""

import base64
import contextlib
import html
import struct
import warnings
import zlib

import ipywidgets as ipw
import numpy as np

from teaching import style
from teaching.style import fmt

with warnings.catch_warnings():
    # bqscales (imported by bqplot 0.13) passes trait metadata the pre-4.1
    # traitlets way and gets a DeprecationWarning at import time; harmless,
    # but it would fail every test run with warnings as errors.
    warnings.filterwarnings("ignore", message="metadata .* was set from the constructor",
                            category=DeprecationWarning)
    import bqplot as bq

__all__ = ["bq", "STEP", "slider", "int_slider", "read", "hold", "set_changed", "box", "paint",
           "value", "gradient", "axes", "figure", "figure_layout", "container", "MARGIN",
           "scales", "plot", "curve", "point", "svg", "svg_text", "svg_image", "svg_number",
           "png_bytes", "colour_map"]

STEP = 0.1                 # the float sliders' step
MARGIN = {"top": 50, "bottom": 55, "left": 70, "right": 20}   # a plot with two axes


# ---------------------------------------------------------------------------
# Controls
# ---------------------------------------------------------------------------

def slider(name, value, bounds, step=STEP):
    """A float slider from ``bounds[0]`` to ``bounds[1]`` that reports while dragged."""
    return ipw.FloatSlider(value=value, min=bounds[0], max=bounds[1], step=step,
                           description=name, readout_format=".1f", continuous_update=True,
                           layout=ipw.Layout(width="420px"))


def int_slider(name, value, bounds):
    """A whole-number slider from ``bounds[0]`` to ``bounds[1]`` that reports while dragged."""
    return ipw.IntSlider(value=value, min=bounds[0], max=bounds[1], description=name,
                         continuous_update=True, layout=ipw.Layout(width="300px"))


def read(float_slider):
    """A float slider's value without float noise.

    Slider steps of 0.1 arrive with noise (1e-17 for 0); ReLU at 0 must see 0.
    """
    return round(float(float_slider.value), 10)


def hold(*widgets):
    """Batch each widget's changes into one message (no half-updated frame)."""
    stack = contextlib.ExitStack()
    for w in widgets:
        stack.enter_context(w.hold_sync())
    return stack


def _same(old, new):
    try:
        return np.array_equal(np.asarray(old), np.asarray(new))
    except (TypeError, ValueError):   # ragged or not comparable: treat as changed
        return False


def set_changed(widget, **traits):
    """Set only those ``traits`` of ``widget`` whose value differs from what it holds.

    A trait set to an array is sent to the browser, and redrawn there, even when the
    array is equal to the old one (traitlets cannot compare arrays); this sends only
    what changed.  Use it inside ``hold`` to send the changes as one message.
    """
    for name, new in traits.items():
        if not _same(getattr(widget, name), new):
            setattr(widget, name, new)


# ---------------------------------------------------------------------------
# Readouts (HTML)
# ---------------------------------------------------------------------------

def box(body):
    """A readout's HTML: ``body`` in the series' type, large enough to project."""
    return (f'<div style="font-family:{style.FONT_FAMILY};font-size:{style.FONT_SIZE}px;'
            f'color:{style.INK};line-height:1.6">{body}</div>')


def paint(text, colour):
    """``text`` in bold, in ``colour`` (escaped for HTML)."""
    return f'<b style="color:{colour}">{html.escape(text)}</b>'


def value(number):
    """A forward value in a readout: green."""
    return paint(fmt(number), style.VALUE)


def gradient(number):
    """A gradient in a readout: red."""
    return paint(fmt(number), style.GRADIENT)


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------

def axes(sx, sy, xlabel="", ylabel="", *, tick_size=None, x_grid=True):
    """The x axis below and the y axis on the left of a bqplot figure (dashed grid)."""
    ticks = {"font-size": tick_size} if tick_size else {}
    return [bq.Axis(scale=sx, label=xlabel, tick_style=ticks,
                    grid_lines="dashed" if x_grid else "solid"),
            bq.Axis(scale=sy, label=ylabel, side="left", tick_style=ticks,
                    grid_lines="dashed", label_offset="45px")]


def figure(title, marks, axes=(), *, title_size="18px", margin=None, layout=None, **kw):
    """A bqplot figure that never animates (a drag must not lag behind)."""
    return bq.Figure(marks=list(marks), axes=list(axes), title=title, animation_duration=0,
                     title_style={"font-size": title_size}, fig_margin=margin or dict(MARGIN),
                     layout=layout or figure_layout(), **kw)


def figure_layout(width=None, height="330px"):
    """A fixed ``width``; or, without one, a panel that shares its row with another and
    wraps below it only on a narrow screen."""
    if width:
        return ipw.Layout(width=width, height=height)
    return ipw.Layout(flex="1 1 420px", min_width="340px", max_width="640px", height=height)


# Large print for projection.  Sent once per explorer in its own HTML widget:
# a <style> inside the readout would be parsed again on every slider change.
CSS = f"""<style>
.bp-explorer .bp-plot .tick text {{ font-size: 16px !important; }}
.bp-explorer .bp-plot .axislabel {{ font-size: 17px !important; }}
.bp-explorer .widget-slider .widget-label,
.bp-explorer .widget-slider .widget-readout {{ font-size: {style.FONT_SIZE}px; }}
</style>"""


def container(controls, figures, readout):
    """Controls in a row, the figures side by side below them, then the readout."""
    return ipw.VBox([ipw.HTML(CSS),
                     ipw.HBox(list(controls.values()), layout=ipw.Layout(flex_flow="row wrap")),
                     ipw.HBox(figures, layout=ipw.Layout(flex_flow="row wrap", width="100%")),
                     readout])


# ---------------------------------------------------------------------------
# Plot explorers: a curve and a point on two linear scales
# ---------------------------------------------------------------------------

def scales(ranges):
    """Linear x and y scales for ``ranges`` (anything with .x and .y pairs, e.g. plots.Axes)."""
    return (bq.LinearScale(min=ranges.x[0], max=ranges.x[1]),
            bq.LinearScale(min=ranges.y[0], max=ranges.y[1]))


def plot(title, marks, scales, ranges, width=None):
    """A plot explorer's figure: ``marks`` on ``scales``, axes labelled as ``ranges`` says."""
    return figure(title, marks, axes(*scales, ranges.xlabel, ranges.ylabel, tick_size="14px"),
                  title_size="20px", layout=figure_layout(width))


def curve(xs, ys, scales, color, **kw):
    """A thick line through (xs, ys)."""
    sx, sy = scales
    return bq.Lines(x=xs, y=ys, scales={"x": sx, "y": sy}, colors=[color],
                    stroke_width=3, **kw)


def point(x, y, scales, color):
    """One large dot at (x, y)."""
    sx, sy = scales
    return bq.Scatter(x=[x], y=[y], scales={"x": sx, "y": sy}, colors=[color],
                      stroke=style.INK, default_size=140)


# ---------------------------------------------------------------------------
# Pictures as one SVG string (for an ipywidgets.HTML)
# ---------------------------------------------------------------------------

def svg_number(v):
    """A coordinate with one decimal, so the same picture is the same text everywhere."""
    text = f"{v:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def svg(width, height, parts, title):
    """An SVG picture of ``width`` x ``height`` px holding ``parts`` (element strings).

    In the series' type; it shrinks to fit a narrow screen (the lecture view draws it
    1.5 times larger, as it does the graphs).  ``title`` is what a screen reader says.
    """
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {svg_number(width)} '
            f'{svg_number(height)}" width="{svg_number(width)}" height="{svg_number(height)}" '
            f'style="max-width:100%;height:auto" font-family="{style.FONT_FAMILY}" '
            f'font-size="{style.FONT_SIZE}" role="img">'
            f"<title>{html.escape(title)}</title>{''.join(parts)}</svg>")


def svg_text(x, y, text, *, size=style.FONT_SIZE, fill=style.INK, anchor="middle", bold=False,
             cls=None):
    """``text`` with its baseline at ``y``, centred on ``x`` (or starting/ending there)."""
    extra = f' class="{cls}"' if cls else ""
    extra += ' font-weight="bold"' if bold else ""
    extra += "" if size == style.FONT_SIZE else f' font-size="{svg_number(size)}"'
    return (f'<text x="{svg_number(x)}" y="{svg_number(y)}" text-anchor="{anchor}" '
            f'fill="{fill}"{extra}>{html.escape(text)}</text>')


def svg_image(x, y, width, height, png, cls=None):
    """PNG bytes drawn in the box (x, y, width, height), each pixel a sharp square."""
    extra = f' class="{cls}"' if cls else ""
    data = base64.b64encode(png).decode("ascii")
    return (f'<image x="{svg_number(x)}" y="{svg_number(y)}" width="{svg_number(width)}" '
            f'height="{svg_number(height)}" preserveAspectRatio="none" '
            f'style="image-rendering:pixelated"{extra} href="data:image/png;base64,{data}"/>')


def png_bytes(rgb):
    """An (h, w, 3) array of 0-255 colours as the bytes of a PNG file (no pixel added)."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    if rgb.ndim != 3 or rgb.shape[2] != 3:
        raise ValueError(f"png_bytes wants an (h, w, 3) array of colours, got shape {rgb.shape}")
    h, w, _ = rgb.shape
    rows = np.hstack([np.zeros((h, 1), np.uint8), rgb.reshape(h, 3 * w)])  # filter 0 per row

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows.tobytes(), 6)) + chunk(b"IEND", b""))


def colour_map(values, colours, low, high):
    """Numbers as colours: ``low`` .. ``high`` spread evenly over ``colours`` ("#rrggbb"),
    mixed linearly in between (as bqplot's ColorScale and matplotlib's colour maps do);
    values outside are clipped.  Returns uint8 (..., 3)."""
    stops = np.array([[int(c[i:i + 2], 16) for i in (1, 3, 5)] for c in colours], float)
    at = np.clip((np.asarray(values, float) - low) / (high - low), 0, 1) * (len(colours) - 1)
    k = np.minimum(at.astype(int), len(colours) - 2)
    f = (at - k)[..., None]
    return np.rint(stops[k] * (1 - f) + stops[k + 1] * f).astype(np.uint8)
