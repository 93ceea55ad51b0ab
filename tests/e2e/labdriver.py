"""Start JupyterLab on a loopback port and drive it with headless Chromium.

Shared by the browser tests (tests/e2e) and the latency benchmark
(benchmarks/widget_latency.py).  Nothing here downloads anything: the
browser is Debian's chromium, the server is the virtualenv's JupyterLab.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-dev-shm-usage"]
NO_CHROMIUM = (f"{CHROMIUM} is missing, so the browser tests cannot run; "
               "install Debian's headless browser with `apt-get install chromium` "
               "(as root, or with sudo)")

# JupyterLab settings for a test session (written to a throw-away settings dir):
# never autosave (running cells must not rewrite the committed notebooks),
# keep every cell in the DOM (no virtual scrolling), no news pop-up.
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False},
}
PAGE_CONFIG = {"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _descendants(pid):
    """Process ids of every descendant of pid (kernels are the server's children)."""
    children = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class LabServer:
    """A JupyterLab server on 127.0.0.1:<free port> with a random token.

    Config, data, runtime, settings and workspace dirs live in a temporary
    directory, so the learner's own Jupyter setup is neither used nor changed.
    """

    def __init__(self, root_dir=REPO, python=None):
        self.root_dir = Path(root_dir)
        self.python = python or str(REPO / ".venv" / "bin" / "python")
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = None
        self.tmp = None
        self.seen_pids = set()

    # ---------------------------------------------------------------- start
    def start(self, timeout=90):
        self.tmp = Path(tempfile.mkdtemp(prefix="bp-lab-"))
        settings = self.tmp / "settings"
        for name, value in LAB_SETTINGS.items():
            path = settings / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value))
        config = self.tmp / "config"
        (config / "labconfig").mkdir(parents=True)
        (config / "labconfig" / "page_config.json").write_text(json.dumps(PAGE_CONFIG))
        env = dict(os.environ,
                   JUPYTER_CONFIG_DIR=str(config),
                   JUPYTER_RUNTIME_DIR=str(self.tmp / "runtime"),
                   JUPYTER_DATA_DIR=str(self.tmp / "data"),
                   IPYTHONDIR=str(self.tmp / "ipython"),
                   JUPYTER_PLATFORM_DIRS="1",
                   MPLBACKEND="module://matplotlib_inline.backend_inline",
                   PYTHONUNBUFFERED="1")
        cmd = [self.python, "-m", "jupyterlab", "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}",
               "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.token}",
               f"--ServerApp.root_dir={self.root_dir}",
               "--LabApp.expose_app_in_browser=True",
               f"--LabApp.user_settings_dir={settings}",
               f"--LabApp.workspaces_dir={self.tmp / 'workspaces'}",
               "--LabApp.news_url=",
               "--MappingKernelManager.cull_idle_timeout=0"]
        if os.geteuid() == 0:
            cmd.append("--allow-root")
        self.log_path = self.tmp / "server.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, env=env,
                                     cwd=self.root_dir, start_new_session=True)
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
        pids = set(_descendants(self.proc.pid)) if self.proc else set()
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
        deadline = time.monotonic() + 10
        left = [p for p in self.seen_pids if _alive(p)]
        while left and time.monotonic() < deadline:
            time.sleep(0.2)
            left = [p for p in left if _alive(p)]
        for pid in left:                         # last resort, and reported as a failure
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
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
