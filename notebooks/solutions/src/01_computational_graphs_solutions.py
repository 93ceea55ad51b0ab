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
# ## Exercise 1: any shopping list
#
# One `MulLayer` per item, an `AddLayer` per addition, and one `MulLayer` for the tax. The
# running sum starts at the first item's price, so $k$ items need $k - 1$ adds (starting
# at 0 would add a node the graph does not need). A new object for every node, since each
# layer keeps its own inputs.

# %%
def total_price(items, tax):
    item_prices = [MulLayer().forward(unit_price, count) for unit_price, count in items]
    all_price = item_prices[0]
    for item_price in item_prices[1:]:
        all_price = AddLayer().forward(all_price, item_price)
    return MulLayer().forward(all_price, tax)


print(round(total_price([(100, 2), (150, 3)], 1.1), 4))

# %%
check.total_price(total_price)


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

# %% [markdown]
# ## Exercise 3: numerical gradients of a growing graph
#
# With $k$ items the graph has $2k + 1$ inputs (a price and a count per item, and the tax),
# so central differences run $2(2k + 1)$ forward passes. Each pass makes one product at
# each $\times$ node, $k$ for the items and one for the tax; the $k - 1$ adds make none.
# In all $2(2k + 1)(k + 1)$ multiplications: 30 for two items, 40,602 for a hundred: it
# grows with the square of the graph's size. Backpropagation makes $k + 1$ products forward
# and $2(k + 1)$ backward, $3(k + 1) = 303$ for a hundred items: about 134 times fewer.

# %%
def numeric_products(k):
    inputs = 2 * k + 1
    products_per_pass = k + 1      # one per x node; the + nodes only add
    return 2 * inputs * products_per_pass


print(numeric_products(2), numeric_products(100), 3 * (100 + 1))

# %%
check.numeric_products(numeric_products)
