"""Tests of examples.py: each chapter's graph gives the book's numbers, and its
figures are written the same way every time.

Expected numbers come from the arithmetic of the book's examples
(100 * 2 * 1.1 = 220, ...) or from the formulas (2(x + y), y(1 - y), 2x).
"""

import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from graph_cases import EXAMPLES
from hypothesis import given, settings, strategies as st

import layers
from teaching import examples

close = pytest.approx


@pytest.mark.parametrize("factory", EXAMPLES)
def test_each_example_is_fresh_and_already_run(factory):
    a, b = factory(), factory()
    assert a is not b and a.nodes[0].layer is not b.nodes[0].layer
    assert a.values and a.values == b.values and a.steps == []


def test_apple_graph_values_and_gradients():
    g = examples.apple_graph()
    g.backward()
    assert g.values["apple_price"] == close(200)
    assert g.values["price"] == close(220)
    assert g.grads["price"] == 1.0
    assert g.grads["apple_price"] == close(1.1)
    assert g.grads["tax"] == close(200)
    assert g.grads["apple"] == close(2.2)
    assert g.grads["apple_num"] == close(110)


def test_apples_oranges_graph_values_and_gradients():
    g = examples.apples_oranges_graph()
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
    g = examples.apple_graph()
    g.backward(dout=1.0)
    mul_apple, mul_tax = layers.MulLayer(), layers.MulLayer()
    apple_price = mul_apple.forward(100.0, 2.0)
    price = mul_tax.forward(apple_price, 1.1)
    d_apple_price, d_tax = mul_tax.backward(1.0)
    d_apple, d_apple_num = mul_apple.backward(d_apple_price)
    assert g.values["apple_price"] == apple_price and g.values["price"] == price
    assert (g.grads["apple_price"], g.grads["tax"]) == (d_apple_price, d_tax)
    assert (g.grads["apple"], g.grads["apple_num"]) == (d_apple, d_apple_num)


@settings(max_examples=60, deadline=None)
@given(x=st.floats(-3, 3), y=st.floats(-3, 3), dout=st.floats(-2, 2))
def test_chain_rule_gradient_is_2_x_plus_y(x, y, dout):
    g = examples.chain_rule_graph()
    assert g.forward(x=x, y=y) == close((x + y) ** 2)
    g.backward(dout)
    assert g.grads["t"] == close(2 * (x + y) * dout)
    assert g.grads["x"] == close(2 * (x + y) * dout, abs=1e-12)
    assert g.grads["y"] == close(2 * (x + y) * dout, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(x=st.floats(-6, 6), dout=st.floats(-2, 2))
def test_sigmoid_graphs_give_y_times_1_minus_y(x, dout):
    y = 1 / (1 + math.exp(-x))
    for g in (examples.sigmoid_graph(), examples.sigmoid_grouped_graph()):
        assert g.forward(x=x) == close(y)
        g.backward(dout)
        assert g.grads["x"] == close(dout * y * (1 - y), abs=1e-12), g.title


def test_sigmoid_gradient_at_zero_is_a_quarter():
    g = examples.sigmoid_graph()
    g.forward(x=0.0)
    assert g.backward(1.0)["x"] == close(0.25)


def test_sigmoid_steps_follow_the_book():
    """/ then + then exp then x(-1); their local derivatives are -y^2, 1, exp(-x), -1."""
    x = 0.5
    y = 1 / (1 + math.exp(-x))
    g = examples.sigmoid_graph()
    g.forward(x=x)
    g.reset_backward()
    ops, locals_ = [], []
    while not g.done:
        step = g.step()
        ops.append(step.op)
        locals_.append(step.local[0])
    assert ops == ["/", "+", "exp", "×"]
    assert locals_ == [close(-y * y), close(1), close(math.exp(-x)), close(-1)]


@settings(max_examples=60, deadline=None)
@given(x=st.floats(-5, 5), dout=st.floats(-2, 2))
def test_fanout_gradients_add_at_the_fork(x, dout):
    g = examples.fanout_graph()
    assert g.forward(x=x) == close(x * x)
    g.backward(dout)
    one_path = [g.branch_grads[("z", 0)], g.branch_grads[("z", 1)]]
    assert one_path == [close(x * dout), close(x * dout)]     # each path alone: x * dout
    assert g.grads["x"] == close(2 * x * dout)                  # together: 2x * dout
    assert g.grads["x"] == close(sum(one_path))


def test_fanout_starts_with_an_upstream_gradient_of_two():
    g = examples.fanout_graph()
    assert g.dout == 2.0 and g.values == {"x": 3.0, "z": 9.0}


def test_save_figures_writes_the_same_files_twice(tmp_path):
    first = examples.save_figures(tmp_path / "a")
    second = examples.save_figures(tmp_path / "b")
    names = [p.name for p in first]
    wanted = ["apple_forward.svg", "chain_rule.svg", "chain_rule_backward.svg",
              "sigmoid_grouped.svg"]
    assert sorted(names) == sorted(wanted)
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes()
        ET.parse(a)
    # chapter 2's figure: forward values only (x = 1, y = 2, t = 3, z = 9); its code
    # computes the gradients, so the figure does not show them first
    svg = ET.parse(tmp_path / "a" / "chain_rule.svg").getroot()
    assert not [e for e in svg.iter() if e.get("class") == "g-grad"]
    values = sorted(e.text for e in svg.iter() if e.get("class") == "g-value")
    assert values == ["1", "2", "9", "t = 3"]
    # and the backward figure drawn after that code: dz/dz = 1, then 2t = 6 on t, x and y
    svg = ET.parse(tmp_path / "a" / "chain_rule_backward.svg").getroot()
    grads = sorted(e.text for e in svg.iter() if e.get("class") == "g-grad")
    assert grads == ["1", "6", "6", "6"]


@settings(max_examples=60, deadline=None)
@given(w=st.floats(-3, 3), x=st.floats(-3, 3), b=st.floats(-5, 5), dout=st.floats(-2, 2))
def test_relu_graph_is_a_gate(w, x, b, dout):
    g = examples.relu_graph()
    z = w * x + b
    assert g.forward(w=w, x=x, b=b) == close(max(z, 0.0), abs=1e-12)
    g.backward(dout)
    opened = 1.0 if z > 0 else 0.0              # the book's convention: closed at exactly 0
    assert g.grads["w"] == close(dout * opened * x, abs=1e-12)
    assert g.grads["x"] == close(dout * opened * w, abs=1e-12)
    assert g.grads["b"] == close(dout * opened, abs=1e-12)


def test_relu_graph_starts_open():
    g = examples.relu_graph()
    assert [n.op for n in g.nodes] == ["×", "+", "relu"]
    assert g.values["y"] == close(2.0)          # 1.5 * 2 - 1


def test_every_example_is_traced_from_a_function():
    """The chapters' graphs are made the way a learner makes one: graph_from on a function."""
    source = Path(examples.__file__).read_text(encoding="utf-8")
    assert "Graph(" not in source and ".node(" not in source
    assert source.count("graph_from(") == len(EXAMPLES)


def test_apples_oranges_graph_names_edges_only_on_request():
    from teaching.drawing import to_svg
    assert not getattr(examples.apples_oranges_graph(), "named", set())
    g = examples.apples_oranges_graph(named={"all_price"})
    assert g.named == {"all_price"} and "all price = 650" in to_svg(g)
    assert "all price = " not in to_svg(examples.apples_oranges_graph())
    with pytest.raises(ValueError, match="no edge called subtotal"):
        examples.apples_oranges_graph(named={"subtotal"})
