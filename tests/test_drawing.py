"""Tests of drawing.py: a graph's SVG is well formed and repeatable, every line has
its value above and its gradient below, unknown gradients show "?", a fork shows
its branches, nodes never overlap and lines never cross a node.

Labels are compared with the graph's own numbers written by style.fmt (tested in
test_style.py) or with the book's arithmetic.
"""

import math
import statistics
import xml.etree.ElementTree as ET

import pytest
from graph_cases import (
    ALL_GRAPHS,
    EXAMPLES,
    SVG,
    curve,
    labels,
    lit_nodes,
    skip_graph,
    two_uses_graph,
)

from teaching import examples, style
from teaching.drawing import to_svg
from teaching.style import fmt


@pytest.mark.parametrize("factory", ALL_GRAPHS)
def test_svg_is_well_formed_and_deterministic(factory):
    a, b = factory(), factory()
    for g in (a, b):
        g.backward()
    first = to_svg(a)
    assert to_svg(a) == first                         # same object, twice
    assert to_svg(b) == first                         # a fresh graph, same inputs
    root = ET.fromstring(first)
    assert root.tag == f"{SVG}svg" and root.get("viewBox")
    assert root.find(f"{SVG}title").text == a.title
    assert len(root.findall(f"{SVG}circle[@class='g-node']")) == len(a.nodes)
    a.reset_backward()
    step = a.step()
    assert to_svg(a, active=step) == to_svg(a, active=step)
    ET.fromstring(to_svg(a, active=step))


def test_a_graph_displays_as_its_drawing():
    g = examples.apple_graph()
    assert g._repr_svg_() == to_svg(g)


@pytest.mark.parametrize("factory", ALL_GRAPHS)
def test_stepping_to_the_end_draws_the_same_as_run_all(factory):
    stepped, at_once = factory(), factory()
    stepped.reset_backward()
    while not stepped.done:
        stepped.step()
    at_once.backward()
    assert to_svg(stepped) == to_svg(at_once)


def test_svg_changes_when_an_input_changes():
    g = examples.apple_graph()
    before = to_svg(g)
    g.forward(apple=120)
    assert to_svg(g) != before
    assert labels(to_svg(g), "g-value")["price"] == [("264", style.VALUE)]   # 120*2*1.1


@pytest.mark.parametrize("factory", ALL_GRAPHS)
def test_svg_shows_every_value_and_gradient(factory):
    g = factory()
    g.backward(dout=0.5)
    svg = to_svg(g)
    values = labels(svg, "g-value")
    grads = labels(svg, "g-grad")
    for edge in g.edges:
        assert values[edge][0] == (fmt(g.values[edge]), style.VALUE), edge
        if edge not in g.constants:
            assert grads[edge] == [(fmt(g.grads[edge]), style.GRADIENT)], edge


def test_fork_gradient_shows_a_question_mark_until_every_path_has_reported():
    g = two_uses_graph()
    g.reset_backward()
    g.step()
    g.step()                       # one of the two paths into x
    assert labels(to_svg(g), "g-grad")["x"] == [("?", style.MUTED)]
    g.step()
    assert labels(to_svg(g), "g-grad")["x"] == [(fmt(3 + math.exp(2)), style.GRADIENT)]


def test_question_marks_before_each_nodes_turn():
    g = examples.sigmoid_graph()
    g.reset_backward()
    main_edges = ["x", "-x", "exp(-x)", "1+exp(-x)"]     # inputs of the 4 nodes, left to right
    for done in range(5):
        grads = labels(to_svg(g), "g-grad")
        assert grads["y"] == [(fmt(g.dout), style.GRADIENT)]   # the seed is known
        for i, edge in enumerate(main_edges):
            known = i >= 4 - done            # the nodes are stepped right to left
            want = (fmt(g.grads[edge]), style.GRADIENT) if known else ("?", style.MUTED)
            assert grads[edge] == [want], (done, edge)
        if not g.done:
            g.step()


def text_box(t, size):
    """A generous box around a label of digits: DejaVu Sans digits are 0.64 em wide and
    0.73 em tall; a baseline y, so nothing of a number hangs below it."""
    x, y, width = float(t.get("x")), float(t.get("y")), 0.64 * size * len(t.text)
    x0 = {"start": x, "middle": x - width / 2, "end": x - width}[t.get("text-anchor")]
    return x0, x0 + width, y - 0.75 * size, y


@pytest.mark.parametrize("factory", ALL_GRAPHS)
@pytest.mark.parametrize("dout", [1.0, -0.5])
def test_every_line_has_its_value_above_and_its_gradient_below(factory, dout):
    """For every line of the drawing, a fork's branches included: one green value whose
    whole box lies above the line and one red gradient whose whole box lies below it,
    clear of the line over the label's full width.  On a branch that bends up, "below"
    is the inner side of the curve; on one that bends down, "above" is."""
    g = factory()
    g.backward(dout)
    root = ET.fromstring(to_svg(g))
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
            assert [t.get("class") for t in labelled[key]] == ["g-value"]
            continue
        kinds = sorted(t.get("class") for t in labelled[key])
        branch = ">" in key
        want = ["g-branch-grad", "g-branch-value"] if branch else ["g-grad", "g-value"]
        assert kinds == want, key
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


def test_branch_wires_are_named_by_edge_node_and_slot():
    g = skip_graph()                   # e feeds q twice (slots 0 and 1) and out (slot 1)
    g.backward()
    keys = sorted(p.get("data-wire") for p in ET.fromstring(to_svg(g)).iter(f"{SVG}path"))
    assert keys == ["a", "e", "e>out.1", "e>q.0", "e>q.1", "out", "q"]


def test_fanout_drawing_tells_values_from_gradients():
    """x = 3 and the default upstream gradient 2: each branch carries the value 3 and
    sends back dout * x = 6; the line before the fork shows 3 and the sum 6 + 6 = 12;
    z = 9.  Five different numbers, so no label can be mistaken for another."""
    g = examples.fanout_graph()
    g.backward()
    svg = to_svg(g)
    assert labels(svg, "g-value") == {"x": [("3", style.VALUE)], "z": [("9", style.VALUE)]}
    assert labels(svg, "g-grad") == {"x": [("12", style.GRADIENT)], "z": [("2", style.GRADIENT)]}
    assert labels(svg, "g-branch-value") == {"x": [("3", style.VALUE)] * 2}
    assert labels(svg, "g-branch-grad") == {"x": [("6", style.GRADIENT)] * 2}
    # the two branches bend apart: one over the fork's line, one under it
    root = ET.fromstring(svg)
    branches = [curve(p.get("d")) for p in root.iter(f"{SVG}path") if ">" in p.get("data-wire")]
    crossing = [min(y for _, y in b) < 0 < max(y for _, y in b) for b in branches]
    assert sorted(crossing) == [False, False]
    assert sorted(statistics.mean(y for _, y in b) > 0 for b in branches) == [False, True]


def test_values_only_figure_has_no_gradients():
    g = examples.apple_graph()
    svg = to_svg(g, grads=False)
    assert labels(svg, "g-grad") == {}
    assert labels(svg, "g-value")["price"] == [("220", style.VALUE)]


def test_active_node_is_highlighted_with_a_caption():
    g = examples.apple_graph()
    g.reset_backward()
    step = g.step()                                   # the tax node
    svg = to_svg(g, active=step)
    assert lit_nodes(svg) == ["price"]
    caption = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")
               if t.get("class") == "g-caption"]
    assert caption == list(g.describe(step))
    assert labels(to_svg(g, active=step, caption=False), "g-caption") == {}


@pytest.mark.parametrize("factory", EXAMPLES)
def test_text_is_large_enough_to_project(factory):
    """Numbers, edge names, operations and captions: none below style.FONT_SIZE."""
    g = factory()
    g.reset_backward()
    root = ET.fromstring(to_svg(g, active=g.step()))
    assert int(root.get("font-size")) >= style.FONT_SIZE
    texts = list(root.iter(f"{SVG}text"))
    assert {"g-value", "g-grad", "g-name", "g-caption"} <= {t.get("class") for t in texts}
    sizes = [int(t.get("font-size")) for t in texts if t.get("font-size")]
    assert all(s >= style.FONT_SIZE for s in sizes)


@pytest.mark.parametrize("factory", ALL_GRAPHS)
def test_nodes_do_not_overlap_and_lines_do_not_cross_nodes(factory):
    g = factory()
    g.backward()
    root = ET.fromstring(to_svg(g))
    nodes = [(float(c.get("cx")), float(c.get("cy")), float(c.get("r")))
             for c in root.iter(f"{SVG}circle") if c.get("class") == "g-node"]
    for i, (x1, y1, r1) in enumerate(nodes):
        for x2, y2, r2 in nodes[i + 1:]:
            assert math.hypot(x1 - x2, y1 - y2) > r1 + r2 + 10
    for path in root.iter(f"{SVG}path"):
        for px, py in curve(path.get("d"), n=40):
            for x, y, r in nodes:          # lines end on a circle's edge, never inside one
                assert math.hypot(px - x, py - y) > r - 0.5, (path.get("d"), x, y)


# --- expressions on the edges ------------------------------------------------------------
def grad_texts(svg):
    return {e: v[0][0] for e, v in labels(svg, "g-grad").items()}


def test_sigmoid_steps_as_expressions_follow_the_book():
    """dL/dy, then × (-y²), × 1, × exp(-x), × (-1): the book's sigmoid figures in formulas."""
    g = examples.sigmoid_graph()
    g.reset_backward()
    seen = []
    while not g.done:
        step = g.step()
        seen.append(grad_texts(to_svg(g, active=step, labels="expressions")))
    assert seen[0] == {"x": "?", "-x": "?", "exp(-x)": "?", "1+exp(-x)": "-dL/dy·y²", "y": "dL/dy"}
    assert seen[1]["exp(-x)"] == "-dL/dy·y²"                   # the add node passes it on
    assert seen[2]["-x"] == "-dL/dy·y²·exp(-x)"
    assert seen[3]["x"] == "dL/dy·y²·exp(-x)"                  # × (-1) flips the sign
    values = {e: v[0][0] for e, v in labels(to_svg(g, labels="expressions"), "g-value").items()}
    assert values["y"] == "1/(1+exp(-x))" and values["exp(-x)"] == "exp(-x)"
    assert values["minus_one"] == "-1" and values["one"] == "1"   # constants stay numbers


def test_expressions_at_a_fork_add_the_paths():
    g = examples.fanout_graph()
    g.backward()
    svg = to_svg(g, labels="expressions")
    assert grad_texts(svg)["x"] == "dL/dz·x + dL/dz·x"
    assert [t for t, _ in labels(svg, "g-branch-grad")["x"]] == ["dL/dz·x", "dL/dz·x"]


def test_expressions_of_multiply_square_and_relu_nodes():
    g = examples.apples_oranges_graph()
    g.backward()
    grads = grad_texts(to_svg(g, labels="expressions"))
    assert grads["tax"] == "dL/dprice·(all price)"            # multiply: the other input
    assert grads["orange_num"] == "dL/dprice·tax·orange"
    g = examples.chain_rule_graph()
    g.backward()
    assert grad_texts(to_svg(g, labels="expressions"))["t"] == "dL/dz·2·t"
    g = examples.relu_graph()
    g.backward()
    assert grad_texts(to_svg(g, labels="expressions"))["w*x+b"] == "dL/dy·[(w*x+b)>0]"


def test_numbers_are_the_default_and_a_wrong_label_kind_is_refused():
    g = examples.apple_graph()
    assert to_svg(g) == to_svg(g, labels="numbers")
    with pytest.raises(ValueError, match="numbers.*expressions"):
        to_svg(g, labels="formulas")


def test_a_line_named_in_curved_bends_and_keeps_clear_of_nodes():
    """Chapter 09's tangled graph: the straight a -> + line passes just over the first x
    node, so its labels would sit against that node's rim; named in ``graph.curved`` it
    arches over instead.  Other lines stay as they were; an unknown name is refused."""
    from teaching.trace import graph_from

    def tangled(a, b):
        c = a * b
        d = c + a
        return c * d
    g = graph_from(tangled, a=2.0, b=3.0)
    g.backward()
    before = {p.get("data-wire"): p.get("d") for p in ET.fromstring(to_svg(g)).iter(f"{SVG}path")}
    g.curved = {"a>d.1"}
    after = {p.get("data-wire"): p.get("d") for p in ET.fromstring(to_svg(g)).iter(f"{SVG}path")}
    assert "Q" not in before["a>d.1"] and "Q" in after["a>d.1"]
    assert {k: v for k, v in after.items() if k != "a>d.1"} == \
        {k: v for k, v in before.items() if k != "a>d.1"}
    assert max(y for _, y in curve(after["a>d.1"])) <= max(y for _, y in curve(before["a>d.1"]))
    g.curved = {"a>nowhere"}
    with pytest.raises(ValueError, match="names no line"):
        to_svg(g)


def test_changed_edges_are_drawn_marked_and_the_rest_as_before():
    """An explorer's mark_changes: the lines of the changed edges (every branch of a fork
    too) turn style.ACTIVE and thicker, their values bold with the class g-changed."""
    g = examples.fanout_graph()
    plain, marked = to_svg(g), to_svg(g, changed={"x"})
    assert to_svg(g, changed=()) == plain
    root = ET.fromstring(marked)
    strokes = {p.get("data-wire"): p.get("stroke") for p in root.iter(f"{SVG}path")}
    x_wires = {k for k in strokes if k.startswith("x>") or k == "x"}
    assert x_wires and all(strokes[k] == style.ACTIVE for k in x_wires)
    assert {strokes[k] for k in strokes if k not in x_wires} == {style.INK}
    bold = [(t.get("class"), t.get("data-edge")) for t in root.iter(f"{SVG}text")
            if t.get("font-weight") == "bold"]
    assert bold and all(edge == "x" and cls.endswith(" g-changed") for cls, edge in bold)
    assert "g-changed" not in plain and 'font-weight' not in plain
