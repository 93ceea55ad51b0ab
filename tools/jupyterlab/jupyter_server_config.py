# Server settings of `make lab` (tools/lab.py) and of the browser tests, which start
# JupyterLab through the same entry point.  tools/lab.py puts this folder on
# JUPYTER_CONFIG_PATH: the learner's own Jupyter config still comes first.
# labconfig/ beside this file holds the JupyterLab side: default settings
# (default_setting_overrides.json) and the page config (page_config.json).
import os

c = get_config()  # noqa: F821 (given by Jupyter when it loads this file)

# Ctrl-C stops the server (and its kernels) at once, instead of asking
# "Shut down this Jupyter server (y/[n])?" and going on after 5 s.
c.ServerApp.answer_yes = True

# Docker, cloud shells and many classroom machines run as root; Jupyter refuses
# that unless told.  The server still listens on this machine only (localhost).
c.ServerApp.allow_root = os.geteuid() == 0

# Open the browser on the address itself (http://localhost:PORT/lab/tree/...?token=...),
# the one printed, rather than on a redirect file in Jupyter's runtime folder.
c.ServerApp.use_redirect_file = False

# notebook_shim's server extension only carries Notebook-6 settings over; JupyterLab
# does not need it, and while doing so it reads a deprecated setting, which prints a
# DeprecationWarning that looks like a traceback at every start.
c.ServerApp.jpserver_extensions = {"notebook_shim": False}

# No language servers are installed for the series; looking for them prints a
# list of about twenty "skipped" ones at every start.
c.LanguageServerManager.autodetect = False

# Keep the terminal for what a learner needs: the address, warnings and errors.
c.Application.log_level = "WARN"

# The series works offline: no news feed.
c.LabApp.news_url = None

# Kernels talk to the server over local sockets (files in Jupyter's runtime folder),
# not TCP ports: nothing else on the machine can connect to them, and the kernel has
# no reason to warn at each start that it "is running over TCP without encryption".
if os.name == "posix":
    c.KernelManager.transport = "ipc"

# jupyter_server asks for a websocket ping timeout (90 s) longer than the ping interval
# (30 s), which tornado refuses with a warning at the first connection; ask for what
# tornado would use anyway.
c.ServerApp.tornado_settings = {
    "ws_ping_timeout": 30000,
    # the page loads custom/custom.css beside this file (it fits SVG outputs to the page's
    # width); served from here, not from the learner's own Jupyter folder
    "static_custom_path": [os.path.join(os.path.dirname(os.path.abspath(__file__)), "custom")],
}
c.LabApp.custom_css = True

# `make lab` (tools/lab.py) hands the server the lock that keeps a second `make lab`
# from starting a second server on this folder; the server holds it until it exits.
# Kernels and other children must not inherit it (a left-over kernel would hold it).
if os.environ.get("BACKPROP_LAB_LOCK_FD", "").isdigit():
    try:
        os.set_inheritable(int(os.environ.pop("BACKPROP_LAB_LOCK_FD")), False)
    except OSError:
        pass


# The stored course (every notebook under notebooks/, the solutions included) opens
# read-only and cannot be saved over: a learner's run of a solution, or JupyterLab's
# autosave, must not change the tracked notebooks (`make test` would fail and
# `git pull` abort).  Learners work in their copies in my-notebooks/.
def _course_contents():
    from pathlib import Path

    from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager
    from tornado.web import HTTPError

    course = Path(__file__).resolve().parent.parent.parent / "notebooks"

    def stored(os_path):
        path = Path(os_path).resolve()
        return path.suffix == ".ipynb" and course in path.parents

    class CourseContentsManager(AsyncLargeFileManager):
        """The default contents manager, with the stored course read-only."""

        def is_writable(self, path):
            return super().is_writable(path) and not stored(self._get_os_path(path))

        async def save(self, model, path=""):
            # (jupytext's contents manager, wrapped around this one, reports it as a 500)
            if stored(self._get_os_path(path.strip("/"))):
                raise HTTPError(403, f"{path} is part of the stored course and is not saved "
                                "over (your own copies of the chapters are in my-notebooks/); "
                                "File > Save Notebook As... keeps your changes elsewhere.")
            return await super().save(model, path)

    return CourseContentsManager


c.ServerApp.contents_manager_class = _course_contents()
