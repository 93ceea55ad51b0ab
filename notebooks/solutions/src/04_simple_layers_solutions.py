# %% [markdown]
# # 4. Simple layers: solutions
#
# Worked answers to the exercises of [chapter 4](../04_simple_layers.ipynb). Each answer
# is followed by the same check as in the chapter; its output says **Right**.

# %%
import inspect

import numpy as np

import layers
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
# ## Exercise 1: debug a `sum_to`, then layers for broadcasting
#
# With `grad` of shape $(4, 1, 3)$, `extra` is $3 - $ `len(shape)` and the buggy code sums
# the first `extra` axes. For $(4, 1, 3)$ nothing was broadcast and nothing is summed: right.
# For $(1, 3)$ it sums axis 0, the axis numpy added; its 1 meets the output's 1, so nothing
# was stretched: right. For $()$ it is every axis: right. For $(1, 1, 3)$ and $(4, 1, 1)$,
# `extra` is 0 and nothing is summed, though numpy *stretched* axis 0, then axis 2, from
# size 1: their uses must add up too, and the buggy code sums only the axes *added* in front.
#
# The fix keeps the buggy code's two lines (the sum over the added axes now assigned, not
# returned) and then sums, keeping them with size 1, the
# axes where `shape` has a 1 and `grad` does not. `grad.sum(...)` makes a new array, so
# `grad` is left alone.

# %%
my_wrong_shapes = [(1, 1, 3), (4, 1, 1)]         # a stretched axis, not summed

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
# so `forward` keeps the two shapes; `backward` sums `dout` back to each. `BroadcastMulLayer`
# keeps its inputs already (their shapes come with them): each local gradient, `dout` times
# the other input, is summed back to its own input's shape.

# %%
class BroadcastAddLayer:
    def forward(self, x, y):
        self.x_shape, self.y_shape = np.shape(x), np.shape(y)   # backward needs them
        return x + y

    def backward(self, dout):
        return sum_to(dout, self.x_shape), sum_to(dout, self.y_shape)


class BroadcastMulLayer(SimpleMulLayer):     # forward as before: it keeps x and y
    def backward(self, dout):
        return sum_to(dout * self.y, np.shape(self.x)), sum_to(dout * self.x, np.shape(self.y))


# %%
check.broadcast_layers(BroadcastAddLayer, BroadcastMulLayer)

# %% [markdown]
# `layers.py` does the same step in `sum_to_shape`, which `like` calls at the end of
# `AddLayer.backward` and `MulLayer.backward` (so the library's `AddLayer`, run by the
# chapter's explorer, already sums): it sums the leading axes one at a time,
# then the stretched ones.

# %%
print(inspect.getsource(layers.sum_to_shape))
