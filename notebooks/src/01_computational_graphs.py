# %% [markdown]
# # 1. Computational graphs

# %% [markdown]
# > **Book:** section 5.1 (and a preview of 5.3-5.4). **Goal:** you will
# >
# > - see what the gradients of this series are for;
# > - draw a calculation as a graph (nodes compute, edges carry numbers) and solve a
# >   shopping problem by passing values along it, left to right;
# > - see that each node computes from its own inputs only (*local computation*);
# > - run the graph backward with the layers yourself, getting every gradient in one pass,
# >   and count what that pass costs.

# %% [markdown]
# ## Why gradients at all?
#
# Every calculation in this series ends in one number, $L$. Below, it is the price you pay;
# in a neural network, it is the **loss**, which says how wrong the answers are.
# $\partial L/\partial w$ says how fast $L$ changes when the input $w$ moves a little. If it
# is 4, raising $w$ by a tiny $\varepsilon$ raises $L$ by about $4\,\varepsilon$. These
# numbers, one per input, form the **gradient**. A network learns by moving every weight a
# small step *against* its gradient, thousands of times. So it needs the gradient of
# **every** weight, often millions.

# %%
from layers import AddLayer, MulLayer        # one small object per node
from teaching import shopping                # this chapter's pictures and explorer
from teaching.checks import ch01 as check   # the exercise checks

# %% [markdown]
# ## Problem 1: two apples
#
# You buy 2 apples at 100 yen each. A consumption tax of 10 % multiplies the bill by 1.1.
# What do you pay?
#
# ![Apple graph, forward: 100 and 2 give 200, times 1.1 gives 220](../images/apple_forward.svg)
#
# This is a **computational graph**. A **node** (a circle) does one operation, such as
# $\times$ or $+$. An **edge** (an arrow) carries a number to the next node, written in
# <span style="color:#1a7f37">**green**</span> above it. The apple price and the number of
# apples enter a $\times$ node: $100 \times 2 = 200$. That and the tax factor enter a second
# $\times$ node: $200 \times 1.1 = 220$, the price $L$.
#
# Following the arrows from left to right is the **forward pass** (forward propagation).
# In code, each node is one small object from [`layers.py`](../layers.py). Its `forward`
# does the operation and keeps its inputs, which the node will need to run backward later
# in the chapter (`layers.py` adds input checks and conversions around these lines):
#
# ```python
# class MulLayer:                  # AddLayer is the same, with x + y
#     def forward(self, x, y):
#         self.x, self.y = x, y    # kept for backward
#         return x * y
# ```

# %%
apple, apple_num, tax = 100, 2, 1.1
mul_apple, mul_tax = MulLayer(), MulLayer()   # one layer per x node
price = mul_tax.forward(mul_apple.forward(apple, apple_num), tax)
print(f"price = {price:g}")

# %% [markdown]
# ## Problem 2: apples and oranges
#
# Now you also buy 3 oranges at 150 yen each. Each item gets a $\times$ node, an **add** node
# sums the item prices (`all_price` in the code), and the tax $\times$ node takes that sum:

# %%
shopping.picture()

# %%
apple, apple_num, orange, orange_num, tax = 100, 2, 150, 3, 1.1
mul_apple, mul_orange, add_fruit, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
# one layer per node, called in the order of the arrows; each keeps what it saw
apple_price = mul_apple.forward(apple, apple_num)
orange_price = mul_orange.forward(orange, orange_num)
all_price = add_fruit.forward(apple_price, orange_price)
price = mul_tax.forward(all_price, tax)

for name, layer, out in [("mul_apple", mul_apple, apple_price),
                         ("mul_orange", mul_orange, orange_price),
                         ("add_fruit", add_fruit, all_price), ("mul_tax", mul_tax, price)]:
    print(f"{name:10s} saw {layer.x:g} and {layer.y:g}, gave {out:.4g}")

# %% [markdown]
# Each line is all its node was given: a node computes from its own inputs only (**local
# computation**), so however large the graph, you reason about one small node at a time.
#
# ## What a change does to the price
#
# Learning would need the price's gradient with respect to **every** input. **Predict
# them on paper first**: raise one input by a tiny $\varepsilon$ and follow the extra along
# the arrows, through its node and the nodes after it. The price goes up by some number
# times $\varepsilon$: that number is the gradient.

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
# The **explorer** runs Problem 2's graph under sliders: green values follow a move and the
# edges it changed light up; once `by_hand` is Right, the readout divides the price's change
# by the move. Say from your gradients what the price will be, then move (and set back):
# **apple** 100 to 120, **apple num** 2 to 3, **tax** 1.1 to 1.2.

# %%
shopping.ChangeExplorer(right)

# %% [markdown]
# ## What a gradient costs: counting forward passes
#
# One way to get a gradient needs no calculus, the **central difference**: run the whole
# calculation at $w + h$ and at $w - h$ for a small $h$, and divide the change of $L$ by $2h$:
#
# $$\frac{\partial L}{\partial w} \approx \frac{L(w + h) - L(w - h)}{2h} .$$
#
# `numerical_gradient` (in `layers.py`) does this for one input after another. How many
# forward passes of Problem 2's graph does it run for all five gradients?

# %%
my_passes = None   # YOUR CODE HERE: a whole number

# %%
passed = check.passes(my_passes)
passed

# %%
def price_of(inputs):   # one forward pass of Problem 2, for numerical_gradient
    apple, apple_num, orange, orange_num, tax = inputs
    apple_price = MulLayer().forward(apple, apple_num)
    orange_price = MulLayer().forward(orange, orange_num)
    all_price = AddLayer().forward(apple_price, orange_price)
    return MulLayer().forward(all_price, tax)


shopping.measure(price_of, passed)   # runs numerical_gradient, counting the passes

# %% [markdown]
# ## Backward: every gradient in one pass
#
# **Backpropagation** runs your $\varepsilon$-tracing backward, from the price to the inputs,
# and gets all five gradients in one pass:
#
# - Start with 1 at the price: the price's gradient with respect to itself.
# - Each node takes the gradient arriving from its right, `dout`, and sends each input
#   `dout` times its **local derivative**: how fast its output moves with that input.
# - For $x \times y$ that is the *other* input, as your tracing found; for $x + y$ it is 1.
#
# In code, the rest of each layer is its `backward`, built from what `forward` kept (here
# too, `layers.py` adds checks and conversions):
#
# ```python
#     def backward(self, dout):    # MulLayer's (AddLayer's: dx = dout * 1, dy = dout * 1)
#         dx = dout * self.y       # local derivative of x: the other input
#         dy = dout * self.x
#         return dx, dy
# ```
#
# The layers above ran forward and kept their inputs. Write `backward_pass` with them:
#
# - call each layer's `backward` once, starting at the price with `dout = 1`;
# - feed each node the gradient its output received (a `backward` returns its gradients in
#   the order of its `forward`'s inputs);
# - return the five input gradients.

# %%
def backward_pass(mul_apple, mul_orange, add_fruit, mul_tax):
    # YOUR CODE HERE: return d_apple, d_apple_num, d_orange, d_orange_num, d_tax
    raise NotImplementedError("YOUR CODE")


# %%
passed_backward = check.backward_pass(backward_pass)
passed_backward

# %% [markdown]
# Once your check says Right, the pass drawn (red numbers under the edges): the 1.1 at
# `all_price` is computed once and reused by all four item inputs (chapter 3 counts this).

# %%
shopping.backward_picture(passed_backward)

# %% [markdown]
# Locality holds backward too: each node's `backward` uses only its `dout` and what its own
# `forward` kept. Say `orange_num` goes from 3 to 4: which of the five input gradients
# change?

# %%
my_changed = None   # YOUR CODE HERE: a set of backward_pass's names ("d_apple", ...)

# %%
check.changed_gradients(my_changed)

# %% [markdown]
# ## What a backward pass costs
#
# Count multiplications:
#
# - every product of `dout` with a local derivative counts, whatever `dout` is (the first 1
#   too);
# - a local derivative of exactly 1, as in `AddLayer`'s `dx = dout * 1`, makes a copy: it
#   does not count.
#
# Take a shopping graph with $k$ items (Problem 2 has $k = 2$): their prices summed by $+$
# nodes, the sum taxed once. Write `backward_products(k)`: the products of its backward pass.

# %%
def backward_products(k):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


# %%
check.backward_products(backward_products)

# %% [markdown]
# ## Summary
#
# - A computational graph breaks a calculation into nodes (operations) and edges (numbers);
#   each node computes from its own inputs only, forward and backward.
# - A gradient predicts a small move: the output changes by about gradient $\times$ step.
# - Run from right to left, each node sends `dout` times its local derivative to its inputs:
#   that is backpropagation, every gradient in one backward pass.
# - Counted in products, that pass and the forward one together cost three forward passes,
#   however many inputs, against $2n$ for central differences (chapter 8 times them).

# %% [markdown]
# ## Exercises
#
# Fill in each `# YOUR CODE HERE` and run the check below it. Worked answers, for after you
# tried: [the solutions notebook](../notebooks/solutions/01_computational_graphs_solutions.ipynb).
#
# ### Exercise 1: any shopping list, forward and backward
#
# Write `shop(items, tax)` for a list of `(unit_price, count)` pairs such as
# `[(100, 2), (150, 3)]`:
#
# - build the graph from a **new** layer per node: a `MulLayer` per item, `AddLayer`s for
#   their sum, one `MulLayer` for the tax;
# - run it backward with the layers' `backward`;
# - return `price, d_items, d_tax`, with one `(d_unit_price, d_count)` pair per item.

# %%
def shop(items, tax):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


# %%
check.shop(shop)

# %% [markdown]
# ### Exercise 2: two inputs change at once
#
# On the explorer, apple 100 to 120 alone raised the price by 44 yen, tax 1.1 to 1.2 alone
# by 65; both at once (leave apple at 120 while you move tax) a little more than 44 + 65.
# Take Problem 2's basket with `apple_num` apples. Write `cross(step_apple, step_tax,
# apple_num)`: what raising apple by `step_apple` and tax by `step_tax` at once adds to the
# price beyond the two single rises, derived from the graph.

# %%
def cross(step_apple, step_tax, apple_num):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


# %%
check.cross(cross)
