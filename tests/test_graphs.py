"""Tests for graphs.py: the math on every edge, the stepping order, the drawing, the explorer.

Expected numbers come from the arithmetic of the book's examples
(100 * 2 * 1.1 = 220, ...) or from the formulas (2(x + y), y(1 - y), 2x),
never from running the code under test.
"""

import math
import statistics
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teaching import graphs
import layers
from teaching import style

SVG = "{http://www.w3.org/2000/svg}"
FACTORIES = [graphs.apple_graph, graphs.apples_oranges_graph, graphs.chain_rule_graph,
             graphs.sigmoid_graph, graphs.sigmoid_grouped_graph, graphs.fanout_graph]
close = pytest.approx


def labels(svg, cls):
    """{edge name: [(text, fill), ...]} for the SVG text elements of one class."""
    found = {}
    for t in ET.fromstring(svg).iter(f"{SVG}text"):
        if t.get("class") == cls:
            found.setdefault(t.get("data-edge"), []).append((t.text, t.get("fill")))
    return found


def consumers(graph, node_name):
    """Names of the nodes that take this node's output as an input."""
    return {n.name for n in graph.nodes if node_name in n.inputs}


# --- number formatting ---------------------------------------------------------
def test_fmt_hides_float_noise():
    assert 100 * 2 * 1.1 != 220                     # the noise is real ...
    assert graphs.fmt(100 * 2 * 1.1) == "220"       # ... and hidden
    assert graphs.fmt(100 * 1.1) == "110"
    assert graphs.fmt(3 * 1.1) == "3.3"
    assert graphs.fmt(650 * 1.1) == "715"
    assert graphs.fmt(-0.0) == "0"
    assert graphs.fmt(0.19661193324148185) == "0.1966"
    assert graphs.fmt(1234567.0) == "1.235e6"
    assert graphs.fmt(None) == "?"


# --- the math on every edge -----------------------------------------------------
def test_apple_graph_values_and_gradients():
    g = graphs.apple_graph()
    g.backward()
    assert g.values["apple_price"] == close(200)
    assert g.values["price"] == close(220)
    assert g.grads["price"] == 1.0
    assert g.grads["apple_price"] == close(1.1)
    assert g.grads["tax"] == close(200)
    assert g.grads["apple"] == close(2.2)
    assert g.grads["apple_num"] == close(110)


def test_apples_oranges_graph_values_and_gradients():
    g = graphs.apples_oranges_graph()
    g.backward()
    expected_values = {"apple_price": 200, "orange_price": 450, "all_price": 650, "price": 715}
    for edge, value in expected_values.items():
        assert g.values[edge] == close(value), edge
    expected_grads = {"all_price": 1.1, "apple_price": 1.1, "orange_price": 1.1, "tax": 650,
                      "apple": 2.2, "apple_num": 110, "orange": 3.3, "orange_num": 165}
    for edge, grad in expected_grads.items():
        assert g.grads[edge] == close(grad), edge


def test_apple_graph_equals_layers_run_by_hand():
    """The graph's numbers are exactly what the layers give when called directly."""
    g = graphs.apple_graph()
    g.backward(dout=1.0)
    mul_apple, mul_tax = layers.MulLayer(), layers.MulLayer()
    apple_price = mul_apple.forward(100.0, 2.0)
    price = mul_tax.forward(apple_price, 1.1)
    d_apple_price, d_tax = mul_tax.backward(1.0)
    d_apple, d_apple_num = mul_apple.backward(d_apple_price)
    assert g.values["apple_price"] == apple_price and g.values["price"] == price
    assert (g.grads["apple_price"], g.grads["tax"]) == (d_apple_price, d_tax)
    assert (g.grads["apple"], g.grads["apple_num"]) == (d_apple, d_apple_num)


@pytest.mark.parametrize("factory", FACTORIES)
def test_every_edge_matches_a_fresh_layer(factory):
    """For every node, a fresh layer of the same kind, fed the graph's numbers,
    reproduces the graph's output value and the gradient of each input path;
    and each edge's gradient is the sum over the paths leaving it."""
    g = factory()
    g.backward(dout=0.7)
    paths = {edge: [] for edge in g.edges}
    for node in g.nodes:
        fresh = type(node.layer)()
        assert fresh.forward(*(g.values[e] for e in node.inputs)) == g.values[node.output]
        grads = fresh.backward(g.grads[node.output])
        grads = grads if isinstance(grads, tuple) else (grads,)
        for slot, (edge, grad) in enumerate(zip(node.inputs, grads)):
            assert g.branch_grads[(node.name, slot)] == grad
            paths[edge].append(grad)
    assert g.grads[g.output] == 0.7
    for edge, grads in paths.items():
        if edge != g.output:
            assert g.grads[edge] == close(sum(grads)), edge


@settings(max_examples=60, deadline=None)
@given(x=st.floats(-3, 3), y=st.floats(-3, 3), dout=st.floats(-2, 2))
def test_chain_rule_gradient_is_2_x_plus_y(x, y, dout):
    g = graphs.chain_rule_graph()
    assert g.forward(x=x, y=y) == close((x + y) ** 2)
    g.backward(dout)
    assert g.grads["t"] == close(2 * (x + y) * dout)
    assert g.grads["x"] == close(2 * (x + y) * dout, abs=1e-12)
    assert g.grads["y"] == close(2 * (x + y) * dout, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(x=st.floats(-6, 6), dout=st.floats(-2, 2))
def test_sigmoid_graphs_give_y_times_1_minus_y(x, dout):
    y = 1 / (1 + math.exp(-x))
    for g in (graphs.sigmoid_graph(), graphs.sigmoid_grouped_graph()):
        assert g.forward(x=x) == close(y)
        g.backward(dout)
        assert g.grads["x"] == close(dout * y * (1 - y), abs=1e-12), g.title


def test_sigmoid_gradient_at_zero_is_a_quarter():
    g = graphs.sigmoid_graph()
    g.forward(x=0.0)
    assert g.backward(1.0)["x"] == close(0.25)


@settings(max_examples=60, deadline=None)
@given(x=st.floats(-5, 5), dout=st.floats(-2, 2))
def test_fanout_gradients_add_at_the_fork(x, dout):
    g = graphs.fanout_graph()
    assert g.forward(x=x) == close(x * x)
    g.backward(dout)
    one_path = [g.branch_grads[("z", 0)], g.branch_grads[("z", 1)]]
    assert one_path == [close(x * dout), close(x * dout)]     # each path alone: x * dout
    assert g.grads["x"] == close(2 * x * dout)                  # together: 2x * dout
    assert g.grads["x"] == close(sum(one_path))


def test_fork_gradient_stays_unknown_until_every_path_has_reported():
    """x feeds two different nodes; after the first of them steps, d x is still "?"."""
    g = two_uses_graph()
    g.reset_backward()
    g.step()                       # "+" node
    g.step()                       # exp node: one path into x
    assert g.grads["x"] is None
    assert "?" in [t for t, _ in labels(g.to_svg(), "g-grad")["x"]]
    g.step()                       # × node: the second path
    assert g.grads["x"] == close(3 + math.exp(2))    # y + exp(x)
    ET.fromstring(g.to_svg())


# --- stepping ------------------------------------------------------------------------
@pytest.mark.parametrize("factory", FACTORIES)
def test_steps_visit_nodes_in_reverse_topological_order(factory):
    g = factory()
    g.reset_backward()
    visited = []
    while not g.done:
        step = g.step()
        # every node that uses this node's output must have been handled already
        assert consumers(g, step.node) <= set(visited), step.node
        assert g.grads[step.node] == step.upstream
        for local, down in zip(step.local, step.downstream):
            assert step.upstream * local == close(down)
        visited.append(step.node)
    assert sorted(visited) == sorted(n.name for n in g.nodes)
    assert [s.number for s in g.steps] == list(range(1, len(g.nodes) + 1))
    with pytest.raises(RuntimeError):
        g.step()


@pytest.mark.parametrize("factory", FACTORIES)
def test_stepping_to_the_end_equals_run_all(factory):
    stepped, at_once = factory(), factory()
    stepped.dout = -1.3
    stepped.reset_backward()
    while not stepped.done:
        stepped.step()
    at_once.backward(dout=-1.3)
    assert stepped.grads == at_once.grads
    assert stepped.branch_grads == at_once.branch_grads
    assert stepped.to_svg() == at_once.to_svg()


def test_sigmoid_steps_follow_the_book():
    """/ then + then exp then x(-1); their local derivatives are -y^2, 1, exp(-x), -1."""
    x = 0.5
    y = 1 / (1 + math.exp(-x))
    g = graphs.sigmoid_graph()
    g.forward(x=x)
    g.reset_backward()
    ops, locals_ = [], []
    while not g.done:
        step = g.step()
        ops.append(step.op)
        locals_.append(step.local[0])
    assert ops == ["/", "+", "exp", "×"]
    assert locals_ == [close(-y * y), close(1), close(math.exp(-x)), close(-1)]


def test_question_marks_before_each_nodes_turn():
    g = graphs.sigmoid_graph()
    g.reset_backward()
    main_edges = ["x", "-x", "exp(-x)", "1+exp(-x)"]     # inputs of the 4 nodes, left to right
    for done in range(5):
        grads = labels(g.to_svg(), "g-grad")
        assert grads["y"] == [(graphs.fmt(g.dout), style.GRADIENT)]   # the seed is known
        for i, edge in enumerate(main_edges):
            known = i >= 4 - done            # the nodes are stepped right to left
            want = (graphs.fmt(g.grads[edge]), style.GRADIENT) if known else ("?", style.MUTED)
            assert grads[edge] == [want], (done, edge)
        if not g.done:
            g.step()


def test_forward_resets_the_backward_pass():
    g = graphs.apple_graph()
    g.backward()
    g.forward(apple=150)
    assert g.values["price"] == close(150 * 2 * 1.1)
    assert g.grads["apple"] is None and g.steps == []


def test_bad_use_raises_clear_errors():
    g = graphs.apple_graph()
    with pytest.raises(ValueError, match="not an input"):
        g.forward(orange=3)
    with pytest.raises(ValueError, match="unknown input"):
        g.node("+", layers.AddLayer(), ["apple", "nope"], "s")
    with pytest.raises(ValueError, match="used twice"):
        g.input("tax", 1.0, 0, 2)
    with pytest.raises(RuntimeError, match="forward"):
        graphs.Graph("empty").step()


# --- drawing ---------------------------------------------------------------------------
@pytest.mark.parametrize("factory", FACTORIES)
def test_svg_is_well_formed_and_deterministic(factory):
    a, b = factory(), factory()
    for g in (a, b):
        g.backward()
    first = a.to_svg()
    assert a.to_svg() == first                        # same object, twice
    assert b.to_svg() == first                        # a fresh graph, same inputs
    root = ET.fromstring(first)
    assert root.tag == f"{SVG}svg" and root.get("viewBox")
    assert len(root.findall(f"{SVG}circle[@class='g-node']")) == len(a.nodes)
    a.reset_backward()
    step = a.step()
    assert a.to_svg(active=step) == a.to_svg(active=step)
    ET.fromstring(a.to_svg(active=step))


def test_svg_changes_when_an_input_changes():
    g = graphs.apple_graph()
    before = g.to_svg()
    g.forward(apple=120)
    assert g.to_svg() != before
    assert labels(g.to_svg(), "g-value")["price"] == [("264", style.VALUE)]   # 120*2*1.1


@pytest.mark.parametrize("factory", FACTORIES)
def test_svg_shows_every_value_above_and_gradient_below(factory):
    g = factory()
    g.backward(dout=0.5)
    svg = g.to_svg()
    values = labels(svg, "g-value")
    grads = labels(svg, "g-grad")
    for edge in g.edges:
        assert values[edge][0] == (graphs.fmt(g.values[edge]), style.VALUE), edge
        if edge not in g.constants:
            assert grads[edge] == [(graphs.fmt(g.grads[edge]), style.GRADIENT)], edge
    # where each label sits relative to its own line: see the test below


def curve(d, n=400):
    """Many points along an SVG path "M x y L x y" or "M x y Q cx cy x y"."""
    nums = [float(v) for v in d.replace("M", " ").replace("L", " ").replace("Q", " ").split()]
    a, b = nums[:2], nums[-2:]
    c = nums[2:4] if "Q" in d else b
    return [((1 - t) ** 2 * a[0] + 2 * t * (1 - t) * c[0] + t * t * b[0],
             (1 - t) ** 2 * a[1] + 2 * t * (1 - t) * c[1] + t * t * b[1])
            for t in (i / n for i in range(n + 1))]


def text_box(t, size):
    """A generous box around a label of digits: DejaVu Sans digits are 0.64 em wide and
    0.73 em tall; a baseline y, so nothing of a number hangs below it."""
    x, y, width = float(t.get("x")), float(t.get("y")), 0.64 * size * len(t.text)
    x0 = {"start": x, "middle": x - width / 2, "end": x - width}[t.get("text-anchor")]
    return x0, x0 + width, y - 0.75 * size, y


@pytest.mark.parametrize("factory", FACTORIES + ["two_uses", "skip"])
@pytest.mark.parametrize("dout", [1.0, -0.5])
def test_every_line_has_its_value_above_and_its_gradient_below(factory, dout):
    """For every line of the drawing, a fork's branches included: one green value whose
    whole box lies above the line and one red gradient whose whole box lies below it,
    clear of the line over the label's full width.  On a branch that bends up, "below"
    is the inner side of the curve; on one that bends down, "above" is."""
    g = {"two_uses": two_uses_graph, "skip": skip_graph}.get(factory, factory)()
    g.backward(dout)
    root = ET.fromstring(g.to_svg())
    size = float(root.get("font-size"))
    wires = {p.get("data-wire"): curve(p.get("d")) for p in root.iter(f"{SVG}path")}
    assert len(wires) == len(list(root.iter(f"{SVG}path")))        # every line is named
    labelled = {}
    for t in root.iter(f"{SVG}text"):
        if t.get("data-wire") is not None:
            labelled.setdefault(t.get("data-wire"), []).append(t)
    for key, points in wires.items():
        edge = key.split(">")[0]
        if edge in g.constants:          # a constant's value sits under its end, no gradient
            continue
        kinds = sorted(t.get("class") for t in labelled[key])
        branch = ">" in key
        assert kinds == (["g-branch-grad", "g-branch-value"] if branch else ["g-grad", "g-value"]), key
        for t in labelled[key]:
            x0, x1, top, bottom = text_box(t, size)
            under = [py for px, py in points if x0 <= px <= x1]
            assert under, f"label {t.text!r} of {key} is not over its line"
            if t.get("class").endswith("value"):
                assert t.get("fill") == style.VALUE
                assert bottom + 2 < min(under), f"value {t.text!r} of {key} is not above its line"
            else:
                assert t.get("fill") == style.GRADIENT
                assert top - 2 > max(under), f"gradient {t.text!r} of {key} is not below its line"


def test_fanout_drawing_tells_values_from_gradients():
    """x = 3 and the default upstream gradient 2: each branch carries the value 3 and
    sends back dout * x = 6; the line before the fork shows 3 and the sum 6 + 6 = 12;
    z = 9.  Five different numbers, so no label can be mistaken for another."""
    g = graphs.fanout_graph()
    assert g.dout == 2.0
    g.backward()
    svg = g.to_svg()
    assert labels(svg, "g-value") == {"x": [("3", style.VALUE)], "z": [("9", style.VALUE)]}
    assert labels(svg, "g-grad") == {"x": [("12", style.GRADIENT)], "z": [("2", style.GRADIENT)]}
    assert labels(svg, "g-branch-value") == {"x": [("3", style.VALUE)] * 2}
    assert labels(svg, "g-branch-grad") == {"x": [("6", style.GRADIENT)] * 2}
    shown = ["3", "9", "12", "2", "6"]
    assert len(set(shown)) == len(shown)
    # the two branches bend apart: one over the fork's line, one under it
    root = ET.fromstring(svg)
    branches = [curve(p.get("d")) for p in root.iter(f"{SVG}path") if ">" in p.get("data-wire")]
    assert sorted(min(y for _, y in b) < 0 < max(y for _, y in b) for b in branches) == [False, False]
    assert sorted(statistics.mean(y for _, y in b) > 0 for b in branches) == [False, True]


def test_values_only_figure_has_no_gradients():
    g = graphs.apple_graph()
    svg = g.to_svg(grads=False)
    assert labels(svg, "g-grad") == {}
    assert labels(svg, "g-value")["price"] == [("220", style.VALUE)]


def test_active_node_is_highlighted_with_a_caption():
    g = graphs.apple_graph()
    g.reset_backward()
    step = g.step()                                   # the tax node
    root = ET.fromstring(g.to_svg(active=step))
    fills = {c.get("data-node"): c.get("fill") for c in root.iter(f"{SVG}circle")
             if c.get("class") == "g-node"}
    assert fills == {"price": style.ACTIVE, "apple_price": "#ffffff"}
    caption = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "g-caption"]
    assert caption[1] == "to apple price: 1 × 1.1 = 1.1;  to tax: 1 × 200 = 200"


def test_fanout_caption_shows_the_sum():
    g = graphs.fanout_graph()                         # x = 3, dout = 2
    g.reset_backward()
    head, numbers = g.describe(g.step())
    assert numbers.endswith("paths add: dx = 6 + 6 = 12")


@pytest.mark.parametrize("factory", FACTORIES)
def test_text_is_large_enough_to_project(factory):
    """Numbers, edge names, operations and captions: none below style.FONT_SIZE."""
    g = factory()
    g.reset_backward()
    root = ET.fromstring(g.to_svg(active=g.step()))
    assert int(root.get("font-size")) >= style.FONT_SIZE
    texts = list(root.iter(f"{SVG}text"))
    assert {"g-value", "g-grad", "g-name", "g-caption"} <= {t.get("class") for t in texts}
    sizes = [int(t.get("font-size")) for t in texts if t.get("font-size")]
    assert all(s >= style.FONT_SIZE for s in sizes)


def test_save_figures_writes_the_same_files_twice(tmp_path):
    first = graphs.save_figures(tmp_path / "a")
    second = graphs.save_figures(tmp_path / "b")
    names = [p.name for p in first]
    wanted = ["apple_forward.svg", "apple_backward.svg", "apples_oranges_backward.svg",
              "chain_rule.svg", "sigmoid_graph.svg", "sigmoid_grouped.svg", "fanout.svg"]
    wanted += [f"sigmoid_step_{k}.svg" for k in (1, 2, 3, 4)]
    assert sorted(names) == sorted(wanted)
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes()
        ET.parse(a)
    # step k highlights the k-th node from the right: /, +, exp, ×
    for k, node in enumerate(["y", "1+exp(-x)", "exp(-x)", "-x"], start=1):
        root = ET.parse(tmp_path / "a" / f"sigmoid_step_{k}.svg").getroot()
        lit = [c.get("data-node") for c in root.iter(f"{SVG}circle") if c.get("fill") == style.ACTIVE]
        assert lit == [node]


# --- the explorer ----------------------------------------------------------------------
def test_explorer_has_the_css_hooks_and_controls():
    ex = graphs.GraphExplorer(graphs.apple_graph())
    assert list(ex.controls) == ["apple", "apple_num", "tax", "dout"]
    assert "bp-explorer" in ex.widget._dom_classes
    assert "bp-main" in ex.main._dom_classes and ex.main is ex.controls["apple"]
    assert "bp-plot" in ex.view._dom_classes and "bp-readout" in ex.readout._dom_classes
    assert "bp-step" in ex.step_button._dom_classes
    assert "bp-reset" in ex.reset_button._dom_classes
    assert "bp-run-all" in ex.run_button._dom_classes
    assert ex.controls["tax"].value == close(1.1)
    bundle = ex._repr_mimebundle_()
    assert bundle["text/plain"] == ("Graph explorer: apple shopping "
                                    "(run the cell in Jupyter to use it)")
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_explorer_slider_updates_view_and_readout():
    ex = graphs.GraphExplorer(graphs.apple_graph())
    assert "220" in ex.readout.value
    ex.controls["apple"].value = 150
    assert labels(ex.view.value, "g-value")["price"] == [("330", style.VALUE)]   # 150*2*1.1
    assert "price = 330" in ex.readout.value


def test_explorer_step_reset_and_run_all_buttons():
    ex = graphs.GraphExplorer(graphs.apple_graph())
    assert labels(ex.view.value, "g-grad")["tax"] == [("?", style.MUTED)]
    ex.step_button.click()
    assert len(ex.graph.steps) == 1
    assert labels(ex.view.value, "g-grad")["tax"] == [("200", style.GRADIENT)]
    assert "1 × 200 = 200" in ex.readout.value
    view = ET.fromstring(ex.view.value)
    lit = [c.get("data-node") for c in view.iter(f"{SVG}circle") if c.get("fill") == style.ACTIVE]
    assert lit == ["price"]                                 # the tax node is the active one
    ex.step_button.click()
    assert ex.graph.done and ex.step_button.disabled
    assert "dL/dapple = 2.2" in ex.readout.value
    ex.step_button.click()                                  # nothing left: no error
    ex.reset_button.click()
    assert ex.graph.steps == [] and not ex.step_button.disabled
    assert labels(ex.view.value, "g-grad")["apple"] == [("?", style.MUTED)]
    ex.run_button.click()
    assert labels(ex.view.value, "g-grad")["apple_num"] == [("110", style.GRADIENT)]


def test_explorer_slider_keeps_a_finished_pass_finished():
    ex = graphs.GraphExplorer(graphs.apple_graph())
    ex.run_button.click()
    ex.controls["tax"].value = 1.2
    assert ex.graph.done
    assert ex.graph.grads["apple_price"] == close(1.2)
    assert labels(ex.view.value, "g-grad")["apple"] == [("2.4", style.GRADIENT)]   # 2 * 1.2
    ex.controls["dout"].value = 0.5
    assert ex.graph.grads["apple"] == close(0.5 * 2 * 1.2)


def test_explorer_slider_mid_way_restarts_the_backward_pass():
    ex = graphs.GraphExplorer(graphs.sigmoid_graph())
    ex.step_button.click()
    ex.step_button.click()
    ex.controls["x"].value = 0.0
    assert ex.graph.steps == []
    assert labels(ex.view.value, "g-grad")["exp(-x)"] == [("?", style.MUTED)]
    assert "y = 0.5" in ex.readout.value
    for _ in range(4):
        ex.step_button.click()
    assert ex.graph.grads["x"] == close(0.25)


# --- layout of graphs with shared values --------------------------------------------------
def two_uses_graph():
    """x feeds two different nodes, in the same column."""
    g = graphs.Graph("two uses")
    g.input("x", 2.0, -5, 5)
    g.input("y", 3.0, -5, 5)
    g.node("×", layers.MulLayer(), ["x", "y"], "p")
    g.node("exp", layers.ExpLayer(), ["x"], "e")
    g.node("+", layers.AddLayer(), ["p", "e"], "s")
    g.forward()
    return g


def skip_graph():
    """e feeds the next node twice and also skips over it to the last node."""
    g = graphs.Graph("skip")
    g.input("a", 1.5, -5, 5)
    g.node("exp", layers.ExpLayer(), ["a"], "e")
    g.node("×", layers.MulLayer(), ["e", "e"], "q")
    g.node("+", layers.AddLayer(), ["q", "e"], "out")
    g.forward()
    return g


def points_on(d):
    """Points along an SVG path "M x y L x y" or "M x y Q cx cy x y"."""
    nums = [float(v) for v in d.replace("M", " ").replace("L", " ").replace("Q", " ").split()]
    a, b = nums[:2], nums[-2:]
    c = nums[2:4] if "Q" in d else b
    return [((1 - t) ** 2 * a[0] + 2 * t * (1 - t) * c[0] + t * t * b[0],
             (1 - t) ** 2 * a[1] + 2 * t * (1 - t) * c[1] + t * t * b[1])
            for t in (i / 40 for i in range(41))]


@pytest.mark.parametrize("factory", FACTORIES + [two_uses_graph, skip_graph])
def test_nodes_do_not_overlap_and_lines_do_not_cross_nodes(factory):
    g = factory()
    g.backward()
    root = ET.fromstring(g.to_svg())
    nodes = [(float(c.get("cx")), float(c.get("cy")), float(c.get("r")))
             for c in root.iter(f"{SVG}circle") if c.get("class") == "g-node"]
    for i, (x1, y1, r1) in enumerate(nodes):
        for x2, y2, r2 in nodes[i + 1:]:
            assert math.hypot(x1 - x2, y1 - y2) > r1 + r2 + 10
    for path in root.iter(f"{SVG}path"):
        for px, py in points_on(path.get("d")):
            for x, y, r in nodes:          # lines end on a circle's edge, never inside one
                assert math.hypot(px - x, py - y) > r - 0.5, (path.get("d"), x, y)


def test_skip_graph_gradient_adds_three_paths():
    """out = e*e + e with e = exp(a): dout/da = (2e + 1) * e, from three paths through e."""
    g = skip_graph()
    g.backward()
    e = math.exp(1.5)
    assert g.grads["e"] == close(2 * e + 1)
    assert g.grads["a"] == close((2 * e + 1) * e)
