# %% [markdown]
# # 1. Computational graphs: solutions
#
# Worked answers to the questions and the exercise of
# [chapter 1](../01_computational_graphs.ipynb). Each answer is followed by the same check as
# in the chapter; its output says **Right**.

# %%
from teaching.checks import ch01 as check

# %% [markdown]
# ## In the text: the gradients, predicted
#
# Raise one input by a tiny $\varepsilon$ and follow the extra. One more apple (by
# $\varepsilon$) adds $100\,\varepsilon$ before tax: the $\times$ node multiplies the extra
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
# ## In the text: two moves at once
#
# With the apple at 120 the subtotal is $2 \times 120 + 450 = 690$, and the tax node
# multiplies the tax by it: `tax_rate` is 690. Moving both, the tax step of 0.1 now meets
# 690 instead of 650: $69$ yen instead of $65$, so the extra is $0.1 \times 40 = 4$, the
# apple's extra subtotal times the tax's step. Written out,
# $(650 + 2 s_a)(1.1 + s_t) = 715 + 2.2\,s_a + 650\,s_t + 2\,s_a s_t$: the middle terms are
# the single moves, the last the extra. Half steps give $2 \times 10 \times 0.05 = 1$, a
# quarter of 4.

# %%
together = {"tax_rate": 2 * 120 + 450, "extra": 2 * 20 * 0.1, "extra_halved": 2 * 10 * 0.05}

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
# ## In the text: what the gradients cost
#
# A graph of $k$ items has $k + 1$ $\times$ nodes ($k$ items and the tax) and $k - 1$ $+$
# nodes. Forward, each $\times$ node makes one product: $k + 1$. Backward, a $\times$ node
# multiplies `dout` by the other input once for each of its two inputs, the tax node's
# products with the first 1 included: $2(k + 1)$. A $+$ node's local derivatives are
# exactly 1, counted as free. Together $3(k + 1)$ products, three forward passes whatever
# $k$. The inputs are a unit price and a count per item, and the tax: $2k + 1$, each needing
# two forward passes for its central difference, $2(2k + 1)$.

# %%
def cost(k):
    forward = k + 1                  # one product per × node: k items, the tax
    backward = 2 * forward           # two per × node; the + nodes only copy
    both = (forward + backward) / forward
    central = 2 * (2 * k + 1)        # two runs for each of the 2k + 1 inputs
    return backward, both, central


# %%
check.cost(cost)


# %% [markdown]
# ## Exercise: a new tax rate
#
# Follow `dout` from the price. The tax node sends `dout` times its other input to each
# input: to `all_price` $1 \times 1.2 = 1.2$ instead of 1.1, to the tax $1 \times$ `all_price`,
# still 650, since the tax's move does not reach the subtotal. The $+$ node hands the 1.2 to
# both item prices, and each item's $\times$ node multiplies it by the other input:
# $2 \times 1.2 = 2.4$, $100 \times 1.2 = 120$, $3 \times 1.2 = 3.6$, $150 \times 1.2 = 180$. One
# number computed once at `all_price` changed all four item gradients.

# %%
new_tax = {"d_apple": 2 * 1.2, "d_apple_num": 100 * 1.2, "d_orange": 3 * 1.2,
           "d_orange_num": 150 * 1.2, "d_tax": 200 + 450}

# %%
check.new_tax_gradients(new_tax)
