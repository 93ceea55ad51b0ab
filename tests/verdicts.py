"""Shared assertions for the exercise-check tests: a check returns a Verdict and prints nothing."""

from teaching.checks.core import Verdict


def verdict_of(capsys, check, answer):
    """Run a check; return (its truth, its message)."""
    result = check(answer)
    assert isinstance(result, Verdict)
    assert capsys.readouterr().out == ""
    return bool(result), result.message


def assert_right(capsys, check, answer):
    ok, out = verdict_of(capsys, check, answer)
    assert ok is True, out
    assert out.startswith("Right: ")


def assert_not_yet(capsys, check, answer, hint_part):
    ok, out = verdict_of(capsys, check, answer)
    assert ok is False
    assert out.startswith("Not yet. Hint: ")
    assert hint_part in out, out


def assert_not_attempted(capsys, check, answer):
    """An untouched template: no hint at all, only that it is not attempted yet."""
    ok, out = verdict_of(capsys, check, answer)
    assert ok is False
    assert out.startswith("Not attempted yet: "), out
    assert "Hint" not in out, out
