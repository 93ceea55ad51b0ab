"""Shared test settings.

Hypothesis draws its examples from a seed fixed per test (``derandomize``), so a run
that passed here passes again in CI: property tests explore, but reproducibly.  Run
with ``HYPOTHESIS_PROFILE=explore`` to draw new examples each time.
"""

import os

import pytest
from hypothesis import settings

settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(autouse=True)
def outside_ipython(monkeypatch):
    """Every test starts as plain Python: an IPython shell that an earlier test made
    (IPython's display formatters make one) is not found, whatever order the tests run in."""
    from IPython.core.interactiveshell import InteractiveShell
    monkeypatch.setattr(InteractiveShell, "_instance", None)
