"""teaching/broadcast.py: the broadcasting explorer draws what AddLayer computes.

By the math: out[n, h] = x[n, h] + b[h]; db[h] = sum over n of dout[n, h] (each b[h] is
used once per row) and does not depend on b; dx = dout.
"""

import numpy as np
import pytest

from teaching import broadcast


def test_values_follow_the_math():
    v = broadcast.broadcast_values(4, [0.5, -1.0, 0.2])
    x, dout = broadcast.X_ALL[:4], broadcast.DOUT_ALL[:4]
    assert np.allclose(v["out"], x + np.array([0.5, -1.0, 0.2]))
    # dout's first four rows are [1,0,2],[0,1,1],[1,1,0],[2,0,1]: columns add to 4, 2, 4
    assert np.array_equal(v["db"], [4.0, 2.0, 4.0])
    assert np.array_equal(v["dx"], dout) and v["dx"].shape == (4, 3)


def test_bias_moves_out_but_never_db_and_n_adds_a_row_to_each_sum():
    ex = broadcast.BroadcastExplorer(n=3)
    db_before, out_before = ex.values["db"].copy(), ex.values["out"].copy()
    ex.controls["b1"].value = 1.7
    assert np.array_equal(ex.values["db"], db_before)
    assert not np.allclose(ex.values["out"], out_before)
    assert ex.values["b"][1] == pytest.approx(1.7)
    ex.controls["N"].value = 4           # adds the row [2, 0, 1]
    assert np.array_equal(ex.values["db"], db_before + [2.0, 0.0, 1.0])
    assert "copied down 4 rows" in ex.view.value
    assert "used 4 times" in ex.readout.value and "1 + 0 + 1 + 2 = 4" in ex.readout.value
    assert ex.static() == {"image/svg+xml": ex.view.value}


@pytest.mark.parametrize("n, bias, message", [
    (0, [0, 0, 0], "whole number of rows"), (7, [0, 0, 0], "whole number of rows"),
    (2.5, [0, 0, 0], "whole number of rows"), (2, [0, 0], "3 numbers"),
])
def test_bad_arguments_are_refused(n, bias, message):
    with pytest.raises(ValueError, match=message):
        broadcast.broadcast_values(n, bias)


def test_explorer_display_carries_its_picture_and_a_fixed_text():
    data = broadcast.BroadcastExplorer(n=2)._repr_mimebundle_()
    data = data[0] if isinstance(data, tuple) else data
    assert data["text/plain"] == "Broadcasting explorer (run the cell in Jupyter to use it)"
    svg = data["image/svg+xml"]
    assert svg.startswith("<svg") and "copied down 2 rows" in svg
