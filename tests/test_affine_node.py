"""Tests of teaching/affine_node.py: the picture before the derivation shows shapes only.

Expected shapes come from Y = X W + b with X (N, D), W (D, H), b (H,): every gradient has
the shape of its array.
"""

from teaching import affine_node


def texts(fig):
    return [t.get_text() for t in fig.axes[0].texts]


def test_every_edge_carries_the_value_and_the_gradient_with_the_same_shape():
    shown = texts(affine_node.affine_node_figure())
    for value, gradient in [("X  (N, D)", "dX  (N, D)"), ("W  (D, H)", "dW  (D, H)"),
                            ("b  (H,)", "db  (H,)"), ("Y  (N, H)", "dY  (N, H)")]:
        assert value in shown and gradient in shown


def test_no_formula_of_the_backward_pass_is_given_away():
    shown = " ".join(texts(affine_node.affine_node_figure()))
    assert "=" not in shown and "\u1d40" not in shown and "\u03a3" not in shown
