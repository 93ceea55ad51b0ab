"""How much do safety and stability cost?  Our Sigmoid and Relu against naive versions.

    python benchmarks/layers_speed.py                     # 10**7 float64 values, 15 rounds
    python benchmarks/layers_speed.py --n 1000000 --rounds 15 --check
    python benchmarks/layers_speed.py --layers /tmp/old/layers.py   # measure another layers.py

Times forward + backward of each layer on the same 10**7 float64 values, in
one process, against naive references written below in the book's shape:
sigmoid as 1 / (1 + exp(-x)) keeping ``out``, relu with a mask that writes
zeros into the caller's arrays.  The naive versions are what we must not be
much slower than; they are neither stable (exp(-x) overflows for x < -709)
nor copy-safe (they return what they keep, and relu overwrites dout).

Each round runs every variant once, in turn (the order rotating from round
to round), so that the machine's load hits them alike.  Two clocks: the
process's CPU time (user + system, page faults included), which other jobs
on a shared machine barely disturb, and wall time.  The script prints the
median of the rounds for each, the ratio ours/naive, and judges the CPU-time
ratio against the target (1.3).  ``--check`` exits with status 1 on a miss.
Not a test: the figures depend on the machine and its load.
"""

import argparse
import gc
import os
import platform
import runpy
import statistics
import sys
import time
import types
from datetime import datetime, timezone
from pathlib import Path

import book_layers  # beside this script
import numpy as np

REPO = Path(__file__).resolve().parent.parent
RATIO_TARGET = 1.3


def load_layers(path):
    """The layer classes of any layers.py file (--layers compares an older version too)."""
    return types.SimpleNamespace(**runpy.run_path(str(path)))


def time_once(layer_cls, x, dout):
    """(CPU ms, wall ms) for one forward and one backward on a new layer."""
    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    layer = layer_cls()
    layer.forward(x)
    layer.backward(dout)
    return (time.process_time() - cpu) * 1e3, (time.perf_counter() - wall) * 1e3


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10**7, help="number of float64 values")
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--layers", type=Path, default=REPO / "layers.py",
                        help="the layers.py to measure (default: this repository's)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a ratio misses the target")
    args = parser.parse_args(argv)

    ours = load_layers(args.layers)
    rng = np.random.default_rng(0)
    x = rng.normal(0.0, 3.0, args.n)          # float64; no naive overflow in this range
    dout = rng.standard_normal(args.n)
    pairs = {"Sigmoid": (book_layers.Sigmoid, ours.Sigmoid), "Relu": (book_layers.Relu, ours.Relu)}

    variants = [(name, kind, cls) for name, pair in pairs.items()
                for kind, cls in zip(("naive", "ours"), pair)]
    times = {(name, kind): [] for name, kind, _ in variants}
    for name, kind, cls in variants:              # one warm-up run each
        time_once(cls, x, dout.copy())
    for r in range(args.rounds):
        turn = r % len(variants)
        for name, kind, cls in variants[turn:] + variants[:turn]:
            # the naive relu overwrites its dout: each run gets its own copy
            times[name, kind].append(time_once(cls, x, dout.copy()))

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                if line.startswith("model name")), platform.processor()) \
        if os.path.exists("/proc/cpuinfo") else platform.processor()
    print(f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, {cpu!r}, "
          f"load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}, "
          f"numpy {np.__version__}")
    print(f"forward + backward on {args.n:,} float64 values, medians of {args.rounds} rounds; "
          f"layers from {args.layers}")
    print()
    print(f"{'':10} {'CPU time, ms':^30}  {'wall time, ms':^30}")
    print(f"{'layer':10} {'naive':>8} {'ours':>8} {'ours/naive':>12}  "
          f"{'naive':>8} {'ours':>8} {'ours/naive':>12}  target (CPU)")
    print("-" * 90)
    missed = False
    for name in pairs:
        med = {kind: [statistics.median(t[i] for t in times[name, kind]) for i in (0, 1)]
               for kind in ("naive", "ours")}
        cpu_ratio, wall_ratio = (med["ours"][i] / med["naive"][i] for i in (0, 1))
        verdict = "pass" if cpu_ratio <= RATIO_TARGET else "miss"
        missed |= verdict == "miss"
        print(f"{name:10} {med['naive'][0]:8.1f} {med['ours'][0]:8.1f} {cpu_ratio:12.2f}  "
              f"{med['naive'][1]:8.1f} {med['ours'][1]:8.1f} {wall_ratio:12.2f}  "
              f"<= {RATIO_TARGET} {verdict}")
    return 1 if (missed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
