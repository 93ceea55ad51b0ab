# %% [markdown]
# # 1. Computational graphs

# %% [markdown]
# > **Book:** section 5.1 (and a preview of 5.3-5.4). **Goal:** you will
# >
# > - see what the gradients of this series are for;
# > - draw a calculation as a graph (nodes compute, edges carry numbers) and solve a
# >   shopping problem by passing values along it, left to right;
# > - see why *local computation* keeps a big calculation manageable;
# > - see the graph run backward, giving every gradient in one pass, and count its products.

# %% [markdown]
# ## Why gradients at all?
#
# Every calculation in this series ends in one number, which we call $L$. In the shopping
# problems below, $L$ is the price you pay. In a neural network, $L$ is the **loss**: one
# number that says how wrong the network's answers are on the training data.
#
# The derivative of $L$ with respect to one input $w$, written $\partial L/\partial w$,
# says how fast $L$ changes when $w$ moves a little: if it is 4, raising $w$ by a tiny
# $\varepsilon$ raises $L$ by about $4\,\varepsilon$. All of them together, one per input,
# form the **gradient** (we also call each one "the gradient with respect to $w$"). A
# network learns by moving each weight a small step *against* its gradient, so that the
# loss goes down, thousands of times over: it needs the gradient of **every** weight, and
# there are thousands or millions.
#
# One way to get a gradient needs no calculus, the **central difference**: run the whole
# calculation with $w + h$ and with $w - h$ for a small $h$, and divide the change of $L$
# by $2h$:
#
# $$\frac{\partial L}{\partial w} \approx \frac{L(w + h) - L(w - h)}{2h} .$$

# %%
from layers import AddLayer, MulLayer        # one small object per node
from teaching.checks import ch01 as check   # the exercise checks

# %% [markdown]
# ## Problem 1: two apples
#
# You buy 2 apples at 100 yen each. A consumption tax of 10 % multiplies the bill by 1.1.
# What do you pay?
#
# As a graph: the apple price and the number of apples enter a $\times$ node, which gives
# the price of the apples, $100 \times 2 = 200$. That number and the tax factor enter a
# second $\times$ node, which gives $200 \times 1.1 = 220$, the price $L$.
#
# ![Apple graph, forward: 100 and 2 give 200, times 1.1 gives 220](../images/apple_forward.svg)
#
# The picture is a **computational graph**, made of two kinds of part: a **node** (a
# circle) does one operation, such as $\times$ or $+$; an **edge** (an arrow) carries a
# number from one node to the next, written in <span style="color:#1a7f37">**green**</span>
# above it.
#
# Following the arrows from left to right is the **forward pass** (forward propagation).
# In code, each node is one small object from [`layers.py`](../layers.py):
# `MulLayer().forward(x, y)` returns $x \cdot y$.

# %%
apple, apple_num, tax = 100, 2, 1.1
mul_apple = MulLayer()   # node 1: apple * apple_num
mul_tax = MulLayer()     # node 2: apple_price * tax

apple_price = mul_apple.forward(apple, apple_num)
price = mul_tax.forward(apple_price, tax)
print(f"apple_price = {apple_price:g}, price = {price:g}")

# %% [markdown]
# ## Problem 2: apples and oranges
#
# Now you also buy 3 oranges at 150 yen each. Four nodes: a multiply for each item, an
# **add** node where the two item prices meet, and the tax multiply on their sum, the
# subtotal before tax (`all_price` in the code):

# %%
from teaching import shopping   # this chapter's pictures, explorer and measurement

shopping.picture()

# %% [markdown]
# The code makes one layer per node and calls them in the order of the arrows. Each layer
# keeps the inputs of its `forward` call, so afterwards we can ask each node what it saw.

# %%
apple, apple_num, orange, orange_num, tax = 100, 2, 150, 3, 1.1
mul_apple, mul_orange, add_fruit, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()

apple_price = mul_apple.forward(apple, apple_num)
orange_price = mul_orange.forward(orange, orange_num)
all_price = add_fruit.forward(apple_price, orange_price)
price = mul_tax.forward(all_price, tax)

for name, layer, out in [("mul_apple", mul_apple, apple_price),
                         ("mul_orange", mul_orange, orange_price),
                         ("add_fruit", add_fruit, all_price), ("mul_tax", mul_tax, price)]:
    print(f"{name:10s} saw {layer.x:g} and {layer.y:g}, gave {out:.4g}")

# %% [markdown]
# ## Local computation
#
# Each line of the table is everything its node was given: a node computes from its own
# inputs only. So when one input changes, only some nodes must run again; the others keep
# their results. Say the oranges go from 3 to 4 (`orange_num`): which nodes must run again?

# %%
my_rerun_nodes = None   # YOUR CODE HERE: a set of the table's node names, as many as apply

# %%
check.rerun_nodes(my_rerun_nodes)

# %% [markdown]
# However large a graph, you reason about one small node at a time, and a change costs
# only the nodes it reaches: that is **locality**. Each layer also keeps what it saw (the
# table above), which is all it will need when the graph is run backward, below.
#
# ## What a change does to the price
#
# Learning would need the gradient of the price $L$ with respect to **every** input:
# apple, apple_num, orange, orange_num and tax. **Predict them on paper first** (the
# explorer and a measurement come next): raise one input by a tiny $\varepsilon$ and follow
# the extra along the arrows: what does its node make of it, and the nodes after that? The
# price goes up by some number times $\varepsilon$, and that number is the gradient.

# %%
by_hand = {   # YOUR CODE HERE: d price / d apple and so on, worked out on paper
    "apple": None, "apple_num": None, "orange": None, "orange_num": None, "tax": None,
}

# %%
right = check.gradients_by_hand(by_hand)
right

# %% [markdown]
# ## Try it: what a change reaches
#
# The **explorer** below runs Problem 2's graph under sliders: move one and every green
# value follows, the edges your move changed are highlighted, and, once the check of your
# `by_hand` says Right, the readout divides the price's change by your move. Before each
# move, say from your gradients what the price will be; then make it, and set the slider
# back: raise **apple** from 100 to 120 yen, then **apple num** from 2 to 3, then **tax**
# from 1.1 to 1.2.

# %%
shopping.ChangeExplorer(right)

# %% [markdown]
# <details><summary><b>What you should have seen</b> (open after trying)</summary>
#
# Each move raised the price by the move times that input's gradient: by 44, 110 and 65
# yen (to 759, 825 and 780).
#
# </details>
#
# ## What a gradient costs: counting forward passes
#
# Now measure the gradients with the central difference from the start of the chapter:
# `numerical_gradient` (in `layers.py`) runs a forward pass at $w + h$ and at $w - h$ for
# each input in turn. `shopping.measure` runs it on `price_of`, Problem 2's four layers,
# and counts the passes.

# %%
def price_of(inputs):
    """One forward pass of Problem 2's graph; inputs: apple, apple_num, orange, orange_num, tax."""
    apple, apple_num, orange, orange_num, tax = inputs
    apple_price = MulLayer().forward(apple, apple_num)
    orange_price = MulLayer().forward(orange, orange_num)
    all_price = AddLayer().forward(apple_price, orange_price)
    return MulLayer().forward(all_price, tax)


shopping.measure(price_of, by_hand, right)

# %% [markdown]
# Two forward passes per input: with $n$ inputs, $2n$, two million for a network with a
# million weights (exact here, as the price is a straight line in each input).
#
# ## Backward: every gradient in one pass
#
# **Backpropagation** gets all five gradients in one pass that runs your $\varepsilon$-tracing
# backward, from the price to the inputs. Start with 1 at the price (the price's gradient
# with respect to itself). Each node takes the gradient arriving from its right, called
# `dout`, and sends each input `dout` times its **local derivative**, how fast the node's
# output moves with that input: for $x \times y$ the *other* input ($y$ for $x$, $x$ for
# $y$), as your tracing found; for $x + y$ it is 1, so $+$ passes `dout` on unchanged. The
# cell below draws the pass, red numbers below the edges; compare the five at the inputs
# with your `by_hand`.

# %%
shopping.backward_picture(by_hand, right)

# %%
# Problem 2's layers run backward, computing those red numbers from the inputs they kept
d_all_price, d_tax = mul_tax.backward(1)
d_apple_price, d_orange_price = add_fruit.backward(d_all_price)
d_apple, d_apple_num = mul_apple.backward(d_apple_price)
d_orange, d_orange_num = mul_orange.backward(d_orange_price)
print(f"apple {d_apple:.3g}, apple_num {d_apple_num:.3g}, orange {d_orange:.3g}, "
      f"orange_num {d_orange_num:.3g}, tax {d_tax:.3g}" if right else shopping.PLEASE)

# %% [markdown]
# Apple's red numbers run back along exactly the edges your apple move highlighted:
# a gradient travels back along the path its input's change travelled forward. The 1.1
# arriving at `all_price` is computed once and reused by all four item inputs. Central
# differences cannot reuse it: `numerical_gradient` treats $f$ as a black box and re-runs
# it whole for each input, and in a network a weight's change reaches every later layer
# anyway. Chapter 3 counts this saving against listing paths.
#
# What does a backward pass cost? Count multiplications: a product of `dout` with a number
# counts, whatever `dout` is (even the first 1). `AddLayer.backward` computes `dout * 1`,
# which only copies `dout`: count it as no product. Take a shopping graph with $k$ items
# (Problem 2 has $k = 2$), their prices summed by $+$ nodes and taxed once, and write
# `backward_products(k)`: the multiplications of its whole backward pass.

# %%
def backward_products(k):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


# %%
check.backward_products(backward_products)

# %% [markdown]
# <details><summary><b>What the count says</b> (open after your check says Right)</summary>
#
# For Problem 2 the six products are: the tax node's $1 \times 650$ (to tax) and
# $1 \times 1.1$ (to all price), then, after the $+$ node's copies, $1.1 \times 2$ and
# $1.1 \times 100$ at the apples' node and $1.1 \times 3$ and $1.1 \times 150$ at the
# oranges'. A $\times$ node makes one product forward and two backward, a $+$ node none
# either way. So any graph of $\times$ and $+$ nodes makes twice as many products backward
# as forward: counted in multiplications, forward and backward together are worth three
# forward passes, however many inputs it has, against $2n$ forward passes the numerical
# way. Chapter 8 times both ways on your machine.
#
# </details>

# %% [markdown]
# ## Summary
#
# - A computational graph breaks a calculation into nodes (operations) and edges (numbers).
# - Each node computes only from its own inputs: you reason about one node at a time, and a
#   change makes only the nodes it reaches run again.
# - Read from right to left, the same graph carries the gradients: each node sends `dout`
#   times its local derivative to its inputs. That is backpropagation.
# - Gradients are what learning needs: numerically $2n$ forward passes for $n$ inputs; by
#   backpropagation one forward and one backward pass, whatever $n$.

# %% [markdown]
# ## Exercises
#
# Fill in each cell marked `# YOUR CODE HERE` and run the check below it: **Right**, or
# **Not yet** with a hint. Worked answers, for after you tried:
# [the solutions notebook](../notebooks/solutions/01_computational_graphs_solutions.ipynb).
#
# ### Exercise 1: any shopping list
#
# Write `total_price(items, tax)`, where `items` is a list of `(unit_price, count)` pairs,
# for example `[(100, 2), (150, 3)]`. Build the graph with layers: one `MulLayer` per item,
# `AddLayer`s to sum the item prices, and one `MulLayer` for the tax, applied once to the
# sum. Use a **new** layer for every node (a layer keeps only its last `forward`'s inputs).

# %%
def total_price(items, tax):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


# %%
check.total_price(total_price)

# %% [markdown]
# ### Exercise 2: two inputs change at once
#
# On the explorer, apple 100 to 120 alone raised the price by 44 yen and tax 1.1 to 1.2
# alone by 65. Make both moves at once (leave apple at 120 while you move tax): the price
# rises by a little more than 44 + 65. Where does the extra come from? Write
# `cross(d_apple, d_tax)`: what raising apple by `d_apple` and tax by `d_tax` at once adds
# to Problem 2's price on top of the two rises each makes alone, derived from the graph.

# %%
def cross(d_apple, d_tax):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


# %%
check.cross(cross)

# %% [markdown]
# ### Exercise 3: numerical gradients of a growing graph
#
# A bigger graph also makes every forward pass longer. Take Exercise 1's graph with $k$
# items, built with as few nodes as it needs: how many multiplications do the forward
# passes of central differences make for the gradient of **every** input? Write
# `numeric_products(k)`, derived from the graph.

# %%
def numeric_products(k):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


# %%
check.numeric_products(numeric_products)

# %% [markdown]
# <details><summary><b>What Exercise 3 shows</b> (open after your check says Right)</summary>
#
# The number of passes grows with the inputs and each pass's products with the items, so
# the numerical way's cost grows with the **square** of the graph's size. Backpropagation
# makes $k + 1$ products forward and $2(k + 1)$ backward, $3(k + 1)$ in all: $2(2k + 1)/3$
# times fewer, about 134 times for a hundred items.
#
# </details>
