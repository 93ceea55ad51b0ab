"""How fast does each explorer answer a slider, as a learner sees it?

    python benchmarks/widget_latency.py            # or: make bench
    python benchmarks/widget_latency.py --steps 40 --json figures.json
    python benchmarks/widget_latency.py --only SoftmaxExplorer TrainingView   # two widgets

Builds a throw-away notebook (in a temporary directory) holding a reference
slider that only updates a text label (the widget round trip: the floor) and
one of every explorer (each ``*Explorer`` in teaching/plots.py and a GraphExplorer
for each ``*_graph`` in teaching/examples.py), opens it in JupyterLab in Debian's headless
Chromium, and for each one:

* latency: focus the main slider's handle and press ArrowRight once, then wait
  until the explorer's plots and readout have stopped changing.  Timed in the
  page: ``performance.now()`` at the keydown, a MutationObserver on the plots
  and readout, and the end of the rendering of the frame that paints the last
  change (see BENCH_JS for why that frame, not simply the next one).  Median
  and 95th percentile over --steps presses, in --rounds rounds that interleave
  all widgets so that the machine's load hits them alike.
* drag: 20 key presses 16 ms apart; the number of distinct frames in which the
  plot or readout changed (at most 20: one per press).  ipywidgets keeps one
  change in flight per widget and merges the rest, so this counts round trips.

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

from tools import labdriver

FLOOR = "floor"
RATIO_TARGET = 1.5
P95_TARGET_MS = 80.0

SETUP = '''\
import ipywidgets as ipw
from teaching import examples, plots
from teaching.explorer import GraphExplorer

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
ex = plots.{name}()
show("{name}", ex.widget, ex.main)
'''

GRAPH_CELL = '''\
ex = GraphExplorer(examples.{name}())
show("{name}", ex.widget, ex.main)
'''

# the explorers of chapters 03 to 08 that live in modules of their own; the training view
# is opened on a short seeded run, as chapter 08 opens it, so its epoch slider has range
MODULE_EXPLORER_CELL = '''\
from teaching.{module} import {name}
ex = {name}()
show("{name}", ex.widget, ex.main)
'''
MODULE_EXPLORERS = {"PathCountExplorer": "paths", "BroadcastExplorer": "broadcast",
                    "DeadUnitExplorer": "dead_unit",
                    "SoftmaxExplorer": "softmax_view"}

TRAINING_CELL = '''\
from network import TwoLayerNet
from teaching import digits, training, training_view
_data = digits.load()
_net = TwoLayerNet(64, 50, 10, weight_init_std=0.1, seed=0)
_history = training.train(_net, _data, 40, seed=0)
ex = training_view.TrainingView(_data, net=_net, history=_history)
show("TrainingView", ex.widget, ex.main)
'''

# The kernel's side: time to set the main slider (callbacks run and messages are sent
# inside the assignment).  Printed as JSON.
KERNEL_COST = '''\
import json as _json, statistics as _st, time as _time
_cost = {}
for _name, (_box, _s) in BENCH.items():
    _times = []
    _k = min(30, round((_s.max - _s.min) / _s.step))   # steps in range: each value differs
    for _i in range(%d):
        _v = _s.min + ((_i %% _k) + 1) * _s.step
        _t = _time.perf_counter()
        _s.value = _v
        _times.append((_time.perf_counter() - _t) * 1000)
    _cost[_name] = _st.median(_times)
print(_json.dumps(_cost))
'''

# In-page timing.  A change becomes pixels in the frame that renders it: a change
# made by a message (the readout, a graph's SVG) is painted by the next frame; a
# change made inside a frame's animation callbacks (bqplot's d3 marks, even with
# animation_duration=0) is painted by that same frame.  A requestAnimationFrame
# loop, registered before anything else in each frame, numbers the frames and
# flags the callback phase; a high-priority task posted from it runs right after
# that frame's rendering, which gives the "painted" time of each frame.
# Waiting for "the next animation frame after the change" instead would charge
# bqplot one extra frame it does not cost (kept as naive_ms for comparison).
BENCH_JS = r"""() => {
  const B = window.__bpBench = window.__bpBench || {};
  B.frameNo = 0; B.inFrame = false; B.painted = {};
  const painted = (n) => { B.painted[n] = performance.now(); B.inFrame = false; };
  const channel = new MessageChannel();
  channel.port1.onmessage = (e) => painted(e.data);
  // the first task after the frame's rendering; user-blocking priority so that a
  // websocket message queued meanwhile does not run before it
  const afterFrame = window.scheduler && window.scheduler.postTask
    ? (n) => window.scheduler.postTask(() => painted(n), {priority: 'user-blocking'})
    : (n) => channel.port2.postMessage(n);
  const loop = () => {
    B.frameNo += 1; B.inFrame = true;
    afterFrame(B.frameNo);
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  B.attach = (selector) => {
    const root = document.querySelector(selector);
    const handle = root.querySelector('.bp-main .noUi-handle');
    const targets = [...root.querySelectorAll('.bp-plot, .bp-readout')];
    if (B.observer) B.observer.disconnect();
    if (B.handle) B.handle.removeEventListener('keydown', B.onKey, true);
    B.reset();
    B.observer = new MutationObserver(() => {
      const t = performance.now();
      B.changes.push({t, frame: B.inFrame ? B.frameNo : B.frameNo + 1});
      if (!B.naivePending) {
        B.naivePending = true;
        requestAnimationFrame(() => { B.naive.push(performance.now()); B.naivePending = false; });
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
  B.reset = () => { B.keys = []; B.changes = []; B.naive = []; B.naivePending = false; };
  // Resolve once something changed after the first key press, nothing has changed
  // for `quiet` ms and the frame of the last change has been painted (or after
  // `timeout` ms).  Returns the key times, the changes with the time their frame
  // was painted, and the naive next-frame times.
  B.settle = (quiet, timeout) => new Promise(resolve => {
    const start = performance.now();
    const tick = () => {
      const now = performance.now(), k = B.keys[0];
      const after = B.changes.filter(c => c.t >= k);
      const last = after.length ? after[after.length - 1] : null;
      const done = last !== null && now - last.t >= quiet && B.painted[last.frame] !== undefined
                   && !B.naivePending;
      if (done || now - start > timeout) {
        resolve({timeout: !done, keys: B.keys.slice(),
                 changes: after.map(c => ({t: c.t, frame: c.frame,
                                           painted: B.painted[c.frame] ?? null})),
                 naive: B.naive.filter(t => t >= k)});
      } else setTimeout(tick, 5);
    };
    tick();
  });
  return true;
}"""


def build_notebook(folder, only=()):
    """The benchmark notebook: the floor and every widget, or only those named in ``only``."""
    from teaching import examples, plots

    def wanted(name):
        return not only or name in only

    explorers = [n for n in plots.__all__ if n.endswith("Explorer") and wanted(n)]
    graph_makers = [n for n in examples.__all__ if n.endswith("_graph") and wanted(n)]
    modules = {n: m for n, m in MODULE_EXPLORERS.items() if wanted(n)}
    training = ["TrainingView"] if wanted("TrainingView") else []
    cells = [nbformat.v4.new_code_cell(SETUP), nbformat.v4.new_code_cell(FLOOR_CELL)]
    cells += [nbformat.v4.new_code_cell(EXPLORER_CELL.format(name=n)) for n in explorers]
    cells += [nbformat.v4.new_code_cell(GRAPH_CELL.format(name=n)) for n in graph_makers]
    cells += [nbformat.v4.new_code_cell(MODULE_EXPLORER_CELL.format(name=n, module=m))
              for n, m in modules.items()]
    cells += [nbformat.v4.new_code_cell(TRAINING_CELL) for _ in training]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)",
                                  "language": "python", "name": "python3"}}
    path = Path(folder) / "widget_latency.ipynb"
    nbformat.write(nb, path)
    return path, [FLOOR] + explorers + graph_makers + list(modules) + training


def percentile(values, q):
    values = sorted(values)
    pos = (len(values) - 1) * q
    lo, hi = int(pos), min(int(pos) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def at_max(handle):
    now = float(handle.get_attribute("aria-valuenow"))
    return now >= float(handle.get_attribute("aria-valuemax"))


def attach(page, name):
    root = f".bench-{name}"
    page.locator(root).scroll_into_view_if_needed()
    handle = page.locator(f"{root} .bp-main .noUi-handle").first
    page.evaluate("(s) => window.__bpBench.attach(s)", root)
    handle.focus()
    return handle


def key_for(handle, state):
    """ArrowRight until the slider reaches its end, then ArrowLeft until the other end."""
    now = float(handle.get_attribute("aria-valuenow"))
    if now >= float(handle.get_attribute("aria-valuemax")):
        state["key"] = "ArrowLeft"
    elif now <= float(handle.get_attribute("aria-valuemin")):
        state["key"] = "ArrowRight"
    return state["key"]


def measure_presses(page, name, presses, quiet_ms, record):
    """Single key presses, each timed from keydown to the painting of its last change."""
    handle = attach(page, name)
    for _ in range(presses):
        key = key_for(handle, record)
        page.evaluate("() => window.__bpBench.reset()")
        page.keyboard.press(key)
        r = page.evaluate("([q, t]) => window.__bpBench.settle(q, t)", [quiet_ms, 5000])
        if r["timeout"] or not r["changes"]:
            record["timeouts"] += 1
            continue
        k, first, last = r["keys"][0], r["changes"][0], r["changes"][-1]
        record["latencies"].append(last["painted"] - k)
        record["first_frame"].append(first["painted"] - k)
        record["frames_per_change"].append(last["frame"] - first["frame"] + 1)
        shown = [t for t in r["naive"] if t >= last["t"]]
        record["naive"].append((shown[0] if shown else r["naive"][-1]) - k)


def measure_drag(page, name, quiet_ms, record, presses=20, gap_s=0.016):
    """20 key presses 16 ms apart: in how many distinct frames did the picture change?"""
    handle = attach(page, name)
    # drag towards the farther end, so all 20 presses move the slider
    now, low, high = (float(handle.get_attribute(a)) for a in
                      ("aria-valuenow", "aria-valuemin", "aria-valuemax"))
    key = "ArrowRight" if high - now >= now - low else "ArrowLeft"
    page.evaluate("() => window.__bpBench.reset()")
    start = time.perf_counter()
    for i in range(presses):
        page.keyboard.press(key)
        wait = start + gap_s * (i + 1) - time.perf_counter()
        if wait > 0:
            time.sleep(wait)
    r = page.evaluate("([q, t]) => window.__bpBench.settle(q, t)", [max(quiet_ms, 300), 10000])
    keys, changes = r["keys"], r["changes"]
    record["drag_frames"].append(len({c["frame"] for c in changes}))
    record["drag_key_gap_ms"].append(statistics.mean(b - a for a, b in zip(keys, keys[1:])))
    record["drag_ms"].append(changes[-1]["painted"] - keys[0] if changes else None)


def summarise(record):
    lat = record["latencies"]
    record.update({
        "median": statistics.median(lat) if lat else None,
        "p95": percentile(lat, 0.95) if lat else None,
        "first_frame_median": statistics.median(record["first_frame"]) if lat else None,
        "naive_median": statistics.median(record["naive"]) if lat else None,
        "frames_per_change_max": max(record["frames_per_change"]) if lat else None,
        "drag_frames_median": statistics.median(record["drag_frames"]),
    })
    return record


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
                     f"{r['drag_frames_median']:>11.0f}"
                     f"{r.get('kernel_ms', float('nan')):>11.1f}  {verdict}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=40,
                        help="key presses timed per widget (>= 20)")
    parser.add_argument("--rounds", type=int, default=4,
                        help="interleave the widgets in this many rounds (one drag each)")
    parser.add_argument("--quiet-ms", type=float, default=150,
                        help="a change is complete after this long without another one")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a widget misses the target")
    parser.add_argument("--only", nargs="+", default=(), metavar="NAME",
                        help="measure only these widgets (and the floor), e.g. SoftmaxExplorer "
                             "TrainingView")
    args = parser.parse_args(argv)
    if args.steps < 20:
        parser.error("--steps must be at least 20")
    if not labdriver.CHROMIUM.exists():
        print(labdriver.NO_CHROMIUM, file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    info = machine()
    with tempfile.TemporaryDirectory(prefix="bp-bench-") as folder:
        path, names = build_notebook(folder, args.only)
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
                # Rounds: every widget (and the floor) gets a share of the presses in
                # each round, so a change in the machine's load hits them all alike.
                results = {n: {"key": "ArrowRight", "latencies": [], "first_frame": [],
                               "naive": [], "frames_per_change": [], "timeouts": 0,
                               "drag_frames": [],
                               "drag_key_gap_ms": [], "drag_ms": []} for n in names}
                per_round = [args.steps // args.rounds + (r < args.steps % args.rounds)
                             for r in range(args.rounds)]
                for r, presses in enumerate(per_round):
                    for name in names:
                        measure_presses(page, name, presses, args.quiet_ms, results[name])
                        measure_drag(page, name, args.quiet_ms, results[name])
                    print(f"  round {r + 1}/{args.rounds} done", file=sys.stderr)
                for record in results.values():
                    summarise(record)
                for name, ms in kernel_cost(page, args.steps).items():
                    results[name]["kernel_ms"] = ms
                browser.close()
        finally:
            left = server.stop()
            if left:
                print(f"warning: server processes had to be killed: {left}", file=sys.stderr)

    floor = results[FLOOR]["median"]
    print(f"\nKey press on a slider -> changed pixels, JupyterLab in headless Chromium "
          f"({args.steps} presses each in {args.rounds} interleaved rounds; "
          "frames/20 = frames that changed during a drag of 20 presses 16 ms apart, "
          "median of the rounds)")
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
