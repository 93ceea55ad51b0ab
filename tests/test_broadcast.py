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


def test_opens_on_chapter_04s_batch_and_n_adds_a_row_to_each_sum():
    ex = broadcast.BroadcastExplorer()
    # by default it opens on chapter 04's batch: N = 4, b of shape (3,), db = (4, 2, 4)
    assert ex.values["n"] == 4 and ex.values["b"].shape == (3,)
    assert np.array_equal(ex.values["db"], [4.0, 2.0, 4.0])
    assert set(ex.controls) == {"N", "shape", "db"}
    db_before = ex.values["db"].copy()
    ex.controls["N"].value = 5           # adds the row [1, 2, 1]
    assert np.array_equal(ex.values["db"], db_before + [1.0, 2.0, 1.0])
    assert "copied down 5 rows" in ex.view.value
    ex.controls["db"].value = True
    assert "1 + 0 + 1 + 2 + 1 = 5" in ex.readout.value
    assert ex.static() == {"image/svg+xml": ex.view.value}


def test_db_stays_hidden_until_pressed_stays_shown_as_n_moves_and_hides_on_a_new_shape():
    ex = broadcast.BroadcastExplorer(n=4)
    # hidden: no db cells, no arrows, no line naming the summed axis; the readout names no sum
    svg = ex.view.value
    assert "db = ?" in svg and "<polygon" not in svg and "summed away" not in svg
    assert "columns summed" not in svg
    assert "db hidden" in ex.readout.value and "= 4" not in ex.readout.value
    ex.controls["db"].value = True
    assert "db = ?" not in ex.view.value and "1 + 0 + 1 + 2 = 4" in ex.readout.value
    ex.controls["N"].value = 5           # one more row, one more use: db grows by [1, 2, 1]
    assert ex.controls["db"].value is True and "1 + 0 + 1 + 2 + 1 = 5" in ex.readout.value
    ex.controls["shape"].value = "(1, 3)"   # a new shape: its db is to be worked out first
    assert ex.controls["db"].value is False and "db = ?" in ex.view.value
    assert "kept with size 1" not in ex.view.value and "(1, 3)\u2192" not in ex.view.value


@pytest.mark.parametrize("n, bias, message", [
    (0, [0, 0, 0], "whole number of rows"), (7, [0, 0, 0], "whole number of rows"),
    (2.5, [0, 0, 0], "whole number of rows"), (2, [0, 0], "3 numbers"),
    (2, [[0], [0], [0]], "or 2, one per row"),
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


def test_dout_is_drawn_once_as_dx_and_summed_to_the_shape_of_b():
    svg = broadcast.broadcast_svg(broadcast.broadcast_values(4, [0.1, -0.2, 0.3]))
    assert svg.count("dout") == 1 and "dout (here also dx)," in svg and ">shape (4, 3)<" in svg
    assert "shape (4, 3) \u2192 (3,)" in svg
    # N = 1: no row is repeated, yet (3,) still becomes (1, 3) and is summed back
    one = broadcast.broadcast_svg(broadcast.broadcast_values(1, [0.1, -0.2, 0.3]))
    assert "used as shape (1, 3)" in one and "shape (1, 3) \u2192 (3,)" in one


def test_rows_five_and_six_add_their_uses_to_db():
    # from db at N = 4, (4, 2, 4), these two rows give 4+1+0, 2+2+1, 4+1+2 = 5, 5, 7
    assert np.array_equal(broadcast.DOUT_ALL[4:], [[1.0, 2.0, 1.0], [0.0, 1.0, 2.0]])
    assert np.array_equal(broadcast.broadcast_values(6, [0, 0, 0])["db"], [5.0, 5.0, 7.0])


# dout's first four rows are [1,0,2],[0,1,1],[1,1,0],[2,0,1]: columns add to 4, 2, 4.
# A (3,) bias loses axis 0; (1, 3) keeps it with size 1.
@pytest.mark.parametrize("shape, db, words", [
    ("(3,)", [4.0, 2.0, 4.0], "axis 0 summed away"),
    ("(1, 3)", [[4.0, 2.0, 4.0]], "axis 0 summed and kept with size 1"),
])
def test_shape_toggle_changes_the_summed_axis(shape, db, words):
    ex = broadcast.BroadcastExplorer(n=4)
    ex.controls["shape"].value = shape
    ex.controls["db"].value = True
    assert np.array_equal(ex.values["db"], db) and ex.values["b"].shape == np.shape(db)
    assert words in ex.view.value and ex.static() == {"image/svg+xml": ex.view.value}
    assert "column by column" in ex.readout.value and "a, shape (4, 3)" in ex.view.value
    assert "out = a + b" in ex.view.value and "x, shape" not in ex.view.value


@pytest.mark.parametrize("shape", ["(N, 1)", "(3, 1)"])
def test_the_column_shape_and_an_unknown_shape_are_refused(shape):
    with pytest.raises(ValueError, match="shape must be one of"):
        broadcast.BroadcastExplorer(shape=shape)


class _Add:
    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout, dout


def test_compare_db_prints_the_layers_db_above_the_references(capsys):
    """A layer that does not sum shows dout itself with its shape, and its step b - rate * db
    broadcasts to dout's shape; one that raises says so; the references are printed as given,
    rounded, each with the shape of its step."""
    x = np.zeros((2, 3))
    dout = np.array([[1.0, 0.0, 2.0], [2.0, 1.0, 0.0]])
    references = {"numerical": np.array([3.0000001, 1.0, 2.0])}
    broadcast.compare_db(_Add, x, dout, np.zeros(3), 0.1, references)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "b has shape (3,); db from"
    assert lines[1].split() == ["_Add", "[[1.0,", "0.0,", "2.0],", "[2.0,", "1.0,", "0.0]],",
                                "shape", "(2,", "3)"]
    assert lines[2].strip() == "b - rate * db has shape (2, 3)"
    assert lines[3].split()[0] == "numerical" and "[3.0, 1.0, 2.0]" in lines[3]
    assert lines[4].strip() == "b - rate * db has shape (3,)"

    class Template:
        def forward(self, x, y):
            raise NotImplementedError("YOUR CODE")
    broadcast.compare_db(Template, x, dout, np.zeros(3), 0.1, references)
    out = capsys.readouterr().out.splitlines()
    assert out[1].split() == ["Template", "not", "written", "yet"]
    assert out[2].index("[3.0") == out[1].index("not")           # one column for every name


def test_compare_db_shows_dout_itself_for_the_layer_in_the_lecture_view(capsys, monkeypatch):
    """Nobody wrote the layer there: its line is what a simple add layer returns, dout."""
    from teaching.reveal import LECTURE
    monkeypatch.setenv(LECTURE, "1")

    class Template:
        def forward(self, x, y):
            raise NotImplementedError("YOUR CODE")
    dout = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 1.0]])
    broadcast.compare_db(Template, np.zeros((2, 3)), dout, np.zeros(3), 0.1, {})
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split() == ["Template", "[[1.0,", "2.0,", "0.0],", "[0.0,", "1.0,",
                                "1.0]],", "shape", "(2,", "3)"]


def test_readout_at_one_row_prints_each_sum_once():
    """At N = 1 each column of dout is one number, (1, 0, 2): no "1 = 1" sums."""
    ex = broadcast.BroadcastExplorer(n=1, shape="(3,)")
    ex.controls["db"].value = True
    assert "1, 0, 2" in ex.readout.value and "1 = 1" not in ex.readout.value


def test_a_row_bias_at_one_row_is_drawn_with_no_sum():
    # N = 1 and b of shape (1, 3): out has b's shape, so db is dout, nothing summed
    one = broadcast.broadcast_svg(broadcast.broadcast_values(1, [[0.1, -0.2, 0.3]]))
    assert "nothing summed" in one and "columns summed" not in one and "<polygon" not in one
    four = broadcast.broadcast_svg(broadcast.broadcast_values(4, [[0.1, -0.2, 0.3]]))
    assert "each column summed (axis 0): db" in four and four.count("<polygon") == 3
    column = broadcast.broadcast_svg(broadcast.broadcast_values(4, [[0.1], [0.2], [0.3], [0.4]]))
    assert "db: each row summed" in column and "(axis 1)" in column


def test_compare_db_names_a_failing_layer(capsys):
    """A layer that raises anything but the template's NotImplementedError is "not working
    yet"."""
    class Broken:
        def forward(self, x, y):
            raise ValueError("oops")
    dout = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 1.0]])
    broadcast.compare_db(Broken, np.zeros((2, 3)), dout, np.zeros(3), 0.1, {})
    assert "not working yet, it raised ValueError" in capsys.readouterr().out


def test_a_2d_array_is_drawn_in_brackets_a_1d_one_as_a_bare_strip():
    """At N = 3 a (3,) and a (1, 3) bias have the same numbers and the same db numbers; the
    picture still tells them apart: b's own row and db are bracketed only when 2-D."""
    def brackets(shape):
        v = broadcast.broadcast_values(3, broadcast.bias_of_shape(shape, 3))
        return broadcast.broadcast_svg(v, show_db=True).count('stroke-width="2.5"')
    # x, out and dout are 2-D: three pairs of brackets; b (1, 3) and its db add two more
    assert brackets("(3,)") == 2 * 3
    assert brackets("(1, 3)") == 2 * 5
