# %% [markdown]
# # 1. Computational graphs

# %% [markdown]
# > **Book:** section 5.1. **Goal:** you will
# >
# > - see what the gradients of this series are for;
# > - draw a calculation as a graph (nodes compute, edges carry numbers) and solve a
# >   shopping problem by passing values along it, left to right;
# > - see why *local computation* keeps a big calculation manageable;
# > - count what gradients cost without backpropagation (chapter 3 reads the same graph
# >   backward and gets them all at once).

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
# form the **gradient**; like most texts, we also call each one "the gradient with respect
# to $w$". That is what learning needs. A network learns by moving each of its weights a
# small step *against* its gradient, so that the loss goes down, and then doing it again,
# thousands of times. It needs the gradient for **every** weight, and a network has
# thousands or millions of them.
#
# One way to get a gradient needs no calculus, the **central difference**: run the whole
# calculation with $w + h$ and with $w - h$ for a small $h$, and divide the change of $L$
# by $2h$:
#
# $$\frac{\partial L}{\partial w} \approx \frac{L(w + h) - L(w - h)}{2h} .$$
#
# Later in this chapter we count what that costs, against **backpropagation**.

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
# second $\times$ node, which gives $200 \times 1.1 = 220$, the price $L$. The count and
# the tax could be written inside their nodes as constants ("$\times 2$", "$\times 1.1$");
# we draw them as inputs of their own instead, because later we will ask how the price
# depends on them too.
#
# ![Apple graph, forward: 100 and 2 give 200, times 1.1 gives 220](../images/apple_forward.svg)
#
# The picture is a **computational graph**, made of two kinds of part: a **node** (a
# circle) does one operation, such as $\times$ or $+$; an **edge** (an arrow) carries a
# number from one node to the next, written in <span style="color:#1a7f37">**green**</span>
# above it.
#
# Solving the problem by following the arrows from left to right is called the
# **forward pass** (forward propagation). In code, each node becomes one small object
# from [`layers.py`](../layers.py): `MulLayer().forward(x, y)` returns $x \cdot y$.

# %%
apple, apple_num, tax = 100, 2, 1.1

mul_apple = MulLayer()   # node 1: apple * apple_num
mul_tax = MulLayer()     # node 2: apple_price * tax

apple_price = mul_apple.forward(apple, apple_num)
price = mul_tax.forward(apple_price, tax)

print(f"apple_price = {apple_price:g}")
print(f"price       = {price:g}")

# %% [markdown]
# ## Problem 2: apples and oranges
#
# Now you also buy 3 oranges at 150 yen each. Four nodes: a multiply for each item, an
# **add** node where the two item prices meet, and the tax multiply on their sum, the
# subtotal before tax (`all_price` in the code):

# %%
from IPython.display import SVG
from teaching import examples
from teaching.drawing import to_svg

shop = examples.apples_oranges_graph(named={"all_price"})   # run forward by the layers
SVG(to_svg(shop, grads=False))   # the picture to print; the explorer below starts here

# %% [markdown]
# The code makes one layer per node and calls them in the order of the arrows. Each layer
# keeps the inputs of its `forward` call, so after the pass we can ask each node what it
# saw.

# %%
apple, apple_num = 100, 2
orange, orange_num = 150, 3
tax = 1.1

mul_apple = MulLayer()
mul_orange = MulLayer()
add_fruit = AddLayer()
mul_tax = MulLayer()

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
# Each line of the table is everything its node was given. Take a second basket, B:
# **5 apples at 130 yen and no oranges** (0 at 150 yen). On paper, work out the two numbers
# each of the four nodes gets for basket B and compare them with the table: which nodes do
# exactly the same work (the same inputs) for both baskets?

# %%
my_same_nodes = None   # YOUR CODE HERE: a set of node names from the table, e.g. {"name1", "name2"}

# %%
check.same_work(my_same_nodes)

# %% [markdown]
# <details><summary><b>Locality</b> (open after your check says Right)</summary>
#
# The tax node gets 650 and 1.1 in both baskets and nothing else, so it cannot know where
# the 650 came from. This is **locality: each node needs only its own inputs**, and it is
# what makes graphs useful:
#
# - **Each step is simple.** However large the whole calculation, you only ever reason
#   about one small node at a time.
# - **Intermediate results are kept.** After the forward pass every edge holds its number,
#   and every layer keeps the inputs it saw (the table above). Chapter 3 reads the graph
#   backward, and locality holds there too: a node's backward pass needs only what it kept
#   and the gradient arriving from its right.
#
# </details>
#
# ## What a change does to the price
#
# Learning would need the gradient of the price $L$ with respect to **every** input of the
# shopping graph: apple, apple_num, orange, orange_num and tax. **Predict them on paper
# first**, with no sliders and no code (the explorer and a measurement come next). Take one
# input, raise it by a tiny $\varepsilon$, and follow the extra along the arrows: what does
# its node make of it, and the nodes after that? The price goes up by some number times
# $\varepsilon$, and that number is the gradient.

# %%
by_hand = {
    "apple": None,        # YOUR CODE HERE: d price / d apple, worked out on paper
    "apple_num": None,    # YOUR CODE HERE
    "orange": None,       # YOUR CODE HERE
    "orange_num": None,   # YOUR CODE HERE
    "tax": None,          # YOUR CODE HERE
}

# %%
check.gradients_by_hand(by_hand)

# %% [markdown]
# ## Try it: what a change reaches
#
# The **explorer** below runs Problem 2's graph, node by node with the same layers, under
# sliders: move one and every green value follows at once, and the edges your move changed
# turn orange (chapter 3 switches its backward pass on). Before each move, say which edges
# it will change and, from your gradients above, what the price will be; then make it:
#
# - raise **apple** from 100 to 120 yen;
# - set apple back to 100, then raise **apple num** from 2 to 3;
# - move **tax**.

# %%
from teaching.explorer import GraphExplorer

explorer = GraphExplorer(examples.apples_oranges_graph(), forward_only=True, mark_changes=True)
explorer

# %% [markdown]
# <details><summary><b>What you should have seen</b> (open after trying)</summary>
#
# **apple** changes its own edge and every edge downstream of it along the arrows, but not
# the orange edges: no arrow leads from the apples to them. The price rises by 20 times the
# apple gradient, $20 \times 2.2 = 44$: 759. One more apple adds its 100 yen, taxed: 110,
# the apple_num gradient, so 715 becomes 825. **tax** changes only its own edge and the
# price, by 650 times its rise: no other edge lies downstream of it.
#
# </details>
#
# ## What a gradient costs: counting forward passes
#
# Now measure the gradients the numerical way, with the central difference from the start
# of the chapter: `numerical_gradient` takes the inputs one at a time and runs the graph's
# forward pass at $w + h$ and at $w - h$. The function below is that forward pass, the four
# layers of Problem 2, and it counts how often it runs. Once your `by_hand` is written, the
# cell measures.

# %%
import numpy as np
from layers import numerical_gradient
from teaching.reveal import reveal

names = ["apple", "apple_num", "orange", "orange_num", "tax"]
shop_inputs = np.array([100, 2, 150, 3, 1.1])
forward_passes = 0


def price_of(inputs):
    """One forward pass of the apples-and-oranges graph; inputs in the order of names."""
    global forward_passes
    forward_passes += 1
    apple, apple_num, orange, orange_num, tax = inputs
    apple_price = MulLayer().forward(apple, apple_num)
    orange_price = MulLayer().forward(orange, orange_num)
    all_price = AddLayer().forward(apple_price, orange_price)
    return MulLayer().forward(all_price, tax)


def measured():
    """The five gradients by central differences, beside yours, and the passes they ran."""
    global forward_passes
    forward_passes = 0
    numeric = numerical_gradient(price_of, shop_inputs)
    for name, value in zip(names, numeric):
        yours = by_hand[name]
        yours = f"{yours:.4g}" if isinstance(yours, (int, float)) else repr(yours)
        print(f"d price / d {name:10s} = {value:7.4g}   (yours: {yours})")
    print(f"forward passes: {forward_passes}")
    apple_num, tax = shop_inputs[1], shop_inputs[4]
    print(f"right to left: d price / d apple = 1 (at price) x {tax:g} (tax node) x 1 (+ node) "
          f"x {apple_num:g} (apple node) = {1 * tax * 1 * apple_num:.4g}")


reveal(list(by_hand.values()), measured, "by_hand")

# %% [markdown]
# The measured gradients are exact up to rounding, because the price is a straight line in
# each single input; in general a central difference is only close. Ten forward passes for
# five gradients: two per input. With $n$ inputs that is $2n$ forward passes: two million
# for a network with a million weights.
#
# The last line reads the graph the other way: start with 1 at the price and, right to
# left, multiply by what each node does to its input. That is **backpropagation**: one
# forward pass, then one backward pass gives all $n$ gradients. What does the backward pass
# cost? In a backward call, a node gets `dout` from its right (the gradient of $L$ with
# respect to its output) and sends each input the gradient of $L$ with respect to that
# input. Count multiplications by two rules:
#
# - a product of `dout` with a number counts, whatever `dout` is (even the first 1);
# - passing `dout` on unchanged is a copy, not a product (`layers.py` writes `dout * 1`
#   only to return a new array; it counts as a copy).
#
# Predict the multiplications in one backward call of a $\times$ node (`mul`) and of a $+$
# node (`add`); then, counted in multiplications, how many forward passes the shopping
# graph's forward and backward pass together are worth (`worth`):

# %%
products = {"mul": None, "add": None, "worth": None}   # YOUR CODE HERE

# %%
check.backward_products(products)

# %% [markdown]
# <details><summary><b>What the count says</b> (open after your check says Right)</summary>
#
# Each $\times$ node makes one product forward and two backward, and a $+$ node none, so
# a graph of $\times$ and $+$ nodes with $M$ $\times$ nodes makes $M$ products forward and
# $2M$ backward, whatever its number of inputs: forward and backward together are worth
# three forward passes, against $2n$ for the numerical way (chapter 3 shows it still holds
# when one value feeds two nodes; chapter 8 times it on your machine). Chapter 3 builds that backward pass and
# shows *why* one is enough: each gradient flowing backward is computed once and reused by
# everything behind it. That is the whole reason for the rest of this series.
#
# </details>

# %% [markdown]
# ## Summary
#
# - A computational graph breaks a calculation into nodes (operations) and edges (numbers).
# - The forward pass follows the arrows from left to right; every edge then holds its value.
# - Each node computes only from its own inputs (a node given the same inputs does the same
#   work, whatever came before): local computation keeps each step small.
# - Read from right to left, the same graph will carry derivatives: that is backpropagation.
# - Gradients are what learning needs: numerically $2n$ forward passes for $n$ inputs;
#   by backpropagation one forward and one backward pass, whatever $n$.

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
# sum. Use a **new** layer object for every node: a layer remembers the inputs of its last
# `forward` (the table in Problem 2), so a reused layer would forget the first node's. The
# check tries several lists and follows each number through your layers.

# %%
def total_price(items, tax):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


# %%
check.total_price(total_price)

# %% [markdown]
# ### Exercise 2: two inputs change at once
#
# At another stall you buy **4 apples at 120 yen** and **5 oranges at 90 yen**; the tax
# factor there is **1.08**. Next week an apple costs **1 yen more and the tax factor rises
# by 0.01**, both at once. Work **on paper**, and write into `paper`:
#
# - `new_price`: the price after both moves;
# - `cross`: the rise after both moves, minus the sum of the two rises each move makes
#   alone, each from the old basket.

# %%
paper = {
    "new_price": None,   # YOUR CODE HERE: numbers worked out on paper
    "cross": None,       # YOUR CODE HERE
}

# %%
check.parts_on_paper(paper)

# %% [markdown]
# ### Exercise 3: numerical gradients of a growing graph
#
# Counting forward passes hides part of the cost: a bigger graph also makes every pass
# longer. Take Exercise 1's graph with $k$ items, built with as few nodes as it needs, and
# get the price's gradient with respect to **every** input by central differences. How
# many node runs (calls of a layer's `forward`) does that take in all? Write
# `node_runs(k)`. Derive it from the graph: the check refuses a function that runs layers.

# %%
def node_runs(k):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


# %%
check.node_runs(node_runs)

# %% [markdown]
# <details><summary><b>What Exercise 3 shows</b> (open after your check says Right)</summary>
#
# The number of passes grows with the inputs and each pass with the nodes, so the
# numerical way's cost grows with the **square** of the graph's size. Backpropagation runs
# each of the $2k$ nodes once forward and once backward: in the unit of the cost box above
# (a backward pass worth two forward ones) that is three forward passes, so the numerical
# way's $2(2k+1)$ passes cost $2(2k+1)/3$ times more, 134 times for a hundred items.
#
# </details>
