# %% [markdown]
# # 5. The ReLU layer: solutions
#
# Worked answers to the exercises of [chapter 5](../05_relu.ipynb). Each answer is
# followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

import layers
from teaching.checks import ch05 as check
from teaching.checks.ch05 import show_suspect

# %% [markdown]
# ## In the chapter: `steps_to_death`
#
# The chapter's batch and `gradients`; each step moves $w$ and $b$ by $-\text{lr}$ times their
# gradients, then counts the samples that pass at the new $w$, $b$.

# %%
rng = np.random.default_rng(0)           # the chapter's batch and targets
xs = rng.uniform(-1.0, 2.0, size=20)
target = np.maximum(0.25 * xs + 0.25, 0.0)


def gradients(w, b):
    z = w * xs + b
    relu = layers.Relu()
    y = relu.forward(z)
    dz = relu.backward(y - target)            # dout = y - t
    return (dz * xs).sum(), dz.sum(), np.count_nonzero(z > 0), 0.5 * ((y - target) ** 2).sum()


def steps_to_death(lr):
    w, b = 1.5, -1.0
    for step in range(1, 101):
        dw, db, _, _ = gradients(w, b)
        w, b = w - lr * dw, b - lr * db
        if gradients(w, b)[2] == 0:           # no sample passes at the new w, b
            return step
    return None


print({lr: steps_to_death(lr) for lr in (0.1, 0.09, 0.06)})
check.death_step(steps_to_death)

# %% [markdown]
# ## Exercise 1: read a suspect ReLU
#
# Read line by line at $x = [-1, 0, 2, 3]$, `dout` $= [4, -5, 6, -7]$. The first line's switches
# `x > 0` are `[F, F, T, T]` (where `Relu`'s mask `x <= 0` is False): right. The next hands
# `np.maximum` those booleans, not `x`: the output is `[0, 0, 1, 1]`. Backward returns the local
# derivatives and never multiplies them by `dout`: `dx` is `[0, 0, 1, 1]` too. `Relu` gives
# `[0, 0, 2, 3]` and `[0, 0, 6, -7]`.

# %%
my_suspect = ([0, 0, 1, 1], [0, 0, 1, 1])

show_suspect(layers.Relu)             # the check's SuspectRelu beside the library's Relu
check.suspect_relu(my_suspect)


# %% [markdown]
# ## Exercise 2: leaky ReLU
#
# $\partial y/\partial x$ is 1 for $x > 0$ and $s$ for $x < 0$; at $x = 0$ the mask $x \le 0$
# takes $s$. So `backward` returns `dout` where $x > 0$ and `slope * dout` elsewhere.
#
# After the step every $z_i \le 0$, the negative side: $y_i = s z_i$, its `dout` is $y_i - t_i$,
# so $dz_i = s\,(s z_i - t_i)$, negative for every sample ($z_i < 0 \le t_i$). Summed,
# $dL/db = s^2 \sum_i z_i - s \sum_i t_i$. The plain ReLU's is exactly 0.

# %%
class LeakyRelu:
    def __init__(self, slope=0.01):
        self.slope = slope

    def forward(self, x):
        self.passing = x > 0
        return np.where(self.passing, x, self.slope * x)

    def backward(self, dout):
        return np.where(self.passing, dout, self.slope * dout)


check.leaky_relu(LeakyRelu)

# %%
leaky = LeakyRelu(0.01)                  # the chapter's step from w = 1.5, b = -1 at lr 0.1
dz = leaky.backward(leaky.forward(1.5 * xs - 1.0) - target)
w1, b1 = 1.5 - 0.1 * (dz * xs).sum(), -1.0 - 0.1 * dz.sum()
z1 = w1 * xs + b1
s = 0.01
my_leaky = s**2 * z1.sum() - s * target.sum()
print(f"sum of z_i = {z1.sum():.3f}, sum of t_i = {target.sum():.3f}: dL/db = {my_leaky:.4f}")

check.leaky_db(my_leaky, LeakyRelu)
