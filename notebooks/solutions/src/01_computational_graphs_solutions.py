# %% [markdown]
# # 1. Computational graphs: solutions
#
# Worked answers to the exercises of [chapter 1](../01_computational_graphs.ipynb). Each
# answer is followed by the same check as in the chapter; its output says **Right**.

# %%
from teaching.checks import ch01 as check
from layers import AddLayer, MulLayer

# %% [markdown]
# ## In the text: which nodes run again when orange_num changes
#
# `orange_num` is read only by the oranges' node, so `mul_orange` runs again and gives 600
# instead of 450. `add_fruit` reads that output, so it runs again (200 + 600 = 800), and
# `mul_tax` reads the sum (800 x 1.1). `mul_apple` reads only apple and apple_num, which did
# not change: it keeps its 200.

# %%
my_rerun_nodes = {"mul_orange", "add_fruit", "mul_tax"}

# %%
check.rerun_nodes(my_rerun_nodes)

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
# ## In the text: the multiplications of a backward pass
#
# Backward, a $\times$ node multiplies the gradient from its right by the other input,
# once for each of its two inputs: two products, the tax node's products with the first 1
# included. A $+$ node hands the same gradient to both inputs, a copy. A graph of $k$ items
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
# Follow both moves to the tax node. The apple's step adds $2\,d_{apple}$ yen to the
# subtotal, which becomes $650 + 2\,d_{apple}$; the tax node multiplies it by
# $1.1 + d_{tax}$:
#
# $$(650 + 2\,d_{apple})(1.1 + d_{tax}) = 715 + 2.2\,d_{apple} + 650\,d_{tax}
#   + 2\,d_{apple}\,d_{tax}.$$
#
# The first two rises are each move alone (its gradient times its step); the last term is
# the extra: the extra subtotal meeting the extra tax. For the explorer's moves,
# $2 \times 20 \times 0.1 = 4$ (113 = 44 + 65 + 4). It shrinks with the product of the
# steps (halve both and it falls to a quarter), so for small steps the single rises add up:
# the linear estimate of the chapter's start.

# %%
def cross(d_apple, d_tax):
    apple_num = 2
    return apple_num * d_apple * d_tax


# %%
check.cross(cross)
