# %% [markdown]
# # 3. Backward through add and multiply nodes: solutions
#
# Worked answers to the exercises of [chapter 3](../03_add_mul_backward.ipynb). Each
# answer is followed by the same check as in the chapter; its output says **Right**.

# %%
from teaching.checks import ch03 as check
from layers import AddLayer, MulLayer

# %% [markdown]
# ## Exercise 1: the shopping gradients by hand
#
# Right to left. The tax node (multiply) swaps: `all_price` gets $1 \times 1.1$, `tax`
# gets $1 \times 650$. The add node copies 1.1 to both fruit prices. Each fruit node
# (multiply) swaps again: apple $1.1 \times 2$, apple count $1.1 \times 100$, orange
# $1.1 \times 3$, orange count $1.1 \times 150$.

# %%
by_hand = {
    "price": 1,
    "all_price": 1 * 1.1,
    "tax": 1 * 650,
    "apple_price": 1.1,
    "orange_price": 1.1,
    "apple": 1.1 * 2,
    "apple_num": 1.1 * 100,
    "orange": 1.1 * 3,
    "orange_num": 1.1 * 150,
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
# ## Exercise 3: the same graph in code
#
# Backward in the reverse order of forward: the multiply node first, then the add node,
# fed with the `ds` the multiply node returned. `x` receives one gradient from each node;
# the second is added to the first.

# %%
def two_uses_grads(x, y, dout):
    add, mul = AddLayer(), MulLayer()
    s = add.forward(x, y)
    mul.forward(s, x)

    ds, dx = mul.backward(dout)    # the direct path to x
    dx_via_s, dy = add.backward(ds)
    dx += dx_via_s                 # x is used twice: the two paths add
    return dx, dy


print(two_uses_grads(4.0, -1.0, 1.0))

# %%
check.two_uses(two_uses_grads)
