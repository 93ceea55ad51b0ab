"""Self-checks for the exercises at the end of each chapter: one module per chapter.

In a notebook, import the chapter's module as ``check`` and end an exercise's
check cell with one call; the cell shows one line, "Right: ..." or "Not yet. Hint: ..."::

    from teaching.checks import ch05 as check

    check.leaky_relu(LeakyRelu)

Writing the checks of a new chapter NN (see ``core`` for the details):

* put them in ``chNN.py``, one public function per exercise, named after the
  exercise (``leaky_relu``), taking the learner's answer; helpers start with ``_``;
* decorate each with ``@check``; its body returns its praise (a sentence) or
  raises ``NotYet(hint)``, and never tests ``if hint:`` or builds a ``Verdict``;
* run learner code only through ``core.call`` and the helpers built on it
  (``answer``, ``layer_answers``, ``gradient_checked``, ...);
* test it in ``tests/test_checks_chNN.py``: the worked answer is right, each
  typical mistake gets its hint; the solutions notebook's check outputs are
  tested by ``tests/test_checks_in_notebooks.py``.
"""
