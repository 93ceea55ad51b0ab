# %% [markdown]
# # 4. Simple layers: solutions
#
# Worked answers to the exercises of [chapter 4](../04_simple_layers.ipynb). Each answer
# is followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

from teaching.checks import ch04 as check

# %% [markdown]
# ## Warm-up: the add layer
#
# Both local derivatives of $x + y$ are 1, so `backward` passes `dout` on to both inputs
# and `forward` keeps nothing.

# %%
class SimpleAddLayer:
    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout * 1, dout * 1        # d(x+y)/dx = d(x+y)/dy = 1


# %%
check.simple_add_layer(SimpleAddLayer)

# %% [markdown]
# ## Exercise 1: a division layer
#
# $x / y = x \cdot y^{-1}$, so $\partial\,\text{out}/\partial x = 1/y$ and
# $\partial\,\text{out}/\partial y = x \cdot (-y^{-2}) = -x/y^2$: a larger $y$ makes the
# quotient smaller, hence the minus sign. Backward multiplies both by `dout`.
#
# `forward` computes `x / y`, which is a new array; writing `x /= y` instead would divide
# the caller's own array, and since the layer keeps `x`, its `backward` would then read
# $x/y$ where it needs $x$. With numbers that cannot happen (a float cannot be changed in
# place), which is why the check also tries arrays.

# %%
class DivLayer:
    def forward(self, x, y):
        self.x, self.y = x, y              # both needed: dy uses x and y
        return x / y                       # a new array: x itself stays as it was

    def backward(self, dout):
        dx = dout / self.y                 # d(x/y)/dx = 1/y
        dy = -dout * self.x / self.y ** 2  # d(x/y)/dy = -x/y**2
        return dx, dy


# %%
check.div_layer(DivLayer)


# %% [markdown]
# ## Exercise 2: a scale per column
#
# Each $x_{n,h}$ is used once, multiplied by $\gamma_h$: multiply swaps, so
# `dx = dout * gamma` (numpy broadcasts `gamma` down the rows again). Each $\gamma_h$ is
# used once per row, $N$ times, and each use sends back $\text{dout}_{n,h}\,x_{n,h}$; the
# uses add up, so `dgamma = (dout * x).sum(axis=0)`, of shape $(H,)$ like `gamma`.

# %%
class ScaleLayer:
    def forward(self, x, gamma):
        self.x, self.gamma = x, gamma
        return x * gamma

    def backward(self, dout):
        dx = dout * self.gamma
        dgamma = (dout * self.x).sum(axis=0)   # gamma[h] is used once per row: add the rows
        return dx, dgamma


# %%
check.scale_layer(ScaleLayer)


# %% [markdown]
# ## Exercise 3: debug a `sum_to`
#
# Line each shape up with $(4, 3)$ from the right. $(3,)$ and $()$ only lack axes in
# front, which `buggy_sum_to` sums away: right. $(4, 3)$ needs no sum: right. $(1, 3)$
# and $(4, 1)$ have as many axes as `grad`, so `extra` is 0 and nothing is summed, but
# one of their axes was *stretched* from size 1 (axis 0 of $(1, 3)$, axis 1 of
# $(4, 1)$): those two come back with the shape $(4, 3)$, wrong.
#
# The fix keeps the buggy code's first line and then sums, keeping them with size 1, the
# axes where `shape` has a 1 and `grad` does not. `grad.sum(...)` makes a new array, so
# `grad` is left alone.

# %%
wrong_shapes = [(1, 3), (4, 1)]


def sum_to(grad, shape):
    extra = grad.ndim - len(shape)
    grad = grad.sum(axis=tuple(range(extra)))         # the axes added in front
    stretched = tuple(axis for axis, size in enumerate(shape)
                      if size == 1 and grad.shape[axis] != 1)
    return grad.sum(axis=stretched, keepdims=True)    # the axes stretched from size 1


# %%
check.buggy_shapes(wrong_shapes)

# %%
check.sum_to(sum_to)


# %% [markdown]
# ## Exercise 4: layers that sum
#
# The local derivatives stay those of chapter 3; only the shapes change. Each input's
# gradient, computed with the shape of the output, is summed back to that input's shape.
# The multiply layer reads the shapes off the inputs it keeps; the add layer keeps only
# the shapes.

# %%
class SimpleMulLayer:                   # the chapter's class, as in chapter 3
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x


class SummingMulLayer(SimpleMulLayer):
    def backward(self, dout):
        return sum_to(dout * self.y, np.shape(self.x)), sum_to(dout * self.x, np.shape(self.y))


class SummingAddLayer:
    def forward(self, x, y):
        self.x_shape, self.y_shape = np.shape(x), np.shape(y)
        return x + y

    def backward(self, dout):
        return sum_to(dout, self.x_shape), sum_to(dout, self.y_shape)


# %%
check.summing_layers(SummingMulLayer, SummingAddLayer)
