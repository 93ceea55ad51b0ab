"""Fixtures for the browser tests: one JupyterLab server and one headless Chromium per session.

The server runs on a free loopback port with a random token, serves the
repository, and is shut down (with every kernel the tests started) at the end
of the session; the teardown fails if any of its processes survives.
"""

import json
import re
import time
from dataclasses import dataclass

import pytest

from tools import labdriver

REPO = labdriver.REPO
FAKE_CHECKPOINT = {"id": "checkpoint", "last_modified": "2026-01-01T00:00:00.000000Z"}


def notebook_paths():
    """Every built notebook, chapters and solutions, found by glob (new chapters join
    automatically)."""
    found = sorted((REPO / "notebooks").glob("*.ipynb"))
    found += sorted((REPO / "notebooks" / "solutions").glob("*.ipynb"))
    return [p.relative_to(REPO).as_posix() for p in found]


@pytest.fixture(scope="session")
def lab():
    if not labdriver.CHROMIUM.exists():
        pytest.skip(labdriver.NO_CHROMIUM)
    server = labdriver.LabServer().start()    # as `make lab` starts it (tools/lab.py)
    yield server
    survivors = server.stop()
    assert not survivors, (f"processes of the JupyterLab server outlived its shutdown: {survivors} "
                           "(they were killed)")


@pytest.fixture(scope="session")
def browser(lab):
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="Python Playwright is not installed "
                                          "(see requirements.txt)")
    with sync_api.sync_playwright() as pw:
        chromium = labdriver.launch_browser(pw)
        yield chromium
        chromium.close()


@dataclass
class OpenNotebook:
    """A notebook open in JupyterLab after "run all": its page, cell states and browser errors."""
    path: str
    page: object
    cells: list
    run_ok: object
    page_errors: list
    blocked_writes: list
    failed_requests: list
    seconds: float


@pytest.fixture(scope="module", params=notebook_paths())
def notebook(request, lab, browser):
    """Open one notebook in a fresh page, run all cells, and wait until everything settled.

    Module scope with a parameter: pytest groups every test of one notebook
    together, so each notebook is opened and run once.
    """
    path = request.param
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page_errors, blocked_writes, failed_requests = [], [], []

    def guard_contents(route):
        # The tests must never write into the repository: running cells changes
        # outputs.  Opening a notebook asks for a checkpoint (a copy in
        # .ipynb_checkpoints/): answer it here instead of letting the server write.
        method, url = route.request.method, route.request.url.split("?")[0]
        if method == "POST" and url.endswith("/checkpoints"):
            route.fulfill(status=201, json=FAKE_CHECKPOINT)
        elif method in ("PUT", "PATCH", "POST", "DELETE"):
            blocked_writes.append(f"{method} {url}")
            route.abort()
        else:
            route.continue_()

    context.route("**/api/contents/**", guard_contents)
    page = context.new_page()
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.on("response", lambda response: failed_requests.append(
        f"{response.status} {response.url.split('?')[0]}") if response.status >= 400 else None)
    start = time.monotonic()
    labdriver.open_notebook(page, lab, path)
    run_ok = page.evaluate(labdriver.RUN_ALL_JS, 120_000)
    cells = labdriver.wait_run_finished(page)
    labdriver.wait_widgets_rendered(page)
    seconds = time.monotonic() - start
    yield OpenNotebook(path, page, cells, run_ok, page_errors, blocked_writes, failed_requests,
                       seconds)
    context.close()
    lab.shutdown_kernels()     # free the CPU for the next notebook


def contains(needle):
    """Whether the stored notebook file's text matches ``needle``."""
    pattern = re.compile(needle)
    return lambda path: bool(pattern.search(path.read_text()))


# Tests that only apply to some notebooks, and what the stored (built) notebook
# must contain for them to apply: a picture shown as an <img> (an explorer's stored
# picture is not: JupyterLab shows its widget), an SVG output, an explorer's main slider, a Step
# button, a Check button.  The others are deselected at collection, not skipped one by one.
def svg_outputs(path):
    """Whether the stored notebook shows an SVG output that is not an explorer's picture."""
    return any("image/svg+xml" in output.get("data", {})
               and "application/vnd.jupyter.widget-view+json" not in output["data"]
               for cell in json.loads(path.read_text())["cells"]
               for output in cell.get("outputs", []))


APPLIES_IF = {
    "test_every_image_shows": labdriver.stored_pictures,
    "test_every_graph_fits_the_output_area": svg_outputs,
    "test_main_slider_changes_readout_and_plot_pixels": contains(r'"bp-main"'),
    "test_graph_explorer_step_advances_backward_pass": contains(r'"bp-step"'),
    "test_predict_mode_checks_what_the_learner_types": contains(r'"bp-check"'),
}


def pytest_collection_modifyitems(config, items):
    keep, drop = [], []
    for item in items:
        applies = APPLIES_IF.get(getattr(item, "originalname", ""))
        path = getattr(item, "callspec", None) and item.callspec.params.get("notebook")
        if applies and path and not applies(REPO / path):
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_terminal_summary(terminalreporter):
    """Say plainly whether the browser tests ran, and if not, why and how to fix it."""
    mine = [r for reports in terminalreporter.stats.values() for r in reports
            if getattr(r, "nodeid", "").startswith("tests/e2e/")
            and getattr(r, "when", None) in ("setup", "call")]
    if not mine:
        return
    skipped = [r for r in mine if r.skipped and labdriver.NO_CHROMIUM in str(r.longrepr)]
    write = terminalreporter.write_line
    if skipped:
        write(f"browser tests SKIPPED ({len(skipped)}): {labdriver.NO_CHROMIUM}", yellow=True,
              bold=True)
    else:
        ran = sorted({r.nodeid.split("[", 1)[-1].rstrip("]") for r in mine if "[" in r.nodeid})
        failed = sum(r.failed for r in mine)
        write(f"browser tests ran in JupyterLab + headless Chromium on {len(ran)} notebook(s) "
              f"({failed} failed)", red=bool(failed), green=not failed)
