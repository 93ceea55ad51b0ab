"""Tests of explorer.py: the Explorer contract (CSS hooks, update on every control,
a fixed text/plain however the widget's display bundle comes) and the graph
explorer's sliders and Step / Reset / Run all buttons.

Expected numbers come from the book's arithmetic (150 * 2 * 1.1 = 330, ...).
"""

import ipywidgets as ipw
import pytest

from graph_cases import labels, lit_nodes
from teaching import examples, style
from teaching.explorer import Explorer, GraphExplorer

close = pytest.approx
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


class Echo(Explorer):
    """The smallest explorer: one slider, its value written in the readout."""

    def __init__(self):
        x = ipw.FloatSlider(value=1.0)
        picture = ipw.HTML()
        readout = ipw.HTML()
        self.changes = []
        super().__init__("Echo explorer", {"x": x}, x, readout, [picture],
                         ipw.VBox([x, picture, readout]))

    def update(self, changed):
        self.changes.append(changed)
        self.readout.value = f"x = {self.controls[changed].value}"


class BoxWithMetadata(ipw.VBox):
    """A VBox whose display bundle comes as (data, metadata), as IPython allows."""

    def _repr_mimebundle_(self, **kwargs):
        return super()._repr_mimebundle_(**kwargs), {WIDGET_MIME: {"bp": "kept"}}


# --- the contract ----------------------------------------------------------------------
def test_explorer_marks_its_parts_and_updates_on_every_control():
    ex = Echo()
    assert "bp-explorer" in ex.widget._dom_classes
    assert "bp-main" in ex.main._dom_classes
    assert "bp-readout" in ex.readout._dom_classes
    assert all("bp-plot" in p._dom_classes for p in ex.plots)
    ex.controls["x"].value = 2.5
    assert ex.changes == ["x"] and ex.readout.value == "x = 2.5"


def test_an_explorer_must_say_how_it_updates():
    x = ipw.FloatSlider()
    ex = Explorer("Bare", {"x": x}, x, ipw.HTML(), [], ipw.VBox([x]))
    with pytest.raises(NotImplementedError, match="Explorer must define update"):
        x.value = 1.0


def test_text_plain_is_a_fixed_sentence():
    ex = Echo()
    bundle = ex._repr_mimebundle_()
    assert bundle["text/plain"] == "Echo explorer (run the cell in Jupyter to use it)"
    assert repr(ex) == bundle["text/plain"]
    assert bundle[WIDGET_MIME]["model_id"] == ex.widget.model_id


@pytest.mark.parametrize("make", [Echo, lambda: GraphExplorer(examples.apple_graph())])
def test_a_data_and_metadata_bundle_keeps_its_metadata(make):
    ex = make()
    ex.widget = BoxWithMetadata(ex.widget.children)
    data, meta = ex._repr_mimebundle_()
    assert data["text/plain"] == ex.text
    assert data[WIDGET_MIME]["model_id"] == ex.widget.model_id
    assert meta == {WIDGET_MIME: {"bp": "kept"}}


# --- the graph explorer ------------------------------------------------------------------
def test_graph_explorer_has_the_css_hooks_and_controls():
    ex = GraphExplorer(examples.apple_graph())
    assert list(ex.controls) == ["apple", "apple_num", "tax", "dout"]
    assert "bp-explorer" in ex.widget._dom_classes
    assert "bp-main" in ex.main._dom_classes and ex.main is ex.controls["apple"]
    assert ex.plots == [ex.view] and "bp-plot" in ex.view._dom_classes
    assert "bp-readout" in ex.readout._dom_classes
    assert "bp-step" in ex.step_button._dom_classes
    assert "bp-reset" in ex.reset_button._dom_classes
    assert "bp-run-all" in ex.run_button._dom_classes
    assert ex.controls["tax"].value == close(1.1)
    assert ex.controls["dout"].description == "upstream dL/dprice"
    bundle = ex._repr_mimebundle_()
    assert bundle["text/plain"] == ("Graph explorer: apple shopping "
                                    "(run the cell in Jupyter to use it)")
    assert WIDGET_MIME in bundle


def test_graph_explorer_runs_forward_on_a_graph_not_yet_run():
    g = examples.apple_graph()
    g.values = {}                                     # as if built but never run
    ex = GraphExplorer(g)
    assert ex.graph.values["price"] == close(220)


def test_graph_explorer_slider_updates_view_and_readout():
    ex = GraphExplorer(examples.apple_graph())
    assert "220" in ex.readout.value
    ex.controls["apple"].value = 150
    assert labels(ex.view.value, "g-value")["price"] == [("330", style.VALUE)]   # 150*2*1.1
    assert "price = 330" in ex.readout.value


def test_graph_explorer_step_reset_and_run_all_buttons():
    ex = GraphExplorer(examples.apple_graph())
    assert labels(ex.view.value, "g-grad")["tax"] == [("?", style.MUTED)]
    ex.step_button.click()
    assert len(ex.graph.steps) == 1
    assert labels(ex.view.value, "g-grad")["tax"] == [("200", style.GRADIENT)]
    assert "1 × 200 = 200" in ex.readout.value
    assert lit_nodes(ex.view.value) == ["price"]            # the tax node is the active one
    assert labels(ex.view.value, "g-caption") == {}          # explained in the readout instead
    ex.step_button.click()
    assert ex.graph.done and ex.step_button.disabled
    assert "dL/dapple = 2.2" in ex.readout.value
    ex.step_button.click()                                  # nothing left: no error
    ex.reset_button.click()
    assert ex.graph.steps == [] and not ex.step_button.disabled
    assert labels(ex.view.value, "g-grad")["apple"] == [("?", style.MUTED)]
    ex.run_button.click()
    assert labels(ex.view.value, "g-grad")["apple_num"] == [("110", style.GRADIENT)]


def test_graph_explorer_slider_keeps_a_finished_pass_finished():
    ex = GraphExplorer(examples.apple_graph())
    ex.run_button.click()
    ex.controls["tax"].value = 1.2
    assert ex.graph.done
    assert ex.graph.grads["apple_price"] == close(1.2)
    assert labels(ex.view.value, "g-grad")["apple"] == [("2.4", style.GRADIENT)]   # 2 * 1.2
    ex.controls["dout"].value = 0.5
    assert ex.graph.grads["apple"] == close(0.5 * 2 * 1.2)


def test_graph_explorer_slider_mid_way_restarts_the_backward_pass():
    ex = GraphExplorer(examples.sigmoid_graph())
    ex.step_button.click()
    ex.step_button.click()
    ex.controls["x"].value = 0.0
    assert ex.graph.steps == []
    assert labels(ex.view.value, "g-grad")["exp(-x)"] == [("?", style.MUTED)]
    assert "y = 0.5" in ex.readout.value
    for _ in range(4):
        ex.step_button.click()
    assert ex.graph.grads["x"] == close(0.25)
