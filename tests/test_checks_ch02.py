"""The checks of chapter 02 (teaching/checks/ch02.py) accept right answers and reject
typical wrong ones.

Expected values come from the chain rule: a node u = sqrt(x) sends back dout / (2u), so
in z = sqrt(x**2 + y**2) (two square nodes, an add node, the square root) x receives
1 / (2u) * 1 * 2x = x / u, 3 / 5 = 0.6 at x = 3, y = 4; a node t = x / y sends back
(dout / y, -dout * x / y**2).  The chapter's predictions: for z = (xy)**2, dz/dx = 2t * y = 8
at (1, 2) and at (1, -2), and dropping dt/dx = y does no harm where
2t * y = 2t: y = 1, or t = xy = 0; when z = (x + y)**2 at x = 2, y = -0.5 (t = 1.5,
z = 2.25) feeds L = (z - 3)**2, the backward pass starts from dL/dz = 2(z - 3) = -1.5
and x receives -1.5 * 2t * 1 = -4.5.
"""

import numpy as np
import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right, verdict_of

import layers
from layers import AddLayer, SquareLayer
from teaching.checks import ch02
from teaching.reveal import LECTURE

EXPLORERS = []


@pytest.fixture(autouse=True)
def explorer_recorded(monkeypatch):
    """The explorer a right chain_slopes displays, recorded instead of printed."""
    EXPLORERS.clear()
    monkeypatch.setattr(ch02, "chain_explorer", lambda: EXPLORERS.append("explorer"))


class Sqrt:
    def forward(self, x):
        self.out = x ** 0.5
        return self.out

    def backward(self, dout):
        return dout / (2 * self.out)


def sqrt_like(forward, backward, keep_input=True):
    """A node u = sqrt(x) whose forward and backward are the given functions of (x) and
    (x, out, dout); it keeps its output, and its input too unless ``keep_input`` is False."""
    class Layer:
        def forward(self, x):
            if keep_input:
                self.x = x
            self.out = forward(x)
            return self.out

        def backward(self, dout):
            return backward(getattr(self, "x", None), self.out, dout)
    return Layer


def test_sqrt_layer(capsys):
    # x = 4, dout = 3 alone: forward 2, backward 3 / (2 * 2) = 0.75; chained as
    # sqrt(x**2 + y**2), x receives x / sqrt(x**2 + y**2) at every point
    assert_right(capsys, ch02.sqrt_layer, Sqrt)
    assert_right(capsys, ch02.sqrt_layer, sqrt_like(np.sqrt, lambda x, u, d: 0.5 * d / u))
    for layer, hint in [
            (sqrt_like(lambda x: 0.5 / np.sqrt(x), lambda x, u, d: d * u), "local derivative"),
            (sqrt_like(np.sqrt, lambda x, u, d: 1 / (2 * u)), "leaves out dout"),
            (sqrt_like(np.sqrt, lambda x, u, d: -d / (2 * u)), "the sign"),
            (sqrt_like(np.sqrt, lambda x, u, d: d * u), "times the output"),
            (sqrt_like(np.sqrt, lambda x, u, d: d / u), "factor 0.5"),
            (sqrt_like(np.sqrt, lambda x, u, d: 2 * d * u), "below the fraction bar"),
            (sqrt_like(np.sqrt, lambda x, u, d: None), "returns None"),
            (sqrt_like(np.sqrt, lambda x, u, d: (d, d)), "not a tuple"),
            # right at the single point, a constant elsewhere: the chained points catch it
            (sqrt_like(np.sqrt, lambda x, u, d: 0.25 * d), "numerical slope"),
            (sqrt_like(np.sqrt, lambda x, u, d: layers.numerical_gradient(np.sqrt, u * u) * d),
             "by hand")]:
        assert_not_yet(capsys, ch02.sqrt_layer, layer, hint)
    assert_not_yet(capsys, ch02.sqrt_layer, Sqrt(), "not its result")


def test_sqrt_layer_backward_uses_only_the_output(capsys):
    # right in value but from the kept input: the check wipes x before backward
    assert_not_yet(capsys, ch02.sqrt_layer, sqrt_like(np.sqrt, lambda x, u, d: d / (2 * x ** 0.5)),
                   "besides the output")

    class KeepsInputOnly:
        def forward(self, x):
            self.x = x
            return x ** 0.5

        def backward(self, dout):
            return dout / (2 * self.x ** 0.5)
    assert_not_yet(capsys, ch02.sqrt_layer, KeepsInputOnly, "keeps no copy of its output")


def test_sqrt_layer_is_the_learners_own(capsys):
    class Wrapped:
        def forward(self, x):
            self.out = layers.SquareLayer().forward(x) ** 0.25
            return self.out

        def backward(self, dout):
            return dout / (2 * self.out)
    assert_not_yet(capsys, ch02.sqrt_layer, Wrapped, "runs layers.SquareLayer")


def test_sqrt_layer_refuses_a_measured_slope(capsys):
    # (sqrt(u**2 + h) - sqrt(u**2 - h)) / 2h at h = 1e-5 is within 1e-6 of 1 / (2u) but not
    # exact: the chained points compare within 1e-12 and name it
    def measured(x, u, d):
        h = 1e-5
        return d * (np.sqrt(u * u + h) - np.sqrt(u * u - h)) / (2 * h)
    assert_not_yet(capsys, ch02.sqrt_layer, sqrt_like(np.sqrt, measured), "looks measured")


def test_sqrt_by_hand(capsys):
    # z = sqrt(x**2 + y**2) at x = 3, y = 4: t = 25, u = 5, x receives 1 / 10 * 1 * 6 = 0.6
    assert_right(capsys, ch02.sqrt_by_hand, 0.6)
    assert_right(capsys, ch02.sqrt_by_hand, 3 / 5)
    assert_not_attempted(capsys, ch02.sqrt_by_hand, None)
    for wrong, hint in [(5.0, "z = u itself"),                   # sqrt(25)
                        (-0.6, "the sign"),
                        (0.1, "stops at the add node"),          # 1 / (2u) * 1, no 2x
                        (0.3, "2x, not x"),                      # 1 / (2u) * x
                        (1.2, "power rule"),                     # 1 / u * 2x
                        (0.12, "not t"),                         # 1 / (2t) * 2x
                        (0.8, "what y receives"),                # 1 / (2u) * 2y
                        (6.0, "factor alone"),                   # 2x
                        (0.59, "multiply, along x's path"),
                        ("three fifths", "give a number")]:
        assert_not_yet(capsys, ch02.sqrt_by_hand, wrong, hint)


def test_sqrt_layer_untouched_template_is_not_attempted(capsys):
    class Template:
        def forward(self, x):
            raise NotImplementedError("YOUR CODE")

        def backward(self, dout):
            raise NotImplementedError("YOUR CODE")
    assert_not_attempted(capsys, ch02.sqrt_layer, Template)
    assert_not_attempted(capsys, ch02.sqrt_layer, None)


def test_sqrt_layer_hints_never_name_the_answer():
    for wrong in (5.0, -0.6, 0.1, 0.3, 1.2, 0.12, 0.8, 6.0, 0.59):
        message = ch02.sqrt_by_hand(wrong).message
        assert "0.6" not in message.replace("-0.6", "") and "3 / 5" not in message, message


def test_upstream_dx(capsys):
    # t = 1.5, z = 2.25, dL/dz = 2(z - 3) = -1.5 -> x receives -1.5 * 2t * 1 = -4.5
    assert_right(capsys, ch02.upstream_dx, -4.5)
    assert_right(capsys, ch02.upstream_dx, 2 * ((2 - 0.5) ** 2 - 3) * 2 * (2 - 0.5) * 1)
    for wrong, hint in [(3.0, "starts from 1"),                 # forgot the loss
                        (-1.5, "that is dL/dz"),                 # stopped at the upstream
                        (4.5, "the sign"),
                        (-9.0, "not t"),                         # 2(t - 3) * 2t
                        (13.5, "not z**2"),                      # 2z * 2t
                        (-2.25, "a factor 2 is missing"),        # (z - 3) * 2t, or 2(z - 3) * t
                        (-3.0, "local derivative of (z - 3)**2"),
                        ("-4.5", "give a number")]:
        assert_not_yet(capsys, ch02.upstream_dx, wrong, hint)
    assert_not_attempted(capsys, ch02.upstream_dx, None)


def test_div_by_hand(capsys):
    # t = x / y at x = 3, y = 0.5, dout = 2: (dout / y, -dout * x / y**2) = (4, -24)
    assert_right(capsys, ch02.div_by_hand, (4.0, -24.0))
    assert_right(capsys, ch02.div_by_hand, [2 / 0.5, -2 * 3 / 0.5 ** 2])
    for wrong, hint in [((1.0, -24.0), "slope of x * y along x"), ((2.0, -24.0), "leaves out dout"),
                        ((5.0, -24.0), "derivative of x / y by x"),
                        ((4.0, 24.0), "the sign"), ((4.0, -8.0), "1 / y alone"),
                        ((4.0, -12.0), "leaves out dout"), ((4.0, 6.0), "slope of x * y along y"),
                        ((4.0, -20.0), "derivative of x * y**-1 by y"),
                        (4.0, "a pair of numbers"), ("(4, -24)", "a pair of numbers")]:
        assert_not_yet(capsys, ch02.div_by_hand, wrong, hint)
    assert_not_attempted(capsys, ch02.div_by_hand, None)
    for wrong in ((4.0, 24.0), (4.0, -8.0), (1.0, -24.0)):
        assert "-24" not in ch02.div_by_hand(wrong).message


def test_upstream_dx_praise_gives_the_upstream_only_after_the_answer():
    assert "-1.5" in ch02.upstream_dx(-4.5).message


def test_upstream_dx_hints_never_name_the_answer():
    for wrong in (3.0, -1.5, 4.5, -9.0, 13.5, -2.25, -3.0):
        hint = ch02.upstream_dx(wrong).message
        assert "4.5" not in hint and "2.25" not in hint, hint


def test_the_chapters_layers_give_the_chain_rule_at_several_points():
    # z = (x + y)**2: dz/dx = dz/dy = 2(x + y); the central difference of a quadratic is
    # exact on paper, so it differs from 2(x + y) by rounding only (about 1e-11 at h = 1e-4)
    for x, y in [(1.0, 2.0), (-1.5, 0.5), (3.0, -4.0), (0.0, 0.0), (2.5, 2.5)]:
        add, square = AddLayer(), SquareLayer()
        z = square.forward(add.forward(x, y))
        dx, dy = add.backward(square.backward(1.0))
        assert z == pytest.approx((x + y) ** 2, abs=1e-12)
        assert (dx, dy) == pytest.approx((2 * (x + y), 2 * (x + y)), abs=1e-12)
        numeric = layers.numerical_gradient(lambda v: (v + y) ** 2, x)
        assert abs(numeric - 2 * (x + y)) < 1e-9


SLOPES = {"at (1, 2)": 8.0, "at (1, -2)": 8.0}
# forgetting dt/dx = y draws 2t instead of 2t * y: equal where y = 1 or t = xy = 0
LINES = {"x =": [0], "y =": [1, 0]}


def slopes(predicted=SLOPES, harmless_lines=LINES):
    return ch02.chain_slopes(predicted, harmless_lines)


def test_chain_slopes(capsys):
    assert_right(capsys, slopes, SLOPES)
    assert_right(capsys, slopes, {"at (1, 2)": 2 * 2 * 2, "at (1, -2)": 2 * -2 * -2})
    for key, wrong, hint in [("at (1, 2)", 4.0, "dz/dt alone"),      # forgot dt/dx
                             ("at (1, -2)", -8.0, "the sign"),
                             ("at (1, -2)", -4.0, "dz/dt alone"),
                             ("at (1, -2)", 4.0, "z itself"),
                             ("at (1, 2)", 16.0, "multiply dz/dt"),
                             ("at (1, 2)", "eight", "give a number")]:
        assert_not_yet(capsys, slopes, {**SLOPES, key: wrong}, hint)
    assert_not_yet(capsys, slopes, {**SLOPES, "at (1, -2)": None}, "replace every")
    assert_not_attempted(capsys, slopes, dict.fromkeys(SLOPES))
    assert_not_attempted(capsys, slopes, None)


def test_chain_slopes_harmless_lines_are_the_solutions_of_2t_equals_2ty(capsys):
    def lines(given):
        return slopes(harmless_lines=given)
    assert_right(capsys, lines, {"x =": (0.0,), "y =": [0.0, 1.0, 1]})   # order, repeats
    for wrong, hint in [({"x =": [], "y =": [1]}, "a line is missing"),    # t = 0 forgotten
                        ({"x =": [0], "y =": [1]}, "where is t = xy zero"),
                        ({"x =": [0], "y =": [0]}, "a line is missing"),
                        ({"x =": [0], "y =": [0, 1, -1]}, "line y = -1"),
                        ({"x =": [0, 1], "y =": [0, 1]}, "line x = 1"),
                        ({"x =": 0, "y =": [0, 1]}, "a list of numbers"),
                        ({"x =": ["zero"], "y =": [0, 1]}, "give a number"),
                        ({"x =": [0], "y =": None}, "replace every"),
                        ({"y =": [0, 1]}, "needs the keys")]:
        assert_not_yet(capsys, lines, wrong, hint)
    # code that compares the two slopes finds the lines by brute force: refused
    assert_not_yet(capsys, lines, lambda x, y: abs(2 * x * y * y - 2 * x * y) < 1e-12,
                   "as data")
    assert_not_attempted(capsys, lines, {"x =": None, "y =": None})
    assert_not_attempted(capsys, lines, None)


def test_chain_slopes_lines_hold_the_math():
    for key, values in LINES.items():
        for c in values:
            for other in (-1.5, 0.3, 2.0):
                x, y = (c, other) if key == "x =" else (other, c)
                assert 2 * x * y == 2 * x * y * y
    assert 2 * 1.0 * -1.0 != 2 * 1.0 * -1.0 * -1.0   # y = -1 is no such line


def test_chain_slopes_praise_gives_the_two_factors_only_after_the_prediction():
    # the chapter shows only t = x * y before the prediction; the praise names both links
    praise = slopes().message
    assert "8 at both points" in praise and "2t (dz/dt) * y (dt/dx)" in praise
    # the explorer's slope from its layers, code and result: t = 2, z = 4, dz/dx = 2t * y = 8
    assert "mul.backward(square.backward(1.0))" in praise
    assert praise.rstrip().endswith("at (1, 2): z = 4, dz/dx = 8")
    assert "mul.backward" not in slopes({**SLOPES, "at (1, 2)": 4.0}).message


def test_explorer_slope_is_the_explorers_backward_pass(capsys):
    from teaching.plots import chain_rule_values
    ch02.explorer_slope()
    slope = chain_rule_values(1, 2)["dz_dx"]
    assert capsys.readouterr().out == f"at (1, 2): z = 4, dz/dx = {slope:g}\n" == \
        "at (1, 2): z = 4, dz/dx = 8\n"


def test_chain_slopes_hints_never_name_the_answer():
    for given in [{**SLOPES, "at (1, 2)": 4.0}, {**SLOPES, "at (1, -2)": -8.0}]:
        hint = slopes(given).message
        assert "8" not in hint, hint
    for wrong in ({"x =": [], "y =": [1]}, {"x =": [0], "y =": [1]},
                  {"x =": [0], "y =": [0]}, None):
        hint = slopes(harmless_lines=wrong).message
        assert "y = 1" not in hint and "y = 0" not in hint and "x = 0" not in hint, hint


def test_numerical_gradient_is_given_back_after_a_check():
    before = layers.numerical_gradient
    ch02.sqrt_layer(sqrt_like(np.sqrt, lambda x, u, d: layers.numerical_gradient(
        np.sqrt, u * u)))
    assert layers.numerical_gradient is before


class Div:
    def forward(self, x, y):
        self.x, self.y = x, y
        return x / y

    def backward(self, dout):
        return dout / self.y, -dout * self.x / self.y ** 2


def div_like(backward):
    """A node t = x / y whose backward is the given function of (x, y, dout)."""
    class Layer:
        def forward(self, x, y):
            self.x, self.y = x, y
            return x / y

        def backward(self, dout):
            return backward(self.x, self.y, dout)
    return Layer


def test_div_layer(capsys):
    # first at x = 1.5, y = 0.25, dout = 3: (3 / 0.25, -3 * 1.5 / 0.0625) = (12, -72), not
    # div_by_hand's point, so no hint shows that prediction's (4, -24)
    assert_right(capsys, ch02.div_layer, Div)
    assert_right(capsys, ch02.div_layer, div_like(lambda x, y, d: (d * y ** -1, -d * x * y ** -2)))
    for backward, hint in [
            (lambda x, y, d: (d * y, d * x), "slopes of x * y"),
            (lambda x, y, d: (d / y, d * x / y ** 2), "wrong sign"),
            (lambda x, y, d: (d / y, -d / y ** 2), "factor x too"),
            (lambda x, y, d: (1 / y, -x / y ** 2), "leaves out dout"),
            (lambda x, y, d: (d / y,), "2 gradients"),
            # right at the single point only: the other points catch it
            (lambda x, y, d: (d * 4.0, -d * 24.0), "not the local derivative")]:
        assert_not_yet(capsys, ch02.div_layer, div_like(backward), hint)
    zero = div_like(lambda x, y, d: (0.0, 0.0))
    assert_not_yet(capsys, ch02.div_layer, zero, "should be")
    assert "-24" not in verdict_of(capsys, ch02.div_layer, zero)[1]
    assert_not_attempted(capsys, ch02.div_layer, None)


def test_div_layer_refuses_measured_slopes(capsys):
    # central differences written by hand: close (1e-8 relative) but not derived
    h = 1e-4

    def measured(x, y, d):
        return (d * ((x + h) / y - (x - h) / y) / (2 * h),
                d * (x / (y + h) - x / (y - h)) / (2 * h))
    assert_not_yet(capsys, ch02.div_layer, div_like(measured), "looks measured")


def test_div_layer_is_the_learners_own(capsys):
    class Wrapped(Div):
        def backward(self, dout):
            return layers.MulLayer().forward(dout, 1 / self.y), -dout * self.x / self.y ** 2
    assert_not_yet(capsys, ch02.div_layer, Wrapped, "runs layers.MulLayer")


def test_each_prediction_shows_its_evidence_only_under_right(capsys):
    # the evidence of each prediction sits in its praise; a hint never carries it
    right = ch02.upstream_dx(-4.5).message
    # L = (z - 3)**2 at z = 2.25: dL/dx = dL/dy = -4.5, and so is the numerical slope
    assert "dL/dx = -4.5, dL/dy = -4.5; numerical slope of L along x: -4.5" in right
    assert "numerical slope" not in ch02.upstream_dx(3.0).message
    assert capsys.readouterr().out == ""


def test_the_chain_slopes_explorer_appears_only_under_right():
    slopes({**SLOPES, "at (1, 2)": 4.0})
    slopes(harmless_lines={"x =": [0], "y =": [1]})
    assert not EXPLORERS
    slopes()
    assert EXPLORERS == ["explorer"]


def test_the_lecture_view_gets_a_button_over_the_right_answer(monkeypatch, capsys):
    monkeypatch.setenv(LECTURE, "1")
    shown = []
    monkeypatch.setattr(ch02, "answer_button", lambda show: shown.append(show) or "button")
    for untouched, check in [(None, ch02.upstream_dx), (None, ch02.sqrt_by_hand),
                             (None, ch02.div_by_hand)]:
        assert check(untouched).message == ""          # nobody answers in the lecture view
        assert shown, check.__name__
        shown.pop()()
        assert capsys.readouterr().out.splitlines()[-1].startswith(("Right: ",
                                                                    "the layers")), check
    assert slopes(dict.fromkeys(SLOPES), {"x =": None, "y =": None}).message == ""
    shown.pop()()
    assert "Right: 8 at both points" in capsys.readouterr().out and EXPLORERS
    ch02.upstream_dx(-4.5)                            # a written prediction: no button
    assert not shown


def test_the_by_hand_answers_refuse_a_measured_slope(capsys):
    import layers
    measured = layers.numerical_gradient(lambda v: float(np.sqrt(v[0] ** 2 + 16.0)),
                                         np.array([3.0]))[0]
    assert_not_yet(capsys, ch02.sqrt_by_hand, measured, "looks measured")
    assert_right(capsys, ch02.sqrt_by_hand, 0.6)
    pair = layers.numerical_gradient(lambda v: 2.0 * v[0] / v[1], np.array([3.0, 0.5]))
    assert_not_yet(capsys, ch02.div_by_hand, tuple(pair), "looks measured")
    assert_right(capsys, ch02.div_by_hand, (4.0, -24.0))
