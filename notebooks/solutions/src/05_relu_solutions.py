# %% [markdown]
# # 5. The ReLU layer: solutions
#
# Worked answers to the exercises of [chapter 5](../05_relu.ipynb). Each answer is
# followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

from teaching.checks import ch05 as check
import layers

# %% [markdown]
# ## Exercise 1: find the faults
#
# The prediction, read off the code. For $x = [0, 2, -1]$, `self.passing = x >= 0` is
# `[True, True, False]`, and `np.maximum` of it and 0.0 turns it into numbers: forward
# returns `[1, 1, 0]`. Backward passes `dout` where `passing` is True: `[5, 6, 0]`. A ReLU
# returns `[0, 2, 0]` and `[0, 6, 0]`: the differences are the two faults.
#
# Forward's fault is line (b): it returns the mask as ones and zeros where it meant `x`.
# Alone, it makes the output flat near every point of `x_far`, so the numerical gradient is
# 0 while `backward` passes `dout` where $x > 0$: the relative error is
# $\lVert a\rVert / \lVert a\rVert = 1$. Backward's fault is line (a): the mask `x >= 0` lets
# the gradient through at exactly $x = 0$, against the mask $x \le 0$. Alone, it changes
# nothing away from 0, and `x_far` has no 0: error 0. Fixes: `x > 0` in (a),
# `np.where(self.passing, x, 0.0)` in (b).

# %%
class SuspectRelu:
    def forward(self, x):
        self.passing = x >= 0                           # (a)
        return np.maximum(self.passing, 0.0)            # (b)

    def backward(self, dout):
        return np.where(self.passing, dout, 0.0)        # (c)


my_suspect = ([1, 1, 0], [5, 6, 0])
my_errors = (1, 0)

check.suspect_relu(my_suspect, my_errors)


# %%
class FixedRelu:
    def forward(self, x):
        self.passing = x > 0                            # (a) fixed: x = 0 is blocked
        return np.where(self.passing, x, 0.0)           # (b) fixed: x, not the mask

    def backward(self, dout):
        return np.where(self.passing, dout, 0.0)


check.fixed_relu(FixedRelu)

# %% [markdown]
# ## Exercise 2: leaky ReLU
#
# $\partial y/\partial x$ is 1 for $x > 0$ and $s$ for $x < 0$; at the corner $x = 0$ the
# convention (the mask $x \le 0$) takes $s$. So `backward` returns `dout` where $x > 0$ and
# `slope * dout` elsewhere.
#
# `first_pass`. While every sample is blocked, each sends back `slope * dout` = $-s$, so
# $dL/dw = -s \sum_i x_i$ and $dL/db = -s N$ ($N$ samples): a step adds
# $\text{lr}\, s \sum_i x_i$ to $w$ and $\text{lr}\, s N$ to $b$. So $z_i = w x_i + b$ grows
# by $r_i = \text{lr}\, s\,(x_i \sum_j x_j + N)$ a step, and sample $i$ passes after the
# first $n$ with $z_i + n r_i > 0$, that is $n = \lfloor -z_i / r_i \rfloor + 1$ (never if
# $r_i \le 0$). The first sample to pass is the one with the smallest such $n$: not always
# the largest $x$, since $w$ itself changes (it falls when $\sum_j x_j < 0$).

# %%
class LeakyRelu:
    def __init__(self, slope=0.01):
        self.slope = slope

    def forward(self, x):
        self.passing = x > 0
        return np.where(self.passing, x, self.slope * x)

    def backward(self, dout):
        return np.where(self.passing, dout, self.slope * dout)


def first_pass(w1, b1, xs, slope, lr):
    z = w1 * xs + b1
    rate = lr * slope * (xs * xs.sum() + len(xs))
    return min(int(np.floor(-zi / ri)) + 1 for zi, ri in zip(z, rate) if ri > 0)


check.leaky_layer(LeakyRelu, first_pass)

# %%
rng = np.random.default_rng(0)           # the chapter's batch
xs = rng.uniform(-1.0, 2.0, size=20)
w, b, lr = 1.5, -1.0, 0.1
for step, dout in enumerate([np.ones(20)] + [-np.ones(20)] * 50):
    z = w * xs + b
    leaky = LeakyRelu(0.01)
    leaky.forward(z)
    dz = leaky.backward(dout)
    dw, db = (dz * xs).sum(), dz.sum()
    w, b = w - lr * dw, b - lr * db
    if step == 0:
        print(f"after the first step: first_pass says {first_pass(w, b, xs, 0.01, lr)}")
    if step in (0, 10, 44, 45, 46, 50):
        print(f"after step {step:2d}: w = {w:6.3f}, b = {b:6.3f}, "
              f"{np.count_nonzero(w * xs + b > 0):2d} of 20 pass")
leaky_w, leaky_b = w, b

# %% [markdown]
# The prediction: `first_pass` on the unit after the first step (`dout` = 1) says 45, within
# the 50: the unit comes back after 45 steps with `dout` = $-1$ (loop index 45).
# Once samples pass, their full gradient pulls the unit back fast.
#
# So a leaky unit cannot die, while the plain ReLU stays at $b = -2$.

# %%
my_first_pass = 45
check.first_pass_prediction(my_first_pass)

# %%
check.leaky_relu(LeakyRelu, (leaky_w, leaky_b), first_pass)


# %% [markdown]
# ## Exercise 3: the gradient through a chain of ReLUs
#
# Forward at $x = 1$, $z_i = w_i h_{i-1} + b_i$:
#
# | unit | $w$ | chain A: $z$, $h$ | chain B: $z$, $h$ |
# |---|---|---|---|
# | 1 | 2 | $1$, $1$ | $1$, $1$ |
# | 2 | $-1$ | $-1 + 2 = 1$, $1$ | $1$, $1$ |
# | 3 | $-3$ | $-3 + 1 = -2$, $0$ (blocked) | $-3 + 4 = 1$, $1$ |
# | 4 | 0.5 | $0$, $0$ | $0.5$, $0.5$ |
#
# Backward, unit $i$ multiplies by its switch's local derivative (1 or 0) and then by $w_i$
# ($\partial z_i/\partial h_{i-1} = w_i$). Chain A meets a closed switch at unit 3: $dx = 0$.
# Chain B has every switch open: $dx = 2 \cdot (-1) \cdot (-3) \cdot 0.5 = 3$, the product of
# the weights with no shrinking factor at all. (A sigmoid in each unit would multiply by at
# most 0.25 four times as well.)

# %%
ws = [2.0, -1.0, -3.0, 0.5]
bs_a = [-1.0, 2.0, 1.0, 0.0]
bs_b = [-1.0, 2.0, 4.0, 0.0]

my_chain_dx = (0.0, 3.0)


def chain_gradient(x, ws, bs):
    relus, h = [], x
    for w, b in zip(ws, bs):
        relus.append(layers.Relu())
        h = relus[-1].forward(w * h + b)
    dh = 1.0
    for w, relu in zip(reversed(ws), reversed(relus)):
        dh = w * relu.backward(dh)         # through the switch, then dz/dh = w
    return dh


print("chain A:", chain_gradient(1.0, ws, bs_a), " chain B:", chain_gradient(1.0, ws, bs_b))

# %%
check.relu_chain(chain_gradient, my_chain_dx)
