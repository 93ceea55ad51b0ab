"""The static figure kit: matplotlib figures built without pyplot, PNG and SVG out.

matplotlib is the library of the static figures: ``images/`` and each
explorer's stored picture (``Explorer.static()``, a PNG in the explorer's
display bundle), so a notebook opened without a kernel still shows its plots.

* ``new_figure(width, height, ncols)``: a ``StaticFigure`` with a row of axes,
  on its own Agg canvas.  Nothing is registered with pyplot, so there is no
  figure to close and no "too many open figures" warning, and no global
  matplotlib setting changes;
* ``RC``: the series' matplotlib style, applied only while a figure is built or
  saved (``with matplotlib.rc_context(figures.RC):``);
* ``png(figure)``: an explorer's picture for its display bundle;
* ``save_svgs(folder, makers)``: SVG files that are byte-identical on every run
  of one matplotlib version (fixed ``svg.hashsalt``, no date; the version is
  written into the file, since other versions draw slightly differently).
"""

import base64
import io
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from teaching import style

__all__ = ["RC", "StaticFigure", "new_figure", "png", "save_svgs", "set_axes"]

RC = {
    "font.size": 13, "axes.titlesize": 14, "axes.labelsize": 14,
    "axes.edgecolor": style.INK, "axes.labelcolor": style.INK, "text.color": style.INK,
    "xtick.color": style.INK, "ytick.color": style.INK,
    "axes.grid": True, "grid.color": style.MUTED, "grid.alpha": 0.4, "grid.linestyle": "--",
    "lines.linewidth": 2.5, "lines.markersize": 10,
    "svg.hashsalt": "backprop-notebooks", "svg.fonttype": "path",
}
# The matplotlib version stays in the file: its SVG output differs between versions.
# (The Creator still names plots.py, where this kit began: changing the text would
# rewrite every file in images/ for no change in any picture.)
SVG_METADATA = {"Date": None,
                "Creator": f"backprop-notebooks teaching/plots.py, "
                           f"Matplotlib v{matplotlib.__version__}"}


class StaticFigure(Figure):
    """A matplotlib Figure that shows itself as a PNG in a notebook.

    A bare ``Figure`` built without pyplot shows only its text
    ("<Figure size ...>") unless the notebook happens to have imported
    pyplot, which registers the inline display.  This one always brings its
    own PNG (no version stamp, so rebuilt notebooks stay identical); with the
    inline backend active, IPython's formatter is used instead and the
    picture is the same.
    """

    def _repr_png_(self):
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()


def png(figure):
    """An explorer's picture for renderers without a kernel: ``figure`` as a PNG bundle."""
    return {"image/png": base64.b64encode(figure._repr_png_()).decode("ascii")}


def new_figure(width, height, ncols):
    """A ``StaticFigure`` of ``width`` x ``height`` inches and its row of ``ncols`` axes."""
    fig = StaticFigure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)   # its own Agg canvas: no pyplot, no backend switch
    return fig, fig.subplots(1, ncols, squeeze=False)[0]


def save_svgs(folder, makers):
    """Draw each ``(file name, make)`` pair's figure with ``make()`` and write it as SVG
    into ``folder``, in the series' style and with no date inside, so the files are
    byte-identical from run to run (for one matplotlib version).  Returns the paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in makers:
        path = folder / name
        with matplotlib.rc_context(RC):
            make().savefig(path, format="svg", metadata=SVG_METADATA)
        paths.append(path)
    return paths


def set_axes(ax, axes, title, **kw):
    """Limits, labels and title of a matplotlib axes from an explorer's ``axes``."""
    ax.set(xlim=axes.x, ylim=axes.y, xlabel=axes.xlabel, ylabel=axes.ylabel, title=title, **kw)
