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
# Follow the arrows of the new basket: $120 \times 4 = 480$, $90 \times 5 = 450$,
# $480 + 450 = 930$, $930 \times 1.08 = 1004.4$.

# %%
forward_values = {
    "apple_price": 120 * 4,
    "orange_price": 90 * 5,
    "all_price": 480 + 450,
    "price": 930 * 1.08,
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
# The prediction: the 1 extra yen per apple is paid four times (4 apples), and the tax
# multiplies it: $1 \times 4 \times 1.08 = 4.32$. The oranges do not matter: the $+$ node
# passes a change of its one input straight on. Two forward passes confirm it.

# %%
def basket_price(apple, apple_num=4, orange=90, orange_num=5, tax=1.08):
    apple_price = MulLayer().forward(apple, apple_num)
    orange_price = MulLayer().forward(orange, orange_num)
    return MulLayer().forward(AddLayer().forward(apple_price, orange_price), tax)


change = basket_price(121) - basket_price(120)
print(round(change, 4))

# %%
check.apple_sensitivity(change)
