# %% [markdown]
# # 4. Simple layers: solutions
#
# Worked answers to the exercises of [chapter 4](../04_simple_layers.ipynb). Each answer
# is followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

from teaching.checks import ch04 as check
import layers

# %% [markdown]
# ## Exercise 1: a division layer
#
# $\text{out} = x / y = x \cdot y^{-1}$, so
# $\partial\,\text{out}/\partial x = 1/y$ and
# $\partial\,\text{out}/\partial y = -x/y^2$ (a larger $y$ makes the output smaller, hence
# the minus sign). `backward` multiplies both by `dout`. Every operation builds a new
# value, so `dout` is never changed.

# %%
class DivLayer:
    def forward(self, x, y):
        self.x, self.y = x, y          # both are needed by backward
        return x / y

    def backward(self, dout):
        dx = dout / self.y
        dy = -dout * self.x / self.y ** 2
        return dx, dy


layer = DivLayer()
print("forward(6, 3) =", layer.forward(6.0, 3.0))
print("backward(1.5) =", layer.backward(1.5))
print("gradient check below 1e-7?",
      layers.gradient_check(DivLayer(), np.array([1.0, -2.0]), np.array([0.5, 4.0])) < 1e-7)

# %%
check.div_layer(DivLayer)


# %% [markdown]
# ## Exercise 2: a scale per column
#
# Each $\gamma_h$ is used once in every row: $N$ uses, a fan-out. Each use is a multiply
# node, which sends back $\text{dout}_{n,h}$ times the *other* input, $x_{n,h}$. The paths
# add up, so $\partial L/\partial\gamma_h = \sum_n \text{dout}_{n,h}\,x_{n,h}$: the product
# `dout * x`, summed over axis 0. Each $x_{n,h}$ is used once, so `dx = dout * gamma`
# (numpy broadcasts `gamma` down the rows again).

# %%
class ScaleLayer:
    def forward(self, x, gamma):
        self.x, self.gamma = x, gamma   # backward needs both values: multiply swaps
        return x * gamma

    def backward(self, dout):
        dx = dout * self.gamma
        dgamma = np.sum(dout * self.x, axis=0)   # gamma[h] was used by every row
        return dx, dgamma


scale = ScaleLayer()
x = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
scale.forward(x, np.array([2.0, -1.0]))
dx, dgamma = scale.backward(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]))
print("dgamma =", dgamma, " shape", dgamma.shape)

# %%
check.scale_layer(ScaleLayer)


# %% [markdown]
# ## Exercise 3: what does one more friend save?
#
# The slope comes from `DivLayer.backward`: its second gradient is
# $\partial\,\text{share}/\partial\,\text{people} = -\text{price}/\text{people}^2$, at 715 and
# 3 people $-715/9 \approx -79.4$. The real change for a fourth friend is
# $715/4 - 715/3 = -715/12 \approx -59.6$.
#
# They differ because $\text{price}/\text{people}$ is not a straight line in the number of
# people: it falls steeply at first and then flattens out. The derivative is the slope of
# the tangent at 3 people, and a tangent of this upward-bending curve falls faster than
# the curve itself, so over a step of a whole person it promises a bigger saving than the
# real one. For a small step the two agree: the last lines compare them for one-hundredth
# of a person. (The real change over one step equals the slope at about 3.46 people,
# $\sqrt{3 \cdot 4}$, since $-715/(3 \cdot 4) = -715/p^2$ there.)

# %%
def one_more_friend(price, people):
    div = DivLayer()
    div.forward(price, people)
    _, slope = div.backward(1.0)               # d share / d people
    change = price / (people + 1) - price / people
    return slope, change


slope, change = one_more_friend(715.0, 3)
print(f"slope at 3 people:          {slope:.2f} per person")
print(f"real change for a 4th one:  {change:.2f}")
step = 0.01
print(f"for a step of {step}: slope says {slope * step:.4f}, "
      f"real change {715.0 / (3 + step) - 715.0 / 3:.4f}")

# %%
check.one_more_friend(one_more_friend)
