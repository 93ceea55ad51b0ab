"""Chapter 00: the warm-up checks (teaching/checks/ch00.py), the set-up check
(teaching/start.py) and the warm-up's tangent explorer (teaching/tangent.py).

Expected values come from the math: f(x) = x**3 - 3x has the slope 3x**2 - 3, zero at
x = -1 and x = 1, negative between them; f''(x) = 6x makes x = -1 a hilltop (f = 2) and
x = 1 a valley (f = -2); at x = 0.5 the tangent through (0.5, -1.375) has slope -2.25.
"""

import ast
import sys
from pathlib import Path

import numpy as np
import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right

from teaching import reveal, start
from teaching.checks import ch00
from teaching.tangent import TangentExplorer, tangent_explorer


def template(x):
    raise NotImplementedError("YOUR CODE HERE")


def central(h):
    return lambda x: (ch00.f(x + h) - ch00.f(x - h)) / (2 * h)


def forward(h):
    return lambda x: (ch00.f(x + h) - ch00.f(x)) / h


# --- the warm-up check ---

@pytest.mark.parametrize("slope", [
    lambda x: 3 * x ** 2 - 3,
    lambda x: 3 * x * x - 3,
    lambda x: 3 * (x - 1) * (x + 1),
    lambda x: 3.0 * (x ** 2 - 1.0),
])
def test_the_derivative_written_any_way_is_right(capsys, slope):
    assert_right(capsys, ch00.warm_up, slope)


def test_an_untouched_template_is_not_attempted(capsys):
    assert_not_attempted(capsys, ch00.warm_up, template)
    assert_not_attempted(capsys, ch00.warm_up, None)


@pytest.mark.parametrize("h", [1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8])
def test_a_central_difference_is_not_a_formula(capsys, h):
    # central difference of a cubic: off by h**2, plus rounding of about 1e-16 |f| / h;
    # never within the check's 1e-12 of the exact slope; at h = 0.1 off by 0.01 at x = 0.7,
    # where the slope is 3 * 0.49 - 3 = -1.53: relative 0.0065, under NUMERICAL
    assert_not_yet(capsys, ch00.warm_up, central(h), "numerical slope")


@pytest.mark.parametrize("h", [1e-3, 1e-4, 1e-6, 1e-8])
def test_a_forward_difference_is_not_a_formula(capsys, h):
    # off by 3x h + h**2: at x = -1.3 with h = 1e-3, 0.0039 against the slope 2.07, a
    # relative 0.0019 that still gets the numerical-slope hint
    assert_not_yet(capsys, ch00.warm_up, forward(h), "numerical slope")


def test_a_typo_far_from_the_slope_is_not_called_numerical(capsys):
    # 3x**2 - 3.1 is off by 0.1: relative 0.1 / 3 at x = 0, far above NUMERICAL
    verdict = ch00.warm_up(lambda x: 3 * x ** 2 - 3.1)
    assert not verdict and "numerical slope" not in verdict.message


@pytest.mark.parametrize("slope", [
    # a five-point stencil is exact for a cubic up to rounding; so is the complex step:
    # the check cannot tell them from a formula, as its docstring says
    lambda x: (-ch00.f(x + 2e-3) + 8 * ch00.f(x + 1e-3) - 8 * ch00.f(x - 1e-3)
               + ch00.f(x - 2e-3)) / 12e-3,
    lambda x: ch00.f(x + 1e-20j).imag / 1e-20,
])
def test_numerical_slopes_exact_for_a_cubic_pass_as_documented(capsys, slope):
    assert_right(capsys, ch00.warm_up, slope)


@pytest.mark.parametrize("slope, hint", [
    (lambda x: 3 * x ** 2, "Take each term of f on its own"),   # the -3x term forgotten
    (lambda x: x ** 2 - 3, "Take each term of f on its own"),
    (lambda x: 3 * x ** 2 - 3 * x, "Take each term of f on its own"),
    (lambda x: 3 - 3 * x ** 2, "sign is flipped"),
    (ch00.f, "returns f(x) itself"),
    (lambda x: None, "returns None"),
    (lambda x: [x, x], "one finite number"),
    (lambda x: "9", "one finite number"),
    (lambda x: 1 / 0, "ZeroDivisionError"),
    (3.0, "pass your function itself"),
])
def test_wrong_slopes_get_a_hint(capsys, slope, hint):
    assert_not_yet(capsys, ch00.warm_up, slope, hint)


def test_the_hint_measures_the_slope_at_the_first_wrong_point():
    # 3x**2 is right nowhere: at x = -2 it says 12; f changes by f(-1.999) - f(-2.001)
    # = 0.018000002 over 0.002, a slope of about 9 = 3 * 4 - 3
    message = ch00.warm_up(lambda x: 3 * x ** 2).message
    assert "at x = -2 your slope is 12" in message and "about 9.000" in message


# --- the flat points ---

@pytest.mark.parametrize("findings", [
    {"left": "hilltop", "right": "valley"},
    {"left": "Hill top", "right": " Valley "},
    {"left": "maximum", "right": "minimum"},
    {"left": "peak", "right": "bottom", "extra": 1},
])
def test_the_flat_points_named_any_way_are_right(capsys, findings):
    assert_right(capsys, ch00.flat_points, findings)


def test_untouched_flat_points_are_not_attempted(capsys):
    assert_not_attempted(capsys, ch00.flat_points, None)
    assert_not_attempted(capsys, ch00.flat_points, {"left": None, "right": None})


@pytest.mark.parametrize("findings, hint", [
    ({"left": "valley", "right": "valley"}, "left: put the point a little to each side"),
    ({"left": "hilltop", "right": "hilltop"}, "right: put the point a little to each side"),
    ({"left": "neither", "right": "valley"}, "left: put the point"),
    ({"left": "hilltop", "right": "neither"}, "right: put the point"),
    ({"left": "hilltop", "right": "saddle"}, "right: answer with one of the words"),
    ({"left": 1, "right": "valley"}, "left: answer with one of the words"),
    ({"left": "hilltop", "right": None}, "replace every None"),
    ({"left": "hilltop"}, "needs the keys right"),
    (["hilltop", "valley"], "give a dict such as"),
])
def test_wrong_flat_points_get_a_hint(capsys, findings, hint):
    assert_not_yet(capsys, ch00.flat_points, findings, hint)


def test_the_hint_for_a_wrong_kind_is_the_same_whatever_was_said():
    # so it cannot name the answer: only the side it is about differs
    hints = {ch00.flat_points({"left": said, "right": "valley"}).message.replace("left", "")
             for said in ("valley", "neither")}
    hints |= {ch00.flat_points({"left": "hilltop", "right": said}).message.replace("right", "")
              for said in ("hilltop", "neither")}
    assert len(hints) == 1, hints


# --- the set-up check ---

def test_the_set_up_check_says_ok_here(capsys):
    start.check_set_up()
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("this kernel runs ")
    assert len(lines) == 1 + len(start.NEEDED) + 1
    assert all(line.endswith(" ok") for line in lines[1:])
    assert "jupyterlab" not in start.NEEDED   # the kernel never imports it


def test_the_set_up_check_names_what_is_missing_or_old(capsys, monkeypatch):
    monkeypatch.setitem(start.NEEDED, "no-such-package-here", "1.0")
    monkeypatch.setitem(start.NEEDED, "numpy", "999.0")
    with pytest.raises(RuntimeError, match=r"not ok: numpy, no-such-package-here; see the "
                                           r"last section"):
        start.check_set_up()
    out = capsys.readouterr().out
    assert "too old, needs >= 999.0" in out and "missing" in out


def test_the_set_up_check_names_a_broken_layers_py(capsys, monkeypatch):
    monkeypatch.setattr(start, "repository_status", lambda: "does not import: SyntaxError")
    with pytest.raises(RuntimeError, match="not ok: layers.py"):
        start.check_set_up()
    assert "layers.py     does not import: SyntaxError" in capsys.readouterr().out


def test_the_set_up_check_imports_only_the_standard_library():
    # it must run, and say what is missing, in a kernel that lacks the packages
    tree = ast.parse(Path(start.__file__).read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom)}
    assert imported <= set(sys.stdlib_module_names), imported


@pytest.mark.parametrize("text, parts", [("8.1.5", (8, 1, 5)), ("2.4.0rc1", (2, 4)),
                                         ("3.10", (3, 10))])
def test_versions_compare_as_numbers(text, parts):
    assert start.as_tuple(text) == parts
    assert start.as_tuple("3.10") > start.as_tuple("3.9")


# --- the tangent explorer ---

def test_the_explorer_waits_for_the_slope(capsys):
    assert tangent_explorer(ch00.f, template) is None
    assert "Write slope above first" in capsys.readouterr().out


def test_the_tangent_follows_the_slider():
    ex = TangentExplorer(ch00.f, lambda x: 3 * x ** 2 - 3)
    ex.controls["x"].value = 0.5
    # through (0.5, 0.125 - 1.5 = -1.375) with slope 3/4 - 3 = -2.25, from x - 0.8 to x + 0.8
    np.testing.assert_allclose(ex.marks["line"].x, [-0.3, 1.3])
    np.testing.assert_allclose(ex.marks["line"].y, [-1.375 + 2.25 * 0.8, -1.375 - 2.25 * 0.8])
    np.testing.assert_allclose([ex.marks["point"].x[0], ex.marks["point"].y[0]], [0.5, -1.375])
    assert "downhill is to the right" in ex.readout.value
    ex.controls["x"].value = 2.0                     # slope 9 > 0: downhill to the left
    assert "downhill is to the left" in ex.readout.value
    ex.controls["x"].value = 1.0                     # slope 0: the bottom of the valley
    assert "flat" in ex.readout.value
    np.testing.assert_allclose(ex.marks["line"].y, [-2.0, -2.0])


def test_a_wrong_slope_draws_a_line_that_cuts_the_curve():
    ex = TangentExplorer(ch00.f, lambda x: 3 * x ** 2)   # the -3 forgotten
    ex.controls["x"].value = 1.0
    # slope 3 at (1, -2): the line ends at -2 -+ 2.4, off the curve's f(0.2) and f(1.8)
    np.testing.assert_allclose(ex.marks["line"].y, [-4.4, 0.4])


def test_the_nudged_line_cuts_across_where_the_tangent_hugs():
    ex = TangentExplorer(ch00.f, lambda x: 3 * x ** 2 - 3)
    ex.controls["x"].value = 0.0
    # at x = 0 the tangent is y = -3x: it crosses the curve (f - tangent = x**3 changes
    # sign), but 0.1 away it is off by 0.001, while the line nudged by 1 is off by 0.1
    np.testing.assert_allclose(ex.marks["line"].y, [2.4, -2.4])
    np.testing.assert_allclose(ex.marks["nudged"].y, [0.8 * 2, -0.8 * 2])
    assert "dashed: slope" in ex.readout.value
    ex.controls["nudge"].value = -0.5                # slope -3.5 at x = 0
    np.testing.assert_allclose(ex.marks["nudged"].y, [2.8, -2.8])
    ex.controls["nudge"].value = 0.0                 # no nudge: on the tangent
    np.testing.assert_allclose(ex.marks["nudged"].y, ex.marks["line"].y)


def test_zoomed_in_the_curve_straightens_onto_the_tangent_but_not_onto_the_nudged_line():
    ex = TangentExplorer(ch00.f, lambda x: 3 * x ** 2 - 3)
    ex.controls["x"].value = 0.5                     # f = -1.375, slope -2.25
    sx, sy = ex.scales
    assert (sx.min, sx.max, sy.min, sy.max) == (-2.2, 2.2, -5.0, 5.0)

    def gaps(zoom):
        """Largest gap between the curve and each line, as a share of the view's height."""
        ex.controls["zoom"].value = zoom
        ends = ex.marks["line"].x
        curve = ch00.f(ends)
        height = sy.max - sy.min
        return (np.max(np.abs(curve - ex.marks["line"].y)) / height,
                np.max(np.abs(curve - ex.marks["nudged"].y)) / height)

    tangent_1, nudged_1 = gaps(1)
    tangent_64, nudged_64 = gaps(64)
    # 64 times closer, the view is 4.4 / 64 wide and 10 / 64 high around the point
    np.testing.assert_allclose([sx.min, sx.max], [0.5 - 2.2 / 64, 0.5 + 2.2 / 64])
    np.testing.assert_allclose([sy.min, sy.max], [-1.375 - 5 / 64, -1.375 + 5 / 64])
    np.testing.assert_allclose(ex.marks["line"].x, [0.5 - 0.8 / 64, 0.5 + 0.8 / 64])
    assert min(ex.marks["curve"].x) == sx.min and max(ex.marks["curve"].x) == sx.max
    # the tangent's gap, (f''/2) d**2 + d**3 with f''(0.5) = 3, shrinks with the view;
    # the nudged line's, about nudge * d = 0.8 / zoom, keeps its share of it (0.08)
    assert tangent_64 < tangent_1 / 50 and tangent_64 < 0.002
    assert nudged_64 == pytest.approx(0.08, rel=0.05) and nudged_1 > 0.08


def test_the_lecture_view_shows_the_curve_alone(capsys, monkeypatch):
    monkeypatch.setenv(reveal.LECTURE, "1")
    ex = tangent_explorer(ch00.f, template)
    assert capsys.readouterr().out == ""
    assert set(ex.marks) == {"curve", "point"} and list(ex.controls) == ["x"]
    ex.controls["x"].value = 1.0                     # f(1) = 1 - 3 = -2
    np.testing.assert_allclose([ex.marks["point"].x[0], ex.marks["point"].y[0]], [1.0, -2.0])
    assert "slope" not in ex.readout.value


def test_a_slope_that_raises_is_named_in_the_readout_not_raised():
    ex = TangentExplorer(ch00.f, lambda x: 1 / 0)
    assert "ZeroDivisionError" in ex.readout.value
    ex.controls["x"].value = 1.5
    assert "ZeroDivisionError" in ex.readout.value
