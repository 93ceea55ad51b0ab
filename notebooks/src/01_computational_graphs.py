# %% [markdown]
# # 1. Computational graphs
#
# Book: section 5.1 (computational graphs).
#
# **What you will learn**
#
# - what a computational graph is: nodes that compute, edges that carry numbers;
# - how to solve a small shopping problem by passing values along a graph, left to right;
# - why *local computation* makes a big calculation manageable;
# - why the same graph, read right to left, will give us derivatives (chapters 2 and 3).

# %% [markdown]
# ## Why draw a calculation?
#
# Backpropagation computes the gradient of a result with respect to *every* input in one
# sweep. The equations behind it can look heavy. A drawing makes them light: write the
# calculation as a **graph**, let numbers flow along it, and each step becomes small.
#
# A computational graph has two kinds of parts:
#
# - a **node** (a circle) does one operation, such as $\times$ or $+$;
# - an **edge** (an arrow) carries a number from one node to the next.
#
# In every figure of this series the forward **values are green** and written above an
# edge; the **gradients are red** and written below it. This chapter only needs the green
# ones.
#
# > **Editing `layers.py`?** Python imports a module once per kernel. After you change the
# > file, restart the kernel (**Kernel > Restart**), or run `%load_ext autoreload` and
# > `%autoreload 2` at the top of the notebook; otherwise you keep running the old code.

# %%
from IPython.display import SVG, display

from teaching import drawing, examples
from teaching.explorer import GraphExplorer
from layers import AddLayer, MulLayer

# %% [markdown]
# ## Problem 1: two apples
#
# You buy 2 apples at 100 yen each. A consumption tax of 10 % multiplies the bill by 1.1.
# What do you pay?
#
# As a graph: the apple price and the number of apples enter a $\times$ node, which gives
# the price of the apples, $100 \times 2 = 200$. That number and the tax factor enter a
# second $\times$ node, which gives $200 \times 1.1 = 220$. The count and the tax could be
# written inside their nodes as constants ("$\times 2$", "$\times 1.1$"); we draw them as
# inputs of their own instead, because later we will ask how the price depends on them too.
#
# ![Apple graph, forward: 100 and 2 give 200, times 1.1 gives 220](../images/apple_forward.svg)
#
# Solving the problem by following the arrows from left to right is called the
# **forward pass** (forward propagation). In code, each node becomes one small object
# from `layers.py`: `MulLayer().forward(x, y)` returns $x \cdot y$.

# %%
apple, apple_num, tax = 100, 2, 1.1

mul_apple = MulLayer()   # node 1: apple * apple_num
mul_tax = MulLayer()     # node 2: apple_price * tax

apple_price = mul_apple.forward(apple, apple_num)
price = mul_tax.forward(apple_price, tax)

print("apple_price =", round(apple_price, 4))
print("price       =", round(price, 4))

# %% [markdown]
# The computer stores 1.1 only approximately, so `price` is really 220.00000000000003. We
# print rounded numbers, and the checks compare with a small tolerance.

# %% [markdown]
# ## Problem 2: apples and oranges
#
# Now you also buy 3 oranges at 150 yen each. The two item prices meet in an **add** node,
# and the tax multiplies their sum:
#
# $$\text{price} = (\underbrace{100 \times 2}_{200} + \underbrace{150 \times 3}_{450}) \times 1.1
#   = 650 \times 1.1 = 715 .$$
#
# The graph has four nodes: two multiplies for the items, one add, one multiply for the tax.
# `teaching/drawing.py` draws it with its forward values; the drawing comes from running the real
# layers, so every green number is computed, not typed in:

# %%
display(SVG(drawing.to_svg(examples.apples_oranges_graph(), grads=False)))

# %% [markdown]
# The code makes one layer per node and calls them in the order of the arrows.

# %%
apple, apple_num = 100, 2
orange, orange_num = 150, 3
tax = 1.1

mul_apple = MulLayer()
mul_orange = MulLayer()
add_fruit = AddLayer()
mul_tax = MulLayer()

apple_price = mul_apple.forward(apple, apple_num)          # 200
orange_price = mul_orange.forward(orange, orange_num)      # 450
all_price = add_fruit.forward(apple_price, orange_price)   # 650
price = mul_tax.forward(all_price, tax)                    # 715

for name, value in [("apple_price", apple_price), ("orange_price", orange_price),
                    ("all_price", all_price), ("price", price)]:
    print(f"{name:12s} = {value:.4g}")

# %% [markdown]
# ## Local computation
#
# Look at the tax node. It receives one number, 650, and multiplies it by 1.1. It does
# not know that 650 came from apples and oranges; the shop could have sold you forty
# different things and the tax node would do exactly the same work. Every node only needs
# **its own inputs** to produce its output.
#
# This is what makes graphs useful:
#
# - **Each step is simple.** However large the whole calculation, you only ever reason
#   about one small node at a time.
# - **Intermediate results are kept.** After the forward pass every edge holds its number
#   (200, 450, 650). The backward pass in chapter 3 reuses exactly these numbers.
# - **Derivatives come cheaply.** Suppose you want to know how much the price rises when
#   apples cost a little more, $\partial\,\text{price} / \partial\,\text{apple}$. You could
#   run the forward pass again with 101 yen (exercise 3 does). Backpropagation instead
#   sends numbers from right to left, each node again doing only a local step, and gets the
#   derivative for *every* input in one sweep. Chapter 2 shows the rule that makes this
#   work, the chain rule; chapter 3 runs it on these shopping graphs.
#
# ### Check
#
# The numbers follow from the arithmetic alone: $100 \cdot 2 = 200$, $200 \cdot 1.1 = 220$,
# $150 \cdot 3 = 450$, $200 + 450 = 650$, $650 \cdot 1.1 = 715$. The cell also checks
# locality: the tax node gives the same 715 when it is handed 650 directly, without the
# fruit nodes.

# %%
assert abs(apple_price - 200) < 1e-12 and abs(orange_price - 450) < 1e-12
assert abs(all_price - 650) < 1e-12
assert abs(price - 715) < 1e-9
assert abs(MulLayer().forward(MulLayer().forward(100, 2), 1.1) - 220) < 1e-9
assert MulLayer().forward(650, 1.1) == price   # the tax node only sees its own input
print("Check passed: 200, 450, 650 and 715 for the fruit; 220 for the apples alone.")

# %% [markdown]
# ## Try it: the shopping graphs, live
#
# Below is the apple graph as a live explorer. Each input has a slider; move one and the
# forward pass runs again through the layers, so every green value on the edges follows at
# once. Watch locality at work: changing the tax only changes the last edge, while
# changing the apple price changes every edge to its right. (The grey `?` under the edges
# and the *Step*, *Reset* and *Run all* buttons belong to the backward pass, the topic of
# chapter 3; you can already press them and see red numbers appear.)
#
# Read without a kernel (on GitHub or in the slides), an explorer shows the picture it had
# when the notebook was stored; run the notebook to move it.

# %%
apple_explorer = GraphExplorer(examples.apple_graph())
apple_explorer

# %% [markdown]
# The apples-and-oranges graph, live. Things to try:
#
# - Set `orange_num` to 0: the graph turns into the apple graph plus an add of 0.
# - Set `tax` to 1.00: `price` equals `all_price`.
# - Find prices that make `all_price` exactly 1000 with the tax at 1.10. What is `price`?

# %%
shopping_explorer = GraphExplorer(examples.apples_oranges_graph())
shopping_explorer

# %% [markdown]
# ## Summary
#
# - A computational graph breaks a calculation into nodes (operations) and edges (numbers).
# - The forward pass follows the arrows from left to right; every edge then holds its value.
# - Each node computes only from its own inputs: local computation keeps each step small,
#   whatever the size of the whole graph.
# - Read from right to left, the same graph will carry derivatives: that is backpropagation.

# %% [markdown]
# ## Exercises
#
# Each exercise has a cell marked `# YOUR CODE HERE`. Fill it in, run it, then run the
# check cell below it: it shows **Right** or **Not yet** with a hint. Worked answers are
# in `solutions/01_computational_graphs_solutions.ipynb`; try first.
#
# ### Exercise 1: the values on the edges
#
# Without running any code, work out the number on each edge of the apples-and-oranges
# graph and write it into the dict (replace each `None`).

# %%
forward_values = {
    "apple_price": None,    # YOUR CODE HERE
    "orange_price": None,   # YOUR CODE HERE
    "all_price": None,      # YOUR CODE HERE
    "price": None,          # YOUR CODE HERE
}

# %%
from teaching.checks import ch01 as check

check.shopping_forward(forward_values)


# %% [markdown]
# ### Exercise 2: any shopping list
#
# Write `total_price(items, tax)`, where `items` is a list of `(unit_price, count)` pairs,
# for example `[(100, 2), (150, 3)]`. Build the graph with layers: one `MulLayer` per item,
# `AddLayer`s to sum the item prices, and one `MulLayer` for the tax. Use a **new** layer
# object for every node (a layer remembers its own inputs). The check tries several lists.

# %%
def total_price(items, tax):
    # YOUR CODE HERE
    return None


# %%
check.total_price(total_price)

# %% [markdown]
# ### Exercise 3: how much does a dearer apple cost you?
#
# Back to the two apples with tax. Run the forward pass twice, once with `apple = 100` and
# once with `apple = 101`, and store the difference of the two prices in `change`. Before
# you run it, predict the number. (Chapter 3 gets the same number, and the ones for every
# other input, from a single backward pass.)

# %%
change = None   # YOUR CODE HERE

# %%
check.apple_sensitivity(change)
