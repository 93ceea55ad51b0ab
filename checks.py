"""Self-checks for the exercises at the end of each chapter notebook.

Each ``check_*`` function takes the learner's answer, prints "Right" or
"Not yet" with a hint, and returns True or False.  The solutions live in
``notebooks/solutions/``; ``tests/test_exercises.py`` proves that every check
accepts the solution and rejects at least one typical wrong answer.
"""

from layers import gradient_check  # noqa: F401  (the checks for layers use it)


def verdict(ok, praise, hint):
    """Print the learner's result and return it as a bool."""
    print(f"Right: {praise}" if ok else f"Not yet. Hint: {hint}")
    return bool(ok)

# Checks are grouped by chapter below; keep each chapter's checks together.
