"""Chapter 00: the warm-up checks (teaching/checks/ch00.py), the set-up check
(teaching/start.py) and the warm-up's tangent explorer (teaching/tangent.py).

Expected values come from the math: f(x) = x**3 - 3x has the slope 3x**2 - 3, zero at
x = -1 and x = 1, negative between them; f''(x) = 6x makes x = -1 a hilltop (f = 2) and
x = 1 a valley (f = -2).
A step x - 0.1 f'(x) near a flat point x* moves x - x* by a factor of about 1 - 0.1 f''(x*):
0.4 near the valley (it settles), 1.6 near the hilltop (it leaves).
"""

import ast
import base64
import importlib
import platform
import sys
from pathlib import Path

import numpy as np
import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right

import layers
from teaching import reveal, start, style
from teaching.checks import ch00
from teaching.tangent import TangentExplorer, tangent_explorer, tangent_figure


def template(x):
    raise NotImplementedError("YOUR CODE")


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


def exact(x):
    return 3 * x ** 2 - 3


# --- where the steps go ---
# x <- x - 0.1 (3x**2 - 3).  f' < 0 on (-1, 1), where x - 0.1 f'(x) = 1 - (1 - x)(1 - 0.3(1 + x))
# stays below 1 for x < 1: from -0.9, x climbs to 1 (one step: -0.9 + 0.057 = -0.843).
# From -1.1: f'(-1.1) = 3.63 - 3 = 0.63 > 0, and f' > 0 and growing for x < -1:
# x = -1.1 - 0.063 = -1.163, then -1.163 - 0.1 (3 * 1.352569 - 3) = -1.268771, -1.451704,
# -1.783938: steps of 0.063, 0.1057707, 0.183, 0.332, each longer; then -2.439, -3.924, and
# on: f has no lowest point.
# At rate 0.4 from 1.02: f'(1.02) = 0.1212, x = 1.02 - 0.04848 = 0.97152; x - 1 went from 0.02
# to -0.02848, times -1.424, past 1 by more than 1.02 was.  A step at 0.4
# is x + 1.2 (1 - x**2), so x - 1 is multiplied by 1 - 1.2 (x + 1): -1.4 at 1, so the swing
# grows.  Three steps: 0.97152 + 1.2 (1 - 0.97152**2) = 1.0388987, then
# 1.0388987 + 1.2 (1 - 1.0388987**2) = 0.9437261.
# A two-cycle a < 1 < b has b - a = 1.2 (1 - a**2) and a - b = 1.2 (1 - b**2):
# adding gives a**2 + b**2 = 2, subtracting 2 = 1.2 (a + b), so a + b = 5/3, ab = 7/18 and
# a, b = (5/3 -+ sqrt(11/9)) / 2 = 0.280563, 1.386104.  The factors there, -0.2 - 1.2a =
# -0.5367 and -0.2 - 1.2b = -1.8633, multiply to 0.04 + 0.24 (a + b) + 1.44 ab = 1: the swing
# neither grows nor shrinks.  It draws x in: its two steps scale a small offset by
# (1 - 2.4a)(1 - 2.4b) = 1 - 4 + 5.76 * 7/18 = -0.76.
# The rate above which steps near 1 stop settling: there a step at rate r multiplies x - 1 by
# about 1 - r f''(1) = 1 - 6r, which shrinks it while -1 < 1 - 6r < 1, so for 0 < r < 1/3.
WHERE, FAST, LIMIT = ("x after one step from -0.9, rate 0.1",
                      "g(x) as x approaches 1, rate 0.4",
                      "rate above which steps near 1 stop settling")


def steps(from_09=-0.843, fast=-1.4, limit=0.333):
    return {WHERE: from_09, FAST: fast, LIMIT: limit}


@pytest.mark.parametrize("said", [
    steps(),
    steps(-0.9 - 0.1 * (3 * 0.81 - 3), -1.4004, 1 / 3),   # -0.9 - 0.1 * (-0.57)
    steps(-0.8434, 1 - 0.4 * 3 * 2, np.float64(0.3334)),
    steps(np.float64(-0.843), -1.4, 0.3335),
    steps(limit=0.33),                  # 1/3 to two decimals passes too
])
def test_steps_from_is_right_where_the_step_rule_goes(capsys, said):
    assert_right(capsys, ch00.steps_from, said)


def test_steps_from_runs_the_step_rule():
    assert ch00._step(-0.9) == pytest.approx(-0.843)
    assert ch00._where_steps_go(-0.9) == "1" and ch00._where_steps_go(0.5) == "1"
    assert ch00._where_steps_go(-1.1) == "-inf" and ch00._where_steps_go(1.2) == "1"
    assert ch00._where_steps_go(-1.0) == "-1"           # f'(-1) = 0: it never moves
    # from the right edge, 2.2 - 0.1 * (3 * 4.84 - 3) = 1.048: past 1 the steps fall back to it
    assert ch00._where_steps_go(2.2) == "1"
    np.testing.assert_allclose(ch00._path(-1.1, 4), [-1.163, -1.268771, -1.451704, -1.783938],
                               atol=1e-6)
    assert ch00._step(-1.783938) == pytest.approx(-2.439, abs=1e-3)
    # 5 - 0.1 * (3 * 25 - 3) = -2.2: past 1 by far, a step overshoots past -1 and runs off
    assert ch00._where_steps_go(5.0) == "-inf"
    assert ch00._where_steps_go(0.5, steps=1) is None   # not settled yet
    assert ch00._step(1.1, 0.4) == pytest.approx(0.848)
    assert ch00._step(0.848, 0.4) == pytest.approx(1.1850752)
    np.testing.assert_allclose(ch00._path(1.02, 3, 0.4), [0.97152, 1.0388987, 0.9437261],
                               atol=1e-7)
    assert ch00._where_steps_go(1.1, rate=0.4) is None
    # the factor a step multiplies x - 1 by, 1 - 3 rate (x + 1): -1.4 at 1 at rate 0.4
    assert ch00._factor(1.0) == pytest.approx(-1.4) and ch00._factor(1.0, 0.1) == pytest.approx(0.4)
    for x in (1.1, 0.5, 2.0, -0.9):
        assert ch00._step(x, 0.4) - 1 == pytest.approx(ch00._factor(x) * (x - 1))


def test_an_untouched_steps_prediction_is_not_attempted(capsys):
    assert_not_attempted(capsys, ch00.steps_from, None)
    assert_not_attempted(capsys, ch00.steps_from, steps(None, None, None))


@pytest.mark.parametrize("said, hint", [
    (steps(from_09=-0.957), "against the slope"),       # -0.9 + 0.1 * (-0.57)
    (steps(from_09=0.057), "the change alone"),          # -0.1 * (-0.57)
    (steps(from_09=-0.9), "put x = -0.9 in"),
    (steps(from_09="to 1"), "'to 1' is not a number"),
    (steps(limit=1 / 6), "g is 0 near 1"),               # 1 - 6 / 6 = 0
    (steps(limit=0.34), "at a rate \u03b7 in place of 0.4"),   # 1 - 6 * 0.34 < -1: it bounces
    (steps(limit=0.337), "at a rate \u03b7 in place of 0.4"),  # above 1/3 already: it bounces
    (steps(from_09=-0.843, limit=0.4), "steps stop settling at a smaller rate"),
    (steps(limit=0.4), "steps stop settling at a smaller rate"),
    (steps(limit=0.3), "at a rate \u03b7 in place of 0.4"),   # settles, but not the largest
    (steps(limit=2 / 3), "at a rate \u03b7 in place of 0.4"),
    (steps(limit="1/3"), "is not a number"),
    (steps(limit=None), "replace every None"),
    (steps(fast=0.4), "that is g at rate 0.1"),        # 1 - 0.1 * 3 * 2
    (steps(fast=-2.4), "x - 1 itself stays in"),        # -0.4 * 3 * 2
    (steps(fast=3.4), "against the slope"),             # 1 + 0.4 * 3 * 2
    (steps(fast=-0.2), "what is x + 1 for x near 1"),   # 1 - 1.2
    (steps(fast=-1.3), "take x - 1 out of both terms"),
    (steps(fast="swings"), "'swings' is not a number"),
    ({WHERE: -0.843, FAST: -1.4}, "needs the keys rate above which"),
    ([-0.843, -1.4], "give a dict"),
])
def test_a_wrong_steps_prediction_gets_a_hint(capsys, said, hint):
    assert_not_yet(capsys, ch00.steps_from, said, hint)


def test_the_steps_hints_name_no_answer():
    for wrong in (-0.957, 0.057, -0.9, 0.0):
        assert "843" not in ch00.steps_from(steps(from_09=wrong)).message
    for wrong in (1 / 6, 0.4, 0.3, 2 / 3, 0.0):
        # nor 1/3, nor g = 1 - 6 rate near 1
        message = ch00.steps_from(steps(limit=wrong)).message
        assert not any(word in message for word in ("1/3", "0.33", "6 \u03b7", "-1.4"))
    for wrong in (0.4, -2.4, 3.4, -1.424, -0.2, -1.3, 0.0):
        # nor the factored slope 3 (x - 1)(x + 1): the hint says only where it is zero
        message = ch00.steps_from(steps(fast=wrong)).message
        assert "1.4" not in message and "(x + 1)" not in message


def test_the_steps_praise_is_short_and_names_nothing_the_explorer_shows():
    praise = ch00.steps_from(steps()).message
    assert praise == "Right: all three agree with the step rule."


def test_the_set_up_check_says_ok_here(capsys):
    start.check_set_up()
    # all well: one line, so the first screen is not a table of versions, and no path of
    # the machine it ran on (the stored notebook shows it)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Python {platform.python_version()}: ")
    assert lines[0].endswith(" and network.py all ok") and "/" not in lines[0]
    assert all(f" {name}," in lines[0] for name in start.NEEDED)
    assert "jupyterlab" not in start.NEEDED   # the kernel never imports it


def test_the_set_up_check_names_what_is_missing_or_old(capsys, monkeypatch):
    monkeypatch.setitem(start.NEEDED, "no-such-package-here", "1.0")
    monkeypatch.setitem(start.NEEDED, "numpy", "999.0")
    with pytest.raises(RuntimeError, match=r"not ok: numpy, no-such-package-here; see the "
                                           r"last section"):
        start.check_set_up()
    out = capsys.readouterr().out
    assert "too old, needs >= 999.0" in out and "missing" in out
    assert out.startswith(f"this kernel runs {sys.executable} ")   # which Python, to fix it


@pytest.mark.parametrize("broken", ["layers", "network"])
def test_the_set_up_check_names_the_module_that_does_not_import(capsys, monkeypatch, broken):
    real = importlib.import_module

    def import_module(name):
        if name == broken:
            raise SyntaxError("invalid syntax (line 3)")
        return real(name)
    monkeypatch.setattr(start.importlib, "import_module", import_module)
    with pytest.raises(RuntimeError, match=f"not ok: {broken}.py;"):
        start.check_set_up()
    lines = capsys.readouterr().out.splitlines()
    assert f"{broken}.py".ljust(13) + " does not import: SyntaxError" in "\n".join(lines)
    other = "network" if broken == "layers" else "layers"
    assert f"{other}.py".ljust(13) + " ok" in lines


def test_the_set_up_check_names_a_wrong_apple_price(capsys, monkeypatch):
    class Doubling:
        def forward(self, x, y):
            return 2 * x * y
    monkeypatch.setattr(layers, "MulLayer", Doubling)
    with pytest.raises(RuntimeError, match="not ok: layers.py;"):
        start.check_set_up()
    # 2 * (2 * 100 * 2) * 1.1 = 880
    assert "computes the apple price as 880" in capsys.readouterr().out


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


def test_the_explorer_has_one_slider_and_the_step_button():
    ex = TangentExplorer(ch00.f, exact)
    assert list(ex.controls) == ["x", "rate"]
    assert set(ex.marks) == {"curve", "trail", "line", "point"}
    assert [label for label, _ in ex.controls["rate"].options] == ["0.1", "0.3", "1/3", "0.4"]
    assert ex.controls["rate"].value == 0.1 and ex.rate == 0.1
    assert ex.controls["rate"].index == 0
    assert list(ex.marks["line"].colors) == [style.GRADIENT]
    assert ex.step_button.description == "Take a step"


def test_a_step_moves_x_against_the_slope():
    ex = TangentExplorer(ch00.f, exact)
    ex.controls["x"].value = 0.5                     # slope -2.25: x + 0.225
    ex.step_button.click()
    assert ex.controls["x"].value == pytest.approx(0.725)
    assert "step 1: x = 0.5" in ex.readout.value and "= 0.725, length 0.225" in ex.readout.value
    ex.controls["x"].value = 0.4                     # a slider move clears the step line
    assert "step" not in ex.readout.value


def test_the_trail_shows_each_step_and_clears_when_the_slider_moves():
    ex = TangentExplorer(ch00.f, exact)
    ex.controls["x"].value = -1.1
    assert len(ex.marks["trail"].x) == 0
    ex.take_step()
    ex.take_step()                                   # -1.1, -1.163, -1.163 - 0.1 * 1.057707
    np.testing.assert_allclose(ex.marks["trail"].x, [-1.1, -1.163, -1.2687707], atol=1e-9)
    np.testing.assert_allclose(ex.marks["trail"].y, ch00.f(np.array(ex.marks["trail"].x)))
    assert "step 2:" in ex.readout.value and "length 0.106" in ex.readout.value
    fig = tangent_figure(ch00.f, ex.controls["x"].value, ex.s, trail=ex.trail)
    trail = fig.axes[0].lines[1]
    np.testing.assert_allclose(trail.get_xdata(), [-1.1, -1.163, -1.2687707], atol=1e-9)
    ex.controls["x"].value = 0.5
    assert len(ex.marks["trail"].x) == 0 and ex.trail == []


def test_the_larger_rate_swings_across_the_valley():
    ex = TangentExplorer(ch00.f, exact)
    ex.controls["x"].value = 1.1
    ex.take_step()
    ex.controls["rate"].value = 0.4                  # a rate change starts a new trail
    assert ex.trail == [] and "step" not in ex.readout.value
    ex.controls["x"].value = 1.1
    ex.take_step()
    ex.take_step()                                   # 0.848, then 1.185: past 1 by more
    assert ex.controls["x"].value == pytest.approx(1.1850752)
    assert "0.4 \u00b7" in ex.readout.value
    np.testing.assert_allclose(ex.marks["trail"].x, [1.1, 0.848, 1.1850752])
    for _ in range(120):                             # then it swings between the two-cycle
        ex.take_step()
    cycle = ((5 / 3 - np.sqrt(11 / 9)) / 2, (5 / 3 + np.sqrt(11 / 9)) / 2)
    np.testing.assert_allclose(sorted(ex.trail[-2:]), cycle, atol=1e-6)


def test_the_explorer_steps_as_the_check_predicts():
    ex = TangentExplorer(ch00.f, exact)
    ex.controls["x"].value = -0.9                    # -0.9 - 0.1 * (-0.57) = -0.843
    ex.take_step()
    assert ex.controls["x"].value == pytest.approx(-0.843) == ch00._step(-0.9)
    # the slider's own readout shows the three decimals too, not -0.8
    assert ex.controls["x"].readout_format == ".3f"
    assert "= -0.843" in ex.readout.value


def test_steps_stop_on_flat_points_settle_in_the_valley_and_leave_the_hilltop():
    ex = TangentExplorer(ch00.f, exact)
    for flat_x in (-1.0, 1.0):                       # slope 0: the step is zero
        ex.controls["x"].value = flat_x
        ex.take_step()
        assert ex.controls["x"].value == flat_x and "step 1:" in ex.readout.value

    def after(x, steps=5):
        ex.controls["x"].value = x
        for _ in range(steps):
            ex.take_step()
        return ex.controls["x"].value
    # near 1, x - 1 shrinks by about 1 - 0.1 * f''(1) = 0.4 a step; near -1 it grows by 1.6
    assert abs(after(1.2) - 1) < 0.2 * 0.4 ** 4 and abs(after(0.8) - 1) < 0.2 * 0.4 ** 4
    assert after(-0.9) > -0.9 + 0.1 * 1.5 ** 4 and after(-1.1) < -1.1 - 0.1 * 1.5 ** 4


def test_a_step_that_leaves_the_view_says_so():
    ex = TangentExplorer(ch00.f, exact)              # x = -2: slope 9, x - 0.9 is off the view
    ex.take_step()
    assert ex.controls["x"].value == -2.2
    assert "= -2.9, length 0.9: x = -2.9 left the view" in ex.readout.value
    # no later step starts from the edge: the button is off until the slider moves
    assert ex.step_button.disabled
    ex.step_button.click()
    assert ex.controls["x"].value == -2.2 and "-2.9" in ex.readout.value
    ex.controls["x"].value = 0.5                     # a step inside the view does not say it
    assert not ex.step_button.disabled
    ex.take_step()
    assert "left the view" not in ex.readout.value and not ex.step_button.disabled


def test_a_step_writes_out_x_minus_1_and_its_factor():
    # at rate 0.4 from 1.02: x = 1.02 - 0.4 * 3 * 0.0404 = 0.97152, x - 1 = -0.02848,
    # -0.02848 / 0.02 = -1.424 = 1 - 1.2 * 2.02
    ex = TangentExplorer(ch00.f, exact, x=1.02)
    ex.controls["rate"].value = 0.4
    ex.take_step()
    assert "x \u2212 1 = -0.0285, \u00d7 -1.42 since the last step" in ex.readout.value


@pytest.mark.parametrize("x, rate, factor", [(-0.9, 0.1, None), (1.02, 0.1, None),
                                             (0.4, 0.4, "-0.68"), (1.6, 0.4, "-2.12")])
def test_the_factor_is_written_at_the_larger_rate_wherever_x_is(x, rate, factor):
    # at rate 0.4, g(x) = 1 - 1.2 (x + 1): -0.68 at 0.4, -2.12 at 1.6; none at rate 0.1
    ex = TangentExplorer(ch00.f, exact, x=x)
    ex.controls["rate"].value = rate
    ex.take_step()
    assert "step 1:" in ex.readout.value
    if factor is None:
        assert "x \u2212 1" not in ex.readout.value
    else:
        assert f"\u00d7 {factor} since the last step" in ex.readout.value


def test_the_readout_says_what_a_step_did_never_why():
    # from -1.2 at rate 0.1 x runs off to the left, from 1.2 at rate 0.4 it ends bouncing:
    # the readout writes the steps out, and the why (the chapter's questions) is left to the
    # button under the explorer
    for x, rate, leaves in ((-1.2, 0.1, True), (1.2, 0.4, False)):
        ex = TangentExplorer(ch00.f, exact, x=x)
        ex.controls["rate"].value = rate
        for _ in range(20):
            ex.take_step()
            for why in ("hilltop", "bounce", "\u221e", "lowest", "product", "Chapter"):
                assert why not in ex.readout.value
        assert ("left the view" in ex.readout.value) == leaves == ex.step_button.disabled


def test_the_takeaway_explains_the_bounce_and_the_run_off_with_the_step_rules_numbers():
    # at rate 0.4 the steps from 1.2 end in the two-cycle 0.280563 <-> 1.386104: each is the
    # other's step, and there g = 1 - 1.2 (x + 1) is -0.5367 and -1.8633, whose product is 1
    low, high = ch00.bounce()
    assert ch00._step(low, 0.4) == pytest.approx(high)
    assert ch00._step(high, 0.4) == pytest.approx(low)
    assert (1 - 1.2 * (low + 1)) * (1 - 1.2 * (high + 1)) == pytest.approx(1)
    text = ch00.takeaway()
    assert "between 0.2806 and 1.386" in text and "-0.537 and -1.86" in text
    assert "their product, 1." in text
    assert "2 / f''" in text and "here $1/3$" in text and "hilltop at $-1$" in text
    assert ch00._where_steps_go(-1.2) == "-inf"          # from -1.2, x runs off to the left


def test_explore_steps_shows_the_explorer_only_once_the_predictions_are_right(monkeypatch,
                                                                             capsys):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objs: shown.extend(objs))
    monkeypatch.setattr(ch00, "answer_button", lambda show: ("button", show))
    ch00.explore_steps(steps(), exact)
    assert shown[0].ok and isinstance(shown[1], TangentExplorer)
    assert shown[1].controls["x"].value == -0.9 and len(shown) == 3
    # under it, the why behind a "Show the answer" button (reveal.answer_button)
    assert shown[2][0] == "button" and shown[2][1]().data == ch00.takeaway()
    for wrong in (steps(None, None, None), steps(fast=-1.3)):
        shown.clear()
        ch00.explore_steps(wrong, exact)               # the verdict alone, nothing printed
        assert len(shown) == 1 and not shown[0].ok
    assert capsys.readouterr().out == ""
    shown.clear()
    ch00.explore_steps(steps(), template)              # no slope yet: it asks, shows no explorer
    assert len(shown) == 1 and "Write slope above first" in capsys.readouterr().out
    for wrong_slope in (lambda x: 3 * x ** 2, central(1e-3)):   # warm_up says Not yet: no
        shown.clear()                                   # explorer, whose line is no tangent
        ch00.explore_steps(steps(), wrong_slope)
        assert len(shown) == 1 and shown[0].ok
        assert capsys.readouterr().out == "Right your slope first (the warm-up check above).\n"


def test_the_lecture_view_puts_the_explorer_behind_a_button(monkeypatch):
    monkeypatch.setenv(reveal.LECTURE, "1")
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda *objs: shown.extend(objs))
    monkeypatch.setattr(reveal, "answer_button", lambda show: ("button", show))
    ch00.explore_steps(steps(None, None, None), template)
    assert len(shown) == 1 and shown[0][0] == "button"     # no empty verdict above it


def test_what_the_steps_show_is_what_the_step_rule_does():
    # the takeaway's run-off: from -1.1 x runs off to -inf; its bounce: at rate 0.4 from 1.02 x
    # neither settles nor runs off but ends in a two-cycle, with f above its valley bottom -2
    assert ch00._where_steps_go(-1.1) == "-inf"
    assert ch00._where_steps_go(1.02, rate=0.4) is None
    x = 1.02
    for _ in range(200):
        x = ch00._step(x, 0.4)
    assert ch00._step(ch00._step(x, 0.4), 0.4) == pytest.approx(x, abs=1e-9)
    assert min(ch00.f(x), ch00.f(ch00._step(x, 0.4))) > -2 + 0.4


def test_the_slider_keeps_a_step_between_its_marks():
    ex = TangentExplorer(ch00.f, exact)
    assert ex.controls["x"].step is None             # no grid a front end could snap to
    ex.controls["x"].value = -1.268771
    assert ex.controls["x"].value == -1.268771


def test_the_explorer_starts_where_it_is_asked(capsys, monkeypatch):
    assert tangent_explorer(ch00.f, exact, x=-0.9).controls["x"].value == -0.9
    monkeypatch.setenv(reveal.LECTURE, "1")
    assert tangent_explorer(ch00.f, template, x=-0.9).controls["x"].value == -0.9


def test_the_explorer_shows_its_picture_without_a_kernel():
    ex = TangentExplorer(ch00.f, exact)
    assert base64.b64decode(ex.static()["image/png"]).startswith(b"\x89PNG")
    bundle = ex._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "image/png" in data


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


def test_a_wrong_slope_draws_a_line_that_leaves_the_curve():
    ex = TangentExplorer(ch00.f, lambda x: 3 * x ** 2)   # the -3 forgotten
    ex.controls["x"].value = 1.0
    # slope 3 at (1, -2): the line ends at -2 -+ 2.4, off the curve's f(0.2) and f(1.8)
    np.testing.assert_allclose(ex.marks["line"].y, [-4.4, 0.4])


def test_the_lecture_view_shows_the_whole_explorer_with_a_measured_slope(capsys, monkeypatch):
    monkeypatch.setenv(reveal.LECTURE, "1")
    ex = tangent_explorer(ch00.f, template)
    assert capsys.readouterr().out == ""
    assert set(ex.marks) == {"curve", "trail", "point", "line"}
    assert list(ex.controls) == ["x", "rate"] and ex.step_button is not None
    ex.controls["x"].value = 0.5                     # f = -1.375, slope 3/4 - 3 = -2.25
    (x0, x1), (y0, y1) = ex.marks["line"].x, ex.marks["line"].y
    assert (y1 - y0) / (x1 - x0) == pytest.approx(-2.25, rel=1e-8)
    assert "the slope = " in ex.readout.value and "your slope" not in ex.readout.value
    ex.step_button.click()                           # 0.5 + 0.1 * 2.25
    assert ex.controls["x"].value == pytest.approx(0.725)
    ex.controls["x"].value = 1.0                     # the valley: measured flat, no step
    ex.take_step()
    assert ex.controls["x"].value == 1.0 and "flat" in ex.readout.value


def test_a_slope_that_raises_is_named_in_the_readout_not_raised():
    ex = TangentExplorer(ch00.f, lambda x: 1 / 0)
    assert "ZeroDivisionError" in ex.readout.value
    ex.controls["x"].value = 1.5
    assert "ZeroDivisionError" in ex.readout.value


def test_the_rates_offered_settle_crawl_and_bounce_as_the_takeaway_says():
    # 1 - 6 rate near 1: -0.8 at 0.3 (settles), -1 at 1/3 (x - 1 shrinks only through the
    # higher terms: it crawls), -1.4 at 0.4 (bounces)
    assert ch00._where_steps_go(1.2, rate=0.3) == "1"
    # from 1.2, the chapter's start: at 1/3 a step multiplies x - 1 by g = -x, so over two
    # steps |x - 1| shrinks by x x' < 1, slowly but in three digits (0.2 to 0.137 in a dozen)
    gaps = np.abs(np.array(ch00._path(1.2, 12, 1 / 3)) - 1)
    assert all(gaps[2:] < gaps[:-2]) and 0.1 < gaps[-1] < 0.15
    assert ch00._where_steps_go(1.2, rate=0.4) is None


def test_the_largest_settling_rate_is_where_g_reaches_minus_1():
    # g near 1 is 1 - 6 rate: -1 at 1/3, 0 at 1/6; steps just below 1/3 settle, above run on
    assert ch00._largest_settling_rate() == pytest.approx(1 / 3)
    assert ch00._factor(1.0, 1 / 3) == pytest.approx(-1.0)
    assert ch00._rate_where_g_is(0.0) == pytest.approx(1 / 6)
    assert ch00._where_steps_go(1.02, steps=5000, rate=0.32) == "1"
    assert ch00._where_steps_go(1.02, steps=5000, rate=0.35) is None


def test_the_set_up_check_says_when_the_notebook_is_not_the_learners_copy(capsys, monkeypatch,
                                                                          tmp_path):
    copies = tmp_path / "my-notebooks"
    monkeypatch.setattr(start, "COPIES", copies)
    stored = str(tmp_path / "notebooks" / "00_start_here.ipynb")
    monkeypatch.setenv("JPY_SESSION_NAME", stored)
    assert start.folder_note() is None                 # no my-notebooks/ (Binder): nothing
    copies.mkdir()
    note = start.folder_note()
    assert "open from notebooks/" in note and "my-notebooks/00_start_here.ipynb" in note
    start.check_set_up()
    assert capsys.readouterr().out.splitlines()[0] == note
    monkeypatch.setenv("JPY_SESSION_NAME", str(copies / "00_start_here.ipynb"))
    assert start.folder_note() is None                 # the learner's copy
    monkeypatch.delenv("JPY_SESSION_NAME")
    assert start.folder_note() is None                 # no Jupyter server (nbval)


def test_at_the_edge_rate_the_readout_shows_x_minus_1_shrinking_over_two_steps():
    # at 1/3 a step from x multiplies x - 1 by g = -x: from 1.2, x - 1 = 0.2 -> -0.24 ->
    # 0.1819 (= 0.24 * 0.76 ...), so over two steps |x - 1| shrinks, slowly
    ex = TangentExplorer(ch00.f, exact, x=1.2)
    ex.controls["rate"].value = 1 / 3
    ex.controls["x"].value = 1.2
    ex.take_step()
    assert "over two steps" not in ex.readout.value
    ex.take_step()
    assert "|x \u2212 1| over two steps: 0.2 \u2192 0.182" in ex.readout.value


def test_from_the_chapters_start_the_readout_shows_the_swing_stop_growing_at_0_4():
    # from 1.2 at rate 0.4, |x - 1| over two steps grows at first (0.2 -> 0.33), and by the
    # sixth step it shrinks (0.408 -> 0.366): the swing has stopped growing, for the learner
    # to read off the numbers
    ex = TangentExplorer(ch00.f, exact, x=1.2)
    ex.controls["rate"].value = 0.4
    ex.controls["x"].value = 1.2
    ex.take_step()
    ex.take_step()
    assert "|x \u2212 1| over two steps: 0.2 \u2192 0.33" in ex.readout.value
    for _ in range(4):
        ex.take_step()
    assert "|x \u2212 1| over two steps: 0.408 \u2192 0.366" in ex.readout.value


def test_near_the_valley_the_readout_never_rounds_x_to_1_beside_a_nonzero_slope():
    # at rate 0.1 from 1.2, x - 1 shrinks by 0.4 a step: from step 7 x is within 1e-3 of 1,
    # where 4 digits would print "f(1)" beside a slope of 0.0015
    ex = TangentExplorer(ch00.f, exact, x=1.2)
    for _ in range(12):
        ex.take_step()
        assert "f(1)" not in ex.readout.value
    assert "f(1 + " in ex.readout.value


@pytest.mark.parametrize("limit", [0.334, 0.3367])
def test_a_rate_just_above_a_third_is_refused_as_it_bounces(capsys, limit):
    assert_not_yet(capsys, ch00.steps_from, steps(limit=limit), "at a rate \u03b7 in place of 0.4")
