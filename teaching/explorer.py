"""Live explorers: sliders, a picture that follows them and a readout, in one widget.

``Explorer`` is the contract every explorer of the series keeps (the graph
explorer here; the others in ``plots.py``, ``shapes.py``, ``softmax_view.py`` and
``training_view.py``, built from the widget kit ``widgets.py``):

* ``controls``: name -> slider, in display order; ``main``: the main slider;
* ``readout``: an HTML widget with the numbers in words;
* ``plots``: the widgets that draw the picture;
* ``widget``: the container to display;
* ``update(changed)``: called with a control's name whenever it moves.

Browser tests and the benchmark find the parts by CSS class: ``bp-explorer``
on the container, ``bp-main`` on the main slider, ``bp-readout`` on the
readout and ``bp-plot`` on each plot.

One picture per explorer.  Displayed in a notebook, an explorer sends one
output holding its live widget view, its picture as it is now (``static()``:
an SVG for a graph, a PNG for a plot) and a fixed sentence as text/plain
(``text``).  JupyterLab and Voila, where a kernel runs, show the widget;
renderers without a kernel (GitHub, nbviewer, the slides) fall back to the
picture.  The picture is made by deterministic code, so a stored notebook
compares equal under strict nbval.

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


def _bracketed(name):
    """An edge name inside dL/d...: w*x+b becomes (w*x+b), so it reads as one thing."""
    return f"({name})" if any(op in name[1:] for op in "+-*/") else name


class Explorer:
    """The parts of a live explorer and how it shows itself (see the module docstring)."""

    def __init__(self, *, title, controls, main, readout, plots, widget):
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

    def static(self):
        """The picture as it is now, for renderers without a kernel: {mime type: data}."""
        return {}

    @property
    def text(self):
        return f"{self.title} (run the cell in Jupyter to use it)"

    def __repr__(self):
        return self.text

    def _repr_mimebundle_(self, **kwargs):
        # IPython lets a display method return either a data dict or (data, metadata)
        bundle = self.widget._repr_mimebundle_(**kwargs)
        data, meta = bundle if isinstance(bundle, tuple) else (bundle, None)
        data = dict(data, **self.static(), **{"text/plain": self.text})
        return data if meta is None else (data, meta)


class GraphExplorer(Explorer):
    """Sliders for the inputs and ``dout``, Step / Reset / Run all, and the live graph.

    ``view`` is the HTML widget holding the SVG (the explorer's one plot);
    ``active`` the step shown highlighted, if any; ``labels`` switches the
    edge labels between numbers and expressions (dL/dy, -dL/dy·y², ...).

    ``predict=True`` asks before it tells: the next node's input edges get
    one box each (``guesses``; an edge leaving a fork is asked as "to x along this
    edge", and where a fork's last edge reports, one more box asks for its total),
    and **Check** compares what was typed with
    the gradients the layers send back (relative tolerance ``TOLERANCE``, so
    a typed 0.105 counts for 0.10499...).  Right: the step is taken and
    shown as upstream × local = downstream.  Not yet: the learner tries
    again, or presses Step to see it.  ``score`` counts, for this backward
    pass, the gradients typed right at the first Check of their node; Reset
    (or a slider that restarts the pass) starts a new count.

    ``forward_only=True`` shows the forward pass alone, for a chapter that has
    not taught the backward pass yet: the input sliders and the graph with its
    values, no ``dout`` slider, no buttons, no gradient labels.

    ``mark_changes=True`` marks the edges whose value the last slider move
    changed (``changed``; drawn in ``style.ACTIVE`` and listed in the readout),
    so a learner sees how far a change reaches.  ``mark_grad_changes=True`` does the
    same for gradients (``grad_changed``): once a backward pass is finished, a slider
    move that changes a gradient label draws it in bold and lists it in the readout.
    """

    TOLERANCE = 1e-3

    def __init__(self, graph, predict=False, labels="numbers", forward_only=False,
                 mark_changes=False, mark_grad_changes=False):
        if predict and forward_only:
            raise ValueError("GraphExplorer: predict asks for gradients, which forward_only hides")
        self.graph = graph
        self.forward_only = forward_only
        self.mark_changes = mark_changes
        self.changed = set()              # edges the last slider move changed (mark_changes)
        self.mark_grad_changes = mark_grad_changes and not forward_only
        self.grad_changed = set()         # gradients it changed: edges, (node, slot) paths
        if not graph.values:
            graph.forward()
        controls = {}
        names = list(graph.inputs) + ["dout"]
        # two columns once there are more than three sliders: the picture and the
        # step text stay on a 1440 x 900 screen together with the sliders
        columns = 2 if len(names) > 3 else 1
        slider = {"style": {"description_width": "11em"},
                  "layout": ipw.Layout(width="32em" if columns == 2 else "34em")}
        for name, inp in graph.inputs.items():
            decimals = max(0, -math.floor(math.log10(inp.step))) if inp.step < 1 else 0
            controls[name] = ipw.FloatSlider(
                value=graph.values[name], min=inp.low, max=inp.high, step=inp.step,
                description=label(name), readout_format=f".{decimals}f", **slider)
        if not forward_only:
            controls["dout"] = ipw.FloatSlider(
                value=graph.dout, min=-3.0, max=3.0, step=0.1, readout_format=".1f",
                description=f"upstream dL/d{label(graph.output)}", **slider)
        self.labels_toggle = ipw.ToggleButtons(
            options=[("numbers", "numbers"), ("expressions", "expressions")], value=labels,
            tooltips=["edge labels as numbers", "edge labels as formulas"],
            style={"button_width": "7.5em"}).add_class("bp-labels")
        self.view = ipw.HTML()
        readout = ipw.HTML()
        sliders = ipw.GridBox(list(controls.values()), layout=ipw.Layout(
            grid_template_columns=" ".join(["auto"] * columns), grid_gap="0 1.5em"))
        parts = [sliders]
        # forward_only: no backward buttons at all (not even hidden ones in the
        # stored widget state, where a reader or a test would find them)
        self.step_button = self.reset_button = self.run_button = None
        if not forward_only:
            self.step_button = ipw.Button(description="Step", icon="step-forward",
                                          tooltip="send the gradient back through one node")
            self.step_button.add_class("bp-step")
            self.reset_button = ipw.Button(description="Reset", icon="undo").add_class("bp-reset")
            self.run_button = ipw.Button(description="Run all",
                                         icon="fast-forward").add_class("bp-run-all")
            parts.append(ipw.HBox([self.step_button, self.reset_button, self.run_button,
                                   self.labels_toggle], layout=ipw.Layout(flex_flow="row wrap")))
        self.predict = predict
        self.guesses = {}                 # input slot -> Text box, for the next node
        self.first_try = {}               # (node, slot) -> right at the node's first Check?
        if predict:
            self.check_button = ipw.Button(description="Check", icon="check",
                                           button_style="info").add_class("bp-check")
            self.check_button.on_click(self._on_check)
            self.prompt = ipw.HTML().add_class("bp-prompt")
            self.boxes = ipw.HBox(layout=ipw.Layout(flex_flow="row wrap"))
            self.verdict = ipw.HTML().add_class("bp-verdict")
            self.score_view = ipw.HTML().add_class("bp-score")
            parts.append(ipw.VBox([self.prompt, ipw.HBox([self.boxes, self.check_button]),
                                   self.verdict, self.score_view]).add_class("bp-predict"))
        parts += [self.view, readout]
        widget = ipw.VBox(parts)
        self.active = None
        super().__init__(title=f"Graph explorer: {graph.title}", controls=controls,
                         main=next(iter(controls.values())), readout=readout,
                         plots=[self.view], widget=widget)
        if not forward_only:
            self.step_button.on_click(self._on_step)
            self.reset_button.on_click(self._on_reset)
            self.run_button.on_click(self._on_run_all)
        self.labels_toggle.observe(lambda change: self._render(), names="value")
        self._render()

    @property
    def labels(self):
        return self.labels_toggle.value

    def static(self):
        return {"image/svg+xml": self.view.value}

    # --- sliders and buttons ----------------------------------------------------------
    def update(self, changed):
        g = self.graph
        was_done = g.done
        before = dict(g.values)
        grads_before = {**g.grads, **g.branch_grads}
        if changed == "dout":
            g.dout = float(self.controls["dout"].value)
            g.reset_backward()
        else:
            g.forward(**{changed: self.controls[changed].value})   # also resets the backward pass
        if self.mark_changes:
            self.changed = {e for e, v in g.values.items() if v != before.get(e)}
        if was_done:                        # keep a finished pass finished, with new numbers
            g.backward()
            self.active = g.steps[-1] if self.active is not None else None
        if self.mark_grad_changes:          # mid-way every gradient is "?" again: none moved
            self.grad_changed = {k for k, v in {**g.grads, **g.branch_grads}.items()
                                 if k in grads_before and v != grads_before[k]}
        else:                               # mid-way: old gradients are stale, start over
            self.active = None
            self.first_try = {}
            self._say("")
        self._render()

    def _on_step(self, _button=None):
        if not self.graph.done:
            self._take_step()
            self._render()

    def _take_step(self):
        """One backward step; in predict mode its gradients join the score (as missed,
        unless a first Check already found them)."""
        node = self._next_node()
        keys = list(self._slots(node)) + self._totals(node) if self.predict else []
        step = self.active = self.graph.step()
        for key in keys:
            self.first_try.setdefault((step.node, key), False)
        return step

    def _on_reset(self, _button=None):
        self.graph.reset_backward()
        self.active = None
        self.first_try = {}
        self._say("")
        self._render()

    def _on_run_all(self, _button=None):
        while not self.graph.done:
            self._take_step()
        self.active = None
        self._render()

    # --- predict mode -------------------------------------------------------------------
    def _next_node(self):
        g = self.graph
        return None if g.done else g.nodes[len(g.nodes) - 1 - len(g.steps)]

    def _slots(self, node):
        """The input slots of ``node`` (a Node or a Step) worth a guess: not constants."""
        return [k for k, e in enumerate(node.inputs) if e not in self.graph.constants]

    def _fork(self, edge):
        return len(self.graph.uses[edge]) > 1

    def _totals(self, node):
        """The forks whose last edge reports at ``node``: keys ("total", edge), each asking
        for the sum at the fork once every edge leaving it has sent its gradient back."""
        g = self.graph
        return [("total", e) for e in dict.fromkeys(node.inputs[k] for k in self._slots(node))
                if self._fork(e) and all(u in g.branch_grads for u in g.uses[e]
                                         if u[0] != node.output)]

    def _right_answers(self, node):
        """key -> the gradient the layers give: one per input slot, one per fork total."""
        g = self.graph
        sent = g.grads_of(node, node.layer.backward(g.grads[node.output]))
        answers = {k: sent[k] for k in self._slots(node)}
        for key in self._totals(node):
            edge = key[1]
            answers[key] = sum(g.branch_grads[u] if u[0] != node.output else sent[u[1]]
                               for u in g.uses[edge])
        return answers

    def _describe_key(self, node, key):
        if isinstance(key, tuple):
            return f"the total for {label(key[1])}"
        return f"the gradient to {label(node.inputs[key])}"

    @property
    def score(self):
        """(gradients right at their first Check, gradients shown) in this pass."""
        return sum(self.first_try.values()), len(self.first_try)

    def _say(self, html):
        if self.predict:
            self.verdict.value = html

    def _on_check(self, _button=None):
        """Compare the typed gradients with the layers' and, if all are right, take the step."""
        node = self._next_node()
        if node is None:
            return
        typed = {}
        for slot, box in self.guesses.items():
            text = box.value.strip().replace("\u2212", "-")
            try:
                typed[slot] = float(text)
            except ValueError:
                self._say(f"Type a number in every box (for example -0.25); "
                          f"{escape(repr(box.value))} is not one.")
                return
        # what the node's layer sends back; backward changes nothing in a layer, so
        # asking now and again when the step is taken gives the same numbers
        upstream = self.graph.grads[node.output]
        right_answers = self._right_answers(node)
        right = {key: math.isclose(typed[key], right_answers[key],
                                   rel_tol=self.TOLERANCE, abs_tol=1e-12) for key in typed}
        first = not any(key[0] == node.output for key in self.first_try)
        if first:
            for slot, ok in right.items():
                self.first_try[(node.output, slot)] = ok
        if all(right.values()):
            totals = self._totals(node)
            step = self._take_step()
            lines = [self._equation(step, slot) for slot in self._slots(step)]
            for _, edge in totals:
                sent = " + ".join(fmt(self.graph.branch_grads[u]) for u in self.graph.uses[edge])
                lines.append(f"total for {label(edge)}: {sent} = {fmt(self.graph.grads[edge])}")
            self._say(f'<span style="color:{style.VALUE}"><b>Right.</b></span> '
                      + "; ".join(escape(line) for line in lines))
        else:
            wrong = [self._describe_key(node, k) for k, ok in right.items() if not ok]
            how = (f"the gradient arriving from the right is {fmt(upstream)}; multiply it by "
                   f"the {node.op} node's local derivative for that input"
                   if any(not isinstance(k, tuple) for k, ok in right.items() if not ok) else
                   "a fork adds what each of its edges sent back")
            hint = (f"Look again at {' and '.join(wrong)}: {how}. "
                    "Try again, or press Step to see it.")
            self._say(f'<span style="color:{style.GRADIENT}"><b>Not yet.</b></span> '
                      + escape(hint))
        self._render()

    def _equation(self, step, slot):
        return (f"to {label(step.inputs[slot])}: {fmt(step.upstream)} × {fmt(step.local[slot])}"
                f" = {fmt(step.downstream[slot])}")

    def _ask(self):
        """Boxes for the next node's inputs (new ones only when the node changes)."""
        node = self._next_node()
        if node is None:
            self._asking = None
            self.guesses = {}
            self.boxes.children = []
            self.prompt.value = "The backward pass is complete."
            self.check_button.disabled = True
            return
        keys = self._slots(node) + self._totals(node)
        if getattr(self, "_asking", None) != (node.output, tuple(keys)):
            self._asking = (node.output, tuple(keys))
            twice = len(set(node.inputs)) < len(node.inputs)

            def description(k):
                if isinstance(k, tuple):            # the sum at a fork
                    return f"total dL/d{_bracketed(label(k[1]))}"
                name = label(node.inputs[k])
                if self._fork(node.inputs[k]):      # one edge of several: not dL/dx yet
                    return f"to {name} " + (f"via input {k + 1}" if twice else "along this edge")
                return f"dL/d{_bracketed(name)}" + (f" (input {k + 1})" if twice else "")
            self.guesses = {
                k: ipw.Text(placeholder="?", layout=ipw.Layout(width="13em"),
                            description=description(k),
                            style={"description_width": "initial"}).add_class("bp-guess")
                for k in keys}
            self.boxes.children = list(self.guesses.values())
        self.check_button.disabled = False
        forks = ", ".join(label(k[1]) for k in keys if isinstance(k, tuple))
        self.prompt.value = (f"<b>Predict:</b> the {escape(node.op)} node that makes "
                             f"{escape(label(node.output))} gets "
                             f"{fmt(self.graph.grads[node.output])} "
                             "from the right. What does it send to each input?"
                             + (f" Every edge leaving {escape(forks)} has now reported: what is"
                                " its total?" if forks else ""))

    def _backward_lines(self):
        g, lines = self.graph, []
        if self.active is not None:
            lines.extend(g.describe(self.active))
        if g.done:
            found = ", ".join(f"dL/d{label(n)} = {fmt(g.grads[n])}" for n in g.inputs)
            lines.append(f"Backward pass complete: {found}.")
        elif not g.steps:
            lines.append("Type your predictions and press Check, or press Step to see the next "
                         "node."
                         if self.predict else
                         "Press Step to send the gradient back one node at a time, or Run all.")
        return lines

    def _render(self):
        g = self.graph
        # one assignment, one message; the step is explained in the readout below
        lit = self.active
        if self.predict and self._next_node() is not None:
            lit = self._next_node().output          # the node being asked about
        marked = self.changed if self.mark_changes else ()
        self.view.value = to_svg(g, active=lit, caption=False, labels=self.labels,
                                 grads=not self.forward_only, changed=marked,
                                 changed_grads=self.grad_changed)
        lines = [f"Forward pass: {label(g.output)} = {fmt(g.values[g.output])}."]
        if self.mark_changes:
            moved = [label(e) for e in g.values if e in self.changed]
            lines.append("Changed by the last move (highlighted): " + ", ".join(moved) + "."
                         if moved else "Move a slider: the edges it changes are highlighted.")
        if self.mark_grad_changes:
            moved = [f"dL/d{_bracketed(label(e))}" for e in g.values if e in self.grad_changed]
            lines.append("Gradients changed by the last move (bold): " + ", ".join(moved) + "."
                         if moved else "Run the backward pass, then move a slider: the "
                         "gradients it changes are drawn in bold.")
        if not self.forward_only:           # nothing backward to describe otherwise
            lines.extend(self._backward_lines())
        if self.predict:
            right, shown = self.score
            self.score_view.value = (f"Score this pass: {right} of {shown} right first time"
                                     if shown else "Score this pass: nothing checked yet")
            self._ask()
        self.readout.value = (f'<div style="font-size:{style.FONT_SIZE}px;line-height:1.45">'
                              + "<br>".join(escape(line) for line in lines) + "</div>")
        if self.step_button is not None:
            self.step_button.disabled = g.done
