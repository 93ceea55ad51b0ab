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
# First, the evidence. The suspect layer from the chapter fails the gradient check, and its
# `backward` changes the array it is given:

# %%
class SuspectRelu:
    def forward(self, x):
        self.blocked = x <= 0
        return (x > 0) * 1

    def backward(self, dout):
        dout *= ~self.blocked
        return dout


rng = np.random.default_rng(0)
x_far = rng.choice([-1.0, 1.0], size=(3, 4)) * rng.uniform(0.1, 2.0, size=(3, 4))
print("gradient check of SuspectRelu:", round(layers.gradient_check(SuspectRelu(), x_far), 2))

suspect = SuspectRelu()
x = np.array([[1.0, -0.5], [-2.0, 3.0]])
print("forward:", suspect.forward(x).tolist())
dout = np.array([[10.0, 20.0], [30.0, 40.0]])
suspect.backward(dout)
print("dout after backward:", dout.tolist())

# %% [markdown]
# 1. `forward` returns the mask `(x > 0) * 1` (ones and zeros) instead of the values:
#    the output is flat, so its true gradient is 0 almost everywhere, while `backward`
#    still says 1 where $x > 0$. The gradient check sees the mismatch. (This is the bug
#    of the copies that circulate online.)
# 2. `backward` multiplies `dout` **in place** (`*=`), so the caller's array changes.
#    (This is the book's own habit, written as a multiplication instead of an assignment.)
#
# The fix: return the values, and build a new array in `backward`.

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
# `dout` where $x > 0$ and `slope * dout` elsewhere: never exactly zero, which is the
# point of the leak.

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
# ## Exercise 3: ReLU6
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
