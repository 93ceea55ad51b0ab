# %% [markdown]
# # 1. Computational graphs: solutions
#
# Worked answers to the exercises of [chapter 1](../01_computational_graphs.ipynb). Each
# answer is followed by the same check as in the chapter; its output says **Right**.

# %%
from teaching.checks import ch01 as check
from layers import AddLayer, MulLayer

# %% [markdown]
# ## In the text: the five gradients, predicted
#
# Raise one input by a tiny $\varepsilon$ and follow the extra. An apple costing
# $\varepsilon$ more makes the 2 apples cost $2\varepsilon$ more, and the tax node turns
# that into $2 \times 1.1\,\varepsilon = 2.2\,\varepsilon$. One more apple (by
# $\varepsilon$) adds $100\,\varepsilon$ before tax, $110\,\varepsilon$ after. The
# oranges likewise: $3 \times 1.1 = 3.3$ and $150 \times 1.1 = 165$. The tax node
# multiplies its factor by the subtotal, so raising the factor by $\varepsilon$ adds
# $650\,\varepsilon$.

# %%
by_hand = {"apple": 2 * 1.1, "apple_num": 100 * 1.1, "orange": 3 * 1.1,
           "orange_num": 150 * 1.1, "tax": 200 + 450}

# %%
check.gradients_by_hand(by_hand)

# %% [markdown]
# ## In the text: the forward passes of central differences
#
# One central difference runs the graph twice, at $w + h$ and at $w - h$. Problem 2 has
# five inputs, each nudged on its own: $2 \times 5 = 10$ forward passes.

# %%
my_passes = 10

# %%
check.passes(my_passes)

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
# ## In the text: which gradients change when orange_num does
#
# Each input's gradient is `dout` times what its node's forward kept. `d_orange` is
# $1.1 \times$ `orange_num`: it becomes 4.4. `d_tax` is the subtotal, $200 + 150 \times$
# `orange_num`: it becomes 800. `d_apple` and `d_apple_num` read only the apples' node and
# the 1.1 from the tax node; `d_orange_num` is $1.1 \times$ `orange`, still 165.

# %%
my_changed = {"d_orange", "d_tax"}

# %%
check.changed_gradients(my_changed)

# %% [markdown]
# ## In the text: the multiplications of a backward pass
#
# Backward, a $\times$ node multiplies the gradient from its right by the other input,
# once for each of its two inputs: two products, the tax node's products with the first 1
# included. A $+$ node's local derivatives are exactly 1: `dout * 1` is a copy. A graph of $k$ items
# has $k + 1$ $\times$ nodes ($k$ items and the tax), so $2(k + 1)$ products backward:
# 6 for Problem 2, against 3 forward, worth $9 / 3 = 3$ forward passes together.

# %%
def backward_products(k):
    mul_nodes = k + 1          # one per item, one for the tax; the + nodes only copy
    return 2 * mul_nodes


# %%
check.backward_products(backward_products)

# %% [markdown]
# ## Exercise 1: any shopping list, forward and backward
#
# Forward: one `MulLayer` per item, an `AddLayer` per addition (a running sum from the
# first item's price: $k$ items need $k - 1$ adds), one `MulLayer` for the tax. Backward,
# in reverse: the tax node's `backward(1)`, then each `+` node, last first, hands its
# `dout` to both inputs, so every item's node gets the same `dout`, the tax.

# %%
def shop(items, tax):
    item_nodes = [MulLayer() for _ in items]
    add_nodes = [AddLayer() for _ in items[1:]]
    tax_node = MulLayer()
    item_prices = [node.forward(p, n) for node, (p, n) in zip(item_nodes, items)]
    all_price = item_prices[0]
    for node, item_price in zip(add_nodes, item_prices[1:]):
        all_price = node.forward(all_price, item_price)
    price = tax_node.forward(all_price, tax)

    d_all_price, d_tax = tax_node.backward(1)
    d_prices = []                  # the item prices' gradients, last item first
    for node in reversed(add_nodes):
        d_all_price, d_item_price = node.backward(d_all_price)
        d_prices.append(d_item_price)
    d_prices.append(d_all_price)   # what reaches the first item's price
    d_items = [node.backward(d) for node, d in zip(item_nodes, reversed(d_prices))]
    return price, d_items, d_tax


price, d_items, d_tax = shop([(100, 2), (150, 3)], 1.1)
print(round(price, 4), [(round(dp, 4), round(dn, 4)) for dp, dn in d_items], d_tax)

# %%
check.shop(shop)


# %% [markdown]
# ## Exercise 2: two inputs change at once
#
# Follow both moves to the tax node. With $n$ apples the subtotal is $100n + 450$; the
# apple's step adds $n\,s_{apple}$ yen to it, and the tax node multiplies the new subtotal by
# $1.1 + s_{tax}$:
#
# $$(100n + 450 + n\,s_{apple})(1.1 + s_{tax}) = (100n + 450)\,1.1 + 1.1n\,s_{apple}
#   + (100n + 450)\,s_{tax} + n\,s_{apple}\,s_{tax}.$$
#
# The middle two terms are each move alone (its gradient times its step); the last term is
# the extra: the extra subtotal meeting the extra tax. For the explorer's moves (2 apples),
# $2 \times 20 \times 0.1 = 4$ (113 = 44 + 65 + 4). It shrinks with the product of the
# steps (halve both and it falls to a quarter), so for small steps the single rises add up:
# the gradients predict small moves.

# %%
def cross(step_apple, step_tax, apple_num):
    return apple_num * step_apple * step_tax


# %%
check.cross(cross)
