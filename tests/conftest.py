"""Shared test settings.

Hypothesis draws its examples from a seed fixed per test (``derandomize``), so a run
that passed here passes again in CI: property tests explore, but reproducibly.  Run
with ``HYPOTHESIS_PROFILE=explore`` to draw new examples each time.
"""

import os

from hypothesis import settings

settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))
