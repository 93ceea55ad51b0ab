"""The warm-up check of chapter 00 (teaching/checks/ch00.py) accepts right guesses only.

The expected values come from the math: sigma'(x) = s(1 - s) with s = sigma(x) is largest,
1/4, at x = 0 (where s = 1/2), and at x = 6 it is e**-6 / (1 + e**-6)**2, about 0.00247.
"""

import math

import pytest
from verdicts import assert_not_attempted, assert_not_yet, assert_right

from teaching.checks import ch00

AT_6 = math.exp(-6) / (1 + math.exp(-6)) ** 2


def guesses(at_6):
    return lambda peak: ch00.warm_up(peak, at_6)


@pytest.mark.parametrize("peak, at_6", [(0, AT_6), (0.0, 0.0025), (-0.2, 0.002), (0.25, 0.004)])
def test_right_guesses_are_praised(capsys, peak, at_6):
    assert 0.00246 < AT_6 < 0.00248
    assert_right(capsys, guesses(at_6), peak)


def test_the_praise_gives_the_ratio():
    assert "101 times smaller" in ch00.warm_up(0, AT_6).message   # 0.25 / 0.00247


@pytest.mark.parametrize("peak, at_6", [(None, 0.0025), (0, None), (None, None), (..., 0.0025)])
def test_an_untouched_guess_is_not_attempted(capsys, peak, at_6):
    assert_not_attempted(capsys, guesses(at_6), peak)


@pytest.mark.parametrize("peak, at_6, hint", [
    (6, AT_6, "Where is such a product largest"),
    (0.5, AT_6, "Where is such a product largest"),
    (0, 0.25, "too big"),
    (0, 0.01, "too big"),
    (0, 0.0, "too small"),
    (0, 0.001, "too small"),
    ("zero", 0.0025, "one number"),
    ([0, 1], 0.0025, "one number"),
    (0, float("nan"), "one number"),
])
def test_wrong_guesses_get_a_hint(capsys, peak, at_6, hint):
    assert_not_yet(capsys, guesses(at_6), peak, hint)
