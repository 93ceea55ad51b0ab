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
# First, the evidence. The gradient check fails; then forward and backward on inputs that
# include exact zeros:

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
# $\partial y/\partial x$ is 1 for $x > 0$ and $s$ for $x \le 0$, so `backward` returns
# `dout` where $x > 0$ and `slope * dout` elsewhere. Never exactly zero: even a unit blocked
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
# ## Exercise 4: ReLU6
#
# The output is flat below 0 *and* above 6, so the gradient passes only where
# $0 < x < 6$. One mask for both walls:

# %%
class Relu6:
    def forward(self, x):
        self.passing = (x > 0) & (x < 6)
        return np.clip(x, 0.0, 6.0)

    def backward(self, dout):
        return np.where(self.passing, dout, 0.0)


relu6 = Relu6()
print(relu6.forward(np.array([-1.0, 3.0, 7.5])).tolist(),
      relu6.backward(np.array([1.0, 1.0, 1.0])).tolist())

# %%
check.relu6(Relu6)
