# %% [markdown]
# # 1. Computational graphs: solutions
#
# Worked answers to the exercises of [chapter 1](../01_computational_graphs.ipynb). Each
# answer is followed by the same check as in the chapter; its output says **Right**.

# %%
from teaching.checks import ch01 as check
from layers import AddLayer, MulLayer

# %% [markdown]
# ## In the text: which nodes do the same work for basket B
#
# Basket B (5 apples at 130 yen, no oranges) gives each node these inputs: the apples'
# node $130$ and $5$ (basket A: 100 and 2), the oranges' node $150$ and $0$ (150 and 3),
# the $+$ node $650$ and $0$ (200 and 450), the tax node $650$ and $1.1$ (650 and 1.1).
# The $+$ node's output is the same 650, but from other inputs. Only the tax node gets the
# same two numbers, so it does exactly the same work and cannot tell the baskets apart.

# %%
my_same_nodes = {"mul_tax"}

# %%
check.same_work(my_same_nodes)

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
# ## In the text: basket C's backward pass on paper
#
# Forward: $4 \times 120 = 480$, $5 \times 90 = 450$, subtotal 930, price
# $930 \times 1.08 = 1004.4$. Backward from 1 at the price: the tax node sends
# $1 \times 930$ to tax and $1 \times 1.08$ to all price; the $+$ node copies 1.08 to both
# item prices; the apples' node sends $1.08 \times 4 = 4.32$ to apple and
# $1.08 \times 120 = 129.6$ to apple num, the oranges' node $1.08 \times 5 = 5.4$ and
# $1.08 \times 90 = 97.2$.

# %%
red = {"all_price": 1.08, "apple_price": 1.08, "orange_price": 1.08,
       "apple": 1.08 * 4, "apple_num": 1.08 * 120, "orange": 1.08 * 5, "orange_num": 1.08 * 90,
       "tax": 480 + 450}

# %%
check.backward_on_paper(red)

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
# Basket C's price, from its forward pass above: $930 \times 1.08 = 1004.4$ yen. After
# both moves: $4 \times 121 = 484$, subtotal 934, new price $934 \times 1.09 = 1018.06$,
# 13.66 more. One move at a time: the apple alone adds 4 yen before tax,
# $4 \times 1.08 = 4.32$ after (its gradient 4.32 times the 1 yen); the tax alone adds
# $930 \times 0.01 = 9.30$. Together $13.62$: the rest, $0.04$, is the cross term, the 4
# extra yen meeting the extra $0.01$ at the tax node: the apple count times the two steps,
# $4 \times 1 \times 0.01$. It shrinks fast for small steps (halve both and it falls to a
# quarter): adding the changes of single inputs is the linear estimate of the chapter's
# start (raising $w$ by $\varepsilon$ raises $L$ by about the gradient times $\varepsilon$).

# %%
paper = {"new_price": 934 * 1.09, "cross": 934 * 1.09 - 930 * 1.08 - 4 * 1.08 - 930 * 0.01}

# %%
check.parts_on_paper(paper)

# %% [markdown]
# ## Exercise 3: numerical gradients of a growing graph
#
# With $k$ items the graph has $2k + 1$ inputs (a price and a count per item, and the tax),
# so central differences run $2(2k + 1)$ forward passes. Each pass runs every node: $k$
# multiplies for the items, $k - 1$ adds to sum their prices and one multiply for the tax,
# $2k$ nodes. In all $2(2k + 1) \cdot 2k = 4k(2k + 1)$ node runs: 40 for two items, 80,400
# for a hundred: it grows with the square of the graph's size. Backpropagation runs each
# node once forward and once backward: $4k$ node runs, $2k + 1 = 201$ times fewer for a
# hundred items.

# %%
def node_runs(k):
    inputs = 2 * k + 1
    nodes = k + (k - 1) + 1
    return 2 * inputs * nodes


print(node_runs(2), node_runs(100))

# %%
check.node_runs(node_runs)
