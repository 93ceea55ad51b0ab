"""Chapter 09's numbers: backprop vs numerical gradients, and training on the digits.

    .venv/bin/python benchmarks/training_speed.py [--repeats 5]

Three measurements, each a median over repeats in one run (timings on a
shared machine vary; the ratios within one run are what to compare):

1. One gradient of the 64-50-10 network on one batch of 100 digits:
   ``TwoLayerNet.numerical_gradient`` (two forward passes per parameter)
   against ``TwoLayerNet.gradient`` (one forward and one backward pass).
2. Training with the chapter's settings (teaching.training.DEFAULTS) for
   several network seeds: training time (steps only, not the per-epoch
   evaluation) and test accuracy.  Target: at least 97% in under 2 s.
3. The network's training loop (layers from layers.py, ``sgd_step``) against
   a plain numpy loop written out in the book's shape, on the same batches
   from the same starting weights, interleaved.  Target: within 1.3x.  The
   two loops must end at the same weights (checked), so they do the same work.
"""

import argparse
import statistics
import time

import numpy as np

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


def training_runs(data, seeds):
    runs = []
    for seed in seeds:
        net = TwoLayerNet(64, D["hidden_size"], 10, weight_init_std=D["weight_init_std"],
                          seed=seed)
        history = training.train(net, data, D["epochs"], D["learning_rate"], seed=seed)
        runs.append((history.seconds, history.acc_test[-1]))
    return runs


# -- the reference: the same network as plain numpy, in the book's code shape

def plain_gradient(params, x, t):
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    a1 = x @ W1 + b1
    z1 = np.maximum(a1, 0)
    a2 = z1 @ W2 + b2
    a2 = a2 - a2.max(axis=1, keepdims=True)
    y = np.exp(a2)
    y /= y.sum(axis=1, keepdims=True)
    dy = y.copy()
    dy[np.arange(len(t)), t] -= 1
    dy /= len(t)
    grads = {"W2": z1.T @ dy, "b2": dy.sum(axis=0)}
    dz1 = dy @ W2.T
    da1 = dz1 * (a1 > 0)
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
        params = {k: v.copy() for k, v in start.params.items()}
        for x, t in batches:
            grads = plain_gradient(params, x, t)
            for key in params:
                params[key] -= lr * grads[key]
        return params

    a, b = network_loop(), plain_loop()
    for key in a:
        assert np.allclose(a[key], b[key], rtol=1e-9, atol=1e-12), f"the loops differ in {key}"
    return network_loop, plain_loop


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    data = digits.load()
    print(f"data: {data}")

    count, numerical, backprop = gradient_costs(data, args.repeats)
    print(f"\n1. one gradient, 64-{D['hidden_size']}-10 ({count:,} parameters), batch of 100")
    print(f"   numerical {numerical * 1e3:9.1f} ms   ({2 * count:,} forward passes)")
    print(f"   backprop  {backprop * 1e3:9.3f} ms")
    print(f"   ratio     {numerical / backprop:9.0f}x")

    seeds = range(args.repeats)
    runs = training_runs(data, seeds)
    seconds = statistics.median(s for s, _ in runs)
    accuracy = statistics.median(a for _, a in runs)
    print(f"\n2. training: {D['epochs']} epochs, batch {D['batch_size']}, learning rate "
          f"{D['learning_rate']}, weight_init_std {D['weight_init_std']}, seeds 0-{seeds[-1]}")
    print("   test accuracy per seed: " + ", ".join(f"{100 * a:.2f}%" for _, a in runs))
    print("   training time per seed: " + ", ".join(f"{s:.2f} s" for s, _ in runs))
    print(f"   median {100 * accuracy:.2f}% in {seconds:.2f} s "
          f"(target: >= 97% in < 2 s: {'met' if accuracy >= 0.97 and seconds < 2 else 'MISSED'})")

    steps = 1000
    network_loop, plain_loop = loops(data, steps)
    times = {"network": [], "plain": []}
    for _ in range(args.repeats):          # interleaved, so both see the same machine load
        for name, loop in (("network", network_loop), ("plain", plain_loop)):
            start = time.perf_counter()
            loop()
            times[name].append(time.perf_counter() - start)
    net_s, plain_s = (statistics.median(times[k]) for k in ("network", "plain"))
    ratio = net_s / plain_s
    print(f"\n3. {steps} training steps, same batches and start (medians of {args.repeats})")
    print(f"   TwoLayerNet + sgd_step  {net_s * 1e3:7.1f} ms")
    print(f"   plain numpy loop        {plain_s * 1e3:7.1f} ms")
    print(f"   ratio                   {ratio:7.2f}x "
          f"(target: within 1.3x: {'met' if ratio <= 1.3 else 'MISSED'})")


if __name__ == "__main__":
    main()
