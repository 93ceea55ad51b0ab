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
# multiplies the tax by it: `d_tax_at_120` is 690. Moving both, the tax step of 0.1 now meets
# 690 instead of 650: $69$ yen instead of $65$, so the extra is $0.1 \times 40 = 4$, the
# apple's extra subtotal times the tax's step. Written out,
# $(650 + 2 s_a)(1.1 + s_t) = 715 + 2.2\,s_a + 650\,s_t + 2\,s_a s_t$: the middle terms are
# the single moves, the last the extra. Half steps give $2 \times 10 \times 0.05 = 1$, a
# quarter of 4.

# %%
together = {"d_tax_at_120": 2 * 120 + 450, "extra": 2 * 20 * 0.1, "extra_halved": 2 * 10 * 0.05}

# %%
check.two_moves(together)

# %% [markdown]
# Beyond the chapter's apple and tax: on the explorer, the pairs that make an extra are those whose edges meet at a $\times$
# node: apple with apple num (at the apple's node), and any item input with tax (at the tax
# node). Apple with orange, or the two counts, meet only at the $+$ node, which adds their
# rises: no extra.

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
# ## Exercise: a broken backward pass
#
# `mul_tax.backward(1)` returns its gradients in the order of its `forward`'s inputs,
# `(apple_price, tax)`: $(1 \times 1.1, 1 \times 200) = (1.1, 200)$. The pass unpacks them
# the other way round, so `d_tax` is 1.1 (instead of 200) and `mul_apple` is fed 200
# (instead of 1.1): `d_apple` is $200 \times 2 = 400$ and `d_apple_num` is
# $200 \times 100 = 20000$.

# %%
my_broken = {"d_apple": 400, "d_apple_num": 20000, "d_tax": 1.1}

# %%
check.broken_outputs(my_broken)

# %% [markdown]
# The fix: unpack in the order of `mul_tax`'s forward, `(apple_price, tax)`.

# %%
def broken_pass(mul_apple, mul_tax):
    d_apple_price, d_tax = mul_tax.backward(1)     # fixed: the order of forward's inputs
    d_apple, d_apple_num = mul_apple.backward(d_apple_price)
    return d_apple, d_apple_num, d_tax


# %%
check.fixed_pass(broken_pass, my_broken)
