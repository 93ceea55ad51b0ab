"""Tests of explorer.py: the Explorer contract (CSS hooks, update on every control,
a fixed text/plain however the widget's display bundle comes) and the graph
explorer's sliders and Step / Reset / Run all buttons.

Expected numbers come from the book's arithmetic (150 * 2 * 1.1 = 330, ...).
"""

import math

import ipywidgets as ipw
import pytest
from graph_cases import labels, lit_nodes

from teaching import examples, style
from teaching.explorer import Explorer, GraphExplorer
from teaching.trace import graph_from

close = pytest.approx
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"


class Echo(Explorer):
    """The smallest explorer: one slider, its value written in the readout."""

    def __init__(self):
        x = ipw.FloatSlider(value=1.0)
        picture = ipw.HTML()
        readout = ipw.HTML()
        self.changes = []
        super().__init__(title="Echo explorer", controls={"x": x}, main=x, readout=readout,
                         plots=[picture], widget=ipw.VBox([x, picture, readout]))

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
    Explorer(title="Bare", controls={"x": x}, main=x, readout=ipw.HTML(), plots=[],
             widget=ipw.VBox([x]))
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


# --- one picture per explorer ----------------------------------------------------------
def test_graph_explorer_bundle_carries_the_picture_it_shows_now():
    ex = GraphExplorer(examples.apple_graph())
    bundle = ex._repr_mimebundle_()
    assert bundle["image/svg+xml"] == ex.view.value
    assert labels(bundle["image/svg+xml"], "g-grad")["tax"] == [("?", style.MUTED)]
    ex.run_button.click()
    again = ex._repr_mimebundle_()["image/svg+xml"]
    assert labels(again, "g-grad")["tax"] == [("200", style.GRADIENT)]
    # the same graph in the same state gives the same bytes (strict nbval compares them)
    twin = GraphExplorer(examples.apple_graph())
    twin.run_button.click()
    assert twin._repr_mimebundle_()["image/svg+xml"] == again


def test_a_bare_explorer_adds_no_picture():
    assert set(Echo()._repr_mimebundle_()) == {"text/plain", WIDGET_MIME}


# --- layout and labels -------------------------------------------------------------------
def test_step_icon_points_forward_and_many_sliders_take_two_columns():
    small = GraphExplorer(examples.apple_graph())             # 3 inputs + dout
    assert small.step_button.icon == "step-forward"
    grid = small.widget.children[0]
    assert grid.layout.grid_template_columns == "auto auto"
    one = GraphExplorer(examples.sigmoid_graph())             # x + dout
    assert one.widget.children[0].layout.grid_template_columns == "auto"


def test_labels_toggle_switches_numbers_and_expressions():
    ex = GraphExplorer(examples.sigmoid_graph())
    assert ex.labels == "numbers"
    ex.run_button.click()
    assert labels(ex.view.value, "g-grad")["exp(-x)"][0][0] == "-0.7758"   # -y^2 at x = 2
    ex.labels_toggle.value = "expressions"
    grads = {e: v[0][0] for e, v in labels(ex.view.value, "g-grad").items()}
    assert grads["y"] == "dL/dy"
    assert grads["exp(-x)"] == "-dL/dy·y²"
    assert grads["-x"] == "-dL/dy·y²·exp(-x)"
    assert grads["x"] == "dL/dy·y²·exp(-x)"
    assert ex._repr_mimebundle_()["image/svg+xml"] == ex.view.value
    assert "y = 0.8808" in ex.readout.value                   # the readout keeps its numbers


# --- predict mode ------------------------------------------------------------------------
def type_and_check(ex, *answers):
    assert len(ex.guesses) == len(answers)
    for box, answer in zip(ex.guesses.values(), answers):
        box.value = answer
    ex.check_button.click()


def test_predict_mode_asks_for_the_next_node_and_checks_against_the_layers():
    ex = GraphExplorer(examples.apple_graph(), predict=True)
    assert "bp-predict" in ex.widget.children[2]._dom_classes
    assert lit_nodes(ex.view.value) == ["price"]              # the node being asked about
    assert "gets 1 from the right" in ex.prompt.value
    assert [b.description for b in ex.guesses.values()] == ["dL/dapple price", "dL/dtax"]
    # price = apple_price * tax: d/d apple_price = tax = 1.1, d/d tax = apple_price = 200
    type_and_check(ex, "1.1", "2")                            # the tax one is wrong
    assert "Not yet" in ex.verdict.value and "tax" in ex.verdict.value
    assert ex.graph.steps == [] and ex.score == (1, 2)
    assert "200" not in ex.verdict.value                      # the answer is not given away
    type_and_check(ex, "1.1", "200")                          # second try: right, step taken
    assert "Right" in ex.verdict.value and "1 × 200 = 200" in ex.verdict.value
    assert len(ex.graph.steps) == 1 and ex.score == (1, 2)    # only first tries count
    assert "1 of 2 right first time" in ex.score_view.value
    # apple_price = apple * apple_num, upstream 1.1: 1.1 * 2 = 2.2 and 1.1 * 100 = 110
    assert "gets 1.1 from the right" in ex.prompt.value
    type_and_check(ex, "2.2", "110.05")                       # within 1e-3 relative
    assert ex.graph.done and ex.score == (3, 4)
    assert "3 of 4 right first time" in ex.score_view.value
    assert ex.check_button.disabled and ex.guesses == {}


def test_predict_mode_step_reveals_and_counts_as_missed_reset_starts_over():
    ex = GraphExplorer(examples.sigmoid_graph(), predict=True)
    y = 1 / (1 + math.exp(-2.0))
    type_and_check(ex, f"{-y * y:.4f}")                       # the / node: -y^2 (x = 2)
    assert ex.score == (1, 1)
    ex.step_button.click()                                    # the + node, not predicted
    assert ex.score == (1, 2)
    assert [b.description for b in ex.guesses.values()] == ["dL/d-x"]   # exp node next
    type_and_check(ex, "oops")
    assert "Type a number" in ex.verdict.value and ex.score == (1, 2)
    ex.reset_button.click()
    assert ex.score == (0, 0) and "nothing checked yet" in ex.score_view.value
    assert ex.verdict.value == ""


def test_predict_mode_a_fork_asks_for_each_branch_then_the_total():
    ex = GraphExplorer(examples.fanout_graph(), predict=True)   # z = x * x, dout 2, x 3
    assert [b.description for b in ex.guesses.values()] == [
        "to x via input 1", "to x via input 2", "total dL/dx"]
    type_and_check(ex, "6", "6", "6")                           # each path: dout * x; sum 12
    assert "Not yet" in ex.verdict.value and "total for x" in ex.verdict.value
    assert "12" not in ex.verdict.value and ex.score == (2, 3)
    type_and_check(ex, "6", "6", "12")
    assert ex.graph.done and ex.graph.grads["x"] == close(12) and ex.score == (2, 3)
    assert "total for x: 6 + 6 = 12" in ex.verdict.value


def test_predict_mode_a_fork_into_two_nodes_asks_per_edge_and_the_total_at_the_last():
    def fork(x, y):
        return x * y + x
    ex = GraphExplorer(graph_from(fork, x=(3.0, -4.0, 4.0, 0.5), y=(2.0, -4.0, 4.0, 0.5)),
                       predict=True)
    # the + node first: x's edge into it is one edge of two, so no total yet
    assert [b.description for b in ex.guesses.values()] == ["dL/d(x*y)", "to x along this edge"]
    type_and_check(ex, "1", "3")                 # 3 is the total, not this edge's 1
    assert "Not yet" in ex.verdict.value and ex.graph.steps == []
    type_and_check(ex, "1", "1")
    # the x node: x's last edge (dout * y = 2), y gets dout * x = 3, and the total 2 + 1
    assert [b.description for b in ex.guesses.values()] == [
        "to x along this edge", "dL/dy", "total dL/dx"]
    assert "what is its total" in ex.prompt.value
    ex.step_button.click()                       # Step shows it and counts all three missed
    assert ex.graph.done and ex.score == (1, 5)


def test_predict_mode_step_counts_a_fork_total_as_missed():
    ex = GraphExplorer(examples.fanout_graph(), predict=True)
    ex.step_button.click()
    assert ex.score == (0, 3) and ex.graph.grads["x"] == close(12)


def test_predict_mode_a_slider_mid_pass_starts_a_new_count():
    ex = GraphExplorer(examples.relu_graph(), predict=True)
    type_and_check(ex, "0")                                      # relu open: passes 1, not 0
    assert ex.score == (0, 1)
    ex.controls["b"].value = -4.0                                # w*x + b = -1: relu closed
    assert ex.score == (0, 0) and ex.graph.steps == []
    type_and_check(ex, "0")
    assert "Right" in ex.verdict.value and ex.score == (1, 1)


def test_predict_mode_asks_again_after_run_all_and_reset():
    ex = GraphExplorer(examples.relu_graph(), predict=True)
    ex.run_button.click()
    assert ex.guesses == {} and ex.check_button.disabled and ex.score == (0, 5)   # 1 + 2 + 2 inputs
    ex.reset_button.click()
    assert [b.description for b in ex.guesses.values()] == ["dL/d(w*x+b)"]
    assert list(ex.boxes.children) == list(ex.guesses.values()) and not ex.check_button.disabled


def test_forward_only_shows_values_and_nothing_of_the_backward_pass():
    ex = GraphExplorer(examples.apples_oranges_graph(), forward_only=True)
    assert "dout" not in ex.controls
    assert len(ex.widget.children) == 3                   # sliders, picture, readout
    # no backward buttons at all, not even undisplayed ones in the stored widget state
    assert ex.step_button is None and ex.reset_button is None and ex.run_button is None

    def classes(widget):
        found = set(getattr(widget, "_dom_classes", ()))
        for child in getattr(widget, "children", ()):
            found |= classes(child)
        return found
    assert not classes(ex.widget) & {"bp-step", "bp-reset", "bp-run-all"}
    before = ex.view.value
    assert "715" in before and "?" not in before
    ex.controls["apple"].value = 130.0                    # 130 x 2 + 450 = 710, x 1.1 = 781
    assert "781" in ex.view.value and "?" not in ex.view.value
    assert "Step" not in ex.readout.value and "Forward pass" in ex.readout.value
    with pytest.raises(ValueError, match="forward_only"):
        GraphExplorer(examples.apples_oranges_graph(), predict=True, forward_only=True)


def test_mark_changes_marks_what_the_last_slider_move_reached():
    ex = GraphExplorer(examples.apples_oranges_graph(), forward_only=True, mark_changes=True)
    assert ex.changed == set() and "g-changed" not in ex.view.value
    assert "are highlighted" in ex.readout.value
    ex.controls["apple"].value = 120.0           # apple x 2 -> apple_price, all_price, price
    assert ex.changed == {"apple", "apple_price", "all_price", "price"}
    assert set(labels(ex.view.value, "g-value g-changed")) == ex.changed
    assert "apple, apple price, all price, price" in ex.readout.value
    assert "(highlighted)" in ex.readout.value   # no colour word: "orange" is an input here
    ex.controls["tax"].value = 1.5                # only the last move counts
    assert ex.changed == {"tax", "price"}
    assert set(labels(ex.static()["image/svg+xml"], "g-value g-changed")) == {"tax", "price"}
    ex.controls["orange_num"].value = 3.0         # no move: the slider was at 3 already
    assert ex.changed == {"tax", "price"}


def test_mark_changes_is_off_by_default_and_works_with_the_backward_pass():
    ex = GraphExplorer(examples.apples_oranges_graph())
    ex.controls["apple"].value = 120.0
    assert ex.changed == set() and "g-changed" not in ex.view.value
    assert "Changed" not in ex.readout.value and "are highlighted" not in ex.readout.value
    ex = GraphExplorer(examples.apple_graph(), mark_changes=True)
    ex.run_button.click()
    ex.controls["tax"].value = 1.2                # a finished pass stays finished
    assert ex.graph.done and ex.changed == {"tax", "price"}
    ex.controls["dout"].value = 2.0               # dout moves gradients, no value
    assert ex.changed == set()


def edges(changed):
    """The edges in an explorer's grad_changed (the rest are (node, slot) keys of paths)."""
    return {k for k in changed if isinstance(k, str)}


def test_mark_grad_changes_bolds_the_gradients_a_move_changed_in_a_finished_pass():
    # the shop (100 x 2 + 150 x 3) x 1.1: d tax = all_price and d orange_num = tax x orange
    # hold orange; d orange = tax x orange_num, d apple, d apple_num and the inner edges'
    # gradients (1, tax) do not
    ex = GraphExplorer(examples.apples_oranges_graph(), mark_grad_changes=True)
    assert ex.grad_changed == set() and "g-changed" not in ex.view.value
    ex.controls["orange"].value = 160.0           # pass not run: every gradient is "?"
    assert ex.grad_changed == set() and "then move a slider" in ex.readout.value
    ex.run_button.click()
    ex.controls["orange"].value = 170.0
    assert edges(ex.grad_changed) == {"tax", "orange_num"}
    assert set(labels(ex.view.value, "g-grad g-changed")) == {"tax", "orange_num"}
    assert "(bold): dL/dorange num, dL/dtax." in ex.readout.value
    assert ex.changed == set() and "g-value g-changed" not in ex.view.value   # values: opt-in
    ex.controls["dout"].value = 2.0               # the upstream gradient scales every one
    assert edges(ex.grad_changed) == set(ex.graph.grads)
    default = GraphExplorer(examples.apples_oranges_graph())
    default.run_button.click()
    default.controls["orange"].value = 170.0
    assert "g-changed" not in default.view.value and "bold" not in default.readout.value


def test_mark_grad_changes_marks_each_branch_of_a_fork():
    ex = GraphExplorer(examples.fanout_graph(), mark_grad_changes=True)
    ex.run_button.click()
    ex.controls["x"].value = ex.controls["x"].value + 1.0     # z = x * x: each branch dout x
    assert ex.grad_changed == {"x"} | set(ex.graph.branch_grads)
    assert "g-branch-grad g-changed" in ex.view.value


def test_labels_tooltip_names_no_local_derivative():
    # the sigmoid chapter asks for the "/" node's local derivative: no formula in a tooltip
    ex = GraphExplorer(examples.sigmoid_graph(x=2.0), predict=True)
    assert "y²" not in " ".join(ex.labels_toggle.tooltips)
    assert "dL/d" not in " ".join(ex.labels_toggle.tooltips)
