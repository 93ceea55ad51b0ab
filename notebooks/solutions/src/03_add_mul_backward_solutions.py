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
# ## Exercise 2: predict the gradients of a value used three times
#
# Forward: $u = 2 \cdot 5 = 10$, $v = 2 \cdot 2 = 4$, $f = 14$. Backward from
# $\partial L/\partial f = 1$:
#
# - the add node copies: $u$ and $v$ both get 1;
# - $u$'s multiply node swaps: $y$ gets $1 \cdot x = 2$, and $x$ gets $1 \cdot y = 5$;
# - $v$'s multiply node has $x$ on both inputs: each edge gets $1 \cdot x = 2$;
# - $x$ leaves along three edges, so its gradient is the sum of three paths: $5 + 2 + 2 = 9$.
#
# As a check without graphs: $f = xy + x^2$, so $\partial f/\partial x = y + 2x = 9$ and
# $\partial f/\partial y = x = 2$.

# %%
predicted = {
    "u": 1,           # the add node copies df
    "v": 1,
    "x": 5 + 2 + 2,   # through u (du * y) + both edges into v (dv * x, twice)
    "y": 2,           # du * x
}

# %%
check.three_uses_by_hand(predicted)


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
