# %% [markdown]
# # 3. Backward through add, multiply and max nodes: solutions
#
# Worked answers to the exercises of [chapter 3](../03_add_mul_backward.ipynb). Each
# answer is followed by the same check as in the chapter; its output says **Right**.

# %%
import numpy as np

from teaching.checks import ch03 as check

# %% [markdown]
# ## Exercise 1: a shop with a discount, by hand
#
# Forward first: apple price $120 \times 3 = 360$, after the discount
# $360 \times 0.9 = 324$; orange price $80 \times 4 = 320$; all price $644$, price
# $644 \times 1.05 = 676.2$. Then right to left. The tax node (multiply) swaps:
# `all_price` gets $1 \times 1.05$, `tax` gets $1 \times 644$. The add node copies 1.05 to
# `apple_paid` and `orange_price`. The discount node (multiply) swaps: `apple_price` gets
# $1.05 \times 0.9 = 0.945$, `discount` gets $1.05 \times 360 = 378$. Each fruit node swaps
# again: apple $0.945 \times 3$, apple count $0.945 \times 120$, orange $1.05 \times 4$,
# orange count $1.05 \times 80$.

# %%
by_hand = {
    "price": 1,
    "all_price": 1 * 1.05,
    "tax": 1 * 644,
    "apple_paid": 1.05,
    "orange_price": 1.05,
    "apple_price": 1.05 * 0.9,
    "discount": 1.05 * 360,
    "apple": 1.05 * 0.9 * 3,
    "apple_num": 1.05 * 0.9 * 120,
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
# ## Exercise 4: predict the cost of 20 three-way forks
#
# - **Paths.** In each fork a path takes one of three branches, independently of the
#   other forks: $3^{20} = 3{,}486{,}784{,}401$ paths from $x$.
# - **Backward sweep.** One product per edge. A fork has ten edges: its input into each
#   of the three multiply nodes, $p_i$, $q_i$ and $r_i$ into them, the first two products
#   into the first add node, and that sum and the third product into the second add
#   node. $10 \times 20 = 200$.
# - **Forward mode.** One pass per input, each crossing all 200 edges. The inputs are
#   $x$ and three per fork: $61$. $61 \times 200 = 12{,}200$.

# %%
k = 20
cost_of_20 = {
    "paths_from_x": 3 ** k,
    "backward": 10 * k,
    "forward_mode": (3 * k + 1) * 10 * k,
}

# %%
check.fork_costs(cost_of_20)
