# %% [markdown]
# # 3. Backward through add, multiply and max nodes: solutions
#
# Worked answers to the exercises of [chapter 3](../03_add_mul_backward.ipynb). Each
# answer is followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

from teaching.checks import ch03 as check

# %% [markdown]
# ## Exercise 1: a new shop, by hand
#
# Forward first: apple price $120 \times 3 = 360$, orange price $80 \times 4 = 320$,
# all price $680$, price $680 \times 1.05 = 714$. Then right to left. The tax node
# (multiply) swaps: `all_price` gets $1 \times 1.05$, `tax` gets $1 \times 680$. The add
# node copies 1.05 to both fruit prices. Each fruit node (multiply) swaps again: apple
# $1.05 \times 3$, apple count $1.05 \times 120$, orange $1.05 \times 4$, orange count
# $1.05 \times 80$.

# %%
by_hand = {
    "price": 1,
    "all_price": 1 * 1.05,
    "tax": 1 * 680,
    "apple_price": 1.05,
    "orange_price": 1.05,
    "apple": 1.05 * 3,
    "apple_num": 1.05 * 120,
    "orange": 1.05 * 4,
    "orange_num": 1.05 * 80,
}

# %%
check.shopping_gradients(by_hand)


# %% [markdown]
# ## Exercise 2: predict the gradients of a value used twice
#
# Forward: $s = 4 + (-1) = 3$, $f = 3 \cdot 4 = 12$. Backward from $\partial L/\partial f = 1$:
#
# - the multiply node swaps: $s$ gets $1 \cdot x = 4$, and $x$ gets $1 \cdot s = 3$ along
#   the direct path;
# - the add node passes $\partial L/\partial s = 4$ on unchanged: $y$ gets 4, and $x$ gets 4
#   along its second path;
# - $x$ has two paths, so its gradient is their sum: $3 + 4 = 7$.
#
# As a check without graphs: $f = x^2 + xy$, so $\partial f/\partial x = 2x + y = 7$ and
# $\partial f/\partial y = x = 4$.

# %%
predicted = {
    "s": 4,       # the other input of the multiply node, x
    "x": 3 + 4,   # direct path (s) + path through s (ds * 1)
    "y": 4,       # ds * 1
}

# %%
check.two_uses_by_hand(predicted)


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


# %% [markdown]
# ## Exercise 4: predict the cost of 20 diamonds
#
# - **Paths.** In each diamond a path takes one of two branches, independently of the
#   other diamonds: $2^{20} = 1{,}048{,}576$ paths from $x$.
# - **Backward sweep.** One product per edge. A diamond has six edges: its input into
#   each of the two multiply nodes, $p_i$ and $q_i$ into them, and the two products into
#   the add node. $6 \times 20 = 120$.
# - **Forward mode.** One pass per input, each crossing all 120 edges. The inputs are
#   $x$ and two per diamond: $41$. $41 \times 120 = 4{,}920$.

# %%
k = 20
cost_of_20 = {
    "paths_from_x": 2 ** k,
    "backward": 6 * k,
    "forward_mode": (2 * k + 1) * 6 * k,
}

# %%
check.diamond_costs(cost_of_20)
