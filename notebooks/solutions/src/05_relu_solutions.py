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
# ## Exercise 1: spot the differences
#
# The prediction, read off the code. For $x = [0, 2, -1]$, `self.passing = x >= 0` is
# `[True, True, False]`, and `np.maximum` of it and 0.0 turns it into numbers: forward
# returns `[1, 1, 0]`. Backward passes `dout` where `passing` is True: `[5, 6, 0]`. A ReLU
# returns `[0, 2, 0]` and `[0, 6, 0]`. Forward's 1 for $x = 2$ comes from line (b), which
# returns the mask as ones and zeros where it meant `x`; backward's 5 at $x = 0$ comes from
# line (a), whose mask `x >= 0` opens at 0 (forward's 1 at 0 needs both). Line (c) does what
# `Relu.backward` does with the mask it is given. So `my_suspect` names "ab".
#
# Line (a) alone changes nothing away from 0, and `x_far` has no 0: error 0. It is no bug
# either: slope 1 at $x = 0$ is a valid subgradient (the book's `relu_grad` picks it); it only
# differs from the series' convention 0. Line (b) alone makes the output flat near every point
# of `x_far`, so the numerical gradient is 0 while `backward` passes `dout` where $x > 0$: the
# relative error is $\lVert a\rVert / \lVert a\rVert = 1$, a real bug, caught. Fixes:
# `np.where(self.passing, x, 0.0)` in (b), and `x > 0` in (a) for the series' convention.

# %%
class SuspectRelu:
    def forward(self, x):
        self.passing = x >= 0                           # (a)
        return np.maximum(self.passing, 0.0)            # (b)

    def backward(self, dout):
        return np.where(self.passing, dout, 0.0)        # (c)


my_suspect = ([1, 1, 0], [5, 6, 0], "ab")

check.suspect_relu(my_suspect)

# %%
my_errors = (0, 1)

check.suspect_errors(my_errors, my_suspect)


# %% [markdown]
# ## Exercise 2: leaky ReLU
#
# $\partial y/\partial x$ is 1 for $x > 0$ and $s$ for $x < 0$; at the corner $x = 0$ the
# convention (the mask $x \le 0$) takes $s$. So `backward` returns `dout` where $x > 0$ and
# `slope * dout` elsewhere.
#
# While every sample is blocked, each sends back `slope * dout` = $-s$, so
# $dL/db = -s N$ and $dL/dw = -s \sum_i x_i$ ($N = 20$ samples): a step with `dout` = $-1$
# adds $\text{lr}\, s N = 0.1 \cdot 0.01 \cdot 20 = 0.02$ to $b$ and
# $\text{lr}\, s \sum_i x_i$ to $w$. After the leaky first step (`dout` = 1), $w_1 > 0$, so
# the largest $x$ has the largest $z_i = w_1 x_i + b_1$, the one nearest 0; and as
# $\sum_j x_j > 0$, $z_i$ grows by $\text{lr}\, s\,(x_i \sum_j x_j + N)$ a step, fastest for
# the largest $x$ too. So the largest $x$ passes first, after the smallest $n$ with
# $z_\text{near} + n \cdot \text{gain} > 0$: $n = \lceil -z_\text{near} / \text{gain} \rceil$.

# %%
class LeakyRelu:
    def __init__(self, slope=0.01):
        self.slope = slope

    def forward(self, x):
        self.passing = x > 0
        return np.where(self.passing, x, self.slope * x)

    def backward(self, dout):
        return np.where(self.passing, dout, self.slope * dout)


rng = np.random.default_rng(0)           # the chapter's batch
xs = rng.uniform(-1.0, 2.0, size=20)
lr, s, n = 0.1, 0.01, len(xs)
z = 1.5 * xs - 1.0                       # the leaky first step, dout = 1
dz = np.where(z > 0, 1.0, s)
w1, b1 = 1.5 - lr * (dz * xs).sum(), -1.0 - lr * dz.sum()
add_b, add_w = lr * s * n, lr * s * xs.sum()
z_near, gain = w1 * xs.max() + b1, add_w * xs.max() + add_b   # the largest x: nearest, fastest
steps = int(np.ceil(-z_near / gain))
print(f"w1 = {w1:.3f}, b1 = {b1:.3f}; a step adds {add_b:.3f} to b and {add_w:.5f} to w; "
      f"z_near = {z_near:.3f} gains {gain:.4f} a step: {-z_near / gain:.2f} steps, so {steps}")

my_leaky = (add_b, add_w, xs.max())

check.leaky_relu(LeakyRelu, my_leaky)

# %% [markdown]
# The loop of the chapter confirms it: after 45 steps the largest $x$ passes, and once samples
# pass their full gradient pulls the unit back fast. A leaky unit cannot die; the plain ReLU
# stays where that step left it.


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
# the weights with no shrinking factor at all (chapter 6 shows what a sigmoid in each unit
# does instead).

# %%
ws = [2.0, -1.0, -3.0, 0.5]
bs_a = [-1.0, 2.0, 1.0, 0.0]
bs_b = [-1.0, 2.0, 4.0, 0.0]

my_chain_dx = (0.0, 3.0)

check.chain_prediction(my_chain_dx)


# %%
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
check.relu_chain(chain_gradient)
