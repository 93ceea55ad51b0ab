"""Tests of trace.py: a Python function of layer operations becomes a Graph of the real layers.

Expected numbers come from the functions themselves, computed with plain floats and math
(never from the graph), and every traced graph's backward pass is checked against central
differences of that plain function.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import layers
from teaching import trace
from teaching.trace import exp, graph_from, reciprocal, relu, sigmoid, square

close = pytest.approx
finite = st.floats(-2.0, 2.0, allow_nan=False)


def numeric_grads(f, point, h=1e-6):
    """Central differences of the plain-float function ``f`` at ``point`` (a dict)."""
    grads = {}
    for name in point:
        up, down = dict(point), dict(point)
        up[name] += h
        down[name] -= h
        grads[name] = (f(**up) - f(**down)) / (2 * h)
    return grads


def plain_sigmoid(z):
    return 1 / (1 + math.exp(-z))


# (traced function, the same function on floats, a point)
CASES = [
    (lambda w, x, b: sigmoid(w * x + b), lambda w, x, b: plain_sigmoid(w * x + b),
     {"w": 0.5, "x": 2.0, "b": -1.0}),
    (lambda w, b, x, t: (sigmoid(w * x + b) - t) ** 2,
     lambda w, b, x, t: (plain_sigmoid(w * x + b) - t) ** 2,
     {"w": 0.5, "b": 1.0, "x": 2.0, "t": 0.0}),
    (lambda x: 1 / (1 + exp(-x)), lambda x: 1 / (1 + math.exp(-x)), {"x": 2.0}),
    (lambda a, b: (a - 2 * b) / (b * b + 1) - 3 / a + (-a) ** 2,
     lambda a, b: (a - 2 * b) / (b * b + 1) - 3 / a + (-a) ** 2, {"a": 1.5, "b": 0.7}),
    (lambda x, y: relu(x * y - 1) + square(x) * reciprocal(y),
     lambda x, y: max(x * y - 1, 0.0) + x ** 2 / y, {"x": 1.3, "y": 1.1}),
    (lambda x: x * x * x, lambda x: x ** 3, {"x": 1.7}),
]


@pytest.mark.parametrize("f, plain, point", CASES)
def test_traced_forward_and_backward_match_the_plain_function(f, plain, point):
    g = graph_from(f, **point)
    assert g.forward() == close(plain(**point), rel=1e-12)
    g.backward(1.0)
    numeric = numeric_grads(plain, point)
    for name in point:
        assert g.grads[name] == close(numeric[name], rel=1e-7, abs=1e-9), name


@settings(max_examples=40, deadline=None)
@given(w=finite, b=finite, x=finite, t=finite, dout=st.floats(-2, 2))
def test_neuron_with_squared_loss_against_central_differences(w, b, x, t, dout):
    def neuron(w, b, x, t):
        y = sigmoid(w * x + b)
        L = (y - t) ** 2
        return L

    def plain(w, b, x, t):
        return (plain_sigmoid(w * x + b) - t) ** 2

    point = {"w": w, "b": b, "x": x, "t": t}
    g = graph_from(neuron, **{k: (v, -3.0, 3.0) for k, v in point.items()})
    g.backward(dout)
    numeric = numeric_grads(plain, point)
    for name in point:
        assert g.grads[name] == close(dout * numeric[name], rel=1e-7, abs=1e-8), name


def test_each_node_holds_a_fresh_real_layer_in_the_order_the_function_ran():
    def neuron(w, x, b):
        y = sigmoid(w * x + b)
        return y
    g = graph_from(neuron, w=0.5, x=2.0, b=-1.0)
    kinds = [type(n.layer) for n in g.nodes]
    assert kinds == [layers.MulLayer, layers.AddLayer, layers.Sigmoid]
    assert [n.op for n in g.nodes] == ["×", "+", "sigmoid"]
    assert len({id(n.layer) for n in g.nodes}) == 3
    again = graph_from(neuron, w=0.5, x=2.0, b=-1.0)
    assert all(a.layer is not b.layer for a, b in zip(g.nodes, again.nodes))


def test_edges_are_named_by_locals_else_by_expression():
    def neuron(w, b, x, t):
        y = sigmoid(w * x + b)
        L = (y - t) ** 2
        return L
    g = graph_from(neuron, w=0.5, b=1.0, x=2.0, t=0.0)
    assert list(g.inputs) == ["w", "b", "x", "t"]
    assert [n.output for n in g.nodes] == ["w*x", "w*x+b", "y", "-t", "y-t", "L"]
    assert g.constants == {"minus_one": -1.0}


def test_constants_come_second_and_brackets_follow_precedence():
    g = graph_from(lambda x: 1 / (1 + exp(-x)), x=1.0)
    assert [n.output for n in g.nodes] == ["-x", "exp(-x)", "1+exp(-x)", "1/(1+exp(-x))"]
    assert [n.inputs for n in g.nodes][:3] == [("x", "minus_one"), ("-x",), ("exp(-x)", "one")]
    g = graph_from(lambda a, b: (a + b) * (a - b), a=2.0, b=1.0)
    assert g.output == "(a+b)*(a-b)" and g.forward() == close(3.0)


def test_slider_ranges():
    g = graph_from(lambda x, y: x * y, x=(1.0, -2.0, 3.0), y=(2.0, 0.0, 4.0, 0.5))
    assert (g.inputs["x"].low, g.inputs["x"].high, g.inputs["x"].step) == (-2.0, 3.0, 0.1)
    assert g.inputs["y"].step == 0.5
    g = graph_from(lambda x: square(x), x=2.0)          # a bare number: a range around it
    assert g.inputs["x"].low < 2.0 < g.inputs["x"].high
    g = graph_from(lambda x: x * x, title="square", dout=3.0, x=1.0)
    assert g.title == "square" and g.dout == 3.0 and g.backward()["x"] == close(6.0)


def test_only_what_the_result_needs_is_built():
    def f(x, y):
        unused = exp(x)                  # computed, never used: no node  # noqa: F841
        return x * y
    g = graph_from(f, x=1.0, y=2.0)
    assert [n.op for n in g.nodes] == ["×"]


@pytest.mark.parametrize("f, kwargs, error, message", [
    (lambda x: x * 2, {}, TypeError, "missing: x"),
    (lambda x: x * 2, {"x": 1.0, "z": 2.0}, TypeError, "not arguments: z"),
    (lambda x, y: x * 2, {"x": 1.0, "y": 1.0}, ValueError, "does not use its argument"),
    (lambda x: x, {"x": 1.0}, ValueError, "unchanged"),
    (lambda x: 3.0, {"x": 1.0}, TypeError, "must return a value computed"),
    (lambda x: x ** 3, {"x": 1.0}, ValueError, r"only \*\* 2"),
    (lambda x: x if x > 0 else -x, {"x": 1.0}, TypeError, "no value while the graph is traced"),
    (lambda x: math.exp(x), {"x": 1.0}, TypeError, "use exp, sigmoid"),
    (lambda x: x / 0, {"x": 1.0}, ZeroDivisionError, "constant 0"),
    (lambda x: x * "2", {"x": 1.0}, TypeError, "plain number, not str"),
    (lambda x: x * 2, {"x": "one"}, TypeError, "give its value"),
])
def test_bad_functions_and_inputs_get_clear_errors(f, kwargs, error, message):
    with pytest.raises(error, match=message):
        graph_from(f, **kwargs)


def test_trace_functions_refuse_plain_numbers():
    with pytest.raises(TypeError, match="numpy.exp"):
        exp(1.0)


def test_numpy_numbers_combine_with_traced_values():
    g = graph_from(lambda x: np.float64(2.0) * x, x=1.5)
    assert g.forward() == close(3.0)


def test_tracing_leaves_no_profiler_behind():
    graph_from(lambda x: x * x, x=1.0)
    assert trace.sys.getprofile() is None
