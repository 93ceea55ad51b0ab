# %% [markdown]
# # 1. Computational graphs

# %% [markdown]
# > **Book:** 5.1-5.4 in brief, on the shopping example; chapters 2-4 take each piece apart.
# > **You need:** Python, multiplying out brackets. **Goal:** you will
# >
# > - read a calculation as a graph and run it forward with the book's layers;
# > - work out its gradient by hand, confirm it by central differences, and see on an
# >   explorer that a gradient holds only where you stand;
# > - run backpropagation with the layers yourself: the whole gradient in one backward pass
# >   after the forward, where central differences need two forward passes per input;
# > - debug a pass whose gradients are wrong.

# %% [markdown]
# ## Why gradients at all?
#
# Every calculation in this series ends in one number, $L$: below, the price you pay; in a
# neural network, the **loss**, how wrong the answers are. $\partial L/\partial w$ says how
# fast $L$ moves with the input $w$: if it is 4, raising $w$ by a tiny $\varepsilon$ raises
# $L$ by about $4\,\varepsilon$. These **derivatives**, one per input, together form the
# **gradient**. A network learns by stepping every weight against its derivative, thousands of
# times: it needs the derivative of **every** weight, often millions.

# %%
from IPython.display import display

from layers import AddLayer, MulLayer, numerical_gradient   # one small object per node
from teaching import shopping                # this chapter's pictures and explorer
from teaching.checks import ch01 as check   # the exercise checks

# %% [markdown]
# ## Problem 1: two apples
#
# You buy 2 apples at 100 yen each. A consumption tax of 10 % multiplies the bill by 1.1.
# The graph below works out what you pay:
#
# ![Apple graph, forward: 100 and 2 give 200, times 1.1 gives 220](../images/apple_forward.svg)
#
# This is a **computational graph**: each **node** (a circle) does one operation, such as
# $\times$ or $+$; each **edge** (an arrow) carries a number, written in
# <span style="color:#1a7f37">**green**</span> above it, to the next node. Here
# $100 \times 2 = 200$, then $200 \times 1.1 = 220$, the price $L$.
#
# Following the arrows from left to right is the **forward pass** (forward propagation).
# In code, each node is one small object from [`layers.py`](../layers.py) whose `forward`
# does the operation (checks and copies left out; the real `AddLayer` keeps its inputs too):
#
# ```python
# class MulLayer:
#     def forward(self, x, y):
#         self.x, self.y = x, y    # kept: backward will multiply by them
#         return x * y
#
# class AddLayer:
#     def forward(self, x, y):
#         return x + y
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
# sums the item prices (`all_price` in the code), and the tax $\times$ node takes that sum.
# Run it forward:

# %%
apple, apple_num, orange, orange_num, tax = 100, 2, 150, 3, 1.1
mul_apple, mul_orange, add_fruit, mul_tax = MulLayer(), MulLayer(), AddLayer(), MulLayer()
# one layer per node, called in the order of the arrows
apple_price = mul_apple.forward(apple, apple_num)
orange_price = mul_orange.forward(orange, orange_num)
all_price = add_fruit.forward(apple_price, orange_price)
price = mul_tax.forward(all_price, tax)
print(f"all_price {all_price:g}, price {price:.4g}")
shopping.picture()   # Problem 2's graph, with the book's values

# %% [markdown]
# Each `forward` call is given two numbers and nothing else: a node computes from its own
# inputs only (**local computation**), so however large the graph, you reason about one
# small node at a time.
#
# ## What a change does to the price
#
# A tiny change, followed through the graph, gives a derivative. In Problem 1, raise `apple`, the
# price of one apple, by $\varepsilon$: the first $\times$ node gives
# $(100 + \varepsilon) \times 2 = 200 + 2\varepsilon$, the rise times the node's *other*
# input; the tax node turns that into
# $(200 + 2\varepsilon) \times 1.1 = 220 + 2.2\,\varepsilon$. The price rose by
# $2.2\,\varepsilon$: dL/dapple is 2.2.
#
# Now Problem 2, on paper. dL/dapple is still the 2.2 traced above (the oranges' 450
# is only added to its 200); raise each of the other four by $\varepsilon$ and follow the rise.
# After you tried: [worked answers](../notebooks/solutions/01_computational_graphs_solutions.ipynb).

# %%
by_hand = {   # YOUR CODE HERE: Problem 2's dL/dapple_num, dL/dorange, ...
    "apple_num": None, "orange": None, "orange_num": None, "tax": None,
}
check.gradients_by_hand(by_hand)

# %% [markdown]
# The computer can trace a change too, with a small but finite step $h = 10^{-4}$: the
# **central difference** runs the whole calculation at $w + h$ and at $w - h$ and divides the
# change of $L$ by $2h$,
#
# $$\frac{\partial L}{\partial w} \approx \frac{L(w + h) - L(w - h)}{2h} ,$$
#
# two forward passes per input. Once by_hand's check says Right, measure the gradient yourself:
# write `price_of`, Problem 2's price, and run `numerical_gradient` (in `layers.py`) on it.

# %%
def price_of(inputs):   # inputs: apple, apple_num, orange, orange_num, tax, in this order
    raise NotImplementedError("YOUR CODE")   # YOUR CODE HERE: return Problem 2's price


measured = None   # YOUR CODE HERE: numerical_gradient(price_of, ...) at Problem 2's inputs

# %%
verdict = check.central_differences(price_of, measured, by_hand)
display(verdict)
shopping.measure(verdict)

# %% [markdown]
# ## Two moves at once
#
# In Problem 2 (2 apples, 3 oranges), work these out on paper:
#
# - `d_tax_at_120`: with `apple` at 120 instead of 100, dL/dtax;
# - `extra`: the **extra**, what moving apple 100 to 120 and tax 1.1 to 1.2 *together*
#   adds to the price beyond the two moves made one at a time (each from 100 and 1.1), in yen;
# - `extra_halved`: the same for half the steps, apple 100 to 110 and tax 1.1 to 1.15.

# %%
together = {"d_tax_at_120": None, "extra": None, "extra_halved": None}   # YOUR CODE HERE

# %%
check.two_moves(together)

# %% [markdown]
# The cell below opens an **explorer** of Problem 2; its readout shows the price's move since the
# start, the rise the starting gradient predicts, and their difference, the extra. Press Back to
# the start, set apple to 101 and tax to 1.11 and read the extra against the predicted rise; then
# compare with the big steps of the exercise.

# %%
shopping.explorer(by_hand, together)

# %% [markdown]
# ## The whole gradient in one backward pass
#
# **Backpropagation** runs your $\varepsilon$-tracing backward, from the price to the inputs,
# and gets all five derivatives in one backward pass after the forward:
#
# - Start with 1 at the price: the price's derivative with respect to itself.
# - Each node takes the derivative arriving from its right, `dout`, and sends each input
#   `dout` times its **local derivative**: how fast its output moves with that input.
#   Multiplying the rates along the way is the **chain rule**: if $L$ depends on $w$ through
#   $u$, $\partial L/\partial w = \partial L/\partial u \cdot \partial u/\partial w$
#   (chapter 2 proves it). The apple trace above is this rule: 2 × 1.1.
# - For $x \times y$ that is the *other* input, as your tracing found; for $x + y$ it is 1.
#
# Problem 1 run backward, each edge's derivative in red below it; at `apple`, the 2.2 you traced:

# %%
shopping.apples_backward(by_hand)   # Problem 1, run backward by the layers

# %% [markdown]
# Each layer's `backward` does this with what its `forward` kept (checks and copies left out):
#
# ```python
#     def backward(self, dout):    # MulLayer's
#         dx = dout * self.y       # local derivative of x: the other input
#         dy = dout * self.x
#         return dx, dy
#
#     def backward(self, dout):    # AddLayer's
#         return dout * 1, dout * 1
# ```
#
# Write `backward_pass`, given Problem 2's layers already run forward: call each one's `backward`
# once, from the price with `dout = 1`, feeding each node the derivative its output received.

# %%
def backward_pass(mul_apple, mul_orange, add_fruit, mul_tax):
    # YOUR CODE HERE: return d_apple, d_apple_num, d_orange, d_orange_num, d_tax
    raise NotImplementedError("YOUR CODE")


# %%
passed_backward = check.backward_pass(backward_pass)
passed_backward

# %% [markdown]
# The cell below prints your pass's largest difference from central differences (not 0: floating
# point rounds them) and draws Problem 2's graph run backward. Each edge's derivative is computed
# once, then reused by every input behind it: the 1.1 at `all_price` serves all four item inputs.
# Each node's backward costs a small multiple of its forward, so backpropagation costs a few
# forward passes however many inputs there are (chapter 3 counts it).

# %%
shopping.backward_picture(passed_backward, backward_pass)

# %% [markdown]
# ## Exercise: a colleague's pass
#
# A colleague's pass below runs Problem 1's graph on another basket (3 apples at 120, tax 1.08),
# but its gradients are wrong. Without running it, predict its three outputs. ([Worked
# answer](../notebooks/solutions/01_computational_graphs_solutions.ipynb), for after you tried.)

# %%
def reused_pass(apple, apple_num, tax):
    mul = MulLayer()
    apple_price = mul.forward(apple, apple_num)
    mul.forward(apple_price, tax)         # the price
    d_apple_price, d_tax = mul.backward(1)
    d_apple, d_apple_num = mul.backward(d_apple_price)
    return d_apple, d_apple_num, d_tax


# %%
my_reused = {"d_apple": None, "d_apple_num": None, "d_tax": None}   # YOUR CODE HERE

# %%
verdict = check.reused_outputs(my_reused)
display(verdict)
shopping.outputs_of(verdict, reused_pass)   # its outputs there, and central differences

# %% [markdown]
# Now fix `reused_pass` in its cell, run that cell again, then this one:

# %%
check.fixed_pass(reused_pass, my_reused)

# %% [markdown]
# ## Summary
#
# - A computational graph breaks a calculation into nodes (operations) and edges (numbers);
#   each node computes from its own inputs only.
# - Each derivative says how fast the output moves with one input, where you
#   stand: two moves at once can add an extra, which shrinks with the product of their steps.
# - Backpropagation runs right to left, each node sending `dout` times its local derivative
#   to its inputs: every derivative in one backward pass, each edge's computed once and reused.
# - Central differences, two forward passes per input, check a backward pass's derivatives.
# - A layer keeps only its last forward's inputs.
