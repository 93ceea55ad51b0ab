# %% [markdown]
# # 4. Simple layers: solutions
#
# Worked answers to the exercises of [chapter 4](../04_simple_layers.ipynb). Each answer
# is followed by the same check as in the chapter; its output says **Right**.

# %%
import inspect

import numpy as np

import layers
from teaching.broadcast import mean_loss_steps
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
# ## The shopping graph, wired
#
# One layer object per node; backward runs in reverse, each layer getting the gradient of
# its own output. The tax layer's inputs are (total, tax), the add layer's the two bills.

# %%
class SimpleMulLayer:                   # the chapter's multiply layer
    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x


def shop_gradients():
    apple, orange, add, tax = SimpleMulLayer(), SimpleMulLayer(), SimpleAddLayer(), SimpleMulLayer()
    total = add.forward(apple.forward(100, 2), orange.forward(150, 3))
    tax.forward(total, 1.1)
    dtotal, dtax = tax.backward(1)                 # dtax = total = 650
    dapple_bill, dorange_bill = add.backward(dtotal)
    dapple, dapple_num = apple.backward(dapple_bill)
    dorange, dorange_num = orange.backward(dorange_bill)
    return {"dapple": dapple, "dapple_num": dapple_num, "dorange": dorange,
            "dorange_num": dorange_num, "dtax": dtax}


# %%
check.apple_orange(shop_gradients)

# %% [markdown]
# ## Exercise 1: a three-input multiply
#
# $x\,y\,z$ is $x$ times the constant $y\,z$, so $\partial\,\text{out}/\partial x = y\,z$;
# likewise $x\,z$ for $y$ and $x\,y$ for $z$. The shortcut's `out / x` is that same $y\,z$
# whenever $x \ne 0$, of either sign; where an input is 0, `out` is 0 and it divides 0 by 0.
# At $(0, 3, 4)$ that is `dx`, whose true value $y\,z = 12$ (times `dout`) is not 0; at
# $(2, 0, 0)$, `dx` $= 0/2$ is right but `dy` and `dz` are $0/0$.
#
# Built from two multiply layers, `Mul3Layer` needs no formula: the second layer, handed
# `dout`, returns the gradients of $x\,y$ and of $z$; the first, handed the gradient of its
# own output $x\,y$, returns those of $x$ and $y$. The chain rule multiplies out to
# `dout` times the product of the other two inputs, and each layer keeps its inputs, so
# nothing divides.

# %%
my_shortcut_wrong = [(0, 3, 4), (2, 0, 0)]          # an input is 0: out / input is 0 / 0

# %%
check.shortcut_inputs(my_shortcut_wrong)

# %%
class Mul3Layer:
    def __init__(self):
        self.xy, self.xyz = SimpleMulLayer(), SimpleMulLayer()   # x * y, then (x * y) * z

    def forward(self, x, y, z):
        return self.xyz.forward(self.xy.forward(x, y), z)

    def backward(self, dout):
        dxy, dz = self.xyz.backward(dout)          # dxy = dout * z, dz = dout * x * y
        dx, dy = self.xy.backward(dxy)             # dx = dxy * y, dy = dxy * x
        return dx, dy, dz


# %%
check.mul3_layer(Mul3Layer)


# %% [markdown]
# ## Exercise 2: debug a `sum_to`
#
# With `grad` of shape $(2, 4, 3)$, `extra` is $3 - $ `len(shape)` and the buggy code sums
# the first `extra` axes. For $(4, 3)$ that is axis 0, the one axis numpy added: right. For
# $()$ it is every axis: right. For $(4, 1)$ and $(1, 3)$ it sums axis 0 and returns shape
# $(4, 3)$; for $(2, 1, 3)$, `extra` is 0 and nothing is summed. Each of these three has an
# axis numpy *stretched* from size 1, whose uses must add up too, and the buggy code sums
# only the axes *added* in front.
#
# The fix keeps the buggy code's first line and then sums, keeping them with size 1, the
# axes where `shape` has a 1 and `grad` does not. `grad.sum(...)` makes a new array, so
# `grad` is left alone.

# %%
my_wrong_shapes = [(4, 1), (2, 1, 3), (1, 3)]         # a stretched axis, not summed

# %%
check.buggy_shapes(my_wrong_shapes)


# %%
def sum_to(grad, shape):
    extra = grad.ndim - len(shape)
    grad = grad.sum(axis=tuple(range(extra)))         # the axes added in front
    stretched = tuple(axis for axis, size in enumerate(shape)
                      if size == 1 and grad.shape[axis] != 1)
    return grad.sum(axis=stretched, keepdims=True)    # the axes stretched from size 1


# %%
check.sum_to(sum_to)

# %% [markdown]
# `BroadcastAddLayer`'s `backward` cannot tell from `dout` alone which shape each input had,
# so `forward` keeps the two shapes; `backward` sums `dout` back to each.

# %%
class BroadcastAddLayer:
    def forward(self, x, y):
        self.x_shape, self.y_shape = np.shape(x), np.shape(y)   # backward needs them
        return x + y

    def backward(self, dout):
        return sum_to(dout, self.x_shape), sum_to(dout, self.y_shape)


# %%
check.broadcast_add_layer(BroadcastAddLayer)

# %% [markdown]
# `layers.py` does the same step in `sum_to_shape`, which `like` calls at the end of
# `AddLayer.backward` and `MulLayer.backward`: it sums the leading axes one at a time, then
# the stretched ones.

# %%
print(inspect.getsource(layers.sum_to_shape))


# %% [markdown]
# ## Exercise 3: the batch size and the learning rate
#
# - **`db_mean`.** $L_\text{mean} = L_\text{sum} / N$, so the loss sends back $g / N$,
#   and `AddLayer` only sums it: each $b_h$ collects its column of $g$, $(8, 4, 2)$ at
#   $N = 4$, so $(2, 1, 0.5)$.
# - **`step_sum_64`.** $L_\text{sum}$ has a term for every row, so each of the 16 copies of
#   the four rows adds $(8, 4, 2)$ to `db`: $(128, 64, 32)$, a step at rate 0.01 of
#   $(1.28, 0.64, 0.32)$.
# - **`rate_sum_64`.** On 64 rows $L_\text{sum}$'s `db` is 64 times $L_\text{mean}$'s, so
#   the same step needs a rate 64 times smaller: $0.01 / 64$. The best rate can still depend
#   on $N$, since a smaller batch gives a noisier gradient.
#
# At a fixed rate the summed loss steps further the larger the batch; the mean keeps the
# step's scale, which is why chapter 7's loss divides by $N$.

# %%
g = np.array([[2.0, 1.0, 0.0], [3.0, 0.0, 1.0], [1.0, 2.0, 0.0], [2.0, 1.0, 1.0]])
my_batch = {"db_mean": [8 / 4, 4 / 4, 2 / 4],                # column sums of g, / N
            "step_sum_64": [0.01 * 16 * 8, 0.01 * 16 * 4, 0.01 * 16 * 2],
            "rate_sum_64": 0.01 / 64}                       # db is 64 times L_mean's

# %%
check.batch_steps(my_batch)

# %%
mean_loss_steps(g)
