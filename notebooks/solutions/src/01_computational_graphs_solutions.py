# %% [markdown]
# # 1. Computational graphs: solutions
#
# Worked answers to the exercises of [chapter 1](../01_computational_graphs.ipynb). Each
# answer is followed by the same check as in the chapter; its output says **Right**.

# %%
from teaching.checks import ch01 as check
from layers import AddLayer, MulLayer

# %% [markdown]
# ## Exercise 1: what did an apple cost?
#
# Undo the nodes from right to left: the tax node multiplied by 1.08, so divide,
# $1004.4 / 1.08 = 930$; the oranges' node is known, $90 \times 5 = 450$; the $+$ node
# added, so subtract, $930 - 450 = 480$; the apples' node multiplied by 4, so
# $480 / 4 = 120$ yen.

# %%
edge_values = {
    "all_price": 1004.4 / 1.08,
    "orange_price": 90 * 5,
    "apple_price": 930 - 450,
    "apple": 480 / 4,
}

# %%
check.unknown_apple(edge_values)

# %% [markdown]
# ## Exercise 2: any shopping list
#
# One `MulLayer` per item, an `AddLayer` per addition (a running sum that starts at 0),
# and one `MulLayer` for the tax. A new object for every node, since each layer keeps
# its own inputs.

# %%
def total_price(items, tax):
    all_price = 0.0
    for unit_price, count in items:
        item_price = MulLayer().forward(unit_price, count)
        all_price = AddLayer().forward(all_price, item_price)
    return MulLayer().forward(all_price, tax)


print(round(total_price([(100, 2), (150, 3)], 1.1), 4))

# %%
check.total_price(total_price)


# %% [markdown]
# ## Exercise 3: two prices change at once
#
# The prediction: before, $(4 \times 120 + 450) \times 1.08 = 930 \times 1.08 = 1004.4$;
# after, $(4 \times 121 + 450) \times 1.09 = 934 \times 1.09 = 1018.06$; the change is
# $13.66$. Moving one input at a time gives $4 \times 1.08 = 4.32$ (the apple) and
# $930 \times 0.01 = 9.30$ (the tax), which add up to only $13.62$: the 4 extra yen are
# also taxed at the extra $0.01$, another $4 \times 0.01 = 0.04$. That cross term is the
# product of the two steps, so it shrinks fast for small steps: adding the changes of
# single inputs is a linear estimate, the idea behind chapter 2's derivatives. Two
# forward passes with `total_price` confirm the 13.66.

# %%
prediction = (4 * 121 + 5 * 90) * 1.09 - (4 * 120 + 5 * 90) * 1.08
change = total_price([(121, 4), (90, 5)], 1.09) - total_price([(120, 4), (90, 5)], 1.08)
print(round(prediction, 4), round(change, 4))

# %%
check.both_change(prediction, change)
