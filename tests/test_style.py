"""Tests of style.py: the one number formatter and how edge names are written."""

from teaching import style


def test_fmt_hides_float_noise():
    assert 100 * 2 * 1.1 != 220                    # the noise is real ...
    assert style.fmt(100 * 2 * 1.1) == "220"       # ... and hidden
    assert style.fmt(100 * 1.1) == "110"
    assert style.fmt(3 * 1.1) == "3.3"
    assert style.fmt(650 * 1.1) == "715"
    assert style.fmt(0.1 + 0.2) == "0.3"


def test_fmt_keeps_four_significant_digits():
    assert style.fmt(0.19661193324148185) == "0.1966"
    assert style.fmt(-2.0 / 3.0) == "-0.6667"
    assert style.fmt(1234567.0) == "1.235e6"       # no "+06"
    assert style.fmt(4.5399929762484854e-05) == "4.54e-5"
    assert style.fmt(-1e-20) == "-1e-20"           # tiny, but not zero


def test_fmt_never_prints_negative_zero():
    assert style.fmt(-0.0) == "0"
    assert style.fmt(0) == "0"


def test_fmt_writes_an_unknown_gradient_as_a_question_mark():
    assert style.fmt(None) == "?"


def test_label_turns_underscores_into_spaces():
    assert style.label("apple_num") == "apple num"
    assert style.label("exp(-x)") == "exp(-x)"
