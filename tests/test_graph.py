"""Tests of graph.py, the model: forward and backward through the real layers, the
stepping order, the sums at a fork, the text of a step, and every error it raises.

Expected numbers come from the formulas of the graphs under test or from central
differences of the forward pass, never from running the backward code under test.
"""

import math

import numpy as np
import pytest
from graph_cases import ALL_GRAPHS, skip_graph, two_uses_graph
from hypothesis import assume, given, settings, strategies as st

import layers
from teaching import examples
from teaching.graph import Graph, Step

close = pytest.approx


def consumers(graph, output):
    """The outputs of the nodes that take this edge as an input."""
    return {n.output for n in graph.nodes if output in n.inputs}


def small_graph():
    """s = a * b, nothing run yet."""
    g = Graph("small")
    g.input("a", 2.0, -5, 5)
    g.input("b", 3.0, -5, 5)
    g.node("×", layers.MulLayer(), ["a", "b"], "s")
    return g


# --- backward against the numbers -----------------------------------------------------
@pytest.mark.parametrize("factory", ALL_GRAPHS)
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_backward_matches_central_differences(factory, data):
    """For inputs anywhere a slider can put them and any upstream gradient, the gradient
    of every input agrees with central differences of dout * forward (float64)."""
    g = factory()
    names = list(g.inputs)

    def slider_value(inp):           # low + k * step, as the slider gives it
        k = data.draw(st.integers(0, round((inp.high - inp.low) / inp.step)), label=inp.name)
        return round(inp.low + k * inp.step, 10)

    point = np.array([slider_value(g.inputs[n]) for n in names])
    dout = data.draw(st.floats(-2, 2).filter(lambda d: abs(d) > 0.1), label="dout")
    g.forward(**dict(zip(names, point)))
    # central differences straddle a kink such as relu's at 0 and average its two slopes:
    # points within reach of one are no test of backward (CS231n's warning on kinks)
    assume(all(abs(g.values[node.inputs[0]]) > 1e-3 for node in g.nodes
               if isinstance(node.layer, layers.Relu)))
    grads = g.backward(dout)
    analytic = np.array([grads[n] for n in names])
    fresh = factory()
    numeric = layers.numerical_gradient(
        lambda p: dout * fresh.forward(**dict(zip(names, p))), point, h=1e-5)
    scale = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    diff = np.linalg.norm(analytic - numeric)
    # relative error; where the true gradient is 0 (e.g. at x + y = 0 for (x + y)**2),
    # central differences leave rounding noise of ~1e-16, so the difference itself counts
    error = diff / scale if scale > 1e-9 else diff
    assert error < 1e-7, (dict(zip(names, point)), analytic, numeric)


@pytest.mark.parametrize("factory", ALL_GRAPHS)
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
            assert g.branch_grads[(node.output, slot)] == grad
            paths[edge].append(grad)
    assert g.grads[g.output] == 0.7
    for edge, grads in paths.items():
        if edge != g.output:
            assert g.grads[edge] == close(sum(grads)), edge


def test_fork_gradient_stays_unknown_until_every_path_has_reported():
    """x feeds two different nodes; after the first of them steps, dx is still unknown."""
    g = two_uses_graph()
    g.reset_backward()
    g.step()                       # "+" node
    g.step()                       # exp node: one path into x
    assert g.grads["x"] is None
    g.step()                       # × node: the second path
    assert g.grads["x"] == close(3 + math.exp(2))    # y + exp(x)


def test_skip_graph_gradient_adds_three_paths():
    """out = e*e + e with e = exp(a): dout/da = (2e + 1) * e, from three paths through e."""
    g = skip_graph()
    g.backward()
    e = math.exp(1.5)
    assert g.grads["e"] == close(2 * e + 1)
    assert g.grads["a"] == close((2 * e + 1) * e)


# --- stepping ------------------------------------------------------------------------
@pytest.mark.parametrize("factory", ALL_GRAPHS)
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
    assert sorted(visited) == sorted(n.output for n in g.nodes)
    assert [s.number for s in g.steps] == list(range(1, len(g.nodes) + 1))


@pytest.mark.parametrize("factory", ALL_GRAPHS)
def test_stepping_to_the_end_equals_run_all(factory):
    stepped, at_once = factory(), factory()
    stepped.dout = -1.3
    stepped.reset_backward()
    while not stepped.done:
        stepped.step()
    at_once.backward(dout=-1.3)
    assert stepped.grads == at_once.grads
    assert stepped.branch_grads == at_once.branch_grads
    assert stepped.steps == at_once.steps


def test_forward_resets_the_backward_pass_and_keeps_other_inputs():
    g = examples.apple_graph()
    g.backward()
    g.forward(apple=150)
    assert g.values["price"] == close(150 * 2 * 1.1)
    assert g.grads["apple"] is None and g.steps == [] and g.branch_grads == {}
    g.forward(tax=1.0)                                # apple stays at 150
    assert g.values["price"] == close(150 * 2)


def test_backward_keeps_the_upstream_gradient_it_was_given():
    g = examples.chain_rule_graph()                   # x = 1, y = 2: dz/dx = 2(x + y) = 6
    g.backward(0.5)
    assert g.dout == 0.5 and g.grads["x"] == close(3.0)
    g.backward()                                      # no dout: the last one again
    assert g.grads["x"] == close(3.0)


# --- the text of a step -------------------------------------------------------------
def test_describe_says_upstream_times_local_for_each_input():
    g = examples.apple_graph()
    g.reset_backward()
    head, numbers = g.describe(g.step())              # the tax node: 200 * 1.1
    assert head == ("Step 1 of 2: the × node that makes price "
                    "(upstream × local = downstream)")
    assert numbers == "to apple price: 1 × 1.1 = 1.1;  to tax: 1 × 200 = 200"


def test_describe_leaves_constants_out():
    g = examples.sigmoid_graph()
    g.forward(x=0.0)                                  # y = 1/2, 1 + exp(-x) = 2
    g.reset_backward()
    g.step()                                          # "/": local -y^2 = -0.25
    _, numbers = g.describe(g.step())                 # "+": x + 1, the 1 is a constant
    assert numbers == "to exp(-x): -0.25 × 1 = -0.25"


def test_describe_shows_the_sum_at_a_fork():
    g = examples.fanout_graph()                       # x = 3, dout = 2: each path 2 * 3
    g.reset_backward()
    _, numbers = g.describe(g.step())
    assert numbers.endswith("paths add: dx = 6 + 6 = 12")


def test_repr_names_the_output_and_its_value():
    assert repr(examples.apple_graph()) == "<Graph 'apple shopping': 2 nodes, price = 220>"
    assert repr(Graph("empty")) == "<Graph 'empty': no nodes>"


# --- every error the model raises, each with a message that says what to do ------------
@pytest.mark.parametrize("name", ["apple price", "2x", "", "x-1", 3])
def test_input_names_must_be_identifiers(name):
    with pytest.raises(ValueError, match="must be a Python identifier"):
        Graph("g").input(name, 1.0, 0, 2)


@pytest.mark.parametrize("value, low, high, step, message", [
    (1.0, 2.0, 2.0, 0.1, "needs low < high"),
    (1.0, 3.0, 0.0, 0.1, "needs low < high"),
    (5.0, 0.0, 2.0, 0.1, "outside its range"),
    (-0.5, 0.0, 2.0, 0.1, "outside its range"),
    (1.0, 0.0, 2.0, 0.0, "step must be positive"),
    (1.0, 0.0, 2.0, -0.1, "step must be positive"),
])
def test_input_ranges_must_make_a_slider(value, low, high, step, message):
    with pytest.raises(ValueError, match=message):
        Graph("g").input("x", value, low, high, step)


def test_edge_names_are_used_once():
    g = small_graph()
    with pytest.raises(ValueError, match="'a' is used twice"):
        g.input("a", 1.0, 0, 2)
    with pytest.raises(ValueError, match="'b' is used twice"):
        g.constant("b", 1.0)
    with pytest.raises(ValueError, match="'s' is used twice"):
        g.node("+", layers.AddLayer(), ["a", "b"], "s")


@pytest.mark.parametrize("name", ["", None, 7])
def test_edge_names_are_non_empty_strings(name):
    g = small_graph()
    with pytest.raises(ValueError, match="non-empty string"):
        g.constant(name, 1.0)
    with pytest.raises(ValueError, match="non-empty string"):
        g.node("+", layers.AddLayer(), ["a", "b"], name)


def test_node_inputs_must_exist_first():
    g = small_graph()
    with pytest.raises(ValueError, match="unknown input edge 'nope' \\(add it first\\)"):
        g.node("+", layers.AddLayer(), ["a", "nope"], "t")
    assert "t" not in g.edges                         # nothing half-added


def test_a_node_needs_an_input_that_is_not_a_constant():
    g = Graph("g")
    g.constant("one", 1.0)
    with pytest.raises(ValueError, match="not a constant"):
        g.node("exp", layers.ExpLayer(), ["one"], "e")
    with pytest.raises(ValueError, match="not a constant"):
        g.node("exp", layers.ExpLayer(), [], "e")


def test_a_node_needs_a_layer():
    g = small_graph()
    with pytest.raises(TypeError, match="float has no forward\\(\\) method"):
        g.node("×", 2.0, ["a", "b"], "t")
    with pytest.raises(TypeError,
                       match="pass a layer object such as MulLayer\\(\\), not the class"):
        g.node("×", layers.MulLayer, ["a", "b"], "t")    # the class, not a layer


def test_forward_rejects_unknown_inputs():
    g = examples.apple_graph()
    with pytest.raises(ValueError, match="'orange' is not an input of this graph "
                                         "\\(inputs: apple, apple_num, tax\\)"):
        g.forward(orange=3)
    with pytest.raises(ValueError, match="'price' is not an input"):
        g.forward(price=3)                            # an edge, but made by a node


def test_a_graph_without_nodes_says_so():
    g = Graph("empty")
    g.input("x", 1.0, 0, 2)
    for action in (g.forward, g.backward, lambda: g.output):
        with pytest.raises(ValueError, match="'empty' has no nodes yet; add one with node\\(\\)"):
            action()


def test_only_the_last_node_may_feed_nothing():
    g = small_graph()
    g.node("exp", layers.ExpLayer(), ["a"], "e")      # s is now left over
    with pytest.raises(ValueError, match="\\['s'\\] feed nothing; only the last node may"):
        g.forward()


def test_stepping_needs_a_forward_pass_first():
    with pytest.raises(RuntimeError, match="run forward\\(\\) before the backward pass"):
        small_graph().step()
    with pytest.raises(RuntimeError, match="run forward\\(\\) before the backward pass"):
        small_graph().backward()


def test_stepping_past_the_end():
    g = small_graph()
    g.forward()
    g.step()
    with pytest.raises(RuntimeError, match="complete; call reset_backward\\(\\) to start again"):
        g.step()
    g.reset_backward()
    assert g.step().number == 1


def test_building_after_forward_needs_a_new_forward():
    """A node added after a forward pass has no value yet: stepping says so instead
    of failing on a missing number."""
    g = small_graph()
    g.forward()
    g.node("exp", layers.ExpLayer(), ["s"], "e")
    with pytest.raises(RuntimeError, match="run forward\\(\\)"):
        g.step()
    assert g.forward() == close(math.exp(6.0))


class OneGradient:
    """A real two-input operation (a + b) whose backward forgets the second gradient."""

    def forward(self, a, b):
        return a + b

    def backward(self, dout):
        return dout


def test_a_layer_must_return_one_gradient_per_input():
    g = Graph("g")
    g.input("a", 1.0, 0, 2)
    g.input("b", 1.0, 0, 2)
    g.node("+", OneGradient(), ["a", "b"], "s")
    g.forward()
    with pytest.raises(ValueError, match="OneGradient.backward returned 1 gradient\\(s\\) "
                                         "for 2 input\\(s\\)"):
        g.step()


def test_step_is_a_record_that_cannot_be_changed():
    g = examples.apple_graph()
    g.reset_backward()
    step = g.step()
    assert step == Step(1, "price", "×", ("apple_price", "tax"), 1.0,
                        (close(1.1), close(200)), (close(1.1), close(200)))
    with pytest.raises(AttributeError):
        step.upstream = 2.0
