"""The values the README promises are the values a learner gets."""

import doctest
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_examples_run_as_shown():
    result = doctest.testfile(str(README), module_relative=False)
    assert result.attempted >= 5, "the README's shopping example went missing"
    assert result.failed == 0
