# %% [markdown]
# # 4. Simple layers: solutions
#
# Worked answers to the exercises of [chapter 4](../04_simple_layers.ipynb). Each answer
# is followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

from layers import AddLayer
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
# ## Exercise 4: the bias gradient and the batch size
#
# - **Summed loss.** Each $b_h$ is now used in 8 rows, and its column of the stacked
#   `dout` holds every number of the old column twice: $db = 2 \times (4, 2, 4) = (8, 4, 8)$.
# - **Mean loss.** The loss puts $1/N = 1/8$ into every $\text{dout}_{n,h}$, and `db`
#   still only sums: $(8, 4, 8)/8 = (1, 0.5, 1)$, the same as the mean over the 4-row
#   batch, $(4, 2, 4)/4$.
#
# With the sum, `db` (and the step `b - rate * db`) grows with the batch; with the mean
# it does not, so one learning rate suits every batch size. `layers.AddLayer` agrees:

# %%
dout = np.array([[1.0, 0.0, 2.0], [0.0, 1.0, 1.0], [1.0, 1.0, 0.0], [2.0, 0.0, 1.0]])
dout_8 = np.vstack([dout, dout])                    # the batch stacked twice
add = AddLayer()
add.forward(np.zeros((8, 3)), np.zeros(3))          # only the shapes matter to its backward
db_by_batch = {"sum_loss": add.backward(dout_8)[1], "mean_loss": add.backward(dout_8 / 8)[1]}
print(db_by_batch)

# %%
check.bias_and_batch_size(db_by_batch)
