"""teaching.scratch: a module edited on disk while imported, and cleaned away afterwards."""

import importlib
import sys

from teaching.scratch import ScratchModule


def test_an_edit_needs_a_reload_and_close_leaves_nothing_behind():
    with ScratchModule("scratch_probe") as demo:
        demo.write("def f():\n    return 1\n")
        module = importlib.import_module("scratch_probe")
        assert module.f() == 1
        demo.write("def f():\n    return 2\n")          # same size, same second
        assert importlib.import_module("scratch_probe").f() == 1   # a second import: no change
        assert importlib.reload(module).f() == 2
        folder = demo.folder
    assert "scratch_probe" not in sys.modules
    assert str(folder) not in sys.path and not folder.exists()
