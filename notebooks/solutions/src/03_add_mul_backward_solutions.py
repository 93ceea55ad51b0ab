# %% [markdown]
# # 3. Backward through add, multiply and max nodes: solutions
#
# The worked answer to the exercise of [chapter 3](../03_add_mul_backward.ipynb). It is
# followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

from teaching.checks import ch03 as check

# %% [markdown]
# ## Exercise: the max node as a layer
#
# The given `MaxLayer` decides with one `if`: on arrays, `x >= y` is an array of
# booleans, and Python cannot turn it into one True or False ("the truth value of an array
# ... is ambiguous"). Each entry needs its own decision: `forward` keeps the comparison as a
# boolean mask and `np.maximum` picks entry by entry; in `backward`, `np.where` gives the
# winner `dout` and the other input 0, for numbers and arrays alike. (At a tie `x` still wins:
# max has no derivative there, so any choice is a convention.) The mask is a new array, so
# nothing the caller passed in is kept or changed.

# %%
class MaxLayer:
    def forward(self, x, y):
        self.x_won = np.asarray(x) >= np.asarray(y)   # where x is the larger input
        return np.maximum(x, y)

    def backward(self, dout):
        dx = np.where(self.x_won, dout, 0.0)   # the winner gets all of dout ...
        dy = np.where(self.x_won, 0.0, dout)   # ... the other input nothing
        return dx, dy


# %%
check.max_layer(MaxLayer)
