"""The machinery behind the notebooks: graphs, live explorers, exercise checks, style.

Learners read ``layers.py`` and ``network.py`` beside the book; nothing here is
needed to follow the math.  This package draws it, makes it move and checks the
exercises, one concept per module (the README's layout section lists them).
"""
