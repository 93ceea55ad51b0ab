"""The series' own tooling: notebook build, figures, slides, lecture view, and `make lab`.

A package, so that Make, tests and benchmarks run and import its modules the same
way: Make runs each tool as a module (``python -m tools.lab``, ``python -m
tools.build_slides``, ...) and tests import them (``from tools import processes``).
``build_notebooks``, ``make_figures`` and ``build_slides`` also run as scripts
(``python tools/build_slides.py``), as their docstrings show.
"""
