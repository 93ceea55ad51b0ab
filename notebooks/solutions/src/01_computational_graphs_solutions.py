# %% [markdown]
# # 1. Computational graphs: solutions
#
# Worked answers to the exercises of [chapter 1](../01_computational_graphs.ipynb). Each
# answer is followed by the same check as in the chapter; its output says **Right**.

# %%
from teaching.checks import ch01 as check
from layers import AddLayer, MulLayer

# %% [markdown]
# ## Exercise 1: the values on the edges
#
# Follow the arrows: $100 \times 2 = 200$, $150 \times 3 = 450$, $200 + 450 = 650$,
# $650 \times 1.1 = 715$.

# %%
forward_values = {
    "apple_price": 100 * 2,
    "orange_price": 150 * 3,
    "all_price": 200 + 450,
    "price": 650 * 1.1,
}

# %%
check.shopping_forward(forward_values)


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
# ## Exercise 3: how much does a dearer apple cost you?
#
# Two forward passes. The 1 extra yen per apple is paid twice (2 apples) and taxed:
# $1 \times 2 \times 1.1 = 2.2$.

# %%
def apple_bill(apple, apple_num=2, tax=1.1):
    return MulLayer().forward(MulLayer().forward(apple, apple_num), tax)


change = apple_bill(101) - apple_bill(100)
print(round(change, 4))

# %%
check.apple_sensitivity(change)
