"""The checks of chapter 05 (teaching/checks/ch05.py) accept right answers, reject wrong ones.

relu'(x) = [x > 0] (0 at x = 0: the book's mask x <= 0), leaky'(x) = 1 or the slope, the slope
at x = 0 too). A gradient check samples away from 0: it catches a forward that returns the
mask, never a mask x >= 0 (the check tests x = 0 directly); at x = h/2 the central difference
is (3h/2 - 0) / 2h = 0.75. The unit relu(1.5 x - 1) learning
t = relu(0.25 x + 0.25) with L = 1/2 sum (y - t)^2 dies in one step of lr 0.1; with a leaky ReLU
of slope s every z is negative after that step too, but each sends back s (s z - t) < 0, so
dL/db = s^2 sum z - s sum t and the unit climbs back.
The wrong answers are the
ones learners (and circulating copies of the book's code) really write: a ReLU forward that
returns the mask, a backward that edits dout in place, a mask x < 0 that passes the gradient at
the kink.
"""

import functools
import re
from pathlib import Path

import numpy as np
import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right, verdict_of

import layers
from teaching.checks import ch05
from teaching.dead_unit import BATCH, DeadUnitExplorer


class ReluRight:
    def forward(self, x):
        self.mask = x <= 0
        return np.where(self.mask, 0.0, x)

    def backward(self, dout):
        return np.where(self.mask, 0.0, dout)


class ReluReturnsMask(ReluRight):
    def forward(self, x):
        super().forward(x)
        return (x > 0) * 1


class ReluPassesAtZero(ReluRight):
    def forward(self, x):
        self.mask = x < 0            # the gradient passes at exactly x = 0
        return np.where(self.mask, 0.0, x)


# inputs away from the kink (rng 0); the chapter's kink inputs: h/2, 0 and a neighbour each side
_rng = np.random.default_rng(0)
X_FAR = _rng.choice([-1.0, 1.0], size=(3, 4)) * _rng.uniform(0.1, 2.0, size=(3, 4))
KINK_X = np.array([0.5e-5, 0.0, -1.0, 1.0])


class LeakyRight:
    def __init__(self, slope=0.01):
        self.slope = slope

    def forward(self, x):
        self.passing = x > 0
        return np.where(self.passing, x, self.slope * x)

    def backward(self, dout):
        return np.where(self.passing, dout, self.slope * dout)


def leaky_step_math(w=1.5, b=-1.0, s=0.01, lr=0.1):
    """One step on L = 1/2 sum (y - t)^2, y = leaky(w x + b), t = 0.25 x + 0.25 (all x > -1)."""
    z = w * BATCH + b
    y = np.where(z > 0, z, s * z)
    t = 0.25 * BATCH + 0.25
    dz = np.where(z > 0, y - t, s * (y - t))
    return w - lr * np.sum(dz * BATCH), b - lr * np.sum(dz)


# after the leaky step every sample is blocked: dz_i = s (s z_i - t_i), dL/db = s^2 sum z - s sum t
W1, B1 = leaky_step_math()
Z1_SUM, T_SUM = float(np.sum(W1 * BATCH + B1)), float(np.sum(0.25 * BATCH + 0.25))
LEAKY_DB = 1e-4 * Z1_SUM - 0.01 * T_SUM
leaky_relu = ch05.leaky_relu


def leaky_db(my_leaky):
    return ch05.leaky_db(my_leaky, LeakyRight)


class ReluInherited(layers.Relu):
    pass


class ReluHalfInherited(layers.Relu):
    def forward(self, x):
        return super().forward(x)


class ReluCopied:
    forward = layers.Relu.forward
    backward = layers.Relu.backward

    def __init__(self):
        layers.Relu.__init__(self)


@pytest.mark.parametrize("answer", [layers.Relu, ReluInherited, ReluHalfInherited, ReluCopied])
def test_the_layer_check_refuses_the_librarys_relu(capsys, answer):
    # right numbers, but not the learner's work: the chapter imported layers.Relu
    assert_not_yet(capsys, leaky_relu, answer, "not yours")


def test_a_relu_subclass_with_its_own_methods_is_judged_on_them(capsys):
    class OwnMethods(layers.Relu):
        def __init__(self, slope=0.01):
            self.slope = slope

        def forward(self, x):
            self.blocked = x <= 0
            return np.where(self.blocked, self.slope * x, x)

        def backward(self, dout):
            return np.where(self.blocked, self.slope * dout, dout)
    assert_right(capsys, leaky_relu, OwnMethods)


def test_the_printed_suspect_relu_is_the_checks():
    import inspect
    src = (Path(__file__).resolve().parent.parent / "notebooks" / "src" / "05_relu.py").read_text()
    code = inspect.getsource(ch05.SuspectRelu).split("\n", 1)[1]     # after the class line
    printed = "\n".join(line[2:] for line in src.splitlines() if line.startswith("#     "))
    assert "# class SuspectRelu:\n" in src and code.replace("\n\n", "\n").rstrip() in printed


def test_the_notebooks_suspect_relu_has_the_two_faults():
    # read off the code: forward = np.maximum(x > 0, 0.0), the switches as numbers (line b);
    # backward returns the local derivatives 1 or 0, never times dout (line c)
    layer = ch05.SuspectRelu()
    assert layer.forward(np.array(ch05.SUSPECT_X)).tolist() == [0.0, 0.0, 1.0, 1.0]
    assert layer.backward(np.array(ch05.SUSPECT_DOUT)).tolist() == [0.0, 0.0, 1.0, 1.0]
    assert ch05.SUSPECT_X == (-1, 0, 2, 3) and ch05.SUSPECT_DOUT == (4, -5, 6, -7)
    src = (Path(__file__).resolve().parent.parent / "notebooks" / "src" / "05_relu.py").read_text()
    assert "$x = [-1, 0, 2, 3]$ and `dout` $= [4, -5, 6, -7]$" in src


class Untouched:     # the notebook's template
    def __init__(self, slope=0.01):
        pass

    def forward(self, x):
        raise NotImplementedError("YOUR CODE")

    def backward(self, dout):
        raise NotImplementedError("YOUR CODE")


def test_untouched_templates_are_not_attempted(capsys):
    assert_not_attempted(capsys, leaky_relu, Untouched)
    # the layer written or not, the prediction still untouched: only "not attempted"
    for layer in (LeakyRight, Untouched):
        assert_not_attempted(capsys, functools.partial(ch05.leaky_db, layer_class=layer), None)
    # before the layer is right, the untouched prediction points at the layer: it prints the sums
    check = functools.partial(ch05.leaky_db, layer_class=Untouched)
    assert "get LeakyRelu right first" in verdict_of(capsys, check, None)[1]


def test_leaky_db_wants_the_layer_right_first(capsys):
    check = functools.partial(ch05.leaky_db, layer_class=Untouched)
    assert_not_yet(capsys, check, LEAKY_DB, "get LeakyRelu right first; it prints the sums")


def leaky_variant(**methods):
    return type("LeakyVariant", (LeakyRight,), methods)


def test_leaky_relu_solution_is_right(capsys):
    assert_right(capsys, leaky_relu, LeakyRight)
    ok, message = verdict_of(capsys, leaky_relu, LeakyRight)
    assert "my_leaky" in message


@pytest.mark.parametrize("answer, hint", [
    (leaky_variant(backward=lambda self, d: np.where(self.passing, d, 0.0)), "not 0"),
    (leaky_variant(backward=lambda self, d: np.where(self.passing, d, self.slope)),
     "multiply the slope by"),
    (leaky_variant(forward=lambda self, x: (setattr(self, "passing", x > 0), np.maximum(x, 0))[1]),
     "plain ReLU"),
    (leaky_variant(backward=lambda self, d: np.where(self.passing, d, 0.01 * d)), "slope = 0.1"),
])
def test_leaky_relu_rejects_typical_mistakes(capsys, answer, hint):
    assert_not_yet(capsys, leaky_relu, answer, hint)


def test_leaky_relu_tests_x_equal_0(capsys):
    # mask x >= 0: right everywhere except at 0, where the formula's second case gives the slope
    def forward(self, x):
        self.passing = x >= 0
        return np.where(self.passing, x, self.slope * x)
    answer = leaky_variant(forward=forward)
    assert layers.gradient_check(answer(0.1), ch05._away_from_kinks([0.0])) < 1e-7
    assert_not_yet(capsys, leaky_relu, answer, "convention at the corner")


def test_leaky_relu_rejects_in_place_backward(capsys):
    def backward(self, dout):
        dout[~self.passing] *= self.slope
        return dout
    assert_not_yet(capsys, leaky_relu, leaky_variant(backward=backward), "changed the dout")


def test_leaky_relu_rejects_a_forward_that_writes_into_x(capsys):
    def forward(self, x):
        self.passing = x > 0
        x[~self.passing] *= self.slope
        return x
    assert_not_yet(capsys, leaky_relu, leaky_variant(forward=forward), "forward wrote into the x")


def test_the_leaky_exercise_uses_the_chapters_batch_and_step():
    src = (Path(__file__).resolve().parent.parent / "notebooks" / "src" / "05_relu.py").read_text()
    cell = next(c for c in src.split("# %%") if "target = np.maximum(0.25 * xs + 0.25, 0.0)" in c)
    assert "rng = np.random.default_rng(0)\nxs = rng.uniform(-1.0, 2.0, size=20)" in cell
    step = next(c for c in src.split("# %%") if "def show_step(" in c)
    assert "def show_step(w=1.5, b=-1.0, lr=0.1):" in step
    leaky = next(c for c in src.split("# %%") if "def leaky_step(w, b, lr=0.1)" in c)
    assert "leaky.forward(w * xs + b) - target" in leaky and "leaky_step(1.5, -1.0)" in leaky
    assert (np.random.default_rng(0).uniform(-1.0, 2.0, size=20) == BATCH).all()


def test_the_gradient_check_inputs_are_the_chapters():
    src = (Path(__file__).resolve().parent.parent / "notebooks" / "src" / "05_relu.py").read_text()
    assert "at $x = h/2$, with $h = 10^{-5}$" in src.replace("\n# ", " ")
    assert "h=1e-5" in src and "dout=np.ones(4)" in src
    cell = next(c for c in src.split("# %%") if "x_kink = " in c)
    line = next(ln for ln in cell.splitlines() if ln.startswith("x_kink = "))
    assert np.array_equal(eval(line[len("x_kink = "):], {"np": np}), KINK_X)


class ForwardsToLibrary:      # a wrapper that hands its work to layers.Relu
    def __init__(self, slope=0.01):
        self.inner = layers.Relu()

    def forward(self, x):
        return self.inner.forward(x)

    def backward(self, dout):
        return self.inner.backward(dout)


@pytest.mark.parametrize("answer", [lambda slope=0.01: layers.Relu(), ForwardsToLibrary,
                                    lambda slope=0.01: ReluInherited()])
def test_leaky_relu_refuses_factories_and_wrappers_of_the_library(capsys, answer):
    assert_not_yet(capsys, leaky_relu, answer, "not yours")


def test_the_library_relu_works_again_after_a_check(capsys):
    forward, backward = layers.Relu.forward, layers.Relu.backward
    verdict_of(capsys, leaky_relu, ForwardsToLibrary)
    verdict_of(capsys, leaky_relu, LeakyRight)
    assert layers.Relu.forward is forward and layers.Relu.backward is backward
    relu = layers.Relu()
    assert relu.forward(np.array([2.0, -1.0])).tolist() == [2.0, 0.0]


def test_what_a_gradient_check_catches_is_true():
    # a forward that returns the mask fails away from 0; the convention bug passes there, and
    # on inputs that contain 0 the right layer and the bug both fail: the quotient at 0 is 0.5
    assert layers.gradient_check(ReluReturnsMask(), X_FAR) > 0.1
    assert layers.gradient_check(ReluPassesAtZero(), X_FAR) < 1e-7
    kink = (layers.gradient_check(ReluRight(), KINK_X),
            layers.gradient_check(ReluPassesAtZero(), KINK_X))
    assert min(kink) > 1e-2


def test_leaky_relu_refuses_the_chapters_own_relu(capsys):
    chapter = type("Relu", (LeakyRight,), {"__module__": "__main__",
                                            "forward": LeakyRight.forward,
                                            "backward": LeakyRight.backward})
    assert_not_yet(capsys, leaky_relu, chapter, "the chapter's Relu")


def test_the_leaky_step_blocks_every_sample_and_each_then_pulls_b_up():
    assert (W1, B1) == pytest.approx(ch05._leaky_step())
    z1 = W1 * BATCH + B1
    assert np.all(z1 < 0) and W1 > 0
    assert LEAKY_DB == pytest.approx(ch05._leaky_db()) and LEAKY_DB < 0
    # the learner's layer gives the same: dz = backward(forward(z) - t)
    layer = LeakyRight(0.01)
    dz = layer.backward(layer.forward(z1) - (0.25 * BATCH + 0.25))
    assert dz.sum() == pytest.approx(LEAKY_DB) and np.all(dz < 0)
    # a plain ReLU there gets exactly 0; the leaky unit passes a sample again within 100 steps
    relu = layers.Relu()
    assert relu.backward(relu.forward(z1) - (0.25 * BATCH + 0.25)).sum() == 0.0
    w, b = W1, B1
    for _ in range(100):
        w, b = leaky_step_math(w, b)
        if np.any(w * BATCH + b > 0):
            break
    assert np.any(w * BATCH + b > 0)


@pytest.mark.parametrize("my_leaky", [LEAKY_DB, round(LEAKY_DB, 4), -0.079,
                                      1e-4 * -21.255 - 0.01 * 7.685])
def test_leaky_db_accepts_the_derived_number(capsys, my_leaky):
    assert_right(capsys, leaky_db, my_leaky)


@pytest.mark.parametrize("my_leaky, hint", [
    (0.0, "plain ReLU"),
    (-0.01 * T_SUM, "output is not 0"),
    (0.01 * (Z1_SUM - T_SUM), "in s and z_i"),
    (0.01 * Z1_SUM - T_SUM, "local derivative"),
    (1e-4 * Z1_SUM + 0.01 * T_SUM, "sign"),
    (-LEAKY_DB, "dz_i"),
    ((0.1, 0.2), "one number"),
    ("a guess", "one number"),
])
def test_leaky_db_rejects_wrong_numbers_without_naming_it(capsys, my_leaky, hint):
    assert_not_yet(capsys, leaky_db, my_leaky, hint)
    assert "0.079" not in verdict_of(capsys, leaky_db, my_leaky)[1]


def test_points_for_gradient_checks_avoid_the_kinks():
    x = ch05._away_from_kinks([0.0])
    assert np.min(np.abs(x - 0.0)) >= 0.1


def run_the_chapter(capsys, predictions):
    """The chapter's code up to the exercises, with ``my_x = None`` replaced by the given
    predictions (the rest 'a guess'): what it prints, and its namespace."""
    src = (Path(__file__).resolve().parent.parent / "notebooks" / "src" / "05_relu.py").read_text()
    code = [c for c in src.split("# %%") if not c.startswith(" [markdown]")]
    code = code[:next(i for i, c in enumerate(code) if "my_suspect = None" in c)]
    ns = {}
    capsys.readouterr()
    for cell in code:
        exec(re.sub(r"^(my_\w+) = None", lambda m: f"{m[1]} = {predictions.get(m[1], 'a guess')!r}",
                    cell, flags=re.M), ns)
    return capsys.readouterr().out, ns


def test_the_chapters_reveals_show_what_the_math_says(capsys):
    # the stored notebook never runs a reveal (its predictions are None): run the chapter's
    # code up to the exercises with every prediction filled in, and hold the shown answers to
    # the math: dx = relu'(x) + 1 = [2, 1] with a skip, [2, 0] in place; the quotient at 0 is
    # (h - 0) / 2h = 0.5 while backward says 0; the large step kills the unit (see above)
    out, ns = run_the_chapter(capsys, PREDICTIONS)
    assert "Write your prediction" not in out
    assert out.count("Right: ") == 5          # every prediction before the exercises
    # relu(1.5 * 2 + b): closed at b = -3.5; open at -2.9, then (x, w, 1)
    assert "b = -3.5: (dL/dw, dL/dx, dL/db) = (0.0, 0.0, 0.0)" in out
    assert "b = -2.9: (dL/dw, dL/dx, dL/db) = (2.0, 1.5, 1.0)" in out
    assert "InPlaceRelu dx = [2.0, 0.0]" in out and "Relu        dx = [2.0, 1.0]" in out
    # the skip layer's gradient check: |[2, 0] - [2, 1]| / (|[2, 0]| + |[2, 1]|) in place
    assert f"dout afterwards = [1.0, 0.0], gradient_check(Skip) error {1 / (2 + 5 ** 0.5):.1g}" \
        in out
    # at h/2, 0, -1, 1 with dout = ones: quotients 0.75, 0.5, 0, 1; backward 1, 0, 0, 1; the
    # relative error |[0.25, 0.5, 0, 0]| / (|[.75, .5, 0, 1]| + |[1, 0, 0, 1]|) from those two
    numeric, back = np.array([0.75, 0.5, 0.0, 1.0]), np.array([1.0, 0.0, 0.0, 1.0])
    error = np.linalg.norm(numeric - back) / (np.linalg.norm(numeric) + np.linalg.norm(back))
    assert (f"numerical gradient [0.75, 0.5, 0.0, 1.0], backward [1.0, 0.0, 0.0, 1.0]: "
            f"relative error {error:.2g}") in out
    far = re.search(r"at x = \[-1.0, 1.0, 2.0\]: relative error (\S+)", out)
    assert float(far[1]) < 1e-7                                  # away from the kink: right
    # the lr edge 0.0932: one step at lr 0.093 leaves the largest x passing, at 0.094 not
    assert "lr 0.093: after one step the largest z is +0.0028, 1 of 20 pass" in out
    assert "lr 0.094: after one step the largest z is -" in out and "0 of 20 pass" in out
    # lr 0.1: dead after one step, both gradients 0; the loss fell to 1/2 sum t^2 all the same
    assert ("after one step: w = 0.741, b = -1.463, 0 pass, dL/dw = 0.000, dL/db = 0.000\n"
            "L fell from 2.1256 to 2.0579: no warning there") in out
    assert f"L = {0.5 * np.sum(np.maximum(0.25 * BATCH + 0.25, 0) ** 2):.4f}" == "L = 2.0579"


def test_the_chapters_reveals_judge_each_prediction_first(capsys):
    # wrong predictions: each check says Not yet, and no answer follows (it could be copied)
    wrong = {"my_dx_skip": [2, 1], "my_quotient_near_0": 0.5,
             "my_step": (0.5, -0.2, 7), "my_switch": ((2, 1.5, 1), (2, 1.5, 1)),
             "my_lr_edge": 0.1}
    out, _ = run_the_chapter(capsys, wrong)
    assert out.count("Not yet. Hint: ") == 5 and "Right: " not in out
    assert "dx = " not in out and "numerical gradient" not in out and "after one step" not in out
    assert "dL/dw, dL/dx" not in out and "largest z" not in out


# ---------------------------------------------------------------- the large step's prediction
# one step from w = 1.5, b = -1, lr = 0.1 on L = 1/2 sum (y - t)^2, t = relu(0.25 x + 0.25):
# dz = y - t where z > 0, so dL/dw = sum (z - t) x and dL/db = sum (z - t) over the passing x
PASS = 1.5 * BATCH - 1 > 0
STEP_DW = ((1.5 * BATCH - 1 - (0.25 * BATCH + 0.25)) * BATCH)[PASS].sum()
STEP_DB = (1.5 * BATCH - 1 - (0.25 * BATCH + 0.25))[PASS].sum()
STEP_W, STEP_B = 1.5 - 0.1 * STEP_DW, -1 - 0.1 * STEP_DB


def test_the_target_gradients_follow_the_math():
    assert ch05._target_gradients() == pytest.approx((STEP_DW, STEP_DB))
    assert (round(STEP_DW, 3), round(STEP_DB, 3)) == (7.593, 4.626)
    assert STEP_W * BATCH.max() + STEP_B < 0                       # the step kills the unit


@pytest.mark.parametrize("my_step", [(STEP_W, STEP_B, 0), (0.741, -1.463, 0), (0.74, -1.46, 0)])
def test_large_step_accepts_the_step(capsys, my_step):
    assert_right(capsys, ch05.large_step, my_step)


@pytest.mark.parametrize("my_step, hint", [
    ((1.5 + 0.759, -1 + 0.463, 0), "new w or b"),           # stepped up the gradient
    ((0.741, -1.0, 0), "new w or b"),
    ((0.741, -1.463, 1), "largest w x + b"),
    ((0.741, -1.463), "for example"),
    ("a guess", "for example"),
])
def test_large_step_rejects_wrong_steps(capsys, my_step, hint):
    assert_not_yet(capsys, ch05.large_step, my_step, hint)
    assert "0.741" not in verdict_of(capsys, ch05.large_step, my_step)[1]


def test_large_step_untouched_is_not_attempted(capsys):
    assert_not_attempted(capsys, ch05.large_step, None)


# ---------------------------------------------------------------- exercise 1
# SuspectRelu at x = [-1, 0, 2, 3], dout = [4, -5, 6, -7]: forward gives the switches x > 0 as
# numbers, [0, 0, 1, 1] (line b); backward the local derivatives, [0, 0, 1, 1] (line c)
suspect_relu = ch05.suspect_relu
SWITCHES = [0, 0, 1, 1]


@pytest.mark.parametrize("my_suspect", [(SWITCHES, SWITCHES), [[0.0, 0.0, 1.0, 1.0]] * 2,
                                        np.array([SWITCHES, SWITCHES])])
def test_suspect_relu_accepts_the_read_off_numbers(capsys, my_suspect):
    assert_right(capsys, suspect_relu, my_suspect)


@pytest.mark.parametrize("my_suspect, hint", [
    (([0, 0, 2, 3], [0, 0, 6, -7]), "what Relu gives"),
    ((SWITCHES, [0, 0, 6, -7]), "is dout used anywhere in backward"),
    (([0, 0, 2, 3], SWITCHES), "np.maximum receive as its first"),
    ((SWITCHES, [0, 1, 1, 1]), "line by line"),
    ((SWITCHES,), "two lists of 4"), ("bc", "two lists of 4"),
])
def test_suspect_relu_rejects_wrong_readings_without_naming_them(capsys, my_suspect, hint):
    assert_not_yet(capsys, suspect_relu, my_suspect, hint)
    message = verdict_of(capsys, suspect_relu, my_suspect)[1]
    assert "[0, 0, 1, 1]" not in message and "line (" not in message


def test_suspect_relu_untouched_is_not_attempted(capsys):
    assert_not_attempted(capsys, suspect_relu, None)


def test_show_suspect_runs_both_layers(capsys):
    ch05.show_suspect(ReluRight)
    out = capsys.readouterr().out
    assert "SuspectRelu output [0.0, 0.0, 1.0, 1.0], dx [0.0, 0.0, 1.0, 1.0]" in out
    assert "ReluRight   output [0.0, 0.0, 2.0, 3.0], dx [0.0, 0.0, 6.0, -7.0]" in out


class FixedFromSuspect(ch05.SuspectRelu):      # its two faulty lines rewritten
    def forward(self, x):
        self.passing = x > 0
        return np.where(self.passing, x, 0.0)

    def backward(self, dout):
        return np.where(self.passing, dout, 0.0)


class SuspectForwardFixed(ch05.SuspectRelu):   # one of the two faults left
    def forward(self, x):
        self.passing = x > 0
        return np.where(self.passing, x, 0.0)


# ---------------------------------------------------------------- the whole runs
# from w = 1.5, b = -1 on the target loss: at lr 0.1 dead after one step; at 0.09 the unit
# survives the first step, dies later and its loss stays 1/2 sum t^2; at 0.06 it reaches the
# targets' own (w, b) = (0.25, 0.25), every sample passing and L near 0
T_HALF_SQUARES = 0.5 * np.sum((0.25 * BATCH + 0.25) ** 2)


def test_the_runs_follow_the_math():
    runs = ch05.runs((0.1, 0.09, 0.06), 100, (0.25, 0.25))
    (loss1, pass1), (loss09, pass09), (loss06, pass06) = runs.values()
    assert len(loss1) == 101 and loss1[0] == pytest.approx(0.5 * np.sum(
        (np.maximum(1.5 * BATCH - 1, 0) - (0.25 * BATCH + 0.25)) ** 2))
    assert pass1[1:] == [0] * 100 and loss1[-1] == pytest.approx(T_HALF_SQUARES)
    assert pass09[1] > 0 and pass09[-1] == 0 and loss09[-1] == pytest.approx(T_HALF_SQUARES)
    assert pass06[-1] == 20 and loss06[-1] < 1e-4 and loss06[-1] < loss06[50] < loss06[1]


def _steps_to_death(lr, off=0):
    """A learner's loop, written from the math: w, b <- w - lr dL/dw, b - lr dL/db."""
    w, b = 1.5, -1.0
    t = np.maximum(0.25 * BATCH + 0.25, 0.0)
    for step in range(1, 101):
        z = w * BATCH + b
        dz = np.where(z > 0, np.maximum(z, 0) - t, 0.0)
        w, b = w - lr * (dz * BATCH).sum(), b - lr * dz.sum()
        if not np.any(w * BATCH + b > 0):
            return step + off
    return None


def test_death_step_accepts_a_loop(capsys):
    assert_right(capsys, ch05.death_step, _steps_to_death)
    assert "upper bound" in verdict_of(capsys, ch05.death_step, _steps_to_death)[1]


@pytest.mark.parametrize("answer, hint", [
    (functools.partial(_steps_to_death, off=1), "not the step yet"),
    (lambda lr: 7, "not the step yet"),
    (lambda lr: 1 if lr == 0.1 else (55 if lr == 0.09 else 100), "return None"),
    (lambda lr: 1 / 0, "raised ZeroDivisionError"),
])
def test_death_step_rejects_wrong_loops_without_naming_the_step(capsys, answer, hint):
    assert_not_yet(capsys, ch05.death_step, answer, hint)
    assert "55" not in verdict_of(capsys, ch05.death_step, answer)[1]


def test_death_step_untouched_is_not_attempted(capsys):
    def steps_to_death(lr):
        raise NotImplementedError("YOUR CODE")
    assert_not_attempted(capsys, ch05.death_step, steps_to_death)


def test_show_runs_draws_both_panels_for_four_lrs_then_the_live_unit_at_the_first(capsys):
    unit = ch05.show_runs()            # at lr 0.09, five presses before the unit dies
    passing = ch05.runs((0.01,), 100, (0.25, 0.25))[0.01][1]
    assert f"lr 0.01 is slow, not dead: {passing[100]} of 20 samples still pass at step 100." \
        in capsys.readouterr().out and 0 < passing[100] < 20
    assert isinstance(unit, DeadUnitExplorer) and unit.values["count"] > 0
    for press in range(1, 6):
        unit.step()
        assert (unit.values["count"] == 0) is (press == 5)
    assert _steps_to_death(0.09) == 50 + 5           # the learner's loop agrees: step 50 + 5
    fig = ch05.runs_plot()
    left, right = fig.axes
    assert [line.get_label() for line in right.get_lines()] == [
        "lr 0.1", "lr 0.01", "lr 0.09", "lr 0.06"]
    assert right.get_lines()[2].get_ydata()[-1] == 0 and right.get_lines()[3].get_ydata()[-1] == 20


# ---------------------------------------------------------------- the chapter's predictions
# dx of Relu at x = [[0, 2], [-1.5, 0.5]], dout = [[10, -20], [30, -40]]: dout where x > 0, 0
# elsewhere (x = 0 too): [[0, -20], [0, -40]]. With a skip y = relu(x) + x at x = [1, -1],
# dout = [1, 1]: relu'(x) + 1 = [2, 1], but InPlaceRelu zeros dout[1] and returns dout itself,
# so backward + dout = 2 * [1, 0] = [2, 0]. The central difference of relu at h/2:
# (3h/2 - 0) / 2h. relu(1.5 * 2 + b): closed at b = -3.5, open at -2.9 with (x, w, 1)
PREDICTIONS = {"my_dx_skip": [2, 0], "my_quotient_near_0": 0.75,
               "my_step": (0.741, -1.463, 0), "my_switch": ((0, 0, 0), (2, 1.5, 1)),
               "my_lr_edge": 0.0932}


def test_the_prediction_checks_use_the_chapters_numbers():
    src = (Path(__file__).resolve().parent.parent / "notebooks" / "src" / "05_relu.py").read_text()
    assert "for $x = [1, -1]$, `dout` = $[1, 1]$" in src    # show_skip runs at SKIP_X, ones
    assert ch05.SKIP_X == (1.0, -1.0)


@pytest.mark.parametrize("check_fn, right", [
    (ch05.skip_dx, PREDICTIONS["my_dx_skip"]), (ch05.skip_dx, (2.0, 0.0)),
    (ch05.quotient_near_0, 0.75), (ch05.quotient_near_0, 3 / 4),
    # relu(w x + b) at w = 1.5, x = 2: b = -3.5 gives z = -0.5, closed, all 0;
    # b = -2.9 gives z = 0.1, open: d(wx)/dw = x = 2, d(wx)/dx = w = 1.5, db = 1
    (ch05.relu_switch, ((0, 0, 0), (2, 1.5, 1))), (ch05.relu_switch, [[0.0] * 3, [2.0, 1.5, 1.0]]),
])
def test_the_prediction_checks_accept_the_math(capsys, check_fn, right):
    assert_right(capsys, check_fn, right)


@pytest.mark.parametrize("check_fn, wrong, hint", [
    (ch05.skip_dx, [1, 0], "what backward returns"),
    (ch05.skip_dx, [2, 1], "the right dx"),                 # Relu's number, not InPlaceRelu's
    (ch05.skip_dx, [1, 1], "line by line"),
    (ch05.skip_dx, 2, "two numbers"),
    (ch05.quotient_near_0, 0.5, "x = 0 exactly"),
    (ch05.quotient_near_0, 1, "right of 0"),
    (ch05.quotient_near_0, 0, "forward alone"),
    (ch05.quotient_near_0, 0.25, "at x = h/2"),
    (ch05.quotient_near_0, [0.75], "one number"),
    (ch05.quotient_near_0, True, "one number"),
    (ch05.relu_switch, ((2, 1.5, 1), (2, 1.5, 1)), "which side of"),
    (ch05.relu_switch, ((0, 0, 0), (1.5, 2, 1)), "local derivative come from"),
    (ch05.relu_switch, ((0, 0, 0), (2, 1.5, 0)), "open or closed"),
    (ch05.relu_switch, (0, 2, 1.5, 1), "two triples"),
])
def test_the_prediction_checks_reject_wrong_numbers(capsys, check_fn, wrong, hint):
    assert_not_yet(capsys, check_fn, wrong, hint)


@pytest.mark.parametrize("check_fn", [ch05.skip_dx, ch05.quotient_near_0,
                                      ch05.relu_switch, ch05.large_step, ch05.lr_edge,
                                      ch05.death_step])
def test_the_prediction_checks_untouched_are_not_attempted(capsys, check_fn):
    assert_not_attempted(capsys, check_fn, None)


# ---------------------------------------------------------------- the lr edge
# the largest x passes last: (1.5 - lr dL/dw) x_max - 1 - lr dL/db > 0 iff
# lr < (1.5 x_max - 1) / (dL/dw x_max + dL/db)
LR_EDGE = (1.5 * BATCH.max() - 1) / (STEP_DW * BATCH.max() + STEP_DB)


def test_the_lr_edge_is_where_the_last_sample_stops_passing():
    assert 0.093 < LR_EDGE < 0.0935 and ch05._lr_edge() == pytest.approx(LR_EDGE)
    for lr, alive in ((0.01, True), (LR_EDGE - 1e-6, True), (LR_EDGE + 1e-6, False),
                      (0.1, False), (0.2, False), (0.3, False)):
        w, b = 1.5 - lr * STEP_DW, -1 - lr * STEP_DB
        assert bool(np.count_nonzero(w * BATCH + b > 0)) is alive


@pytest.mark.parametrize("my_lr_edge", [LR_EDGE, 0.09315, 0.0932,
                                        (1.5 * 1.805 - 1) / (7.593 * 1.805 + 4.626)])
def test_lr_edge_accepts_the_derived_number(capsys, my_lr_edge):
    assert_right(capsys, ch05.lr_edge, my_lr_edge)


@pytest.mark.parametrize("my_lr_edge, hint", [
    ((1.5 * BATCH.max() - 1) / STEP_DB, "b alone"),
    ((1.5 * BATCH.max() - 1) / (STEP_DW * BATCH.max()), "w alone"),
    (0.1, "passes last"), (0.01, "passes last"), ([0.05], "one number"),
    # the right formula rounded too early (0.0931 from the printed numbers): a sample still passes
    (0.093, "keep more digits"), (0.0931, "keep more digits"),
    (0.09311, "keep more digits"), (0.09314, "keep more digits"),   # below the edge: refused
    (0.0926, "passes last"),                               # farther below: not a rounding
])
def test_lr_edge_rejects_wrong_numbers_without_naming_it(capsys, my_lr_edge, hint):
    assert_not_yet(capsys, ch05.lr_edge, my_lr_edge, hint)
    assert "0.093" not in verdict_of(capsys, ch05.lr_edge, my_lr_edge)[1]




def test_reveal_once_right_shows_the_answer_only_after_a_right_prediction(capsys, monkeypatch):
    from teaching.reveal import LECTURE
    monkeypatch.delenv(LECTURE, raising=False)
    show = lambda: print("THE ANSWER")            # noqa: E731
    for prediction, shown in ((None, False), ("a guess", False), (0.5, False), (0.75, True)):
        ch05.reveal_once_right(prediction, ch05.quotient_near_0, show, "my_quotient_near_0")
        out = capsys.readouterr().out
        assert ("THE ANSWER" in out) is shown
        assert ("Right: " in out) is shown and (prediction is None) is ("Write your" in out)
    monkeypatch.setenv(LECTURE, "1")               # the lecture view: behind the button
    ch05.reveal_once_right(None, ch05.quotient_near_0, show, "my_quotient_near_0")
    out = capsys.readouterr().out                  # the button's hidden output holds the answer
    assert "VBox" in out and "THE ANSWER" in out and "Not attempted" not in out


# ---------------------------------------------------------------- over a run
# With every sample passing, L = 1/2 sum (w x + b - t)^2 is quadratic in (w, b) with Hessian
# [[sum x^2, sum x], [sum x, n]]: gradient descent settles on the target only for
# lr < 2 / (its largest eigenvalue), here 2 / 33.1 = 0.0603. So the chapter's run at 0.06
# learns, while the one at 0.09, below the one-step edge, survives the first step and dies.
HESSIAN = np.array([[np.sum(BATCH ** 2), np.sum(BATCH)], [np.sum(BATCH), BATCH.size]])
STABLE = 2 / np.linalg.eigvalsh(HESSIAN).max()


def run(lr, steps=1000):
    w, b = 1.5, -1.0
    for _ in range(steps):
        z = w * BATCH + b
        dz = np.where(z > 0, z - (0.25 * BATCH + 0.25), 0.0)
        w, b = w - lr * np.sum(dz * BATCH), b - lr * np.sum(dz)
    return w, b


def test_the_one_step_edge_is_only_an_upper_bound():
    assert 0.06 < STABLE < 0.061
    assert run(0.06) == pytest.approx((0.25, 0.25), abs=1e-6)
    assert run(0.01) == pytest.approx((0.25, 0.25), abs=1e-6)
    for lr in (0.09, 0.093):
        w, b = run(lr)
        assert not np.any(w * BATCH + b > 0)          # dead, though the first step survives
        assert np.any((1.5 - lr * STEP_DW) * BATCH - 1 - lr * STEP_DB > 0)


def test_the_chapters_claims_on_lr_001_and_the_in_place_gradient_check(capsys):
    # "8 samples pass at step 100, all 20 by step 572" at lr 0.01: slow, not stuck
    passing = ch05.runs((0.01,), 700, (0.25, 0.25))[0.01][1]
    assert passing[100] == 8 and passing.index(20) == 572
    # checked alone, the in-place backward passes (no second path reads its dout); inside a
    # skip layer relu(x) + x it fails: at x = [1, -1] it gives [2, 0] where the math says [2, 1]
    class InPlaceRelu:
        def forward(self, x):
            self.mask = x <= 0
            return np.where(self.mask, 0.0, x)

        def backward(self, dout):
            dout[self.mask] = 0.0
            return dout

    class Skip:
        def forward(self, x):
            self.relu = InPlaceRelu()
            return self.relu.forward(x) + x

        def backward(self, dout):
            return self.relu.backward(dout) + dout
    assert layers.gradient_check(InPlaceRelu(), np.array([1.0, -1.0, 2.0, -3.0])) < 1e-7
    skip, x = Skip(), np.array([1.0, -1.0])
    skip.forward(x)
    assert skip.backward(np.ones(2)).tolist() == [2.0, 0.0]
    assert layers.gradient_check(Skip(), x, dout=np.ones(2)) > 0.1
    _, ns = run_the_chapter(capsys, PREDICTIONS)
    assert layers.gradient_check(ns["Skip"](ns["Relu"]), x, dout=np.ones(2)) < 1e-7
    assert layers.gradient_check(ns["Skip"](ns["InPlaceRelu"]), x, dout=np.ones(2)) > 0.1
