"""The machinery behind the notebooks: graphs, live explorers, exercise checks, style.

Learners read ``layers.py`` and ``network.py`` beside the book; nothing here is
needed to follow the math.  This package draws it, makes it move and checks the
exercises.  Each concept has the module named for it (the README's layout section
lists them): the graph model (``graph``), its drawing (``drawing``), the widget and
figure kits (``widgets``, ``figures``), one module per explorer or family of
explorers, the training loop (``training``) apart from its live view
(``training_view``), and the checks (``checks``).  No module uses another's
underscore names (``tests/test_architecture.py`` checks it).
"""
