"""Start JupyterLab as `make lab` does and drive it with headless Chromium.

Shared by the browser tests (tests/e2e) and the latency benchmark
(benchmarks/widget_latency.py).  The server is started by ``python -m tools.lab``,
the entry point of `make lab`, so the tests see the learner's server root and
settings; the few test-only differences are listed in ``LabServer.start``.
Nothing here downloads anything: the browser is Debian's chromium, the server
is the virtualenv's JupyterLab.
"""

import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from tools import markdown_images, processes
from tools.chapters import ROOT

REPO = ROOT
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-dev-shm-usage"]
NO_CHROMIUM = (f"{CHROMIUM} is missing, so the browser tests cannot run; "
               "install Debian's headless browser with `apt-get install chromium` "
               "(as root, or with sudo)")

# Test-only JupyterLab user settings (written to a throw-away settings dir; the
# learner's defaults come from tools/jupyterlab/ as for `make lab`):
# never autosave (running cells must not rewrite the stored notebooks), and keep
# every cell in the DOM (no virtual scrolling), so the tests can find them all.
TEST_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
}


class LabServer:
    """JupyterLab started by ``python -m tools.lab`` on 127.0.0.1:<free port> with a known token.

    Its root is the repository, as for `make lab`; ``root_dir`` serves another
    folder instead (the benchmark's throw-away notebook).  The learner's own
    Jupyter config, data, runtime, settings and workspace dirs are neither used
    nor changed: all of them live in a temporary directory.
    """

    def __init__(self, root_dir=None, python=None):
        self.root_dir = Path(root_dir) if root_dir else None
        self.python = python or sys.executable
        self.port = processes.free_port()
        self.token = secrets.token_hex(24)
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.tmp = None
        self.seen_pids = set()

    # ---------------------------------------------------------------- start
    def start(self, timeout=90):
        self.tmp = Path(tempfile.mkdtemp(prefix="bp-lab-"))
        settings = self.tmp / "settings"
        for name, value in TEST_SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value))
        # a throw-away Jupyter home: none of the learner's config, trusted-notebook
        # database, running-server list (so no server of theirs is reused) or kernels
        env = dict(os.environ,
                   JUPYTER_CONFIG_DIR=str(self.tmp / "config"),
                   JUPYTER_RUNTIME_DIR=str(self.tmp / "runtime"),
                   JUPYTER_DATA_DIR=str(self.tmp / "data"),
                   IPYTHONDIR=str(self.tmp / "ipython"),
                   JUPYTER_PLATFORM_DIRS="1",
                   MPLBACKEND="module://matplotlib_inline.backend_inline",
                   PYTHONUNBUFFERED="1")
        # `make lab`'s entry point, with the test-only differences:
        cmd = [self.python, "-m", "tools.lab",
               "--no-browser",
               # the stored notebooks, not a my-notebooks/ copy in the developer's tree
               "--no-copy",
               *([f"--root={self.root_dir}"] if self.root_dir else []),
               "--",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",   # a free port
               "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.token}",                       # a token we know
               "--LabApp.expose_app_in_browser=True",                          # window.jupyterapp
               f"--LabApp.user_settings_dir={settings}",                       # TEST_SETTINGS
               f"--LabApp.workspaces_dir={self.tmp / 'workspaces'}"]
        self.log_path = self.tmp / "server.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=env,
                                     cwd=ROOT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited early:\n{self.log_tail()}")
            try:
                self.api("GET", "status")
                return self
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.25)
        self.stop()
        raise RuntimeError(f"JupyterLab did not answer within {timeout} s:\n{self.log_tail()}")

    def log_tail(self, lines=40):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    # ------------------------------------------------------------------ REST
    def api(self, method, path, body=None, timeout=10):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.base}/api/{path}", data=data, method=method,
                                     headers={"Authorization": f"token {self.token}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            text = resp.read().decode()
        return json.loads(text) if text else None

    def url(self, path):
        """Browser address of a notebook (path relative to the root dir)."""
        return f"{self.base}/lab/tree/{path}?reset&token={self.token}"

    def kernel_pids(self):
        pids = set(processes.descendants(self.proc.pid)) if self.proc else set()
        self.seen_pids |= pids
        return pids

    def shutdown_kernels(self):
        """Stop every kernel (and its session) the browser started so far."""
        self.kernel_pids()
        for session in self.api("GET", "sessions"):
            self.api("DELETE", f"sessions/{session['id']}")
        for kernel in self.api("GET", "kernels"):
            self.api("DELETE", f"kernels/{kernel['id']}")

    # ------------------------------------------------------------------ stop
    def stop(self, timeout=30):
        """Shut the server and its kernels down; return pids still alive (should be none)."""
        if self.proc is None:
            return []
        self.kernel_pids()
        if self.proc.poll() is None:
            try:
                self.api("POST", "shutdown")       # stops kernels, then the server
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(10)
        self._log.close()
        left = processes.wait_gone(self.seen_pids, timeout=10)
        processes.kill_all(left)                 # last resort, and reported as a failure
        self.proc = None
        shutil.rmtree(self.tmp, ignore_errors=True)
        return left

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


# ------------------------------------------------------------------ browser
def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                      headless=True)


# JavaScript expression: the current notebook's kernel status ('idle', 'busy', ...)
KERNEL_STATUS = """(() => {
    const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
    const k = w && w.sessionContext && w.sessionContext.session
              && w.sessionContext.session.kernel;
    return k ? k.status : null;
})()"""

# Every code cell's execution state, read from the notebook's model.
CELL_STATES = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const out = [];
    const cells = panel.content.model.cells;
    for (let i = 0; i < cells.length; i++) {
        const c = cells.get(i);
        if (c.type !== 'code') continue;
        const outputs = c.outputs.toJSON();
        out.push({index: i, count: c.executionCount, source: c.sharedModel.getSource(),
                  outputs: outputs.map(o => ({type: o.output_type, name: o.name || null,
                      text: o.output_type === 'error'
                            ? (o.ename + ': ' + o.evalue)
                            : (o.output_type === 'stream' ? String(o.text).slice(0, 400) : null),
                      mimes: o.data ? Object.keys(o.data) : []}))});
    }
    return out;
}"""


def open_notebook(page, server, path, timeout_ms=60_000):
    """Open a notebook and wait until its kernel is idle."""
    page.goto(server.url(path), timeout=timeout_ms)
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook", timeout=timeout_ms)
    page.wait_for_function(f"() => {KERNEL_STATUS} === 'idle'", timeout=timeout_ms)


# Run every cell; resolves to false if a cell failed (JupyterLab stops there),
# to 'timeout' if the run has not finished after `ms` milliseconds.
RUN_ALL_JS = """(ms) => Promise.race([
    window.jupyterapp.commands.execute('notebook:run-all-cells'),
    new Promise(resolve => setTimeout(() => resolve('timeout'), ms))])"""


def wait_run_finished(page, timeout_ms=120_000):
    """Wait until no cell is queued or running ("[*]") and the kernel is idle.

    Returns the code cells' states (see CELL_STATES)."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
                   .every(p => !p.textContent.includes('*'))
                 && %s === 'idle'""" % KERNEL_STATUS, timeout=timeout_ms)
    return page.evaluate(CELL_STATES)


def run_all(page, timeout_ms=120_000):
    """Run every cell and wait for the end; returns (ok, cell states)."""
    ok = page.evaluate(RUN_ALL_JS, timeout_ms)
    return ok, wait_run_finished(page, timeout_ms)


# Every widget view in the cells' own output areas, per code cell, matched to the
# notebook model's outputs by position (one .jp-OutputArea-child per output).
WIDGET_VIEWS = """() => window.jupyterapp.shell.currentWidget.content.widgets
    .filter(cell => cell.model.type === 'code')
    .map(cell => {
        const outputs = cell.model.outputs.toJSON();
        const children = cell.outputArea.node.querySelectorAll(':scope > .jp-OutputArea-child');
        const views = [];
        outputs.forEach((o, k) => {
            if (!o.data || !('application/vnd.jupyter.widget-view+json' in o.data)) return;
            const node = children[k] && children[k].querySelector('.jp-OutputArea-output');
            if (!node) { views.push({output: k, missing: true}); return; }
            const box = node.getBoundingClientRect();
            views.push({output: k, missing: false, text: node.textContent.slice(0, 200),
                        width: box.width, height: box.height,
                        drawn: node.querySelector('.jupyter-widgets') !== null,
                        // ipywidgets' stand-in when a view fails (e.g. its JS module is missing)
                        failed: node.querySelectorAll('.jupyter-widgets-error-widget').length});
        });
        return views;
    })"""


def wait_widgets_rendered(page, timeout_ms=30_000):
    """Wait until every widget output is drawn or has failed (none still 'Loading widget...')."""
    page.wait_for_function(
        """() => (%s)().flat().every(v => !v.missing && (v.drawn
                 || v.text.includes('Error displaying widget')))""" % WIDGET_VIEWS,
        timeout=timeout_ms)


# the open notebook: callers open one notebook per page (other open notebooks would
# stay in the page, hidden, and be matched too)
SHOWN_NOTEBOOK = ".jp-NotebookPanel .jp-Notebook"


IMAGE_MIMES = ("image/png", "image/svg+xml", "image/jpeg")
# an explorer's output carries its widget and its picture; JupyterLab shows the widget
# (from the stored widget state, or live once run), so its picture is not an <img> there
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
# a markdown image (the same pattern the slides use to embed them) or an HTML one
MARKDOWN_IMAGE = re.compile(markdown_images.IMAGE.pattern + r"|<img\b")


def stored_pictures(path):
    """How many pictures JupyterLab shows as <img> for the stored notebook ``path``:
    images in its markdown, and image outputs that are not an explorer's (widget) output."""
    nb = json.loads(Path(path).read_text())
    count = 0
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            count += len(MARKDOWN_IMAGE.findall("".join(cell["source"])))
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            count += any(m in data for m in IMAGE_MIMES) and WIDGET_MIME not in data
    return count


def broken_images(page, timeout_s=5.0):
    """(number of pictures in the page's one open notebook, sources of those that did not load).

    Each picture is scrolled into view first: JupyterLab may leave off-screen
    cells unrendered (its windowing), and the browser loads lazily.
    """
    images = page.locator(f"{SHOWN_NOTEBOOK} img")
    broken = []
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        deadline = time.monotonic() + timeout_s
        while not image.evaluate("img => img.complete && img.naturalWidth > 0"):
            if time.monotonic() > deadline:
                broken.append((image.get_attribute("src") or "").split("?")[0][:120])
                break
            time.sleep(0.05)
    return images.count(), broken
