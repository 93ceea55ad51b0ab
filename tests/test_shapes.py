"""Tests of teaching/shapes.py: the shape explorer draws every array of the Affine layer
to scale, with the shapes the math says, and shows what a wrong product for dW does:
numpy's ValueError, a failing update, or (two sizes equal) wrong numbers beside the right.

Expected shapes come from the math of Y = X W + b (X (N, D), W (D, H), b (H,)), never
from shapes.py; the error texts come from numpy, called directly here.
"""

import xml.etree.ElementTree as ET

import numpy as np
import pytest

import layers
from teaching import shapes


def drawn(ex, panel, cls):
    """The elements of class ``cls`` in the panel's picture, in drawing order."""
    root = ET.fromstring(ex.panels[panel].value)
    return [e for e in root.iter() if e.get("class") == cls]


def box_sizes(ex, panel):
    """(width, height) in cells of every box the panel draws, in drawing order."""
    return [(round(float(r.get("width")) / shapes.UNIT, 9),
             round(float(r.get("height")) / shapes.UNIT, 9)) for r in drawn(ex, panel, "s-box")]


def labels(ex, panel):
    return [t.text for t in drawn(ex, panel, "s-label")]


def inner_borders(ex, panel):
    """How many straight white segments the panel draws over its boxes."""
    return sum(p.get("d").count("M") for p in drawn(ex, panel, "s-cells"))


def cols_rows(shape):
    """A box is as wide as its columns and as tall as its rows; (H,) is one row."""
    return (shape[0], 1) if len(shape) == 1 else (shape[1], shape[0])


@pytest.mark.parametrize("N, D, H", [(2, 3, 4), (1, 1, 1), (6, 2, 5), (4, 6, 3)])
def test_boxes_have_the_shapes_of_the_math(N, D, H):
    ex = shapes.ShapeExplorer()
    ex.controls["D"].value, ex.controls["H"].value, ex.controls["N"].value = D, H, N
    forward = [(N, D), (D, H), (H,), (N, H)]                                  # X, W, b, Y
    backward = [(N, H), (H, D), (N, D),      # dY . W^T = dX
                (D, N), (N, H), (D, H),      # X^T . dY = dW
                (N, H), (H,)]                # dY summed = db
    assert box_sizes(ex, "forward") == [cols_rows(s) for s in forward]
    assert box_sizes(ex, "backward") == [cols_rows(s) for s in backward]
    # each gradient has the shape of its array
    want = {"X": (N, D), "W": (D, H), "b": (H,), "Y": (N, H), "dY": (N, H),
            "dX": (N, D), "dW": (D, H), "db": (H,)}
    assert ex.values["shapes"] == want
    assert f"X ({N}, {D})" in labels(ex, "forward") and f"db ({H},)" in labels(ex, "backward")
    assert f"({N}, {H})\u00b7({H}, {D}) \u2192 ({N}, {D})" in ex.readout.value
    assert f"({D}, {N})\u00b7({N}, {H}) \u2192 ({D}, {H})" in ex.readout.value
    assert ex.values["right"].shape == (D, H) and np.array_equal(ex.values["dW"],
                                                                 ex.values["right"])
    # one white line per inner cell border: (cols - 1) + (rows - 1) per box
    n_inner = sum(c - 1 + r - 1 for c, r in (cols_rows(s) for s in forward))
    assert inner_borders(ex, "forward") == n_inner


def test_a_product_numpy_cannot_multiply_shows_numpys_error():
    ex = shapes.ShapeExplorer(N=2, D=3, H=4)
    ex.controls["dW"].value = shapes.UNTURNED            # X (2, 3) . dY (2, 4)
    with pytest.raises(ValueError) as raised:
        np.zeros((2, 3)) @ np.zeros((2, 4))
    assert ex.values["error"] == str(raised.value)
    assert "ValueError" in ex.readout.value and "(2, 3)\u00b7(2, 4)" in ex.readout.value
    assert "dW" not in ex.values["shapes"]
    # the dW box keeps W's shape and is drawn as missing; the operands have their shapes
    assert box_sizes(ex, "backward")[3:6] == [cols_rows((2, 3)), cols_rows((2, 4)),
                                              cols_rows((3, 4))]
    assert drawn(ex, "backward", "s-box")[5].get("fill") == shapes.style.MUTED
    ex.controls["dW"].value = shapes.RIGHT
    assert ex.values["error"] is None and "ValueError" not in ex.readout.value


def test_a_swapped_product_with_D_not_H_fails_at_the_update():
    ex = shapes.ShapeExplorer(N=2, D=3, H=4)
    ex.controls["dW"].value = shapes.SWAPPED             # dY^T (4, 2) . X (2, 3) = (4, 3)
    assert ex.values["error"] is None and ex.values["shapes"]["dW"] == (4, 3)
    W = np.zeros((3, 4))
    with pytest.raises(ValueError) as raised:
        W -= 0.1 * np.zeros((4, 3))
    assert ex.values["update_error"] == str(raised.value)
    assert "not W's shape" in ex.readout.value and not ex.values["silent"]
    assert box_sizes(ex, "backward")[5] == cols_rows((4, 3))


@pytest.mark.parametrize("product, N, D, H", [(shapes.SWAPPED, 2, 3, 3),
                                              (shapes.UNTURNED, 3, 3, 2)])
def test_a_wrong_product_that_fits_shows_its_numbers_beside_the_right_ones(product, N, D, H):
    ex = shapes.ShapeExplorer(N=N, D=D, H=H)
    ex.controls["dW"].value = product
    v = ex.values
    assert v["silent"] and v["error"] is None and v["update_error"] is None
    assert v["shapes"]["dW"] == (D, H) == v["shapes"]["W"]
    assert v["right"].shape == (D, H) and not np.allclose(v["dW"], v["right"])
    assert "yet the numbers are wrong" in ex.readout.value
    for arr in (v["dW"], v["right"]):            # both tables, two decimals
        assert f"{arr[0, 0]:.2f}" in ex.readout.value
    assert drawn(ex, "backward", "s-box")[5].get("fill") == shapes.style.ACTIVE
    if product == shapes.SWAPPED:                # with D = H: dW transposed, nothing else
        assert np.allclose(v["dW"], v["right"].T)


def test_shapes_come_from_the_layer(monkeypatch):
    # a backward that forgot the batch sum of db must draw db as (N, H)
    backward = layers.Affine.backward

    def no_batch_sum(self, dout):
        dx = backward(self, dout)
        self.db = np.array(dout)
        return dx

    monkeypatch.setattr(layers.Affine, "backward", no_batch_sum)
    ex = shapes.ShapeExplorer(N=2, D=3, H=4)
    assert ex.values["shapes"]["db"] == (2, 4)
    assert box_sizes(ex, "backward")[-1] == (4, 2)


def test_explorer_conventions():
    ex = shapes.ShapeExplorer()
    assert ex.main is ex.controls["N"] and len(ex.plots) == 2
    assert "bp-explorer" in ex.widget._dom_classes and "bp-main" in ex.main._dom_classes
    assert "bp-readout" in ex.readout._dom_classes
    assert all("bp-plot" in f._dom_classes for f in ex.plots)
    assert ex._repr_mimebundle_()["text/plain"] == \
        "Affine shapes explorer (run the cell in Jupyter to use it)"
    # the readout goes first, then the pictures (as in teaching.plots)
    order = []
    for name, w in [("readout", ex.readout), *ex.panels.items()]:
        original = w.send_state
        w.send_state = lambda key=None, name=name, original=original: (
            order.append(name), original(key))[1]
    ex.main.value = 5
    assert order[0] == "readout" and len(order) > 1


def test_static_twin_draws_without_pyplot():
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    fig = shapes.shape_figure(2, 3, 4, shapes.UNTURNED)
    assert len(fig.axes) == 2 and "ValueError" in fig._suptitle.get_text()
    fig = shapes.shape_figure(2, 3, 3, shapes.SWAPPED)
    assert "wrong numbers" in fig._suptitle.get_text()
    assert plt.get_fignums() == before


def test_explorer_bundle_carries_its_static_twin_as_png():
    import base64
    ex = shapes.ShapeExplorer(N=2, D=3, H=4)
    assert "image/png" not in ex._repr_mimebundle_()    # no stored answer before a move
    ex.controls["N"].value = 3                  # the picture follows the sliders
    assert base64.b64decode(ex._repr_mimebundle_()["image/png"]) == \
        shapes.shape_figure(3, 3, 4)._repr_png_()


def test_backward_title_names_the_product_the_toggle_tries():
    ex = shapes.ShapeExplorer()
    assert "dW =" not in ex.panels["backward"].value     # shapes only until a control moves
    ex.controls["H"].value = 3
    assert "dW = X\u1d40\u00b7dY" in ex.panels["backward"].value
    ex.controls["dW"].value = shapes.SWAPPED
    assert "dW = dY\u1d40\u00b7X" in ex.panels["backward"].value
    assert "dW = X\u1d40\u00b7dY" not in ex.panels["backward"].value
