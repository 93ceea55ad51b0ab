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
# ## Exercise 2: max, then multiply
#
# Right to left from the upstream $df$. The multiply node swaps: $m$ gets $df \cdot x$,
# and $x$'s own edge into it gets $df \cdot m$. The max node routes what $m$ got to the
# larger input.
#
# - At $(2, 5)$, $df = 1$: $y$ wins; $m = 5$ and gets 2, all routed to $y$.
#   `dx` $= 5 + 0 = 5$, `dy` $= 2$.
# - At $(4, 3)$, $df = 2$: $x$ wins; $m = 4$ and gets $2 \cdot 4 = 8$, routed to $x$, whose
#   two paths add: `dx` $= 2 \cdot 4 + 8 = 16$, `dy` $= 0$.

# %%
predicted = {
    "dx at (2, 5)": 5 + 0,              # own edge (df m) + through max (y won: nothing)
    "dy at (2, 5)": 2,                  # dm = df x, routed to y
    "dx at (4, 3), df = 2": 2 * 4 + 2 * 4,  # own edge (df m) + through max (x won: df x)
    "dy at (4, 3), df = 2": 0,              # y lost the max
}

# %%
check.max_times_x(predicted)


# %% [markdown]
# ## Exercise 3: the max node as a layer
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
