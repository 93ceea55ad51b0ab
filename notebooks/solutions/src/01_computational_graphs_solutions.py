# %% [markdown]
# # 1. Computational graphs: solutions
#
# Worked answers to the questions and the exercise of
# [chapter 1](../01_computational_graphs.ipynb). Each answer is followed by the same check as
# in the chapter; its output says **Right**.

# %%
from layers import MulLayer, numerical_gradient
from teaching.checks import ch01 as check

# %% [markdown]
# ## In the text: the gradients, predicted
#
# Raise one input by a tiny $\varepsilon$ and follow the rise. One more apple (by
# $\varepsilon$) adds $100\,\varepsilon$ before tax: the $\times$ node multiplies the rise
# by its other input, the $+$ node passes it on unchanged, and the tax node makes it
# $110\,\varepsilon$. The oranges likewise: $3 \times 1.1 = 3.3$ and $150 \times 1.1 = 165$.
# The tax node multiplies its factor by the subtotal, so raising the factor by
# $\varepsilon$ adds $650\,\varepsilon$.

# %%
by_hand = {"apple_num": 100 * 1.1, "orange": 3 * 1.1, "orange_num": 150 * 1.1,
           "tax": 200 + 450}

# %%
check.gradients_by_hand(by_hand)

# %% [markdown]
# ## In the text: central differences, measured
#
# `price_of` follows the graph: each item's price, their sum, times the tax.
# `numerical_gradient` runs it twice per input, at $w + h$ and $w - h$.

# %%
def price_of(inputs):
    apple, apple_num, orange, orange_num, tax = inputs
    return (apple * apple_num + orange * orange_num) * tax


measured = numerical_gradient(price_of, [100, 2, 150, 3, 1.1])
print(measured)

# %%
check.central_differences(price_of, measured, by_hand)

# %% [markdown]
# ## In the text: two moves at once
#
# With the apple at 120 the subtotal is $2 \times 120 + 450 = 690$, and the tax node
# multiplies the tax by it: `d_tax_at_120` is 690. Moving both, the tax step of 0.1 now meets
# 690 instead of 650: $69$ yen instead of $65$, so the extra is $0.1 \times 40 = 4$, the
# subtotal the apple move added times the tax's step. Written out,
# $(650 + 2 s_a)(1.1 + s_t) = 715 + 2.2\,s_a + 650\,s_t + 2\,s_a s_t$: the middle terms are
# the single moves, the last the extra. Half steps give $2 \times 10 \times 0.05 = 1$, a
# quarter of 4.

# %%
together = {"d_tax_at_120": 2 * 120 + 450, "extra": 2 * 20 * 0.1, "extra_halved": 2 * 10 * 0.05}

# %%
check.two_moves(together)

# %% [markdown]
# ## In the text: the backward pass with the layers
#
# Start where the price comes out: `mul_tax.backward(1)` returns the gradients of its two
# inputs in the order of its `forward`, `(all_price, tax)`. The `+` node hands the first on
# to both item prices, and each item's node sends it times the other input.

# %%
def backward_pass(mul_apple, mul_orange, add_fruit, mul_tax):
    d_all_price, d_tax = mul_tax.backward(1)
    d_apple_price, d_orange_price = add_fruit.backward(d_all_price)
    d_apple, d_apple_num = mul_apple.backward(d_apple_price)
    d_orange, d_orange_num = mul_orange.backward(d_orange_price)
    return d_apple, d_apple_num, d_orange, d_orange_num, d_tax


# %%
check.backward_pass(backward_pass)

# %% [markdown]
# ## Exercise: one layer for two nodes
#
# A layer keeps only the inputs of its last `forward`. On 3 apples at 120 with tax 1.08,
# after the second call `mul` holds `(360, 1.08)`, so `mul.backward(1)` returns
# $(1.08, 360)$: `d_tax` is 360, as it should be. The second backward multiplies 1.08 by the
# same `(360, 1.08)` instead of the apple node's `(120, 3)`: `d_apple` is
# $1.08 \times 1.08 = 1.1664$ (instead of $3 \times 1.08 = 3.24$) and `d_apple_num` is
# $1.08 \times 360 = 388.8$ (instead of $120 \times 1.08 = 129.6$).

# %%
my_reused = {"d_apple": 1.08 * 1.08, "d_apple_num": 1.08 * 360, "d_tax": 120 * 3}

# %%
check.reused_outputs(my_reused)

# %% [markdown]
# The fix: one layer per node, as in the chapter's code.

# %%
def reused_pass(apple, apple_num, tax):
    mul_apple, mul_tax = MulLayer(), MulLayer()     # fixed: each node keeps its own inputs
    mul_tax.forward(mul_apple.forward(apple, apple_num), tax)
    d_apple_price, d_tax = mul_tax.backward(1)
    d_apple, d_apple_num = mul_apple.backward(d_apple_price)
    return d_apple, d_apple_num, d_tax


# %%
check.fixed_pass(reused_pass, my_reused)
