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
# ## Exercise 1: find the bugs
#
# The predictions: the gradient check gives an error near 1, not near $10^{-10}$, because
# `forward` returns the wrong thing. With that bug fixed, the check would pass, although the
# second bug is still there: a gradient check never looks at exactly 0. The evidence, the
# gradient check, then forward and backward on inputs that include exact zeros:

# %%
class SuspectRelu:
    def forward(self, x):
        self.passing = x >= 0
        return (x > 0) * 1

    def backward(self, dout):
        return np.where(self.passing, dout, 0.0)


rng = np.random.default_rng(0)
x_far = rng.choice([-1.0, 1.0], size=(3, 4)) * rng.uniform(0.1, 2.0, size=(3, 4))
print("gradient check of SuspectRelu:", round(layers.gradient_check(SuspectRelu(), x_far), 2))

suspect = SuspectRelu()
x = np.array([0.0, 2.0, -1.0])
print("forward: ", suspect.forward(x).tolist(), "  should be [0, 2, 0]")
print("backward:", suspect.backward(np.array([5.0, 6.0, 7.0])).tolist(),
      "  should be [0, 6, 0]: gradient 0 at x = 0")

# %% [markdown]
# 1. `forward` returns the mask `(x > 0) * 1` (ones and zeros) instead of the values:
#    the output is flat, so its true gradient is 0 almost everywhere, while `backward`
#    still says 1 where $x > 0$. The gradient check sees the mismatch at once.
# 2. The mask `x >= 0` lets the gradient through at exactly $x = 0$, against the series'
#    convention (the book's mask $x \le 0$: gradient 0 at 0). A gradient check cannot see
#    it: its inputs stay away from the kink, and at the kink itself a central difference
#    gives 0.5, which matches neither choice. Only a test *at* 0 finds it.
#
# The fix: return the values, and block where $x \le 0$.

# %%
class FixedRelu:
    def forward(self, x):
        self.blocked = x <= 0
        return np.where(self.blocked, 0.0, x)

    def backward(self, dout):
        return np.where(self.blocked, 0.0, dout)   # a new array; dout is left alone


# %%
check.fixed_relu(FixedRelu)


# %% [markdown]
# ## Exercise 2: leaky ReLU
#
# $\partial y/\partial x$ is 1 for $x > 0$ and $s$ for $x \le 0$ ($x = 0$ included: the
# formula puts it in the second case), so `backward` returns `dout` where $x > 0$ and
# `slope * dout` elsewhere. Never exactly zero: even a unit blocked
# on every sample still gets `slope * dout` for each of them, so its weights keep moving and
# it can come back. That is why a leaky unit cannot die.

# %%
class LeakyRelu:
    def __init__(self, slope=0.01):
        self.slope = slope

    def forward(self, x):
        self.passing = x > 0
        return np.where(self.passing, x, self.slope * x)

    def backward(self, dout):
        return np.where(self.passing, dout, self.slope * dout)


# %%
check.leaky_relu(LeakyRelu)


# %% [markdown]
# ## Exercise 3: when does a unit die?
#
# The unit is dead when $w x_i + b \le 0$ for every sample $i$, that is when
# $b \le -w x_i$ for every $i$, that is when $b \le -\max_i (w x_i)$. So the largest dead
# bias is
#
# $$b_\text{dead} = -\max_i\,(w\,x_i).$$
#
# For $w > 0$ the largest $w x_i$ comes from the largest $x_i$; for $w < 0$ from the
# smallest; for $w = 0$ it is 0. At $b_\text{dead}$ itself the strongest sample sits
# exactly on the kink, and the convention (gradient 0 at 0) blocks it too.

# %%
def dead_bias(w, xs):
    return -np.max(w * xs)


# the chapter's batch: dead at b = -4, alive at b = -1
rng = np.random.default_rng(0)
xs = rng.uniform(-1.0, 2.0, size=20)
print(f"w = 1.5: dead for b <= {dead_bias(1.5, xs):.4f}")

# %%
check.dead_bias(dead_bias)


# %% [markdown]
# ## Exercise 4: which units are dead?
#
# By hand, $z = XW + b$, one column per unit (rows are the 3 samples):
#
# | unit | $z$ | dead? |
# |---|---|---|
# | 0 | $[0,\ 1,\ -1]$ | no: sample 1 passes |
# | 1 | $[-4.5,\ -1,\ -0.5]$ | yes |
# | 2 | $[-2,\ 0,\ -4]$ | yes: $z = 0$ is blocked too (gradient 0 at 0) |
# | 3 | $[0.5,\ -2.75,\ -2.5]$ | no: one passing sample is enough to learn from |
#
# A unit is dead when its whole column of $z$ is $\le 0$: `all` down the sample axis.

# %%
X = np.array([[1.0, -2.0],
              [0.5, 1.0],
              [-1.0, 0.0]])
W = np.array([[1.0, -1.0, 2.0, 0.5],
              [0.5, 1.0, 1.0, -1.0]])
b = np.array([0.0, -1.5, -2.0, -2.0])

predicted_dead = [1, 2]


def dead_units(X, W, b):
    z = X @ W + b
    return (z <= 0).all(axis=0)     # blocked on every sample (axis 0 runs over the samples)


print("z =", (X @ W + b).tolist())
print("dead:", dead_units(X, W, b).tolist())

# %%
check.dead_units(dead_units, predicted_dead)
