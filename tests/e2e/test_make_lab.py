"""`make lab` as the README tells a learner to run it, and every picture under its server.

* Every notebook as first opened (stored chapters and solutions, nothing run yet)
  under the server of `make lab` (tools/lab.py, the session's ``lab`` fixture):
  every picture loads, figures written in the text and stored outputs alike.
* The README's `make lab` itself, in a fresh checkout of the repository (so the
  learner's copies in my-notebooks/ are never written into the developer's
  tree): the address it would open in a browser (recorded through $BROWSER)
  shows the start notebook, which runs without errors and whose layers.py link
  opens the file; every learner copy's pictures load; the output shows no
  warning or traceback; a second `make lab` reuses the server; the stored
  notebooks are read-only under it; Ctrl-C stops it at once, kernels included.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tools import labdriver, processes
from tools.chapters import ROOT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not labdriver.CHROMIUM.exists(), reason=labdriver.NO_CHROMIUM),
]

# what must never reach a learner's terminal at a normal start
NOISE = re.compile(r"Traceback|Warning|WARNING|\[W |\[E |Error|error:|Skipped|!!")


def pictures_in(path):
    """How many pictures the notebook file holds: images in its text, image outputs
    (an explorer's output shows its widget, not its picture)."""
    return labdriver.stored_pictures(path)


def stored_notebooks_with_pictures():
    found = sorted((ROOT / "notebooks").glob("*.ipynb"))
    found += sorted((ROOT / "notebooks" / "solutions").glob("*.ipynb"))
    return [p.relative_to(ROOT).as_posix() for p in found if pictures_in(p)]


def wait_notebook_shown(page, path, timeout_ms=60_000):
    """Wait until the notebook is on the page with all its cells and (up to a time) pictures."""
    cells = len(json.loads(Path(path).read_text())["cells"])
    shown = labdriver.SHOWN_NOTEBOOK
    page.wait_for_function(f"n => document.querySelectorAll('{shown} .jp-Cell').length >= n",
                           arg=cells, timeout=timeout_ms)
    try:    # outputs are drawn after the cells; a missing picture is reported by the caller
        page.wait_for_function(f"n => document.querySelectorAll('{shown} img').length >= n",
                               arg=pictures_in(path), timeout=10_000)
    except Exception:       # playwright's TimeoutError
        pass


# ------------------------------------------------ every stored notebook, as first opened
@pytest.mark.parametrize("path", stored_notebooks_with_pictures())
def test_every_picture_loads_under_the_make_lab_server(lab, browser, path):
    expected = pictures_in(ROOT / path)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        labdriver.open_notebook(page, lab, path)       # and wait until its kernel is idle
        wait_notebook_shown(page, ROOT / path)
        count, broken = labdriver.broken_images(page)
    finally:
        context.close()
        lab.shutdown_kernels()
    assert not broken, f"{path}: {len(broken)} of {count} picture(s) did not load: {broken}"
    assert count == expected, (f"{path} holds {expected} picture(s), {count} are on the page "
                               "(untrusted outputs are not shown: is the notebook trusted?)")


# ------------------------------------------------ the README's `make lab`, in a fresh checkout
def run_make_lab(clone, env, log):
    """`make lab` as typed in a terminal: its own process group, so Ctrl-C reaches all of it."""
    return subprocess.Popen(["make", "lab"], cwd=clone, env=env, stdout=log,
                            stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            start_new_session=True)


@pytest.fixture(scope="module")
def made_lab(tmp_path_factory):
    if not shutil.which("make"):
        pytest.skip("`make` is not installed")
    venv = ROOT / ".venv"
    stamp = venv / ".installed"
    if not stamp.exists():
        pytest.skip("the repository's .venv is not set up (run `make test`)")
    if any((ROOT / f).stat().st_mtime > stamp.stat().st_mtime
           for f in ("requirements.txt", "pyproject.toml")):
        pytest.fail(".venv is older than requirements.txt or pyproject.toml: `make test` "
                    "updates it first (this test must not make the checkout reinstall into it)")
    tmp = tmp_path_factory.mktemp("make-lab")
    clone = tmp / "clone"
    # a fresh checkout: every file git tracks, as it is in the working tree
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                             check=True).stdout.decode().split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, clone / name)     # keeps mtimes: see the venv below
    # The running .venv stands in for the one `make lab` would create (no second
    # install).  Its stamp is newer than the copied requirements, so make leaves it be;
    # the kernel imports layers through that venv's editable install, the same file.
    (clone / ".venv").symlink_to(venv)
    # $BROWSER: what JupyterLab would open in a browser is appended to a file instead
    opened = tmp / "opened.txt"
    recorder = tmp / "browser.sh"
    recorder.write_text(f'#!/bin/sh\necho "$1" >> "{opened}"\n')
    recorder.chmod(0o755)
    # a throw-away Jupyter home: none of the developer's servers.  Short, because the
    # kernels' sockets live in its runtime folder (a socket path has ~100 characters)
    home = Path(tempfile.mkdtemp(prefix="bp-"))
    env = dict(os.environ, BROWSER=str(recorder),
               JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), IPYTHONDIR=str(home / "ipython"),
               JUPYTER_PLATFORM_DIRS="1")
    env.pop("MPLBACKEND", None)
    log_path = tmp / "make-lab.log"
    log = open(log_path, "w")
    process = run_make_lab(clone, env, log)
    deadline = time.monotonic() + 120
    while not (opened.exists() and opened.read_text().strip()):
        if process.poll() is not None or time.monotonic() > deadline:
            log.close()
            pytest.fail(f"`make lab` opened no address:\n{log_path.read_text()}")
        time.sleep(0.2)
    url = opened.read_text().split()[0]
    state = {"clone": clone, "env": env, "url": url, "process": process, "log": log_path,
             "opened": opened, "tmp": tmp, "pids": set()}
    yield state
    state["pids"] |= set(processes.descendants(process.pid))
    left = processes.stop(process, signal.SIGTERM, timeout=20, group=True)
    log.close()
    processes.kill_all(processes.wait_gone(state["pids"], 5))
    shutil.rmtree(home, ignore_errors=True)
    assert not left, f"`make lab` processes outlived it: {left}"


@pytest.fixture(scope="module")
def learner_page(made_lab, browser):
    """The address `make lab` opened, in a 1440 x 900 browser page, after Run > Run All Cells."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(made_lab["url"], timeout=60_000)
    wait_notebook_shown(page, made_lab["clone"] / "my-notebooks" / "00_start_here.ipynb")
    # (run before the kernel is up, JupyterLab would first ask which kernel to start)
    page.wait_for_selector(".jp-StatusBar-TextItem:has-text('Idle')", timeout=60_000)
    # Run > Run All Cells, through the menu as a learner does
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu .lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""", timeout=120_000)
    made_lab["start_output"] = made_lab["log"].read_text()     # what the learner saw so far
    yield page, errors
    context.close()


def test_make_lab_opens_the_learners_copy_of_the_start_notebook(made_lab, learner_page):
    page, errors = learner_page
    clone = made_lab["clone"]
    assert "/lab/tree/my-notebooks/00_start_here.ipynb" in made_lab["url"]
    # the learner got a copy of every chapter, solutions left where they are
    chapters = sorted(p.name for p in (clone / "notebooks").glob("*.ipynb"))
    assert sorted(p.name for p in (clone / "my-notebooks").glob("*.ipynb")) == chapters
    tab = page.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel")
    assert tab.inner_text().strip() == "00_start_here.ipynb"
    # Run All ran every cell, without an error, and the set-up check says ok
    stderr = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
    assert stderr.count() == 0, f"error output: {stderr.first.inner_text()[:500]}"
    # the first code cell's whole output (a live kernel may split its prints in two; its
    # text content, since JupyterLab skips laying out cells scrolled off the screen)
    assert "ok" in page.locator(".jp-CodeCell .jp-OutputArea").first.text_content()
    assert not errors, f"uncaught errors in the page: {errors}"


def test_the_layers_link_opens_layers_py(made_lab, learner_page):
    page, _ = learner_page
    link = page.locator(".jp-RenderedMarkdown a", has_text="layers.py").first
    link.scroll_into_view_if_needed()
    link.click()
    current_tab = "#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current"
    page.wait_for_selector(f'{current_tab}:has-text("layers.py")', timeout=30_000)
    editor = page.locator(".jp-FileEditor .cm-content").last
    editor.wait_for(timeout=30_000)
    assert "class MulLayer" in editor.inner_text()


def test_every_picture_in_the_learners_copies_loads(made_lab, learner_page, browser):
    base = made_lab["url"].split("/lab/", 1)[0]
    token = made_lab["url"].split("token=", 1)[1]
    copies = sorted((made_lab["clone"] / "my-notebooks").glob("*.ipynb"))
    seen = 0
    for copy in copies:
        expected = pictures_in(copy)
        if not expected:
            continue
        # one notebook per page (?reset: no other notebook reopened from the workspace)
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        try:
            page = context.new_page()
            page.goto(f"{base}/lab/tree/my-notebooks/{copy.name}?reset&token={token}",
                      timeout=60_000)
            wait_notebook_shown(page, copy)
            count, broken = labdriver.broken_images(page)
        finally:
            context.close()
        assert not broken, f"my-notebooks/{copy.name}: pictures that did not load: {broken}"
        assert count == expected, f"my-notebooks/{copy.name}: {count} of {expected} pictures shown"
        seen += count
    assert seen > 0, "no learner copy holds a picture"


def test_make_lab_shows_no_warnings(made_lab, learner_page):
    """Start, open the start notebook, run it: nothing but what the learner needs."""
    output = made_lab["start_output"]
    assert made_lab["url"].split("?")[0] in output, "the address is not printed"
    assert "Ctrl-C stops it" in output
    noise = [line for line in output.splitlines() if NOISE.search(line)]
    assert not noise, "`make lab` printed warnings or errors:\n" + "\n".join(noise)


def test_a_second_make_lab_reuses_the_server(made_lab):
    before = made_lab["opened"].read_text().split()
    second = subprocess.run(["make", "lab"], cwd=made_lab["clone"], env=made_lab["env"],
                            capture_output=True, text=True, timeout=60)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "already running" in second.stdout
    opened = made_lab["opened"].read_text().split()
    assert opened == before + [made_lab["url"]], "the second `make lab` opened another address"
    runtime = Path(made_lab["env"]["JUPYTER_RUNTIME_DIR"])
    assert len(list(runtime.glob("jpserver-*.json"))) == 1, "a second server was started"


def test_the_stored_course_is_read_only_under_make_lab(made_lab):
    """A solution run and autosaved must not change the tracked notebooks."""
    base = made_lab["url"].split("/lab/", 1)[0]
    token = made_lab["url"].split("token=", 1)[1]
    clone = made_lab["clone"]
    solution = sorted((clone / "notebooks" / "solutions").glob("*.ipynb"))[0]
    path = solution.relative_to(clone).as_posix()
    before = solution.read_bytes()

    def call(method, body=None):
        request = urllib.request.Request(
            f"{base}/api/contents/{path}", method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read().decode())

    model = call("GET")
    assert model["writable"] is False
    with pytest.raises(urllib.error.HTTPError) as refused:
        call("PUT", {"type": "notebook", "format": "json", "content": model["content"]})
    # 403 from the course's contents manager; jupytext, wrapped around it, makes it a 500
    assert refused.value.code in (403, 500)
    assert "is part of the stored course" in refused.value.read().decode()
    assert solution.read_bytes() == before


def test_ctrl_c_stops_make_lab_at_once(made_lab):
    process = made_lab["process"]
    made_lab["pids"] |= set(processes.descendants(process.pid))   # server and kernels
    assert len(made_lab["pids"]) >= 2, "expected the server and a kernel under `make lab`"
    start = time.monotonic()
    os.killpg(process.pid, signal.SIGINT)       # what Ctrl-C in the terminal sends
    process.wait(timeout=15)
    seconds = time.monotonic() - start
    assert seconds < 4, f"Ctrl-C took {seconds:.1f} s to stop `make lab`"
    assert not processes.wait_gone(made_lab["pids"], 5), "a kernel or the server outlived Ctrl-C"
    assert "Shut down this Jupyter server" not in made_lab["log"].read_text()
