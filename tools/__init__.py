"""The series' own tooling: notebook build, figures, slides, lecture view, and `make lab`.

A package so that tests, benchmarks and Make call it the same way, e.g.
``python -m tools.lab`` or ``from tools import processes``.
"""
