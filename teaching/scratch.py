"""A throwaway module in a temporary folder, to show what ``import`` does after an edit.

Chapter 10 edits a module on disk while a notebook has it imported, without touching the
series' own files::

    demo = ScratchModule("mistake_demo")
    demo.write("def f(x):\\n    return 1\\n")
    import mistake_demo
    demo.write("def f(x):\\n    return 2\\n")   # the edit; mistake_demo.f still returns 1
    demo.close()                                  # folder, sys.path entry and module gone
"""

import shutil
import sys
import tempfile
from pathlib import Path


class ScratchModule:
    """Module ``name`` in a new temporary folder put on ``sys.path`` (first)."""

    def __init__(self, name):
        self.name = name
        self.folder = Path(tempfile.mkdtemp(prefix="scratch-"))
        self.path = self.folder / f"{name}.py"
        sys.path.insert(0, str(self.folder))

    def write(self, source):
        """Replace the module's file, as an editor's save would."""
        # Python's bytecode cache trusts a file's size and its time in whole seconds, and
        # these edits come within a second: drop the cache so a reload reads the source
        shutil.rmtree(self.folder / "__pycache__", ignore_errors=True)
        self.path.write_text(source, encoding="utf-8")

    def close(self):
        """Remove the folder, its ``sys.path`` entry and the imported module."""
        if str(self.folder) in sys.path:
            sys.path.remove(str(self.folder))
        sys.modules.pop(self.name, None)
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
