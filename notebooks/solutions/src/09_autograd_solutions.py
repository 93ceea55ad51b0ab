# %% [markdown]
# # 9. An autograd of your own: solutions
#
# Worked answers to the steps and exercises of [chapter 9](../09_autograd.ipynb). Each
# answer is followed by the same check as in the chapter; its output says **Right**. At the
# end, the whole class in one cell.

# %%
import inspect
import math

import numpy as np
from IPython.display import display

from teaching import engine
from teaching.checks import ch09 as check

# %% [markdown]
# ## Step 1: a number that remembers

# %%
class Value:
    """One number of a computation, with the gradient of the final result with respect to it."""

    def __init__(self, data, parents=()):
        self.data = float(data)
        self.grad = 0.0                    # dL/d(this value): nothing sent back yet
        self.parents = tuple(parents)      # the Values this one was computed from
        self._backward = lambda: None      # an input has nobody to pass its gradient to

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"


# %%
check.value(Value)


# %% [markdown]
# ## Step 2: add
#
# The local derivative of `+` is 1 for both inputs: each parent gets `out.grad` as it is,
# added (`+=`) to whatever other uses of that parent have sent.

# %%
def add(self, other):
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data + other.data, (self, other))

    def _backward():
        self.grad += out.grad              # d out/d self = 1
        other.grad += out.grad             # d out/d other = 1

    out._backward = _backward
    return out


Value.__add__ = add
Value.__radd__ = add

# %%
check.add(Value)


# %% [markdown]
# ## Step 3: multiply swaps

# %%
def mul(self, other):
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data * other.data, (self, other))

    def _backward():
        self.grad += other.data * out.grad   # d out/d self = other
        other.grad += self.data * out.grad   # d out/d other = self

    out._backward = _backward
    return out


Value.__mul__ = mul

# %%
check.mul(Value)


# %% [markdown]
# ## Step 4: `backward()`
#
# `visit` appends a Value only after all of its parents, and each Value once (the `seen`
# set), so `order` is topological. Reversed, every Value comes after all of its users.

# %%
def backward(self):
    order, seen = [], set()

    def visit(v):
        if v not in seen:
            seen.add(v)
            for parent in v.parents:
                visit(parent)
            order.append(v)

    visit(self)
    self.grad = 1.0                       # dL/dL
    for v in reversed(order):
        v._backward()


Value.backward = backward

# %%
check.backward(Value)

# %% [markdown]
# A Value can go into a set because Python objects hash by identity unless a class says
# otherwise: two Values with equal data are still two nodes.
#
# **What the check catches.** Two ways to get the order wrong, each run on the tangled
# graph of the chapter at $a = 2$, $b = 3$. By the product rule on $e = (ab + a)\,ab$, the
# right gradients are $de/da = (b + 1)\,ab + (ab + a)\,b = 48$ and
# $de/db = a \cdot ab + (ab + a)\,a = 28$. Walking the order forwards runs the output's
# closure last, when every other closure has already passed on a zero; recursing from each
# node runs a closure once per path, some of them before all their users have reported.

# %%
def tangled(a, b):
    c = b * a
    d = c + a
    e = c * d
    return e


def forward_order(self):           # topological order, but not reversed
    order, seen = [], set()

    def visit(v):
        if v not in seen:
            seen.add(v)
            for parent in v.parents:
                visit(parent)
            order.append(v)
    visit(self)
    self.grad = 1.0
    for v in order:
        v._backward()


def recursive(self, seed=True):    # each closure once per path, some too early
    if seed:
        self.grad = 1.0
    self._backward()
    for parent in self.parents:
        recursive(parent, seed=False)


for wrong in (forward_order, recursive):
    a, b = Value(2.0), Value(3.0)
    e = tangled(a, b)
    wrong(e)
    print(f"{wrong.__name__:14s} da = {a.grad:g}, db = {b.grad:g}")
a, b = Value(2.0), Value(3.0)
e = tangled(a, b)
e.backward()
print(f"{'right':14s} da = {a.grad:g}, db = {b.grad:g}")
assert (a.grad, b.grad) == (48.0, 28.0)

# %% [markdown]
# The per-path pass (the chapter's `a_calls`): in one tangled graph three paths lead from
# $e$ down to $a$, $e \to c \to a$, $e \to d \to c \to a$ and $e \to d \to a$. In
# `ten_tangled` a path from the last $e$ down to the first $a$ picks one of the three in each
# of the ten graphs: $3^{10} = 59{,}049$ paths, so as many calls of `send_down`.

# %%
def ten_tangled(a, b):
    for _ in range(10):
        a = tangled(a, b)
    return a


a_calls = 3 ** 10
assert engine.per_path_calls(ten_tangled, a=0.5, b=1.0)["a"] == a_calls
check.per_path(a_calls)

# %%
engine.closure_order(tangled, Value, a=2.0, b=3.0)

# %% [markdown]
# Your graph, drawn from your Values: the same numbers as the traced drawing of the chapter.

# %%
engine.draw(tangled, Value, a=2.0, b=3.0)

# %% [markdown]
# ## Step 5: power and exp
#
# $a^2 = a \cdot a$ has derivative $2a$ (multiply swaps, both shares added); $a^3 = a^2 \cdot a$
# has $2a \cdot a + a^2 = 3a^2$. Each factor of $a$ contributes the other $k - 1$: $k\,a^{k-1}$,
# for negative $k$ too.

# %%
def power(self, k):
    out = Value(self.data ** k, (self,))

    def _backward():
        self.grad += k * self.data ** (k - 1) * out.grad

    out._backward = _backward
    return out


def exp(self):
    out = Value(math.exp(self.data), (self,))

    def _backward():
        self.grad += out.data * out.grad   # e**a is its own derivative: the output itself

    out._backward = _backward
    return out


Value.__pow__ = power
Value.exp = exp

Value.__neg__ = lambda self: self * -1
Value.__sub__ = lambda self, other: self + (-other)
Value.__rsub__ = lambda self, other: (-self) + other
Value.__rmul__ = lambda self, other: self * other
Value.__truediv__ = lambda self, other: self * other ** -1
Value.__rtruediv__ = lambda self, other: self ** -1 * other

# %%
check.pow_exp(Value)


# %%
def sigmoid_by_nodes(x):
    y = 1 / (1 + engine.exp(-x))
    return y


# five operations: x * -1, exp, 1 + ., then 1 / a is a ** -1 and * 1 (__rtruediv__)
sigmoid_ops = 5
check.sigmoid_nodes(sigmoid_ops)

# %%
by_nodes = engine.compare(sigmoid_by_nodes, Value, x=2.0)
assert by_nodes.ops[:2] == (5, 4) and "agrees with layers.py on every number" in repr(by_nodes)
by_nodes


# %% [markdown]
# ## Step 6: one sigmoid node
#
# `engine.sigmoid` on a plain number is `layers.Sigmoid`'s forward, which never overflows;
# `1 / (1 + math.exp(-x))` would do for the inputs of the check.

# %%
def sigmoid(self):
    out = Value(engine.sigmoid(self.data), (self,))

    def _backward():
        self.grad += out.data * (1 - out.data) * out.grad   # y(1 - y), chapter 6

    out._backward = _backward
    return out


Value.sigmoid = sigmoid

# %%
check.sigmoid(Value)


# %%
def neuron_loss(w, b, x, t):
    y = engine.sigmoid(w * x + b)
    L = (y - t) ** 2
    return L


capstone = engine.compare(neuron_loss, Value, w=0.5, b=1.0, x=2.0, t=0.0)
assert capstone.yours_ok
capstone


# %% [markdown]
# ## Step 7: the training loop

# %%
def train(loss_of, params, lr, steps, zero_grads=True):
    losses = []
    for _ in range(steps):
        loss = loss_of()                  # a new graph from the current parameters
        if zero_grads:
            for p in params:
                p.grad = 0.0              # forget the last step's gradients
        loss.backward()                   # (else it adds to what earlier steps left in grad)
        for p in params:
            p.data -= lr * p.grad         # a small step downhill
        losses.append(loss.data)
    return losses


# %%
train_check = check.training(train, Value)
train_check

# %% [markdown]
# From chapter 6's point ($w = 0.5$, $b = 1$, $x = 2$), teach the neuron to answer
# $t = 0.2$ (it starts at $y = 0.88$). The loss is smallest where $\sigma(z) = 0.2$, so
# $e^{-z} = 4$ and $z = wx + b = -\ln 4 \approx -1.386$; twenty steps at rate 1 get there.

# %%
w, b = Value(0.5), Value(1.0)


def loss_of():
    return neuron_loss(w, b, 2.0, 0.2)


losses = train(loss_of, [w, b], 1.0, 20)
print("loss every 4 steps:", [round(v, 4) for v in losses[::4]])
print("w, b:", w, b, " y =", round(engine.sigmoid(w.data * 2 + b.data), 4))
assert losses[-1] < 1e-4 and losses[4] < 0.01 < losses[3]    # the chapter's words
assert round(w.data * 2 + b.data, 3) == -1.384

# %% [markdown]
# **The bug, once.** The same loop without the zeroing: each step's gradient is the sum of
# all the steps so far, so near the target the pile of old gradients still pushes hard and
# the neuron overshoots into the flat part, where the loss settles at $0.2^2 = 0.04$. But it does
# not stop: on the flat side each new gradient is almost 0, so the pile no longer changes,
# and every step moves $wx + b$ by the same amount.

# %%
def train_without_zeroing(loss_of, params, lr, steps):
    return train(loss_of, params, lr, steps, zero_grads=False)


check.no_zeroing(train, Value)

# %%
w, b = Value(0.5), Value(1.0)
piled = train_without_zeroing(loss_of, [w, b], 1.0, 10)
z10 = w.data * 2 + b.data
print(f"after 10 steps: w*x + b = {z10:.4f}, w.grad = {w.grad:.4f}, b.grad = {b.grad:.4f}")
z20 = z10 - 10 * (2 * w.grad + b.grad)      # ten more steps of the same size
print(f"predicted after 20: {z20:.4f}")

# %%
check.piled_up(z20)

# %%
piled += train_without_zeroing(loss_of, [w, b], 1.0, 10)   # the grads keep their pile
print("not zeroed, loss every 4 steps:", [round(v, 4) for v in piled[::4]])
print(f"w*x + b after 20 steps: {w.data * 2 + b.data:.4f}")
assert abs(piled[-1] - 0.04) < 1e-3 and abs(w.data * 2 + b.data - z20) < 1e-3

# %% [markdown]
# ## Step 8: a network, with the same loop

# %%
# One neuron's floor: 0.5 for all four points (4 x 0.25), or three right and one fully
# wrong (1 x 1). From the chapter's start it ends at 0.5 everywhere.
stall_loss = 4 * 0.5 ** 2
check.stall(stall_loss)

# %%
XOR = [((0, 0), 0), ((0, 1), 1), ((1, 0), 1), ((1, 1), 0)]     # (x1, x2), target
w1, w2, b = Value(0.5), Value(-0.5), Value(0.0)


def one_neuron_loss():
    loss = 0
    for (x1, x2), t in XOR:
        loss = loss + ((w1 * x1 + w2 * x2 + b).sigmoid() - t) ** 2
    return loss


losses = train(one_neuron_loss, [w1, w2, b], 2.0, 300)
answers = [(w1 * x1 + w2 * x2 + b).sigmoid().data for (x1, x2), _ in XOR]
print("one neuron, loss every 50 steps:", [round(v, 4) for v in losses[::50]])
print("its answers:", [round(y, 3) for y in answers])
assert abs(losses[-1] - 1.0) < 1e-3 and all(abs(y - 0.5) < 0.01 for y in answers)

# %% [markdown]
# The network: the hidden layer is one line, three sigmoid units.

# %%
def network(x1, x2, W1, b1, W2, b2):
    h = [(W1[0][j] * x1 + W1[1][j] * x2 + b1[j]).sigmoid() for j in range(3)]   # hidden layer
    return (W2[0] * h[0] + W2[1] * h[1] + W2[2] * h[2] + b2).sigmoid()


def network_loss(W1, b1, W2, b2):
    loss = 0
    for (x1, x2), t in XOR:
        loss = loss + (network(x1, x2, W1, b1, W2, b2) - t) ** 2
    return loss


network_check = check.network(train, Value, network_loss)
network_check

# %% [markdown]
# The chapter's run, from seed 0 (biases 0), each step one call of `train`, at rate 2; and,
# an extra, the same start at rate 1: slower, but its loss never rises.

# %%
runs = {lr: engine.xor_run(Value, train, network, network_loss, lr=lr) for lr in (2.0, 1.0)}
losses, largest, answers, _ = runs[2.0]
rises = {lr: int((np.diff(run[0]) > 0).sum()) for lr, run in runs.items()}
print("loss every 25 steps at rate 2:", [round(v, 4) for v in losses[::25]])
print("largest |hidden input| every 25 steps:", [round(v, 2) for v in largest[::25]])
print("steps where the loss rose, by rate:", rises, "; rate 2:", engine.rises(losses))
# the chapter's words: near 1 first (0.9989 at step 50), leaving it as the inputs pass
# about 2 (2.19 at step 100), after they first shrink (to 0.61 at step 16); the first
# overshoot throws the loss back above 1 before it zigzags down; rate 1 never rises
assert min(largest[:100]) < 0.62 < 0.99 < largest[0]
assert round(losses[50], 4) == 0.9989 and max(largest[:76]) < 1.2 and round(largest[100], 2) == 2.19
assert 0.95 < runs[1.0][0][100] < 1.0 and losses[150] < 0.12
first_rise = int(np.argmax(np.diff(losses) > 0)) + 1
assert losses[first_rise - 1] < 0.9 and max(losses[first_rise:]) > 1.0
assert rises[2.0] > 5 and rises[1.0] == 0 and runs[1.0][0][-1] > losses[-1]
assert all(abs(y - t) < 0.1 for y, (_, t) in zip(answers, XOR))
engine.plateau_figure(runs[2.0])

# %% [markdown]
# At 15 times, the output sees one set of hidden values for $(0, 1)$, $(1, 0)$ and $(1, 1)$,
# so it gives them one answer $y$; $2(y - 1)^2 + y^2$ is smallest at $y = 2/3$, where it is
# $2(1/3)^2 + (2/3)^2 = 2/3$, above 0.5; $(0, 0)$ is fitted on its own.

# %%
end_loss = 2 * (1 / 3) ** 2 + (2 / 3) ** 2
check.saturated(end_loss)

# %%
firsts = {s: engine.first_below(engine.xor_run(Value, train, network, network_loss, scale=s)[0])
          for s in (0.3, 1, 3, 15)}
print("first step with the loss below 0.5, by the scale of W1:", firsts)
# beyond the chapter: the smaller the start the longer the plateau, up to a point; at 15
# times the loss falls fast at first, below one neuron's floor, then stays near 2/3: the
# output answers (0, 1), (1, 0) and (1, 1) alike, and one answer for targets 1, 1, 0 costs
# at best 2 (1/3)^2 + (2/3)^2 = 2/3
assert firsts[0.3] > firsts[1] > firsts[3] and firsts[15] is None
losses15, _, answers15, hidden15 = engine.xor_run(Value, train, network, network_loss, scale=15)
print("W1 x 15: loss at steps 0, 30 and 300:", [round(losses15[k], 3) for k in (0, 30, 299)],
      "answers", [round(y, 2) for y in answers15])
assert losses15[30] < 0.8 and abs(losses15[-1] - 2 / 3) < 0.01
assert max(answers15[1:]) - min(answers15[1:]) < 0.01 and answers15[0] < 0.1
# behind those answers: the three points' hidden values end on the flat ends, nearly the same
rng = np.random.default_rng(0)
W1 = [[Value(15 * w) for w in row] for row in rng.normal(0, 1, (2, 3))]
W2, b1, b2 = [Value(w) for w in rng.normal(0, 1, 3)], [Value(0.0) for _ in range(3)], Value(0.0)
params = [w for row in W1 for w in row] + b1 + W2 + [b2]
assert train(lambda: network_loss(W1, b1, W2, b2), params, 2.0, 300) == losses15
hidden = np.array([[(W1[0][j] * x1 + W1[1][j] * x2 + b1[j]).sigmoid().data for j in range(3)]
                   for (x1, x2), _ in XOR])
print("W1 x 15, hidden values at the end:", np.round(hidden, 3).tolist())
assert np.abs(hidden[1:] - hidden[3]).max() < 0.01 and np.allclose(hidden, hidden15)

# %% [markdown]
# **The price of one node per number.** A layer of 64 inputs to 10 units on a batch of 4,
# forward and backward, with Values and with `layers.Affine` (the fastest of a few runs
# each). The Values record, for each of the 4 x 10 (example, unit) pairs, 64 multiplies and
# 64 adds for the unit and one add into $L$: 4 x 10 x 129 = 5160 operations. One backward
# sweep runs each closure once for all 640 weight gradients; forward mode needs one pass per
# weight, 640 of them.

# %%
layer_ops = 4 * 10 * (64 + 64 + 1)       # 64 multiplies, 64 adds, 1 add into L per pair
weight_passes = 64 * 10                  # one forward-mode pass per weight
check.forward_passes(weight_passes)

# %% tags=["nbval-ignore-output"]
import time

import layers


def fastest(run, repeats=5):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


rng = np.random.default_rng(1)
X, W, b = rng.normal(size=(4, 64)), rng.normal(size=(64, 10)), np.zeros(10)


def with_values():
    Ws, bs = [[Value(w) for w in row] for row in W], [Value(v) for v in b]
    out = Value(0.0)
    for x in X:
        for j in range(10):
            unit = bs[j]
            for i in range(64):
                unit = unit + Value(x[i]) * Ws[i][j]
            out = out + unit                          # L = sum of the outputs
    out.backward()
    assert len(engine.operations(out, Value)) == layer_ops
    return Ws, bs


def with_affine():
    affine = layers.Affine(W, b)
    affine.forward(X)
    affine.backward(np.ones((4, 10)))                # dL/dout = 1 for L = sum
    return affine


# both give the same dW and db
(Ws, bs), affine = with_values(), with_affine()
assert np.allclose([[w.grad for w in row] for row in Ws], affine.dW)
assert np.allclose([v.grad for v in bs], affine.db)
ratio = fastest(with_values, 3) / fastest(with_affine)
# timings vary, so nbval does not compare this cell's output (its tag)
print(f"your Values took about {float(f'{ratio:.2g}'):,.0f} times as long as layers.Affine")

# %% [markdown]
# ## Exercise 1: division as one node
#
# $q = a \cdot b^{-1}$, so $\partial q/\partial a = 1/b$ and
# $\partial q/\partial b = a \cdot (-1/b^2) = -a/b^2$. For `x / x` both shares reach `x`:
# $1/x - x/x^2 = 0$, as it must be for a function that is always 1.

# %%
def truediv(self, other):
    other = other if isinstance(other, Value) else Value(other)
    out = Value(self.data / other.data, (self, other))

    def _backward():
        self.grad += out.grad / other.data
        other.grad += -self.data / other.data ** 2 * out.grad

    out._backward = _backward
    return out


Value.__truediv__ = truediv

# %%
x_over_x_grad = 0.0      # x / x is 1 for every x
check.x_over_x(x_over_x_grad)

# %%
check.divide(Value)

# %% [markdown]
# ## Extra: backward twice
#
# (Not in the chapter, which drills the same `+=` in step 7.) Take $y = x \cdot x + x$ at
# $x = 2$ and call `y.backward()` twice on the same graph. First call: $dy/dx = 2x + 1 = 5$.
# Second call: `y.grad` is set to 1 again. The `+` node adds 1 to `x.grad` (now 6) **and 1
# to the grad of `x * x`, which still holds 1 from the first pass** (now 2). Then the `*`
# node sends $2 \cdot x$ from each of its two inputs, that is $2 \cdot 2 + 2 \cdot 2 = 8$,
# into `x.grad`: $6 + 8 = 14$, not $10$. A second pass on one graph needs every grad zeroed.

# %%
x = Value(2.0)
y = x * x + x
y.backward()
first = x.grad
y.backward()
print("after one call:", first, " after two:", x.grad)
twice = {"first": first, "second": x.grad}

# %%
check.predict_twice(twice)

# %% [markdown]
# ## Exercise 2: a backward pass that goes level by level
#
# At $a = 1$, $b = 2$: $c = ba = 2$, $d = c + a = 3$, $e = cd = 6$. From $e = c\,d$ the
# loop meets $c$ and $d$ (the parents of $e$, in that order), then $b$, $a$ (the parents of
# $c$; $d$'s parents $c$ and $a$ are seen already). So the closures run in the order
# $e, c, d$:
#
# - $e$ sends $d = 3$ to $c$ and $c = 2$ to $d$;
# - $c$ runs holding 3, its share straight from $e$; it sends $b \cdot 3 = 6$ to $a$ and
#   $a \cdot 3 = 3$ to $b$;
# - $d$ runs holding 2; it sends 2 to $c$ (too late: $c$ has run) and 2 to $a$.
#
# So `a.grad` is $6 + 2 = 8$ and `b.grad` is 3, where the right answers are
# $(b + 1)c + db = 12$ and $ac + da = 5$: the share of 2 that $c$ got through $d$, times
# $b = 2$ and $a = 1$, never arrived.

# %%
def backward_level_by_level(self):
    order, seen, queue = [], set(), [self]
    while queue:
        v = queue.pop(0)
        if v not in seen:
            seen.add(v)
            order.append(v)
            queue.extend(v.parents)
    self.grad = 1.0
    for v in order:
        v._backward()


a, b = Value(1.0), Value(2.0)
backward_level_by_level(tangled(a, b))
print("level by level: a.grad =", a.grad, " b.grad =", b.grad)
levels = {"order": "e, c, d, b, a", "c_holds": 3, "a": a.grad, "b": b.grad}

# %%
check.breadth_first(levels)

# %%
engine.closure_order(tangled, Value, backward=backward_level_by_level, a=1.0, b=2.0)

# %% [markdown]
# ## The whole class in one cell
#
# Everything above, put together: the core (a value, `+`, `*` and `backward`) and then the
# rest. The count below comes from this cell's own source.

# %%
class Value:
    """One number of a computation, with the gradient of the final result with respect to it."""

    def __init__(self, data, parents=()):
        self.data, self.grad = float(data), 0.0
        self.parents, self._backward = tuple(parents), lambda: None

    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data + other.data, (self, other))

        def _backward():
            self.grad += out.grad
            other.grad += out.grad
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        out = Value(self.data * other.data, (self, other))

        def _backward():
            self.grad += other.data * out.grad
            other.grad += self.data * out.grad
        out._backward = _backward
        return out

    def backward(self):
        order, seen = [], set()

        def visit(v):
            if v not in seen:
                seen.add(v)
                for parent in v.parents:
                    visit(parent)
                order.append(v)
        visit(self)
        self.grad = 1.0
        for v in reversed(order):
            v._backward()

    # the rest: operations with a closure of their own ...
    def __pow__(self, k):
        out = Value(self.data ** k, (self,))

        def _backward():
            self.grad += k * self.data ** (k - 1) * out.grad
        out._backward = _backward
        return out

    def exp(self):
        out = Value(math.exp(self.data), (self,))

        def _backward():
            self.grad += out.data * out.grad
        out._backward = _backward
        return out

    def sigmoid(self):
        out = Value(engine.sigmoid(self.data), (self,))

        def _backward():
            self.grad += out.data * (1 - out.data) * out.grad
        out._backward = _backward
        return out

    # ... and operations made of operations
    __radd__ = __add__
    __rmul__ = __mul__

    def __neg__(self):
        return self * -1

    def __sub__(self, other):
        return self + (-other)

    def __rsub__(self, other):
        return (-self) + other

    def __truediv__(self, other):
        return self * other ** -1

    def __rtruediv__(self, other):
        return self ** -1 * other


# %%
def code_lines(*methods):
    """Lines of the methods' source, blank lines and comments not counted."""
    lines = [line for m in methods for line in inspect.getsource(m).splitlines()]
    return [line for line in lines if line.strip() and not line.strip().startswith("#")]


core = 1 + len(code_lines(Value.__init__, Value.__add__, Value.__mul__, Value.backward))
whole = core + len(code_lines(Value.__pow__, Value.exp, Value.sigmoid,
                              Value.__neg__, Value.__sub__, Value.__rsub__,
                              Value.__truediv__,
                              Value.__rtruediv__)) + 2   # aliases
print(f"core (a value, +, *, backward): {core} lines; the whole class: {whole} lines "
      "(blank lines, comments and the docstring not counted)")
assert 28 <= core <= 36          # the chapter says: a few dozen lines

assert "agrees with layers.py on every number" in repr(engine.compare(sigmoid_by_nodes, Value,
                                                                      x=2.0))
engine.compare(neuron_loss, Value, w=0.5, b=1.0, x=2.0, t=0.0)
