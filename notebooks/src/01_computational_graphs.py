# %% [markdown]
# # 1. Computational graphs

# %% [markdown]
# > **Book:** section 5.1, and a first look at the backward pass of 5.3-5.4 (this course's
# > notebooks 03 and 04 build the layers). **You need:** Python, and multiplying out
# > brackets. **Goal:** you will
# >
# > - draw a calculation as a graph and run it forward, each node computing from its own
# >   inputs only (*local computation*);
# > - work out what a small change of each input does to the result, its gradient, see it
# >   checked by central differences, and see that it holds only at the current inputs;
# > - run the graph backward with the layers yourself, the whole gradient in one pass, and debug
# >   a broken pass.

# %% [markdown]
# ## Why gradients at all?
#
# Every calculation in this series ends in one number, $L$: below, the price you pay; in a
# neural network, the **loss**, how wrong the answers are. $\partial L/\partial w$ says how
# fast $L$ moves with the input $w$: if it is 4, raising $w$ by a tiny $\varepsilon$ raises
# $L$ by about $4\,\varepsilon$. These numbers, one per input, form the **gradient**: each
# is one **entry** of it (a partial derivative). A network learns by stepping every weight
# against its entry, thousands of times: it needs the entry of **every** weight, often
# millions.

# %%
from IPython.display import display

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
# This is a **computational graph**: each **node** (a circle) does one operation, such as
# $\times$ or $+$; each **edge** (an arrow) carries a number, written in
# <span style="color:#1a7f37">**green**</span> above it, to the next node. Here
# $100 \times 2 = 200$, then $200 \times 1.1 = 220$, the price $L$.
#
# Following the arrows from left to right is the **forward pass** (forward propagation).
# In code, each node is one small object from [`layers.py`](../layers.py), whose `forward`
# does the operation (`AddLayer`'s returns `x + y`; `layers.py` adds input checks around
# these lines):
#
# ```python
# class MulLayer:
#     def forward(self, x, y):
#         self.x, self.y = x, y    # kept: backward will multiply by them
#         return x * y
# ```

# %%
apple, apple_num, tax = 100, 2, 1.1
mul_apple, mul_tax = MulLayer(), MulLayer()   # one layer per × node
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
# one layer per node, called in the order of the arrows
apple_price = mul_apple.forward(apple, apple_num)
orange_price = mul_orange.forward(orange, orange_num)
all_price = add_fruit.forward(apple_price, orange_price)
price = mul_tax.forward(all_price, tax)
print(f"apple_price {apple_price:g}, orange_price {orange_price:g}, "
      f"all_price {all_price:g}, price {price:.4g}")

# %% [markdown]
# Each `forward` call is given two numbers and nothing else: a node computes from its own
# inputs only (**local computation**), so however large the graph, you reason about one
# small node at a time.
#
# ## What a change does to the price
#
# A tiny change, followed through the graph, gives an entry. In Problem 1, raise the apple
# price by $\varepsilon$: the first $\times$ node gives $(100 + \varepsilon) \times 2 = 200 +
# 2\varepsilon$, the extra times the node's *other* input; the tax node turns that into
# $(200 + 2\varepsilon) \times 1.1 = 220 + 2.2\,\varepsilon$. The price rose by
# $2.2\,\varepsilon$: the gradient's apple entry is 2.2.
#
# Now Problem 2, on paper: raise each input below by $\varepsilon$ and follow the extra
# through every node after it.

# %%
by_hand = {   # YOUR CODE HERE: the gradient's entries d price / d apple_num, ..., in Problem 2
    "apple_num": None, "orange": None, "orange_num": None, "tax": None,
}

# %% [markdown]
# The computer can trace a change too, with a small but finite step $h$: the **central
# difference** runs the whole calculation at $w + h$ and at $w - h$ and divides the change of
# $L$ by $2h$,
#
# $$\frac{\partial L}{\partial w} \approx \frac{L(w + h) - L(w - h)}{2h} ,$$
#
# two forward passes per input. Once your check says Right, the library's
# `numerical_gradient` (in `layers.py`) measures the five entries of Problem 2's gradient
# this way:

# %%
verdict = check.gradients_by_hand(by_hand)
display(verdict)
shopping.measure(verdict)   # central differences, and the forward passes they ran

# %% [markdown]
# ## Two moves at once
#
# In Problem 2 (2 apples, 3 oranges), work these out on paper:
#
# - `d_tax_at_120`: with the apple price at 120 instead of 100, the tax entry of the
#   price's gradient;
# - `extra`: what moving apple 100 to 120 and tax 1.1 to 1.2 *together* adds to the price
#   beyond the two moves made one at a time (each from 100 and 1.1), in yen;
# - `extra_halved`: the same for half the steps, apple 100 to 110 and tax 1.1 to 1.15.

# %%
together = {"d_tax_at_120": None, "extra": None, "extra_halved": None}   # YOUR CODE HERE

# %%
check.two_moves(together)

# %% [markdown]
# Once both checks say Right, the cell below opens an **explorer** of Problem 2:
#
# - green values follow the sliders; the edges a move changed light up;
# - the readout gives the price's change per unit of the last move;
# - it sets the change since the start beside the change the gradient predicts (each entry
#   times its input's step): the difference is the **extra**.
#
# Predict the extra when you move one input alone, as far as you like; then move it. Then
# move apple to 120 and tax to 1.2 from the start: the extra you worked out appears.

# %%
shopping.explorer(by_hand, together)

# %% [markdown]
# ## Backward: the whole gradient in one pass
#
# **Backpropagation** runs your $\varepsilon$-tracing backward, from the price to the inputs,
# and gets all five entries of the gradient in one pass:
#
# - Start with 1 at the price: the price's derivative with respect to itself.
# - Each node takes the gradient arriving from its right, `dout`, and sends each input
#   `dout` times its **local derivative**: how fast its output moves with that input.
#   Multiplying the rates along the way is the **chain rule**: if $L$ depends on $w$ through
#   $u$, $\partial L/\partial w = \partial L/\partial u \cdot \partial u/\partial w$
#   (notebook 02 proves it).
# - For $x \times y$ that is the *other* input, as your tracing found; for $x + y$ it is 1.
#
# Problem 1 run backward, the price's derivative by each edge in red under it (shown once
# `by_hand` is Right); the 2.2 at the apple price is the one you traced forward:

# %%
shopping.apples_backward(by_hand)   # Problem 1, run backward by the layers

# %% [markdown]
# Each layer's `backward` does this with what its `forward` kept:
#
# ```python
#     def backward(self, dout):    # MulLayer's (AddLayer's: dx = dout * 1, dy = dout * 1)
#         dx = dout * self.y       # local derivative of x: the other input
#         dy = dout * self.x
#         return dx, dy
# ```
#
# Write `backward_pass`, given Problem 2's four layers already run forward (the check calls
# it with fresh ones, on Problem 2 and three other baskets): call each layer's `backward`
# once, from the price with `dout = 1`, feeding each node the gradient its output received
# (a `backward` returns them in the order of its `forward`'s inputs).

# %%
def backward_pass(mul_apple, mul_orange, add_fruit, mul_tax):
    # YOUR CODE HERE: return d_apple, d_apple_num, d_orange, d_orange_num, d_tax
    raise NotImplementedError("YOUR CODE")


# %%
passed_backward = check.backward_pass(backward_pass)
passed_backward

# %% [markdown]
# Once your check says Right, the cell below draws the pass (red numbers under the edges):
# the 1.1 at `all_price` is computed once and reused by all four item inputs. Above it, the
# check of a backward pass: its largest difference from the central differences measured
# earlier. One backward pass gave all five entries; central differences needed 10 runs of
# the whole calculation; this course's notebook 03 counts what each costs.

# %%
shopping.backward_picture(passed_backward, backward_pass)

# %% [markdown]
# ## Summary
#
# - A computational graph breaks a calculation into nodes (operations) and edges (numbers);
#   each node computes from its own inputs only.
# - Each entry of the gradient says how fast the output moves with one input, where you
#   stand. In this graph of $+$ and $\times$ nodes, two moves at once add an extra, shrinking
#   with the product of their steps, when the two inputs' paths reach one $\times$ node
#   through its two different inputs.
# - Backpropagation runs right to left, each node sending `dout` times its local derivative
#   to its inputs: every entry in one pass, each computed once and reused behind it.
# - Central differences measure the same entries, two forward passes per input: the check of
#   a backward pass.

# %% [markdown]
# ## Exercise: a broken backward pass
#
# A colleague wrote this pass for Problem 1 (two apples at 100, tax 1.1), given its two
# layers already run forward. Without running it, work out the three numbers it returns.
# ([Worked answer](../notebooks/solutions/01_computational_graphs_solutions.ipynb), for
# after you tried.)

# %%
def broken_pass(mul_apple, mul_tax):
    d_tax, d_apple_price = mul_tax.backward(1)
    d_apple, d_apple_num = mul_apple.backward(d_apple_price)
    return d_apple, d_apple_num, d_tax


# %%
my_broken = {"d_apple": None, "d_apple_num": None, "d_tax": None}   # YOUR CODE HERE

# %%
verdict = check.broken_outputs(my_broken)
display(verdict)
shopping.outputs_of(verdict, broken_pass)   # what it returns, run on Problem 1's layers

# %% [markdown]
# Now fix `broken_pass` in its cell, run that cell again, then this one:

# %%
check.fixed_pass(broken_pass, my_broken)
