# %% [markdown]
# # 7. Common mistakes: solutions
#
# Worked answers to the exercises of [chapter 10](../10_common_mistakes.ipynb). Each
# answer is followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

from teaching.checks import ch10 as check
import layers
from layers import AddLayer, MulLayer

# %% [markdown]
# ## Exercise 1: the in-place detector
#
# Copy the values of `dout` *before* `backward` runs: `before = dout` would only give the
# same array a second name, and it would change along with `dout`. Afterwards compare
# values. Whether `backward` returned `dout` itself says nothing either way: a layer may
# write into `dout` and return a copy, or return `dout` untouched.

# %%
def writes_into_dout(layer, x, dout):
    before = dout.copy()
    layer.forward(x)
    layer.backward(dout)
    return not np.array_equal(before, dout)


class InPlaceRelu:
    def forward(self, x):
        self.mask = x <= 0
        return np.where(self.mask, 0.0, x)

    def backward(self, dout):
        dout[self.mask] = 0.0
        return dout


x = np.array([[1.0, -0.5], [-2.0, 3.0]])
print("layers.Relu writes into dout:", writes_into_dout(layers.Relu(), x, np.ones((2, 2))))
print("InPlaceRelu writes into dout:", writes_into_dout(InPlaceRelu(), x, np.ones((2, 2))))

# %%
check.in_place_detector(writes_into_dout)


# %% [markdown]
# ## Exercise 2: a sigmoid that never overflows
#
# $e = e^{-|x|}$ is never larger than 1. For $x \ge 0$ it is $e^{-x}$, so
# $\sigma = 1/(1 + e)$; for $x < 0$ it is $e^{x}$, so $\sigma = e/(1 + e)$. Both branches of
# `np.where` are built from `e`, so computing both for every element is harmless.

# %%
def stable_sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


# %%
check.sigmoid(stable_sigmoid)


# %% [markdown]
# ## Exercise 3: a fork that goes through a product
#
# On paper: $L = (x + y)\,x = x^2 + xy$, so $\partial L/\partial x = 2x + y$ and
# $\partial L/\partial y = x$. With layers: the sum $s = x + y$ comes first, then
# $L = s \cdot x$. Backward starts at the product, which sends $x$ to $s$ and $s = x + y$
# to its direct input $x$. Then the sum passes its gradient $x$ on to both $x$ and $y$.
# $x$ has received two shares, $x + y$ and $x$; they add up to $2x + y$.

# %%
def product_fork_grads(x, y):
    add, mul = AddLayer(), MulLayer()
    s = add.forward(x, y)
    mul.forward(s, x)
    ds, dx_mul = mul.backward(1.0)
    dx_add, dy = add.backward(ds)
    return dx_mul + dx_add, dy


dx, dy = product_fork_grads(3.0, 4.0)
print(f"at x = 3, y = 4: dx = {dx:g} (2x + y = 10), dy = {dy:g} (x = 3)")

# %%
check.fork_product(product_fork_grads)
