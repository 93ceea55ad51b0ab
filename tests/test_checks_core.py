"""The check convention of teaching/checks/core.py and the helpers every chapter shares."""

import warnings

import numpy as np
import pytest

import layers
from teaching.checks import core
from teaching.checks.core import NotYet, Verdict, check
from verdicts import assert_not_yet, assert_right


def test_verdict_is_truthy_iff_right_and_shows_only_its_message():
    from IPython.lib.pretty import pretty

    right, not_yet = Verdict.right("220 yen."), Verdict.not_yet("multiply by 1.1.")
    assert bool(right) is True and right.ok is True and right.message == "Right: 220 yen."
    assert bool(not_yet) is False and not_yet.ok is False
    assert not_yet.message == "Not yet. Hint: multiply by 1.1."
    # a check cell shows its verdict once, as the message alone (no True/False after it)
    for result in (right, not_yet):
        assert repr(result) == str(result) == pretty(result) == result.message


@check
def is_six(func):
    """A check written the way every chapter's checks are."""
    got = core.answer(func, 3.0, if_none="is_six: return a number.")
    if not core.close(got, 6.0):
        raise NotYet(core.mistake(got, [(9.0, "that is 3 squared.")], "double 3."))
    return "3 doubled is 6."


def test_check_turns_praise_into_right_and_not_yet_into_its_hint(capsys):
    assert_right(capsys, is_six, lambda x: 2 * x)
    assert is_six(lambda x: 2 * x).message == "Right: 3 doubled is 6."
    assert is_six(lambda x: x * x).message == "Not yet. Hint: that is 3 squared."
    assert_not_yet(capsys, is_six, lambda x: x + 1, "double 3.")
    assert_not_yet(capsys, is_six, lambda x: None, "return a number")
    assert is_six.__name__ == "is_six" and "every chapter" in is_six.__doc__


def test_an_error_in_learner_code_is_a_hint_naming_it(capsys):
    assert_not_yet(capsys, is_six, lambda x: 1 / 0, "your code raised ZeroDivisionError: division by zero")
    assert_not_yet(capsys, is_six, 6.0, "pass your function itself, not its result (got float)")


def test_a_bug_in_the_check_itself_still_raises():
    @check
    def broken(answer):
        return {}["missing"]

    @check
    def praises_nothing(answer):
        return None
    with pytest.raises(KeyError):
        broken(1)
    with pytest.raises(TypeError, match="must return its praise"):
        praises_nothing(1)


def test_close_is_strict_about_what_counts_as_a_number():
    near = core.close
    assert near(2.2000000000000002, 2.2)
    assert not near(2.21, 2.2)
    assert not near(None, 0.0)
    assert not near("2.2", 2.2)
    assert not near([2.2], 2.2)          # one number, not a list
    assert not near(float("nan"), 0.0)
    # arrays: same shape, every element within the tolerance (relative above 1)
    assert near([1.0, 1000.0 + 1e-4], [1.0, 1000.0])
    assert not near([1.0, 1000.1], [1.0, 1000.0])
    assert not near([1.0, 2.0], [[1.0, 2.0]])


def test_shown_writes_numbers_as_a_learner_would():
    assert core.shown(3.0) == "3" and core.shown(-0.5) == "-0.5"
    assert core.shown((0.5, -1.0)) == "(0.5, -1)"
    assert core.shown(np.array([[1 / 3, 2.0]])) == "[[0.3333, 2.0]]"
    assert core.shown(None) == "None"


def test_call_reports_writes_into_what_it_was_given():
    x = np.array([1.0, -2.0])

    def zero_negatives(v):
        v[v < 0] = 0
        return v
    with pytest.raises(NotYet, match=r"f wrote into the x it was given: that changed the x of "
                                     r"the caller from \[1.0, -2.0\] to \[1.0, 0.0\]\. .*a copy"):
        core.call(zero_negatives, x, what="f", keep={"x": x}, fix="work on a copy.")
    y = np.array([1.0, -2.0])
    assert core.call(lambda v: np.maximum(v, 0), y, keep={"y": y}).tolist() == [1.0, 0.0]


def test_strict_call_turns_overflow_and_warnings_into_hints():
    big = np.array([1000.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # not strict: numpy's overflow stays a warning, so it raises here
        with pytest.raises(NotYet, match="RuntimeWarning"):
            core.call(np.exp, big)
    with pytest.raises(NotYet, match="FloatingPointError: overflow"):
        core.call(np.exp, big, strict=True)

    def warns():
        warnings.warn("careful", UserWarning)
        return 1.0
    with pytest.raises(NotYet, match="UserWarning: careful"):
        core.call(warns, strict=True)


class Doubler:
    """out = 2x, with a right backward: the reference for the layer helpers."""

    def forward(self, x):
        return 2 * x

    def backward(self, dout):
        return 2 * dout


def doubler_variant(backward):
    return type("DoublerVariant", (Doubler,), {"backward": backward})


def test_backward_names_each_malformed_answer():
    dout = np.array([1.0, 2.0])
    layer = Doubler()
    assert core.backward(layer, dout, 1)[0].tolist() == [2.0, 4.0]
    for bad, words in [
        (lambda self, d: None, "backward returns None: return the gradient dx"),
        (lambda self, d: (2 * d,), "returns dx itself, not a tuple"),
        (lambda self, d: np.array([2.0]), "shape of dout"),
        (lambda self, d: d * np.nan, "finite"),
        (lambda self, d: d.__imul__(2), "wrote into the dout"),
    ]:
        with pytest.raises(NotYet, match=words):
            core.backward(doubler_variant(bad)(), dout.copy(), 1)
    with pytest.raises(NotYet, match="return the 2 gradients"):
        core.backward(doubler_variant(lambda self, d: None)(), dout, 2)
    with pytest.raises(NotYet, match="must return 2 gradients"):
        core.backward(layer, dout, 2)


def test_gradient_check_scores_a_nan_gradient_inf_and_the_check_names_it():
    # a NaN gradient is no gradient: its distance to the numerical one is not a number,
    # which gradient_check reports as an infinite error
    nan_grad = doubler_variant(lambda self, d: np.full_like(d, np.nan))
    assert layers.gradient_check(nan_grad(), np.array([1.0, 2.0])) == float("inf")
    # the helper names the reason instead of quoting that error
    with pytest.raises(NotYet, match="with arrays: every gradient must be a finite number"):
        core.gradient_checked(nan_grad, np.array([1.0, 2.0]))


def test_gradient_checked_passes_a_right_layer_and_fails_a_wrong_one():
    x = np.array([[0.5, -1.0], [2.0, 3.0]])
    assert core.gradient_checked(Doubler, x) < core.GRADIENT_TOLERANCE
    with pytest.raises(NotYet, match="the gradient check fails"):
        core.gradient_checked(doubler_variant(lambda self, d: 2.001 * d), x)


def test_gradient_checked_sees_an_in_place_backward_that_gradient_check_cannot():
    def scribbles(self, dout):
        dout *= 2            # right values, but the caller's dout is overwritten
        return dout
    x = np.array([0.5, -1.0])
    # gradient_check hands backward a copy of dout, so it measures no error here
    assert layers.gradient_check(doubler_variant(scribbles)(), x) < 1e-9
    with pytest.raises(NotYet, match="wrote into the dout"):
        core.gradient_checked(doubler_variant(scribbles), x)


def test_layer_answers_names_typical_mistakes_and_writes_into_x():
    x, dout = np.array([1.0, -2.0]), np.array([3.0, 4.0])

    def run(layer_class, **options):
        core.layer_answers(layer_class, (x,), dout, 2 * x, 2 * dout, check_at=(x,), **options)
    run(Doubler)   # right: returns without raising
    with pytest.raises(NotYet, match="forgot dout"):
        run(doubler_variant(lambda self, d: 2 * np.ones_like(d)),
            wrong_back=[(2 * np.ones_like(dout), "forgot dout")])
    with pytest.raises(NotYet, match=r"with x = \[1.0, -2.0\] and dout = \[3.0, 4.0\], "
                                     r"dx should be \[6.0, 8.0\], got \[3.0, 4.0\]"):
        run(doubler_variant(lambda self, d: 1 * d))
    doubles_in_place = type("InPlace", (Doubler,), {"forward": lambda self, v: v.__imul__(2)})
    with pytest.raises(NotYet, match="forward wrote into the x it was given"):
        run(doubles_in_place)
