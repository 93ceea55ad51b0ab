# %% [markdown]
# # 1. Computational graphs

# %% [markdown]
# > **Book:** section 5.1 (and a preview of 5.3-5.4). **Goal:** you will
# >
# > - see what the gradients of this series are for;
# > - draw a calculation as a graph (nodes compute, edges carry numbers) and solve a
# >   shopping problem by passing values along it, left to right;
# > - see why *local computation* keeps a big calculation manageable;
# > - run the graph backward with the layers yourself, getting every gradient in one pass,
# >   and count what that pass costs.

# %% [markdown]
# ## Why gradients at all?
#
# Every calculation in this series ends in one number, $L$: below, the price you pay; in a
# neural network, the **loss**, one number that says how wrong its answers are.
# $\partial L/\partial w$ says how fast $L$ changes when the input $w$ moves a little: if it
# is 4, raising $w$ by a tiny $\varepsilon$ raises $L$ by about $4\,\varepsilon$. One per
# input, together they form the **gradient** (each is also "the gradient with respect to
# $w$"). A network learns by moving every weight a small step *against* its gradient,
# thousands of times, so it needs the gradient of **every** weight, often millions.
#
# One way needs no calculus, the **central difference**: run the whole calculation at
# $w + h$ and at $w - h$ for a small $h$, and divide the change of $L$ by $2h$:
#
# $$\frac{\partial L}{\partial w} \approx \frac{L(w + h) - L(w - h)}{2h} .$$

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
# In code, each node is one small object from [`layers.py`](../layers.py). Its `forward`
# does the operation and keeps its inputs, which the node will need to run backward later
# in the chapter (`layers.py` adds input checks around these lines):
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
# Now you also buy 3 oranges at 150 yen each: a multiply per item, an **add** node where
# the item prices meet, and the tax multiply on their sum (`all_price` in the code):

# %%
shopping.picture()

# %% [markdown]
# One layer per node, called in the order of the arrows; each keeps what it saw.

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
# Each line is everything its node was given. Say `orange_num` goes from 3 to 4: which
# nodes must run again, and which keep their results?

# %%
my_rerun_nodes = None   # YOUR CODE HERE: a set of the table's node names, as many as apply

# %%
check.rerun_nodes(my_rerun_nodes)

# %% [markdown]
# However large a graph, you reason about one small node at a time, and a change costs
# only the nodes it reaches: that is **locality**.
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
# The **explorer** runs Problem 2's graph under sliders: every green value follows a move,
# the edges it changed light up, and (once `by_hand` is Right) the readout divides the
# price's change by the move. Before each move, say from your gradients what the price will
# be; then make it, and set the slider back: **apple** 100 to 120, **apple num** 2 to 3,
# **tax** 1.1 to 1.2.

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
# `numerical_gradient` (in `layers.py`) takes the central differences of the chapter's
# start, one input at a time; `shopping.measure` runs it on Problem 2 and counts the passes.

# %%
def price_of(inputs):   # one forward pass of Problem 2
    apple, apple_num, orange, orange_num, tax = inputs
    apple_price = MulLayer().forward(apple, apple_num)
    orange_price = MulLayer().forward(orange, orange_num)
    all_price = AddLayer().forward(apple_price, orange_price)
    return MulLayer().forward(all_price, tax)


shopping.measure(price_of, by_hand, right)

# %% [markdown]
# Two forward passes per input: $2n$ for $n$ inputs (exact here: the price is linear in each).
#
# ## Backward: every gradient in one pass
#
# **Backpropagation** gets all five gradients in one pass that runs your $\varepsilon$-tracing
# backward, from the price to the inputs. Start with 1 at the price (the price's gradient
# with respect to itself). Each node takes the gradient arriving from its right, called
# `dout`, and sends each input `dout` times its **local derivative**, how fast the node's
# output moves with that input: for $x \times y$ the *other* input ($y$ for $x$, $x$ for
# $y$), as your tracing found; for $x + y$ it is 1, so $+$ passes `dout` on unchanged. In
# code, the rest of each layer is its `backward`, two lines from what `forward` kept:
#
# ```python
#     def backward(self, dout):    # MulLayer's; AddLayer's returns dout, dout
#         dx = dout * self.y       # each input gets dout times the other input
#         dy = dout * self.x
#         return dx, dy
# ```
#
# Below, the pass drawn: red numbers under the edges; compare the inputs' with `by_hand`.

# %%
shopping.backward_picture(by_hand, right)

# %% [markdown]
# Now compute them with the layers, which ran forward above and kept their inputs. Write
# `backward_pass`: call each layer's `backward`, starting at the price with `dout = 1`, each
# node fed the gradient its output received (a `backward` returns its gradients in the
# order of its `forward`'s inputs), and return the five input gradients.

# %%
def backward_pass(mul_apple, mul_orange, add_fruit, mul_tax):
    # YOUR CODE HERE: return d_apple, d_apple_num, d_orange, d_orange_num, d_tax
    raise NotImplementedError("YOUR CODE")


# %%
check.backward_pass(backward_pass)

# %% [markdown]
# A gradient travels back along the edges its input's change lit up forward. The 1.1 at
# `all_price` is computed once and reused by all four item inputs, where central differences
# re-run the whole graph for each input (chapter 3 counts this saving against listing paths).
#
# What does a backward pass cost? Count multiplications: a product of `dout` with a number
# counts, whatever `dout` is (even the first 1); a $+$ node's backward only copies `dout`.
# Take a shopping graph with $k$ items (Problem 2 has $k = 2$), their prices summed by $+$
# nodes and taxed once, and write `backward_products(k)`: the products of its backward pass.

# %%
def backward_products(k):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


# %%
check.backward_products(backward_products)

# %% [markdown]
# <details><summary><b>What the count says</b> (open after your check says Right)</summary>
#
# A $\times$ node makes one product forward and two backward, a $+$ node none either way.
# So any graph of $\times$ and $+$ nodes makes twice as many products backward
# as forward: counted in multiplications, forward and backward together are worth three
# forward passes, however many inputs there are, against $2n$ forward passes the numerical
# way: for a million weights, two million. (Timed on chapter 8's network, forward and
# backward take about 1.9 forward passes; chapter 8 measures it on your machine.)
#
# </details>

# %% [markdown]
# ## Summary
#
# - A computational graph breaks a calculation into nodes (operations) and edges (numbers);
#   each node computes from its own inputs only, so you reason about one node at a time.
# - Run from right to left, each node sends `dout` times its local derivative to its inputs:
#   that is backpropagation, every gradient in one backward pass, whatever their number.

# %% [markdown]
# ## Exercises
#
# Fill in each `# YOUR CODE HERE` and run the check below it. Worked answers, for after you
# tried: [the solutions notebook](../notebooks/solutions/01_computational_graphs_solutions.ipynb).
#
# ### Exercise 1: any shopping list, forward and backward
#
# Write `shop(items, tax)` for a list of `(unit_price, count)` pairs such as
# `[(100, 2), (150, 3)]`: build the graph from a **new** layer per node (a `MulLayer` per
# item, `AddLayer`s for their sum, one `MulLayer` for the tax), run it backward with the
# layers' `backward`, and return `price, d_items, d_tax` (one `(d_unit_price, d_count)`
# pair per item in `d_items`).

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
# Write `cross(d_apple, d_tax)`: what raising apple by `d_apple` and tax by `d_tax` at once
# adds to Problem 2's price beyond the two single rises, derived from the graph.

# %%
def cross(d_apple, d_tax):
    # YOUR CODE HERE
    raise NotImplementedError("YOUR CODE")


# %%
check.cross(cross)
