"""Chapter 08's numbers: backprop vs numerical gradients, and training on the digits.

    .venv/bin/python benchmarks/training_speed.py [--repeats 5] [--one-blas-thread]

Three measurements, each a median over repeats in one run (timings on a
shared machine vary; the ratios within one run are what to compare):

1. One gradient of the 64-50-10 network on one batch of 100 digits:
   ``TwoLayerNet.numerical_gradient`` (two forward passes per parameter)
   against ``TwoLayerNet.gradient`` (one forward and one backward pass), and
   what that one backward pass costs: ``gradient`` against ``loss`` (the
   forward pass alone), interleaved, on one BLAS thread as training runs.
2. Training with the chapter's settings (teaching.training.DEFAULTS) for
   several network seeds: test accuracy, the wall time of the steps (what
   ``train`` reports) and the CPU time of the whole ``train`` call (steps and
   per-epoch evaluation: an upper bound for the steps that other jobs on the
   machine barely change).  Target: at least 97% in under 2 s, judged on the
   CPU time.
3. The network's training loop (layers from layers.py, ``sgd_step``) against
   the same network written as plain numpy in the book's shape: layer classes
   with forward and backward, walked forward and back, without checks or
   copies.  Same batches, same starting weights, interleaved in rotating
   order; all loops must end at the same weights (checked), so they do the
   same work.  Target: within 1.3x, judged on CPU time (wall time printed
   too).  A fused numpy function (no layers, no loss) is timed for information.
"""

import argparse
import statistics
import time

import book_layers  # beside this script
import numpy as np
from threadpoolctl import threadpool_limits

from network import TwoLayerNet
from teaching import digits, training

D = training.DEFAULTS


def median_time(func, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def gradient_costs(data, repeats):
    net = TwoLayerNet(64, D["hidden_size"], 10, weight_init_std=D["weight_init_std"], seed=0)
    x, t = data.x_train[:100], data.t_train[:100]
    backprop = median_time(lambda: net.gradient(x, t), max(20, repeats * 10))
    numerical = median_time(lambda: net.numerical_gradient(x, t), max(1, repeats // 2))
    return net.parameter_count(), numerical, backprop


def backward_cost(data, rounds=200):
    """Median of (forward + backward) / forward over interleaved pairs of timings."""
    net = TwoLayerNet(64, D["hidden_size"], 10, weight_init_std=D["weight_init_std"], seed=0)
    x, t = data.x_train[:100], data.t_train[:100]
    ratios = []
    with threadpool_limits(limits=1, user_api="blas"):
        for _ in range(rounds):
            forward = median_time(lambda: net.loss(x, t), 5)
            both = median_time(lambda: net.gradient(x, t), 5)
            ratios.append(both / forward)
    return statistics.median(ratios), min(ratios), max(ratios)


def training_runs(data, seeds):
    runs = []
    for seed in seeds:
        net = TwoLayerNet(64, D["hidden_size"], 10, weight_init_std=D["weight_init_std"],
                          seed=seed)
        cpu = time.process_time()
        history = training.train(net, data, D["epochs"], D["learning_rate"], seed=seed)
        cpu = time.process_time() - cpu      # steps plus the per-epoch evaluation
        runs.append((history.seconds, cpu, history.acc_test[-1]))
    return runs


# -- the reference: the same network built from book-shaped layers (book_layers.py),
# walked forward and back, updated by params[key] -= lr * grads[key]

class PlainNet:
    def __init__(self, params):
        self.params = params
        self.layers = [book_layers.Affine(params["W1"], params["b1"]), book_layers.Relu(),
                       book_layers.Affine(params["W2"], params["b2"])]
        self.last_layer = book_layers.SoftmaxWithLoss()

    def gradient(self, x, t):
        for layer in self.layers:
            x = layer.forward(x)
        self.last_layer.forward(x, t)
        dout = self.last_layer.backward(1.0)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        first, second = self.layers[0], self.layers[2]
        return {"W1": first.dW, "b1": first.db, "W2": second.dW, "b2": second.db}


def fused_gradient(params, x, t):
    """For information only: the same gradients in one function, no layers and no loss."""
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    a1 = x @ W1 + b1
    z1 = np.maximum(a1, 0)
    a2 = z1 @ W2 + b2
    y = np.exp(a2 - a2.max(axis=1, keepdims=True))
    y /= y.sum(axis=1, keepdims=True)
    y[np.arange(len(t)), t] -= 1
    y /= len(t)
    grads = {"W2": z1.T @ y, "b2": y.sum(axis=0)}
    da1 = (y @ W2.T) * (a1 > 0)
    grads["W1"] = x.T @ da1
    grads["b1"] = da1.sum(axis=0)
    return grads


def loops(data, steps):
    start = TwoLayerNet(64, D["hidden_size"], 10, weight_init_std=D["weight_init_std"], seed=0)
    order = np.random.default_rng(0).permutation(np.resize(np.arange(len(data.x_train)),
                                                           steps * D["batch_size"]))
    batches = [(data.x_train[b], data.t_train[b]) for b in order.reshape(steps, -1)]
    lr = D["learning_rate"]

    def network_loop():
        net = TwoLayerNet(64, D["hidden_size"], 10, weight_init_std=D["weight_init_std"], seed=0)
        for x, t in batches:
            training.sgd_step(net, x, t, lr)
        return net.params

    def plain_loop():
        net = PlainNet({k: v.copy() for k, v in start.params.items()})
        for x, t in batches:
            grads = net.gradient(x, t)
            for key in net.params:
                net.params[key] -= lr * grads[key]
        return net.params

    def fused_loop():
        params = {k: v.copy() for k, v in start.params.items()}
        for x, t in batches:
            grads = fused_gradient(params, x, t)
            for key in params:
                params[key] -= lr * grads[key]
        return params

    ends = {"network": network_loop(), "plain": plain_loop(), "fused": fused_loop()}
    for name in ("plain", "fused"):
        for key in ends["network"]:
            assert np.allclose(ends["network"][key], ends[name][key], rtol=1e-9, atol=1e-12), \
                f"the {name} loop differs in {key}"
    return {"network": network_loop, "plain": plain_loop, "fused": fused_loop}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--one-blas-thread", action="store_true",
                        help="limit numpy's BLAS to one thread for the whole run "
                             "(training.train always trains on one), to see what threads cost "
                             "the gradients and the loops")
    args = parser.parse_args()
    if args.one_blas_thread:
        threadpool_limits(1)
        print("BLAS limited to one thread")
    data = digits.load()
    print(f"data: {data}")

    count, numerical, backprop = gradient_costs(data, args.repeats)
    print(f"\n1. one gradient, 64-{D['hidden_size']}-10 ({count:,} parameters), batch of 100")
    print(f"   numerical {numerical * 1e3:9.1f} ms   ({2 * count:,} forward passes)")
    print(f"   backprop  {backprop * 1e3:9.3f} ms")
    print(f"   ratio     {numerical / backprop:9.0f}x")
    median, low, high = backward_cost(data)
    print(f"   forward + backward = {median:.2f} forward passes (median of 200 interleaved "
          f"pairs; range {low:.2f}-{high:.2f})")

    seeds = range(args.repeats)
    runs = training_runs(data, seeds)
    seconds = statistics.median(s for s, _, _ in runs)
    cpu = statistics.median(c for _, c, _ in runs)
    accuracy = statistics.median(a for _, _, a in runs)
    print(f"\n2. training: {D['epochs']} epochs, batch {D['batch_size']}, learning rate "
          f"{D['learning_rate']}, weight_init_std {D['weight_init_std']}, seeds 0-{seeds[-1]}")
    print("   test accuracy per seed:  " + ", ".join(f"{100 * a:.2f}%" for _, _, a in runs))
    print("   wall time of the steps:  " + ", ".join(f"{s:.2f} s" for s, _, _ in runs))
    print("   CPU time, whole train(): " + ", ".join(f"{c:.2f} s" for _, c, _ in runs))
    print(f"   median {100 * accuracy:.2f}% in {cpu:.2f} s CPU ({seconds:.2f} s wall) "
          f"(target: >= 97% in < 2 s CPU: {'met' if accuracy >= 0.97 and cpu < 2 else 'MISSED'})")

    steps, rounds = 1000, 3 * args.repeats
    variants = loops(data, steps)
    names = list(variants)
    cpu_times = {name: [] for name in names}
    wall_times = {name: [] for name in names}
    for r in range(rounds):   # all loops once per round, the order rotating
        for name in names[r % 3:] + names[:r % 3]:
            wall, cpu = time.perf_counter(), time.process_time()
            variants[name]()
            cpu_times[name].append(time.process_time() - cpu)
            wall_times[name].append(time.perf_counter() - wall)
    # the ratio within each round (loops run back to back see about the same load),
    # then the median over the rounds
    ratios = {clock: {name: sorted(a / b for a, b in zip(times[name], times["plain"]))
                      for name in names}
              for clock, times in (("cpu", cpu_times), ("wall", wall_times))}
    print(f"\n3. {steps} training steps, same batches and start, {rounds} rounds: median ms, "
          "and the median (range) of the per-round ratios to the book-shaped loop")
    print(f"   {'':31s}{'CPU':>7s}  {'ratio (range)':17s}{'wall':>7s}  ratio (range)")
    labels = {"network": "TwoLayerNet + sgd_step",
              "plain": "book-shaped numpy layers",
              "fused": "fused numpy function (info)"}
    for name in names:
        cells = []
        for clock, times in (("cpu", cpu_times), ("wall", wall_times)):
            r = ratios[clock][name]
            cells.append(f"{statistics.median(times[name]) * 1e3:7.1f}  "
                         f"{statistics.median(r):4.2f}x ({r[0]:.2f}-{r[-1]:.2f})")
        print(f"   {labels[name]:31s}{cells[0]:26s}{cells[1]}")
    ratio = statistics.median(ratios["cpu"]["network"])
    print(f"   target: TwoLayerNet within 1.3x the book-shaped loop (median CPU ratio): "
          f"{ratio:.2f}x, {'met' if ratio <= 1.3 else 'MISSED'}")

if __name__ == "__main__":
    main()
