# %% [markdown]
# # 3. Backward through add, multiply and max nodes: solutions
#
# Worked answers to the exercises of [chapter 3](../03_add_mul_backward.ipynb). Each
# answer is followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

from teaching.checks import ch03 as check

# %% [markdown]
# ## Exercise 1: oranges taxed twice
#
# Right to left from $\partial\,\text{price}/\partial\,\text{price} = 1$. The last tax
# node (multiply) swaps: `tax` gets $1 \times$ `all_price`
# $= \text{apple}\cdot\text{apple\_num} + \text{orange}\cdot\text{orange\_num}\cdot\text{tax}$,
# and `all_price` gets $1 \times \text{tax}$. The add node copies that tax to
# `orange_taxed`; the orange tax node swaps again: `tax` gets
# $\text{tax}\cdot\text{orange}\cdot\text{orange\_num}$. `tax` is used by both tax nodes,
# so its gradient is the sum of the two paths:
# $\text{apple}\cdot\text{apple\_num} + 2\,\text{orange}\cdot\text{orange\_num}\cdot\text{tax}$
# (360 + 648 = 1008 at the drawn numbers). Expanding the price,
# $\text{apple}\cdot\text{apple\_num}\cdot\text{tax} + \text{orange}\cdot\text{orange\_num}\cdot\text{tax}^2$,
# and differentiating gives the same: the $\text{tax}^2$ is where the 2 comes from, one
# factor per path.

# %%
d_tax = {
    # dprice x the last tax node's other input, all_price
    "through last tax": lambda apple, apple_num, orange, orange_num, tax:
        1 * (apple * apple_num + orange * orange_num * tax),
    # the add node copies dall_price = tax; the orange tax node swaps: x orange_price
    "through orange tax": lambda apple, apple_num, orange, orange_num, tax:
        (1 * tax) * (orange * orange_num),
}


# %%
check.tax_used_twice(d_tax)


# %% [markdown]
# ## Exercise 2: the max node as a layer
#
# `backward` needs to know which input won, element by element: `forward` keeps that as
# a boolean mask. The winner gets `dout`, the other 0; `np.where` does it for numbers
# and arrays alike. (At a tie this sends the gradient to `x`; max has no derivative
# there, so any choice is a convention.) The mask is a new array, so nothing the caller
# passed in is kept or changed.

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
