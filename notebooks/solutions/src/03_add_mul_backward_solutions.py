# %% [markdown]
# # 3. Backward through add, multiply and max nodes: solutions
#
# Worked answers to the exercises of [chapter 3](../03_add_mul_backward.ipynb). Each
# answer is followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

from teaching.checks import ch03 as check

# %% [markdown]
# ## Exercise 1: a tax used twice
#
# Right to left from $\partial\,\text{price}/\partial\,\text{price} = 1$. The add node
# copies 1 to `apple_taxed` and `orange_taxed`. Each tax node (multiply) swaps: `tax` gets
# $1 \times$ its other input, the untaxed fruit price. `tax` is used by both tax nodes,
# so its gradient is the sum of its two paths:
# $\text{apple}\cdot\text{apple\_num} + \text{orange}\cdot\text{orange\_num}$, the
# untaxed total (660 at the drawn numbers), whatever the tax factor. The chapter's shop
# taxes that total once, so there `tax` gets `all_price`: the same number. It must be:
# both graphs compute the same function,
# $\text{tax}\cdot(\text{apple\_price} + \text{orange\_price})$, and a gradient belongs to
# the function, not to how the graph is drawn. The fork's sum is the backward side of
# factoring out the tax.

# %%
def d_tax(apple, apple_num, orange, orange_num, tax):
    through_apples = 1 * apple * apple_num       # 1 from the add node x the other input
    through_oranges = 1 * orange * orange_num    # the same on the oranges' path
    return through_apples + through_oranges      # a fork adds its paths


# %%
check.tax_used_twice(d_tax)


# %% [markdown]
# ## Exercise 2: max, then multiply
#
# Right to left from $\partial f/\partial f = 1$. The multiply node swaps: $m$ gets
# $1 \cdot x$, and $x$'s own edge into it gets $1 \cdot m$. The max node routes what $m$
# got to the larger input.
#
# - At $(2, 5)$: $m = 5$. $m$ gets 2, and $y$ won, so $y$ gets 2 and $x$'s path through
#   the max node carries 0. $\partial f/\partial x = 5 + 0 = 5$, $\partial f/\partial y = 2$.
#   Near this point $f = y x$, whose slopes are $y$ and $x$.
# - At $(6, 5)$: $m = 6$. $m$ gets 6, and $x$ won, so both paths of $x$ carry 6:
#   $\partial f/\partial x = 6 + 6 = 12$, $\partial f/\partial y = 0$ (near this point
#   $f = x^2$).

# %%
predicted = {
    "dx at (2, 5)": 5 + 0,    # own edge (m) + through max (y won: nothing)
    "dy at (2, 5)": 2,        # dm = x, routed to y
    "dx at (6, 5)": 6 + 6,    # own edge (m) + through max (x won: all of dm = x)
    "dy at (6, 5)": 0,        # y lost
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
