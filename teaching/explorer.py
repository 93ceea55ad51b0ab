"""Live explorers: sliders, a picture that follows them and a readout, in one widget.

``Explorer`` is the contract every explorer of the series keeps (the graph
explorer here, the plot explorers in ``plots.py``):

* ``controls``: name -> slider, in display order; ``main``: the main slider;
* ``readout``: an HTML widget with the numbers in words;
* ``plots``: the widgets that draw the picture;
* ``widget``: the container to display;
* ``update(changed)``: called with a control's name whenever it moves.

Browser tests and the benchmark find the parts by CSS class: ``bp-explorer``
on the container, ``bp-main`` on the main slider, ``bp-readout`` on the
readout and ``bp-plot`` on each plot.  Displayed in a notebook, an explorer
shows its widget; its text/plain is a fixed sentence (``text``) so that a
stored notebook compares equal under strict nbval.

``GraphExplorer`` puts a ``graph.Graph`` under sliders, with Step / Reset /
Run all buttons for the backward pass.
"""

import math
from xml.sax.saxutils import escape

import ipywidgets as ipw

from teaching import style
from teaching.drawing import to_svg
from teaching.style import fmt, label

__all__ = ["Explorer", "GraphExplorer"]


class Explorer:
    """The parts of a live explorer and how it shows itself (see the module docstring)."""

    def __init__(self, title, controls, main, readout, plots, widget):
        self.title = title
        self.controls = controls
        self.main = main
        self.readout = readout
        self.plots = plots
        self.widget = widget
        widget.add_class("bp-explorer")
        main.add_class("bp-main")
        readout.add_class("bp-readout")
        for plot in plots:
            plot.add_class("bp-plot")
        for name, control in controls.items():
            control.observe(lambda change, name=name: self.update(name), names="value")

    def update(self, changed):
        """Bring the picture and the readout up to date after control ``changed`` moved."""
        raise NotImplementedError(f"{type(self).__name__} must define update()")

    @property
    def text(self):
        return f"{self.title} (run the cell in Jupyter to use it)"

    def __repr__(self):
        return self.text

    def _repr_mimebundle_(self, **kwargs):
        # IPython lets a display method return either a data dict or (data, metadata)
        bundle = self.widget._repr_mimebundle_(**kwargs)
        data, meta = bundle if isinstance(bundle, tuple) else (bundle, None)
        data = dict(data, **{"text/plain": self.text})
        return data if meta is None else (data, meta)


class GraphExplorer(Explorer):
    """Sliders for the inputs and ``dout``, Step / Reset / Run all, and the live graph.

    ``view`` is the HTML widget holding the SVG (the explorer's one plot);
    ``active`` the step shown highlighted, if any.
    """

    def __init__(self, graph):
        self.graph = graph
        if not graph.values:
            graph.forward()
        wide = {"style": {"description_width": "11em"}, "layout": ipw.Layout(width="34em")}
        controls = {}
        for name, inp in graph.inputs.items():
            decimals = max(0, -math.floor(math.log10(inp.step))) if inp.step < 1 else 0
            controls[name] = ipw.FloatSlider(
                value=graph.values[name], min=inp.low, max=inp.high, step=inp.step,
                description=label(name), readout_format=f".{decimals}f", **wide)
        controls["dout"] = ipw.FloatSlider(
            value=graph.dout, min=-3.0, max=3.0, step=0.1, readout_format=".1f",
            description=f"upstream dL/d{label(graph.output)}", **wide)
        self.step_button = ipw.Button(description="Step", icon="step-backward").add_class("bp-step")
        self.reset_button = ipw.Button(description="Reset").add_class("bp-reset")
        self.run_button = ipw.Button(description="Run all").add_class("bp-run-all")
        self.view = ipw.HTML()
        readout = ipw.HTML()
        widget = ipw.VBox([
            ipw.VBox(list(controls.values())),
            ipw.HBox([self.step_button, self.reset_button, self.run_button]),
            self.view, readout,
        ])
        self.active = None
        super().__init__(f"Graph explorer: {graph.title}", controls,
                         next(iter(controls.values())), readout, [self.view], widget)
        self.step_button.on_click(self._on_step)
        self.reset_button.on_click(self._on_reset)
        self.run_button.on_click(self._on_run_all)
        self._render()

    def update(self, changed):
        g = self.graph
        was_done = g.done
        if changed == "dout":
            g.dout = float(self.controls["dout"].value)
            g.reset_backward()
        else:
            g.forward(**{changed: self.controls[changed].value})   # also resets the backward pass
        if was_done:                        # keep a finished pass finished, with new numbers
            g.backward()
            self.active = g.steps[-1] if self.active is not None else None
        else:                               # mid-way: old gradients are stale, start over
            self.active = None
        self._render()

    def _on_step(self, _button=None):
        if not self.graph.done:
            self.active = self.graph.step()
            self._render()

    def _on_reset(self, _button=None):
        self.graph.reset_backward()
        self.active = None
        self._render()

    def _on_run_all(self, _button=None):
        self.graph.backward()
        self.active = None
        self._render()

    def _render(self):
        g = self.graph
        # one assignment, one message; the step is explained in the readout below
        self.view.value = to_svg(g, active=self.active, caption=False)
        lines = [f"Forward pass: {label(g.output)} = {fmt(g.values[g.output])}."]
        if self.active is not None:
            lines.extend(g.describe(self.active))
        if g.done:
            found = ", ".join(f"dL/d{label(n)} = {fmt(g.grads[n])}" for n in g.inputs)
            lines.append(f"Backward pass complete: {found}.")
        elif not g.steps:
            lines.append("Press Step to send the gradient back one node at a time, or Run all.")
        self.readout.value = (f'<div style="font-size:{style.FONT_SIZE}px;line-height:1.45">'
                              + "<br>".join(escape(line) for line in lines) + "</div>")
        self.step_button.disabled = g.done
