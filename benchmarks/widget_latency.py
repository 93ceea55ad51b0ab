"""How fast does each explorer answer a slider, as a learner sees it?

    python benchmarks/widget_latency.py            # or: make bench
    python benchmarks/widget_latency.py --steps 40 --json figures.json

Builds a throw-away notebook (in a temporary directory) holding a reference
slider that only updates a text label (the widget round trip: the floor) and
one of every explorer (each ``*_explorer`` in widgets.py and a GraphExplorer
for each ``*_graph`` in graphs.py), opens it in JupyterLab in Debian's headless
Chromium, and for each one:

* latency: focus the main slider's handle and press ArrowRight once, then wait
  until the explorer's plots and readout have stopped changing.  Timed in the
  page: ``performance.now()`` at the keydown, a MutationObserver on the plots
  and readout, and the next animation frame after the last change (the frame
  that puts it on screen).  Median and 95th percentile over --steps presses.
* drag: 20 key presses 16 ms apart; the number of distinct frames in which the
  plot or readout changed (at most 20: one per press).

Target: every explorer's median within 1.5x the floor's median, p95 under 80 ms.
Also printed: the kernel's own time to handle one slider change (the Python
callback plus sending its messages), to tell a slow Python side from a slow
browser side.  Not a test: the figures depend on the machine and its load.
"""

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "e2e"))
import labdriver  # noqa: E402

FLOOR = "floor"
RATIO_TARGET = 1.5
P95_TARGET_MS = 80.0

SETUP = '''\
import ipywidgets as ipw
import graphs
import widgets

BENCH = {}   # name -> (container widget, main slider)


def show(name, container, main):
    """Tag the container for the benchmark and start the main slider near its low end."""
    container.add_class("bench-" + name)
    steps = round((main.max - main.min) / main.step)
    main.value = main.min + round(0.1 * steps) * main.step
    BENCH[name] = (container, main)
    return container
'''

FLOOR_CELL = '''\
# the floor: a slider whose only effect is a new text label (one message back)
floor_slider = ipw.FloatSlider(value=0.0, min=-10.0, max=10.0, step=0.1, description="x")
floor_label = ipw.Label("x = 0.0")
floor_slider.observe(lambda c: setattr(floor_label, "value", f"x = {c['new']:.1f}"), names="value")
floor_slider.add_class("bp-main")
floor_label.add_class("bp-readout").add_class("bp-plot")
show("floor", ipw.VBox([floor_slider, floor_label]).add_class("bp-explorer"), floor_slider)
'''

EXPLORER_CELL = '''\
ex = widgets.{name}()
show("{name}", ex.widget, ex.main)
'''

GRAPH_CELL = '''\
ex = graphs.GraphExplorer(graphs.{name}())
show("{name}", ex.widget, ex.main)
'''

# The kernel's side: time to set the main slider (callbacks run and messages are sent
# inside the assignment).  Printed as JSON.
KERNEL_COST = '''\
import json as _json, statistics as _st, time as _time
_cost = {}
for _name, (_box, _s) in BENCH.items():
    _times = []
    for _i in range(%d):
        _v = _s.min + ((_i %% 30) + 5) * _s.step
        _t = _time.perf_counter()
        _s.value = _v
        _times.append((_time.perf_counter() - _t) * 1000)
    _cost[_name] = _st.median(_times)
print(_json.dumps(_cost))
'''

# In-page timing: key presses, changes under the plots/readout, frames that show them.
BENCH_JS = r"""() => {
  const B = window.__bpBench = window.__bpBench || {};
  B.attach = (selector) => {
    const root = document.querySelector(selector);
    const handle = root.querySelector('.bp-main .noUi-handle');
    const targets = [...root.querySelectorAll('.bp-plot, .bp-readout')];
    if (B.observer) B.observer.disconnect();
    if (B.handle) B.handle.removeEventListener('keydown', B.onKey, true);
    B.reset();
    B.observer = new MutationObserver(() => {
      B.changes.push(performance.now());
      if (!B.framePending) {           // the next frame paints this change
        B.framePending = true;
        requestAnimationFrame(() => { B.frames.push(performance.now()); B.framePending = false; });
      }
    });
    for (const t of targets)
      B.observer.observe(t, {subtree: true, childList: true, attributes: true,
                             characterData: true});
    B.onKey = () => B.keys.push(performance.now());
    handle.addEventListener('keydown', B.onKey, true);
    B.handle = handle;
    return targets.length;
  };
  B.reset = () => { B.keys = []; B.changes = []; B.frames = []; B.framePending = false; };
  // Resolve once something changed after the first key press and nothing has
  // changed for `quiet` ms (or after `timeout` ms).
  B.settle = (quiet, timeout) => new Promise(resolve => {
    const start = performance.now();
    const tick = () => {
      const now = performance.now(), k = B.keys[0];
      const after = B.changes.filter(t => t >= k);
      const last = after.length ? after[after.length - 1] : null;
      const done = last !== null && now - last >= quiet && !B.framePending;
      if (done || now - start > timeout) {
        resolve({timeout: !done, keys: B.keys.slice(), changes: after,
                 frames: B.frames.filter(t => t >= k)});
      } else setTimeout(tick, 5);
    };
    tick();
  });
  return true;
}"""


def build_notebook(folder):
    sys.path.insert(0, str(REPO))
    import graphs
    import widgets
    explorers = [n for n in widgets.__all__ if n.endswith("_explorer")]
    graph_makers = [n for n in graphs.__all__ if n.endswith("_graph")]
    cells = [nbformat.v4.new_code_cell(SETUP), nbformat.v4.new_code_cell(FLOOR_CELL)]
    cells += [nbformat.v4.new_code_cell(EXPLORER_CELL.format(name=n)) for n in explorers]
    cells += [nbformat.v4.new_code_cell(GRAPH_CELL.format(name=n)) for n in graph_makers]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)",
                                  "language": "python", "name": "python3"}}
    path = Path(folder) / "widget_latency.ipynb"
    nbformat.write(nb, path)
    return path, [FLOOR] + explorers + graph_makers


def percentile(values, q):
    values = sorted(values)
    pos = (len(values) - 1) * q
    lo, hi = int(pos), min(int(pos) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def at_max(handle):
    return float(handle.get_attribute("aria-valuenow")) >= float(handle.get_attribute("aria-valuemax"))


def measure_widget(page, name, steps, quiet_ms):
    root = f".bench-{name}"
    page.locator(root).scroll_into_view_if_needed()
    handle = page.locator(f"{root} .bp-main .noUi-handle").first
    page.evaluate("(s) => window.__bpBench.attach(s)", root)
    handle.focus()
    key = "ArrowRight"
    latencies, first_paint, timeouts = [], [], 0
    for _ in range(steps):
        if at_max(handle):
            key = "ArrowLeft"
        page.evaluate("() => window.__bpBench.reset()")
        page.keyboard.press(key)
        r = page.evaluate("([q, t]) => window.__bpBench.settle(q, t)", [quiet_ms, 5000])
        if r["timeout"] or not r["frames"]:
            timeouts += 1
            continue
        k, last = r["keys"][0], r["changes"][-1]
        shown = [f for f in r["frames"] if f >= last]
        latencies.append((shown[0] if shown else r["frames"][-1]) - k)
        first_paint.append(r["frames"][0] - k)

    # the drag: 20 presses 16 ms apart, counted in distinct frames that changed the picture
    if at_max(handle):
        key = "ArrowLeft"
    page.evaluate("() => window.__bpBench.reset()")
    start = time.perf_counter()
    for i in range(20):
        page.keyboard.press(key)
        wait = start + 0.016 * (i + 1) - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
    r = page.evaluate("([q, t]) => window.__bpBench.settle(q, t)", [max(quiet_ms, 300), 10000])
    keys = r["keys"]
    gaps = [b - a for a, b in zip(keys, keys[1:])]
    return {
        "latencies": latencies,
        "median": statistics.median(latencies) if latencies else None,
        "p95": percentile(latencies, 0.95) if latencies else None,
        "first_paint_median": statistics.median(first_paint) if first_paint else None,
        "timeouts": timeouts,
        "drag_frames": len(r["frames"]),
        "drag_keys": len(keys),
        "drag_key_gap_ms": statistics.mean(gaps) if gaps else None,
        "drag_ms": (r["frames"][-1] - keys[0]) if r["frames"] and keys else None,
    }


def kernel_cost(page, presses):
    code = KERNEL_COST % presses
    out = page.evaluate("""async (code) => {
        const k = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
        let text = '';
        const future = k.requestExecute({code});
        future.onIOPub = m => { if (m.header.msg_type === 'stream') text += m.content.text; };
        await future.done;
        return text;
    }""", code)
    return json.loads(out.strip().splitlines()[-1])


def machine():
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import os
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = float("nan")
    return {"cpus": os.cpu_count(), "cpu": model, "load1": round(load, 2),
            "python": platform.python_version(),
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def table(results, floor_median):
    header = (f"{'widget':<24}{'median ms':>10}{'p95 ms':>9}{'x floor':>9}{'frames/20':>11}"
              f"{'kernel ms':>11}  target")
    lines = [header, "-" * len(header)]
    for name, r in results.items():
        if r["median"] is None:
            lines.append(f"{name:<24}{'no change seen':>30}")
            continue
        ratio = r["median"] / floor_median
        ok = name == FLOOR or (ratio <= RATIO_TARGET and r["p95"] < P95_TARGET_MS)
        verdict = "floor" if name == FLOOR else ("pass" if ok else "FAIL")
        r["ratio"], r["pass"] = ratio, ok
        lines.append(f"{name:<24}{r['median']:>10.1f}{r['p95']:>9.1f}{ratio:>9.2f}"
                     f"{r['drag_frames']:>11d}{r.get('kernel_ms', float('nan')):>11.1f}  {verdict}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=30, help="key presses timed per widget (>= 20)")
    parser.add_argument("--quiet-ms", type=float, default=150,
                        help="a change is complete after this long without another one")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--check", action="store_true", help="exit 1 if a widget misses the target")
    args = parser.parse_args(argv)
    if args.steps < 20:
        parser.error("--steps must be at least 20")
    if not labdriver.CHROMIUM.exists():
        print(labdriver.NO_CHROMIUM, file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    info = machine()
    with tempfile.TemporaryDirectory(prefix="bp-bench-") as folder:
        path, names = build_notebook(folder)
        server = labdriver.LabServer(root_dir=folder).start()
        try:
            with sync_playwright() as pw:
                browser = labdriver.launch_browser(pw)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                labdriver.open_notebook(page, server, path.name)
                ok, cells = labdriver.run_all(page)
                errors = [o for c in cells for o in c["outputs"] if o["type"] == "error"]
                if ok is not True or errors:
                    raise SystemExit(f"the benchmark notebook failed to run: {errors}")
                labdriver.wait_widgets_rendered(page)
                page.wait_for_timeout(1000)         # let first renders and layout finish
                page.evaluate(BENCH_JS)
                results = {}
                for name in names:
                    results[name] = measure_widget(page, name, args.steps, args.quiet_ms)
                    print(f"  measured {name}", file=sys.stderr)
                for name, ms in kernel_cost(page, args.steps).items():
                    results[name]["kernel_ms"] = ms
                browser.close()
        finally:
            left = server.stop()
            if left:
                print(f"warning: server processes had to be killed: {left}", file=sys.stderr)

    floor = results[FLOOR]["median"]
    print(f"\nKey press on a slider -> changed pixels, JupyterLab in headless Chromium "
          f"({args.steps} presses each; drag = 20 presses 16 ms apart)")
    print(f"{info['date']}, {info['cpus']} CPUs, {info['cpu']}, load {info['load1']}, "
          f"Python {info['python']}\n")
    print(table(results, floor))
    print(f"\ntarget: median <= {RATIO_TARGET}x the floor's, p95 < {P95_TARGET_MS:.0f} ms; "
          "kernel ms = the Python side of one change (callbacks + sending messages)")
    missed = [n for n, r in results.items() if n != FLOOR and not r.get("pass")]
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "steps": args.steps,
                                         "results": results}, indent=1))
    if missed:
        print(f"missed the target: {', '.join(missed)}")
    return 1 if (missed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
